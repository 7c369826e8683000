"""Medications end to end: adding, dose reminders on local time, answers, repeat, missed, Stop,
Change, adherence, restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from service.db.engine import Database
from service.db.models import DoseLog, Medication, Occurrence, Schedule
from tests.conftest import Harness, onboard

BERLIN = ZoneInfo("Europe/Berlin")
ADD = "/medication carbamazepine 08:00,20:00 200 mg"
# The harness starts on Monday 2026-11-23 06:00 UTC = 07:00 in Berlin.
MON_0800 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
MON_2000 = datetime(2026, 11, 23, 19, 0, tzinfo=UTC)


STOP_WARNING = (
    "Some medicines should not be stopped suddenly; ask your doctor or pharmacist first."
)


async def rows(db: Database, model: type, **where: object) -> list:
    async with db.transaction() as session:
        stmt = select(model).order_by(model.id)  # type: ignore[attr-defined]
        for name, value in where.items():
            stmt = stmt.where(getattr(model, name) == value)
        return list((await session.exec(stmt)).all())


async def doses(db: Database) -> list[DoseLog]:
    async with db.transaction() as session:
        return list((await session.exec(select(DoseLog).order_by(DoseLog.due_at))).all())


async def outcomes(db: Database) -> list[tuple[str, str]]:
    return [(d.due_at.astimezone(BERLIN).strftime("%a %H:%M"), d.outcome) for d in await doses(db)]


async def test_adding_a_medication_good_and_bad_input(harness: Harness, db: Database) -> None:
    stranger = harness.user(7100)
    assert "/start" in (await stranger.say(ADD)).text
    user = harness.user(7101)
    await onboard(harness, 7101, zone="Europe/Berlin", at=None)

    usage = (await user.say("/medication")).text
    # The example is a neutral placeholder, not a real medicine and dose.
    assert "MedicineName 1 tablet at 8am and 8pm" in usage
    assert "carbamazepine" not in usage and "mg" not in usage
    # What the bot cannot read in full starts the guided steps at what is missing.
    for bad, hint in (
        ("/medication carbamazepine", "What dose of carbamazepine"),
        ("/medication carbamazepine 200 mg", "How often do you take carbamazepine 200 mg?"),
        ("/medication carbamazepine 8.00", "What dose of carbamazepine"),
        ("/medication carbamazepine 25:00 200 mg", "I couldn't read “25:00” as times"),
        ("/medication 08:00,20:00 200 mg", "Which medication?"),
        ("/medication x " + ",".join(f"{h:02d}:00" for h in range(9)), "at most 8 times"),
    ):
        reply = (await user.say(bad)).text
        assert hint in reply, bad
    assert await rows(db, Medication) == []

    added = (await user.say(ADD)).text
    assert "Added: carbamazepine 200 mg, every day at 08:00, 20:00 (Europe/Berlin)" in added
    assert "First reminder: Mon 23 Nov 08:00" in added
    (med,) = await rows(db, Medication)
    assert (med.name, med.dose, med.times, med.active) == (
        "carbamazepine",
        "200 mg",
        ["08:00", "20:00"],
        True,
    )
    schedules = await rows(db, Schedule, kind="med_dose")
    assert [(s.ref_id, s.rule, s.start_local.strftime("%H:%M")) for s in schedules] == [
        (med.id, "FREQ=DAILY", "08:00"),
        (med.id, "FREQ=DAILY", "20:00"),
    ]
    assert [s.next_due_at for s in schedules] == [MON_0800, MON_2000]


async def test_two_doses_a_day_arrive_at_local_time(harness: Harness, db: Database) -> None:
    user = harness.user(7102)
    await onboard(harness, 7102, zone="Europe/Berlin", at=None)
    await user.say(ADD)
    assert (await harness.advance(minutes=59)).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1  # 08:00 Berlin
    morning = await user.next_message()
    assert morning.text.startswith("💊 08:00 · carbamazepine 200 mg")
    assert morning.button_texts == ["✅ Taken", "⏰ In 30 min", "Skip this dose"]
    await user.press("✅ Taken")
    assert (await harness.advance(hours=11, minutes=59)).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1  # 20:00 Berlin
    evening = await user.next_message()
    assert evening.text.startswith("💊 20:00 · carbamazepine 200 mg")
    assert [d.due_at for d in await doses(db)] == [MON_0800, MON_2000]


async def test_dose_times_stay_local_across_dst(harness: Harness, db: Database) -> None:
    # Friday 26 March 2027, 06:00 UTC = 07:00 CET; Berlin moves to CEST on Sunday 28 March.
    harness.clock.set(datetime(2027, 3, 26, 6, 0, tzinfo=UTC))
    user = harness.user(7103)
    await onboard(harness, 7103, zone="Europe/Berlin", at=None)
    await user.say(ADD)
    expected = [
        datetime(2027, 3, day, hour, 0, tzinfo=UTC)
        for day, hours in ((26, (7, 19)), (27, (7, 19)), (28, (6, 18)), (29, (6, 18)))
        for hour in hours
    ]
    for due in expected:
        harness.clock.set(due - timedelta(minutes=1))
        assert (await harness.run_due()).sent == 0
        harness.clock.set(due)
        assert (await harness.run_due()).sent == 1
        await user.next_message()
        await user.press("✅ Taken")
    local = [d.due_at.astimezone(BERLIN).strftime("%d %H:%M") for d in await doses(db)]
    assert local == [f"{day} {hhmm}" for day in (26, 27, 28, 29) for hhmm in ("08:00", "20:00")]
    utc_hours = [d.due_at.hour for d in await doses(db)]
    assert utc_hours == [7, 19, 7, 19, 6, 18, 6, 18]
    assert {o for _, o in await outcomes(db)} == {"taken"}


async def test_three_skips_in_a_row_say_some_medicines_should_not_be_stopped_suddenly(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7110)
    await onboard(harness, 7110, zone="UTC", at=None)
    await user.say("/medication clonazepam 08:00,20:00")
    replies = []
    for answer in ("Skip this dose", "Skip this dose", "✅ Taken", "Skip", "Skip", "Skip", "Skip"):
        await harness.advance(hours=2 if not replies else 12)
        await user.next_message()
        replies.append(await user.press(answer))
    texts = [r.text for r in replies]
    # Two skips, then taken: the run starts again; the third skip in a row gets the line.
    assert [STOP_WARNING in text for text in texts] == [False] * 5 + [True, True]
    assert "The last 3 doses of clonazepam were skipped." in texts[5]
    assert "The last 4 doses of clonazepam were skipped." in texts[6]
    assert [o for _, o in await outcomes(db)] == [
        "skipped",
        "skipped",
        "taken",
        "skipped",
        "skipped",
        "skipped",
        "skipped",
    ]


async def test_taken_skip_and_snooze_are_recorded(harness: Harness, db: Database) -> None:
    user = harness.user(7104)
    await onboard(harness, 7104, zone="Europe/Berlin", at=None)
    await user.say(ADD)
    await harness.advance(hours=1)  # Mon 08:00
    await user.next_message()
    taken = await user.press("✅ Taken")
    assert (
        taken.is_edit and taken.text == "✅ Taken: carbamazepine 200 mg, 08:00 dose (Mon 23 Nov)."
    )
    assert (await user.next_callback_answer()).text == "Recorded: taken."
    assert (await harness.advance(hours=1)).sent == 0  # answered: no repeat
    (repeat,) = await rows(db, Occurrence, kind="med_repeat")
    assert repeat.status == "skipped"

    await harness.advance(hours=11)  # Mon 20:00
    await user.next_message()
    skipped = await user.press("Skip this dose")
    assert skipped.text.startswith("Skipped: carbamazepine 200 mg, 20:00 dose")

    await harness.advance(hours=12)  # Tue 08:00
    await user.next_message()
    snoozed = await user.press("⏰ In 30 min")
    assert "again at 08:30" in snoozed.text
    assert (await harness.advance(minutes=29)).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1
    again = await user.next_message()
    assert "reminder again" in again.text and "08:00" in again.text
    assert (await harness.advance(minutes=45)).sent == 0, "no 1-hour repeat after a snooze"
    await user.press("✅ Taken")
    assert await outcomes(db) == [
        ("Mon 08:00", "taken"),
        ("Mon 20:00", "skipped"),
        ("Tue 08:00", "taken"),
    ]
    assert all(d.answered_at is not None for d in await doses(db))
    # A second tap (e.g. from an older message of the same dose) changes nothing.
    tuesday = (await doses(db))[-1]
    user.drain_events()
    await user.tap_data(again.message_id, f"md:{tuesday.id}:s:0")
    answer = await user.next_callback_answer()
    assert answer.text == "Already recorded: taken."
    assert (await outcomes(db))[-1] == ("Tue 08:00", "taken")


async def test_one_repeat_after_an_hour_then_missed_at_the_next_dose(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7105)
    await onboard(harness, 7105, zone="Europe/Berlin", at=None)
    await user.say(ADD)
    await harness.advance(hours=1)  # 08:00
    first = await user.next_message()
    assert (await harness.advance(minutes=59)).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1  # 09:00: the one repeat
    repeat = await user.next_message()
    assert "gentle reminder" in repeat.text and "08:00 · carbamazepine" in repeat.text
    for _ in range(10):  # until 19:00 Berlin: never a second repeat
        assert (await harness.advance(hours=1)).sent == 0
    assert await outcomes(db) == [("Mon 08:00", "pending")]
    assert (await harness.advance(minutes=59)).sent == 0
    assert await outcomes(db) == [("Mon 08:00", "pending")]
    assert (await harness.advance(minutes=1)).sent == 1  # 20:00: the next dose
    assert await outcomes(db) == [("Mon 08:00", "missed"), ("Mon 20:00", "pending")]
    await user.tap("✅ Taken", message_id=first.message_id)
    answer = await user.next_callback_answer()
    assert answer.text == "Already recorded: missed."
    assert (await outcomes(db))[0] == ("Mon 08:00", "missed")


async def test_stop_ends_the_reminders_and_keeps_the_records(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7106)
    await onboard(harness, 7106, zone="Europe/Berlin", at=None)
    await user.say(ADD)
    await user.say("/medication baclofen 13:00")
    await harness.advance(hours=1)  # 08:00 carbamazepine
    await user.next_message()
    listing = await user.say("/medications")
    assert "1. carbamazepine 200 mg" in listing.text and "2. baclofen" in listing.text
    confirm = await user.press("⏹ Stop carbamazepine")
    assert "Stop the reminders for carbamazepine 200 mg?" in confirm.text
    assert STOP_WARNING in confirm.text
    assert (await rows(db, Medication, active=False)) == []  # nothing happens before Yes
    done = await user.press("⏹ Yes, stop")
    assert done.is_edit and "Stopped: carbamazepine 200 mg" in done.text
    assert STOP_WARNING in done.text
    assert "carbamazepine" not in done.text.split("\n\n", 1)[1]  # gone from the list
    assert "1. baclofen" in done.text
    (stopped,) = await rows(db, Medication, active=False)
    assert stopped.name == "carbamazepine" and stopped.stopped_at is not None
    assert all(s.state == "ended" for s in await rows(db, Schedule, ref_id=stopped.id))
    # No repeat for the open dose, no more carbamazepine reminders; baclofen goes on.
    sent = [m.text for m in await _run_days(harness, user, 2)]
    assert sent and all("baclofen" in text for text in sent)
    assert len(sent) == 4  # 13:00 and its one repeat at 14:00, on Monday and on Tuesday
    carbamazepine = [d for d in await doses(db) if d.medication_id == stopped.id]
    assert [d.outcome for d in carbamazepine] == ["missed"]  # the open dose still closed


async def _run_days(harness: Harness, user: object, days: int) -> list:
    messages = []
    for _ in range(days * 24):
        await harness.advance(hours=1)
        messages += user.drain()  # type: ignore[attr-defined]
    return messages


async def test_change_gives_the_prefilled_command_and_changes_the_times(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7107)
    await onboard(harness, 7107, zone="Europe/Berlin", at=None)
    await user.say(ADD)
    (med,) = await rows(db, Medication)
    await user.say("/medications")
    how = await user.press("✏️ Change carbamazepine")
    assert "carbamazepine 200 mg, every day at 08:00 and 20:00" in how.text
    assert not how.is_edit

    which = await user.say("/medication_change")
    assert "Which medication would you like to change?" in which.text
    assert which.buttons[0][0][0] == "✏️ Change carbamazepine 200 mg"
    unknown = await user.say("/medication_change 999 08:00")
    assert "can't find a medication number 999" in unknown.text
    assert unknown.buttons[0][0][0] == "✏️ Change carbamazepine 200 mg"
    readback = (await user.say(f"/medication_change {med.id} 8 pm")).text
    assert readback == "Change to: carbamazepine 200 mg at 20:00, every day — right?"
    bad = (await user.say(f"/medication_change {med.id} after lunch")).text
    assert "I couldn't read “after lunch” as times" in bad

    changed = (await user.say(f"/medication_change {med.id} 09:00,21:00")).text
    assert "Changed: carbamazepine 200 mg, now every day at 09:00, 21:00" in changed
    assert "Next reminder: Mon 23 Nov 09:00" in changed
    assert (await harness.advance(hours=1)).sent == 0  # 08:00: not any more
    assert (await harness.advance(hours=1)).sent == 1  # 09:00
    assert (await user.next_message()).text.startswith("💊 09:00 · carbamazepine 200 mg")
    await user.press("✅ Taken")
    assert (await harness.advance(hours=11)).sent == 0  # 20:00: not any more
    assert (await harness.advance(hours=1)).sent == 1  # 21:00
    active = [s.start_local.strftime("%H:%M") for s in await rows(db, Schedule, state="active")]
    assert active == ["09:00", "21:00"]


async def test_medications_shows_adherence(harness: Harness, db: Database) -> None:
    user = harness.user(7108)
    await onboard(harness, 7108, zone="Europe/Berlin", at=None)
    empty = (await user.say("/medications")).text
    assert "no medication reminders" in empty
    assert "/medication MedicineName 08:00,20:00 1 tablet" in empty
    await user.say(ADD)
    assert "No doses recorded yet." in (await user.say("/medications")).text
    (med,) = await rows(db, Medication)
    # Hand-made history (days before today, 08:00 and 20:00 Berlin):
    #   1-3 days ago: 6 doses, 4 taken, 1 skipped, 1 missed
    #   10 days ago: 2 missed; 40 days ago: 2 taken (outside both windows)
    history = {
        1: ("taken", "taken"),
        2: ("taken", "skipped"),
        3: ("taken", "missed"),
        10: ("missed", "missed"),
        40: ("taken", "taken"),
    }
    async with db.transaction() as session:
        for ago, (morning, evening) in history.items():
            for due, outcome in ((MON_0800, morning), (MON_2000, evening)):
                session.add(
                    DoseLog(
                        medication_id=med.id,
                        patient_id=med.patient_id,
                        due_at=due - timedelta(days=ago),
                        outcome=outcome,
                    )
                )
    # Today's 08:00 dose, taken live: 5 of 7 in 7 days, 5 of 9 in 30 days.
    await harness.advance(hours=1)
    await user.next_message()
    await user.press("✅ Taken")
    text = (await user.say("/medications")).text
    assert "Taken: 5 of 7 doses in the last 7 days (71%), 5 of 9 in the last 30 days (56%)" in text
    assert "every day at 08:00, 20:00" in text


async def test_a_restart_in_the_middle_loses_and_repeats_nothing(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7109)
    await onboard(harness, 7109, zone="Europe/Berlin", at=None)
    await user.say(ADD)
    await harness.advance(hours=1)  # 08:00: the reminder
    first = await user.next_message()
    await harness.stop()
    harness.clock.advance(minutes=30)
    await harness.start()
    assert (await harness.run_due()).sent == 0  # nothing sent twice
    assert (await harness.advance(minutes=30)).sent == 1  # 09:00: the repeat, once
    await user.next_message()
    await harness.restart()
    assert (await harness.run_due()).sent == 0
    await harness.stop()
    harness.clock.set(datetime(2026, 11, 23, 19, 40, tzinfo=UTC))  # 20:40: down over 20:00
    await harness.start()
    stats = await harness.run_due()
    assert stats.sent == 1  # the 20:00 reminder, late but within its grace window
    evening = await user.next_message()
    assert evening.text.startswith("💊 20:00")
    assert user.drain() == []
    await harness.restart()
    assert (await harness.run_due()).sent == 0
    assert await outcomes(db) == [("Mon 08:00", "missed"), ("Mon 20:00", "pending")]
    # The old morning reminder is closed; the evening one still works after the restarts.
    await user.tap("✅ Taken", message_id=first.message_id)
    assert (await user.next_callback_answer()).text == "Already recorded: missed."
    await user.press("✅ Taken", message_id=evening.message_id)
    assert await outcomes(db) == [("Mon 08:00", "missed"), ("Mon 20:00", "taken")]
    # The late reminder's repeat is an hour after it went out, and is dropped once answered.
    assert (await harness.advance(hours=2)).sent == 0
    sent = [o for o in await rows(db, Occurrence) if o.status == "sent"]
    assert [o.kind for o in sent] == ["med_dose", "med_repeat", "med_dose"]


async def test_a_tap_from_another_patient_changes_nothing(harness: Harness, db: Database) -> None:
    owner = harness.user(7110)
    other = harness.user(7111)
    await onboard(harness, 7110, zone="UTC", at=None)
    await onboard(harness, 7111, zone="UTC", at=None)
    await owner.say("/medication baclofen 07:00")
    await harness.advance(hours=1)
    await owner.next_message()
    (dose,) = await doses(db)
    (med,) = await rows(db, Medication)
    mine = await other.say("/medications")
    for data in (f"md:{dose.id}:t:0", f"mm:{med.id}:y:0", "md:x:t:0", f"md:{dose.id}:z:99"):
        await other.tap_data(mine.message_id, data)
        answer = await other.next_callback_answer()
        assert answer.text is not None and "expired" in answer.text, data
    assert (await doses(db))[0].outcome == "pending"
    assert (await rows(db, Medication))[0].active


# ---- the one reminder lifecycle ----------------------------------------------------------------
async def one_dose_day(harness: Harness) -> int:
    """From 07:59 to the next day's 07:59 (UTC patient): the 08:00 reminder (and the close of
    the day before's dose), the 09:00 repeat if any; how many messages went out."""
    sent = (await harness.advance(minutes=1)).sent
    sent += (await harness.advance(hours=1)).sent
    sent += (await harness.advance(hours=22, minutes=59)).sent
    return sent


