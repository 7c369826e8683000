"""/pause, guided: how long (buttons, or a typed date or span), and, when the patient has
medication reminders, whether those pause too. The confirmation says what pauses and until when;
/resume turns everything back on.

A pause "until 8 Dec" means reminders come back at the start of 8 Dec (the patient's local day).
Medication reminders that keep coming are the pause's ``Patient.paused_except`` kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from service.bot import profile
from service.bot.callbacks import Callback, callback
from service.bot.dialog import Waiting, stop_waiting, wait_for
from service.bot.kit import Buttons, Reply, Turn, expired, keyboard
from service.bot.medication_store import (
    KIND_CLOSE,
    KIND_DOSE,
    KIND_REPEAT,
    KIND_SNOOZE,
    active_medications,
)
from service.bot.medication_views import label_of
from service.domain.dates import MAX_PAUSE_AHEAD
from service.domain.numbers import read_int
from service.domain.reader import (
    Ambiguous,
    Context,
    NotUnderstood,
    Span,
    read_duration,
    read_until,
)
from service.texts import fmt_date
from service.texts.families import PAUSE_BTN, PAUSE_DATE
from service.texts.keys import MessageKey

#: What keeps coming when medication reminders are not paused.
MEDICATION_KINDS = [KIND_DOSE, KIND_REPEAT, KIND_SNOOZE, KIND_CLOSE]
#: The duration buttons, in days (0: until /resume).
CHOICES = (1, 3, 7, 14)


# ---- button payloads ----------------------------------------------------------------------------
@callback("ps:d:{days}")
@dataclass(frozen=True)
class PauseForTap(Callback):
    """Pause for this many days (0: until /resume)."""

    days: int


@callback("ps:u:{ask}")
@dataclass(frozen=True)
class PauseDateTap(Callback):
    """Until a date: ask for it (typed)."""

    ask: Literal["date"]


@callback("ps:a:{day}")
@dataclass(frozen=True)
class PauseDayTap(Callback):
    """One of the two days an ambiguous typed date ('5/12') could be (its ordinal)."""

    day: int


@callback("ps:m:{day}:{meds}")
@dataclass(frozen=True)
class PauseMedsTap(Callback):
    """Pause medication reminders too? ``day``: the ordinal of the day reminders come back
    (0: until /resume)."""

    day: int
    meds: Literal["yes", "no"]


# ---- reading a typed length or date -------------------------------------------------------------
def resume_day_of(text: str, ctx: Context) -> date | Ambiguous | str:
    """The local day reminders come back for a typed '7', '2 weeks', '3 months', '3 Dec',
    'until Christmas' (the one reader, preferring the future); an ``Ambiguous`` day/month
    ('5/12') to ask about; else why not ("form", "past", "far")."""
    today = ctx.today
    if any(c.isdigit() and not c.isascii() for c in text):  # "⁷ days": a slip, not a length
        return "form"
    cleaned = " ".join(text.lower().split()).removeprefix("for ")
    days = read_int(cleaned.removeprefix("until ").removeprefix("till "))
    if days is not None:  # a bare number of days
        if not 1 <= days <= MAX_PAUSE_AHEAD.days:
            return "far" if days > 0 else "past"
        return today + timedelta(days=days)
    span = read_duration(cleaned)
    found = span.add_to(today) if isinstance(span, Span) else read_until(cleaned, ctx)
    if isinstance(found, NotUnderstood):
        return "form"
    if isinstance(found, Ambiguous):
        options = tuple(d for d in found.options if _problem(d, today) is None)
        if len(options) == 2:
            return Ambiguous(options, found.text)
        if not options:
            return _problem(found.options[0], today) or "form"
        found = options[0]
    return _problem(found, today) or found


def _problem(day: date, today: date) -> str | None:
    if day <= today:
        return "past"
    if day > today + MAX_PAUSE_AHEAD:
        return "far"
    return None


def reading_context(turn: Turn) -> Context:
    """What the reader needs: now, the patient's zone and language."""
    return Context.for_patient(now=turn.now, zone=turn.zone_name, language=turn.lang)


# ---- the steps ----------------------------------------------------------------------------------
BUTTONS = Buttons()


def ask_how_long(turn: Turn, problem: str | None = None) -> Reply:
    """How long? 1 day, 3 days, 1 week, 2 weeks, until a date, until /resume."""
    rows: list[list[tuple[str, Callback | str]]] = [
        [(turn.t(PAUSE_BTN[d]), PauseForTap(d)) for d in CHOICES[:2]],
        [(turn.t(PAUSE_BTN[d]), PauseForTap(d)) for d in CHOICES[2:]],
        [(turn.t("pause_btn_date"), PauseDateTap("date"))],
        [(turn.t("pause_btn_open"), PauseForTap(0))],
    ]
    text = turn.t("pause_ask_how_long")
    return Reply("\n\n".join([problem, text]) if problem else text, keyboard(rows))


def ask_date(turn: Turn, problem: str | None = None) -> Reply:
    """Until when? (typed, with or without Telegram's reply)"""
    turn.session.add(turn.me)
    wait_for(turn.me, Waiting.PAUSE_UNTIL)
    text = turn.t("pause_ask_date")
    return Reply("\n\n".join([problem, text]) if problem else text)


