"""Care: doctor's appointments and the follow-up after MVD surgery, as one feature.

The two halves live in ``appointments`` and ``surgery``; this module only combines their
commands, handlers and occurrence kinds for the registry.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler

from service.bot import appointments, surgery
from service.bot.state import Context
from service.config import Settings
from service.scheduling.dispatcher import OccurrenceHandler

COMMANDS: tuple[str, ...] = (*appointments.COMMANDS, *surgery.COMMANDS)


def handlers() -> list[BaseHandler[Update, Context, None]]:
    """Appointment and after-surgery handlers."""
    return [*appointments.handlers(), *surgery.handlers()]


def occurrence_handlers(config: Settings) -> dict[str, OccurrenceHandler]:
    """Appointment and after-surgery occurrence kinds."""
    return {**appointments.occurrence_handlers(config), **surgery.occurrence_handlers(config)}
