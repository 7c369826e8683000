"""The one-trip aiosqlite cursor (service/db/sqlite_driver.py) behaves as a DBAPI cursor:
rows, row counts, last row ids, many-row inserts, errors mapped to SQLAlchemy's, transactions
that roll back, and the pool's connections used again."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import aiosqlite
import pytest
from sqlalchemy import exc, text
from sqlmodel import col, select

from service.db import sqlite_driver
from service.db.engine import Database
from service.db.migrate import upgrade
from service.db.models import Patient

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_this_aiosqlite_has_what_the_cursor_uses() -> None:
    """If aiosqlite drops a private name the cursor uses, this fails (and the engine falls back
    to SQLAlchemy's own adapter: ``supported()`` is False)."""
    assert sqlite_driver.supported()
    assert callable(aiosqlite.Connection._execute)


async def _db(tmp_path: Path) -> Database:
    url = f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}"
    await upgrade(url)
    return Database(url)


async def test_the_engine_uses_the_one_trip_cursor(tmp_path: Path) -> None:
    db = await _db(tmp_path)
    try:
        async with db.engine.connect() as conn:
            raw = await conn.get_raw_connection()
            assert isinstance(raw.dbapi_connection, sqlite_driver.OneTripConnection)
            cursor = raw.dbapi_connection.cursor()
            assert isinstance(cursor, sqlite_driver.OneTripCursor)
    finally:
        await db.dispose()


async def test_rows_counts_ids_and_many_rows(tmp_path: Path) -> None:
    db = await _db(tmp_path)
    try:
        async with db.transaction() as session:
            first = Patient(chat_id=11, created_at=NOW)
            session.add(first)
            await session.flush()
            assert first.id == 1  # lastrowid of the INSERT
            session.add_all(Patient(chat_id=100 + k, created_at=NOW) for k in range(5))
        async with db.transaction() as session:
            ids = (
                await session.exec(select(col(Patient.chat_id)).order_by(col(Patient.id)))
            ).all()
            assert ids == [11, 100, 101, 102, 103, 104]
            conn = await session.connection()
            result = await conn.execute(
                text("UPDATE patient SET side = 'left' WHERE chat_id >= 100")
            )
            assert result.rowcount == 5
            none = (await session.exec(select(Patient).where(col(Patient.chat_id) == 7))).all()
            assert none == []
        async with db.engine.connect() as conn:
            sides = await conn.execute(text("SELECT count(*) FROM patient WHERE side = 'left'"))
            assert sides.scalar_one() == 5
    finally:
        await db.dispose()


async def test_errors_are_sqlalchemys_and_roll_the_transaction_back(tmp_path: Path) -> None:
    db = await _db(tmp_path)
    try:
        async with db.transaction() as session:
            session.add(Patient(chat_id=5, created_at=NOW))
        with pytest.raises(exc.IntegrityError):
            async with db.transaction() as session:
                session.add(Patient(chat_id=6, created_at=NOW))
                await session.flush()
                session.add(Patient(chat_id=5, created_at=NOW))  # chat_id is unique
        with pytest.raises(exc.OperationalError):
            async with db.transaction() as session:
                conn = await session.connection()
                await conn.execute(text("SELECT * FROM no_such_table"))
        async with db.transaction() as session:  # the pooled connection works again
            chats = (await session.exec(select(col(Patient.chat_id)))).all()
        assert chats == [5]  # chat 6 was rolled back with its transaction
    finally:
        await db.dispose()
