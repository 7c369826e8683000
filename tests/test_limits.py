"""The one rate-limited path to Telegram (service/transport/limits.py): 429s pause only the chat
they are about, unless the whole bot is over its limit; replies go ahead of scheduled sends;
paid broadcasts use their own budget."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import col, select
from telegram.error import RetryAfter

from service.config import ConfigError, load_settings
from service.db.engine import Database
from service.db.models import Occurrence, Patient
from service.texts import t
from service.transport.limits import (
    ChatRateLimiter,
    Slots,
    Urgency,
    broadcast_options,
    handling_update,
)
from tests.conftest import Harness, onboard
from tests.emulator import Limits


def limiter_of(harness: Harness) -> ChatRateLimiter:
    assert harness.app is not None
    limiter = harness.app.bot.rate_limiter
    assert isinstance(limiter, ChatRateLimiter)
    return limiter


async def until(condition: Callable[[], bool], harness: Harness) -> None:
    """Wait (as a hang guard, not a timing) until the emulator saw what ``condition`` says."""
    assert await harness.emulator._wait_until(condition, 30)


# ---- 429s ---------------------------------------------------------------------------------------
async def test_one_chats_429_pauses_that_chat_only(harness: Harness) -> None:
    """A 429 with retry_after=20 for one chat held every chat for 20.1 s."""
    a, b = harness.user(7001), harness.user(7002)
    await onboard(harness, 7001, at=None)
    await onboard(harness, 7002, at=None)
    assert harness.app is not None
    bot = harness.app.bot
    harness.emulator.throttle_chat(7001, 20)  # Telegram penalises A's chat
    # A scheduled send to A meets the 429 and is handed back to the dispatcher at once (it
    # books the message again for after the pause), instead of holding a sending slot 20 s.
    with pytest.raises(RetryAfter) as handed_back:
        await bot.send_message(7001, "a scheduled reminder")
    assert handed_back.value.retry_after.total_seconds() >= 19  # type: ignore[union-attr]
    with pytest.raises(RetryAfter):  # and so is the next one, without asking Telegram again
        await bot.send_message(7001, "another reminder")
    assert harness.emulator.stats.throttled["chat"] == 1
    reply = await b.say("/help")  # B is not held up by A's pause
    assert "/checkin" in reply.text
    assert a.drain() == []
    limiter = limiter_of(harness)
    assert (limiter.stats["chat_pauses"], limiter.stats["bot_pauses"]) == (1, 0)
    assert limiter.stats["handed_back"] == 2


async def test_a_reply_to_a_paused_chat_waits_for_the_pause_alone(harness: Harness) -> None:
    """A patient's own answer is not dropped: it goes out when their chat's pause ends, while
    other patients are answered meanwhile."""
    a, b = harness.user(7003), harness.user(7004)
    await onboard(harness, 7003, at=None)
    await onboard(harness, 7004, at=None)
    a.drain_events()
    harness.emulator.throttle_chat(7003, 2)
    await a.send("/help")
    await until(lambda: harness.emulator.stats.throttled["chat"] == 1, harness)
    assert "/checkin" in (await b.say("/help")).text
    late = await a.next_message(timeout=30)
    assert "/checkin" in late.text
    answered = {r.chat_id: r.at for r in harness.emulator.sent_log if "/checkin" in (r.text or "")}
    assert answered[7004] < answered[7003]  # B did not wait for A's pause
    assert limiter_of(harness).stats["handed_back"] == 0


async def test_the_dispatcher_sends_on_and_books_a_paused_chat_again(
    harness: Harness, db: Database
) -> None:
    """End to end: a burst with one penalised chat; the others are sent, that one is booked
    again for after its pause (not failed, not lost)."""
    chats = [7021, 7022, 7023]
    for chat_id in chats:
        await onboard(harness, chat_id, zone="UTC", user=False)
        harness.emulator.user(chat_id).open_chat()
    harness.emulator.throttle_chat(7021, 60)
    stats = await harness.advance(hours=3)  # 09:00 UTC: the three prompts are due
    assert (stats.sent, stats.retried, stats.failed) == (2, 1, 0)
    async with db.transaction() as session:
        held = (
            await session.exec(
                select(Occurrence).join(Patient).where(col(Patient.chat_id) == 7021)
            )
        ).one()
    assert held.status == "pending"
    assert held.attempt_at >= harness.clock.now() + timedelta(seconds=59)


async def test_429s_for_several_chats_at_once_pause_the_whole_bot(harness: Harness) -> None:
    """Telegram does not say whose limit a 429 is about; several chats at once means the bot's:
    then nothing is sent until retry_after has passed, instead of a storm of retries."""
    chats = [7011, 7012, 7013, 7014]
    for chat_id in chats:
        await onboard(harness, chat_id, at=None)
    assert harness.app is not None
    harness.emulator.throttle_all(1)
    bot = harness.app.bot
    sends = [asyncio.create_task(bot.send_message(c, f"reminder {c}")) for c in chats]
    await asyncio.gather(*sends)
    limiter = limiter_of(harness)
    assert limiter.stats["bot_pauses"] == 1
    # The third chat's 429 showed it was the bot's limit; the fourth waited without asking.
    assert harness.emulator.stats.throttled["all"] == 3
    delivered = [r.chat_id for r in harness.emulator.sent_log if r.text == f"reminder {r.chat_id}"]
    assert sorted(delivered) == chats


# ---- replies first ------------------------------------------------------------------------------
async def record_order(
    limiter: ChatRateLimiter, requests: list[tuple[str, int, bool, bool]]
) -> list[str]:
    """Send (name, chat, is_reply, paid) requests through the limiter at once, with a
    callback that only records the order in which they were let through."""
    order: list[str] = []

    def callback_for(name: str) -> Callable[..., Awaitable[Any]]:
        async def send(*_args: Any, **_kwargs: Any) -> dict[str, Any]:
            order.append(name)
            return {}

        return send

    async def one(name: str, chat: int, reply: bool, paid: bool) -> None:
        data: dict[str, Any] = {"chat_id": chat, "text": name}
        if paid:
            data["allow_paid_broadcast"] = True
        if reply:
            with handling_update():
                await limiter.process_request(
                    callback_for(name), (), {}, "sendMessage", data, None
                )
        else:
            await limiter.process_request(callback_for(name), (), {}, "sendMessage", data, None)

    await asyncio.gather(*(one(*request) for request in requests))
    return order


async def test_a_reply_goes_ahead_of_every_waiting_scheduled_send() -> None:
    limiter = ChatRateLimiter(overall_per_second=20)
    burst = [(f"prompt {i}", 100 + i, False, False) for i in range(30)]
    order = await record_order(limiter, [*burst, ("tap answer", 99, True, False)])
    # The first prompt found the budget free; the tap's answer came next, not 30th.
    assert order[:2] == ["prompt 0", "tap answer"]
    assert order[2:] == [f"prompt {i}" for i in range(1, 30)]
    assert (limiter.stats["scheduled"], limiter.stats["reply"]) == (30, 1)


async def test_answers_to_a_flooding_chat_go_after_scheduled_sends() -> None:
    limiter = ChatRateLimiter(overall_per_second=20, flooding=lambda chat: chat == 66)
    order = await record_order(
        limiter,
        [
            ("prompt 0", 100, False, False),
            ("flood answer", 66, True, False),
            ("prompt 1", 101, False, False),
            ("tap answer", 99, True, False),
        ],
    )
    assert order == ["prompt 0", "tap answer", "prompt 1", "flood answer"]
    assert limiter.stats["flooding"] == 1


async def test_end_to_end_a_tap_during_a_burst_of_prompts_is_answered_first(
    harness: Harness,
) -> None:
    """Patients' replies share Telegram's overall budget with broadcasts: a tap must not wait
    behind the prompts the dispatcher queued (16 in flight at a time)."""
    harness.overrides = {"rate_overall_per_second": 4.0}  # so the queue can be counted
    await harness.restart()
    tapper = harness.user(7099)
    await onboard(harness, 7099, zone="UTC", at=None)
    await tapper.say("/checkin")
    for chat_id in range(7100, 7130):
        await onboard(harness, chat_id, zone="UTC", user=False)
        harness.emulator.user(chat_id).open_chat()
    harness.clock.advance(hours=3)  # 09:00 UTC: thirty prompts are due
    wake = asyncio.create_task(harness.run_due())
    await until(lambda: len(prompts_sent(harness)) >= 2, harness)
    tapper.drain_events()
    await tapper.tap("2")
    tapped = int(harness.emulator.pending_updates[-1]["update_id"])
    emulator = harness.emulator
    await until(lambda: all(u["update_id"] > tapped for u in emulator.pending_updates), harness)
    before = len(prompts_sent(harness))
    edited = await tapper.next_message(timeout=30)
    assert edited.is_edit and t("q_severity") in (edited.text or "")
    assert len(prompts_sent(harness)) - before <= 2  # the one going out, and the next in line
    assert len(prompts_sent(harness)) < 30  # the burst was still under way
    limiter_of(harness).overall.interval = 0.001  # let the rest of the burst go quickly
    stats = await wake
    assert stats.sent == 30 and len(prompts_sent(harness)) == 30


def prompts_sent(harness: Harness) -> list[int]:
    return [
        r.chat_id
        for r in harness.emulator.sent_log
        if r.chat_id >= 7100 and "How often" in (r.text or "")
    ]


# ---- paid broadcasts ----------------------------------------------------------------------------
async def test_paid_broadcasts_use_their_own_budget() -> None:
    limiter = ChatRateLimiter(overall_per_second=2, paid_per_second=1000)
    paid = [(f"paid {i}", 200 + i, False, True) for i in range(20)]
    free = [("free 0", 100, False, False), ("free 1", 101, False, False)]
    order = await record_order(limiter, [free[0], *paid, free[1]])
    # 20 paid sends within the time the free budget lets one more message through.
    assert order.index("free 1") == len(order) - 1
    assert limiter.stats["paid"] == 20


async def test_paid_broadcast_setting_reaches_the_bot_and_telegram(harness: Harness) -> None:
    assert harness.app is not None
    assert broadcast_options(harness.app.bot) == {}  # off by default: nothing is charged
    harness.overrides = {"paid_broadcast_per_second": 1000.0}
    await harness.restart()
    bot = harness.app.bot
    options = broadcast_options(bot)
    assert options == {"allow_paid_broadcast": True}
    harness.emulator.limits = Limits(global_per_second=1, per_chat_per_second=10)
    for chat_id in range(7201, 7211):
        harness.emulator.user(chat_id).open_chat()
    # Ten scheduled sends at once, over the free limit of 1/s, within the paid one.
    await asyncio.gather(*(bot.send_message(c, "reminder", **options) for c in range(7201, 7211)))
    assert harness.emulator.stats.paid == 10 and harness.emulator.stats.rate_limited == 0
    assert limiter_of(harness).stats["paid"] == 10
    user = harness.user(7212)
    await user.say("/start")  # a reply: never paid
    assert harness.emulator.stats.paid == 10


async def test_scheduled_prompts_go_out_as_paid_broadcasts_when_turned_on(
    harness: Harness,
) -> None:
    harness.overrides = {"paid_broadcast_per_second": 1000.0}
    await harness.restart()
    for chat_id in range(7301, 7306):
        await onboard(harness, chat_id, zone="UTC")
    user = harness.user(7306)
    await onboard(harness, 7306, zone="UTC")
    assert harness.emulator.stats.paid == 0
    harness.clock.advance(hours=3)  # 09:00 UTC: six check-in prompts are due
    assert (await harness.run_due()).sent == 6
    assert harness.emulator.stats.paid == 6  # every scheduled send passed allow_paid_broadcast
    await user.next_message()
    await user.say("/help")  # a reply stays in the free budget
    assert harness.emulator.stats.paid == 6


def test_paid_broadcast_rate_is_telegrams_at_most() -> None:
    token = "123456:abcdefghijkl"
    assert load_settings(telegram_bot_token=token).paid_broadcast_per_second == 0
    assert load_settings(telegram_bot_token=token, paid_broadcast_per_second=500)
    with pytest.raises(ConfigError, match="PAID_BROADCAST_PER_SECOND"):
        load_settings(telegram_bot_token=token, paid_broadcast_per_second=1001)


def test_urgency_order() -> None:
    assert Urgency.REPLY < Urgency.SCHEDULED < Urgency.FLOODING


async def test_a_flooding_chat_gets_a_working_slot_only_when_no_other_chat_waits() -> None:
    """200 chats flooding at once held all 64 slots and the database queue: an unrelated
    patient's /help waited for every one of their first answers."""
    slots = Slots(1, flooding=lambda chat: chat >= 100)
    order: list[int] = []
    holder = asyncio.Event()

    async def work(chat: int) -> None:
        async with slots.taken(chat):
            order.append(chat)
            if chat == 0:
                await holder.wait()

    first = asyncio.create_task(work(0))
    await asyncio.sleep(0)  # chat 0 holds the only slot
    waiting = [asyncio.create_task(work(c)) for c in (100, 101, 1, 102, 2)]
    await asyncio.sleep(0)  # all five wait, in this order
    holder.set()
    await asyncio.gather(first, *waiting)
    assert order == [0, 1, 2, 100, 101, 102]
