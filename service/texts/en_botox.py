"""English texts for the botox feature (merged into the one catalogue)."""

from __future__ import annotations

from service.texts.catalogue import M, P, catalogue

MESSAGES = catalogue(
    # ---- commands -----------------------------------------------------------------------------
    M("cmd_botox", "Log a Botox injection (today or a past date)"),
    M("example_botox", "e.g. /botox, /botox 3 Nov 50 units or /botox 2 weeks ago 40 left eye"),
    M("cmd_botox_history", "Your Botox injections and how each one worked"),
    M("cmd_botox_interval", "How many weeks between Botox injections"),
    M("example_botox_interval", "e.g. /botox_interval 14"),
    # ---- /reminders labels ------------------------------------------------------------------
    M("kind_botox_onset", "Botox: has it started working?"),
    M("kind_botox_effect", "Botox: effect and side effects at 4 weeks"),
    M("kind_botox_booking", "Botox: time to book"),
    M("kind_botox_due", "Botox: planned injection date"),
    # ---- /botox: bad input ------------------------------------------------------------------
    M(
        "botox_future_date",
        "{date} is in the future. I log injections you have had. For a planned one, use "
        "/appointment (for example /appointment 16 Dec 10:00) and I'll remind you of it. If you "
        "had it already, when was it?",
    ),
    M(
        "botox_bad_units",
        "“{text}” units is not a number I can store: please give whole units from 0 to {max}, "
        "for example 50, 50u or fifty units.",
    ),
    # ---- /botox: the guided entry and the read-back ----------------------------------------
    M(
        "botox_ask_date",
        "When was your Botox injection? Tap the day, or “Another date” and type it (for example "
        "3 Nov, 2 weeks ago or last Tuesday).",
    ),
    M(
        "botox_ask_last",
        "When was your last Botox injection? Tap the day, or “Another date” and type it (for "
        "example 3 Nov, 2 weeks ago or last Tuesday). I'll plan the reminders of your cycle from "
        "it.",
    ),
    M(
        "botox_type_date",
        "Please type the date of the injection, for example 3 Nov, 03.11.2026, 2 weeks ago or "
        "last Tuesday.",
    ),
    M(
        "botox_date_not_read",
        "I couldn't read “{text}” as a date. Dates I understand: 3 Nov, 3rd November, "
        "03.11.2026, 2026-11-03, yesterday, 2 weeks ago, last Tuesday.",
    ),
    M("botox_no_date_in", "I found no date in “{text}”."),
    M(
        "botox_ambiguous_date",
        "“{text}” can be read two ways: {first} or {second}. Which one do you mean?",
    ),
    M(
        "botox_ask_units",
        "How many units did you get on {date}? Tap a number, type it (0 to {max}, e.g. 35), or "
        "tap “Don't know”.",
    ),
    M(
        "botox_units_not_read",
        "I couldn't read “{text}” as units. Please type a whole number like 50 (or “50 units”), "
        "or tap “Don't know”.",
    ),
    M("botox_units_not_given", "units not given"),
    M("botox_read_back", "Botox on {date}, {units} — right?"),
    M(
        "botox_doubt_soon",
        "⚠️ That is {gap} from your injection on {date}: unusually soon after your previous "
        "injection. Is that right?",
    ),
    M("botox_doubt_units", "⚠️ {units} is an unusual amount. Is that right?"),
    M(
        "botox_change_what",
        "What should I change? Tap below, or just type the date and/or the units (for example “3 "
        "Nov 45 units”).",
    ),
    M(
        "botox_change_not_read",
        "I couldn't find a date or units in “{text}”. Type for example “3 Nov”, “45 units” or "
        "“yesterday 45”, or tap below.",
    ),
    M("botox_entry_dropped", "OK, nothing saved. You can log an injection any time with /botox."),
    M("botox_entry_gone", "This question is no longer open. Send /botox to log an injection."),
    M("btn_botox_today", "Today"),
    M("btn_botox_yesterday", "Yesterday"),
    M("btn_botox_another_date", "📅 Another date"),
    M("btn_botox_not_yet", "Not yet / don't know"),
    M("btn_botox_units_unknown", "Don't know"),
    M("btn_botox_yes", "✅ Yes"),
    M("btn_botox_change_entry", "✏️ Change"),
    M("btn_botox_change_date", "📅 Date"),
    M("btn_botox_change_units", "💉 Units"),
    M("btn_botox_cancel", "Cancel"),
    M(
        "botox_interval_question",
        "Your Botox interval is every {weeks} weeks; I remind you to book {lead} weeks before. "
        "How many weeks apart does your clinic plan your injections? Tap below or type it ({min} "
        "to {max} weeks, e.g. 14 or 3 months).",
    ),
    M(
        "botox_interval_not_read",
        "“{text}” isn't an interval I can use: it must be from {min} to {max} weeks.",
    ),
    M("botox_interval_kept_short", "✓ I'll keep every {weeks} weeks."),
    M(
        "botox_note_too_long",
        "The note is {length} characters; please keep it under {limit}. Nothing was saved yet. "
        "Here is your text to shorten and send again:\n"
        "\n"
        "{text}",
    ),
    # ---- /botox: saved --------------------------------------------------------------------
    M("botox_saved", "✅ Saved: Botox injection on {date}{units}."),
    M(
        "botox_emergency",
        "⚠️ Trouble swallowing, speaking or breathing after an injection, even weeks later, is "
        "an emergency: call your local emergency number now.",
    ),
    M("botox_note_line", "Note: {note}"),
    M("botox_since_previous", "That is {interval} after your previous injection ({date})."),
    M("botox_day_line", "You are on day {day} of this cycle (the injection day is day 0)."),
    P(
        "botox_due_line",
        "Next injection planned for {date} (every {weeks} week).",
        "Next injection planned for {date} (every {weeks} weeks).",
        "weeks",
    ),
    M("botox_status_book", "It's time to book your next injection."),
    M("botox_status_due_today", "Your next injection is planned for today."),
    M(
        "botox_status_overdue",
        "Your next injection was planned for {date}. When you have had it, log it with /botox.",
    ),
    M("botox_coming_up", "Coming up (at {time}):"),
    M("botox_coming_item", "• {date} – {what}"),
    M("botox_nothing_ahead", "There are no reminders left for this injection."),
    M("botox_interval_hint", "Change the interval with /botox_interval."),
    # ---- the clinic's interval, asked at the first /botox ----------------------------------
    M(
        "botox_interval_ask",
        "How many weeks apart does your clinic plan your injections? I use it for the booking "
        "reminder and the planned date. You can change it any time with /botox_interval.",
    ),
    P("btn_botox_interval_weeks", "{weeks} week", "{weeks} weeks", "weeks"),
    M("btn_botox_interval_unknown", "I don't know (keep {weeks})"),
    P(
        "botox_interval_from_clinic",
        "✓ Every {weeks} week, as your clinic plans.",
        "✓ Every {weeks} weeks, as your clinic plans.",
        "weeks",
    ),
    P(
        "botox_interval_kept",
        "✓ I'll keep every {weeks} week. When you know your clinic's interval, set it with "
        "/botox_interval, e.g. /botox_interval 14.",
        "✓ I'll keep every {weeks} weeks. When you know your clinic's interval, set it with "
        "/botox_interval, e.g. /botox_interval 14.",
        "weeks",
    ),
    M(
        "botox_backfill",
        "Saved to your history. Your latest injection is the one on {date}, so its reminders "
        "stay as they are.",
    ),
    M(
        "botox_duplicate",
        "You already logged an injection on {date}. See them all with /botox_history.",
    ),
    M("botox_updated", "Updated your injection on {date}{units}."),
    M("btn_botox_undo", "↩️ Undo"),
    M("botox_undone", "Removed the injection on {date}. Nothing else was changed."),
    M("botox_undo_restored", "Your reminders for the injection on {date} are back on."),
    M("botox_what_onset", "has it started working?"),
    M("botox_what_effect", "how well does it work, any side effects?"),
    M("botox_what_booking", "time to book the next injection"),
    M("botox_what_due", "next injection planned"),
    # ---- day 7: onset -----------------------------------------------------------------------
    M(
        "botox_followup_intro",
        "A gentle reminder: this Botox question is still open. Your answers can help your care "
        "team plan your next injection.",
    ),
    M(
        "botox_onset_question",
        "💉 It's been a week since your Botox injection on {date}.\n"
        "{emergency}\n"
        "\n"
        "1. Has the effect started?\n"
        "2. Have you had any of these side effects since the injection? Tap each one you have "
        "had, then Done. Each answer is saved as you tap.",
    ),
    M("botox_onset_answer", "Started working: {onset}"),
    M("botox_onset_done", "✓ Saved for your injection on {date}.\n{onset}\n{side_effects}"),
    M("botox_onset_yes", "Yes"),
    M("botox_onset_partly", "Partly"),
    M("botox_onset_not_yet", "Not yet"),
    M(
        "botox_onset_not_yet_info",
        "Botox usually starts to work about 4–8 days after the injection, sometimes a little "
        "later. I'll ask how well it works at 4 weeks. If you are worried, talk to your care "
        "team.",
    ),
    # ---- week 4: effect and side effects ------------------------------------------------------
    M(
        "botox_effect_question",
        "💉 It's 4 weeks since your Botox injection on {date}.\n"
        "\n"
        "1. How good is the effect now?\n"
        "2. Have you had any of these side effects since the injection? Tap each one you have "
        "had (those you told me about at day 7 are ticked already).\n"
        "Then tap Done. Each answer is saved as you tap.",
    ),
    M("botox_effect_answer", "Effect: {effect}"),
    M("botox_side_answer", "Side effects: {side_effects}"),
    M("botox_effect_0", "0 · No effect"),
    M("botox_effect_1", "1 · Slight"),
    M("botox_effect_2", "2 · Moderate"),
    M("botox_effect_3", "3 · Good"),
    M("botox_effect_4", "4 · Very good"),
    M("botox_se_ptosis", "Drooping eyelid"),
    M("botox_se_closure", "Eye won't close fully"),
    M("botox_se_eye", "Dry, watering or irritated eye"),
    M("botox_se_blurred", "Blurred vision"),
    M("botox_se_diplopia", "Double vision"),
    M("botox_se_mouth", "Drooping mouth or drooling"),
    M("botox_se_weakness", "Other facial weakness"),
    M("botox_se_other", "Other"),
    M("btn_botox_no_side_effects", "No side effects"),
    M("btn_botox_done", "✅ Done"),
    M("btn_botox_change", "✏️ Change"),
    M("botox_effect_done", "✓ Saved for your injection on {date}.\n{effect}\n{side_effects}"),
    M("botox_not_answered", "not answered"),
    M("botox_none", "none"),
    M(
        "botox_side_effects_advice",
        "Please tell your care team about these side effects: they can take them into account "
        "for your next injection. If something worries you, contact them now.",
    ),
    M(
        "botox_side_effects_urgent",
        "⚠️ Double vision or an eye that won't close fully: please contact your care team now, "
        "don't wait for your next injection. An eye that doesn't close fully needs protecting; "
        "ask them how.",
    ),
    # ---- booking and due ----------------------------------------------------------------------
    P(
        "botox_booking",
        "📅 Time to book your next Botox injection. It is planned for {due}, {weeks} week after "
        "the one on {date}.",
        "📅 Time to book your next Botox injection. It is planned for {due}, {weeks} weeks after "
        "the one on {date}.",
        "weeks",
    ),
    M(
        "botox_booking_now",
        "📅 Your booking reminder: your next Botox injection is planned for {due}, {weeks} weeks "
        "after the one on {date}. When you book, tell your clinic that the effect may be wearing "
        "off; they decide when your next injection should be.",
    ),
    P(
        "botox_due",
        "💉 Your next Botox injection is planned for today, {weeks} week after the one on "
        "{date}.\n"
        "\n"
        "When you have had it, tap below and I'll start the reminders for the new one. For "
        "another date, send /botox with the date, e.g. /botox 3 Nov.",
        "💉 Your next Botox injection is planned for today, {weeks} weeks after the one on "
        "{date}.\n"
        "\n"
        "When you have had it, tap below and I'll start the reminders for the new one. For "
        "another date, send /botox with the date, e.g. /botox 3 Nov.",
        "weeks",
    ),
    M("btn_botox_had_it", "💉 I had it today"),
    M("botox_already_logged", "Already logged: you have an injection on {date}."),
    # ---- wear-off -----------------------------------------------------------------------------
    M("btn_botox_wearing_off", "⏳ I think it's wearing off"),
    M("btn_botox_booking_now", "📅 Booking reminder now"),
    M("btn_botox_wear_off_undo", "↩️ Undo"),
    M(
        "botox_wear_off_estimated",
        "📈 Your Botox injection on {date} may be wearing off: on most of your last check-ins "
        "your ratings were back near their level before it, since about day {day} ({since}). "
        "This is an estimate from your diary, not a diagnosis. Please mention it at your next "
        "visit. If you like, I can send you the booking reminder now.",
    ),
    M(
        "botox_wear_off_reported",
        "✓ Noted: you think your Botox injection on {date} is wearing off (day {day}). Please "
        "mention it at your next visit. If you like, I can send you the booking reminder now.",
    ),
    M(
        "botox_wear_off_report_undone",
        "Removed: the note that your injection on {date} is wearing off.",
    ),
    M("botox_wear_off_already", "Already noted on day {day} ({date})."),
    # ---- /botox_interval ----------------------------------------------------------------------
    P("botox_interval_set", "Done: every {weeks} week.", "Done: every {weeks} weeks.", "weeks"),
    M("botox_interval_no_cycle", "It will be used from your next injection (log it with /botox)."),
    # ---- /botox_history -----------------------------------------------------------------------
    M(
        "botox_history_empty",
        "No Botox injections logged yet. Log one with /botox, e.g. /botox 3 Nov 50.",
    ),
    M("botox_history_header", "💉 Your Botox injections ({count}), newest first."),
    M("botox_history_now", "Now: day {day} of your cycle.\nNext injection planned: {due}."),
    M("botox_history_date", "💉 {date}{units}"),
    M("botox_history_interval", "{interval} after the previous one"),
    M("botox_history_first", "first one logged"),
    M("botox_history_onset", "Started working (day 7): {onset}"),
    M("botox_history_effect", "Effect at 4 weeks: {effect}"),
    M("botox_history_side", "Side effects: {side_effects}"),
    M("botox_history_wear_off_reported", "Wearing off (reported by you): day {day}, {date}"),
    M(
        "botox_history_wear_off_estimated",
        "May be wearing off (estimated from your diary):\nfrom about day {day}, {date}",
    ),
    M("botox_history_no_wear_off", "Wearing off: nothing noted"),
    M(
        "botox_history_report_hint",
        "If you think your latest injection is wearing off,\n"
        "tap below: I'll note it for your next visit.",
    ),
    M("botox_weeks_days", "{weeks} wk {days} d"),
    P("botox_weeks_only", "{weeks} week", "{weeks} weeks", "weeks"),
    P("botox_days_only", "{days} day", "{days} days", "days"),
    P("botox_units_only", "{units} unit", "{units} units", "units"),
    # ---- injection details: product, units per site, who injected (issue 13) ---------------
    # Units of different products are not interchangeable (clinical.md): always with the product.
    M(
        "botox_ask_product",
        "Which product was it? It is on your clinic's letter or the box. The units of different "
        "products are not the same, so I keep them together. Tap “Don't know” if you are not "
        "sure.",
    ),
    M("btn_botox_product_ona", "onabotulinumtoxinA (Botox)"),
    M("btn_botox_product_inco", "incobotulinumtoxinA (Xeomin)"),
    M("btn_botox_product_abo", "abobotulinumtoxinA (Dysport)"),
    M("btn_botox_product_other", "Other…"),
    M("btn_botox_product_unk", "Don't know"),
    M("botox_ask_product_name", "Please type the product's name (up to {max} characters)."),
    M(
        "botox_product_name_too_long",
        "That name is {length} characters; please type it in up to {max}, or tap “Don't know”.",
    ),
    M("botox_product_onabotulinumtoxinA", "onabotulinumtoxinA (Botox)"),
    M("botox_product_incobotulinumtoxinA", "incobotulinumtoxinA (Xeomin)"),
    M("botox_product_abobotulinumtoxinA", "abobotulinumtoxinA (Dysport)"),
    M("botox_product_other", "another product"),
    P("botox_units_product", "{units} unit {product}", "{units} units {product}", "units"),
    P(
        "botox_units_no_product",
        "{units} unit (product not recorded)",
        "{units} units (product not recorded)",
        "units",
    ),
    M("botox_product_no_units", "{product}, units not given"),
    M(
        "botox_ask_sites",
        "Units per site? If you know where on your {side} you had the injections, tap each "
        "place, then Done. Or tap Skip.",
    ),
    M("botox_sites_side_left", "left side"),
    M("botox_sites_side_right", "right side"),
    M("botox_sites_side_unknown", "affected side"),
    M("btn_botox_site_eye", "Around the eye"),
    M("btn_botox_site_cheek", "Cheek"),
    M("btn_botox_site_mouth", "Around the mouth"),
    M("btn_botox_site_chin", "Chin"),
    M("btn_botox_site_neck", "Neck"),
    M("btn_botox_ticked", "✓ {label}"),
    M("btn_botox_sites_done", "✅ Done"),
    M("btn_botox_skip", "Skip"),
    M("botox_site_eye", "around the eye"),
    M("botox_site_cheek", "cheek"),
    M("botox_site_mouth", "around the mouth"),
    M("botox_site_chin", "chin"),
    M("botox_site_neck", "neck"),
    M("botox_site_units", "{site} {units}"),
    M("botox_part", " · {part}"),
    M("botox_parts_joiner", " · "),
    M(
        "botox_ask_site_units",
        "How many units {site}? Type a number (0 to {max}, for example 10), or tap Skip.",
    ),
    M(
        "botox_site_units_not_read",
        "I couldn't read “{text}” as units. Please type a whole number from 0 to {max}, like 10, "
        "or tap Skip.",
    ),
    M(
        "botox_ask_injector",
        "Who gave you the injection? Type the name (for example Dr Li), or tap Skip.",
    ),
    M(
        "botox_injector_too_long",
        "That is {length} characters; please type the name in up to {max}, or tap Skip.",
    ),
    M("btn_botox_change_details", "💊 Product, sites, who injected"),
    M("btn_botox_details_menu", "✏️ Add details to an injection"),
    M(
        "botox_details_pick",
        "Which injection? Tap it to add the product, the units per site and who injected.",
    ),
    M("botox_details_item", "• {date}: {details}"),
    M("botox_details_saved", "✅ Updated your injection on {date}: {details}."),
    # ---- "It started working" / "I think it's wearing off": which day? ----------------------
    M("btn_botox_started", "✨ It started working"),
    M(
        "botox_mark_ask_on",
        "On which day did your injection on {date} start working? Tap the day, or type it (for "
        "example 3 days ago or 26 Nov).",
    ),
    M(
        "botox_mark_ask_wo",
        "Since which day do you think your injection on {date} is wearing off? Tap the day, or "
        "type it (for example 3 days ago or 26 Nov).",
    ),
    M("botox_mark_type", "Please type the day, for example yesterday, 3 days ago or 26 Nov."),
    M(
        "botox_mark_not_read",
        "I couldn't read “{text}” as a day. Days I understand: yesterday, 3 days ago, last "
        "Tuesday, 26 Nov, 26.11.2026.",
    ),
    M("botox_mark_future", "{day} is in the future."),
    M("botox_mark_before", "{day} is before your injection on {date}."),
    M("botox_mark_read_back_on", "It started working on {day} (day {number}) — right?"),
    M("botox_mark_read_back_wo", "It started wearing off on {day} (day {number}) — right?"),
    M("botox_mark_which", "“{text}” can be read two ways: {days}. Which one do you mean?"),
    M("botox_mark_already", "Already noted: day {day} ({date})."),
    M("botox_mark_gone", "This question is no longer open. Send /botox to mark a day."),
    M(
        "botox_onset_noted",
        "✓ Noted: your injection on {date} started working on day {number} ({day}). It helps you "
        "and your care team compare your injections.",
    ),
    M("botox_mark_undone_on", "Removed: the day your injection on {date} started working."),
    M("botox_mark_undone_wo", "Removed: the note that your injection on {date} is wearing off."),
    M("botox_history_started", "Started working: {parts}"),
    M("botox_history_started_said", "day {day} (you said)"),
    M("botox_history_started_estimated", "day {day} (estimated from your diary)"),
)
