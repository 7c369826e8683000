import time as perf
from datetime import UTC, date, datetime, time, timedelta

import pytest

from service.domain.recurrence import ONCE, Recurrence, next_after, occurrences_between
from service.domain.timezones import UnknownZone


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def test_constructors() -> None:
    rec = Recurrence.daily(time(9, 0), "Europe/Berlin", date(2026, 1, 1))
    assert rec == Recurrence("FREQ=DAILY", datetime(2026, 1, 1, 9, 0), "Europe/Berlin")
    assert not rec.is_once
    once = Recurrence.once(datetime(2026, 5, 1, 20, 15), "Asia/Kolkata")
    assert once == Recurrence(ONCE, datetime(2026, 5, 1, 20, 15), "Asia/Kolkata")
    assert once.is_once
    assert once.tz.key == "Asia/Kolkata"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=HOURLY", "FREQ must be"),
        ("FREQ=MINUTELY", "FREQ must be"),
        ("INTERVAL=2", "FREQ must be"),
        ("", "RRULE body"),
        ("RRULE:FREQ=DAILY", "RRULE body"),
        ("FREQ=DAILY\nFREQ=WEEKLY", "RRULE body"),
        ("FREQ=DAILY;FOO=1", "unsupported part FOO"),
        ("FREQ=DAILY;BYSECOND=5", "unsupported part BYSECOND"),
        ("FREQ=DAILY;COUNT=0", "bad COUNT"),
        ("FREQ=DAILY;COUNT=x", "bad COUNT"),
        ("FREQ=DAILY;INTERVAL=0", "bad INTERVAL"),
        ("FREQ=DAILY;FREQ=WEEKLY", "given twice"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20270101T000000", "exclusive"),
        ("FREQ=DAILY;UNTIL=20270101T000000Z", "no 'Z'"),
        ("FREQ=DAILY;UNTIL=20250101T000000", "UNTIL is before"),
        ("FREQ=WEEKLY;BYDAY=XX", "BYDAY"),
        ("FREQ=DAILY;BYHOUR=25", "hour"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "no occurrence"),
        ("FREQ=DAILY;", "malformed"),
        ("once", "malformed"),
    ],
)
def test_invalid_rules(rule: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Recurrence(rule, datetime(2026, 1, 1, 9, 0), "Europe/Berlin")


def test_invalid_start_and_zone() -> None:
    with pytest.raises(ValueError, match="naive"):
        Recurrence("FREQ=DAILY", utc(2026, 1, 1, 9), "Europe/Berlin")
    with pytest.raises(UnknownZone):
        Recurrence("FREQ=DAILY", datetime(2026, 1, 1, 9), "Europe/Atlantis")


def test_daily_across_spring_gap_berlin() -> None:
    rec = Recurrence.daily(time(2, 30), "Europe/Berlin", date(2026, 3, 27))
    got = occurrences_between(rec, utc(2026, 3, 20), utc(2026, 4, 1))
    assert got == [
        utc(2026, 3, 27, 1, 30),
        utc(2026, 3, 28, 1, 30),
        utc(2026, 3, 29, 1, 0),  # 02:30 does not exist -> 03:00 CEST
        utc(2026, 3, 30, 0, 30),
        utc(2026, 3, 31, 0, 30),
    ]


def test_daily_across_autumn_overlap_berlin_fires_once() -> None:
    rec = Recurrence.daily(time(2, 30), "Europe/Berlin", date(2026, 10, 24))
    got = occurrences_between(rec, utc(2026, 10, 24), utc(2026, 10, 27))
    assert got == [utc(2026, 10, 24, 0, 30), utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)]
    assert next_after(rec, utc(2026, 10, 25, 0, 30)) == utc(2026, 10, 26, 1, 30)
    assert next_after(rec, utc(2026, 10, 25, 0, 29)) == utc(2026, 10, 25, 0, 30)


def test_next_after_is_strict() -> None:
    rec = Recurrence.daily(time(9, 0), "Europe/Berlin", date(2026, 1, 1))
    assert next_after(rec, utc(2026, 1, 5, 8, 0)) == utc(2026, 1, 6, 8, 0)
    assert next_after(rec, utc(2026, 1, 5, 7, 59, 59)) == utc(2026, 1, 5, 8, 0)
    assert next_after(rec, utc(2025, 6, 1)) == utc(2026, 1, 1, 8, 0)


def test_new_york_gap_and_sydney_gap() -> None:
    ny = Recurrence.daily(time(2, 30), "America/New_York", date(2026, 3, 1))
    assert next_after(ny, utc(2026, 3, 7, 12)) == utc(2026, 3, 8, 7, 0)
    sydney = Recurrence.daily(time(2, 30), "Australia/Sydney", date(2026, 9, 1))
    assert next_after(sydney, utc(2026, 10, 3)) == utc(2026, 10, 3, 16, 0)


def test_lord_howe_half_hour_shift() -> None:
    rec = Recurrence.daily(time(2, 15), "Australia/Lord_Howe", date(2026, 10, 1))
    got = occurrences_between(rec, utc(2026, 10, 2), utc(2026, 10, 5))
    # +10:30 before, gap 02:00-02:30 on 4 Oct, +11:00 after
    assert got == [utc(2026, 10, 2, 15, 45), utc(2026, 10, 3, 15, 30), utc(2026, 10, 4, 15, 15)]


