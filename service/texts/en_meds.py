"""English texts for medications, the /reminders view and /pause with a date."""

from __future__ import annotations

from service.texts.catalogue import M, P, catalogue

MESSAGES = catalogue(
    # ---- /medication ----------------------------------------------------------------------------
    M(
        "med_usage",
        "To add a medication, type its name, the time(s) to take it and, if you like, the dose. "
        "For example:\n"
        "/medication MedicineName 08:00,20:00 1 tablet\n"
        "Times are 24-hour HH:MM, separated by commas.",
    ),
    M("med_error_no_name", "Please start with the medication's name."),
    M("med_error_no_times", "I couldn't find the times. Please give them like 08:00,20:00."),
    M(
        "med_error_bad_time",
        "“{text}” isn't a time list I can read. Please give 24-hour times like 08:00,20:00.",
    ),
    M("med_error_too_many_times", "Please give at most {limit} times a day."),
    M("med_error_name_too_long", "Please keep the name under {limit} characters."),
    M("med_error_dose_too_long", "Please keep the dose under {limit} characters."),
    M("med_error_no_id", "Please start with the medication's number from /medications."),
    M(
        "med_added",
        "Added: {name}, every day at {times} ({zone}). First reminder: {next}.\n"
        "At each time I'll ask you with buttons: ✅ Taken, ⏰ In 30 min, or Skip. See all your "
        "medications with /medications.\n"
        "\n"
        "I only remind you. Please don't change how you take a medicine without talking to your "
        "doctor.",
    ),
    # ---- dose reminders ------------------------------------------------------------------------
    M(
        "med_dose_prompt",
        "💊 {time} · {name}\nTime for your dose. Tap ✅ Taken once you've taken it.",
    ),
    M("med_dose_repeat", "A gentle reminder: this dose is still open."),
    M("med_dose_again", "⏰ Here is your reminder again."),
    M("med_btn_taken", "✅ Taken"),
    M("med_btn_snooze", "⏰ In 30 min"),
    M("med_btn_skip", "Skip this dose"),
    M("med_dose_taken", "✅ Taken: {name}, {time} dose ({date})."),
    M("med_dose_skipped", "Skipped: {name}, {time} dose ({date}). Recorded."),
    M(
        "med_dont_stop_suddenly",
        "Some medicines should not be stopped suddenly; ask your doctor or pharmacist first.",
    ),
    P(
        "med_skipped_in_a_row",
        "The last {count} dose of {name} were skipped.",
        "The last {count} doses of {name} were skipped.",
        "count",
    ),
    M("med_dose_snoozed", "⏰ {name}, {time} dose: I'll remind you again at {again}."),
    M("med_toast_taken", "Recorded: taken."),
    M("med_toast_skipped", "Recorded: skipped."),
    M("med_toast_snoozed", "Okay, I'll ask again in 30 minutes."),
    M("med_toast_already", "Already recorded: {outcome}."),
    M(
        "med_toast_closed",
        "This dose has closed (the next one is due). It was recorded as missed.",
    ),
    M("med_toast_too_late", "The next dose is due very soon, so I can't snooze this one."),
    M("med_toast_stopped", "This medication was stopped, so there are no more reminders for it."),
    M("med_outcome_pending", "open"),
    M("med_outcome_taken", "taken"),
    M("med_outcome_skipped", "skipped"),
    M("med_outcome_missed", "missed"),
    # ---- /medications -------------------------------------------------------------------------
    M("med_list_title", "Your medications"),
    M(
        "med_list_empty",
        "You have no medication reminders. Add one like this:\n"
        "/medication MedicineName 08:00,20:00 1 tablet",
    ),
    M("med_list_times", "every day at {times}"),
    M("med_time_paused", "{time} (paused)"),
    M("med_list_since", "since {date}"),
    M("med_list_changed", "dose or times changed {date}"),
    M(
        "med_adherence",
        "Taken: {taken7} of {due7} doses in the last 7 days ({pct7}), {taken30} of {due30} in "
        "the last 30 days ({pct30})",
    ),
    M("med_adherence_none", "No doses recorded yet."),
    M("med_list_footer", "Add another with /medication. See every reminder with /reminders."),
    M("med_btn_stop", "⏹ Stop {name}"),
    M("med_btn_change", "✏️ Change {name}"),
    M(
        "med_stop_confirm",
        "Stop the reminders for {name}? The doses you recorded are kept. You can add it again "
        "any time with /medication.\n"
        "\n"
        "Some medicines should not be stopped suddenly; ask your doctor or pharmacist first.",
    ),
    M("med_btn_stop_yes", "⏹ Yes, stop"),
    M("med_btn_stop_no", "No, keep it"),
    M(
        "med_stopped",
        "Stopped: {name}. No more reminders for it; your records are kept. Some medicines should "
        "not be stopped suddenly; ask your doctor or pharmacist first.",
    ),
    M("med_toast_stop_done", "Stopped."),
    # ---- the guided steps ---------------------------------------------------------------------
    M(
        "med_ask_name",
        "Which medication? Tap one or type its name (you can add the dose and times too, e.g. "
        "“MedicineName 1 tablet at 8am and 8pm”).",
    ),
    M(
        "med_bad_name",
        "“{text}” doesn't look like a medication's name. Please type just the name.",
    ),
    M(
        "med_ask_dose",
        "What dose of {name} do you take each time? Type it as on the pack, e.g. “1 tablet”, or "
        "tap No dose.",
    ),
    M("med_btn_no_dose", "No dose"),
    M(
        "med_ask_times",
        "How often do you take {name}? Tap one, or type the times, e.g. “8am and 8pm”, “three "
        "times a day” or “8.30pm”.",
    ),
    M("med_btn_per_day_1", "Once a day"),
    M("med_btn_per_day_2", "Twice a day"),
    M("med_btn_per_day_3", "Three times a day"),
    M(
        "med_bad_times",
        "I couldn't read “{text}” as times. Please type them like “8am and 8pm”, “8.30pm”, "
        "“twice a day” or 08:00,20:00.",
    ),
    M("med_times_join", "{first} and {last}"),
    M("med_readback", "{name} at {times}, every day — right?"),
    M("med_readback_change", "Change to: {name} at {times}, every day — right?"),
    M("med_btn_yes", "✅ Yes"),
    M("med_btn_fix", "✏️ Change"),
    M("med_fix_what", "What would you like to change?"),
    M("med_btn_fix_name", "Name"),
    M("med_btn_fix_dose", "Dose"),
    M("med_btn_fix_times", "Times"),
    M("med_btn_cancel", "Cancel"),
    M("med_btn_stop_it", "⏹ Stop taking it"),
    M("med_cancelled", "Cancelled. Nothing was changed."),
    M("med_toast_nothing_open", "Nothing is waiting for this any more."),
    # ---- changing -----------------------------------------------------------------------------
    M("med_change_what", "{name}, every day at {times}. What would you like to change?"),
    M("med_change_which", "Which medication would you like to change?"),
    M("med_change_not_found", "I can't find “{text}” among your medications."),
    M(
        "med_change_usage",
        "To change a medication, give its number, the new times and, if it changed, the dose. "
        "For example:\n"
        "/medication_change 3 08:00,21:00 1 tablet",
    ),
    M("med_change_list", "Your medications, with the command to change each:"),
    M("med_change_unknown", "I can't find a medication number {id} of yours."),
    M("med_changed", "Changed: {name}, now every day at {times}. Next reminder: {next}."),
    # ---- /reminders ---------------------------------------------------------------------------
    M("rem_title", "🔔 Your reminders for the next 14 days ({zone} time)"),
    # ---- the back-off's one question ------------------------------------------------------------
    P(
        "rem_offer_pause",
        "I have asked {count} time in a row without an answer ({what}). That's all right. Shall "
        "I pause these reminders for now? You can turn them back on any time with /reminders.",
        "I have asked {count} times in a row without an answer ({what}). That's all right. Shall "
        "I pause these reminders for now? You can turn them back on any time with /reminders.",
        "count",
    ),
    M("rem_btn_offer_pause", "⏸ Pause them for now"),
    M("rem_btn_offer_keep", "Keep reminding me"),
    M("rem_offer_paused", "⏸ Paused: {what}. Turn it back on any time with /reminders."),
    M("rem_offer_kept", "👍 I'll keep reminding you: {what}."),
    M("rem_all_paused", "⏸ Everything is {status}."),
    M("rem_all_paused_but_meds", "⏸ Everything except medication reminders is {status}."),
    M(
        "rem_none",
        "Nothing is scheduled. Set a daily check-in with /checkin_time 09:00, or add a "
        "medication with /medication.",
    ),
    M("rem_every_day", "every day at {time} (next {next})"),
    M("rem_until", " until {last}"),
    M("rem_and_more", " and {count} more"),
    M("rem_paused_mark", " · ⏸ paused"),
    P(
        "rem_more",
        "…and {count} more reminder not shown here.",
        "…and {count} more reminders not shown here.",
        "count",
    ),
    M("rem_footer", "Tap ⏸ to pause one reminder, 🗑 to delete it. /pause pauses everything."),
    M("rem_btn_pause", "⏸ Pause {n}"),
    M("rem_btn_resume", "▶️ Resume {n}"),
    M("rem_btn_delete", "🗑 Delete {n}"),
    M("rem_paused", "⏸ Paused: {what}. Tap Resume to turn it back on."),
    M("rem_resumed", "▶️ Resumed: {what}."),
    M("rem_nothing_left", "{what} has nothing left to remind you of."),
    M("rem_toast_paused", "Paused."),
    M("rem_toast_resumed", "Resumed."),
    M("rem_delete_confirm", "Delete this reminder?\n{what}"),
    M(
        "rem_delete_med_note",
        "This removes that time from the medication; the others stay. Some medicines should not "
        "be stopped suddenly; ask your doctor or pharmacist first.",
    ),
    M("rem_btn_delete_yes", "🗑 Yes, delete"),
    M("rem_btn_delete_no", "No, keep it"),
    M("rem_deleted", "🗑 Deleted: {what}."),
    M("rem_toast_deleted", "Deleted."),
    # ---- /pause ---------------------------------------------------------------------------------
    M(
        "pause_ask_how_long",
        "How long shall I pause your check-ins and reminders? Tap one, or send it with the "
        "command, e.g. /pause 2 weeks or /pause 24 Dec.",
    ),
    M("pause_btn_1", "1 day"),
    M("pause_btn_3", "3 days"),
    M("pause_btn_7", "1 week"),
    M("pause_btn_14", "2 weeks"),
    M("pause_btn_date", "📅 Until a date…"),
    M("pause_btn_open", "Until I send /resume"),
    M(
        "pause_ask_date",
        "Until when? Type a date or how long, e.g. “3 Dec”, “2 weeks”, “3 months” or “until "
        "Christmas”. Reminders start again on that day.",
    ),
    M(
        "pause_ask_meds",
        "You have medication reminders ({meds}). Shall they pause too, until {until}?",
    ),
    M(
        "pause_ask_meds_open",
        "You have medication reminders ({meds}). Shall they pause too, until you send /resume?",
    ),
    M("pause_btn_meds_yes", "Yes, pause them too"),
    M("pause_btn_meds_no", "No, keep medication reminders"),
    M("pause_what_all", "your check-ins and all reminders"),
    M(
        "pause_what_with_meds",
        "your check-ins and all reminders, including medication reminders ({meds})",
    ),
    M("pause_what_but_meds", "your check-ins and reminders, except medication reminders"),
    M(
        "pause_done",
        "⏸ Paused until {until}: {what}. They start again on {until}; send /resume to start "
        "again sooner.",
    ),
    M("pause_done_open", "⏸ Paused until you send /resume: {what}."),
    M("pause_meds_kept", "💊 Medication reminders keep coming: {meds}."),
    M("pause_date_form", "“{text}” isn't a number of days or a date I can read."),
    M("pause_date_past", "“{text}” is today or in the past; please give a later date."),
    M("pause_which_day", "“{text}” could be {first} or {second}. Which one do you mean?"),
    M("pause_date_far", "“{text}” is more than a year ahead; please give a nearer date."),
    # ---- schedule kinds, as /reminders shows them ----------------------------------------------
    M("kind_checkin", "Daily check-in"),
    M("kind_med_dose", "Medication"),
    # ---- command menu ---------------------------------------------------------------------------
    M("cmd_medication", "Add a medication with its reminder times"),
    M("cmd_medications", "Your medications: taken doses, stop or change"),
    M("cmd_medication_change", "Change a medication's times or dose"),
    M("cmd_reminders", "Everything scheduled in the next 14 days"),
    M("example_medication", "e.g. /medication MedicineName 08:00,20:00 1 tablet"),
    M("example_medication_change", "e.g. /medication_change 3 08:00,21:00"),
)
