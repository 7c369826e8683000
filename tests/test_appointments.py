"""Appointments end to end: adding, reminders on local time, list, cancel, change, follow-up."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import select

from service.db.engine import Database
from service.db.models import Appointment, Checkin, Occurrence, Patient, Schedule
from service.texts import t
from tests.conftest import Harness, onboard
from tests.emulator import BotMessage, FakeUser


async def appointments(db: Database) -> list[Appointment]:
    async with db.transaction() as session:
        return list((await session.exec(select(Appointment).order_by(Appointment.id))).all())


async def appt_occurrences(db: Database) -> list[Occurrence]:
    async with db.transaction() as session:
        stmt = (
            select(Occurrence)
            .where(Occurrence.kind.startswith("appt_"))  # type: ignore[attr-defined]
            .order_by(Occurrence.due_at)
        )
        return list((await session.exec(stmt)).all())


async def patient_row(db: Database, chat_id: int) -> Patient:
    async with db.transaction() as session:
        return (await session.exec(select(Patient).where(Patient.chat_id == chat_id))).one()


async def advance_to(harness: Harness, when: datetime) -> int:
    """Move the clock to ``when`` and return how many messages the engine sent."""
    delta = when - harness.clock.now()
    assert delta >= timedelta(), "the clock only moves forward here"
    return (await harness.advance(seconds=delta.total_seconds())).sent


async def run_until(harness: Harness, when: datetime, step: timedelta = timedelta(hours=1)) -> int:
    """Move the clock to ``when`` in steps, as a running bot would; how many messages went out."""
    sent = 0
    while harness.clock.now() < when:
        sent += await advance_to(harness, min(when, harness.clock.now() + step))
    return sent


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def add(user: FakeUser, command: str) -> BotMessage:
    """Send /appointment with everything in one go, check the read-back and say Yes."""
    asked = await user.say(command)
    assert "— right?" in asked.text, asked.text
    assert asked.button_texts == ["✅ Yes", "✏️ Change"]
    return await user.press("✅ Yes")


async def test_bad_inputs_start_the_dialog_say_what_was_wrong_and_store_nothing(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7001)
    await onboard(harness, 7001, zone="Europe/Berlin", at=None)
    empty = await user.say("/appointment")
    assert "When is the appointment?" in empty.text and "“30 Nov”" in empty.text
    assert empty.button_texts == [
        "Tomorrow",
        "Wed 25 Nov",
        "Thu 26 Nov",
        "Fri 27 Nov",
        "Sat 28 Nov",
        "Sun 29 Nov",
        "Mon 30 Nov",
        "In 2 weeks",
        "Another date…",
    ]
    bad_date = await user.say("/appointment soonish 10:00")
    assert "couldn't read a date at the start of “soonish 10:00”" in bad_date.text
    assert "Tomorrow" in bad_date.button_texts
    past = await user.say("/appointment today 07:00")  # it is 07:00 in Berlin now
    assert "already passed" in past.text and "Mon 23 Nov 07:00" in past.text
    assert "When is the appointment?" in past.text
    far = await user.say("/appointment 2030-01-01 10:00")
    assert "two years" in far.text
    long_whom = "Dr Smith " * 30
    too_long = await user.say(f"/appointment 1 Dec 10:00 {long_whom}")
    assert "under 200" in too_long.text and long_whom.strip() in too_long.text  # echoed back
    assert await appointments(db) == []
    stranger = harness.user(7099)
    assert "/start" in (await stranger.say("/appointment 1 Dec 10:00")).text


async def test_reminders_one_day_and_two_hours_before_at_local_time(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7002)
    await onboard(harness, 7002, zone="Europe/Berlin", at=None)
    saved = await add(user, "/appointment 1 Dec 14:30 Dr Smith, neurology")
    assert "Tue 1 Dec 14:30 (Europe/Berlin) – Dr Smith, neurology" in saved.text
    assert "day before (Mon 30 Nov 14:30)" in saved.text
    assert "2 hours before (Tue 1 Dec 12:30)" in saved.text
    (appt,) = await appointments(db)
    assert appt.starts_at == utc(2026, 12, 1, 13, 30) and appt.status == "scheduled"
    # Berlin is UTC+1 in winter: 14:30 the day before is 13:30 UTC.
    assert await advance_to(harness, utc(2026, 11, 30, 13, 29)) == 0
    assert await advance_to(harness, utc(2026, 11, 30, 13, 30)) == 1
    day_before = await user.next_message()
    assert "tomorrow, Tue 1 Dec 14:30" in day_before.text and "Dr Smith" in day_before.text
    assert day_before.button_texts == ["📄 Report for my doctor", "✏️ Change #1", "❌ Cancel #1"]
    assert await advance_to(harness, utc(2026, 12, 1, 11, 29)) == 0
    assert await advance_to(harness, utc(2026, 12, 1, 11, 30)) == 1
    soon = await user.next_message()
    assert "Coming up soon, at 14:30" in soon.text
    assert await advance_to(harness, utc(2026, 12, 1, 16, 29)) == 0


@pytest.mark.parametrize(
    ("zone", "today", "typed", "day_before", "soon"),
    [
        # Berlin springs forward on Sun 28 Mar 2027: the day before is 10:00 CET, 23 h earlier.
        (
            "Europe/Berlin",
            utc(2027, 3, 20, 6),
            "2027-03-28 10:00",
            utc(2027, 3, 27, 9),
            utc(2027, 3, 28, 6),
        ),
        # New York falls back on Sun 7 Nov 2027: the day before is 09:00 EDT, 25 h earlier.
        (
            "America/New_York",
            utc(2027, 11, 1, 12),
            "7 Nov 2027 9:00 am",
            utc(2027, 11, 6, 13),
            utc(2027, 11, 7, 12),
        ),
    ],
)
async def test_reminders_keep_local_time_across_a_dst_change(
    harness: Harness,
    db: Database,
    zone: str,
    today: datetime,
    typed: str,
    day_before: datetime,
    soon: datetime,
) -> None:
    harness.clock.set(today)
    user = harness.user(7003)
    await onboard(harness, 7003, zone=zone, at=None)
    await add(user, f"/appointment {typed}")
    due = [o.due_at for o in await appt_occurrences(db)]
    assert due == []  # nothing is materialised before it is due
    assert await advance_to(harness, day_before - timedelta(minutes=1)) == 0
    assert await advance_to(harness, day_before) == 1
    assert "tomorrow" in (await user.next_message()).text
    assert await advance_to(harness, soon - timedelta(minutes=1)) == 0
    assert await advance_to(harness, soon) == 1
    assert "Coming up soon" in (await user.next_message()).text
    (appt,) = await appointments(db)
    assert appt.starts_at - soon == timedelta(hours=2)
    assert [o.due_at for o in await appt_occurrences(db)] == [day_before, soon]


async def test_day_before_reminder_brings_a_summary_and_the_report(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7004)
    await onboard(harness, 7004, zone="UTC", at=None)
    patient = await patient_row(db, 7004)
    now = harness.clock.now()
    async with db.transaction() as session:
        ratings = [(2, 1), (3, 2), (1, 3), (4, 4)]  # within the last 90 days
        for back, (frequency, severity) in enumerate(ratings, start=1):
            session.add(
                Checkin(
                    patient_id=patient.id,  # type: ignore[arg-type]
                    local_date=date(2026, 11, 24) - timedelta(days=back * 5),
                    status="complete",
                    frequency=frequency,
                    severity=severity,
                    impact=1,
                    created_at=now,
                    updated_at=now,
                )
            )
        session.add(  # 95 days before the reminder: not counted
            Checkin(
                patient_id=patient.id,  # type: ignore[arg-type]
                local_date=date(2026, 8, 21),
                status="complete",
                frequency=0,
                severity=0,
                created_at=now,
                updated_at=now,
            )
        )
    await add(user, "/appointment 25 Nov 10:00 Dr Lee")
    assert await advance_to(harness, utc(2026, 11, 24, 10)) == 1
    reminder = await user.next_message()
    assert "4 of 4 check-ins" in reminder.text
    assert "frequency 2.5 and severity 2.5" in reminder.text
    await user.tap("📄 Report for my doctor", message_id=reminder.message_id)
    report = await user.next_message(timeout=30)
    assert report.document is not None and report.document.startswith(b"%PDF")


async def test_day_before_summary_without_checkins_suggests_one(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7005)
    await onboard(harness, 7005, zone="UTC", at=None)
    await add(user, "/appointment 25 Nov 10:00")
    assert await advance_to(harness, utc(2026, 11, 24, 10)) == 1
    assert "No check-ins with ratings in the last 90 days" in (await user.next_message()).text


async def test_list_cancel_undo_and_cancelled_reminders_never_arrive(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7006)
    await onboard(harness, 7006, zone="UTC", at=None)
    assert "no upcoming appointments" in (await user.say("/appointments")).text
    await add(user, "/appointment 26 Nov 09:00 Dentist")
    await add(user, "/appointment 25 Nov 15:00 Dr Lee")
    listing = await user.say("/appointments")
    lines = listing.text.splitlines()
    assert lines[1:3] == ["#2 Wed 25 Nov 15:00 – Dr Lee", "#1 Thu 26 Nov 09:00 – Dentist"]
    assert listing.button_texts == [
        "✏️ Change #2",
        "❌ Cancel #2",
        "✏️ Change #1",
        "❌ Cancel #1",
    ]
    cancelled = await user.press("❌ Cancel #1")
    # The list stays (edited in place): the cancelled one gone, the other still there.
    assert cancelled.is_edit and cancelled.message_id == listing.message_id
    assert cancelled.text.startswith("❌ Cancelled: Thu 26 Nov 09:00 – Dentist")
    assert "#2 Wed 25 Nov 15:00 – Dr Lee" in cancelled.text and "#1 " not in cancelled.text
    assert cancelled.button_texts == ["↩️ Undo", "✏️ Change #2", "❌ Cancel #2"]
    assert (await user.next_callback_answer()).text == "Saved."
    # Undo brings it back; cancelling again turns it off for good.
    restored = await user.press("↩️ Undo")
    assert restored.text.startswith("↩️ Restored: Thu 26 Nov 09:00 – Dentist")
    assert "#1 Thu 26 Nov 09:00 – Dentist" in restored.text
    assert len(await appt_occurrences(db)) == 0 and restored.button_texts[-1] == "❌ Cancel #1"
    await user.press("❌ Cancel #1")
    statuses = {a.with_whom: a.status for a in await appointments(db)}
    assert statuses == {"Dentist": "cancelled", "Dr Lee": "scheduled"}
    async with db.transaction() as session:
        dentist = (
            await session.exec(
                select(Schedule).where(Schedule.ref_id == 1, Schedule.state == "active")
            )
        ).all()
    assert dentist == []
    # Run the clock past both visits: only Dr Lee's messages arrive.
    sent = await run_until(harness, utc(2026, 11, 28, 12))
    texts = [m.text for m in user.drain()]
    assert sent == 3 and len(texts) == 3
    assert all("Dentist" not in text for text in texts)
    assert "Dr Lee" in texts[0] and "Coming up soon" in texts[1] and "How did" in texts[2]
    assert "no upcoming appointments" in (await user.say("/appointments")).text
    # A stale Cancel on the list (the visit is over) changes nothing.
    await user.tap_data(listing.message_id, "ap:2:c:0")
    assert "no longer upcoming" in ((await user.next_callback_answer()).text or "")
    assert {a.with_whom: a.status for a in await appointments(db)}["Dr Lee"] == "scheduled"


async def test_change_by_typing_moves_the_reminders(harness: Harness, db: Database) -> None:
    user = harness.user(7007)
    await onboard(harness, 7007, zone="Europe/Berlin", at=None)
    await add(user, "/appointment 1 Dec 14:30 Dr Smith")
    await user.say("/appointments")
    user.drain_events()
    await user.tap("✏️ Change #1")
    assert (await user.next_callback_answer()).text == "Tap a day or type the new date."
    ask = await user.next_message()
    assert "New date for your appointment on Tue 1 Dec 14:30 – Dr Smith?" in ask.text
    sent = [c for c in harness.emulator.api_log if c.method == "sendMessage"][-1]
    assert "force_reply" not in str(sent.params.get("reply_markup"))  # the dialog state waits
    # A bad answer asks again; a typed answer works without Telegram's reply.
    again = await user.say("next week sometime")
    assert "couldn't read a date" in again.text and "New date for your appointment" in again.text
    past = await user.say("yesterday 10:00")
    assert "already passed" in past.text and "New date for" in past.text
    check = await user.say("2 Dec 16:00")
    assert check.text == (
        "Move your appointment on Tue 1 Dec 14:30 – Dr Smith to Wed 2 Dec at 16:00 — right?"
    )
    moved = await user.press("✅ Yes")
    assert "Moved: Tue 1 Dec 14:30 → Wed 2 Dec 16:00 (Europe/Berlin) – Dr Smith" in moved.text
    assert "day before (Tue 1 Dec 16:00)" in moved.text
    (appt,) = await appointments(db)
    assert appt.starts_at == utc(2026, 12, 2, 15) and appt.with_whom == "Dr Smith"
    # The old reminders (Mon 30 Nov 13:30 UTC, Tue 1 Dec 11:30 UTC) never come.
    assert await advance_to(harness, utc(2026, 12, 1, 14, 59)) == 0
    assert await advance_to(harness, utc(2026, 12, 1, 15)) == 1
    assert "tomorrow, Wed 2 Dec 16:00" in (await user.next_message()).text
    # Once moved, the question is closed: a later date typed changes nothing.
    await advance_to(harness, utc(2026, 12, 3, 9))
    user.drain()
    assert "didn't catch a question" in (await user.say("9 Dec 10:00")).text
    (appt,) = await appointments(db)
    assert appt.starts_at == utc(2026, 12, 2, 15)


@pytest.mark.parametrize(
    ("label", "treatment", "outcome", "pointer"),
    [
        ("💉 New Botox date", "botox", "new_botox_date", "log it with /botox"),
        ("💊 Medication change", "medication", "medication_change", "/medication"),
        ("🏥 Surgery (MVD) planned", "mvd_planned", "surgery_planned", "/surgery"),
        ("Nothing changed", "none", "nothing", "stays as it is"),
    ],
)
async def test_after_visit_follow_up_updates_the_treatment(
    harness: Harness, db: Database, label: str, treatment: str, outcome: str, pointer: str
) -> None:
    user = harness.user(7008)
    await onboard(harness, 7008, zone="Europe/Berlin", at=None)
    async with db.transaction() as session:
        patient = (await session.exec(select(Patient).where(Patient.chat_id == 7008))).one()
        patient.treatment = "none"
        session.add(patient)
    await add(user, "/appointment 24 Nov 11:00 Dr Smith")
    # Follow-up 3 hours after 11:00 Berlin: 14:00 Berlin = 13:00 UTC.
    await advance_to(harness, utc(2026, 11, 24, 12, 59))
    user.drain()
    assert await advance_to(harness, utc(2026, 11, 24, 13)) == 1
    question = await user.next_message()
    assert "How did your appointment on Tue 24 Nov 11:00 – Dr Smith go?" in question.text
    assert len(question.buttons) == 4
    done = await user.press(label)
    assert done.is_edit and pointer in done.text
    if treatment == "botox":  # then: when is the next one planned?
        assert "When is the next Botox injection planned?" in (await user.next_message()).text
    (appt,) = await appointments(db)
    assert (appt.status, appt.outcome) == ("done", outcome)
    assert (await patient_row(db, 7008)).treatment == treatment
    assert "no upcoming appointments" in (await user.say("/appointments")).text
    assert f"✓ {label}" in done.button_texts  # the answer can be corrected


async def test_after_visit_answer_can_be_corrected(harness: Harness, db: Database) -> None:
    user = harness.user(7015)
    await onboard(harness, 7015, zone="UTC", at=None)
    await add(user, "/appointment 23 Nov 08:00")
    assert await advance_to(harness, utc(2026, 11, 23, 11)) == 1
    await user.next_message()
    await user.press("Nothing changed")
    fixed = await user.press("💊 Medication change")
    assert "/medication" in fixed.text and "✓ 💊 Medication change" in fixed.button_texts
    (appt,) = await appointments(db)
    assert appt.outcome == "medication_change"
    assert (await patient_row(db, 7015)).treatment == "medication"


async def test_follow_up_after_an_evening_visit_comes_next_morning(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7009)
    await onboard(harness, 7009, zone="UTC", at=None)
    await add(user, "/appointment 24 Nov 19:00")
    await advance_to(harness, utc(2026, 11, 25, 8, 59))
    assert all("How did" not in m.text for m in user.drain())
    assert await advance_to(harness, utc(2026, 11, 25, 9)) == 1
    assert "How did" in (await user.next_message()).text


async def test_restart_in_the_middle_loses_and_repeats_nothing(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7010)
    await onboard(harness, 7010, zone="UTC", at=None)
    await add(user, "/appointment 25 Nov 10:00 Dr Lee")
    await harness.stop()
    harness.clock.set(utc(2026, 11, 24, 11))  # the day-before reminder is 1 h late
    await harness.start()
    assert (await harness.run_due()).sent == 1
    assert "tomorrow" in (await user.next_message()).text
    await harness.restart()
    assert (await harness.run_due()).sent == 0
    await harness.stop()
    harness.clock.set(utc(2026, 11, 25, 8, 30))  # 30 min after the 2-hour reminder was due
    await harness.start()
    assert (await harness.run_due()).sent == 1
    assert "Coming up soon" in (await user.next_message()).text
    assert (await harness.advance(hours=4, minutes=30)).sent == 1
    assert "How did" in (await user.next_message()).text
    # Unanswered: its one follow-up comes 3 hours later even across a restart, once.
    await harness.restart()
    assert (await harness.advance(hours=3)).sent == 1
    assert "A gentle reminder" in (await user.next_message()).text
    await harness.restart()
    assert (await harness.advance(days=3)).sent == 0
    assert user.drain() == []
    statuses = [(o.kind, o.status, o.attempts) for o in await appt_occurrences(db)]
    assert statuses == [
        ("appt_day_before", "sent", 1),
        ("appt_soon", "sent", 1),
        ("appt_followup", "sent", 1),
        ("appt_followup_followup", "sent", 1),
        ("appt_followup_close", "skipped", 1),
    ]


async def test_buttons_of_another_patient_or_forged_data_change_nothing(
    harness: Harness, db: Database
) -> None:
    owner = harness.user(7011)
    await onboard(harness, 7011, zone="UTC", at=None)
    await add(owner, "/appointment 26 Nov 09:00")
    other = harness.user(7012)
    await onboard(harness, 7012, zone="UTC", at=None)
    mine = await other.say("/appointments")
    for data in ("ap:1:c:0", "ap:1:o:0", "ap:x:c:0", "ap:1:c", "ap:999:m:0", "ap:1:o:9"):
        other.drain_events()
        await other.tap_data(mine.message_id, data)
        assert (await other.next_callback_answer()).text == t("button_expired")
    (appt,) = await appointments(db)
    assert appt.status == "scheduled" and appt.outcome is None
    # The owner cannot answer the follow-up before the visit either.
    listing = await owner.say("/appointments")
    await owner.tap_data(listing.message_id, "ap:1:o:0")
    assert "expired" in ((await owner.next_callback_answer()).text or "")
    assert (await appointments(db))[0].status == "scheduled"


async def test_with_whom_is_optional_and_times_can_be_written_freely(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7013)
    await onboard(harness, 7013, zone="UTC", at=time(9, 0))
    saved = await add(user, "/appointment tomorrow 2:30 pm")
    assert "Tue 24 Nov 14:30 (UTC)." in saved.text
    (appt,) = await appointments(db)
    assert appt.with_whom is None and appt.starts_at == utc(2026, 11, 24, 14, 30)
    soon = await add(user, "/appointment today 7:30 Clinic")  # 90 minutes ahead
    assert "less than 2 hours away" in soon.text


async def test_a_day_before_reminder_sent_late_after_midnight_says_today(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7014)
    await onboard(harness, 7014, zone="UTC", at=None)
    await add(user, "/appointment 25 Nov 20:00 Dr Lee")
    await harness.stop()
    harness.clock.set(utc(2026, 11, 25, 0, 30))  # due 24 Nov 20:00; 4.5 h late, within grace
    await harness.start()
    assert (await harness.run_due()).sent == 1
    reminder = await user.next_message()
    assert "Reminder: today, Wed 25 Nov 20:00" in reminder.text


async def test_zone_change_keeps_the_appointment_reminders_at_their_real_time(
    harness: Harness, db: Database
) -> None:
    user = harness.user(9301)
    await onboard(harness, 9301, zone="Europe/Berlin", at=None)
    await add(user, "/appointment 2026-12-03 14:30 Dr Lee")
    async with db.transaction() as session:
        before = sorted(
            s.next_due_at for s in (await session.exec(select(Schedule))).all() if s.next_due_at
        )
    await user.say("/timezone America/New_York")
    async with db.transaction() as session:
        after = sorted(
            s.next_due_at for s in (await session.exec(select(Schedule))).all() if s.next_due_at
        )
    assert before and before == after


# ---- the after-visit question on the reminder lifecycle -----------------------------------------
async def after_visit_rows(db: Database, kind: str) -> list[tuple[datetime, str, str | None]]:
    """(due, status, why skipped) of each occurrence of ``kind``."""
    async with db.transaction() as session:
        stmt = select(Occurrence).where(Occurrence.kind == kind).order_by(Occurrence.due_at)
        return [(o.due_at, o.status, o.last_error) for o in (await session.exec(stmt)).all()]


async def test_an_unanswered_after_visit_question_is_asked_once_more(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7020)
    await onboard(harness, 7020, zone="Europe/Berlin", at=None)
    await add(user, "/appointment 24 Nov 11:00 Dr Smith")
    # The question at 14:00 Berlin (13:00 UTC); one follow-up 3 hours later (17:00 Berlin).
    await advance_to(harness, utc(2026, 11, 24, 12, 59))
    user.drain()
    assert await advance_to(harness, utc(2026, 11, 24, 13)) == 1
    first = await user.next_message()
    assert await advance_to(harness, utc(2026, 11, 24, 15, 59)) == 0
    assert await advance_to(harness, utc(2026, 11, 24, 16)) == 1
    again = await user.next_message()
    assert again.message_id != first.message_id
    assert again.text.startswith("A gentle reminder: one tap below is enough.")
    assert "How did your appointment on Tue 24 Nov 11:00 – Dr Smith go?" in again.text
    assert again.button_texts == first.button_texts and len(again.buttons) == 4
    # Never a second one, across the day's end and the next days.
    assert await run_until(harness, utc(2026, 11, 28, 12)) == 0
    assert user.drain() == []
    # The follow-up's buttons work like the question's.
    done = await user.press("💊 Medication change", message_id=again.message_id)
    assert done.is_edit and "/medication" in done.text
    (appt,) = await appointments(db)
    assert (appt.status, appt.outcome) == ("done", "medication_change")
    assert await after_visit_rows(db, "appt_followup_followup") == [
        (utc(2026, 11, 24, 16), "sent", None)
    ]


async def test_an_answered_after_visit_question_gets_no_follow_up(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7021)
    await onboard(harness, 7021, zone="UTC", at=None)
    await add(user, "/appointment 24 Nov 10:00")
    assert await run_until(harness, utc(2026, 11, 24, 13)) == 3  # day before, soon, question
    user.drain()
    await user.press("Nothing changed")
    assert await run_until(harness, utc(2026, 11, 26, 12)) == 0
    assert user.drain() == []
    # The waiting follow-up was dropped when the answer came, not merely left unsent.
    assert await after_visit_rows(db, "appt_followup_followup") == [
        (utc(2026, 11, 24, 16), "skipped", "superseded")
    ]


async def test_the_after_visit_follow_up_never_comes_in_the_quiet_hours(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7022)
    await onboard(harness, 7022, zone="UTC", at=None)
    await add(user, "/appointment 24 Nov 17:00")  # the question at 20:00; 23:00 would be too late
    assert await run_until(harness, utc(2026, 11, 24, 20)) == 3
    assert "How did" in user.drain()[-1].text
    assert await run_until(harness, utc(2026, 11, 26, 12)) == 0
    assert await after_visit_rows(db, "appt_followup_followup") == []
    assert [row[:2] for row in await after_visit_rows(db, "appt_followup_close")] == [
        (utc(2026, 11, 24, 21), "skipped")
    ]
