"""Settings, direct commands, help, odd input, groups and the error handler, end to end."""

from __future__ import annotations

from datetime import time

from sqlmodel import select

from service.db.engine import Database
from service.db.models import Checkin, Patient, Schedule
from service.texts import t
from tests.conftest import Harness, onboard
from tests.test_security import Tracker, last_update_id


async def patient(db: Database, chat_id: int) -> Patient:
    async with db.transaction() as session:
        return (await session.exec(select(Patient).where(Patient.chat_id == chat_id))).one()


def labels(message: object) -> list[str]:
    return [text for row in message.buttons for text, _ in row]  # type: ignore[attr-defined]


async def test_settings_shows_everything_with_buttons(harness: Harness) -> None:
    user = harness.user(6001)
    await onboard(harness, 6001, zone="Europe/Berlin", at=time(9, 0))
    view = await user.say("/settings")
    for expected in ("Europe/Berlin", "09:00", "Affected side: not set", "Reminders: on"):
        assert expected in view.text
    assert {"🌍 Time zone", "⏰ Check-in time", "Side", "Treatment", "⏸ Pause 7 days"} <= set(
        labels(view)
    )


async def test_settings_buttons_change_settings(harness: Harness, db: Database) -> None:
    user = harness.user(6002)
    await onboard(harness, 6002, zone="UTC", at=time(9, 0))
    await user.say("/settings")
    ask = await user.press("⏰ Check-in time")
    assert "20:30" in ask.text
    confirmation = await user.press("20:00")
    assert "20:00" in confirmation.text
    await user.say("/settings")
    await user.press("🌍 Time zone")
    zone = await user.say("America/New_York")
    assert "America/New_York" in zone.text
    await user.say("/settings")
    await user.press("Side")
    await user.press("Right")
    await user.say("/settings")
    paused = await user.press("⏸ Pause 7 days")
    assert "paused until" in paused.text.lower()
    stored = await patient(db, 6002)
    assert (stored.checkin_time, stored.timezone, stored.side, stored.paused) == (
        "20:00",
        "America/New_York",
        "right",
        True,
    )
    async with db.transaction() as session:
        schedule = (await session.exec(select(Schedule))).one()
    assert schedule.timezone == "America/New_York"
    assert schedule.next_due_at is not None
    assert (
        schedule.next_due_at.astimezone(__import__("zoneinfo").ZoneInfo("America/New_York")).hour
        == 20
    )


async def test_direct_commands_and_their_usage(harness: Harness, db: Database) -> None:
    user = harness.user(6003)
    await onboard(harness, 6003, zone="UTC", at=time(9, 0))
    assert "/timezone Europe/Berlin" in (await user.say("/timezone")).text
    unknown = await user.say("/timezone Narnia")
    assert "couldn't find" in unknown.text and "/timezone Berlin" in unknown.text
    assert "Kolkata" in (await user.say("/timezone Kolkata")).text
    assert "/checkin_time 09:00" in (await user.say("/checkin_time")).text
    bad = await user.say("/checkin_time 25:00")
    assert "isn't a time" in bad.text and "/checkin_time 09:00" in bad.text
    assert "07:15" in (await user.say("/checkin_time 7:15")).text
    assert "off" in (await user.say("/checkin_time off")).text
    async with db.transaction() as session:
        schedule = (await session.exec(select(Schedule))).one()
    assert schedule.state == "ended"
    assert "/pause 7" in (await user.say("/pause soon")).text
    assert "until you send /resume" in (await user.say("/pause")).text
    assert "on again" in (await user.say("/resume")).text
    assert "already on" in (await user.say("/resume")).text
    stored = await patient(db, 6003)
    assert stored.timezone == "Asia/Kolkata" and stored.checkin_time is None


async def test_help_lists_every_command_and_menu_is_registered(
    harness: Harness, emulator: object
) -> None:
    from service.bot.registry import all_commands

    commands = all_commands()

    user = harness.user(6004)
    text = (await user.say("/help")).text
    for command in commands:
        assert f"/{command}" in text
    menus = list(harness.emulator.commands.values())
    assert menus, "setMyCommands was not called"
    assert [c["command"] for c in menus[0]] == commands


