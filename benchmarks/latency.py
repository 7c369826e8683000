"""Latency under load: N patients tapping through a check-in at the same time.

Each simulated patient sends /checkin, taps three ratings and then Skip (five actions). For every
action the time runs from the update entering the Bot API emulator to the bot's reaction (the
new message or the edit) arriving there: ``FakeUser.say`` / ``press`` return on it. The same
users and actions are then run against a bare python-telegram-bot echo bot (one MessageHandler
replying with a keyboard, one CallbackQueryHandler answering the tap and editing the message), on
the same emulator, as the baseline. Prints p50 / p90 / p99 / max of both and the p99 ratio.

Each bot runs in its own process (``python -m benchmarks.latency bot hfs|echo``), as it would
against the real Telegram; the emulator and the simulated users share this one
(``--in-process`` puts the bot in it too). Both bots process up to 64 updates at once, and
neither is throttled: Telegram's limits are measured by burst.py (``--telegram-limits`` puts them
on both bots and the emulator here too).

    python3 -m benchmarks.latency                 # 200 patients, SQLite in a temp dir
    python3 -m benchmarks.latency --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import time as clock_time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert
from sqlmodel import col, select
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from benchmarks.scale import fresh_database, redact
from service.bot.state import App
from service.db.engine import Database
from service.db.models import Checkin, Patient, Schedule
from service.domain.clock import FakeClock
from service.domain.recurrence import Recurrence, next_after
from tests.emulator import BotMessage, FakeUser, Limits, TelegramEmulator

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday morning; check-ins are due at 20:00
HFS_FIRST_CHAT = 30_000_000
ECHO_FIRST_CHAT = 40_000_000
WARMUP_USERS = 5
RATINGS = ("3", "2", "1", "2")
DONE_TEXT = "eye frequency 3, eye severity 2, mouth and cheek 1, daily life 2"
ACTION_TIMEOUT = 120.0
ROOT = Path(__file__).resolve().parent.parent


# ---- the users -----------------------------------------------------------------------------


@dataclass
class Run:
    """Latencies (seconds) of one bot's actions and what the users saw."""

    latencies: list[float] = field(default_factory=list)
    by_action: dict[str, list[float]] = field(default_factory=dict)
    completed: int = 0
    wrong: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    bot_cpu_s: float | None = None  # CPU the bot process used (separate process only)

    def record(self, action: str, seconds: float) -> None:
        """Keep one action's latency."""
        self.latencies.append(seconds)
        self.by_action.setdefault(action, []).append(seconds)


async def timed(run: Run, action: str, act: Awaitable[BotMessage]) -> BotMessage:
    """Run one user action and record the time until the bot's reaction arrived."""
    began = clock_time.perf_counter()
    message = await act
    run.record(action, clock_time.perf_counter() - began)
    return message


async def hfs_patient(user: FakeUser, run: Run) -> None:
    """/checkin, four ratings, Skip; checks what the bot shows."""
    prompt = await timed(run, "/checkin", user.say("/checkin", timeout=ACTION_TIMEOUT))
    if "How often" not in (prompt.text or ""):
        run.wrong.append(f"{user.user_id}: prompt {prompt.text!r}")
        return
    for label in RATINGS:
        await timed(run, "rating", user.press(label, timeout=ACTION_TIMEOUT))
    done = await timed(run, "Skip", user.press("Skip", timeout=ACTION_TIMEOUT))
    if DONE_TEXT not in (done.text or ""):
        run.wrong.append(f"{user.user_id}: done {done.text!r}")
        return
    run.completed += 1


async def echo_user(user: FakeUser, run: Run) -> None:
    """The same six actions against the echo bot."""
    reply = await timed(run, "/checkin", user.say("/checkin", timeout=ACTION_TIMEOUT))
    if reply.text != "/checkin":
        run.wrong.append(f"{user.user_id}: echo {reply.text!r}")
        return
    for label in (*RATINGS, "Skip"):
        edited = await timed(
            run,
            "rating" if label != "Skip" else "Skip",
            user.press(label, timeout=ACTION_TIMEOUT),
        )
        if not (edited.text or "").startswith(f"tapped {label} #"):
            run.wrong.append(f"{user.user_id}: edit {edited.text!r}")
            return
    run.completed += 1


