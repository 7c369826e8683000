"""What an appointment sends on its own: the reminder the day before (with a line about the last
90 days and the doctor's report a tap away), the reminder two hours before, and the after-visit
question "what changed?".

The reminders are plain batched occurrence handlers. The after-visit question is a scheduled
question on the one reminder lifecycle (``AfterVisitQuestion``): unanswered, it is asked once
more ``CHECKIN_FOLLOWUP_HOURS`` later, but never in the quiet hours (it closes at 21:00 local, or
at the end of the day for a question sent later); an answer drops the follow-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from service.bot.appointments_store import (
    AFTER_VISIT,
    KIND_DAY_BEFORE,
    KIND_SOON,
    SCHEDULED,
    appointments_of,
)
from service.bot.appointments_views import (
    action_buttons,
    day_before_text,
    followup_question,
    outcome_keyboard,
    soon_text,
)
from service.bot.common import today_of, zone_of
from service.bot.kit import keyboard
from service.bot.sharing_alerts import share_appointment_reminders
from service.bot.summary import report_button
from service.config import Settings
from service.db.models import Appointment, Patient
from service.domain.care import QUIET_FROM
from service.domain.timezones import get_zone, local_date, resolve_local
from service.reports import summary_line
from service.scheduling.dispatcher import Due, HandlerDefaults, OccurrenceHandler, Outgoing
from service.scheduling.lifecycle import Kinds, Moment, ScheduledQuestion
from service.texts import t


@dataclass
class _BeforeVisit(HandlerDefaults):
    """A reminder before the visit: sent only while the appointment is still scheduled and
    ahead, so a cancelled or moved one never produces a message."""

    default_zone: str

    async def prepare(
        self, *, session: AsyncSession, batch: Sequence[Due], now: datetime
    ) -> list[Outgoing | None]:
        """Each reminder, unless the appointment was cancelled, moved or has started."""
        appts = await appointments_of(session, batch)
        out: list[Outgoing | None] = []
        for due in batch:
            appt = appts.get(due)
            if appt is None or appt.status != SCHEDULED or appt.starts_at <= now:
                out.append(None)
            else:
                out.append(await self.build(session, appt, due.patient, now))
        return out

    async def build(
        self, session: AsyncSession, appt: Appointment, patient: Patient, now: datetime
    ) -> Outgoing:
        """This kind's message."""
        raise NotImplementedError

    async def sent(self, *, session: AsyncSession, batch: Sequence[Due], now: datetime) -> None:
        """A copy for each caregiver the patient shares appointment reminders with."""
        await share_appointment_reminders(session, batch, now)


class DayBeforeHandler(_BeforeVisit):
    """The day before: the visit, what to bring along, the report, Change / Cancel."""

    async def build(
        self, session: AsyncSession, appt: Appointment, patient: Patient, now: datetime
    ) -> Outgoing:
        """The reminder with the last 90 days in one line (a summary per patient: the day
        before a visit is never a burst)."""
        zone, lang = self.default_zone, patient.language
        start_day = appt.starts_at.astimezone(zone_of(patient, zone)).date()
        late = start_day == today_of(patient, now, zone)  # sent late, after midnight
        summary = await summary_line(session, patient, now, default_zone=zone)
        text = day_before_text(appt, patient, zone, late=late, summary=summary)
        assert patient.id is not None
        return Outgoing(
            text, keyboard([[report_button(patient.id, lang)], action_buttons(appt, lang)])
        )


class SoonHandler(_BeforeVisit):
    """Two hours before."""

    async def build(
        self, session: AsyncSession, appt: Appointment, patient: Patient, now: datetime
    ) -> Outgoing:
        """'Coming up soon, at 14:30: your appointment'."""
        return Outgoing(soon_text(appt, patient, self.default_zone))


@dataclass
class AfterVisitQuestion(ScheduledQuestion[Appointment]):
    """After the visit: what changed? Open until answered (the schedule's ``ref_id`` is the
    appointment)."""

    default_zone: str = "UTC"
    kinds: Kinds = AFTER_VISIT
    model: type[Appointment] = Appointment
    ref: str = "appointment_id"

    def is_open(self, item: Appointment) -> bool:
        """Neither answered nor cancelled."""
        return item.status == SCHEDULED

    def closes_at(self, item: Appointment, due: Due, zone_name: str) -> datetime:
        """21:00 local on the question's day (no follow-up in the quiet hours), or the end of
        that day if it was due later."""
        zone = get_zone(zone_name)
        day = local_date(due.occurrence.due_at, zone)
        quiet = resolve_local(datetime.combine(day, QUIET_FROM), zone)
        if quiet > due.occurrence.due_at:
            return quiet
        return super().closes_at(item, due, zone_name)

    def render(self, item: Appointment, patient: Patient, moment: Moment) -> Outgoing:
        """The question with one button per answer; the follow-up with a line on top."""
        text = followup_question(item, patient, self.default_zone)
        if moment is Moment.FOLLOWUP:
            text = t("appt_followup_reminder", patient.language) + "\n\n" + text
        return Outgoing(text, outcome_keyboard(item, patient.language))


def occurrence_handlers(config: Settings) -> dict[str, OccurrenceHandler]:
    """The reminders' occurrence kinds (the after-visit question's come from the lifecycle)."""
    zone = config.default_timezone
    return {KIND_DAY_BEFORE: DayBeforeHandler(zone), KIND_SOON: SoonHandler(zone)}
