"""Guided /medication and changing one by name, end to end with the patient's own words."""

from __future__ import annotations

from sqlmodel import select

from service.db.engine import Database
from service.db.models import Medication, Schedule
from tests.conftest import Harness, onboard


async def meds(db: Database) -> list[Medication]:
    async with db.transaction() as session:
        return list((await session.exec(select(Medication).order_by(Medication.id))).all())


async def dose_times(db: Database) -> list[str]:
    async with db.transaction() as session:
        rows = await session.exec(
            select(Schedule).where(Schedule.kind == "med_dose", Schedule.state == "active")
        )
        return sorted(s.start_local.strftime("%H:%M") for s in rows.all())


async def test_guided_medication_with_buttons_and_typed_answers(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7301)
    await onboard(harness, 7301, at=None)

    asked = await user.say("/medication")
    assert "Which medication?" in asked.text
    labels = [label for row in asked.buttons for label, _ in row]
    assert labels[:5] == ["Carbamazepine", "Oxcarbazepine", "Clonazepam", "Baclofen", "Gabapentin"]
    dose_q = await user.press("Carbamazepine")
    assert "What dose of Carbamazepine" in dose_q.text
    times_q = await user.say("200 mg")  # typed, without Telegram's reply
    assert "How often do you take Carbamazepine 200 mg?" in times_q.text
    unread = await user.say("after breakfast")
    assert "I couldn't read “after breakfast” as times" in unread.text
    assert await meds(db) == []
    readback = await user.say("8am and 8pm")
    assert readback.text == "Carbamazepine 200 mg at 08:00 and 20:00, every day — right?"
    assert await meds(db) == []  # nothing stored before Yes
    fix = await user.press("✏️ Change")
    assert "What would you like to change?" in fix.text
    await user.press("Times")
    readback = await user.say("three times a day")
    assert readback.text == "Carbamazepine 200 mg at 08:00, 14:00 and 20:00, every day — right?"
    await user.press("✏️ Change")
    await user.press("Times")
    readback = await user.press("Twice a day")
    assert readback.text == "Carbamazepine 200 mg at 08:00 and 20:00, every day — right?"
    added = await user.press("✅ Yes")
    assert "Added: Carbamazepine 200 mg, every day at 08:00, 20:00" in added.text
    (med,) = await meds(db)
    assert (med.name, med.dose, med.times) == ("Carbamazepine", "200 mg", ["08:00", "20:00"])
    assert await dose_times(db) == ["08:00", "20:00"]
    # A second Yes stores nothing twice.
    await user.tap_data(readback.message_id, "mg:s:yes")
    assert (await user.say("/medications")).text.count("Carbamazepine") == 1
    assert len(await meds(db)) == 1
    # Free text afterwards is no longer taken as a medication answer.
    assert "Carbamazepine" not in (await user.say("8.30pm")).text


async def test_medication_with_words_the_bot_cannot_read_in_full(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7302)
    await onboard(harness, 7302, at=None)

    asked = await user.say("/medication baclofen 10 mg")
    assert "How often do you take baclofen 10 mg?" in asked.text
    readback = await user.say("8.30pm")
    assert readback.text == "baclofen 10 mg at 20:30, every day — right?"
    await user.press("✅ Yes")

    bad = await user.say("/medication gabapentin 25:00")
    assert "I couldn't read “25:00” as times" in bad.text
    no_dose = await user.say("gabapentin")  # the dose question came first
    assert "What dose of gabapentin" in no_dose.text or "How often" in no_dose.text

    whole = await user.say("/medication clonazepam 0.5 mg at 8am and 8pm")
    assert whole.text == "clonazepam 0.5 mg at 08:00 and 20:00, every day — right?"
    await user.press("✅ Yes")
    assert [(m.name, m.dose, m.times) for m in await meds(db)] == [
        ("baclofen", "10 mg", ["20:30"]),
        ("clonazepam", "0.5 mg", ["08:00", "20:00"]),
    ]


async def test_changing_a_medication_by_name(harness: Harness, db: Database) -> None:
    user = harness.user(7303)
    await onboard(harness, 7303, at=None)
    await user.say("/medication carbamazepine 08:00,20:00 200 mg")
    await user.say("/medication oxcarbazepine 09:00 300 mg")

    unknown = await user.say("/medication change lamotrigine")
    assert "I can't find “lamotrigine” among your medications." in unknown.text
    labels = [label for row in unknown.buttons for label, _ in row]
    assert labels == ["✏️ Change carbamazepine 200 mg", "✏️ Change oxcarbazepine 300 mg"]

    menu = await user.say("/medication change carbamazepine")
    assert "carbamazepine 200 mg, every day at 08:00 and 20:00" in menu.text
    await user.press("Dose")
    times_q = await user.say("400 mg")
    assert "Change to: carbamazepine 400 mg at 08:00 and 20:00, every day — right?" in (
        times_q.text
    )
    changed = await user.press("✅ Yes")
    assert "Changed: carbamazepine 400 mg, now every day at 08:00, 20:00" in changed.text

    menu = await user.say("/medication_change oxcarbazepine")
    assert "oxcarbazepine 300 mg, every day at 09:00" in menu.text
    await user.press("Times")
    await user.say("8am and 8pm")
    await user.press("✅ Yes")
    by_name = {m.name: (m.dose, m.times) for m in await meds(db)}
    assert by_name == {
        "carbamazepine": ("400 mg", ["08:00", "20:00"]),
        "oxcarbazepine": ("300 mg", ["08:00", "20:00"]),
    }
    assert await dose_times(db) == ["08:00", "08:00", "20:00", "20:00"]

    # The list's Change button starts the same guided change.
    await user.say("/medications")
    menu = await user.press("✏️ Change oxcarbazepine")
    assert "What would you like to change?" in menu.text
    # Stopping from there keeps the warning that some must not be stopped suddenly.
    confirm = await user.press("⏹ Stop taking it")
    assert "Stop the reminders for oxcarbazepine 300 mg?" in confirm.text
    assert "Some medicines should not be stopped suddenly" in confirm.text
    stopped = await user.press("⏹ Yes, stop")
    assert "Stopped: oxcarbazepine 300 mg." in stopped.text
    assert "should not be stopped suddenly" in stopped.text
