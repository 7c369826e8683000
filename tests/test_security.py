"""Privacy, security and hostile input on the core loop, through the real bot and the emulator.

1. Each patient sees and changes only their own data: forged, replayed, stale, oversized and
   garbage button data from another patient changes nothing and shows nothing.
2. Private chats only: groups and channels are told so, and nothing is stored.
4. Flooding: told once, ignored for a while, other patients not slowed.
5. Secrets: never in logs or replies; webhook requests need the secret; the SQLite file is private.
6. Privacy: /privacy, consent with time and version, no health data in logs even at DEBUG.
(3, hostile input in bulk, is tests/test_fuzz.py.)
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import socket
import stat
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select as sa_select
from sqlmodel import SQLModel, select
from telegram import Update
from telegram.ext import TypeHandler

import service.db.models  # noqa: F401  (every table in SQLModel.metadata)
from service import logs
from service.app import build_application
from service.app import stop as stop_app
from service.bot import guard
from service.bot.guard import FloodGuard, Verdict, well_formed_callback
from service.bot.state import App, Context
from service.db.engine import Database, prepare_sqlite_file
from service.db.models import Checkin, Patient
from service.domain.clock import FakeClock
from service.texts import CONSENT_VERSION, t
from service.transport.limits import ChatRateLimiter
from tests.conftest import T0, Harness, onboard
from tests.emulator import BotEvent, ChatHandle, FakeUser, TelegramEmulator

EXPIRED = t("button_expired")


# ---- helpers (also used by tests/test_fuzz.py) --------------------------------------------------
class Tracker:
    """Knows when the bot has finished an update, also one that gets no reply or is dropped
    unhandled (a muted chat's)."""

    def __init__(self, harness: Harness) -> None:
        self.harness = harness
        self.seen: set[int] = set()
        self.attach()

    def attach(self) -> None:
        """Watch the harness's (current) Application; call again after a restart."""
        assert self.harness.app is not None
        self.harness.app.add_handler(TypeHandler(Update, self._see), group=-3)

    async def _see(self, update: Update, context: Context) -> None:
        self.seen.add(update.update_id)

    async def settle(self, update_id: int, timeout: float = 10) -> None:  # noqa: ASYNC109
        """Wait until the bot has fetched ``update_id`` and finished every update it fetched.

        The emulator forgets an update when the bot confirms it with its next getUpdates call,
        which it makes after queueing the update; the queue's ``join`` then waits until each
        queued update was processed (handled, or dropped by the update processor).
        """
        app = self.harness.app
        emulator = self.harness.emulator
        assert app is not None
        async with asyncio.timeout(timeout):
            fetched = await emulator._wait_until(
                lambda: all(u["update_id"] > update_id for u in emulator.pending_updates), None
            )
            assert fetched
            await app.update_queue.join()


def last_update_id(harness: Harness) -> int:
    """The id of the update just sent (call before anything awaits: the bot has not fetched it)."""
    return int(harness.emulator.pending_updates[-1]["update_id"])


async def rows_of(db: Database, patient_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every stored row about one patient, table by table."""
    found: dict[str, list[dict[str, Any]]] = {}
    async with db.engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            if table.name == "patient":
                where = table.c.id == patient_id
            elif "patient_id" in table.c:
                where = table.c.patient_id == patient_id
            else:
                continue
            result = await conn.execute(
                sa_select(table).where(where).order_by(*table.primary_key.columns)
            )
            found[table.name] = [dict(row._mapping) for row in result]
    return found


async def patient_row(db: Database, chat_id: int) -> Patient | None:
    async with db.transaction() as session:
        return (await session.exec(select(Patient).where(Patient.chat_id == chat_id))).first()


def texts_of(events: list[BotEvent]) -> list[str]:
    """Every text the bot showed: messages, edits, callback toasts."""
    out: list[str] = []
    for event in events:
        if event.message is not None:
            out.append(event.message.text or "")
            out += [label for row in event.message.buttons for label, _ in row]
        if event.answer is not None and event.answer.text:
            out.append(event.answer.text)
    return out


def callback_data_in(chat: ChatHandle) -> list[str]:
    """Every callback data the bot ever put on a button in this chat."""
    datas = []
    for event in chat.events:
        if event.message is not None:
            datas += [data for row in event.message.buttons for _, data in row if data]
    return list(dict.fromkeys(datas))


@contextmanager
def private_logging(level: str, secrets: list[str]) -> Iterator[list[logging.LogRecord]]:
    """``setup_logging`` as ``hfsbot run`` does it, plus a plain capture handler (no filter of its
    own: what it sees is what any handler would see). Restores the logging set-up afterwards."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level, logging.getLogRecordFactory())
    quiet = {name: logging.getLogger(name).level for name in logs.QUIET_LOGGERS}
    records: list[logging.LogRecord] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logs.setup_logging(level, secrets)
    root.addHandler(Capture(logging.DEBUG))
    try:
        yield records
    finally:
        root.handlers[:], _, factory = saved
        root.setLevel(saved[1])
        logging.setLogRecordFactory(factory)
        for name, old in quiet.items():
            logging.getLogger(name).setLevel(old)


def log_text(records: list[logging.LogRecord]) -> str:
    """All records as a handler would write them, tracebacks included."""
    formatter = logging.Formatter("%(levelname)s %(name)s: %(message)s")
    return "\n".join(formatter.format(record) for record in records)


# ---- 1. each patient sees and changes only their own data ---------------------------------------
NOTE_A = "zebra-marmalade-7731 slept badly"
ZONE_A = "Pacific/Chatham"


async def _patient_a(harness: Harness, chat_id: int) -> FakeUser:
    """A patient set up through the real conversation, with a check-in, a note and settings
    questions open (so their chat holds ci:, pf: and st: buttons)."""
    a = harness.user(chat_id)
    await a.say("/start")
    await a.press("✅ I agree")
    await a.next_message()  # the time-zone question
    await a.say(ZONE_A)
    await a.next_message()  # the time question
    await a.say("05:45")
    await a.next_message()  # the first check-in
    for label in ("3", "2", "1", "4"):
        await a.press(label)
    await a.say(NOTE_A)
    await a.next_message()  # the side question
    await a.press("Left")
    await a.next_message()  # the treatment question
    await a.press("Botox")  # ticked
    await a.press("✅ Done")
    await a.next_message()  # all set
    await a.next_message()  # Botox chosen: when was the last injection?
    await a.press("Not yet / don't know")
    await a.say("/checkin")  # "already done" with a Change button
    for button in ("⏰ Check-in time", "Side", "Treatment"):
        await a.say("/settings")
        await a.press(button)
    await a.say("/settings")
    a.drain_events()
    return a


def _forgeries(a_checkin: int, own_checkin: int) -> list[str]:
    """Made-up data for every kind of button: other ids, wrong values, garbage, oversized."""
    ci = [
        f"ci:{a_checkin}:{action}:{value}"
        for action, value in [
            ("f", 0),
            ("s", 4),
            ("i", 1),
            ("n", 0),
            ("c", 0),
            ("x", 0),
            ("z", 30),
            ("z", 120),
        ]
    ]
    ci += [
        f"ci:{own_checkin}:f:9",
        f"ci:{own_checkin}:f:-1",
        f"ci:{own_checkin}:q:1",
        f"ci:{own_checkin}:z:5",
        f"ci:{a_checkin + 1000}:f:1",
        "ci:0:f:1",
        "ci:١:f:٢",  # Arabic-Indic digits: str.isdigit() says yes
        "ci:1:f",
        "ci:1:f:1:1",
        "ci:-1:f:1",
        "ci:" + "9" * 80 + ":f:1",  # oversized (over Telegram's 64 bytes)
        "ci:" + "9" * 30 + ":f:1",  # fits in 64 bytes, not in a 64-bit integer
        "ci:1:f:²",  # a superscript: str.isdigit() says yes, int() says no
        "ci:1:f:1\x00",
        "ci: 1:f:1",
    ]
    pf = [
        "pf:consent:maybe",
        "pf:time:2561",
        "pf:time:9999",
        "pf:time:0545:x",
        "pf:side:up",
        "pf:tr:../../etc",
        "pf:tr:",
        "pf",
        "pf::",
        "pf:" + "x" * 70,
    ]
    st = ["st:", "st:pause7x", "st:pause", "st:tz:1", "st:" + "é" * 30, "st:reset_all"]
    garbage = ["", ":", "xx", "🙂", "ci", "a" * 64, "\u202eci:1:f:1", "CI:1:F:1"]
    return ci + pf + st + garbage


def _mutations(data: str) -> list[str]:
    """A button's data with each number in it changed: the neighbouring rows' ids, 0, huge."""
    parts = data.split(":")
    out = []
    for index, part in enumerate(parts):
        if part.isdigit():
            for other in (int(part) - 1, int(part) + 1, 10**12):
                out.append(":".join([*parts[:index], str(other), *parts[index + 1 :]]))
    return out


async def _tap(
    tracker: Tracker, user: FakeUser, message_id: int, data: str
) -> tuple[str | None, list[BotEvent]]:
    """Send one callback; return its answer's text and every bot event it caused."""
    tracker.harness.clock.advance(seconds=1)  # a human pace, well under the flood limit
    user.drain_events()
    query_id = await user.tap_data(message_id, data)
    await tracker.settle(last_update_id(tracker.harness))
    events = user.drain_events()
    answers = [e.answer for e in events if e.answer is not None and e.answer.query_id == query_id]
    assert len(answers) == 1, f"{data!r}: {len(answers)} callback answers"
    return answers[0].text, events


async def test_another_patient_cannot_touch_or_see_a_patients_data(
    harness: Harness, db: Database
) -> None:
    tracker = Tracker(harness)
    a = await _patient_a(harness, 5101)
    stored_a = await patient_row(db, 5101)
    assert stored_a is not None and stored_a.id is not None
    before = await rows_of(db, stored_a.id)
    (a_checkin,) = before["checkin"]
    assert a_checkin["note"] == NOTE_A
    replayed = callback_data_in(a)
    prefixes = {data.split(":")[0] for data in replayed}
    assert {"ci", "pf", "st"} <= prefixes, replayed

    b = harness.user(5102)  # another patient, with a check-in of their own
    await onboard(harness, 5102, zone="UTC")
    await b.say("/checkin")
    await b.press("1")
    stored_b = await patient_row(db, 5102)
    assert stored_b is not None and stored_b.id is not None
    own = (await rows_of(db, stored_b.id))["checkin"][0]["id"]
    c = harness.user(5103)  # a newcomer who has not agreed yet
    await c.say("/start")

    forged = _forgeries(a_checkin["id"], own)
    mutated = [m for data in replayed for m in _mutations(data)]
    seen: list[str] = []
    for intruder in (b, c):
        for data in [*replayed, *forged, *mutated]:
            target = intruder.last_message
            assert target is not None
            toast, events = await _tap(tracker, intruder, target.message_id, data)
            seen += texts_of(events)
            if data in forged or (data in replayed and data.startswith("ci:")):
                # Someone else's check-in, or made up: refused. (A replayed pf:/st: button
                # acts on the tapper's own settings, which is all it can reach; a mutated id
                # may be the tapper's own row.)
                assert toast == EXPIRED, (intruder, data, toast)
                assert [e.kind for e in events] == ["callback_answer"], (data, events)
        assert await rows_of(db, stored_a.id) == before, f"{intruder} changed A's data"

    shown = "\n".join(seen)
    for secret in (NOTE_A, "zebra", ZONE_A, "Chatham", "05:45"):
        assert secret not in shown, f"B or C was shown A's {secret!r}"
    assert not harness.emulator.internal_errors


async def test_a_patients_own_stale_buttons_change_nothing(harness: Harness, db: Database) -> None:
    tracker = Tracker(harness)
    a = harness.user(5111)
    await onboard(harness, 5111, zone="UTC", at=None)
    prompt = await a.say("/checkin")
    await a.press("2")
    a.drain_events()
    await a.send("/checkin")  # replaces the first prompt...
    replaced = last_update_id(harness)
    newer = await a.next_message()
    assert newer.message_id > prompt.message_id
    # ...and records the new prompt's id *after* sending it: the snapshot below must wait for
    # that, or it races with it (the test failed once in a full run this way).
    await tracker.settle(replaced)
    stored = await patient_row(db, 5111)
    assert stored is not None and stored.id is not None
    before = await rows_of(db, stored.id)
    (checkin,) = before["checkin"]
    stale = f"ci:{checkin['id']}:s:4"
    toast, _ = await _tap(tracker, a, prompt.message_id, stale)
    assert toast == t("button_outdated")
    harness.clock.advance(days=2)  # the day's check-in has closed, even for entering late
    toast, _ = await _tap(tracker, a, newer.message_id, f"ci:{checkin['id']}:f:4")
    assert toast == t("checkin_closed")
    after = await rows_of(db, stored.id)
    after["patient"][0].pop("active")
    before["patient"][0].pop("active")
    assert after == before


def test_callback_form() -> None:
    for good in ("ci:1:f:2", "pf:time:0900", "st:pause7", "data:12:y:1790000000"):
        assert well_formed_callback(good)
    for bad in (None, "", "ci", "CI:1", "ci:1 f", "ci:١", "c:1", "ci:" + "1" * 62, "ci:\x00"):
        assert not well_formed_callback(bad), bad


# ---- 2. private chats only ----------------------------------------------------------------------
async def test_groups_and_channels_get_nothing_and_store_nothing(
    harness: Harness, db: Database
) -> None:
    tracker = Tracker(harness)
    a = harness.user(5201)
    await onboard(harness, 5201, zone=ZONE_A)
    await a.say("/checkin")
    await a.press("3")
    stored = await patient_row(db, 5201)
    assert stored is not None and stored.id is not None
    before = await rows_of(db, stored.id)
    checkin_id = before["checkin"][0]["id"]
    group = harness.emulator.group(chat_id=-1005201, title="Family")
    stranger = harness.user(5202)

    for who in (a, stranger):  # a patient of ours writes in the group too
        for command in ("/start", "/checkin", "/settings", "/privacy", "/pause", "/help"):
            reply = await group.say(who, command)
            assert "private chat" in reply.text, command
    group.drain_events()
    sent = await group.send(a, "hello everyone")
    await tracker.settle(last_update_id(harness))
    assert group.drain() == []

    reply_in_group = max(group.messages)
    for data in (f"ci:{checkin_id}:f:0", "st:pause7", "pf:consent:yes", "pf:side:right", "zz"):
        query_id = harness.emulator._callback_query(group, a, reply_in_group, data)
        answer = await group.next_callback_answer()
        assert answer.query_id == query_id and answer.text == t("private_only"), data

    channel = harness.emulator.group(chat_id=-1005203, title="News")
    channel.chat["type"] = "channel"
    post = {
        "message_id": 1,
        "date": 1_790_000_000,
        "chat": dict(channel.chat),
        "sender_chat": dict(channel.chat),
    }
    updates = [
        {"channel_post": {**post, "text": "/start", "entities": [_command(6)]}},
        {"channel_post": {**post, "message_id": 2, "text": "hello"}},
        {"edited_channel_post": {**post, "text": "/checkin", "edit_date": 1_790_000_001}},
    ]
    for update in updates:
        raw = await stranger.send_update(update)
        await tracker.settle(raw["update_id"])
    said = [m.text for m in channel.drain()]
    assert said == [t("private_only")]

    async with db.transaction() as session:
        chats = {p.chat_id for p in (await session.exec(select(Patient))).all()}
    assert chats == {5201}, "a group, channel or stranger was stored"
    after = await rows_of(db, stored.id)
    assert after == before
    assert ZONE_A not in "\n".join(texts_of(group.events))
    assert sent["chat"]["type"] == "supergroup"


def _command(length: int) -> dict[str, Any]:
    return {"type": "bot_command", "offset": 0, "length": length}


async def test_private_updates_from_someone_else_are_dropped(
    harness: Harness, db: Database
) -> None:
    tracker = Tracker(harness)
    victim = harness.user(5211)
    await onboard(harness, 5211)
    victim.drain_events()
    raw = await victim.send_update(
        {
            "message": {
                "message_id": 99,
                "date": 1_790_000_000,
                "chat": dict(victim.chat),
                "from": {"id": 5212, "is_bot": False, "first_name": "Mallory"},
                "text": "/pause",
                "entities": [_command(6)],
            }
        }
    )
    await tracker.settle(raw["update_id"])
    assert victim.drain_events() == []
    stored = await patient_row(db, 5211)
    assert stored is not None and not stored.paused


# ---- edits --------------------------------------------------------------------------------------
async def test_edited_messages_are_not_re_read_and_the_patient_is_told(
    harness: Harness, db: Database
) -> None:
    tracker = Tracker(harness)
    a = harness.user(5221)
    await onboard(harness, 5221, zone="UTC")
    sent = await a.send("/pause 2")
    await a.next_message()
    assert "on again" in (await a.say("/resume")).text
    await a.edit_message(sent["message_id"], "/pause 3")
    told = await a.next_message()
    assert told.text == t("guard_edit_ignored")
    stored = await patient_row(db, 5221)
    assert stored is not None and not stored.paused

    await a.say("/checkin")
    for label in ("1", "1", "1", "1"):
        await a.press(label)
    note = await a.send("first words")
    await a.next_message()
    await a.edit_message(note["message_id"], "second words")
    assert (await a.next_message()).text == t("guard_edit_ignored")
    async with db.transaction() as session:
        (checkin,) = (await session.exec(select(Checkin))).all()
    assert checkin.note == "first words"

    # A live location sends edits every few seconds: those are dropped without a word.
    location = await a.send_location(52.52, 13.40)
    await a.next_message()
    a.drain_events()
    raw = await a.send_update(
        {
            "edited_message": {
                **location,
                "location": {"latitude": 52.53, "longitude": 13.41},
                "edit_date": 1_790_000_000,
            }
        }
    )
    await tracker.settle(raw["update_id"])
    assert a.drain_events() == []


# ---- 4. flooding --------------------------------------------------------------------------------
async def test_a_flooding_patient_is_told_once_and_ignored_then_served_again(
    harness: Harness,
) -> None:
    tracker = Tracker(harness)
    a, b = harness.user(5401), harness.user(5402)
    await onboard(harness, 5401)
    await onboard(harness, 5402)
    harness.clock.advance(seconds=guard.FLOOD_WINDOW_SECONDS)
    a.drain_events()
    for i in range(guard.FLOOD_MAX_UPDATES + 15):
        await a.send(f"hello {i}")
    last = last_update_id(harness)
    b_reply = await b.say("/help")  # while A is being ignored
    assert "/checkin" in b_reply.text
    await tracker.settle(last)
    said = [m.text for m in a.drain()]
    # Counted as they arrived: the 21st crossed the line before the 2nd had its turn, so what A
    # had queued meanwhile was dropped unhandled. The first answer, the notice, nothing else.
    assert said == [t("free_text_hint"), t("guard_flood", minutes=1)]

    harness.clock.advance(seconds=guard.FLOOD_MUTE_SECONDS - 1)
    await a.send("still ignored")
    await tracker.settle(last_update_id(harness))
    assert a.drain() == []
    harness.clock.advance(seconds=1)
    assert (await a.say("back again")).text == t("free_text_hint")


class MovingClock(FakeClock):
    """A fake clock that moves on by ``step`` each time it is read: 300 updates counted one
    after the other arrive 1/300 s apart, as if sent within one second."""

    def __init__(self, start: datetime, step: timedelta) -> None:
        super().__init__(start)
        self.step = step

    def now(self) -> datetime:
        """The current instant; the next read is ``step`` later."""
        return self.advance(self.step) - self.step


async def test_a_flood_at_telegrams_real_rates_is_stopped_as_it_arrives(
    emulator: TelegramEmulator, database_url: str
) -> None:
    """The reproduction: at the deployed 1 message/s per chat, 300 messages within one second
    got 300 answers at 1/s and no notice, because the guard counted updates when their
    handler ran (one per second). Counted on arrival, the 21st stops the flood at once."""
    clock = MovingClock(T0, timedelta(seconds=1 / 300))
    harness = Harness(emulator=emulator, clock=clock, database_url=database_url)
    harness.overrides = {"rate_per_chat_per_second": 1.0}  # the deployed defaults
    await harness.start()
    try:
        tracker = Tracker(harness)
        a, b = harness.user(5421), harness.user(5422)
        await onboard(harness, 5421, at=None)
        await onboard(harness, 5422, at=None)
        clock.advance(seconds=guard.FLOOD_WINDOW_SECONDS)
        a.drain_events()
        for i in range(300):
            await a.send(f"spam {i}")
        last = last_update_id(harness)
        reply = await b.say("/help")  # another patient, meanwhile
        assert "/checkin" in reply.text
        await tracker.settle(last)
        said = [m.text for m in a.drain()]
        assert said == [t("free_text_hint"), t("guard_flood", minutes=1)]
        assert b.drain() == []
    finally:
        await harness.stop()


async def test_a_crowd_of_floods_does_not_hold_up_another_patient(
    emulator: TelegramEmulator, clock: FakeClock, database_url: str
) -> None:
    """200 chats x 25 messages delayed an unrelated patient's /help by 6.9 s: their answers
    filled the one overall budget first. Now answers to flooding chats go after everyone
    else's. Scaled down to keep the test short: 20 chats, and an overall budget of 2 messages/s
    so that what is queued, and who overtakes whom, can be counted."""
    harness = Harness(emulator=emulator, clock=clock, database_url=database_url)
    harness.overrides = {"rate_per_chat_per_second": 1.0, "rate_overall_per_second": 2.0}
    await harness.start()
    assert harness.app is not None
    try:
        crowd = [harness.user(5600 + i) for i in range(20)]
        patient = harness.user(5699)
        await onboard(harness, 5699, at=None)
        clock.advance(seconds=guard.FLOOD_WINDOW_SECONDS)
        for user in crowd:
            for i in range(25):
                await user.send(f"spam {i}")
        await patient.send("/help")
        asked = last_update_id(harness)
        fetched = await emulator._wait_until(
            lambda: all(u["update_id"] > asked for u in emulator.pending_updates), 30
        )
        assert fetched
        before = len(crowd_sends(emulator))
        reply = await patient.next_message(timeout=30)
        assert "/checkin" in reply.text
        overtaken = len(crowd_sends(emulator)) - before
        # At most the message being sent and the next one in line went out meanwhile.
        assert overtaken <= 2, f"{overtaken} answers to flooding chats went first"
        assert len(crowd_sends(emulator)) < 2 * len(crowd)  # they were still queued
    finally:
        limiter = harness.app.bot.rate_limiter
        assert isinstance(limiter, ChatRateLimiter)
        limiter.overall.interval = 0.001  # let the queue drain quickly at the stop
        await harness.stop()
    said = {user.chat_id: [m.text for m in user.drain()] for user in crowd}
    for chat_said in said.values():  # each chat: at most one answer, then told once
        assert chat_said[-1] == t("guard_flood", minutes=1)
        assert len(chat_said) <= 2


def crowd_sends(emulator: TelegramEmulator) -> list[int]:
    """Chats of the crowd (5600-5619) the bot sent something to, in order."""
    return [r.chat_id for r in emulator.sent_log if 5600 <= r.chat_id < 5620]


def test_flood_window_slides_and_memory_is_bounded() -> None:
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    flood = FloodGuard(limit=3, window=timedelta(seconds=10), mute=timedelta(seconds=60))
    at = [t0, t0 + timedelta(seconds=4), t0 + timedelta(seconds=9)]
    assert [flood.admit(1, when) for when in at] == [Verdict.OK] * 3
    assert flood.admit(1, t0 + timedelta(seconds=10)) is Verdict.OK  # t0 slid out
    assert flood.admit(1, t0 + timedelta(seconds=11)) is Verdict.WARN
    assert flood.admit(2, t0 + timedelta(seconds=11)) is Verdict.OK  # another chat
    assert flood.admit(1, t0 + timedelta(seconds=70)) is Verdict.IGNORE
    assert flood.admit(1, t0 + timedelta(seconds=71)) is Verdict.OK  # the pause is over

    small = FloodGuard(limit=5, max_chats=100)
    for chat in range(10_000):
        small.admit(chat, t0)
    assert len(small) == 100
    assert all(len(w.stamps) <= 5 for w in small._chats.values())
    for _ in range(50):
        small.admit(9_999, t0 + timedelta(seconds=100))
    assert len(small._chats[9_999].stamps) <= 5


async def test_others_are_not_slowed_by_a_flood_at_telegrams_real_rate(
    emulator: TelegramEmulator,
    clock: FakeClock,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With Telegram's real one-message-per-second limit per chat, a flood from one patient
    (and the replies queued for them) must not hold back another patient's answer."""
    monkeypatch.setattr(guard, "FLOOD_MAX_UPDATES", 5)  # keeps the test short
    harness = Harness(
        emulator=emulator,
        clock=clock,
        database_url=database_url,
        overrides={"rate_per_chat_per_second": 1.0},
    )
    await harness.start()
    try:
        a, b = harness.user(5411), harness.user(5412)
        await onboard(harness, 5411)
        await onboard(harness, 5412)
        harness.clock.advance(seconds=guard.FLOOD_WINDOW_SECONDS)
        for i in range(100):  # more than the 64 updates handled at once
            await a.send(f"spam {i}")
        loop = asyncio.get_running_loop()
        started = loop.time()
        reply = await b.say("/help", timeout=30)
        waited = loop.time() - started
        assert "/checkin" in reply.text
        assert waited < 1.0, f"B waited {waited:.1f}s behind A's flood"
    finally:
        await harness.stop()


# ---- 5. secrets ---------------------------------------------------------------------------------
WEBHOOK_SECRET = "webhook-s3cret-value-42"


async def test_secrets_never_reach_logs_or_replies(harness: Harness) -> None:
    token = harness.emulator.token
    with private_logging("DEBUG", [token, WEBHOOK_SECRET]) as records:
        await harness.restart()  # the Bot logs its API URL (with the token) when built
        user = harness.user(5501)
        await onboard(harness, 5501)

        async def explode(update: Update, context: Context) -> None:
            message = update.effective_message
            if message is not None and message.text == "/explode":
                raise RuntimeError(f"failed calling {harness.settings().bot_api_url}{token}")

        assert harness.app is not None
        harness.app.add_handler(TypeHandler(Update, explode), group=-3)
        apology = await user.say("/explode")
        assert "something went wrong" in apology.text.lower()
        await user.next_message()  # and the other handlers still ran: "unknown command"
        await user.say("/checkin")
        harness.emulator.fault_methods = frozenset({"editMessageText"})
        harness.emulator.fault_kinds = ("500",)
        harness.emulator.fail_rate = 1.0
        await user.tap("2")
        assert "something went wrong" in (await user.next_message()).text.lower()
        harness.emulator.fail_rate = 0.0
    text = log_text(records)
    assert "Set Bot API URL" in text and logs.REDACTED in text  # the token was there, redacted
    assert sum(r.levelno >= logging.ERROR for r in records) >= 2  # both errors were logged
    for secret in (token, token.split(":", 1)[1], WEBHOOK_SECRET):
        assert secret not in text
    said = "\n".join(record.text or "" for record in harness.emulator.sent_log)
    assert token not in said and token.split(":", 1)[1] not in said


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_webhook_requests_without_the_right_secret_are_refused_and_never_processed(
    harness: Harness, db: Database
) -> None:
    emulator = harness.emulator
    with private_logging("DEBUG", [emulator.token, WEBHOOK_SECRET]) as records:
        async with webhook_bot(harness) as (_app, port):  # the same bot, in webhook mode
            local = f"http://127.0.0.1:{port}/telegram"
            wrong = [
                None,
                "",
                "wrong",
                WEBHOOK_SECRET.upper(),
                WEBHOOK_SECRET[:-1],
                WEBHOOK_SECRET + "x",
                "x" * 256,
            ]
            for n, secret in enumerate(wrong):
                chat_id = 5510 + n
                emulator.user(chat_id).open_chat()
                status = await emulator.post_raw_webhook(
                    json.dumps(_start_update(n + 1, chat_id)), secret, url=local
                )
                assert status == 403, (secret, status)
            good = 5599
            emulator.user(good).open_chat()
            update = _start_update(100, good)
            status = await emulator.post_raw_webhook(json.dumps(update), WEBHOOK_SECRET, url=local)
            assert status == 200
            welcome = await emulator.user(good).next_message(timeout=10)
            assert "I agree" in " ".join(welcome.button_texts)
    async with db.transaction() as session:
        chats = {p.chat_id for p in (await session.exec(select(Patient))).all()}
    assert chats == {good}, "a request without the right secret was processed"
    for n in range(len(wrong)):
        assert emulator.user(5510 + n).events == []
    text = log_text(records)
    assert "setWebhook" in text and WEBHOOK_SECRET not in text


@asynccontextmanager
async def webhook_bot(harness: Harness) -> AsyncIterator[tuple[App, int]]:
    """The harness's bot in webhook mode on a free local port (path /telegram)."""
    await harness.stop()
    port = _free_port()
    app = build_application(harness.settings(), clock=harness.clock, migrate=False)
    await app.initialize()
    assert app.post_init is not None and app.updater is not None
    await app.post_init(app)
    await app.start()
    try:
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="telegram",
            webhook_url="https://bot.example.org/telegram",
            secret_token=WEBHOOK_SECRET,
            allowed_updates=Update.ALL_TYPES,
        )
        yield app, port
    finally:
        await stop_app(app)


async def raw_post(port: int, headers: dict[str, str], body: bytes) -> tuple[bytes, int]:
    """Send a request's headers and the first part of its body, then wait for the answer
    (without sending the rest). Returns the status line and how many bytes were sent."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    writer.write(f"POST /telegram HTTP/1.1\r\nHost: bot\r\n{head}\r\n".encode() + body)
    await writer.drain()
    try:
        async with asyncio.timeout(HANG):  # only a hang: a server waiting for the body
            status = await reader.readline()
            with contextlib.suppress(ConnectionResetError):  # RST: it left our bytes unread
                await reader.read()  # the server closed the connection
    finally:
        writer.close()
    return status, len(body)


HUGE = 90 * 1024 * 1024  # what was posted six times in the reproduction
HANG = 20


async def test_webhook_refuses_a_huge_body_without_the_secret_before_reading_it(
    harness: Harness,
) -> None:
    """Six 90 MB posts with a wrong secret took the bot from 217 MB to 1 GB: tornado read each
    body before python-telegram-bot looked at the header. Only the first 64 kB of each body is
    sent here: the answer must come without the rest."""
    first = b"{" + b" " * 65_535
    json_type = {"Content-Type": "application/json", "Content-Length": str(HUGE)}
    async with webhook_bot(harness) as (_app, port):
        for secret in (None, "", "wrong", WEBHOOK_SECRET[:-1], WEBHOOK_SECRET.upper()):
            headers = dict(json_type)
            if secret is not None:
                headers["X-Telegram-Bot-Api-Secret-Token"] = secret
            status, _ = await raw_post(port, headers, first)
            assert status.startswith(b"HTTP/1.1 403"), (secret, status)
        wrong_type = {**json_type, "Content-Type": "text/plain"}
        wrong_type["X-Telegram-Bot-Api-Secret-Token"] = WEBHOOK_SECRET
        status, _ = await raw_post(port, wrong_type, first)
        assert status.startswith(b"HTTP/1.1 403")
        # The right secret, but far more than any update: refused as too large, also unread.
        right = {**json_type, "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        status, _ = await raw_post(port, right, first)
        assert status.startswith(b"HTTP/1.1 413")
        # Without a length (chunked), reading stops at the cap.
        chunked = {
            "Content-Type": "application/json",
            "Transfer-Encoding": "chunked",
            "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET,
        }
        chunk = b" " * 65_536
        body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(20))
        status, _ = await raw_post(port, chunked, body)
        assert status.split()[1] in (b"400", b"413"), status  # tornado's cap or ours
        # The bot still serves real updates.
        good = 5598
        harness.emulator.user(good).open_chat()
        local = f"http://127.0.0.1:{port}/telegram"
        update = json.dumps(_start_update(200, good))
        assert await harness.emulator.post_raw_webhook(update, WEBHOOK_SECRET, url=local) == 200
        welcome = await harness.emulator.user(good).next_message(timeout=10)
        assert "I agree" in " ".join(welcome.button_texts)


def _unreadable(update_id: int | None, chat_id: int, note: str) -> dict[str, Any]:
    """A message python-telegram-bot cannot parse (no date), carrying a patient's note."""
    return {
        **({} if update_id is None else {"update_id": update_id}),
        "message": {
            "message_id": 1,
            "chat": {"id": chat_id, "type": "private", "first_name": "W"},
            "text": note,
        },
    }


UNREADABLE_NOTE = "walnut-lighthouse-5521 eyelid closed for a minute"


async def test_an_unreadable_update_is_skipped_by_its_id_in_polling(harness: Harness) -> None:
    """PTB logged the raw update ("Received data was ...") and fetched the same batch again,
    thousands of times a second: nothing behind it was ever handled."""
    user = harness.user(5521)
    await onboard(harness, 5521)
    with private_logging("DEBUG", [harness.emulator.token]) as records:
        polls = harness.emulator.stats.calls["getUpdates"]
        raw = await user.send_update(_unreadable(None, 5521, UNREADABLE_NOTE))
        user.drain_events()
        reply = await user.say("/help")  # behind the unreadable one
        assert "/checkin" in reply.text
        polls = harness.emulator.stats.calls["getUpdates"] - polls
    assert polls <= 10, f"{polls} getUpdates calls for two updates"
    text = log_text(records)
    assert f"skipped update {raw['update_id']}" in text
    assert "walnut" not in text and "Received data" not in text
    assert user.drain_events() == []  # nothing was answered for the unreadable one


async def test_an_unreadable_update_is_skipped_by_its_id_in_webhook_mode(
    harness: Harness,
) -> None:
    with private_logging("DEBUG", [harness.emulator.token, WEBHOOK_SECRET]) as records:
        async with webhook_bot(harness) as (_app, port):
            local = f"http://127.0.0.1:{port}/telegram"
            harness.emulator.user(5522).open_chat()
            bad = json.dumps(_unreadable(300, 5522, UNREADABLE_NOTE))
            # 200: Telegram must not send it again (it cannot be read the next time either).
            assert await harness.emulator.post_raw_webhook(bad, WEBHOOK_SECRET, url=local) == 200
            good = json.dumps(_start_update(301, 5522))
            assert await harness.emulator.post_raw_webhook(good, WEBHOOK_SECRET, url=local) == 200
            welcome = await harness.emulator.user(5522).next_message(timeout=10)
            assert "I agree" in " ".join(welcome.button_texts)
    text = log_text(records)
    assert "skipped update 300" in text
    assert "walnut" not in text and "Received data" not in text


def _start_update(update_id: int, chat_id: int) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 1_790_000_000,
            "chat": {"id": chat_id, "type": "private", "first_name": "W"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "W"},
            "text": "/start",
            "entities": [_command(6)],
        },
    }


