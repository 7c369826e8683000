"""Several replicas on one PostgreSQL: one leader polls and sends; a standby takes over."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest

from tests.emulator import TelegramEmulator
from tests.processes import prompts_per_chat, seed_due, start_replica, wait_for

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"), reason="replicas need PostgreSQL (TEST_DATABASE_URL)"
)


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
