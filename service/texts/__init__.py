"""The message catalogue: ``t(key, **values)`` returns the user-facing text for a key.

Languages are dictionaries with the same keys and placeholders as ``en.MESSAGES``; a test checks
that. Dates and times are formatted with Babel, so a translation also gets local date formats.
"""

from __future__ import annotations

import string
from datetime import date, datetime, time
from typing import Any

from babel.dates import format_date, format_time

from service.texts import (
    en,
    en_botox,
    en_care,
    en_data,
    en_meds,
    en_privacy,
    en_questionnaires,
    en_side_effects,
    en_summary,
)
from service.texts.en import CONSENT_VERSION


def _merge(*parts: dict[str, str]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for part in parts:
        clash = merged.keys() & part.keys()
        if clash:
            raise RuntimeError(f"message keys defined twice: {sorted(clash)}")
        merged.update(part)
    return merged


# One catalogue, kept in a file per feature for readability.
MESSAGES = _merge(
    en.MESSAGES,
    en_botox.MESSAGES,
    en_care.MESSAGES,
    en_meds.MESSAGES,
    en_summary.MESSAGES,
    en_data.MESSAGES,
    en_privacy.MESSAGES,
    en_questionnaires.MESSAGES,
    en_side_effects.MESSAGES,
)
CATALOGUES: dict[str, dict[str, str]] = {"en": MESSAGES}
DEFAULT_LANGUAGE = "en"

__all__ = ["CATALOGUES", "CONSENT_VERSION", "MESSAGES", "fmt_date", "fmt_time", "plural", "t"]


class _Plurals(string.Formatter):
    """str.format with one plural form: ``{n:# day|# days}`` gives "1 day", "0 days", "2 days"
    (``#`` is the number; the first form is for exactly one, the second for any other)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            return plural(value, *format_spec.split("|", 1))
        return super().format_field(value, format_spec)


def plural(n: object, one: str, other: str) -> str:
    """The form for ``n`` ("# unit" / "# units"), ``#`` replaced by the number."""
    count = int(str(n)) if str(n).lstrip("-").isdigit() else None
    return (one if count == 1 else other).replace("#", str(n))


_FORMATTER = _Plurals()


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The text for ``key`` in ``lang`` (falling back to English), filled with ``values``;
    ``{n:# day|# days}`` picks the plural form."""
    catalogue = CATALOGUES.get(lang, MESSAGES)
    template = catalogue.get(key) or MESSAGES[key]
    return _FORMATTER.format(template, **values) if values else template


def fmt_date(day: date, lang: str = DEFAULT_LANGUAGE) -> str:
    """A date as a patient reads it, e.g. 'Sat 21 Nov'."""
    return str(format_date(day, "EEE d MMM", locale=lang))


def fmt_time(value: time | datetime, lang: str = DEFAULT_LANGUAGE) -> str:
    """A 24-hour time, e.g. '09:00'."""
    return str(format_time(value, "HH:mm", locale=lang))
