"""A read-back answered by typing: "yes" saves as ✅ Yes would, "no" opens Change, anything
else says how to answer and keeps the read-back open; the tap still works."""

from __future__ import annotations

import pytest
from sqlmodel import select

from service.db.engine import Database
from service.db.models import Appointment, BotoxCycle, Medication
from service.domain.reader import read_yes_no
from tests.conftest import Harness, onboard


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("yes", True), ("Yes.", True), ("OK", True), ("that's right!", True), ("👍", True),
        ("no", False), ("Nope", False), ("change", False), ("wrong", False),
        ("yes but the date is wrong", None), ("tomorrow", None), ("noted", None), ("", None),
        ("40", None),
    ],
)  # fmt: skip
def test_only_plain_yes_or_no_counts(text: str, said: bool | None) -> None:
    assert read_yes_no(text) is said


async def rows(db: Database, model: type) -> list:  # type: ignore[type-arg]
    async with db.transaction() as session:
        return list((await session.exec(select(model))).all())


async def test_typed_yes_saves_an_injection_and_no_opens_change(
    harness: Harness, db: Database
) -> None:
    user = harness.user(13001)
    await onboard(harness, 13001, zone="Europe/Berlin", at=None)
    await user.say("/botox yesterday 40")
    await user.press("Don't know")
    await user.press("Skip")
    readback = await user.press("Skip")
    assert readback.text.endswith("— right?")
    unclear = await user.say("hmm")
    assert "Tap ✅ Yes to save it, or ✏️ Change" in unclear.text
    assert await rows(db, BotoxCycle) == []  # nothing stored on an unclear answer
    change = await user.say("no")
    assert "✏️" in change.text or change.buttons, change.text
    assert await rows(db, BotoxCycle) == []

    await user.say("/botox yesterday 40")
    await user.press("Don't know")
    await user.press("Skip")
    await user.press("Skip")
    saved = await user.say("Yes.")
    assert "Saved: Botox injection" in saved.text
    (cycle,) = await rows(db, BotoxCycle)
    assert cycle.units == 40
    # The read-back is answered: a later "yes" is not taken for it again.
    later = await user.say("yes")
    assert "Saved" not in later.text
    assert len(await rows(db, BotoxCycle)) == 1


async def test_typed_ok_saves_an_appointment_and_a_typed_date_still_changes_it(
    harness: Harness, db: Database
) -> None:
    user = harness.user(13002)
    await onboard(harness, 13002, zone="Europe/Berlin", at=None)
    readback = await user.say("/appointment tomorrow 10:00 neurologist")
    assert readback.text.endswith("— right?")
    moved = await user.say("tomorrow 11:30")  # a typed date still corrects the draft
    assert "11:30" in moved.text and moved.text.endswith("— right?")
    assert await rows(db, Appointment) == []
    saved = await user.say("ok")
    assert "11:30" in saved.text
    (appointment,) = await rows(db, Appointment)
    assert appointment.with_whom == "neurologist"


async def test_typed_yes_saves_a_medication(harness: Harness, db: Database) -> None:
    user = harness.user(13003)
    await onboard(harness, 13003, zone="Europe/Berlin", at=None)
    await user.say("/medication baclofen 10 mg")
    readback = await user.say("8am and 8pm")
    assert readback.text == "baclofen 10 mg at 08:00 and 20:00, every day — right?"
    saved = await user.say("yes")
    assert "Added: baclofen 10 mg" in saved.text
    (med,) = await rows(db, Medication)
    assert med.times == ["08:00", "20:00"]


async def test_typed_yes_saves_a_phone_number_and_an_onset_day(
    harness: Harness, db: Database
) -> None:
    from datetime import date

    from service.db.models import Patient
    from tests.botox_steps import log_botox

    user = harness.user(13004)
    await onboard(harness, 13004, zone="UTC", at=None)
    check = await user.say("/surgery phone 030 9876 5432")
    assert "Is that right?" in check.text
    await user.say("yes")
    async with db.transaction() as session:
        patient = (await session.exec(select(Patient).where(Patient.chat_id == 13004))).one()
    assert patient.surgery_phone == "030 9876 5432"

    await log_botox(user, "/botox 20 Nov")
    harness.clock.advance(seconds=11)
    await user.say("/botox")
    await user.press("✨ It started working")
    back = await user.say("22 Nov")
    assert back.text.endswith("— right?")
    other = await user.say("no")  # Change: another day
    assert "type the day" in other.text.lower() or other.buttons, other.text
    back = await user.say("22 Nov")
    noted = await user.say("ok")
    assert "started working on day 2" in noted.text
    (cycle,) = await rows(db, BotoxCycle)
    assert cycle.onset_reported_on == date(2026, 11, 22)
