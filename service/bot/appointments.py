"""Appointments: reminders 1 day and 2 hours before (local time), then "what changed?".

``/appointment <date> <time> [with whom / where]`` adds one; ``/appointments`` lists the
upcoming ones with Change and Cancel buttons. *Change* asks for the new date and time; the
patient's dialog state then waits for it, so a typed answer works with or without Telegram's
reply (ForceReply only opens the reply field). Cancelled reminders are dropped, including those
already due.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from babel.dates import format_date
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import ForceReply, InlineKeyboardMarkup

from service.bot.callbacks import Callback, callback
from service.bot.common import local_when, today_of, zone_of
from service.bot.dialog import Waiting, stop_waiting, wait_for
from service.bot.feature import Command, Feature
from service.bot.kit import Buttons, Reply, Turn, expired, keyboard
from service.config import Settings
from service.db.models import Appointment, Patient, ScheduleAnchor
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


# ---- button payloads ----------------------------------------------------------------------------
@callback("ap:{appt}:c:0")
@dataclass(frozen=True)
class CancelTap(Callback):
    """Cancel an upcoming appointment."""

    appt: int


@callback("ap:{appt}:u:0")
@dataclass(frozen=True)
class UndoTap(Callback):
    """Undo a cancel."""

    appt: int


@callback("ap:{appt}:m:0")
@dataclass(frozen=True)
class ChangeTap(Callback):
    """Change an appointment's date and time."""

    appt: int


@callback("ap:{appt}:o:{outcome}")
@dataclass(frozen=True)
class OutcomeTap(Callback):
    """The after-visit answer (an index into OUTCOMES)."""

    appt: int
    outcome: int


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
            anchor=ScheduleAnchor.INSTANT,  # a zone change keeps the visit's real time
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
async def add(turn: Turn, text: str) -> Reply:
    """/appointment <date> <time> [with whom / where]: save it and book its reminders."""
    return await add_appointment(turn.session, turn.me, text, turn.now, turn.default_zone)


async def add_appointment(
    session: AsyncSession, patient: Patient, text: str, now: datetime, zone: str
) -> Reply:
    """Save an appointment from the patient's words and book its reminders."""
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


async def list_command(turn: Turn, _args: str) -> Reply:
    """/appointments: the upcoming ones, each with Change and Cancel."""
    return await list_appointments(turn.session, turn.me, turn.now, turn.default_zone)


async def list_appointments(
    session: AsyncSession, patient: Patient, now: datetime, zone: str
) -> Reply:
    """The upcoming appointments, each with Change and Cancel."""
    lang = patient.language
    rows = await upcoming(session, patient, now)
    if not rows:
        example = short_date(today_of(patient, now, zone) + timedelta(days=7), lang)
        return Reply(t("appt_list_empty", lang, example=example))
    lines = [t("appt_list_header", lang)]
    buttons: list[list[tuple[str, Callback]]] = []
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


def action_buttons(appt: Appointment, lang: str) -> list[tuple[str, Callback]]:
    """Change and Cancel for one appointment."""
    assert appt.id is not None
    return [
        (t("btn_appt_change", lang, id=appt.id), ChangeTap(appt.id)),
        (t("btn_appt_cancel", lang, id=appt.id), CancelTap(appt.id)),
    ]


def move_question(
    appt: Appointment, patient: Patient, now: datetime, zone: str, problem: str | None = None
) -> Reply:
    """Ask for the new date and time of ``appt``; the dialog state waits for the answer."""
    assert appt.id is not None
    wait_for(patient, Waiting.APPOINTMENT_TIME, appt.id)
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
    placeholder = t("appt_move_placeholder", lang, example=example)[:64]
    return Reply(body, ForceReply(input_field_placeholder=placeholder))


BUTTONS = Buttons()


async def _tapped(turn: Turn, appt_id: int) -> Appointment | None:
    """The patient's own appointment a button is about (None: not theirs, or gone)."""
    return await _own_appointment(turn.session, turn.me, appt_id)


@BUTTONS.on(CancelTap)
async def cancel(turn: Turn, tap: CancelTap) -> Reply:
    """Cancel: drop its reminders (also those already due); offer Undo."""
    appt = await _tapped(turn, tap.appt)
    if appt is None:
        return expired(turn)
    if appt.status not in (SCHEDULED, CANCELLED) or appt.starts_at <= turn.now:
        return Reply("", toast=turn.t("appt_gone"))
    if appt.status == SCHEDULED:
        appt.status = CANCELLED
        turn.session.add(appt)
        await cancel_schedules(
            turn.session, patient_id=appt.patient_id, kinds=KINDS, ref_id=appt.id
        )
    zone, lang = turn.default_zone, turn.lang
    text = t("appt_cancelled", lang, when=_when(appt, turn.me, zone), whom=_whom(appt, lang))
    undo = keyboard([[(t("btn_appt_undo", lang), UndoTap(tap.appt))]])
    return Reply(text, undo, edit=True, toast=t("answer_saved", lang))


