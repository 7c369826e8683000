"""English texts for the summary feature (merged into the one catalogue).

Keys start with ``sum_`` (chat, charts and the doctor's PDF), plus the command and kind keys.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # ---- commands and reminder kinds ---------------------------------------------------------
    "cmd_summary": "How you have been: averages, changes, chart",
    "cmd_report": "A PDF report for your doctor",
    "cmd_weekly": "A summary every week, on a day you pick",
    "example_summary": "e.g. /summary 90, or /summary cycles",
    "example_report": "e.g. /report 90",
    "example_weekly": "e.g. /weekly sun 18:00, or off",
    "kind_summary_weekly": "Weekly summary",
    # ---- /summary ----------------------------------------------------------------------------
    "sum_usage": (
        "Send /summary with a period: 7, 30, 90, 365 or all, e.g. /summary 90. "
        "Without a period you get the last 30 days.\n"
        "/summary cycles shows your Botox cycles side by side."
    ),
    "sum_bad_period": "“{text}” isn't a period I know.",
    "sum_period_days": "last {days:# day|# days}",
    "sum_period_all": "everything so far",
    "sum_title": "📊 Your summary, {period} ({start} – {end})",
    "sum_title_weekly": "📅 Your week ({start} – {end})",
    "sum_adherence": "✅ Check-ins: {done} of {expected:# day|# days} ({percent}%)",
    "sum_adherence_skipped": "{n} skipped",
    "sum_adherence_missed": "{n} missed",
    "sum_adherence_paused": "{n} paused",
    "sum_adherence_none": "✅ Check-ins: none expected in this period yet.",
    "sum_averages": "Averages (0 = none, 4 = most):",
    "sum_item": "• {item} {mean}",
    "sum_item_frequency": "Eye, frequency",
    "sum_item_severity": "Eye, severity",
    "sum_item_lower_face": "Mouth and cheek",
    "sum_item_impact": "Daily life",
    "sum_item_before": "(before: {mean})",
    "sum_change_lower": "– lower",
    "sum_change_stable": "– about the same",
    "sum_change_higher": "– higher",
    "sum_overall_lower": (
        "Overall: lower ratings than the {days:# day|# days} before (eye score, frequency + "
        "severity; "
        "{now} rated days now, {before} before)."
    ),
    "sum_overall_stable": (
        "Overall: about the same ratings as the {days:# day|# days} before (eye score, frequency "
        "+ "
        "severity; {now} rated days now, {before} before)."
    ),
    "sum_overall_higher": (
        "Overall: higher ratings than the {days:# day|# days} before (eye score, frequency + "
        "severity; "
        "{now} rated days now, {before} before)."
    ),
    "sum_overall_no_data": (
        "No comparison with the {days:# day|# days} before yet: it needs at least {min} rated "
        "days on "
        "each side ({now} now, {before} before)."
    ),
    "sum_overall_surgery": (
        "Your operation on {date} falls in these days, so I don't compare them with the days "
        "before; see the comparison with before your operation below."
    ),
    "sum_best_day": ("🙂 Lowest ratings: {date} (eye frequency {frequency}, severity {severity})"),
    "sum_worst_day": (
        "😣 Highest ratings: {date} (eye frequency {frequency}, severity {severity})"
    ),
    "sum_days_alike": (
        "Every day had the same eye score ({total} of 8: frequency + severity, 0–4 each)."
    ),
    "sum_scale_note": (
        "Ratings adapted from the Jankovic Rating Scale for daily self-rating; not comparable "
        "with scores given in clinic."
    ),
    "sum_no_ratings": (
        "No ratings in this period yet. Send /checkin to record today; the summary fills up "
        "from there."
    ),
    "sum_botox_day": "💉 Botox: {day:# day|# days} since your injection on {date}.",
    "sum_botox_recent": "Cycle days {first}–{last} ({n:# rated day|# rated days}):",
    "sum_botox_current": "eye severity {mean} on average,",
    "sum_botox_vs_lower": (
        "lower ratings than your earlier cycles at the same point ({mean}; {n:# cycle|# cycles}, "
        "{days} rated days)."
    ),
    "sum_botox_vs_stable": (
        "about the same ratings as your earlier cycles at the same point ({mean}; {n:# cycle|# "
        "cycles}, "
        "{days} rated days)."
    ),
    "sum_botox_vs_higher": (
        "higher ratings than your earlier cycles at the same point ({mean}; {n:# cycle|# cycles}, "
        "{days} rated days)."
    ),
    "sum_botox_no_earlier": "no earlier cycle to compare with at this point yet.",
    "sum_botox_too_few": (
        "too few rated days to compare with your earlier cycles (at least {min} needed)."
    ),
    "sum_surgery_days": "🩺 Surgery: {days:# day|# days} since your operation on {date}.",
    "sum_recovery_intro": (
        "Compared with before your operation (the last 14 days, {now} rated, against the 30 "
        "days before your operation, {before} rated):"
    ),
    "sum_recovery_frequency": "eye frequency {before} → {now} ({word})",
    "sum_recovery_severity": "eye severity {before} → {now} ({word})",
    "sum_recovery_lower_face": "mouth and cheek {before} → {now} ({word})",
    "sum_recovery_impact": "daily life {before} → {now} ({word})",
    "sum_recovery_lower": "lower",
    "sum_recovery_stable": "about the same",
    "sum_recovery_higher": "higher",
    "sum_recovery_no_data": (
        "No comparison with before your operation yet: it needs at least {min} rated days in "
        "the 30 days before your operation ({before} so far) and in the last 14 days "
        "({now} so far)."
    ),
    "sum_baseline_intro": (
        "Compared with before your first injection on {date} ({before} rated days before it, "
        "{now} since):"
    ),
    "sum_baseline_none": (
        "Your diary starts after your first injection on {date}, so there are no days from "
        "before it to compare with."
    ),
    "sum_baseline_no_data": (
        "No comparison with before your first injection on {date} yet: it needs at least {min} "
        "rated days on each side ({before} before it, {now} since)."
    ),
    "sum_recovery_slow": (
        "After this operation the spasms often fade slowly, over weeks or months; a slow start "
        "is common."
    ),
    "sum_progress_check": "Your last progress check ({date}): {answer}.",
    "sum_vs_before_gone": "spasms gone",
    "sum_vs_before_much_better": "much better than before surgery",
    "sum_vs_before_bit_better": "a bit better than before surgery",
    "sum_vs_before_same": "about the same as before surgery",
    "sum_vs_before_worse": "worse than before surgery",
    "sum_medication": (
        "💊 Medication: {taken} of {counted:# dose|# doses} taken ({percent}%){unanswered}."
    ),
    "sum_medication_each": "💊 Medication: {each}.",
    "sum_medication_one": (
        "{name}: {taken} of {counted:# dose|# doses} taken ({percent}%){unanswered}"
    ),
    "sum_medication_unanswered": ", {n} not answered",
    "sum_medication_one_none": "{name}: no dose answered in these days",
    "sum_notes": "📝 Latest notes:",
    "sum_footer": "More: /summary 90 · /summary cycles · /report (PDF for your doctor)",
    "sum_footer_weekly": "More: /summary · /report · stop these with /weekly off",
    "sum_chart_caption": "Eye frequency (blue) and severity (orange), 0 = none, 4 = most.",
    "sum_line_empty": "No check-ins with ratings in the {period} yet.",
    "sum_line": (
        "{period}: {done} of {expected} check-ins, average eye frequency {frequency} and "
        "severity {severity} (0–4)."
    ),
    "sum_line_lower": ("Lower ratings than the period before ({now} and {before} rated days)."),
    "sum_line_stable": (
        "About the same ratings as the period before ({now} and {before} rated days)."
    ),
    "sum_line_higher": ("Higher ratings than the period before ({now} and {before} rated days)."),
    # ---- /summary cycles ---------------------------------------------------------------------
    "sum_cycles_none": (
        "No Botox injections recorded yet. Once you log one with /botox, this chart shows each "
        "cycle's severity by days since the injection, so you can see the effect start and "
        "wear off."
    ),
    "sum_cycles_no_ratings": (
        "I have your injections, but no severity ratings since them yet. Check in daily with "
        "/checkin and the cycles chart fills up."
    ),
    "sum_cycles_caption": (
        "Botox cycles: eye severity (0 = none, 4 = most) by days since each injection. "
        "Orange: this cycle (from {date}). Blue: earlier cycles and their average."
    ),
    # ---- /report -----------------------------------------------------------------------------
    "sum_report_usage": (
        "Send /report with a period: 7, 30, 90, 365 or all, e.g. /report 90. "
        "Without a period the report covers the last 90 days."
    ),
    "sum_report_caption": (
        "📄 Your report for {start} – {end}. You can forward it to your doctor or print it."
    ),
    "sum_report_preparing": "Preparing your report…",
    "sum_btn_report": "📄 Report for my doctor",
    # ---- /weekly -----------------------------------------------------------------------------
    "sum_weekly_usage": (
        "Send /weekly with a day and a time, e.g. /weekly sun 18:00, for a short summary every "
        "week. /weekly off stops it."
    ),
    "sum_weekly_bad": "“{text}” isn't a day and time I understand.",
    "sum_weekly_on": (
        "Weekly summary on: every {day} at {time} ({zone}). The first one comes {when}. "
        "/weekly off stops it."
    ),
    "sum_weekly_off": "Weekly summary turned off.",
    "sum_weekly_was_off": "The weekly summary is already off.",
    "sum_weekly_status_on": "Your weekly summary comes every {day} at {time}.",
    "sum_weekly_status_off": "The weekly summary is off.",
    "sum_day_mo": "Monday",
    "sum_day_tu": "Tuesday",
    "sum_day_we": "Wednesday",
    "sum_day_th": "Thursday",
    "sum_day_fr": "Friday",
    "sum_day_sa": "Saturday",
    "sum_day_su": "Sunday",
    # ---- charts ------------------------------------------------------------------------------
    "sum_chart_title": "Your spasms, {start} – {end}",
    "sum_chart_frequency": "Frequency",
    "sum_chart_severity": "Severity",
    "sum_chart_frequency_avg": "Frequency (7-day average)",
    "sum_chart_severity_avg": "Severity (7-day average)",
    "sum_chart_frequency_weekly": "Frequency (weekly average)",
    "sum_chart_severity_weekly": "Severity (weekly average)",
    "sum_chart_date": "Date",
    "sum_chart_rating": "Rating (0 none – 4 severe)",
    "sum_event_botox": "Botox injection",
    "sum_event_surgery": "surgery",
    "sum_event_appointment": "appointment",
    "sum_event_med": "medication change",
    "sum_chart_event_botox": "Botox injection",
    "sum_chart_event_surgery": "Surgery",
    "sum_chart_event_appointment": "Appointment",
    "sum_chart_event_med": "Medication change",
    "sum_chart_thin_week": "Hollow: under {n} rated days",
    "sum_chart_key": "Letters on the chart: {key}.",
    "sum_chart_cycles_title": "Botox cycles: severity after each injection",
    "sum_chart_onset": "Effect usually starts",
    "sum_chart_planned": "next planned ({weeks} wk)",
    "sum_chart_earlier": "Earlier cycles ({n})",
    "sum_chart_earlier_mean": "Earlier average",
    "sum_chart_this_cycle": "This cycle (from {date})",
    "sum_chart_days_since": "Days since injection",
    "sum_chart_severity_axis": "Severity (0 none – 4 severe)",
    # ---- the doctor's PDF --------------------------------------------------------------------
    "sum_pdf_title": "HFS Companion: patient diary report",
    "sum_pdf_subtitle": (
        "Patient-reported daily ratings: eye frequency and severity adapted from the Jankovic "
        "Rating Scale for daily self-rating (0–4 each; not comparable with scores given in "
        "clinic), mouth and cheek 0–4 and daily-life impact 0–4 (the bot's own items). "
        "Not a diagnosis."
    ),
    "sum_pdf_settings": (
        "Affected side: {side} · Treatment: {treatment} · Time zone: {zone} · "
        "Daily check-in: {checkin} · Botox interval: {interval} weeks"
    ),
    "sum_pdf_period": "Period: {start} – {end} ({days:# day|# days}) · Report made {made}",
    "sum_pdf_key_figures": "Key figures",
    "sum_pdf_adherence": (
        "Check-ins: {done} of {expected} expected days ({percent}%), {skipped} skipped, "
        "{missed} missed, {paused} paused"
    ),
    "sum_pdf_adherence_none": "Check-ins: none expected in this period",
    "sum_pdf_means": (
        "Mean eye frequency {frequency} · mean eye severity {severity} · mean mouth and cheek "
        "{lower_face} · mean daily-life impact {impact} (n = {n:# day|# days})"
    ),
    "sum_pdf_previous": (
        "Previous {days} days (n = {n:# day|# days}): eye frequency {frequency} · eye severity "
        "{severity} · mouth and cheek {lower_face} · impact {impact} → overall {change}"
    ),
    "sum_pdf_change_lower": "lower (eye score, frequency + severity 0–8, lower by ≥ 1.0)",
    "sum_pdf_change_stable": "about the same (eye score, frequency + severity 0–8, within ± 1.0)",
    "sum_pdf_change_higher": "higher (eye score, frequency + severity 0–8, higher by ≥ 1.0)",
    "sum_pdf_change_no_data": "not compared (fewer than {min} rated days on a side)",
    "sum_pdf_previous_surgery": (
        "Previous {days} days not compared: the operation on {date} falls in the two periods "
        "(see the surgery line)."
    ),
    "sum_pdf_best_worst": (
        "Lowest ratings {best} (F {bf}, S {bs}) · highest ratings {worst} (F {wf}, S {ws})"
    ),
    "sum_pdf_botox": (
        "Botox: day {day} since the injection on {date}; cycle days {first}–{last} mean "
        "eye severity {mean} (n = {n_now:# day|# days}) vs {earlier} in {n:# earlier cycle|# "
        "earlier cycles} at the "
        "same days (n = {n_before} days)"
    ),
    "sum_pdf_surgery": (
        "Surgery (MVD) on {date}, {days:# day|# days} ago. Last 14 days (n = {n1}) vs the 30 days "
        "before the operation (n = {n0}): eye frequency {f0} → {f1}, eye severity {s0} → {s1}, "
        "mouth and cheek {l0} → {l1}, impact {i0} → {i1}"
    ),
    "sum_pdf_chart_title": "Frequency and severity over the period",
    "sum_pdf_baseline": (
        "Before the first injection ({date}): eye frequency {f0} · eye severity {s0} "
        "(n = {n0:# day|# days}); since then: {f1} · {s1} (n = {n1:# day|# days}) → overall "
        "{change}"
    ),
    "sum_pdf_patient_name": "Patient: {name}",
    "sum_pdf_patient_identifier": "Identifier: {identifier}",
    "sum_pdf_current_meds": "Current medications: {meds}",
    "sum_pdf_current_meds_none": "Current medications: none on the list",
    "sum_pdf_at_times": "at {times}",
    "sum_pdf_chart_change": "{date} {name} {change}",
    "sum_pdf_chart_changes": "Medication changes (M): {changes}",
    "sum_pdf_medchange_started": "started",
    "sum_pdf_medchange_dose": "dose changed",
    "sum_pdf_medchange_times": "times changed",
    "sum_pdf_medchange_stopped": "stopped",
    "sum_pdf_weekly_title": "Weekly averages",
    "sum_pdf_weekly_more": "(latest {shown} of {total} weeks)",
    "sum_pdf_col_week": "Week",
    "sum_pdf_col_done": "Check-ins",
    "sum_pdf_col_frequency": "Eye freq.",
    "sum_pdf_col_severity": "Eye sev.",
    "sum_pdf_col_lower_face": "Mouth/cheek",
    "sum_pdf_col_impact": "Impact",
    # ---- Botox injections (units are always shown with their product: clinical.md) ----------
    "sum_pdf_cycles_title": "Botox injections",
    "sum_pdf_col_injected": "Injected",
    "sum_pdf_col_product": "Product, units",
    "sum_pdf_col_sites": "Units per site",
    "sum_pdf_col_injector": "Injected by",
    "sum_pdf_col_onset": "Onset",
    "sum_pdf_col_wear_off": "Wearing off",
    "sum_pdf_col_effect": "Effect wk 4",
    "sum_pdf_col_before_peak": "Severity before → wk 2–6",
    "sum_pdf_col_side_effects": "Side effects (days)",
    "sum_pdf_col_pgic": "PGIC at 6 wk",
    "sum_pdf_cycle_length": "({days} d to next)",
    "sum_pdf_units_product": "{units} U {product}",
    "sum_pdf_units_unknown_product": "{units} U, product not recorded",
    "sum_pdf_units_not_recorded": "{product}, units not recorded",
    "sum_pdf_product_unknown": "product not recorded",
    "sum_pdf_product_onabotulinumtoxinA": "onabotulinumtoxinA",
    "sum_pdf_product_incobotulinumtoxinA": "incobotulinumtoxinA",
    "sum_pdf_product_abobotulinumtoxinA": "abobotulinumtoxinA",
    "sum_pdf_product_other": "other product",
    "sum_pdf_site_units": "{site} {units}",
    "sum_pdf_site_eye": "eye",
    "sum_pdf_site_cheek": "cheek",
    "sum_pdf_site_mouth": "mouth",
    "sum_pdf_site_chin": "chin",
    "sum_pdf_site_neck": "neck",
    "sum_pdf_reported": "d {day} reported",
    "sum_pdf_estimated": "d {day} estimated",
    "sum_pdf_onset_answer": "day 7: {answer}",
    "sum_pdf_se_days": "{effect} d{start}–d{end}",
    "sum_pdf_se_ongoing": "{effect} d{start}–ongoing",
    "sum_pdf_se_no_days": "{effect} (days not recorded)",
    "sum_pdf_wear_off_estimated": (
        "Injection of {injected}: may be wearing off from about day {day} ({date}), estimated "
        "from the diary."
    ),
    "sum_pdf_wear_off_reported": (
        "Injection of {injected}: wearing off reported by the patient on day {day} ({date})."
    ),
    "sum_pdf_cycles_legend": (
        "Days (d) count from the injection. Onset and wearing off: “reported” = the patient "
        "said so that day; “estimated” = from the diary (wearing off: eye ratings back towards "
        "their level before the injection on most check-ins, after a clear benefit; never "
        "before day 42); “day 7” = the patient's answer to “has it started working?”. "
        "Effect wk 4: the patient's week-4 rating of the effect (0–4). Severity: mean eye "
        "severity (0–4) in the 14 days before the injection → on days 14–41 after it. "
        "PGIC: Patient Global Impression of Change. Units of different products are not "
        "interchangeable."
    ),
    "sum_pdf_onset_yes": "yes",
    "sum_pdf_onset_partly": "partly",
    "sum_pdf_onset_not_yet": "not yet",
    "sum_pdf_none": "none",
    "sum_pdf_unanswered": "unanswered",
    "sum_pdf_no_cycles": "No Botox injections recorded.",
    # ---- after surgery (MVD; follow-up points as in studies: clinical.md) -------------------
    "sum_pdf_mvd_title": "After surgery (MVD)",
    "sum_pdf_mvd_intro": (
        "Surgery on {date}, {days:# day|# days} ago. Spasm status at the follow-up points used "
        "in studies (1, 3, 6 and 12 months). Spasm often fades over weeks to months after "
        "MVD, so a slow start is common."
    ),
    "sum_pdf_col_followup": "Follow-up",
    "sum_pdf_col_date": "Date",
    "sum_pdf_col_spasm": "Spasm compared with before (patient)",
    "sum_pdf_col_pgic_mvd": "PGIC",
    "sum_pdf_col_followup_ratings": "Eye frequency · severity, 14 days to then",
    "sum_pdf_followup_month": "{n:# month|# months}",
    "sum_pdf_not_due": "not yet due",
    "sum_pdf_spasm_answer": "{answer} ({date})",
    "sum_pdf_followup_ratings": "{frequency} · {severity} (n = {n:# day|# days})",
    "sum_pdf_spasm_dated": "week {week} ({date}): {answer}",
    "sum_pdf_spasm_all": "Every answer on the spasm compared with before: {answers}.",
    "sum_pdf_red_flag_day": "day {day} ({date}): {signs}",
    "sum_pdf_red_flags": "Warning signs reported in the daily screens after surgery: {signs}.",
    "sum_pdf_red_flags_none": (
        "No warning signs reported in {n:# answered daily screen|# answered daily screens} "
        "after surgery."
    ),
    "sum_pdf_red_flags_unanswered": (
        "Daily screens unanswered on {n:# day|# days} after surgery: day {days}."
    ),
    "sum_pdf_red_flags_no_screens": "No daily warning-sign screens recorded after surgery.",
    # ---- outcome measures -----------------------------------------------------------------------
    "sum_pdf_outcomes_title": "Outcome measures (questionnaires)",
    "sum_pdf_col_questionnaire": "Questionnaire",
    "sum_pdf_col_occasion": "When",
    "sum_pdf_col_answer": "Answer",
    "sum_pdf_occasion_monthly": "monthly",
    "sum_pdf_occasion_weeks": "{n} wk after an injection",
    "sum_pdf_occasion_months": "{n:# month|# months} after surgery",
    "sum_pdf_score": "score {score} (range {low}–{high})",
    "sum_pdf_outcomes_count": "{answered} answered, {unanswered} unanswered in this period.",
    "sum_pdf_no_outcomes": "No questionnaires were due in this period.",
    # ---- medications, notes -------------------------------------------------------------------
    "sum_pdf_medications_title": "Medications",
    "sum_pdf_col_medication": "Medication",
    "sum_pdf_col_change": "Change",
    "sum_pdf_col_regimen": "Dose and times from then on",
    "sum_pdf_no_changes": "No changes to the medication list recorded.",
    "sum_pdf_med_row": "{name}: {taken} of {counted:# dose|# doses} taken ({percent}%)",
    "sum_pdf_med_row_none": "{name}: no dose answered in this period",
    "sum_pdf_no_meds": "No medication doses recorded in this period.",
    "sum_pdf_notes_title": "Patient notes (latest)",
    "sum_pdf_no_notes": "No notes in this period.",
    "sum_pdf_events": "Marked on the chart: {key}",
    "sum_pdf_footer": (
        "Made by HFS Companion from the patient's own daily entries. Ratings adapted from the "
        "Jankovic Rating Scale for daily self-rating; not comparable with scores given in "
        "clinic. Means use the days with a rating. Change rule: a difference of at least 0.5 "
        "on a 0–4 item (1.0 on the 0–8 eye score, frequency + severity) counts as lower or "
        "higher, with at least 7 rated days on each side."
    ),
    "sum_pdf_page": "Page {page} of {pages}",
}
