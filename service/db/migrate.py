"""Apply Alembic migrations (``hfsbot migrate``; ``hfsbot run`` does it at start-up too)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from service.db.engine import make_engine

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the packaged migrations (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


MIGRATION_LOCK_KEY = 0x48_46_53_02  # replicas starting together migrate one at a time


def migration_engine(url: str) -> AsyncEngine:
    """The engine migrations run on. On SQLite, foreign keys are off while migrating: a batch
    migration that must recreate a table (copy, DROP, rename) would otherwise cascade the DROP
    to every child row (dropping ``patient`` would delete every check-in)."""
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine.sync_engine, "connect")
        def _foreign_keys_off(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=OFF")  # after make_engine's own PRAGMAs
            cursor.close()

    return engine


async def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` up to ``revision``; log one line saying what was done
    (Alembic's own INFO lines, seven or more per start, are silenced in service.logs)."""
    engine = migration_engine(url)
    try:
        async with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                await conn.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )

            def _do(sync_conn: Connection) -> tuple[str | None, str | None]:
                cfg = alembic_config(url)
                cfg.attributes["connection"] = sync_conn
                before = MigrationContext.configure(sync_conn).get_current_revision()
                command.upgrade(cfg, revision)
                return before, MigrationContext.configure(sync_conn).get_current_revision()

            before, after = await conn.run_sync(_do)
    finally:
        await engine.dispose()
    if before == after:
        log.info("database schema is up to date (revision %s)", after)
    else:
        log.info("database schema migrated from revision %s to %s", before or "(empty)", after)


async def downgrade(url: str, revision: str) -> None:
    """Take the database at ``url`` down to ``revision`` (used by migration tests)."""
    engine = migration_engine(url)
    try:
        async with engine.begin() as conn:

            def _do(sync_conn: Connection) -> None:
                cfg = alembic_config(url)
                cfg.attributes["connection"] = sync_conn
                command.downgrade(cfg, revision)

            await conn.run_sync(_do)
    finally:
        await engine.dispose()
