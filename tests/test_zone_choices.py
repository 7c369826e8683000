"""Issue 12 (conversation gaps): a typed UTC offset is warned about and the places at it are
offered; a shared location asks before it changes the zone. End to end, in the patient's words."""

from __future__ import annotations

from sqlmodel import select

from service.db.engine import Database
from service.db.models import Patient
from tests.conftest import Harness, onboard
from tests.emulator import BotMessage

SUMMER_WARNING = "will not follow summer time"


def labels(message: BotMessage) -> list[str]:
    return [text for row in message.buttons for text, _ in row]


async def zone_of(db: Database, chat_id: int) -> str | None:
    async with db.transaction() as session:
        stmt = select(Patient).where(Patient.chat_id == chat_id)
        patient = (await session.exec(stmt)).first()
        assert patient is not None
        return patient.timezone


async def test_offset_typed_in_setup_offers_the_cities_at_it(
    harness: Harness, db: Database
) -> None:
    user = harness.user(12201)
    await user.say("/start")
    await user.press("✅ I agree")
    await user.next_message()
    warned = await user.say("UTC+2")
    assert SUMMER_WARNING in warned.text and "UTC+02:00" in warned.text
    offered = labels(warned)
    assert {"Cairo", "Johannesburg", "Kyiv"} <= set(offered)  # the clock on 23 November
    assert "Berlin" not in offered  # UTC+1 in November
    assert offered[-1] == "Keep UTC+02:00 (no summer time)"
    assert await zone_of(db, 12201) is None  # nothing stored before the patient chooses
    chosen = await user.press("Cairo")
    assert "Africa/Cairo" in chosen.text
    ask_time = await user.next_message()
    assert "09:00" in labels(ask_time)  # the set-up goes on
    assert await zone_of(db, 12201) == "Africa/Cairo"


async def test_offset_after_timezone_command_can_be_kept(harness: Harness, db: Database) -> None:
    user = harness.user(12202)
    await onboard(harness, 12202, zone="Europe/Berlin")
    warned = await user.say("/timezone UTC+2")
    assert SUMMER_WARNING in warned.text
    assert await zone_of(db, 12202) == "Europe/Berlin"
    kept = await user.press("Keep UTC+02:00 (no summer time)")
    assert "UTC+02:00" in kept.text and "now 08:00 there" in kept.text
    assert await zone_of(db, 12202) == "Etc/GMT-2"


async def test_offset_typed_in_settings_offers_new_york(harness: Harness, db: Database) -> None:
    user = harness.user(12203)
    await onboard(harness, 12203, zone="Europe/Berlin")
    await user.say("/settings")
    await user.press("🌍 Time zone")
    warned = await user.say("utc-5")
    assert SUMMER_WARNING in warned.text and "UTC-05:00" in warned.text
    assert "New York" in labels(warned) and "Keep UTC-05:00 (no summer time)" in labels(warned)
    chosen = await user.press("New York")
    assert "America/New_York" in chosen.text
    assert await zone_of(db, 12203) == "America/New_York"


async def test_a_city_or_a_half_hour_offset_is_not_warned_about(
    harness: Harness, db: Database
) -> None:
    user = harness.user(12204)
    await onboard(harness, 12204, zone="Europe/Berlin")
    said = await user.say("/timezone UTC+5:30")  # a real place's zone (India), stored at once
    assert SUMMER_WARNING not in said.text and "Asia/Kolkata" in said.text
    assert await zone_of(db, 12204) == "Asia/Kolkata"


async def test_location_with_no_question_open_asks_first(harness: Harness, db: Database) -> None:
    user = harness.user(12205)
    await onboard(harness, 12205, zone="Europe/Berlin")
    await user.send_location(-33.87, 151.21)  # Sydney
    asked = await user.next_message()
    assert asked.text == "Change your time zone to Sydney time (Australia/Sydney)?"
    assert labels(asked) == ["✅ Yes", "No"]
    assert await zone_of(db, 12205) == "Europe/Berlin"
    kept = await user.press("No")
    assert kept.text == "Okay, nothing changed: your time zone stays Berlin time (Europe/Berlin)."
    assert await zone_of(db, 12205) == "Europe/Berlin"
    await user.send_location(52.52, 13.40)  # even the zone already set is asked about
    again = await user.next_message()
    assert again.text == "Change your time zone to Berlin time (Europe/Berlin)?"
    await user.send_location(-33.87, 151.21)
    await user.next_message()
    changed = await user.press("✅ Yes")
    assert "Australia/Sydney" in changed.text
    assert await zone_of(db, 12205) == "Australia/Sydney"


async def test_location_after_timezone_command_is_taken_at_once(
    harness: Harness, db: Database
) -> None:
    user = harness.user(12206)
    await onboard(harness, 12206, zone="Europe/Berlin")
    asked = await user.say("/timezone")
    assert "/timezone Europe/Berlin" in asked.text and asked.reply_keyboard
    await user.send_location(-33.87, 151.21)
    said = await user.next_message()
    assert "Time zone set: Australia/Sydney" in said.text
    assert await zone_of(db, 12206) == "Australia/Sydney"
