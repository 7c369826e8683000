"""Migrations: they build exactly the models' schema, and go down and up again cleanly."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from service.db import models  # noqa: F401
from service.db.engine import Database
from service.db.migrate import downgrade, upgrade


async def test_migrated_schema_matches_the_models(db: Database) -> None:
    def diff(conn: Connection) -> list[object]:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))

    async with db.engine.connect() as conn:
        differences = await conn.run_sync(diff)
    assert differences == []


async def test_upgrade_from_empty_downgrade_and_upgrade_again(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
    await upgrade(url)
    db = Database(url)

    async def tables() -> set[str]:
        async with db.engine.connect() as conn:
            return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))

    assert {"patient", "schedule", "occurrence", "checkin"} <= await tables()
    await downgrade(url, "base")
    assert await tables() <= {"alembic_version"}
    await upgrade(url)
    assert {"patient", "schedule", "occurrence", "checkin"} <= await tables()
    await db.dispose()
