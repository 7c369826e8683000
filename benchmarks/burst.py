"""Burst at Telegram's limits: N patients share one check-in time.

The real Application sends every prompt through its one rate-limited path to the Bot API
emulator, which enforces Telegram's limits (30 messages/s overall, 1/s per chat) with 429s.
Prints the achieved/configured rate, the lateness of the last message, and the lost / doubled /
429 counts.

    python3 -m benchmarks.burst            # N = 3000 (about 100 s at 30/s)
    python3 -m benchmarks.burst --n 300    # a quick run
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time as clock_time
from datetime import UTC, datetime, time
from pathlib import Path

from sqlalchemy import insert

from service.app import build_application, start, stop
from service.config import load_settings
from service.db.engine import Database
from service.db.migrate import upgrade
from service.db.models import Patient, Schedule
from service.domain.clock import FakeClock
from service.domain.recurrence import Recurrence, next_after
from tests.emulator import Limits, TelegramEmulator

T0 = datetime(2026, 11, 23, 7, 59, tzinfo=UTC)
DUE = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
FIRST_CHAT = 10_000_000


async def seed(url: str, n: int) -> None:
    """N consented patients in UTC with a daily 08:00 check-in (bulk insert)."""
    db = Database(url)
    rec = Recurrence.daily(time(8, 0), "UTC", DUE.date())
    due = next_after(rec, T0)
    async with db.transaction() as session:
        await session.exec(
            insert(Patient),
            params=[
                {
                    "chat_id": FIRST_CHAT + i,
                    "created_at": T0,
                    "consent_at": T0,
                    "consent_version": "bench",
                    "timezone": "UTC",
                    "checkin_time": "08:00",
                    "language": "en",
                    "paused": False,
                    "active": True,
                    "botox_interval_weeks": 12,
                    "botox_booking_lead_weeks": 2,
                }
                for i in range(n)
            ],
        )
        await session.exec(
            insert(Schedule),
            params=[
                {
                    "patient_id": i + 1,
                    "kind": "checkin",
                    "rule": rec.rule,
                    "start_local": rec.start_local,
                    "timezone": "UTC",
                    "active": True,
                    "next_due_at": due,
                    "grace_minutes": 120,
                    "created_at": T0,
                }
                for i in range(n)
            ],
        )
    await db.dispose()


async def run(n: int, rate: float, url: str | None) -> dict[str, float | int]:
    """Seed, start the bot, move the clock to the due instant, wait for the burst to drain."""
    tmp = tempfile.mkdtemp(prefix="hfs-burst-")
    url = url or f"sqlite+aiosqlite:///{Path(tmp) / 'burst.db'}"
    await upgrade(url)
    await seed(url, n)
    emulator = TelegramEmulator()
    await emulator.start()
    emulator.limits = Limits(global_per_second=30, per_chat_per_second=1.0)
    for i in range(n):
        emulator.user(FIRST_CHAT + i).open_chat()
    clock = FakeClock(T0)
    settings = load_settings(
        telegram_bot_token=emulator.token,
        telegram_api_base_url=emulator.root_url,
        database_url=url,
        rate_overall_per_second=rate,
    )
    app = build_application(settings, clock=clock, migrate=False)
    await start(app, poll_timeout=1)
    try:
        clock.set(DUE)
        began = clock_time.monotonic()
        await app.bot_data.dispatcher.run_due()
        # Sends that failed transiently are retried by later wakes; keep waking until done.
        while clock_time.monotonic() - began < n / rate * 3 + 60:
            stats = await app.bot_data.dispatcher.run_due()
            if stats.next_wake is None or stats.next_wake > DUE:
                break
            await asyncio.sleep(0.5)
        sends = [
            r for r in emulator.sent_log if r.method == "sendMessage" and r.chat_id >= FIRST_CHAT
        ]
    finally:
        await stop(app)
        await emulator.stop()
    per_chat: dict[int, int] = {}
    for record in sends:
        per_chat[record.chat_id] = per_chat.get(record.chat_id, 0) + 1
    times = sorted(r.at for r in sends)
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    achieved = (len(times) - 1) / span if span else 0.0
    return {
        "n": n,
        "configured_rate": rate,
        "achieved_rate": round(achieved, 2),
        "achieved_over_configured": round(achieved / rate, 3),
        "last_message_lateness_s": round(times[-1] - began, 2) if times else -1,
        "ideal_lateness_s": round(n / rate, 2),
        "lost": n - len(per_chat),
        "doubled": sum(c - 1 for c in per_chat.values() if c > 1),
        "rate_limited_429": emulator.stats.rate_limited,
    }


def main() -> None:
    """Parse arguments, run once, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=3000, help="patients sharing a check-in time")
    parser.add_argument("--rate", type=float, default=30.0, help="configured messages/second")
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL"), help="default: SQLite"
    )
    args = parser.parse_args()
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    result = asyncio.run(run(args.n, args.rate, args.database_url))
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