async def crowd(
    users: Sequence[FakeUser], flow: Callable[[FakeUser, Run], Awaitable[None]]
) -> Run:
    """All users at once."""
    run = Run()
    began = clock_time.perf_counter()
    results = await asyncio.gather(*(flow(u, run) for u in users), return_exceptions=True)
    run.wall_s = clock_time.perf_counter() - began
    for user, result in zip(users, results, strict=True):
        if isinstance(result, BaseException):
            run.wrong.append(f"{user.user_id}: {type(result).__name__}: {result}")
    return run


# ---- the bots ------------------------------------------------------------------------------

ECHO_KEYBOARD = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton(str(i), callback_data=f"e:{i}") for i in range(5)],
        [InlineKeyboardButton("Skip", callback_data="e:Skip")],
    ]
)


async def _echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    await message.reply_text(message.text or "", reply_markup=ECHO_KEYBOARD)


async def _tapped(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    # The query id keeps two taps of the same button from being "message is not modified".
    await query.edit_message_text(
        f"tapped {query.data[2:]} #{query.id}", reply_markup=ECHO_KEYBOARD
    )


def echo_application(token: str, root_url: str, *, telegram_limits: bool) -> Application:
    """A bare python-telegram-bot echo bot: one message handler, one callback handler."""
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{root_url}/bot")
        .base_file_url(f"{root_url}/file/bot")
        .concurrent_updates(64)
    )
    if telegram_limits:
        from service.transport.limits import ChatRateLimiter

        builder = builder.rate_limiter(ChatRateLimiter())  # type: ignore[arg-type]
    app = builder.build()
    app.add_handler(MessageHandler(filters.TEXT, _echo))
    app.add_handler(CallbackQueryHandler(_tapped))
    return app


def hfs_application(token: str, root_url: str, url: str, *, telegram_limits: bool) -> App:
    """The real bot (as ``hfsbot run`` builds it, minus migrations) on a fake clock."""
    from service.app import build_application
    from service.config import load_settings

    limits: dict[str, Any] = (
        {}
        if telegram_limits
        else {"rate_overall_per_second": 100_000.0, "rate_per_chat_per_second": 1_000.0}
    )
    settings = load_settings(
        telegram_bot_token=token, telegram_api_base_url=root_url, database_url=url, **limits
    )
    return build_application(settings, clock=FakeClock(NOW), migrate=False)


def make_bot(
    kind: str, token: str, root_url: str, url: str, *, telegram_limits: bool
) -> Application:
    """The HFS bot or the echo bot."""
    if kind == "hfs":
        return hfs_application(token, root_url, url, telegram_limits=telegram_limits)
    return echo_application(token, root_url, telegram_limits=telegram_limits)


async def start_bot(app: Application, *, poll_timeout: float) -> None:
    """Initialise, post_init, start and poll (service.app.start, for either bot)."""
    from service.app import start

    await start(app, poll_timeout=poll_timeout)


async def stop_bot(app: Application) -> None:
    """Stop what start_bot started."""
    from service.app import stop

    await stop(app)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used (/proc/<pid>/stat)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def until_terminated() -> None:
    """Wait for SIGTERM: the parent ends a bot process with it."""
    stopping = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
    await stopping.wait()


