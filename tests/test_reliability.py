"""Faults from the Bot API: random 5xx and dropped connections, 429s, an unreachable server."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import time

import pytest
from sqlmodel import select

from service.db.engine import Database
from service.db.models import Checkin, Occurrence, Patient
from service.texts import t
from tests.conftest import Harness, onboard
from tests.emulator import Limits

SEND_METHODS = frozenset({"sendMessage", "editMessageText", "answerCallbackQuery"})


def prompt_chats(emulator: object, ids: list[int]) -> list[int]:
    """Chats that received a check-in prompt, once per prompt sent (welcomes excluded)."""
    return sorted(
        r.chat_id
        for r in emulator.sent_log  # type: ignore[attr-defined]
        if r.method == "sendMessage" and r.chat_id in ids and "How often" in (r.text or "")
    )


async def drain_engine(harness: Harness, rounds: int = 30) -> None:
    """Wake the dispatcher until nothing is pending any more (moving past each backoff)."""
    for _ in range(rounds):
        await harness.advance(minutes=1)
        async with harness.app.bot_data.db.transaction() as session:  # type: ignore[union-attr]
            pending = (
                await session.exec(
                    select(Occurrence).where(
                        Occurrence.kind == "checkin",
                        Occurrence.status.in_(["pending", "sending"]),  # type: ignore[attr-defined]
                    )
                )
            ).all()
        if not pending:
            return
    raise AssertionError("occurrences still pending after the server recovered")


async def test_ten_percent_faults_lose_nothing(harness: Harness, db: Database) -> None:
    ids = list(range(7000, 7050))
    for chat_id in ids:
        await onboard(harness, chat_id, zone="UTC", at=time(7, 0))
    emulator = harness.emulator
    emulator.fault_methods = SEND_METHODS
    emulator.fault_kinds = ("500", "502", "drop")  # the call is not executed
    emulator.fail_rate = 0.10
    harness.clock.advance(hours=1)  # 07:00 UTC: every prompt is due
    await drain_engine(harness)
    assert prompt_chats(emulator, ids) == ids, "every occurrence is delivered, once"
    assert emulator.stats.total_faults > 0, "the faults really happened"

    async def answer(chat_id: int) -> None:
        user = harness.user(chat_id)
        prompt = max(m.message_id for m in user.messages.values() if "How often" in m.text)
        for _ in range(10):  # the patient taps again if a tap got no visible reaction
            await user.tap(str(chat_id % 5), message_id=prompt)
            await asyncio.sleep(0)
            async with db.transaction() as session:
                row = (
                    await session.exec(
                        select(Checkin).join(Patient).where(Patient.chat_id == chat_id)
                    )
                ).one()
            if row.frequency == chat_id % 5:
                return
            # The bot's reaction (or its apology); none within 2 s, and the patient taps again.
            with contextlib.suppress(TimeoutError):
                await user.next_event(timeout=2)

    await asyncio.gather(*(answer(i) for i in ids))
    await harness.emulator.wait_idle()
    emulator.fail_rate = 0.0
    async with db.transaction() as session:
        rows = (await session.exec(select(Checkin, Patient).join(Patient))).all()
    stored = {patient.chat_id: checkin.frequency for checkin, patient in rows}
    assert stored == {i: i % 5 for i in ids}, "every answer is stored"


async def test_dropped_answers_mean_at_least_once(harness: Harness) -> None:
    """A send whose answer is lost may be delivered twice, never zero times."""
    ids = list(range(7100, 7110))
    for chat_id in ids:
        await onboard(harness, chat_id, zone="UTC", at=time(7, 0))
    emulator = harness.emulator
    emulator.fault_methods = frozenset({"sendMessage"})
    emulator.fault_kinds = ("drop_after",)  # executed, then the connection is closed
    emulator.fail_rate = 0.3
    harness.clock.advance(hours=1)
    await drain_engine(harness)
    delivered = prompt_chats(emulator, ids)
    assert set(delivered) == set(ids), "never zero times"
    assert len(delivered) >= len(ids)


async def test_server_down_then_back_drains_everything(harness: Harness) -> None:
    ids = list(range(7200, 7210))
    for chat_id in ids:
        await onboard(harness, chat_id, zone="UTC", at=time(7, 0))
    emulator = harness.emulator
    emulator.fault_methods = frozenset({"sendMessage"})
    emulator.fault_kinds = ("502",)
    emulator.fail_rate = 1.0  # down
    harness.clock.advance(hours=1)
    for _ in range(5):
        await harness.advance(minutes=5)
    assert prompt_chats(emulator, ids) == []
    emulator.fail_rate = 0.0  # back, 25 minutes later: still within the grace window
    await drain_engine(harness)
    assert prompt_chats(emulator, ids) == ids  # each once


async def test_rate_limited_server_gets_no_flood(harness: Harness) -> None:
    ids = list(range(7300, 7340))
    for chat_id in ids:
        await onboard(harness, chat_id, zone="UTC", at=time(7, 0))
    harness.emulator.limits = Limits(global_per_second=30, per_chat_per_second=1.0)
    await harness.advance(hours=1)
    await drain_engine(harness)
    assert prompt_chats(harness.emulator, ids) == ids
    assert harness.emulator.stats.rate_limited == 0


# ---- sends whose outcome the bot cannot know ----------------------------------------------------
async def test_a_send_answered_after_five_seconds_is_not_sent_again(harness: Harness) -> None:
    """Delivered at once, answered 6 s later (past python-telegram-bot's 5 s default): the
    bot waits for the answer instead of giving up and sending the prompt a second time."""
    await onboard(harness, 7400, zone="UTC", at=time(7, 0))
    emulator = harness.emulator
    emulator.fault_methods = frozenset({"sendMessage"})
    emulator.fault_kinds = ("late",)
    emulator.late_seconds = 6.0
    emulator.fail_rate = 1.0
    harness.clock.advance(hours=1)
    stats = await harness.run_due()
    emulator.fail_rate = 0.0
    await drain_engine(harness)
    assert prompt_chats(emulator, [7400]) == [7400], "sent once"
    assert (stats.sent, stats.unknown) == (1, 0)


@pytest.mark.parametrize("fault", ["late", "drop_after"])
async def test_a_send_with_an_unknown_outcome_is_logged_counted_and_retried(
    harness: Harness, db: Database, caplog: pytest.LogCaptureFixture, fault: str
) -> None:
    """No answer after the request went out (too late, or the connection dropped): the bot
    cannot know whether Telegram delivered it. It says so, with the occurrence id, counts it,
    and sends again (at least once: a patient may get it twice, never zero times)."""
    harness.overrides["telegram_read_timeout_seconds"] = 0.5
    await harness.restart()
    await onboard(harness, 7410, zone="UTC", at=time(7, 0))
    emulator = harness.emulator
    emulator.fault_methods = frozenset({"sendMessage"})
    emulator.fault_kinds = (fault,)
    emulator.late_seconds = 1.5
    emulator.fail_rate = 1.0
    harness.clock.advance(hours=1)
    with caplog.at_level(logging.WARNING, logger="service.scheduling.dispatcher"):
        stats = await harness.run_due()
    emulator.fail_rate = 0.0
    assert (stats.sent, stats.unknown, stats.retried) == (0, 1, 1)
    async with db.transaction() as session:
        occ = (await session.exec(select(Occurrence).where(Occurrence.kind == "checkin"))).one()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(f"occurrence {occ.id}" in w and "outcome unknown" in w for w in warnings), warnings
    await drain_engine(harness)
    assert prompt_chats(emulator, [7410]) == [7410, 7410], "delivered, then sent again"


async def test_a_slow_reply_to_a_command_gets_no_apology(harness: Harness) -> None:
    """/help answered by Telegram 6 s late: the patient has the answer; no "something went
    wrong" follows it."""
    user = harness.user(7420)
    await user.say("/start")
    emulator = harness.emulator
    emulator.fault_methods = frozenset({"sendMessage"})
    emulator.fault_kinds = ("late",)
    emulator.late_seconds = 6.0
    emulator.fail_rate = 1.0
    reply = await user.say("/help", timeout=15)
    assert reply.text.startswith("What I can")
    emulator.fail_rate = 0.0
    # The next message waits for the first reply's answer (one chat's updates go in order).
    assert (await user.say("/help", timeout=15)).text.startswith("What I can")
    assert not [m for m in user.drain() if m.text == t("error_generic")]


async def test_a_reply_that_times_out_is_logged_as_maybe_delivered_not_apologised_for(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """Past the read timeout the bot cannot know whether the reply arrived: it logs that, and
    sends no apology on top of a reply the patient may well have."""
    harness.overrides["telegram_read_timeout_seconds"] = 0.5
    await harness.restart()
    user = harness.user(7430)
    await user.say("/start")
    emulator = harness.emulator
    emulator.fault_methods = frozenset({"sendMessage"})
    emulator.fault_kinds = ("late",)
    emulator.late_seconds = 1.0
    emulator.fail_rate = 1.0
    with caplog.at_level(logging.WARNING):
        await user.say("/help", timeout=5)
        await asyncio.sleep(1.0)  # the late answer, after the bot gave up waiting for it
        await emulator.wait_idle(timeout=5)
    emulator.fail_rate = 0.0
    assert (await user.say("/help")).text.startswith("What I can")
    assert not [m for m in user.drain() if m.text == t("error_generic")]
    assert any("may have been delivered" in r.getMessage() for r in caplog.records)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
