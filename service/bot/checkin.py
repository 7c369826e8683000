"""Daily check-in: one message, edited in place through the questions; each answer stored at once.

The order of the questions is the pure step machine in ``service.domain.checkin``. Buttons are
typed payloads (``RateTap``, ``SkipNoteTap``, ``SnoozeTap``, ``SkipTodayTap``, ``ChangeTap``),
each with one action; a tap is honoured only from the patient who owns the check-in, on its
newest prompt message, on the check-in's own day.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup

from service.bot.callbacks import Callback, callback
from service.bot.common import today_of, zone_of
from service.bot.dialog import Waiting, dialog_of, stop_waiting, wait_for
from service.bot.feature import CheckinClosed, CheckinCompleted, Command, Feature, publish
from service.bot.kit import Buttons, Reply, Turn, expired, keyboard
from service.config import Settings
from service.db.models import (
    Checkin,
    CheckinStatus,
    Occurrence,
    OccurrenceStatus,
    Patient,
)
from service.db.upsert import get_or_create_many
from service.domain.checkin import after_rating
from service.domain.checkin import first_unanswered as first_unanswered_of
from service.domain.scales import (
    NOTE_MAX_CHARS,
    RATING_MAX,
    RATING_MIN,
    RATING_QUESTIONS,
    EmptyNote,
    NoteTooLong,
    Question,
    clean_note,
)
from service.domain.stats import Comparison, DayScore, Trend, compare_with_recent
from service.domain.timezones import local_date, local_day_bounds
from service.scheduling.batch import load_by_id, payload_id
from service.scheduling.dispatcher import Due, HandlerDefaults, OccurrenceHandler, Outgoing
from service.scheduling.occurrences import add_occurrence, add_occurrences, occurrence_values
from service.texts import fmt_date, fmt_time, t

log = logging.getLogger(__name__)

KIND_PROMPT = "checkin"
KIND_FOLLOWUP = "checkin_followup"
KIND_SNOOZE = "checkin_snooze"
KIND_CLOSE = "checkin_close"

RATINGS = tuple(q.value for q in RATING_QUESTIONS)  # frequency, severity, lower face, impact
STEPS = (*RATINGS, "note")
RATING_ACTIONS = {"f": "frequency", "s": "severity", "l": "lower_face", "i": "impact"}
ACTION_OF = {v: k for k, v in RATING_ACTIONS.items()}
LABEL_PREFIX = {"frequency": "freq", "severity": "sev", "lower_face": "lower", "impact": "impact"}
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


# ---- storage ------------------------------------------------------------------------------------
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


async def recent_scores(
    session: AsyncSession, patient_id: int, day: date, days: int = 7
) -> list[DayScore]:
    """Complete ratings of the ``days`` local days before ``day``."""
    rows = (
        await session.exec(
            select(Checkin).where(
                col(Checkin.patient_id) == patient_id,
                col(Checkin.local_date) >= day - timedelta(days=days),
                col(Checkin.local_date) < day,
                col(Checkin.frequency).is_not(None),
                col(Checkin.severity).is_not(None),
            )
        )
    ).all()
    return [
        DayScore(r.local_date, r.frequency, r.severity, r.impact)  # type: ignore[arg-type]
        for r in rows
    ]


# ---- rendering ----------------------------------------------------------------------------------
def render_prompt(
    checkin: Checkin, lang: str, *, scheduled: bool, intro: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """The check-in message for the current step: header, answers so far, question, buttons."""
    step = checkin.step or first_unanswered(checkin)
    lines = []
    if intro:
        lines += [intro, ""]
    lines.append(t("checkin_header", lang, date=fmt_date(checkin.local_date, lang)))
    for done in RATINGS:
        value = getattr(checkin, done)
        if value is not None and done != step:
            lines.append(f"✓ {t(LABEL_PREFIX[done] + '_' + str(value), lang)}")
    lines += ["", t(f"q_{step}", lang)]
    cid = checkin.id
    assert cid is not None
    rows: list[list[tuple[str, Callback]]] = []
    if step in ACTION_OF:
        current = getattr(checkin, step)
        item = ACTION_OF[step]
        for value in range(RATING_MIN, RATING_MAX + 1):
            label = t(f"{LABEL_PREFIX[step]}_{value}", lang)
            if current == value:
                label = f"✓ {label}"
            rows.append([(label, RateTap(cid, item, value))])  # type: ignore[arg-type]
    else:
        rows.append([(t("btn_skip_note", lang), SkipNoteTap(cid))])
    if scheduled and step == "frequency" and checkin.frequency is None:
        snoozes: list[tuple[str, Callback]] = [
            (t(f"btn_snooze_{m}", lang), SnoozeTap(cid, m)) for m in SNOOZE_MINUTES
        ]
        rows.append([*snoozes, (t("btn_skip_today", lang), SkipTodayTap(cid))])
    return "\n".join(lines), keyboard(rows)


def _shown(value: int | None) -> str:
    return "–" if value is None else str(value)


def comparison_text(cmp: Comparison, lang: str) -> str:
    """The one-line comparison with the last 7 days."""
    if cmp.trend is Trend.NO_DATA or cmp.recent_mean is None:
        return t("cmp_no_data", lang)
    key = {Trend.LOWER: "cmp_lower", Trend.SAME: "cmp_same", Trend.HIGHER: "cmp_higher"}[cmp.trend]
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
        date=fmt_date(checkin.local_date, lang),
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


# ---- patient actions ----------------------------------------------------------------------------
async def start_checkin(
    session: AsyncSession, patient: Patient, now: datetime, *, intro: str | None = None
) -> tuple[Checkin, str, InlineKeyboardMarkup]:
    """Open today's check-in (or say it is done) and render what to send."""
    day = today_of(patient, now)
    checkin = await checkin_for_day(session, patient, day, now)
    if checkin.status == CheckinStatus.COMPLETE and has_ratings(checkin):
        text, markup = await render_done(session, checkin, patient.language)
        return checkin, t("checkin_already_done", patient.language) + "\n\n" + text, markup
    if checkin.status in (CheckinStatus.SKIPPED, CheckinStatus.MISSED):
        checkin.status = CheckinStatus.OPEN
    checkin.step = first_unanswered(checkin)
    checkin.updated_at = now
    session.add(checkin)
    text, markup = render_prompt(checkin, patient.language, scheduled=False, intro=intro)
    return checkin, text, markup


