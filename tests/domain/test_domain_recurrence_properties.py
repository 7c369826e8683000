"""Property tests: recurrence and wall-clock resolution across DST transitions."""

import contextlib
import itertools
import warnings
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from service.domain.recurrence import Recurrence, next_after, occurrences_between
from service.domain.timezones import local_date, local_day_bounds, resolve_local, to_local

# When a property fails, Hypothesis' pytest plugin imports libcst to suggest a patch, and
# libcst triggers a DeprecationWarning in mypy_extensions; with warnings-as-errors that
# turns a readable failure into an INTERNALERROR. Import it once here, quietly.
with warnings.catch_warnings(), contextlib.suppress(ImportError):
    warnings.simplefilter("ignore")
    import hypothesis.extra._patching  # noqa: F401

ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Australia/Adelaide",  # +09:30 / +10:30
    "Australia/Lord_Howe",  # 30-minute DST shift
    "Asia/Kolkata",  # +05:30, no DST
    "America/St_Johns",  # -03:30 / -02:30
    "America/Santiago",  # transitions at midnight
    "Asia/Beirut",  # transitions at midnight
)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ONE_MINUTE = timedelta(minutes=1)
TINY = timedelta(microseconds=1)


@cache
def transition_days(zone: str, year: int) -> tuple[date, ...]:
    """Local dates on which the zone's UTC offset changes (computed with zoneinfo only)."""
    tz = ZoneInfo(zone)
    days = []
    instant = datetime(year, 1, 1, tzinfo=UTC)
    while instant.year == year:
        nxt = instant + timedelta(days=1)
        before, after = instant.astimezone(tz).utcoffset(), nxt.astimezone(tz).utcoffset()
        if before != after:
            hour = instant
            while hour.astimezone(tz).utcoffset() == before:
                hour += timedelta(minutes=15)
            days.append((hour - timedelta(minutes=15)).astimezone(tz).date())
        instant = nxt
    return tuple(days)


def wall(instant: datetime, zone: str) -> datetime:
    return instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def instants_showing(local: datetime, zone: str) -> list[datetime]:
    """Every UTC instant whose local wall time in `zone` is exactly `local` (brute force)."""
    tz = ZoneInfo(zone)
    guess = local.replace(tzinfo=UTC)
    offsets = {(guess + timedelta(hours=h)).astimezone(tz).utcoffset() for h in range(-36, 37)}
    found = set()
    for offset in offsets:
        assert offset is not None
        candidate = guess - offset
        if wall(candidate, zone) == local:
            found.add(candidate)
    return sorted(found)


def check_resolution(local: datetime, zone: str, instant: datetime) -> None:
    """`instant` is the first occurrence of `local`, or the first valid minute after a gap."""
    showing = instants_showing(local, zone)
    if showing:
        assert instant == showing[0]
        assert to_local(instant, ZoneInfo(zone)).fold == 0
    else:
        shown = wall(instant, zone)
        assert shown > local
        assert shown.second == 0 and shown.microsecond == 0
        assert wall(instant - ONE_MINUTE, zone) < local
        assert shown - local <= timedelta(hours=1)


@st.composite
def zone_and_day(draw: st.DrawFn) -> tuple[str, date]:
    """A zone and a local date, usually a DST transition day of that zone."""
    zone = draw(st.sampled_from(ZONES))
    year = draw(st.integers(2021, 2036))
    days = transition_days(zone, year)
    if days and draw(st.integers(0, 3)) > 0:
        return zone, draw(st.sampled_from(days))
    return zone, date(year, 1, 1) + timedelta(days=draw(st.integers(0, 364)))


# Mostly the hours around transitions (including 23:xx for midnight transitions).
local_times = st.one_of(
    st.builds(time, st.sampled_from([0, 1, 2, 3, 23]), st.integers(0, 59)),
    st.builds(time, st.integers(0, 23), st.integers(0, 59)),
)


@settings(max_examples=600, deadline=None)
@given(zone_and_day(), local_times, st.integers(0, 59))
def test_resolve_local_matches_brute_force(zd: tuple[str, date], at: time, second: int) -> None:
    zone, day = zd
    local = datetime.combine(day, at.replace(second=second))
    result = resolve_local(local, ZoneInfo(zone))
    assert result.tzinfo is UTC
    check_resolution(local, zone, result)


@settings(max_examples=300, deadline=None)
@given(zone_and_day(), local_times, st.integers(0, 5), st.integers(1, 12), st.integers(0, 3000))
def test_daily_one_instant_per_local_day(
    zd: tuple[str, date], at: time, lead: int, length: int, age: int
) -> None:
    zone, transition = zd
    tz = ZoneInfo(zone)
    first_day = transition - timedelta(days=lead)
    start_day = first_day - timedelta(days=age)  # the rule may have started years ago
    rec = Recurrence.daily(at, zone, start_day)
    lo = local_day_bounds(first_day, tz)[0]
    hi = local_day_bounds(first_day + timedelta(days=length), tz)[0]
    got = occurrences_between(rec, lo, hi)
    assert all(a < b for a, b in itertools.pairwise(got))
    assert [local_date(i, tz) for i in got] == [
        first_day + timedelta(days=k) for k in range(length)
    ]
    for instant in got:
        check_resolution(datetime.combine(local_date(instant, tz), at), zone, instant)