def bot_process(kind: str) -> None:
    """``python -m benchmarks.latency bot hfs|echo``: run one bot until SIGTERM."""

    async def main() -> None:
        app = make_bot(
            kind,
            os.environ["BENCH_TOKEN"],
            os.environ["BENCH_API_ROOT"],
            os.environ["BENCH_DATABASE_URL"],
            telegram_limits=os.environ.get("BENCH_TELEGRAM_LIMITS") == "1",
        )
        await start_bot(app, poll_timeout=10)  # long polling as in `hfsbot run`
        profile_to = os.environ.get("BENCH_PROFILE")
        profiler: Any = None
        if profile_to:
            from pyinstrument import Profiler

            profiler = Profiler(async_mode="disabled")
            profiler.start()
        print("ready", flush=True)
        await until_terminated()
        if profiler is not None and profile_to:
            profiler.stop()
            text = profiler.output_text(unicode=True, show_all=False)
            await asyncio.to_thread(Path(profile_to).write_text, text)
        await stop_bot(app)

    asyncio.run(main())


@asynccontextmanager
async def running_bot(
    kind: str,
    emulator: TelegramEmulator,
    url: str,
    *,
    telegram_limits: bool,
    separate: bool,
    profile_to: str | None,
) -> AsyncIterator[Callable[[], float | None]]:
    """One bot polling the emulator, in its own process or in this one; yields a function
    giving the CPU seconds the bot's process has used (None in this process)."""
    if not separate:
        app = make_bot(
            kind, emulator.token, emulator.root_url, url, telegram_limits=telegram_limits
        )
        await start_bot(app, poll_timeout=1)
        try:
            yield lambda: None
        finally:
            await stop_bot(app)
        return
    env = {
        **os.environ,
        "BENCH_TOKEN": emulator.token,
        "BENCH_API_ROOT": emulator.root_url,
        "BENCH_DATABASE_URL": url,
        "BENCH_TELEGRAM_LIMITS": "1" if telegram_limits else "0",
        "PTB_TIMEDELTA": "1",
    }
    env.pop("BENCH_PROFILE", None)
    if profile_to and kind == "hfs":
        env["BENCH_PROFILE"] = profile_to
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "benchmarks.latency",
        "bot",
        kind,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
    )
    assert proc.stdout is not None
    try:
        line = await asyncio.wait_for(proc.stdout.readline(), timeout=300)
        if line.strip() != b"ready":
            raise RuntimeError(f"the {kind} bot process did not start")
        yield lambda: cpu_seconds(proc.pid)
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(proc.wait(), timeout=60)
            except TimeoutError:
                proc.kill()
                await proc.wait()


async def seed(
    url: str, first_chat: int, n: int, *, at: time = time(20, 0), now: datetime = NOW
) -> None:
    """N consented patients in UTC with a daily check-in at ``at`` (by default 20:00: not due
    during the run), its first one the first ``at`` after ``now``."""
    rec = Recurrence.daily(at, "UTC", now.date())
    due = next_after(rec, now)
    db = Database(url)
    try:
        async with db.transaction() as session:
            patients = [
                {
                    "chat_id": first_chat + i,
                    "created_at": now,
                    "consent_at": now,
                    "consent_version": "bench",
                    "timezone": "UTC",
                    "checkin_time": at.strftime("%H:%M"),
                    "language": "en",
                    "paused": False,
                    "active": True,
                    "botox_interval_weeks": 12,
                    "botox_booking_lead_weeks": 2,
                }
                for i in range(n)
            ]
            await session.exec(insert(Patient), params=patients)
            ids = (
                await session.exec(
                    select(Patient.id).where(
                        col(Patient.chat_id) >= first_chat, col(Patient.chat_id) < first_chat + n
                    )
                )
            ).all()
            await session.exec(
                insert(Schedule),
                params=[
                    {
                        "patient_id": pid,
                        "kind": "checkin",
                        "rule": rec.rule,
                        "start_local": rec.start_local,
                        "timezone": "UTC",
                        "state": "active",
                        "next_due_at": due,
                        "grace_minutes": 120,
                        "created_at": now,
                    }
                    for pid in ids
                ],
            )
    finally:
        await db.dispose()


