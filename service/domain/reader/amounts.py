"""How long and how often: "3 months", "2 weeks", "three times a day", "every 12 hours"."""

from __future__ import annotations

import re

from service.domain.reader.types import NotUnderstood, Span
from service.domain.reader.words import clean, count

_PIECE = re.compile(
    r"^(?P<n>\d{1,4}|an?|[a-z]+(?:[ -][a-z]+)?)\s*"
    r"(?P<unit>days?|d|weeks?|wks?|wk|w|fortnights?|months?|mos?|mths?|years?|yrs?|y)$"
)
_JOIN = re.compile(r"\s*(?:,|\band\b|\+)\s*")
_MAX_DAYS = 3660

_PER_DAY = r"(?:a|per|each|every|/|in a)\s*day|daily|a\s*day|/\s*d|per\s*24\s*h(?:ours?)?"
_TIMES = re.compile(r"^(?P<n>\d{1,2}|[a-z]+)\s*(?:x|times?|×)?\s*(?:" + _PER_DAY + r")$")
_WORD_TIMES = {"once": 1, "twice": 2, "thrice": 3}
_LATIN = {"od": 1, "qd": 1, "bid": 2, "bd": 2, "tid": 3, "tds": 3, "qid": 4, "qds": 4}
_EVERY_HOURS = re.compile(r"^(?:every|each|q)\s*(?P<n>\d{1,2}|[a-z]+)\s*(?:h|hrs?|hours?)$")


def read_duration(text: str) -> Span | NotUnderstood:
    """A length of time: "3 months" -> Span(months=3), "2 weeks" -> Span(days=14).

    Pieces join with "and" or commas ("1 month and 2 weeks"); "for" may lead. A number
    without its unit is not a duration.
    """
    cleaned = clean(text).removeprefix("for ").strip()
    days = 0
    months = 0
    pieces = [p for p in _JOIN.split(cleaned) if p]
    if not pieces:
        return NotUnderstood(text)
    for piece in pieces:
        match = _PIECE.match(piece)
        n = count(match["n"]) if match else None
        if match is None or n is None or n <= 0:
            return NotUnderstood(text)
        unit = match["unit"]
        if unit.startswith("d"):
            days += n
        elif unit.startswith("w"):
            days += 7 * n
        elif unit.startswith("f"):
            days += 14 * n
        elif unit.startswith("m"):
            months += n
        else:
            months += 12 * n
    if days + months * 31 > _MAX_DAYS:
        return NotUnderstood(text)
    return Span(days=days or None, months=months or None)


def read_frequency(text: str) -> int | NotUnderstood:
    """Times per day: "three times a day" -> 3, "twice daily" -> 2, "every 8 hours" -> 3.

    A bare number (the answer to "how many times a day?") counts too. Anything not a whole
    number of times per day ("every other day", "every 5 hours") is NotUnderstood.
    """
    cleaned = clean(text).replace(".", "").replace("-", " ")
    value: int | None = None
    if cleaned in _LATIN:
        value = _LATIN[cleaned]
    elif cleaned in ("daily", "every day", "each day", "once"):
        value = 1
    elif match := _EVERY_HOURS.match(cleaned):
        hours = count(match["n"])
        if hours and 24 % hours == 0:
            value = 24 // hours
    elif match := _TIMES.match(cleaned):
        n = match["n"]
        value = _WORD_TIMES.get(n, count(n) if n not in ("a", "an") else None)
    elif cleaned in _WORD_TIMES:
        value = _WORD_TIMES[cleaned]
    else:
        value = count(cleaned.removesuffix(" times").removesuffix("x").strip())
    if value is None or not 1 <= value <= 24:
        return NotUnderstood(text)
    return value
