"""Medications: each dose reminded at its local time, with Taken / Snooze / Skip, and adherence.

``/medication <name> <HH:MM>[,<HH:MM>...] [dose]`` adds one; each time gets its own daily schedule
(kind ``med_dose``, ``ref_id`` = the medication). ``/medications`` lists them with adherence and
Stop / Change buttons; ``/medication_change <id> <times> [dose]`` changes one (Change replies with
that command prefilled, and a button that copies it).

Every reminded dose has a ``DoseLog`` row: ``pending`` until tapped ``taken`` or ``skipped``, or
``missed`` when the next dose of the same medication comes due unanswered. A dose left unanswered
for an hour gets exactly one repeat (none once it was snoozed); Snooze asks again in 30 minutes.

Callback data: ``md:<dose id>:<action>:<value>`` on a reminder (``t`` taken, ``s`` skip, ``z``
snooze minutes) and ``mm:<medication id>:<action>:0`` on the list (``x`` ask to stop, ``y`` stop,
``n`` keep, ``c`` change). A tap counts only from the patient the row belongs to.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import CopyTextButton, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from service.bot.common import (
    chat_id_of,
    command_args,
    get_patient,
    has_consented,
    keyboard,
    local_when,
    today_of,
)
from service.bot.kit import Reply, send_reply, tap_handler, unit_of_work
from service.bot.reminders import is_paused_schedule
from service.bot.state import Context
from service.config import Settings
from service.db.models import DoseLog, Medication, Occurrence, OccurrenceStatus, Patient, Schedule
from service.db.upsert import get_or_create_many
from service.domain.medications import (
    DOSE_MAX_CHARS,
    MAX_TIMES,
    NAME_MAX_CHARS,
    SKIPS_IN_A_ROW,
    DoseOutcome,
    DoseRecord,
    MedicationChange,
    MedicationPlan,
    PlanError,
    PlanProblem,
    adherence,
    change_command,
    dose_closes_at,
    parse_change,
    parse_medication,
    skipped_in_a_row,
)
from service.domain.numbers import is_number
from service.domain.recurrence import Recurrence
from service.domain.timezones import get_zone, local_date
from service.scheduling.batch import load_by_id, payload_id
from service.scheduling.dispatcher import (
    Due,
    HandlerDefaults,
    OccurrenceHandler,
    Outgoing,
    is_paused,
)
from service.scheduling.occurrences import add_occurrence, add_occurrences, occurrence_values
from service.scheduling.schedules import add_schedule, cancel_schedules
from service.texts import fmt_date, fmt_time, t

log = logging.getLogger(__name__)

Row = dict[str, Any]
KIND_DOSE = "med_dose"
KIND_REPEAT = "med_repeat"
KIND_SNOOZE = "med_snooze"
KIND_CLOSE = "med_close"
REMINDER_KINDS = [KIND_DOSE, KIND_REPEAT, KIND_SNOOZE]  # what Stop silences
#: How late a dose reminder may still go out (e.g. after downtime), as for the check-in.
DOSE_GRACE_MINUTES = 120
REPEAT_AFTER = timedelta(hours=1)
SNOOZE_MINUTES = 30
#: A reminder delivered this late books its repeat from the delivery, not from the due time.
LATE_DELIVERY = timedelta(minutes=5)
ADHERENCE_DAYS = (7, 30)
BUTTON_NAME_CHARS = 24
COMMANDS = ("medication", "medications", "medication_change")


# ---- small helpers ------------------------------------------------------------------------------
def zone_name_of(patient: Patient, default_zone: str) -> str:
    """The IANA name of the patient's zone (the operator's default until they set one)."""
    return patient.timezone or default_zone


def times_of(med: Medication) -> tuple[time, ...]:
    """A medication's daily times as ``time`` values, sorted."""
    return tuple(sorted(time.fromisoformat(hhmm) for hhmm in med.times))


def label_of(med: Medication) -> str:
    """'carbamazepine 200 mg'."""
    return f"{med.name} {med.dose}" if med.dose else med.name


def _short(text: str) -> str:
    return text if len(text) <= BUTTON_NAME_CHARS else text[: BUTTON_NAME_CHARS - 1] + "…"


def _times_text(times: list[str], paused: set[str], lang: str) -> str:
    return ", ".join(
        t("med_time_paused", lang, time=hhmm) if hhmm in paused else hhmm for hhmm in times
    )


async def _medication_of(session: AsyncSession, schedule: Schedule | None) -> Medication | None:
    if schedule is None or schedule.ref_id is None:
        return None
    med = await session.get(Medication, schedule.ref_id)
    if med is None or med.patient_id != schedule.patient_id:
        return None
    return med


