"""Reminder recurrence on the patient's local wall clock (RFC 5545 RRULE via dateutil)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, rrule, rrulestr

from service.domain.numbers import read_int
from service.domain.timezones import get_zone, resolve_local, to_local

__all__ = ["ONCE", "Recurrence", "next_after", "occurrences_between"]

#: Rule text for a single occurrence at ``start_local``.
ONCE = "ONCE"

_ALLOWED_KEYS = frozenset(
    {
        "FREQ",
        "INTERVAL",
        "COUNT",
        "UNTIL",
        "BYDAY",
        "BYMONTHDAY",
        "BYMONTH",
        "BYSETPOS",
        "WKST",
        "BYHOUR",
        "BYMINUTE",
    }
)
_ALLOWED_FREQ = frozenset({"DAILY", "WEEKLY", "MONTHLY", "YEARLY"})
_MAX_INTERVAL = 1000
# A rule must produce its first occurrence within this many years of start_local.
_FIRST_OCCURRENCE_YEARS = 10
# Local wall time and UTC-derived local time never differ by more than this around an
# offset change (real-world jumps are at most 24 h, e.g. Pacific/Apia in 2011).
_MARGIN = timedelta(days=2)


@dataclass(frozen=True)
class _Compiled:
    rule: rrule
    freq: str
    interval: int
    counted: bool


def _parse_parts(rule: str) -> dict[str, str]:
    if not rule or rule != rule.strip() or any(ch in rule for ch in ":\r\n"):
        raise ValueError(
            f"invalid recurrence rule {rule!r}: expected an RRULE body like 'FREQ=DAILY'"
        )
    parts: dict[str, str] = {}
    for chunk in rule.split(";"):
        key, sep, value = chunk.partition("=")
        key = key.strip().upper()
        if not sep or not value.strip():
            raise ValueError(f"invalid recurrence rule {rule!r}: malformed part {chunk!r}")
        if key not in _ALLOWED_KEYS:
            raise ValueError(f"invalid recurrence rule {rule!r}: unsupported part {key}")
        if key in parts:
            raise ValueError(f"invalid recurrence rule {rule!r}: {key} given twice")
        parts[key] = value.strip().upper()
    freq = parts.get("FREQ")
    if freq not in _ALLOWED_FREQ:
        raise ValueError(
            f"invalid recurrence rule {rule!r}: FREQ must be one of DAILY, WEEKLY, MONTHLY, YEARLY"
        )
    for key, low, high in (("INTERVAL", 1, _MAX_INTERVAL), ("COUNT", 1, None)):
        if key in parts:
            value = parts[key]
            if read_int(value, low=low, high=high) is None:
                raise ValueError(f"invalid recurrence rule {rule!r}: bad {key} {value!r}")
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValueError(f"invalid recurrence rule {rule!r}: COUNT and UNTIL are exclusive")
    if parts.get("UNTIL", "").endswith("Z"):
        raise ValueError(
            f"invalid recurrence rule {rule!r}: UNTIL must be local wall time (no 'Z')"
        )
    return parts


@lru_cache(maxsize=4096)
def _compile(rule: str, start_local: datetime) -> _Compiled:
    if rule == ONCE:
        return _Compiled(rrule(DAILY, count=1, dtstart=start_local), ONCE, 1, True)
    parts = _parse_parts(rule)
    try:
        compiled = rrulestr(rule, dtstart=start_local)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ValueError(f"invalid recurrence rule {rule!r}: {exc}") from exc
    if not isinstance(compiled, rrule):  # pragma: no cover - excluded by _parse_parts
        raise ValueError(f"invalid recurrence rule {rule!r}: expected a single RRULE")
    horizon = start_local + timedelta(days=366 * _FIRST_OCCURRENCE_YEARS)
    first = next(iter(compiled.replace(count=None, until=horizon)), None)
    if first is None:
        raise ValueError(
            f"invalid recurrence rule {rule!r}: no occurrence within "
            f"{_FIRST_OCCURRENCE_YEARS} years of {start_local.isoformat()}"
        )
    if next(iter(compiled), None) is None:
        raise ValueError(f"invalid recurrence rule {rule!r}: UNTIL is before the first occurrence")
    return _Compiled(compiled, parts["FREQ"], int(parts.get("INTERVAL", "1")), "COUNT" in parts)


@dataclass(frozen=True)
class Recurrence:
    """A recurrence on local wall time: RRULE body (or ONCE), naive first occurrence, zone."""

    rule: str
    start_local: datetime
    zone: str

    def __post_init__(self) -> None:
        if not isinstance(self.start_local, datetime):
            raise ValueError("start_local must be a datetime")
        if self.start_local.tzinfo is not None:
            raise ValueError("start_local must be a naive local wall time")
        if not isinstance(self.rule, str):
            raise ValueError("rule must be a string")
        get_zone(self.zone)
        _compile(self.rule, self.start_local)

    @classmethod
    def daily(cls, at: time, zone: str, start: date) -> Recurrence:
        """Every day at local time `at`, starting on local date `start`."""
        return cls(rule="FREQ=DAILY", start_local=datetime.combine(start, at), zone=zone)

    @classmethod
    def once(cls, at_local: datetime, zone: str) -> Recurrence:
        """A single occurrence at the naive local wall time `at_local`."""
        return cls(rule=ONCE, start_local=at_local, zone=zone)

    @property
    def tz(self) -> ZoneInfo:
        """The ZoneInfo for `zone`."""
        return get_zone(self.zone)

    @property
    def is_once(self) -> bool:
        """True for a single-occurrence recurrence."""
        return self.rule == ONCE


def _local_candidates(rec: Recurrence, from_local: datetime) -> Iterator[datetime]:
    """Local wall-clock occurrences at or after `from_local`, in order."""
    compiled = _compile(rec.rule, rec.start_local)
    rule = compiled.rule
    if not compiled.counted and compiled.freq in {"DAILY", "WEEKLY"}:
        # Re-anchor dtstart on a later period boundary so dateutil does not iterate
        # from the original start; whole periods keep the same occurrence set.
        period = timedelta(days=compiled.interval * (7 if compiled.freq == "WEEKLY" else 1))
        skip = (from_local - rec.start_local) // period
        if skip > 0:
            rule = rule.replace(dtstart=rec.start_local + skip * period)
    return rule.xafter(from_local, inc=True)


def _require_aware(instant: datetime, what: str) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware")


def next_after(rec: Recurrence, after: datetime) -> datetime | None:
    """UTC instant of the first occurrence strictly after `after`; None when exhausted."""
    _require_aware(after, "after")
    zone = rec.tz
    from_local = to_local(after, zone).replace(tzinfo=None) - _MARGIN
    for local in _local_candidates(rec, from_local):
        instant = resolve_local(local, zone)
        if instant > after:
            return instant
    return None


def occurrences_between(rec: Recurrence, start: datetime, end: datetime) -> list[datetime]:
    """UTC instants of the occurrences in [start, end), strictly increasing."""
    _require_aware(start, "start")
    _require_aware(end, "end")
    if end <= start:
        return []
    zone = rec.tz
    from_local = to_local(start, zone).replace(tzinfo=None) - _MARGIN
    found: list[datetime] = []
    for local in _local_candidates(rec, from_local):
        instant = resolve_local(local, zone)
        if instant >= end:
            break
        if instant >= start and (not found or instant > found[-1]):
            found.append(instant)
    return found
