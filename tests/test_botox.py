"""Botox cycles end to end: logging, the day-7 and week-4 questions, booking and due reminders,
the due button, history, wear-off and restarts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import col, select

from service.db.engine import Database
from service.db.models import BotoxCycle, Occurrence, Patient, Schedule, SideEffect
from tests.botox_steps import log_botox
from tests.conftest import Harness, onboard
from tests.emulator import BotMessage

KINDS = ("botox_onset", "botox_effect", "botox_booking", "botox_due")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def side_effects(db: Database, cycle: BotoxCycle) -> list[str] | None:
    """The cycle's side effects as codes from its diary rows, in the list's order; None when
    neither question's side effects were answered and nothing is in the diary."""
    from service.domain.side_effects import CODES

    async with db.transaction() as session:
        stmt = select(SideEffect).where(SideEffect.cycle_id == cycle.id)
        rows = (await session.exec(stmt)).all()
    if not rows and cycle.side_effects_day7_at is None and cycle.side_effects_week4_at is None:
        return None
    return [code for code in CODES if code in {row.effect for row in rows}]


async def cycles(db: Database) -> list[BotoxCycle]:
    async with db.transaction() as session:
        stmt = select(BotoxCycle).order_by(BotoxCycle.injected_on)
        return list((await session.exec(stmt)).all())


async def schedules(db: Database, *, active: bool | None = True) -> dict[str, Schedule]:
    """Botox schedules by kind (the newest of each kind)."""
    async with db.transaction() as session:
        stmt = select(Schedule).where(col(Schedule.kind).in_(KINDS)).order_by(col(Schedule.id))
        if active is not None:
            stmt = stmt.where(Schedule.state == ("active" if active else "ended"))
        return {s.kind: s for s in (await session.exec(stmt)).all()}


async def botox_occurrences(db: Database) -> list[Occurrence]:
    async with db.transaction() as session:
        stmt = (
            select(Occurrence).where(col(Occurrence.kind).in_(KINDS)).order_by(col(Occurrence.id))
        )
        return list((await session.exec(stmt)).all())


def labels(message: BotMessage) -> list[str]:
    return [text for row in message.buttons for text, _ in row]


# ---- logging ------------------------------------------------------------------------------------
async def test_log_today_books_the_whole_plan_at_local_time(
    harness: Harness, db: Database
) -> None:
    user = harness.user(5001)
    await onboard(harness, 5001, zone="Europe/Berlin", at=None)  # no check-in: 10:00
    reply = await log_botox(user, "/botox")
    assert "Saved: Botox injection on Mon 23 Nov 2026." in reply.text
    assert "Next injection planned for Mon 15 Feb 2027 (every 12 weeks)." in reply.text
    assert "Coming up (at 10:00):" in reply.text
    for line in (
        "• Mon 30 Nov – has it started working?",
        "• Mon 21 Dec – how well does it work, any side effects?",
        "• Mon 1 Feb – time to book the next injection",
        "• Mon 15 Feb – next injection planned",
    ):
        assert line in reply.text
    assert "day 0" not in reply.text
    (cycle,) = await cycles(db)
    assert cycle.injected_on == date(2026, 11, 23) and cycle.units is None
    assert cycle.interval_weeks == 12
    booked = await schedules(db)
    assert sorted(booked) == sorted(KINDS)
    assert {s.ref_id for s in booked.values()} == {cycle.id}
    # 10:00 in Berlin is 09:00 UTC in winter.
    assert booked["botox_onset"].next_due_at == utc(2026, 11, 30, 9, 0)
    assert booked["botox_effect"].next_due_at == utc(2026, 12, 21, 9, 0)
    assert booked["botox_booking"].next_due_at == utc(2027, 2, 1, 9, 0)
    assert booked["botox_due"].next_due_at == utc(2027, 2, 15, 9, 0)


async def test_log_past_date_says_where_the_patient_is_and_books_only_what_is_ahead(
    harness: Harness, db: Database
) -> None:
    user = harness.user(5002)
    await onboard(harness, 5002, zone="Europe/Berlin", at=None)
    reply = await log_botox(user, "/botox 3 Nov 50 after the dentist")
    assert "Saved: Botox injection on Tue 3 Nov 2026 · 50 units." in reply.text
    assert "Note: after the dentist" in reply.text
    assert "You are on day 20 of this cycle" in reply.text
    assert "Next injection planned for Tue 26 Jan 2027" in reply.text
    assert "has it started working?" not in reply.text  # day 7 has passed
    assert "• Tue 1 Dec – how well does it work" in reply.text
    (cycle,) = await cycles(db)
    assert (cycle.injected_on, cycle.units, cycle.note) == (
        date(2026, 11, 3),
        50,
        "after the dentist",
    )
    booked = await schedules(db)
    assert sorted(booked) == ["botox_booking", "botox_due", "botox_effect"]
    assert booked["botox_booking"].next_due_at == utc(2027, 1, 12, 9, 0)
    # Nothing of the past is sent.
    assert (await harness.advance(hours=1)).sent == 0
    assert user.drain() == []


