"""Botox safety, end to end (issue 9, parts 2 and 3): the emergency line, the fuller side-effect
list at day 7 and week 4, the clinic's interval, and wear-off as an estimate or as the patient's
own report."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from sqlmodel import col, select

from service.db.engine import Database
from service.db.models import BotoxCycle, Checkin, Patient, Schedule, SideEffect
from service.domain.side_effects import CODES
from service.texts import MESSAGES
from tests.botox_steps import log_botox
from tests.conftest import Harness, onboard
from tests.emulator import BotMessage, FakeUser
from tests.test_botox import labels

EMERGENCY = "Trouble swallowing, speaking or breathing after an injection"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def the_cycle(db: Database) -> BotoxCycle:
    async with db.transaction() as session:
        return (await session.exec(select(BotoxCycle).order_by(col(BotoxCycle.id)))).all()[-1]


async def side_effect_codes(db: Database, cycle: BotoxCycle) -> list[str]:
    """The codes of the cycle's side-effect diary rows, in the list's order."""
    async with db.transaction() as session:
        stmt = select(SideEffect).where(SideEffect.cycle_id == cycle.id)
        rows = (await session.exec(stmt)).all()
    return [code for code in CODES if code in {row.effect for row in rows}]


async def the_patient(db: Database, chat_id: int) -> Patient:
    async with db.transaction() as session:
        return (await session.exec(select(Patient).where(Patient.chat_id == chat_id))).one()


async def booking_schedule(db: Database) -> Schedule:
    async with db.transaction() as session:
        stmt = select(Schedule).where(Schedule.kind == "botox_booking").order_by(col(Schedule.id))
        return (await session.exec(stmt)).all()[-1]


async def rate_day(db: Database, patient_id: int, day: date, total: int) -> None:
    async with db.transaction() as session:
        session.add(
            Checkin(
                patient_id=patient_id,
                local_date=day,
                status="complete",
                frequency=total // 2,
                severity=total - total // 2,
                impact=1,
                created_at=utc(2026, 1, 1),
                updated_at=utc(2026, 1, 1),
            )
        )


async def check_in(user: FakeUser, answers: tuple[str, ...] = ("3", "3", "1", "1")) -> BotMessage:
    """Today's check-in through the real buttons, up to the note question."""
    message = await user.say("/checkin")
    for answer in answers:
        if "Anything to add" in message.text:
            break
        message = await user.press(answer)
    assert "Anything to add" in message.text
    return message


# ---- part 2 ------------------------------------------------------------------------------------
async def test_first_botox_carries_the_emergency_line_and_asks_the_clinics_interval(
    harness: Harness, db: Database
) -> None:
    user = harness.user(9101)
    await onboard(harness, 9101, zone="UTC", at=None)
    reply = await log_botox(user, "/botox")
    assert EMERGENCY in reply.text and "call your local emergency number now" in reply.text
    assert "How many weeks apart does your clinic plan your injections?" in reply.text
    assert labels(reply) == [
        "10 weeks",
        "12 weeks",
        "14 weeks",
        "16 weeks",
        "I don't know (keep 12)",
        "↩️ Undo",
    ]
    assert (await the_patient(db, 9101)).botox_interval_asked
    chosen = await user.press("14 weeks")
    assert chosen.is_edit and chosen.message_id == reply.message_id
    assert "Every 14 weeks, as your clinic plans." in chosen.text
    assert "Next injection planned for Mon 1 Mar 2027 (every 14 weeks)." in chosen.text
    assert EMERGENCY in chosen.text and labels(chosen) == ["↩️ Undo"]
    patient = await the_patient(db, 9101)
    cycle = await the_cycle(db)
    assert (patient.botox_interval_weeks, cycle.interval_weeks) == (14, 14)
    async with db.transaction() as session:
        planned = (
            await session.exec(
                select(Schedule).where(Schedule.kind == "botox_due", Schedule.state == "active")
            )
        ).one()
    assert planned.next_due_at == utc(2027, 3, 1, 10, 0)
    assert (await booking_schedule(db)).next_due_at == utc(2027, 2, 15, 10, 0)
    # The next injection does not ask again.
    harness.clock.set(utc(2027, 3, 1, 12, 0))
    later = await log_botox(user, "/botox")
    assert "How many weeks apart" not in later.text and EMERGENCY in later.text
    assert "(every 14 weeks)" in later.text and labels(later) == ["↩️ Undo"]


