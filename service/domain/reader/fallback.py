"""dateparser for the phrases our grammar does not know, with its guesses held on a short leash.

dateparser reads relative phrases and dates in many languages, but it will make a date out of
almost anything: "2" becomes the 2nd of some month and "3 november 50" becomes 1950. So a
result is only kept when the text has a letter in it, a typed four-digit year is the year read,
no number in it is one that cannot be a day or a year (the 50 in "2 weeks ago 50"), without a
typed year the result is within two years of today, and dateparser read a day (not just a
month or a year).

A DateDataParser is built per call: after the first call (which loads the language data into
dateparser's own process-wide cache) building one costs about 9 µs against about 200 µs for a
read, and it lets RELATIVE_BASE follow the context without touching the parser's private state.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from service.domain.reader.calendar import without_on
from service.domain.reader.types import Context, Prefer

_LETTER = re.compile(r"[^\W\d_]")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
#: A bare number that cannot be a day of the month or a year: "2 weeks ago 50".
_STRAY = re.compile(r"(?<![\d:.])(?:3[2-9]|[4-9]\d|\d{3}|\d{5,})(?![\d:.])")
#: Signs that a time of day was written ("10 Uhr", "a las 10", "10:30"): a result without a
#: time then dropped it, and is refused rather than stored without the time.
_TIME_HINT = re.compile(
    r"\d{1,2}[:.h]\d{2}|\d{1,2}\s*(?:uhr|h|am|pm|hs)\b|"
    r"\b(?:at|um|a las|a la|à|alle|om|às|в|o)\s+\d{1,2}\b"
)
_LANGUAGES_WITH_DATA: dict[tuple[str, ...], tuple[str, ...]] = {}


def _known(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The languages dateparser has data for (an unknown code is dropped, not an error)."""
    if languages not in _LANGUAGES_WITH_DATA:
        from dateparser.languages.loader import default_loader

        codes = set(default_loader.get_locale_map())
        _LANGUAGES_WITH_DATA[languages] = tuple(x for x in languages if x in codes) or ("en",)
    return _LANGUAGES_WITH_DATA[languages]


def fallback_moment(text: str, ctx: Context, prefer: Prefer) -> tuple[date, time | None] | None:
    """The day (and time, when one was written) dateparser reads in ``text``, or None."""
    text = without_on(text)
    if not _LETTER.search(text) or len(text) > 60 or _STRAY.search(text):
        return None
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": prefer.value,
        "RELATIVE_BASE": ctx.local_now.replace(second=0, microsecond=0),
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DAY_OF_MONTH": "first",
    }
    parser = DateDataParser(languages=list(_known(ctx.languages)), settings=settings)
    try:
        data = parser.get_date_data(text)
    except (ValueError, OverflowError, TypeError):  # pragma: no cover - dateparser's own errors
        return None
    found: datetime | None = data.date_obj
    if found is None or data.period not in ("day", "week", "time"):
        return None
    years = {int(y) for y in _YEAR.findall(text)}
    if years and found.year not in years:
        return None
    if not years and abs(found.year - ctx.today.year) > 2:
        return None
    clock = found.time().replace(second=0, microsecond=0)
    base = settings["RELATIVE_BASE"].time()
    at = None if clock in (time(0), base) else clock
    if at is None and _TIME_HINT.search(text.lower()):
        return None
    return found.date(), at