async def finish_note(turn: Turn, checkin: Checkin) -> Reply:
    """After the note (typed or skipped): close the check-in and show the summary; whoever
    listens for a closed check-in (the set-up's next question) follows."""
    session, patient, now = turn.session, turn.me, turn.now
    checkin.step = None
    checkin.status = CheckinStatus.COMPLETE
    checkin.completed_at = checkin.completed_at or now
    checkin.updated_at = now
    session.add(checkin)
    stop_waiting(patient, Waiting.NOTE)
    session.add(patient)
    text, markup = await render_done(session, checkin, patient.language)
    return Reply(text, markup).followed_by(await publish(turn, CheckinClosed(checkin)))


async def note_answer(turn: Turn, text: str) -> Reply | None:
    """A typed note while the note question is open."""
    session, patient = turn.session, turn.me
    dialog = dialog_of(patient)
    if dialog.waiting is not Waiting.NOTE or dialog.ref is None:
        return None
    checkin = await session.get(Checkin, dialog.ref, with_for_update=True)
    if checkin is None or checkin.patient_id != patient.id:
        stop_waiting(patient)
        session.add(patient)
        return None
    try:
        note = clean_note(text)
    except EmptyNote:
        return Reply(t("q_note", patient.language))
    except NoteTooLong:
        # Nothing is lost: the text is echoed back so the patient can shorten it.
        length = len(text.strip())
        return Reply(
            t(
                "note_too_long",
                patient.language,
                length=length,
                limit=NOTE_MAX_CHARS,
                text=text[:3800],
            )
        )
    checkin.note = note
    return await finish_note(turn, checkin)


