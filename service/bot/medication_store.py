"""Medications in the database: the reads and writes behind /medication, /medications and the
dose question. No Telegram and no texts here; each function takes the session explicitly.

Every reminded dose has a ``DoseLog`` row: ``pending`` until tapped ``taken`` or ``skipped``, or
``missed`` once the next dose of the same medication is due (``closes_at``). Each daily time is
its own schedule (kind ``med_dose``, ``ref_id`` = the medication).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.db.models import DoseLog, Medication, Occurrence, Schedule, ScheduleState
from service.db.models import MedicationChange as ChangeRow
from service.db.upsert import get_or_create_many
from service.domain.medications import (
    SKIPS_IN_A_ROW,
    DoseOutcome,
    MedicationChange,
    MedicationPlan,
    dose_closes_at,
    skipped_in_a_row,
)
from service.domain.record import MedChangeKind
from service.domain.recurrence import Recurrence
from service.scheduling.batch import load_by_id
from service.scheduling.lifecycle import Kinds
from service.scheduling.schedules import add_schedule, cancel_schedules

KIND_DOSE = "med_dose"
KIND_REPEAT = "med_repeat"
KIND_SNOOZE = "med_snooze"
KIND_CLOSE = "med_close"
#: The dose question's occurrence kinds (names kept from before the one lifecycle).
KINDS = Kinds.of(KIND_DOSE, followup=KIND_REPEAT, snooze=KIND_SNOOZE, close=KIND_CLOSE)
REMINDER_KINDS = [KIND_DOSE, KIND_REPEAT, KIND_SNOOZE]  # what Stop silences (not the close)
#: How late a dose reminder may still go out (e.g. after downtime), as for the check-in.
DOSE_GRACE_MINUTES = 120


def times_of(med: Medication) -> tuple[time, ...]:
    """A medication's daily times as ``time`` values, sorted."""
    return tuple(sorted(time.fromisoformat(hhmm) for hhmm in med.times))


def closes_at(med: Medication, dose: DoseLog, zone_name: str) -> datetime:
    """When this dose, unanswered, becomes missed: the next dose of the same medication."""
    return dose_closes_at(times_of(med), zone_name, dose.due_at)


# ---- reading ------------------------------------------------------------------------------------
async def active_medications(session: AsyncSession, patient_id: int) -> list[Medication]:
    """The patient's medications still being reminded, oldest first."""
    stmt = (
        select(Medication)
        .where(col(Medication.patient_id) == patient_id, col(Medication.active))
        .order_by(col(Medication.id))
    )
    return list((await session.exec(stmt)).all())


async def own_medication(
    session: AsyncSession, patient_id: int, medication_id: int
) -> Medication | None:
    """The patient's active medication with this id (row-locked), or None."""
    med = await session.get(Medication, medication_id, with_for_update=True)
    if med is None or med.patient_id != patient_id or not med.active:
        return None
    return med


async def own_dose(
    session: AsyncSession, patient_id: int, dose_id: int
) -> tuple[DoseLog, Medication] | None:
    """The patient's dose with this id (row-locked) and its medication, or None."""
    dose = await session.get(DoseLog, dose_id, with_for_update=True)
    if dose is None or dose.patient_id != patient_id:
        return None
    med = await session.get(Medication, dose.medication_id)
    return (dose, med) if med is not None else None


async def recent_doses(
    session: AsyncSession, medication_ids: Iterable[int], since: datetime
) -> dict[int, list[DoseLog]]:
    """The doses due since ``since``, by medication id (one query)."""
    wanted = set(medication_ids)
    found: dict[int, list[DoseLog]] = {i: [] for i in wanted}
    if not wanted:
        return found
    rows = await session.exec(
        select(DoseLog).where(col(DoseLog.medication_id).in_(wanted), col(DoseLog.due_at) >= since)
    )
    for dose in rows.all():
        found[dose.medication_id].append(dose)
    return found


async def paused_times(
    session: AsyncSession, patient_id: int, medication_ids: Iterable[int]
) -> dict[int, set[str]]:
    """The daily times paused in /reminders ("08:00"), by medication id (one query)."""
    wanted = set(medication_ids)
    found: dict[int, set[str]] = {i: set() for i in wanted}
    if not wanted:
        return found
    rows = await session.exec(
        select(Schedule).where(
            col(Schedule.patient_id) == patient_id,
            col(Schedule.kind) == KIND_DOSE,
            col(Schedule.ref_id).in_(wanted),
            col(Schedule.state) == ScheduleState.PAUSED,
        )
    )
    for schedule in rows.all():
        assert schedule.ref_id is not None
        found[schedule.ref_id].add(schedule.start_local.strftime("%H:%M"))
    return found


async def medications_of(
    session: AsyncSession, schedules: Iterable[Schedule]
) -> dict[int, Medication]:
    """The medication of each ``med_dose`` schedule, by schedule id (one query); a medication
    that is not the schedule's patient's is left out."""
    doses = [s for s in schedules if s.kind == KIND_DOSE and s.id is not None]
    meds = await load_by_id(session, Medication, [s.ref_id for s in doses])
    found: dict[int, Medication] = {}
    for schedule in doses:
        med = meds.get(schedule.ref_id or 0)
        if med is not None and med.patient_id == schedule.patient_id:
            found[schedule.id or 0] = med
    return found


