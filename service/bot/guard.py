"""Placeholder: checks that run before any feature (filled in by the security work)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler

from service.bot.state import Context


def handlers() -> list[BaseHandler[Update, Context, None]]:
    """Handlers registered in group -2, before everything else."""
    return []
