"""The medication list keeps its history: every start, dose or times change and stop is an
event (issue 13), shown in /medications and read by the report and the FHIR export."""

from __future__ import annotations

from sqlmodel import col, select

from service.db.engine import Database
from service.db.models import MedicationChange
from tests.conftest import Harness, onboard
from tests.emulator import FakeUser


async def changes(db: Database) -> list[tuple[str, str, str | None, list[str] | None]]:
    async with db.transaction() as session:
        rows = await session.exec(
            select(MedicationChange).order_by(
                col(MedicationChange.changed_at), col(MedicationChange.id)
            )
        )
        return [(str(r.medication_id), r.kind, r.dose, r.times) for r in rows.all()]


async def change(
    user: FakeUser, command: str, what: str, answer: str, check: Database | None = None
) -> None:
    """The guided change: the menu, what to change, the typed answer, Yes on the read-back."""
    menu = await user.say(command)
    await user.press(what, message_id=menu.message_id)
    readback = await user.say(answer)
    assert "right?" in readback.text
    if check is not None:
        assert len(await changes(check)) == 2  # read back first: nothing stored before Yes
    done = await user.press("✅ Yes", message_id=readback.message_id)
    assert "Changed" in done.text, done.text


async def test_starting_changing_and_stopping_are_events_with_their_dose(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7311)
    await onboard(harness, 7311, at=None)
    await user.say("/medication carbamazepine 08:00,20:00 200 mg")
    await harness.advance(days=3)  # the reminders go out meanwhile: not during a tap
    user.drain()
    await user.say("/medication oxcarbazepine 09:00 300 mg")
    assert await changes(db) == [
        ("1", "started", "200 mg", ["08:00", "20:00"]),
        ("2", "started", "300 mg", ["09:00"]),
    ]

    await harness.advance(days=4)  # the reminders go out meanwhile: not during a tap
    user.drain()
    await change(user, "/medication change carbamazepine", "Dose", "400 mg", check=db)
    # The same dose again: stored, but there is no change to record.
    await change(user, "/medication change carbamazepine", "Dose", "400 mg")
    await harness.advance(days=1)  # the reminders go out meanwhile: not during a tap
    user.drain()
    await change(user, "/medication_change oxcarbazepine", "Times", "8am and 8pm")
    listed = (await user.say("/medications")).text
    assert "carbamazepine 400 mg" in listed and "oxcarbazepine 300 mg" in listed
    assert "since Mon 23 Nov · dose or times changed Mon 30 Nov" in listed, listed
    assert "since Thu 26 Nov · dose or times changed Tue 1 Dec" in listed, listed

    listing = await user.say("/medications")
    menu = await user.press("✏️ Change oxcarbazepine", message_id=listing.message_id)
    confirm = await user.press("⏹ Stop taking it", message_id=menu.message_id)
    await user.press("⏹ Yes, stop", message_id=confirm.message_id)
    assert await changes(db) == [
        ("1", "started", "200 mg", ["08:00", "20:00"]),
        ("2", "started", "300 mg", ["09:00"]),
        ("1", "dose", "400 mg", ["08:00", "20:00"]),
        ("2", "times", "300 mg", ["08:00", "20:00"]),
        ("2", "stopped", "300 mg", ["08:00", "20:00"]),
    ]


async def test_the_summary_gives_each_medications_doses_when_there_are_two(
    harness: Harness, db: Database
) -> None:
    """Two medications: each one's doses in /summary; one with no answered dose says so
    (before, the summary said nothing about it, and the report "no doses recorded")."""
    user = harness.user(7312)
    await onboard(harness, 7312, zone="Europe/Berlin", at=None)
    await user.say("/medication carbamazepine 08:00 200 mg")
    await user.say("/medication baclofen 13:00 5 mg")
    await harness.advance(hours=1)  # Mon 08:00: carbamazepine's dose
    prompt = await user.next_message()
    await user.press("✅ Taken", message_id=prompt.message_id)
    text = (await user.say("/summary 7")).text or ""
    assert (
        "💊 Medication: baclofen: no dose answered in these days; carbamazepine: 1 of 1 dose "
        "taken (100%)." in text
    ), text


async def test_the_summary_says_unanswered_doses_per_medication(harness: Harness) -> None:
    """A dose nobody answered is said as not answered (not folded into "not taken"), per
    medication; a medication added since, with no dose answered yet, is listed as such."""
    user = harness.user(7313)
    await onboard(harness, 7313, zone="Europe/Berlin", at=None)
    await user.say("/medication carbamazepine 08:00 200 mg")
    await harness.advance(hours=1)  # Mon 08:00: carbamazepine's dose
    prompt = await user.next_message()
    await user.press("✅ Taken", message_id=prompt.message_id)
    await harness.advance(hours=24)  # Tue 08:00: not answered ...
    await harness.advance(hours=24)  # ... and closed by Wednesday's dose
    user.drain()
    await user.say("/medication baclofen 13:00 5 mg")
    text = (await user.say("/summary 7")).text or ""
    assert (
        "💊 Medication: baclofen: no dose answered in these days; carbamazepine: 1 of 2 doses "
        "taken (50%), 1 not answered." in text
    ), text

    # One medication alone, with no answered dose: said, not left out.
    other = harness.user(7314)
    await onboard(harness, 7314, zone="Europe/Berlin", at=None)
    await other.say("/medication baclofen 13:00 5 mg")
    text = (await other.say("/summary 7")).text or ""
    assert "💊 Medication: baclofen: no dose answered in these days." in text, text
