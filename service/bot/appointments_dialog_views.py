"""What the guided /appointment dialog shows: the date picker, the common times, the what / where
question, the read-back and the question about a clash with an existing appointment. Texts and
keyboards only (no database).

Buttons (``apg:<step>:<value>``): a day (d, its ordinal), another date (o), a time (t, minutes
after midnight), skip what / where (s), Yes (y) and Change (c) on the read-back, Keep the
existing one (k) and Replace (r) on a clash. Yes, Keep and Replace carry the start they were
shown for (``stamp``), so a tap on an older read-back never stores something else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from telegram import InlineKeyboardMarkup

from service.bot.appointments_views import short_date, when, whom
from service.bot.callbacks import Callback, callback
from service.bot.kit import keyboard
from service.db.models import Appointment, Patient
from service.texts import fmt_date, fmt_time, t

#: The times offered as buttons (local wall clock).
COMMON_TIMES = tuple(time(hour) for hour in range(8, 19))
TIMES_PER_ROW = 4
#: The date picker: tomorrow, then the days after it by name, then in two weeks.
NAMED_DAYS = 6
DAYS_PER_ROW = 3


# ---- button payloads ----------------------------------------------------------------------------
@callback("apg:d:{day}")
@dataclass(frozen=True)
class DayTap(Callback):
    """A date from the picker or one of two readings of 11/3 (``date.toordinal()``)."""

    day: int


@callback("apg:o:0")
@dataclass(frozen=True)
class OtherDateTap(Callback):
    """Another date: it will be typed."""


@callback("apg:t:{minutes}")
@dataclass(frozen=True)
class TimeTap(Callback):
    """A common time, in minutes after midnight."""

    minutes: int


@callback("apg:s:0")
@dataclass(frozen=True)
class SkipWhatTap(Callback):
    """No what / where."""


@callback("apg:y:{stamp}")
@dataclass(frozen=True)
class YesTap(Callback):
    """The read-back is right: store it."""

    stamp: int


@callback("apg:c:0")
@dataclass(frozen=True)
class ChangeDraftTap(Callback):
    """The read-back is wrong: ask for the date and time again."""


@callback("apg:k:{stamp}")
@dataclass(frozen=True)
class KeepExistingTap(Callback):
    """A clash: keep the appointment already there, store nothing new."""

    stamp: int


@callback("apg:r:{stamp}")
@dataclass(frozen=True)
class ReplaceTap(Callback):
    """A clash: the new one replaces the appointment already there."""

    stamp: int


def stamp_of(start_local: datetime) -> int:
    """A local start as one number (minutes since 1 Jan of year 1) for the buttons."""
    return start_local.date().toordinal() * 1440 + start_local.hour * 60 + start_local.minute


# ---- the questions ------------------------------------------------------------------------------
Rows = list[list[tuple[str, Callback | str]]]


def date_picker(today: date, lang: str) -> InlineKeyboardMarkup:
    """Tomorrow, the next days by name, in two weeks, and another date (typed)."""
    tomorrow = today + timedelta(days=1)
    rows: Rows = [[(t("appt_pick_tomorrow", lang), DayTap(tomorrow.toordinal()))]]
    named = [tomorrow + timedelta(days=n) for n in range(1, NAMED_DAYS + 1)]
    for first in range(0, len(named), DAYS_PER_ROW):
        rows.append(
            [
                (fmt_date(d, lang), DayTap(d.toordinal()))
                for d in named[first : first + DAYS_PER_ROW]
            ]
        )
    in_two_weeks = today + timedelta(weeks=2)
    rows.append(
        [
            (t("appt_pick_two_weeks", lang), DayTap(in_two_weeks.toordinal())),
            (t("appt_pick_other", lang), OtherDateTap()),
        ]
    )
    return keyboard(rows)


def date_question(
    lang: str, today: date, *, move: str | None, botox: bool, problem: str | None
) -> tuple[str, InlineKeyboardMarkup]:
    """When is it? (for a new appointment, a move, or a planned Botox injection)."""
    example = short_date(today + timedelta(days=7), lang)
    if move is not None:
        body = t("appt_ask_move", lang, old=move, example=example)
    elif botox:
        body = t("appt_ask_botox_date", lang, example=example)
    else:
        body = t("appt_ask_date", lang, example=example)
    if problem:
        body = problem + "\n\n" + body
    return body, date_picker(today, lang)


def other_date_text(lang: str, today: date) -> str:
    """Another date: type it."""
    return t("appt_type_date", lang, example=short_date(today + timedelta(days=7), lang))


def ambiguous_question(
    options: tuple[date, ...], typed: str, lang: str
) -> tuple[str, InlineKeyboardMarkup]:
    """'11/3: which date do you mean?' with one button per reading."""
    rows: Rows = [[(fmt_date(d, lang) + f" {d.year}", DayTap(d.toordinal())) for d in options]]
    return t("appt_which_date", lang, text=typed[:40]), keyboard(rows)


def time_question(
    day: date, now_local: datetime, lang: str, problem: str | None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """What time on ``day``? Common times still ahead as buttons, or typed."""
    times = [at for at in COMMON_TIMES if datetime.combine(day, at) > now_local]
    rows: Rows = [
        [
            (fmt_time(at, lang), TimeTap(at.hour * 60 + at.minute))
            for at in times[i : i + TIMES_PER_ROW]
        ]
        for i in range(0, len(times), TIMES_PER_ROW)
    ]
    body = t("appt_ask_time", lang, day=fmt_date(day, lang))
    if problem:
        body = problem + "\n\n" + body
    return body, keyboard(rows) if rows else None


def what_question(lang: str, problem: str | None) -> tuple[str, InlineKeyboardMarkup]:
    """What is it, and where? (skippable)."""
    body = t("appt_ask_what", lang)
    if problem:
        body = problem + "\n\n" + body
    return body, keyboard([[(t("btn_appt_skip_what", lang), SkipWhatTap())]])


def _what(what: str | None, lang: str) -> str:
    return t("appt_whom", lang, whom=what) if what else ""


def read_back(
    start_local: datetime, what: str | None, lang: str, *, moved_from: str | None
) -> tuple[str, InlineKeyboardMarkup]:
    """'Appointment on Mon 7 Dec at 10:30 – neurologist — right?' with Yes / Change."""
    values = {
        "day": fmt_date(start_local.date(), lang),
        "time": fmt_time(start_local, lang),
        "whom": _what(what, lang),
    }
    if moved_from is not None:
        text = t("appt_read_back_move", lang, old=moved_from, **values)
    else:
        text = t("appt_read_back", lang, **values)
    stamp = stamp_of(start_local)
    markup = keyboard(
        [
            [
                (t("btn_appt_yes", lang), YesTap(stamp)),
                (t("btn_appt_change_draft", lang), ChangeDraftTap()),
            ]
        ]
    )
    return text, markup


def clash_question(
    existing: Appointment, start_local: datetime, patient: Patient, zone: str
) -> tuple[str, InlineKeyboardMarkup]:
    """'You already have an appointment then: ...' with Keep the existing one / Replace."""
    lang = patient.language
    stamp = stamp_of(start_local)
    text = t("appt_clash", lang, when=when(existing, patient, zone), whom=whom(existing, lang))
    markup = keyboard(
        [
            [(t("btn_appt_keep_existing", lang), KeepExistingTap(stamp))],
            [(t("btn_appt_replace", lang), ReplaceTap(stamp))],
        ]
    )
    return text, markup
