"""Botox storage: the cycles, their reminder schedules and the diary the wear-off estimate
reads. SQL and scheduling only: no Telegram, no texts.

From each injection (day 0) a cycle books, each as a one-off schedule with ``ref_id`` = the
cycle id and payload ``{"cycle_id": ...}``, at the patient's check-in time (or 10:00): the day-7
and week-4 questions (``questions.py``, through the reminder lifecycle), "time to book" and the
planned date (``reminders.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.db.models import BotoxCycle, Checkin, Patient, Schedule, ScheduleState
from service.domain.botox import DEFAULT_REMINDER_TIME, BotoxEntry, Reminder, Step, cycle_plan
from service.domain.recurrence import Recurrence
from service.domain.timezones import get_zone, parse_local_time, resolve_local
from service.scheduling.batch import load_by_id, payload_id
from service.scheduling.dispatcher import Due
from service.scheduling.lifecycle import Kinds, settle
from service.scheduling.schedules import add_schedule, cancel_schedules

KIND_OF: dict[Step, str] = {
    Step.ONSET: "botox_onset",
    Step.EFFECT: "botox_effect",
    Step.BOOKING: "botox_booking",
    Step.DUE: "botox_due",
}
#: The kinds of the cycle's schedules (one each).
SCHEDULE_KINDS = list(KIND_OF.values())
#: The day-7 and week-4 questions' lifecycle kinds: the prompt keeps its name; follow-up,
#: snooze and close are "<prompt>_followup", "_snooze" and "_close".
ONSET_KINDS = Kinds.of(KIND_OF[Step.ONSET])
EFFECT_KINDS = Kinds.of(KIND_OF[Step.EFFECT])
#: Everything a cycle may have waiting (dropped when the cycle ends or is undone).
ALL_KINDS = [*SCHEDULE_KINDS, *ONSET_KINDS.all()[1:], *EFFECT_KINDS.all()[1:]]
#: How late a reminder may still go out (e.g. after downtime); older ones are recorded missed.
GRACE_MINUTES = 3 * 24 * 60
REF = "cycle_id"  # the occurrence payload key naming the cycle


def reminder_time(patient: Patient) -> time:
    """The local time of the cycle's reminders: the check-in time, else 10:00."""
    if patient.checkin_time:
        parsed = parse_local_time(patient.checkin_time)
        if parsed is not None:
            return parsed
    return DEFAULT_REMINDER_TIME


def plan_of(patient: Patient, cycle: BotoxCycle) -> list[Reminder]:
    """The cycle's reminders at the patient's reminder time."""
    return cycle_plan(
        cycle.injected_on,
        cycle.interval_weeks,
        patient.botox_booking_lead_weeks,
        reminder_time(patient),
    )


def answered(cycle: BotoxCycle, step: Step) -> bool:
    """The day-7 or week-4 question needs no asking any more."""
    if step is Step.ONSET:
        return cycle.onset is not None
    if step is Step.EFFECT:
        return cycle.effect is not None and cycle.side_effects_week4_at is not None
    return False


# ---- cycles -------------------------------------------------------------------------------------
async def cycles_of(session: AsyncSession, patient_id: int) -> list[BotoxCycle]:
    """The patient's cycles, newest injection first."""
    rows = await session.exec(
        select(BotoxCycle)
        .where(col(BotoxCycle.patient_id) == patient_id)
        .order_by(col(BotoxCycle.injected_on).desc(), col(BotoxCycle.id).desc())
    )
    return list(rows.all())


async def latest_cycle(session: AsyncSession, patient_id: int) -> BotoxCycle | None:
    """The patient's most recent injection."""
    cycles = await cycles_of(session, patient_id)
    return cycles[0] if cycles else None


async def own_cycle(session: AsyncSession, patient: Patient, cycle_id: int) -> BotoxCycle | None:
    """The patient's cycle with this id, row-locked (None if gone or someone else's)."""
    cycle = await session.get(BotoxCycle, cycle_id, with_for_update=True)
    return cycle if cycle is not None and cycle.patient_id == patient.id else None


async def add_cycle(
    session: AsyncSession, patient: Patient, entry: BotoxEntry, now: datetime
) -> BotoxCycle:
    """A new injection, with the patient's interval in force."""
    assert patient.id is not None
    cycle = BotoxCycle(
        patient_id=patient.id,
        injected_on=entry.injected_on,
        units=entry.units,
        note=entry.note,
        interval_weeks=patient.botox_interval_weeks,
        created_at=now,
    )
    session.add(cycle)
    await session.flush()
    return cycle


def update_cycle(session: AsyncSession, cycle: BotoxCycle, entry: BotoxEntry) -> None:
    """The units and note given again for the same day."""
    if entry.units is not None:
        cycle.units = entry.units
    if entry.note is not None:
        cycle.note = entry.note
    session.add(cycle)