BUTTONS = Buttons()


async def _tapped(turn: Turn, checkin_id: int, *, any_day: bool = False) -> Checkin | Reply:
    """The patient's own check-in a button is about, if the tap still counts; else the answer.

    Taps on an older copy of the prompt are outdated; a closed day takes no answers (``any_day``:
    the note's Skip still closes yesterday's check-in)."""
    checkin = await turn.session.get(Checkin, checkin_id, with_for_update=True)
    if checkin is None or checkin.patient_id != turn.me.id:
        return expired(turn)  # forged or someone else's
    message_id = turn.message_id
    if (
        checkin.prompt_message_id is not None
        and message_id is not None
        and message_id < checkin.prompt_message_id
    ):
        return Reply("", toast=turn.t("button_outdated"))
    if checkin.status == CheckinStatus.MISSED or (
        checkin.local_date != turn.today and not any_day
    ):
        return Reply("", toast=turn.t("checkin_closed"))
    if message_id is not None:
        checkin.prompt_message_id = message_id
    checkin.updated_at = turn.now
    turn.session.add(checkin)
    return checkin


@BUTTONS.on(RateTap)
async def rate(turn: Turn, tap: RateTap) -> Reply:
    """A rating: store it at once and show the next question (or the optional note)."""
    checkin = await _tapped(turn, tap.checkin)
    if isinstance(checkin, Reply):
        return checkin
    if not RATING_MIN <= tap.value <= RATING_MAX:
        return expired(turn)
    question = Question(RATING_ACTIONS[tap.item])
    setattr(checkin, question.value, tap.value)
    if checkin.status != CheckinStatus.COMPLETE:
        checkin.status = CheckinStatus.OPEN
    shown = Question(checkin.step) if checkin.step in STEPS else None
    progress = after_rating(shown, question, answers_of(checkin))
    checkin.step = progress.step.value
    if progress.complete:
        # The ratings are in: the check-in counts as done; the note is optional.
        checkin.status = CheckinStatus.COMPLETE
        checkin.completed_at = checkin.completed_at or turn.now
        wait_for(turn.me, Waiting.NOTE, checkin.id)
        turn.session.add(turn.me)
    text, markup = render_prompt(checkin, turn.lang, scheduled=checkin.occurrence_id is not None)
    reply = Reply(text, markup, edit=True, toast=turn.t("answer_saved"))
    if progress.complete:
        # E.g. the Botox wear-off estimate, if the diary suggests it: a message of its own.
        reply.followed_by(await publish(turn, CheckinCompleted(checkin)))
    return reply


@BUTTONS.on(SkipNoteTap)
async def skip_note(turn: Turn, tap: SkipNoteTap) -> Reply:
    """No note: the check-in is closed."""
    checkin = await _tapped(turn, tap.checkin, any_day=True)
    if isinstance(checkin, Reply):
        return checkin
    if not has_ratings(checkin):
        return expired(turn)
    reply = await finish_note(turn, checkin)
    reply.edit = True
    return reply


@BUTTONS.on(ChangeTap)
async def change(turn: Turn, tap: ChangeTap) -> Reply:
    """Change today's answers: the questions again, answers so far ticked."""
    checkin = await _tapped(turn, tap.checkin)
    if isinstance(checkin, Reply):
        return checkin
    checkin.step = STEPS[0]
    checkin.status = CheckinStatus.OPEN if not has_ratings(checkin) else checkin.status
    text, markup = render_prompt(checkin, turn.lang, scheduled=False)
    return Reply(text, markup, edit=True)


@BUTTONS.on(SkipTodayTap)
async def skip_today(turn: Turn, tap: SkipTodayTap) -> Reply:
    """No check-in today: follow-ups and snoozes are dropped."""
    checkin = await _tapped(turn, tap.checkin)
    if isinstance(checkin, Reply):
        return checkin
    if checkin.frequency is not None:
        return expired(turn)
    checkin.status = CheckinStatus.SKIPPED
    checkin.step = None
    await cancel_pending(turn.session, checkin)
    return Reply(turn.t("checkin_skipped"), edit=True)


