"""The delivery engine end to end: restarts, grace windows, DST, many patients at once."""

from __future__ import annotations

import asyncio
import time as wall
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.bot.kit import find_patient
from service.db.engine import Database
from service.db.models import Checkin, Occurrence, Patient, Schedule
from service.domain.clock import FakeClock
from service.domain.recurrence import Recurrence
from service.scheduling.dispatcher import Due, HandlerDefaults, Outgoing
from service.scheduling.schedules import add_schedule
from tests.conftest import Harness, onboard
from tests.emulator import TelegramEmulator

HANG = 120  # seconds: only a hang fails a step; its speed is benchmarks/latency.py's business


async def prompts(db: Database) -> list[Occurrence]:
    async with db.transaction() as session:
        stmt = select(Occurrence).where(Occurrence.kind == "checkin").order_by(Occurrence.due_at)
        return list((await session.exec(stmt)).all())


async def test_restart_within_grace_sends_once(harness: Harness, db: Database) -> None:
    user = harness.user(3001)
    await onboard(harness, 3001, zone="Europe/Berlin", at=time(9, 0))  # due 08:00 UTC
    await harness.stop()
    harness.clock.set(datetime(2026, 11, 23, 9, 30, tzinfo=UTC))  # 90 min late, grace is 2 h
    await harness.start()
    stats = await harness.run_due()
    assert stats.sent == 1
    prompt = await user.next_message()
    assert "How often" in prompt.text
    # Neither another wake nor another restart sends it again.
    assert (await harness.run_due()).sent == 0
    await harness.restart()
    assert (await harness.run_due()).sent == 0
    assert user.drain() == []
    (occ,) = await prompts(db)
    assert occ.status == "sent" and occ.attempts == 1


async def test_restart_after_grace_records_missed(harness: Harness, db: Database) -> None:
    user = harness.user(3002)
    await onboard(harness, 3002, zone="Europe/Berlin", at=time(9, 0))
    await harness.stop()
    harness.clock.set(datetime(2026, 11, 23, 10, 30, tzinfo=UTC))  # 2.5 h late
    await harness.start()
    stats = await harness.run_due()
    assert stats.sent == 0 and stats.missed == 1
    assert user.drain() == []
    (occ,) = await prompts(db)
    assert occ.status == "missed"
    # The patient can still check in by hand that day, and the day closes at midnight.
    await user.say("/checkin")
    await user.press("1")
    await harness.advance(hours=14)
    async with db.transaction() as session:
        checkin = (await session.exec(select(Checkin))).one()
    assert checkin.frequency == 1 and checkin.status == "open" and checkin.step is None


async def test_long_downtime_gives_at_most_one_catch_up(harness: Harness, db: Database) -> None:
    user = harness.user(3003)
    await onboard(harness, 3003, zone="UTC", at=time(7, 0))
    await harness.stop()
    harness.clock.set(datetime(2026, 11, 26, 8, 0, tzinfo=UTC))  # three days later, 1 h late
    await harness.start()
    stats = await harness.run_due()
    assert stats.sent == 1 and stats.missed == 3
    await user.next_message()
    assert user.drain() == []
    statuses = [o.status for o in await prompts(db)]
    assert statuses == ["missed", "missed", "missed", "sent"]
    async with db.transaction() as session:
        days = (await session.exec(select(Checkin).order_by(Checkin.local_date))).all()
    assert [c.status for c in days] == ["missed", "missed", "missed", "open"]


async def test_interrupted_send_is_retried_after_restart(harness: Harness, db: Database) -> None:
    """At-least-once: a row left 'sending' by a crash is sent again at start-up."""
    user = harness.user(3004)
    await onboard(harness, 3004, zone="UTC", at=time(7, 0))
    await harness.advance(hours=1)
    first = await user.next_message()
    async with db.transaction() as session:
        occ = (await session.exec(select(Occurrence).where(Occurrence.kind == "checkin"))).one()
        occ.status = "sending"  # what a kill -9 between send and mark leaves behind
        session.add(occ)
    await harness.restart()
    assert (await harness.run_due()).sent == 1
    second = await user.next_message()
    assert second.message_id > first.message_id and "How often" in second.text


