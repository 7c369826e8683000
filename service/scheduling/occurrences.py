"""Writing occurrences: insert-if-absent by their unique key (schedule, kind, due instant)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from service.db.models import Occurrence, OccurrenceStatus
from service.db.upsert import insert_ignore_many

KEY = ["schedule_id", "kind", "due_at"]


def occurrence_values(
    *,
    schedule_id: int,
    patient_id: int,
    kind: str,
    due_at: datetime,
    now: datetime,
    grace: timedelta | None,
    payload: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The row of a new pending occurrence."""
    return {
        "schedule_id": schedule_id,
        "patient_id": patient_id,
        "kind": kind,
        "due_at": due_at,
        "attempt_at": due_at,
        "grace_until": due_at + grace if grace is not None else None,
        "status": OccurrenceStatus.PENDING.value,
        "attempts": 0,
        "payload": payload,
        "created_at": now,
    }


async def add_occurrences(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> int:
    """Record occurrences (rows from ``occurrence_values``) unless one with the same key
    exists, in one statement; how many are new."""
    if not rows:
        return 0
    return await insert_ignore_many(session, Occurrence, rows, KEY)


async def add_occurrence(
    session: AsyncSession,
    *,
    schedule_id: int,
    patient_id: int,
    kind: str,
    due_at: datetime,
    now: datetime,
    grace: timedelta | None,
    payload: dict[str, Any] | None = None,
) -> bool:
    """Record an occurrence unless one with the same key exists; True if it is new."""
    values = occurrence_values(
        schedule_id=schedule_id,
        patient_id=patient_id,
        kind=kind,
        due_at=due_at,
        now=now,
        grace=grace,
        payload=payload,
    )
    return bool(await add_occurrences(session, [values]))
