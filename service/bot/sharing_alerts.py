"""What a caregiver receives, sent by the delivery engine like every other message (restart-safe,
rate-limited, once): the weekly summary, the alert that the patient has gone quiet, the alert that
a warning sign after surgery was ticked, and the patient's appointment reminders.

Each occurrence belongs to the patient and names its share (``payload["share_id"]``). It is sent
to the caregiver's chat (``Outgoing.chat_id``) in the caregiver's language, and only while the
share exists and still grants it: a share ended or narrowed after the alert was booked sends
nothing. The warning-sign alert is ``urgent``: it goes out even while the patient has paused
their reminders.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.bot.common import when_in
from service.bot.sharing_store import (
    CARE_APPT,
    CARE_FLAG,
    CARE_QUIET,
    CARE_WEEKLY,
    fan_out,
    grants_of,
)
from service.bot.surgery_views import bullets
from service.config import Settings
from service.db.models import (
    Appointment,
    Caregiver,
    Checkin,
    CheckinStatus,
    Patient,
    Share,
)
from service.domain.care import tiers
from service.domain.sharing import quiet_alert_due
from service.domain.timezones import get_zone, local_date
from service.reports import load_summary
from service.reports.text import summary_text
from service.scheduling.batch import load_by_id, payload_id
from service.scheduling.dispatcher import Due, HandlerDefaults, OccurrenceHandler, Outgoing
from service.texts import fmt_date, t
from service.texts.keys import MessageKey

#: What an appointment reminder's kind becomes for the caregiver (the appointments feature's
#: occurrence kinds, see service/bot/appointments_store.py).
APPT_TEXT = {"appt_day_before": "care_appt_day_before", "appt_soon": "care_appt_soon"}


@dataclass
class _ToCaregiver(HandlerDefaults):
    """Loads each occurrence's share and caregiver; renders what is still granted."""

    default_zone: str = "UTC"
    grant: str = ""

    async def prepare(
        self, *, session: AsyncSession, batch: Sequence[Due], now: datetime
    ) -> list[Outgoing | None]:
        """Each message, to its caregiver; nothing when the share ended or no longer grants it."""
        shares = await load_by_id(
            session, Share, [payload_id(d.occurrence, "share_id") for d in batch]
        )
        carers = await load_by_id(session, Caregiver, [s.caregiver_id for s in shares.values()])
        out: list[Outgoing | None] = []
        for due in batch:
            share = shares.get(payload_id(due.occurrence, "share_id") or 0)
            carer = carers.get(share.caregiver_id) if share is not None else None
            if share is None or carer is None or due.patient.id != share.patient_id:
                out.append(None)
                continue
            if self.grant and not getattr(share, self.grant):
                out.append(None)
                continue
            text = await self.render(session, due, share, carer, now)
            out.append(Outgoing(text, chat_id=carer.chat_id) if text else None)
        return out

    async def render(
        self, session: AsyncSession, due: Due, share: Share, carer: Caregiver, now: datetime
    ) -> str | None:
        """The message in the caregiver's language (None: nothing to say)."""
        raise NotImplementedError


@dataclass
class WeeklyToCaregiver(_ToCaregiver):
    """The 7-day summary, as the patient's own weekly summary, without the notes unless the
    patient shares them, between a line naming whose diary it is and one saying how to stop."""

    grant: str = "weekly"

    async def render(
        self, session: AsyncSession, due: Due, share: Share, carer: Caregiver, now: datetime
    ) -> str | None:
        """The summary (one patient at a time: weekly, never a burst)."""
        lang, name = carer.language, share.patient_label
        summary = await load_summary(session, due.patient, 7, now, self.default_zone)
        if not share.notes:
            summary = replace(summary, notes=())
        body = summary_text(summary, 7, lang, weekly=True, footer=False)
        return "\n\n".join(
            [
                t("care_weekly_title", lang, name=name),
                body,
                t("care_weekly_footer", lang, name=name),
            ]
        )


