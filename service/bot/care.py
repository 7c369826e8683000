"""Care: doctor's appointments, the follow-up after MVD surgery and the care team's phone
numbers, as one feature.

The parts live in ``appointments``, ``surgery`` and ``contacts``; this module only combines
their commands, handlers and occurrence kinds for the registry.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler

from service.bot import appointments, contacts, surgery
from service.bot.state import Context
from service.config import Settings
from service.scheduling.dispatcher import OccurrenceHandler

COMMANDS: tuple[str, ...] = (*appointments.COMMANDS, *surgery.COMMANDS, *contacts.COMMANDS)


def handlers() -> list[BaseHandler[Update, Context, None]]:
    """Appointment, after-surgery and care-team phone handlers."""
    return [*appointments.handlers(), *surgery.handlers(), *contacts.handlers()]


def occurrence_handlers(config: Settings) -> dict[str, OccurrenceHandler]:
    """Appointment and after-surgery occurrence kinds."""
    return {**appointments.occurrence_handlers(config), **surgery.occurrence_handlers(config)}
