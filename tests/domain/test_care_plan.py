"""Plan computations for appointments and the after-surgery (MVD) follow-up: unit and property
tests across zones and DST."""

from __future__ import annotations

import calendar
import contextlib
import itertools
import warnings
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.domain.care import (
    AppointmentText,
    Phase,
    add_months,
    appointment_plan,
    followup_wall_time,
    mvd_plan,
    mvd_plan_rules,
    plan_item_on,
    read_appointment,
)
from service.domain.reader import Context
from service.domain.recurrence import occurrences_between
from service.domain.timezones import resolve_local

with warnings.catch_warnings(), contextlib.suppress(ImportError):  # see the recurrence tests
    warnings.simplefilter("ignore")
    import hypothesis.extra._patching  # noqa: F401

ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Australia/Adelaide",  # +09:30 / +10:30
    "Australia/Lord_Howe",  # 30-minute DST shift
    "Asia/Kolkata",  # +05:30, no DST
)
MONTH = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31))
zone_dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
wall_times = st.times().map(lambda t: t.replace(second=0, microsecond=0))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local_wall(instant: datetime, zone: str) -> datetime:
    return instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


@cache
def transition_days(zone: str, year: int) -> tuple[date, ...]:
    """Local dates on which the zone's UTC offset changes (zoneinfo only, hour by hour)."""
    tz = ZoneInfo(zone)
    days = []
    instant = datetime(year, 1, 1, tzinfo=UTC)
    while instant.year == year:
        nxt = instant + timedelta(hours=1)
        if instant.astimezone(tz).utcoffset() != nxt.astimezone(tz).utcoffset():
            days.append(nxt.astimezone(tz).date())
        instant = nxt
    return tuple(days)


@st.composite
def near_dst(draw: st.DrawFn) -> tuple[str, datetime]:
    """A zone and a local start on or just after one of its offset changes."""
    zone = draw(st.sampled_from([z for z in ZONES if z != "Asia/Kolkata"]))
    days = transition_days(zone, draw(st.integers(min_value=2000, max_value=2040)))
    day = draw(st.sampled_from(days)) + timedelta(days=draw(st.integers(0, 1)))
    return zone, datetime.combine(day, draw(wall_times))


def exists(local: datetime, zone: str) -> bool:
    """True if the wall time is not inside a spring-forward gap."""
    tz = ZoneInfo(zone)
    return local.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None) == local


# ---- the MVD plan -------------------------------------------------------------------------------
def test_plan_for_one_surgery() -> None:
    plan = mvd_plan(date(2026, 10, 31))
    assert len(plan) == 34
    assert [i.day for i in plan[:14]] == [date(2026, 11, d) for d in range(1, 15)]
    assert [(i.phase, i.number) for i in plan[:2]] == [(Phase.DAILY, 1), (Phase.DAILY, 2)]
    weekly = plan[14:25]
    assert weekly[0].day == date(2026, 11, 21) and weekly[0].number == 3
    assert weekly[-1].day == date(2027, 1, 30) and weekly[-1].number == 13  # day 91
    monthly = [i.day for i in plan[25:]]
    assert monthly == [
        date(2027, 2, 28),  # 31 Oct + 4 months, clamped
        date(2027, 3, 31),
        date(2027, 4, 30),
        date(2027, 5, 31),
        date(2027, 6, 30),
        date(2027, 7, 31),
        date(2027, 8, 31),
        date(2027, 9, 30),
        date(2027, 10, 31),  # 12 months
    ]
    assert {i.kind for i in plan[:14]} == {"daily"} and {i.kind for i in plan[14:]} == {"progress"}


def test_plan_item_on_finds_the_plan_dates_only() -> None:
    surgery = date(2026, 11, 23)
    assert plan_item_on(surgery, date(2026, 11, 24)) == mvd_plan(surgery)[0]
    found = plan_item_on(surgery, date(2027, 3, 23))
    assert found is not None and (found.phase, found.number) == (Phase.MONTHLY, 4)
    assert plan_item_on(surgery, surgery) is None
    assert plan_item_on(surgery, date(2026, 12, 8)) is None  # day 15: between the phases
    assert plan_item_on(surgery, date(2027, 11, 24)) is None


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 15), 12, date(2027, 12, 15)),
        (date(2026, 5, 31), 4, date(2026, 9, 30)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@given(dates)
def test_plan_dates_strictly_increase_in_three_phases(surgery: date) -> None:
    plan = mvd_plan(surgery)
    days = [i.day for i in plan]
    assert all(a < b for a, b in itertools.pairwise(days))
    assert len(set(days)) == len(days) == 34
    phases = [Phase.DAILY] * 14 + [Phase.WEEKLY] * 11 + [Phase.MONTHLY] * 9
    assert [i.phase for i in plan] == phases
    assert days[:14] == [surgery + timedelta(days=n) for n in range(1, 15)]
    weekly = days[14:25]
    assert weekly[0] - surgery == timedelta(weeks=3)
    assert all(b - a == timedelta(weeks=1) for a, b in itertools.pairwise(weekly))
    assert (weekly[-1] - surgery).days == 91  # 13 weeks, about 3 months
    for item in plan[25:]:
        months = (item.day.year - surgery.year) * 12 + item.day.month - surgery.month
        assert months == item.number
        last = calendar.monthrange(item.day.year, item.day.month)[1]
        assert item.day.day == min(surgery.day, last)
    assert days[25] - weekly[-1] >= timedelta(days=27)  # no two questions close together
    assert days[-1] == add_months(surgery, 12)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(ZONES), zone_dates, wall_times)
