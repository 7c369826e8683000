"""Tap cost: 50 patients tap through their check-in at once, the real bot against an echo bot.

Each simulated patient has an open check-in (``/checkin``, not measured) and taps through it:
every rating (today four), then *Skip* for the note. All patients start together and tap again
as soon as the bot's answer to the previous tap arrives; once every patient has rated, all of
them tap Skip at once (the pause between lets the two kinds of tap be costed apart). Measured:

* **latency** p50 / p95 / p99 / max, from the press (the callback query entering the Bot API
  emulator) to the bot's answer (the edit of the tapped message) arriving there;
* the **bot's CPU ms per tap**: the bot process's CPU time over the taps (every thread: our
  code, SQLAlchemy, the driver and aiosqlite's thread, python-telegram-bot, httpx) divided by
  the taps; also per rating tap and per Skip tap;
* **SQL statements, transactions and patient reads per tap**, counted inside the bot process by
  SQLAlchemy engine events (``before_cursor_execute``, ``begin``): statements include SQLite's
  ``BEGIN IMMEDIATE`` (which the engine sends to the driver directly, counted at ``begin``); a
  patient read is a SELECT that reads the ``patient`` table.

The same is measured, in the same run, for a **bare python-telegram-bot echo bot** that sends
through the same rate limiter (``ChatRateLimiter()`` at its defaults) and answers each tap with
one edit (after answering the callback query, as the HFS bot does), as the baseline. The echo
keyboard is tapped five times (four, then Skip).

Each bot runs in its own process (``python -m benchmarks.latency bot hfs|echo``) with
``hfsbot run``'s default settings and logging: 30 messages/s overall, 1/s per chat, 64 updates
at once. It is told on stdin when the taps begin and end, and answers with its CPU time and SQL
counts. The Bot API emulator and the simulated patients (the harness) run in this process; its
CPU per tap is printed too, to show that the harness is cheaper than the bot. Every run starts
from a fresh database; the load average is printed with each run (the machine may be shared).
Targets (issue 11): at most 8 ms of the bot's CPU per tap (medians over the runs), and a p99
within 2x the echo bot's.

``--profile FILE`` samples where the HFS bot's CPU goes during the first run's taps (the echo
bot's goes to FILE.echo): on CPU time (``ITIMER_PROF``), so it costs a few percent, not the 3x
of cProfile. ``--sql-log FILE`` writes the statements of the first run's taps.

    python3 -m benchmarks.latency                   # SQLite, 50 patients, 3 runs (~1.5 min)
    python3 -m benchmarks.latency --repeat 1 --users 20
    python3 -m benchmarks.latency --profile /tmp/taps.txt --sql-log /tmp/taps.sql
    python3 -m benchmarks.latency --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import statistics
import sys
import time as clock_time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, insert
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
from service.db.engine import Database
from service.db.models import Checkin, Patient, Schedule
from service.domain.recurrence import Recurrence, next_after
from tests.emulator import BotMessage, FakeUser, TelegramEmulator

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday morning; check-ins are due at 20:00
HFS_FIRST_CHAT = 30_000_000
ECHO_FIRST_CHAT = 40_000_000
RUN_STRIDE = 100_000  # chat ids of one run (the echo bot's patients are fresh every run)
WARMUP_USERS = 5
TAP_VALUE = "2"  # every rating tapped
SKIP = "Skip"
ECHO_TAPS = 5  # the echo keyboard is tapped as often as the check-in takes today
MAX_TAPS = 8  # a check-in that does not reach Skip by then is counted wrong
ACTION_TIMEOUT = 120.0
SETTLE_S = 0.5  # after the last answer: the bot's work after sending (if any) is done
CPU_TARGET_MS = 8.0
P99_TARGET_RATIO = 2.0
ROOT = Path(__file__).resolve().parent.parent


# ---- the patients ---------------------------------------------------------------------------
@dataclass
class Taps:
    """What one bot's patients measured during the tap phase."""

    latencies: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    completed: int = 0
    wrong: list[str] = field(default_factory=list)

    def record(self, kind: str, seconds: float) -> None:
        """Keep one tap's latency."""
        self.latencies.append(seconds)
        self.by_kind.setdefault(kind, []).append(seconds)


