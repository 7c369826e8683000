import math
from datetime import UTC, datetime
from typing import Any

import pytest

from service.domain import timezones
from service.domain.timezones import (
    ZoneMatch,
    location_match,
    parse_zone_input,
    preload,
    zone_from_location,
)

JUNE = datetime(2026, 6, 15, 12, tzinfo=UTC)  # southern winter, northern summer
JANUARY = datetime(2026, 1, 15, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "zone", "how"),
    [
        # IANA names, case-insensitive, spaces or underscores
        ("europe/berlin", "Europe/Berlin", "iana"),
        ("Europe/Berlin", "Europe/Berlin", "iana"),
        ("America/New York", "America/New_York", "iana"),
        ("america / new_york", "America/New_York", "iana"),
        ("AMERICA/ARGENTINA/BUENOS AIRES", "America/Argentina/Buenos_Aires", "iana"),
        ("US/Eastern", "US/Eastern", "iana"),
        ("UTC", "Etc/UTC", "iana"),
        ("gmt", "Etc/UTC", "iana"),
        # whole-hour offsets -> Etc/GMT with inverted sign
        ("UTC+2", "Etc/GMT-2", "offset"),
        ("utc+2", "Etc/GMT-2", "offset"),
        ("GMT-5", "Etc/GMT+5", "offset"),
        ("+3", "Etc/GMT-3", "offset"),
        ("-03", "Etc/GMT+3", "offset"),
        ("UTC +02:00", "Etc/GMT-2", "offset"),
        ("UTC−7", "Etc/GMT+7", "offset"),
        ("UTC+0", "Etc/UTC", "offset"),
        ("GMT-0", "Etc/UTC", "offset"),
        ("UTC+14", "Etc/GMT-14", "offset"),
        ("UTC-12", "Etc/GMT+12", "offset"),
        # non-whole offsets -> zone of the most populous city with that offset now
        ("UTC+05:30", "Asia/Kolkata", "offset"),
        ("+05:30", "Asia/Kolkata", "offset"),
        ("+0530", "Asia/Kolkata", "offset"),
        ("utc +5.5", "Asia/Kolkata", "offset"),
        ("+5,5", "Asia/Kolkata", "offset"),
        ("+5.30", "Asia/Kolkata", "offset"),
        ("+05:45", "Asia/Kathmandu", "offset"),
        ("+5.75", "Asia/Kathmandu", "offset"),
        ("+09:30", "Australia/Adelaide", "offset"),
        ("-02:30", "America/St_Johns", "offset"),
        ("+04:30", "Asia/Kabul", "offset"),
        # no city with +12:45 in the data set: falls back to an IANA zone with it
        ("+12:45", "Pacific/Chatham", "offset"),
        # cities
        ("Berlin", "Europe/Berlin", "city"),
        ("berlin", "Europe/Berlin", "city"),
        ("  BERLIN ", "Europe/Berlin", "city"),
        ("New York", "America/New_York", "city"),
        ("new york city", "America/New_York", "city"),
        ("Kolkata", "Asia/Kolkata", "city"),
        ("São Paulo", "America/Sao_Paulo", "city"),
        ("sao paulo", "America/Sao_Paulo", "city"),
        ("SAO-PAULO", "America/Sao_Paulo", "city"),
        ("Zürich", "Europe/Zurich", "city"),
        ("zurich", "Europe/Zurich", "city"),
        ("Tromso", "Europe/Oslo", "city"),
        ("Paris", "Europe/Paris", "city"),
        ("Sydney", "Australia/Sydney", "city"),
        ("St Louis", "America/Chicago", "city"),
        ("Saint Louis", "America/Chicago", "city"),
        # alternate names (lower priority than real names)
        ("Frankfurt", "Europe/Berlin", "city"),
        ("Roma", "Europe/Rome", "city"),
        ("Bombay", "Asia/Kolkata", "city"),
        ("Kiev", "Europe/Kyiv", "city"),
        # "City, Country" / "City CC" / US states
        ("Paris, US", "America/Chicago", "city"),
        ("Paris US", "America/Chicago", "city"),
        ("Paris, France", "Europe/Paris", "city"),
        ("Portland, US", "America/Los_Angeles", "city"),
        ("Portland, ME", "America/New_York", "city"),
        ("Portland Maine", "America/New_York", "city"),
        ("Sydney, CA", "America/Glace_Bay", "city"),
        ("Sydney, Canada", "America/Glace_Bay", "city"),
        ("Frankfurt, Germany", "Europe/Berlin", "city"),
        ("Berlin, Deutschland", "Europe/Berlin", "city"),  # unknown qualifier: city alone
        # single-clock countries
        ("Germany", "Europe/Berlin", "city"),
        ("Japan", "Asia/Tokyo", "city"),
        ("India", "Asia/Kolkata", "city"),
        ("UK", "Europe/London", "city"),
        # IANA city part when no city carries that name
        ("Lord Howe", "Australia/Lord_Howe", "iana"),
    ],
)
def test_parse_zone_input(text: str, zone: str, how: str) -> None:
    match = parse_zone_input(text, now=JUNE)
    assert match is not None, text
    assert (match.zone, match.how) == (zone, how)
    assert match.zone in timezones._available()


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Berlin", "Berlin, Germany"),
        ("europe/berlin", "Europe/Berlin"),
        ("sao paulo", "São Paulo, Brazil"),
        ("Paris, US", "Paris, TX, United States"),
        ("New York", "New York City, NY, United States"),
        ("UTC+2", "UTC+02:00"),
        ("GMT-5", "UTC-05:00"),
        ("+05:30", "UTC+05:30 (Asia/Kolkata)"),
        ("UTC", "UTC"),
        ("Germany", "Germany"),
    ],
)
def test_parse_zone_input_labels(text: str, label: str) -> None:
    match = parse_zone_input(text, now=JUNE)
    assert match is not None
    assert match.label == label


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello",
        "asdfgh",
        "yes",
        "no",
        "skip",
        "cancel",
        "12345",
        "9:00",
        "UTC+15",
        "UTC-13",
        "+14:30",
        "UTC+2:75",
        "Mars/Olympus",
        "Paris, GB",  # known country, no such city
        "USA",  # several clocks: ask for a city instead
        "Mexico",
        "Russia",
        "x" * 200,
    ],
)
def test_parse_zone_input_rejects(text: str) -> None:
    assert parse_zone_input(text, now=JUNE) is None