async def test_every_accepted_date_form_and_units_and_note(harness: Harness, db: Database) -> None:
    user = harness.user(5003)
    await onboard(harness, 5003, zone="UTC", at=None)
    for text, expected in (
        ("/botox 2026-08-03", date(2026, 8, 3)),
        ("/botox 03.09.2026 45", date(2026, 9, 3)),
        ("/botox 3 Oct 2026 40 units left side only", date(2026, 10, 3)),
        ("/botox yesterday 35u", date(2026, 11, 22)),
    ):
        reply = await log_botox(user, text)
        assert "Saved: Botox injection on" in reply.text, text
        assert (await cycles(db))[-1].injected_on == expected
    stored = [(c.injected_on, c.units, c.note) for c in await cycles(db)]
    assert stored == [
        (date(2026, 8, 3), None, None),
        (date(2026, 9, 3), 45, None),
        (date(2026, 10, 3), 40, "left side only"),
        (date(2026, 11, 22), 35, None),
    ]
    # Each newer injection closed the previous cycle's reminders: only the newest is booked.
    newest = (await cycles(db))[-1]
    assert {s.ref_id for s in (await schedules(db)).values()} == {newest.id}


async def test_bad_input_says_what_works_and_stores_nothing(
    harness: Harness, db: Database
) -> None:
    user = harness.user(5004)
    await onboard(harness, 5004, zone="UTC", at=None)
    reply = await user.say("/botox 31.02.2026 50")
    assert "When was your Botox injection?" in reply.text and "Today" in labels(reply)
    reply = await user.say("/botox tomorrow")
    assert "in the future" in reply.text and "/appointment" in reply.text
    reply = await user.say("/botox 3 Nov 2026 5000")
    assert "“5000” units" in reply.text and "0 to 1000" in reply.text
    assert "How many units did you get on Tue 3 Nov 2026?" in reply.text
    long_note = "word " * 60
    reply = await user.say(f"/botox 40 {long_note}")
    assert "under 200" in reply.text and long_note.strip()[:100] in reply.text
    assert await cycles(db) == []
    assert await schedules(db, active=None) == {}


async def test_commands_need_consent(harness: Harness, db: Database) -> None:
    user = harness.user(5005)
    for command in ("/botox", "/botox_history", "/botox_interval 14"):
        reply = await user.say(command)
        assert "send /start first" in reply.text
    await user.say("/start")
    # Started but not agreed yet: the kit's one answer points to the welcome's "I agree".
    for command in ("/botox", "/botox_history", "/botox_interval 14"):
        reply = await user.say(command)
        assert "tap “I agree”" in reply.text
    assert await cycles(db) == []


async def test_same_day_twice_updates_instead_of_duplicating(
    harness: Harness, db: Database
) -> None:
    user = harness.user(5006)
    await onboard(harness, 5006, zone="UTC", at=None)
    await log_botox(user, "/botox")
    reply = await log_botox(user, "/botox")
    assert "already logged an injection on Mon 23 Nov 2026" in reply.text
    reply = await log_botox(user, "/botox today 45 right side")
    assert "Updated your injection on Mon 23 Nov 2026 · 45 units" in reply.text
    (cycle,) = await cycles(db)
    assert (cycle.units, cycle.note) == (45, "right side")
    assert len(await schedules(db, active=None)) == 4


async def test_undo_removes_the_injection_and_restores_the_previous_reminders(
    harness: Harness, db: Database
) -> None:
    user = harness.user(5007)
    await onboard(harness, 5007, zone="UTC", at=None)
    await log_botox(user, "/botox 2 Nov")
    first_plan = await schedules(db)
    assert sorted(first_plan) == ["botox_booking", "botox_due", "botox_effect"]
    await log_botox(user, "/botox")  # a tap on the menu by mistake
    mistake = (await cycles(db))[-1]
    assert mistake.injected_on == date(2026, 11, 23)
    undone = await user.press("↩️ Undo")
    assert undone.is_edit and "Removed the injection on Mon 23 Nov 2026" in undone.text
    assert "reminders for the injection on Mon 2 Nov 2026 are back on" in undone.text
    (cycle,) = await cycles(db)
    assert cycle.injected_on == date(2026, 11, 2)
    restored = await schedules(db)
    assert sorted(restored) == ["botox_booking", "botox_due", "botox_effect"]
    assert {s.ref_id for s in restored.values()} == {cycle.id}
    assert restored["botox_effect"].next_due_at == first_plan["botox_effect"].next_due_at
    # The same Undo button again: the row is gone, the tap is answered and changes nothing.
    assert undone.buttons == []
    user.drain_events()
    await user.tap_data(undone.message_id, f"bx:{mistake.id}:undo:0")
    assert "expired" in ((await user.next_callback_answer()).text or "")
    assert len(await cycles(db)) == 1


