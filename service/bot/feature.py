"""What a feature module declares, and the events features tell each other about.

Each feature module exposes one ``FEATURE = Feature(...)``: its commands (in menu order), its
button table, the typed answers it owns, the occurrence kinds it sends and the events it listens
to. Nothing is registered at import time; ``service.app.build_application`` wires the features in
the registry's order through the kit.

Events decouple features without import circles: the check-in publishes ``CheckinCompleted``;
the set-up (next question) and Botox (wear-off estimate) listen. A listener may return a Reply,
which is sent after the publisher's own reply. /reminders publishes ``SchedulesListed`` (a
feature names what its schedules are for) and ``ScheduleDeleted`` (it keeps its own record in
step), so the view of every schedule knows no feature.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import BaseHandler

from service.bot.dialog import Waiting
from service.bot.kit import Access, Buttons, CommandFn, Reply, Turn
from service.config import Settings
from service.db.models import Checkin, Schedule
from service.scheduling.dispatcher import OccurrenceHandler
from service.scheduling.lifecycle import ScheduledQuestion

if TYPE_CHECKING:
    from service.bot.state import Context

AnswerFn = Callable[[Turn, str], Awaitable[Reply | None]]


# ---- events -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CheckinCompleted:
    """A check-in's ratings are all in (the note may still follow)."""

    checkin: Checkin


@dataclass(frozen=True)
class CheckinClosed:
    """A check-in is finished: ratings in and the note given or skipped."""

    checkin: Checkin


@dataclass(frozen=True)
class SchedulesListed:
    """/reminders lists these schedules: a listener adds, by schedule id, what those of its
    feature are for (e.g. a medication's name and dose)."""

    schedules: Sequence[Schedule]
    details: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ScheduleDeleted:
    """The patient deleted this schedule in /reminders (it has ended): its feature keeps its
    own record in step (e.g. that time leaves the medication)."""

    schedule: Schedule


@dataclass(frozen=True)
class TreatmentsChosen:
    """The patient chose their current treatments (set-up or /settings, after Done): codes of
    ``service.domain.scales.Treatment``, e.g. {"botox", "medication"}; a listener may ask what
    follows from them (e.g. Botox: when was the last injection)."""

    treatments: frozenset[str]


@dataclass(frozen=True)
class InjectionLogged:
    """A new Botox injection was logged (not a same-day update): ``injection_id`` is its cycle."""

    injection_id: int | None  # the stored cycle's id
    day: date


@dataclass(frozen=True)
class SurgeryPlanned:
    """/surgery set a (new) surgery date; it replaces any plan before it."""

    day: date


@dataclass(frozen=True)
class Consented:
    """The patient agreed to the welcome text."""


@dataclass(frozen=True)
class StartLink:
    """/start came with an argument (a deep link ``t.me/<bot>?start=<payload>``): a listener
    that owns the payload answers it; no answer lets /start go on as usual."""

    payload: str


@dataclass(frozen=True)
class WarningSignTicked:
    """A warning sign after surgery was ticked for the first time on a day's screen: the signs
    ticked on it so far (codes of ``service.domain.care.RED_FLAGS``)."""

    check_id: int
    flags: tuple[str, ...]


@dataclass(frozen=True)
class LanguageChosen:
    """The patient chose the language the bot speaks with them."""

    lang: str


Event = (
    CheckinCompleted
    | CheckinClosed
    | SchedulesListed
    | ScheduleDeleted
    | TreatmentsChosen
    | InjectionLogged
    | SurgeryPlanned
    | Consented
    | LanguageChosen
    | StartLink
    | WarningSignTicked
)
Listener = Callable[[Turn, Any], Awaitable[Reply | None]]


# ---- declarations -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Command:
    """A ``/name`` command and what it does."""

    name: str
    run: CommandFn
    access: Access = Access.CONSENTED
    listed: bool = True  # shown in /help and the command menu


@dataclass(frozen=True)
class Feature:
    """Everything a feature module contributes to the bot."""

    name: str
    commands: Sequence[Command] = ()
    buttons: Buttons | None = None
    answers: Mapping[Waiting, AnswerFn] = field(default_factory=dict)
    occurrences: Callable[[Settings], Mapping[str, OccurrenceHandler]] | None = None
    #: Scheduled questions, each sent through the one reminder lifecycle; called with the
    #: operator's ``default_zone`` (a question with a ``configure(settings)`` method is then
    #: given the operator's settings).
    questions: Sequence[Callable[..., ScheduledQuestion[Any]]] = ()
    listens: Mapping[type, Listener] = field(default_factory=dict)
    #: Free text while no typed answer is awaited: a feature may still take it (e.g. the note
    #: while a check-in's rating question is open); None passes it on.
    unasked: AnswerFn | None = None
    extra_handlers: Callable[[], Sequence[BaseHandler[Update, Context, None]]] | None = None
    #: Run once when this replica starts leading, in a transaction of its own, before the
    #: dispatcher is armed (e.g. plan what patients who existed before the feature need).
    at_start: Callable[[AsyncSession, datetime, Settings], Awaitable[None]] | None = None


async def publish(turn: Turn, event: object) -> Reply | None:
    """Tell every listening feature about ``event``; their replies, chained in order."""
    first: Reply | None = None
    for listener in turn.state.listeners.get(type(event), ()):
        reply = await listener(turn, event)
        if reply is None:
            continue
        first = reply if first is None else first.followed_by(reply)
    return first
