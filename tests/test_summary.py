"""/summary, /summary cycles and /weekly end to end through the emulator, the clock moved."""

from __future__ import annotations

import struct
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import col, select

from service.db.engine import Database
from service.db.models import (
    BotoxCycle,
    Checkin,
    DoseLog,
    Medication,
    Occurrence,
    Patient,
    Schedule,
    SideEffect,
    Surgery,
)
from service.domain.timezones import get_zone, resolve_local
from service.texts import MESSAGES
from tests.conftest import T0, Harness, onboard

BERLIN = "Europe/Berlin"
TODAY = date(2026, 11, 23)  # T0 (Monday 06:00 UTC) is 07:00 in Berlin
# (frequency, severity, impact) or (frequency, severity, impact, lower face), or a status
Ratings = tuple[int, int, int] | tuple[int, int, int, int] | str


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


async def patient_of(db: Database, chat_id: int) -> Patient:
    async with db.transaction() as session:
        return (await session.exec(select(Patient).where(Patient.chat_id == chat_id))).one()


async def seed_days(
    db: Database,
    chat_id: int,
    days: Mapping[date, Ratings],
    *,
    notes: Mapping[date, str] | None = None,
    paused: tuple[date, ...] = (),
    at: time = time(9, 0),
) -> None:
    """Check-ins as the bot would have recorded them: a prompt occurrence each day (skipped as
    paused on ``paused`` days) and the day's check-in row."""
    notes = notes or {}
    patient = await patient_of(db, chat_id)
    zone_name = patient.timezone or "UTC"
    zone = get_zone(zone_name)
    async with db.transaction() as session:
        schedule = (
            await session.exec(
                select(Schedule).where(
                    col(Schedule.patient_id) == patient.id, col(Schedule.kind) == "checkin"
                )
            )
        ).first()
        if schedule is None:
            schedule = Schedule(
                patient_id=patient.id,  # type: ignore[arg-type]
                kind="checkin",
                rule="FREQ=DAILY",
                start_local=datetime(2020, 1, 1, 9),
                timezone=zone_name,
                active=False,
                created_at=T0,
            )
            session.add(schedule)
            await session.flush()
        for day in [*days, *paused]:
            due = resolve_local(datetime.combine(day, at), zone)
            session.add(
                Occurrence(
                    schedule_id=schedule.id,  # type: ignore[arg-type]
                    patient_id=patient.id,  # type: ignore[arg-type]
                    kind="checkin",
                    due_at=due,
                    attempt_at=due,
                    status="skipped" if day in paused else "sent",
                    last_error="paused" if day in paused else None,
                    created_at=due,
                )
            )
        for day, value in days.items():
            ratings = value if isinstance(value, tuple) else (None, None, None)
            session.add(
                Checkin(
                    patient_id=patient.id,  # type: ignore[arg-type]
                    local_date=day,
                    status="complete" if isinstance(value, tuple) else value,
                    frequency=ratings[0],
                    severity=ratings[1],
                    impact=ratings[2],
                    lower_face=ratings[3] if len(ratings) > 3 else None,
                    note=notes.get(day),
                    created_at=T0,
                    updated_at=T0,
                )
            )


def span(first: int, last: int, value: Ratings) -> dict[date, Ratings]:
    """TODAY + first .. TODAY + last (inclusive), all with ``value``."""
    return {TODAY + timedelta(days=k): value for k in range(first, last + 1)}


async def add_cycles(
    db: Database,
    chat_id: int,
    *days: date,
    side_effects: list[str] | None = None,
    **fields: object,
) -> None:
    """Cycles with these fields; ``side_effects`` (codes) become undated diary rows of a
    side-effect question answered at day 7 ([] = "none", None = never answered)."""
    patient = await patient_of(db, chat_id)
    assert patient.id is not None
    async with db.transaction() as session:
        for day in days:
            cycle = BotoxCycle(patient_id=patient.id, injected_on=day, created_at=T0, **fields)  # type: ignore[arg-type]
            if side_effects is not None:
                cycle.side_effects_day7_at = T0
            session.add(cycle)
            await session.flush()
            for code in side_effects or ():
                session.add(
                    SideEffect(
                        patient_id=patient.id, cycle_id=cycle.id, effect=code, created_at=T0
                    )
                )


