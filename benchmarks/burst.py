"""Burst at Telegram's limits: N patients share one check-in time.

The real bot runs in its own process (``python -m benchmarks.burst bot``) with the deployed
default settings (30 messages/s overall, 1/s per chat, 16 sends in flight) and a FakeClock at
07:59; the Bot API emulator runs in this one and enforces Telegram's limits with 429s. On "go"
the bot's clock moves to the due minute (08:00) and its dispatcher wakes, as APScheduler would
wake it. Printed:

* the burst rate *from the due minute* (deliveries / time from the due instant to the last of
  them), against the configured cap, and when the first and the last prompt arrived;
* lost, doubled, and 429s from the emulator's limits;
* **one chat's 429** (unless ``--no-throttle``): at the due minute the emulator penalises the
  first patient's chat for 20 s (429, retry_after=20). Its prompt should arrive after ~20 s and
  nobody else's be held up: the longest gap between two other deliveries shows a stall. After
  the due minute the bot's clock moves on with real time, so a send booked again for later is
  sent when it is due, as APScheduler would wake for it;
* **a tap during the burst**: at 20, 35, 50, 65 and 80 % of the burst a patient who has had
  their prompt for 2 s taps a rating; the time until the bot's edit arrives.

In the same process as the emulator the bot would share its CPU and Python's event loop, which
bunches requests; apart, as against the real Telegram, it does not.

    python3 -m benchmarks.burst              # N = 3000 (about 100 s at 30/s), SQLite
    python3 -m benchmarks.burst --n 300      # a quick run
    python3 -m benchmarks.burst --load       # another process keeps one core busy meanwhile
    python3 -m benchmarks.burst --paid 1000  # PAID_BROADCAST_PER_SECOND=1000 (Stars)
    python3 -m benchmarks.burst --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time as clock_time
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from benchmarks.latency import cpu_seconds, until_terminated
from benchmarks.scale import fresh_database, redact
from service.db.engine import Database
from service.db.models import Patient, Schedule
from service.domain.recurrence import Recurrence, next_after
from tests.emulator import FakeUser, Limits, SentRecord, TelegramEmulator

T0 = datetime(2026, 11, 23, 7, 59, tzinfo=UTC)
DUE = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
FIRST_CHAT = 10_000_000
THROTTLED_CHAT = FIRST_CHAT  # the first patient: among the first prompts of the burst
THROTTLED_FOR = 20  # seconds of 429 for that one chat, as in the reproduction
TAP_AT = (0.2, 0.35, 0.5, 0.65, 0.8)  # shares of the burst delivered when a patient taps
PROMPT = "How often"
READING_S = 2.0  # a patient taps this long after their prompt arrived
AGAIN_WITHIN = timedelta(minutes=10)  # a send booked again for sooner is part of the burst
ROOT = Path(__file__).resolve().parent.parent


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
                    "state": "active",
                    "next_due_at": due,
                    "grace_minutes": 120,
                    "created_at": T0,
                }
                for i in range(n)
            ],
        )
    await db.dispose()


# ---- the bot, in its own process ------------------------------------------------------------


def bot_process() -> None:
    """``python -m benchmarks.burst bot``: start, wait for "go", wake at the due minute until
    nothing more is due, say "drained", then idle until SIGTERM."""
    from service.app import build_application, start, stop
    from service.config import load_settings
    from service.domain.clock import FakeClock

    async def main() -> None:
        clock = FakeClock(T0)
        settings: dict[str, Any] = {}
        if os.environ.get("BENCH_PAID"):
            settings["paid_broadcast_per_second"] = float(os.environ["BENCH_PAID"])
        app = build_application(
            load_settings(  # the deployed defaults for everything else
                telegram_bot_token=os.environ["BENCH_TOKEN"],
                telegram_api_base_url=os.environ["BENCH_API_ROOT"],
                database_url=os.environ["BENCH_DATABASE_URL"],
                **settings,
            ),
            clock=clock,
            migrate=False,
        )
        await start(app, poll_timeout=10)
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)
        clock.set(DUE)
        began = clock_time.monotonic()
        print(f"due {began}", flush=True)
        while True:  # sends booked again (a 429, a fault) come back on later wakes
            stats = await app.bot_data.dispatcher.run_due()
            if stats.next_wake is None or stats.next_wake > clock.now() + AGAIN_WITHIN:
                break  # nothing more of the burst (follow-ups are hours away)
            await asyncio.sleep(0.5)
            clock.set(DUE + timedelta(seconds=clock_time.monotonic() - began))  # time moves on
        print("drained", flush=True)
        await until_terminated()
        await stop(app)

    asyncio.run(main())


def _bot_env(emulator: TelegramEmulator, url: str, paid: float | None) -> dict[str, str]:
    env = {
        **os.environ,
        "BENCH_TOKEN": emulator.token,
        "BENCH_API_ROOT": emulator.root_url,
        "BENCH_DATABASE_URL": url,
        "PTB_TIMEDELTA": "1",
    }
    env.pop("BENCH_PAID", None)
    if paid:
        env["BENCH_PAID"] = str(paid)
    return env


async def _line(stream: asyncio.StreamReader, expected: str, timeout: float) -> str:  # noqa: ASYNC109
    line = (await asyncio.wait_for(stream.readline(), timeout)).decode().strip()
    if not line.startswith(expected):
        raise RuntimeError(f"the bot process said {line!r}, expected {expected!r}")
    return line


# ---- this process: the emulator, the taps, the figures --------------------------------------


def prompts(emulator: TelegramEmulator) -> list[SentRecord]:
    """The check-in prompts delivered, in order."""
    return [
        r
        for r in emulator.sent_log
        if r.method == "sendMessage" and r.chat_id >= FIRST_CHAT and PROMPT in (r.text or "")
    ]


async def tap_during_burst(
    emulator: TelegramEmulator, n: int, done: Callable[[], bool]
) -> list[float]:
    """At each share of TAP_AT, a patient with a prompt taps "2"; seconds until the edit."""
    latencies: list[float] = []
    tapped: set[int] = {THROTTLED_CHAT}
    for share in TAP_AT:
        while len(prompts(emulator)) < share * n and not done():  # noqa: ASYNC110 (a poll)
            await asyncio.sleep(0.05)
        if done():
            break
        # Someone who had their prompt for a couple of seconds (read it, then tapped): a tap
        # within a second of it would meet Telegram's one message per second to that chat.
        read_by = clock_time.monotonic() - READING_S
        chat = next(
            (r.chat_id for r in prompts(emulator) if r.at <= read_by and r.chat_id not in tapped),
            None,
        )
        if chat is None:
            continue
        tapped.add(chat)
        user: FakeUser = emulator.user(chat)
        began = clock_time.perf_counter()
        await user.press("2", timeout=300)
        latencies.append(clock_time.perf_counter() - began)
    return latencies


async def run(
    n: int, database_url: str | None, *, throttle: bool, paid: float | None, load: bool
) -> dict[str, Any]:
    """Seed, start the bot process, let the burst run, and measure it."""
    async with fresh_database(database_url) as url:
        await seed(url, n)
        emulator = TelegramEmulator()
        await emulator.start()
        emulator.limits = Limits()  # Telegram's: 30/s overall, 1/s per chat, paid 1,000/s
        for i in range(n):
            emulator.user(FIRST_CHAT + i).open_chat()
        busy = None
        if load:
            busy = await asyncio.create_subprocess_exec(sys.executable, "-c", "while True: pass")
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "benchmarks.burst",
            "bot",
            cwd=ROOT,
            env=_bot_env(emulator, url, paid),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert proc.stdin is not None and proc.stdout is not None
        try:
            await _line(proc.stdout, "ready", 300)
            if throttle:
                emulator.throttle_chat(THROTTLED_CHAT, THROTTLED_FOR)
            proc.stdin.write(b"go\n")
            await proc.stdin.drain()
            due_at = float((await _line(proc.stdout, "due", 60)).split()[1])
            cpu_at_due = cpu_seconds(proc.pid)
            drained = asyncio.create_task(_line(proc.stdout, "drained", n / 30 * 4 + 120))
            taps = await tap_during_burst(emulator, n, drained.done)
            await drained
            cpu = cpu_seconds(proc.pid) - cpu_at_due
        finally:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
                await asyncio.wait_for(proc.wait(), 120)
            if busy is not None:
                busy.kill()
                await busy.wait()
            await emulator.stop()
    result = figures(emulator, n, due_at, taps, throttle=throttle, paid=paid, load=load)
    result["bot_cpu_ms_per_prompt"] = round(cpu * 1000 / max(1, result["delivered"]), 1)
    return result


def figures(
    emulator: TelegramEmulator,
    n: int,
    due_at: float,
    taps: list[float],
    *,
    throttle: bool,
    paid: float | None,
    load: bool,
) -> dict[str, Any]:
    """The printed figures, from what the emulator saw."""
    sent = prompts(emulator)
    per_chat: dict[int, int] = {}
    for record in sent:
        per_chat[record.chat_id] = per_chat.get(record.chat_id, 0) + 1
    others = sorted(r.at for r in sent if not (throttle and r.chat_id == THROTTLED_CHAT))
    span = others[-1] - due_at if others else 0.0
    rate = len(others) / span if span > 0 else 0.0
    cap = paid or 30.0
    gaps = [b - a for a, b in zip([due_at, *others], others, strict=False)]
    result: dict[str, Any] = {
        "n": n,
        "limits": f"{cap:g}/s overall{' (paid)' if paid else ''}, 1/s per chat"
        + (", another process busy on one core" if load else ""),
        "delivered": len(per_chat),
        "rate_from_due_minute": round(rate, 2),
        "rate_over_cap": round(rate / cap, 3),
        "first_prompt_after_due_s": round(others[0] - due_at, 2) if others else -1,
        "last_prompt_after_due_s": round(others[-1] - due_at, 2) if others else -1,
        "ideal_last_s": round(n / cap, 2),
        "lost": n - len(per_chat),
        "doubled": sum(c - 1 for c in per_chat.values() if c > 1),
        "rate_limited_429": emulator.stats.rate_limited,
        "paid_sends": emulator.stats.paid,
        "longest_gap_between_others_s": round(max(gaps), 2) if gaps else -1,
    }
    if throttle:
        mine = [r.at for r in sent if r.chat_id == THROTTLED_CHAT]
        result["throttled_chat_429s"] = emulator.stats.throttled["chat"]
        result["throttled_chat_prompt_after_due_s"] = round(mine[0] - due_at, 2) if mine else -1
    result["tap_latency_s"] = ", ".join(f"{t:.2f}" for t in taps) or "-"
    result["tap_latency_max_s"] = round(max(taps), 2) if taps else -1
    return result


def main() -> None:
    """Parse arguments, run once, print the figures."""
    if sys.argv[1:2] == ["bot"]:
        bot_process()
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=3000, help="patients sharing a check-in time")
    parser.add_argument("--no-throttle", action="store_true", help="no chat gets a 429")
    parser.add_argument("--paid", type=float, default=None, help="PAID_BROADCAST_PER_SECOND")
    parser.add_argument("--load", action="store_true", help="keep one core busy meanwhile")
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL"), help="default: SQLite"
    )
    args = parser.parse_args()
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    if args.database_url:
        print(f"database: {redact(args.database_url)} (a fresh database next to it)")
    result = asyncio.run(
        run(
            args.n,
            args.database_url,
            throttle=not args.no_throttle,
            paid=args.paid,
            load=args.load,
        )
    )
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
