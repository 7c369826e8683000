"""English texts for the care feature: appointments and the follow-up after MVD surgery."""

from __future__ import annotations

from service.texts.catalogue import M, catalogue

MESSAGES = catalogue(
    # ---- command menu and /reminders labels ---------------------------------------------------
    M("cmd_appointment", "Add a doctor's appointment with reminders"),
    M("cmd_appointments", "See, change or cancel your appointments"),
    M("cmd_surgery", "Follow-up after MVD surgery, and your surgical team's phone"),
    M("cmd_clinic", "Your Botox clinic's phone number"),
    M("example_appointment", "e.g. /appointment 3 Dec 14:30 Dr Smith"),
    M("example_surgery", "e.g. /surgery 17 Nov, or /surgery phone"),
    M("example_clinic", "e.g. /clinic +44 20 7946 0000, or /clinic remove"),
    M("kind_appt_day_before", "Appointment: reminder the day before"),
    M("kind_appt_soon", "Appointment: reminder 2 hours before"),
    M("kind_appt_followup", "Appointment: what changed?"),
    M("kind_surgery_daily", "After surgery: daily safety check"),
    M("kind_surgery_progress", "After surgery: how is the spasm?"),
    M("kind_surgery_followup", "After surgery: reminder of an unanswered safety check"),
    # ---- /appointment -------------------------------------------------------------------------
    M("appt_bad_date", "I couldn't read a date at the start of “{text}”."),
    M("appt_bad_time_only", "I couldn't read a time in “{text}”."),
    M(
        "appt_ask_date",
        "📅 When is the appointment? Tap a day or type the date, e.g. “{example}”, “next Monday "
        "10:30” or “in 2 weeks”. A time and who or where can go with it.",
    ),
    M(
        "appt_ask_move",
        "✏️ New date for your appointment on {old}? Tap a day or type it, e.g. “{example} "
        "15:00”. To cancel it instead, use /appointments.",
    ),
    M(
        "appt_ask_botox_date",
        "💉 When is the next Botox injection planned? Tap a day or type the date, e.g. “{example} "
        "10:00”. I'll remind you like for any appointment.\n"
        "Already had it? Log it with /botox and its date.",
    ),
    M("appt_pick_tomorrow", "Tomorrow"),
    M("appt_pick_two_weeks", "In 2 weeks"),
    M("appt_pick_other", "Another date…"),
    M("appt_type_date", "Type the date, e.g. “{example}”, “next Friday” or “3 Dec 10:30”."),
    M("appt_which_date", "“{text}” can be read two ways. Which date do you mean?"),
    M("appt_ask_time", "🕒 What time on {day}? Tap one or type it, e.g. “8.30pm” or “14:15”."),
    M(
        "appt_ask_what",
        "Who or where is it with? E.g. “neurologist, City Hospital”. Type it, or skip.",
    ),
    M("btn_appt_skip_what", "Skip"),
    M("appt_read_back", "Appointment on {day} at {time}{whom} — right?"),
    M("appt_read_back_move", "Move your appointment on {old} to {day} at {time}{whom} — right?"),
    M("btn_appt_yes", "✅ Yes"),
    M("btn_appt_change_draft", "✏️ Change"),
    M(
        "appt_clash",
        "You already have an appointment then: {when}{whom}. Keep that one, or replace it with "
        "the new one?",
    ),
    M("btn_appt_keep_existing", "Keep the existing one"),
    M("btn_appt_replace", "Replace"),
    M("appt_kept_existing", "Kept: your appointment on {when}. Nothing new was added."),
    M("appt_nothing_changed", "Nothing was changed. See /appointments."),
    M("appt_botox_what", "Botox injection"),
    M(
        "appt_botox_past",
        "{when} has already passed. To log an injection you've had, use /botox with its date. "
        "For a planned one, give a date still ahead.",
    ),
    M("appt_past", "{when} has already passed. Please give a date and time still ahead."),
    M("appt_too_far", "{when} is more than two years ahead. Please check the date."),
    M(
        "appt_whom_too_long",
        "The “with whom / where” part is {length} characters; please keep it under {limit}. Here "
        "is what you sent, to shorten:\n"
        "\n"
        "{text}",
    ),
    M("appt_saved", "📅 Appointment saved: {when} ({zone}){whom}.\n{reminders}\n{after}"),
    M("appt_whom", " – {whom}"),
    M("appt_reminders", "I'll remind you {items}."),
    M("appt_reminder_day_before", "the day before ({when})"),
    M("appt_reminder_soon", "2 hours before ({when})"),
    M("appt_reminders_join", " and "),
    M("appt_reminders_none", "It is less than 2 hours away, so no reminder comes before it."),
    M(
        "appt_after_note",
        "Afterwards ({when}) I'll ask what changed. See or change it with /appointments.",
    ),
    # ---- /appointments ------------------------------------------------------------------------
    M("appt_list_header", "Your upcoming appointments:"),
    M("appt_list_line", "#{id} {when}{whom}"),
    M("appt_list_footer", "Tap to change or cancel one."),
    M(
        "appt_list_empty",
        "You have no upcoming appointments. Add one with /appointment, or in one go: "
        "/appointment {example} 14:30 Dr Smith",
    ),
    M("btn_appt_change", "✏️ Change #{id}"),
    M("btn_appt_cancel", "❌ Cancel #{id}"),
    M("btn_appt_undo", "↩️ Undo"),
    M("appt_cancelled", "❌ Cancelled: {when}{whom}. Its reminders are off."),
    M("appt_restored", "↩️ Restored: {when}{whom}.\n{reminders}"),
    M("appt_restored_short", "↩️ Restored: {when}{whom}, with its reminders."),
    M("appt_schedule_detail", "appointment {when}"),
    M("appt_moved", "✏️ Moved: {old} → {when} ({zone}){whom}.\n{reminders}"),
    M("appt_gone", "That appointment is no longer upcoming. See /appointments."),
    M("appt_change_toast", "Tap a day or type the new date."),
    # ---- reminders ----------------------------------------------------------------------------
    M(
        "appt_day_before_text",
        "📅 Reminder: {day}, {when}, you have an appointment{whom}.\n"
        "\n"
        "To bring along: {summary}\n"
        "\n"
        "Change or cancel it with the buttons below or /appointments.",
    ),
    M("appt_tomorrow", "tomorrow"),
    M("appt_today", "today"),
    M("appt_soon_text", "📅 Coming up soon, at {time}: your appointment{whom}."),
    M(
        "appt_followup_text",
        "How did your appointment on {when}{whom} go? Did anything change in your treatment?",
    ),
    M("appt_followup_reminder", "A gentle reminder: one tap below is enough."),
    M("btn_appt_outcome_botox", "💉 New Botox date"),
    M("btn_appt_outcome_medication", "💊 Medication change"),
    M("btn_appt_outcome_surgery", "🏥 Surgery (MVD) planned"),
    M("btn_appt_outcome_nothing", "Nothing changed"),
    M(
        "appt_outcome_botox",
        "Saved: a new Botox date. Your treatment is now Botox injections. Once you've had the "
        "injection, log it with /botox.",
    ),
    M(
        "appt_outcome_medication",
        "Saved: a medication change. Your treatment is now medication. Set up the new medication "
        "and its reminders with /medication.",
    ),
    M(
        "appt_outcome_surgery",
        "Saved: surgery (MVD) planned. Once you know the date, send /surgery with it, e.g. "
        "/surgery {example}, and I'll set up the follow-up after the operation.",
    ),
    M("appt_outcome_nothing", "Saved: nothing changed. Your treatment stays as it is."),
    # ---- /surgery -----------------------------------------------------------------------------
    M(
        "surgery_usage",
        "Send /surgery with the date of your MVD operation, e.g. /surgery {example}. Dates like "
        "{forms} work.\n"
        "I'll then check in with you: a short safety check every day for the first 2 weeks, then "
        "weekly until about 3 months and monthly until 12 months.\n"
        "To save or change your surgical team's phone number: /surgery phone.",
    ),
    M(
        "surgery_status",
        "Your follow-up after surgery on {date}: next check {next}.\n"
        "To change the date: /surgery <date>. To stop: /surgery stop. Your surgical team's "
        "phone: /surgery phone.",
    ),
    M("surgery_status_phone", "To change your surgical team's phone number: /surgery phone."),
    M("surgery_status_done", "Your follow-up plan after surgery on {date} has no checks left."),
    M("surgery_bad_date", "I couldn't read “{text}” as a date."),
    M(
        "surgery_too_old",
        "{date} is more than 12 months ago; the follow-up plan covers the first 12 months after "
        "surgery.",
    ),
    M("surgery_too_far", "{date} is more than a year ahead. Please check the date."),
    M(
        "surgery_saved",
        "{red_flags}\n"
        "\n"
        "🏥 Surgery (MVD) on {date} saved. Your follow-up plan:\n"
        "• Days 1–14: a short daily safety check at {time} ({first} to {last_daily}).\n"
        "• Then weekly until about 3 months ({last_weekly}), then monthly until 12 months "
        "({last}): how is the spasm compared with before surgery?\n"
        "{next_line}\n"
        "\n"
        "{delayed}",
    ),
    M("surgery_next", "Next check: {when}."),
    M("surgery_next_none", "All checks of this plan are in the past."),
    M(
        "surgery_replaced",
        "This replaces your earlier plan (surgery on {date}); its reminders are off.",
    ),
    M(
        "surgery_stopped",
        "The follow-up plan after surgery on {date} is stopped. Nothing more will come.",
    ),
    M("surgery_none_active", "You have no active follow-up plan."),
    # The two tiers of warning signs (clinical.md), each a short list; {emergency} and {team}
    # are bulleted lists of the surgery_sign_* texts.
    M(
        "surgery_red_flags",
        "🚑 Call your local emergency number now if you have:\n"
        "{emergency}\n"
        "\n"
        "☎️ Call your surgical team today if you have:\n"
        "{team}",
    ),
    M("surgery_sign_seizure", "seizure"),
    M("surgery_sign_confusion", "confusion or unusual drowsiness"),
    M("surgery_sign_headache", "sudden severe headache, or a stiff neck with fever"),
    M("surgery_sign_limb", "new weakness of an arm or leg, or trouble speaking or swallowing"),
    M("surgery_sign_vomiting", "vomiting that does not stop"),
    M("surgery_sign_hearing", "new hearing loss or ringing"),
    M("surgery_sign_fluid", "clear fluid from the nose, ear or wound"),
    M("surgery_sign_fever", "fever"),
    M("surgery_sign_wound", "a wound that is red, swollen or leaking"),
    M("surgery_sign_weakness", "new weakness of the face or an eye that will not close"),
    M("surgery_sign_balance", "balance or vision change"),
    M("surgery_bullet", "• {sign}"),
    M(
        "surgery_delayed",
        "Good to know: after MVD the spasm often does not stop at once. In about 1 in 4 people "
        "it fades slowly, over weeks to months (sometimes up to a year). Most people (8-9 in 10) "
        "end up free of spasm, some only after months; a few do not. A slow start is common and "
        "does not necessarily mean the operation failed. Your surgical team can tell you what to "
        "expect in your case.",
    ),
    # ---- daily red-flag screen ----------------------------------------------------------------
    M("surgery_daily_title", "🏥 Day {day} of 14 after surgery · {date}"),
    M("surgery_daily_title_extra", "🏥 Day {day} after surgery · {date}"),
    M("surgery_daily_question", "Do you have any of these now? Tap each one you have."),
    M("surgery_recheck", "{when} you reported: {signs}. Is it still there? If so, tap it again."),
    M(
        "surgery_recheck_many",
        "{when} you reported: {signs}. Are they still there? Tap each one that still is.",
    ),
    M("surgery_yesterday", "Yesterday"),
    M(
        "surgery_followup_intro",
        "A gentle reminder: today's safety check is still open. If you have none of these, it is "
        "one tap.",
    ),
    M("surgery_flag_seizure", "🚑 Seizure"),
    M("surgery_flag_confusion", "🚑 Confusion or unusual drowsiness"),
    M("surgery_flag_headache", "🚑 Severe headache / stiff neck + fever"),
    M("surgery_flag_limb", "🚑 Weak arm or leg / speech / swallowing"),
    M("surgery_flag_vomiting", "🚑 Vomiting that does not stop"),
    M("surgery_flag_hearing", "☎️ New hearing loss or ringing"),
    M("surgery_flag_fluid", "☎️ Clear fluid from nose, ear or wound"),
    M("surgery_flag_fever", "☎️ Fever"),
    M("surgery_flag_wound", "☎️ Wound red, swollen or leaking"),
    M("surgery_flag_weakness", "☎️ Face weak / eye will not close"),
    M("surgery_flag_balance", "☎️ Balance or vision change"),
    M("surgery_flag_ticked", "⚠️ ✓ {label}"),
    M("btn_surgery_none", "✅ None of these"),
    M("btn_surgery_done", "Done"),
    # The answer to a ticked sign: its tier, emergency first, then the team's number.
    M(
        "surgery_alert_emergency",
        "🚑 Call your local emergency number now. You reported:\n"
        "{signs}\n"
        "Don't wait for your surgical team or your next appointment.",
    ),
    M(
        "surgery_alert_team",
        "☎️ Call your surgical team today about:\n"
        "{signs}\n"
        "If you can't reach them, or you feel very unwell, call your local emergency number.",
    ),
    M(
        "surgery_alert_eye",
        "Facial weakness after the operation usually recovers, but an eye that will not close "
        "needs protecting: ask your surgical team today how.",
    ),
    M(
        "surgery_alert_no_phone",
        "Tip: save your surgical team's number with /surgery phone, and I'll show it here.",
    ),
    M(
        "surgery_alert_footer",
        "I can't judge how serious this is, and nobody reads your answers here as they come in.",
    ),
    M(
        "surgery_daily_none",
        "✅ Day {day}: none of the warning signs now. Thank you. If one of them appears:",
    ),
    M("surgery_daily_flags", "Day {day} saved. You reported:\n{signs}"),
    M(
        "surgery_daily_flags_emergency",
        "If you have not called your local emergency number yet, please call now.",
    ),
    M("surgery_daily_flags_team", "Please make sure you call your surgical team today."),
    M("surgery_flag_saved", "Saved."),
    M("surgery_flag_removed", "Removed."),
    # ---- progress question --------------------------------------------------------------------
    M("surgery_week", "Week {number}"),
    M("surgery_month", "Month {number}"),
    M(
        "surgery_progress_text",
        "🏥 {period} after surgery · {date}\n"
        "How is the spasm now, compared with before the operation?",
    ),
    M(
        "surgery_progress_reminder",
        "A gentle reminder: this question is still open. One tap is enough.",
    ),
    M(
        "surgery_progress_watch",
        "Facial weakness can also start days or weeks after the operation (in about 1 in 7 "
        "people, up to about 6 weeks after). It usually recovers (in about 98 in 100), on "
        "average after about 4 months. If your face feels newly weak, tell your surgical team; "
        "an eye that will not close fully needs protecting: contact them today.",
    ),
    M("surgery_spasm_gone", "Gone"),
    M("surgery_spasm_much_better", "Much better"),
    M("surgery_spasm_bit_better", "A little better"),
    M("surgery_spasm_same", "The same"),
    M("surgery_spasm_worse", "Worse"),
    M("surgery_progress_saved", "Saved for {period}: {answer}."),
    M("surgery_progress_gone", "That's very good to hear."),
    M("surgery_progress_worse", "Please tell your surgical team that it is worse."),
    M("surgery_progress_followup", "Please raise it at your follow-up."),
    M("surgery_plan_ended", "This follow-up plan was replaced or stopped; nothing was changed."),
    # ---- care-team phone numbers (/surgery phone, /clinic) ------------------------------------
    M("phone_line_surgery", "📞 Your surgical team: {phone}"),
    M("phone_line_clinic", "📞 Your clinic: {phone}"),
    M(
        "phone_ask_surgery",
        "📞 What is your surgical team's phone number? I'll show it in every warning message and "
        "in /help. Type it, e.g. +44 20 7946 0000, or tap Skip.",
    ),
    M(
        "phone_ask_clinic",
        "📞 What is the phone number of the clinic that gives your Botox injections? I'll show it "
        "in /help and whenever I ask you to contact them. Type it, e.g. +44 20 7946 0000, or tap "
        "Skip.",
    ),
    M("phone_change_surgery", "{line}\nTo change it, type the new number. Or keep or remove it."),
    M("phone_change_clinic", "{line}\nTo change it, type the new number. Or keep or remove it."),
    M("phone_check", "Please check the number:\n{line}\nIs that right?"),
    M("btn_phone_save", "✅ Yes, save it"),
    M("btn_phone_again", "✏️ Type it again"),
    M("btn_phone_keep", "Keep it"),
    M("btn_phone_remove", "🗑 Remove it"),
    M(
        "phone_saved_surgery",
        "Saved.\n"
        "{line}\n"
        "I'll show it in every warning message and in /help. To change or remove it: /surgery "
        "phone.",
    ),
    M(
        "phone_saved_clinic",
        "Saved.\n{line}\nI'll show it in /help. To change or remove it: /clinic.",
    ),
    M(
        "phone_skipped_surgery",
        "Okay, no number saved. You can add it any time with /surgery phone.",
    ),
    M("phone_skipped_clinic", "Okay, no number saved. You can add it any time with /clinic."),
    M("phone_kept_surgery", "Kept as it is.\n{line}"),
    M("phone_kept_clinic", "Kept as it is.\n{line}"),
    M(
        "phone_removed_surgery",
        "Removed: your surgical team's number is no longer stored. Add it again with /surgery "
        "phone.",
    ),
    M(
        "phone_removed_clinic",
        "Removed: your clinic's number is no longer stored. Add it again with /clinic.",
    ),
    M("phone_none_surgery", "No number is stored for your surgical team."),
    M("phone_none_clinic", "No number is stored for your clinic."),
    M(
        "phone_retype_surgery",
        "Okay, please type your surgical team's number again, e.g. +44 20 7946 0000.",
    ),
    M(
        "phone_retype_clinic",
        "Okay, please type your clinic's number again, e.g. +44 20 7946 0000.",
    ),
    M(
        "phone_invalid",
        "“{text}” doesn't look like a phone number: {problem} Please type it again, e.g. +44 20 "
        "7946 0000, or tap Skip.",
    ),
    M("phone_problem_empty", "there is nothing in it."),
    M(
        "phone_problem_characters",
        "it has characters I can't use ({chars}). Use only digits, spaces, +, - and brackets.",
    ),
    M("phone_problem_plus", "a + can only come first."),
    M("phone_problem_short", "it has fewer than {least} digits."),
    M("phone_problem_long", "it has more than {most} digits or {chars} characters."),
    M("help_phones", "Your care team's numbers:"),
)
