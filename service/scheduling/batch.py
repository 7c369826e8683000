"""Helpers for occurrence handlers: load what a batch needs in one query per table."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.db.models import Occurrence

M = TypeVar("M", bound=SQLModel)


async def load_by_id(
    session: AsyncSession, model: type[M], ids: Iterable[int | None], *, lock: bool = False
) -> dict[int, M]:
    """The rows of ``model`` with these ids, by id, in one query (row-locked if ``lock``,
    where the database can)."""
    wanted = {i for i in ids if isinstance(i, int)}
    if not wanted:
        return {}
    key: Any = model.id  # type: ignore[attr-defined]
    stmt = select(model).where(col(key).in_(wanted))
    if lock:
        stmt = stmt.with_for_update()
    return {row.id: row for row in (await session.exec(stmt)).all()}  # type: ignore[attr-defined]


def payload_id(occurrence: Occurrence, key: str) -> int | None:
    """An id the occurrence's payload holds under ``key`` (None if absent or malformed)."""
    value = (occurrence.payload or {}).get(key)
    return value if isinstance(value, int) else None
