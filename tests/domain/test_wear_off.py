"""The wear-off estimate (service.domain.botox.detect_wear_off): worked cases and properties.

The rule: a clear benefit first (a 7-day average at least 2 points or 30% below the baseline),
then a lasting return (5 of the latest 7 check-ins at least halfway back, and their average
too), never said before day 42. docs/botox.md explains it; benchmarks/wear_off.py measures it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from service.domain.botox import (
    MIN_BASELINE_DAYS,
    WEAR_OFF_FROM_DAY,
    WearOff,
    baseline_of,
    clear_benefit,
    detect_wear_off,
    is_back,
    recent_checkins,
    window_mean,
)

INJ = date(2026, 1, 1)


def series(values: dict[int, int]) -> dict[date, int]:
    """Day number -> total, as local dates."""
    return {INJ + timedelta(days=day): total for day, total in values.items()}


def baseline14(total: int = 6) -> dict[int, int]:
    return dict.fromkeys(range(-14, 0), total)


def at(day: int) -> date:
    return INJ + timedelta(days=day)


# ---- worked cases -------------------------------------------------------------------------------
def test_a_lasting_return_after_a_clear_benefit_is_found_on_its_fifth_day() -> None:
    # B = 6; days 7-49 at 4 (benefit P = 4, a 2-point drop); H = 5; back means >= 4.5.
    # From day 50 at 6. Day 53: latest 7 check-ins 47-53 = 4,4,4,6,6,6,6: only 4 back.
    # Day 54: 48-54 = 4,4,6,6,6,6,6: 5 back, average 38/7 = 5.43 >= 5: found on day 54,
    # started on day 50.
    data = series({**baseline14(6), **dict.fromkeys(range(7, 50), 4)})
    data.update(series(dict.fromkeys(range(50, 70), 6)))
    verdict = detect_wear_off(INJ, data, at(80))
    assert verdict == WearOff(
        on=at(50),
        day=50,
        found_on=at(54),
        found_day=54,
        baseline=Fraction(6),
        benefit=Fraction(4),
        halfway=Fraction(5),
    )
    assert detect_wear_off(INJ, data, at(53)) is None  # not yet lasting


def test_nothing_is_said_before_day_42_even_if_the_ratings_return_earlier() -> None:
    # Benefit on days 7-29, back at 6 from day 30: said on day 42, dated from day 30.
    data = series(
        {**baseline14(6), **dict.fromkeys(range(7, 30), 3), **dict.fromkeys(range(30, 60), 6)}
    )
    assert detect_wear_off(INJ, data, at(41)) is None
    verdict = detect_wear_off(INJ, data, at(60))
    assert verdict is not None
    assert (verdict.found_day, verdict.day) == (WEAR_OFF_FROM_DAY, 30)


def test_one_or_two_bad_days_in_a_steady_benefit_are_not_a_wear_off() -> None:
    # Benefit 4 with bad days (6 or even 8): at most 4 in any 10 days.
    bad = {44: 8, 45: 6, 52: 6, 53: 8, 60: 6, 61: 6, 62: 6, 63: 6}
    data = series({**baseline14(6), **dict.fromkeys(range(7, 85), 4), **bad})
    assert detect_wear_off(INJ, data, at(84)) is None


def test_a_benefit_that_is_not_clear_gives_no_estimate() -> None:
    # B = 6: a clear benefit needs a 7-day average <= 6 - 1.8 = 4.2. At 5 (one point) there
    # is none, so a return to 6 says nothing.
    assert clear_benefit(Fraction(6)) == Fraction(9, 5)
    data = series(
        {**baseline14(6), **dict.fromkeys(range(7, 50), 5), **dict.fromkeys(range(50, 80), 6)}
    )
    assert detect_wear_off(INJ, data, at(80)) is None
    # Averaging 4.2 (4, 4, 4, 4, 5 repeating) is clear.
    data.update(series({d: 5 if d % 5 == 0 else 4 for d in range(7, 50)}))
    assert window_mean(data, at(18)) == Fraction(29, 7)  # days 12-18: one 5
    assert detect_wear_off(INJ, data, at(80)) is not None


def test_the_clear_benefit_is_two_points_or_30_percent_and_at_least_one() -> None:
    assert clear_benefit(Fraction(8)) == 2  # 30% would be 2.4
    assert clear_benefit(Fraction(6)) == Fraction(9, 5)  # 30% = 1.8
    assert clear_benefit(Fraction(4)) == Fraction(6, 5)
    assert clear_benefit(Fraction(2)) == 1  # 30% = 0.6, at least one point


def test_missing_days_are_skipped_over() -> None:
    # Every third day unanswered: the latest 7 check-ins reach back up to 10 days.
    values = {**baseline14(6), **dict.fromkeys(range(7, 60), 4), **dict.fromkeys(range(60, 90), 6)}
    data = series({d: v for d, v in values.items() if d < 0 or d % 3 != 0})
    recent = recent_checkins(data, at(68))
    assert [d for d, _ in recent] == [at(d) for d in (58, 59, 61, 62, 64, 65, 67, 68)][-7:]
    verdict = detect_wear_off(INJ, data, at(90))
    # Back check-ins from day 61 (day 60 is unanswered); the fifth one is day 67.
    assert verdict is not None and (verdict.day, verdict.found_day) == (61, 67)


def test_the_baseline_needs_seven_days_in_the_fortnight_before() -> None:
    six = series({-14: 6, -12: 6, -10: 6, -7: 6, -3: 6, -1: 6})
    assert MIN_BASELINE_DAYS == 7 and baseline_of(INJ, six) is None
    # Day -15 and the injection day itself are outside the baseline window.
    assert baseline_of(INJ, {**six, **series({-15: 8, 0: 8})}) is None
    assert baseline_of(INJ, {**six, **series({-2: 7})}) == Fraction(43, 7)
    data = {**six, **series({**dict.fromkeys(range(7, 50), 2), **dict.fromkeys(range(50, 80), 6)})}
    assert detect_wear_off(INJ, data, at(80)) is None


def test_a_mild_baseline_has_nothing_to_measure() -> None:
    data = series(
        {**baseline14(1), **dict.fromkeys(range(7, 50), 0), **dict.fromkeys(range(50, 80), 1)}
    )
    assert detect_wear_off(INJ, data, at(80)) is None


def test_halfway_back_counts_to_the_nearest_whole_point_above_the_benefit() -> None:
    four = Fraction(4)
    assert is_back(5, Fraction(5), four) and is_back(5, Fraction(11, 2), four)
    assert not is_back(5, Fraction(28, 5), four)  # halfway 5.6: a 5 is nearer the benefit
    assert not is_back(4, Fraction(5), four)
    # A one-point benefit (2 -> 1): halfway 1.5, but 1 is the benefit level itself.
    assert not is_back(1, Fraction(3, 2), Fraction(1)) and is_back(2, Fraction(3, 2), Fraction(1))


# ---- properties ---------------------------------------------------------------------------------
def _diary(seed: int, missing: float, phased: bool) -> dict[date, int]:
    """A diary from day -14 to day 150: random totals, or a baseline, a lower level from the
    onset and a return to the baseline on some day, with +-1 noise."""
    rng = random.Random(seed)
    before = rng.randint(0, 8)
    better = rng.randint(0, before)
    back = rng.randint(5, 150)
    diary = {}
    for day in range(-14, 151):
        if rng.random() < missing:
            continue
        if not phased:
            total = rng.randint(0, 8)
        else:
            level = before if day < 5 or day >= back else better
            total = min(8, max(0, level + rng.choice((-1, 0, 0, 1))))
        diary[at(day)] = total
    return diary


totals_strategy = st.builds(
    _diary, st.integers(0, 2**32), st.sampled_from((0.0, 0.15, 0.3, 0.6)), st.booleans()
)


@settings(max_examples=300, deadline=None)
@given(data=totals_strategy, until=st.integers(0, 200))
def test_every_estimate_obeys_each_clause_of_the_rule(data: dict[date, int], until: int) -> None:
    end = at(until)
    verdict = detect_wear_off(INJ, data, end)
    event("estimate" if verdict else "none")
    if verdict is None:
        return
    baseline = baseline_of(INJ, data)
    assert baseline is not None and baseline >= 2 and verdict.baseline == baseline
    # Never before day 42, never after what was known, always on a day with a check-in.
    assert WEAR_OFF_FROM_DAY <= verdict.found_day <= until and verdict.found_on in data
    # A clear benefit, seen in a 7-day window before the return was looked for.
    assert verdict.benefit <= baseline - clear_benefit(baseline)
    windows = [window_mean(data, at(end_day)) for end_day in range(13, verdict.found_day - 9)]
    assert verdict.benefit == min(m for m in windows if m is not None)
    assert verdict.halfway == (baseline + verdict.benefit) / 2
    # A lasting return: 5 of the latest check-ins back, and on average back.
    recent = recent_checkins(data, verdict.found_on)
    assert sum(is_back(total, verdict.halfway, verdict.benefit) for _, total in recent) >= 5
    assert Fraction(sum(total for _, total in recent), len(recent)) >= verdict.halfway
    # The start is a back check-in, on or before the day it was found.
    assert verdict.on <= verdict.found_on and is_back(
        data[verdict.on], verdict.halfway, verdict.benefit
    )
    # And it is the first such day: a day earlier, nothing.
    assert detect_wear_off(INJ, data, verdict.found_on - timedelta(days=1)) is None


@settings(max_examples=200, deadline=None)
@given(data=totals_strategy, later=st.dictionaries(st.integers(0, 60), st.integers(0, 8)))
def test_an_estimate_once_made_never_changes_with_later_days(
    data: dict[date, int], later: dict[int, int]
) -> None:
    verdict = detect_wear_off(INJ, data, at(200))
    if verdict is None:
        return
    changed = dict(data)
    for offset, total in later.items():
        changed[verdict.found_on + timedelta(days=offset + 1)] = total
    assert detect_wear_off(INJ, changed, at(200)) == verdict


@given(total=st.integers(0, 8), days=st.integers(0, 190))
def test_steady_ratings_never_wear_off(total: int, days: int) -> None:
    data = series(dict.fromkeys(range(-14, days), total))
    assert detect_wear_off(INJ, data, at(days)) is None


@settings(max_examples=200, deadline=None)
@given(
    baseline=st.integers(2, 8),
    drop=st.integers(0, 8),
    returns=st.integers(WEAR_OFF_FROM_DAY - 4, 170),
)
def test_a_real_return_after_a_clear_benefit_is_found_within_five_days(
    baseline: int, drop: int, returns: int
) -> None:
    # Every day answered: the benefit level from day 7, then back at the baseline for good.
    level = baseline - drop
    assume(level >= 0 and level <= baseline - clear_benefit(Fraction(baseline)))
    data = series(
        {
            **baseline14(baseline),
            **dict.fromkeys(range(0, returns), level),
            **dict.fromkeys(range(returns, returns + 20), baseline),
        }
    )
    verdict = detect_wear_off(INJ, data, at(returns + 20))
    assert verdict is not None
    assert (verdict.day, verdict.found_day) == (returns, returns + 4)


@settings(max_examples=200, deadline=None)
@given(
    baseline=st.integers(2, 8),
    drop=st.integers(2, 8),
    bad_days=st.lists(st.tuples(st.integers(7, 180), st.integers(1, 8)), max_size=40),
)
def test_noise_never_makes_a_wear_off_of_a_steady_benefit(
    baseline: int, drop: int, bad_days: list[tuple[int, int]]
) -> None:
    # A steady benefit at least 2 points below the baseline, with any number of bad days
    # (any higher rating) as long as no 10 days hold more than 4 of them: no estimate, ever.
    level = baseline - drop
    assume(level >= 0)
    odd = {day: min(8, level + worse) for day, worse in bad_days}
    assume(all(sum(1 for d in odd if start <= d < start + 10) <= 4 for start in range(181)))
    data = series({**baseline14(baseline), **dict.fromkeys(range(0, 182), level), **odd})
    assert detect_wear_off(INJ, data, at(182)) is None
