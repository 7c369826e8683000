"""Appointments: reminders 1 day and 2 hours before (local time), then "what changed?".

``/appointment <date> <time> [with whom / where]`` adds one; ``/appointments`` lists the
upcoming ones with Change and Cancel buttons. *Change* sends a question the patient answers by
replying to it (Telegram's ForceReply opens the reply field): the reply is caught by a handler
that only matches replies to that question (its text starts with ``✏️ #<id>``), so no other
free text is touched. Cancelled reminders are dropped, including those already due.

Callback data: ``ap:<appointment id>:<action>:<value>``, action ``c`` cancel, ``u`` undo a cancel,
``m`` change, ``o`` the after-visit outcome (value: index into OUTCOMES).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from babel.dates import format_date
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import ForceReply, InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from service.bot.checkin import Reply, send_reply
from service.bot.common import (
    chat_id_of,
    command_args,
    get_patient,
    has_consented,
    keyboard,
    local_when,
    today_of,
    zone_of,
)
from service.bot.state import Context
from service.config import Settings
from service.db.models import Appointment, Patient
from service.domain.care import (
    WHOM_MAX_CHARS,
    AppointmentInput,
    AppointmentInputError,
    NoDate,
    NoTime,
    WhomTooLong,
    appointment_plan,
    parse_appointment,
    wall_time,
)
from service.domain.dates import ACCEPTED_FORMS
from service.domain.numbers import is_number
from service.domain.recurrence import Recurrence
from service.scheduling.batch import load_by_id, payload_id
from service.scheduling.dispatcher import Due, HandlerDefaults, OccurrenceHandler, Outgoing
from service.scheduling.schedules import add_schedule, cancel_schedules
from service.texts import fmt_time, t

COMMANDS = ("appointment", "appointments")
KIND_DAY_BEFORE = "appt_day_before"
KIND_SOON = "appt_soon"
KIND_FOLLOWUP = "appt_followup"
KINDS = [KIND_DAY_BEFORE, KIND_SOON, KIND_FOLLOWUP]
# How late each may still be sent (e.g. after downtime), in minutes.
GRACE_DAY_BEFORE = 12 * 60
GRACE_SOON = 110  # never after the start
GRACE_FOLLOWUP = 48 * 60

SCHEDULED, CANCELLED, DONE = "scheduled", "cancelled", "done"
#: After-visit answers: button key -> stored Appointment.outcome.
OUTCOMES = ("botox", "medication", "surgery", "nothing")
OUTCOME_STORED = {
    "botox": "new_botox_date",
    "medication": "medication_change",
    "surgery": "surgery_planned",
    "nothing": "nothing",
}
OUTCOME_TREATMENT = {"botox": "botox", "medication": "medication", "surgery": "mvd_planned"}
MAX_AHEAD = timedelta(days=2 * 365)
LIST_LIMIT = 10
MOVE_MARK = "✏️ #{id} "
MOVE_RE = re.compile(r"^✏️ #(\d+) ")


# ---- small helpers ------------------------------------------------------------------------------
def short_date(day: date, lang: str) -> str:
    """A date the way patients can type it back, e.g. '1 Dec'."""
    return str(format_date(day, "d MMM", locale=lang))


def _whom(appt: Appointment, lang: str) -> str:
    return t("appt_whom", lang, whom=appt.with_whom) if appt.with_whom else ""


def _when(appt: Appointment, patient: Patient, zone: str) -> str:
    return local_when(appt.starts_at, patient, zone)


async def _own_appointment(
    session: AsyncSession, patient: Patient, appt_id: int
) -> Appointment | None:
    appt = await session.get(Appointment, appt_id, with_for_update=True)
    return appt if appt is not None and appt.patient_id == patient.id else None


# ---- scheduling ---------------------------------------------------------------------------------
async def schedule_reminders(
    session: AsyncSession,
    patient: Patient,
    appt: Appointment,
    start_local: datetime,
    zone: str,
    now: datetime,
) -> list[tuple[str, datetime]]:
    """Book the reminders still ahead and the after-visit question; (kind, instant) of the
    reminders that will come before the visit."""
    assert patient.id is not None and appt.id is not None
    plan = appointment_plan(start_local, zone_of(patient, zone))
    zone_name = patient.timezone or zone
    ahead: list[tuple[str, datetime]] = []
    for kind, wall, instant, grace in (
        (KIND_DAY_BEFORE, plan.day_before_local, plan.day_before, GRACE_DAY_BEFORE),
        (KIND_SOON, plan.soon_local, plan.soon, GRACE_SOON),
        (KIND_FOLLOWUP, plan.followup_local, plan.followup, GRACE_FOLLOWUP),
    ):
        if instant <= now:
            continue
        await add_schedule(
            session,
            patient_id=patient.id,
            kind=kind,
            recurrence=Recurrence.once(wall, zone_name),
            now=now,
            grace_minutes=grace,
            ref_id=appt.id,
            payload={"appointment_id": appt.id},
        )
        if kind != KIND_FOLLOWUP:
            ahead.append((kind, instant))
    return ahead


def reminders_text(ahead: list[tuple[str, datetime]], patient: Patient, zone: str) -> str:
    """'I'll remind you the day before (...) and 2 hours before (...).'"""
    lang = patient.language
    if not ahead:
        return t("appt_reminders_none", lang)
    items = [
        t(
            "appt_reminder_day_before" if kind == KIND_DAY_BEFORE else "appt_reminder_soon",
            lang,
            when=local_when(instant, patient, zone),
        )
        for kind, instant in ahead
    ]
    return t("appt_reminders", lang, items=t("appt_reminders_join", lang).join(items))


