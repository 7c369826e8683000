"""The dose reminder as a scheduled question on the one reminder lifecycle.

At each daily time (kind ``med_dose``) the prompt records the dose as ``pending`` and asks:
Taken / In 30 min / Skip. The lifecycle does the rest: one repeat an hour later
(``med_repeat``), only while the dose is unanswered, no snooze is waiting and the time is not
in back-off; the snoozed reminder (``med_snooze``); and the close (``med_close``) at the next
dose of the same medication, which records an unanswered dose as missed. A dose whose close did
not run (everything was paused) is settled lazily, when the next reminder is prepared.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from service.bot.medication_store import (
    KINDS,
    closes_at,
    doses_for,
    medications_of,
    settle_overdue,
)
from service.bot.medication_views import dose_view
from service.db.models import DoseLog, Medication, Patient, Schedule
from service.domain.medications import DoseOutcome
from service.domain.timezones import get_zone
from service.scheduling.batch import load_by_id, payload_id
from service.scheduling.dispatcher import Due, Outgoing, is_paused
from service.scheduling.lifecycle import Kinds, Moment, ScheduledQuestion
from service.texts import t
from service.texts.keys import MessageKey

REPEAT_AFTER = timedelta(hours=1)
INTRO: dict[Moment, MessageKey] = {
    Moment.FOLLOWUP: "med_dose_repeat",
    Moment.SNOOZED: "med_dose_again",
}


class Dose(SQLModel):
    """What a dose question is about: one dose with its medication (for its name, its times and
    so its close). Not a table: the rows are ``log`` and ``medication``."""

    log: DoseLog
    medication: Medication

    @property
    def id(self) -> int | None:
        """The dose's id (what the lifecycle's occurrences carry as ``dose_id``)."""
        return self.log.id


@dataclass
class DoseQuestion(ScheduledQuestion[Dose]):
    """A dose reminder through the one lifecycle; closes at the medication's next dose."""

    default_zone: str = "UTC"
    kinds: Kinds = KINDS
    model: type[Dose] = Dose
    ref: str = "dose_id"
    followup_after: timedelta | None = REPEAT_AFTER

    def name_of(self, item: Dose) -> str | None:
        """'Carbamazepine 200 mg' (the pause question names the medication)."""
        med = item.medication
        return f"{med.name} {med.dose}" if med.dose else med.name

    def zone_name(self, patient: Patient) -> str:
        """The patient's zone (the operator's default until they set one)."""
        return patient.timezone or self.default_zone

    async def open(
        self, session: AsyncSession, batch: Sequence[Due], now: datetime, *, asking: bool
    ) -> list[Dose | None]:
        """The dose each reminder is about, recorded as pending; none for a stopped medication
        (and, for a reminder not sent in time, none if everything was paused when it was due:
        a paused day has no doses). Older doses of these medications that have closed are
        settled as missed first."""
        counted = [
            d
            for d in batch
            if asking or not is_paused(d.patient, d.occurrence.due_at, d.occurrence.kind)
        ]
        meds = await _medications(session, counted)
        zones = {med.id: (med, self.zone_name(due.patient)) for due, med in meds.items()}
        await settle_overdue(session, list(zones.values()), now)
        logs = await doses_for(
            session, [(med, due.occurrence.due_at) for due, med in meds.items()]
        )
        found: dict[Due, Dose] = {}
        for due, med in meds.items():
            assert med.id is not None
            found[due] = Dose(log=logs[(med.id, due.occurrence.due_at)], medication=med)
        return [found.get(due) for due in batch]

    async def load(self, session: AsyncSession, batch: Sequence[Due]) -> dict[Due, Dose]:
        """The doses the batch's repeats, snoozes and closes name (row-locked), with their
        medications; two queries for the batch."""
        logs = await load_by_id(
            session, DoseLog, [payload_id(d.occurrence, self.ref) for d in batch], lock=True
        )
        meds = await load_by_id(session, Medication, [log.medication_id for log in logs.values()])
        found: dict[Due, Dose] = {}
        for due in batch:
            ref = payload_id(due.occurrence, self.ref)
            log = logs.get(ref) if ref is not None else None
            if log is None or log.patient_id != due.patient.id:
                continue
            med = meds.get(log.medication_id)
            if med is not None:
                found[due] = Dose(log=log, medication=med)
        return found

    def is_open(self, item: Dose) -> bool:
        """Neither taken, skipped nor missed."""
        return item.log.outcome == DoseOutcome.PENDING

    def untouched(self, item: Dose) -> bool:
        """Not answered by the patient: still pending, or already settled as missed (the
        list, a tap or the next reminder may settle a dose before its close runs; it still
        counts as unanswered for the back-off)."""
        return item.log.outcome in (DoseOutcome.PENDING, DoseOutcome.MISSED)

    def closes_at(self, item: Dose, due: Due, zone_name: str) -> datetime:
        """At the next dose of the same medication."""
        return closes_at(item.medication, item.log, zone_name)

    def render(self, item: Dose, patient: Patient, moment: Moment) -> Outgoing | None:
        """The reminder (nothing for a medication stopped meanwhile); the repeat and the
        snoozed one say so above it."""
        if not item.medication.active:
            return None
        lang = patient.language
        intro = t(INTRO[moment], lang) if moment in INTRO else None
        zone = get_zone(self.zone_name(patient))
        text, markup = dose_view(item.medication, item.log, zone, lang, intro=intro)
        return Outgoing(text, markup)

    def shown(self, session: AsyncSession, item: Dose, message_id: int | None) -> None:
        """Remember the newest reminder message of the dose."""
        if message_id is not None and (item.log.prompt_message_id or 0) < message_id:
            item.log.prompt_message_id = message_id
            session.add(item.log)

    async def close(
        self, session: AsyncSession, items: Sequence[tuple[Due, Dose]], now: datetime
    ) -> None:
        """The next dose is due: the medications' unanswered doses become missed."""
        meds = {
            item.medication.id: (item.medication, self.zone_name(due.patient))
            for due, item in items
        }
        await settle_overdue(session, list(meds.values()), now)


async def _medications(session: AsyncSession, batch: Sequence[Due]) -> dict[Due, Medication]:
    """Each reminder's active medication, through its schedule (two queries for the batch)."""
    schedules = await load_by_id(session, Schedule, [d.occurrence.schedule_id for d in batch])
    meds = await medications_of(session, schedules.values())
    return {
        due: med
        for due in batch
        if (med := meds.get(due.occurrence.schedule_id)) is not None and med.active
    }
