"""The guided /appointment dialog end to end, in the patient's own words: read with the one
reader (prefer the future), what is missing asked with buttons, read back before storing, never
two appointments at the same time, the planned Botox date after a visit, and /reminders naming
each appointment. The clock starts on Mon 23 Nov 2026, 07:00 in Berlin."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from service.db.engine import Database
from service.db.models import Appointment, Schedule
from tests.conftest import Harness, onboard
from tests.emulator import BotMessage


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def yes_data(message: BotMessage) -> str:
    """What the read-back's Yes button carried."""
    data = dict(button for row in message.buttons for button in row)["✅ Yes"]
    assert data is not None
    return data


async def appointments(db: Database) -> list[Appointment]:
    async with db.transaction() as session:
        return list((await session.exec(select(Appointment).order_by(Appointment.id))).all())


async def active_schedules(db: Database) -> list[Schedule]:
    async with db.transaction() as session:
        stmt = select(Schedule).where(Schedule.state == "active").order_by(Schedule.id)
        return list((await session.exec(stmt)).all())


@pytest.mark.parametrize(
    ("typed", "read_back", "start"),
    [
        (
            "/appointment next Monday 10:30",
            "on Mon 30 Nov at 10:30 — right?",
            utc(2026, 11, 30, 9, 30),
        ),
        ("/appointment in 2 weeks 10:00", "on Mon 7 Dec at 10:00 — right?", utc(2026, 12, 7, 9)),
        ("/appointment tomorrow 2pm", "on Tue 24 Nov at 14:00 — right?", utc(2026, 11, 24, 13)),
        (
            "/appointment 3 Dec 9am neurologist",
            "on Thu 3 Dec at 09:00 – neurologist — right?",
            utc(2026, 12, 3, 8),
        ),
    ],
)
async def test_typed_in_one_go_is_read_back_before_it_is_stored(
    harness: Harness, db: Database, typed: str, read_back: str, start: datetime
) -> None:
    user = harness.user(7101)
    await onboard(harness, 7101, zone="Europe/Berlin", at=None)
    asked = await user.say(typed)
    assert asked.text == "Appointment " + read_back
    assert asked.button_texts == ["✅ Yes", "✏️ Change"]
    assert await appointments(db) == []  # nothing stored before Yes
    saved = await user.press("✅ Yes")
    assert saved.is_edit and "Appointment saved" in saved.text
    (appt,) = await appointments(db)
    assert appt.starts_at == start and appt.status == "scheduled"
    # A second Yes on the same read-back stores nothing more.
    user.drain_events()
    await user.tap_data(asked.message_id, yes_data(asked))
    assert "expired" in ((await user.next_callback_answer()).text or "")
    assert len(await appointments(db)) == 1


async def test_a_date_without_a_time_asks_for_it_and_reads_a_typed_8_30pm(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7102)
    await onboard(harness, 7102, zone="Europe/Berlin", at=None)
    ask_time = await user.say("/appointment 3 Dec")
    assert "What time on Thu 3 Dec?" in ask_time.text and "8.30pm" in ask_time.text
    assert ask_time.button_texts[:4] == ["08:00", "09:00", "10:00", "11:00"]
    bad = await user.say("after lunch")
    assert "couldn't read a time in “after lunch”" in bad.text and "What time" in bad.text
    ask_what = await user.say("8.30pm")
    assert "Who or where" in ask_what.text and ask_what.button_texts == ["Skip"]
    check = await user.say("neurologist, City Hospital")
    assert check.text == "Appointment on Thu 3 Dec at 20:30 – neurologist, City Hospital — right?"
    await user.press("✅ Yes")
    (appt,) = await appointments(db)
    assert appt.starts_at == utc(2026, 12, 3, 19, 30)
    assert appt.with_whom == "neurologist, City Hospital"


async def test_an_ambiguous_11_3_gets_two_buttons(harness: Harness, db: Database) -> None:
    user = harness.user(7103)
    await onboard(harness, 7103, zone="Europe/Berlin", at=None)
    which = await user.say("/appointment 11/3 10:00 Dr Lee")
    assert "“11/3 10:00 Dr Lee” can be read two ways" in which.text
    assert which.button_texts == ["Wed 3 Nov 2027", "Thu 11 Mar 2027"]
    check = await user.press("Thu 11 Mar 2027")
    assert check.text == "Appointment on Thu 11 Mar at 10:00 – Dr Lee — right?"
    await user.press("✅ Yes")
    (appt,) = await appointments(db)
    assert appt.starts_at == utc(2027, 3, 11, 9) and appt.with_whom == "Dr Lee"