async def open_prompt(user: FakeUser) -> BotMessage:
    """The message the patient will tap through: the check-in (HFS) or the echo's keyboard."""
    return await user.say("/checkin", timeout=ACTION_TIMEOUT)


def _labels(message: BotMessage) -> list[str]:
    return [text for row in message.buttons for text, _ in row]


def offers_rating(kind: str, message: BotMessage, index: int) -> bool:
    """Whether the patient's next tap is a rating (else Skip): the check-in shows rating
    buttons until every rating is in; the echo keyboard is tapped ECHO_TAPS - 1 times first."""
    if kind == "echo":
        return index < ECHO_TAPS - 1
    return any(label.startswith(TAP_VALUE) for label in _labels(message))


async def press(user: FakeUser, label: str, kind: str, taps: Taps | None) -> BotMessage:
    """One tap, timed from the press to the bot's edit (``taps``: None = not counted)."""
    began = clock_time.perf_counter()
    message = await user.press(label, timeout=ACTION_TIMEOUT)
    seconds = clock_time.perf_counter() - began
    if not message.is_edit:
        raise AssertionError(f"{user.user_id}: a new message instead of an edit")
    if taps is not None:
        taps.record(kind, seconds)
    return message


async def tap_ratings(
    user: FakeUser, kind: str, message: BotMessage, taps: Taps | None
) -> BotMessage:
    """Tap ``TAP_VALUE`` for every rating; the message that then offers Skip."""
    for index in range(MAX_TAPS):
        if not offers_rating(kind, message, index):
            if not any(label.startswith(SKIP) for label in _labels(message)):
                raise AssertionError(f"{user.user_id}: no rating and no Skip: {message.text!r}")
            return message
        message = await press(user, TAP_VALUE, "rating", taps)
    raise AssertionError(f"{user.user_id}: still rating after {MAX_TAPS} taps")


async def tap_skip(user: FakeUser, taps: Taps | None) -> None:
    """Skip the note: the check-in is done."""
    await press(user, SKIP, "skip", taps)
    if taps is not None:
        taps.completed += 1


async def whole_flow(user: FakeUser, kind: str) -> None:
    """A warm-up patient: the prompt and every tap, not counted."""
    await tap_ratings(user, kind, await open_prompt(user), None)
    await tap_skip(user, None)


# ---- the bots, each in its own process ------------------------------------------------------
ECHO_KEYBOARD = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton(str(i), callback_data=f"e:{i}") for i in range(5)],
        [InlineKeyboardButton(SKIP, callback_data="e:Skip")],
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


def echo_application(token: str, root_url: str) -> Application:
    """A bare python-telegram-bot echo bot: one message handler, one callback handler, 64
    updates at once, and the HFS bot's rate limiter at its defaults (30/s, 1/s per chat)."""
    from service.transport.limits import ChatRateLimiter

    app = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{root_url}/bot")
        .base_file_url(f"{root_url}/file/bot")
        .concurrent_updates(64)
        .rate_limiter(ChatRateLimiter())
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, _echo))
    app.add_handler(CallbackQueryHandler(_tapped))
    return app


def hfs_application(token: str, root_url: str, url: str) -> Any:
    """The real bot as ``hfsbot run`` builds it (default settings and logging), minus the
    migrations (the database is migrated already), on a fake clock."""
    from service.app import build_application
    from service.config import load_settings
    from service.domain.clock import FakeClock
    from service.logs import setup_logging

    settings = load_settings(
        telegram_bot_token=token, telegram_api_base_url=root_url, database_url=url
    )
    setup_logging(settings.log_level, [token])
    return build_application(settings, clock=FakeClock(NOW), migrate=False)


PATIENT_READ = re.compile(r"\b(?:FROM|JOIN)\s+patient\b", re.IGNORECASE)


