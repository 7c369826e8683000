"""A newcomer from /start to a stored first check-in, through the real bot and the emulator."""

from __future__ import annotations

from sqlmodel import select

from service.db.engine import Database
from service.db.models import Checkin, Patient, Schedule
from tests.conftest import Harness
from tests.emulator import BotMessage, FakeUser


class CountingUser:
    """Counts every tap and reply the patient makes."""

    def __init__(self, user: FakeUser) -> None:
        self.user = user
        self.actions = 0

    async def send(self, text: str) -> BotMessage:
        self.actions += 1
        return await self.user.say(text)

    async def tap(self, label: str) -> BotMessage:
        self.actions += 1
        return await self.user.press(label)


def labels(message: BotMessage) -> list[str]:
    return [text for row in message.buttons for text, _ in row]


async def patient_of(db: Database, chat_id: int) -> Patient | None:
    async with db.transaction() as session:
        return (await session.exec(select(Patient).where(Patient.chat_id == chat_id))).first()


async def test_newcomer_reaches_a_stored_checkin_in_nine_actions(
    harness: Harness, db: Database
) -> None:
    patient = CountingUser(harness.user(1001))

    welcome = await patient.send("/start")
    assert (
        "not medical advice" in welcome.text.lower()
        or "do not give medical advice" in welcome.text
    )
    assert any(label.startswith("✅ I agree") for label in labels(welcome))
    stored = await patient_of(db, 1001)
    assert stored is not None and stored.consent_at is None
    assert (stored.timezone, stored.checkin_time, stored.side, stored.treatment) == (None,) * 4

    await patient.tap("✅ I agree")  # the welcome is edited...
    ask_zone = await patient.user.next_message()  # ...and the time-zone question follows
    assert "time zone" in ask_zone.text.lower()
    assert ask_zone.reply_keyboard, "expected a 'Share my location' keyboard"

    zone_set = await patient.send("Berlin")
    assert "Europe/Berlin" in zone_set.text or "Berlin" in zone_set.text
    ask_time = await patient.user.next_message()
    assert "09:00" in labels(ask_time)

    await patient.tap("09:00")
    prompt = await patient.user.next_message()
    assert "How often" in prompt.text
    assert labels(prompt)[0].startswith("0 ")

    severity = await patient.tap("2")
    assert "How noticeable were the spasms around your eye" in severity.text
    lower_face = await patient.tap("1")
    assert "mouth and cheek" in lower_face.text
    impact = await patient.tap("1")
    assert "daily life" in impact.text
    note = await patient.tap("0")
    assert "Anything to add" in note.text

    async with db.transaction() as session:
        checkin = (await session.exec(select(Checkin))).one()
    assert (checkin.frequency, checkin.severity, checkin.lower_face, checkin.impact) == (
        2,
        1,
        1,
        0,
    )
    assert checkin.status == "complete"
    assert patient.actions == 8  # the ratings are stored after the eighth (README)

    done = await patient.tap("Skip")
    assert "Check-in saved" in done.text
    assert patient.actions == 9, f"took {patient.actions} taps/replies"
    ask_side = await patient.user.next_message()
    assert "Which side" in ask_side.text

    await patient.tap("Left")
    ask_treatment = await patient.user.next_message()
    ticked = await patient.tap("Botox")
    assert "✓ Botox injections" in labels(ticked)
    said = await patient.tap("✅ Done")
    assert said.text == "Treatment: Botox injections."
    closing = await patient.user.next_message()
    assert "All set" in closing.text and "09:00" in closing.text and "/help" in closing.text
    assert "treatment" in ask_treatment.text.lower()
    # Botox chosen: the last injection is asked after the set-up's end (skippable).
    last_injection = await patient.user.next_message()
    assert "last" in last_injection.text.lower() and "Not yet / don't know" in labels(
        last_injection
    )
    dropped = await patient.tap("Not yet / don't know")
    assert "nothing saved" in dropped.text

    stored = await patient_of(db, 1001)
    assert stored is not None
    assert stored.consent_at is not None and stored.consent_version
    assert (stored.timezone, stored.checkin_time, stored.side, stored.treatment) == (
        "Europe/Berlin",
        "09:00",
        "left",
        "botox",
    )
    assert stored.dialog is None
    async with db.transaction() as session:
        schedule = (await session.exec(select(Schedule))).one()
    assert schedule.timezone == "Europe/Berlin" and schedule.state == "active"


async def test_declining_consent_stores_nothing(harness: Harness, db: Database) -> None:
    user = harness.user(1002)
    await user.say("/start")
    reply = await user.press("Not now")
    assert "stored nothing" in reply.text
    assert await patient_of(db, 1002) is None


async def test_every_step_can_be_skipped(harness: Harness, db: Database) -> None:
    user = harness.user(1003)
    await user.say("/start")
    await user.press("✅ I agree")
    await user.next_message()
    skipped_zone = await user.say("Skip")
    assert "UTC" in skipped_zone.text
    await user.next_message()  # check-in time question
    await user.press("No daily check-in")
    ask_side = await user.next_message()  # no check-ins wanted: straight to the side
    assert "Which side" in ask_side.text
    await user.press("Skip")
    await user.next_message()
    await user.press("Skip")
    closing = await user.next_message()
    assert "No daily reminder" in closing.text
    stored = await patient_of(db, 1003)
    assert stored is not None and stored.dialog is None
    assert stored.checkin_time is None and stored.side is None


async def test_unknown_time_zone_gets_the_accepted_forms(harness: Harness) -> None:
    user = harness.user(1004)
    await user.say("/start")
    await user.press("✅ I agree")
    await user.next_message()
    reply = await user.say("Atlantis under the sea")
    assert (
        "couldn't find" in reply.text and "UTC+2" in reply.text and "Europe/Berlin" in reply.text
    )
    fixed = await user.say("UTC+2")
    assert "Etc/GMT-2" in fixed.text or "UTC+2" in fixed.text or "+02" in fixed.text


async def test_shared_location_sets_the_zone(harness: Harness, db: Database) -> None:
    user = harness.user(1005)
    await user.say("/start")
    await user.press("✅ I agree")
    await user.next_message()
    await user.send_location(-33.87, 151.21)  # Sydney
    confirmation = await user.next_message()
    assert "Australia/Sydney" in confirmation.text
    stored = await patient_of(db, 1005)
    assert stored is not None and stored.timezone == "Australia/Sydney"


async def test_welcome_and_help_say_nobody_reads_the_answers_and_whom_to_call(
    harness: Harness,
) -> None:
    user = harness.user(1010)
    for text in ((await user.say("/start")).text, (await user.say("/help")).text):
        assert "nobody reads your answers as they come in" in text
        assert "In an emergency, call your local emergency number." in text