def closes_at(med: Medication, dose: DoseLog, zone_name: str) -> datetime:
    """When this dose, unanswered, becomes missed: the next dose of the same medication."""
    return dose_closes_at(times_of(med), zone_name, dose.due_at)


async def settle_overdue(
    session: AsyncSession, med: Medication, zone_name: str, now: datetime
) -> int:
    """Record as missed every pending dose of ``med`` whose next dose has come; how many.

    The close occurrence does this on time; this also catches doses whose close was skipped
    (e.g. while the patient had paused everything).
    """
    return await settle_overdue_many(session, [(med, zone_name)], now)


def _newest_prompt(session: AsyncSession, dose: DoseLog, message_id: int | None) -> None:
    if message_id is not None and (dose.prompt_message_id or 0) < message_id:
        dose.prompt_message_id = message_id
        session.add(dose)


# ---- rendering ----------------------------------------------------------------------------------
def render_dose(
    med: Medication, dose: DoseLog, patient: Patient, zone_name: str, *, intro: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """A dose reminder with Taken / Snooze / Skip."""
    lang = patient.language
    local = dose.due_at.astimezone(get_zone(zone_name))
    lines = [intro, ""] if intro else []
    lines += [
        t("med_dose_prompt", lang, name=label_of(med), time=fmt_time(local, lang)),
    ]
    markup = keyboard(
        [
            [(t("med_btn_taken", lang), f"md:{dose.id}:t:0")],
            [
                (t("med_btn_snooze", lang), f"md:{dose.id}:z:{SNOOZE_MINUTES}"),
                (t("med_btn_skip", lang), f"md:{dose.id}:s:0"),
            ],
        ]
    )
    return "\n".join(lines), markup


def _dose_words(med: Medication, dose: DoseLog, zone_name: str, lang: str) -> dict[str, str]:
    local = dose.due_at.astimezone(get_zone(zone_name))
    return {
        "name": label_of(med),
        "time": fmt_time(local, lang),
        "date": fmt_date(local.date(), lang),
    }


def _adherence_line(doses: list[DoseLog], zone_name: str, today_: date, lang: str) -> str:
    zone = get_zone(zone_name)
    records = [DoseRecord(local_date(d.due_at, zone), d.outcome) for d in doses]
    week, month = (adherence(records, today_, days) for days in ADHERENCE_DAYS)
    if month.due == 0:
        return t("med_adherence_none", lang)
    return t(
        "med_adherence",
        lang,
        taken7=week.taken,
        due7=week.due,
        pct7=f"{week.percent}%" if week.percent is not None else "–",
        taken30=month.taken,
        due30=month.due,
        pct30=f"{month.percent}%" if month.percent is not None else "–",
    )


async def active_medications(session: AsyncSession, patient: Patient) -> list[Medication]:
    """The patient's medications still being reminded, oldest first."""
    stmt = (
        select(Medication)
        .where(col(Medication.patient_id) == patient.id, col(Medication.active))
        .order_by(col(Medication.id))
    )
    return list((await session.exec(stmt)).all())


async def _paused_times(session: AsyncSession, med: Medication) -> set[str]:
    rows = (
        await session.exec(
            select(Schedule).where(
                col(Schedule.patient_id) == med.patient_id,
                col(Schedule.kind) == KIND_DOSE,
                col(Schedule.ref_id) == med.id,
                col(Schedule.next_due_at).is_not(None),
            )
        )
    ).all()
    return {s.start_local.strftime("%H:%M") for s in rows if is_paused_schedule(s)}


async def medications_view(
    session: AsyncSession,
    patient: Patient,
    now: datetime,
    default_zone: str,
    notice: str | None = None,
) -> Reply:
    """The /medications message: each medication, its times and adherence, Stop and Change."""
    lang = patient.language
    zone_name = zone_name_of(patient, default_zone)
    meds = await active_medications(session, patient)
    head = [notice, ""] if notice else []
    if not meds:
        return Reply("\n".join([*head, t("med_list_empty", lang)]))
    today_ = today_of(patient, now, default_zone)
    since = now - timedelta(days=max(ADHERENCE_DAYS) + 1)
    lines = [*head, t("med_list_title", lang)]
    rows: list[list[tuple[str, str]]] = []
    for number, med in enumerate(meds, start=1):
        await settle_overdue(session, med, zone_name, now)
        doses = list(
            (
                await session.exec(
                    select(DoseLog).where(
                        col(DoseLog.medication_id) == med.id, col(DoseLog.due_at) >= since
                    )
                )
            ).all()
        )
        paused = await _paused_times(session, med)
        lines += [
            "",
            f"{number}. {label_of(med)}",
            "   " + t("med_list_times", lang, times=_times_text(med.times, paused, lang)),
            "   " + _adherence_line(doses, zone_name, today_, lang),
        ]
        short = _short(med.name)
        rows.append(
            [
                (t("med_btn_stop", lang, name=short), f"mm:{med.id}:x:0"),
                (t("med_btn_change", lang, name=short), f"mm:{med.id}:c:0"),
            ]
        )
    lines += ["", t("med_list_footer", lang)]
    return Reply("\n".join(lines), keyboard(rows))


def change_reply(med: Medication, lang: str) -> Reply:
    """How to change a medication: the command prefilled, and a button that copies it."""
    command = change_command(med.id or 0, times_of(med), med.dose)
    markup = InlineKeyboardMarkup(
        [[InlineKeyboardButton(t("med_btn_copy", lang), copy_text=CopyTextButton(command))]]
    )
    return Reply(t("med_change_how", lang, name=label_of(med), command=command), markup)


# ---- changing the plan --------------------------------------------------------------------------
async def _schedule_times(
    session: AsyncSession, patient: Patient, med: Medication, now: datetime, default_zone: str
) -> datetime | None:
    """One daily schedule per time; the first instant any of them is due."""
    assert patient.id is not None and med.id is not None
    zone_name = zone_name_of(patient, default_zone)
    # Start the rules yesterday: the first due instant is then today's time if still ahead.
    start_day = today_of(patient, now, default_zone) - timedelta(days=1)
    first: datetime | None = None
    for at in times_of(med):
        schedule = await add_schedule(
            session,
            patient_id=patient.id,
            kind=KIND_DOSE,
            recurrence=Recurrence.daily(at, zone_name, start_day),
            now=now,
            grace_minutes=DOSE_GRACE_MINUTES,
            ref_id=med.id,
        )
        if schedule.next_due_at is not None and (first is None or schedule.next_due_at < first):
            first = schedule.next_due_at
    return first


async def add_medication(
    session: AsyncSession,
    patient: Patient,
    plan: MedicationPlan,
    now: datetime,
    default_zone: str,
) -> tuple[Medication, datetime | None]:
    """Store a medication and its schedules; the row and its first reminder instant."""
    assert patient.id is not None
    med = Medication(
        patient_id=patient.id,
        name=plan.name,
        dose=plan.dose,
        times=[at.strftime("%H:%M") for at in plan.times],
        created_at=now,
    )
    session.add(med)
    await session.flush()
    first = await _schedule_times(session, patient, med, now, default_zone)
    return med, first


async def change_medication(
    session: AsyncSession,
    patient: Patient,
    med: Medication,
    change: MedicationChange,
    now: datetime,
    default_zone: str,
) -> datetime | None:
    """New times (and dose, if given): the old reminders stop, new ones start; first instant.

    Doses already reminded keep their repeat and close, so nothing recorded is lost.
    """
    await settle_overdue(session, med, zone_name_of(patient, default_zone), now)
    med.times = [at.strftime("%H:%M") for at in change.times]
    if change.dose:
        med.dose = change.dose
    session.add(med)
    await cancel_schedules(session, patient_id=med.patient_id, kinds=[KIND_DOSE], ref_id=med.id)
    return await _schedule_times(session, patient, med, now, default_zone)


async def stop_medication(session: AsyncSession, med: Medication, now: datetime) -> None:
    """No more reminders for ``med``; its records stay. A dose already sent still closes."""
    await cancel_schedules(session, patient_id=med.patient_id, kinds=REMINDER_KINDS, ref_id=med.id)
    med.active = False
    med.stopped_at = now
    session.add(med)


async def forget_time(session: AsyncSession, schedule: Schedule, now: datetime) -> None:
    """A ``med_dose`` schedule was deleted from /reminders: drop that time from its medication
    (stopping the medication when no time is left)."""
    med = await _medication_of(session, schedule)
    if med is None or not med.active:
        return
    hhmm = schedule.start_local.strftime("%H:%M")
    remaining = [x for x in med.times if x != hhmm]
    if not remaining:
        await stop_medication(session, med, now)
        return
    if remaining != med.times:
        med.times = remaining
        session.add(med)


def schedule_detail(med: Medication | None) -> str | None:
    """What a ``med_dose`` schedule is for, for the /reminders view."""
    return label_of(med) if med is not None else None


# ---- patient actions ----------------------------------------------------------------------------
def problem_text(problem: PlanProblem, usage_key: str, lang: str) -> str:
    """What was wrong with the typed plan, then the right form with an example."""
    limits = {
        PlanError.TOO_MANY_TIMES: MAX_TIMES,
        PlanError.NAME_TOO_LONG: NAME_MAX_CHARS,
        PlanError.DOSE_TOO_LONG: DOSE_MAX_CHARS,
    }
    what = t(
        f"med_error_{problem.error.value}",
        lang,
        text=problem.text[:40],
        limit=limits.get(problem.error, ""),
    )
    return what + "\n\n" + t(usage_key, lang)


async def _change_list(session: AsyncSession, patient: Patient) -> str:
    meds = await active_medications(session, patient)
    lang = patient.language
    if not meds:
        return t("med_list_empty", lang)
    lines = [t("med_change_list", lang)]
    lines += [f"• {change_command(m.id or 0, times_of(m), m.dose)}" for m in meds]
    return "\n".join(lines)


async def on_dose_tap(
    session: AsyncSession, chat_id: int, data: str, now: datetime, default_zone: str
) -> Reply:
    """Taken / Snooze / Skip on a dose reminder; every path answers something."""
    expired = Reply("", toast=t("button_expired"))
    parts = data.split(":")
    if len(parts) != 4 or not is_number(parts[1]) or not is_number(parts[3]):
        return expired
    _, dose_text, action, value_text = parts
    patient = await get_patient(session, chat_id, lock=True)
    if patient is None or not has_consented(patient):
        return expired
    lang = patient.language
    dose = await session.get(DoseLog, int(dose_text), with_for_update=True)
    if dose is None or dose.patient_id != patient.id:
        return expired
    med = await session.get(Medication, dose.medication_id)
    if med is None:
        return expired
    zone_name = zone_name_of(patient, default_zone)
    close = closes_at(med, dose, zone_name)
    if dose.outcome == DoseOutcome.PENDING and now >= close:
        dose.outcome = DoseOutcome.MISSED.value
        session.add(dose)
        return Reply("", toast=t("med_toast_closed", lang))
    if dose.outcome != DoseOutcome.PENDING:
        outcome = t(f"med_outcome_{dose.outcome}", lang)
        return Reply("", toast=t("med_toast_already", lang, outcome=outcome))
    words = _dose_words(med, dose, zone_name, lang)
    if action in ("t", "s"):
        taken = action == "t"
        dose.outcome = (DoseOutcome.TAKEN if taken else DoseOutcome.SKIPPED).value
        dose.answered_at = now
        session.add(dose)
        await _drop_reprompts(session, dose)
        key = "med_dose_taken" if taken else "med_dose_skipped"
        toast = "med_toast_taken" if taken else "med_toast_skipped"
        text = t(key, lang, **words)
        if not taken and (run := await _skip_run(session, med)) >= SKIPS_IN_A_ROW:
            text += "\n\n" + t("med_skipped_in_a_row", lang, count=run, name=label_of(med))
            text += " " + t("med_dont_stop_suddenly", lang)
        return Reply(text, edit=True, toast=t(toast, lang))
    if action == "z" and int(value_text) == SNOOZE_MINUTES:
        if not med.active:
            return Reply("", toast=t("med_toast_stopped", lang))
        due = (now + timedelta(minutes=SNOOZE_MINUTES)).replace(microsecond=0)
        if due >= close:
            due = close - timedelta(minutes=1)
        if due <= now + timedelta(minutes=1):
            return Reply("", toast=t("med_toast_too_late", lang))
        schedule_id = await _schedule_of_dose(session, med, dose)
        if schedule_id is None:
            return expired
        await add_occurrence(
            session,
            schedule_id=schedule_id,
            patient_id=dose.patient_id,
            kind=KIND_SNOOZE,
            due_at=due,
            now=now,
            grace=close - due,
            payload={"dose_id": dose.id},
        )
        local = due.astimezone(get_zone(zone_name))
        text = t("med_dose_snoozed", lang, again=fmt_time(local, lang), **words)
        return Reply(text, edit=True, toast=t("med_toast_snoozed", lang))
    return expired


async def _skip_run(session: AsyncSession, med: Medication) -> int:
    """How many of the medication's latest answered doses were skipped in a row."""
    outcomes = (
        await session.exec(
            select(DoseLog.outcome)
            .where(col(DoseLog.medication_id) == med.id)
            .order_by(col(DoseLog.due_at).desc())
            .limit(4 * SKIPS_IN_A_ROW)
        )
    ).all()
    return skipped_in_a_row(reversed(outcomes))


async def _schedule_of_dose(session: AsyncSession, med: Medication, dose: DoseLog) -> int | None:
    """The schedule whose reminder produced this dose (any of the medication's otherwise)."""
    own = (
        await session.exec(
            select(Occurrence.schedule_id)
            .join(Schedule, col(Schedule.id) == col(Occurrence.schedule_id))
            .where(
                col(Occurrence.kind) == KIND_DOSE,
                col(Occurrence.due_at) == dose.due_at,
                col(Schedule.ref_id) == med.id,
                col(Schedule.patient_id) == med.patient_id,
            )
        )
    ).first()
    if own is not None:
        return own
    return (
        await session.exec(
            select(Schedule.id).where(
                col(Schedule.patient_id) == med.patient_id,
                col(Schedule.kind) == KIND_DOSE,
                col(Schedule.ref_id) == med.id,
            )
        )
    ).first()


async def _reprompts(session: AsyncSession, dose: DoseLog, kinds: list[str]) -> list[Occurrence]:
    rows = (
        await session.exec(
            select(Occurrence).where(
                col(Occurrence.patient_id) == dose.patient_id,
                col(Occurrence.kind).in_(kinds),
                col(Occurrence.status).in_([OccurrenceStatus.PENDING, OccurrenceStatus.SENT]),
            )
        )
    ).all()
    return [o for o in rows if (o.payload or {}).get("dose_id") == dose.id]


async def _drop_reprompts(session: AsyncSession, dose: DoseLog) -> None:
    for occ in await _reprompts(session, dose, [KIND_REPEAT, KIND_SNOOZE]):
        if occ.status == OccurrenceStatus.PENDING:
            occ.status = OccurrenceStatus.SKIPPED
            occ.last_error = "answered"
            session.add(occ)


async def on_list_tap(
    session: AsyncSession, chat_id: int, data: str, now: datetime, default_zone: str
) -> Reply:
    """Stop (with a confirmation) or Change on the /medications list."""
    expired = Reply("", toast=t("button_expired"))
    parts = data.split(":")
    if len(parts) != 4 or not is_number(parts[1]):
        return expired
    _, med_text, action, _value = parts
    patient = await get_patient(session, chat_id, lock=True)
    if patient is None or not has_consented(patient):
        return expired
    lang = patient.language
    med = await session.get(Medication, int(med_text), with_for_update=True)
    if med is None or med.patient_id != patient.id or not med.active:
        return expired
    if action == "x":
        markup = keyboard(
            [
                [
                    (t("med_btn_stop_yes", lang), f"mm:{med.id}:y:0"),
                    (t("med_btn_stop_no", lang), f"mm:{med.id}:n:0"),
                ]
            ]
        )
        return Reply(t("med_stop_confirm", lang, name=label_of(med)), markup, edit=True)
    if action == "y":
        await stop_medication(session, med, now)
        notice = t("med_stopped", lang, name=label_of(med))
        view = await medications_view(session, patient, now, default_zone, notice)
        return Reply(view.text, view.markup, edit=True, toast=t("med_toast_stop_done", lang))
    if action == "n":
        view = await medications_view(session, patient, now, default_zone)
        return Reply(view.text, view.markup, edit=True)
    if action == "c":
        return change_reply(med, lang)
    return expired


# ---- Telegram handlers --------------------------------------------------------------------------
def _args(update: Update) -> str:
    return command_args(update.effective_message.text if update.effective_message else None)


async def medication_command(update: Update, context: Context) -> None:
    """/medication <name> <HH:MM>[,<HH:MM>...] [dose]: add a medication with its reminders."""
    state = context.bot_data
    now = state.clock.now()
    default_zone = state.settings.default_timezone
    arg = _args(update)
    async with unit_of_work(state) as session:
        patient = await get_patient(session, chat_id_of(update), lock=True)
        if patient is None or not has_consented(patient):
            reply = Reply(t("need_start"))
        elif not arg:
            reply = Reply(t("med_usage", patient.language))
        elif isinstance(plan := parse_medication(arg), PlanProblem):
            reply = Reply(problem_text(plan, "med_usage", patient.language))
        else:
            med, first = await add_medication(session, patient, plan, now, default_zone)
            lang = patient.language
            reply = Reply(
                t(
                    "med_added",
                    lang,
                    name=label_of(med),
                    times=", ".join(med.times),
                    zone=zone_name_of(patient, default_zone),
                    next=local_when(first, patient, default_zone) if first else "–",
                )
            )
    await send_reply(update, reply)


async def medications_command(update: Update, context: Context) -> None:
    """/medications: the list with adherence, Stop and Change."""
    state = context.bot_data
    now = state.clock.now()
    async with unit_of_work(state) as session:
        patient = await get_patient(session, chat_id_of(update), lock=True)
        if patient is None or not has_consented(patient):
            reply = Reply(t("need_start"))
        else:
            reply = await medications_view(session, patient, now, state.settings.default_timezone)
    await send_reply(update, reply)


async def medication_change_command(update: Update, context: Context) -> None:
    """/medication_change <id> <HH:MM>[,...] [dose]: new times (and dose) for a medication."""
    state = context.bot_data
    now = state.clock.now()
    default_zone = state.settings.default_timezone
    arg = _args(update)
    async with unit_of_work(state) as session:
        patient = await get_patient(session, chat_id_of(update), lock=True)
        if patient is None or not has_consented(patient):
            reply = Reply(t("need_start"))
        elif not arg:
            lang = patient.language
            reply = Reply(
                t("med_change_usage", lang) + "\n\n" + await _change_list(session, patient)
            )
        elif isinstance(change := parse_change(arg), PlanProblem):
            lang = patient.language
            reply = Reply(
                problem_text(change, "med_change_usage", lang)
                + "\n\n"
                + await _change_list(session, patient)
            )
        else:
            lang = patient.language
            med = await session.get(Medication, change.medication_id, with_for_update=True)
            if med is None or med.patient_id != patient.id or not med.active:
                reply = Reply(
                    t("med_change_unknown", lang, id=change.medication_id)
                    + "\n\n"
                    + await _change_list(session, patient)
                )
            else:
                first = await change_medication(session, patient, med, change, now, default_zone)
                reply = Reply(
                    t(
                        "med_changed",
                        lang,
                        name=label_of(med),
                        times=", ".join(med.times),
                        next=local_when(first, patient, default_zone) if first else "–",
                    )
                )
    await send_reply(update, reply)


dose_button = tap_handler(on_dose_tap, rearm=True)  # a Taken / Snooze / Skip press
list_button = tap_handler(on_list_tap, rearm=True)  # a Stop / Change press on the list


def handlers() -> list[BaseHandler[Update, Context, None]]:
    """The medication feature's handlers."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("medication", medication_command, filters=private),
        CommandHandler("medications", medications_command, filters=private),
        CommandHandler("medication_change", medication_change_command, filters=private),
        CallbackQueryHandler(dose_button, pattern=r"^md:"),
        CallbackQueryHandler(list_button, pattern=r"^mm:"),
    ]


# ---- scheduled occurrences ----------------------------------------------------------------------
def occurrence_handlers(config: Settings) -> dict[str, OccurrenceHandler]:
    """The medication feature's occurrence kinds."""
    return MedOccurrences(default_zone=config.default_timezone).handlers()


@dataclass
class MedOccurrences:
    """Occurrence handlers for a dose reminder, its repeat, snoozes and its close."""

    default_zone: str = "UTC"

    def handlers(self) -> dict[str, OccurrenceHandler]:
        """Kind -> handler, for the dispatcher."""
        return {
            KIND_DOSE: DoseHandler(self),
            KIND_REPEAT: RepeatHandler(self),
            KIND_SNOOZE: SnoozeHandler(self),
            KIND_CLOSE: CloseHandler(self),
        }

    def zone_name(self, patient: Patient) -> str:
        """The patient's zone name."""
        return zone_name_of(patient, self.default_zone)


async def settle_overdue_many(
    session: AsyncSession, meds: Sequence[tuple[Medication, str]], now: datetime
) -> int:
    """``settle_overdue`` for several medications (each with its zone) in one query."""
    by_id = {med.id: (med, zone_name) for med, zone_name in meds}
    if not by_id:
        return 0
    rows = (
        await session.exec(
            select(DoseLog)
            .where(
                col(DoseLog.medication_id).in_(by_id),
                col(DoseLog.outcome) == DoseOutcome.PENDING.value,
            )
            .with_for_update()
        )
    ).all()
    count = 0
    for dose in rows:
        med, zone_name = by_id[dose.medication_id]
        if closes_at(med, dose, zone_name) <= now:
            dose.outcome = DoseOutcome.MISSED.value
            session.add(dose)
            count += 1
    return count


async def doses_for(
    session: AsyncSession, wanted: Sequence[tuple[Medication, datetime]]
) -> dict[tuple[int, datetime], DoseLog]:
    """The dose rows of these (medication, due instant) pairs, created (pending) if absent, by
    (medication id, due instant); row-locked where the DB can. Two statements for any number."""
    rows = [
        {
            "medication_id": med.id,
            "patient_id": med.patient_id,
            "due_at": due_at,
            "outcome": DoseOutcome.PENDING.value,
        }
        for med, due_at in wanted
    ]
    found = await get_or_create_many(session, DoseLog, rows, ["medication_id", "due_at"])
    return {(med_id, due_at): dose for (med_id, due_at), dose in found.items()}


async def _medications_of(
    session: AsyncSession, batch: Sequence[Due]
) -> dict[Due, Medication | None]:
    """Each occurrence's medication, through its schedule (two queries for the batch)."""
    schedules = await load_by_id(session, Schedule, [d.occurrence.schedule_id for d in batch])
    meds = await load_by_id(session, Medication, [s.ref_id for s in schedules.values()])
    found: dict[Due, Medication | None] = {}
    for due in batch:
        schedule = schedules.get(due.occurrence.schedule_id)
        med = None
        if schedule is not None and schedule.ref_id is not None:
            med = meds.get(schedule.ref_id)
            if med is not None and med.patient_id != schedule.patient_id:
                med = None
        found[due] = med
    return found


def _active(
    batch: Sequence[Due], meds: dict[Due, Medication | None]
) -> list[tuple[Due, Medication]]:
    return [(due, med) for due in batch if (med := meds[due]) is not None and med.active]


async def _doses_of(
    session: AsyncSession, batch: Sequence[Due]
) -> tuple[dict[Due, DoseLog], dict[int, Medication]]:
    """Each occurrence's dose (from its payload, row-locked) and the doses' medications."""
    doses = await load_by_id(
        session, DoseLog, [payload_id(d.occurrence, "dose_id") for d in batch], lock=True
    )
    meds = await load_by_id(session, Medication, [d.medication_id for d in doses.values()])
    of_due = {}
    for due in batch:
        dose_id = payload_id(due.occurrence, "dose_id")
        dose = doses.get(dose_id) if dose_id is not None else None
        if dose is not None:
            of_due[due] = dose
    return of_due, meds


def _close_row(occurrence: Occurrence, dose: DoseLog, close: datetime, now: datetime) -> Row:
    return occurrence_values(
        schedule_id=occurrence.schedule_id,
        patient_id=dose.patient_id,
        kind=KIND_CLOSE,
        due_at=close,
        now=now,
        grace=None,
        payload={"dose_id": dose.id},
    )


@dataclass
class DoseHandler(HandlerDefaults):
    """The reminder at a dose's local time: records the dose as pending and asks."""

    cfg: MedOccurrences

    async def prepare(
        self, *, session: AsyncSession, batch: Sequence[Due], now: datetime
    ) -> list[Outgoing | None]:
        """Nothing for a stopped medication or an answered dose; else the reminder."""
        meds = await _medications_of(session, batch)
        asking = _active(batch, meds)
        settle = {med.id: (med, self.cfg.zone_name(due.patient)) for due, med in asking}
        await settle_overdue_many(session, list(settle.values()), now)
        doses = await doses_for(session, [(med, due.occurrence.due_at) for due, med in asking])
        out: list[Outgoing | None] = []
        for due in batch:
            med = meds[due]
            if med is None or not med.active:
                out.append(None)
                continue
            assert med.id is not None
            dose = doses[(med.id, due.occurrence.due_at)]
            if dose.outcome != DoseOutcome.PENDING:
                out.append(None)
                continue
            due.occurrence.payload = {"dose_id": dose.id}
            session.add(due.occurrence)
            zone_name = self.cfg.zone_name(due.patient)
            text, markup = render_dose(med, dose, due.patient, zone_name)
            out.append(Outgoing(text, markup))
        return out

    async def sent(self, *, session: AsyncSession, batch: Sequence[Due], now: datetime) -> None:
        """Remember each message; book the one repeat (if before the next dose) and the
        close."""
        doses, meds = await _doses_of(session, batch)
        rows: list[Row] = []
        for due in batch:
            dose = doses.get(due)
            med = meds.get(dose.medication_id) if dose else None
            if dose is None or med is None:
                continue
            _newest_prompt(session, dose, due.message_id)
            close = closes_at(med, dose, self.cfg.zone_name(due.patient))
            base = due.occurrence.due_at
            if now - base > LATE_DELIVERY:  # sent late (after downtime): an hour from now
                base = now.replace(second=0, microsecond=0)
            repeat_due = base + REPEAT_AFTER
            if repeat_due < close:
                rows.append(
                    occurrence_values(
                        schedule_id=due.occurrence.schedule_id,
                        patient_id=dose.patient_id,
                        kind=KIND_REPEAT,
                        due_at=repeat_due,
                        now=now,
                        grace=close - repeat_due,
                        payload={"dose_id": dose.id},
                    )
                )
            rows.append(_close_row(due.occurrence, dose, close, now))
        await add_occurrences(session, rows)

    async def missed(self, *, session: AsyncSession, batch: Sequence[Due], now: datetime) -> None:
        """Not sent in time (the bot was down): the dose is recorded and closes as usual,
        unless everything was paused when it was due (a paused day has no doses)."""
        counted = [d for d in batch if not is_paused(d.patient, d.occurrence.due_at)]
        recorded = _active(counted, await _medications_of(session, counted))
        doses = await doses_for(session, [(med, due.occurrence.due_at) for due, med in recorded])
        rows: list[Row] = []
        for due, med in recorded:
            assert med.id is not None
            dose = doses[(med.id, due.occurrence.due_at)]
            due.occurrence.payload = {"dose_id": dose.id}
            close = closes_at(med, dose, self.cfg.zone_name(due.patient))
            if close <= now:
                if dose.outcome == DoseOutcome.PENDING:
                    dose.outcome = DoseOutcome.MISSED.value
                    session.add(dose)
            else:
                rows.append(_close_row(due.occurrence, dose, close, now))
        await add_occurrences(session, rows)


@dataclass
class _Reprompt(HandlerDefaults):
    """Shared by the repeat and snoozes: the reminder again while the dose is open."""

    cfg: MedOccurrences

    def intro(self, lang: str) -> str | None:
        """A line above the reminder."""
        return None

    async def unwanted(self, session: AsyncSession, doses: Sequence[DoseLog]) -> set[int]:
        """The ids of the open doses for which this reminder no longer makes sense."""
        return set()

    async def prepare(
        self, *, session: AsyncSession, batch: Sequence[Due], now: datetime
    ) -> list[Outgoing | None]:
        """The reminder again, unless the dose was answered or has closed."""
        doses, meds = await _doses_of(session, batch)
        open_doses: dict[Due, tuple[DoseLog, Medication]] = {}
        for due, dose in doses.items():
            med = meds.get(dose.medication_id)
            if med is None or dose.outcome != DoseOutcome.PENDING:
                continue
            if closes_at(med, dose, self.cfg.zone_name(due.patient)) <= now:
                continue
            open_doses[due] = (dose, med)
        unwanted = await self.unwanted(session, [dose for dose, _ in open_doses.values()])
        out: list[Outgoing | None] = []
        for due in batch:
            found = open_doses.get(due)
            if found is None or found[0].id in unwanted:
                out.append(None)
                continue
            dose, med = found
            zone_name = self.cfg.zone_name(due.patient)
            intro = self.intro(due.patient.language)
            text, markup = render_dose(med, dose, due.patient, zone_name, intro=intro)
            out.append(Outgoing(text, markup))
        return out

    async def sent(self, *, session: AsyncSession, batch: Sequence[Due], now: datetime) -> None:
        """The newest reminder message for each dose."""
        doses, _ = await _doses_of(session, batch)
        for due, dose in doses.items():
            _newest_prompt(session, dose, due.message_id)


class RepeatHandler(_Reprompt):
    """The one repeat an hour after an unanswered reminder (not if a snooze is under way)."""

    def intro(self, lang: str) -> str | None:
        """The gentle reminder line."""
        return t("med_dose_repeat", lang)

    async def unwanted(self, session: AsyncSession, doses: Sequence[DoseLog]) -> set[int]:
        """Doses for which a snooze was asked (one query for all)."""
        if not doses:
            return set()
        waiting = (
            await session.exec(
                select(Occurrence).where(
                    col(Occurrence.patient_id).in_({d.patient_id for d in doses}),
                    col(Occurrence.kind) == KIND_SNOOZE,
                    col(Occurrence.status).in_([OccurrenceStatus.PENDING, OccurrenceStatus.SENT]),
                )
            )
        ).all()
        snoozed = {payload_id(o, "dose_id") for o in waiting}
        return {d.id for d in doses if d.id in snoozed and d.id is not None}


class SnoozeHandler(_Reprompt):
    """The reminder again after Snooze."""

    def intro(self, lang: str) -> str | None:
        """The snoozed-reminder line."""
        return t("med_dose_again", lang)


@dataclass
class CloseHandler(HandlerDefaults):
    """The next dose is due: an unanswered one is recorded as missed. Sends nothing."""

    cfg: MedOccurrences

    async def prepare(
        self, *, session: AsyncSession, batch: Sequence[Due], now: datetime
    ) -> list[Outgoing | None]:
        """Settle the medications' overdue doses."""
        doses, meds = await _doses_of(session, batch)
        settle: dict[int, tuple[Medication, str]] = {}
        for due, dose in doses.items():
            med = meds.get(dose.medication_id)
            if med is not None and med.id is not None:
                settle.setdefault(med.id, (med, self.cfg.zone_name(due.patient)))
        await settle_overdue_many(session, list(settle.values()), now)
        return [None] * len(batch)
