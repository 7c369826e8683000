"""Guided /pause: how long (buttons or typed), whether medication reminders pause too, and a
confirmation that says what pauses until when; /resume turns it all back on."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from sqlmodel import select

from service.bot.pause import resume_day_of
from service.db.engine import Database
from service.db.models import Occurrence, Patient
from service.domain.reader import Context
from tests.conftest import Harness, onboard


async def patient_row(db: Database, chat_id: int) -> Patient:
    async with db.transaction() as session:
        return (await session.exec(select(Patient).where(Patient.chat_id == chat_id))).one()


async def sent_kinds(db: Database) -> list[str]:
    async with db.transaction() as session:
        rows = await session.exec(select(Occurrence).where(Occurrence.status == "sent"))
        return sorted(o.kind for o in rows.all())


async def test_pause_keeping_medication_reminders(harness: Harness, db: Database) -> None:
    # Monday 23 Nov 2026, 07:00 in Berlin.
    user = harness.user(7401)
    await onboard(harness, 7401, zone="Europe/Berlin", at=time(9, 0))
    await user.say("/medication Carbamazepine 08:00,20:00 200 mg")

    asked = await user.say("/pause")
    labels = [label for row in asked.buttons for label, _ in row]
    assert labels == ["1 day", "3 days", "1 week", "2 weeks", "📅 Until a date…",
                      "Until I send /resume"]  # fmt: skip
    assert "Until when?" in (await user.press("📅 Until a date…")).text
    again = await user.say("sometime soon")  # typed, without Telegram's reply
    assert "“sometime soon” isn't a number of days or a date I can read." in again.text
    assert "Until when?" in again.text
    meds_q = await user.say("3 Dec")
    assert meds_q.text == (
        "You have medication reminders (Carbamazepine 200 mg). Shall they pause too, "
        "until Thu 3 Dec?"
    )
    assert not (await patient_row(db, 7401)).paused  # nothing paused before the answer
    done = await user.press("No, keep medication reminders")
    assert done.text == (
        "⏸ Paused until Thu 3 Dec: your check-ins and reminders, except medication reminders. "
        "They start again on Thu 3 Dec; send /resume to start again sooner.\n"
        "💊 Medication reminders keep coming: Carbamazepine 200 mg."
    )
    stored = await patient_row(db, 7401)
    assert stored.paused_until == datetime(2026, 12, 2, 23, tzinfo=UTC)
    # 08:00 the dose comes; 09:00 no check-in.
    assert (await harness.advance(hours=1)).sent == 1
    assert (await user.next_message()).text.startswith("💊 08:00 · Carbamazepine 200 mg")
    await user.press("✅ Taken")
    assert (await harness.advance(hours=1)).sent == 0
    assert await sent_kinds(db) == ["med_dose"]
    view = (await user.say("/reminders")).text
    assert "⏸ Everything except medication reminders is paused until Thu 3 Dec." in view

    resumed = await user.say("/resume")
    assert "on again" in resumed.text
    assert not (await patient_row(db, 7401)).paused_except
    assert (await harness.advance(days=1)).sent >= 2  # the check-in is back, and the doses


async def test_pause_with_medication_reminders_too(harness: Harness, db: Database) -> None:
    user = harness.user(7402)
    await onboard(harness, 7402, zone="Europe/Berlin", at=time(9, 0))
    await user.say("/medication baclofen 08:00 10 mg")
    await user.say("/settings")
    asked = await user.press("⏸ Pause 7 days")  # the settings button asks the same question
    assert "Shall they pause too, until Mon 30 Nov?" in asked.text
    assert not (await patient_row(db, 7402)).paused
    await user.say("/pause")
    asked = await user.press("1 week")
    assert "Shall they pause too, until Mon 30 Nov?" in asked.text
    done = await user.press("Yes, pause them too")
    assert done.text.startswith(
        "⏸ Paused until Mon 30 Nov: your check-ins and all reminders, including medication "
        "reminders (baclofen 10 mg)."
    )
    assert (await harness.advance(hours=3)).sent == 0  # neither the dose nor the check-in

    # Typed with the command: a span of weeks; without medications, no question.
    other = harness.user(7403)
    await onboard(harness, 7403, zone="Europe/Berlin", at=time(9, 0))
    done = await other.say("/pause 2 weeks")
    assert done.text.startswith("⏸ Paused until Mon 7 Dec: your check-ins and all reminders.")


async def test_pause_until_christmas_with_the_command_and_typed(
    harness: Harness, db: Database
) -> None:
    # Monday 23 Nov 2026: "until Christmas" is 25 Dec 2026, the start of that local day.
    user = harness.user(7404)
    await onboard(harness, 7404, zone="Europe/Berlin", at=time(9, 0))
    done = await user.say("/pause until Christmas")
    assert done.text.startswith("⏸ Paused until Fri 25 Dec: your check-ins and all reminders.")
    assert (await patient_row(db, 7404)).paused_until == datetime(2026, 12, 24, 23, tzinfo=UTC)
    await user.say("/resume")

    # Typed as the answer, in another zone: local midnight there.
    other = harness.user(7405)
    await onboard(harness, 7405, zone="America/New_York", at=None)
    await other.say("/pause")
    asked = await other.press("📅 Until a date…")
    assert "“until Christmas”" in asked.text
    done = await other.say("until Christmas")
    assert done.text.startswith("⏸ Paused until Fri 25 Dec")
    assert (await patient_row(db, 7405)).paused_until == datetime(2026, 12, 25, 5, tzinfo=UTC)
    await other.say("/resume")

    # After this Christmas, "until Christmas" is next year's.
    await harness.advance(days=34)  # Sat 26 Dec 2026
    done = await other.say("/pause till Christmas")
    assert done.text.startswith("⏸ Paused until Sat 25 Dec")
    assert (await patient_row(db, 7405)).paused_until == datetime(2027, 12, 25, 5, tzinfo=UTC)


async def test_pause_for_months_and_an_ambiguous_date_asks_which(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7406)
    await onboard(harness, 7406, zone="Europe/Berlin", at=None)
    done = await user.say("/pause 3 months")
    assert done.text.startswith("⏸ Paused until Tue 23 Feb")
    await user.say("/resume")
    await user.say("/pause")
    await user.press("📅 Until a date…")
    asked = await user.say("5/12")
    assert asked.text.startswith("“5/12” could be ")
    labels = [label for row in asked.buttons for label, _ in row]
    assert "Sat 5 Dec" in labels and len(labels) == 2
    assert not (await patient_row(db, 7406)).paused  # never a guess
    done = await user.press("Sat 5 Dec")
    assert done.text.startswith("⏸ Paused until Sat 5 Dec")
    assert (await patient_row(db, 7406)).paused_until == datetime(2026, 12, 4, 23, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7", date(2026, 11, 30)),
        ("2 weeks", date(2026, 12, 7)),
        ("for 3 months", date(2027, 2, 23)),
        ("until Christmas", date(2026, 12, 25)),
        ("till New Year", date(2027, 1, 1)),
        ("3 Dec", date(2026, 12, 3)),
        ("2026-12-24", date(2026, 12, 24)),
        ("3 Nov", date(2027, 11, 3)),  # no year, already past: the next 3 November
        ("2026-11-01", "past"),
        ("yesterday", "past"),
        ("400", "far"),
        ("2028-01-01", "far"),
        ("someday", "form"),
    ],
)
def test_resume_day_of_reads_through_the_one_reader(text: str, expected: object) -> None:
    ctx = Context.for_patient(datetime(2026, 11, 23, 6, tzinfo=UTC), "Europe/Berlin")
    assert resume_day_of(text, ctx) == expected
