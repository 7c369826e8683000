"""The values the reader works with and returns: the patient's context and the three outcomes."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

#: Orders a patient may be known to write numeric dates in (their locale, or an earlier answer).
DATE_ORDERS = ("DMY", "MDY")


class Prefer(enum.Enum):
    """Which way a date without a direction points: a diary entry (past) or a plan (future)."""

    PAST = "past"
    FUTURE = "future"


@dataclass(frozen=True)
class Context:
    """Everything a reading depends on besides the words: now, the patient's zone and languages.

    ``now`` is an aware instant (UTC or any zone); nothing here reads the wall clock.
    ``date_order`` decides 11/3/2026 ("DMY" or "MDY"); None means "ask when it could be both".
    """

    now: datetime
    zone: ZoneInfo
    languages: tuple[str, ...] = ("en",)
    date_order: str | None = None
    local_now: datetime = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("Context.now must be timezone-aware")
        if self.date_order is not None and self.date_order not in DATE_ORDERS:
            raise ValueError(f"date_order must be one of {DATE_ORDERS} or None")
        local = self.now.astimezone(self.zone).replace(tzinfo=None)
        object.__setattr__(self, "local_now", local)

    @classmethod
    def for_patient(
        cls,
        now: datetime,
        zone: str | ZoneInfo,
        language: str | None = "en",
        date_order: str | None = None,
    ) -> Context:
        """The context for one patient: their language first, English always understood too."""
        tz = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
        base = (language or "en").split("_", 1)[0]  # pt_BR: dateparser knows "pt"
        languages = tuple(dict.fromkeys([base, "en"]))
        return cls(now=now, zone=tz, languages=languages, date_order=date_order)

    @property
    def today(self) -> date:
        """The patient's local date."""
        return self.local_now.date()


@dataclass(frozen=True)
class Ambiguous:
    """The words mean one of ``options`` (e.g. 3 November or 11 March); ask, never guess.

    ``at`` is the time that came with the date, if any (read_datetime).
    """

    options: tuple[date, ...]
    text: str
    at: time | None = None


@dataclass(frozen=True)
class NotUnderstood:
    """The words were not read as what was asked for; ``text`` is what the patient typed."""

    text: str


@dataclass(frozen=True)
class Moment:
    """A day, with the time of day when the patient gave one (``at`` is None otherwise)."""

    day: date
    at: time | None = None

    def aware(self, ctx: Context) -> datetime:
        """This moment in the patient's zone (midnight when no time was given).

        A wall time that the zone skips (spring forward) is moved forward by the gap.
        """
        naive = datetime.combine(self.day, self.at or time(0))
        aware = naive.replace(tzinfo=ctx.zone)
        back = aware.astimezone(ZoneInfo("UTC")).astimezone(ctx.zone).replace(tzinfo=None)
        if back != naive:  # a non-existent local time: use the instant fold=0 maps to
            return aware.astimezone(ZoneInfo("UTC")).astimezone(ctx.zone)
        return aware


@dataclass(frozen=True)
class Span:
    """A length of time as the patient said it: whole months (calendar) and/or days."""

    days: int | None = None
    months: int | None = None

    def add_to(self, day: date) -> date:
        """``day`` plus this span (months first, day clamped to the month's end, then days)."""
        result = day + relativedelta(months=self.months or 0)
        return result + timedelta(days=self.days or 0)

    def subtract_from(self, day: date) -> date:
        """``day`` minus this span."""
        result = day - relativedelta(months=self.months or 0)
        return result - timedelta(days=self.days or 0)
