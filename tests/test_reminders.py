"""/reminders (one view of everything, with Pause and Delete) and /pause with a date."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlmodel import select

from service.db.engine import Database
from service.db.models import Medication, Occurrence, Patient, Schedule
from tests.conftest import Harness, onboard

ADD = "/medication carbamazepine 08:00,20:00 200 mg"
# The harness starts on Monday 2026-11-23 06:00 UTC = 07:00 in Berlin.


async def schedules(db: Database) -> list[Schedule]:
    async with db.transaction() as session:
        return list((await session.exec(select(Schedule).order_by(Schedule.id))).all())


async def patient_row(db: Database, chat_id: int) -> Patient:
    async with db.transaction() as session:
        return (await session.exec(select(Patient).where(Patient.chat_id == chat_id))).one()


async def add_schedule_row(db: Database, chat_id: int, **values: object) -> None:
    patient = await patient_row(db, chat_id)
    now = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    async with db.transaction() as session:
        fields: dict[str, object] = {
            "patient_id": patient.id,
            "timezone": "Europe/Berlin",
            "next_due_at": now + timedelta(days=300),  # the engine leaves it alone here
            "created_at": now,
        }
        fields.update(values)
        session.add(Schedule(**fields))


async def test_reminders_lists_checkin_and_medication_by_kind(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7201)
    await onboard(harness, 7201, zone="Europe/Berlin", at=time(9, 0))
    await user.say(ADD)
    view = await user.say("/reminders")
    lines = view.text.split("\n")
    assert lines[0] == "🔔 Your reminders for the next 14 days (Europe/Berlin time)"
    # Grouped by kind, the kind with the soonest reminder first, numbered as shown.
    medication = lines.index("Medication")
    checkin = lines.index("Daily check-in")
    assert medication < checkin
    assert lines[medication + 1 : medication + 3] == [
        "1. carbamazepine 200 mg: every day at 08:00 (next Mon 23 Nov)",
        "2. carbamazepine 200 mg: every day at 20:00 (next Mon 23 Nov)",
    ]
    assert lines[checkin + 1] == "3. every day at 09:00 (next Mon 23 Nov)"
    assert view.buttons == [
        [("⏸ Pause 1", view.buttons[0][0][1]), ("🗑 Delete 1", view.buttons[0][1][1])],
        [("⏸ Pause 2", view.buttons[1][0][1]), ("🗑 Delete 2", view.buttons[1][1][1])],
        [("⏸ Pause 3", view.buttons[2][0][1]), ("🗑 Delete 3", view.buttons[2][1][1])],
    ]
    # After 20:00 the evening dose's next reminder is tomorrow, in local time.
    await harness.advance(hours=14)
    later = (await user.say("/reminders")).text
    assert "every day at 20:00 (next Tue 24 Nov)" in later


async def test_unknown_kinds_and_odd_rules_do_not_break_the_view(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7202)
    await onboard(harness, 7202, zone="Europe/Berlin", at=None)
    assert "Nothing is scheduled" in (await user.say("/reminders")).text
    await add_schedule_row(
        db, 7202, kind="mystery_kind", rule="ONCE", start_local=datetime(2026, 11, 26, 10, 0)
    )
    await add_schedule_row(
        db,
        7202,
        kind="weekly_thing",
        rule="FREQ=WEEKLY;COUNT=11",
        start_local=datetime(2026, 11, 24, 18, 30),
    )
    await add_schedule_row(  # unreadable: left out, never a crash
        db, 7202, kind="broken", rule="FREQ=HOURLY", start_local=datetime(2026, 11, 24, 9, 0)
    )
    await add_schedule_row(  # beyond the 14 days: not shown
        db, 7202, kind="far_away", rule="ONCE", start_local=datetime(2027, 1, 10, 9, 0)
    )
    text = (await user.say("/reminders")).text
    assert "weekly_thing\n1. Tue 24 Nov 18:30, Tue 1 Dec 18:30" in text
    assert "mystery_kind\n2. Thu 26 Nov 10:00" in text
    assert "broken" not in text and "far_away" not in text


async def test_pause_and_resume_from_reminders(harness: Harness, db: Database) -> None:
    user = harness.user(7203)
    await onboard(harness, 7203, zone="Europe/Berlin", at=time(9, 0))
    await user.say("/reminders")
    paused = await user.press("⏸ Pause 1")  # the daily check-in, the only reminder
    assert paused.is_edit and paused.text.startswith("⏸ Paused: Daily check-in.")
    assert "1. every day at 09:00 (next Mon 23 Nov) · ⏸ paused" in paused.text
    assert [label for row in paused.buttons for label, _ in row] == ["▶️ Resume 1", "🗑 Delete 1"]
    (schedule,) = await schedules(db)
    assert schedule.state == "paused" and schedule.next_due_at is not None
    assert (await harness.advance(days=1)).sent == 0  # no check-in on Monday
    resumed = await user.press("▶️ Resume 1")
    assert resumed.text.startswith("▶️ Resumed: Daily check-in.")
    (schedule,) = await schedules(db)
    assert schedule.state == "active"
    assert (await harness.advance(hours=1, minutes=59)).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1  # Tuesday 09:00 Berlin
    assert "How often" in (await user.next_message()).text


async def test_pausing_one_dose_time(harness: Harness, db: Database) -> None:
    user = harness.user(7204)
    await onboard(harness, 7204, zone="Europe/Berlin", at=None)
    await user.say(ADD)
    await user.say("/reminders")
    paused = await user.press("⏸ Pause 1")  # 08:00
    assert paused.text.startswith("⏸ Paused: carbamazepine 200 mg. Tap Resume")
    assert "1. carbamazepine 200 mg: every day at 08:00 (next Mon 23 Nov) · ⏸ paused" in (
        paused.text
    )
    assert "every day at 08:00 (paused), 20:00" in (await user.say("/medications")).text
    await user.say("/reminders")
    resumed = await user.press("▶️ Resume 1")
    assert resumed.text.startswith("▶️ Resumed: carbamazepine 200 mg.")
    await user.press("⏸ Pause 1")
    assert (await harness.advance(hours=1)).sent == 0  # 08:00: paused
    assert (await harness.advance(hours=12)).sent == 1  # 20:00 still comes
    assert "20:00" in (await user.next_message()).text


async def test_delete_asks_first_then_takes_effect(harness: Harness, db: Database) -> None:
    user = harness.user(7205)
    await onboard(harness, 7205, zone="Europe/Berlin", at=time(9, 0))
    await user.say(ADD)
    await user.say("/reminders")
    confirm = await user.press("🗑 Delete 1")
    assert confirm.text.startswith("Delete this reminder?\nMedication: carbamazepine 200 mg")
    assert "removes that time from the medication" in confirm.text
    kept = await user.press("No, keep it")
    assert "1. carbamazepine 200 mg: every day at 08:00" in kept.text
    assert all(s.state == "active" for s in await schedules(db))

    await user.press("🗑 Delete 1")
    done = await user.press("🗑 Yes, delete")
    assert done.text.startswith("🗑 Deleted: carbamazepine 200 mg.")
    assert "08:00" not in done.text.split("\n\n", 1)[1]
    async with db.transaction() as session:
        (med,) = (await session.exec(select(Medication))).all()
    assert med.times == ["20:00"] and med.active
    # Deleting the check-in turns it off.
    view = await user.say("/reminders")
    assert "Daily check-in\n1. every day at 09:00" in view.text
    await user.press("🗑 Delete 1")
    await user.press("🗑 Yes, delete")
    assert (await patient_row(db, 7205)).checkin_time is None
    # Nothing at 08:00 or 09:00 any more; the 20:00 dose still comes.
    assert (await harness.advance(hours=3)).sent == 0
    assert (await harness.advance(hours=10)).sent == 1
    assert (await user.next_message()).text.startswith("💊 20:00")
    # A button of the deleted schedule has expired.
    user.drain_events()
    await user.tap_data(view.message_id, view.buttons[0][0][1] or "")
    assert "expired" in ((await user.next_callback_answer()).text or "")


async def test_stale_and_foreign_taps_change_nothing(harness: Harness, db: Database) -> None:
    owner = harness.user(7206)
    other = harness.user(7207)
    await onboard(harness, 7206, zone="UTC", at=time(9, 0))
    await onboard(harness, 7207, zone="UTC", at=None)
    (schedule,) = await schedules(db)
    theirs = await other.say("/reminders")
    for action in ("p", "d", "y"):
        await other.tap_data(theirs.message_id, f"rm:{schedule.id}:{action}:0")
        assert "expired" in ((await other.next_callback_answer()).text or "")
    await owner.say("/reminders")
    await owner.tap_data(owner.last_message.message_id, f"rm:{schedule.id}:r:0")  # not paused
    assert "expired" in ((await owner.next_callback_answer()).text or "")
    (schedule,) = await schedules(db)
    assert schedule.state == "active"


async def test_a_long_list_stays_under_telegrams_limit(harness: Harness, db: Database) -> None:
    user = harness.user(7208)
    await onboard(harness, 7208, zone="Europe/Berlin", at=None)
    for i in range(80):
        await add_schedule_row(
            db,
            7208,
            kind=f"long_kind_name_{i % 7}",
            rule="FREQ=DAILY;COUNT=5",
            start_local=datetime(2026, 11, 24, 6 + i % 12, i % 60),
        )
    view = await user.say("/reminders")
    assert len(view.text) < 4096
    assert "more reminders not shown here" in view.text
    buttons = [b for row in view.buttons for b in row]
    assert 0 < len(buttons) <= 100
    assert "until Sat 28 Nov" in view.text  # a COUNT=5 daily run ends inside the 14 days


async def test_pause_until_a_date(harness: Harness, db: Database) -> None:
    user = harness.user(7209)
    await onboard(harness, 7209, zone="Europe/Berlin", at=time(9, 0))
    await user.say("/medication baclofen 12:00")
    for bad, hint in (
        ("/pause 2026-11-01", "in the past"),
        ("/pause today", "in the past"),
        ("/pause 2028-01-01", "more than a year ahead"),
        ("/pause someday", "isn't a number of days or a date"),
        ("/pause 400", ""),
    ):
        reply = (await user.say(bad)).text
        assert hint in reply and "How long shall I pause" in reply, bad
    assert not (await patient_row(db, 7209)).paused

    await user.say("/pause 2026-12-24")
    reply = await user.press("Yes, pause them too")
    assert "until Thu 24 Dec" in reply.text
    assert (await patient_row(db, 7209)).paused_until == datetime(2026, 12, 23, 23, tzinfo=UTC)
    await user.say("/pause 26 Nov")
    reply = await user.press("Yes, pause them too")
    assert "until Thu 26 Nov" in reply.text
    # Resumes at the start of that local day: midnight in Berlin is 23:00 UTC the day before.
    assert (await patient_row(db, 7209)).paused_until == datetime(2026, 11, 25, 23, tzinfo=UTC)
    view = (await user.say("/reminders")).text
    assert "Everything is paused until Thu 26 Nov" in view
    for _ in range(3 * 8):  # Monday to Wednesday: nothing at all
        assert (await harness.advance(hours=3)).sent == 0
    # Thursday 07:00 Berlin: reminders are back; 09:00 check-in and 12:00 dose arrive.
    assert (await harness.advance(hours=2)).sent == 1
    assert "How often" in (await user.next_message()).text
    assert (await harness.advance(hours=3)).sent == 2  # the dose, and the check-in's nudge
    assert any(m.text.startswith("💊 12:00 · baclofen") for m in user.drain())
    async with db.transaction() as session:
        skipped = (
            await session.exec(select(Occurrence).where(Occurrence.last_error == "paused"))
        ).all()
    assert len(skipped) == 6  # three check-ins and three doses were held back
