"""Scale: 100,000 patients, each with a daily check-in and two daily medication reminders.

The patients live in a dozen time zones and their reminders are spread over the day. Prints:

* the bulk seed time (not a target);
* the dispatcher's cost per wake at N = 1,000, 10,000 and 100,000 patients, side by side:
  a wake when nothing is due, and a wake when k = 100 occurrences are due (they are delivered to
  the Bot API emulator and marked sent), with the SQL statements each wake ran;
* start-up of the real bot in a subprocess (``python -m benchmarks.scale serve``: build the
  Application, post_init with migrate=False: zone index, recover, re-arm, command menu) against
  the emulator and the seeded database, its resident memory (VmRSS), and its CPU use over an idle
  period.

    python3 -m benchmarks.scale                      # SQLite in a temp dir, N up to 100,000
    python3 -m benchmarks.scale --sizes 1000,10000   # quicker
    python3 -m benchmarks.scale --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres

With ``--database-url`` a fresh database is created next to the one named (and dropped after).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time as clock_time
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event, insert, text
from sqlalchemy.engine import make_url

from service.db.engine import Database
from service.db.migrate import upgrade
from service.db.models import Medication, Patient, Schedule
from service.domain.clock import FakeClock
from service.domain.recurrence import Recurrence, next_after

# A Monday, noon UTC; no zone below changes its clocks within days of it.
T0 = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
# UTC minutes of the day in [T0 - 1 min, T0 + 60 min) hold only the probes' reminders: the
# measured wakes happen in there, and the subprocess idles in there with nothing coming due.
WINDOW_START = T0 - timedelta(minutes=1)
WINDOW_END = T0 + timedelta(minutes=60)
STAGE_SPACING = timedelta(minutes=10)  # stage s wakes at T0 + s*10 min (+1, +2, ... min)
SERVE_AT = T0 + timedelta(minutes=35)  # the subprocess's clock: next due instant ~26 min away
FIRST_CHAT = 20_000_000
ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Moscow",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
)
KINDS = ("checkin", "med_dose", "med_dose")
SPREAD = (0, 8 * 60, 16 * 60)  # the three reminders: 8 hours apart
SEED_BATCH = 10_000
ROOT = Path(__file__).resolve().parent.parent
START_DAY = date(2026, 11, 22)


# ---- the population ------------------------------------------------------------------------


def _minute_of_day(instant: datetime) -> int:
    return instant.hour * 60 + instant.minute


def _in_window(utc_minute: int) -> bool:
    start, end = _minute_of_day(WINDOW_START), _minute_of_day(WINDOW_END)
    return start <= utc_minute % 1440 < end


@cache
def _allowed_minutes() -> tuple[int, ...]:
    """UTC minutes whose three reminders all fall outside the probe window."""
    return tuple(m for m in range(1440) if not any(_in_window(m + d) for d in SPREAD))


@cache
def _local_hhmm(utc_minute: int, zone: str) -> str:
    """The local wall time (HH:MM) in ``zone`` of a UTC minute of T0's day."""
    instant = T0.replace(hour=0, minute=0) + timedelta(minutes=utc_minute % 1440)
    return instant.astimezone(ZoneInfo(zone)).strftime("%H:%M")


@cache
def _recurrence(zone: str, hhmm: str) -> tuple[Recurrence, datetime]:
    """The daily rule at a local time, and its first instant after the window opens."""
    hour, minute = map(int, hhmm.split(":"))
    rec = Recurrence.daily(time(hour, minute), zone, START_DAY)
    due = next_after(rec, WINDOW_START)
    assert due is not None
    return rec, due


@dataclass(frozen=True)
class Probe:
    """k patients with one reminder each due at one instant (one measured wake)."""

    at: datetime
    patient_indexes: tuple[int, ...]