def _mode(path: str | Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


async def test_sqlite_file_and_its_journal_are_readable_by_the_owner_only(
    tmp_path: Path,
) -> None:
    old = os.umask(0o022)  # a typical, permissive umask
    try:
        path = tmp_path / "new" / "hfs.db"
        url = f"sqlite+aiosqlite:///{path}"
        prepare_sqlite_file(url)
        assert _mode(path) == 0o600
        assert _mode(path.parent) == 0o700
        database = Database(url)
        async with database.engine.begin() as conn:
            await conn.run_sync(SQLModel.metadata.create_all)
        async with database.transaction() as session:
            session.add(Patient(chat_id=1, created_at=datetime.now(UTC)))
        for suffix in ("-wal", "-shm"):
            assert _mode(f"{path}{suffix}") == 0o600, suffix
        await database.dispose()
    finally:
        os.umask(old)
    for other in ("sqlite+aiosqlite:///:memory:", "postgresql+asyncpg://u@h/db"):
        prepare_sqlite_file(other)  # nothing to create, no error


# ---- 6. privacy ---------------------------------------------------------------------------------
async def test_privacy_says_what_why_how_long_and_how_to_export_or_delete(
    harness: Harness, db: Database
) -> None:
    stranger = harness.user(5601)
    text = (await stranger.say("/privacy")).text
    for expected in (
        "What I store",
        "check-ins",
        "notes",
        "medications",
        "Why",
        "How long: until you delete it",
        "/export",
        "/delete",
        "not end-to-end encrypted",
        "logs hold no answers",
        t("privacy_consent_none"),
    ):
        assert expected in text, expected
    assert await patient_row(db, 5601) is None, "/privacy stored someone who never started"
    assert "/privacy" in (await stranger.say("/help")).text


async def test_consent_is_stored_with_its_time_and_text_version(
    harness: Harness, db: Database
) -> None:
    user = harness.user(5602)
    await user.say("/start")
    harness.clock.advance(minutes=3)
    agreed_at = harness.clock.now()
    await user.press("✅ I agree")
    await user.next_message()  # the time-zone question
    stored = await patient_row(db, 5602)
    assert stored is not None
    assert stored.consent_at == agreed_at
    assert stored.consent_version == CONSENT_VERSION
    text = (await user.say("/privacy")).text
    assert f"version {CONSENT_VERSION}" in text and "06:03 UTC" in text and "2026" in text


# The consent version names the text a patient agreed to. Change the welcome text (what is
# stored and why) and this fails: then give CONSENT_VERSION a new value and update both below.
WELCOME_DIGESTS = {
    "2026-11-1": "52771b675cd8e7832a789cfa7dc2bcd050ffe00ac9255a06f4a4fd623a9a72dc",
    "2026-11-2": "9b623837bead59a5aa1d8e38041769cf3465cba430bc86444f1fffde1f872a89",
    "2026-11-3": "e08897a80fa5d29e993aebe3eb52be622c6854d7b4128f9e7aaf983f4b98c234",
}


def test_the_consent_version_changes_with_the_consent_text() -> None:
    digest = hashlib.sha256(t("welcome").encode()).hexdigest()
    assert WELCOME_DIGESTS.get(CONSENT_VERSION) == digest, (
        f"the welcome text changed: bump CONSENT_VERSION and pin {digest}"
    )


async def test_logs_hold_no_health_data_even_at_debug(harness: Harness) -> None:
    note = "quokka-lighthouse-5823 after the funeral"
    labels = [t("freq_3"), t("sev_2"), t("lower_1"), t("impact_4")]
    with private_logging("DEBUG", [harness.emulator.token]) as records:
        user = harness.user(5603)
        await user.say("/start")
        await user.press("✅ I agree")
        await user.next_message()
        await user.say("Berlin")
        await user.next_message()
        await user.press("09:00")
        await user.next_message()
        for label in ("3", "2", "1", "4"):
            await user.press(label)
        await user.say(note)
        await user.next_message()  # the side question
        await user.say("/checkin")
        await user.press("✏️ Change")
        await user.press("1")
    text = log_text(records)
    assert "Processing update" in text and "sendMessage" in text, "DEBUG was not captured"
    assert logs.OMITTED in text
    for secret in [note, "quokka", *labels, ":f:3", ":s:2", ":l:1", ":i:4", ":f:1"]:
        assert secret not in text, f"{secret!r} reached the logs"


def test_database_errors_do_not_log_the_values() -> None:
    from sqlalchemy.exc import IntegrityError

    with private_logging("INFO", ["123456:TEST-token"]) as records:
        try:
            raise IntegrityError(
                "UPDATE checkin SET note=? WHERE checkin.id = ?",
                ("my private note about the funeral", 7),
                Exception("constraint failed"),
            )
        except IntegrityError:
            logging.getLogger("service.test").exception("saving failed")
    text = log_text(records)
    assert "saving failed" in text and "UPDATE checkin SET note" in text
    assert "funeral" not in text and logs.OMITTED in text


def test_pythons_telegram_bots_parse_errors_do_not_log_the_update() -> None:
    """A second line behind service.transport.intake: PTB's own "Received data was ..." records."""
    data = {"update_id": 9, "message": {"text": "my private note about the funeral"}}
    with private_logging("INFO", ["123456:TEST-token"]) as records:
        for name, template in [
            ("telegram.Bot", "Error while parsing updates! Received data was %r"),
            (
                "telegram.ext.Updater",
                "Something went wrong processing the data received from Telegram. "
                "Received data was *not* processed! Received data was: %r",
            ),
        ]:
            try:
                raise ValueError(f"bad value in {data}")
            except ValueError:
                logging.getLogger(name).exception(template, [data])
        logging.getLogger("telegram.request").error('Can not load invalid JSON data: "%s"', data)
    text = log_text(records)
    assert len(records) == 3 and all(logs.OMITTED in r.getMessage() for r in records)
    assert "funeral" not in text
    assert "ValueError" in text  # what went wrong is still said


async def test_no_feature_button_of_one_patient_works_for_another(
    harness: Harness, db: Database
) -> None:
    """Patient A uses every feature, so their chat holds every kind of button; patient B
    replays each of them, and each with its numbers changed. Nothing of A's changes or shows."""
    from datetime import time as clock_time

    tracker = Tracker(harness)
    a = harness.user(5201)
    await onboard(harness, 5201, zone="Europe/Berlin", at=clock_time(9, 0))
    await a.say("/botox 3 Nov 50 zebra note", timeout=15)
    await a.press("onabotulinumtoxinA (Botox)", timeout=15)  # the detail steps' buttons too
    await a.press("Cheek", timeout=15)
    await a.press("✅ Done", timeout=15)
    await a.press("Skip", timeout=15)  # the cheek's units
    await a.press("Skip", timeout=15)  # who injected
    await a.press("✅ Yes", timeout=15)  # the read-back's buttons stay in the chat too
    harness.clock.advance(seconds=11)  # not a flood
    for command in (
        "/botox",  # It started working, Add details
        "/botox_history",
        "/appointment 3 Dec 14:30 Dr Zebra",
        "/appointments",
        "/surgery 2026-11-10",
        "/medication zebrazine 08:00,20:00 100 mg",
        "/medications",
        "/reminders",
        "/weekly sun 18:00",
        "/delete",
    ):
        await a.say(command, timeout=15)
        if command.startswith("/appointment "):
            await a.press("✅ Yes")  # the read-back
    await a.say("/summary", timeout=30)
    await _share_everything(harness, a)
    await harness.advance(hours=1)  # 08:00 Berlin: the dose reminder (Taken / Snooze / Skip)
    await harness.advance(hours=2)  # 10:00 Berlin: the surgery red-flag screen
    stored_a = await patient_row(db, 5201)
    assert stored_a is not None and stored_a.id is not None
    before = await rows_of(db, stored_a.id)
    replayed = callback_data_in(a)
    prefixes = {data.split(":")[0] for data in replayed}
    assert {"ap", "bx", "ci", "data", "md", "mm", "rm", "sg", "sh"} <= prefixes, prefixes

    b = harness.user(5202)
    await onboard(harness, 5202, zone="UTC")
    await b.say("/checkin")
    mutated = [m for data in replayed for m in _mutations(data)]
    seen: list[str] = []
    for data in [*replayed, *mutated]:
        target = b.last_message
        assert target is not None
        _, events = await _tap(tracker, b, target.message_id, data)
        seen += texts_of(events)
    assert await rows_of(db, stored_a.id) == before, "B changed A's data"
    shown = "\n".join(seen)
    for secret in ("Zebra", "zebrazine", "zebra note", "Zebracarer"):
        assert secret not in shown, f"B was shown A's {secret!r}"
    assert await patient_row(db, 5201) is not None, "A's data was deleted by B"
    assert not harness.emulator.internal_errors


async def _share_everything(harness: Harness, a: FakeUser) -> None:
    """A shares the diary (issue 15) and leaves every kind of sharing button in the chat: the
    /share view (change, end, cancel the open invitation, revoke the care-team link), the grant
    switches of a new invitation and of the share, the end-sharing question, the link's days."""
    import re

    carer = harness.user(5203, first_name="Zebracarer")
    payloads = []
    for _ in range(2):  # one invitation is used, the other stays open
        harness.clock.advance(seconds=11)  # not a flood
        shown = await a.say("/share")
        screen = await a.press("➕ Invite someone", message_id=shown.message_id)
        await a.press("🔗 Create the invitation", message_id=screen.message_id)
        found = re.search(r"start=(c_[A-Za-z0-9_-]+)", (await a.next_message()).text or "")
        assert found is not None
        payloads.append(found.group(1))
    offer = await carer.say(f"/start {payloads[0]}")
    await carer.press("✅ I agree", message_id=offer.message_id)
    await a.next_message()  # "Zebracarer now follows your diary"
    harness.clock.advance(seconds=11)
    asked = await a.say("/share doctor")
    await a.press("14 days", message_id=asked.message_id)
    await a.next_message()  # the link to forward
    await a.say("/share")  # the view, left as it is
    for label in ("➕ Invite someone", "✖️ End sharing", "✏️ What Zebracarer gets"):
        harness.clock.advance(seconds=11)
        shown = await a.say("/share")
        await a.press(label, message_id=shown.message_id)
    await a.say("/share doctor")
