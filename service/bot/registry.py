"""The feature modules, in the order their handlers are registered and their commands listed.

Each feature module exposes ``COMMANDS`` (its command names, in menu order), ``handlers()``,
and, if it schedules messages, ``occurrence_handlers(settings)`` (kind -> handler).
"""

from __future__ import annotations

from types import ModuleType

from service.bot import (
    botox,
    care,
    checkin,
    data,
    medications,
    onboarding,
    privacy,
    reminders,
    settings,
    summary,
)
from service.config import Settings
from service.scheduling.dispatcher import OccurrenceHandler

FEATURES: tuple[ModuleType, ...] = (
    checkin,
    botox,
    care,
    medications,
    reminders,
    summary,
    data,
    privacy,
    settings,
    onboarding,
)
TRAILING_COMMANDS = ("help", "start")  # handled by chat / onboarding, listed last


def all_commands() -> list[str]:
    """Every command, in the order /help and the menu show them."""
    names: list[str] = []
    for feature in FEATURES:
        names += [c for c in getattr(feature, "COMMANDS", ()) if c not in TRAILING_COMMANDS]
    return [*names, *TRAILING_COMMANDS]


def occurrence_handlers(config: Settings) -> dict[str, OccurrenceHandler]:
    """Kind -> handler across all features; a kind may be claimed by one feature only."""
    kinds: dict[str, OccurrenceHandler] = {}
    for feature in FEATURES:
        factory = getattr(feature, "occurrence_handlers", None)
        if factory is None:
            continue
        for kind, handler in factory(config).items():
            if kind in kinds:
                raise RuntimeError(f"occurrence kind {kind!r} registered twice")
            kinds[kind] = handler
    return kinds