@dataclass
class Plan:
    """Which patients are probes: stage s, round r has k patients due at one reserved minute."""

    sizes: tuple[int, ...]
    k: int
    rounds: int
    probes: dict[int, list[Probe]] = field(default_factory=dict)  # stage -> rounds
    by_patient: dict[int, tuple[datetime, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        previous = 0
        for stage, size in enumerate(self.sizes):
            if self.k * self.rounds > size - previous:
                raise ValueError(f"stage {size}: k*rounds exceeds the {size - previous} new ones")
            base = T0 + stage * STAGE_SPACING
            for r in range(self.rounds):
                at = base + timedelta(minutes=r + 1)
                if not WINDOW_START < at < SERVE_AT:
                    raise ValueError("too many stages or rounds for the probe window")
                first = previous + r * self.k
                probe = Probe(at=at, patient_indexes=tuple(range(first, first + self.k)))
                self.probes.setdefault(stage, []).append(probe)
                for j, index in enumerate(probe.patient_indexes):
                    self.by_patient[index] = (at, j % 3)  # which of the three is due then
            previous = size


def patient_minutes(index: int, plan: Plan) -> tuple[str, list[int]]:
    """A patient's zone and the UTC minutes of day of their three reminders."""
    zone = ZONES[index % len(ZONES)]
    probe = plan.by_patient.get(index)
    if probe is None:
        allowed = _allowed_minutes()
        base = allowed[(index * 7919) % len(allowed)]
        return zone, [(base + d) % 1440 for d in SPREAD]
    at, which = probe
    base = _minute_of_day(at) - SPREAD[which]
    return zone, [(base + d) % 1440 for d in SPREAD]


def _rows(first: int, last: int, plan: Plan) -> tuple[list[dict[str, Any]], ...]:
    patients: list[dict[str, Any]] = []
    meds: list[dict[str, Any]] = []
    schedules: list[dict[str, Any]] = []
    for index in range(first, last):
        zone, minutes = patient_minutes(index, plan)
        times = [_local_hhmm(m, zone) for m in minutes]
        pid = index + 1
        patients.append(
            {
                "id": pid,
                "chat_id": FIRST_CHAT + index,
                "created_at": WINDOW_START,
                "consent_at": WINDOW_START,
                "consent_version": "bench",
                "timezone": zone,
                "checkin_time": times[0],
                "language": "en",
                "paused": False,
                "active": True,
                "botox_interval_weeks": 12,
                "botox_booking_lead_weeks": 2,
            }
        )
        meds.append(
            {
                "id": pid,
                "patient_id": pid,
                "name": "Baclofen",
                "dose": "10 mg",
                "times": sorted(times[1:]),
                "active": True,
                "created_at": WINDOW_START,
            }
        )
        for kind, hhmm in zip(KINDS, times, strict=True):
            rec, due = _recurrence(zone, hhmm)
            schedules.append(
                {
                    "patient_id": pid,
                    "kind": kind,
                    "rule": rec.rule,
                    "start_local": rec.start_local,
                    "timezone": zone,
                    "state": "active",
                    "next_due_at": due,
                    "grace_minutes": 120,
                    "ref_id": pid if kind != "checkin" else None,
                    "created_at": WINDOW_START,
                }
            )
    return patients, meds, schedules


async def seed(url: str, first: int, last: int, plan: Plan) -> float:
    """Bulk-insert patients [first, last) with their medication and three schedules."""
    began = clock_time.perf_counter()
    db = Database(url)
    try:
        for start in range(first, last, SEED_BATCH):
            patients, meds, schedules = _rows(start, min(last, start + SEED_BATCH), plan)
            async with db.transaction() as session:
                await session.exec(insert(Patient), params=patients)
                await session.exec(insert(Medication), params=meds)
                await session.exec(insert(Schedule), params=schedules)
        if not db.is_sqlite:  # explicit ids: move the sequences past them
            async with db.engine.begin() as conn:
                for table in ("patient", "medication"):
                    await conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT max(id) FROM {table}))"
                        )
                    )
    finally:
        await db.dispose()
    return clock_time.perf_counter() - began


