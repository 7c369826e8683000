"""The one reminder lifecycle, through the daily check-in: snooze, one follow-up, back-off.

Wakes are driven the way the app drives them (the harness fires the armed wake only when the
fake time reaches it), so a change that forgets to re-arm the dispatcher fails here.
"""

from __future__ import annotations

from datetime import time

from sqlmodel import select

from service.db.engine import Database
from service.db.models import Schedule
from tests.conftest import Harness, onboard


async def one_day(harness: Harness) -> int:
    """From 08:59 to the next day's 08:59, as a running bot sees it: the 09:00 prompt, a
    12:00 follow-up if any, the day's close at midnight; how many messages went out."""
    sent = (await harness.advance(minutes=1)).sent
    sent += (await harness.advance(hours=3)).sent
    sent += (await harness.advance(hours=20, minutes=59)).sent
    return sent


async def checkin_schedule(db: Database) -> Schedule:
    async with db.transaction() as session:
        return (await session.exec(select(Schedule).where(Schedule.kind == "checkin"))).one()


async def test_a_snooze_comes_back_without_waiting_for_the_safety_net(harness: Harness) -> None:
    user = harness.user(8101)
    await onboard(harness, 8101, zone="UTC", at=time(9, 0))
    assert (await harness.advance(hours=3)).sent == 1  # 09:00 UTC
    prompt = await user.next_message()
    snoozed = await user.press("⏰ In 30 min", message_id=prompt.message_id)
    assert "09:30" in snoozed.text
    assert (await harness.advance(minutes=29)).sent == 0
    # The snooze armed the wake itself: nothing else would fire it at 09:30.
    assert (await harness.advance(minutes=1)).sent == 1
    again = await user.next_message()
    assert "How often" in again.text


async def test_unanswered_days_get_fewer_nudges_then_one_kind_question(
    harness: Harness, db: Database
) -> None:
    user = harness.user(8102)
    await onboard(harness, 8102, zone="UTC", at=time(9, 0))
    await harness.advance(hours=2, minutes=59)  # 08:59 Monday
    sent_per_day = [await one_day(harness) for _ in range(8)]
    # Days 1-3: the prompt and one follow-up; from day 4 the prompt alone; the 7th day's
    # close asks once whether to pause; the 8th day is the prompt alone again.
    assert sent_per_day == [2, 2, 2, 1, 1, 1, 2, 1]
    messages = user.drain()
    offers = [m for m in messages if "Shall I pause these reminders" in m.text]
    assert len(offers) == 1, [m.text for m in messages]
    assert "7 times in a row" in offers[0].text and "Daily check-in" in offers[0].text
    assert (await checkin_schedule(db)).unanswered == 8
    # The patient takes the offer: no more prompts until they turn it back on.
    await user.press("⏸ Pause them for now", message_id=offers[0].message_id)
    assert (await checkin_schedule(db)).state == "paused"
    assert (await harness.advance(hours=48)).sent == 0
    listed = await user.say("/reminders")
    assert "⏸ paused" in listed.text


async def test_an_answer_ends_the_back_off(harness: Harness, db: Database) -> None:
    user = harness.user(8103)
    await onboard(harness, 8103, zone="UTC", at=time(9, 0))
    await harness.advance(hours=2, minutes=59)  # 08:59 Monday
    assert [await one_day(harness) for _ in range(4)] == [2, 2, 2, 1]
    assert (await checkin_schedule(db)).unanswered == 4
    user.drain()
    assert (await harness.advance(minutes=1)).sent == 1  # Friday's prompt at 09:00
    prompt = await user.next_message()
    for rating in ("1", "1", "0", "1"):
        await user.press(rating, message_id=prompt.message_id)
    await user.press("Skip")
    assert (await harness.advance(hours=15)).sent == 0  # through midnight: the day closes
    assert (await checkin_schedule(db)).unanswered == 0
    # Saturday: the prompt, and the follow-up is back.
    user.drain()
    assert (await harness.advance(hours=9)).sent == 1
    assert (await harness.advance(hours=3)).sent == 1
    assert [m.text.split(".")[0] for m in user.drain()][-1].startswith("A gentle reminder")