def usage(patient: Patient, now: datetime, zone: str) -> str:
    """How to add an appointment, with an example a week ahead."""
    example = short_date(today_of(patient, now, zone) + timedelta(days=7), patient.language)
    return t("appt_usage", patient.language, example=example, forms=ACCEPTED_FORMS)


def input_problem(
    error: AppointmentInputError, text: str, patient: Patient, now: datetime, zone: str
) -> str:
    """What was wrong with the typed appointment, and the right form."""
    lang = patient.language
    if isinstance(error, WhomTooLong):
        return t(
            "appt_whom_too_long", lang, length=error.length, limit=WHOM_MAX_CHARS, text=text[:3800]
        )
    head = ""
    if isinstance(error, NoDate):
        head = t("appt_bad_date", lang, text=text[:80]) + "\n\n"
    elif isinstance(error, NoTime):
        head = t("appt_bad_time", lang, text=text[:80]) + "\n\n"
    return head + usage(patient, now, zone)


def timing_problem(
    entry: AppointmentInput, patient: Patient, now: datetime, zone: str
) -> str | None:
    """Why this start cannot be booked (past, too far ahead), or None."""
    plan = appointment_plan(entry.start_local, zone_of(patient, zone))
    when = local_when(plan.start, patient, zone)
    if plan.start <= now:
        return t("appt_past", patient.language, when=when)
    if plan.start > now + MAX_AHEAD:
        return t("appt_too_far", patient.language, when=when)
    return None


# ---- patient actions ----------------------------------------------------------------------------
async def add_appointment(
    session: AsyncSession, patient: Patient, text: str, now: datetime, zone: str
) -> Reply:
    """/appointment <date> <time> [with whom]: save it and book its reminders."""
    lang = patient.language
    try:
        entry = parse_appointment(text, today_of(patient, now, zone))
    except AppointmentInputError as error:
        return Reply(input_problem(error, text, patient, now, zone))
    problem = timing_problem(entry, patient, now, zone)
    if problem is not None:
        return Reply(problem + "\n\n" + usage(patient, now, zone))
    assert patient.id is not None
    plan = appointment_plan(entry.start_local, zone_of(patient, zone))
    appt = Appointment(
        patient_id=patient.id,
        starts_at=plan.start,
        with_whom=entry.with_whom,
        status=SCHEDULED,
        created_at=now,
    )
    session.add(appt)
    await session.flush()
    ahead = await schedule_reminders(session, patient, appt, entry.start_local, zone, now)
    return Reply(
        t(
            "appt_saved",
            lang,
            when=_when(appt, patient, zone),
            zone=patient.timezone or zone,
            whom=_whom(appt, lang),
            reminders=reminders_text(ahead, patient, zone),
            after=t("appt_after_note", lang, when=local_when(plan.followup, patient, zone)),
        )
    )