def count_sql(engine: Any, counts: Counter[str], log: list[str] | None = None) -> None:
    """Count statements, transactions begun and statements reading ``patient`` on ``engine``
    (and keep each statement's text in ``log``, if given)."""

    def statement(_conn: Any, _cursor: Any, text: str, *_args: Any) -> None:
        counts["statements"] += 1
        if log is not None:
            log.append(" ".join(text.split()))
        if text.lstrip()[:6].upper() == "SELECT" and PATIENT_READ.search(text):
            counts["patient_reads"] += 1

    sqlite = engine.dialect.name == "sqlite"

    def begin(_conn: Any) -> None:
        counts["transactions"] += 1
        if sqlite:  # BEGIN IMMEDIATE: sent by the engine to the driver, not through a cursor
            counts["statements"] += 1
            if log is not None:
                log.append("BEGIN IMMEDIATE")

    event.listen(engine.sync_engine, "before_cursor_execute", statement)
    event.listen(engine.sync_engine, "begin", begin)


class Profile:
    """Where the bot's CPU goes between two marks: a sampling profile on CPU time.

    ``ITIMER_PROF`` fires after every ``interval`` of the process's CPU time (all threads);
    the handler, run by the event loop's thread, counts the functions on that thread's stack.
    Unlike cProfile it costs a few percent, so the shares are those of the measured run; CPU
    spent in another thread (aiosqlite's) is counted where the loop was at that moment
    (often waiting in ``select``)."""

    def __init__(self, path: str, interval: float = 0.001) -> None:
        self.path = path
        self.interval = interval
        self.samples = 0
        self.inclusive: Counter[str] = Counter()
        self.own: Counter[str] = Counter()
        self.parts: Counter[str] = Counter()
        self.running = False

    def _sample(self, _signum: int, frame: Any) -> None:
        self.samples += 1
        seen: set[str] = set()
        first = True
        stack: list[str] = []
        while frame is not None:
            code = frame.f_code
            name = f"{code.co_name}  {_short(code.co_filename)}:{code.co_firstlineno}"
            stack.append(name)
            if first:
                self.own[name] += 1
                first = False
            if name not in seen:
                seen.add(name)
                self.inclusive[name] += 1
            frame = frame.f_back
        self.parts[_part(stack)] += 1

    def toggle(self) -> None:
        """Start at the first mark, stop and write at the second."""
        if not self.running:
            signal.signal(signal.SIGPROF, self._sample)
            signal.setitimer(signal.ITIMER_PROF, self.interval, self.interval)
            self.running = True
            return
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, signal.SIG_DFL)
        self.running = False
        total = max(1, self.samples)
        every = f"{self.interval * 1000:g} ms"
        lines = [f"{self.samples} samples (one per {every} of CPU or more: the kernel's tick)", ""]
        parts = (("parts", self.parts, 10), ("inclusive", self.inclusive, 150))
        for title, counts, top in (*parts, ("own", self.own, 40)):
            lines.append(f"---- {title}: share of the CPU samples")
            for name, count in counts.most_common(top):
                lines.append(f"{100 * count / total:6.1f}%  {name}")
            lines.append("")
        Path(self.path).write_text("\n".join(lines))


#: What a CPU sample was spent on, by the first rule that matches a function on its stack.
PARTS = (
    ("database: SQLAlchemy, the driver", ("sqlalchemy/", "sqlmodel/", "aiosqlite/", "asyncpg/")),
    ("getUpdates: fetching and reading updates", ("polling_action_cb ",)),
    ("Bot API requests: python-telegram-bot, httpx", ("_post  telegram/",)),
    ("handler code: the kit, features, texts", ("run_turn ",)),
    ("update dispatch: PTB, guards, update processor", ("process_update ",)),
)


def _part(stack: list[str]) -> str:
    for part, markers in PARTS:
        if any(marker in name for name in stack for marker in markers):
            return part
    return "the event loop and the rest"