async def test_guided_without_arguments_with_buttons_and_change_by_typing(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7104)
    await onboard(harness, 7104, zone="Europe/Berlin", at=None)
    picker = await user.say("/appointment")
    assert "When is the appointment?" in picker.text
    times = await user.press("Tomorrow")
    assert times.is_edit and "What time on Tue 24 Nov?" in times.text
    what = await user.press("10:00")
    assert "Who or where" in what.text
    check = await user.press("Skip")
    assert check.text == "Appointment on Tue 24 Nov at 10:00 — right?"
    # Change: the date again; a typed answer (no Telegram reply) works.
    again = await user.press("✏️ Change")
    assert "When is the appointment?" in again.text
    other = await user.press("Another date…")
    assert "Type the date" in other.text
    check = await user.say("Friday 9:15")
    assert check.text == "Appointment on Fri 27 Nov at 09:15 — right?"
    saved = await user.press("✅ Yes")
    assert "Fri 27 Nov 09:15 (Europe/Berlin)." in saved.text
    (appt,) = await appointments(db)
    assert appt.starts_at == utc(2026, 11, 27, 8, 15) and appt.with_whom is None
    assert "didn't catch a question" in (await user.say("Friday 9:15")).text


async def test_an_unreadable_command_starts_the_dialog_showing_what_was_typed(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7105)
    await onboard(harness, 7105, zone="Europe/Berlin", at=None)
    picker = await user.say("/appointment sometime soon with Dr Who")
    assert "“sometime soon with Dr Who”" in picker.text and "Tomorrow" in picker.button_texts
    await user.press("In 2 weeks")
    await user.press("14:00")
    check = await user.say("Dr Who")
    assert check.text == "Appointment on Mon 7 Dec at 14:00 – Dr Who — right?"


async def test_a_second_appointment_at_the_same_time_is_never_stored_twice(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7106)
    await onboard(harness, 7106, zone="Europe/Berlin", at=None)
    await user.say("/appointment 1 Dec 14:30 Dr Smith")
    await user.press("✅ Yes")
    reminders_before = len(await active_schedules(db))
    clash = await user.say("/appointment 1 Dec 14:30 dentist")
    assert clash.text.startswith(
        "You already have an appointment then: Tue 1 Dec 14:30 – Dr Smith"
    )
    assert clash.button_texts == ["Keep the existing one", "Replace"]
    kept = await user.press("Keep the existing one")
    assert "Kept: your appointment on Tue 1 Dec 14:30" in kept.text
    assert [(a.with_whom, a.status) for a in await appointments(db)] == [("Dr Smith", "scheduled")]
    assert len(await active_schedules(db)) == reminders_before
    # The same time typed another way ("2:30 pm") is the same time; Replace swaps them.
    await user.say("/appointment 1 Dec 2:30 pm dentist")
    replaced = await user.press("Replace")
    assert "Appointment saved: Tue 1 Dec 14:30 (Europe/Berlin) – dentist" in replaced.text
    rows = [(a.with_whom, a.status) for a in await appointments(db)]
    assert rows == [("Dr Smith", "cancelled"), ("dentist", "scheduled")]
    schedules = await active_schedules(db)
    assert len(schedules) == reminders_before and {s.ref_id for s in schedules} == {2}
    # The day before, one reminder only.
    sent = (
        await harness.advance(
            seconds=(utc(2026, 11, 30, 13, 30) - harness.clock.now()).total_seconds()
        )
    ).sent
    assert sent == 1
    assert "dentist" in (await user.next_message()).text


async def test_after_visit_new_botox_date_takes_a_planned_date_as_an_appointment(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7107)
    await onboard(harness, 7107, zone="Europe/Berlin", at=None)
    await user.say("/appointment 23 Nov 10:00 Dr Smith")
    await user.press("✅ Yes")
    await harness.advance(seconds=(utc(2026, 11, 23, 12) - harness.clock.now()).total_seconds())
    user.drain()
    await user.press("💉 New Botox date")
    ask = await user.next_message()
    assert "When is the next Botox injection planned?" in ask.text
    past = await user.say("2 weeks ago")
    assert "already passed" in past.text and "/botox" in past.text
    check = await user.say("15 Feb 9:30")
    assert check.text == "Appointment on Mon 15 Feb at 09:30 – Botox injection — right?"
    await user.press("✅ Yes")
    planned = (await appointments(db))[-1]
    assert planned.starts_at == utc(2027, 2, 15, 8, 30)
    assert (planned.with_whom, planned.status) == ("Botox injection", "scheduled")


async def test_reminders_name_each_appointment_on_its_row(harness: Harness, db: Database) -> None:
    user = harness.user(7108)
    await onboard(harness, 7108, zone="UTC", at=None)
    for typed in ("/appointment 26 Nov 09:00 Dentist", "/appointment 25 Nov 15:00 Dr Lee"):
        await user.say(typed)
        await user.press("✅ Yes")
    view = await user.say("/reminders")
    assert "appointment Thu 26 Nov 09:00 – Dentist: Wed 25 Nov 09:00" in view.text
    assert "appointment Wed 25 Nov 15:00 – Dr Lee: Tue 24 Nov 15:00" in view.text