async def upcoming(session: AsyncSession, patient: Patient, now: datetime) -> list[Appointment]:
    """Scheduled appointments still ahead, soonest first."""
    stmt = (
        select(Appointment)
        .where(
            col(Appointment.patient_id) == patient.id,
            col(Appointment.status) == SCHEDULED,
            col(Appointment.starts_at) > now,
        )
        .order_by(col(Appointment.starts_at))
        .limit(LIST_LIMIT)
    )
    return list((await session.exec(stmt)).all())


async def list_appointments(
    session: AsyncSession, patient: Patient, now: datetime, zone: str
) -> Reply:
    """/appointments: the upcoming ones, each with Change and Cancel."""
    lang = patient.language
    rows = await upcoming(session, patient, now)
    if not rows:
        example = short_date(today_of(patient, now, zone) + timedelta(days=7), lang)
        return Reply(t("appt_list_empty", lang, example=example))
    lines = [t("appt_list_header", lang)]
    buttons: list[list[tuple[str, str]]] = []
    for appt in rows:
        lines.append(
            t(
                "appt_list_line",
                lang,
                id=appt.id,
                when=_when(appt, patient, zone),
                whom=_whom(appt, lang),
            )
        )
        buttons.append(action_buttons(appt, lang))
    lines += ["", t("appt_list_footer", lang)]
    return Reply("\n".join(lines), keyboard(buttons))


def action_buttons(appt: Appointment, lang: str) -> list[tuple[str, str]]:
    """Change and Cancel for one appointment."""
    return [
        (t("btn_appt_change", lang, id=appt.id), f"ap:{appt.id}:m:0"),
        (t("btn_appt_cancel", lang, id=appt.id), f"ap:{appt.id}:c:0"),
    ]


@dataclass
class Ask:
    """A question sent as a new message with Telegram's ForceReply (the reply field opens)."""

    text: str
    placeholder: str


def move_question(
    appt: Appointment, patient: Patient, now: datetime, zone: str, problem: str | None = None
) -> Ask:
    """Ask for the new date and time of ``appt``; the text carries the marker the reply
    handler recognises."""
    lang = patient.language
    example = short_date(today_of(patient, now, zone) + timedelta(days=1), lang)
    body = t(
        "appt_move_ask",
        lang,
        when=_when(appt, patient, zone),
        whom=_whom(appt, lang),
        example=example,
    )
    if problem:
        body = problem + "\n\n" + body
    return Ask(
        MOVE_MARK.format(id=appt.id) + body,
        t("appt_move_placeholder", lang, example=example),
    )


async def on_tap(
    session: AsyncSession, chat_id: int, data: str, now: datetime, zone: str
) -> tuple[Reply, Ask | None]:
    """Apply one appointment button press; every path answers something."""
    expired = Reply("", toast=t("button_expired"))
    parts = data.split(":")
    if len(parts) != 4 or not is_number(parts[1]) or not is_number(parts[3]):
        return expired, None
    _, appt_text, action, value_text = parts
    patient = await get_patient(session, chat_id, lock=True)
    if patient is None or not has_consented(patient):
        return expired, None
    appt = await _own_appointment(session, patient, int(appt_text))
    if appt is None:
        return expired, None
    lang = patient.language
    ahead_of_us = appt.starts_at > now
    if action == "c" and appt.status in (SCHEDULED, CANCELLED) and ahead_of_us:
        if appt.status == SCHEDULED:
            appt.status = CANCELLED
            session.add(appt)
            await cancel_schedules(
                session, patient_id=appt.patient_id, kinds=KINDS, ref_id=appt.id
            )
        text = t("appt_cancelled", lang, when=_when(appt, patient, zone), whom=_whom(appt, lang))
        undo = keyboard([[(t("btn_appt_undo", lang), f"ap:{appt.id}:u:0")]])
        return Reply(text, undo, edit=True, toast=t("answer_saved", lang)), None
    if action == "u" and appt.status == CANCELLED and ahead_of_us:
        appt.status = SCHEDULED
        session.add(appt)
        start_local = wall_time(appt.starts_at, zone_of(patient, zone))
        ahead = await schedule_reminders(session, patient, appt, start_local, zone, now)
        text = t(
            "appt_restored",
            lang,
            when=_when(appt, patient, zone),
            whom=_whom(appt, lang),
            reminders=reminders_text(ahead, patient, zone),
        )
        return Reply(text, keyboard([action_buttons(appt, lang)]), edit=True), None
    if action == "m" and appt.status == SCHEDULED and ahead_of_us:
        return Reply("", toast=t("appt_change_toast", lang)), move_question(
            appt, patient, now, zone
        )
    if action == "o" and appt.status in (SCHEDULED, DONE) and not ahead_of_us:
        value = int(value_text)
        if value >= len(OUTCOMES):
            return expired, None
        return await record_outcome(session, patient, appt, OUTCOMES[value], now, zone), None
    if action == "u" and appt.status == SCHEDULED and ahead_of_us:
        return Reply("", toast=t("answer_saved", lang)), None  # a second tap on Undo
    if action in ("c", "u", "m"):
        return Reply("", toast=t("appt_gone", lang)), None
    return expired, None