# ---- day 7 --------------------------------------------------------------------------------------
async def test_day_seven_question_arrives_at_check_in_time_and_answer_is_stored(
    harness: Harness, db: Database
) -> None:
    user = harness.user(5010)
    await onboard(harness, 5010, zone="Europe/Berlin", at=time(8, 30))
    await log_botox(harness.user(5010), "/botox 40")
    (cycle,) = await cycles(db)
    assert (await schedules(db))["botox_onset"].next_due_at == utc(2026, 11, 30, 7, 30)
    harness.clock.set(utc(2026, 11, 30, 7, 29))
    await harness.run_due()
    user.drain()  # the daily check-in prompts meanwhile
    stats = await harness.advance(minutes=1)
    messages = [m for m in user.drain() if "week since your Botox" in (m.text or "")]
    assert stats.sent >= 1 and len(messages) == 1
    question = messages[0]
    assert (
        "injection on Mon 23 Nov 2026" in question.text
        and "Has the effect started?" in question.text
    )
    assert "Trouble swallowing, speaking or breathing after an injection" in question.text
    assert "emergency" in question.text
    assert labels(question) == [
        "Yes",
        "Partly",
        "Not yet",
        "☐ Drooping eyelid",
        "☐ Eye won't close fully",
        "☐ Dry, watering or irritated eye",
        "☐ Blurred vision",
        "☐ Double vision",
        "☐ Drooping mouth or drooling",
        "☐ Other facial weakness",
        "☐ Other",
        "No side effects",
        "✅ Done",
    ]
    answered = await user.press("Partly", message_id=question.message_id)
    assert answered.is_edit and "Started working: Partly" in answered.text
    (cycle,) = await cycles(db)
    assert cycle.onset == "partly" and cycle.onset_answered_at == harness.clock.now()
    changed = await user.press("Not yet", message_id=question.message_id)
    assert "4–8 days" in changed.text and "✓ Not yet" in labels(changed)
    (cycle,) = await cycles(db)
    assert cycle.onset == "not_yet"
    answer = await user.next_callback_answer()
    assert answer.text == "Saved."


async def test_tap_on_someone_elses_cycle_changes_nothing(harness: Harness, db: Database) -> None:
    owner, other = harness.user(5011), harness.user(5012)
    await onboard(harness, 5011, zone="UTC", at=None)
    await onboard(harness, 5012, zone="UTC", at=None)
    await log_botox(owner, "/botox")
    reply = await log_botox(other, "/botox")
    (cycle, _) = sorted(await cycles(db), key=lambda c: c.patient_id)
    await other.tap_data(reply.message_id, f"bx:{cycle.id}:on:y")
    answer = await other.next_callback_answer()
    assert answer.text is not None and "expired" in answer.text
    await other.tap_data(reply.message_id, "bx:nonsense")
    assert "expired" in ((await other.next_callback_answer()).text or "")
    assert all(c.onset is None for c in await cycles(db))


# ---- day 7 and week 4 on the reminder lifecycle ------------------------------------------------
FOLLOWUP = "A gentle reminder: this Botox question is still open."


async def lifecycle_rows(db: Database, prefix: str) -> list[tuple[str, str]]:
    """(kind, status) of a question's follow-up and close occurrences, in order."""
    kinds = [f"{prefix}_followup", f"{prefix}_snooze", f"{prefix}_close"]
    async with db.transaction() as session:
        stmt = select(Occurrence).where(col(Occurrence.kind).in_(kinds)).order_by(Occurrence.id)
        return [(o.kind, o.status) for o in (await session.exec(stmt)).all()]


async def day_seven_prompt(harness: Harness, user_id: int) -> BotMessage:
    """A patient (UTC, no check-in time: 10:00) who logged /botox today; the day-7 prompt."""
    user = harness.user(user_id)
    await onboard(harness, user_id, zone="UTC", at=None)
    await log_botox(user, "/botox")
    harness.clock.set(utc(2026, 11, 30, 9, 59))
    assert (await harness.run_due()).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1
    prompt = await user.next_message()
    assert "Has the effect started?" in prompt.text and FOLLOWUP not in prompt.text
    return prompt