# ---- databases -----------------------------------------------------------------------------


@asynccontextmanager
async def fresh_database(url: str | None) -> AsyncIterator[str]:
    """A migrated empty database: SQLite in a temp dir, or a new PostgreSQL database."""
    if url is None:
        folder = tempfile.mkdtemp(prefix="hfs-bench-")
        try:
            path = Path(folder) / "bench.db"
            sqlite_url = f"sqlite+aiosqlite:///{path}"
            await upgrade(sqlite_url)
            yield sqlite_url
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    if url.startswith("postgresql://"):
        url = "postgresql+asyncpg://" + url.split("://", 1)[1]
    base = make_url(url)
    name = f"hfs_bench_{uuid.uuid4().hex[:10]}"
    admin_url = base.render_as_string(hide_password=False)

    async def admin(sql: str) -> None:
        db = Database(admin_url, isolation_level="AUTOCOMMIT")
        try:
            async with db.engine.connect() as conn:
                await conn.execute(text(sql))
        finally:
            await db.dispose()

    await admin(f'CREATE DATABASE "{name}"')
    try:
        pg_url = base.set(database=name).render_as_string(hide_password=False)
        await upgrade(pg_url)
        yield pg_url
    finally:
        await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def redact(url: str) -> str:
    """The URL without a password, for printing."""
    return make_url(url).render_as_string(hide_password=True)


# ---- the dispatcher per wake ---------------------------------------------------------------


@dataclass
class WakeFigures:
    """Per-wake figures at one N."""

    n: int
    idle_ms_median: float
    idle_ms_p90: float
    idle_cpu_ms_median: float
    idle_statements: int
    due_k: int
    due_ms_median: float
    due_ms_max: float
    due_cpu_ms_median: float
    due_statements_median: float
    per_occurrence_ms: float
    materialised: int
    sent: int
    failed: int
    missed: int
    delivered: int


@contextmanager
def count_statements(db: Database) -> Iterator[list[int]]:
    """Count the SQL statements the engine runs inside the block (on SQLite with each
    transaction's ``BEGIN IMMEDIATE``, which the engine sends to the driver directly)."""
    counter = [0]

    def before(*_args: Any) -> None:
        counter[0] += 1

    events = ["before_cursor_execute"] + (["begin"] if db.is_sqlite else [])
    for name in events:
        event.listen(db.engine.sync_engine, name, before)
    try:
        yield counter
    finally:
        for name in events:
            event.remove(db.engine.sync_engine, name, before)


def _settings(emulator: Any, url: str, **extra: Any) -> Any:
    from service.config import load_settings

    return load_settings(
        telegram_bot_token=emulator.token,
        telegram_api_base_url=emulator.root_url,
        database_url=url,
        **extra,
    )