def _short(filename: str) -> str:
    for marker in ("site-packages/", "python3.11/", str(ROOT) + "/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


MARKS = ("begin", "mark", "end")


def bot_process(kind: str) -> None:
    """``python -m benchmarks.latency bot hfs|echo``: start, say "ready", then answer each
    line of MARKS on stdin with the process's CPU seconds and SQL counts (JSON), until
    "quit"."""
    from service.app import start, stop

    async def main() -> None:
        token, root = os.environ["BENCH_TOKEN"], os.environ["BENCH_API_ROOT"]
        app: Any
        if kind == "hfs":
            app = hfs_application(token, root, os.environ["BENCH_DATABASE_URL"])
        else:
            app = echo_application(token, root)
        await start(app, poll_timeout=10)  # long polling, as `hfsbot run`
        counts: Counter[str] = Counter()
        sql_log_to = os.environ.get("BENCH_SQL_LOG")
        sql_log: list[str] | None = [] if sql_log_to else None
        if kind == "hfs":
            count_sql(app.bot_data.db.engine, counts, sql_log)
        profile = Profile(os.environ["BENCH_PROFILE"]) if os.environ.get("BENCH_PROFILE") else None
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        print("ready", flush=True)
        # "begin" and "end" bound the measured phase (profile, SQL log); "mark" in between.
        while (command := (await reader.readline()).decode().strip()) in MARKS:
            figures = {"cpu_s": clock_time.process_time(), "loop_cpu_s": clock_time.thread_time()}
            figures.update(counts)
            if profile is not None and command != "mark":
                profile.toggle()
            if sql_log is not None and sql_log_to and command != "mark":
                if command == "end":
                    text = "\n".join(sql_log) + "\n"
                    await asyncio.to_thread(Path(sql_log_to).write_text, text)
                sql_log.clear()
            print(json.dumps(figures), flush=True)
        await stop(app)

    asyncio.run(main())


@dataclass
class Mark:
    """What the bot process reported at one moment (cumulative since it started)."""

    cpu_s: float
    loop_cpu_s: float  # the event loop's thread (the rest: aiosqlite's threads, executors)
    statements: int = 0
    transactions: int = 0
    patient_reads: int = 0


class BotChild:
    """A bot process, seen from the harness."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc

    @classmethod
    async def start(
        cls,
        kind: str,
        emulator: TelegramEmulator,
        url: str,
        profile_to: str | None,
        sql_log_to: str | None = None,
    ) -> BotChild:
        env = {
            **os.environ,
            "BENCH_TOKEN": emulator.token,
            "BENCH_API_ROOT": emulator.root_url,
            "BENCH_DATABASE_URL": url,
            "PTB_TIMEDELTA": "1",
        }
        env.pop("BENCH_PROFILE", None)
        env.pop("BENCH_SQL_LOG", None)
        if profile_to:
            env["BENCH_PROFILE"] = profile_to
        if sql_log_to:
            env["BENCH_SQL_LOG"] = sql_log_to
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "benchmarks.latency",
            "bot",
            kind,
            cwd=ROOT,
            env=env,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        child = cls(proc)
        if await child._line(300) != "ready":
            await child.stop()
            raise RuntimeError(f"the {kind} bot process did not start")
        return child

    async def _line(self, seconds: float) -> str:
        assert self.proc.stdout is not None
        return (await asyncio.wait_for(self.proc.stdout.readline(), seconds)).decode().strip()

    async def mark(self, command: str = "mark") -> Mark:
        """The process's CPU seconds and SQL counts so far (``command``: one of MARKS)."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(command.encode() + b"\n")
        await self.proc.stdin.drain()
        return Mark(**json.loads(await self._line(60)))

    async def stop(self) -> None:
        """Ask the process to stop; kill it if it does not."""
        if self.proc.returncode is not None:
            return
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(b"quit\n")
            await self.proc.stdin.drain()
            self.proc.stdin.close()
            await asyncio.wait_for(self.proc.wait(), 60)
        except (TimeoutError, ConnectionError):
            self.proc.kill()
            await self.proc.wait()


# ---- helpers other benchmarks use ---------------------------------------------------------
def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used (/proc/<pid>/stat)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    values = stat[stat.rindex(")") + 2 :].split()
    return (int(values[11]) + int(values[12])) / os.sysconf("SC_CLK_TCK")


async def until_terminated() -> None:
    """Wait for SIGTERM: the parent ends a bot process with it."""
    stopping = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
    await stopping.wait()


async def seed(
    url: str, first_chat: int, n: int, *, at: time = time(20, 0), now: datetime = NOW
) -> None:
    """N consented patients in UTC with a daily check-in at ``at`` (by default 20:00: not due
    during the run), its first one the first ``at`` after ``now``."""
    rec = Recurrence.daily(at, "UTC", now.date())
    due = next_after(rec, now)
    # Older schemas (the "before" of a comparison) mark a live schedule with ``active``.
    live = {"state": "active"} if "state" in Schedule.model_fields else {"active": True}
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
                        "next_due_at": due,
                        "grace_minutes": 120,
                        "created_at": now,
                        **live,
                    }
                    for pid in ids
                ],
            )
    finally:
        await db.dispose()


