"""The check-in's eye score (frequency + severity, adapted from the Jankovic Rating Scale) and
its comparison with recent days."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from service.domain.scales import RATING_MAX, RATING_MIN, is_valid_rating

__all__ = ["CHANGE_THRESHOLD", "Comparison", "DayScore", "Trend", "compare_with_recent"]

#: Minimum difference on the 0-8 total (0.5 per item) that counts as lower/higher.
CHANGE_THRESHOLD = 1.0


@dataclass(frozen=True)
class DayScore:
    """One local day's ratings: frequency and severity (0-4 each), optional impact (0-4)."""

    day: date
    frequency: int
    severity: int
    impact: int | None = None

    def __post_init__(self) -> None:
        for name in ("frequency", "severity"):
            if not is_valid_rating(getattr(self, name)):
                raise ValueError(f"{name} must be an int in {RATING_MIN}..{RATING_MAX}")
        if self.impact is not None and not is_valid_rating(self.impact):
            raise ValueError(f"impact must be None or an int in {RATING_MIN}..{RATING_MAX}")

    @property
    def total(self) -> int:
        """Jankovic Rating Scale total: frequency + severity (0-8)."""
        return self.frequency + self.severity


class Trend(StrEnum):
    """Today's total relative to the recent mean: lower, about the same or higher ratings."""

    LOWER = "lower"
    SAME = "same"
    HIGHER = "higher"
    NO_DATA = "no_data"


@dataclass(frozen=True)
class Comparison:
    """Result of compare_with_recent."""

    trend: Trend
    today: int
    recent_mean: float | None
    recent_days: int


def compare_with_recent(today: DayScore, recent: Sequence[DayScore]) -> Comparison:
    """Compare today's JRS total (0-8) with the mean total of `recent` days.

    The caller passes the previous 7 local days, excluding today (all given days are used).
    Rule: with d = today.total - mean(recent totals), d <= -1.0 is LOWER, d >= +1.0 is
    HIGHER, anything in between is SAME (1.0 point on the total = 0.5 per item); no recent
    days gives NO_DATA with recent_mean None. Exact integer arithmetic is used, so a
    difference of exactly 1.0 always counts.
    """
    n = len(recent)
    if n == 0:
        return Comparison(Trend.NO_DATA, today.total, None, 0)
    total = sum(score.total for score in recent)
    # d = today - total / n; compare n * d with +-n * threshold (threshold is 1.0).
    scaled = n * today.total - total
    limit = n * CHANGE_THRESHOLD
    if scaled <= -limit:
        trend = Trend.LOWER
    elif scaled >= limit:
        trend = Trend.HIGHER
    else:
        trend = Trend.SAME
    return Comparison(trend, today.total, total / n, n)
