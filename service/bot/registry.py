"""The features, in the order their handlers are registered and their commands listed.

Each feature module exposes ``FEATURE`` (a ``service.bot.feature.Feature``); this module turns
the declarations into python-telegram-bot handlers (through the kit), the one table of typed
answers, the event listeners and the scheduled questions' lifecycles.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from types import ModuleType
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler

from service.bot import (
    appointments,
    botox,
    care_link,
    checkin,
    contacts,
    data,
    language,
    medications,
    onboarding,
    privacy,
    questionnaires,
    reminders,
    report_name,
    settings,
    sharing,
    summary,
    surgery,
)
from service.bot.dialog import Waiting
from service.bot.feature import AnswerFn, Feature, LanguageChosen, Listener
from service.bot.kit import Turn, command
from service.bot.state import AppState, Context
from service.config import Settings
from service.scheduling.dispatcher import OccurrenceHandler
from service.scheduling.lifecycle import Lifecycle
from service.texts import t
from service.texts.families import COMMAND

log = logging.getLogger(__name__)

MODULES: tuple[ModuleType, ...] = (
    checkin,
    botox,
    appointments,
    surgery,
    contacts,
    medications,
    questionnaires,
    reminders,
    summary,
    sharing,
    care_link,
    data,
    privacy,
    settings,
    report_name,
    language,
    onboarding,
)
TRAILING_COMMANDS = ("help", "start")  # handled by chat / onboarding, listed last


FEATURES: tuple[Feature, ...] = tuple(m.FEATURE for m in MODULES)


def all_commands() -> list[str]:
    """Every listed command, in the order /help and the menu show them."""
    names: list[str] = []
    for feature in FEATURES:
        names += [c.name for c in feature.commands if c.listed and c.name not in TRAILING_COMMANDS]
    return [*names, *TRAILING_COMMANDS]


def handlers() -> list[BaseHandler[Update, Context, None]]:
    """Every feature's PTB handlers, in registry order, built through the kit."""
    built: list[BaseHandler[Update, Context, None]] = []
    for feature in FEATURES:
        if feature.extra_handlers is not None:
            built += feature.extra_handlers()
        built += [command(c.name, c.run, access=c.access) for c in feature.commands]
        if feature.buttons is not None:
            built.append(feature.buttons.handler())
    return built


def answers() -> dict[Waiting, AnswerFn]:
    """The one dispatch table for typed answers; each Waiting value has exactly one owner."""
    table: dict[Waiting, AnswerFn] = {}
    for feature in FEATURES:
        for waiting, fn in feature.answers.items():
            if waiting in table:
                raise RuntimeError(f"typed answer {waiting!r} claimed twice")
            table[waiting] = fn
    return table


def unasked() -> list[AnswerFn]:
    """Who may take free text while no typed answer is awaited, in registry order."""
    return [feature.unasked for feature in FEATURES if feature.unasked is not None]


def listeners() -> dict[type, list[Listener]]:
    """Event type -> listeners, in registry order."""
    table: dict[type, list[Listener]] = {LanguageChosen: [_menu_in_language]}
    for feature in FEATURES:
        for event, fn in feature.listens.items():
            table.setdefault(event, []).append(fn)
    return table


def bot_commands(lang: str = "en") -> list[BotCommand]:
    """The command menu registered with setMyCommands."""
    return [BotCommand(name, t(COMMAND[name], lang)) for name in all_commands()]


async def _menu_in_language(turn: Turn, event: LanguageChosen) -> None:
    """This chat's own command menu in the chosen language (Telegram shows it before the one
    for the app's language)."""
    try:
        await turn.update.get_bot().set_my_commands(
            bot_commands(event.lang), scope=BotCommandScopeChat(turn.chat_id)
        )
    except TelegramError as error:  # the menu is a convenience: the choice is stored anyway
        log.warning("could not set the command menu for chat %s: %s", turn.chat_id, error)


def lifecycles(config: Settings) -> list[Lifecycle[Any]]:
    """Every scheduled question with its reminder lifecycle, configured from the settings."""
    default_zone = config.default_timezone
    hours = timedelta(hours=config.checkin_followup_hours)
    made: list[Lifecycle[Any]] = []
    for feature in FEATURES:
        for factory in feature.questions:
            question = factory(default_zone=default_zone)
            configure = getattr(question, "configure", None)
            if configure is not None:
                configure(config)
            made.append(
                Lifecycle(
                    question,
                    zone_of=lambda patient: patient.timezone or default_zone,
                    followup_after=(question.followup_after or hours)
                    if question.follow_up
                    else None,
                    offer_pause=reminders.offer_pause,
                )
            )
    return made


async def at_start(state: AppState) -> None:
    """Every feature's start-up work, in one transaction (the dispatcher is armed after it)."""
    hooks = [f.at_start for f in FEATURES if f.at_start is not None]
    if not hooks:
        return
    async with state.db.transaction() as session:
        now = state.clock.now()
        for hook in hooks:
            await hook(session, now, state.settings)


def occurrence_handlers(config: Settings) -> dict[str, OccurrenceHandler]:
    """Kind -> handler across all features; a kind may be claimed by one feature only."""
    kinds: dict[str, OccurrenceHandler] = {}
    sources: list[Mapping[str, OccurrenceHandler]] = [
        feature.occurrences(config) for feature in FEATURES if feature.occurrences is not None
    ]
    sources += [life.handlers() for life in lifecycles(config)]
    for made in sources:
        for kind, handler in made.items():
            if kind in kinds:
                raise RuntimeError(f"occurrence kind {kind!r} registered twice")
            kinds[kind] = handler
    return kinds
