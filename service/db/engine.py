"""Engine and unit-of-work sessions: SQLite (WAL, busy timeout, BEGIN IMMEDIATE) and PostgreSQL."""

from __future__ import annotations

import asyncio
import fcntl
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction
from sqlmodel.ext.asyncio.session import AsyncSession

SQLITE_BUSY_TIMEOUT_MS = 30_000
_WRITTEN = "tables_written"


# ---- which tables a session wrote (e.g. to re-arm the dispatcher after a commit) --------------
@event.listens_for(Session, "after_flush")
def _note_flushed(session: Session, _flush: UOWTransaction) -> None:
    written: set[str] = session.info.setdefault(_WRITTEN, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        if isinstance(table, str):
            written.add(table)


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if isinstance(name, str):
        state.session.info.setdefault(_WRITTEN, set()).add(name)


def tables_written(session: AsyncSession) -> frozenset[str]:
    """The tables this session inserted into, updated or deleted from (ORM and bulk)."""
    return frozenset(session.info.get(_WRITTEN, ()))


def prepare_sqlite_file(url: str) -> None:
    """Create the SQLite file's folder and the file itself, readable by its owner only."""
    prefix = "sqlite+aiosqlite:///"
    if not url.startswith(prefix):
        return
    path_text = url[len(prefix) :].split("?", 1)[0]
    if path_text in ("", ":memory:"):
        return
    path = Path(path_text)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


class DatabaseInUse(Exception):
    """Another process already runs the bot on this SQLite file."""


def lock_sqlite_file(path: Path) -> int:
    """Take the SQLite database's process lock: an OS lock (``flock``) on ``<file>.lock``
    beside it, held until the process ends (the kernel drops it even on kill -9). Returns the
    lock file's descriptor, to keep open. Raises DatabaseInUse if another process holds it.

    SQLite has no leader lock: two bots on one file would both send everything.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock_path = path.with_name(path.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(fd, 32).decode(errors="replace").strip()
        os.close(fd)
        by = f" (process {holder})" if holder.isdigit() else ""
        raise DatabaseInUse(
            f"another hfsbot is already running on {path}{by}; SQLite allows one process: "
            "stop it first, or use PostgreSQL to run several replicas"
        ) from None
    os.ftruncate(fd, 0)
    os.write(fd, str(os.getpid()).encode())
    return fd


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine; on SQLite every transaction is a write-safe BEGIN IMMEDIATE."""
    if url.startswith("sqlite"):
        prepare_sqlite_file(url)
        engine = create_async_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            hide_parameters=True,  # error messages never carry patients' values
            # Every transaction ends in COMMIT or ROLLBACK already: no second ROLLBACK when
            # the connection goes back to the pool (one trip to the driver's thread less).
            pool_reset_on_return=None,
            **kwargs,
        )

        @event.listens_for(engine.sync_engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is deferred).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            # A deleted row's bytes are overwritten, not left in free space (off by default
            # on most builds): /delete must leave no note readable in the file.
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        def _begin_immediate(dbapi_connection: Any) -> None:
            # Take the write lock up front: read-then-write transactions lose no update. Sent
            # to the driver itself: one trip to its thread, none of SQLAlchemy's execution
            # machinery (a statement through the connection was three trips and ~0.1 ms).
            # An error is wrapped as any statement's is (the dialect calls this in a try).
            dbapi_connection.dbapi_connection.run_async(
                lambda driver: driver.execute_fetchall("BEGIN IMMEDIATE")
            )

        engine.dialect.do_begin = _begin_immediate  # type: ignore[method-assign]
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, hide_parameters=True, **kwargs)


class Database:
    """Owns the engine; hands out one session (one transaction) per unit of work."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self._sessions = async_sessionmaker(
            self.engine, class_=AsyncSession, expire_on_commit=False
        )
        self._write_lock: asyncio.Lock | None = None
        self._write_lock_loop: asyncio.AbstractEventLoop | None = None

    @property
    def is_sqlite(self) -> bool:
        """True on SQLite (no row locks; BEGIN IMMEDIATE serialises writers)."""
        return self.engine.dialect.name == "sqlite"

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session in one transaction: committed on success, rolled back on error.

        On SQLite only one transaction writes at a time (BEGIN IMMEDIATE), so this Database's
        transactions queue on an asyncio lock, first come first served, instead of in SQLite's
        busy handler, which polls with sleeps of up to 100 ms and leaves the database idle
        between one commit and the next waiter waking up (seconds of p99 under a burst).
        """
        if not self.is_sqlite:
            async with self._sessions() as session, session.begin():
                yield session
            return
        lock = self._sqlite_write_lock()
        async with asyncio.timeout(SQLITE_BUSY_TIMEOUT_MS / 1000):
            await lock.acquire()
        try:
            async with self._sessions() as session, session.begin():
                yield session
        finally:
            lock.release()

    def _sqlite_write_lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        if self._write_lock is None or self._write_lock_loop is not loop:
            self._write_lock, self._write_lock_loop = asyncio.Lock(), loop
        return self._write_lock

    async def forget_deleted(self) -> None:
        """SQLite: empty the write-ahead log, which still holds the old versions of rows just
        deleted (``secure_delete`` clears them from the database file itself). PostgreSQL:
        nothing (autovacuum reclaims dead rows; its files are the operator's to protect).
        """
        if not self.is_sqlite:
            return
        lock = self._sqlite_write_lock()
        async with asyncio.timeout(SQLITE_BUSY_TIMEOUT_MS / 1000):
            await lock.acquire()
        try:
            async with self.engine.connect() as conn:
                raw = await conn.get_raw_connection()
                driver = raw.driver_connection
                assert driver is not None
                await driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            lock.release()

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()
