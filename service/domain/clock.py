"""Injectable clocks: the real UTC clock and a controllable fake for tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Source of the current instant (timezone-aware, UTC)."""

    def now(self) -> datetime:
        """Return the current instant as an aware UTC datetime."""
        ...


class SystemClock:
    """The real wall clock, in UTC."""

    def now(self) -> datetime:
        """Return the current instant as an aware UTC datetime."""
        return datetime.now(UTC)


def _aware_utc(dt: datetime) -> datetime:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("FakeClock needs a timezone-aware datetime")
    return dt.astimezone(UTC)


class FakeClock:
    """A manually driven clock; it only moves forward unless `set` is used."""

    def __init__(self, start: datetime) -> None:
        self._now = _aware_utc(start)

    def now(self) -> datetime:
        """Return the fake current instant (aware UTC)."""
        return self._now

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        """Move forward by `delta` plus timedelta(**kwargs); return the new instant."""
        step = (delta if delta is not None else timedelta()) + timedelta(**kwargs)
        if step < timedelta():
            raise ValueError("FakeClock.advance cannot go backwards; use set()")
        self._now += step
        return self._now

    def set(self, dt: datetime) -> None:
        """Jump to an arbitrary aware instant (may go backwards)."""
        self._now = _aware_utc(dt)
