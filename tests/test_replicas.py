"""Several replicas on one PostgreSQL: one leader polls and sends; a standby takes over."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time as wall
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert

from service.db.engine import Database
from service.db.models import Patient, Schedule
from service.domain.recurrence import Recurrence
from tests.emulator import TelegramEmulator

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"), reason="replicas need PostgreSQL (TEST_DATABASE_URL)"
)
ROOT = Path(__file__).resolve().parent.parent


class Replica:
    """One `python -m service run` process and the lines it logged."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.lines: list[str] = []
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.proc.stderr is not None
        async for raw in self.proc.stderr:
            self.lines.append(raw.decode(errors="replace"))

    def logged(self, text: str) -> bool:
        return any(text in line for line in self.lines)


async def start_replica(emulator: TelegramEmulator, database_url: str, tmp: Path) -> Replica:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        TELEGRAM_BOT_TOKEN=emulator.token,
        TELEGRAM_API_BASE_URL=emulator.root_url,
        DATABASE_URL=database_url,
        LOG_LEVEL="INFO",
        RATE_PER_CHAT_PER_SECOND="50",
        DISPATCHER_INTERVAL_SECONDS="3",
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "service",
        "run",
        env=env,
        cwd=tmp,
        stderr=asyncio.subprocess.PIPE,
    )
    return Replica(proc)


async def seed_due(database_url: str, chat_ids: list[int], emulator: TelegramEmulator) -> None:
    """Patients whose daily check-in fell due a minute ago (real time: replicas use the
    system clock)."""
    now = datetime.now(UTC)
    due = (now - timedelta(minutes=1)).replace(second=0, microsecond=0)
    rec = Recurrence.daily(time(due.hour, due.minute), "UTC", due.date())
    db = Database(database_url)
    async with db.transaction() as session:
        for chat_id in chat_ids:
            emulator.user(chat_id).open_chat()
            result = await session.exec(
                insert(Patient).returning(Patient.id),  # type: ignore[arg-type]
                params=[
                    {
                        "chat_id": chat_id,
                        "created_at": now,
                        "consent_at": now,
                        "consent_version": "test",
                        "timezone": "UTC",
                        "checkin_time": due.strftime("%H:%M"),
                        "language": "en",
                        "paused": False,
                        "active": True,
                        "botox_interval_weeks": 12,
                        "botox_booking_lead_weeks": 2,
                    }
                ],
            )
            patient_id = result.scalar_one()
            session.add(
                Schedule(
                    patient_id=patient_id,
                    kind="checkin",
                    rule=rec.rule,
                    start_local=rec.start_local,
                    timezone="UTC",
                    next_due_at=due,
                    grace_minutes=120,
                    created_at=now,
                )
            )
    await db.dispose()


def prompts_per_chat(emulator: TelegramEmulator) -> dict[int, int]:
    counts: dict[int, int] = {}
    for record in emulator.sent_log:
        if record.method == "sendMessage" and "How often" in (record.text or ""):
            counts[record.chat_id] = counts.get(record.chat_id, 0) + 1
    return counts


async def wait_for(condition: object, seconds: float, what: str) -> float:
    began = wall.monotonic()
    while wall.monotonic() - began < seconds:
        if condition():  # type: ignore[operator]
            return wall.monotonic() - began
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


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