async def test_an_unanswered_day_seven_question_gets_one_follow_up(
    harness: Harness, db: Database
) -> None:
    user = harness.user(5070)
    await day_seven_prompt(harness, 5070)
    # Three hours later (the operator's follow-up setting), driven only by the armed wake.
    assert (await harness.advance(hours=2, minutes=59)).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1
    again = await user.next_message()
    assert again.text.startswith(FOLLOWUP)
    assert "Has the effect started?" in again.text and "emergency" in again.text
    assert labels(again)[:3] == ["Yes", "Partly", "Not yet"] and "✅ Done" in labels(again)
    # Only one: nothing more that day (the question closes at midnight) or later.
    assert (await harness.advance(hours=11)).sent == 0
    assert (await harness.advance(days=3)).sent == 0
    assert user.drain() == []
    assert await lifecycle_rows(db, "botox_onset") == [
        ("botox_onset_followup", "sent"),
        ("botox_onset_close", "skipped"),
    ]
    # Its buttons work like the prompt's, also after the question closed.
    answered = await user.press("Yes", message_id=again.message_id)
    assert answered.is_edit and "Started working: Yes" in answered.text
    (cycle,) = await cycles(db)
    assert cycle.onset == "yes"


async def test_an_answered_day_seven_question_gets_no_follow_up(
    harness: Harness, db: Database
) -> None:
    user = harness.user(5071)
    prompt = await day_seven_prompt(harness, 5071)
    await harness.advance(hours=1)
    await user.press("Partly", message_id=prompt.message_id)
    assert (await harness.advance(hours=3)).sent == 0
    assert (await harness.advance(days=1)).sent == 0
    assert [m for m in user.drain() if FOLLOWUP in (m.text or "")] == []
    assert await lifecycle_rows(db, "botox_onset") == [
        ("botox_onset_followup", "skipped"),
        ("botox_onset_close", "skipped"),
    ]


async def test_a_side_effect_alone_or_done_counts_as_an_answer(
    harness: Harness, db: Database
) -> None:
    user = harness.user(5072)
    prompt = await day_seven_prompt(harness, 5072)
    await user.press("✅ Done", message_id=prompt.message_id)  # nothing ticked: none
    assert (await harness.advance(hours=3)).sent == 0
    (cycle,) = await cycles(db)
    assert (cycle.onset, await side_effects(db, cycle)) == (None, [])
    assert user.drain() == []


async def test_a_new_injection_drops_the_previous_questions_follow_up(
    harness: Harness, db: Database
) -> None:
    user = harness.user(5073)
    await day_seven_prompt(harness, 5073)
    await harness.advance(hours=1)
    await log_botox(user, "/botox")  # logged again (a new cycle from today)
    assert (await harness.advance(hours=3)).sent == 0
    assert [m for m in user.drain() if FOLLOWUP in (m.text or "")] == []
    assert [status for _, status in await lifecycle_rows(db, "botox_onset")] == [
        "skipped",
        "skipped",
    ]


async def week_four_prompt(harness: Harness, user_id: int) -> BotMessage:
    """Day 7 answered with a drooping eyelid; the week-4 prompt (the eyelid ticked)."""
    user = harness.user(user_id)
    prompt = await day_seven_prompt(harness, user_id)
    await user.press("Yes", message_id=prompt.message_id)
    await user.press("☐ Drooping eyelid", message_id=prompt.message_id)
    await user.press("✅ Done", message_id=prompt.message_id)
    harness.clock.set(utc(2026, 12, 21, 9, 59))
    assert (await harness.run_due()).sent == 0
    user.drain()
    assert (await harness.advance(minutes=1)).sent == 1
    week4 = await user.next_message()
    assert "4 weeks since" in week4.text and "☑ Drooping eyelid" in labels(week4)
    return week4


async def test_week_four_untouched_gets_one_follow_up_though_day_seven_answered(
    harness: Harness, db: Database
) -> None:
    user = harness.user(5074)
    await week_four_prompt(harness, 5074)
    assert (await harness.advance(hours=3)).sent == 1
    again = await user.next_message()
    assert again.text.startswith(FOLLOWUP) and "4 weeks since" in again.text
    assert (await harness.advance(days=2)).sent == 0
    assert await lifecycle_rows(db, "botox_effect") == [
        ("botox_effect_followup", "sent"),
        ("botox_effect_close", "skipped"),
    ]


