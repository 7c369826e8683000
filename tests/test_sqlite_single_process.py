"""SQLite has no leader lock: a second `hfsbot run` on the same file refuses to start."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from service.db.migrate import upgrade
from tests.emulator import TelegramEmulator
from tests.processes import prompts_per_chat, seed_due, start_replica, wait_for


async def test_a_second_process_on_one_sqlite_file_refuses_to_start(
    emulator: TelegramEmulator, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'hfs.db'}"
    (tmp_path / "data").mkdir()
    await upgrade(url)
    chats = list(range(50_000, 50_300))
    await seed_due(url, chats, emulator)
    slow = {"RATE_OVERALL_PER_SECOND": "60"}
    first = await start_replica(emulator, url, tmp_path, **slow)
    try:
        await wait_for(lambda: first.logged("this replica polls Telegram"), 60, "the first bot")
        second = await start_replica(emulator, url, tmp_path, **slow)
        await asyncio.wait_for(second.proc.wait(), 60)
        await second.reader
        assert second.proc.returncode == 2
        text = "".join(second.lines).strip()
        assert text.count("\n") == 0, text  # one clear line
        assert "already running" in text and "hfs.db" in text, text
        await wait_for(lambda: set(prompts_per_chat(emulator)) >= set(chats), 60, "all sent")
    finally:
        first.proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(first.proc.wait(), 30)
        await first.reader
    counts = prompts_per_chat(emulator)
    assert all(counts[c] == 1 for c in chats), "no prompt went out twice"

    # Once the first has stopped, the file is free again.
    again = await start_replica(emulator, url, tmp_path)
    try:
        await wait_for(lambda: again.logged("this replica polls Telegram"), 60, "a new start")
    finally:
        again.proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(again.proc.wait(), 30)
        await again.reader
    assert again.proc.returncode == 0, "".join(again.lines)