async def _local_times(db: Database, zone: str) -> list[str]:
    tz = ZoneInfo(zone)
    return [o.due_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") for o in await prompts(db)]


async def test_nine_oclock_stays_nine_across_dst(harness: Harness, db: Database) -> None:
    harness.clock.set(datetime(2027, 3, 26, 6, 0, tzinfo=UTC))
    user = harness.user(3005)
    await onboard(harness, 3005, zone="Europe/Berlin", at=time(9, 0))
    for _ in range(4 * 24):
        await harness.advance(hours=1)
    prompts_seen = [m for m in user.drain() if "How often" in m.text and "gentle" not in m.text]
    assert len(prompts_seen) == 4
    assert await _local_times(db, "Europe/Berlin") == [
        "2027-03-26 09:00",
        "2027-03-27 09:00",
        "2027-03-28 09:00",  # clocks went forward that night
        "2027-03-29 09:00",
    ]
    utc_hours = [o.due_at.hour for o in await prompts(db)]
    assert utc_hours == [8, 8, 7, 7]


async def test_time_in_spring_gap_moves_to_first_valid_minute(
    harness: Harness, db: Database
) -> None:
    harness.clock.set(datetime(2027, 3, 27, 6, 0, tzinfo=UTC))
    user = harness.user(3006)
    await onboard(harness, 3006, zone="Europe/Berlin", at=time(2, 30))
    for _ in range(2 * 24):
        await harness.advance(hours=1)
    assert await _local_times(db, "Europe/Berlin") == [
        "2027-03-28 03:00",  # 02:30 does not exist that night
        "2027-03-29 02:30",
    ]
    assert len([m for m in user.drain() if "How often" in m.text and "gentle" not in m.text]) == 2


async def test_time_in_autumn_overlap_fires_once(harness: Harness, db: Database) -> None:
    harness.clock.set(datetime(2026, 10, 31, 12, 0, tzinfo=UTC))
    user = harness.user(3007)
    await onboard(harness, 3007, zone="America/New_York", at=time(1, 30))
    for _ in range(48):  # 01:30 happens twice on 2026-11-01 in New York
        await harness.advance(hours=1)
    times = await _local_times(db, "America/New_York")
    assert times == ["2026-11-01 01:30", "2026-11-02 01:30"]
    assert [o.due_at.hour for o in await prompts(db)] == [5, 6]  # the first 01:30 (EDT)
    sent = [m for m in user.drain() if not m.is_edit and "How often" in m.text]
    assert len([m for m in sent if "gentle" not in m.text]) == 2


async def test_fifty_patients_check_in_at_once(
    emulator: TelegramEmulator, clock: FakeClock, database_url: str, db: Database
) -> None:
    """No answer is lost when many patients tap at once (SQLite: BEGIN IMMEDIATE, queued).

    What is tested is the database under concurrent writes, not Telegram's pace: at the real
    30 messages/s the 250 replies alone took 8+ s of wall time, and one step waited behind the
    other 49 patients' (1.7-2 s idle, over the 5 s step timeout on a busy machine). The
    limiter is opened up, and a step waits as long as it needs (the timeout only catches a
    hang)."""
    harness = Harness(
        emulator=emulator,
        clock=clock,
        database_url=database_url,
        overrides={"rate_overall_per_second": 100_000.0},
    )
    await harness.start()
    try:
        ids = list(range(4000, 4050))
        await asyncio.gather(*(onboard(harness, i, zone="UTC", at=None) for i in ids))

        async def check_in(chat_id: int) -> None:
            user = harness.user(chat_id)
            await user.say("/checkin", timeout=HANG)
            await user.press(str(chat_id % 5), timeout=HANG)
            await user.press(str((chat_id + 1) % 5), timeout=HANG)
            await user.press(str((chat_id + 2) % 5), timeout=HANG)
            await user.press(str((chat_id + 3) % 5), timeout=HANG)
            done = await user.press("Skip", timeout=HANG)
            assert "Check-in saved" in done.text

        await asyncio.gather(*(check_in(i) for i in ids))
    finally:
        await harness.stop()
    async with db.transaction() as session:
        rows = (await session.exec(select(Checkin))).all()
        chat_of = {p.id: p.chat_id for p in (await session.exec(select(Patient))).all()}
    assert len(rows) == 50
    for row in rows:
        chat_id = chat_of[row.patient_id]
        assert (row.frequency, row.severity, row.lower_face, row.impact) == (
            chat_id % 5,
            (chat_id + 1) % 5,
            (chat_id + 2) % 5,
            (chat_id + 3) % 5,
        )
        assert row.status == "complete"


async def test_dispatcher_work_follows_what_is_due_not_patients(
    harness: Harness, db: Database
) -> None:
    """Schedules far in the future are not touched by a wake (no scan of every patient)."""
    for i in range(30):
        await onboard(harness, 5000 + i, zone="UTC", at=time(20, 0), user=False)
    harness.clock.advance(minutes=5)
    stats = await harness.periodic_wake()  # a wake with nothing due
    assert stats.materialised == 0 and stats.sent == 0
    async with db.transaction() as session:
        due = (await session.exec(select(Schedule.next_due_at))).all()
    assert all(d == datetime(2026, 11, 23, 20, 0, tzinfo=UTC) for d in due)
    assert stats.next_wake == datetime(2026, 11, 23, 20, 0, tzinfo=UTC)


async def test_grace_window_is_configurable(harness: Harness, db: Database) -> None:
    harness.overrides["checkin_grace_hours"] = 1
    await harness.restart()
    user = harness.user(3010)
    await user.say("/start")
    await user.press("✅ I agree")
    await user.next_message()
    await user.say("UTC")
    await user.next_message()
    await user.press("09:00")
    await harness.stop()
    harness.clock.set(datetime(2026, 11, 23, 10, 30, tzinfo=UTC))  # 90 min late, grace 1 h
    await harness.start()
    stats = await harness.run_due()
    assert stats.missed == 1 and stats.sent == 0
    (occ,) = await prompts(db)
    assert occ.grace_until == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


async def test_blocked_patient_is_paused_until_they_write_again(
    harness: Harness, db: Database
) -> None:
    user = harness.user(3011)
    await onboard(harness, 3011, zone="UTC", at=time(7, 0))
    user.block(notify=False)
    stats = await harness.advance(hours=1)
    assert stats.failed == 1
    async with db.transaction() as session:
        from service.db.models import Patient

        assert (await session.exec(select(Patient))).one().active is False
    assert (await harness.advance(days=1)).sent == 0  # no more attempts while inactive
    user.unblock()  # Telegram tells the bot (my_chat_member: member)
    await user.say("/help")
    assert (await harness.advance(days=1)).sent == 1


# ---- leases: a claimed occurrence belongs to its claimer until the lease ends ------------------
async def test_a_new_leader_leaves_a_live_lease_alone_until_it_ends(
    harness: Harness, db: Database
) -> None:
    """Another replica claimed this prompt a moment ago and may be sending it right now: on
    PostgreSQL a new leader waits for the lease to end. On SQLite only one process can run
    (a file lock), so whatever a previous process left is recovered at once."""
    user = harness.user(3020)
    await onboard(harness, 3020, zone="UTC", at=time(7, 0))
    await harness.stop()
    harness.clock.set(datetime(2026, 11, 23, 7, 0, tzinfo=UTC))
    async with db.transaction() as session:
        schedule = (await session.exec(select(Schedule))).one()
    await harness.start()
    await harness.run_due()
    await user.next_message()
    lease_until = harness.clock.now() + timedelta(seconds=30)
    async with db.transaction() as session:
        occ = (await session.exec(select(Occurrence).where(Occurrence.kind == "checkin"))).one()
        occ.status = "sending"
        occ.lease_owner = "another-replica"
        occ.lease_until = lease_until
        occ.attempt_at = lease_until
        session.add(occ)
    await harness.restart()
    if db.is_sqlite:
        assert (await harness.run_due()).sent == 1
        return
    stats = await harness.periodic_wake()  # a wake before the lease ends sends nothing
    assert stats.sent == 0 and stats.next_wake == lease_until
    assert harness.app is not None and harness.app.bot_data.armed_at == lease_until
    assert user.drain() == []
    assert (await harness.advance(seconds=31)).sent == 1
    assert "How often" in (await user.next_message()).text
    assert schedule.id == occ.schedule_id


# ---- cost per prompt ----------------------------------------------------------------------------
@contextmanager
def statements(engine: AsyncEngine) -> Iterator[list[tuple[float, str]]]:
    """Every SQL statement the engine runs meanwhile, with when it started."""
    seen: list[tuple[float, str]] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append((wall.monotonic(), statement))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def _due_at_seven(harness: Harness, ids: list[int]) -> None:
    for chat_id in ids:
        harness.user(chat_id).open_chat()
    await asyncio.gather(
        *(onboard(harness, i, zone="UTC", at=time(7, 0), user=False) for i in ids)
    )


async def test_a_burst_costs_at_most_one_statement_per_prompt(harness: Harness) -> None:
    """Claim, preparation and marking are batched: 64 due prompts, 64 statements at most
    (materialising, claiming, the check-in rows, marking, follow-ups, re-arming)."""
    ids = list(range(4100, 4164))
    await _due_at_seven(harness, ids)
    harness.clock.advance(hours=1)
    assert harness.app is not None
    with statements(harness.app.bot_data.db.engine) as seen:
        stats = await harness.run_due()
    assert stats.sent == len(ids)
    assert len(seen) <= len(ids), f"{len(seen)} statements for {len(ids)} prompts"


async def test_the_first_prompt_leaves_before_every_schedule_is_materialised(
    harness: Harness,
) -> None:
    """A burst starts sending after the first few schedules, not after all of them.

    Six chunks of 50: the first prompts are on their way while the other chunks are still
    being materialised (with one chunk of 200 left, the race between one HTTP round trip and
    100 schedule updates was too close to call on a fast database)."""
    ids = list(range(4200, 4500))
    await _due_at_seven(harness, ids)
    harness.clock.advance(hours=1)
    assert harness.app is not None
    harness.app.bot_data.dispatcher.materialise_chunk = 50
    with statements(harness.app.bot_data.db.engine) as seen:
        stats = await harness.run_due()
    assert stats.sent == len(ids) and stats.materialised == len(ids)
    moved = [at for at, sql in seen if sql.lstrip().upper().startswith("UPDATE SCHEDULE")]
    first_send = min(
        r.at for r in harness.emulator.sent_log if r.method == "sendMessage" and r.chat_id in ids
    )
    assert moved and first_send < moved[-1], "sending began while schedules were still due"


class _Fragile(HandlerDefaults):
    """A feature whose preparation fails for one patient (as a bug or bad data would)."""

    def __init__(self, bad_chat: int) -> None:
        self.bad_chat = bad_chat

    async def prepare(
        self, *, session: AsyncSession, batch: Sequence[Due], now: datetime
    ) -> list[Outgoing | None]:
        """A message for each, unless the bad patient is in the batch."""
        if any(due.patient.chat_id == self.bad_chat for due in batch):
            raise RuntimeError("this patient's data breaks the feature")
        return [Outgoing("A reminder") for _ in batch]


async def test_one_occurrence_that_cannot_be_prepared_holds_up_no_other(
    harness: Harness, db: Database
) -> None:
    """Preparing a batch fails: its occurrences are taken one by one; the failing one waits
    with a backoff, every other one (of any kind) goes out."""
    ids = list(range(4600, 4620))
    await _due_at_seven(harness, ids)
    assert harness.app is not None
    state = harness.app.bot_data
    state.dispatcher.handlers["fragile"] = _Fragile(bad_chat=4605)  # type: ignore[index]
    async with state.db.transaction() as session:
        for chat_id in ids[:8]:
            patient = await find_patient(session, chat_id, lock=True)
            assert patient is not None and patient.id is not None
            await add_schedule(
                session,
                patient_id=patient.id,
                kind="fragile",
                recurrence=Recurrence.daily(time(7, 0), "UTC", harness.clock.now().date()),
                now=harness.clock.now(),
                grace_minutes=120,
            )
    harness.clock.advance(hours=1)
    stats = await harness.run_due()
    assert (stats.sent, stats.retried) == (len(ids) + 7, 1)
    reminders = sorted(
        r.chat_id for r in harness.emulator.sent_log if (r.text or "") == "A reminder"
    )
    assert reminders == [c for c in ids[:8] if c != 4605]
    async with db.transaction() as session:
        stuck = (await session.exec(select(Occurrence).where(Occurrence.kind == "fragile"))).all()
    waiting = [o for o in stuck if o.status != "sent"]
    assert len(waiting) == 1
    assert waiting[0].status == "pending" and waiting[0].last_error == "internal error"
    assert waiting[0].attempt_at > harness.clock.now()