async def skip_run(session: AsyncSession, med: Medication) -> int:
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


async def schedule_of_dose(session: AsyncSession, med: Medication, dose: DoseLog) -> int | None:
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


# ---- doses --------------------------------------------------------------------------------------
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
    return await get_or_create_many(session, DoseLog, rows, ["medication_id", "due_at"])


async def settle_overdue(
    session: AsyncSession, meds: Sequence[tuple[Medication, str]], now: datetime
) -> int:
    """Record as missed every pending dose of these medications (each with its patient's zone)
    whose next dose has come, in one query; how many.

    The close occurrence does this on time; this also catches doses whose close was skipped
    (e.g. while the patient had paused everything)."""
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


# ---- changing the plan --------------------------------------------------------------------------
async def _schedule_times(
    session: AsyncSession, med: Medication, zone_name: str, today: date, now: datetime
) -> datetime | None:
    """One daily schedule per time; the first instant any of them is due."""
    assert med.id is not None
    # Start the rules yesterday: the first due instant is then today's time if still ahead.
    start_day = today - timedelta(days=1)
    first: datetime | None = None
    for at in times_of(med):
        schedule = await add_schedule(
            session,
            patient_id=med.patient_id,
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
    patient_id: int,
    plan: MedicationPlan,
    *,
    zone_name: str,
    today: date,
    now: datetime,
) -> tuple[Medication, datetime | None]:
    """Store a medication and its schedules; the row and its first reminder instant."""
    med = Medication(
        patient_id=patient_id,
        name=plan.name,
        dose=plan.dose,
        times=[at.strftime("%H:%M") for at in plan.times],
        created_at=now,
    )
    session.add(med)
    await session.flush()
    record_change(session, med, MedChangeKind.STARTED, now)
    first = await _schedule_times(session, med, zone_name, today, now)
    return med, first


def record_change(
    session: AsyncSession, med: Medication, kind: MedChangeKind, now: datetime
) -> None:
    """The list's history: ``med`` was started, changed or stopped now (dose and times from
    then on), in the same transaction as the change itself."""
    assert med.id is not None
    session.add(
        ChangeRow(
            patient_id=med.patient_id,
            medication_id=med.id,
            kind=kind.value,
            changed_at=now,
            dose=med.dose,
            times=list(med.times),
        )
    )


async def last_changed(session: AsyncSession, ids: Sequence[int]) -> dict[int, datetime]:
    """When each medication's dose or times last changed (those that changed)."""
    if not ids:
        return {}
    stmt = (
        select(col(ChangeRow.medication_id), func.max(col(ChangeRow.changed_at)))
        .where(
            col(ChangeRow.medication_id).in_(ids),
            col(ChangeRow.kind).in_([MedChangeKind.DOSE.value, MedChangeKind.TIMES.value]),
        )
        .group_by(col(ChangeRow.medication_id))
    )
    rows = (await session.exec(stmt)).all()
    return {mid: at for mid, at in rows}  # max() keeps the column's type: aware UTC


async def change_medication(
    session: AsyncSession,
    med: Medication,
    change: MedicationChange,
    *,
    zone_name: str,
    today: date,
    now: datetime,
    exact_dose: bool = False,
) -> datetime | None:
    """New times (and dose): the old reminders stop, new ones start; the first new instant.

    Without ``exact_dose`` (the typed command) a change with no dose keeps the old one; with it
    (the guided dialog's read-back) the dose becomes exactly ``change.dose``. A change of dose
    or times is recorded as an event for the list's history. Doses already reminded keep their
    repeat and close, so nothing recorded is lost.
    """
    await settle_overdue(session, [(med, zone_name)], now)
    before = (med.dose, list(med.times))
    med.times = [at.strftime("%H:%M") for at in change.times]
    if change.dose or exact_dose:
        med.dose = change.dose
    session.add(med)
    if (med.dose, med.times) != before:
        kind = MedChangeKind.DOSE if med.dose != before[0] else MedChangeKind.TIMES
        record_change(session, med, kind, now)
    await cancel_schedules(session, patient_id=med.patient_id, kinds=[KIND_DOSE], ref_id=med.id)
    return await _schedule_times(session, med, zone_name, today, now)


async def stop_medication(session: AsyncSession, med: Medication, now: datetime) -> None:
    """No more reminders for ``med``; its records stay. A dose already sent still closes."""
    await cancel_schedules(session, patient_id=med.patient_id, kinds=REMINDER_KINDS, ref_id=med.id)
    med.active = False
    med.stopped_at = now
    session.add(med)
    record_change(session, med, MedChangeKind.STOPPED, now)


async def forget_time(session: AsyncSession, schedule: Schedule, now: datetime) -> None:
    """A ``med_dose`` schedule was deleted (from /reminders): drop that time from its
    medication, stopping the medication when no time is left."""
    if schedule.kind != KIND_DOSE or schedule.id is None:
        return
    med = (await medications_of(session, [schedule])).get(schedule.id)
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
        record_change(session, med, MedChangeKind.TIMES, now)
