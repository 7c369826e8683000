"""The onset estimated from the diary (service.domain.botox.estimate_onset): worked cases and
properties. The rule: the first day after the injection from which the eye total stays clearly
below the 14-day baseline (1-2 points: more than the day-to-day noise of about a point,
clinical.md) on at least 3 in 4 of the rated days in the week from it, with their mean too."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from service.domain.botox import ONSET_UNTIL_DAY, estimate_onset

INJ = date(2026, 1, 1)


def at(day: int) -> date:
    return INJ + timedelta(days=day)


def series(values: dict[int, int]) -> dict[date, int]:
    return {at(day): total for day, total in values.items()}


def baseline(total: int = 6) -> dict[int, int]:
    return dict.fromkeys(range(-14, 0), total)


# ---- worked cases -------------------------------------------------------------------------------
def test_a_two_point_drop_from_day_5_is_found_on_day_5() -> None:
    data = series(
        {**baseline(6), **dict.fromkeys(range(1, 5), 6), **dict.fromkeys(range(5, 30), 4)}
    )
    assert estimate_onset(INJ, data) == at(5)


def test_one_good_day_is_not_an_onset() -> None:
    # Day 3 at 3 (a good day), then back at 6 until day 8, then a real drop.
    values = {**baseline(6), 1: 6, 2: 6, 3: 3, 4: 6, 5: 6, 6: 6, 7: 6}
    values.update(dict.fromkeys(range(8, 30), 4))
    assert estimate_onset(INJ, series(values)) == at(8)


def test_a_one_point_drop_is_within_the_noise() -> None:
    data = series({**baseline(6), **dict.fromkeys(range(1, 30), 5)})
    assert estimate_onset(INJ, data) is None


def test_too_few_rated_days_say_nothing() -> None:
    # A clear drop, but only three rated days in the week after it.
    data = series({**baseline(6), 5: 3, 7: 3, 9: 3})
    assert estimate_onset(INJ, data) is None
    # No baseline (fewer than 7 rated days before the injection): nothing either.
    short = series({**dict.fromkeys(range(-5, 0), 6), **dict.fromkeys(range(1, 20), 2)})
    assert estimate_onset(INJ, short) is None


def test_days_after_until_are_not_read() -> None:
    data = series({**baseline(6), **dict.fromkeys(range(1, 30), 3)})
    assert estimate_onset(INJ, data, until=at(3)) is None  # only days 1-3 so far
    assert estimate_onset(INJ, data, until=at(4)) == at(1)


def test_a_mild_baseline_needs_a_one_point_drop_held() -> None:
    # B = 3: clear means <= 2 (one point, the floor); a steady 2 from day 6 is an onset.
    data = series(
        {**baseline(3), **dict.fromkeys(range(1, 6), 3), **dict.fromkeys(range(6, 20), 2)}
    )
    assert estimate_onset(INJ, data) == at(6)


# ---- properties ---------------------------------------------------------------------------------
noise = st.lists(st.sampled_from((-1, 0, 0, 0, 1)), min_size=60, max_size=60)


@settings(max_examples=200, deadline=None)
@given(level=st.integers(4, 8), wobble=noise)
def test_no_benefit_with_a_point_of_noise_is_never_an_onset(level: int, wobble: list[int]) -> None:
    values = {day: min(8, max(0, level + wobble[day + 14])) for day in range(-14, 40)}
    assert estimate_onset(INJ, series(values)) is None


@settings(max_examples=200, deadline=None)
@given(level=st.integers(5, 8), start=st.integers(1, 14), wobble=noise)
def test_a_benefit_with_noise_is_never_found_before_it_starts(
    level: int, start: int, wobble: list[int]
) -> None:
    # Before `start` the level with up to a point of noise; from `start` on 3 points lower.
    values = {
        day: min(8, max(0, (level if day < start else level - 3) + wobble[day + 14]))
        for day in range(-14, 46)
    }
    onset = estimate_onset(INJ, series(values))
    assert onset is None or at(start) <= onset <= at(ONSET_UNTIL_DAY)


@settings(max_examples=200, deadline=None)
@given(
    level=st.integers(3, 8),
    start=st.integers(1, ONSET_UNTIL_DAY),
    skipped=st.sets(st.integers(-14, -1), max_size=7),
)
def test_a_steady_two_point_benefit_is_found_on_its_first_day(
    level: int, start: int, skipped: set[int]
) -> None:
    # Up to 7 of the 14 baseline days unrated still leave a baseline.
    values = {day: level if day < start else level - 2 for day in range(-14, start + 7)}
    data = series({day: total for day, total in values.items() if day not in skipped})
    assert estimate_onset(INJ, data) == at(start)
