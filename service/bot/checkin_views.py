"""The check-in's buttons, rows and messages: typed payloads, storage helpers, rendering.

Split from ``checkin`` (actions, the scheduled question) so each stays small; nothing here talks
to Telegram.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from sqlalchemy import bindparam
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup

from service.bot.callbacks import Callback, callback
from service.bot.kit import keyboard
from service.db.models import (
    Checkin,
    CheckinStatus,
    Patient,
)
from service.db.upsert import get_or_create_many
from service.domain.checkin import first_unanswered as first_unanswered_of
from service.domain.scales import (
    RATING_MAX,
    RATING_MIN,
    RATING_QUESTIONS,
    Question,
)
from service.domain.stats import Comparison, DayScore, Trend, compare_with_recent
from service.scheduling.lifecycle import Kinds
from service.texts import fmt_date, t
from service.texts.families import BTN_SNOOZE, FREQ, IMPACT, LOWER, QUESTION, SEV
from service.texts.keys import MessageKey

KINDS = Kinds.of("checkin")  # the prompt, "checkin_followup", "checkin_snooze", "checkin_close"

RATINGS = tuple(q.value for q in RATING_QUESTIONS)  # frequency, severity, lower face, impact
STEPS = (*RATINGS, "note")
RATING_ACTIONS = {"f": "frequency", "s": "severity", "l": "lower_face", "i": "impact"}
ACTION_OF = {v: k for k, v in RATING_ACTIONS.items()}
COMPARISON: dict[Trend, MessageKey] = {
    Trend.LOWER: "cmp_lower",
    Trend.SAME: "cmp_same",
    Trend.HIGHER: "cmp_higher",
}
#: The answer labels of each question: ``ANSWER_LABEL["severity"][2]`` is "2 Moderate…".
ANSWER_LABEL: dict[str, dict[str, MessageKey]] = {
    "frequency": FREQ,
    "severity": SEV,
    "lower_face": LOWER,
    "impact": IMPACT,
}
SNOOZE_MINUTES = (30, 120)


# ---- button payloads ----------------------------------------------------------------------------
@callback("ci:{checkin}:{item}:{value}")
@dataclass(frozen=True)
class RateTap(Callback):
    """A rating (0-4) of one item: eye frequency, eye severity, lower face, daily-life impact."""

    checkin: int
    item: Literal["f", "s", "l", "i"]
    value: int


@callback("ci:{checkin}:n:0")
@dataclass(frozen=True)
class SkipNoteTap(Callback):
    """No note today."""

    checkin: int


@callback("ci:{checkin}:z:{minutes}")
@dataclass(frozen=True)
class SnoozeTap(Callback):
    """Ask again in a while."""

    checkin: int
    minutes: int


@callback("ci:{checkin}:x:0")
@dataclass(frozen=True)
class SkipTodayTap(Callback):
    """No check-in today."""

    checkin: int


@callback("ci:{checkin}:c:0")
@dataclass(frozen=True)
class ChangeTap(Callback):
    """Change today's answers."""

    checkin: int


# ---- storage ------------------------------------------------------------------
async def checkins_for_days(
    session: AsyncSession, days: Sequence[tuple[int, date]], now: datetime
) -> dict[tuple[int, date], Checkin]:
    """The check-in rows of these (patient id, local day) pairs, created if absent, by pair;
    row-locked where the DB can. Two statements for any number of pairs."""
    rows = [
        {
            "patient_id": patient_id,
            "local_date": day,
            "status": CheckinStatus.OPEN.value,
            "step": STEPS[0],
            "created_at": now,
            "updated_at": now,
        }
        for patient_id, day in days
    ]
    found = await get_or_create_many(session, Checkin, rows, ["patient_id", "local_date"])
    return {(pid, day): checkin for (pid, day), checkin in found.items()}


# ---- rows ------------------------------------------------------------------------------------
async def checkin_for_day(
    session: AsyncSession, patient: Patient, day: date, now: datetime
) -> Checkin:
    """Today's (or ``day``'s) check-in row, created if absent; row-locked where the DB can."""
    assert patient.id is not None
    return (await checkins_for_days(session, [(patient.id, day)], now))[(patient.id, day)]


def newest_prompt(session: AsyncSession, checkin: Checkin, message_id: int | None) -> None:
    """Remember the newest prompt message; taps on older ones are then outdated."""
    if message_id is not None and (checkin.prompt_message_id or 0) < message_id:
        checkin.prompt_message_id = message_id
        session.add(checkin)


def answers_of(checkin: Checkin) -> dict[Question, int | None]:
    """The check-in's ratings by question."""
    return {q: getattr(checkin, q.value) for q in RATING_QUESTIONS}


def first_unanswered(checkin: Checkin) -> str:
    """The first question without an answer ("note" once the ratings are in)."""
    return first_unanswered_of(answers_of(checkin)).value


