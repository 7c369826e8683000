"""Dates as a patient writes them: 2026-11-03, 3 Nov, 03.11.2026, 3/11/2026, yesterday, today."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from dateutil import parser as date_parser

ACCEPTED_FORMS = "2026-11-03, 3 Nov, 03.11.2026, today, yesterday"
_RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}
_DAYS_AGO = re.compile(r"^(\d{1,3})\s+days?\s+ago$")
_NUMERIC = re.compile(r"^\d{1,4}([./-])\d{1,2}(\1\d{1,4})?$")
#: ``/pause <date>`` reaches at most this far ahead.
MAX_PAUSE_AHEAD = timedelta(days=365)


def parse_patient_date(text: str, today: date) -> date | None:
    """The date meant by ``text`` (day first for 03.11.2026), or None if it is not one.

    A date without a year is taken in the current year, unless that is more than about six
    months ahead, in which case it means last year (a patient logging a past injection).
    """
    cleaned = text.strip().lower().rstrip(".")
    if not cleaned or len(cleaned) > 40:
        return None
    if cleaned in _RELATIVE:
        return today + timedelta(days=_RELATIVE[cleaned])
    if match := _DAYS_AGO.match(cleaned):
        return today - timedelta(days=int(match.group(1)))
    has_letters = any(ch.isalpha() for ch in cleaned)
    if not has_letters:
        return _numeric_date(cleaned, today) if _NUMERIC.match(cleaned) else None
    iso = re.match(r"^\d{4}-\d{1,2}-\d{1,2}$", cleaned) is not None
    try:
        parsed = date_parser.parse(
            cleaned, dayfirst=not iso, yearfirst=iso, default=_default(today), fuzzy=False
        )
    except (ValueError, OverflowError):
        return None
    result = parsed.date()
    year_given = re.search(r"\d{4}", cleaned) is not None or re.search(
        r"[./-]\d{1,2}[./-]\d{2}$", cleaned
    )
    if not year_given and result > today + timedelta(days=183):
        result = result.replace(year=result.year - 1)
    if not 1900 <= result.year <= 2200:
        return None
    return result


def _numeric_date(text: str, today: date) -> date | None:
    """2026-11-03, 03.11.2026, 3/11/26, 24.12 (day first unless the year comes first)."""
    parts = [int(p) for p in re.split(r"[./-]", text)]
    if len(parts) == 3 and len(re.split(r"[./-]", text)[0]) == 4:
        year, month, day = parts
    elif len(parts) == 3:
        day, month, year = parts
        year += 2000 if year < 100 else 0
    else:
        day, month = parts
        year = today.year
    try:
        result = date(year, month, day)
    except ValueError:
        return None
    if len(parts) == 2 and result > today + timedelta(days=183):
        result = result.replace(year=year - 1)
    return result if 1900 <= result.year <= 2200 else None


def _default(today: date) -> datetime:
    return datetime(today.year, today.month, today.day)