async def completed_checkins(url: str, first_chat: int, n: int) -> int:
    """Check-ins stored complete with every rating ``TAP_VALUE``, for these chats."""
    value = int(TAP_VALUE)
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
                        col(Checkin.frequency) == value,
                        col(Checkin.severity) == value,
                        col(Checkin.impact) == value,
                    )
                )
            ).one()
    finally:
        await db.dispose()
    return int(count)


# ---- one bot, one run -----------------------------------------------------------------------
@dataclass
class BotFigures:
    """One bot's tap phase in one run (latencies in ms, costs per tap)."""

    taps: int
    completed: int
    wrong: int
    taps_per_patient: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    rating_p99_ms: float
    skip_p99_ms: float
    wall_s: float
    cpu_ms_per_tap: float
    loop_cpu_ms_per_tap: float
    cpu_ms_per_rating_tap: float
    cpu_ms_per_skip_tap: float
    harness_cpu_ms_per_tap: float
    statements_per_tap: float
    statements_per_rating_tap: float
    statements_per_skip_tap: float
    transactions_per_tap: float
    patient_reads_per_tap: float


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, round(q / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(len(ordered), rank) - 1]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


async def measure_bot(
    kind: str,
    emulator: TelegramEmulator,
    url: str,
    first_chat: int,
    users: int,
    *,
    profile_to: str | None = None,
    sql_log_to: str | None = None,
) -> tuple[BotFigures, list[str]]:
    """Start the bot; warm it up; open every patient's prompt; then time the taps: every
    patient's ratings at once, then (once all are rated) every patient's Skip at once, so that
    the cost of a rating tap and of a Skip tap are measured apart."""
    warm = [emulator.user(first_chat + i) for i in range(WARMUP_USERS)]
    people = [emulator.user(first_chat + WARMUP_USERS + i) for i in range(users)]
    bot = await BotChild.start(kind, emulator, url, profile_to, sql_log_to)
    taps = Taps()
    try:
        await asyncio.gather(*(whole_flow(u, kind) for u in warm))
        prompts = await asyncio.gather(*(open_prompt(u) for u in people))
        await asyncio.sleep(SETTLE_S)  # the bot's work after sending the prompts is done
        start = await bot.mark("begin")
        harness_began = clock_time.process_time()
        began = clock_time.perf_counter()
        rated = await asyncio.gather(
            *(tap_ratings(u, kind, p, taps) for u, p in zip(people, prompts, strict=True)),
            return_exceptions=True,
        )
        rating_wall = clock_time.perf_counter() - began
        await asyncio.sleep(SETTLE_S)
        middle = await bot.mark()
        ratings = len(taps.latencies)
        ready = [u for u, r in zip(people, rated, strict=True) if not isinstance(r, BaseException)]
        began_skip = clock_time.perf_counter()
        skipped = await asyncio.gather(*(tap_skip(u, taps) for u in ready), return_exceptions=True)
        wall = rating_wall + clock_time.perf_counter() - began_skip
        await asyncio.sleep(SETTLE_S)
        harness_cpu = clock_time.process_time() - harness_began
        end = await bot.mark("end")
    finally:
        await bot.stop()
    for result in (*rated, *skipped):
        if isinstance(result, BaseException):
            taps.wrong.append(f"{kind}: {type(result).__name__}: {result}")
    n, skips = max(1, len(taps.latencies)), max(1, len(taps.latencies) - ratings)

    def per(total: float, count: int, scale: float = 1.0) -> float:
        return round(total * scale / max(1, count), 2)

    figures = BotFigures(
        taps=len(taps.latencies),
        completed=taps.completed,
        wrong=len(taps.wrong),
        taps_per_patient=round(len(taps.latencies) / max(1, users), 2),
        p50_ms=_ms(percentile(taps.latencies, 50)),
        p95_ms=_ms(percentile(taps.latencies, 95)),
        p99_ms=_ms(percentile(taps.latencies, 99)),
        max_ms=_ms(max(taps.latencies, default=float("nan"))),
        rating_p99_ms=_ms(percentile(taps.by_kind.get("rating", []), 99)),
        skip_p99_ms=_ms(percentile(taps.by_kind.get("skip", []), 99)),
        wall_s=round(wall, 2),
        cpu_ms_per_tap=per(end.cpu_s - start.cpu_s, n, 1000),
        loop_cpu_ms_per_tap=per(end.loop_cpu_s - start.loop_cpu_s, n, 1000),
        cpu_ms_per_rating_tap=per(middle.cpu_s - start.cpu_s, ratings, 1000),
        cpu_ms_per_skip_tap=per(end.cpu_s - middle.cpu_s, skips, 1000),
        harness_cpu_ms_per_tap=per(harness_cpu, n, 1000),
        statements_per_tap=per(end.statements - start.statements, n),
        statements_per_rating_tap=per(middle.statements - start.statements, ratings),
        statements_per_skip_tap=per(end.statements - middle.statements, skips),
        transactions_per_tap=per(end.transactions - start.transactions, n),
        patient_reads_per_tap=per(end.patient_reads - start.patient_reads, n),
    )
    return figures, taps.wrong