# ---- /summary -----------------------------------------------------------------------------------
async def test_summary_default_is_30_days_with_a_chart(harness: Harness, db: Database) -> None:
    user = harness.user(7001)
    await onboard(harness, 7001, zone=BERLIN)
    days = span(-59, -30, (3, 3, 2)) | span(-29, -1, (1, 1, 1))
    days[TODAY - timedelta(days=5)] = "missed"
    days[TODAY - timedelta(days=6)] = "skipped"
    await seed_days(db, 7001, days, notes={TODAY - timedelta(days=2): "Windy, worse outside."})
    reply = await user.say("/summary")
    assert reply.kind == "photo" and reply.photo is not None
    assert png_size(reply.photo) == (768, 552)
    text = reply.text or ""
    assert "last 30 days (Sun 25 Oct – Mon 23 Nov)" in text
    # 29 asked days before today (today's 09:00 prompt has not come yet): 27 done.
    assert "Check-ins: 27 of 29 days (93%) · 1 skipped · 1 missed" in text
    assert "Eye, frequency 1.0 (before: 3.0) – lower" in text
    assert "Daily life 1.0 (before: 2.0) – lower" in text
    assert (
        "Overall: lower ratings than the 30 days before (eye score, frequency + severity; "
        "27 rated days now, 30 before)." in text
    )
    assert "better" not in text.replace("Windy, worse outside", "")
    assert "worse" not in text.replace("Windy, worse outside", "")
    assert "Mouth and cheek" not in text  # no lower-face ratings in these days: no line
    assert "Sat 21 Nov: Windy, worse outside." in text
    assert (
        "Ratings adapted from the Jankovic Rating Scale for daily self-rating; not comparable "
        "with scores given in clinic." in text
    )
    assert len(text) <= 1024


async def test_everything_so_far_keeps_the_baseline_before_the_first_injection(
    harness: Harness, db: Database
) -> None:
    """/summary all compares the days since the first injection with the diary before it
    (the baseline), with the rated days of each side; too few days before it say so."""
    user = harness.user(7010)
    await onboard(harness, 7010, zone=BERLIN)
    await seed_days(db, 7010, span(-80, -61, (3, 3, 2)) | span(-60, -1, (1, 2, 1)))
    await add_cycles(db, 7010, TODAY - timedelta(days=60), TODAY - timedelta(days=10))
    text = (await user.say("/summary all")).text or ""
    assert (
        "Compared with before your first injection on Thu 24 Sep (20 rated days before it, "
        "60 since): eye frequency 3.0 → 1.0 (lower); eye severity 3.0 → 2.0 (lower); "
        "daily life 2.0 → 1.0 (lower)." in text
    ), text
    # A shorter period is compared with the period before it, not with the baseline.
    assert "first injection" not in ((await user.say("/summary 30")).text or "")

    other = harness.user(7011)
    await onboard(harness, 7011, zone=BERLIN)
    await seed_days(db, 7011, span(-24, -21, (3, 3, 2)) | span(-20, -1, (1, 1, 1)))
    await add_cycles(db, 7011, TODAY - timedelta(days=20))
    text = (await other.say("/summary all")).text or ""
    assert (
        "No comparison with before your first injection on Tue 3 Nov yet: it needs at least 7 "
        "rated days on each side (4 before it, 20 since)." in text
    ), text