@BUTTONS.on(SnoozeTap)
async def snooze(turn: Turn, tap: SnoozeTap) -> Reply:
    """Ask again in 30 minutes or 2 hours (at the latest just before the day ends)."""
    checkin = await _tapped(turn, tap.checkin)
    if isinstance(checkin, Reply):
        return checkin
    if tap.minutes not in SNOOZE_MINUTES or checkin.occurrence_id is None:
        return expired(turn)
    occurrence = await turn.session.get(Occurrence, checkin.occurrence_id)
    if occurrence is None:
        return expired(turn)
    zone = zone_of(turn.me, turn.default_zone)
    due = turn.now + timedelta(minutes=tap.minutes)
    _, day_end = local_day_bounds(checkin.local_date, zone)
    if due >= day_end:
        due = day_end - timedelta(minutes=1)
    await add_occurrence(
        turn.session,
        schedule_id=occurrence.schedule_id,
        patient_id=checkin.patient_id,
        kind=KIND_SNOOZE,
        due_at=due.replace(microsecond=0),
        now=turn.now,
        grace=day_end - due,
        payload={"checkin_id": checkin.id},
    )
    local = due.astimezone(zone)
    return Reply(turn.t("checkin_snoozed", time=fmt_time(local, turn.lang)), edit=True)


async def cancel_pending(session: AsyncSession, checkin: Checkin) -> None:
    """Drop the follow-ups and snoozes still waiting for this check-in."""
    rows = (
        await session.exec(
            select(Occurrence).where(
                col(Occurrence.patient_id) == checkin.patient_id,
                col(Occurrence.status) == OccurrenceStatus.PENDING,
                col(Occurrence.kind).in_([KIND_FOLLOWUP, KIND_SNOOZE]),
            )
        )
    ).all()
    for occ in rows:
        if (occ.payload or {}).get("checkin_id") == checkin.id:
            occ.status = OccurrenceStatus.SKIPPED
            occ.last_error = "superseded"
            session.add(occ)


# ---- the command ------------------------------------------------------------------------------
async def checkin_command(turn: Turn, _args: str) -> Reply:
    """/checkin: start (or continue) today's check-in, or show today's answers."""
    checkin, text, markup = await start_checkin(turn.session, turn.me, turn.now)
    checkin_id = checkin.id

    async def remember(session: AsyncSession, message_id: int) -> None:
        fresh = await session.get(Checkin, checkin_id, with_for_update=True)
        if fresh is not None:
            newest_prompt(session, fresh, message_id)

    return Reply(text, markup, remember=remember)


# ---- scheduled occurrences ----------------------------------------------------------------------
def occurrence_handlers(config: Settings) -> dict[str, OccurrenceHandler]:
    """The check-in's occurrence kinds, configured from the settings."""
    return CheckinOccurrences(
        followup_after=timedelta(hours=config.checkin_followup_hours),
        default_zone=config.default_timezone,
    ).handlers()


@dataclass
class CheckinOccurrences:
    """Occurrence handlers for the prompt, its follow-up, snoozes and the end of the day."""

    followup_after: timedelta
    default_zone: str = "UTC"

    def handlers(self) -> dict[str, OccurrenceHandler]:
        """Kind -> handler, for the dispatcher."""
        return {
            KIND_PROMPT: PromptHandler(self),
            KIND_FOLLOWUP: FollowupHandler(self),
            KIND_SNOOZE: SnoozeHandler(self),
            KIND_CLOSE: CloseHandler(self),
        }


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


async def _checkins_of(session: AsyncSession, batch: Sequence[Due]) -> dict[int, Checkin]:
    """The check-ins the batch's occurrences name in their payload, by id (row-locked)."""
    ids = [payload_id(due.occurrence, "checkin_id") for due in batch]
    return await load_by_id(session, Checkin, ids, lock=True)


def _checkin_of(checkins: dict[int, Checkin], due: Due) -> Checkin | None:
    cid = payload_id(due.occurrence, "checkin_id")
    return checkins.get(cid) if cid is not None else None


