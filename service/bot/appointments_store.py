"""The appointments feature's rows: ``Appointment`` and its three schedules (the day before, two
hours before, the after-visit question), each with ``ref_id`` = the appointment and anchored to
the real instant, so a zone change keeps the visit's time. Queries and writes only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.db.models import Appointment, ScheduleAnchor
from service.domain.care import appointment_plan
from service.domain.recurrence import Recurrence
from service.domain.timezones import get_zone
from service.scheduling.batch import load_by_id, payload_id
from service.scheduling.dispatcher import Due
from service.scheduling.lifecycle import Kinds
from service.scheduling.schedules import add_schedule, cancel_schedules

KIND_DAY_BEFORE = "appt_day_before"
KIND_SOON = "appt_soon"
#: The after-visit question: its prompt (the kind stored since issue 5), one follow-up, close.
AFTER_VISIT = Kinds.of("appt_followup")
KINDS = [KIND_DAY_BEFORE, KIND_SOON, *AFTER_VISIT.all()]
# How late each may still be sent (e.g. after downtime), in minutes.
GRACE_DAY_BEFORE = 12 * 60
GRACE_SOON = 110  # never after the start
GRACE_FOLLOWUP = 48 * 60

SCHEDULED, CANCELLED, DONE = "scheduled", "cancelled", "done"
LIST_LIMIT = 10


async def book_reminders(
    session: AsyncSession,
    appt: Appointment,
    start_local: datetime,
    zone_name: str,
    now: datetime,
) -> list[tuple[str, datetime]]:
    """Book the reminders still ahead and the after-visit question of a visit at the naive
    local ``start_local`` in ``zone_name``; (kind, instant) of the reminders that will come
    before the visit."""
    assert appt.id is not None
    plan = appointment_plan(start_local, get_zone(zone_name))
    ahead: list[tuple[str, datetime]] = []
    for kind, wall, instant, grace in (
        (KIND_DAY_BEFORE, plan.day_before_local, plan.day_before, GRACE_DAY_BEFORE),
        (KIND_SOON, plan.soon_local, plan.soon, GRACE_SOON),
        (AFTER_VISIT.prompt, plan.followup_local, plan.followup, GRACE_FOLLOWUP),
    ):
        if instant <= now:
            continue
        await add_schedule(
            session,
            patient_id=appt.patient_id,
            kind=kind,
            recurrence=Recurrence.once(wall, zone_name),
            now=now,
            grace_minutes=grace,
            ref_id=appt.id,
            payload={"appointment_id": appt.id},
            anchor=ScheduleAnchor.INSTANT,  # a zone change keeps the visit's real time
        )
        if kind != AFTER_VISIT.prompt:
            ahead.append((kind, instant))
    return ahead


async def drop_reminders(session: AsyncSession, appt: Appointment) -> None:
    """End the appointment's schedules and drop what they had booked."""
    await cancel_schedules(session, patient_id=appt.patient_id, kinds=KINDS, ref_id=appt.id)


async def own_appointment(
    session: AsyncSession, patient_id: int, appt_id: int
) -> Appointment | None:
    """The patient's own appointment (row-locked), or None."""
    appt = await session.get(Appointment, appt_id, with_for_update=True)
    return appt if appt is not None and appt.patient_id == patient_id else None


async def upcoming(session: AsyncSession, patient_id: int, now: datetime) -> list[Appointment]:
    """Scheduled appointments still ahead, soonest first."""
    stmt = (
        select(Appointment)
        .where(
            col(Appointment.patient_id) == patient_id,
            col(Appointment.status) == SCHEDULED,
            col(Appointment.starts_at) > now,
        )
        .order_by(col(Appointment.starts_at))
        .limit(LIST_LIMIT)
    )
    return list((await session.exec(stmt)).all())


async def appointments_of(session: AsyncSession, batch: Sequence[Due]) -> dict[Due, Appointment]:
    """The appointment each occurrence serves (absent if it was removed), in one query."""
    ids = {due: payload_id(due.occurrence, "appointment_id") for due in batch}
    appts = await load_by_id(session, Appointment, ids.values())
    found: dict[Due, Appointment] = {}
    for due, appt_id in ids.items():
        appt = appts.get(appt_id) if appt_id is not None else None
        if appt is not None and appt.patient_id == due.occurrence.patient_id:
            found[due] = appt
    return found


async def clash(
    session: AsyncSession, patient_id: int, starts_at: datetime, *, other_than: int | None = None
) -> Appointment | None:
    """A scheduled appointment of the patient's at exactly ``starts_at`` (one local day and
    time), besides ``other_than``. Checked in the turn's transaction, which holds the patient's
    row lock, so two messages at once cannot both store one."""
    stmt = select(Appointment).where(
        col(Appointment.patient_id) == patient_id,
        col(Appointment.status) == SCHEDULED,
        col(Appointment.starts_at) == starts_at,
    )
    if other_than is not None:
        stmt = stmt.where(col(Appointment.id) != other_than)
    return (await session.exec(stmt.order_by(col(Appointment.id)))).first()