async def record_outcome(
    session: AsyncSession,
    patient: Patient,
    appt: Appointment,
    outcome: str,
    now: datetime,
    zone: str,
) -> Reply:
    """Store what changed at the visit and update the patient's treatment to match."""
    lang = patient.language
    appt.outcome = OUTCOME_STORED[outcome]
    appt.status = DONE
    session.add(appt)
    if outcome in OUTCOME_TREATMENT:
        patient.treatment = OUTCOME_TREATMENT[outcome]
        session.add(patient)
    example = short_date(today_of(patient, now, zone), lang)
    question = followup_question(appt, patient, zone)
    saved = t(f"appt_outcome_{outcome}", lang, example=example)
    return Reply(
        question + "\n\n" + saved,
        outcome_keyboard(appt, lang),
        edit=True,
        toast=t("answer_saved", lang),
    )


def outcome_keyboard(appt: Appointment, lang: str) -> InlineKeyboardMarkup:
    """One button per after-visit answer; the stored one is ticked (it can be corrected)."""
    rows = []
    for index, name in enumerate(OUTCOMES):
        label = t(f"btn_appt_outcome_{name}", lang)
        if appt.outcome == OUTCOME_STORED[name]:
            label = f"✓ {label}"
        rows.append([(label, f"ap:{appt.id}:o:{index}")])
    return keyboard(rows)


async def move_by_reply(
    session: AsyncSession, patient: Patient, appt_id: int, text: str, now: datetime, zone: str
) -> tuple[Reply | None, Ask | None]:
    """The patient's reply with a new date and time for appointment ``appt_id``."""
    lang = patient.language
    appt = await _own_appointment(session, patient, appt_id)
    if appt is None or appt.status != SCHEDULED or appt.starts_at <= now:
        return Reply(t("appt_gone", lang)), None
    try:
        entry = parse_appointment(text, today_of(patient, now, zone))
    except AppointmentInputError as error:
        if isinstance(error, WhomTooLong):
            return Reply(input_problem(error, text, patient, now, zone)), None
        key = "appt_bad_date" if isinstance(error, NoDate) else "appt_bad_time"
        return None, move_question(appt, patient, now, zone, t(key, lang, text=text[:80]))
    timing = timing_problem(entry, patient, now, zone)
    if timing is not None:
        return None, move_question(appt, patient, now, zone, timing)
    old = _when(appt, patient, zone)
    plan = appointment_plan(entry.start_local, zone_of(patient, zone))
    appt.starts_at = plan.start
    if entry.with_whom:
        appt.with_whom = entry.with_whom
    session.add(appt)
    await cancel_schedules(session, patient_id=appt.patient_id, kinds=KINDS, ref_id=appt.id)
    ahead = await schedule_reminders(session, patient, appt, entry.start_local, zone, now)
    text_out = t(
        "appt_moved",
        lang,
        old=old,
        when=_when(appt, patient, zone),
        zone=patient.timezone or zone,
        whom=_whom(appt, lang),
        reminders=reminders_text(ahead, patient, zone),
    )
    return Reply(text_out, keyboard([action_buttons(appt, lang)])), None