def has_ratings(checkin: Checkin) -> bool:
    """True once every rating (eye frequency and severity, lower face, impact) is answered."""
    return all(getattr(checkin, step) is not None for step in RATINGS)


#: Every closed check-in reads the days before it: the statement is built once.
_RATED_DAYS = select(Checkin).where(
    col(Checkin.patient_id) == bindparam("patient_id"),
    col(Checkin.local_date) >= bindparam("since"),
    col(Checkin.local_date) < bindparam("day"),
    col(Checkin.frequency).is_not(None),
    col(Checkin.severity).is_not(None),
)


async def recent_scores(
    session: AsyncSession, patient_id: int, day: date, days: int = 7
) -> list[DayScore]:
    """Complete ratings of the ``days`` local days before ``day``."""
    since = day - timedelta(days=days)
    params = {"patient_id": patient_id, "since": since, "day": day}
    rows = (await session.exec(_RATED_DAYS, params=params)).all()
    return [
        DayScore(r.local_date, r.frequency, r.severity, r.impact)  # type: ignore[arg-type]
        for r in rows
    ]


# ---- rendering ----------------------------------------------------------------------------------
def day_label(checkin: Checkin, lang: str) -> str:
    """The check-in's day, with "(entered late)" when it was filled in after its day."""
    day = fmt_date(checkin.local_date, lang)
    return t("checkin_day_late", lang, date=day) if checkin.entered_late else day


def render_prompt(
    checkin: Checkin, lang: str, *, scheduled: bool, intro: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """The check-in message for the current step: header, answers so far, question, buttons."""
    step = checkin.step or first_unanswered(checkin)
    lines = []
    if intro:
        lines += [intro, ""]
    lines.append(t("checkin_header", lang, date=day_label(checkin, lang)))
    for done in RATINGS:
        value = getattr(checkin, done)
        if value is not None and done != step:
            lines.append(f"✓ {t(ANSWER_LABEL[done][str(value)], lang)}")
    lines += ["", t(QUESTION[step], lang)]
    cid = checkin.id
    assert cid is not None
    rows: list[list[tuple[str, Callback]]] = []
    if step in ACTION_OF:
        current = getattr(checkin, step)
        item = ACTION_OF[step]
        for value in range(RATING_MIN, RATING_MAX + 1):
            label = t(ANSWER_LABEL[step][str(value)], lang)
            if current == value:
                label = f"✓ {label}"
            rows.append([(label, RateTap(cid, item, value))])  # type: ignore[arg-type]
    else:
        rows.append([(t("btn_skip_note", lang), SkipNoteTap(cid))])
    if scheduled and step == "frequency" and checkin.frequency is None:
        snoozes: list[tuple[str, Callback]] = [
            (t(BTN_SNOOZE[m], lang), SnoozeTap(cid, m)) for m in SNOOZE_MINUTES
        ]
        rows.append([*snoozes, (t("btn_skip_today", lang), SkipTodayTap(cid))])
    return "\n".join(lines), keyboard(rows)


def _shown(value: int | None) -> str:
    return "–" if value is None else str(value)


def comparison_text(cmp: Comparison, lang: str) -> str:
    """The one-line comparison with the last 7 days."""
    if cmp.trend is Trend.NO_DATA or cmp.recent_mean is None:
        return t("cmp_no_data", lang)
    key = COMPARISON[cmp.trend]
    return t(key, lang, days=cmp.recent_days, mean=f"{cmp.recent_mean:.1f}", today=cmp.today)


async def render_done(
    session: AsyncSession, checkin: Checkin, lang: str
) -> tuple[str, InlineKeyboardMarkup]:
    """The closing message: what was saved and the 7-day comparison, with a Change button."""
    assert checkin.frequency is not None and checkin.severity is not None
    today = DayScore(checkin.local_date, checkin.frequency, checkin.severity, checkin.impact)
    cmp = compare_with_recent(
        today, await recent_scores(session, checkin.patient_id, checkin.local_date)
    )
    text = t(
        "checkin_done",
        lang,
        date=day_label(checkin, lang),
        frequency=checkin.frequency,
        severity=checkin.severity,
        lower_face=_shown(checkin.lower_face),
        impact=checkin.impact,
        note_line=t("checkin_note_line", lang, note=checkin.note) if checkin.note else "",
        comparison=comparison_text(cmp, lang),
    )
    assert checkin.id is not None
    rows: list[list[tuple[str, Callback | str]]] = [
        [(t("btn_change_answers", lang), ChangeTap(checkin.id))]
    ]
    from service.bot.botox import report_button

    if button := await report_button(session, checkin.patient_id, checkin.local_date, lang):
        rows.append([button])  # "I think it's wearing off", during a Botox cycle
    return text, keyboard(rows)