@BUTTONS.on(UndoTap)
async def undo(turn: Turn, tap: UndoTap) -> Reply:
    """Undo a cancel: the appointment and its reminders come back."""
    appt = await _tapped(turn, tap.appt)
    if appt is None:
        return expired(turn)
    if appt.starts_at <= turn.now or appt.status not in (SCHEDULED, CANCELLED):
        return Reply("", toast=turn.t("appt_gone"))
    if appt.status == SCHEDULED:
        return Reply("", toast=turn.t("answer_saved"))  # a second tap on Undo
    patient, zone, lang = turn.me, turn.default_zone, turn.lang
    appt.status = SCHEDULED
    turn.session.add(appt)
    start_local = wall_time(appt.starts_at, zone_of(patient, zone))
    ahead = await schedule_reminders(turn.session, patient, appt, start_local, zone, turn.now)
    text = t(
        "appt_restored",
        lang,
        when=_when(appt, patient, zone),
        whom=_whom(appt, lang),
        reminders=reminders_text(ahead, patient, zone),
    )
    return Reply(text, keyboard([action_buttons(appt, lang)]), edit=True)


@BUTTONS.on(ChangeTap)
async def change(turn: Turn, tap: ChangeTap) -> Reply:
    """Change: ask for the new date and time."""
    appt = await _tapped(turn, tap.appt)
    if appt is None:
        return expired(turn)
    if appt.status != SCHEDULED or appt.starts_at <= turn.now:
        return Reply("", toast=turn.t("appt_gone"))
    turn.session.add(turn.me)
    question = move_question(appt, turn.me, turn.now, turn.default_zone)
    return Reply("", toast=turn.t("appt_change_toast"), then=question)


@BUTTONS.on(OutcomeTap)
async def outcome(turn: Turn, tap: OutcomeTap) -> Reply:
    """The after-visit answer (it can be corrected)."""
    appt = await _tapped(turn, tap.appt)
    if appt is None or not 0 <= tap.outcome < len(OUTCOMES):
        return expired(turn)
    if appt.status not in (SCHEDULED, DONE) or appt.starts_at > turn.now:
        return expired(turn)
    return await record_outcome(
        turn.session, turn.me, appt, OUTCOMES[tap.outcome], turn.now, turn.default_zone
    )


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
        assert appt.id is not None
        rows.append([(label, OutcomeTap(appt.id, index))])
    return keyboard(rows)


async def move_answer(turn: Turn, text: str) -> Reply:
    """The typed new date and time for the appointment being changed."""
    from service.bot.dialog import dialog_of

    appt_id = dialog_of(turn.me).ref
    turn.session.add(turn.me)
    stop_waiting(turn.me, Waiting.APPOINTMENT_TIME)
    if appt_id is None:
        return Reply(turn.t("appt_gone"))
    return await move_to(turn.session, turn.me, appt_id, text, turn.now, turn.default_zone)


async def move_to(
    session: AsyncSession, patient: Patient, appt_id: int, text: str, now: datetime, zone: str
) -> Reply:
    """Move appointment ``appt_id`` to the date and time in ``text`` (or ask again)."""
    lang = patient.language
    appt = await _own_appointment(session, patient, appt_id)
    if appt is None or appt.status != SCHEDULED or appt.starts_at <= now:
        return Reply(t("appt_gone", lang))
    try:
        entry = parse_appointment(text, today_of(patient, now, zone))
    except AppointmentInputError as error:
        if isinstance(error, WhomTooLong):
            return Reply(input_problem(error, text, patient, now, zone))
        key = "appt_bad_date" if isinstance(error, NoDate) else "appt_bad_time"
        return move_question(appt, patient, now, zone, t(key, lang, text=text[:80]))
    timing = timing_problem(entry, patient, now, zone)
    if timing is not None:
        return move_question(appt, patient, now, zone, timing)
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
    return Reply(text_out, keyboard([action_buttons(appt, lang)]))


# ---- what to bring along ------------------------------------------------------------------------
async def bring_along(session: AsyncSession, patient: Patient, now: datetime, zone: str) -> str:
    """One line about the last 90 days to bring along (the full report is a button away)."""
    from service.reports import summary_line

    return await summary_line(session, patient, now, default_zone=zone)


def followup_question(appt: Appointment, patient: Patient, zone: str) -> str:
    """'How did your appointment on ... go?'"""
    lang = patient.language
    return t("appt_followup_text", lang, when=_when(appt, patient, zone), whom=_whom(appt, lang))


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


FEATURE = Feature(
    name="appointments",
    commands=(Command("appointment", add), Command("appointments", list_command)),
    buttons=BUTTONS,
    answers={Waiting.APPOINTMENT_TIME: move_answer},
    occurrences=occurrence_handlers,
)
