"""The side-effect diary's rules: which days a side effect may start or end on, the days offered
as buttons, and what was answered. Pure: no telegram, no sqlalchemy.

A side effect of an injection cannot start before the injection day, nor end before it started,
and neither day can be in the future (the patient's local today).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum

from service.domain.record import SideEffectSpan

#: The side effects asked about at day 7 and week 4 (clinical.md), in the order shown; the
#: buttons' codes (service/bot/botox/payloads.py SideEffect) are the same.
CODES: tuple[str, ...] = (
    "ptosis",
    "closure",
    "eye",
    "blurred",
    "diplopia",
    "mouth",
    "weakness",
    "other",
)
#: These get "contact your care team now", not "for your next injection".
URGENT = frozenset({"diplopia", "closure"})

#: Days offered as buttons when asking when a side effect started or ended: today, yesterday,
#: 2 and 3 days ago (those not before the earliest possible day).
DAYS_OFFERED = 4


class DayProblem(StrEnum):
    """Why a day cannot be a side effect's start or end."""

    FUTURE = "future"  # after today
    BEFORE_INJECTION = "before_injection"  # before the injection day
    BEFORE_START = "before_start"  # an end before the day it started


def day_problem(
    day: date, *, injected_on: date, today: date, started_on: date | None = None
) -> DayProblem | None:
    """What is wrong with ``day`` as a start (``started_on`` None) or an end, if anything."""
    if day > today:
        return DayProblem.FUTURE
    if day < injected_on:
        return DayProblem.BEFORE_INJECTION
    if started_on is not None and day < started_on:
        return DayProblem.BEFORE_START
    return None


def days_offered(earliest: date, today: date, count: int = DAYS_OFFERED) -> list[date]:
    """Today, yesterday, ... back to ``count`` days, none before ``earliest``."""
    days = (today - timedelta(days=n) for n in range(count))
    return [day for day in days if day >= earliest]


def spans_in_order(spans: Iterable[SideEffectSpan]) -> list[SideEffectSpan]:
    """Spans sorted by the side-effect list's order, then by their start (unknown first)."""
    rank = {code: i for i, code in enumerate(CODES)}
    return sorted(
        spans,
        key=lambda s: (rank.get(s.effect, len(rank)), s.started_on or date.min),
    )


def codes_of(spans: Iterable[SideEffectSpan]) -> tuple[str, ...]:
    """The distinct side-effect codes of ``spans``, in the list's order (the legacy form)."""
    present = {s.effect for s in spans}
    return tuple(c for c in CODES if c in present) + tuple(sorted(present - set(CODES)))