async def test_dont_know_keeps_the_interval(harness: Harness, db: Database) -> None:
    user = harness.user(9102)
    await onboard(harness, 9102, zone="UTC", at=None)
    await log_botox(user, "/botox")
    before = await booking_schedule(db)
    kept = await user.press("I don't know (keep 12)")
    assert "I'll keep every 12 weeks" in kept.text and "/botox_interval 14" in kept.text
    patient = await the_patient(db, 9102)
    assert patient.botox_interval_weeks == 12 and patient.botox_interval_asked
    after = await booking_schedule(db)
    assert (after.id, after.next_due_at, after.state) == (before.id, before.next_due_at, "active")


async def test_day_seven_asks_side_effects_and_urgent_ones_say_contact_now(
    harness: Harness, db: Database
) -> None:
    user = harness.user(9103)
    await onboard(harness, 9103, zone="UTC", at=None)
    await log_botox(user, "/botox")
    harness.clock.set(utc(2026, 11, 30, 10, 0))
    assert (await harness.run_due()).sent == 1
    question = await user.next_message()
    assert EMERGENCY in question.text and "side effects since the injection" in question.text
    shown = await user.press("☐ Drooping mouth or drooling")
    assert "contact your care team now" not in shown.text
    shown = await user.press("☐ Eye won't close fully")
    assert "contact your care team now" in shown.text and "needs protecting" in shown.text
    await user.press("Yes")
    done = await user.press("✅ Done")
    assert "Started working: Yes" in done.text
    assert "Side effects: Eye won't close fully, drooping mouth or drooling" in done.text
    assert "contact your care team now" in done.text and EMERGENCY in done.text
    assert labels(done) == ["✏️ Change"]
    cycle = await the_cycle(db)
    assert (cycle.onset, await side_effect_codes(db, cycle)) == ("yes", ["closure", "mouth"])
    # Changed at day 7: untick the eye; the drooping mouth is for the next injection.
    await user.press("✏️ Change")
    await user.press("☑ Eye won't close fully")
    done = await user.press("✅ Done")
    assert "contact your care team now" not in done.text
    assert "into account for your next injection" in done.text
    # Week 4 asks again, with what day 7 recorded ticked.
    harness.clock.set(utc(2026, 12, 21, 10, 0))
    assert (await harness.run_due()).sent == 1
    week4 = await user.next_message()
    assert "☑ Drooping mouth or drooling" in labels(week4)
    assert "☐ Double vision" in labels(week4) and "☐ Blurred vision" in labels(week4)
    shown = await user.press("☐ Double vision")
    assert "contact your care team now" in shown.text
    assert "Your clinic:" not in shown.text  # no number given yet


async def test_urgent_side_effects_show_the_clinics_phone(harness: Harness, db: Database) -> None:
    user = harness.user(9108)
    await onboard(harness, 9108, zone="UTC", at=None)
    await user.say("/clinic +44 20 7946 0000")
    await user.press("✅ Yes, save it")
    await log_botox(user, "/botox")
    harness.clock.set(utc(2026, 11, 30, 10, 0))
    assert (await harness.run_due()).sent == 1
    await user.next_message()
    shown = await user.press("☐ Double vision")
    assert "contact your care team now" in shown.text
    assert "📞 Your clinic: +44 20 7946 0000" in shown.text
    await user.press("Yes")
    done = await user.press("✅ Done")
    assert "📞 Your clinic: +44 20 7946 0000" in done.text


def test_no_botox_text_says_due_or_wore_off_early() -> None:
    botox = {k: v for k, v in MESSAGES.items() if "botox" in k or k.startswith("sum_chart")}
    assert botox
    for key, template in botox.items():
        text = re.sub(r"\{[a-z_]+\}", "X", template)  # placeholders are not patient-facing
        assert not re.search(r"\bdue\b", text, re.I), key
    for key, text in MESSAGES.items():
        assert "wore off early" not in text and "Wore off" not in text, key


