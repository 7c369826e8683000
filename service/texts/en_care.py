"""English texts for the care feature: appointments and the follow-up after MVD surgery."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # ---- command menu and /reminders labels ---------------------------------------------------
    "cmd_appointment": "Add a doctor's appointment with reminders",
    "cmd_appointments": "See, change or cancel your appointments",
    "cmd_surgery": "Follow-up after MVD surgery",
    "example_appointment": "e.g. /appointment 3 Dec 14:30 Dr Smith",
    "example_surgery": "e.g. /surgery 17 Nov",
    "kind_appt_day_before": "Appointment: reminder the day before",
    "kind_appt_soon": "Appointment: reminder 2 hours before",
    "kind_appt_followup": "Appointment: what changed?",
    "kind_surgery_daily": "After surgery: daily safety check",
    "kind_surgery_progress": "After surgery: how is the spasm?",
    # ---- /appointment -------------------------------------------------------------------------
    "appt_usage": (
        "To add an appointment, send /appointment with the date, the time and, if you like, "
        "who or where.\n"
        "For example: /appointment {example} 14:30 Dr Smith\n"
        "Dates like {forms} work; times like 14:30 or 2:30 pm."
    ),
    "appt_bad_date": "I couldn't read a date at the start of “{text}”.",
    "appt_bad_time": "I found the date but no time after it in “{text}”.",
    "appt_past": "{when} has already passed. Please give a date and time still ahead.",
    "appt_too_far": "{when} is more than two years ahead. Please check the date.",
    "appt_whom_too_long": (
        "The “with whom / where” part is {length} characters; please keep it under {limit}. "
        "Here is what you sent, to shorten:\n\n{text}"
    ),
    "appt_saved": "📅 Appointment saved: {when} ({zone}){whom}.\n{reminders}\n{after}",
    "appt_whom": " – {whom}",
    "appt_reminders": "I'll remind you {items}.",
    "appt_reminder_day_before": "the day before ({when})",
    "appt_reminder_soon": "2 hours before ({when})",
    "appt_reminders_join": " and ",
    "appt_reminders_none": "It is less than 2 hours away, so no reminder comes before it.",
    "appt_after_note": (
        "Afterwards ({when}) I'll ask what changed. See or change it with /appointments."
    ),
    # ---- /appointments ------------------------------------------------------------------------
    "appt_list_header": "Your upcoming appointments:",
    "appt_list_line": "#{id} {when}{whom}",
    "appt_list_footer": "Tap to change or cancel one.",
    "appt_list_empty": (
        "You have no upcoming appointments. Add one like this: "
        "/appointment {example} 14:30 Dr Smith"
    ),
    "btn_appt_change": "✏️ Change #{id}",
    "btn_appt_cancel": "❌ Cancel #{id}",
    "btn_appt_undo": "↩️ Undo",
    "appt_cancelled": "❌ Cancelled: {when}{whom}. Its reminders are off.",
    "appt_restored": "↩️ Restored: {when}{whom}.\n{reminders}",
    "appt_move_ask": (
        "New date and time for your appointment on {when}{whom}?\n"
        "Type it here, e.g. “{example} 15:00”. "
        "To cancel it instead, use /appointments."
    ),
    "appt_move_placeholder": "e.g. {example} 15:00",
    "appt_moved": "✏️ Moved: {old} → {when} ({zone}){whom}.\n{reminders}",
    "appt_gone": "That appointment is no longer upcoming. See /appointments.",
    "appt_change_toast": "Type the new date and time.",
    # ---- reminders ----------------------------------------------------------------------------
    "appt_day_before_text": (
        "📅 Reminder: {day}, {when}, you have an appointment{whom}.\n\n"
        "To bring along: {summary}\n\n"
        "Change or cancel it with the buttons below or /appointments."
    ),
    "appt_tomorrow": "tomorrow",
    "appt_today": "today",
    "appt_soon_text": "📅 Coming up soon, at {time}: your appointment{whom}.",
    "appt_followup_text": (
        "How did your appointment on {when}{whom} go? Did anything change in your treatment?"
    ),
    "btn_appt_outcome_botox": "💉 New Botox date",
    "btn_appt_outcome_medication": "💊 Medication change",
    "btn_appt_outcome_surgery": "🏥 Surgery (MVD) planned",
    "btn_appt_outcome_nothing": "Nothing changed",
    "appt_outcome_botox": (
        "Saved: a new Botox date. Your treatment is now Botox injections. "
        "Log the injection with /botox and its date, e.g. /botox {example}."
    ),
    "appt_outcome_medication": (
        "Saved: a medication change. Your treatment is now medication. "
        "Set up the new medication and its reminders with /medication."
    ),
    "appt_outcome_surgery": (
        "Saved: surgery (MVD) planned. Once you know the date, send /surgery with it, "
        "e.g. /surgery {example}, and I'll set up the follow-up after the operation."
    ),
    "appt_outcome_nothing": "Saved: nothing changed. Your treatment stays as it is.",
    # ---- /surgery -----------------------------------------------------------------------------
    "surgery_usage": (
        "Send /surgery with the date of your MVD operation, e.g. /surgery {example}. "
        "Dates like {forms} work.\n"
        "I'll then check in with you: a short safety check every day for the first 2 weeks, "
        "then weekly until about 3 months and monthly until 12 months."
    ),
    "surgery_status": (
        "Your follow-up after surgery on {date}: next check {next}.\n"
        "To change the date: /surgery <date>. To stop: /surgery stop."
    ),
    "surgery_status_done": "Your follow-up plan after surgery on {date} has no checks left.",
    "surgery_bad_date": "I couldn't read “{text}” as a date.",
    "surgery_too_old": (
        "{date} is more than 12 months ago; the follow-up plan covers the first 12 months "
        "after surgery."
    ),
    "surgery_too_far": "{date} is more than a year ahead. Please check the date.",
    "surgery_saved": (
        "🏥 Surgery (MVD) on {date} saved. Your follow-up plan:\n"
        "• Days 1–14: a short daily safety check at {time} ({first} to {last_daily}).\n"
        "• Then weekly until about 3 months ({last_weekly}), then monthly until 12 months "
        "({last}): how is the spasm compared with before surgery?\n"
        "{next_line}\n\n"
        "{red_flags}\n\n"
        "{delayed}"
    ),
    "surgery_next": "Next check: {when}.",
    "surgery_next_none": "All checks of this plan are in the past.",
    "surgery_replaced": (
        "This replaces your earlier plan (surgery on {date}); its reminders are off."
    ),
    "surgery_stopped": (
        "The follow-up plan after surgery on {date} is stopped. Nothing more will come."
    ),
    "surgery_none_active": "You have no active follow-up plan.",
    "surgery_red_flags": (
        "⚠️ Contact your surgical team at once, or emergency services if you can't reach them, "
        "if you notice: new hearing loss or ringing in the ear, clear fluid from the nose or "
        "wound, fever, a severe headache or stiff neck, new weakness of the face, or a wound "
        "that is red or leaking."
    ),
    "surgery_delayed": (
        "Good to know: after MVD the spasm often does not stop at once. In about 1 in 4 "
        "people it fades slowly, over weeks to months (sometimes up to a year). A slow start "
        "is common and does not mean the operation failed. Your surgical team can tell you "
        "what to expect in your case."
    ),
    # ---- daily red-flag screen ----------------------------------------------------------------
    "surgery_daily_text": (
        "🏥 Day {day} of 14 after surgery · {date}\n"
        "Quick safety check. Since yesterday, have you noticed any of these? "
        "Tap each one that applies."
    ),
    "surgery_flag_hearing": "New hearing loss or ringing",
    "surgery_flag_fluid": "Clear fluid from nose or wound",
    "surgery_flag_fever": "Fever",
    "surgery_flag_headache": "Severe headache or stiff neck",
    "surgery_flag_weakness": "New weakness of the face",
    "surgery_flag_wound": "Wound red or leaking",
    "btn_surgery_none": "✅ None of these",
    "btn_surgery_done": "Done",
    "surgery_urgent": (
        "⚠️ Please contact your surgical team now about: {flags}.\n"
        "If you can't reach them, or you feel very unwell, call your local emergency number. "
        "Don't wait for your next appointment. I can't judge how serious this is; they can."
    ),
    "surgery_daily_none": (
        "✅ Day {day}: none of the warning signs. Thank you. "
        "If anything changes, contact your surgical team at once."
    ),
    "surgery_daily_flags": (
        "Day {day} saved. You reported: {flags}. "
        "Please make sure you have contacted your surgical team."
    ),
    "surgery_flag_saved": "Saved.",
    "surgery_flag_removed": "Removed.",
    # ---- progress question --------------------------------------------------------------------
    "surgery_week": "Week {number}",
    "surgery_month": "Month {number}",
    "surgery_progress_text": (
        "🏥 {period} after surgery · {date}\n"
        "How is the spasm now, compared with before the operation?"
    ),
    "surgery_progress_watch": (
        "Facial weakness can also start weeks after the operation: if your face feels newly "
        "weak, or you notice any warning sign, contact your surgical team."
    ),
    "surgery_spasm_gone": "Gone",
    "surgery_spasm_much_better": "Much better",
    "surgery_spasm_bit_better": "A little better",
    "surgery_spasm_same": "The same",
    "surgery_spasm_worse": "Worse",
    "surgery_progress_saved": "Saved for {period}: {answer}.",
    "surgery_progress_gone": "That's very good to hear.",
    "surgery_progress_worse": "If it worries you, tell your surgical team.",
    "surgery_plan_ended": "This follow-up plan was replaced or stopped; nothing was changed.",
}
