"""The side-effect diary's storage: SideEffect rows (table side_effect), each with the day it
started and the day it ended. SQL only: no Telegram, no texts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.db.models import BotoxCycle, Patient, SideEffect
from service.domain.botox import Step
from service.domain.record import SideEffectSpan


async def rows_of(
    session: AsyncSession, cycle_ids: Iterable[int | None]
) -> dict[int, list[SideEffect]]:
    """The diary rows of each cycle (in the order recorded); one query."""
    ids = [cid for cid in set(cycle_ids) if cid is not None]
    found: dict[int, list[SideEffect]] = {cid: [] for cid in ids}
    if not ids:
        return found
    rows = await session.exec(
        select(SideEffect).where(col(SideEffect.cycle_id).in_(ids)).order_by(col(SideEffect.id))
    )
    for row in rows.all():
        assert row.cycle_id is not None
        found[row.cycle_id].append(row)
    return found


async def rows_of_cycle(session: AsyncSession, cycle: BotoxCycle) -> list[SideEffect]:
    """One cycle's diary rows."""
    return (await rows_of(session, [cycle.id])).get(cycle.id or 0, [])


async def open_rows(session: AsyncSession, patient_id: int) -> list[SideEffect]:
    """The patient's side effects not ended (every injection), oldest first."""
    rows = await session.exec(
        select(SideEffect)
        .where(col(SideEffect.patient_id) == patient_id, col(SideEffect.ended_on).is_(None))
        .order_by(col(SideEffect.id))
    )
    return list(rows.all())


async def own_row(session: AsyncSession, patient: Patient, row_id: int) -> SideEffect | None:
    """The patient's diary row with this id, row-locked (None if gone or someone else's)."""
    row = await session.get(SideEffect, row_id, with_for_update=True)
    return row if row is not None and row.patient_id == patient.id else None


async def add_row(
    session: AsyncSession, cycle: BotoxCycle, code: str, now: datetime
) -> SideEffect:
    """A side effect of this injection, its start day still to be asked."""
    assert cycle.id is not None
    row = SideEffect(patient_id=cycle.patient_id, cycle_id=cycle.id, effect=code, created_at=now)
    session.add(row)
    await session.flush()
    return row


async def delete_rows(session: AsyncSession, rows: Sequence[SideEffect]) -> None:
    """Remove rows ticked by mistake."""
    for row in rows:
        await session.delete(row)
    await session.flush()


def mark_answered(cycle: BotoxCycle, question: Step, now: datetime) -> None:
    """The day-7 or week-4 side-effect question was answered (the first answer's instant)."""
    if question is Step.ONSET and cycle.side_effects_day7_at is None:
        cycle.side_effects_day7_at = now
    if question is Step.EFFECT and cycle.side_effects_week4_at is None:
        cycle.side_effects_week4_at = now


def answered_at(cycle: BotoxCycle, question: Step) -> datetime | None:
    """When the question's side effects were first answered (None: not answered)."""
    return cycle.side_effects_day7_at if question is Step.ONSET else cycle.side_effects_week4_at


def from_before(row: SideEffect, cycle: BotoxCycle) -> bool:
    """At week 4: a side effect recorded before the week-4 question was answered (day 7, the
    diary), which week 4 asks about as "still there?"."""
    asked = cycle.side_effects_week4_at
    return asked is None or row.created_at < asked


def spans(rows: Iterable[SideEffect]) -> tuple[SideEffectSpan, ...]:
    """The rows as the record's spans."""
    return tuple(SideEffectSpan(r.effect, r.started_on, r.ended_on) for r in rows)


def set_day(row: SideEffect, part: str, day: date) -> None:
    """Store the day it started (``part`` "s") or ended ("e")."""
    if part == "s":
        row.started_on = day
    else:
        row.ended_on = day