# ---- part 3 ------------------------------------------------------------------------------------
async def test_the_estimate_is_said_as_one_and_the_booking_reminder_waits_for_the_patient(
    harness: Harness, db: Database
) -> None:
    user = harness.user(9110)
    await onboard(harness, 9110, zone="UTC", at=None)
    await log_botox(user, "/botox 2026-10-01")  # today, Mon 23 Nov, is day 53
    patient = await the_patient(db, 9110)
    assert patient.id is not None
    injected = date(2026, 10, 1)
    for offset in range(1, 15):
        await rate_day(db, patient.id, injected - timedelta(days=offset), 6)
    for day in range(7, 48):
        await rate_day(db, patient.id, injected + timedelta(days=day), 4)
    for day in range(48, 53):
        await rate_day(db, patient.id, injected + timedelta(days=day), 6)
    planned = (await booking_schedule(db)).next_due_at
    assert planned == utc(2026, 12, 10, 10, 0)
    await check_in(user)  # 3 + 3 = 6 today
    estimate = await user.next_message()
    text = estimate.text
    assert "may be wearing off" in text and "since about day 48" in text
    assert "estimate from your diary, not a diagnosis" in text
    assert "mention it at your next visit" in text
    assert labels(estimate) == ["📅 Booking reminder now"]
    cycle = await the_cycle(db)
    assert (cycle.wear_off_on, cycle.wear_off_reported_on) == (date(2026, 11, 18), None)
    # Nothing moved on its own.
    booking = await booking_schedule(db)
    assert booking.state == "active" and booking.next_due_at == planned
    assert (await harness.run_due()).sent == 0
    reminder = await user.press("📅 Booking reminder now", message_id=estimate.message_id)
    assert not reminder.is_edit
    assert "planned for Thu 24 Dec 2026" in reminder.text and "they decide" in reminder.text
    assert (await booking_schedule(db)).state == "ended"
    harness.clock.set(utc(2026, 12, 10, 11, 0))
    assert (await harness.run_due()).sent == 0  # the planned booking reminder is not repeated
    history = await user.say("/botox_history")
    assert "May be wearing off (estimated from your diary):" in history.text
    assert "from about day 48, Wed 18 Nov 2026" in history.text


async def test_the_patient_reports_wearing_off_from_the_checkin_or_the_history(
    harness: Harness, db: Database
) -> None:
    user = harness.user(9111)
    await onboard(harness, 9111, zone="UTC", at=None)
    await log_botox(user, "/botox 2026-11-20")  # day 3: too early for the check-in's button
    await check_in(user)
    done = await user.press("Skip")
    assert "I think it's wearing off" not in " ".join(labels(done))
    # Day 20.
    harness.clock.set(utc(2026, 12, 10, 9, 0))
    await check_in(user)
    done = await user.press("Skip")
    assert labels(done) == ["✏️ Change today's answers", "⏳ I think it's wearing off"]
    noted = await user.press("⏳ I think it's wearing off", message_id=done.message_id)
    assert not noted.is_edit
    assert "you think your Botox injection on Fri 20 Nov 2026 is wearing off (day 20)" in (
        noted.text
    )
    assert "mention it at your next visit" in noted.text
    assert labels(noted) == ["📅 Booking reminder now", "↩️ Undo"]
    cycle = await the_cycle(db)
    assert (cycle.wear_off_reported_on, cycle.wear_off_on) == (date(2026, 12, 10), None)
    history = await user.say("/botox_history")
    assert "Wearing off (reported by you): day 20, Thu 10 Dec 2026" in history.text
    assert history.buttons == []  # reported already
    again = await user.say("/checkin")
    assert "I think it's wearing off" not in " ".join(labels(again))
    undone = await user.press("↩️ Undo", message_id=noted.message_id)
    assert undone.is_edit and "Removed" in undone.text
    assert (await the_cycle(db)).wear_off_reported_on is None
    # Any time, from /botox_history.
    history = await user.say("/botox_history")
    assert "Wearing off: nothing noted" in history.text
    assert labels(history) == ["⏳ I think it's wearing off"]
    await user.press("⏳ I think it's wearing off", message_id=history.message_id)
    assert (await the_cycle(db)).wear_off_reported_on == date(2026, 12, 10)
    # The diary's estimate later is stored for the doctor but not said again to the patient.
    patient = await the_patient(db, 9111)
    assert patient.id is not None
