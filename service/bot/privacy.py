"""Placeholder feature module (filled in by the security/privacy work)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler

from service.bot.state import Context

COMMANDS: tuple[str, ...] = ()


def handlers() -> list[BaseHandler[Update, Context, None]]:
    """This feature's handlers."""
    return []