async def test_week_four_touched_by_a_side_effect_alone_gets_no_follow_up(
    harness: Harness, db: Database
) -> None:
    user = harness.user(5075)
    week4 = await week_four_prompt(harness, 5075)
    await user.press("☐ Double vision", message_id=week4.message_id)  # no rating yet
    assert (await harness.advance(hours=3)).sent == 0
    assert (await harness.advance(days=2)).sent == 0
    (cycle,) = await cycles(db)
    assert (cycle.effect, await side_effects(db, cycle)) == (None, ["ptosis", "diplopia"])
    assert await lifecycle_rows(db, "botox_effect") == [
        ("botox_effect_followup", "skipped"),
        ("botox_effect_close", "skipped"),
    ]


def test_every_botox_button_keeps_its_wire_form() -> None:
    """Buttons already in patients' chats decode to one typed payload each, and back."""
    from service.bot.botox import payloads as p
    from service.bot.callbacks import decode

    forms = {
        "bx:7:on:p": p.OnsetTap(7, "p"),
        "bx:7:ss:closure": p.OnsetSideEffectTap(7, "closure"),
        "bx:7:sz:0": p.OnsetNoSideEffectsTap(7),
        "bx:7:od:0": p.OnsetDoneTap(7),
        "bx:7:oc:0": p.OnsetChangeTap(7),
        "bx:7:ef:3": p.EffectTap(7, 3),
        "bx:7:se:ptosis": p.EffectSideEffectTap(7, "ptosis"),
        "bx:7:sn:0": p.EffectNoSideEffectsTap(7),
        "bx:7:dn:0": p.EffectDoneTap(7),
        "bx:7:ec:0": p.EffectChangeTap(7),
        "bx:7:iv:14": p.IntervalTap(7, 14),
        "bx:7:undo:0": p.UndoTap(7),
        "bx:7:new:0": p.HadItTodayTap(7),
        "bx:7:wo:0": p.WearingOffTap(7),
        "bx:7:wu:0": p.WearingOffUndoTap(7),
        "bx:7:bk:0": p.BookingNowTap(7),
    }
    for data, payload in forms.items():
        decoded = decode(data)
        assert type(decoded) is type(payload) and decoded == payload, data
        assert payload.encode() == data
    for data in ("bx:7:on:x", "bx:7:se:ptosis.7", "bx:7:dn:7", "bx:7:zz:0", "bx:07:on:y"):
        assert decode(data) is None, data


# ---- week 4 -------------------------------------------------------------------------------------
async def test_week_four_effect_and_side_effects_are_stored_as_tapped(
    harness: Harness, db: Database
) -> None:
    user = harness.user(5020)
    await onboard(harness, 5020, zone="America/New_York", at=None)
    await log_botox(user, "/botox")  # Monday 23 Nov, 01:00 in New York
    harness.clock.set(utc(2026, 11, 30, 15, 0))  # 10:00 EST
    assert (await harness.run_due()).sent == 1  # the day-7 question
    user.drain()
    harness.clock.set(utc(2026, 12, 21, 14, 59))
    assert (await harness.run_due()).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1
    question = await user.next_message()
    assert "4 weeks since your Botox injection on Mon 23 Nov 2026" in question.text
    assert "☐ Drooping eyelid" in labels(question) and "✅ Done" in labels(question)
    await user.press("3 · Good")
    (cycle,) = await cycles(db)
    assert cycle.effect == 3 and await side_effects(db, cycle) is None
    await user.press("☐ Drooping eyelid")
    await user.press("☐ Double vision")
    shown = await user.press("☐ Dry, watering or irritated eye")
    assert "☑ Drooping eyelid" in labels(shown)
    # Double vision gets "contact your care team now" as soon as it is ticked.
    assert "contact your care team now" in shown.text
    (cycle,) = await cycles(db)
    assert await side_effects(db, cycle) == ["ptosis", "eye", "diplopia"]
    await user.press("☑ Dry, watering or irritated eye")  # untick
    (cycle,) = await cycles(db)
    assert await side_effects(db, cycle) == ["ptosis", "diplopia"]
    done = await user.press("✅ Done")
    assert "Effect: 3 · Good" in done.text
    assert "Side effects: Drooping eyelid, double vision" in done.text
    assert "contact your care team now" in done.text and "into account" not in done.text
    # Without double vision, a drooping eyelid is for the next injection.
    await user.press("✏️ Change")
    done = await user.press("☑ Double vision")
    assert "contact your care team now" not in done.text
    done = await user.press("✅ Done")
    assert "tell your care team" in done.text and "into account for your next" in done.text
    assert "contact your care team now" not in done.text
    changed = await user.press("✏️ Change")
    assert "✓ 3 · Good" in labels(changed)
    await user.press("No side effects")
    (cycle,) = await cycles(db)
    assert await side_effects(db, cycle) == [] and cycle.effect == 3


