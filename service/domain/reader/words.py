"""Words the grammar shares: cleaning typed text, numbers in words, month and day names."""

from __future__ import annotations

import re

from service.domain.numbers import ascii_digits, read_int

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip

_ORDINAL_UNITS = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth",
]  # fmt: skip
#: Days of the month in words: "third" -> 3, "twenty-first" -> 21, "thirtieth" -> 30.
ORDINALS = {word: i + 1 for i, word in enumerate(_ORDINAL_UNITS)}
ORDINALS["twentieth"] = 20
ORDINALS["thirtieth"] = 30
for _i, _word in enumerate(_ORDINAL_UNITS[:9]):
    for _sep in (" ", "-"):
        ORDINALS[f"twenty{_sep}{_word}"] = 21 + _i
ORDINALS["thirty first"] = ORDINALS["thirty-first"] = 31
#: A day of the month in digits ("3", "3rd") or words ("third"), as group ``day``.
DAY = (
    r"(?P<day>\d{1,2}(?:st|nd|rd|th)?|" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")"
)


def day_number(text: str) -> int:
    """The day of the month a DAY match spelled."""
    digits = text.rstrip("stndrh")
    return int(digits) if digits.isdigit() else ORDINALS[text]


MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"

WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
WEEKDAY = r"(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?"

_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """Lower case, digits of any script as 0-9, one space between words, no end punctuation."""
    lowered = ascii_digits(text).lower().replace("’", "'").replace("‘", "'")
    lowered = _SPACES.sub(" ", lowered).strip()
    return lowered.strip(" !?,;").rstrip(".") if not lowered.endswith(".m.") else lowered


def words_to_int(text: str) -> int | None:
    """A whole number written in English words ("fifty", "twenty-five", "a hundred"), or None."""
    tokens = [t for t in re.split(r"[\s-]+", text.strip()) if t and t != "and"]
    if "hundred" in tokens:
        at = tokens.index("hundred")
        head, tail = tokens[:at], tokens[at + 1 :]
        if head in (["a"], ["an"]):
            hundreds = 1
        elif len(head) == 1 and 1 <= _UNITS.get(head[0], 0) <= 9:
            hundreds = _UNITS[head[0]]
        else:
            return None
        rest = _below_hundred(tail) if tail else 0
        return None if rest is None else hundreds * 100 + rest
    return _below_hundred(tokens)


def _below_hundred(tokens: list[str]) -> int | None:
    if len(tokens) == 1:
        word = tokens[0]
        return _UNITS.get(word, _TENS.get(word))
    if len(tokens) == 2 and tokens[0] in _TENS and 1 <= _UNITS.get(tokens[1], 0) <= 9:
        return _TENS[tokens[0]] + _UNITS[tokens[1]]
    return None


def count(text: str) -> int | None:
    """A count written in digits or words ("2", "two", "a"), or None."""
    value = read_int(text)
    if value is not None:
        return value
    if text.strip() in ("a", "an"):
        return 1
    return words_to_int(text)


def read_number(
    text: str,
    low: int | None = None,
    high: int | None = None,
    units: tuple[str, ...] = (),
) -> int | None:
    """The whole number ``text`` is, in digits or English words, within ``low``..``high``.

    ``units``: words allowed after the number ("units", "u"), e.g. ``read_number("50 units",
    units=("unit", "units", "u"))``. Anything else around the number makes it None.
    """
    cleaned = clean(text)
    for unit in sorted(units, key=len, reverse=True):
        unit = unit.lower()
        if cleaned.endswith(unit) and cleaned != unit:
            stripped = cleaned[: -len(unit)].rstrip()
            if stripped and (stripped[-1].isdigit() or cleaned[-len(unit) - 1] == " "):
                cleaned = stripped
                break
    value = read_int(cleaned)
    if value is None and cleaned not in ("a", "an"):
        value = words_to_int(cleaned)
    if value is None:
        return None
    if (low is not None and value < low) or (high is not None and value > high):
        return None
    return value