async def dose_schedule(db: Database) -> Schedule:
    (schedule,) = await rows(db, Schedule, kind="med_dose")
    return schedule


async def test_a_snoozed_dose_comes_back_without_waiting_for_the_safety_net(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7120)
    await onboard(harness, 7120, zone="UTC", at=None)
    await user.say("/medication baclofen 08:00")
    assert (await harness.advance(hours=2)).sent == 1  # 08:00 UTC
    prompt = await user.next_message()
    assert harness.app is not None
    assert harness.app.bot_data.armed_at == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # the repeat
    snoozed = await user.press("⏰ In 30 min", message_id=prompt.message_id)
    assert "again at 08:30" in snoozed.text
    # The tap armed the wake itself: nothing else would fire it at 08:30.
    assert harness.app.bot_data.armed_at == datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
    assert (await harness.advance(minutes=29)).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1
    assert "Here is your reminder again" in (await user.next_message()).text
    assert (await harness.advance(hours=2)).sent == 0  # and no 1-hour repeat after a snooze


async def test_unanswered_doses_get_fewer_repeats_then_one_kind_question(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7121)
    await onboard(harness, 7121, zone="UTC", at=None)
    await user.say("/medication baclofen 08:00")
    await harness.advance(hours=1, minutes=59)  # Monday 07:59 UTC
    sent_per_day = [await one_dose_day(harness) for _ in range(9)]
    # Days 1-3: the reminder and its one repeat; from day 4 the reminder alone (3 doses in a
    # row unanswered); the 7th dose closes at the 8th reminder and asks once about a pause.
    assert sent_per_day == [2, 2, 2, 1, 1, 1, 1, 2, 1]
    messages = user.drain()
    offers = [m for m in messages if "Shall I pause these reminders" in m.text]
    assert len(offers) == 1, [m.text for m in messages]
    assert "7 times in a row without an answer (baclofen)" in offers[0].text
    repeats = [m for m in messages if m.text.startswith("A gentle reminder")]
    assert len(repeats) == 3
    assert [o for _, o in await outcomes(db)] == ["missed"] * 8 + ["pending"]
    assert (await dose_schedule(db)).unanswered == 8
    # Taking a dose ends the back-off: the next day's reminder has its repeat again.
    await user.press("✅ Taken", message_id=messages[-1].message_id)
    assert await one_dose_day(harness) == 2
    assert (await dose_schedule(db)).unanswered == 0
    # Taking the offer pauses that time; /medications says so.
    user.drain()
    taken = await user.press("⏸ Pause them for now", message_id=offers[0].message_id)
    assert taken.text.startswith("⏸ Paused: baclofen. Turn it back on any time")
    assert (await dose_schedule(db)).state == "paused"
    assert (await harness.advance(hours=48)).sent == 0
    assert "every day at 08:00 (paused)" in (await user.say("/medications")).text


