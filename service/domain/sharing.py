"""Sharing a diary, read-only: what a caregiver is granted, invitation and link tokens, and when
a caregiver is told that the patient has gone quiet.

Pure rules (no telegram, no sqlalchemy). A token is 128 random bits (``secrets``), written into
a ``t.me/<bot>?start=...`` link; only its SHA-256 is stored, so a copy of the database cannot be
turned into working links. A token is high-entropy, so an unsalted fast hash is enough: there is
nothing to guess from it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

TOKEN_BYTES = 16  # 128 bits
INVITE_VALID = timedelta(hours=48)
LINK_DAYS_DEFAULT = 14
LINK_DAYS_CHOICES = (7, 14, 30)
QUIET_DAYS_DEFAULT = 3
QUIET_DAYS_CHOICES = (2, 3, 5, 7)
MAX_QUIET_DAYS = 30
#: A start link's payload: "c_<token>" invites a caregiver, "d_<token>" opens a doctor's link.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,48}")


class LinkKind(StrEnum):
    """What a deep link's token opens."""

    INVITE = "c"
    DOCTOR = "d"


def new_token() -> str:
    """A fresh random token: 128 bits, URL-safe (22 characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What is stored of a token (hex SHA-256)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_payload(kind: LinkKind, token: str) -> str:
    """The ``?start=`` value of a link (Telegram allows 64 of [A-Za-z0-9_-])."""
    return f"{kind.value}_{token}"


def read_start_payload(text: str) -> tuple[LinkKind, str] | None:
    """(kind, token) from /start's argument, or None when it is not one of ours."""
    text = text.strip()
    kind, sep, token = text.partition("_")
    if not sep or kind not in {k.value for k in LinkKind} or not _TOKEN.fullmatch(token):
        return None
    return LinkKind(kind), token


@dataclass(frozen=True)
class Grants:
    """What a caregiver receives; each is the patient's choice. Nothing else is ever shared:
    no ratings screen, no settings, and the notes only when ``notes`` is on."""

    weekly: bool = True  # the weekly summary
    quiet_days: int = QUIET_DAYS_DEFAULT  # alert after this many days without a check-in; 0: off
    red_flags: bool = True  # an alert when a warning sign after surgery is ticked
    appointments: bool = True  # the appointment reminders
    notes: bool = False  # the notes in the weekly summary

    def __post_init__(self) -> None:
        if not 0 <= self.quiet_days <= MAX_QUIET_DAYS:
            raise ValueError(f"quiet_days must be 0-{MAX_QUIET_DAYS}")

    @property
    def anything(self) -> bool:
        """True when at least one message would reach the caregiver."""
        return self.weekly or self.quiet_days > 0 or self.red_flags or self.appointments

    def next_quiet(self) -> Grants:
        """The quiet alert's next choice: off, then each of ``QUIET_DAYS_CHOICES``, then off."""
        choices = (0, *QUIET_DAYS_CHOICES)
        at = choices.index(self.quiet_days) if self.quiet_days in choices else 0
        return replace(self, quiet_days=choices[(at + 1) % len(choices)])


def quiet_alert_due(
    *,
    today: date,
    last_checkin: date | None,
    shared_since: date,
    days: int,
    alerted_for: date | None,
) -> date | None:
    """The day the quiet spell began, if the caregiver is to be told of it now; else None.

    The spell begins the day after the last check-in (or the day sharing began, when there has
    been none since). After ``days`` whole days without a check-in the caregiver is told once per
    spell (``alerted_for`` is the spell already told of); a new check-in ends the spell.
    """
    if days <= 0:
        return None
    began = shared_since
    if last_checkin is not None and last_checkin >= shared_since:
        began = last_checkin + timedelta(days=1)
    if (today - began).days < days or alerted_for == began:
        return None
    return began
