"""The clinic-grade record's vocabulary: injection products and sites, side-effect spans,
medication changes (issue 13). Pure: no telegram, no sqlalchemy.

Facts from ../shared/clinical.md: onabotulinumtoxinA (Botox), incobotulinumtoxinA (Xeomin) and
abobotulinumtoxinA (Dysport) have units that are not interchangeable, so units are always stored
and shown with the product.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Product(StrEnum):
    """The botulinum toxin product of one injection."""

    ONA = "onabotulinumtoxinA"
    INCO = "incobotulinumtoxinA"
    ABO = "abobotulinumtoxinA"
    OTHER = "other"
    UNKNOWN = "unknown"  # not said (every injection logged before products were asked)


#: Injection sites on the affected side of the face, in the order they are offered.
SITES: tuple[str, ...] = ("eye", "cheek", "mouth", "chin", "neck")


@dataclass(frozen=True)
class SideEffectSpan:
    """One side effect with its days; ``started_on`` None: recorded before the diary."""

    effect: str
    started_on: date | None
    ended_on: date | None  # None while it lasts (or, with no start, not recorded)


class MedChangeKind(StrEnum):
    """What happened to a medication on the list."""

    STARTED = "started"
    DOSE = "dose"  # the dose changed
    TIMES = "times"  # the times changed
    STOPPED = "stopped"


@dataclass(frozen=True)
class MedChange:
    """One change on the medication list, as the report and charts show it."""

    name: str
    kind: MedChangeKind
    at: datetime  # UTC
    dose: str | None
    times: tuple[str, ...]
