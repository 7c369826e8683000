"""/pause, guided: how long (buttons, or a typed date or span), and, when the patient has
medication reminders, whether those pause too. The confirmation says what pauses and until when;
/resume turns everything back on.

A pause "until 8 Dec" means reminders come back at the start of 8 Dec (the patient's local day).
Medication reminders that keep coming are the pause's ``Patient.paused_except`` kinds.
"""

from __future__ import annotations

import re
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
from service.domain.dates import MAX_PAUSE_AHEAD, pause_date
from service.domain.numbers import read_int
from service.texts import fmt_date

#: What keeps coming when medication reminders are not paused.
MEDICATION_KINDS = [KIND_DOSE, KIND_REPEAT, KIND_SNOOZE, KIND_CLOSE]
#: The duration buttons, in days (0: until /resume).
CHOICES = (1, 3, 7, 14)
_SPAN = re.compile(r"^(?:for\s+)?(\d{1,3}|a|an|one|two|three|four)\s+(day|week|month)s?$")
_COUNT = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}


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


@callback("ps:m:{day}:{meds}")
@dataclass(frozen=True)
class PauseMedsTap(Callback):
    """Pause medication reminders too? ``day``: the ordinal of the day reminders come back
    (0: until /resume)."""

    day: int
    meds: Literal["yes", "no"]


# ---- reading a typed length or date -------------------------------------------------------------
def resume_day_of(text: str, today: date) -> date | str:
    """The local day reminders come back for a typed '7', '2 weeks' or date; else why not
    ("form", "past", "far")."""
    cleaned = " ".join(text.lower().split()).removeprefix("until ").removeprefix("till ")
    days = read_int(cleaned)
    if days is None and (match := _SPAN.match(cleaned)):
        count = _COUNT.get(match[1]) or int(match[1])
        days = count * _UNIT_DAYS[match[2]]
    if days is not None:
        if not 1 <= days <= MAX_PAUSE_AHEAD.days:
            return "far" if days > 0 else "past"
        return today + timedelta(days=days)
    return pause_date(cleaned, today)


# ---- the steps ----------------------------------------------------------------------------------
BUTTONS = Buttons()


def ask_how_long(turn: Turn, problem: str | None = None) -> Reply:
    """How long? 1 day, 3 days, 1 week, 2 weeks, until a date, until /resume."""
    rows: list[list[tuple[str, Callback | str]]] = [
        [(turn.t(f"pause_btn_{d}"), PauseForTap(d)) for d in CHOICES[:2]],
        [(turn.t(f"pause_btn_{d}"), PauseForTap(d)) for d in CHOICES[2:]],
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


async def chosen(turn: Turn, back_on: date | None, *, edit: bool = False) -> Reply:
    """The length is known: ask about medication reminders if there are any, else pause."""
    assert turn.me.id is not None
    meds = await active_medications(turn.session, turn.me.id)
    if not meds:
        return apply(turn, back_on, meds_too=True, names="", edit=edit)
    day = back_on.toordinal() if back_on else 0
    names = ", ".join(label_of(m) for m in meds)
    key = "pause_ask_meds" if back_on else "pause_ask_meds_open"
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
    back_on = resume_day_of(arg, turn.today)
    if isinstance(back_on, str):
        problem = turn.t(f"pause_date_{back_on}", text=arg[:40])
        return ask_how_long(turn, problem)
    return await chosen(turn, back_on)


async def until_answer(turn: Turn, text: str) -> Reply:
    """The typed date or length ("3 Dec", "2 weeks", "until Christmas")."""
    back_on = resume_day_of(text, turn.today)
    if isinstance(back_on, str):
        return ask_date(turn, turn.t(f"pause_date_{back_on}", text=text[:40]))
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