# ---- what to bring along ------------------------------------------------------------------------
async def bring_along(session: AsyncSession, patient: Patient, now: datetime, zone: str) -> str:
    """One line about the last 90 days to bring along (the full report is a button away)."""
    from service.reports import summary_line

    return await summary_line(session, patient, now, default_zone=zone)


def followup_question(appt: Appointment, patient: Patient, zone: str) -> str:
    """'How did your appointment on ... go?'"""
    lang = patient.language
    return t("appt_followup_text", lang, when=_when(appt, patient, zone), whom=_whom(appt, lang))


# ---- Telegram handlers --------------------------------------------------------------------------
async def _send(update: Update, reply: Reply | None, ask: Ask | None) -> None:
    if reply is not None:
        await send_reply(update, reply)
    if ask is not None:
        chat = update.effective_chat
        assert chat is not None
        await chat.send_message(
            ask.text, reply_markup=ForceReply(input_field_placeholder=ask.placeholder[:64])
        )


async def appointment_command(update: Update, context: Context) -> None:
    """/appointment <date> <time> [with whom / where]."""
    state = context.bot_data
    zone = state.settings.default_timezone
    message = update.effective_message
    assert message is not None
    async with state.db.transaction() as session:
        patient = await get_patient(session, chat_id_of(update), lock=True)
        if not has_consented(patient):
            reply = Reply(t("need_start"))
        else:
            assert patient is not None
            reply = await add_appointment(
                session, patient, command_args(message.text), state.clock.now(), zone
            )
    await send_reply(update, reply)
    await state.dispatcher.rearm()


async def appointments_command(update: Update, context: Context) -> None:
    """/appointments: the upcoming ones with Change and Cancel."""
    state = context.bot_data
    async with state.db.transaction() as session:
        patient = await get_patient(session, chat_id_of(update), lock=True)
        if not has_consented(patient):
            reply = Reply(t("need_start"))
        else:
            assert patient is not None
            reply = await list_appointments(
                session, patient, state.clock.now(), state.settings.default_timezone
            )
    await send_reply(update, reply)


async def appointment_button(update: Update, context: Context) -> None:
    """An appointment button press."""
    query = update.callback_query
    assert query is not None
    state = context.bot_data
    async with state.db.transaction() as session:
        reply, ask = await on_tap(
            session,
            chat_id_of(update),
            query.data or "",
            state.clock.now(),
            state.settings.default_timezone,
        )
    await _send(update, reply, ask)
    await state.dispatcher.rearm()


async def move_reply(update: Update, context: Context) -> None:
    """A reply to the "new date and time?" question."""
    message = update.effective_message
    assert message is not None and message.reply_to_message is not None
    match = MOVE_RE.match(message.reply_to_message.text or "")
    assert match is not None
    state = context.bot_data
    reply: Reply | None
    ask: Ask | None = None
    async with state.db.transaction() as session:
        patient = await get_patient(session, chat_id_of(update), lock=True)
        if not has_consented(patient):
            reply = Reply(t("need_start"))
        else:
            assert patient is not None
            reply, ask = await move_by_reply(
                session,
                patient,
                int(match.group(1)),
                (message.text or "").strip(),
                state.clock.now(),
                state.settings.default_timezone,
            )
    await _send(update, reply, ask)
    await state.dispatcher.rearm()


class _ReplyToMoveQuestion(filters.MessageFilter):
    """Matches a reply to the bot's "new date and time?" question, and nothing else."""

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return bool(
            replied is not None
            and replied.from_user is not None
            and replied.from_user.is_bot
            and MOVE_RE.match(replied.text or "")
        )


