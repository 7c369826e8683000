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
    "sum_period_days": "last {days} days",
    "sum_period_all": "everything so far",
    "sum_title": "📊 Your summary, {period} ({start} – {end})",
    "sum_title_weekly": "📅 Your week ({start} – {end})",
    "sum_adherence": "✅ Check-ins: {done} of {expected} days ({percent}%)",
    "sum_adherence_skipped": "{n} skipped",
    "sum_adherence_missed": "{n} missed",
    "sum_adherence_paused": "{n} paused",
    "sum_adherence_none": "✅ Check-ins: none expected in this period yet.",
    "sum_averages": "Averages (0 = none, 4 = severe; lower is better):",
    "sum_item": "• {item} {mean}",
    "sum_item_frequency": "Frequency",
    "sum_item_severity": "Severity",
    "sum_item_impact": "Daily life",
    "sum_item_before": "(before: {mean})",
    "sum_change_better": "– better",
    "sum_change_stable": "– about the same",
    "sum_change_worse": "– worse",
    "sum_overall_better": "Overall: better than the {days} days before.",
    "sum_overall_stable": "Overall: about the same as the {days} days before.",
    "sum_overall_worse": "Overall: worse than the {days} days before.",
    "sum_overall_no_data": "Not enough check-ins in the {days} days before to compare yet.",
    "sum_best_day": "🙂 Best day: {date} (frequency {frequency}, severity {severity})",
    "sum_worst_day": "😣 Hardest day: {date} (frequency {frequency}, severity {severity})",
    "sum_days_alike": "Every day had the same total ({total} of 8).",
    "sum_no_ratings": (
        "No ratings in this period yet. Send /checkin to record today; the summary fills up "
        "from there."
    ),
    "sum_botox_day": "💉 Botox: {day} days since your injection on {date}.",
    "sum_botox_recent": "Cycle days {first}–{last}:",
    "sum_botox_current": "severity {mean} on average,",
    "sum_botox_vs_better": (
        "milder than your earlier cycles at the same point ({mean}, {n} cycles)."
    ),
    "sum_botox_vs_stable": (
        "about the same as your earlier cycles at the same point ({mean}, {n} cycles)."
    ),
    "sum_botox_vs_worse": (
        "stronger than your earlier cycles at the same point ({mean}, {n} cycles)."
    ),
    "sum_botox_no_earlier": "no earlier cycle to compare with at this point yet.",
    "sum_surgery_days": "🩺 Surgery: {days} days since your operation on {date}.",
    "sum_recovery_intro": "The last 14 days against the 30 days before it:",
    "sum_recovery_frequency": "frequency {before} → {now} ({word})",
    "sum_recovery_severity": "severity {before} → {now} ({word})",
    "sum_recovery_impact": "daily life {before} → {now} ({word})",
    "sum_recovery_frequency_better": "fewer or shorter spasms",
    "sum_recovery_frequency_stable": "about the same",
    "sum_recovery_frequency_worse": "more or longer spasms",
    "sum_recovery_severity_better": "milder",
    "sum_recovery_severity_stable": "about the same",
    "sum_recovery_severity_worse": "stronger",
    "sum_recovery_impact_better": "less in the way",
    "sum_recovery_impact_stable": "about the same",
    "sum_recovery_impact_worse": "more in the way",
    "sum_recovery_no_data": "A few more check-ins and I can show how the spasms changed since.",
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
    "sum_medication": "💊 Medication: {taken} of {counted} doses taken ({percent}%).",
    "sum_notes": "📝 Latest notes:",
    "sum_footer": "More: /summary 90 · /summary cycles · /report (PDF for your doctor)",
    "sum_footer_weekly": "More: /summary · /report · stop these with /weekly off",
    "sum_chart_caption": "Frequency (blue) and severity (orange), 0–4, lower is better.",
    "sum_line_empty": "No check-ins with ratings in the {period} yet.",
    "sum_line": (
        "{period}: {done} of {expected} check-ins, average frequency {frequency} and "
        "severity {severity} (0–4)."
    ),
    "sum_line_better": "Better than the period before.",
    "sum_line_stable": "About the same as the period before.",
    "sum_line_worse": "Worse than the period before.",
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
        "Botox cycles: severity (0–4, lower is better) by days since each injection. "
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
        "Patient-reported daily ratings (Jankovic Rating Scale items, 0–4 each; daily-life "
        "impact 0–4). Not a diagnosis."
    ),
    "sum_pdf_settings": (
        "Affected side: {side} · Treatment: {treatment} · Time zone: {zone} · "
        "Daily check-in: {checkin} · Botox interval: {interval} weeks"
    ),
    "sum_pdf_period": "Period: {start} – {end} ({days} days) · Report made {made}",
    "sum_pdf_key_figures": "Key figures",
    "sum_pdf_adherence": (
        "Check-ins: {done} of {expected} expected days ({percent}%), {skipped} skipped, "
        "{missed} missed, {paused} paused"
    ),
    "sum_pdf_adherence_none": "Check-ins: none expected in this period",
    "sum_pdf_means": (
        "Mean frequency {frequency} · mean severity {severity} · mean daily-life impact "
        "{impact} (n = {n} days)"
    ),
    "sum_pdf_previous": (
        "Previous {days} days: frequency {frequency} · severity {severity} · impact {impact} "
        "→ overall {change}"
    ),
    "sum_pdf_change_better": "better (total lower by ≥ 1.0)",
    "sum_pdf_change_stable": "stable (total within ± 1.0)",
    "sum_pdf_change_worse": "worse (total higher by ≥ 1.0)",
    "sum_pdf_change_no_data": "not comparable (fewer than 3 rated days)",
    "sum_pdf_best_worst": (
        "Best day {best} (F {bf}, S {bs}) · hardest day {worst} (F {wf}, S {ws})"
    ),
    "sum_pdf_botox": (
        "Botox: day {day} since the injection on {date}; cycle days {first}–{last} mean "
        "severity {mean} vs {earlier} in {n} earlier cycle(s) at the same days"
    ),
    "sum_pdf_surgery": (
        "Surgery (MVD) on {date}, {days} days ago. Last 14 days vs 30 days before: "
        "frequency {f0} → {f1}, severity {s0} → {s1}, impact {i0} → {i1}"
    ),
    "sum_pdf_chart_title": "Frequency and severity over the period",
    "sum_pdf_weekly_title": "Weekly averages",
    "sum_pdf_weekly_more": "(latest {shown} of {total} weeks)",
    "sum_pdf_col_week": "Week",
    "sum_pdf_col_done": "Check-ins",
    "sum_pdf_col_frequency": "Frequency",
    "sum_pdf_col_severity": "Severity",
    "sum_pdf_col_impact": "Impact",
    "sum_pdf_cycles_title": "Botox cycles",
    "sum_pdf_col_injected": "Injected",
    "sum_pdf_col_units": "Units",
    "sum_pdf_col_onset": "Onset",
    "sum_pdf_col_effect": "Effect",
    "sum_pdf_col_wear_off": "Wearing off",
    "sum_pdf_wear_off_estimated_short": "d {day} diary",
    "sum_pdf_wear_off_reported_short": "d {day} patient",
    "sum_pdf_wear_off_estimated": (
        "Injection of {injected}: may be wearing off from about day {day} ({date}), estimated "
        "from the diary."
    ),
    "sum_pdf_wear_off_reported": (
        "Injection of {injected}: wearing off reported by the patient on day {day} ({date})."
    ),
    "sum_pdf_col_length": "Cycle",
    "sum_pdf_col_before": "Before",
    "sum_pdf_col_peak": "Wk 2–6",
    "sum_pdf_cycles_legend": (
        "Effect: the patient's week-4 rating of the injection's effect (0–4). Cycle: days to "
        "the next injection. Before / Wk 2–6: mean severity (0–4) in the 14 days before the "
        "injection and on days 14–41 after it. Wearing off: “diary” = estimated from the "
        "diary (eye ratings back towards their level before the injection on most check-ins, "
        "after a clear benefit; never before day 42); “patient” = reported by the patient."
    ),
    "sum_pdf_col_side_effects": "Side effects",
    "sum_pdf_onset_yes": "yes",
    "sum_pdf_onset_partly": "partly",
    "sum_pdf_onset_not_yet": "not yet",
    "sum_pdf_day_n": "{date} (day {day})",
    "sum_pdf_days": "{days} d",
    "sum_pdf_none": "none",
    "sum_pdf_no_cycles": "No Botox injections recorded.",
    "sum_pdf_meds_title": "Medication adherence",
    "sum_pdf_med_row": "{name}: {taken} of {counted} doses taken ({percent}%)",
    "sum_pdf_no_meds": "No medication doses recorded in this period.",
    "sum_pdf_notes_title": "Patient notes (latest)",
    "sum_pdf_no_notes": "No notes in this period.",
    "sum_pdf_events": "Marked on the chart: {key}",
    "sum_pdf_footer": (
        "Made by HFS Companion from the patient's own daily entries. Means use the days with a "
        "rating. Change rule: a difference of at least 0.5 on a 0–4 item (1.0 on the 0–8 total) "
        "counts as better or worse."
    ),
    "sum_pdf_page": "Page {page} of {pages}",
}