async def test_nothing_goes_unanswered(harness: Harness) -> None:
    user = harness.user(6005)
    assert "/start" in (await user.say("hello?")).text  # before /start
    await onboard(harness, 6005)
    assert "/checkin" in (await user.say("what now")).text
    assert "/help" in (await user.say("/frobnicate")).text
    await user.send_sticker()
    assert "text and buttons" in (await user.next_message()).text
    await user.send_photo()
    assert "text and buttons" in (await user.next_message()).text


async def test_commands_before_start_ask_for_start(harness: Harness, db: Database) -> None:
    user = harness.user(6006)
    for command in ("/checkin", "/settings", "/pause", "/timezone Berlin"):
        assert "/start" in (await user.say(command)).text
    async with db.transaction() as session:
        assert (await session.exec(select(Patient))).all() == []


async def test_groups_are_turned_away_and_nothing_is_stored(
    harness: Harness, db: Database
) -> None:
    group = harness.emulator.group(chat_id=-100123, title="Family")
    member = harness.user(6007)
    reply = await group.say(member, "/start")
    assert "private chat" in reply.text
    async with db.transaction() as session:
        assert (await session.exec(select(Patient))).all() == []


async def test_a_failing_update_gets_an_apology_and_the_bot_goes_on(
    harness: Harness, db: Database
) -> None:
    user = harness.user(6008)
    await onboard(harness, 6008)
    await user.say("/checkin")
    harness.emulator.fault_methods = frozenset({"editMessageText"})
    harness.emulator.fault_kinds = ("500",)
    harness.emulator.fail_rate = 1.0
    await user.tap("2")
    apology = await user.next_message()
    assert "something went wrong" in apology.text.lower() and "data is safe" in apology.text
    async with db.transaction() as session:
        checkin = (await session.exec(select(Checkin))).one()
    assert checkin.frequency == 2  # stored before the failing edit
    harness.emulator.fail_rate = 0.0
    assert "/checkin" in (await user.say("/help")).text


# "²" and "¹⁰" pass str.isdigit() but int() refuses them; each once crashed its command.
SUPERSCRIPTS = ("²", "¹⁰", "¹⁰²³", "⁰⁹⁰⁰", "⁷ days")
NUMBER_COMMANDS = (
    "/pause",
    "/summary",
    "/report",
    "/checkin_time",
    "/botox",
    "/botox_interval",
    "/medication_change",
    "/appointment",
    "/weekly sun",
)


async def test_superscript_digits_get_a_clear_reply_not_an_error(
    harness: Harness, db: Database
) -> None:
    apology = t("error_generic")
    user = harness.user(6011)
    await user.say("/start")
    await user.press("✅ I agree")
    await user.next_message()  # the time-zone question
    await user.say("UTC")
    await user.next_message()  # the time question
    for text in SUPERSCRIPTS:  # the time step of onboarding
        harness.clock.advance(seconds=1)  # a human pace, under the flood limit
        reply = await user.say(text)
        assert reply.text != apology and "isn't a time" in reply.text, (text, reply.text)
    for command in NUMBER_COMMANDS:
        for text in SUPERSCRIPTS:
            harness.clock.advance(seconds=1)
            reply = await user.say(f"{command} {text}")
            assert reply.text != apology, (command, text)
            # Says what would work: in words, or as buttons (/botox's date picker).
            assert "/" in reply.text or reply.buttons, (command, text, reply.text)
    stored = await patient(db, 6011)
    assert not stored.paused and stored.checkin_time is None


async def test_help_from_a_patient_who_had_blocked_the_bot_makes_them_active(
    harness: Harness, db: Database
) -> None:
    """Telegram's "unblocked" update can be missed (e.g. the bot was down for longer than
    Telegram keeps updates); the patient writing to the bot is proof enough, whatever they
    write."""
    tracker = Tracker(harness)
    user = harness.user(6012)
    await onboard(harness, 6012)
    for first_words in ("/help", "/frobnicate", "sticker"):
        harness.clock.advance(seconds=1)
        user.block()  # Telegram tells the bot: kicked
        await tracker.settle(last_update_id(harness))
        assert not (await patient(db, 6012)).active
        user.unblock(notify=False)  # ...but "unblocked" never arrives
        if first_words == "sticker":
            await user.send_sticker()
            await user.next_message()
        else:
            await user.say(first_words)
        assert (await patient(db, 6012)).active, first_words