async def test_each_period_and_its_title(harness: Harness, db: Database) -> None:
    user = harness.user(7002)
    await onboard(harness, 7002, zone=BERLIN)
    await seed_days(db, 7002, span(-400, -1, (2, 2, 1)))
    expected = {
        "7": "last 7 days (Tue 17 Nov – Mon 23 Nov)",
        "90": "last 90 days (Wed 26 Aug – Mon 23 Nov)",
        "365": "last 365 days (Mon 24 Nov 2025 – Mon 23 Nov 2026)",
        "all": "everything so far (Sun 19 Oct 2025 – Mon 23 Nov 2026)",
        "30 days": "last 30 days",
        "14": "last 14 days",
    }
    for arg, title in expected.items():
        reply = await user.say(f"/summary {arg}")
        assert reply.kind == "photo", arg
        assert title in (reply.text or ""), (arg, reply.text)
        assert "about the same" in (reply.text or "") or arg in ("all", "7")
    assert "Overall" not in ((await user.say("/summary all")).text or "")
    # Today is not rated yet: 6 rated days in the last 7, one short of a comparison.
    week = (await user.say("/summary 7")).text or ""
    assert (
        "No comparison with the 7 days before yet: it needs at least 7 rated days on each "
        "side (6 now, 7 before)." in week
    )
    assert "– about the same" not in week


async def test_a_bad_period_gets_the_accepted_forms(harness: Harness) -> None:
    user = harness.user(7003)
    await onboard(harness, 7003)
    for arg in ("month", "0", "-7", "99999", "cycle s"):
        reply = await user.say(f"/summary {arg}")
        assert reply.kind == "text"
        assert f"“{arg}” isn't a period I know." in (reply.text or "")
        assert "7, 30, 90, 365 or all, e.g. /summary 90" in (reply.text or "")


async def test_no_check_ins_yet_is_said_plainly_without_a_chart(harness: Harness) -> None:
    user = harness.user(7004)
    await onboard(harness, 7004)
    reply = await user.say("/summary 7")
    assert reply.kind == "text"
    assert "No ratings in this period yet" in (reply.text or "")
    assert "none expected in this period yet" in (reply.text or "")


async def test_commands_before_start_ask_for_start(harness: Harness, db: Database) -> None:
    user = harness.user(7005)
    for command in ("/summary", "/summary cycles", "/report", "/weekly sun 18:00"):
        assert "/start" in ((await user.say(command)).text or "")
    async with db.transaction() as session:
        assert (await session.exec(select(Schedule))).all() == []


async def test_treatment_context_and_a_long_summary_in_two_messages(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7006)
    await onboard(harness, 7006, zone=BERLIN)
    surgery_day = TODAY - timedelta(days=20)
    days = span(-60, -21, (3, 3, 3)) | span(-19, -1, (1, 2, 1))
    long_note = "Spasms mostly in the evening after reading; " * 5
    notes = {TODAY - timedelta(days=k): long_note for k in (1, 2, 3)}
    await seed_days(db, 7006, days, notes=notes)
    await add_cycles(db, 7006, TODAY - timedelta(days=80))
    patient = await patient_of(db, 7006)
    async with db.transaction() as session:
        session.add(Surgery(patient_id=patient.id, surgery_on=surgery_day, created_at=T0))  # type: ignore[arg-type]
        med = Medication(patient_id=patient.id, name="Baclofen", times=["08:00"], created_at=T0)  # type: ignore[arg-type]
        session.add(med)
        await session.flush()
        for k, outcome in enumerate(("taken", "taken", "taken", "missed", "pending")):
            session.add(
                DoseLog(
                    medication_id=med.id,  # type: ignore[arg-type]
                    patient_id=patient.id,  # type: ignore[arg-type]
                    due_at=T0 - timedelta(days=k + 1),
                    outcome=outcome,
                )
            )
    first = await user.say("/summary")
    assert first.kind == "text"
    text = first.text or ""
    assert len(text) > 1024
    assert "💉 Botox: 80 days since your injection on Fri 4 Sep." in text
    assert "🩺 Surgery: 20 days since your operation on Tue 3 Nov." in text
    # The 30 days include the operation: no comparison with the 30 days before them ...
    assert "Your operation on Tue 3 Nov falls in these days" in text
    assert "Overall: " not in text and "(before: " not in text
    # ... but with before the operation, saying so and on how many days each side rests.
    assert (
        "Compared with before your operation (the last 14 days, 13 rated, against the 30 days "
        "before your operation, 30 rated): eye frequency 3.0 → 1.0 (lower); eye severity "
        "3.0 → 2.0 (lower); daily life 3.0 → 1.0 (lower)." in text
    )
    # The missed dose was never answered: said so, not folded silently into "not taken".
    assert "💊 Medication: 3 of 4 doses taken (75%), 1 not answered." in text
    assert "…" in text  # long notes are shortened in the chat
    chart = await user.next_message()
    assert chart.kind == "photo" and chart.photo is not None
    assert "Eye frequency (blue)" in (chart.text or "")
    assert "B = Botox injection" not in (chart.text or "")  # the injection is 80 days ago
    assert "S = surgery" in (chart.text or "") and "M = medication change" in (chart.text or "")


