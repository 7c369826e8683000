"""Hostile and odd input, generated with hypothesis and fed through the real bot and emulator.

Each example makes four fresh chats (a stranger, a newcomer who only sent /start, a patient in
the middle of the set-up, a set-up patient with a check-in open), sends one update of every kind
and then a random mix: any unicode, messages up to Telegram's 4096 characters, every command
with random arguments, random and half-plausible button data, real button taps, edits,
stickers, photos, locations, contacts, other message types and update types no feature handles.

After every update: the bot finished it, anything that deserves an answer got one, every tap got
exactly one callback answer, nothing said "something went wrong". After every example: no error
was logged, the emulator saw no bad request, and the database holds only valid rows.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from functools import partial
from typing import Any
from zoneinfo import available_timezones

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import String
from sqlalchemy import select as sa_select
from sqlmodel import SQLModel

import service.db.models  # noqa: F401  (every table in SQLModel.metadata)
from service.bot.registry import all_commands
from service.domain.scales import NOTE_MAX_CHARS, RATING_MAX, RATING_MIN, Side, Treatment
from service.texts import CONSENT_VERSION
from tests.conftest import Harness, onboard
from tests.emulator import FakeUser
from tests.emulator._markup import utf16_len
from tests.test_security import Tracker, last_update_id

SETTINGS = settings(
    max_examples=5,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: the bot has state
    suppress_health_check=list(HealthCheck),
)
TEXT_LIMIT = 4096  # Telegram's limit for a message, in UTF-16 code units
APOLOGY = "something went wrong"
COUNTS: Counter[str] = Counter()  # generated updates per kind, over the whole module

# ---- strategies ---------------------------------------------------------------------------------
any_char = st.characters(codec="utf-8")  # every code point but lone surrogates
any_text = st.text(any_char, min_size=1, max_size=300)
tricky = st.sampled_from(
    [
        "0",
        "-1",
        "99999999999999999999999",
        "1e9",
        "NaN",
        "inf",
        "25:61",
        "24:00",
        "23:59",
        "9",
        "0900",
        "１２:３０",  # fullwidth digits
        "٠٩:٣٠",  # Arabic-Indic digits
        "off",
        "OFF",
        "2026-02-30",
        "29.02.2027",
        "31/12/1999",
        "tomorrow",
        "Europe/Berlin",
        "europe/berlin",
        "UTC+14",
        "UTC-12:30",
        "UTC+99",
        "Etc/GMT+5",
        "../../etc/passwd",
        "'; DROP TABLE patient; --",
        "%s%s%n",
        "{0}{name}",
        "\u202eevil",
        "<b>x</b>",
        "*bold* _it_",
        "\x00",
        " ",
        "🙂" * 50,
    ]
)
args = st.one_of(st.just(""), tricky, any_text, st.text(max_size=40))
lat = st.floats(min_value=-90, max_value=90, allow_nan=False)
lon = st.floats(min_value=-180, max_value=180, allow_nan=False)
PREFIXES = ["ci", "pf", "st", "bx", "ap", "sg", "md", "mm", "rm", "sm", "data", "xx"]
part = st.one_of(
    st.integers(-(2**63), 2**63),
    st.sampled_from(["f", "s", "i", "n", "c", "x", "z", "y", "d", "p", "r", "t", "u", "o", "m"]),
    st.sampled_from(["consent", "yes", "no", "time", "side", "tr", "tz", "pause7", "resume"]),
    st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=8),
)
shaped_data = st.builds(
    lambda prefix, parts: ":".join([prefix, *map(str, parts)]),
    st.sampled_from(PREFIXES),
    st.lists(part, max_size=5),
)
random_data = st.one_of(st.text(any_char, max_size=80), st.text(max_size=64))


def fit(text: str, limit: int = TEXT_LIMIT) -> str:
    """Cut ``text`` to ``limit`` UTF-16 code units (never inside a character)."""
    while utf16_len(text) > limit:
        text = text[: max(1, len(text) - (utf16_len(text) - limit))]
    return text


huge_text = st.builds(
    lambda unit, target: fit(unit * (target // max(1, utf16_len(unit)) + 1), target),
    st.text(any_char, min_size=1, max_size=40),
    st.integers(3000, TEXT_LIMIT),
)


# ---- the chats ----------------------------------------------------------------------------------
class Fuzzer:
    """Sends updates of every kind and checks each is handled and answered."""

    def __init__(self, harness: Harness, tracker: Tracker, data: st.DataObject) -> None:
        self.harness = harness
        self.tracker = tracker
        self.data = data
        self.sent_texts: dict[int, list[int]] = {}  # chat -> ids of its text messages
        self.next_raw_message_id = 500_000

    def draw(self, strategy: st.SearchStrategy[Any], label: str) -> Any:
        return self.data.draw(strategy, label=label)

    async def setup(self, base: int) -> list[FakeUser]:
        """A stranger, a newcomer, a patient mid-set-up, a set-up patient mid-check-in and one
        whose note is awaited."""
        stranger, newcomer, midway, patient, noting = (
            self.harness.user(base + i) for i in range(5)
        )
        await self.step(stranger, "setup", lambda: stranger.send("/help"), answered=True)
        await self.step(newcomer, "setup", lambda: newcomer.send("/start"), answered=True)
        await self.step(midway, "setup", lambda: midway.send("/start"), answered=True)
        await self.step(midway, "setup", lambda: midway.tap("✅ I agree"), answered=True)
        await onboard(self.harness, patient.chat_id, zone="Europe/Berlin")
        await self.step(patient, "setup", lambda: patient.send("/checkin"), answered=True)
        await onboard(self.harness, noting.chat_id, zone="Asia/Kathmandu")
        await self.step(noting, "setup", lambda: noting.send("/checkin"), answered=True)
        for label in ("4", "0", "2"):
            await self.step(noting, "setup", partial(noting.tap, label), answered=True)
        return [stranger, newcomer, midway, patient, noting]

    async def step(
        self, user: FakeUser, kind: str, send: Any, *, answered: bool, query: bool = False
    ) -> None:
        """One update: send it, wait until the bot is done with it, check what came back."""
        self.harness.clock.advance(seconds=1)  # a brisk human pace, under the flood limit
        user.drain_events()
        result = await send()
        update_id = last_update_id(self.harness)
        await self.tracker.settle(update_id)
        events = user.drain_events()
        if kind != "setup":
            COUNTS[kind] += 1
        shown = [e.message.text or "" for e in events if e.message is not None]
        shown += [e.answer.text or "" for e in events if e.answer is not None]
        assert not any(APOLOGY in text.lower() for text in shown), (kind, shown)
        if answered:
            assert any(e.kind in ("message", "edit", "callback_answer") for e in events), (
                f"{kind}: no answer"
            )
        if query:
            answers = [e for e in events if e.answer is not None and e.answer.query_id == result]
            assert len(answers) == 1, f"{kind}: {len(answers)} callback answers"
        if kind in ("text", "huge_text", "command", "reply_button") and isinstance(result, dict):
            self.sent_texts.setdefault(user.chat_id, []).append(result["message_id"])

    async def act(self, user: FakeUser, kind: str) -> None:
        """One generated update of ``kind`` from ``user``."""
        if kind == "text":
            text = self.draw(any_text, "text")
            await self.step(user, kind, lambda: user.send(text), answered=True)
        elif kind == "huge_text":
            text = self.draw(huge_text, "huge text")
            await self.step(user, kind, lambda: user.send(text), answered=True)
        elif kind == "command":
            await self.command(user, self.draw(st.sampled_from(COMMANDS), "command"))
        elif kind in ("callback_random", "callback_shaped"):
            strategy = random_data if kind == "callback_random" else shaped_data
            data = self.draw(strategy, "callback data")
            await self.tap(user, kind, data)
        elif kind == "button":
            buttons = [
                data
                for message in user.messages.values()
                for row in message.buttons
                for _, data in row
                if data
            ]
            if not buttons:
                return await self.act(user, "callback_shaped")
            await self.tap(user, kind, self.draw(st.sampled_from(sorted(buttons)), "button"))
        elif kind == "reply_button":
            labels = [label for row in user.reply_keyboard or [] for label in row]
            if not labels:
                return await self.act(user, "text")
            label = self.draw(st.sampled_from(labels), "reply button")
            await self.step(user, kind, lambda: user.send(label), answered=True)
        elif kind == "edit":
            mine = self.sent_texts.get(user.chat_id)
            if not mine:
                return await self.act(user, "text")
            message_id = self.draw(st.sampled_from(mine), "edited message")
            text = self.draw(any_text, "new text")
            await self.step(user, kind, lambda: user.edit_message(message_id, text), answered=True)
        elif kind == "sticker":
            emoji = self.draw(st.text(any_char, min_size=1, max_size=2), "emoji")
            await self.step(user, kind, lambda: user.send_sticker(emoji), answered=True)
        elif kind == "photo":
            caption = self.draw(st.none() | any_text, "caption")
            await self.step(user, kind, lambda: user.send_photo(caption=caption), answered=True)
        elif kind == "location":
            where = (self.draw(lat, "latitude"), self.draw(lon, "longitude"))
            await self.step(user, kind, lambda: user.send_location(*where), answered=True)
        elif kind == "contact":
            phone = self.draw(st.text("+0123456789 -()", min_size=1, max_size=20), "phone")
            name = self.draw(st.text(any_char, min_size=1, max_size=30), "name")
            await self.step(
                user, kind, lambda: user.send_contact(phone, first_name=name), answered=True
            )
        elif kind == "other_message":
            content = self.draw(st.sampled_from(OTHER_MESSAGES), "message kind")
            raw = {"message": self.raw_message(user, content)}
            await self.step(user, kind, lambda: user.send_update(raw), answered=True)
        elif kind == "unknown_update":
            make = self.draw(st.sampled_from(sorted(UPDATES)), "update kind")
            raw = UPDATES[make](user, self)
            await self.step(user, kind, lambda: user.send_update(raw), answered=False)
        else:  # pragma: no cover
            raise AssertionError(kind)
        return None

    async def command(self, user: FakeUser, name: str) -> None:
        """``/name`` (sometimes addressed to this bot or another) with random arguments."""
        suffix = self.draw(st.sampled_from(["", "", "@hfs_test_bot", "@other_bot"]), "to")
        arg = self.draw(args, "arguments")
        separator = self.draw(st.sampled_from([" ", "  ", "\n", ""]), "separator")
        text = fit(f"/{name}{suffix}{separator if arg else ''}{arg}")
        await self.step(user, "command", lambda: user.send(text), answered=True)

    async def tap(self, user: FakeUser, kind: str, data: str) -> None:
        """A callback query with ``data`` on the newest bot message in the chat."""
        target = user.last_message
        assert target is not None
        await self.step(
            user, kind, lambda: user.tap_data(target.message_id, data), answered=True, query=True
        )

    def raw_message(self, user: FakeUser, content: dict[str, Any]) -> dict[str, Any]:
        self.next_raw_message_id += 1
        return {
            "message_id": self.next_raw_message_id,
            "date": 1_790_000_000,
            "chat": dict(user.chat),
            "from": user.as_dict(),
            **content,
        }


COMMANDS = [*all_commands(), "frobnicate", "START", "Help", "checkin_", "a" * 32]
KINDS = (
    "text",
    "huge_text",
    "command",
    "callback_random",
    "callback_shaped",
    "button",
    "reply_button",
    "edit",
    "sticker",
    "photo",
    "location",
    "contact",
    "other_message",
    "unknown_update",
)
WEIGHTED_KINDS = (*KINDS, "button", "button", "text", "huge_text")  # taps reach the flows
FILE = {"file_id": "BQACAgIAAxkBAAIB", "file_unique_id": "AgADBAAD"}
OTHER_MESSAGES: list[dict[str, Any]] = [
    {"dice": {"emoji": "🎲", "value": 6}},
    {"voice": {**FILE, "duration": 3}},
    {"audio": {**FILE, "duration": 30}},
    {"document": {**FILE, "file_name": "report.pdf"}, "caption": "my scan"},
    {"video_note": {**FILE, "length": 240, "duration": 5}},
    {"animation": {**FILE, "width": 1, "height": 1, "duration": 1}},
    {
        "venue": {
            "location": {"latitude": 48.1, "longitude": 11.6},
            "title": "Clinic",
            "address": "x",
        }
    },
    {"content_from_a_future_bot_api": {"x": 1}},  # unknown fields are kept, not fatal
    {
        "text": "forwarded",
        "forward_origin": {"type": "hidden_user", "date": 1, "sender_user_name": "X"},
    },
]


def _reaction(user: FakeUser, fuzz: Fuzzer) -> dict[str, Any]:
    return {
        "message_reaction": {
            "chat": dict(user.chat),
            "message_id": 1,
            "user": user.as_dict(),
            "date": 1_790_000_000,
            "old_reaction": [],
            "new_reaction": [{"type": "emoji", "emoji": "👍"}],
        }
    }


def _member(user: FakeUser, fuzz: Fuzzer) -> dict[str, Any]:
    bot = fuzz.harness.emulator.bot_user()
    return {
        "my_chat_member": {
            "chat": dict(user.chat),
            "from": user.as_dict(),
            "date": 1_790_000_000,
            "old_chat_member": {"status": "member", "user": bot},
            "new_chat_member": {"status": "kicked", "user": bot, "until_date": 0},
        }
    }


UPDATES: dict[str, Any] = {
    "inline_query": lambda u, f: {
        "inline_query": {"id": "1", "from": u.as_dict(), "query": "hfs", "offset": ""}
    },
    "chosen_inline_result": lambda u, f: {
        "chosen_inline_result": {"result_id": "1", "from": u.as_dict(), "query": "x"}
    },
    "poll_answer": lambda u, f: {
        "poll_answer": {
            "poll_id": "1",
            "user": u.as_dict(),
            "option_ids": [0],
            "option_persistent_ids": ["a"],
        }
    },
    "message_reaction": _reaction,
    "my_chat_member": _member,
    "shipping_query": lambda u, f: {
        "shipping_query": {
            "id": "1",
            "from": u.as_dict(),
            "invoice_payload": "x",
            "shipping_address": {
                "country_code": "DE",
                "state": "",
                "city": "Berlin",
                "street_line1": "a",
                "street_line2": "",
                "post_code": "1",
            },
        }
    },
    "pre_checkout_query": lambda u, f: {
        "pre_checkout_query": {
            "id": "1",
            "from": u.as_dict(),
            "currency": "EUR",
            "total_amount": 100,
            "invoice_payload": "x",
        }
    },
    "chat_join_request": lambda u, f: {
        "chat_join_request": {
            "chat": {"id": -1007, "type": "supergroup", "title": "G"},
            "from": u.as_dict(),
            "user_chat_id": u.chat_id,
            "date": 1_790_000_000,
        }
    },
    "edited_message_of_nothing": lambda u, f: {
        "edited_message": {**f.raw_message(u, {"text": "ghost"}), "edit_date": 1_790_000_001}
    },
}


# ---- the database holds only valid rows ---------------------------------------------------------
ZONES = available_timezones()
HHMM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


async def assert_valid_rows(harness: Harness) -> None:
    """Every stored row is one the bot could have meant to store."""
    assert harness.app is not None
    async with harness.app.bot_data.db.engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            rows = [dict(r._mapping) for r in await conn.execute(sa_select(table))]
            for row in rows:
                for column in table.columns:  # what PostgreSQL would refuse, SQLite keeps
                    value = row[column.name]
                    if isinstance(column.type, String) and column.type.length and value:
                        assert len(value) <= column.type.length, (table.name, column.name)
                    if isinstance(value, str):
                        assert "\x00" not in value, (table.name, column.name)
                if table.name == "checkin":
                    for rating in ("frequency", "severity", "impact"):
                        assert row[rating] is None or RATING_MIN <= row[rating] <= RATING_MAX
                    assert row["note"] is None or 0 < len(row["note"]) <= NOTE_MAX_CHARS
                if table.name == "patient":
                    assert row["timezone"] is None or row["timezone"] in ZONES, row
                    assert row["checkin_time"] is None or HHMM.fullmatch(row["checkin_time"])
                    assert row["side"] in (None, *(s.value for s in Side)), row
                    assert row["treatment"] in (None, *(x.value for x in Treatment)), row
                    assert row["consent_version"] in (None, CONSENT_VERSION), row
                if table.name == "schedule":
                    assert row["timezone"] in ZONES, row


def assert_no_errors(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    """Nothing reached the error handler or went wrong inside the emulator."""
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [f"{r.name}: {r.getMessage()}" for r in errors]
    assert harness.emulator.internal_errors == []
    refused = [
        f"{call.method} -> {call.status} {call.description}"
        for call in harness.emulator.api_log
        if call.status >= 400 and "message is not modified" not in (call.description or "")
    ]  # "not modified" (a second tap on the same answer) is expected and handled
    assert refused == [], refused


# ---- the tests ----------------------------------------------------------------------------------
EXAMPLE = Counter[str]()


@SETTINGS
@given(data=st.data())
async def test_any_input_is_handled_answered_and_stored_validly(
    harness: Harness, caplog: pytest.LogCaptureFixture, data: st.DataObject
) -> None:
    tracker = getattr(harness, "_fuzz_tracker", None) or Tracker(harness)
    harness._fuzz_tracker = tracker  # type: ignore[attr-defined]
    EXAMPLE["n"] += 1
    fuzz = Fuzzer(harness, tracker, data)
    users = await fuzz.setup(700_000 + 10 * EXAMPLE["n"])
    await fuzz.act(users[-1], "huge_text")  # as the awaited note
    await fuzz.act(users[2], "reply_button")  # the time-zone question's keyboard
    await fuzz.act(users[2], "edit")  # an answer to it, edited
    for kind in KINDS:  # one of each kind, then a random mix
        await fuzz.act(data.draw(st.sampled_from(users), label="chat"), kind)
    for _ in range(data.draw(st.integers(20, 40), label="updates")):
        user = data.draw(st.sampled_from(users), label="chat")
        await fuzz.act(user, data.draw(st.sampled_from(WEIGHTED_KINDS), label="kind"))
    await assert_valid_rows(harness)
    assert_no_errors(harness, caplog)


@settings(SETTINGS, max_examples=1)
@given(data=st.data())
async def test_every_command_with_random_arguments(
    harness: Harness, caplog: pytest.LogCaptureFixture, data: st.DataObject
) -> None:
    tracker = getattr(harness, "_fuzz_tracker", None) or Tracker(harness)
    harness._fuzz_tracker = tracker  # type: ignore[attr-defined]
    EXAMPLE["n"] += 1
    fuzz = Fuzzer(harness, tracker, data)
    users = await fuzz.setup(800_000 + 10 * EXAMPLE["n"])
    for name in all_commands():
        for user in users:
            await fuzz.command(user, name)
    await assert_valid_rows(harness)
    assert_no_errors(harness, caplog)


def test_report_generated_updates_per_kind(capsys: pytest.CaptureFixture[str]) -> None:
    """Runs after the fuzz tests in this module: says how much was generated, of what."""
    if not COUNTS:
        pytest.skip("run with the fuzz tests above")
    with capsys.disabled():
        total = sum(COUNTS.values())
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(COUNTS.items()))
        print(f"\nfuzzed updates: {total} ({kinds})")
    assert set(COUNTS) >= set(KINDS), set(KINDS) - set(COUNTS)
    assert total >= 200
