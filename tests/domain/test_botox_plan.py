"""The Botox cycle plan, /botox input and the wear-off rule: hand-computed cases and properties."""

import contextlib
import itertools
import random
import warnings
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from service.domain.botox import (
    EFFECT_DAY,
    ONSET_DAY,
    BotoxEntry,
    BotoxInputError,
    CycleStatus,
    Step,
    baseline_of,
    booking_day,
    cycle_plan,
    cycle_status,
    detect_wear_off,
    due_date,
    parse_botox_args,
    parse_interval,
    plan_offsets,
    rolling_mean,
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


# ---- /botox input -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("", BotoxEntry(TODAY)),
        ("50", BotoxEntry(TODAY, 50)),
        ("2026-11-03", BotoxEntry(date(2026, 11, 3))),
        ("03.11.2026", BotoxEntry(date(2026, 11, 3))),
        ("3 Nov", BotoxEntry(date(2026, 11, 3))),
        ("Nov 3 50", BotoxEntry(date(2026, 11, 3), 50)),
        ("3 Nov 50 after the dentist", BotoxEntry(date(2026, 11, 3), 50, "after the dentist")),
        ("3 Nov 2025 40 units ok", BotoxEntry(date(2025, 11, 3), 40, "ok")),
        ("3 Nov 25", BotoxEntry(date(2026, 11, 3), 25)),  # 25 is units, not a year
        ("yesterday 35u left eye", BotoxEntry(date(2026, 11, 22), 35, "left eye")),
        ("Yesterday", BotoxEntry(date(2026, 11, 22))),
        ("3 days ago 20", BotoxEntry(date(2026, 11, 20), 20)),
        ("today 30 U", BotoxEntry(TODAY, 30)),
        ("12 felt fine", BotoxEntry(TODAY, 12, "felt fine")),
        ("2026-11-03 5 am appointment", BotoxEntry(date(2026, 11, 3), 5, "am appointment")),
        ("3 Nov. 40", BotoxEntry(date(2026, 11, 3), 40)),
    ],
)
def test_botox_args(text: str, entry: BotoxEntry) -> None:
    assert parse_botox_args(text, TODAY) == entry


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("felt fine", "date"),
        ("nov", "date"),  # a month alone is not a date
        ("31.02.2026", "date"),
        ("tomorrow", "future"),
        ("1 December", "future"),
        ("0", "units"),
        ("3 Nov 5000", "units"),
        ("40 " + "x" * 201, "note"),
    ],
)
def test_botox_args_errors(text: str, reason: str) -> None:
    with pytest.raises(BotoxInputError) as caught:
        parse_botox_args(text, TODAY)
    assert caught.value.reason == reason


def test_interval_argument() -> None:
    assert parse_interval("14") == 14
    assert parse_interval("14 weeks") == 14
    assert parse_interval(" 6w ") == 6
    assert parse_interval("26") == 26
    for bad in ("5", "27", "soon", "", "12.5"):
        assert parse_interval(bad) is None


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@given(
    day=st.dates(date(2000, 1, 1), TODAY),
    form=st.sampled_from(("iso", "dotted", "words")),
    units=st.none() | st.integers(1, 1000),
    note=st.none() | st.text("abc xyz", min_size=1, max_size=30).filter(lambda s: s.strip()),
)
def test_any_past_date_with_units_and_note_reads_back(
    day: date, form: str, units: int | None, note: str | None
) -> None:
    written = {
        "iso": day.isoformat(),
        "dotted": day.strftime("%d.%m.%Y"),
        "words": f"{day.day} {MONTHS[day.month - 1]} {day.year}",
    }[form]
    parts = [written, *([str(units)] if units is not None else []), *([note] if note else [])]
    entry = parse_botox_args(" ".join(parts), TODAY)
    expected_note = " ".join(note.split()) if note else None
    assert entry == BotoxEntry(day, units, expected_note or None)


# ---- wear-off -----------------------------------------------------------------------------------
INJ = date(2026, 1, 1)


def series(values: dict[int, int]) -> dict[date, int]:
    """Day number -> total, as local dates."""
    return {INJ + timedelta(days=day): total for day, total in values.items()}


def baseline14(total: int = 6) -> dict[int, int]:
    return dict.fromkeys(range(-14, 0), total)


