"""How a message is declared: ``M(key, text)`` or ``P(key, one, other, count)``.

The English text is the gettext ``msgid``; the key is its ``msgctxt``, so every message keeps a
stable name and one English word can have two translations. ``pybabel extract`` reads these calls
from ``service/texts/en*.py`` (keywords ``M:1c,2`` and ``P:1c,2,3``, see ``babel.cfg``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Entry:
    """One message: its key, its English text and, for a plural message, the plural and count."""

    key: str
    text: str
    plural: str | None = None
    count: str | None = None


def M(key: str, text: str) -> Entry:
    """A message without plural forms."""
    return Entry(key, text)


def P(key: str, one: str, other: str, count: str) -> Entry:
    """A message with plural forms chosen by the number in placeholder ``count``."""
    return Entry(key, one, other, count)


def catalogue(*entries: Entry) -> dict[str, Entry]:
    """The entries by key (a key declared twice is an error)."""
    found: dict[str, Entry] = {}
    for entry in entries:
        if entry.key in found:
            raise RuntimeError(f"message key defined twice: {entry.key}")
        found[entry.key] = entry
    return found
