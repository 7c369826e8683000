"""Times of day as patients type them: 8am, 8.30pm, 20:30, 21h, noon, half past eight."""

from __future__ import annotations

import re
from datetime import time

from service.domain.reader.types import NotUnderstood
from service.domain.reader.words import clean, words_to_int

_PART = (
    r"(?:\s+(?P<part>in the morning|this morning|morning|in the afternoon|this afternoon|"
    r"afternoon|in the evening|this evening|evening|at night|tonight))?"
)
_SUFFIX = r"\s*(?P<suffix>a\.?m\.?|p\.?m\.?|h|hrs|o'?clock|uhr|hs|ч\.?|час(?:а|ов)?)?"
#: "at" in the bot's other languages ("um 14 Uhr", "a las 14", "às 14h", "в 14:00", "ساعت 14"):
#: like "at", it makes a lone number a time.
_AT_WORDS = ("um ", "a las ", "a la ", "às ", "as ", "в ", "во ", "ساعت ")
_DIGITS = re.compile(
    r"^(?:at\s+|@\s*)?(?P<h>\d{1,2})(?:(?:[:.]|h)(?P<m>\d{2}))?" + _SUFFIX + _PART + "$"
)
_WORDS = re.compile(
    r"^(?:at\s+)?(?:(?P<rel>half past|quarter past|quarter to|a quarter past|a quarter to)\s+)?"
    r"(?P<h>[a-z]+(?:[\s-][a-z]+)??)" + _SUFFIX + _PART + "$"
)
_NAMED = {
    "noon": time(12),
    "midday": time(12),
    "12 noon": time(12),
    "12 midday": time(12),
    "midnight": time(0),
    "12 midnight": time(0),
}
_SEPARATORS = re.compile(r"\s*(?:,|;|&|\+|/|\band\b|\bthen\b)\s*")


def read_time(text: str, *, bare_hour: bool = True) -> time | NotUnderstood:
    """The time of day ``text`` names, or NotUnderstood.

    A time without am/pm or a part of the day is read on the 24-hour clock ("8:30" is 08:30,
    "20:30" is 20:30), as patients in most of the world write it. ``bare_hour=False`` refuses
    a lone number ("9") that only means a time after "at".
    """
    cleaned = clean(text)
    result = _read(cleaned, bare_hour=bare_hour)
    return NotUnderstood(text) if result is None else result


def _read(cleaned: str, *, bare_hour: bool) -> time | None:
    for word in _AT_WORDS:
        if cleaned.startswith(word):
            cleaned = "at " + cleaned.removeprefix(word)
            break
    had_at = cleaned.startswith(("at ", "@"))
    cleaned = cleaned.removeprefix("at ").removeprefix("@").strip()
    if cleaned in _NAMED:
        return _NAMED[cleaned]
    if match := _DIGITS.match(cleaned):
        hour, minute = int(match["h"]), int(match["m"] or 0)
        bare = match["m"] is None and not match["suffix"] and not match["part"]
        if bare and not (bare_hour or had_at):
            return None
        return _combine(hour, minute, match["suffix"], match["part"])
    if match := _WORDS.match(cleaned):
        hour_words = match["h"]
        minute = 0
        plain = not (match["rel"] or match["suffix"] or match["part"] or " " in hour_words)
        if plain and not (bare_hour or had_at):
            return None
        if match["rel"] is None and (parts := hour_words.split()) and len(parts) == 2:
            # "eight thirty", "eight fifteen"
            first, second = words_to_int(parts[0]), words_to_int(parts[1])
            if first is None or second is None or second < 10:
                return None
            hour, minute = first, second
        else:
            value = words_to_int(hour_words)
            if value is None:
                return None
            hour = value
        rel = (match["rel"] or "").removeprefix("a ")
        if rel == "half past":
            minute = 30
        elif rel == "quarter past":
            minute = 15
        elif rel == "quarter to":
            hour, minute = hour - 1, 45
            if hour == 0 and not (match["suffix"] or match["part"]):
                hour = 12
        if (match["rel"] or not match["suffix"] or match["suffix"] == "h") and hour > 12:
            return None
        return _combine(hour % 24 if rel == "quarter to" else hour, minute, match["suffix"],
                        match["part"])  # fmt: skip
    return None


def _combine(hour: int, minute: int, suffix: str | None, part: str | None) -> time | None:
    if minute > 59:
        return None
    suffix = (suffix or "").replace(".", "")
    half = None
    if suffix in ("am", "pm"):
        half = suffix
    if part:
        part_half = "am" if "morning" in part else "pm"
        if half is not None and half != part_half:
            return None
        half = part_half
    if half is None:
        return time(hour, minute) if 0 <= hour <= 23 else None
    if not 1 <= hour <= 12:
        return None
    if half == "am":
        return time(0 if hour == 12 else hour, minute)
    if part in ("at night", "tonight") and hour == 12:
        return time(0, minute)
    return time(12 if hour == 12 else hour + 12, minute)


def read_times(text: str) -> tuple[time, ...] | NotUnderstood:
    """Several times of day ("8am and 8pm", "8:00, 14:00, 20:00"), earliest first, no repeats.

    Every piece must be a time; one piece that is not makes the whole answer NotUnderstood.
    """
    cleaned = clean(text)
    pieces = [p for p in _SEPARATORS.split(cleaned) if p]
    if len(pieces) == 1 and " " in cleaned and _read(cleaned, bare_hour=True) is None:
        pieces = cleaned.split(" ")  # "8am 8pm"
    found: list[time] = []
    for piece in pieces:
        value = _read(piece, bare_hour=True)
        if value is None:
            return NotUnderstood(text)
        found.append(value)
    if not found:
        return NotUnderstood(text)
    return tuple(sorted(set(found)))