@dataclass
class PromptHandler(HandlerDefaults):
    """The daily prompt: opens the day's check-in and sends its first open question."""

    cfg: CheckinOccurrences

    def _day(self, due: Due) -> tuple[int, date]:
        assert due.patient.id is not None
        zone = zone_of(due.patient, self.cfg.default_zone)
        return due.patient.id, local_date(due.occurrence.due_at, zone)

    async def prepare(
        self, *, session: AsyncSession, batch: Sequence[Due], now: datetime
    ) -> list[Outgoing | None]:
        """Skip days already done or skipped; otherwise the prompt with Snooze/Skip."""
        checkins = await checkins_for_days(session, [self._day(due) for due in batch], now)
        out: list[Outgoing | None] = []
        for due in batch:
            checkin = checkins[self._day(due)]
            if checkin.status in (CheckinStatus.COMPLETE, CheckinStatus.SKIPPED):
                out.append(None)
                continue
            checkin.step = first_unanswered(checkin)
            checkin.occurrence_id = due.occurrence.id
            checkin.status = CheckinStatus.OPEN
            session.add(checkin)
            due.occurrence.payload = {
                "checkin_id": checkin.id,
                "schedule": due.occurrence.schedule_id,
            }
            text, markup = render_prompt(checkin, due.patient.language, scheduled=True)
            out.append(Outgoing(text, markup))
        return out

    async def sent(self, *, session: AsyncSession, batch: Sequence[Due], now: datetime) -> None:
        """Remember each prompt; book one follow-up and the end-of-day close."""
        checkins = await _checkins_of(session, batch)
        rows = []
        for due in batch:
            checkin = _checkin_of(checkins, due)
            if checkin is None:
                continue
            occurrence, patient = due.occurrence, due.patient
            assert patient.id is not None
            newest_prompt(session, checkin, due.message_id)
            zone = zone_of(patient, self.cfg.default_zone)
            _, day_end = local_day_bounds(checkin.local_date, zone)
            payload = {"checkin_id": checkin.id}
            followup_due = occurrence.due_at + self.cfg.followup_after
            if followup_due < day_end:
                rows.append(
                    occurrence_values(
                        schedule_id=occurrence.schedule_id,
                        patient_id=patient.id,
                        kind=KIND_FOLLOWUP,
                        due_at=followup_due,
                        now=now,
                        grace=day_end - followup_due,
                        payload=payload,
                    )
                )
            rows.append(
                occurrence_values(
                    schedule_id=occurrence.schedule_id,
                    patient_id=patient.id,
                    kind=KIND_CLOSE,
                    due_at=day_end,
                    now=now,
                    grace=None,
                    payload=payload,
                )
            )
        await add_occurrences(session, rows)

    async def missed(self, *, session: AsyncSession, batch: Sequence[Due], now: datetime) -> None:
        """Not sent in time (the bot was down): the day counts as missed unless answered."""
        checkins = await checkins_for_days(session, [self._day(due) for due in batch], now)
        rows = []
        for due in batch:
            patient = due.patient
            assert patient.id is not None
            _, day = self._day(due)
            checkin = checkins[(patient.id, day)]
            if checkin.status != CheckinStatus.OPEN or checkin.frequency is not None:
                continue
            if day < today_of(patient, now, self.cfg.default_zone):
                checkin.status = CheckinStatus.MISSED
                checkin.step = None
                session.add(checkin)
                continue
            # Still the same local day: the patient may check in by hand; close it at midnight.
            _, day_end = local_day_bounds(day, zone_of(patient, self.cfg.default_zone))
            rows.append(
                occurrence_values(
                    schedule_id=due.occurrence.schedule_id,
                    patient_id=patient.id,
                    kind=KIND_CLOSE,
                    due_at=day_end,
                    now=now,
                    grace=None,
                    payload={"checkin_id": checkin.id},
                )
            )
        await add_occurrences(session, rows)


