"""Check-ins end to end: prompts on local time, answers, follow-up, snooze, missed days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlmodel import select

from service.db.engine import Database
from service.db.models import Checkin, Occurrence, Patient
from tests.conftest import Harness, onboard


async def checkins(db: Database) -> list[Checkin]:
    async with db.transaction() as session:
        return list((await session.exec(select(Checkin).order_by(Checkin.id))).all())


async def occurrences(db: Database, kind: str | None = None) -> list[Occurrence]:
    async with db.transaction() as session:
        stmt = select(Occurrence).order_by(Occurrence.id)
        if kind:
            stmt = stmt.where(Occurrence.kind == kind)
        return list((await session.exec(stmt)).all())


async def test_scheduled_checkin_arrives_at_local_time(harness: Harness, db: Database) -> None:
    # Monday 06:00 UTC = 07:00 in Berlin; the check-in is at 09:00 Berlin = 08:00 UTC.
    user = harness.user(2001)
    await onboard(harness, 2001, zone="Europe/Berlin", at=time(9, 0))
    stats = await harness.advance(hours=1, minutes=59)
    assert stats.sent == 0 and user.drain() == []
    stats = await harness.advance(minutes=1)
    assert stats.sent == 1
    prompt = await user.next_message()
    assert "How often" in prompt.text and "Mon 23 Nov" in prompt.text
    labels = [text for row in prompt.buttons for text, _ in row]
    assert "⏰ In 30 min" in labels and "Skip today" in labels
    (occ,) = await occurrences(db, "checkin")
    assert occ.due_at == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    assert occ.status == "sent" and occ.message_id == prompt.message_id

    await user.press("3")
    await user.press("2")
    await user.press("1")
    await user.press("2")
    done = await user.press("Skip")
    assert "eye frequency 3, eye severity 2, mouth and cheek 1, daily life 2" in done.text
    # The next prompt is tomorrow at 09:00 Berlin, not earlier.
    assert (await harness.advance(hours=23, minutes=59)).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1


async def test_answers_are_stored_the_moment_they_are_given(
    harness: Harness, db: Database
) -> None:
    user = harness.user(2002)
    await onboard(harness, 2002)
    await user.say("/checkin")
    await user.press("1")
    (checkin,) = await checkins(db)
    assert checkin.frequency == 1 and checkin.severity is None and checkin.status == "open"
    await user.press("4")
    (checkin,) = await checkins(db)
    assert checkin.severity == 4


async def test_note_is_saved_and_comparison_uses_last_seven_days(
    harness: Harness, db: Database
) -> None:
    user = harness.user(2003)
    await onboard(harness, 2003, zone="UTC")
    for score in (4, 4, 4):  # three bad days
        await user.say("/checkin")
        await user.press(str(score))
        await user.press(str(score))
        await user.press("2")
        await user.press("1")
        await user.press("Skip")
        harness.clock.advance(days=1)
    await user.say("/checkin")
    await user.press("1")
    await user.press("1")
    await user.press("0")
    await user.press("0")
    done = await user.say("Stressful day, bright light at work")
    assert "Note: Stressful day, bright light at work" in done.text
    # The comparison says what it rests on: the eye score, 3 rated days of the past 7.
    assert "Lower ratings than the past week." in done.text
    assert "Eye score (frequency + severity, 0 to 8): today 2, average 8.0" in done.text
    assert "over 3 of the past 7 days" in done.text
    assert "better" not in done.text
    last = (await checkins(db))[-1]
    assert last.note == "Stressful day, bright light at work"


async def test_too_long_note_is_echoed_back_not_lost(harness: Harness, db: Database) -> None:
    user = harness.user(2004)
    await onboard(harness, 2004)
    await user.say("/checkin")
    for label in ("1", "1", "1", "1"):
        await user.press(label)
    long_note = "word " * 150
    reply = await user.say(long_note)
    assert "under 500" in reply.text and long_note.strip()[:100] in reply.text
    (checkin,) = await checkins(db)
    assert checkin.note is None and checkin.frequency == 1
    done = await user.say("short version")
    assert "Note: short version" in done.text


async def test_old_prompt_tap_is_refused_after_a_newer_one(harness: Harness, db: Database) -> None:
    user = harness.user(2005)
    await onboard(harness, 2005)
    first = await user.say("/checkin")
    second = await user.say("/checkin")
    assert second.message_id > first.message_id
    await user.tap("2", message_id=first.message_id)
    answer = await user.next_callback_answer()
    assert answer.text is not None and "newer one" in answer.text
    (checkin,) = await checkins(db)
    assert checkin.frequency is None
    await user.press("2")
    (checkin,) = await checkins(db)
    assert checkin.frequency == 2


async def test_today_answers_can_be_corrected(harness: Harness, db: Database) -> None:
    user = harness.user(2006)
    await onboard(harness, 2006)
    await user.say("/checkin")
    for label in ("3", "3", "3", "3", "Skip"):
        await user.press(label)
    again = await user.say("/checkin")
    assert "already checked in" in again.text
    await user.press("✏️ Change")
    for label in ("1", "1", "0", "0", "Skip"):
        await user.press(label)
    (checkin,) = await checkins(db)
    assert (checkin.frequency, checkin.severity, checkin.impact) == (1, 1, 0)


async def test_one_followup_then_missed_at_end_of_day(harness: Harness, db: Database) -> None:
    user = harness.user(2007)
    await onboard(harness, 2007, zone="Europe/Berlin", at=time(9, 0))
    await harness.advance(hours=2)  # 09:00 Berlin
    await user.next_message()
    assert (await harness.advance(hours=2, minutes=59)).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1  # 3 h later: one gentle nudge
    nudge = await user.next_message()
    assert "gentle reminder" in nudge.text and "How often" in nudge.text
    for _ in range(4):
        stats = await harness.advance(hours=3)
        assert stats.sent == 0, "never a second nudge for the same prompt"
    # Past midnight Berlin: the day is recorded as missed.
    (checkin,) = await checkins(db)
    assert checkin.status == "missed" and checkin.local_date == date(2026, 11, 23)
    harness.clock.advance(days=1)  # two days on: too late even to enter it late
    await user.tap("1", message_id=nudge.message_id)
    answer = await user.next_callback_answer()
    assert answer.text is not None and "closed" in answer.text


async def test_yesterdays_unanswered_prompt_can_be_filled_in_late(
    harness: Harness, db: Database
) -> None:
    user = harness.user(2017)
    await onboard(harness, 2017, zone="Europe/Berlin", at=time(9, 0))
    await harness.advance(hours=2)  # Mon 23 Nov, 09:00 Berlin
    monday = await user.next_message()
    await harness.advance(hours=24)  # Tue 09:00: Monday was closed as missed, Tuesday asked
    user.drain()
    saved = await user.press("1", message_id=monday.message_id)
    assert "Saved for yesterday, Mon 23 Nov, as entered late." in saved.text
    assert "Check-in for Mon 23 Nov (entered late)" in saved.text
    for label in ("2", "0", "1"):
        await user.press(label, message_id=monday.message_id)
    done = await user.press("Skip", message_id=monday.message_id)
    assert "Check-in saved for Mon 23 Nov (entered late): eye frequency 1" in done.text
    late, today = await checkins(db)
    assert late.local_date == date(2026, 11, 23) and late.entered_late
    assert (late.frequency, late.severity, late.impact, late.status) == (1, 2, 1, "complete")
    assert today.local_date == date(2026, 11, 24) and not today.entered_late
    assert today.frequency is None and today.status == "open"
    # Tuesday's prompt, never answered, is two days old on Thursday: refused.
    tuesday = max(
        (o for o in await occurrences(db, "checkin") if o.message_id is not None),
        key=lambda o: o.due_at,
    )
    assert tuesday.due_at.date() == date(2026, 11, 24)
    await harness.advance(days=2)
    user.drain()
    assert tuesday.message_id is not None
    await user.tap("1", message_id=tuesday.message_id)
    answer = await user.next_callback_answer()
    assert answer.text is not None and "closed" in answer.text
    rows = {c.local_date: c for c in await checkins(db)}
    assert rows[date(2026, 11, 24)].frequency is None
    assert not rows[date(2026, 11, 24)].entered_late


async def test_no_followup_once_answered(harness: Harness, db: Database) -> None:
    user = harness.user(2008)
    await onboard(harness, 2008, zone="UTC", at=time(7, 0))
    await harness.advance(hours=1)
    await user.next_message()
    await user.press("1")
    stats = await harness.advance(hours=3)
    assert stats.sent == 0
    (followup,) = await occurrences(db, "checkin_followup")
    assert followup.status == "skipped"


async def test_snooze_asks_again_later(harness: Harness, db: Database) -> None:
    user = harness.user(2009)
    await onboard(harness, 2009, zone="UTC", at=time(7, 0))
    await harness.advance(hours=1)
    await user.next_message()
    snoozed = await user.press("⏰ In 30 min")
    assert "07:30" in snoozed.text
    assert (await harness.advance(minutes=29)).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1
    again = await user.next_message()
    assert "How often" in again.text
    await user.press("2")
    (checkin,) = await checkins(db)
    assert checkin.frequency == 2
    # The snooze meant the patient engaged: no follow-up nudge later that day.
    assert (await harness.advance(hours=4)).sent == 0


async def test_skip_today(harness: Harness, db: Database) -> None:
    user = harness.user(2010)
    await onboard(harness, 2010, zone="UTC", at=time(7, 0))
    await harness.advance(hours=1)
    await user.next_message()
    reply = await user.press("Skip today")
    assert "no check-in today" in reply.text
    assert (await harness.advance(hours=5)).sent == 0
    (checkin,) = await checkins(db)
    assert checkin.status == "skipped"


async def test_paused_patient_gets_nothing_until_resume(harness: Harness, db: Database) -> None:
    user = harness.user(2011)
    await onboard(harness, 2011, zone="UTC", at=time(7, 0))
    reply = await user.say("/pause 2")
    assert "Paused" in reply.text
    assert (await harness.advance(days=1, hours=1)).sent == 0
    assert (await harness.advance(days=1)).sent == 1  # day 3: paused until the start of it
    await user.next_message()
    await user.say("/pause")
    await user.press("Until I send /resume")
    assert (await harness.advance(days=1)).sent == 0
    resumed = await user.say("/resume")
    assert "Next check-in" in resumed.text
    assert (await harness.advance(days=1)).sent == 1
    async with db.transaction() as session:
        patient = (await session.exec(select(Patient))).one()
    assert patient.paused is False
