"""Cost per prompt of the delivery engine: CPU ms and SQL statements per prompt sent.

N patients share one daily check-in time (08:00 UTC). The real Application, with a FakeClock
set to 08:00, runs one dispatcher wake that materialises the N schedules, claims, prepares,
sends and marks the N prompts. The Bot API emulator runs in a process of its own (as Telegram
is another machine), without flood limits, and the bot's limiter is raised out of the way, so
the figures are the engine's own work, not waiting for Telegram's 30 messages/s (``burst.py``
measures that).

Prints, for each database and N: the bot process's CPU ms per prompt (``time.process_time``
over the wake: our code, SQLAlchemy, the driver, python-telegram-bot and httpx), the SQL
statements per prompt (a ``before_cursor_execute`` listener: one per statement or executemany
sent to the driver; on SQLite a ``begin`` listener adds each ``BEGIN IMMEDIATE``), the wall
time of the wake, how long after its minute the first prompt reached the emulator, and the lost /
doubled counts.

    python3 -m benchmarks.dispatch                      # SQLite, N = 100 and 3,000
    python3 -m benchmarks.dispatch --database-url postgresql+asyncpg://postgres@127.0.0.1/postgres
    python3 -m benchmarks.dispatch --sizes 100 --repeat 3
    python3 -m benchmarks.dispatch --rate 30             # at the deployed limits (slower)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time as clock_time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, time
from typing import Any

from benchmarks import latency
from benchmarks.scale import count_statements, fresh_database, redact
from service.domain.clock import FakeClock

BEFORE = datetime(2026, 11, 23, 7, 59, tzinfo=UTC)
DUE = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
FIRST_CHAT = 20_000_000
TOKEN = "123456:BENCH-dispatch-token"
UNLIMITED = 100_000.0  # messages/s: the limiter out of the way (burst.py measures the limits)


# ---- the emulator, in its own process -------------------------------------------------------
def emulator_process(n: int) -> None:
    """``python -m benchmarks.dispatch emulator N``: serve; answer "report" lines on stdin."""
    from tests.emulator import TelegramEmulator

    async def main() -> None:
        emulator = TelegramEmulator(TOKEN)
        await emulator.start()
        for i in range(n):
            emulator.user(FIRST_CHAT + i).open_chat()
        print(json.dumps({"root_url": emulator.root_url}), flush=True)
        loop = asyncio.get_running_loop()
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if line.strip() != "report":
                break
            sends = [
                r
                for r in emulator.sent_log
                if r.method == "sendMessage" and r.chat_id >= FIRST_CHAT
            ]
            per_chat: dict[int, int] = {}
            for record in sends:
                per_chat[record.chat_id] = per_chat.get(record.chat_id, 0) + 1
            times = sorted(r.at for r in sends)
            print(
                json.dumps(
                    {
                        "sends": len(sends),
                        "chats": len(per_chat),
                        "doubled": sum(c - 1 for c in per_chat.values() if c > 1),
                        "first_at": times[0] if times else None,
                        "last_at": times[-1] if times else None,
                    }
                ),
                flush=True,
            )
        await emulator.stop()

    asyncio.run(main())


class EmulatorChild:
    """The emulator process, seen from the bot's side."""

    def __init__(self, proc: asyncio.subprocess.Process, root_url: str) -> None:
        self.proc = proc
        self.root_url = root_url

    @classmethod
    async def start(cls, n: int) -> EmulatorChild:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "benchmarks.dispatch",
            "emulator",
            str(n),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert proc.stdout is not None
        first = json.loads(await proc.stdout.readline())
        return cls(proc, first["root_url"])

    async def report(self) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(b"report\n")
        await self.proc.stdin.drain()
        return dict(json.loads(await self.proc.stdout.readline()))

    async def stop(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"quit\n")
        await self.proc.stdin.drain()
        self.proc.stdin.close()
        await asyncio.wait_for(self.proc.wait(), 30)


# ---- measuring ----------------------------------------------------------------------------
async def seed(url: str, n: int) -> None:
    """N consented patients in UTC with a daily 08:00 check-in, first due at DUE."""
    await latency.seed(url, FIRST_CHAT, n, at=time(8, 0), now=BEFORE)


@dataclass
class Figures:
    """One wake with N due prompts."""

    database: str
    n: int
    cpu_ms_per_prompt: float
    client_ms_per_message: float
    statements_per_prompt: float
    wake_s: float
    first_prompt_after_s: float
    sent: int
    lost: int
    doubled: int