async def test_a_dose_settled_as_missed_before_its_close_still_counts_as_unanswered(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7122)
    await onboard(harness, 7122, zone="UTC", at=None)
    await user.say("/medication baclofen 08:00")
    assert (await harness.advance(hours=2)).sent == 1  # Monday 08:00
    assert (await harness.advance(hours=1)).sent == 1  # the 09:00 repeat
    harness.clock.set(datetime(2026, 11, 24, 8, 0, tzinfo=UTC))  # Tuesday 08:00, not run yet
    # /medications settles Monday's dose as missed before the engine runs its close...
    await user.say("/medications")
    assert [o for _, o in await outcomes(db)] == ["missed"]
    assert (await harness.run_due()).sent == 1  # Tuesday's reminder
    # ...and the close still counts it as a dose nobody answered.
    assert (await dose_schedule(db)).unanswered == 1


async def test_no_pause_question_for_a_medication_already_stopped(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7123)
    await onboard(harness, 7123, zone="UTC", at=None)
    await user.say("/medication baclofen 08:00")
    await harness.advance(hours=1, minutes=59)  # Monday 07:59 UTC
    assert [await one_dose_day(harness) for _ in range(6)] == [2, 2, 2, 1, 1, 1]
    assert (await harness.advance(minutes=1)).sent == 1  # the 7th reminder
    assert (await dose_schedule(db)).unanswered == 6
    await user.say("/medications")
    await user.press("⏹ Stop baclofen")
    await user.press("⏹ Yes, stop")
    user.drain()
    # The 7th dose still closes (recorded as missed) but asks nothing about a reminder that
    # has ended.
    assert (await harness.advance(days=2)).sent == 0
    assert [o for _, o in await outcomes(db)] == ["missed"] * 7
    assert (await dose_schedule(db)).unanswered == 7