async def test_done_without_ticking_means_no_side_effects(harness: Harness, db: Database) -> None:
    user = harness.user(5021)
    await onboard(harness, 5021, zone="UTC", at=None)
    await log_botox(user, "/botox 26 Oct")  # day 28 is today, 10:00 UTC is still ahead
    assert (await harness.advance(hours=4)).sent == 1
    await user.next_message()
    done = await user.press("✅ Done")
    assert "Effect: not answered" in done.text and "Side effects: none" in done.text
    assert "care team" not in done.text
    (cycle,) = await cycles(db)
    assert await side_effects(db, cycle) == [] and cycle.effect is None


async def test_side_effects_never_answered_stay_not_answered(
    harness: Harness, db: Database
) -> None:
    """Rating the effect alone answers nothing about side effects: stored and shown as "not
    answered", never as "none" (issue 12)."""
    user = harness.user(5022)
    await onboard(harness, 5022, zone="UTC", at=None)
    await log_botox(user, "/botox 26 Oct")
    assert (await harness.advance(hours=4)).sent == 1
    await user.next_message()
    rated = await user.press("3 · Good")
    assert "Effect: 3 · Good" in rated.text and "Side effects: not answered" in rated.text
    (cycle,) = await cycles(db)
    assert cycle.effect == 3 and await side_effects(db, cycle) is None
    history = await user.say("/botox_history")
    assert "Side effects: not answered" in history.text
    assert "Started working (day 7): not answered" in history.text
    assert "none" not in history.text


# ---- booking and due ----------------------------------------------------------------------------
async def test_booking_and_due_reminders_arrive_on_their_local_dates(
    harness: Harness, db: Database
) -> None:
    user = harness.user(5030)
    await onboard(harness, 5030, zone="Australia/Sydney", at=None)
    await log_botox(user, "/botox")  # Mon 23 Nov 06:00 UTC = 17:00 in Sydney, same local date
    (cycle,) = await cycles(db)
    assert cycle.injected_on == date(2026, 11, 23)
    # Booking: 10 weeks later, Mon 1 Feb 2027 10:00 AEDT = Sun 31 Jan 23:00 UTC.
    harness.clock.set(utc(2027, 1, 31, 22, 59))
    await harness.run_due()
    user.drain()
    assert (await harness.advance(minutes=1)).sent == 1
    booking = await user.next_message()
    assert "Time to book your next Botox injection" in booking.text
    assert "planned for Mon 15 Feb 2027, 12 weeks after the one on Mon 23 Nov 2026" in booking.text
    # Due: Mon 15 Feb 2027 10:00 AEDT = Sun 14 Feb 23:00 UTC.
    harness.clock.set(utc(2027, 2, 14, 22, 59))
    assert (await harness.run_due()).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1
    due = await user.next_message()
    assert "planned for today" in due.text and labels(due) == ["💉 I had it today"]
    assert (await harness.advance(days=30)).sent == 0


async def test_changed_interval_moves_booking_and_due_across_dst(
    harness: Harness, db: Database
) -> None:
    harness.clock.set(utc(2027, 2, 1, 15, 0))  # Monday 1 Feb 2027, 16:00 in Berlin
    user = harness.user(5031)
    await onboard(harness, 5031, zone="Europe/Berlin", at=None)
    reply = await user.say("/botox_interval")
    assert "every 12 weeks" in reply.text and "14 weeks" in labels(reply)
    for bad in ("30", "5", "soon"):
        reply = await user.say(f"/botox_interval {bad}")
        assert "from 6 to 26" in reply.text, bad
    reply = await user.say("/botox_interval 14")
    assert "every 14 weeks" in reply.text and "next injection" in reply.text
    async with db.transaction() as session:
        patient = (await session.exec(select(Patient).where(Patient.chat_id == 5031))).one()
    assert patient.botox_interval_weeks == 14
    reply = await log_botox(user, "/botox")
    assert "Next injection planned for Mon 10 May 2027 (every 14 weeks)" in reply.text
    assert "How many weeks apart" not in reply.text  # /botox_interval gave it already
    booked = await schedules(db)
    # 10:00 CEST = 08:00 UTC after the clocks change on 28 March.
    assert booked["botox_booking"].next_due_at == utc(2027, 4, 26, 8, 0)
    assert booked["botox_due"].next_due_at == utc(2027, 5, 10, 8, 0)
    # Mid-cycle, the interval becomes 10 weeks: booking and due move, the questions stay.
    onset_before = booked["botox_onset"].next_due_at
    reply = await user.say("/botox_interval 10 weeks")
    assert "Next injection planned for Mon 12 Apr 2027 (every 10 weeks)" in reply.text
    assert "• Mon 29 Mar – time to book the next injection" in reply.text
    booked = await schedules(db)
    assert booked["botox_onset"].next_due_at == onset_before
    assert booked["botox_booking"].next_due_at == utc(2027, 3, 29, 8, 0)
    assert booked["botox_due"].next_due_at == utc(2027, 4, 12, 8, 0)
    (cycle,) = await cycles(db)
    assert cycle.interval_weeks == 10
    harness.clock.set(utc(2027, 3, 29, 7, 59))
    await harness.run_due()
    user.drain()
    assert (await harness.advance(minutes=1)).sent == 1
    assert "Time to book" in (await user.next_message()).text
    harness.clock.set(utc(2027, 4, 12, 7, 59))
    assert (await harness.run_due()).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1
    assert "planned for today, 10 weeks after" in (await user.next_message()).text
    # The old dates (26 April, 10 May) send nothing.
    assert (await harness.advance(days=30)).sent == 0


