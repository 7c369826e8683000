"""English texts for the summary feature (merged into the one catalogue).

Keys start with ``sum_`` (chat, charts and the doctor's PDF), plus the command and kind keys.
"""

from __future__ import annotations

from service.texts.catalogue import M, P, catalogue

MESSAGES = catalogue(
    # ---- commands and reminder kinds ---------------------------------------------------------
    M("cmd_summary", "How you have been: averages, changes, chart"),
    M("cmd_report", "A PDF report for your doctor"),
    M("cmd_weekly", "A summary every week, on a day you pick"),
    M("example_summary", "e.g. /summary 90, or /summary cycles"),
    M("example_report", "e.g. /report 90"),
    M(
        "sum_report_languages",
        "For a doctor who reads another language, add its code, e.g. /report 90 en ({codes}).",
    ),
    M("example_weekly", "e.g. /weekly sun 18:00, or off"),
    M("kind_summary_weekly", "Weekly summary"),
    # ---- /summary ----------------------------------------------------------------------------
    M(
        "sum_usage",
        "Send /summary with a period: 7, 30, 90, 365 or all, e.g. /summary 90. Without a period "
        "you get the last 30 days.\n"
        "/summary cycles shows your Botox cycles side by side.",
    ),
    M("sum_bad_period", "“{text}” isn't a period I know."),
    P("sum_period_days", "last {days} day", "last {days} days", "days"),
    M("sum_period_all", "everything so far"),
    M("sum_title", "📊 Your summary, {period} ({start} – {end})"),
    M("sum_title_weekly", "📅 Your week ({start} – {end})"),
    P(
        "sum_adherence",
        "✅ Check-ins: {done} of {expected} day ({percent}%)",
        "✅ Check-ins: {done} of {expected} days ({percent}%)",
        "expected",
    ),
    M("sum_adherence_skipped", "{n} skipped"),
    M("sum_adherence_missed", "{n} missed"),
    M("sum_adherence_paused", "{n} paused"),
    M("sum_adherence_none", "✅ Check-ins: none expected in this period yet."),
    M("sum_averages", "Averages (0 = none, 4 = most):"),
    M("sum_item", "• {item} {mean}"),
    M("sum_item_frequency", "Eye, frequency"),
    M("sum_item_severity", "Eye, severity"),
    M("sum_item_lower_face", "Mouth and cheek"),
    M("sum_item_impact", "Daily life"),
    M("sum_item_before", "(before: {mean})"),
    M("sum_change_lower", "– lower"),
    M("sum_change_stable", "– about the same"),
    M("sum_change_higher", "– higher"),
    P(
        "sum_overall_lower",
        "Overall: lower ratings than the {days} day before (eye score, frequency + severity; "
        "{now} rated days now, {before} before).",
        "Overall: lower ratings than the {days} days before (eye score, frequency + severity; "
        "{now} rated days now, {before} before).",
        "days",
    ),
    P(
        "sum_overall_stable",
        "Overall: about the same ratings as the {days} day before (eye score, frequency + "
        "severity; {now} rated days now, {before} before).",
        "Overall: about the same ratings as the {days} days before (eye score, frequency + "
        "severity; {now} rated days now, {before} before).",
        "days",
    ),
    P(
        "sum_overall_higher",
        "Overall: higher ratings than the {days} day before (eye score, frequency + severity; "
        "{now} rated days now, {before} before).",
        "Overall: higher ratings than the {days} days before (eye score, frequency + severity; "
        "{now} rated days now, {before} before).",
        "days",
    ),
    P(
        "sum_overall_no_data",
        "No comparison with the {days} day before yet: it needs at least {min} rated days on "
        "each side ({now} now, {before} before).",
        "No comparison with the {days} days before yet: it needs at least {min} rated days on "
        "each side ({now} now, {before} before).",
        "days",
    ),
    M(
        "sum_overall_surgery",
        "Your operation on {date} falls in these days, so I don't compare them with the days "
        "before; see the comparison with before your operation below.",
    ),
    M(
        "sum_best_day",
        "🙂 Lowest ratings: {date} (eye frequency {frequency}, severity {severity})",
    ),
    M(
        "sum_worst_day",
        "😣 Highest ratings: {date} (eye frequency {frequency}, severity {severity})",
    ),
    M(
        "sum_days_alike",
        "Every day had the same eye score ({total} of 8: frequency + severity, 0–4 each).",
    ),
    M(
        "sum_scale_note",
        "Ratings adapted from the Jankovic Rating Scale for daily self-rating; not comparable "
        "with scores given in clinic.",
    ),
    M(
        "sum_no_ratings",
        "No ratings in this period yet. Send /checkin to record today; the summary fills up from "
        "there.",
    ),
    P(
        "sum_botox_day",
        "💉 Botox: {day} day since your injection on {date}.",
        "💉 Botox: {day} days since your injection on {date}.",
        "day",
    ),
    P(
        "sum_botox_recent",
        "Cycle days {first}–{last} ({n} rated day):",
        "Cycle days {first}–{last} ({n} rated days):",
        "n",
    ),
    M("sum_botox_current", "eye severity {mean} on average,"),
    P(
        "sum_botox_vs_lower",
        "lower ratings than your earlier cycles at the same point ({mean}; {n} cycle, {days} "
        "rated days).",
        "lower ratings than your earlier cycles at the same point ({mean}; {n} cycles, {days} "
        "rated days).",
        "n",
    ),
    P(
        "sum_botox_vs_stable",
        "about the same ratings as your earlier cycles at the same point ({mean}; {n} cycle, "
        "{days} rated days).",
        "about the same ratings as your earlier cycles at the same point ({mean}; {n} cycles, "
        "{days} rated days).",
        "n",
    ),
    P(
        "sum_botox_vs_higher",
        "higher ratings than your earlier cycles at the same point ({mean}; {n} cycle, {days} "
        "rated days).",
        "higher ratings than your earlier cycles at the same point ({mean}; {n} cycles, {days} "
        "rated days).",
        "n",
    ),
    M("sum_botox_no_earlier", "no earlier cycle to compare with at this point yet."),
    M(
        "sum_botox_too_few",
        "too few rated days to compare with your earlier cycles (at least {min} needed).",
    ),
    P(
        "sum_surgery_days",
        "🩺 Surgery: {days} day since your operation on {date}.",
        "🩺 Surgery: {days} days since your operation on {date}.",
        "days",
    ),
    M(
        "sum_recovery_intro",
        "Compared with before your operation (the last 14 days, {now} rated, against the 30 days "
        "before your operation, {before} rated):",
    ),
    M("sum_recovery_frequency", "eye frequency {before} → {now} ({word})"),
    M("sum_recovery_severity", "eye severity {before} → {now} ({word})"),
    M("sum_recovery_lower_face", "mouth and cheek {before} → {now} ({word})"),
    M("sum_recovery_impact", "daily life {before} → {now} ({word})"),
    M("sum_recovery_lower", "lower"),
    M("sum_recovery_stable", "about the same"),
    M("sum_recovery_higher", "higher"),
    M(
        "sum_recovery_no_data",
        "No comparison with before your operation yet: it needs at least {min} rated days in the "
        "30 days before your operation ({before} so far) and in the last 14 days ({now} so far).",
    ),
    M(
        "sum_baseline_intro",
        "Compared with before your first injection on {date} ({before} rated days before it, "
        "{now} since):",
    ),
    M(
        "sum_baseline_none",
        "Your diary starts after your first injection on {date}, so there are no days from "
        "before it to compare with.",
    ),
    M(
        "sum_baseline_no_data",
        "No comparison with before your first injection on {date} yet: it needs at least {min} "
        "rated days on each side ({before} before it, {now} since).",
    ),
    M(
        "sum_recovery_slow",
        "After this operation the spasms often fade slowly, over weeks or months; a slow start "
        "is common.",
    ),
    M("sum_progress_check", "Your last progress check ({date}): {answer}."),
    M("sum_vs_before_gone", "spasms gone"),
    M("sum_vs_before_much_better", "much better than before surgery"),
    M("sum_vs_before_bit_better", "a bit better than before surgery"),
    M("sum_vs_before_same", "about the same as before surgery"),
    M("sum_vs_before_worse", "worse than before surgery"),
    P(
        "sum_medication",
        "💊 Medication: {taken} of {counted} dose taken ({percent}%){unanswered}.",
        "💊 Medication: {taken} of {counted} doses taken ({percent}%){unanswered}.",
        "counted",
    ),
    M("sum_medication_each", "💊 Medication: {each}."),
    P(
        "sum_medication_one",
        "{name}: {taken} of {counted} dose taken ({percent}%){unanswered}",
        "{name}: {taken} of {counted} doses taken ({percent}%){unanswered}",
        "counted",
    ),
    M("sum_medication_unanswered", ", {n} not answered"),
    M("sum_medication_one_none", "{name}: no dose answered in these days"),
    M("sum_notes", "📝 Latest notes:"),
    M("sum_footer", "More: /summary 90 · /summary cycles · /report (PDF for your doctor)"),
    M("sum_footer_weekly", "More: /summary · /report · stop these with /weekly off"),
    M("sum_chart_caption", "Eye frequency (blue) and severity (orange), 0 = none, 4 = most."),
    M("sum_line_empty", "No check-ins with ratings in the {period} yet."),
    M(
        "sum_line",
        "{period}: {done} of {expected} check-ins, average eye frequency {frequency} and "
        "severity {severity} (0–4).",
    ),
    M("sum_line_lower", "Lower ratings than the period before ({now} and {before} rated days)."),
    M(
        "sum_line_stable",
        "About the same ratings as the period before ({now} and {before} rated days).",
    ),
    M("sum_line_higher", "Higher ratings than the period before ({now} and {before} rated days)."),
    # ---- /summary cycles ---------------------------------------------------------------------
    M(
        "sum_cycles_none",
        "No Botox injections recorded yet. Once you log one with /botox, this chart shows each "
        "cycle's severity by days since the injection, so you can see the effect start and wear "
        "off.",
    ),
    M(
        "sum_cycles_no_ratings",
        "I have your injections, but no severity ratings since them yet. Check in daily with "
        "/checkin and the cycles chart fills up.",
    ),
    M(
        "sum_cycles_caption",
        "Botox cycles: eye severity (0 = none, 4 = most) by days since each injection. Orange: "
        "this cycle (from {date}). Blue: earlier cycles and their average.",
    ),
    # ---- /report -----------------------------------------------------------------------------
    M(
        "sum_report_usage",
        "Send /report with a period: 7, 30, 90, 365 or all, e.g. /report 90. Without a period "
        "the report covers the last 90 days.",
    ),
    M(
        "sum_report_caption",
        "📄 Your report for {start} – {end}. You can forward it to your doctor or print it.",
    ),
    M("sum_report_preparing", "Preparing your report…"),
    M("sum_btn_report", "📄 Report for my doctor"),
    # ---- /weekly -----------------------------------------------------------------------------
    M(
        "sum_weekly_usage",
        "Send /weekly with a day and a time, e.g. /weekly sun 18:00, for a short summary every "
        "week. /weekly off stops it.",
    ),
    M("sum_weekly_bad", "“{text}” isn't a day and time I understand."),
    M(
        "sum_weekly_on",
        "Weekly summary on: every {day} at {time} ({zone}). The first one comes {when}. /weekly "
        "off stops it.",
    ),
    M("sum_weekly_off", "Weekly summary turned off."),
    M("sum_weekly_was_off", "The weekly summary is already off."),
    M("sum_weekly_status_on", "Your weekly summary comes every {day} at {time}."),
    M("sum_weekly_status_off", "The weekly summary is off."),
    M("sum_day_mo", "Monday"),
    M("sum_day_tu", "Tuesday"),
    M("sum_day_we", "Wednesday"),
    M("sum_day_th", "Thursday"),
    M("sum_day_fr", "Friday"),
    M("sum_day_sa", "Saturday"),
    M("sum_day_su", "Sunday"),
    # ---- charts ------------------------------------------------------------------------------
    M("sum_chart_title", "Your spasms, {start} – {end}"),
    M("sum_chart_frequency", "Frequency"),
    M("sum_chart_severity", "Severity"),
    M("sum_chart_frequency_avg", "Frequency (7-day average)"),
    M("sum_chart_severity_avg", "Severity (7-day average)"),
    M("sum_chart_frequency_weekly", "Frequency (weekly average)"),
    M("sum_chart_severity_weekly", "Severity (weekly average)"),
    M("sum_chart_date", "Date"),
    M("sum_chart_rating", "Rating (0 none – 4 severe)"),
    M("sum_event_botox", "Botox injection"),
    M("sum_event_surgery", "surgery"),
    M("sum_event_appointment", "appointment"),
    M("sum_event_med", "medication change"),
    M("sum_chart_event_botox", "Botox injection"),
    M("sum_chart_event_surgery", "Surgery"),
    M("sum_chart_event_appointment", "Appointment"),
    M("sum_chart_event_med", "Medication change"),
    M("sum_chart_thin_week", "Hollow: under {n} rated days"),
    M("sum_chart_key", "Letters on the chart: {key}."),
    M("sum_chart_cycles_title", "Botox cycles: severity after each injection"),
    M("sum_chart_onset", "Effect usually starts"),
    M("sum_chart_planned", "next planned ({weeks} wk)"),
    M("sum_chart_earlier", "Earlier cycles ({n})"),
    M("sum_chart_earlier_mean", "Earlier average"),
    M("sum_chart_this_cycle", "This cycle (from {date})"),
    M("sum_chart_days_since", "Days since injection"),
    M("sum_chart_severity_axis", "Severity (0 none – 4 severe)"),
    # ---- the doctor's PDF --------------------------------------------------------------------
    M("sum_pdf_title", "HFS Companion: patient diary report"),
    M(
        "sum_pdf_subtitle",
        "Patient-reported daily ratings: eye frequency and severity adapted from the Jankovic "
        "Rating Scale for daily self-rating (0–4 each; not comparable with scores given in "
        "clinic), mouth and cheek 0–4 and daily-life impact 0–4 (the bot's own items). Not a "
        "diagnosis.",
    ),
    M(
        "sum_pdf_settings",
        "Affected side: {side} · Treatment: {treatment} · Time zone: {zone} · Daily check-in: "
        "{checkin} · Botox interval: {interval} weeks",
    ),
    P(
        "sum_pdf_period",
        "Period: {start} – {end} ({days} day) · Report made {made}",
        "Period: {start} – {end} ({days} days) · Report made {made}",
        "days",
    ),
    M("sum_pdf_key_figures", "Key figures"),
    M(
        "sum_pdf_adherence",
        "Check-ins: {done} of {expected} expected days ({percent}%), {skipped} skipped, {missed} "
        "missed, {paused} paused",
    ),
    M("sum_pdf_adherence_none", "Check-ins: none expected in this period"),
    P(
        "sum_pdf_means",
        "Mean eye frequency {frequency} · mean eye severity {severity} · mean mouth and cheek "
        "{lower_face} · mean daily-life impact {impact} (n = {n} day)",
        "Mean eye frequency {frequency} · mean eye severity {severity} · mean mouth and cheek "
        "{lower_face} · mean daily-life impact {impact} (n = {n} days)",
        "n",
    ),
    P(
        "sum_pdf_previous",
        "Previous {days} days (n = {n} day): eye frequency {frequency} · eye severity {severity} "
        "· mouth and cheek {lower_face} · impact {impact} → overall {change}",
        "Previous {days} days (n = {n} days): eye frequency {frequency} · eye severity "
        "{severity} · mouth and cheek {lower_face} · impact {impact} → overall {change}",
        "n",
    ),
    M("sum_pdf_change_lower", "lower (eye score, frequency + severity 0–8, lower by ≥ 1.0)"),
    M(
        "sum_pdf_change_stable",
        "about the same (eye score, frequency + severity 0–8, within ± 1.0)",
    ),
    M("sum_pdf_change_higher", "higher (eye score, frequency + severity 0–8, higher by ≥ 1.0)"),
    M("sum_pdf_change_no_data", "not compared (fewer than {min} rated days on a side)"),
    M(
        "sum_pdf_previous_surgery",
        "Previous {days} days not compared: the operation on {date} falls in the two periods "
        "(see the surgery line).",
    ),
    M(
        "sum_pdf_best_worst",
        "Lowest ratings {best} (F {bf}, S {bs}) · highest ratings {worst} (F {wf}, S {ws})",
    ),
    M(
        "sum_pdf_botox",
        "Botox: day {day} since the injection on {date}; cycle days {first}–{last} mean eye "
        "severity {mean} ({n_now}) vs {earlier} in {cycles} at the same days ({n_before})",
    ),
    P("sum_pdf_n_days", "n = {n} day", "n = {n} days", "n"),
    P("sum_pdf_earlier_cycles", "{n} earlier cycle", "{n} earlier cycles", "n"),
    P(
        "sum_pdf_surgery",
        "Surgery (MVD) on {date}, {days} day ago. Last 14 days (n = {n1}) vs the 30 days before "
        "the operation (n = {n0}): eye frequency {f0} → {f1}, eye severity {s0} → {s1}, mouth "
        "and cheek {l0} → {l1}, impact {i0} → {i1}",
        "Surgery (MVD) on {date}, {days} days ago. Last 14 days (n = {n1}) vs the 30 days before "
        "the operation (n = {n0}): eye frequency {f0} → {f1}, eye severity {s0} → {s1}, mouth "
        "and cheek {l0} → {l1}, impact {i0} → {i1}",
        "days",
    ),
    M("sum_pdf_chart_title", "Frequency and severity over the period"),
    M(
        "sum_pdf_baseline",
        "Before the first injection ({date}): eye frequency {f0} · eye severity {s0} ({n0}); "
        "since then: {f1} · {s1} ({n1}) → overall {change}",
    ),
    M("sum_pdf_patient_name", "Patient: {name}"),
    M("sum_pdf_patient_identifier", "Identifier: {identifier}"),
    M("sum_pdf_current_meds", "Current medications: {meds}"),
    M("sum_pdf_current_meds_none", "Current medications: none on the list"),
    M("sum_pdf_at_times", "at {times}"),
    M("sum_pdf_chart_change", "{date} {name} {change}"),
    M("sum_pdf_chart_changes", "Medication changes (M): {changes}"),
    M("sum_pdf_medchange_started", "started"),
    M("sum_pdf_medchange_dose", "dose changed"),
    M("sum_pdf_medchange_times", "times changed"),
    M("sum_pdf_medchange_stopped", "stopped"),
    M("sum_pdf_weekly_title", "Weekly averages"),
    M("sum_pdf_weekly_more", "(latest {shown} of {total} weeks)"),
    M("sum_pdf_col_week", "Week"),
    M("sum_pdf_col_done", "Check-ins"),
    M("sum_pdf_col_frequency", "Eye freq."),
    M("sum_pdf_col_severity", "Eye sev."),
    M("sum_pdf_col_lower_face", "Mouth/cheek"),
    M("sum_pdf_col_impact", "Impact"),
    # ---- Botox injections (units are always shown with their product: clinical.md) ----------
    M("sum_pdf_cycles_title", "Botox injections"),
    M("sum_pdf_col_injected", "Injected"),
    M("sum_pdf_col_product", "Product, units"),
    M("sum_pdf_col_sites", "Units per site"),
    M("sum_pdf_col_injector", "Injected by"),
    M("sum_pdf_col_onset", "Onset"),
    M("sum_pdf_col_wear_off", "Wearing off"),
    M("sum_pdf_col_effect", "Effect wk 4"),
    M("sum_pdf_col_before_peak", "Severity before → wk 2–6"),
    M("sum_pdf_col_side_effects", "Side effects (days)"),
    M("sum_pdf_col_pgic", "PGIC at 6 wk"),
    M("sum_pdf_cycle_length", "({days} d to next)"),
    M("sum_pdf_units_product", "{units} U {product}"),
    M("sum_pdf_units_unknown_product", "{units} U, product not recorded"),
    M("sum_pdf_units_not_recorded", "{product}, units not recorded"),
    M("sum_pdf_product_unknown", "product not recorded"),
    M("sum_pdf_product_onabotulinumtoxinA", "onabotulinumtoxinA"),
    M("sum_pdf_product_incobotulinumtoxinA", "incobotulinumtoxinA"),
    M("sum_pdf_product_abobotulinumtoxinA", "abobotulinumtoxinA"),
    M("sum_pdf_product_other", "other product"),
    M("sum_pdf_site_units", "{site} {units}"),
    M("sum_pdf_site_eye", "eye"),
    M("sum_pdf_site_cheek", "cheek"),
    M("sum_pdf_site_mouth", "mouth"),
    M("sum_pdf_site_chin", "chin"),
    M("sum_pdf_site_neck", "neck"),
    M("sum_pdf_reported", "d {day} reported"),
    M("sum_pdf_estimated", "d {day} estimated"),
    M("sum_pdf_onset_answer", "day 7: {answer}"),
    M("sum_pdf_se_days", "{effect} d{start}–d{end}"),
    M("sum_pdf_se_ongoing", "{effect} d{start}–ongoing"),
    M("sum_pdf_se_no_days", "{effect} (days not recorded)"),
    M(
        "sum_pdf_wear_off_estimated",
        "Injection of {injected}: may be wearing off from about day {day} ({date}), estimated "
        "from the diary.",
    ),
    M(
        "sum_pdf_wear_off_reported",
        "Injection of {injected}: wearing off reported by the patient on day {day} ({date}).",
    ),
    M(
        "sum_pdf_cycles_legend",
        "Days (d) count from the injection. Onset and wearing off: “reported” = the patient said "
        "so that day; “estimated” = from the diary (wearing off: eye ratings back towards their "
        "level before the injection on most check-ins, after a clear benefit; never before day "
        "42); “day 7” = the patient's answer to “has it started working?”. Effect wk 4: the "
        "patient's week-4 rating of the effect (0–4). Severity: mean eye severity (0–4) in the "
        "14 days before the injection → on days 14–41 after it. PGIC: Patient Global Impression "
        "of Change. Units of different products are not interchangeable.",
    ),
    M("sum_pdf_onset_yes", "yes"),
    M("sum_pdf_onset_partly", "partly"),
    M("sum_pdf_onset_not_yet", "not yet"),
    M("sum_pdf_none", "none"),
    M("sum_pdf_unanswered", "unanswered"),
    M("sum_pdf_no_cycles", "No Botox injections recorded."),
    # ---- after surgery (MVD; follow-up points as in studies: clinical.md) -------------------
    M("sum_pdf_mvd_title", "After surgery (MVD)"),
    P(
        "sum_pdf_mvd_intro",
        "Surgery on {date}, {days} day ago. Spasm status at the follow-up points used in studies "
        "(1, 3, 6 and 12 months). Spasm often fades over weeks to months after MVD, so a slow "
        "start is common.",
        "Surgery on {date}, {days} days ago. Spasm status at the follow-up points used in "
        "studies (1, 3, 6 and 12 months). Spasm often fades over weeks to months after MVD, so a "
        "slow start is common.",
        "days",
    ),
    M("sum_pdf_col_followup", "Follow-up"),
    M("sum_pdf_col_date", "Date"),
    M("sum_pdf_col_spasm", "Spasm compared with before (patient)"),
    M("sum_pdf_col_pgic_mvd", "PGIC"),
    M("sum_pdf_col_followup_ratings", "Eye frequency · severity, 14 days to then"),
    P("sum_pdf_followup_month", "{n} month", "{n} months", "n"),
    M("sum_pdf_not_due", "not yet due"),
    M("sum_pdf_spasm_answer", "{answer} ({date})"),
    P(
        "sum_pdf_followup_ratings",
        "{frequency} · {severity} (n = {n} day)",
        "{frequency} · {severity} (n = {n} days)",
        "n",
    ),
    M("sum_pdf_spasm_dated", "week {week} ({date}): {answer}"),
    M("sum_pdf_spasm_all", "Every answer on the spasm compared with before: {answers}."),
    M("sum_pdf_red_flag_day", "day {day} ({date}): {signs}"),
    M("sum_pdf_red_flags", "Warning signs reported in the daily screens after surgery: {signs}."),
    P(
        "sum_pdf_red_flags_none",
        "No warning signs reported in {n} answered daily screen after surgery.",
        "No warning signs reported in {n} answered daily screens after surgery.",
        "n",
    ),
    P(
        "sum_pdf_red_flags_unanswered",
        "Daily screens unanswered on {n} day after surgery: day {days}.",
        "Daily screens unanswered on {n} days after surgery: day {days}.",
        "n",
    ),
    M("sum_pdf_red_flags_no_screens", "No daily warning-sign screens recorded after surgery."),
    # ---- outcome measures -----------------------------------------------------------------------
    M("sum_pdf_outcomes_title", "Outcome measures (questionnaires)"),
    M("sum_pdf_col_questionnaire", "Questionnaire"),
    M("sum_pdf_col_occasion", "When"),
    M("sum_pdf_col_answer", "Answer"),
    M("sum_pdf_occasion_monthly", "monthly"),
    M("sum_pdf_occasion_weeks", "{n} wk after an injection"),
    P("sum_pdf_occasion_months", "{n} month after surgery", "{n} months after surgery", "n"),
    M("sum_pdf_score", "score {score} (range {low}–{high})"),
    M("sum_pdf_outcomes_count", "{answered} answered, {unanswered} unanswered in this period."),
    M("sum_pdf_no_outcomes", "No questionnaires were due in this period."),
    # ---- medications, notes -------------------------------------------------------------------
    M("sum_pdf_medications_title", "Medications"),
    M("sum_pdf_col_medication", "Medication"),
    M("sum_pdf_col_change", "Change"),
    M("sum_pdf_col_regimen", "Dose and times from then on"),
    M("sum_pdf_no_changes", "No changes to the medication list recorded."),
    P(
        "sum_pdf_med_row",
        "{name}: {taken} of {counted} dose taken ({percent}%)",
        "{name}: {taken} of {counted} doses taken ({percent}%)",
        "counted",
    ),
    M("sum_pdf_med_row_none", "{name}: no dose answered in this period"),
    M("sum_pdf_no_meds", "No medication doses recorded in this period."),
    M("sum_pdf_notes_title", "Patient notes (latest)"),
    M("sum_pdf_no_notes", "No notes in this period."),
    M("sum_pdf_events", "Marked on the chart: {key}"),
    M(
        "sum_pdf_footer",
        "Made by HFS Companion from the patient's own daily entries. Ratings adapted from the "
        "Jankovic Rating Scale for daily self-rating; not comparable with scores given in "
        "clinic. Means use the days with a rating. Change rule: a difference of at least 0.5 on "
        "a 0–4 item (1.0 on the 0–8 eye score, frequency + severity) counts as lower or higher, "
        "with at least 7 rated days on each side.",
    ),
    M("sum_pdf_page", "Page {page} of {pages}"),
)