async def measure_wakes(
    url: str, emulator: Any, plan: Plan, stage: int, n: int, idle_wakes: int
) -> WakeFigures:
    """Start the bot at this stage's clock; time idle wakes and the k-due wakes."""
    from service.app import build_application, start, stop

    probes = plan.probes[stage]
    for probe in probes:
        for index in probe.patient_indexes:
            emulator.user(FIRST_CHAT + index).open_chat()
    clock = FakeClock(T0 + stage * STAGE_SPACING)
    # The limiter is taken out (burst.py measures Telegram's limits); APScheduler is paused so
    # that only the wakes below run.
    settings = _settings(emulator, url, rate_overall_per_second=100_000.0)
    app = build_application(settings, clock=clock, migrate=False)
    await start(app, poll_timeout=1)
    assert app.job_queue is not None
    app.job_queue.scheduler.pause()
    dispatcher = app.bot_data.dispatcher
    db = app.bot_data.db
    idle_ms: list[float] = []
    idle_cpu: list[float] = []
    idle_counts: list[int] = []
    due_ms: list[float] = []
    due_cpu: list[float] = []
    due_counts: list[int] = []
    totals = {"materialised": 0, "sent": 0, "failed": 0, "missed": 0}
    delivered = 0
    try:
        await dispatcher.run_due()  # warm-up (connections, statement caches)
        for _ in range(idle_wakes):
            with count_statements(db) as counter:
                began, cpu = clock_time.perf_counter(), clock_time.process_time()
                stats = await dispatcher.run_due()
                idle_ms.append((clock_time.perf_counter() - began) * 1000)
                idle_cpu.append((clock_time.process_time() - cpu) * 1000)
            idle_counts.append(counter[0])
            assert stats.materialised == stats.sent == 0, stats
        for probe in probes:
            clock.set(probe.at)
            before = len(emulator.sent_log)
            with count_statements(db) as counter:
                began, cpu = clock_time.perf_counter(), clock_time.process_time()
                stats = await dispatcher.run_due()
                due_ms.append((clock_time.perf_counter() - began) * 1000)
                due_cpu.append((clock_time.process_time() - cpu) * 1000)
            due_counts.append(counter[0])
            for name in totals:
                totals[name] += getattr(stats, name)
            chats = {FIRST_CHAT + i for i in probe.patient_indexes}
            delivered += sum(
                1
                for record in emulator.sent_log[before:]
                if record.method == "sendMessage" and record.chat_id in chats
            )
    finally:
        await stop(app)
    due_k = plan.k
    return WakeFigures(
        n=n,
        idle_ms_median=round(statistics.median(idle_ms), 2),
        idle_ms_p90=round(_quantile(idle_ms, 0.9), 2),
        idle_cpu_ms_median=round(statistics.median(idle_cpu), 2),
        idle_statements=max(idle_counts),
        due_k=due_k,
        due_ms_median=round(statistics.median(due_ms), 1),
        due_ms_max=round(max(due_ms), 1),
        due_cpu_ms_median=round(statistics.median(due_cpu), 1),
        due_statements_median=statistics.median(due_counts),
        per_occurrence_ms=round(statistics.median(due_ms) / due_k, 2),
        materialised=totals["materialised"],
        sent=totals["sent"],
        failed=totals["failed"],
        missed=totals["missed"],
        delivered=delivered,
    )


def _quantile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# ---- the subprocess: start-up, memory, idle CPU --------------------------------------------


@dataclass
class ServeFigures:
    """What the bot process did and used."""

    import_s: float
    startup_s: float
    startup_cpu_s: float
    ready_after_spawn_s: float
    rss_after_imports_mb: float
    rss_mb: float
    rss_peak_mb: float
    idle_seconds: float
    idle_cpu_percent: float
    idle_cpu_s: float
    set_my_commands_calls: int


def _proc_status(pid: int) -> dict[str, float]:
    status = Path(f"/proc/{pid}/status").read_text()
    values: dict[str, float] = {}
    for key in ("VmRSS", "VmHWM"):
        match = re.search(rf"^{key}:\s+(\d+) kB", status, re.MULTILINE)
        values[key] = int(match.group(1)) / 1024 if match else float("nan")
    return values


def _cpu_seconds(pid: int) -> float:
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


