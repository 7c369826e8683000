"""Several replicas on one PostgreSQL: one leader polls and sends; a standby takes over."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest
from sqlalchemy import text

from service.db.engine import Database
from service.scheduling.leader import LOCK_KEY
from tests.emulator import TelegramEmulator
from tests.processes import Replica, prompts_per_chat, seed_due, start_replica, wait_for

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"), reason="replicas need PostgreSQL (TEST_DATABASE_URL)"
)
SEND_CONCURRENCY = 16


async def test_leader_dies_and_a_standby_takes_over(
    emulator: TelegramEmulator, database_url: str, tmp_path: Path
) -> None:
    first = list(range(8000, 8030))
    await seed_due(database_url, first, emulator)
    replicas = [await start_replica(emulator, database_url, tmp_path) for _ in range(3)]
    try:
        await wait_for(lambda: set(prompts_per_chat(emulator)) >= set(first), 60, "first burst")
        leaders = [r for r in replicas if r.logged("this replica polls Telegram")]
        assert len(leaders) == 1, [r.lines[-3:] for r in replicas]
        await wait_for(
            lambda: sum(r.logged("waiting to take over") for r in replicas) == 2, 30, "standbys"
        )
        leader = leaders[0]
        assert (await emulator.user(8000).say("/help", timeout=15)).text.startswith("What I can")

        leader.proc.send_signal(signal.SIGKILL)  # no goodbye: the lock goes with the session
        await leader.proc.wait()
        others = [r for r in replicas if r is not leader]
        takeover = await wait_for(
            lambda: any(r.logged("took over") for r in others), 30, "a standby to take over"
        )
        assert takeover < 30
        assert (await emulator.user(8001).say("/help", timeout=20)).text.startswith("What I can")

        second = list(range(8100, 8110))
        await seed_due(database_url, second, emulator)
        # Rows written behind the bot's back: the new leader's safety-net wake sends them.
        await wait_for(
            lambda: set(prompts_per_chat(emulator)) >= set(first + second), 60, "second burst"
        )
        counts = prompts_per_chat(emulator)
        assert all(counts[c] == 1 for c in first + second), "no occurrence went out twice"
    finally:
        for replica in replicas:
            if replica.proc.returncode is None:
                replica.proc.send_signal(signal.SIGTERM)
        for replica in replicas:
            await asyncio.wait_for(replica.proc.wait(), 30)
            await replica.reader


async def lock_holder(database_url: str) -> int | None:
    """The PostgreSQL backend pid that holds the leader lock, if any."""
    db = Database(database_url)
    try:
        async with db.engine.connect() as conn:
            pid = (
                await conn.execute(
                    text(
                        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
                        " AND classid = 0 AND objid = :key"
                    ),
                    {"key": LOCK_KEY},
                )
            ).scalar()
    finally:
        await db.dispose()
    return int(pid) if pid is not None else None


async def terminate(database_url: str, pid: int) -> None:
    """End one backend, as a DBA, a pooler or a network failure would."""
    db = Database(database_url)
    try:
        async with db.engine.connect() as conn:
            await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        await db.dispose()


async def test_a_leader_that_loses_its_lock_stops_at_once_and_exits_non_zero(
    emulator: TelegramEmulator, database_url: str, tmp_path: Path
) -> None:
    """Mid-burst, the leader's lock connection ends: the standby takes over, and the old
    leader sends no more, leaves nothing half done and exits non-zero for its supervisor."""
    chats = list(range(40_000, 40_600))
    await seed_due(database_url, chats, emulator)
    env = {"RATE_OVERALL_PER_SECOND": "40", "SEND_CONCURRENCY": str(SEND_CONCURRENCY)}
    leader = await start_replica(emulator, database_url, tmp_path, **env)
    standby: Replica | None = None
    try:
        await wait_for(lambda: leader.logged("this replica polls Telegram"), 60, "a leader")
        standby = await start_replica(emulator, database_url, tmp_path, **env)
        await wait_for(lambda: standby.logged("waiting to take over"), 60, "a standby")  # type: ignore[union-attr]
        await wait_for(lambda: len(prompts_per_chat(emulator)) >= 100, 60, "the burst")
        pid = await lock_holder(database_url)
        assert pid is not None
        await terminate(database_url, pid)
        sent_at_cut = len(prompts_per_chat(emulator))
        assert sent_at_cut < len(chats), "cut in the middle of the burst"
        # The old leader stops at once and asks its supervisor for a restart.
        await asyncio.wait_for(leader.proc.wait(), 15)
        assert leader.proc.returncode not in (0, None), leader.lines[-5:]
        await wait_for(lambda: standby.logged("took over"), 30, "the takeover")  # type: ignore[union-attr]
        await wait_for(lambda: set(prompts_per_chat(emulator)) >= set(chats), 120, "all sent")
    finally:
        for replica in (leader, standby):
            if replica is not None and replica.proc.returncode is None:
                replica.proc.send_signal(signal.SIGTERM)
        for replica in (leader, standby):
            if replica is not None:
                await asyncio.wait_for(replica.proc.wait(), 30)
                await replica.reader
    counts = prompts_per_chat(emulator)
    doubled = sum(n - 1 for n in counts.values() if n > 1)
    print(f"lock lost after {sent_at_cut}/{len(chats)} sent: doubled {doubled}")
    assert doubled <= SEND_CONCURRENCY, f"{doubled} doubles: only in-flight sends may repeat"