@dataclass
class _Reprompt(HandlerDefaults):
    """Shared by follow-up and snooze: send a fresh prompt if the check-in is still open."""

    cfg: CheckinOccurrences

    def intro(self, lang: str) -> str | None:
        """A line above the question."""
        return None

    async def prepare(
        self, *, session: AsyncSession, batch: Sequence[Due], now: datetime
    ) -> list[Outgoing | None]:
        """A new prompt message for each, or nothing if its check-in moved on."""
        checkins = await _checkins_of(session, batch)
        still_open = [c for c in checkins.values() if c.status == CheckinStatus.OPEN]
        unwanted = await self.unwanted(session, still_open)
        out: list[Outgoing | None] = []
        for due in batch:
            checkin = _checkin_of(checkins, due)
            if checkin is None or checkin.status != CheckinStatus.OPEN or checkin.id in unwanted:
                out.append(None)
                continue
            checkin.step = first_unanswered(checkin)
            session.add(checkin)
            lang = due.patient.language
            text, markup = render_prompt(checkin, lang, scheduled=True, intro=self.intro(lang))
            out.append(Outgoing(text, markup))
        return out

    async def unwanted(self, session: AsyncSession, checkins: Sequence[Checkin]) -> set[int]:
        """The ids of the open check-ins for which this reprompt no longer makes sense."""
        return set()

    async def sent(self, *, session: AsyncSession, batch: Sequence[Due], now: datetime) -> None:
        """The new message becomes the prompt; older ones are outdated."""
        checkins = await _checkins_of(session, batch)
        for due in batch:
            checkin = _checkin_of(checkins, due)
            if checkin is not None:
                newest_prompt(session, checkin, due.message_id)


class FollowupHandler(_Reprompt):
    """One gentle nudge, only if nothing was answered and no snooze is waiting."""

    def intro(self, lang: str) -> str | None:
        """The gentle reminder line."""
        return t("checkin_followup", lang)

    async def unwanted(self, session: AsyncSession, checkins: Sequence[Checkin]) -> set[int]:
        """Those answered already, or with a snooze pending (one query for all)."""
        unwanted = {c.id for c in checkins if c.frequency is not None and c.id is not None}
        asking = [c for c in checkins if c.id not in unwanted]
        if not asking:
            return unwanted
        waiting = (
            await session.exec(
                select(Occurrence).where(
                    col(Occurrence.patient_id).in_({c.patient_id for c in asking}),
                    col(Occurrence.kind) == KIND_SNOOZE,
                    col(Occurrence.status).in_([OccurrenceStatus.PENDING, OccurrenceStatus.SENT]),
                )
            )
        ).all()
        snoozed = {payload_id(o, "checkin_id") for o in waiting}
        return unwanted | {c.id for c in asking if c.id in snoozed and c.id is not None}


class SnoozeHandler(_Reprompt):
    """The prompt again after Snooze."""


@dataclass
class CloseHandler(HandlerDefaults):
    """End of the local day: an unanswered check-in is recorded as missed. Sends nothing."""

    cfg: CheckinOccurrences

    async def prepare(
        self, *, session: AsyncSession, batch: Sequence[Due], now: datetime
    ) -> list[Outgoing | None]:
        """Mark each day; partial answers are kept as they are."""
        checkins = await _checkins_of(session, batch)
        for due in batch:
            checkin = _checkin_of(checkins, due)
            if checkin is None:
                continue
            if checkin.status == CheckinStatus.OPEN:
                if checkin.frequency is None:
                    checkin.status = CheckinStatus.MISSED
                checkin.step = None
                session.add(checkin)
            patient = due.patient
            dialog = dialog_of(patient)
            if dialog.waiting is Waiting.NOTE and dialog.ref == checkin.id:
                stop_waiting(patient)  # a reply tomorrow must not become yesterday's note
                session.add(patient)
        return [None] * len(batch)


FEATURE = Feature(
    name="checkin",
    commands=(Command("checkin", checkin_command),),
    buttons=BUTTONS,
    answers={Waiting.NOTE: note_answer},
    occurrences=occurrence_handlers,
)
