"""English texts for the botox feature (merged into the one catalogue)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # ---- commands -----------------------------------------------------------------------------
    "cmd_botox": "Log a Botox injection (today or a past date)",
    "example_botox": "e.g. /botox, /botox 3 Nov 50 units or /botox 2 weeks ago 40 left eye",
    "cmd_botox_history": "Your Botox injections and how each one worked",
    "cmd_botox_interval": "How many weeks between Botox injections",
    "example_botox_interval": "e.g. /botox_interval 14",
    # ---- /reminders labels ------------------------------------------------------------------
    "kind_botox_onset": "Botox: has it started working?",
    "kind_botox_effect": "Botox: effect and side effects at 4 weeks",
    "kind_botox_booking": "Botox: time to book",
    "kind_botox_due": "Botox: planned injection date",
    # ---- /botox: bad input ------------------------------------------------------------------
    "botox_future_date": (
        "{date} is in the future. I log injections you have had. For a planned one, use "
        "/appointment (for example /appointment 16 Dec 10:00) and I'll remind you of it. "
        "If you had it already, when was it?"
    ),
    "botox_bad_units": (
        "“{text}” units is not a number I can store: please give whole units from 0 to {max}, "
        "for example 50, 50u or fifty units."
    ),
    # ---- /botox: the guided entry and the read-back ----------------------------------------
    "botox_ask_date": (
        "When was your Botox injection? Tap the day, or “Another date” and type it "
        "(for example 3 Nov, 2 weeks ago or last Tuesday)."
    ),
    "botox_ask_last": (
        "When was your last Botox injection? Tap the day, or “Another date” and type it "
        "(for example 3 Nov, 2 weeks ago or last Tuesday). I'll plan the reminders of your "
        "cycle from it."
    ),
    "botox_type_date": (
        "Please type the date of the injection, for example 3 Nov, 03.11.2026, 2 weeks ago "
        "or last Tuesday."
    ),
    "botox_date_not_read": (
        "I couldn't read “{text}” as a date. Dates I understand: 3 Nov, 3rd November, "
        "03.11.2026, 2026-11-03, yesterday, 2 weeks ago, last Tuesday."
    ),
    "botox_no_date_in": "I found no date in “{text}”.",
    "botox_ambiguous_date": (
        "“{text}” can be read two ways: {first} or {second}. Which one do you mean?"
    ),
    "botox_ask_units": (
        "How many units did you get on {date}? Tap a number, type it (0 to {max}, e.g. 35), or "
        "tap “Don't know”."
    ),
    "botox_units_not_read": (
        "I couldn't read “{text}” as units. Please type a whole number like 50 (or “50 units”), "
        "or tap “Don't know”."
    ),
    "botox_units_not_given": "units not given",
    "botox_read_back": "Botox on {date}, {units} — right?",
    "botox_doubt_soon": (
        "⚠️ That is {gap} from your injection on {date}: unusually soon after your previous "
        "injection. Is that right?"
    ),
    "botox_doubt_units": "⚠️ {units} is an unusual amount. Is that right?",
    "botox_change_what": (
        "What should I change? Tap below, or just type the date and/or the units "
        "(for example “3 Nov 45 units”)."
    ),
    "botox_change_not_read": (
        "I couldn't find a date or units in “{text}”. Type for example “3 Nov”, “45 units” or "
        "“yesterday 45”, or tap below."
    ),
    "botox_entry_dropped": "OK, nothing saved. You can log an injection any time with /botox.",
    "botox_entry_gone": "This question is no longer open. Send /botox to log an injection.",
    "btn_botox_today": "Today",
    "btn_botox_yesterday": "Yesterday",
    "btn_botox_another_date": "📅 Another date",
    "btn_botox_not_yet": "Not yet / don't know",
    "btn_botox_units_unknown": "Don't know",
    "btn_botox_yes": "✅ Yes",
    "btn_botox_change_entry": "✏️ Change",
    "btn_botox_change_date": "📅 Date",
    "btn_botox_change_units": "💉 Units",
    "btn_botox_cancel": "Cancel",
    "botox_interval_question": (
        "Your Botox interval is every {weeks} weeks; I remind you to book {lead} weeks before. "
        "How many weeks apart does your clinic plan your injections? Tap below or type it "
        "({min} to {max} weeks, e.g. 14 or 3 months)."
    ),
    "botox_interval_not_read": (
        "“{text}” isn't an interval I can use: it must be from {min} to {max} weeks."
    ),
    "botox_interval_kept_short": "✓ I'll keep every {weeks} weeks.",
    "botox_note_too_long": (
        "The note is {length} characters; please keep it under {limit}. Nothing was saved yet. "
        "Here is your text to shorten and send again:\n\n{text}"
    ),
    # ---- /botox: saved --------------------------------------------------------------------
    "botox_saved": "✅ Saved: Botox injection on {date}{units}.",
    "botox_emergency": (
        "⚠️ Trouble swallowing, speaking or breathing after an injection, even weeks later, "
        "is an emergency: call your local emergency number now."
    ),
    "botox_note_line": "Note: {note}",
    "botox_since_previous": "That is {interval} after your previous injection ({date}).",
    "botox_day_line": "You are on day {day} of this cycle (the injection day is day 0).",
    "botox_due_line": "Next injection planned for {date} (every {weeks:# week|# weeks}).",
    "botox_status_book": "It's time to book your next injection.",
    "botox_status_due_today": "Your next injection is planned for today.",
    "botox_status_overdue": (
        "Your next injection was planned for {date}. When you have had it, log it with /botox."
    ),
    "botox_coming_up": "Coming up (at {time}):",
    "botox_coming_item": "• {date} – {what}",
    "botox_nothing_ahead": "There are no reminders left for this injection.",
    "botox_interval_hint": "Change the interval with /botox_interval.",
    # ---- the clinic's interval, asked at the first /botox ----------------------------------
    "botox_interval_ask": (
        "How many weeks apart does your clinic plan your injections? I use it for the booking "
        "reminder and the planned date. You can change it any time with /botox_interval."
    ),
    "btn_botox_interval_weeks": "{weeks:# week|# weeks}",
    "btn_botox_interval_unknown": "I don't know (keep {weeks})",
    "botox_interval_from_clinic": "✓ Every {weeks:# week|# weeks}, as your clinic plans.",
    "botox_interval_kept": (
        "✓ I'll keep every {weeks:# week|# weeks}. When you know your clinic's interval, set it "
        "with "
        "/botox_interval, e.g. /botox_interval 14."
    ),
    "botox_backfill": (
        "Saved to your history. Your latest injection is the one on {date}, so its reminders "
        "stay as they are."
    ),
    "botox_duplicate": (
        "You already logged an injection on {date}. See them all with /botox_history."
    ),
    "botox_updated": "Updated your injection on {date}{units}.",
    "btn_botox_undo": "↩️ Undo",
    "botox_undone": "Removed the injection on {date}. Nothing else was changed.",
    "botox_undo_restored": "Your reminders for the injection on {date} are back on.",
    "botox_what_onset": "has it started working?",
    "botox_what_effect": "how well does it work, any side effects?",
    "botox_what_booking": "time to book the next injection",
    "botox_what_due": "next injection planned",
    # ---- day 7: onset -----------------------------------------------------------------------
    "botox_followup_intro": (
        "A gentle reminder: this Botox question is still open. Your answers can help your care "
        "team plan your next injection."
    ),
    "botox_onset_question": (
        "💉 It's been a week since your Botox injection on {date}.\n{emergency}\n\n"
        "1. Has the effect started?\n"
        "2. Have you had any of these side effects since the injection? Tap each one you have "
        "had, then Done. Each answer is saved as you tap."
    ),
    "botox_onset_answer": "Started working: {onset}",
    "botox_onset_done": "✓ Saved for your injection on {date}.\n{onset}\n{side_effects}",
    "botox_onset_yes": "Yes",
    "botox_onset_partly": "Partly",
    "botox_onset_not_yet": "Not yet",
    "botox_onset_not_yet_info": (
        "Botox usually starts to work about 4–8 days after the injection, sometimes a little "
        "later. I'll ask how well it works at 4 weeks. If you are worried, talk to your care "
        "team."
    ),
    # ---- week 4: effect and side effects ------------------------------------------------------
    "botox_effect_question": (
        "💉 It's 4 weeks since your Botox injection on {date}.\n\n"
        "1. How good is the effect now?\n"
        "2. Have you had any of these side effects since the injection? Tap each one you have "
        "had (those you told me about at day 7 are ticked already).\n"
        "Then tap Done. Each answer is saved as you tap."
    ),
    "botox_effect_answer": "Effect: {effect}",
    "botox_side_answer": "Side effects: {side_effects}",
    "botox_effect_0": "0 · No effect",
    "botox_effect_1": "1 · Slight",
    "botox_effect_2": "2 · Moderate",
    "botox_effect_3": "3 · Good",
    "botox_effect_4": "4 · Very good",
    "botox_se_ptosis": "Drooping eyelid",
    "botox_se_closure": "Eye won't close fully",
    "botox_se_eye": "Dry, watering or irritated eye",
    "botox_se_blurred": "Blurred vision",
    "botox_se_diplopia": "Double vision",
    "botox_se_mouth": "Drooping mouth or drooling",
    "botox_se_weakness": "Other facial weakness",
    "botox_se_other": "Other",
    "btn_botox_no_side_effects": "No side effects",
    "btn_botox_done": "✅ Done",
    "btn_botox_change": "✏️ Change",
    "botox_effect_done": "✓ Saved for your injection on {date}.\n{effect}\n{side_effects}",
    "botox_not_answered": "not answered",
    "botox_none": "none",
    "botox_side_effects_advice": (
        "Please tell your care team about these side effects: they can take them into account "
        "for your next injection. If something worries you, contact them now."
    ),
    "botox_side_effects_urgent": (
        "⚠️ Double vision or an eye that won't close fully: please contact your care team now, "
        "don't wait for your next injection. An eye that doesn't close fully needs protecting; "
        "ask them how."
    ),
    # ---- booking and due ----------------------------------------------------------------------
    "botox_booking": (
        "📅 Time to book your next Botox injection. It is planned for {due}, {weeks:# week|# "
        "weeks} "
        "after the one on {date}."
    ),
    "botox_booking_now": (
        "📅 Your booking reminder: your next Botox injection is planned for {due}, {weeks} "
        "weeks after the one on {date}. When you book, tell your clinic that the effect may be "
        "wearing off; they decide when your next injection should be."
    ),
    "botox_due": (
        "💉 Your next Botox injection is planned for today, {weeks:# week|# weeks} after the one "
        "on "
        "{date}.\n\n"
        "When you have had it, tap below and I'll start the reminders for the new one. "
        "For another date, send /botox with the date, e.g. /botox 3 Nov."
    ),
    "btn_botox_had_it": "💉 I had it today",
    "botox_already_logged": "Already logged: you have an injection on {date}.",
    # ---- wear-off -----------------------------------------------------------------------------
    "btn_botox_wearing_off": "⏳ I think it's wearing off",
    "btn_botox_booking_now": "📅 Booking reminder now",
    "btn_botox_wear_off_undo": "↩️ Undo",
    "botox_wear_off_estimated": (
        "📈 Your Botox injection on {date} may be wearing off: on most of your last check-ins "
        "your ratings were back near their level before it, since about day {day} ({since}). "
        "This is an estimate from your diary, not a diagnosis. Please mention it at your next "
        "visit. If you like, I can send you the booking reminder now."
    ),
    "botox_wear_off_reported": (
        "✓ Noted: you think your Botox injection on {date} is wearing off (day {day}). "
        "Please mention it at your next visit. If you like, I can send you the booking "
        "reminder now."
    ),
    "botox_wear_off_report_undone": (
        "Removed: the note that your injection on {date} is wearing off."
    ),
    "botox_wear_off_already": "Already noted on day {day} ({date}).",
    # ---- /botox_interval ----------------------------------------------------------------------
    "botox_interval_set": "Done: every {weeks:# week|# weeks}.",
    "botox_interval_no_cycle": "It will be used from your next injection (log it with /botox).",
    # ---- /botox_history -----------------------------------------------------------------------
    "botox_history_empty": (
        "No Botox injections logged yet. Log one with /botox, e.g. /botox 3 Nov 50."
    ),
    "botox_history_header": "💉 Your Botox injections ({count}), newest first.",
    "botox_history_now": "Now: day {day} of your cycle.\nNext injection planned: {due}.",
    "botox_history_date": "💉 {date}{units}",
    "botox_history_interval": "{interval} after the previous one",
    "botox_history_first": "first one logged",
    "botox_history_onset": "Started working (day 7): {onset}",
    "botox_history_effect": "Effect at 4 weeks: {effect}",
    "botox_history_side": "Side effects: {side_effects}",
    "botox_history_wear_off_reported": "Wearing off (reported by you): day {day}, {date}",
    "botox_history_wear_off_estimated": (
        "May be wearing off (estimated from your diary):\nfrom about day {day}, {date}"
    ),
    "botox_history_no_wear_off": "Wearing off: nothing noted",
    "botox_history_report_hint": (
        "If you think your latest injection is wearing off,\n"
        "tap below: I'll note it for your next visit."
    ),
    "botox_weeks_days": "{weeks} wk {days} d",
    "botox_weeks_only": "{weeks:# week|# weeks}",
    "botox_days_only": "{days:# day|# days}",
    "botox_units_only": "{units:# unit|# units}",
    # ---- injection details: product, units per site, who injected (issue 13) ---------------
    # Units of different products are not interchangeable (clinical.md): always with the product.
    "botox_ask_product": (
        "Which product was it? It is on your clinic's letter or the box. The units of different "
        "products are not the same, so I keep them together. Tap “Don't know” if you are not "
        "sure."
    ),
    "btn_botox_product_ona": "onabotulinumtoxinA (Botox)",
    "btn_botox_product_inco": "incobotulinumtoxinA (Xeomin)",
    "btn_botox_product_abo": "abobotulinumtoxinA (Dysport)",
    "btn_botox_product_other": "Other…",
    "btn_botox_product_unk": "Don't know",
    "botox_ask_product_name": "Please type the product's name (up to {max} characters).",
    "botox_product_name_too_long": (
        "That name is {length} characters; please type it in up to {max}, or tap “Don't know”."
    ),
    "botox_product_onabotulinumtoxinA": "onabotulinumtoxinA (Botox)",
    "botox_product_incobotulinumtoxinA": "incobotulinumtoxinA (Xeomin)",
    "botox_product_abobotulinumtoxinA": "abobotulinumtoxinA (Dysport)",
    "botox_product_other": "another product",
    "botox_units_product": "{units:# unit|# units} {product}",
    "botox_units_no_product": "{units:# unit|# units} (product not recorded)",
    "botox_product_no_units": "{product}, units not given",
    "botox_ask_sites": (
        "Units per site? If you know where on your {side} you had the injections, tap each "
        "place, then Done. Or tap Skip."
    ),
    "botox_sites_side_left": "left side",
    "botox_sites_side_right": "right side",
    "botox_sites_side_unknown": "affected side",
    "btn_botox_site_eye": "Around the eye",
    "btn_botox_site_cheek": "Cheek",
    "btn_botox_site_mouth": "Around the mouth",
    "btn_botox_site_chin": "Chin",
    "btn_botox_site_neck": "Neck",
    "btn_botox_ticked": "✓ {label}",
    "btn_botox_sites_done": "✅ Done",
    "btn_botox_skip": "Skip",
    "botox_site_eye": "around the eye",
    "botox_site_cheek": "cheek",
    "botox_site_mouth": "around the mouth",
    "botox_site_chin": "chin",
    "botox_site_neck": "neck",
    "botox_site_units": "{site} {units}",
    "botox_part": " · {part}",
    "botox_parts_joiner": " · ",
    "botox_ask_site_units": (
        "How many units {site}? Type a number (0 to {max}, for example 10), or tap Skip."
    ),
    "botox_site_units_not_read": (
        "I couldn't read “{text}” as units. Please type a whole number from 0 to {max}, like 10, "
        "or tap Skip."
    ),
    "botox_ask_injector": (
        "Who gave you the injection? Type the name (for example Dr Li), or tap Skip."
    ),
    "botox_injector_too_long": (
        "That is {length} characters; please type the name in up to {max}, or tap Skip."
    ),
    "btn_botox_change_details": "💊 Product, sites, who injected",
    "btn_botox_details_menu": "✏️ Add details to an injection",
    "botox_details_pick": (
        "Which injection? Tap it to add the product, the units per site and who injected."
    ),
    "botox_details_item": "• {date}: {details}",
    "botox_details_saved": "✅ Updated your injection on {date}: {details}.",
    # ---- "It started working" / "I think it's wearing off": which day? ----------------------
    "btn_botox_started": "✨ It started working",
    "botox_mark_ask_on": (
        "On which day did your injection on {date} start working? Tap the day, or type it "
        "(for example 3 days ago or 26 Nov)."
    ),
    "botox_mark_ask_wo": (
        "Since which day do you think your injection on {date} is wearing off? Tap the day, or "
        "type it (for example 3 days ago or 26 Nov)."
    ),
    "botox_mark_type": "Please type the day, for example yesterday, 3 days ago or 26 Nov.",
    "botox_mark_not_read": (
        "I couldn't read “{text}” as a day. Days I understand: yesterday, 3 days ago, last "
        "Tuesday, 26 Nov, 26.11.2026."
    ),
    "botox_mark_future": "{day} is in the future.",
    "botox_mark_before": "{day} is before your injection on {date}.",
    "botox_mark_read_back_on": "It started working on {day} (day {number}) — right?",
    "botox_mark_read_back_wo": "It started wearing off on {day} (day {number}) — right?",
    "botox_mark_which": "“{text}” can be read two ways: {days}. Which one do you mean?",
    "botox_mark_already": "Already noted: day {day} ({date}).",
    "botox_mark_gone": "This question is no longer open. Send /botox to mark a day.",
    "botox_onset_noted": (
        "✓ Noted: your injection on {date} started working on day {number} ({day}). "
        "It helps you and your care team compare your injections."
    ),
    "botox_mark_undone_on": "Removed: the day your injection on {date} started working.",
    "botox_mark_undone_wo": "Removed: the note that your injection on {date} is wearing off.",
    "botox_history_started": "Started working: {parts}",
    "botox_history_started_said": "day {day} (you said)",
    "botox_history_started_estimated": "day {day} (estimated from your diary)",
}