async def delete_cycle(session: AsyncSession, cycle: BotoxCycle) -> None:
    """Remove an injection and everything it has waiting."""
    assert cycle.id is not None
    await cancel_reminders(session, cycle.patient_id, cycle.id)
    await session.delete(cycle)
    await session.flush()


async def set_interval(session: AsyncSession, patient: Patient, weeks: int) -> BotoxCycle | None:
    """Store the patient's interval and the newest cycle's; that cycle (None without one)."""
    assert patient.id is not None
    patient.botox_interval_weeks = weeks
    patient.botox_interval_asked = True
    session.add(patient)
    cycle = await latest_cycle(session, patient.id)
    if cycle is not None:
        cycle.interval_weeks = weeks
        session.add(cycle)
    return cycle


# ---- the cycle's reminders ----------------------------------------------------------------------
async def schedule_cycle(
    session: AsyncSession,
    patient: Patient,
    cycle: BotoxCycle,
    now: datetime,
    zone: str,
    steps: Iterable[Step] = tuple(Step),
) -> list[Reminder]:
    """Book the cycle's reminders that are still ahead (and unanswered) in ``zone``; the ones
    booked."""
    assert patient.id is not None and cycle.id is not None
    tz = get_zone(zone)
    wanted = set(steps)
    booked = []
    for reminder in plan_of(patient, cycle):
        if reminder.step not in wanted or answered(cycle, reminder.step):
            continue
        if resolve_local(reminder.at_local, tz) <= now:
            continue
        await add_schedule(
            session,
            patient_id=patient.id,
            kind=KIND_OF[reminder.step],
            recurrence=Recurrence.once(reminder.at_local, zone),
            now=now,
            grace_minutes=GRACE_MINUTES,
            ref_id=cycle.id,
            payload={REF: cycle.id},
        )
        booked.append(reminder)
    return booked


async def cancel_reminders(
    session: AsyncSession,
    patient_id: int,
    cycle_id: int,
    kinds: Sequence[str] = ALL_KINDS,
) -> None:
    """End the cycle's schedules of these kinds and drop what they have waiting (by default
    everything, the questions' follow-ups and closes too)."""
    await cancel_schedules(session, patient_id=patient_id, kinds=list(kinds), ref_id=cycle_id)


async def pending_reminders(
    session: AsyncSession, patient: Patient, cycle: BotoxCycle
) -> list[Reminder]:
    """The cycle's planned reminders whose schedule is still active."""
    rows = (
        await session.exec(
            select(Schedule).where(
                col(Schedule.patient_id) == patient.id,
                col(Schedule.ref_id) == cycle.id,
                col(Schedule.kind).in_(SCHEDULE_KINDS),
                col(Schedule.state) == ScheduleState.ACTIVE,
            )
        )
    ).all()
    active = {row.kind for row in rows}
    return [r for r in plan_of(patient, cycle) if KIND_OF[r.step] in active]


async def settle_question(session: AsyncSession, kinds: Kinds, cycle: BotoxCycle) -> None:
    """The day-7 or week-4 question was answered: its follow-up (if still waiting) is dropped."""
    await settle(session, kinds=kinds, patient_id=cycle.patient_id, ref={REF: cycle.id})


async def cycles_due(session: AsyncSession, batch: Sequence[Due]) -> dict[Due, BotoxCycle | None]:
    """The cycle each reminder of a batch serves (None if it was removed); two queries at most."""
    named = {due: payload_id(due.occurrence, REF) for due in batch}
    unnamed = [due.occurrence.schedule_id for due, cid in named.items() if cid is None]
    schedules = await load_by_id(session, Schedule, unnamed)
    for due, cid in named.items():
        if cid is None and (schedule := schedules.get(due.occurrence.schedule_id)):
            named[due] = schedule.ref_id
    cycles = await load_by_id(session, BotoxCycle, named.values())
    found: dict[Due, BotoxCycle | None] = {}
    for due, cid in named.items():
        cycle = cycles.get(cid) if cid is not None else None
        found[due] = cycle if cycle is not None and cycle.patient_id == due.patient.id else None
    return found


# ---- the diary ---------------------------------------------------------------------------------
async def diary_totals(
    session: AsyncSession, patient_id: int, first: date, last: date
) -> dict[date, int]:
    """Frequency + severity of each rated day from ``first`` to ``last``."""
    rows = (
        await session.exec(
            select(Checkin).where(
                col(Checkin.patient_id) == patient_id,
                col(Checkin.local_date) >= first,
                col(Checkin.local_date) <= last,
                col(Checkin.frequency).is_not(None),
                col(Checkin.severity).is_not(None),
            )
        )
    ).all()
    return {row.local_date: (row.frequency or 0) + (row.severity or 0) for row in rows}
