"""Symptom-diary scales and enums (no user-facing text)."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

__all__ = [
    "NOTES_MAX_CHARS",
    "NOTE_MAX_CHARS",
    "RATING_MAX",
    "RATING_MIN",
    "RATING_QUESTIONS",
    "EmptyNote",
    "NoteTooLong",
    "Question",
    "Side",
    "Treatment",
    "add_note",
    "clean_note",
    "is_valid_rating",
    "toggle_treatment",
    "treatments_of",
    "treatments_value",
    "with_treatment",
]


class Side(StrEnum):
    """Side of the face affected by the spasm."""

    LEFT = "left"
    RIGHT = "right"


class Treatment(StrEnum):
    """Current treatment situation."""

    NONE = "none"
    MEDICATION = "medication"
    BOTOX = "botox"
    MVD_PLANNED = "mvd_planned"
    AFTER_MVD = "after_mvd"


class Question(StrEnum):
    """Check-in questions."""

    FREQUENCY = "frequency"  # around the eye (adapted from the Jankovic Rating Scale)
    SEVERITY = "severity"  # around the eye (adapted from the Jankovic Rating Scale)
    LOWER_FACE = "lower_face"  # mouth and cheek (the bot's own item)
    IMPACT = "impact"  # daily life (the bot's own item)
    NOTE = "note"


#: Every rating question uses the same 0-4 scale, asked in this order.
RATING_MIN = 0
RATING_MAX = 4
RATING_QUESTIONS: tuple[Question, ...] = (
    Question.FREQUENCY,
    Question.SEVERITY,
    Question.LOWER_FACE,
    Question.IMPACT,
)

NOTE_MAX_CHARS = 500  # one note as typed
NOTES_MAX_CHARS = 2000  # a day's notes together (a correction adds, never replaces)


def is_valid_rating(v: object) -> bool:
    """True for an int (not bool) within RATING_MIN..RATING_MAX."""
    return isinstance(v, int) and not isinstance(v, bool) and RATING_MIN <= v <= RATING_MAX


class EmptyNote(ValueError):
    """The note is empty after cleaning."""


class NoteTooLong(ValueError):
    """The cleaned note is longer than NOTE_MAX_CHARS."""


_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_note(text: str) -> str:
    """Normalise a free-text note; raise EmptyNote / NoteTooLong (both ValueError)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    chars = [
        " " if ch != "\n" and unicodedata.category(ch) in {"Cc", "Zl", "Zp"} else ch for ch in text
    ]
    lines = [_SPACES.sub(" ", line).strip() for line in "".join(chars).split("\n")]
    cleaned = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    if not cleaned:
        raise EmptyNote("note is empty")
    if len(cleaned) > NOTE_MAX_CHARS:
        raise NoteTooLong(f"note is longer than {NOTE_MAX_CHARS} characters")
    return cleaned


def add_note(earlier: str | None, note: str, at: str) -> str:
    """A day's notes with ``note`` added: an earlier note is kept and the new one follows it,
    marked with the time it was typed (``at``, e.g. "14:05"). Typing the same note again
    changes nothing."""
    if not earlier:
        return note
    if note == earlier or earlier.endswith(f"] {note}"):
        return earlier
    return f"{earlier}\n[{at}] {note}"


# ---- several treatments at once -----------------------------------------------------------------
SURGERY = frozenset({Treatment.MVD_PLANNED.value, Treatment.AFTER_MVD.value})


def treatments_of(value: str | None) -> frozenset[str]:
    """The treatment codes stored in ``Patient.treatment`` ("botox,medication")."""
    known = {tr.value for tr in Treatment}
    return frozenset(code for code in (value or "").split(",") if code in known)


def treatments_value(codes: frozenset[str] | set[str]) -> str | None:
    """The stored form of several treatments, in the menu's order; None for no answer."""
    ordered = [tr.value for tr in Treatment if tr.value in codes]
    return ",".join(ordered) or None


def toggle_treatment(codes: frozenset[str], code: str) -> frozenset[str]:
    """Tick or untick ``code``: "none" stands alone; planned and done surgery exclude
    each other."""
    if code in codes:
        return codes - {code}
    if code == Treatment.NONE.value:
        return frozenset({code})
    kept = codes - {Treatment.NONE.value}
    if code in SURGERY:
        kept -= SURGERY
    return kept | {code}


def with_treatment(value: str | None, code: str) -> str | None:
    """The stored treatments with ``code`` added (a surgery code replaces the other one)."""
    codes = treatments_of(value)
    if code in codes:
        return treatments_value(codes)
    return treatments_value(toggle_treatment(codes, code))
