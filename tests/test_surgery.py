"""The follow-up after MVD surgery end to end: daily red-flag screens in two tiers, alerts,
"is it still there?", the one follow-up of an unanswered screen, progress questions and their
advice, replacing and stopping a plan, restarts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from service.db.engine import Database
from service.db.models import Occurrence, Patient, Schedule, Surgery, SurgeryCheck
from service.scheduling.dispatcher import WakeStats
from tests.conftest import Harness, onboard

BERLIN = ZoneInfo("Europe/Berlin")


EMERGENCY_LIST = (
    "🚑 Call your local emergency number now if you have:\n"
    "• seizure\n"
    "• confusion or unusual drowsiness\n"
    "• sudden severe headache, or a stiff neck with fever\n"
    "• new weakness of an arm or leg, or trouble speaking or swallowing\n"
    "• vomiting that does not stop"
)
TEAM_LIST = (
    "☎️ Call your surgical team today if you have:\n"
    "• new hearing loss or ringing\n"
    "• clear fluid from the nose, ear or wound\n"
    "• fever\n"
    "• a wound that is red, swollen or leaking\n"
    "• new weakness of the face or an eye that will not close\n"
    "• balance or vision change"
)


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
    # The two tiers come first, each its own short list.
    assert saved.text.startswith(EMERGENCY_LIST + "\n\n" + TEAM_LIST + "\n\n")
    assert "Surgery (MVD) on Mon 23 Nov saved" in saved.text
    assert "Days 1–14: a short daily safety check at 10:00 (Tue 24 Nov to Mon 7 Dec)" in saved.text
    assert "Next check: Tue 24 Nov 10:00" in saved.text
    assert (
        "Most people (8-9 in 10) end up free of spasm, some only after months; a few do not"
        in (saved.text)
    )
    assert "does not necessarily mean the operation failed" in saved.text
    assert "does not mean" not in saved.text
    assert await treatment(db, 8001) == "after_mvd"
    for n in range(1, 15):
        day = date(2026, 11, 23) + timedelta(days=n)
        # The day before was answered: its follow-up (at 13:00) sent nothing.
        before = await advance_to(harness, at_ten(day) - timedelta(minutes=1))
        assert (before.sent, before.missed) == (0, 0)
        assert (await advance_to(harness, at_ten(day))).sent == 1
        screen = await user.next_message()
        assert screen.text.startswith(f"🏥 Day {n} of 14 after surgery")
        assert EMERGENCY_LIST in screen.text and TEAM_LIST in screen.text
        assert screen.text.index(EMERGENCY_LIST) < screen.text.index(TEAM_LIST)
        assert "Do you have any of these now?" in screen.text
        assert "since yesterday" not in screen.text.lower()
        assert "still there" not in screen.text
        assert len(screen.buttons) == 12 and screen.button_texts[-1] == "✅ None of these"
        tiers = [b.split(" ")[0] for b in screen.button_texts[:11]]
        assert tiers == ["🚑"] * 5 + ["☎️"] * 6
        done = await user.press("✅ None of these")
        assert done.is_edit and f"Day {n}: none of the warning signs now" in done.text
        assert done.text.endswith(EMERGENCY_LIST + "\n\n" + TEAM_LIST)  # whom to call
    # Day 15 to 20: nothing; the first progress question is in week 3 (day 21).
    quiet = await advance_to(harness, at_ten(date(2026, 12, 14)) - timedelta(minutes=1))
    assert (quiet.sent, quiet.missed) == (0, 0)
    rows = await checks(db)
    assert len(rows) == 14 and {r.kind for r in rows} == {"daily"}
    assert all(r.red_flags == [] and (r.answers or {})["status"] == "done" for r in rows)


async def test_a_warning_sign_gets_its_tier_answer_on_that_tap(
    harness: Harness, db: Database
) -> None:
    user = harness.user(8002)
    await onboard(harness, 8002, zone="Europe/Berlin", at=None)
    await user.say("/surgery today")
    await advance_to(harness, at_ten(date(2026, 11, 24)))
    await user.next_message()
    edited = await user.press("☎️ Fever")
    assert edited.is_edit and "⚠️ ✓ ☎️ Fever" in edited.button_texts
    assert edited.button_texts[-1] == "Done"  # no "None of these" once a sign is ticked
    urgent = await user.next_message()
    assert not urgent.is_edit
    assert urgent.text.startswith("☎️ Call your surgical team today about:\n• fever\n")
    assert "Call your local emergency number now" not in urgent.text  # team tier only
    assert "emergency number" in urgent.text  # if they can't reach the team
    assert "save your surgical team's number with /surgery phone" in urgent.text
    (check,) = await checks(db)
    assert check.red_flags == ["fever"]  # stored at once, before "Done"
    # An emergency-tier sign: the emergency line comes first, above the team's.
    await user.press("🚑 Seizure")
    urgent = await user.next_message()
    assert urgent.text.startswith(
        "🚑 Call your local emergency number now. You reported:\n• seizure"
    )
    assert urgent.text.index("seizure") < urgent.text.index("Call your surgical team today")
    assert "• fever" in urgent.text
    # Un-ticking a mis-tap sends no new alarm.
    untick = await user.press("⚠️ ✓ ☎️ Fever")
    assert "☎️ Fever" in untick.button_texts
    assert user.drain() == []
    done = await user.press("Done")
    assert "Day 1 saved. You reported:\n• seizure" in done.text
    assert "please call now" in done.text
    (check,) = await checks(db)
    assert check.red_flags == ["seizure"] and (check.answers or {})["status"] == "done"


async def test_the_face_sign_says_an_eye_that_will_not_close_needs_protecting(
    harness: Harness,
) -> None:
    user = harness.user(8012)
    await onboard(harness, 8012, zone="Europe/Berlin", at=None)
    await user.say("/surgery today")
    await advance_to(harness, at_ten(date(2026, 11, 24)))
    await user.next_message()
    await user.press("☎️ Face weak / eye will not close")
    urgent = await user.next_message()
    assert "• new weakness of the face or an eye that will not close" in urgent.text
    assert "usually recovers" in urgent.text and "needs protecting" in urgent.text


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
    answers = {
        "Week 3": "The same",
        "Week 4": "Worse",
        "Week 12": "The same",
        "Week 13": "The same",
        "Month 5": "Worse",
        "Month 12": "Gone",
    }
    for day, period in expected:
        before = await advance_to(harness, at_ten(day) - timedelta(minutes=1))
        assert (before.sent, before.missed) == (0, 0), period
        assert (await advance_to(harness, at_ten(day))).sent == 1, period
        question = await user.next_message()
        assert question.text.startswith(f"🏥 {period} after surgery"), question.text
        assert ("newly weak" in question.text) == period.startswith("Week")
        if period.startswith("Week"):  # delayed facial weakness, with its figures
            assert "about 1 in 7" in question.text and "usually recovers" in question.text
            assert "needs protecting" in question.text
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
        slow = "does not necessarily mean the operation failed" in reply.text
        assert slow == (label in ("The same", "Worse", "A little better")), period
        worse = "Please tell your surgical team that it is worse" in reply.text
        assert worse == (label == "Worse"), period
        # From about 3 months (week 13 on), "the same" or "worse" is for the follow-up visit.
        from_month_3 = period in ("Week 13",) or period.startswith("Month")
        raise_it = from_month_3 and label in ("The same", "Worse")
        assert ("raise it at your follow-up" in reply.text) == raise_it, period
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
        active = (await session.exec(select(Schedule).where(Schedule.state == "active"))).all()
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
    await user.tap("☎️ Fever", message_id=old_screen.message_id)
    assert "Call your surgical team today about:\n• fever" in (await user.next_message()).text
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
    # Day 4 is left unanswered: its one follow-up comes at 13:00 even across restarts, once.
    await harness.restart()
    assert (await harness.advance(hours=3)).sent == 1
    assert "gentle reminder" in (await user.next_message()).text
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


async def test_a_ticked_sign_is_asked_about_again_the_next_day(
    harness: Harness, db: Database
) -> None:
    user = harness.user(8020)
    await onboard(harness, 8020, zone="Europe/Berlin", at=None)
    await user.say("/surgery 10 Nov")  # today, Mon 23 Nov, is day 13
    await advance_to(harness, at_ten(date(2026, 11, 23)))
    assert "Day 13 of 14" in (await user.next_message()).text
    for sign in ("☎️ Fever", "☎️ Balance or vision change"):
        await user.press(sign)
        assert "Call your surgical team today" in (await user.next_message()).text
    await user.press("Done")
    # Day 14 asks about both signs again.
    await advance_to(harness, at_ten(date(2026, 11, 24)))
    screen = await user.next_message()
    assert "Day 14 of 14" in screen.text
    assert (
        "Yesterday you reported: fever; balance or vision change. Are they still there?"
        in screen.text
    )
    assert screen.text.index("still there") < screen.text.index("Do you have any of these now?")
    await user.press("☎️ Fever")  # still there: the team's answer comes again at once
    assert "Call your surgical team today about:\n• fever" in (await user.next_message()).text
    await user.press("Done")
    # The last daily screen had a sign: one more screen the next day, at the usual time.
    early = await advance_to(harness, at_ten(date(2026, 11, 25)) - timedelta(minutes=1))
    assert (early.sent, early.missed) == (0, 0)
    assert (await advance_to(harness, at_ten(date(2026, 11, 25)))).sent == 1
    extra = await user.next_message()
    assert extra.text.startswith("🏥 Day 15 after surgery · Wed 25 Nov")
    assert "Yesterday you reported: fever. Is it still there? If so, tap it again." in extra.text
    done = await user.press("✅ None of these")
    assert "Day 15: none of the warning signs now" in done.text
    # Gone: nothing more is asked.
    quiet = await advance_to(harness, at_ten(date(2026, 11, 28)))
    assert (quiet.sent, quiet.missed) == (0, 0)
    rows = [(c.local_date.day, c.red_flags) for c in await checks(db)]
    assert rows == [(23, ["fever", "balance"]), (24, ["fever"]), (25, [])]


async def test_an_untick_on_the_last_day_books_no_extra_screen(
    harness: Harness, db: Database
) -> None:
    user = harness.user(8021)
    await onboard(harness, 8021, zone="UTC", at=None)
    await user.say("/surgery 9 Nov")  # tomorrow is day 14
    await advance_to(harness, utc(2026, 11, 23, 10))
    await user.next_message()
    await user.press("🚑 Seizure")
    urgent = await user.next_message()
    assert urgent.text.startswith("🚑 Call your local emergency number now")
    await user.press("⚠️ ✓ 🚑 Seizure")  # a mis-tap, taken back before the day ends
    stats = await advance_to(harness, utc(2026, 11, 25, 12))
    assert stats.sent == 0
    assert user.drain() == []
    assert [c.local_date.day for c in await checks(db)] == [23]


async def test_an_unanswered_screen_gets_one_follow_up_and_only_one(
    harness: Harness, db: Database
) -> None:
    user = harness.user(8022)
    await onboard(harness, 8022, zone="Europe/Berlin", at=None)
    await user.say("/surgery today")
    # Day 1: left unanswered. One follow-up 3 hours later (CHECKIN_FOLLOWUP_HOURS), then none.
    assert (await advance_to(harness, at_ten(date(2026, 11, 24)))).sent == 1
    first = await user.next_message()
    assert (
        await advance_to(
            harness, at_ten(date(2026, 11, 24)) + timedelta(hours=3) - timedelta(minutes=1)
        )
    ).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1
    reminder = await user.next_message()
    assert reminder.message_id != first.message_id
    assert reminder.text.startswith("🏥 Day 1 of 14 after surgery")
    assert "A gentle reminder: today's safety check is still open" in reminder.text
    assert "Do you have any of these now?" in reminder.text
    assert reminder.button_texts == first.button_texts
    await harness.restart()
    assert (await advance_to(harness, at_ten(date(2026, 11, 25)) - timedelta(minutes=1))).sent == 0
    assert user.drain() == []
    # Day 2: answered, so no follow-up.
    assert (await advance_to(harness, at_ten(date(2026, 11, 25)))).sent == 1
    await user.press("✅ None of these")
    # Day 3: a sign ticked (and answered at once) without "Done": no follow-up either.
    assert (await advance_to(harness, at_ten(date(2026, 11, 26)))).sent == 1
    await user.press("☎️ Fever")
    # Day 4: answered from the follow-up message itself.
    assert (await advance_to(harness, at_ten(date(2026, 11, 27)))).sent == 1
    user.drain()
    assert (await harness.advance(hours=3)).sent == 1
    await user.next_message()
    done = await user.press("✅ None of these")
    assert "Day 4: none of the warning signs now" in done.text
    assert (await advance_to(harness, at_ten(date(2026, 11, 28)) - timedelta(minutes=1))).sent == 0
    async with db.transaction() as session:
        rows = (
            await session.exec(
                select(Occurrence)
                .where(Occurrence.kind == "surgery_followup")
                .order_by(Occurrence.due_at)
            )
        ).all()
    local = [
        (o.due_at.astimezone(BERLIN).day, o.due_at.astimezone(BERLIN).hour, o.status) for o in rows
    ]
    assert local == [
        (24, 13, "sent"),
        (25, 13, "skipped"),
        (26, 13, "skipped"),
        (27, 13, "sent"),
    ]


async def followups(db: Database, kind: str = "surgery_followup") -> list[tuple[int, int, str]]:
    """(local day, local hour:minute as HHMM, status) of each follow-up, in Berlin time."""
    async with db.transaction() as session:
        rows = (
            await session.exec(
                select(Occurrence).where(Occurrence.kind == kind).order_by(Occurrence.due_at)
            )
        ).all()
    local = [o.due_at.astimezone(BERLIN) for o in rows]
    return [(t.day, t.hour * 100 + t.minute, o.status) for t, o in zip(local, rows, strict=True)]


async def test_a_screen_sent_late_gets_its_one_follow_up_counted_from_the_send(
    harness: Harness, db: Database
) -> None:
    user = harness.user(8023)
    await onboard(harness, 8023, zone="Europe/Berlin", at=None)
    await user.say("/surgery today")
    await harness.stop()
    # Down at 10:00 on day 1; back at 10:30: the screen goes out late, still the same day.
    harness.clock.set(at_ten(date(2026, 11, 24)) + timedelta(minutes=30))
    await harness.start()
    assert (await harness.run_due()).sent == 1
    assert "Day 1 of 14" in (await user.next_message()).text
    # Its one follow-up is 3 hours after it was sent (13:30), not after it was due (13:00).
    assert (await harness.advance(hours=2, minutes=59)).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1
    assert "gentle reminder" in (await user.next_message()).text
    await harness.restart()
    assert (await advance_to(harness, at_ten(date(2026, 11, 25)) - timedelta(minutes=1))).sent == 0
    assert await followups(db) == [(24, 1330, "sent")]


async def test_unanswered_screens_get_fewer_nudges_and_an_answer_brings_them_back(
    harness: Harness, db: Database
) -> None:
    user = harness.user(8024)
    await onboard(harness, 8024, zone="Europe/Berlin", at=None)
    await user.say("/surgery today")

    async def one_day(day: date) -> int:
        """The 10:00 screen, a 13:00 follow-up if any, and the day's close at midnight."""
        sent = (await advance_to(harness, at_ten(day))).sent
        sent += (await harness.advance(hours=3)).sent
        sent += (
            await advance_to(harness, at_ten(day + timedelta(days=1)) - timedelta(minutes=1))
        ).sent
        return sent

    days = [date(2026, 11, 24) + timedelta(days=n) for n in range(6)]
    # Days 1-3 unanswered: the screen and its follow-up; from day 4 the screen alone.
    assert [await one_day(day) for day in days[:4]] == [2, 2, 2, 1]
    # Day 5 is answered; day 6, unanswered again, gets its follow-up again.
    assert (await advance_to(harness, at_ten(days[4]))).sent == 1
    user.drain()
    await user.press("✅ None of these")
    assert (await advance_to(harness, at_ten(days[5]) - timedelta(minutes=1))).sent == 0
    assert await one_day(days[5]) == 2
    assert [(day, status) for day, _, status in await followups(db)] == [
        (24, "sent"),
        (25, "sent"),
        (26, "sent"),
        (29, "sent"),  # day 5 was still in the back-off when it was sent: none to drop
    ]