def test_plan_rules_yield_exactly_the_plan_dates_on_the_local_calendar(
    zone: str, surgery: date, at: time
) -> None:
    expected = [i.day for i in mvd_plan(surgery)]
    start = datetime.combine(surgery - timedelta(days=2), time(), tzinfo=UTC)
    end = datetime.combine(surgery + timedelta(days=400), time(), tzinfo=UTC)
    found: list[tuple[Phase, datetime]] = []
    for rule in mvd_plan_rules(surgery, zone, at):
        found += [(rule.phase, i) for i in occurrences_between(rule.recurrence, start, end)]
    instants = sorted(i for _, i in found)
    assert len(instants) == len(set(instants)) == 34
    walls = [local_wall(i, zone) for i in instants]
    assert [w.date() for w in walls] == expected
    for wall in walls:
        planned = datetime.combine(wall.date(), at)
        if exists(planned, zone):
            assert wall == planned  # the patient's local time, on both sides of a DST change
        else:  # inside a spring-forward gap: the first minute after it, same day
            assert wall > planned and wall - planned <= timedelta(hours=1)
    phases = [p for p, _ in sorted(found, key=lambda pair: pair[1])]
    assert phases == [i.phase for i in mvd_plan(surgery)]


# ---- appointments -------------------------------------------------------------------------------
def test_reminders_for_a_winter_visit_in_berlin() -> None:
    plan = appointment_plan(datetime(2026, 12, 1, 14, 30), ZoneInfo("Europe/Berlin"))
    assert plan.start == utc(2026, 12, 1, 13, 30)
    assert plan.day_before == utc(2026, 11, 30, 13, 30)
    assert plan.soon == utc(2026, 12, 1, 11, 30)
    assert plan.followup == utc(2026, 12, 1, 16, 30)  # 17:30 local
    assert plan.soon_local == datetime(2026, 12, 1, 12, 30)


def test_day_before_keeps_the_local_time_across_spring_forward() -> None:
    # Berlin: clocks go forward on Sun 28 Mar 2027; the day before is 23 hours earlier.
    plan = appointment_plan(datetime(2027, 3, 28, 10, 0), ZoneInfo("Europe/Berlin"))
    assert plan.start == utc(2027, 3, 28, 8)
    assert plan.day_before == utc(2027, 3, 27, 9)
    assert plan.start - plan.day_before == timedelta(hours=23)
    assert plan.soon == utc(2027, 3, 28, 6)


def test_day_before_inside_the_gap_moves_after_it() -> None:
    plan = appointment_plan(datetime(2027, 3, 29, 2, 30), ZoneInfo("Europe/Berlin"))
    assert plan.day_before_local == datetime(2027, 3, 28, 2, 30)  # does not exist
    assert plan.day_before == utc(2027, 3, 28, 1)  # 03:00 CEST, the first minute after


@pytest.mark.parametrize(
    ("start", "followup"),
    [
        (datetime(2026, 12, 1, 11, 0), datetime(2026, 12, 1, 14, 0)),
        (datetime(2026, 12, 1, 17, 59), datetime(2026, 12, 1, 20, 59)),
        (datetime(2026, 12, 1, 18, 0), datetime(2026, 12, 2, 9, 0)),  # 21:00: too late
        (datetime(2026, 12, 1, 23, 0), datetime(2026, 12, 2, 9, 0)),
        (datetime(2026, 12, 1, 4, 0), datetime(2026, 12, 1, 9, 0)),  # 07:00: too early
        (datetime(2026, 12, 1, 5, 0), datetime(2026, 12, 1, 8, 0)),
    ],
)
def test_follow_up_three_hours_later_but_not_at_night(start: datetime, followup: datetime) -> None:
    assert followup_wall_time(start) == followup