async def measure_serve(url: str, emulator: Any, idle_seconds: float) -> ServeFigures:
    """Run the bot in a subprocess against the emulator; measure start-up, RSS and idle CPU."""
    env = {
        **os.environ,
        "BENCH_DATABASE_URL": url,
        "BENCH_API_ROOT": emulator.root_url,
        "BENCH_TOKEN": emulator.token,
        "PTB_TIMEDELTA": "1",
    }
    before_commands = emulator.stats.calls.get("setMyCommands", 0)
    spawned = clock_time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "benchmarks.scale",
        "serve",
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
    )
    assert proc.stdout is not None
    try:
        line = await asyncio.wait_for(proc.stdout.readline(), timeout=300)
        ready = clock_time.perf_counter() - spawned
        if not line:
            raise RuntimeError("the bot process exited before it was ready")
        child = json.loads(line)
        await asyncio.sleep(min(1.0, idle_seconds))  # let the first long poll settle
        cpu_before = _cpu_seconds(proc.pid)
        began = clock_time.perf_counter()
        await asyncio.sleep(idle_seconds)
        cpu_used = _cpu_seconds(proc.pid) - cpu_before
        elapsed = clock_time.perf_counter() - began
        memory = _proc_status(proc.pid)
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(proc.wait(), timeout=60)
            except TimeoutError:
                proc.kill()
                await proc.wait()
    return ServeFigures(
        import_s=round(child["import_s"], 2),
        startup_s=round(child["startup_s"], 2),
        startup_cpu_s=round(child["startup_cpu_s"], 2),
        ready_after_spawn_s=round(ready, 2),
        rss_after_imports_mb=round(child["rss_after_imports_mb"], 1),
        rss_mb=round(memory["VmRSS"], 1),
        rss_peak_mb=round(memory["VmHWM"], 1),
        idle_seconds=round(elapsed, 1),
        idle_cpu_percent=round(100 * cpu_used / elapsed, 2),
        idle_cpu_s=round(cpu_used, 3),
        set_my_commands_calls=emulator.stats.calls.get("setMyCommands", 0) - before_commands,
    )


def _process_age() -> float:
    """Seconds since this process started (/proc/self/stat starttime)."""
    stat = Path("/proc/self/stat").read_text()
    start_ticks = int(stat[stat.rindex(")") + 2 :].split()[19])  # field 22 of proc(5)
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


def serve() -> None:
    """The bot process: import, build, post_init, report one JSON line, idle until SIGTERM."""
    from service.app import build_application, start, stop
    from service.config import load_settings

    imported = _process_age()  # interpreter start-up and every import
    rss_after_imports = _proc_status(os.getpid())["VmRSS"]

    async def main() -> None:
        settings = load_settings(
            telegram_bot_token=os.environ["BENCH_TOKEN"],
            telegram_api_base_url=os.environ["BENCH_API_ROOT"],
            database_url=os.environ["BENCH_DATABASE_URL"],
        )
        cpu = clock_time.process_time()
        started = clock_time.perf_counter()
        app = build_application(settings, clock=FakeClock(SERVE_AT), migrate=False)
        await start(app, poll_timeout=10)  # long polling as in `hfsbot run`
        startup = clock_time.perf_counter() - started
        report = {
            "import_s": imported,
            "startup_s": startup,
            "startup_cpu_s": clock_time.process_time() - cpu,
            "rss_after_imports_mb": rss_after_imports,
        }
        print(json.dumps(report), flush=True)
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, stopping.set)
        loop.add_signal_handler(signal.SIGINT, stopping.set)
        await stopping.wait()
        await stop(app)

    asyncio.run(main())


# ---- the whole run -------------------------------------------------------------------------


@dataclass
class ScaleResult:
    """Everything one run measured."""

    database: str
    seed_s: dict[int, float]
    wakes: list[WakeFigures]
    serve: ServeFigures | None


async def run(
    url: str | None,
    sizes: Sequence[int] = (1_000, 10_000, 100_000),
    *,
    k: int = 100,
    rounds: int = 5,
    idle_wakes: int = 30,
    idle_seconds: float = 10.0,
    serve_process: bool = True,
) -> ScaleResult:
    """Grow one database through ``sizes``, measuring wakes at each, then the bot process."""
    from tests.emulator import TelegramEmulator

    plan = Plan(sizes=tuple(sizes), k=k, rounds=rounds)
    seed_s: dict[int, float] = {}
    wakes: list[WakeFigures] = []
    serve_figures: ServeFigures | None = None
    async with fresh_database(url) as db_url:
        emulator = TelegramEmulator()
        await emulator.start()
        try:
            previous = 0
            for stage, size in enumerate(sizes):
                seed_s[size] = round(await seed(db_url, previous, size, plan), 2)
                previous = size
                wakes.append(await measure_wakes(db_url, emulator, plan, stage, size, idle_wakes))
            if serve_process:
                serve_figures = await measure_serve(db_url, emulator, idle_seconds)
        finally:
            await emulator.stop()
        database = "SQLite" if db_url.startswith("sqlite") else "PostgreSQL"
    return ScaleResult(database=database, seed_s=seed_s, wakes=wakes, serve=serve_figures)