@dataclass
class QuietToCaregiver(_ToCaregiver):
    """Every evening: told once per quiet spell, after the chosen number of days without a
    check-in (a skipped day counts as an answer: the patient was there)."""

    async def render(
        self, session: AsyncSession, due: Due, share: Share, carer: Caregiver, now: datetime
    ) -> str | None:
        """The alert, or nothing when the patient checked in lately or was told of already."""
        patient = due.patient
        zone = get_zone(patient.timezone or self.default_zone)
        today = local_date(now, zone)
        last = await _last_checkin(session, patient)
        since = local_date(share.created_at, zone)
        began = quiet_alert_due(
            today=today,
            last_checkin=last,
            shared_since=since,
            days=share.quiet_days,
            alerted_for=share.quiet_alerted_for,
        )
        if began is None:
            return None
        share.quiet_alerted_for = began
        session.add(share)
        lang, name, days = carer.language, share.patient_label, (today - began).days
        if last is not None and last >= since:
            text = t("care_quiet_alert", lang, name=name, days=days, last=fmt_date(last, lang))
        else:
            text = t(
                "care_quiet_alert_none", lang, name=name, days=days, since=fmt_date(since, lang)
            )
        return text + "\n" + t("care_quiet_advice", lang)


async def _last_checkin(session: AsyncSession, patient: Patient) -> date | None:
    stmt = select(func.max(col(Checkin.local_date))).where(
        col(Checkin.patient_id) == patient.id,
        col(Checkin.status).in_([CheckinStatus.COMPLETE, CheckinStatus.SKIPPED]),
    )
    value: Any = (await session.exec(stmt)).first()
    return value if isinstance(value, date) else None


@dataclass
class FlagToCaregiver(_ToCaregiver):
    """A warning sign after surgery was ticked: the signs, what the patient was told to do (the
    same two tiers, clinical.md), and the surgical team's number when the patient saved it."""

    grant: str = "red_flags"
    urgent: bool = True

    async def render(
        self, session: AsyncSession, due: Due, share: Share, carer: Caregiver, now: datetime
    ) -> str | None:
        """The alert in the emergency tier's words if any sign is in it, else the team's."""
        flags = [str(f) for f in (due.occurrence.payload or {}).get("flags", [])]
        emergency, team = tiers(flags)
        if not emergency and not team:
            return None
        lang, name = carer.language, share.patient_label
        key: MessageKey = "care_flag_emergency" if emergency else "care_flag_team"
        parts = [t(key, lang, name=name, signs=bullets([*emergency, *team], lang))]
        if due.patient.surgery_phone:
            parts.append(t("care_flag_phone", lang, phone=due.patient.surgery_phone))
        parts.append(t("care_flag_footer", lang))
        return "\n\n".join(parts)


@dataclass
class AppointmentToCaregiver(_ToCaregiver):
    """A copy of the patient's appointment reminder (the day before, or soon): only while the
    appointment is still scheduled and ahead."""

    grant: str = "appointments"

    async def render(
        self, session: AsyncSession, due: Due, share: Share, carer: Caregiver, now: datetime
    ) -> str | None:
        """'Reminder: Anna has an appointment tomorrow, Thu 3 Dec 14:30 with Dr Li.'"""
        payload = due.occurrence.payload or {}
        appt = await session.get(Appointment, payload_id(due.occurrence, "appointment_id") or 0)
        key = APPT_TEXT.get(str(payload.get("which")))
        if appt is None or key is None or appt.status != "scheduled" or appt.starts_at <= now:
            return None
        if appt.patient_id != due.patient.id:
            return None
        lang = carer.language
        when = when_in(appt.starts_at, due.patient.timezone or self.default_zone, lang)
        who = t("care_appt_with", lang, who=appt.with_whom) if appt.with_whom else ""
        return t(key, lang, name=share.patient_label, when=when, with_whom=who)  # type: ignore[arg-type]


async def share_appointment_reminders(
    session: AsyncSession, batch: Sequence[Due], now: datetime
) -> None:
    """The patient's appointment reminders just went out: a copy for each caregiver granted
    them (called by the appointments feature after its sends)."""
    for due in batch:
        appointment_id = payload_id(due.occurrence, "appointment_id")
        if appointment_id is None:
            continue
        await fan_out(
            session,
            due.patient,
            grant="appointments",
            kind=CARE_APPT,
            due_at=due.occurrence.due_at,
            now=now,
            payload={"appointment_id": appointment_id, "which": due.occurrence.kind},
        )


def occurrence_handlers(config: Settings) -> dict[str, OccurrenceHandler]:
    """Sharing's occurrence kinds."""
    zone = config.default_timezone
    return {
        CARE_WEEKLY: WeeklyToCaregiver(zone),
        CARE_QUIET: QuietToCaregiver(zone),
        CARE_FLAG: FlagToCaregiver(zone),
        CARE_APPT: AppointmentToCaregiver(zone),
    }


__all__ = ["grants_of", "occurrence_handlers", "share_appointment_reminders"]
