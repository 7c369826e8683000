"""English texts for the botox feature (merged into the one catalogue)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # ---- commands -----------------------------------------------------------------------------
    "cmd_botox": "Log a Botox injection (today or a past date)",
    "example_botox": "e.g. /botox, /botox 3 Nov 50 or /botox yesterday 40 left eye",
    "cmd_botox_history": "Your Botox injections and how each one worked",
    "cmd_botox_interval": "How many weeks between Botox injections",
    "example_botox_interval": "e.g. /botox_interval 14",
    # ---- /reminders labels ------------------------------------------------------------------
    "kind_botox_onset": "Botox: has it started working?",
    "kind_botox_effect": "Botox: effect and side effects at 4 weeks",
    "kind_botox_booking": "Botox: time to book",
    "kind_botox_due": "Botox: injection due",
    # ---- /botox: bad input ------------------------------------------------------------------
    "botox_bad_date": (
        "I couldn't read “{text}” as a date. Dates I understand: {forms}.\n\n"
        "Write it like this: /botox [date] [units] [note]\n"
        "For example: /botox 3 Nov 50 or /botox yesterday 40 left eye.\n"
        "Just /botox logs an injection today."
    ),
    "botox_future_date": (
        "{date} is in the future. Please log an injection once you have had it "
        "(for example /botox today)."
    ),
    "botox_bad_units": (
        "“{text}” units is not a number I can store: please give whole units from 1 to {max}.\n"
        "For example: /botox 3 Nov 50"
    ),
    "botox_note_too_long": (
        "The note is {length} characters; please keep it under {limit}. Nothing was saved yet. "
        "Here is your text to shorten and send again:\n\n{text}"
    ),
    # ---- /botox: saved --------------------------------------------------------------------
    "botox_saved": "✅ Saved: Botox injection on {date}{units}.",
    "botox_units_part": " · {units} units",
    "botox_note_line": "Note: {note}",
    "botox_since_previous": "That is {interval} after your previous injection ({date}).",
    "botox_day_line": "You are on day {day} of this cycle (the injection day is day 0).",
    "botox_due_line": "Next injection due: {date} (every {weeks} weeks).",
    "botox_status_book": "It's time to book your next injection.",
    "botox_status_due_today": "Your next injection is due today.",
    "botox_status_overdue": (
        "Your next injection was due on {date}. When you have had it, log it with /botox."
    ),
    "botox_coming_up": "Coming up (at {time}):",
    "botox_coming_item": "• {date} – {what}",
    "botox_nothing_ahead": "There are no reminders left for this injection.",
    "botox_interval_hint": "Change the interval with /botox_interval.",
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
    "botox_what_due": "next injection due",
    # ---- day 7: onset -----------------------------------------------------------------------
    "botox_onset_question": (
        "💉 It's been a week since your Botox injection on {date}.\n\nHas the effect started?"
    ),
    "botox_onset_yes": "Yes",
    "botox_onset_partly": "Partly",
    "botox_onset_not_yet": "Not yet",
    "botox_onset_saved": "✓ Saved: {answer}. You can change it below.",
    "botox_onset_not_yet_info": (
        "Botox usually starts to work about 4–8 days after the injection, sometimes a little "
        "later. I'll ask how well it works at 4 weeks. If you are worried, talk to your care "
        "team."
    ),
    # ---- week 4: effect and side effects ------------------------------------------------------
    "botox_effect_question": (
        "💉 It's 4 weeks since your Botox injection on {date}.\n\n"
        "1. How good is the effect now?\n"
        "2. Have you had any of these side effects? Tap each one you have had.\n"
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
    "botox_se_weakness": "Facial weakness",
    "botox_se_eye": "Dry or irritated eye",
    "botox_se_diplopia": "Double vision",
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
    # ---- booking and due ----------------------------------------------------------------------
    "botox_booking": (
        "📅 Time to book your next Botox injection. It is due on {due}, {weeks} weeks after "
        "the one on {date}."
    ),
    "botox_booking_early": (
        "📅 Your ratings are back near where they were before your injection on {date} "
        "(since {wear_off}, day {day}). Your next injection is due on {due}: now is a good "
        "time to book it, and to tell your care team that the effect wore off early."
    ),
    "botox_due": (
        "💉 Your next Botox injection is due today, {weeks} weeks after the one on {date}.\n\n"
        "When you have had it, tap below and I'll start the reminders for the new one. "
        "For another date, send /botox with the date, e.g. /botox 3 Nov."
    ),
    "btn_botox_had_it": "💉 I had it today",
    "botox_already_logged": "Already logged: you have an injection on {date}.",
    # ---- wear-off -----------------------------------------------------------------------------
    "botox_wear_off_book": (
        "📉 Your ratings are back near where they were before your last Botox injection "
        "(day {day}). That can mean it is wearing off. I'll send you the booking reminder now."
    ),
    "botox_wear_off_noted": (
        "📉 Your ratings are back near where they were before your last Botox injection "
        "(day {day}). I've noted it in /botox_history."
    ),
    # ---- /botox_interval ----------------------------------------------------------------------
    "botox_interval_current": (
        "Your Botox interval is every {weeks} weeks; I remind you to book {lead} weeks before.\n"
        "To change it, send the number of weeks ({min} to {max}), e.g. /botox_interval 14."
    ),
    "botox_interval_invalid": (
        "“{text}” isn't an interval I can use. Please give the weeks between injections, "
        "from {min} to {max}, e.g. /botox_interval 14."
    ),
    "botox_interval_set": "Done: every {weeks} weeks.",
    "botox_interval_no_cycle": "It will be used from your next injection (log it with /botox).",
    # ---- /botox_history -----------------------------------------------------------------------
    "botox_history_empty": (
        "No Botox injections logged yet. Log one with /botox, e.g. /botox 3 Nov 50."
    ),
    "botox_history_header": "💉 Your Botox injections ({count}), newest first.",
    "botox_history_now": "Now: day {day} of your cycle.\nNext injection due: {due}.",
    "botox_history_date": "💉 {date}{units}",
    "botox_history_interval": "{interval} after the previous one",
    "botox_history_first": "first one logged",
    "botox_history_onset": "Started working (day 7): {onset}",
    "botox_history_effect": "Effect at 4 weeks: {effect}",
    "botox_history_side": "Side effects: {side_effects}",
    "botox_history_wear_off": "Wore off: day {day} ({date})",
    "botox_history_no_wear_off": "Wore off: not seen",
    "botox_weeks_days": "{weeks} wk {days} d",
    "botox_weeks_only": "{weeks} weeks",
    "botox_days_only": "{days} days",
}
