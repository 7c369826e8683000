"""Whole numbers as patients type them: the one reader behind every command that takes a number.

Python's own tests disagree with each other: ``str.isdigit()`` is true for superscripts and
other digit-like signs ("²", "¹⁰", "①") that ``int()`` refuses with a ValueError, while
``int()`` accepts underscores ("1_0"), signs, surrounding spaces and, past 4,300 digits, raises
again. Here a number is one to ``MAX_DIGITS`` decimal digits, nothing else, of any script:
``٣٠`` (Arabic-Indic) and ``３０`` (full-width) are 30, the way a phone keyboard in that
language writes it; "²" is not a number. Nothing here raises on any text.
"""

from __future__ import annotations

import unicodedata

MAX_DIGITS = 18  # fits a signed 64-bit integer; no patient types more


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit of any script written as 0-9; the rest unchanged.

    Superscripts, circled numbers and fractions are not decimal digits (Unicode category No,
    not Nd), so they stay as they are and never read as a number.
    """
    if text.isascii():
        return text
    return "".join(
        str(unicodedata.decimal(ch)) if not ch.isascii() and ch.isdecimal() else ch for ch in text
    )


def is_number(text: str) -> bool:
    """True when ``text`` is one to ``MAX_DIGITS`` decimal digits (of any script)."""
    return read_int(text) is not None


def read_int(text: str, *, low: int | None = None, high: int | None = None) -> int | None:
    """The whole number ``text`` spells (spaces around it allowed), or None.

    With ``low``/``high``, a number outside that range (inclusive) is None too.
    """
    digits = ascii_digits(text.strip())
    if not digits or len(digits) > MAX_DIGITS or not all("0" <= ch <= "9" for ch in digits):
        return None
    value = int(digits)
    if (low is not None and value < low) or (high is not None and value > high):
        return None
    return value