async def test_due_button_logs_the_next_injection_and_closes_the_old_cycle(
    harness: Harness, db: Database
) -> None:
    user = harness.user(5032)
    await onboard(harness, 5032, zone="UTC", at=None)
    reply = await log_botox(user, "/botox 31 Aug 45")
    assert "Next injection planned for Mon 23 Nov 2026 (every 12 weeks)." in reply.text
    assert "Your next injection is planned for today." in reply.text
    assert "• Mon 23 Nov – next injection planned" in reply.text  # 10:00 UTC is still ahead
    assert (await harness.advance(hours=4)).sent == 1
    due = await user.next_message()
    logged = await user.press("💉 I had it today")
    assert logged.is_edit and logged.message_id == due.message_id
    assert "Saved: Botox injection on Mon 23 Nov 2026." in logged.text
    assert "That is 12 weeks after your previous injection (Mon 31 Aug 2026)." in logged.text
    old, new = await cycles(db)
    assert new.injected_on == date(2026, 11, 23) and new.units is None
    booked = await schedules(db)
    assert sorted(booked) == sorted(KINDS)
    assert {s.ref_id for s in booked.values()} == {new.id}
    # Tapping it again (or after /botox today) does not make a third cycle.
    user.drain_events()
    await user.tap_data(due.message_id, f"bx:{old.id}:new:0")
    answer = await user.next_callback_answer()
    assert "Already logged" in (answer.text or "")
    assert len(await cycles(db)) == 2


async def test_new_injection_closes_the_previous_cycles_pending_reminders(
    harness: Harness, db: Database
) -> None:
    user = harness.user(5033)
    await onboard(harness, 5033, zone="UTC", at=None)
    await log_botox(user, "/botox 20 Nov")  # the day-7 question would come on 27 Nov
    first = (await cycles(db))[0]
    harness.clock.set(utc(2026, 11, 25, 12, 0))
    reply = await log_botox(user, "/botox")
    assert "That is 5 days after your previous injection" in reply.text
    async with db.transaction() as session:
        old = (await session.exec(select(Schedule).where(Schedule.ref_id == first.id))).all()
    assert old and not any(s.state == "active" for s in old)
    harness.clock.set(utc(2026, 11, 27, 10, 30))
    assert (await harness.run_due()).sent == 0
    harness.clock.set(utc(2026, 12, 2, 10, 0))
    assert (await harness.run_due()).sent == 1
    assert "Wed 25 Nov 2026" in (await user.next_message()).text


# ---- history ------------------------------------------------------------------------------------
async def test_history_lists_every_cycle_readably(harness: Harness, db: Database) -> None:
    user = harness.user(5040)
    await onboard(harness, 5040, zone="UTC", at=None)
    empty = await user.say("/botox_history")
    assert "No Botox injections logged yet" in empty.text
    await log_botox(user, "/botox 2026-03-02 45")
    await log_botox(user, "/botox 2026-05-28 50 after the dentist")
    await log_botox(user, "/botox 2026-08-21")
    backfill = await log_botox(user, "/botox 2025-12-01 40")
    assert "Saved to your history" in backfill.text and "Fri 21 Aug 2026" in backfill.text
    async with db.transaction() as session:
        cycle = (
            await session.exec(
                select(BotoxCycle).where(BotoxCycle.injected_on == date(2026, 5, 28))
            )
        ).one()
        cycle.onset, cycle.effect = "yes", 3
        cycle.wear_off_on = date(2026, 8, 12)
        session.add(cycle)
        assert cycle.id is not None
        for code in ("diplopia", "ptosis"):  # shown in the list's order
            session.add(
                SideEffect(
                    patient_id=cycle.patient_id,
                    cycle_id=cycle.id,
                    effect=code,
                    created_at=utc(2026, 6, 4),
                )
            )
    history = await user.say("/botox_history")
    text = history.text
    assert "Your Botox injections (4), newest first." in text
    assert "Now: day 94 of your cycle.\nNext injection planned: Fri 13 Nov 2026." in text
    blocks = text.split("\n\n")
    assert blocks[1].startswith("💉 Fri 21 Aug 2026\n12 wk 1 d after the previous one")
    assert blocks[2].splitlines() == [
        "💉 Thu 28 May 2026 · 50 units",
        "12 wk 3 d after the previous one",
        "Started working (day 7): Yes",
        "Effect at 4 weeks: 3 · Good",
        "Side effects: Drooping eyelid, double vision",
        "May be wearing off (estimated from your diary):",
        "from about day 76, Wed 12 Aug 2026",
        "Note: after the dentist",
    ]
    assert blocks[3].startswith("💉 Mon 2 Mar 2026 · 45 units\n13 weeks after the previous one")
    assert blocks[4].splitlines()[:3] == [
        "💉 Mon 1 Dec 2025 · 40 units",
        "first one logged",
        "Started working (day 7): not answered",
    ]
    assert all(len(line) <= 60 for line in text.splitlines())