async def measure(url: str, n: int, rate: float = UNLIMITED) -> Figures:
    """Seed N due patients in a fresh database, run one wake at 08:00, collect the figures."""
    from service.app import build_application, start, stop
    from service.config import load_settings

    async with fresh_database(url if not url.startswith("sqlite") else None) as db_url:
        await seed(db_url, n)
        child = await EmulatorChild.start(n)
        settings = load_settings(
            telegram_bot_token=TOKEN,
            telegram_api_base_url=child.root_url,
            database_url=db_url,
            rate_overall_per_second=rate,
            rate_per_chat_per_second=1_000.0 if rate == UNLIMITED else 1.0,
        )
        clock = FakeClock(BEFORE)
        app = build_application(settings, clock=clock, migrate=False)
        await start(app, poll_timeout=1)
        assert app.job_queue is not None
        app.job_queue.scheduler.pause()  # only the measured wake runs
        dispatcher = app.bot_data.dispatcher
        try:
            await dispatcher.run_due()  # warm-up: connections, statement caches; nothing due
            clock.set(DUE)
            with count_statements(app.bot_data.db) as counter:
                began, cpu = clock_time.monotonic(), clock_time.process_time()
                stats = await dispatcher.run_due()
                wall = clock_time.monotonic() - began
                cpu_s = clock_time.process_time() - cpu
            seen = await child.report()
            client_s = await calibrate(app, n)
        finally:
            await stop(app)
            await child.stop()
    sent = max(stats.sent, 1)
    first = seen["first_at"]
    return Figures(
        database="SQLite" if url.startswith("sqlite") else "PostgreSQL",
        n=n,
        cpu_ms_per_prompt=round(cpu_s * 1000 / sent, 2),
        client_ms_per_message=round(client_s * 1000, 2),
        statements_per_prompt=round(counter[0] / sent, 3),
        wake_s=round(wall, 2),
        first_prompt_after_s=round(first - began, 3) if first is not None else -1.0,
        sent=stats.sent,
        lost=n - int(seen["chats"]),
        doubled=int(seen["doubled"]),
    )


async def calibrate(app: Any, n: int) -> float:
    """CPU seconds per message of the Telegram client alone (python-telegram-bot, its rate
    limiter, httpx): the same prompt sent again to the same chats through the same bot, as many
    at once as the dispatcher sends, without the engine. The engine's own share of a prompt is
    the wake's CPU minus this."""
    from service.bot.checkin_views import render_prompt
    from service.db.models import Checkin

    checkin = Checkin(id=1, patient_id=1, local_date=DUE.date(), created_at=DUE, updated_at=DUE)
    text, markup = render_prompt(checkin, "en", scheduled=True)
    count = min(n, 1000)
    gate = asyncio.Semaphore(app.bot_data.settings.send_concurrency)

    async def one(i: int) -> None:
        async with gate:
            await app.bot.send_message(chat_id=FIRST_CHAT + i, text=text, reply_markup=markup)

    await asyncio.gather(*(one(i) for i in range(min(count, 20))))  # warm connections
    cpu = clock_time.process_time()
    await asyncio.gather(*(one(i) for i in range(count)))
    return (clock_time.process_time() - cpu) / count


async def run(
    urls: list[str], sizes: list[int], repeat: int, rate: float = UNLIMITED
) -> list[Figures]:
    """Every database x size, ``repeat`` times each; the median run (by CPU) is kept."""
    results: list[Figures] = []
    for url in urls:
        for n in sizes:
            runs = [await measure(url, n, rate) for _ in range(repeat)]
            runs.sort(key=lambda f: f.cpu_ms_per_prompt)
            results.append(runs[len(runs) // 2])
    return results


def report(results: list[Figures]) -> str:
    """A table, one row per database and N."""
    header = (
        f"{'database':<11} {'N':>6} {'CPU ms/prompt':>14} {'client ms':>10} {'engine ms':>10} "
        f"{'stmts/prompt':>13} {'wake s':>8} {'1st prompt s':>13} {'sent':>6} {'lost':>5} "
        f"{'doubled':>8}"
    )
    lines = [header]
    for f in results:
        engine = round(f.cpu_ms_per_prompt - f.client_ms_per_message, 2)
        lines.append(
            f"{f.database:<11} {f.n:>6} {f.cpu_ms_per_prompt:>14} {f.client_ms_per_message:>10} "
            f"{engine:>10} {f.statements_per_prompt:>13} {f.wake_s:>8} "
            f"{f.first_prompt_after_s:>13} {f.sent:>6} {f.lost:>5} {f.doubled:>8}"
        )
    lines.append(
        "CPU ms/prompt: the bot process over the wake; client ms: the same message sent by the "
        "same bot without the engine\n(python-telegram-bot, rate limiter, httpx); engine ms: "
        "the difference (materialise, claim, prepare, mark, follow-ups)."
    )
    return "\n".join(lines)


def main() -> None:
    """Parse arguments, run, print."""
    if len(sys.argv) > 1 and sys.argv[1] == "emulator":
        emulator_process(int(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,3000", help="due prompts per wake, e.g. 100,3000")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (median kept)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL"),
        help="PostgreSQL admin URL (a fresh database is made on it); SQLite is always measured",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=UNLIMITED,
        help="overall messages/s of the bot's limiter (default: out of the way; 30 = deployed)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON lines instead")
    args = parser.parse_args()
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    urls = ["sqlite"]
    if args.database_url:
        urls.append(args.database_url)
    sizes = [int(s) for s in args.sizes.split(",")]
    results = asyncio.run(run(urls, sizes, args.repeat, args.rate))
    if args.json:
        for figures in results:
            print(json.dumps(asdict(figures)))
        return
    if args.database_url:
        print(f"PostgreSQL: {redact(args.database_url)}")
    print(report(results))
    print(
        "median CPU ms/prompt over all rows:",
        round(statistics.median(f.cpu_ms_per_prompt for f in results), 2),
    )


if __name__ == "__main__":
    main()