@st.composite
def weekly_rules(draw: st.DrawFn) -> tuple[frozenset[int], int]:
    days = draw(st.frozensets(st.integers(0, 6), min_size=1))
    interval = draw(st.integers(1, 3))
    return days, interval


@settings(max_examples=300, deadline=None)
@given(zone_and_day(), local_times, weekly_rules(), st.integers(0, 7), st.integers(0, 2000))
def test_weekly_matches_calendar(
    zd: tuple[str, date],
    at: time,
    rule: tuple[frozenset[int], int],
    lead: int,
    age: int,
) -> None:
    zone, transition = zd
    tz = ZoneInfo(zone)
    weekdays, interval = rule
    byday = ",".join(WEEKDAYS[d] for d in sorted(weekdays))
    start_day = transition - timedelta(days=lead + age)
    rec = Recurrence(
        f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={byday}", datetime.combine(start_day, at), zone
    )
    first_day = transition - timedelta(days=lead)
    length = 21
    lo = local_day_bounds(first_day, tz)[0]
    hi = local_day_bounds(first_day + timedelta(days=length), tz)[0]
    got = occurrences_between(rec, lo, hi)
    assert all(a < b for a, b in itertools.pairwise(got))
    start_monday = start_day - timedelta(days=start_day.weekday())
    expected = []
    for k in range(length):
        d = first_day + timedelta(days=k)
        monday = d - timedelta(days=d.weekday())
        if d.weekday() in weekdays and ((monday - start_monday).days // 7) % interval == 0:
            expected.append(d)
    assert [local_date(i, tz) for i in got] == expected
    for instant in got:
        check_resolution(datetime.combine(local_date(instant, tz), at), zone, instant)


@st.composite
def recurrences(draw: st.DrawFn) -> tuple[Recurrence, datetime]:
    """A daily or weekly recurrence plus an instant near one of the zone's transitions."""
    zone, transition = draw(zone_and_day())
    at = draw(local_times)
    start_day = transition - timedelta(days=draw(st.integers(0, 2500)))
    if draw(st.booleans()):
        rec = Recurrence.daily(at, zone, start_day)
    else:
        weekdays, interval = draw(weekly_rules())
        byday = ",".join(WEEKDAYS[d] for d in sorted(weekdays))
        rec = Recurrence(
            f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={byday}",
            datetime.combine(start_day, at),
            zone,
        )
    base = local_day_bounds(transition, ZoneInfo(zone))[0]
    offset = draw(st.integers(-3 * 24 * 60, 3 * 24 * 60))
    return rec, base + timedelta(minutes=offset, seconds=draw(st.sampled_from([0, 0, 1, 59])))


@settings(max_examples=300, deadline=None)
@given(recurrences())
def test_next_after_is_next_occurrence(case: tuple[Recurrence, datetime]) -> None:
    rec, x = case
    n = next_after(rec, x)
    assert n is not None
    assert n > x
    assert occurrences_between(rec, x + TINY, n) == []
    assert occurrences_between(rec, x + TINY, n + TINY) == [n]


@settings(max_examples=200, deadline=None)
@given(recurrences(), st.integers(1, 20))
def test_chained_next_after_equals_occurrences_between(
    case: tuple[Recurrence, datetime], days: int
) -> None:
    rec, x = case
    end = x + timedelta(days=days)
    chained: list[datetime] = []
    cursor = next_after(rec, x - TINY)
    while cursor is not None and cursor < end:
        assert not chained or cursor > chained[-1]
        assert len(chained) <= 7 * days + 7
        chained.append(cursor)
        cursor = next_after(rec, cursor)
    assert chained == occurrences_between(rec, x, end)


@settings(max_examples=300, deadline=None)
@given(zone_and_day(), local_times, st.integers(0, 4000), st.integers(-4000, 4000))
def test_daily_next_after_matches_calendar_oracle(
    zd: tuple[str, date], at: time, age: int, minutes: int
) -> None:
    zone, transition = zd
    tz = ZoneInfo(zone)
    start_day = transition - timedelta(days=age)
    rec = Recurrence.daily(at, zone, start_day)
    x = local_day_bounds(transition, tz)[0] + timedelta(minutes=minutes)
    today = local_date(x, tz)
    days = {today + timedelta(days=k) for k in range(-2, 3)} | {start_day}
    candidates = [resolve_local(datetime.combine(d, at), tz) for d in days if d >= start_day]
    expected = min(c for c in candidates if c > x)
    assert next_after(rec, x) == expected