def test_classic_wear_off_is_the_day_the_3_day_mean_reaches_baseline_minus_1() -> None:
    # B = 6, line 5. Days 7-40 at 2 (benefit). Day 41: (2+2+6)/3 = 3.3; day 42: (2+6+6)/3 = 4.7;
    # day 43: (6+6+6)/3 = 6 >= 5: wear-off on day 43.
    data = series({**baseline14(6), **dict.fromkeys(range(7, 41), 2), 41: 6, 42: 6, 43: 6})
    verdict = detect_wear_off(INJ, data, INJ + timedelta(days=60))
    assert verdict is not None
    assert (verdict.day, verdict.on, verdict.baseline, verdict.rolling) == (
        43,
        INJ + timedelta(days=43),
        6.0,
        6.0,
    )
    assert detect_wear_off(INJ, data, INJ + timedelta(days=42)) is None  # not yet known


def test_wear_off_with_a_mixed_baseline() -> None:
    # Baseline days -9, -6, -3, -1: 5, 6, 7, 6 -> B = 6, line 5. Days 7-20 at 3.
    # Day 21: (3+3+5)/3 = 3.67; day 22: (3+5+5)/3 = 4.33; day 23: (5+5+6)/3 = 5.33 -> wear-off.
    data = series({-9: 5, -6: 6, -3: 7, -1: 6, **dict.fromkeys(range(7, 21), 3)})
    data.update(series({21: 5, 22: 5, 23: 6}))
    verdict = detect_wear_off(INJ, data, INJ + timedelta(days=30))
    assert verdict is not None and verdict.day == 23
    assert verdict.rolling == pytest.approx(16 / 3)


def test_exactly_on_the_line_counts_and_just_below_does_not() -> None:
    # B = 6, line 5. Day 30: (5+5+5)/3 = 5 exactly -> wear-off.
    data = series({**baseline14(6), **dict.fromkeys(range(7, 28), 2), 28: 5, 29: 5, 30: 5})
    verdict = detect_wear_off(INJ, data, INJ + timedelta(days=30))
    assert verdict is not None and verdict.day == 30
    # (4+5+5)/3 = 4.67 < 5 on day 30: nothing.
    data[INJ + timedelta(days=28)] = 4
    data[INJ + timedelta(days=29)] = 5
    data[INJ + timedelta(days=30)] = 5
    verdict = detect_wear_off(INJ, data, INJ + timedelta(days=30))
    assert verdict is None or verdict.day != 30
    assert detect_wear_off(INJ, data, INJ + timedelta(days=30)) is None


def test_missing_days_need_two_of_three_including_the_day_itself() -> None:
    # Days 7-30 at 1; days 31-49 not rated. Day 50 alone (6): only 1 of 3 -> no mean.
    # Day 51 (5): (6+5)/2 = 5.5 >= 5 -> wear-off on day 51.
    data = series({**baseline14(6), **dict.fromkeys(range(7, 31), 1), 50: 6, 51: 5})
    assert rolling_mean(data, INJ + timedelta(days=50)) is None
    assert rolling_mean(data, INJ + timedelta(days=51)) == 5.5
    assert rolling_mean(data, INJ + timedelta(days=49)) is None  # no check-in that day
    verdict = detect_wear_off(INJ, data, INJ + timedelta(days=60))
    assert verdict is not None and verdict.day == 51


def test_no_benefit_means_no_wear_off() -> None:
    data = series({**baseline14(6), **dict.fromkeys(range(1, 80), 6)})
    assert detect_wear_off(INJ, data, INJ + timedelta(days=80)) is None
    # Slightly better (5.0 is not below the line 5): still no benefit, no verdict.
    data = series({**baseline14(6), **dict.fromkeys(range(1, 80), 5)})
    assert detect_wear_off(INJ, data, INJ + timedelta(days=80)) is None


def test_nothing_before_day_14_even_if_ratings_climb_back_earlier() -> None:
    # Better on days 7-9 (2), back at 6 from day 10: the verdict waits for day 14.
    data = series(
        {**baseline14(6), **dict.fromkeys(range(7, 10), 2), **dict.fromkeys(range(10, 30), 6)}
    )
    verdict = detect_wear_off(INJ, data, INJ + timedelta(days=30))
    assert verdict is not None and verdict.day == 14
    assert detect_wear_off(INJ, data, INJ + timedelta(days=13)) is None


def test_benefit_before_day_7_does_not_count() -> None:
    # Better only on days 1-4, back from day 5: every 3-day mean from day 7 on is 6.
    data = series(
        {**baseline14(6), **dict.fromkeys(range(1, 5), 1), **dict.fromkeys(range(5, 40), 6)}
    )
    assert detect_wear_off(INJ, data, INJ + timedelta(days=40)) is None