def report(result: ScaleResult) -> str:
    """The figures as text."""
    lines = [f"database: {result.database}"]
    lines.append(
        "bulk seed (s, cumulative growth): "
        + ", ".join(f"to N={n:,}: {s}" for n, s in result.seed_s.items())
    )
    lines.append("")
    lines.append("dispatcher cost per wake (in-process, FakeClock):")
    rows = [
        ("N patients", lambda w: f"{w.n:,}"),
        ("schedules", lambda w: f"{3 * w.n:,}"),
        ("idle wake, median ms", lambda w: w.idle_ms_median),
        ("idle wake, p90 ms", lambda w: w.idle_ms_p90),
        ("idle wake, CPU ms (median)", lambda w: w.idle_cpu_ms_median),
        ("idle wake, SQL statements", lambda w: w.idle_statements),
        ("k due", lambda w: w.due_k),
        ("k-due wake, median ms", lambda w: w.due_ms_median),
        ("k-due wake, max ms", lambda w: w.due_ms_max),
        ("k-due wake, CPU ms (median)", lambda w: w.due_cpu_ms_median),
        ("k-due wake, ms per occurrence", lambda w: w.per_occurrence_ms),
        ("k-due wake, SQL statements", lambda w: w.due_statements_median),
        ("materialised / sent (all rounds)", lambda w: f"{w.materialised} / {w.sent}"),
        ("delivered to emulator", lambda w: w.delivered),
        ("failed / missed", lambda w: f"{w.failed} / {w.missed}"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, get in rows:
        cells = "".join(f"{get(w)!s:>14}" for w in result.wakes)
        lines.append(f"  {name:<{width}}{cells}")
    if result.serve is not None:
        s = result.serve
        n = result.wakes[-1].n if result.wakes else 0
        lines += [
            "",
            f"bot process at N={n:,} (python -m benchmarks.scale serve):",
            f"  interpreter + imports            {s.import_s} s",
            f"  start-up (build + post_init)     {s.startup_s} s  (CPU {s.startup_cpu_s} s)",
            f"  spawn -> ready                   {s.ready_after_spawn_s} s",
            f"  RSS after imports                {s.rss_after_imports_mb} MB",
            f"  RSS after start-up + idle        {s.rss_mb} MB  (peak {s.rss_peak_mb} MB)",
            f"  idle CPU over {s.idle_seconds} s             "
            f"{s.idle_cpu_percent} %  ({s.idle_cpu_s} s)",
            f"  command menu registered          {s.set_my_commands_calls}",
        ]
    return "\n".join(lines)


def main() -> None:
    """Parse arguments, run once, print the figures."""
    if sys.argv[1:2] == ["serve"]:
        serve()
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000", help="patient counts, growing")
    parser.add_argument("--k", type=int, default=100, help="occurrences due in a busy wake")
    parser.add_argument("--rounds", type=int, default=5, help="busy wakes per size")
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    parser.add_argument("--no-serve", action="store_true", help="skip the bot subprocess")
    parser.add_argument("--database-url", default=None, help="PostgreSQL server (default: SQLite)")
    args = parser.parse_args()
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    sizes = tuple(int(x) for x in args.sizes.split(","))
    if args.database_url:
        print(f"PostgreSQL server: {redact(args.database_url)} (a fresh database, dropped after)")
    result = asyncio.run(
        run(
            args.database_url,
            sizes,
            k=args.k,
            rounds=args.rounds,
            idle_seconds=args.idle_seconds,
            serve_process=not args.no_serve,
        )
    )
    print(report(result))


if __name__ == "__main__":
    main()
