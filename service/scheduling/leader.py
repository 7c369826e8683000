"""One active replica at a time: a PostgreSQL session-level advisory lock.

The replica holding the lock polls Telegram and runs the dispatcher. The others wait, retrying
every couple of seconds; when the leader dies its database session ends, the lock is released,
and a standby takes over well within 30 s. In webhook mode every replica serves updates and only
the leader runs the dispatcher. SQLite is a single-process database: there the bot always leads.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)

LOCK_KEY = 0x48_46_53_01  # "HFS" 1: the dispatcher/poller lock
RETRY_SECONDS = 2.0


class Leadership:
    """Holds (or waits for) the leader lock on a dedicated connection."""

    def __init__(self, engine: AsyncEngine, *, retry_seconds: float = RETRY_SECONDS) -> None:
        self.engine = engine
        self.retry_seconds = retry_seconds
        self.is_leader = engine.dialect.name != "postgresql"
        self._conn: AsyncConnection | None = None

    async def try_acquire(self) -> bool:
        """One attempt; True once this replica leads."""
        if self.is_leader:
            return True
        if self._conn is None:
            self._conn = await self.engine.connect()
        got = (
            await self._conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY})
        ).scalar_one()
        # Leave no transaction open on the lock connection (the lock is session-level).
        await self._conn.commit()
        self.is_leader = bool(got)
        return self.is_leader

    async def wait(self) -> None:
        """Block until this replica leads (standbys log once and keep trying)."""
        if await self.try_acquire():
            log.info("leader: this replica polls Telegram and sends reminders")
            return
        log.info("standby: another replica is active; waiting to take over")
        while not await self.try_acquire():  # noqa: ASYNC110  (polling a database lock)
            await asyncio.sleep(self.retry_seconds)
        log.info("leader: took over from the previous replica")

    async def still_leading(self) -> bool:
        """False if the lock connection died (then the lock may be someone else's)."""
        if self._conn is None:
            return self.is_leader
        try:
            await self._conn.execute(text("SELECT 1"))
            await self._conn.commit()
        except Exception:
            log.critical("lost the leader lock connection; stopping this replica")
            self.is_leader = False
        return self.is_leader

    async def release(self) -> None:
        """Give the lock up (graceful stop) so a standby takes over at once."""
        if self._conn is not None:
            try:
                await self._conn.execute(text("SELECT pg_advisory_unlock_all()"))
                await self._conn.commit()
                await self._conn.close()
            except Exception:
                log.warning("could not release the leader lock cleanly")
            self._conn = None
        self.is_leader = self.engine.dialect.name != "postgresql"
