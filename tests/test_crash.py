"""Crashes and stops of a real `hfsbot run` process: kill -9 mid-burst, SIGTERM with taps in
flight. Runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from sqlmodel import select

from service.db.engine import Database
from service.db.models import Checkin, Occurrence, Patient
from tests.emulator import TelegramEmulator
from tests.processes import prompts_per_chat, seed_due, start_replica, wait_for

SEND_CONCURRENCY = 16


async def test_kill_9_mid_burst_loses_nothing_and_doubles_at_most_in_flight(
    emulator: TelegramEmulator, database_url: str, tmp_path: Path
) -> None:
    chats = list(range(20_000, 21_000))
    await seed_due(database_url, chats, emulator)
    fast = {"RATE_OVERALL_PER_SECOND": "400", "SEND_CONCURRENCY": str(SEND_CONCURRENCY)}
    bot = await start_replica(emulator, database_url, tmp_path, **fast)
    await wait_for(lambda: len(prompts_per_chat(emulator)) >= 200, 60, "the burst to start")
    bot.proc.send_signal(signal.SIGKILL)
    await bot.proc.wait()
    await bot.reader
    sent_before_kill = len(prompts_per_chat(emulator))
    assert sent_before_kill < len(chats), "killed in the middle, not after the burst"

    again = await start_replica(emulator, database_url, tmp_path, **fast)
    try:
        await wait_for(lambda: set(prompts_per_chat(emulator)) >= set(chats), 120, "all sent")
    finally:
        again.proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(again.proc.wait(), 30)
        await again.reader
    counts = prompts_per_chat(emulator)
    doubled = sum(n - 1 for n in counts.values() if n > 1)
    print(f"kill -9 after {sent_before_kill}/{len(chats)} sent: doubled {doubled}")
    assert all(counts.get(c, 0) >= 1 for c in chats), "every occurrence delivered"
    assert doubled <= SEND_CONCURRENCY, f"{doubled} doubles: only in-flight sends may repeat"


async def test_sigterm_drains_received_taps(
    emulator: TelegramEmulator, database_url: str, tmp_path: Path
) -> None:
    chats = list(range(30_000, 30_020))
    await seed_due(database_url, chats, emulator)
    bot = await start_replica(emulator, database_url, tmp_path)
    await wait_for(lambda: set(prompts_per_chat(emulator)) >= set(chats), 60, "prompts")
    await emulator.wait_polling()
    for chat_id in chats:
        await emulator.user(chat_id).tap(str(chat_id % 5))
    bot.proc.send_signal(signal.SIGTERM)  # while those taps are being handled
    await asyncio.wait_for(bot.proc.wait(), 30)
    await bot.reader
    assert bot.proc.returncode == 0

    # Whatever was not fetched before the stop is handled by the next start: no tap is lost.
    again = await start_replica(emulator, database_url, tmp_path)
    try:
        await emulator.wait_idle(timeout=30)
        db = Database(database_url)

        async def stored() -> dict[int, int | None]:
            async with db.transaction() as session:
                rows = (await session.exec(select(Checkin, Patient).join(Patient))).all()
            return {p.chat_id: c.frequency for c, p in rows}

        for _ in range(100):
            answers = await stored()
            if all(answers.get(c) == c % 5 for c in chats):
                break
            await asyncio.sleep(0.1)
        await db.dispose()
    finally:
        again.proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(again.proc.wait(), 30)
        await again.reader
    assert answers == {c: c % 5 for c in chats}
    edits: dict[int, int] = {}
    for record in emulator.sent_log:
        if record.method == "editMessageText" and record.chat_id in chats:
            edits[record.chat_id] = edits.get(record.chat_id, 0) + 1
    assert edits == {c: 1 for c in chats}, "each tap handled exactly once"


async def test_sigterm_with_a_backlog_stops_within_ten_seconds_leaving_the_rest_pending(
    emulator: TelegramEmulator, database_url: str, tmp_path: Path
) -> None:
    """docker stop waits 10 s before it kills: the bot finishes the sends in flight, records
    them, and leaves the rest pending for the next start, which sends each once."""
    chats = list(range(60_000, 60_900))
    await seed_due(database_url, chats, emulator)
    bot = await start_replica(emulator, database_url, tmp_path, RATE_OVERALL_PER_SECOND="30")
    await wait_for(lambda: len(prompts_per_chat(emulator)) >= 30, 60, "the burst to start")
    bot.proc.send_signal(signal.SIGTERM)
    await asyncio.wait_for(bot.proc.wait(), 10)
    await bot.reader
    assert bot.proc.returncode == 0
    sent_before_stop = len(prompts_per_chat(emulator))
    assert sent_before_stop < len(chats) // 2, "stopped, not drained"

    db = Database(database_url)
    async with db.transaction() as session:
        statuses = (
            await session.exec(select(Occurrence.status).where(Occurrence.kind == "checkin"))
        ).all()
    await db.dispose()
    assert statuses.count("sending") == 0, "nothing left half done"
    assert statuses.count("sent") == sent_before_stop, "every send in flight was recorded"

    again = await start_replica(emulator, database_url, tmp_path, RATE_OVERALL_PER_SECOND="400")
    try:
        await wait_for(lambda: set(prompts_per_chat(emulator)) >= set(chats), 120, "all sent")
    finally:
        again.proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(again.proc.wait(), 30)
        await again.reader
    counts = prompts_per_chat(emulator)
    assert all(counts[c] == 1 for c in chats), "each sent once"