def which_day(turn: Turn, typed: Ambiguous) -> Reply:
    """'5/12' could be 5 Dec or 12 May: one button for each, never a guess."""
    first, second = typed.options
    rows: list[list[tuple[str, Callback | str]]] = [
        [(fmt_date(day, turn.lang), PauseDayTap(day.toordinal())) for day in typed.options]
    ]
    text = turn.t(
        "pause_which_day",
        text=typed.text[:40],
        first=fmt_date(first, turn.lang),
        second=fmt_date(second, turn.lang),
    )
    return Reply(text, keyboard(rows))


async def chosen(turn: Turn, back_on: date | None, *, edit: bool = False) -> Reply:
    """The length is known: ask about medication reminders if there are any, else pause."""
    assert turn.me.id is not None
    meds = await active_medications(turn.session, turn.me.id)
    if not meds:
        return apply(turn, back_on, meds_too=True, names="", edit=edit)
    day = back_on.toordinal() if back_on else 0
    names = ", ".join(label_of(m) for m in meds)
    key: MessageKey = "pause_ask_meds" if back_on else "pause_ask_meds_open"
    until = fmt_date(back_on, turn.lang) if back_on else ""
    rows: list[list[tuple[str, Callback | str]]] = [
        [(turn.t("pause_btn_meds_yes"), PauseMedsTap(day, "yes"))],
        [(turn.t("pause_btn_meds_no"), PauseMedsTap(day, "no"))],
    ]
    return Reply(turn.t(key, meds=names, until=until), keyboard(rows), edit=edit)


def apply(turn: Turn, back_on: date | None, *, meds_too: bool, names: str, edit: bool) -> Reply:
    """Pause, and say exactly what pauses and until when."""
    patient = turn.me
    turn.session.add(patient)
    stop_waiting(patient, Waiting.PAUSE_UNTIL)
    spare = None if meds_too else MEDICATION_KINDS
    profile.pause(patient, None, turn.now, turn.default_zone, until=back_on, spare=spare)
    if not names:
        what = turn.t("pause_what_all")
    elif meds_too:
        what = turn.t("pause_what_with_meds", meds=names)
    else:
        what = turn.t("pause_what_but_meds")
    if back_on is None:
        text = turn.t("pause_done_open", what=what)
    else:
        text = turn.t("pause_done", what=what, until=fmt_date(back_on, turn.lang))
    if names and not meds_too:
        text += "\n" + turn.t("pause_meds_kept", meds=names)
    return Reply(text, edit=edit, toast=turn.t("answer_saved") if edit else None)


async def has_medications(turn: Turn) -> bool:
    """Whether the patient has medication reminders (a pause asks about them)."""
    assert turn.me.id is not None
    return bool(await active_medications(turn.session, turn.me.id))


# ---- commands, answers, buttons -----------------------------------------------------------------
async def pause_command(turn: Turn, arg: str) -> Reply:
    """/pause [days | span | date]: without one, asks how long."""
    if not arg:
        return ask_how_long(turn)
    back_on = resume_day_of(arg, reading_context(turn))
    if isinstance(back_on, str):
        problem = turn.t(PAUSE_DATE[back_on], text=arg[:40])
        return ask_how_long(turn, problem)
    if isinstance(back_on, Ambiguous):
        return which_day(turn, back_on)
    return await chosen(turn, back_on)


async def until_answer(turn: Turn, text: str) -> Reply:
    """The typed date or length ("3 Dec", "2 weeks", "until Christmas")."""
    back_on = resume_day_of(text, reading_context(turn))
    if isinstance(back_on, str):
        return ask_date(turn, turn.t(PAUSE_DATE[back_on], text=text[:40]))
    if isinstance(back_on, Ambiguous):
        return which_day(turn, back_on)
    turn.session.add(turn.me)
    stop_waiting(turn.me, Waiting.PAUSE_UNTIL)
    return await chosen(turn, back_on)


@BUTTONS.on(PauseForTap)
async def for_tapped(turn: Turn, tap: PauseForTap) -> Reply:
    """1 day ... 2 weeks, or until /resume."""
    if tap.days not in (*CHOICES, 0):
        return expired(turn)
    back_on = turn.today + timedelta(days=tap.days) if tap.days else None
    return await chosen(turn, back_on, edit=True)


@BUTTONS.on(PauseDateTap)
async def date_tapped(turn: Turn, _tap: PauseDateTap) -> Reply:
    """Until a date: ask for it."""
    return ask_date(turn)


@BUTTONS.on(PauseDayTap)
async def day_tapped(turn: Turn, tap: PauseDayTap) -> Reply:
    """The day meant by an ambiguous typed date."""
    back_on = date.fromordinal(tap.day) if tap.day > 0 else None
    if back_on is None or _problem(back_on, turn.today) is not None:
        return expired(turn)
    turn.session.add(turn.me)
    stop_waiting(turn.me, Waiting.PAUSE_UNTIL)
    return await chosen(turn, back_on, edit=True)


@BUTTONS.on(PauseMedsTap)
async def meds_tapped(turn: Turn, tap: PauseMedsTap) -> Reply:
    """Yes, pause them too / No, keep medication reminders."""
    back_on = date.fromordinal(tap.day) if tap.day > 0 else None
    if back_on is not None and not turn.today < back_on <= turn.today + MAX_PAUSE_AHEAD:
        return expired(turn)
    assert turn.me.id is not None
    meds = await active_medications(turn.session, turn.me.id)
    names = ", ".join(label_of(m) for m in meds)
    return apply(turn, back_on, meds_too=tap.meds == "yes", names=names, edit=True)
