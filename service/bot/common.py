"""Helpers shared by the feature modules: patients, zones, replies."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update

from service.bot.kit import keyboard as keyboard
from service.db.models import Patient
from service.domain.timezones import get_zone, local_date
from service.texts import fmt_date, fmt_time, t

CONSENT_PENDING = "consent"


async def get_patient(
    session: AsyncSession, chat_id: int, *, lock: bool = False
) -> Patient | None:
    """The patient of a chat, if any (row-locked on PostgreSQL when ``lock``).

    Handlers call this when the patient wrote to us, so a patient marked inactive (they had
    blocked the bot) is active again.
    """
    stmt = select(Patient).where(col(Patient.chat_id) == chat_id)
    if lock:
        stmt = stmt.with_for_update()
    patient = (await session.exec(stmt)).first()
    if patient is not None and not patient.active:
        patient.active = True
        session.add(patient)
    return patient


def has_consented(patient: Patient | None) -> bool:
    """True once the patient agreed to the welcome text."""
    return patient is not None and patient.consent_at is not None


def zone_of(patient: Patient, default: str = "UTC") -> ZoneInfo:
    """The patient's time zone (the operator's default until they set one)."""
    return get_zone(patient.timezone or default)


def today_of(patient: Patient, now: datetime, default: str = "UTC") -> date:
    """The patient's local date now."""
    return local_date(now, zone_of(patient, default))


def local_when(instant: datetime, patient: Patient, default: str = "UTC") -> str:
    """An instant as the patient reads it: 'Sat 21 Nov 09:00' (or just '09:00' for today)."""
    zone = zone_of(patient, default)
    local = instant.astimezone(zone)
    return f"{fmt_date(local.date(), patient.language)} {fmt_time(local, patient.language)}"


def chat_id_of(update: Update) -> int:
    """The chat an update belongs to (handlers are only registered for chat updates)."""
    chat = update.effective_chat
    assert chat is not None
    return chat.id


def command_args(text: str | None) -> str:
    """Everything after the command word, stripped."""
    if not text:
        return ""
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


def pause_text(patient: Patient, now: datetime, default: str = "UTC") -> str:
    """How the patient's reminders stand: on, paused until a date, or paused until /resume."""
    if not patient.paused or (patient.paused_until is not None and patient.paused_until <= now):
        return t("settings_active", patient.language)
    if patient.paused_until is None:
        return t("settings_paused", patient.language)
    resume = patient.paused_until.astimezone(zone_of(patient, default))
    return t("settings_paused_until", patient.language, until=fmt_date(resume.date()))
