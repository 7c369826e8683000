"""The set-up after /start as a pure step machine: which question comes after which.

Order: time zone, check-in time, a first check-in (so a newcomer has stored ratings within a few
taps), affected side, treatment. Every step can be skipped; a patient who wants no daily check-in
is not asked for a first one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SetupStep(StrEnum):
    """One question of the set-up."""

    TIMEZONE = "timezone"
    TIME = "time"
    FIRST_CHECKIN = "first_checkin"
    SIDE = "side"
    TREATMENT = "treatment"


ORDER: tuple[SetupStep, ...] = tuple(SetupStep)


@dataclass(frozen=True)
class SetupFacts:
    """What the answers so far decide about the steps ahead."""

    checkins_on: bool = True  # the patient chose a daily check-in time


def first_step() -> SetupStep:
    """The first question after consent."""
    return ORDER[0]


def next_step(done: SetupStep, facts: SetupFacts) -> SetupStep | None:
    """The step after ``done`` (None: the set-up is complete)."""
    index = ORDER.index(done) + 1
    while index < len(ORDER):
        step = ORDER[index]
        if step is SetupStep.FIRST_CHECKIN and not facts.checkins_on:
            index += 1
            continue
        return step
    return None
