"""One active replica at a time: a PostgreSQL session-level advisory lock.

The replica holding the lock polls Telegram and runs the dispatcher. The others wait, retrying
every couple of seconds; when the leader dies its database session ends, the lock is released,
and a standby takes over well within 30 s. In webhook mode every replica serves updates and only
the leader runs the dispatcher.

The lock lives as long as one dedicated connection. When that connection ends (a DBA's
``pg_terminate_backend``, a pooler, the network), the lock is gone and a standby may already
lead: the driver reports the closed connection at once, ``leading()`` turns false, and the
callbacks given as ``on_lost`` stop this replica's sends and its process. Jobs that check the
lock at the same instant take turns on the connection (asyncpg runs one operation at a time on
a connection).

SQLite is a single-process database: there the bot always leads, and ``hfsbot run`` holds a file
lock beside the database so that a second process on the same file refuses to start.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)

LOCK_KEY = 0x48_46_53_01  # "HFS" 1: the dispatcher/poller lock
RETRY_SECONDS = 2.0
CHECK_TIMEOUT_SECONDS = 10.0  # a lock connection that cannot answer SELECT 1 by then is lost


class Leadership:
    """Holds (or waits for) the leader lock on a dedicated connection."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        retry_seconds: float = RETRY_SECONDS,
        on_lost: Callable[[], None] | None = None,
    ) -> None:
        self.engine = engine
        self.retry_seconds = retry_seconds
        self.on_lost = on_lost
        self.uses_lock = engine.dialect.name == "postgresql"
        self.is_leader = not self.uses_lock
        self.lost = False
        self._conn: AsyncConnection | None = None
        self._driver: Any = None  # the asyncpg connection under ``_conn``
        self._io = asyncio.Lock()  # one operation at a time on the lock connection

    async def try_acquire(self) -> bool:
        """One attempt; True once this replica leads."""
        if self.is_leader:
            return True
        async with self._io:
            if self._conn is None:
                self._conn = await self.engine.connect()
            got = (
                await self._conn.execute(
                    text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY}
                )
            ).scalar_one()
            # Leave no transaction open on the lock connection (the lock is session-level).
            await self._conn.commit()
            if got:
                raw = await self._conn.get_raw_connection()
                self._driver = raw.driver_connection
                self._driver.add_termination_listener(self._terminated)
            self.is_leader = bool(got)
        return self.is_leader

    async def wait(self) -> None:
        """Block until this replica leads (standbys log once and keep trying)."""
        if await self._attempt():
            log.info("leader: this replica polls Telegram and sends reminders")
            return
        log.info("standby: another replica is active; waiting to take over")
        while not await self._attempt():  # noqa: ASYNC110  (polling a database lock)
            await asyncio.sleep(self.retry_seconds)
        log.info("leader: took over from the previous replica")

    async def _attempt(self) -> bool:
        try:
            return await self.try_acquire()
        except Exception as exc:  # the database restarting: a standby keeps trying
            log.warning(
                "standby: could not try the leader lock (%s); retrying", type(exc).__name__
            )
            await self._close_quietly()
            return False

    def leading(self) -> bool:
        """Whether this replica still leads, as far as is known without asking the database
        (the driver marks the lock connection closed the moment the server ends it)."""
        if self._driver is not None and self._driver.is_closed():
            self._lose("the lock connection is closed")
        return self.is_leader

    async def still_leading(self) -> bool:
        """Ask the database over the lock connection; False once the lock may be someone
        else's. Concurrent callers take turns on the connection."""
        if not self.uses_lock or not self.leading() or self._conn is None:
            return self.is_leader
        async with self._io:
            if not self.is_leader:
                return False
            try:
                async with asyncio.timeout(CHECK_TIMEOUT_SECONDS):
                    await self._conn.execute(text("SELECT 1"))
                    await self._conn.commit()
            except Exception as exc:  # including a timeout: the lock may be someone else's
                self._lose(f"the lock connection failed ({type(exc).__name__})")
        return self.is_leader

    def _terminated(self, _connection: object) -> None:
        """asyncpg's termination listener: the server or the network ended the connection."""
        self._lose("the database ended the lock connection")

    def _lose(self, why: str) -> None:
        if not self.is_leader or not self.uses_lock:
            return
        self.is_leader = False
        self.lost = True
        log.critical("lost the leader lock: %s; stopping this replica", why)
        if self.on_lost is not None:
            self.on_lost()

    async def _close_quietly(self) -> None:
        conn, self._conn, self._driver = self._conn, None, None
        if conn is not None:
            try:
                await conn.close()
            except Exception:
                log.debug("closing the lock connection failed", exc_info=True)

    async def release(self) -> None:
        """Give the lock up (graceful stop) so a standby takes over at once."""
        if self._conn is not None:
            async with self._io:
                if self._driver is not None:
                    self._driver.remove_termination_listener(self._terminated)
                if not self._conn.closed and self.is_leader:
                    try:
                        await self._conn.execute(text("SELECT pg_advisory_unlock_all()"))
                        await self._conn.commit()
                    except Exception:
                        log.warning("could not release the leader lock cleanly")
                await self._close_quietly()
        self.is_leader = not self.uses_lock
