"""English texts for medications, the /reminders view and /pause with a date."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # ---- /medication ----------------------------------------------------------------------------
    "med_usage": (
        "To add a medication, type its name, the time(s) to take it and, if you like, the dose. "
        "For example:\n/medication MedicineName 08:00,20:00 1 tablet\n"
        "Times are 24-hour HH:MM, separated by commas."
    ),
    "med_error_no_name": "Please start with the medication's name.",
    "med_error_no_times": "I couldn't find the times. Please give them like 08:00,20:00.",
    "med_error_bad_time": (
        "“{text}” isn't a time list I can read. Please give 24-hour times like 08:00,20:00."
    ),
    "med_error_too_many_times": "Please give at most {limit} times a day.",
    "med_error_name_too_long": "Please keep the name under {limit} characters.",
    "med_error_dose_too_long": "Please keep the dose under {limit} characters.",
    "med_error_no_id": "Please start with the medication's number from /medications.",
    "med_added": (
        "Added: {name}, every day at {times} ({zone}). First reminder: {next}.\n"
        "At each time I'll ask you with buttons: ✅ Taken, ⏰ In 30 min, or Skip. "
        "See all your medications with /medications.\n\n"
        "I only remind you. Please don't change how you take a medicine without talking to "
        "your doctor."
    ),
    # ---- dose reminders ------------------------------------------------------------------------
    "med_dose_prompt": (
        "💊 {time} · {name}\nTime for your dose. Tap ✅ Taken once you've taken it."
    ),
    "med_dose_repeat": "A gentle reminder: this dose is still open.",
    "med_dose_again": "⏰ Here is your reminder again.",
    "med_btn_taken": "✅ Taken",
    "med_btn_snooze": "⏰ In 30 min",
    "med_btn_skip": "Skip this dose",
    "med_dose_taken": "✅ Taken: {name}, {time} dose ({date}).",
    "med_dose_skipped": "Skipped: {name}, {time} dose ({date}). Recorded.",
    "med_dont_stop_suddenly": (
        "Some medicines should not be stopped suddenly; ask your doctor or pharmacist first."
    ),
    "med_skipped_in_a_row": "The last {count:# dose|# doses} of {name} were skipped.",
    "med_dose_snoozed": "⏰ {name}, {time} dose: I'll remind you again at {again}.",
    "med_toast_taken": "Recorded: taken.",
    "med_toast_skipped": "Recorded: skipped.",
    "med_toast_snoozed": "Okay, I'll ask again in 30 minutes.",
    "med_toast_already": "Already recorded: {outcome}.",
    "med_toast_closed": "This dose has closed (the next one is due). It was recorded as missed.",
    "med_toast_too_late": "The next dose is due very soon, so I can't snooze this one.",
    "med_toast_stopped": "This medication was stopped, so there are no more reminders for it.",
    "med_outcome_pending": "open",
    "med_outcome_taken": "taken",
    "med_outcome_skipped": "skipped",
    "med_outcome_missed": "missed",
    # ---- /medications -------------------------------------------------------------------------
    "med_list_title": "Your medications",
    "med_list_empty": (
        "You have no medication reminders. Add one like this:\n"
        "/medication MedicineName 08:00,20:00 1 tablet"
    ),
    "med_list_times": "every day at {times}",
    "med_time_paused": "{time} (paused)",
    "med_list_since": "since {date}",
    "med_list_changed": "dose or times changed {date}",
    "med_adherence": (
        "Taken: {taken7} of {due7} doses in the last 7 days ({pct7}), "
        "{taken30} of {due30} in the last 30 days ({pct30})"
    ),
    "med_adherence_none": "No doses recorded yet.",
    "med_list_footer": "Add another with /medication. See every reminder with /reminders.",
    "med_btn_stop": "⏹ Stop {name}",
    "med_btn_change": "✏️ Change {name}",
    "med_stop_confirm": (
        "Stop the reminders for {name}? The doses you recorded are kept. You can add it again "
        "any time with /medication.\n\n"
        "Some medicines should not be stopped suddenly; ask your doctor or pharmacist first."
    ),
    "med_btn_stop_yes": "⏹ Yes, stop",
    "med_btn_stop_no": "No, keep it",
    "med_stopped": (
        "Stopped: {name}. No more reminders for it; your records are kept. Some medicines "
        "should not be stopped suddenly; ask your doctor or pharmacist first."
    ),
    "med_toast_stop_done": "Stopped.",
    # ---- the guided steps ---------------------------------------------------------------------
    "med_ask_name": (
        "Which medication? Tap one or type its name (you can add the dose and times too, "
        "e.g. “MedicineName 1 tablet at 8am and 8pm”)."
    ),
    "med_bad_name": "“{text}” doesn't look like a medication's name. Please type just the name.",
    "med_ask_dose": (
        "What dose of {name} do you take each time? Type it as on the pack, e.g. “1 tablet”, "
        "or tap No dose."
    ),
    "med_btn_no_dose": "No dose",
    "med_ask_times": (
        "How often do you take {name}? Tap one, or type the times, e.g. “8am and 8pm”, "
        "“three times a day” or “8.30pm”."
    ),
    "med_btn_per_day_1": "Once a day",
    "med_btn_per_day_2": "Twice a day",
    "med_btn_per_day_3": "Three times a day",
    "med_bad_times": (
        "I couldn't read “{text}” as times. Please type them like “8am and 8pm”, “8.30pm”, "
        "“twice a day” or 08:00,20:00."
    ),
    "med_times_join": "{first} and {last}",
    "med_readback": "{name} at {times}, every day — right?",
    "med_readback_change": "Change to: {name} at {times}, every day — right?",
    "med_btn_yes": "✅ Yes",
    "med_btn_fix": "✏️ Change",
    "med_fix_what": "What would you like to change?",
    "med_btn_fix_name": "Name",
    "med_btn_fix_dose": "Dose",
    "med_btn_fix_times": "Times",
    "med_btn_cancel": "Cancel",
    "med_btn_stop_it": "⏹ Stop taking it",
    "med_cancelled": "Cancelled. Nothing was changed.",
    "med_toast_nothing_open": "Nothing is waiting for this any more.",
    # ---- changing -----------------------------------------------------------------------------
    "med_change_what": "{name}, every day at {times}. What would you like to change?",
    "med_change_which": "Which medication would you like to change?",
    "med_change_not_found": "I can't find “{text}” among your medications.",
    "med_change_usage": (
        "To change a medication, give its number, the new times and, if it changed, the dose. "
        "For example:\n/medication_change 3 08:00,21:00 1 tablet"
    ),
    "med_change_list": "Your medications, with the command to change each:",
    "med_change_unknown": "I can't find a medication number {id} of yours.",
    "med_changed": "Changed: {name}, now every day at {times}. Next reminder: {next}.",
    # ---- /reminders ---------------------------------------------------------------------------
    "rem_title": "🔔 Your reminders for the next 14 days ({zone} time)",
    # ---- the back-off's one question ------------------------------------------------------------
    "rem_offer_pause": (
        "I have asked {count:# time|# times} in a row without an answer ({what}). That's all "
        "right. "
        "Shall I pause these reminders for now? You can turn them back on any time with "
        "/reminders."
    ),
    "rem_btn_offer_pause": "⏸ Pause them for now",
    "rem_btn_offer_keep": "Keep reminding me",
    "rem_offer_paused": "⏸ Paused: {what}. Turn it back on any time with /reminders.",
    "rem_offer_kept": "👍 I'll keep reminding you: {what}.",
    "rem_all_paused": "⏸ Everything is {status}.",
    "rem_all_paused_but_meds": "⏸ Everything except medication reminders is {status}.",
    "rem_none": (
        "Nothing is scheduled. Set a daily check-in with /checkin_time 09:00, or add a "
        "medication with /medication."
    ),
    "rem_every_day": "every day at {time} (next {next})",
    "rem_until": " until {last}",
    "rem_and_more": " and {count} more",
    "rem_paused_mark": " · ⏸ paused",
    "rem_more": "…and {count:# more reminder|# more reminders} not shown here.",
    "rem_footer": "Tap ⏸ to pause one reminder, 🗑 to delete it. /pause pauses everything.",
    "rem_btn_pause": "⏸ Pause {n}",
    "rem_btn_resume": "▶️ Resume {n}",
    "rem_btn_delete": "🗑 Delete {n}",
    "rem_paused": "⏸ Paused: {what}. Tap Resume to turn it back on.",
    "rem_resumed": "▶️ Resumed: {what}.",
    "rem_nothing_left": "{what} has nothing left to remind you of.",
    "rem_toast_paused": "Paused.",
    "rem_toast_resumed": "Resumed.",
    "rem_delete_confirm": "Delete this reminder?\n{what}",
    "rem_delete_med_note": (
        "This removes that time from the medication; the others stay. Some medicines should "
        "not be stopped suddenly; ask your doctor or pharmacist first."
    ),
    "rem_btn_delete_yes": "🗑 Yes, delete",
    "rem_btn_delete_no": "No, keep it",
    "rem_deleted": "🗑 Deleted: {what}.",
    "rem_toast_deleted": "Deleted.",
    # ---- /pause ---------------------------------------------------------------------------------
    "pause_ask_how_long": (
        "How long shall I pause your check-ins and reminders? Tap one, or send it with the "
        "command, e.g. /pause 2 weeks or /pause 24 Dec."
    ),
    "pause_btn_1": "1 day",
    "pause_btn_3": "3 days",
    "pause_btn_7": "1 week",
    "pause_btn_14": "2 weeks",
    "pause_btn_date": "📅 Until a date…",
    "pause_btn_open": "Until I send /resume",
    "pause_ask_date": (
        "Until when? Type a date or how long, e.g. “3 Dec”, “2 weeks”, “3 months” or "
        "“until Christmas”. "
        "Reminders start again on that day."
    ),
    "pause_ask_meds": (
        "You have medication reminders ({meds}). Shall they pause too, until {until}?"
    ),
    "pause_ask_meds_open": (
        "You have medication reminders ({meds}). Shall they pause too, until you send /resume?"
    ),
    "pause_btn_meds_yes": "Yes, pause them too",
    "pause_btn_meds_no": "No, keep medication reminders",
    "pause_what_all": "your check-ins and all reminders",
    "pause_what_with_meds": (
        "your check-ins and all reminders, including medication reminders ({meds})"
    ),
    "pause_what_but_meds": "your check-ins and reminders, except medication reminders",
    "pause_done": (
        "⏸ Paused until {until}: {what}. They start again on {until}; send /resume to start "
        "again sooner."
    ),
    "pause_done_open": "⏸ Paused until you send /resume: {what}.",
    "pause_meds_kept": "💊 Medication reminders keep coming: {meds}.",
    "pause_date_form": "“{text}” isn't a number of days or a date I can read.",
    "pause_date_past": "“{text}” is today or in the past; please give a later date.",
    "pause_which_day": "“{text}” could be {first} or {second}. Which one do you mean?",
    "pause_date_far": "“{text}” is more than a year ahead; please give a nearer date.",
    # ---- schedule kinds, as /reminders shows them ----------------------------------------------
    "kind_checkin": "Daily check-in",
    "kind_med_dose": "Medication",
    # ---- command menu ---------------------------------------------------------------------------
    "cmd_medication": "Add a medication with its reminder times",
    "cmd_medications": "Your medications: taken doses, stop or change",
    "cmd_medication_change": "Change a medication's times or dose",
    "cmd_reminders": "Everything scheduled in the next 14 days",
    "example_medication": "e.g. /medication MedicineName 08:00,20:00 1 tablet",
    "example_medication_change": "e.g. /medication_change 3 08:00,21:00",
}
