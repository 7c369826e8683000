"""Floods at the deployed limits: does the flood guard fire, and are other patients served?

The real bot runs in its own process (``python -m benchmarks.flood bot``) with the deployed
defaults (1 message/s per chat, 30/s overall, flood guard 20 updates in 10 s, then a minute's
pause) and the system clock; the Bot API emulator, which enforces Telegram's limits, and the
people writing run in this one. Two scenarios, each with a fresh bot:

* **one chat, 300 messages in one second**: what that chat gets back within ``--observe``
  seconds (replies, the flood notice, anything after the notice);
* **200 chats x 25 messages at once**, and then an unrelated patient sends /help: how long the
  /help reply takes, and what the 200 chats got.

    python3 -m benchmarks.flood                 # both scenarios, 30 s of observation each
    python3 -m benchmarks.flood --observe 10
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time as clock_time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from benchmarks.latency import until_terminated
from benchmarks.scale import fresh_database
from service.texts import t
from tests.emulator import FakeUser, Limits, TelegramEmulator

FLOODER = 50_000_001
CROWD_FIRST = 51_000_000
BYSTANDER = 52_000_001
ROOT = Path(__file__).resolve().parent.parent


def bot_process() -> None:
    """``python -m benchmarks.flood bot``: the bot at the deployed defaults until SIGTERM."""
    from service.app import build_application, start, stop
    from service.config import load_settings

    async def main() -> None:
        app = build_application(
            load_settings(
                telegram_bot_token=os.environ["BENCH_TOKEN"],
                telegram_api_base_url=os.environ["BENCH_API_ROOT"],
                database_url=os.environ["BENCH_DATABASE_URL"],
            ),
            migrate=False,
        )
        await start(app, poll_timeout=10)
        print("ready", flush=True)
        await until_terminated()
        await stop(app)

    asyncio.run(main())


@asynccontextmanager
async def bot(emulator: TelegramEmulator) -> AsyncIterator[None]:
    """A fresh database and a bot process polling the emulator."""
    async with fresh_database(None) as url:
        env = {
            **os.environ,
            "BENCH_TOKEN": emulator.token,
            "BENCH_API_ROOT": emulator.root_url,
            "BENCH_DATABASE_URL": url,
            "PTB_TIMEDELTA": "1",
        }
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "benchmarks.flood",
            "bot",
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
        )
        assert proc.stdout is not None
        try:
            line = await asyncio.wait_for(proc.stdout.readline(), 300)
            if line.strip() != b"ready":
                raise RuntimeError("the bot process did not start")
            yield
        finally:  # what is still queued is not measured: no graceful drain
            proc.kill()
            await proc.wait()


def _said(user: FakeUser) -> list[str]:
    return [m.plain or "" for m in user.drain() if not m.is_edit]


async def one_chat(observe: float) -> dict[str, Any]:
    """300 messages in one second from one chat."""
    notice = t("guard_flood", minutes=1)
    async with TelegramEmulator() as emulator:
        emulator.limits = Limits()
        async with bot(emulator):
            flooder = emulator.user(FLOODER)
            began = clock_time.monotonic()
            for i in range(300):
                await flooder.send(f"spam {i}")
                await asyncio.sleep(max(0.0, began + (i + 1) / 300 - clock_time.monotonic()))
            sent_s = clock_time.monotonic() - began
            await asyncio.sleep(observe)
            said = _said(flooder)
    notices = [i for i, text in enumerate(said) if text == notice.strip()]
    return {
        "messages sent (s)": f"300 in {sent_s:.2f}",
        f"replies within {observe:g} s": len([s for s in said if s != notice.strip()]),
        "flood notice": "yes" if notices else "no",
        "replies after the notice": len(said) - notices[0] - 1 if notices else "-",
    }


async def crowd(observe: float) -> dict[str, Any]:
    """200 chats x 25 messages at once, then an unrelated patient's /help."""
    notice = t("guard_flood", minutes=1).strip()
    async with TelegramEmulator() as emulator:
        emulator.limits = Limits()
        async with bot(emulator):
            users = [emulator.user(CROWD_FIRST + i) for i in range(200)]
            for user in users:
                for i in range(25):
                    await user.send(f"spam {i}")
            bystander = emulator.user(BYSTANDER)
            began = clock_time.perf_counter()
            await bystander.send("/help")
            asked = emulator.pending_updates[-1]["update_id"]
            await emulator._wait_until(
                lambda: all(u["update_id"] > asked for u in emulator.pending_updates), 300
            )
            fetched = clock_time.perf_counter() - began
            reply = await bystander.next_message(timeout=300)
            waited = clock_time.perf_counter() - began
            await asyncio.sleep(observe)
            said = [_said(user) for user in users]
    return {
        "unrelated /help fetched by the bot after (s)": round(fetched, 2),
        "unrelated /help answered after (s)": round(waited, 2),
        "/help reply correct": "/checkin" in (reply.plain or ""),
        f"crowd replies within {observe:g} s (per chat, max)": max(
            len([s for s in chat if s != notice]) for chat in said
        ),
        "crowd chats told about the flood": sum(notice in chat for chat in said),
    }


def main() -> None:
    """Run both scenarios and print what happened."""
    if sys.argv[1:2] == ["bot"]:
        bot_process()
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--observe", type=float, default=30.0, help="seconds to watch")
    args = parser.parse_args()
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    for title, scenario in (
        ("one chat, 300 messages in one second", one_chat),
        ("200 chats x 25 messages, then an unrelated /help", crowd),
    ):
        result = asyncio.run(scenario(args.observe))
        print(title)
        width = max(len(k) for k in result)
        for key, value in result.items():
            print(f"  {key:<{width}}  {value}")


if __name__ == "__main__":
    main()