async def completed_checkins(url: str, first_chat: int, n: int) -> int:
    """Check-ins stored complete with the tapped answers, for these chats."""
    db = Database(url)
    try:
        async with db.transaction() as session:
            count = (
                await session.exec(
                    select(func.count())
                    .select_from(Checkin)
                    .join(Patient, col(Patient.id) == col(Checkin.patient_id))
                    .where(
                        col(Patient.chat_id) >= first_chat,
                        col(Patient.chat_id) < first_chat + n,
                        col(Checkin.status) == "complete",
                        col(Checkin.frequency) == 3,
                        col(Checkin.severity) == 2,
                        col(Checkin.impact) == 2,
                    )
                )
            ).one()
    finally:
        await db.dispose()
    return int(count)


# ---- the whole run -------------------------------------------------------------------------


@dataclass
class Figures:
    """Percentiles of one bot's tap-to-answer latency, in milliseconds."""

    actions: int
    completed: int
    wrong: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    wall_s: float
    per_action_p99_ms: dict[str, float]
    bot_cpu_ms_per_action: float | None


@dataclass
class LatencyResult:
    """Both bots' figures and the correctness counts."""

    database: str
    users: int
    rounds: int
    separate: bool
    hfs: Figures
    echo: Figures
    stored_checkins: int
    p99_ratio: float
    errors: list[str]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, round(q / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(len(ordered), rank) - 1]


def figures(runs: Sequence[Run]) -> Figures:
    """Pool the runs' latencies into percentiles."""
    values = [x for r in runs for x in r.latencies]
    cpu = [r.bot_cpu_s for r in runs if r.bot_cpu_s is not None]
    by_action: dict[str, list[float]] = {}
    for r in runs:
        for action, xs in r.by_action.items():
            by_action.setdefault(action, []).extend(xs)
    ms = 1000.0
    return Figures(
        actions=len(values),
        completed=sum(r.completed for r in runs),
        wrong=sum(len(r.wrong) for r in runs),
        p50_ms=round(percentile(values, 50) * ms, 1),
        p90_ms=round(percentile(values, 90) * ms, 1),
        p99_ms=round(percentile(values, 99) * ms, 1),
        max_ms=round(max(values, default=float("nan")) * ms, 1),
        wall_s=round(statistics.fmean(r.wall_s for r in runs), 2),
        per_action_p99_ms={a: round(percentile(xs, 99) * ms, 1) for a, xs in by_action.items()},
        bot_cpu_ms_per_action=(round(sum(cpu) / len(values) * ms, 2) if cpu and values else None),
    )


async def run(
    url: str | None,
    users: int = 200,
    *,
    rounds: int = 2,
    telegram_limits: bool = False,
    separate: bool = True,
    profile_to: str | None = None,
) -> LatencyResult:
    """Alternate echo and HFS rounds of ``users`` simultaneous users; pool the latencies."""
    per_round = users + WARMUP_USERS
    runs: dict[str, list[Run]] = {"echo": [], "hfs": []}
    flows = {"echo": echo_user, "hfs": hfs_patient}
    first_chat = {"echo": ECHO_FIRST_CHAT, "hfs": HFS_FIRST_CHAT}
    stored = 0
    async with fresh_database(url) as db_url:
        await seed(db_url, HFS_FIRST_CHAT, per_round * rounds)
        emulator = TelegramEmulator()
        await emulator.start()
        if telegram_limits:
            emulator.limits = Limits()
        try:
            for r in range(rounds):
                for kind in ("echo", "hfs"):
                    first = first_chat[kind] + r * per_round
                    people = [emulator.user(first + i) for i in range(per_round)]
                    async with running_bot(
                        kind,
                        emulator,
                        db_url,
                        telegram_limits=telegram_limits,
                        separate=separate,
                        profile_to=profile_to if r == 0 else None,
                    ) as bot_cpu:
                        await crowd(people[:WARMUP_USERS], flows[kind])
                        cpu_before = bot_cpu()
                        measured = await crowd(people[WARMUP_USERS:], flows[kind])
                        cpu_after = bot_cpu()
                        if cpu_before is not None and cpu_after is not None:
                            measured.bot_cpu_s = cpu_after - cpu_before
                        runs[kind].append(measured)
                stored += await completed_checkins(
                    db_url, HFS_FIRST_CHAT + r * per_round + WARMUP_USERS, users
                )
        finally:
            await emulator.stop()
        database = "SQLite" if db_url.startswith("sqlite") else "PostgreSQL"
    hfs, base = figures(runs["hfs"]), figures(runs["echo"])
    errors = [e for r in (*runs["hfs"], *runs["echo"]) for e in r.wrong][:10]
    return LatencyResult(
        database=database,
        users=users,
        rounds=rounds,
        separate=separate,
        hfs=hfs,
        echo=base,
        stored_checkins=stored,
        p99_ratio=round(hfs.p99_ms / base.p99_ms, 2) if base.p99_ms else float("nan"),
        errors=errors,
    )


