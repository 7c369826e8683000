"""Creating and cancelling schedules: every reminder of every feature goes through these."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from service.db.models import (
    Occurrence,
    OccurrenceStatus,
    Schedule,
    ScheduleAnchor,
    ScheduleState,
)
from service.domain.recurrence import Recurrence
from service.scheduling.dispatcher import set_schedule


async def add_schedule(
    session: AsyncSession,
    *,
    patient_id: int,
    kind: str,
    recurrence: Recurrence,
    now: datetime,
    grace_minutes: int,
    ref_id: int | None = None,
    payload: dict[str, Any] | None = None,
    anchor: ScheduleAnchor = ScheduleAnchor.LOCAL,
) -> Schedule:
    """A new active schedule whose first due instant is the rule's first one after ``now``.

    ``anchor``: what its time follows when the patient's zone changes (the wall clock, or the
    real instant, as for an appointment)."""
    schedule = Schedule(
        patient_id=patient_id,
        kind=kind,
        rule=recurrence.rule,
        start_local=recurrence.start_local,
        timezone=recurrence.zone,
        grace_minutes=grace_minutes,
        ref_id=ref_id,
        payload=payload,
        anchor=anchor,
        created_at=now,
    )
    await set_schedule(session, schedule=schedule, now=now)
    await session.flush()
    return schedule


async def cancel_schedules(
    session: AsyncSession, *, patient_id: int, kinds: list[str], ref_id: int | None = None
) -> None:
    """Deactivate a patient's schedules of these kinds (for one ref) and drop their pending
    occurrences, so nothing already materialised goes out either."""
    where = [col(Schedule.patient_id) == patient_id, col(Schedule.kind).in_(kinds)]
    if ref_id is not None:
        where.append(col(Schedule.ref_id) == ref_id)
    await session.exec(
        update(Schedule).where(*where).values(state=ScheduleState.ENDED, next_due_at=None)
    )
    occ_where = [
        col(Occurrence.patient_id) == patient_id,
        col(Occurrence.status) == OccurrenceStatus.PENDING,
        col(Occurrence.kind).in_(kinds),
    ]
    if ref_id is not None:
        occ_where.append(
            col(Occurrence.schedule_id).in_(
                Schedule.__table__.select()  # type: ignore[attr-defined]
                .with_only_columns(Schedule.__table__.c.id)  # type: ignore[attr-defined]
                .where(Schedule.__table__.c.ref_id == ref_id)  # type: ignore[attr-defined]
            )
        )
    await session.exec(
        update(Occurrence)
        .where(*occ_where)
        .values(status=OccurrenceStatus.SKIPPED, last_error="cancelled")
    )


async def _skip_pending(
    session: AsyncSession, schedule: Schedule, kinds: Sequence[str], reason: str
) -> None:
    """Drop the schedule's occurrences of these kinds already materialised but not sent."""
    await session.exec(
        update(Occurrence)
        .where(
            col(Occurrence.schedule_id) == schedule.id,
            col(Occurrence.status) == OccurrenceStatus.PENDING,
            col(Occurrence.kind).in_(list(kinds)),
        )
        .values(status=OccurrenceStatus.SKIPPED, last_error=reason)
    )


async def pause_schedule(session: AsyncSession, schedule: Schedule, kinds: Sequence[str]) -> None:
    """Stop one schedule until it is resumed (its next instant is kept, to show it); what it
    had materialised (``kinds``: its own and its follow-ups) is dropped."""
    schedule.state = ScheduleState.PAUSED
    session.add(schedule)
    await _skip_pending(session, schedule, kinds, "paused")


async def resume_schedule(session: AsyncSession, schedule: Schedule, now: datetime) -> bool:
    """Resume a paused schedule from now on; False if its rule has nothing left."""
    schedule.state = ScheduleState.ACTIVE
    await set_schedule(session, schedule=schedule, now=now)
    return schedule.state == ScheduleState.ACTIVE


async def cancel_schedule(session: AsyncSession, schedule: Schedule, kinds: Sequence[str]) -> None:
    """End this one schedule, as ``cancel_schedules`` does for a kind and ref."""
    schedule.state = ScheduleState.ENDED
    schedule.next_due_at = None
    session.add(schedule)
    await _skip_pending(session, schedule, kinds, "cancelled")
