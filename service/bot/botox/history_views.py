"""/botox_history: one block per injection, newest first, packed into as few messages as fit;
"I think it's wearing off" and "It started working" offered for the newest one. Pure views."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from telegram import InlineKeyboardMarkup

from service.bot.botox.side_effect_views import side_effects_text
from service.bot.botox.views import (
    day_and_date,
    effect_text,
    fmt_day,
    fmt_interval,
    onset_text,
    report_wear_off_button,
    units_part,
)
from service.bot.kit import keyboard
from service.db.models import BotoxCycle, Patient, SideEffect
from service.domain.botox import day_of_cycle, due_date
from service.texts import t

MESSAGE_LIMIT = 3900  # Telegram allows 4096 characters per message
Diary = Mapping[int, Sequence[SideEffect]]  # cycle id -> its side-effect rows


# ---- /botox_history ----------------------------------------------------------------------------
def started_line(cycle: BotoxCycle, estimated: date | None, lang: str) -> str | None:
    """'Started working: day 5 (you said) · day 6 (estimated from your diary)', or None."""
    parts = []
    if cycle.onset_reported_on is not None:
        day = day_of_cycle(cycle.injected_on, cycle.onset_reported_on)
        parts.append(t("botox_history_started_said", lang, day=day))
    if estimated is not None:
        day = day_of_cycle(cycle.injected_on, estimated)
        parts.append(t("botox_history_started_estimated", lang, day=day))
    if not parts:
        return None
    return t("botox_history_started", lang, parts=t("botox_parts_joiner", lang).join(parts))


def _cycle_block(
    cycle: BotoxCycle,
    previous: BotoxCycle | None,
    lang: str,
    estimated: date | None = None,
    diary: Diary | None = None,
) -> str:
    date_text = fmt_day(cycle.injected_on, lang)
    lines = [t("botox_history_date", lang, date=date_text, units=units_part(cycle, lang))]
    if previous is not None:
        gap = (cycle.injected_on - previous.injected_on).days
        lines.append(t("botox_history_interval", lang, interval=fmt_interval(gap, lang)))
    else:
        lines.append(t("botox_history_first", lang))
    lines.append(t("botox_history_onset", lang, onset=onset_text(cycle, lang)))
    if (started := started_line(cycle, estimated, lang)) is not None:
        lines.append(started)
    lines.append(t("botox_history_effect", lang, effect=effect_text(cycle, lang)))
    rows = (diary or {}).get(cycle.id or 0, ())
    lines.append(t("botox_history_side", lang, side_effects=side_effects_text(cycle, rows, lang)))
    if cycle.wear_off_reported_on is not None:
        when = day_and_date(cycle, cycle.wear_off_reported_on, lang)
        lines.append(t("botox_history_wear_off_reported", lang, **when))
    if cycle.wear_off_on is not None:
        when = day_and_date(cycle, cycle.wear_off_on, lang)
        lines.append(t("botox_history_wear_off_estimated", lang, **when))
    if cycle.wear_off_on is None and cycle.wear_off_reported_on is None:
        lines.append(t("botox_history_no_wear_off", lang))
    if cycle.note:
        lines.append(t("botox_note_line", lang, note=cycle.note))
    return "\n".join(lines)


def history_blocks(
    patient: Patient,
    cycles: list[BotoxCycle],
    today: date,
    onsets: Mapping[int, date] | None = None,
    diary: Diary | None = None,
) -> list[str]:
    """A header and one short block per cycle, newest first."""
    lang = patient.language
    if not cycles:
        return [t("botox_history_empty", lang)]
    newest = cycles[0]
    header = [
        t("botox_history_header", lang, count=len(cycles)),
        t(
            "botox_history_now",
            lang,
            day=day_of_cycle(newest.injected_on, today),
            due=fmt_day(due_date(newest.injected_on, newest.interval_weeks), lang),
        ),
    ]
    blocks = ["\n".join(header)]
    for index, cycle in enumerate(cycles):
        previous = cycles[index + 1] if index + 1 < len(cycles) else None
        estimated = (onsets or {}).get(cycle.id or 0)
        blocks.append(_cycle_block(cycle, previous, lang, estimated, diary))
    return blocks


def pack_messages(blocks: list[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join blocks with blank lines into as few messages as fit Telegram's length limit."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}\n\n{block}" if current else block
        if current and len(candidate) > limit:
            messages.append(current)
            current = block
        else:
            current = candidate
    if current:
        messages.append(current)
    return messages


def history_view(
    patient: Patient,
    cycles: list[BotoxCycle],
    today: date,
    *,
    can_report: bool,
    onsets: Mapping[int, date] | None = None,
    diary: Diary | None = None,
) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """/botox_history as messages; the last one offers "I think it's wearing off" for the
    newest cycle when ``can_report``, and says where the side-effect diary is (/side_effects)."""
    lang = patient.language
    blocks = history_blocks(patient, cycles, today, onsets, diary)
    markup = None
    if cycles:
        blocks.append(t("se_diary_command_hint", lang))
    if can_report and cycles:
        blocks.append(t("botox_history_report_hint", lang))
        markup = keyboard([[report_wear_off_button(cycles[0], lang)]])
    texts = pack_messages(blocks)
    return [(text, markup if i == len(texts) - 1 else None) for i, text in enumerate(texts)]
