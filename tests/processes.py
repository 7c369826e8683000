"""Running the bot as real processes against the emulator, for crash and replica tests."""

from __future__ import annotations

import asyncio
import os
import sys
import time as wall
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import insert

from service.db.engine import Database
from service.db.models import Patient, Schedule
from service.domain.recurrence import Recurrence
from tests.emulator import TelegramEmulator

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


async def start_replica(
    emulator: TelegramEmulator, database_url: str, tmp: Path, **extra_env: str
) -> Replica:
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
    env.update(extra_env)
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