def test_baseline_needs_four_days_in_the_fortnight_before() -> None:
    three = series({-14: 6, -7: 6, -1: 6})
    assert baseline_of(INJ, three) is None
    # Day -15 and the injection day itself are outside the baseline window.
    assert baseline_of(INJ, series({-15: 8, -14: 6, -7: 6, -1: 6, 0: 8})) is None
    assert baseline_of(INJ, series({-15: 8, -14: 6, -7: 6, -2: 6, -1: 6, 0: 8})) == 6.0
    data = {**three, **series({**dict.fromkeys(range(7, 30), 1), 30: 6, 31: 6, 32: 6})}
    assert detect_wear_off(INJ, data, INJ + timedelta(days=40)) is None


def test_mild_baseline_has_nothing_to_measure() -> None:
    # B = 1: the line would be 0; no verdict.
    data = series({**baseline14(1), **dict.fromkeys(range(7, 30), 0), 30: 1, 31: 1, 32: 1})
    assert detect_wear_off(INJ, data, INJ + timedelta(days=40)) is None


def _diary(seed: int, missing: float, phased: bool) -> dict[date, int]:
    """A dense diary from day -14 to day 120: either random totals, or a baseline level, a
    better level after the injection and a return to the baseline on some day, with noise."""
    rng = random.Random(seed)
    before = rng.randint(0, 8)
    better = rng.randint(0, before)
    back = rng.randint(5, 120)
    diary = {}
    for day in range(-14, 121):
        if rng.random() < missing:
            continue
        if not phased:
            total = rng.randint(0, 8)
        else:
            level = before if day < 0 or day >= back else better
            total = min(8, max(0, level + rng.randint(-1, 1)))
        diary[INJ + timedelta(days=day)] = total
    return diary


# Generated from a few numbers (fast), dense enough that verdicts are common.
totals_strategy = st.builds(
    _diary, st.integers(0, 2**32), st.sampled_from((0.0, 0.1, 0.3, 0.6)), st.booleans()
)


@settings(max_examples=300, deadline=None)
@given(data=totals_strategy, until=st.integers(0, 200))
def test_wear_off_verdict_follows_the_rule(data: dict[date, int], until: int) -> None:
    end = INJ + timedelta(days=until)
    verdict = detect_wear_off(INJ, data, end)
    event("verdict" if verdict else "no verdict")
    if verdict is None:
        return
    baseline = baseline_of(INJ, data)
    assert baseline is not None and verdict.baseline == baseline
    line = baseline - 1
    assert verdict.day >= 14 and verdict.on <= end and verdict.on in data
    assert verdict.rolling == rolling_mean(data, verdict.on) and verdict.rolling >= line
    means = {d: rolling_mean(data, INJ + timedelta(days=d)) for d in range(7, verdict.day)}
    below = [d for d, m in means.items() if m is not None and m < line]
    assert below  # the benefit was seen before
    # And it is the first day from 14 on back at the line after a day below it.
    assert not any(
        m is not None and m >= line and d >= 14 and below[0] < d for d, m in means.items()
    )


@settings(max_examples=200, deadline=None)
@given(data=totals_strategy, later=st.dictionaries(st.integers(0, 60), st.integers(0, 8)))
def test_a_verdict_once_found_never_changes_with_later_days(
    data: dict[date, int], later: dict[int, int]
) -> None:
    end = INJ + timedelta(days=200)
    verdict = detect_wear_off(INJ, data, end)
    if verdict is None:
        return
    changed = dict(data)
    for offset, total in later.items():
        changed[verdict.on + timedelta(days=offset + 1)] = total
    assert detect_wear_off(INJ, changed, end) == verdict
    assert detect_wear_off(INJ, data, verdict.on) == verdict


@given(total=st.integers(0, 8), days=st.integers(0, 150))
def test_steady_ratings_never_wear_off(total: int, days: int) -> None:
    data = series(dict.fromkeys(range(-14, days), total))
    assert detect_wear_off(INJ, data, INJ + timedelta(days=days)) is None


def test_plan_uses_utc_aware_instants_only() -> None:
    # The UTC instant of the default 10:00 in Berlin, winter and summer.
    tz = get_zone("Europe/Berlin")
    winter = cycle_plan(date(2026, 11, 23), 12)[0]
    summer = cycle_plan(date(2027, 6, 7), 12)[0]
    assert resolve_local(winter.at_local, tz) == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert resolve_local(summer.at_local, tz) == datetime(2027, 6, 14, 8, 0, tzinfo=UTC)
