from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from service.domain.timezones import (
    UnknownZone,
    get_zone,
    local_date,
    local_day_bounds,
    parse_local_time,
    resolve_local,
    to_local,
)


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def test_get_zone() -> None:
    assert get_zone("Europe/Berlin") == ZoneInfo("Europe/Berlin")
    assert get_zone("Etc/GMT-2").utcoffset(datetime(2026, 1, 1)) == timedelta(hours=2)


@pytest.mark.parametrize(
    "name", ["Mars/Olympus", "", "europe/berlin", "../etc/passwd", "/etc/localtime", "Berlin"]
)
def test_get_zone_unknown(name: str) -> None:
    with pytest.raises(UnknownZone):
        get_zone(name)
    assert issubclass(UnknownZone, ValueError)


@pytest.mark.parametrize(
    ("zone", "local", "expected"),
    [
        # ordinary times
        ("Europe/Berlin", datetime(2026, 1, 15, 9, 0), utc(2026, 1, 15, 8, 0)),
        ("Europe/Berlin", datetime(2026, 7, 15, 9, 0), utc(2026, 7, 15, 7, 0)),
        ("Asia/Kolkata", datetime(2026, 7, 15, 9, 0), utc(2026, 7, 15, 3, 30)),
        ("Asia/Kathmandu", datetime(2026, 7, 15, 9, 0), utc(2026, 7, 15, 3, 15)),
        # spring-forward gaps -> first valid minute after the gap
        ("Europe/Berlin", datetime(2026, 3, 29, 2, 30), utc(2026, 3, 29, 1, 0)),
        ("Europe/Berlin", datetime(2026, 3, 29, 2, 0), utc(2026, 3, 29, 1, 0)),
        ("Europe/Berlin", datetime(2026, 3, 29, 2, 59, 59), utc(2026, 3, 29, 1, 0)),
        ("Europe/Berlin", datetime(2026, 3, 29, 3, 0), utc(2026, 3, 29, 1, 0)),
        ("Europe/Berlin", datetime(2026, 3, 29, 1, 59), utc(2026, 3, 29, 0, 59)),
        ("America/New_York", datetime(2026, 3, 8, 2, 30), utc(2026, 3, 8, 7, 0)),
        ("Australia/Sydney", datetime(2026, 10, 4, 2, 30), utc(2026, 10, 3, 16, 0)),
        ("Australia/Adelaide", datetime(2026, 10, 4, 2, 30), utc(2026, 10, 3, 16, 30)),
        ("America/St_Johns", datetime(2026, 3, 8, 2, 30), utc(2026, 3, 8, 5, 30)),
        # Lord Howe shifts by 30 minutes: 02:00 -> 02:30 (+10:30 -> +11:00)
        ("Australia/Lord_Howe", datetime(2026, 10, 4, 2, 15), utc(2026, 10, 3, 15, 30)),
        ("Australia/Lord_Howe", datetime(2026, 10, 4, 2, 30), utc(2026, 10, 3, 15, 30)),
        # midnight gaps: the local day starts at 01:00
        ("America/Santiago", datetime(2026, 9, 6, 0, 30), utc(2026, 9, 6, 4, 0)),
        ("Asia/Beirut", datetime(2026, 3, 29, 0, 0), utc(2026, 3, 28, 22, 0)),
        # a whole missing day (Samoa crossed the date line) -> next local midnight
        ("Pacific/Apia", datetime(2011, 12, 30, 9, 0), utc(2011, 12, 30, 10, 0)),
        # autumn overlaps -> first occurrence (daylight time)
        ("Europe/Berlin", datetime(2026, 10, 25, 2, 30), utc(2026, 10, 25, 0, 30)),
        ("Europe/Berlin", datetime(2026, 10, 25, 2, 0), utc(2026, 10, 25, 0, 0)),
        ("Europe/Berlin", datetime(2026, 10, 25, 3, 0), utc(2026, 10, 25, 2, 0)),
        ("America/New_York", datetime(2026, 11, 1, 1, 30), utc(2026, 11, 1, 5, 30)),
        ("Australia/Sydney", datetime(2026, 4, 5, 2, 30), utc(2026, 4, 4, 15, 30)),
        ("Australia/Lord_Howe", datetime(2026, 4, 5, 1, 45), utc(2026, 4, 4, 14, 45)),
    ],
)
def test_resolve_local(zone: str, local: datetime, expected: datetime) -> None:
    result = resolve_local(local, ZoneInfo(zone))
    assert result == expected
    assert result.tzinfo is UTC