# ---- /summary cycles ----------------------------------------------------------------------------
async def test_cycles_chart_and_its_caption(harness: Harness, db: Database) -> None:
    user = harness.user(7007)
    await onboard(harness, 7007, zone=BERLIN)
    reply = await user.say("/summary cycles")
    assert reply.kind == "text" and "No Botox injections recorded yet" in (reply.text or "")

    earlier, current = TODAY - timedelta(days=100), TODAY - timedelta(days=12)
    await add_cycles(db, 7007, earlier, current, units=40)
    reply = await user.say("/summary cycles")
    assert reply.kind == "text" and "no severity ratings since them yet" in (reply.text or "")

    days = {earlier + timedelta(days=k): (3, 3, 2) for k in range(0, 88)}
    days |= {current + timedelta(days=k): (1, 1, 1) for k in range(0, 12)}
    await seed_days(db, 7007, days)
    reply = await user.say("/summary cycles")
    assert reply.kind == "photo" and reply.photo is not None
    assert png_size(reply.photo) == (768, 552)
    text = reply.text or ""
    assert "12 days since your injection on Wed 11 Nov." in text
    assert (
        "Cycle days 0–12 (12 rated days): eye severity 1.0 on average, lower ratings than your "
        "earlier cycles at the same point (3.0; 1 cycle, 13 rated days)." in text
    )


# ---- /weekly ------------------------------------------------------------------------------------
async def weekly_schedules(db: Database) -> list[Schedule]:
    async with db.transaction() as session:
        stmt = select(Schedule).where(col(Schedule.kind) == "summary_weekly")
        return list((await session.exec(stmt)).all())


async def test_weekly_on_arrives_at_local_time_and_off_stops_it(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7008)
    await onboard(harness, 7008, zone=BERLIN, at=None)
    await seed_days(db, 7008, span(-10, -1, (2, 1, 1)))
    status = await user.say("/weekly")
    assert "The weekly summary is off." in (status.text or "")
    assert "/weekly sun 18:00" in (status.text or "")

    reply = await user.say("/weekly sun 18:00")
    assert "every Sunday at 18:00 (Europe/Berlin)" in (reply.text or "")
    assert "The first one comes Sun 29 Nov 18:00" in (reply.text or "")
    (schedule,) = await weekly_schedules(db)
    assert schedule.rule == "FREQ=WEEKLY;BYDAY=SU" and schedule.ref_id is not None
    assert "every Sunday at 18:00" in ((await user.say("/weekly")).text or "")

    # Sunday 29 Nov 18:00 in Berlin is 17:00 UTC.
    await harness.advance(days=6, hours=10, minutes=59)
    assert user.drain() == []
    stats = await harness.advance(minutes=1)
    assert stats.sent == 1
    weekly = await user.next_message()
    assert weekly.kind == "text"
    assert "📅 Your week (Mon 23 Nov – Sun 29 Nov)" in (weekly.text or "")
    assert "Check-ins: 0 of 0" not in (weekly.text or "")
    assert "stop these with /weekly off" in (weekly.text or "")
    assert (await harness.run_due()).sent == 0

    assert "turned off" in ((await user.say("/weekly off")).text or "")
    assert "already off" in ((await user.say("/weekly off")).text or "")
    assert (await harness.advance(days=7)).sent == 0
    assert user.drain() == []
    assert [s.state for s in await weekly_schedules(db)] == ["ended"]


