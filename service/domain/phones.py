"""Reading a care team's phone number as a patient types it.

Lenient on purpose: any mix of digits, spaces, ``+`` (at the start), ``-`` and brackets, e.g.
``+44 20 7946 0000``, ``(030) 1234-5678`` or ``0044 20 79460000``. Nothing is dialled or checked
against a numbering plan; the number is only shown back to the patient, so it is kept as typed,
with runs of spaces made single. Anything else gets a reason the bot can put into words.
"""

from __future__ import annotations

import re
from enum import StrEnum

__all__ = [
    "PHONE_MAX_CHARS",
    "PHONE_MAX_DIGITS",
    "PHONE_MIN_DIGITS",
    "PhoneError",
    "PhoneProblem",
    "read_phone",
]

#: Fewer digits than this is not a phone number (and 112/911 are not a care team's number).
PHONE_MIN_DIGITS = 5
#: The longest international number (ITU-T E.164) has 15 digits.
PHONE_MAX_DIGITS = 15
#: Room for the digits with separators; also keeps a button's callback data short.
PHONE_MAX_CHARS = 30

_ALLOWED = frozenset("0123456789 +-()")
_SPACES = re.compile(r"\s+")


class PhoneProblem(StrEnum):
    """Why a text is not read as a phone number."""

    EMPTY = "empty"
    CHARACTERS = "characters"  # something other than digits, spaces, + - ( )
    PLUS = "plus"  # a + that is not the first character
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"


class PhoneError(ValueError):
    """The text is not a phone number; ``problem`` says why, ``detail`` what was wrong."""

    def __init__(self, problem: PhoneProblem, detail: str = "") -> None:
        super().__init__(f"{problem}: {detail}" if detail else str(problem))
        self.problem = problem
        self.detail = detail


def read_phone(text: str) -> str:
    """The phone number in ``text``, tidied (outer spaces removed, inner runs made single).

    Raises PhoneError. The result reads back as itself: ``read_phone(read_phone(x)) ==
    read_phone(x)``.
    """
    phone = _SPACES.sub(" ", text).strip()
    if not phone:
        raise PhoneError(PhoneProblem.EMPTY)
    bad = sorted({ch for ch in phone if ch not in _ALLOWED})
    if bad:
        raise PhoneError(PhoneProblem.CHARACTERS, " ".join(bad))
    if "+" in phone[1:]:
        raise PhoneError(PhoneProblem.PLUS)
    digits = sum(ch.isdigit() for ch in phone)
    if digits < PHONE_MIN_DIGITS:
        raise PhoneError(PhoneProblem.TOO_SHORT, str(digits))
    if digits > PHONE_MAX_DIGITS or len(phone) > PHONE_MAX_CHARS:
        raise PhoneError(PhoneProblem.TOO_LONG, str(digits))
    return phone
