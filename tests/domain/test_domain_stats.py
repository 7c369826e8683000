from datetime import date, timedelta

import pytest

from service.domain.stats import Comparison, DayScore, Trend, compare_with_recent

TODAY = date(2026, 5, 10)


def days(*totals: tuple[int, int]) -> list[DayScore]:
    return [
        DayScore(TODAY - timedelta(days=i + 1), frequency=f, severity=s, impact=None)
        for i, (f, s) in enumerate(totals)
    ]


def test_day_score_total() -> None:
    score = DayScore(TODAY, frequency=3, severity=4, impact=2)
    assert score.total == 7
    assert DayScore(TODAY, 0, 0, None).total == 0


@pytest.mark.parametrize(
    ("frequency", "severity", "impact"),
    [(5, 0, None), (0, -1, None), (1, 1, 5), (True, 1, None), (1, 1, True)],
)
def test_day_score_validates(frequency: int, severity: int, impact: int | None) -> None:
    with pytest.raises(ValueError):
        DayScore(TODAY, frequency, severity, impact)


@pytest.mark.parametrize(
    ("today", "recent", "trend", "mean"),
    [
        # today 4 vs mean 3.0: +1.0 -> higher (threshold is inclusive)
        ((2, 2), [(1, 2), (2, 1), (3, 0)], Trend.HIGHER, 3.0),
        # today 4 vs mean 5.0: -1.0 -> lower
        ((2, 2), [(3, 2), (2, 3)], Trend.LOWER, 5.0),
        # today 4 vs mean 4.5: -0.5 -> same
        ((2, 2), [(2, 2), (3, 2)], Trend.SAME, 4.5),
        # today 4 vs mean 10/3: +0.67 -> same
        ((2, 2), [(2, 1), (2, 1), (2, 2)], Trend.SAME, 10 / 3),
        # today 3 vs mean 13/3: -1.33 -> lower
        ((1, 2), [(2, 2), (2, 2), (3, 2)], Trend.LOWER, 13 / 3),
        # today 1 vs 7-day mean 2.0: exactly -1.0 -> lower
        ((0, 1), [(1, 1)] * 7, Trend.LOWER, 2.0),
        # today 8 vs mean 7.1: +0.9 -> same
        ((4, 4), [(4, 3)] * 9 + [(4, 4)], Trend.SAME, 7.1),
    ],
)
def test_compare_with_recent(
    today: tuple[int, int], recent: list[tuple[int, int]], trend: Trend, mean: float
) -> None:
    result = compare_with_recent(DayScore(TODAY, *today, None), days(*recent))
    assert result.trend is trend
    assert result.today == sum(today)
    assert result.recent_mean == pytest.approx(mean)
    assert result.recent_days == len(recent)


def test_compare_without_recent_days() -> None:
    result = compare_with_recent(DayScore(TODAY, 1, 1, 0), [])
    assert result == Comparison(Trend.NO_DATA, 2, None, 0)