def test_weekly_rule() -> None:
    rec = Recurrence("FREQ=WEEKLY;BYDAY=MO,TH", datetime(2026, 3, 2, 8, 0), "America/New_York")
    got = occurrences_between(rec, utc(2026, 3, 1), utc(2026, 3, 17))
    # 2 and 5 March are EST (-5), 9, 12 and 16 March EDT (-4)
    assert got == [
        utc(2026, 3, 2, 13),
        utc(2026, 3, 5, 13),
        utc(2026, 3, 9, 12),
        utc(2026, 3, 12, 12),
        utc(2026, 3, 16, 12),
    ]


def test_weekly_interval_keeps_alignment_far_from_start() -> None:
    rec = Recurrence("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", datetime(2026, 1, 7, 9), "Asia/Kolkata")
    # 7 Jan 2026 + 2-week multiples; 2036-01-02 is a Wednesday, 521 weeks after (odd).
    assert next_after(rec, utc(2036, 1, 1)) == utc(2036, 1, 9, 3, 30)


def test_count_and_until() -> None:
    rec = Recurrence("FREQ=DAILY;COUNT=14", datetime(2026, 5, 1, 20, 0), "Europe/Berlin")
    got = occurrences_between(rec, utc(2026, 1, 1), utc(2027, 1, 1))
    assert len(got) == 14
    assert got[0] == utc(2026, 5, 1, 18) and got[-1] == utc(2026, 5, 14, 18)
    assert next_after(rec, got[-1]) is None
    until = Recurrence(
        "FREQ=WEEKLY;INTERVAL=1;UNTIL=20270301T000000",
        datetime(2026, 12, 28, 9, 0),
        "Europe/Berlin",
    )
    got = occurrences_between(until, utc(2026, 1, 1), utc(2028, 1, 1))
    assert got[0] == utc(2026, 12, 28, 8) and got[-1] == utc(2027, 2, 22, 8)
    assert len(got) == 9
    assert next_after(until, utc(2027, 2, 22, 8)) is None


def test_monthly_rule_skips_short_months() -> None:
    rec = Recurrence("FREQ=MONTHLY;BYMONTHDAY=31", datetime(2026, 1, 31, 9), "UTC")
    got = occurrences_between(rec, utc(2026, 1, 1), utc(2026, 9, 1))
    assert [d.month for d in got] == [1, 3, 5, 7, 8]


def test_once() -> None:
    rec = Recurrence.once(datetime(2026, 3, 29, 2, 30), "Europe/Berlin")
    assert next_after(rec, utc(2026, 1, 1)) == utc(2026, 3, 29, 1, 0)
    assert next_after(rec, utc(2026, 3, 29, 1, 0)) is None
    assert occurrences_between(rec, utc(2026, 1, 1), utc(2027, 1, 1)) == [utc(2026, 3, 29, 1)]
    assert occurrences_between(rec, utc(2026, 3, 29, 1, 0, 1), utc(2027, 1, 1)) == []


def test_occurrences_between_half_open_and_empty() -> None:
    rec = Recurrence.daily(time(9, 0), "UTC", date(2026, 1, 1))
    assert occurrences_between(rec, utc(2026, 1, 2, 9), utc(2026, 1, 4, 9)) == [
        utc(2026, 1, 2, 9),
        utc(2026, 1, 3, 9),
    ]
    assert occurrences_between(rec, utc(2026, 1, 4), utc(2026, 1, 2)) == []
    with pytest.raises(ValueError):
        occurrences_between(rec, datetime(2026, 1, 1), utc(2026, 1, 2))
    with pytest.raises(ValueError):
        next_after(rec, datetime(2026, 1, 1))


def test_gap_collision_yields_one_instant() -> None:
    # 02:30 falls in the gap and moves to 03:00, where the next occurrence already is.
    rec = Recurrence(
        "FREQ=DAILY;BYHOUR=2,3;BYMINUTE=30,0", datetime(2026, 3, 28, 2, 0), "Europe/Berlin"
    )
    got = occurrences_between(rec, utc(2026, 3, 29), utc(2026, 3, 29, 3))
    assert got == [utc(2026, 3, 29, 1, 0), utc(2026, 3, 29, 1, 30)]


def test_next_after_far_future_is_fast() -> None:
    rec = Recurrence.daily(time(9, 0), "Europe/Berlin", date(2020, 1, 1))
    weekly = Recurrence("FREQ=WEEKLY;BYDAY=SU", datetime(2020, 1, 5, 9), "Europe/Berlin")
    assert next_after(rec, utc(2060, 7, 1, 12)) == utc(2060, 7, 2, 7)
    began = perf.perf_counter()
    for i in range(200):
        assert next_after(rec, utc(2060, 1, 1) + timedelta(hours=i)) is not None
        assert next_after(weekly, utc(2060, 1, 1) + timedelta(hours=i)) is not None
    # Iterating from 2020 one day at a time would take seconds here.
    assert perf.perf_counter() - began < 1.0
