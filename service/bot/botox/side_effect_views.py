"""The side-effect diary as the patient sees it: each side effect with its days, the day pickers
("when did it start / end?") and the /side_effects list. Pure views: no SQL, no sending."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from telegram import InlineKeyboardMarkup

from service.bot import contacts
from service.bot.botox.payloads import (
    SIDE_EFFECTS,
    URGENT_SIDE_EFFECTS,
    DiaryAddTap,
    DiaryListTap,
    Part,
    SideEffectDayTap,
    SideEffectEndedTap,
    SideEffectTypeDayTap,
    Where,
)
from service.bot.callbacks import Callback
from service.bot.kit import keyboard
from service.db.models import BotoxCycle, Patient, SideEffect
from service.domain.side_effects import DayProblem, days_offered
from service.texts import fmt_date, t
from service.texts.families import SIDE_EFFECT
from service.texts.keys import MessageKey

Rows = list[list[tuple[str, Callback]]]


@dataclass(frozen=True)
class Asking:
    """A day being asked for on a message: when ``row`` started (``part`` "s") or ended."""

    row: SideEffect
    part: Part


def name(code: str, lang: str) -> str:
    """A side effect's name, as on its button."""
    return t(SIDE_EFFECT[code], lang)


def span_text(row: SideEffect, lang: str) -> str:
    """'Drooping eyelid (since Mon 30 Nov)', '(Mon 30 Nov – Wed 2 Dec)', or the name alone."""
    what = name(row.effect, lang)
    if row.started_on is not None and row.ended_on is not None:
        days = t(
            "se_span_ended",
            lang,
            start=fmt_date(row.started_on, lang),
            end=fmt_date(row.ended_on, lang),
        )
    elif row.started_on is not None:
        days = t("se_span_since", lang, start=fmt_date(row.started_on, lang))
    elif row.ended_on is not None:
        days = t("se_span_until", lang, end=fmt_date(row.ended_on, lang))
    else:
        return what
    return f"{what} ({days})"


def ordered(rows: Sequence[SideEffect]) -> list[SideEffect]:
    """Rows in the side-effect list's order, then as recorded."""
    rank: dict[str, int] = {code: i for i, code in enumerate(SIDE_EFFECTS)}
    return sorted(rows, key=lambda r: (rank.get(r.effect, len(rank)), r.id or 0))


def answered(cycle: BotoxCycle, rows: Sequence[SideEffect]) -> bool:
    """The side effects of this injection were answered (at day 7, week 4 or in the diary)."""
    return bool(rows) or (
        cycle.side_effects_day7_at is not None or cycle.side_effects_week4_at is not None
    )