def test_resolve_local_rejects_aware() -> None:
    with pytest.raises(ValueError):
        resolve_local(utc(2026, 1, 1), ZoneInfo("Europe/Berlin"))


def test_to_local_and_local_date() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    local = to_local(utc(2026, 10, 25, 1, 30), berlin)
    assert local.replace(tzinfo=None) == datetime(2026, 10, 25, 2, 30)
    assert local.fold == 1  # second pass through 02:30
    assert local.utcoffset() == timedelta(hours=1)
    assert local_date(utc(2026, 1, 1, 23, 30), berlin) == date(2026, 1, 2)
    assert local_date(utc(2026, 1, 1, 23, 30), ZoneInfo("America/New_York")) == date(2026, 1, 1)
    plus_two = timezone(timedelta(hours=2))
    assert local_date(datetime(2026, 1, 2, 0, 30, tzinfo=plus_two), ZoneInfo("UTC")) == date(
        2026, 1, 1
    )
    with pytest.raises(ValueError):
        to_local(datetime(2026, 1, 1), berlin)


@pytest.mark.parametrize(
    ("zone", "day", "start", "end"),
    [
        ("Europe/Berlin", date(2026, 1, 15), utc(2026, 1, 14, 23), utc(2026, 1, 15, 23)),
        ("Europe/Berlin", date(2026, 3, 29), utc(2026, 3, 28, 23), utc(2026, 3, 29, 22)),
        ("Europe/Berlin", date(2026, 10, 25), utc(2026, 10, 24, 22), utc(2026, 10, 25, 23)),
        ("America/Santiago", date(2026, 9, 6), utc(2026, 9, 6, 4), utc(2026, 9, 7, 3)),
        ("Asia/Beirut", date(2026, 3, 29), utc(2026, 3, 28, 22), utc(2026, 3, 29, 21)),
        ("Australia/Lord_Howe", date(2026, 10, 4), utc(2026, 10, 3, 13, 30), utc(2026, 10, 4, 13)),
        ("Pacific/Apia", date(2011, 12, 30), utc(2011, 12, 30, 10), utc(2011, 12, 30, 10)),
    ],
)
def test_local_day_bounds(zone: str, day: date, start: datetime, end: datetime) -> None:
    assert local_day_bounds(day, ZoneInfo(zone)) == (start, end)


def test_local_day_bounds_lengths() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    lengths = {}
    for d in (date(2026, 3, 29), date(2026, 6, 1), date(2026, 10, 25)):
        start, end = local_day_bounds(d, berlin)
        lengths[d] = end - start
        assert local_date(start, berlin) == d
        assert local_date(end - timedelta(microseconds=1), berlin) == d
    assert list(lengths.values()) == [timedelta(hours=h) for h in (23, 24, 25)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00", time(9, 0)),
        ("9:00", time(9, 0)),
        ("9.30", time(9, 30)),
        ("0930", time(9, 30)),
        ("930", time(9, 30)),
        ("2145", time(21, 45)),
        ("9", time(9, 0)),
        ("21", time(21, 0)),
        ("0", time(0, 0)),
        ("00:00", time(0, 0)),
        ("23:59", time(23, 59)),
        ("9am", time(9, 0)),
        ("9 pm", time(21, 0)),
        ("9PM", time(21, 0)),
        ("9:30pm", time(21, 30)),
        ("9.30 p.m.", time(21, 30)),
        ("12am", time(0, 0)),
        ("12 AM", time(0, 0)),
        ("12pm", time(12, 0)),
        ("12:30am", time(0, 30)),
        ("21h", time(21, 0)),
        ("21h30", time(21, 30)),
        ("7 h 05", time(7, 5)),
        ("  08:15  ", time(8, 15)),
        ("25:00", None),
        ("24:00", None),
        ("9:75", None),
        ("9:5", None),
        ("13pm", None),
        ("0am", None),
        ("21h pm", None),
        ("", None),
        ("   ", None),
        ("morning", None),
        ("nine", None),
        ("9:00:00", None),
        ("-9", None),
        ("12345", None),
        ("٩:٠٠", time(9, 0)),  # Arabic-Indic digits read like 0-9 (service.domain.numbers)
        ("０９:３０", time(9, 30)),  # full-width
        ("⁰⁹:⁰⁰", None),  # superscripts are not digits
        ("¹⁰²³", None),
    ],
)
def test_parse_local_time(text: str, expected: time | None) -> None:
    assert parse_local_time(text) == expected
