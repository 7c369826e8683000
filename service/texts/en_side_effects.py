"""The side-effect diary's messages (day 7, week 4, /side_effects)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "cmd_side_effects": "Your side effects after Botox: when each started and ended",
    "se_span_since": "since {start}",
    "se_span_ended": "{start} – {end}",
    "se_span_until": "ended {end}",
    "se_ask_start": "📅 When did “{effect}” start?",
    "se_ask_end": "📅 When did “{effect}” end?",
    "se_today": "Today",
    "se_yesterday": "Yesterday",
    "se_another_day": "📝 Another day",
    "se_type_start": (
        "When did “{effect}” start? Type the day, e.g. “3 days ago”, “last Friday” or “28 Nov”."
    ),
    "se_type_end": (
        "When did “{effect}” end? Type the day, e.g. “yesterday”, “last Friday” or “28 Nov”."
    ),
    "se_type_again": "Type another day, e.g. “yesterday” or “28 Nov”.",
    "se_day_not_read": (
        "I couldn't read “{text}” as a day. Try “today”, “yesterday”, “3 days ago”, "
        "“last Friday” or “28 Nov”."
    ),
    "se_day_ambiguous": "“{text}” could be either of these days. Which one?",
    "se_day_future": "That day is still to come: please choose today or a day before.",
    "se_day_before_injection": (
        "That is before your injection on {date}: a side effect of it starts on that day or "
        "later. Please choose a day from {date} on."
    ),
    "se_day_before_start": (
        "That is before it started ({date}). Please choose {date} or a day after it."
    ),
    "se_still_there": (
        "From before — still there? Tap ☑ for yes, or “It has ended” under one that has ended."
    ),
    "se_still_saved": "Saved: still there.",
    "se_still_noted": "✓ {effect}: still there on {date}.",
    "se_diary_header": "📝 Side effects after your injection on {date}:",
    "se_diary_empty": "None recorded.",
    "se_diary_hint": "When one has ended, tap “It has ended” and choose the day.",
    "se_diary_no_injection": (
        "No Botox injection is logged yet. Log one with /botox; I'll ask about side effects "
        "a week later."
    ),
    "se_btn_ended": "🏁 It has ended: {effect}",
    "se_btn_add": "➕ Add a side effect",
    "se_btn_back": "↩️ Back",
    "se_diary_command_hint": (
        "📝 When each side effect started and ended:\n"
        "/side_effects (close one that has ended, or add one)."
    ),
    "se_done_hint": "When a side effect ends, tell me with /side_effects.",
    "se_add_which": "Which side effect since your injection on {date}?",
}