# ---- wear-off: see tests/test_wear_off_bot.py --------------------------------------------------


# ---- restarts -----------------------------------------------------------------------------------
async def test_restart_mid_plan_loses_and_repeats_nothing(harness: Harness, db: Database) -> None:
    user = harness.user(5060)
    await onboard(harness, 5060, zone="Europe/Berlin", at=None)
    await log_botox(user, "/botox")
    harness.clock.set(utc(2026, 11, 30, 9, 0))
    assert (await harness.run_due()).sent == 1  # day 7
    assert "Has the effect started?" in (await user.next_message()).text
    # Down from before the week-4 question until an hour after it.
    await harness.stop()
    harness.clock.set(utc(2026, 12, 21, 10, 0))
    await harness.start()
    assert (await harness.run_due()).sent == 1
    assert "4 weeks since" in (await user.next_message()).text
    assert (await harness.run_due()).sent == 0
    await harness.restart()
    assert (await harness.run_due()).sent == 0
    assert user.drain() == []
    # Down across the booking date, back two days later (within the 3-day grace): sent once.
    await harness.stop()
    harness.clock.set(utc(2027, 2, 3, 12, 0))
    await harness.start()
    assert (await harness.run_due()).sent == 1
    assert "Time to book" in (await user.next_message()).text
    await harness.restart()
    harness.clock.set(utc(2027, 2, 15, 9, 0))
    assert (await harness.run_due()).sent == 1
    assert "planned for today" in (await user.next_message()).text
    await harness.restart()
    assert (await harness.advance(days=1)).sent == 0
    assert user.drain() == []
    sent = [(o.kind, o.status) for o in await botox_occurrences(db)]
    assert sent == [(kind, "sent") for kind in KINDS]


async def test_a_reminder_after_days_of_downtime_is_recorded_missed_not_sent(
    harness: Harness, db: Database
) -> None:
    user = harness.user(5061)
    await onboard(harness, 5061, zone="UTC", at=None)
    await log_botox(user, "/botox")
    await harness.stop()
    harness.clock.set(utc(2026, 12, 4, 10, 0))  # four days after the day-7 question
    await harness.start()
    stats = await harness.run_due()
    assert stats.sent == 0 and stats.missed == 1
    assert user.drain() == []
    (occ,) = await botox_occurrences(db)
    assert (occ.kind, occ.status) == ("botox_onset", "missed")


async def test_a_long_history_is_split_into_messages_telegram_accepts(
    harness: Harness, db: Database
) -> None:
    user = harness.user(5041)
    await onboard(harness, 5041, zone="UTC", at=None)
    async with db.transaction() as session:
        patient = (await session.exec(select(Patient).where(Patient.chat_id == 5041))).one()
        assert patient.id is not None
        for n in range(40):
            session.add(
                BotoxCycle(
                    patient_id=patient.id,
                    injected_on=date(2016, 1, 4) + timedelta(weeks=12 * n),
                    units=40,
                    note="x" * 150,
                    created_at=harness.clock.now(),
                )
            )
    first = await user.say("/botox_history")
    parts = [first, *[await user.next_message() for _ in range(3)]]
    assert user.drain() == []
    assert all(len(m.text or "") <= 4096 for m in parts)
    assert first.text.startswith("💉 Your Botox injections (40), newest first.")
    text = "\n\n".join(m.text or "" for m in parts)
    assert text.count("after the previous one") == 39 and text.count("first one logged") == 1
