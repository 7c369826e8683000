"""INSERT ... ON CONFLICT DO NOTHING for SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

M = TypeVar("M", bound=SQLModel)


async def insert_ignore(
    session: AsyncSession, model: type[SQLModel], values: dict[str, Any], keys: list[str]
) -> bool:
    """Insert a row unless one with the same ``keys`` exists; True if a row was inserted."""
    return bool(await insert_ignore_many(session, model, [values], keys))


async def insert_ignore_many(
    session: AsyncSession,
    model: type[SQLModel],
    rows: Sequence[dict[str, Any]],
    keys: list[str],
) -> int:
    """Insert each row unless one with the same ``keys`` exists; the number of rows inserted.
    Every row must have the same columns. One statement: a single-row INSERT compiled once
    and sent with all the rows (SQLAlchemy's "insertmanyvalues" turns it into multi-row
    INSERTs of up to 1,000 rows, RETURNING the ids of those inserted)."""
    if not rows:
        return 0
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    table: Any = model.__table__  # type: ignore[attr-defined]
    # The Core table, not the ORM entity: the ORM's bulk insert splits the rows into one
    # statement per run of rows with the same None columns.
    stmt = (
        insert(table)
        .on_conflict_do_nothing(index_elements=keys)
        .returning(*table.primary_key.columns)
    )
    result = await session.exec(stmt, params=list(rows))
    return len(result.all())


async def get_or_create_many(
    session: AsyncSession, model: type[M], rows: Sequence[dict[str, Any]], keys: list[str]
) -> dict[tuple[Any, ...], M]:
    """The rows of ``model`` with the ``keys`` of these rows, each created from its row if
    absent, by key tuple; row-locked where the database can. Two statements for any number."""
    unique = {tuple(row[k] for k in keys): row for row in rows}
    if not unique:
        return {}
    await insert_ignore_many(session, model, list(unique.values()), keys)
    columns = [getattr(model, k) for k in keys]
    stmt = select(model).where(tuple_(*columns).in_(sorted(unique))).with_for_update()
    found = (await session.exec(stmt)).all()
    return {tuple(getattr(row, k) for k in keys): row for row in found}