def handlers() -> list[BaseHandler[Update, Context, None]]:
    """The appointment feature's handlers."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("appointment", appointment_command, filters=private),
        CommandHandler("appointments", appointments_command, filters=private),
        CallbackQueryHandler(appointment_button, pattern=r"^ap:"),
        MessageHandler(
            private
            & filters.TEXT
            & ~filters.COMMAND
            & ~filters.UpdateType.EDITED
            & _ReplyToMoveQuestion(),
            move_reply,
        ),
    ]


# ---- scheduled occurrences ----------------------------------------------------------------------
def occurrence_handlers(config: Settings) -> dict[str, OccurrenceHandler]:
    """The appointment's occurrence kinds."""
    zone = config.default_timezone
    return {
        KIND_DAY_BEFORE: DayBeforeHandler(zone),
        KIND_SOON: SoonHandler(zone),
        KIND_FOLLOWUP: FollowupHandler(zone),
    }


async def _appointments_of(
    session: AsyncSession, batch: Sequence[Due]
) -> dict[Due, Appointment | None]:
    """The appointment each occurrence serves (None if it was removed), in one query."""
    ids = {due: payload_id(due.occurrence, "appointment_id") for due in batch}
    appts = await load_by_id(session, Appointment, ids.values())
    found: dict[Due, Appointment | None] = {}
    for due, appt_id in ids.items():
        appt = appts.get(appt_id) if appt_id is not None else None
        ok = appt is not None and appt.patient_id == due.occurrence.patient_id
        found[due] = appt if ok else None
    return found


@dataclass
class _AppointmentMessage(HandlerDefaults):
    """Shared by the three kinds: send only for a scheduled appointment; nothing to record."""

    default_zone: str

    async def prepare(
        self, *, session: AsyncSession, batch: Sequence[Due], now: datetime
    ) -> list[Outgoing | None]:
        """Each message, or None if the appointment was cancelled, moved or is over."""
        appts = await _appointments_of(session, batch)
        out: list[Outgoing | None] = []
        for due in batch:
            appt = appts[due]
            if appt is None or appt.status != SCHEDULED:
                out.append(None)
            else:
                out.append(await self.build(session, appt, due.patient, now))
        return out

    async def build(
        self, session: AsyncSession, appt: Appointment, patient: Patient, now: datetime
    ) -> Outgoing | None:
        """This kind's message."""
        raise NotImplementedError


class DayBeforeHandler(_AppointmentMessage):
    """The day before: the visit, what to bring along, Change / Cancel."""

    async def build(
        self, session: AsyncSession, appt: Appointment, patient: Patient, now: datetime
    ) -> Outgoing | None:
        """The reminder with the last 30 days in one line."""
        if appt.starts_at <= now:
            return None
        lang = patient.language
        start_day = appt.starts_at.astimezone(zone_of(patient, self.default_zone)).date()
        late = start_day == today_of(patient, now, self.default_zone)  # sent late, after midnight
        text = t(
            "appt_day_before_text",
            lang,
            day=t("appt_today" if late else "appt_tomorrow", lang),
            when=_when(appt, patient, self.default_zone),
            whom=_whom(appt, lang),
            summary=await bring_along(session, patient, now, self.default_zone),
        )
        from service.bot.summary import report_button

        assert patient.id is not None
        return Outgoing(
            text, keyboard([[report_button(patient.id, lang)], action_buttons(appt, lang)])
        )


class SoonHandler(_AppointmentMessage):
    """Two hours before."""

    async def build(
        self, session: AsyncSession, appt: Appointment, patient: Patient, now: datetime
    ) -> Outgoing | None:
        """'Coming up soon, at 14:30: your appointment'."""
        if appt.starts_at <= now:
            return None
        local = appt.starts_at.astimezone(zone_of(patient, self.default_zone))
        lang = patient.language
        return Outgoing(
            t("appt_soon_text", lang, time=fmt_time(local, lang), whom=_whom(appt, lang))
        )


class FollowupHandler(_AppointmentMessage):
    """After the visit: what changed?"""

    async def build(
        self, session: AsyncSession, appt: Appointment, patient: Patient, now: datetime
    ) -> Outgoing | None:
        """The question with one button per answer."""
        return Outgoing(
            followup_question(appt, patient, self.default_zone),
            outcome_keyboard(appt, patient.language),
        )
