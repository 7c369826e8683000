"""The cycle's two plain reminders (not questions): "time to book" and the planned date.

Batched occurrence handlers: one query per table for the whole batch; nothing is sent for a
cycle that was removed. A reminder not sent within its 3-day grace window is only logged.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from service.bot.botox.store import KIND_OF, cycles_due
from service.bot.botox.views import booking_text, planned_date_view
from service.config import Settings
from service.db.models import BotoxCycle, Patient
from service.domain.botox import Step
from service.scheduling.dispatcher import Due, HandlerDefaults, OccurrenceHandler, Outgoing

log = logging.getLogger(__name__)


class _CycleReminder(HandlerDefaults):
    """Shared by both: find each reminder's cycle; send nothing if it is gone."""

    def render(self, cycle: BotoxCycle, patient: Patient) -> Outgoing:
        """The message for this reminder."""
        raise NotImplementedError

    async def prepare(
        self, *, session: AsyncSession, batch: Sequence[Due], now: datetime
    ) -> list[Outgoing | None]:
        """Each reminder, or None if its cycle is gone."""
        cycles = await cycles_due(session, batch)
        return [
            self.render(cycle, due.patient) if (cycle := cycles[due]) else None for due in batch
        ]

    async def missed(self, *, session: AsyncSession, batch: Sequence[Due], now: datetime) -> None:
        """A reminder not sent within its grace window (days of downtime): just logged."""
        for due in batch:
            log.info("botox reminder %s (%s) missed", due.occurrence.id, due.occurrence.kind)


class BookingReminder(_CycleReminder):
    """Time to book the next injection."""

    def render(self, cycle: BotoxCycle, patient: Patient) -> Outgoing:
        """The booking reminder with the planned date."""
        return Outgoing(booking_text(cycle, patient.language))


class PlannedDateReminder(_CycleReminder):
    """The planned injection date: a button logs the new one (today)."""

    def render(self, cycle: BotoxCycle, patient: Patient) -> Outgoing:
        """The planned-date reminder with "I had it today"."""
        text, markup = planned_date_view(cycle, patient.language)
        return Outgoing(text, markup)


def occurrence_handlers(_config: Settings) -> dict[str, OccurrenceHandler]:
    """The plain reminder kinds (the questions' kinds come from the lifecycle)."""
    return {KIND_OF[Step.BOOKING]: BookingReminder(), KIND_OF[Step.DUE]: PlannedDateReminder()}
