"""SQLAlchemy's aiosqlite adapter, with one trip to the database thread per statement.

aiosqlite runs each SQLite call on its own thread, and SQLAlchemy's adapter makes four such
trips for one SELECT (open a cursor, execute, fetch the rows, close) and three for a write; a
button tap's transaction (BEGIN IMMEDIATE, two reads, one update, COMMIT, the pool's reset) made
about twelve, each a queue put, a thread wake-up and a self-pipe write back to the event loop:
a third of a tap's CPU (issue 11). This cursor does the whole statement in one trip: the
worker runs ``cursor(); execute(); fetchall(); close()`` and hands back the description, the
row count, the last row id and the rows. Everything else (transactions, errors, pooling,
termination) is SQLAlchemy's own adapter, unchanged; the database thread is aiosqlite's.

It touches two private names, ``aiosqlite.Connection._execute`` (queue a function on the
connection's thread) and ``._conn`` (the ``sqlite3.Connection`` on it); tests/test_sqlite_driver.py
checks both and the engine falls back to the stock adapter if either is missing.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Sequence
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

Row = tuple[Any, ...]
Outcome = tuple[Any, int, int | None, list[Row] | None]


def _run(conn: sqlite3.Connection, operation: str, parameters: Any, many: bool) -> Outcome:
    """On aiosqlite's thread: the whole statement, rows included."""
    cursor = conn.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        else:
            cursor.execute(operation, () if parameters is None else parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else None
        return description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor whose statement costs one trip to the database thread."""

    __slots__ = ("_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]  # no driver cursor is kept open
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        """The statement's column description (None for a write)."""
        return self._description

    @property
    def rowcount(self) -> int:
        """Rows the statement changed (-1 for a read)."""
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        """The id of the row the last INSERT made."""
        return self._lastrowid  # type: ignore[return-value]

    async def _trip(self, operation: str, parameters: Any, many: bool) -> Outcome:
        conn: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        async with self._adapt_connection._execute_mutex:
            return await conn._execute(_run, conn._conn, operation, parameters, many)

    def _do(self, operation: str, parameters: Any, many: bool) -> None:
        try:
            outcome = await_(self._trip(operation, parameters, many))
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        self._description, self._rowcount, self._lastrowid, rows = outcome
        self._rows = collections.deque(rows or ())

    def execute(self, operation: Any, parameters: Any = None) -> None:
        """Run one statement, its rows buffered (one trip)."""
        self._do(operation, parameters, many=False)

    def executemany(self, operation: Any, seq_of_parameters: Sequence[Any]) -> None:
        """Run one statement for each set of parameters (one trip)."""
        self._do(operation, seq_of_parameters, many=True)

    def setinputsizes(self, *inputsizes: Any) -> None:
        """A no-op, as in sqlite3."""
        return None

    async def _async_soft_close(self) -> None:
        return None

    def close(self) -> None:
        """Drop the buffered rows (the driver's cursor is already closed)."""
        self._rows.clear()


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """SQLAlchemy's aiosqlite connection adapter, handing out one-trip cursors."""

    __slots__ = ()
    _cursor_cls = OneTripCursor  # type: ignore[assignment]


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The aiosqlite DBAPI shim whose connections use :class:`OneTripCursor`."""

    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        """SQLAlchemy's adapted aiosqlite connection, with one-trip cursors."""
        connection = super().connect(*arg, **kw)
        connection.__class__ = OneTripConnection
        return connection


def supported() -> bool:
    """True when this aiosqlite still has the two names the cursor uses."""
    return callable(getattr(aiosqlite.Connection, "_execute", None)) and isinstance(
        getattr(aiosqlite.Connection, "_conn", None), property
    )


def dbapi() -> OneTripDBAPI:
    """The module object to pass as ``create_async_engine(..., module=...)``."""
    return OneTripDBAPI(aiosqlite, sqlite3)