async def test_an_unanswered_progress_question_gets_one_follow_up(
    harness: Harness, db: Database
) -> None:
    user = harness.user(8025)
    await onboard(harness, 8025, zone="Europe/Berlin", at=None)
    await user.say("/surgery 3 Nov")  # week 3 is Tue 24 Nov
    assert (await advance_to(harness, at_ten(date(2026, 11, 24)))).sent == 1
    question = await user.next_message()
    assert question.text.startswith("🏥 Week 3 after surgery")
    assert (await harness.advance(hours=2, minutes=59)).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1
    again = await user.next_message()
    assert again.text.startswith("A gentle reminder: this question is still open.")
    assert "🏥 Week 3 after surgery" in again.text and again.button_texts == question.button_texts
    reply = await user.press("Much better", message_id=again.message_id)
    assert "Saved for Week 3: much better" in reply.text
    # Week 4, answered at once: no follow-up; nothing more that week.
    assert (await advance_to(harness, at_ten(date(2026, 12, 1)))).sent == 1
    await user.press("Much better")
    assert (await advance_to(harness, at_ten(date(2026, 12, 8)) - timedelta(minutes=1))).sent == 0
    assert [
        (day, status) for day, _, status in await followups(db, "surgery_progress_followup")
    ] == [
        (24, "sent"),
        (1, "skipped"),
    ]


async def test_pausing_the_progress_question_drops_its_waiting_follow_up(
    harness: Harness, db: Database
) -> None:
    user = harness.user(8026)
    await onboard(harness, 8026, zone="Europe/Berlin", at=None)
    await user.say("/surgery 3 Nov")
    assert (await advance_to(harness, at_ten(date(2026, 11, 24)))).sent == 1
    listing = await user.say("/reminders")
    assert "After surgery: how is the spasm?" in listing.text
    paused = await user.press("⏸ Pause 1")
    assert paused.text.startswith("⏸ Paused: After surgery: how is the spasm?")
    assert (await harness.advance(hours=4)).sent == 0
    assert [status for _, _, status in await followups(db, "surgery_progress_followup")] == [
        "skipped"
    ]
