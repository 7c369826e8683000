"""The Botox cycle plan and /botox input: hand-computed cases and properties (the wear-off
rule is in test_wear_off.py)."""

import contextlib
import itertools
import warnings
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.domain.botox import (
    EFFECT_DAY,
    ONSET_DAY,
    CycleStatus,
    Step,
    booking_day,
    cycle_plan,
    cycle_status,
    due_date,
    parse_interval,
    plan_offsets,
    weeks_and_days,
)
from service.domain.recurrence import Recurrence, next_after
from service.domain.timezones import get_zone, local_date, resolve_local

with warnings.catch_warnings(), contextlib.suppress(ImportError):
    warnings.simplefilter("ignore")
    import hypothesis.extra._patching  # noqa: F401

ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Australia/Adelaide",  # +09:30 / +10:30
    "Australia/Lord_Howe",  # a 30-minute DST shift
    "Asia/Kolkata",  # +05:30
    "America/St_Johns",  # -03:30 / -02:30
    "America/Santiago",  # changes at midnight
)
TODAY = date(2026, 11, 23)


# ---- the plan -----------------------------------------------------------------------------------
def test_default_plan_is_day_7_week_4_week_10_week_12() -> None:
    assert plan_offsets(12) == (
        (Step.ONSET, 7),
        (Step.EFFECT, 28),
        (Step.BOOKING, 70),
        (Step.DUE, 84),
    )
    plan = cycle_plan(date(2026, 11, 23), 12, 2, time(8, 30))
    assert [r.on for r in plan] == [
        date(2026, 11, 30),
        date(2026, 12, 21),
        date(2027, 2, 1),
        date(2027, 2, 15),
    ]
    assert {r.at_local.time() for r in plan} == {time(8, 30)}
    assert due_date(date(2026, 11, 23), 12) == date(2027, 2, 15)


@pytest.mark.parametrize(
    ("interval", "lead", "expected"),
    [
        (12, 2, 70),
        (14, 2, 84),
        (26, 2, 168),
        (8, 2, 42),
        (6, 2, 35),  # 42 - 14 = 28 would clash with the week-4 question: halfway instead
        (7, 3, 38),  # 49 - 21 = 28: halfway between 28 and 49
        (12, 0, 56),  # no lead would clash with the due date: halfway between 28 and 84
        (12, 20, 56),  # a lead longer than the cycle
    ],
)
def test_booking_day(interval: int, lead: int, expected: int) -> None:
    assert booking_day(interval, lead) == expected


@pytest.mark.parametrize("weeks", [5, 27, 0, -1])
def test_interval_out_of_range_is_refused(weeks: int) -> None:
    with pytest.raises(ValueError):
        plan_offsets(weeks)


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2026, 12, 1), CycleStatus.WAITING),
        (date(2027, 1, 31), CycleStatus.WAITING),
        (date(2027, 2, 1), CycleStatus.BOOK),
        (date(2027, 2, 14), CycleStatus.BOOK),
        (date(2027, 2, 15), CycleStatus.DUE_TODAY),
        (date(2027, 2, 16), CycleStatus.OVERDUE),
    ],
)
def test_cycle_status(today: date, status: CycleStatus) -> None:
    assert cycle_status(date(2026, 11, 23), today, 12, 2) is status


def test_weeks_and_days() -> None:
    assert weeks_and_days(87) == (12, 3)
    assert weeks_and_days(84) == (12, 0)
    assert weeks_and_days(5) == (0, 5)


@settings(max_examples=300, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    injected_on=st.dates(date(2020, 1, 1), date(2035, 12, 31)),
    interval=st.integers(6, 26),
    lead=st.integers(0, 8),
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
)
def test_every_reminder_is_injection_plus_offset_on_the_local_calendar(
    zone: str, injected_on: date, interval: int, lead: int, at: time
) -> None:
    tz = get_zone(zone)
    plan = cycle_plan(injected_on, interval, lead, at)
    assert [r.step for r in plan] == list(Step)
    days = [r.day for r in plan]
    assert days[0] == ONSET_DAY and days[1] == EFFECT_DAY and days[3] == 7 * interval
    assert days == sorted(set(days))  # strictly increasing
    start = resolve_local(datetime.combine(injected_on, time()), tz)
    instants = []
    for reminder in plan:
        assert reminder.on == injected_on + timedelta(days=reminder.day)
        assert reminder.at_local == datetime.combine(reminder.on, at)
        instant = resolve_local(reminder.at_local, tz)
        # The engine fires a one-off schedule exactly there, on that local date.
        assert next_after(Recurrence.once(reminder.at_local, zone), start) == instant
        assert local_date(instant, tz) == reminder.on
        local = instant.astimezone(tz).replace(tzinfo=None)
        # The wall-clock time is kept (or moved just past a DST gap, never earlier).
        assert local == reminder.at_local or timedelta(0) < local - reminder.at_local <= (
            timedelta(hours=1)
        )
        instants.append(instant)
    assert all(a < b for a, b in itertools.pairwise(instants))


# ---- /botox_interval input (the rest of /botox input: test_botox_input.py) -------------------
def test_interval_argument() -> None:
    assert parse_interval("14") == 14
    assert parse_interval("14 weeks") == 14
    assert parse_interval(" 6w ") == 6
    assert parse_interval("26") == 26
    for bad in ("5", "27", "soon", "", "12.5"):
        assert parse_interval(bad) is None


def test_plan_uses_utc_aware_instants_only() -> None:
    # The UTC instant of the default 10:00 in Berlin, winter and summer.
    tz = get_zone("Europe/Berlin")
    winter = cycle_plan(date(2026, 11, 23), 12)[0]
    summer = cycle_plan(date(2027, 6, 7), 12)[0]
    assert resolve_local(winter.at_local, tz) == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert resolve_local(summer.at_local, tz) == datetime(2027, 6, 14, 8, 0, tzinfo=UTC)