def _profile_path(path: str | None, kind: str) -> str | None:
    """The HFS bot's profile goes to ``path``, the echo bot's beside it."""
    if path is None:
        return None
    return path if kind == "hfs" else f"{path}.echo"


# ---- the whole run ----------------------------------------------------------------------------
@dataclass
class RunFigures:
    """Both bots in one run, and the machine's load when it began."""

    load: tuple[float, float, float]
    hfs: BotFigures
    echo: BotFigures
    stored_checkins: int
    errors: list[str]

    @property
    def p99_ratio(self) -> float:
        """HFS p99 / echo p99."""
        return round(self.hfs.p99_ms / self.echo.p99_ms, 2) if self.echo.p99_ms else float("nan")


@dataclass
class Result:
    """Every run, and the medians over them."""

    database: str
    users: int
    runs: list[RunFigures]
    hfs: BotFigures
    echo: BotFigures
    p99_ratio: float

    @property
    def cpu_met(self) -> bool:
        """At most CPU_TARGET_MS of the bot's CPU per tap (median over the runs)."""
        return self.hfs.cpu_ms_per_tap <= CPU_TARGET_MS

    @property
    def p99_met(self) -> bool:
        """HFS p99 within P99_TARGET_RATIO x the echo bot's (median ratio over the runs)."""
        return self.p99_ratio <= P99_TARGET_RATIO


def medians(figures: Sequence[BotFigures]) -> BotFigures:
    """Each figure's median over the runs."""
    values = {
        f.name: statistics.median(getattr(x, f.name) for x in figures) for f in fields(BotFigures)
    }
    return BotFigures(**values)


