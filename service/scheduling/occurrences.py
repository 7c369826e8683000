"""Writing occurrences: insert-if-absent by their unique key (schedule, kind, due instant)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from service.db.models import Occurrence, OccurrenceStatus
from service.db.upsert import insert_ignore


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
    values = {
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
    return await insert_ignore(session, Occurrence, values, ["schedule_id", "kind", "due_at"])
