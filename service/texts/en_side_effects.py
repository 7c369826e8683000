"""The side-effect diary's messages (day 7, week 4, /side_effects)."""

from __future__ import annotations

from service.texts.catalogue import M, catalogue

MESSAGES = catalogue(
    M("cmd_side_effects", "Your side effects after Botox: when each started and ended"),
    M("se_span_since", "since {start}"),
    M("se_span_ended", "{start} – {end}"),
    M("se_span_until", "ended {end}"),
    M("se_ask_start", "📅 When did “{effect}” start?"),
    M("se_ask_end", "📅 When did “{effect}” end?"),
    M("se_today", "Today"),
    M("se_yesterday", "Yesterday"),
    M("se_another_day", "📝 Another day"),
    M(
        "se_type_start",
        "When did “{effect}” start? Type the day, e.g. “3 days ago”, “last Friday” or “28 Nov”.",
    ),
    M(
        "se_type_end",
        "When did “{effect}” end? Type the day, e.g. “yesterday”, “last Friday” or “28 Nov”.",
    ),
    M("se_type_again", "Type another day, e.g. “yesterday” or “28 Nov”."),
    M(
        "se_day_not_read",
        "I couldn't read “{text}” as a day. Try “today”, “yesterday”, “3 days ago”, “last "
        "Friday” or “28 Nov”.",
    ),
    M("se_day_ambiguous", "“{text}” could be either of these days. Which one?"),
    M("se_day_future", "That day is still to come: please choose today or a day before."),
    M(
        "se_day_before_injection",
        "That is before your injection on {date}: a side effect of it starts on that day or "
        "later. Please choose a day from {date} on.",
    ),
    M(
        "se_day_before_start",
        "That is before it started ({date}). Please choose {date} or a day after it.",
    ),
    M(
        "se_still_there",
        "From before — still there? Tap ☑ for yes, or “It has ended” under one that has ended.",
    ),
    M("se_still_saved", "Saved: still there."),
    M("se_still_noted", "✓ {effect}: still there on {date}."),
    M("se_diary_header", "📝 Side effects after your injection on {date}:"),
    M("se_diary_empty", "None recorded."),
    M("se_diary_hint", "When one has ended, tap “It has ended” and choose the day."),
    M(
        "se_diary_no_injection",
        "No Botox injection is logged yet. Log one with /botox; I'll ask about side effects a "
        "week later.",
    ),
    M("se_btn_ended", "🏁 It has ended: {effect}"),
    M("se_btn_add", "➕ Add a side effect"),
    M("se_btn_back", "↩️ Back"),
    M(
        "se_diary_command_hint",
        "📝 When each side effect started and ended:\n"
        "/side_effects (close one that has ended, or add one).",
    ),
    M("se_done_hint", "When a side effect ends, tell me with /side_effects."),
    M("se_add_which", "Which side effect since your injection on {date}?"),
)