async def test_weekly_bad_input_and_a_changed_day(harness: Harness, db: Database) -> None:
    user = harness.user(7009)
    await onboard(harness, 7009, zone=BERLIN, at=None)
    for arg in ("funday 18:00", "sun 25:00", "sun", "18:00", "sun mon 18:00"):
        reply = await user.say(f"/weekly {arg}")
        assert f"“{arg}” isn't a day and time I understand." in (reply.text or ""), arg
        assert "e.g. /weekly sun 18:00" in (reply.text or "")
    assert await weekly_schedules(db) == []
    assert "every Sunday at 18:00" in ((await user.say("/weekly 6 pm Sunday")).text or "")
    reply = await user.say("/weekly Wed 07:30")
    assert "every Wednesday at 07:30" in (reply.text or "")
    assert "first one comes Wed 25 Nov 07:30" in (reply.text or "")
    active = [s for s in await weekly_schedules(db) if s.state == "active"]
    assert [s.rule for s in active] == ["FREQ=WEEKLY;BYDAY=WE"]


async def test_weekly_restart_in_the_middle_loses_and_repeats_nothing(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7010)
    await onboard(harness, 7010, zone=BERLIN, at=None)
    await user.say("/weekly sun 18:00")
    await harness.stop()
    harness.clock.set(datetime(2026, 11, 29, 18, 30, tzinfo=UTC))  # 90 min late: in grace
    await harness.start()
    assert (await harness.run_due()).sent == 1
    assert "Your week" in ((await user.next_message()).text or "")
    await harness.restart()
    assert (await harness.run_due()).sent == 0
    # Down over the next one beyond its 4-hour grace: recorded as missed, not sent late.
    await harness.stop()
    harness.clock.set(datetime(2026, 12, 6, 22, 0, tzinfo=UTC))
    await harness.start()
    stats = await harness.run_due()
    assert (stats.sent, stats.missed) == (0, 1)
    assert user.drain() == []
    # The week after comes as usual.
    assert (await harness.advance(days=6, hours=19)).sent == 1
    assert "Your week" in ((await user.next_message()).text or "")


async def test_weekly_keeps_local_time_across_the_dst_change(harness: Harness) -> None:
    user = harness.user(7011)
    harness.clock.set(datetime(2027, 3, 20, 9, 0, tzinfo=UTC))  # Saturday
    await onboard(harness, 7011, zone=BERLIN, at=None)
    await user.say("/weekly sun 18:00")
    # Sunday 21 March 18:00 CET = 17:00 UTC; Sunday 28 March (clocks go forward) 16:00 UTC.
    assert (await harness.advance(days=1, hours=7, minutes=59)).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1
    assert (await harness.advance(days=6, hours=22, minutes=59)).sent == 0
    assert (await harness.advance(minutes=1)).sent == 1
    assert harness.clock.now() == datetime(2027, 3, 28, 16, 0, tzinfo=UTC)
    assert len([m for m in user.drain() if "Your week" in (m.text or "")]) == 2


def test_catalogue_has_every_key_built_at_run_time() -> None:
    from service.bot.summary import DAY_CODES

    keys = [f"sum_day_{code.lower()}" for code in set(DAY_CODES.values())]
    items = ("frequency", "severity", "lower_face", "impact")
    for change in ("lower", "stable", "higher"):
        keys += [f"sum_change_{change}", f"sum_overall_{change}", f"sum_botox_vs_{change}"]
        keys += [f"sum_line_{change}", f"sum_pdf_change_{change}", f"sum_recovery_{change}"]
    keys += [f"sum_item_{item}" for item in items]
    keys += [f"sum_recovery_{item}" for item in items]
    keys += [f"sum_event_{kind}" for kind in ("botox", "surgery", "appointment", "med")]
    keys += [f"sum_pdf_onset_{o}" for o in ("yes", "partly", "not_yet")]
    keys += ["sum_pdf_change_no_data", "kind_summary_weekly"]
    keys += [f"{p}_{c}" for c in ("summary", "report", "weekly") for p in ("cmd", "example")]
    assert sorted(k for k in keys if k not in MESSAGES) == []
