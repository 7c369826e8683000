"""Daily check-in: one message, edited in place through the questions; each answer stored at once.

Callback data: ``ci:<checkin id>:<action>:<value>`` where action is ``f``/``s``/``l``/``i`` (a
rating: eye frequency, eye severity, lower face, daily-life impact),
``n`` (skip the note), ``z`` (snooze minutes), ``x`` (skip today) or ``c`` (change answers).
A tap is honoured only from the patient who owns the check-in, on its newest prompt message.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from service.bot.common import chat_id_of, get_patient, has_consented, keyboard, today_of, zone_of
from service.bot.state import Context
from service.config import Settings
from service.db.models import (
    Checkin,
    CheckinStatus,
    Occurrence,
    OccurrenceStatus,
    Patient,
)
from service.db.upsert import get_or_create_many
from service.domain.numbers import is_number
from service.domain.scales import (
    NOTE_MAX_CHARS,
    RATING_MAX,
    RATING_MIN,
    RATING_QUESTIONS,
    EmptyNote,
    NoteTooLong,
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
AWAIT_NOTE = "note"
COMMANDS = ("checkin",)


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


def first_unanswered(checkin: Checkin) -> str:
    """The first question without an answer ("note" once the ratings are in)."""
    for step in RATINGS:
        if getattr(checkin, step) is None:
            return step
    return "note"


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
    rows: list[list[tuple[str, str]]] = []
    if step in ACTION_OF:
        current = getattr(checkin, step)
        for value in range(RATING_MIN, RATING_MAX + 1):
            label = t(f"{LABEL_PREFIX[step]}_{value}", lang)
            if current == value:
                label = f"✓ {label}"
            rows.append([(label, f"ci:{cid}:{ACTION_OF[step]}:{value}")])
    else:
        rows.append([(t("btn_skip_note", lang), f"ci:{cid}:n:0")])
    if scheduled and step == "frequency" and checkin.frequency is None:
        rows.append(
            [(t(f"btn_snooze_{m}", lang), f"ci:{cid}:z:{m}") for m in SNOOZE_MINUTES]
            + [(t("btn_skip_today", lang), f"ci:{cid}:x:0")]
        )
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
    rows = [[(t("btn_change_answers", lang), f"ci:{checkin.id}:c:0")]]
    from service.bot.botox import report_button

    if button := await report_button(session, checkin.patient_id, checkin.local_date, lang):
        rows.append([button])  # "I think it's wearing off", during a Botox cycle
    return text, keyboard(rows)


# ---- patient actions ----------------------------------------------------------------------------
@dataclass
class Reply:
    """What a handler does on Telegram after its transaction committed."""

    text: str
    markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None = None
    edit: bool = False  # edit the tapped message instead of sending a new one
    toast: str | None = None  # the callback answer
    then: Reply | None = None  # a further new message (e.g. the next onboarding step)
    rearm: bool = False  # schedules changed: re-arm the dispatcher after sending


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


async def finish_note(
    session: AsyncSession, patient: Patient, checkin: Checkin, now: datetime
) -> Reply:
    """After the note (typed or skipped): close the check-in and show the summary."""
    checkin.step = None
    checkin.status = CheckinStatus.COMPLETE
    checkin.completed_at = checkin.completed_at or now
    checkin.updated_at = now
    session.add(checkin)
    if patient.awaiting == AWAIT_NOTE:
        patient.awaiting = None
        patient.awaiting_ref = None
        session.add(patient)
    text, markup = await render_done(session, checkin, patient.language)
    reply = Reply(text, markup)
    if patient.onboarding_step == "first_checkin":
        from service.bot.onboarding import after_first_checkin

        reply.then = await after_first_checkin(session, patient, now)
    return reply


async def save_note_text(
    session: AsyncSession, patient: Patient, text: str, now: datetime
) -> Reply | None:
    """A typed reply while the note question is open; None if no note is awaited."""
    if patient.awaiting != AWAIT_NOTE or patient.awaiting_ref is None:
        return None
    checkin = await session.get(Checkin, patient.awaiting_ref, with_for_update=True)
    if checkin is None or checkin.patient_id != patient.id:
        patient.awaiting = None
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
    return await finish_note(session, patient, checkin, now)


async def on_tap(
    session: AsyncSession, chat_id: int, message_id: int | None, data: str, now: datetime
) -> Reply:
    """Apply one check-in button press; every path answers something."""
    expired = Reply("", toast=t("button_expired"))
    parts = data.split(":")
    if len(parts) != 4 or not is_number(parts[1]) or not is_number(parts[3]):
        return expired
    _, cid_text, action, value_text = parts
    patient = await get_patient(session, chat_id, lock=True)
    if patient is None or not has_consented(patient):
        return expired
    lang = patient.language
    checkin = await session.get(Checkin, int(cid_text), with_for_update=True)
    if checkin is None or checkin.patient_id != patient.id:
        return expired  # forged or someone else's
    if (
        checkin.prompt_message_id is not None
        and message_id is not None
        and message_id < checkin.prompt_message_id
    ):
        return Reply("", toast=t("button_outdated", lang))
    if checkin.status == CheckinStatus.MISSED or (
        checkin.local_date != today_of(patient, now) and action != "n"
    ):
        return Reply("", toast=t("checkin_closed", lang))
    if message_id is not None:
        checkin.prompt_message_id = message_id
    value = int(value_text)
    checkin.updated_at = now

    if action in RATING_ACTIONS:
        field_name = RATING_ACTIONS[action]
        if not RATING_MIN <= value <= RATING_MAX:
            return expired
        setattr(checkin, field_name, value)
        if checkin.status != CheckinStatus.COMPLETE:
            checkin.status = CheckinStatus.OPEN
        if checkin.step in RATINGS and STEPS.index(checkin.step) > STEPS.index(field_name):
            pass  # a late tap on an earlier question: keep showing the current one
        else:
            checkin.step = STEPS[STEPS.index(field_name) + 1]
        if has_ratings(checkin) and checkin.step == "note":
            # The ratings are in: the check-in counts as done; the note is optional.
            checkin.status = CheckinStatus.COMPLETE
            checkin.completed_at = checkin.completed_at or now
            patient.awaiting = AWAIT_NOTE
            patient.awaiting_ref = checkin.id
            session.add(patient)
        elif checkin.step == "note":
            checkin.step = first_unanswered(checkin)
        session.add(checkin)
        text, markup = render_prompt(checkin, lang, scheduled=checkin.occurrence_id is not None)
        reply = Reply(text, markup, edit=True, toast=t("answer_saved", lang))
        if has_ratings(checkin) and checkin.step == "note":
            from service.bot.botox import on_checkin_completed

            # The Botox wear-off estimate, if the diary suggests it: a message of its own.
            reply.then = await on_checkin_completed(session, patient, checkin, now)
        return reply
    if action == "n":
        if not has_ratings(checkin):
            return expired
        reply = await finish_note(session, patient, checkin, now)
        reply.edit = True
        return reply
    if action == "c":
        checkin.step = STEPS[0]
        checkin.status = CheckinStatus.OPEN if not has_ratings(checkin) else checkin.status
        session.add(checkin)
        text, markup = render_prompt(checkin, lang, scheduled=False)
        return Reply(text, markup, edit=True)
    if action == "x":
        if checkin.frequency is not None:
            return expired
        checkin.status = CheckinStatus.SKIPPED
        checkin.step = None
        session.add(checkin)
        await cancel_pending(session, checkin)
        return Reply(t("checkin_skipped", lang), edit=True)
    if action == "z" and value in SNOOZE_MINUTES and checkin.occurrence_id is not None:
        occurrence = await session.get(Occurrence, checkin.occurrence_id)
        if occurrence is None:
            return expired
        due = now + timedelta(minutes=value)
        _, day_end = local_day_bounds(checkin.local_date, zone_of(patient))
        if due >= day_end:
            due = day_end - timedelta(minutes=1)
        await add_occurrence(
            session,
            schedule_id=occurrence.schedule_id,
            patient_id=checkin.patient_id,
            kind=KIND_SNOOZE,
            due_at=due.replace(microsecond=0),
            now=now,
            grace=day_end - due,
            payload={"checkin_id": checkin.id},
        )
        local = due.astimezone(zone_of(patient))
        return Reply(t("checkin_snoozed", lang, time=fmt_time(local, lang)), edit=True)
    return expired


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


# ---- Telegram handlers --------------------------------------------------------------------------
async def send_reply(update: Update, reply: Reply) -> None:
    """Carry out a Reply: answer the tap, edit or send, then any further message."""
    query = update.callback_query
    if query is not None:
        await query.answer(reply.toast)
    if reply.text:
        if reply.edit and query is not None and query.message is not None:
            markup = reply.markup if isinstance(reply.markup, InlineKeyboardMarkup) else None
            try:
                await query.edit_message_text(reply.text, reply_markup=markup)
            except BadRequest as exc:
                if "not modified" not in str(exc).lower():
                    raise
        else:
            chat = update.effective_chat
            assert chat is not None
            await chat.send_message(reply.text, reply_markup=reply.markup)
    if reply.then is not None:
        follow = reply.then
        chat = update.effective_chat
        assert chat is not None
        await chat.send_message(follow.text, reply_markup=follow.markup)
        if follow.then is not None:
            await chat.send_message(follow.then.text, reply_markup=follow.then.markup)


TapFn = Callable[[AsyncSession, int, str, datetime, str], Awaitable[Reply]]


def tap_handler(
    apply: TapFn, *, rearm: bool
) -> Callable[[Update, Context], Coroutine[Any, Any, None]]:
    """A button handler: ``apply(session, chat_id, data, now, default_zone)`` in one
    transaction, then its Reply sent, then (if schedules may have changed) the dispatcher
    re-armed."""

    async def handle(update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None
        state = context.bot_data
        async with state.db.transaction() as session:
            reply = await apply(
                session,
                chat_id_of(update),
                query.data or "",
                state.clock.now(),
                state.settings.default_timezone,
            )
        await send_reply(update, reply)
        if rearm:
            await state.dispatcher.rearm()

    return handle


async def checkin_command(update: Update, context: Context) -> None:
    """/checkin: start (or continue) today's check-in, or show today's answers."""
    state = context.bot_data
    now = state.clock.now()
    async with state.db.transaction() as session:
        patient = await get_patient(session, chat_id_of(update), lock=True)
        if not has_consented(patient):
            reply = Reply(t("need_start"))
            checkin = None
        else:
            assert patient is not None
            checkin, text, markup = await start_checkin(session, patient, now)
            reply = Reply(text, markup)
    assert update.effective_chat is not None
    message = await update.effective_chat.send_message(reply.text, reply_markup=reply.markup)
    if checkin is not None:
        async with state.db.transaction() as session:
            fresh = await session.get(Checkin, checkin.id, with_for_update=True)
            if fresh is not None:
                newest_prompt(session, fresh, message.message_id)


async def checkin_button(update: Update, context: Context) -> None:
    """A check-in button press."""
    query = update.callback_query
    assert query is not None
    state = context.bot_data
    message_id = query.message.message_id if query.message else None
    async with state.db.transaction() as session:
        reply = await on_tap(
            session, chat_id_of(update), message_id, query.data or "", state.clock.now()
        )
    await send_reply(update, reply)
    if reply.rearm:
        await state.dispatcher.rearm()


def handlers() -> list[BaseHandler[Update, Context, None]]:
    """The check-in feature's handlers."""
    return [
        CommandHandler("checkin", checkin_command, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(checkin_button, pattern=r"^ci:"),
    ]


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
            if patient.awaiting == AWAIT_NOTE and patient.awaiting_ref == checkin.id:
                patient.awaiting = None  # a reply tomorrow must not become yesterday's note
                patient.awaiting_ref = None
                session.add(patient)
        return [None] * len(batch)
