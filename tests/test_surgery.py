"""The follow-up after MVD surgery end to end: daily red-flag screens, progress questions,
replacing and stopping a plan, restarts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from service.db.engine import Database
from service.db.models import Patient, Schedule, Surgery, SurgeryCheck
from service.scheduling.dispatcher import WakeStats
from tests.conftest import Harness, onboard

BERLIN = ZoneInfo("Europe/Berlin")


def at_ten(day: date, zone: ZoneInfo = BERLIN) -> datetime:
    """10:00 local on ``day`` as a UTC instant."""
    return datetime.combine(day, time(10, 0), tzinfo=zone).astimezone(UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def advance_to(harness: Harness, when: datetime) -> WakeStats:
    delta = when - harness.clock.now()
    assert delta >= timedelta()
    return await harness.advance(seconds=delta.total_seconds())


async def checks(db: Database) -> list[SurgeryCheck]:
    async with db.transaction() as session:
        stmt = select(SurgeryCheck).order_by(SurgeryCheck.local_date, SurgeryCheck.id)
        return list((await session.exec(stmt)).all())


async def treatment(db: Database, chat_id: int) -> str | None:
    async with db.transaction() as session:
        patient = (await session.exec(select(Patient).where(Patient.chat_id == chat_id))).one()
    return patient.treatment


async def test_fourteen_daily_safety_checks_at_local_time(harness: Harness, db: Database) -> None:
    user = harness.user(8001)
    await onboard(harness, 8001, zone="Europe/Berlin", at=None)
    saved = await user.say("/surgery today")
    assert "Surgery (MVD) on Mon 23 Nov saved" in saved.text
    assert "Days 1–14: a short daily safety check at 10:00 (Tue 24 Nov to Mon 7 Dec)" in saved.text
    assert "Next check: Tue 24 Nov 10:00" in saved.text
    assert "surgical team at once" in saved.text and "fluid from the nose" in saved.text
    assert "does not mean the operation failed" in saved.text  # delayed resolution, in words
    assert await treatment(db, 8001) == "after_mvd"
    for n in range(1, 15):
        day = date(2026, 11, 23) + timedelta(days=n)
        before = await advance_to(harness, at_ten(day) - timedelta(minutes=1))
        assert (before.sent, before.missed) == (0, 0)
        assert (await advance_to(harness, at_ten(day))).sent == 1
        screen = await user.next_message()
        assert screen.text.startswith(f"🏥 Day {n} of 14 after surgery")
        assert len(screen.buttons) == 7 and screen.button_texts[-1] == "✅ None of these"
        done = await user.press("✅ None of these")
        assert done.is_edit and f"Day {n}: none of the warning signs" in done.text
    # Day 15 to 20: nothing; the first progress question is in week 3 (day 21).
    quiet = await advance_to(harness, at_ten(date(2026, 12, 14)) - timedelta(minutes=1))
    assert (quiet.sent, quiet.missed) == (0, 0)
    rows = await checks(db)
    assert len(rows) == 14 and {r.kind for r in rows} == {"daily"}
    assert all(r.red_flags == [] and (r.answers or {})["status"] == "done" for r in rows)


async def test_a_warning_sign_gets_the_urgent_message_on_that_tap(
    harness: Harness, db: Database
) -> None:
    user = harness.user(8002)
    await onboard(harness, 8002, zone="Europe/Berlin", at=None)
    await user.say("/surgery today")
    await advance_to(harness, at_ten(date(2026, 11, 24)))
    await user.next_message()
    edited = await user.press("Fever")
    assert edited.is_edit and "⚠️ ✓ Fever" in edited.button_texts
    assert edited.button_texts[-1] == "Done"  # no "None of these" once a sign is ticked
    urgent = await user.next_message()
    assert not urgent.is_edit
    assert "contact your surgical team now about: Fever" in urgent.text
    assert "emergency number" in urgent.text
    (check,) = await checks(db)
    assert check.red_flags == ["fever"]  # stored at once, before "Done"
    await user.press("New hearing loss")
    urgent = await user.next_message()
    assert "New hearing loss or ringing; Fever" in urgent.text
    # Un-ticking a mis-tap sends no new alarm.
    untick = await user.press("⚠️ ✓ Fever")
    assert "Fever" in untick.button_texts
    assert user.drain() == []
    done = await user.press("Done")
    assert "You reported: New hearing loss or ringing" in done.text
    assert "contacted your surgical team" in done.text
    (check,) = await checks(db)
    assert check.red_flags == ["hearing"] and (check.answers or {})["status"] == "done"


async def test_weekly_then_monthly_progress_questions_at_the_right_dates(
    harness: Harness, db: Database
) -> None:
    user = harness.user(8003)
    await onboard(harness, 8003, zone="Europe/Berlin", at=None)
    saved = await user.say("/surgery 3 Nov")  # 20 days ago: the daily checks are over
    assert "Next check: Tue 24 Nov 10:00" in saved.text
    weekly = [date(2026, 11, 3) + timedelta(weeks=w) for w in range(3, 14)]
    monthly = [date(2027, m, 3) for m in range(3, 12)]
    assert weekly[-1] == date(2027, 2, 2) and monthly[0] == date(2027, 3, 3)
    expected = [(d, f"Week {w}") for w, d in enumerate(weekly, start=3)]
    expected += [(d, f"Month {m}") for m, d in enumerate(monthly, start=4)]
    answers = {"Week 3": "The same", "Week 4": "Worse", "Month 12": "Gone"}
    for day, period in expected:
        before = await advance_to(harness, at_ten(day) - timedelta(minutes=1))
        assert (before.sent, before.missed) == (0, 0), period
        assert (await advance_to(harness, at_ten(day))).sent == 1, period
        question = await user.next_message()
        assert question.text.startswith(f"🏥 {period} after surgery"), question.text
        assert ("newly weak" in question.text) == period.startswith("Week")
        assert question.button_texts == [
            "Gone",
            "Much better",
            "A little better",
            "The same",
            "Worse",
        ]
        label = answers.get(period, "Much better")
        reply = await user.press(label)
        assert f"Saved for {period}: {label.lower()}" in reply.text
        slow = "does not mean the operation failed" in reply.text
        assert slow == (label in ("The same", "Worse", "A little better")), period
        assert ("tell your surgical team" in reply.text) == (label == "Worse")
    # Local 10:00 in summer (CEST) is 08:00 UTC, in winter 09:00 UTC.
    assert at_ten(date(2027, 7, 3)) == utc(2027, 7, 3, 8)
    after = await advance_to(harness, utc(2027, 12, 31))
    assert (after.sent, after.missed) == (0, 0)
    rows = await checks(db)
    assert [r.local_date for r in rows] == [d for d, _ in expected]
    assert {r.kind for r in rows} == {"progress"}
    assert [r.spasm_vs_before for r in rows][:2] == ["same", "worse"]
    assert rows[-1].spasm_vs_before == "gone"


async def test_a_new_surgery_date_replaces_the_plan(harness: Harness, db: Database) -> None:
    user = harness.user(8004)
    await onboard(harness, 8004, zone="Europe/Berlin", at=None)
    await user.say("/surgery today")
    await advance_to(harness, at_ten(date(2026, 11, 24)))
    old_screen = await user.next_message()
    assert "Day 1 of 14" in old_screen.text
    replaced = await user.say("/surgery 25 Nov")
    assert "This replaces your earlier plan (surgery on Mon 23 Nov)" in replaced.text
    assert "Next check: Thu 26 Nov 10:00" in replaced.text
    assert await treatment(db, 8004) == "mvd_planned"  # the new date is still ahead
    async with db.transaction() as session:
        plans = (await session.exec(select(Surgery).order_by(Surgery.id))).all()
        active = (await session.exec(select(Schedule).where(Schedule.active))).all()
    assert [(p.surgery_on, p.active) for p in plans] == [
        (date(2026, 11, 23), False),
        (date(2026, 11, 25), True),
    ]
    assert {s.ref_id for s in active if s.kind.startswith("surgery_")} == {plans[1].id}
    # The old plan's day 2 (Wed 25 Nov) never comes; the new plan's day 1 comes on Thu 26 Nov.
    quiet = await advance_to(harness, at_ten(date(2026, 11, 26)) - timedelta(minutes=1))
    assert (quiet.sent, quiet.missed) == (0, 0)
    assert (await advance_to(harness, at_ten(date(2026, 11, 26)))).sent == 1
    assert "Day 1 of 14" in (await user.next_message()).text
    assert await treatment(db, 8004) == "after_mvd"
    # "None" on the old plan's screen changes nothing; a warning sign still gets the advice.
    await user.tap("✅ None of these", message_id=old_screen.message_id)
    assert "replaced or stopped" in ((await user.next_callback_answer()).text or "")
    user.drain_events()
    await user.tap("Fever", message_id=old_screen.message_id)
    assert "contact your surgical team now about: Fever" in (await user.next_message()).text
    old_check = [c for c in await checks(db) if c.surgery_id == plans[0].id]
    assert [c.red_flags for c in old_check] == [None]


async def test_restart_in_the_middle_of_the_plan_loses_and_repeats_nothing(
    harness: Harness, db: Database
) -> None:
    user = harness.user(8005)
    await onboard(harness, 8005, zone="Europe/Berlin", at=None)
    await user.say("/surgery today")
    assert (await advance_to(harness, at_ten(date(2026, 11, 24)))).sent == 1
    await user.next_message()
    await user.press("✅ None of these")
    await harness.stop()
    # Down over day 2; back on day 3 half an hour after its check was due.
    harness.clock.set(at_ten(date(2026, 11, 26)) + timedelta(minutes=30))
    await harness.start()
    stats = await harness.run_due()
    assert (stats.sent, stats.missed) == (1, 1)
    assert "Day 3 of 14" in (await user.next_message()).text
    await harness.restart()
    assert (await harness.run_due()).sent == 0
    assert user.drain() == []
    await user.press("✅ None of these")
    assert (await advance_to(harness, at_ten(date(2026, 11, 27)))).sent == 1
    assert "Day 4 of 14" in (await user.next_message()).text
    await harness.restart()
    assert (await harness.advance(hours=12)).sent == 0
    rows = await checks(db)
    assert [(r.local_date.day, r.red_flags) for r in rows] == [(24, []), (26, []), (27, None)]


async def test_status_stop_and_bad_input(harness: Harness, db: Database) -> None:
    user = harness.user(8006)
    await onboard(harness, 8006, zone="UTC", at=None)
    usage = await user.say("/surgery")
    assert "/surgery 23 Nov" in usage.text and "every day" in usage.text
    bad = await user.say("/surgery whenever")
    assert "couldn't read “whenever”" in bad.text and "/surgery 23 Nov" in bad.text
    assert "more than 12 months ago" in (await user.say("/surgery 2025-06-01")).text
    assert "more than a year ahead" in (await user.say("/surgery 2028-06-01")).text
    assert "no active follow-up plan" in (await user.say("/surgery stop")).text
    async with db.transaction() as session:
        assert (await session.exec(select(Surgery))).all() == []
    await user.say("/surgery yesterday")
    status = await user.say("/surgery")
    assert "next check Mon 23 Nov 10:00" in status.text and "/surgery stop" in status.text
    stopped = await user.say("/surgery stop")
    assert "stopped" in stopped.text
    for _ in range(48):
        stats = await harness.advance(hours=1)
        assert (stats.sent, stats.missed) == (0, 0)
    assert "Send /surgery with the date" in (await user.say("/surgery")).text
    stranger = harness.user(8099)
    assert "/start" in (await stranger.say("/surgery today")).text


async def test_forged_or_foreign_buttons_change_nothing(harness: Harness, db: Database) -> None:
    owner = harness.user(8007)
    await onboard(harness, 8007, zone="UTC", at=None)
    await owner.say("/surgery today")
    await advance_to(harness, utc(2026, 11, 24, 10))
    screen = await owner.next_message()
    other = harness.user(8008)
    await onboard(harness, 8008, zone="UTC", at=None)
    mine = await other.say("/surgery")
    for data in ("sg:1:f:0", "sg:1:n:0", "sg:1:p:0", "sg:1:f:99", "sg:x:n:0", "sg:1:n"):
        other.drain_events()
        await other.tap_data(mine.message_id, data)
        assert "expired" in ((await other.next_callback_answer()).text or "")
    # A progress answer on a daily screen is refused too.
    await owner.tap_data(screen.message_id, "sg:1:p:0")
    assert "expired" in ((await owner.next_callback_answer()).text or "")
    (check,) = await checks(db)
    assert check.red_flags is None and check.spasm_vs_before is None