async def run_once(
    url: str | None,
    users: int,
    index: int,
    *,
    profile_to: str | None = None,
    sql_log_to: str | None = None,
) -> RunFigures:
    """One run: a fresh database, the emulator, then each bot (the order alternates by run)."""
    load = os.getloadavg()
    hfs_first = HFS_FIRST_CHAT + index * RUN_STRIDE
    echo_first = ECHO_FIRST_CHAT + index * RUN_STRIDE
    async with fresh_database(url) as db_url:
        await seed(db_url, hfs_first, users + WARMUP_USERS)
        emulator = TelegramEmulator()
        await emulator.start()
        try:
            order = ("echo", "hfs") if index % 2 == 0 else ("hfs", "echo")
            measured: dict[str, tuple[BotFigures, list[str]]] = {}
            for kind in order:
                first = hfs_first if kind == "hfs" else echo_first
                hfs = kind == "hfs"
                measured[kind] = await measure_bot(
                    kind,
                    emulator,
                    db_url,
                    first,
                    users,
                    profile_to=_profile_path(profile_to, kind),
                    sql_log_to=sql_log_to if hfs else None,
                )
        finally:
            await emulator.stop()
        stored = await completed_checkins(db_url, hfs_first + WARMUP_USERS, users)
    return RunFigures(
        load=(round(load[0], 2), round(load[1], 2), round(load[2], 2)),
        hfs=measured["hfs"][0],
        echo=measured["echo"][0],
        stored_checkins=stored,
        errors=(measured["hfs"][1] + measured["echo"][1])[:10],
    )


async def run(
    url: str | None,
    users: int = 50,
    *,
    repeat: int = 3,
    profile_to: str | None = None,
    sql_log_to: str | None = None,
    on_run: Callable[[int, RunFigures], None] | None = None,
) -> Result:
    """``repeat`` runs of ``users`` patients at once; the medians over the runs."""
    runs: list[RunFigures] = []
    for index in range(repeat):
        first = index == 0
        figures = await run_once(
            url,
            users,
            index,
            profile_to=profile_to if first else None,
            sql_log_to=sql_log_to if first else None,
        )
        runs.append(figures)
        if on_run is not None:
            on_run(index, figures)
    database = "SQLite" if url is None or url.startswith("sqlite") else "PostgreSQL"
    return Result(
        database=database,
        users=users,
        runs=runs,
        hfs=medians([r.hfs for r in runs]),
        echo=medians([r.echo for r in runs]),
        p99_ratio=round(statistics.median(r.p99_ratio for r in runs), 2),
    )


# ---- printing ---------------------------------------------------------------------------------
RUN_HEADER = (
    f"{'run':>3} {'load 1/5/15 min':>17}  {'HFS CPU ms':>10} {'stmts':>6} {'tx':>5} "
    f"{'pat.':>5} {'p50':>6} {'p95':>6} {'p99':>6}  {'echo CPU ms':>11} {'p99':>6}  "
    f"{'ratio':>5} {'harness ms':>10} {'stored':>6} {'wrong':>5}"
)


def run_line(index: int, r: RunFigures) -> str:
    """One run as one line (per tap; latencies in ms)."""
    load = "/".join(f"{x:.2f}" for x in r.load)
    h, e = r.hfs, r.echo
    harness = max(h.harness_cpu_ms_per_tap, e.harness_cpu_ms_per_tap)
    return (
        f"{index + 1:>3} {load:>17}  {h.cpu_ms_per_tap:>10} {h.statements_per_tap:>6} "
        f"{h.transactions_per_tap:>5} {h.patient_reads_per_tap:>5} {h.p50_ms:>6.0f} "
        f"{h.p95_ms:>6.0f} {h.p99_ms:>6.0f}  {e.cpu_ms_per_tap:>11} {e.p99_ms:>6.0f}  "
        f"{r.p99_ratio:>5} {harness:>10} {r.stored_checkins:>6} {h.wrong + e.wrong:>5}"
    )


