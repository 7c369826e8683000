"""What every handler and job needs, kept in the Application's typed ``bot_data``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from service.config import Settings
from service.db.engine import Database
from service.domain.clock import Clock, SystemClock
from service.scheduling.dispatcher import Dispatcher
from service.scheduling.leader import Leadership


@dataclass
class AppState:
    """Resources created in ``post_init`` and closed in ``post_shutdown``."""

    settings: Settings = field(init=False)
    db: Database = field(init=False)
    dispatcher: Dispatcher = field(init=False)
    leadership: Leadership = field(init=False)
    clock: Clock = field(default_factory=SystemClock)
    #: The instant (on ``clock``) the one wake-up job is armed for; None when nothing is due.
    armed_at: datetime | None = None
    #: Event type -> the features' listeners (service/bot/feature.py), in registry order.
    listeners: dict[type, list[Callable[..., Awaitable[Any]]]] = field(default_factory=dict)


Context = CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], AppState]
App = Application[ExtBot[Any], Context, dict[Any, Any], dict[Any, Any], AppState, Any]