def report(result: LatencyResult) -> str:
    """The figures as text."""
    where = "own process" if result.separate else "the emulator's process"
    lines = [
        f"database: {result.database}; {result.users} users at once x 5 actions, "
        f"{result.rounds} round(s) per bot (pooled); each bot in {where}",
        f"{'':<26}{'HFS bot':>12}{'echo bot':>12}",
    ]
    rows: list[tuple[str, Callable[[Figures], Any]]] = [
        ("actions timed", lambda f: f.actions),
        ("flows completed", lambda f: f.completed),
        ("wrong / failed flows", lambda f: f.wrong),
        ("p50 ms", lambda f: f.p50_ms),
        ("p90 ms", lambda f: f.p90_ms),
        ("p99 ms", lambda f: f.p99_ms),
        ("max ms", lambda f: f.max_ms),
        ("p99 /checkin ms", lambda f: f.per_action_p99_ms.get("/checkin")),
        ("p99 rating tap ms", lambda f: f.per_action_p99_ms.get("rating")),
        ("p99 Skip tap ms", lambda f: f.per_action_p99_ms.get("Skip")),
        ("wall time per round s", lambda f: f.wall_s),
        ("bot CPU ms per action", lambda f: f.bot_cpu_ms_per_action),
    ]
    for name, get in rows:
        lines.append(f"{name:<26}{get(result.hfs)!s:>12}{get(result.echo)!s:>12}")
    lines.append(f"check-ins stored complete: {result.stored_checkins}")
    target = "met" if result.p99_ratio <= 2 else "MISSED"
    lines.append(f"p99 ratio HFS / echo: {result.p99_ratio} (target <= 2: {target})")
    lines += [f"  error: {e}" for e in result.errors]
    return "\n".join(lines)


def main() -> None:
    """Parse arguments, run once, print the figures."""
    if sys.argv[1:2] == ["bot"]:
        bot_process(sys.argv[2])
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=200, help="simultaneous patients")
    parser.add_argument("--rounds", type=int, default=2, help="rounds per bot, alternating")
    parser.add_argument("--telegram-limits", action="store_true", help="throttle like Telegram")
    parser.add_argument("--in-process", action="store_true", help="run the bots in this process")
    parser.add_argument("--profile", metavar="FILE", help="pyinstrument profile of an HFS round")
    parser.add_argument("--database-url", default=None, help="PostgreSQL server (default: SQLite)")
    args = parser.parse_args()
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    if args.database_url:
        print(f"PostgreSQL server: {redact(args.database_url)} (a fresh database, dropped after)")
    result = asyncio.run(
        run(
            args.database_url,
            args.users,
            rounds=args.rounds,
            telegram_limits=args.telegram_limits,
            separate=not args.in_process,
            profile_to=os.path.abspath(args.profile) if args.profile else None,
        )
    )
    print(report(result))


if __name__ == "__main__":
    main()