def report(result: Result) -> str:
    """The runs, the medians and the targets, as text."""
    lines = [
        f"database: {result.database}; {result.users} patients at once, each tapping through "
        f"a check-in; {len(result.runs)} run(s); each bot in its own process with hfsbot "
        "run's default limits (30 msg/s overall, 1/s per chat)",
        "per tap: CPU ms of the bot process, SQL statements, transactions, patient reads; "
        "latency ms from the press to the bot's edit",
        RUN_HEADER,
        *(run_line(i, r) for i, r in enumerate(result.runs)),
        "",
        f"medians over the runs{'':<20}{'HFS bot':>12}{'echo bot':>12}",
    ]
    rows: list[tuple[str, str]] = [
        ("taps timed", "taps"),
        ("taps per patient", "taps_per_patient"),
        ("check-ins completed", "completed"),
        ("wrong / failed patients", "wrong"),
        ("bot CPU ms per tap", "cpu_ms_per_tap"),
        ("  of which the event loop's thread", "loop_cpu_ms_per_tap"),
        ("bot CPU ms per rating tap", "cpu_ms_per_rating_tap"),
        ("bot CPU ms per Skip tap", "cpu_ms_per_skip_tap"),
        ("SQL statements per tap", "statements_per_tap"),
        ("SQL statements per rating tap", "statements_per_rating_tap"),
        ("SQL statements per Skip tap", "statements_per_skip_tap"),
        ("transactions per tap", "transactions_per_tap"),
        ("patient reads per tap", "patient_reads_per_tap"),
        ("p50 ms", "p50_ms"),
        ("p95 ms", "p95_ms"),
        ("p99 ms", "p99_ms"),
        ("max ms", "max_ms"),
        ("p99 rating taps ms", "rating_p99_ms"),
        ("p99 Skip taps ms", "skip_p99_ms"),
        ("tap phase wall s", "wall_s"),
        ("harness CPU ms per tap", "harness_cpu_ms_per_tap"),
    ]
    hfs, echo = asdict(result.hfs), asdict(result.echo)
    for name, key in rows:
        lines.append(f"{name:<41}{hfs[key]!s:>12}{echo[key]!s:>12}")
    cpu = "met" if result.cpu_met else "MISSED"
    p99 = "met" if result.p99_met else "MISSED"
    lines += [
        f"target: bot CPU per tap {result.hfs.cpu_ms_per_tap} ms <= {CPU_TARGET_MS:g} ms: {cpu}",
        f"target: p99 HFS / echo {result.p99_ratio} <= {P99_TARGET_RATIO:g}: {p99}",
    ]
    lines += [f"  error: {e}" for r in result.runs for e in r.errors]
    return "\n".join(lines)


def main() -> None:
    """Parse arguments, run, print each run as it ends, then the medians."""
    if sys.argv[1:2] == ["bot"]:
        bot_process(sys.argv[2])
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50, help="patients tapping at once")
    parser.add_argument("--repeat", type=int, default=3, help="runs (medians are reported)")
    parser.add_argument("--profile", metavar="FILE", help="CPU profile of the first run's taps")
    parser.add_argument("--sql-log", metavar="FILE", help="the first HFS tap phase's SQL")
    parser.add_argument("--database-url", default=None, help="PostgreSQL server (default: SQLite)")
    args = parser.parse_args()
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    if args.database_url:
        print(f"PostgreSQL server: {redact(args.database_url)} (a fresh database, dropped after)")
    print(RUN_HEADER, flush=True)
    result = asyncio.run(
        run(
            args.database_url,
            args.users,
            repeat=args.repeat,
            profile_to=os.path.abspath(args.profile) if args.profile else None,
            sql_log_to=os.path.abspath(args.sql_log) if args.sql_log else None,
            on_run=lambda i, r: print(run_line(i, r), flush=True),
        )
    )
    print()
    print(report(result))
    if args.profile:
        print(f"CPU profile of the first run's taps: {args.profile} (echo bot: .echo)")


if __name__ == "__main__":
    main()