def side_effects_text(cycle: BotoxCycle, rows: Sequence[SideEffect], lang: str) -> str:
    """The side effects as words: 'not answered', 'none', or each with its days."""
    if not answered(cycle, rows):
        return t("botox_not_answered", lang)
    if not rows:
        return t("botox_none", lang)
    return ", ".join(
        span_text(row, lang) if i == 0 else _lower_first(span_text(row, lang))
        for i, row in enumerate(ordered(rows))
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def urgent(rows: Sequence[SideEffect]) -> bool:
    """An urgent side effect (double vision, an eye that won't close) that has not ended."""
    return any(r.effect in URGENT_SIDE_EFFECTS and r.ended_on is None for r in rows)


def urgent_lines(rows: Sequence[SideEffect], patient: Patient) -> list[str]:
    """ "Contact your care team now" (and the clinic's phone) while an urgent one is there."""
    if not urgent(rows):
        return []
    lines = ["", t("botox_side_effects_urgent", patient.language)]
    phone = contacts.care_team_line(patient, contacts.CLINIC)
    return [*lines, phone] if phone else lines


def earliest_day(cycle: BotoxCycle, asking: Asking) -> date:
    """The first day the picker may offer: the injection day, or the start for an end."""
    if asking.part == "e" and asking.row.started_on is not None:
        return max(asking.row.started_on, cycle.injected_on)
    return cycle.injected_on


def asking_lines(asking: Asking, lang: str) -> list[str]:
    """ "When did “Drooping eyelid” start?" """
    key: MessageKey = "se_ask_start" if asking.part == "s" else "se_ask_end"
    return ["", t(key, lang, effect=name(asking.row.effect, lang))]


def picker_rows(cycle: BotoxCycle, asking: Asking, where: Where, today: date, lang: str) -> Rows:
    """Today, Yesterday, the two days before (not before the injection or the start), and
    "Another day"."""
    row_id = asking.row.id
    assert row_id is not None
    buttons: list[tuple[str, Callback]] = []
    for day in days_offered(earliest_day(cycle, asking), today):
        back = (today - day).days
        label = (
            t("se_today", lang)
            if back == 0
            else t("se_yesterday", lang)
            if back == 1
            else fmt_date(day, lang)
        )
        code = int(day.strftime("%Y%m%d"))
        buttons.append((label, SideEffectDayTap(row_id, asking.part, where, code)))
    another: list[tuple[str, Callback]] = [
        (t("se_another_day", lang), SideEffectTypeDayTap(row_id, asking.part, where))
    ]
    return [row for row in (buttons[:2], buttons[2:], another) if row]


def problem_text(problem: DayProblem, cycle: BotoxCycle, row: SideEffect, lang: str) -> str:
    """Why that day cannot be stored, and what would work."""
    if problem is DayProblem.FUTURE:
        return t("se_day_future", lang)
    if problem is DayProblem.BEFORE_INJECTION:
        return t("se_day_before_injection", lang, date=fmt_date(cycle.injected_on, lang))
    assert row.started_on is not None
    return t("se_day_before_start", lang, date=fmt_date(row.started_on, lang))


def type_day_text(row: SideEffect, part: Part, lang: str) -> str:
    """Asking for the day typed."""
    key: MessageKey = "se_type_start" if part == "s" else "se_type_end"
    return t(key, lang, effect=name(row.effect, lang))


def ambiguous_view(
    row: SideEffect, part: Part, where: Where, options: Sequence[date], said: str, lang: str
) -> tuple[str, InlineKeyboardMarkup]:
    """ "11/3 could be two days": one button each."""
    assert row.id is not None
    buttons: list[tuple[str, Callback]] = [
        (fmt_date(day, lang), SideEffectDayTap(row.id, part, where, int(day.strftime("%Y%m%d"))))
        for day in options
    ]
    return t("se_day_ambiguous", lang, text=said), keyboard([buttons])


# ---- /side_effects ----------------------------------------------------------------------------
def diary_view(
    patient: Patient,
    latest: BotoxCycle | None,
    latest_rows: Sequence[SideEffect],
    open_before: Sequence[SideEffect],
    today: date,
    asking: Asking | None = None,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The side effects of the latest injection (and any still open from earlier ones), an
    "It has ended" button under each one still there, and "Add a side effect"."""
    lang = patient.language
    if latest is None or latest.id is None:
        return t("se_diary_no_injection", lang), None
    shown = [*ordered(open_before), *ordered(latest_rows)]
    lines = [t("se_diary_header", lang, date=fmt_date(latest.injected_on, lang))]
    if shown:
        lines += [f"• {span_text(row, lang)}" for row in shown]
    else:
        lines.append(t("se_diary_empty", lang))
    lines += urgent_lines(shown, patient)
    rows: Rows = []
    if asking is not None:
        lines += asking_lines(asking, lang)
        rows += picker_rows(latest, asking, "d", today, lang)
    for row in shown:
        if row.ended_on is None and row.id is not None:
            label = t("se_btn_ended", lang, effect=name(row.effect, lang))
            rows.append([(label, SideEffectEndedTap(row.id, "d"))])
    if any(r.ended_on is None for r in shown):
        lines += ["", t("se_diary_hint", lang)]
    rows.append([(t("se_btn_add", lang), DiaryAddTap(latest.id, "new"))])
    return "\n".join(lines), keyboard(rows)


def add_view(cycle: BotoxCycle, lang: str) -> tuple[str, InlineKeyboardMarkup]:
    """Which side effect to add."""
    assert cycle.id is not None
    rows: Rows = [[(name(code, lang), DiaryAddTap(cycle.id, code))] for code in SIDE_EFFECTS]
    rows.append([(t("se_btn_back", lang), DiaryListTap())])
    return t("se_add_which", lang, date=fmt_date(cycle.injected_on, lang)), keyboard(rows)
