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


def _revisions() -> list[str]:
    from alembic.script import ScriptDirectory

    from service.db.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


async def _scratch_database(tmp_path: Path, name: str) -> tuple[str, object]:
    """A new empty database: a SQLite file, or a PostgreSQL database when testing on it."""
    import os
    import uuid

    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    base_url = os.environ.get("TEST_DATABASE_URL", "")
    if not base_url:
        return f"sqlite+aiosqlite:///{tmp_path / (name + '.db')}", None
    base = make_url(base_url.replace("postgresql://", "postgresql+asyncpg://"))
    db_name = f"hfs_mig_{uuid.uuid4().hex[:8]}"
    admin = Database(base.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    async with admin.engine.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{db_name}"'))

    async def drop() -> None:
        async with admin.engine.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
        await admin.dispose()

    return base.set(database=db_name).render_as_string(hide_password=False), drop


async def test_upgrade_from_every_earlier_revision(tmp_path: Path) -> None:
    revisions = _revisions()
    assert len(revisions) >= 2
    for index, revision in enumerate(revisions[:-1]):
        url, drop = await _scratch_database(tmp_path, f"r{index}")
        try:
            await upgrade(url, revision)
            if index == 0:
                # Data written at an old revision survives the later migrations.
                db = Database(url)
                async with db.engine.begin() as conn:
                    await conn.exec_driver_sql(
                        "INSERT INTO patient (chat_id, created_at, language, paused, active) "
                        "VALUES (42, '2026-01-01 00:00:00', 'en', false, true)"
                    )
                await db.dispose()
            await upgrade(url)
            db = Database(url)
            async with db.engine.connect() as conn:
                version = (
                    await conn.exec_driver_sql("SELECT version_num FROM alembic_version")
                ).scalar_one()
                if index == 0:
                    row = (
                        await conn.exec_driver_sql(
                            "SELECT chat_id, botox_interval_weeks FROM patient"
                        )
                    ).one()
                    assert tuple(row) == (42, 12)
            await db.dispose()
            assert version == revisions[-1]
        finally:
            if drop is not None:
                await drop()  # type: ignore[operator]