def test_offset_lookup_depends_on_now() -> None:
    # +09:30 is Adelaide's standard time but Darwin's all year.
    june = parse_zone_input("+09:30", now=JUNE)
    january = parse_zone_input("+09:30", now=JANUARY)
    assert june is not None and june.zone == "Australia/Adelaide"
    assert january is not None and january.zone == "Australia/Darwin"
    # Newfoundland is -03:30 only in winter.
    winter = parse_zone_input("-03:30", now=JANUARY)
    assert winter is not None and winter.zone == "America/St_Johns"
    assert parse_zone_input("-03:30", now=JUNE) is None


def test_parse_zone_input_needs_aware_now() -> None:
    with pytest.raises(ValueError):
        parse_zone_input("Berlin", now=datetime(2026, 1, 1))


def test_zone_match_is_frozen() -> None:
    match = ZoneMatch(zone="Europe/Berlin", label="Berlin, Germany", how="city")
    with pytest.raises(AttributeError):
        match.zone = "UTC"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("lat", "lon", "zone"),
    [
        (52.52, 13.405, "Europe/Berlin"),
        (-33.8688, 151.2093, "Australia/Sydney"),
        (40.7128, -74.006, "America/New_York"),
        (22.5726, 88.3639, "Asia/Kolkata"),
        (-31.5553, 159.0821, "Australia/Lord_Howe"),
    ],
)
def test_zone_from_location(lat: float, lon: float, zone: str) -> None:
    assert zone_from_location(lat, lon) == zone
    assert location_match(lat, lon) == ZoneMatch(zone=zone, label=zone, how="location")


def test_zone_from_location_ocean() -> None:
    # Middle of the Pacific: nautical zone UTC-11 = Etc/GMT+11.
    assert zone_from_location(0.0, -160.0) == "Etc/GMT+11"


@pytest.mark.parametrize(
    ("lat", "lon"), [(91.0, 0.0), (0.0, 181.0), (math.nan, 0.0), (0.0, math.inf)]
)
def test_zone_from_location_invalid(lat: float, lon: float) -> None:
    assert zone_from_location(lat, lon) is None
    assert location_match(lat, lon) is None


class _NoZoneFinder:
    def timezone_at(self, *, lng: float, lat: float) -> Any:
        return None


@pytest.mark.parametrize(
    ("lon", "zone"),
    [(0.0, "Etc/UTC"), (-160.0, "Etc/GMT+11"), (30.0, "Etc/GMT-2"), (180.0, "Etc/GMT-12")],
)
def test_zone_from_location_fallback_by_longitude(
    monkeypatch: pytest.MonkeyPatch, lon: float, zone: str
) -> None:
    monkeypatch.setattr(timezones, "_finder", lambda: _NoZoneFinder())
    assert zone_from_location(10.0, lon) == zone


def test_preload_is_idempotent() -> None:
    preload()
    preload()
    assert parse_zone_input("Berlin", now=JUNE) is not None


def test_zones_at_offset_follow_the_clock_at_that_instant() -> None:
    from datetime import timedelta

    winter = datetime(2026, 11, 23, 6, tzinfo=UTC)
    summer = datetime(2026, 7, 1, 6, tzinfo=UTC)
    plus2_winter = timezones.zones_at_offset(timedelta(hours=2), winter)
    plus2_summer = timezones.zones_at_offset(timedelta(hours=2), summer)
    assert plus2_winter[:2] == ("Africa/Cairo", "Africa/Johannesburg")  # most populous first
    assert "Europe/Berlin" not in plus2_winter and "Europe/Berlin" in plus2_summer
    assert "Africa/Cairo" not in plus2_summer  # Egypt is at UTC+3 in summer
    assert len(timezones.zones_at_offset(timedelta(hours=2), winter, limit=3)) == 3
    assert timezones.zones_at_offset(timedelta(hours=13, minutes=15), winter) == ()
    assert timezones.is_fixed_offset("Etc/GMT-2") and not timezones.is_fixed_offset("Africa/Cairo")
    kept = timezones.zone_match("Etc/GMT-2", winter)
    assert (kept.label, kept.how) == ("UTC+02:00", "offset")