anywhere = st.tuples(
    st.sampled_from(ZONES),
    st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2060, 12, 31)).map(
        lambda d: d.replace(second=0, microsecond=0)
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(anywhere, near_dst()))
def test_reminder_instants_are_one_local_day_and_two_hours_before(
    case: tuple[str, datetime],
) -> None:
    zone, start_local = case
    tz = ZoneInfo(zone)
    plan = appointment_plan(start_local, tz)
    assert plan.start == resolve_local(start_local, tz)
    assert plan.soon == plan.start - timedelta(hours=2)
    day_before = start_local - timedelta(days=1)
    assert plan.day_before == resolve_local(day_before, tz)
    if exists(day_before, zone):
        assert local_wall(plan.day_before, zone) == day_before  # same wall time, a day earlier
    assert local_wall(plan.day_before, zone).date() == day_before.date()
    assert plan.day_before < plan.soon < plan.start < plan.followup
    assert timedelta(hours=22) <= plan.start - plan.day_before <= timedelta(hours=26)
    # The one-off schedules' wall times give these instants (the 2-hour one an hour early at
    # worst, inside an autumn overlap).
    assert resolve_local(plan.day_before_local, tz) == plan.day_before
    resolved_soon = resolve_local(plan.soon_local, tz)
    assert resolved_soon <= plan.soon and plan.soon - resolved_soon <= timedelta(hours=1)
    assert resolve_local(plan.followup_local, tz) == plan.followup
    assert time(8, 0) <= plan.followup_local.time() < time(21, 0)
    gap = plan.followup_local - start_local
    assert timedelta(hours=3) <= gap < timedelta(hours=18)


# ---- reading an appointment ---------------------------------------------------------------------
NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # Mon 23 Nov 2026, 07:00 in Berlin
CTX = Context.for_patient(now=NOW, zone="Europe/Berlin", language="en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 Dec 14:30 Dr Smith", AppointmentText(date(2026, 12, 3), time(14, 30), (), "Dr Smith")),
        ("3 Dec 2026 14:30", AppointmentText(date(2026, 12, 3), time(14, 30))),
        ("2026-12-01 9 pm Dr X", AppointmentText(date(2026, 12, 1), time(21, 0), (), "Dr X")),
        ("tomorrow 9 am", AppointmentText(date(2026, 11, 24), time(9, 0))),
        ("3 Mar 10:00", AppointmentText(date(2027, 3, 3), time(10, 0))),  # next March
        ("3 Dec 2 pm Room 4", AppointmentText(date(2026, 12, 3), time(14, 0), (), "Room 4")),
        ("next Monday 10:30", AppointmentText(date(2026, 11, 30), time(10, 30))),
        ("in 2 weeks 10:00", AppointmentText(date(2026, 12, 7), time(10, 0))),
        ("tomorrow 2pm", AppointmentText(date(2026, 11, 24), time(14, 0))),
        ("3 Dec 9am neurologist", AppointmentText(date(2026, 12, 3), time(9), (), "neurologist")),
        ("3 Dec", AppointmentText(date(2026, 12, 3))),
        ("Tuesday", AppointmentText(date(2026, 11, 24))),
        ("11/3", AppointmentText(None, None, (date(2027, 11, 3), date(2027, 3, 11)))),
        (
            "11/3 10:00 Dr X",
            AppointmentText(None, time(10), (date(2027, 11, 3), date(2027, 3, 11)), "Dr X"),
        ),
        ("soonish 10:00", AppointmentText()),
        ("", AppointmentText()),
    ],
)
def test_read_appointment(text: str, expected: AppointmentText) -> None:
    assert read_appointment(text, CTX) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # The hour's word right after the number ("14 Uhr") is the time, not a date's part.
        ("de", "morgen 14 Uhr", AppointmentText(date(2026, 11, 24), time(14, 0))),
        ("de", "morgen 14 Uhr Dr Li", AppointmentText(date(2026, 11, 24), time(14), (), "Dr Li")),
        ("de", "morgen um 14 Uhr", AppointmentText(date(2026, 11, 24), time(14, 0))),
        # "on" before a numeric date in the other languages.
        ("de", "am 16.12. um 10:00", AppointmentText(date(2026, 12, 16), time(10, 0))),
        (
            "de",
            "am 16.12. 10:00 Neurologe",
            AppointmentText(date(2026, 12, 16), time(10), (), "Neurologe"),
        ),
        ("es", "el 16 de diciembre a las 10:00", AppointmentText(date(2026, 12, 16), time(10))),
        ("es", "el 16/12 10:00", AppointmentText(date(2026, 12, 16), time(10, 0))),
        ("pt_BR", "no dia 16/12 às 10h", AppointmentText(date(2026, 12, 16), time(10, 0))),
        ("en", "tomorrow 2 pm Dr Li", AppointmentText(date(2026, 11, 24), time(14), (), "Dr Li")),
    ],
)
def test_read_appointment_in_the_patients_words(
    language: str, text: str, expected: AppointmentText
) -> None:
    ctx = Context.for_patient(now=NOW, zone="Europe/Berlin", language=language)
    assert read_appointment(text, ctx) == expected
