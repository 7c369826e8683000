"""Helpers shared by the feature modules: consent, the patient's zone and local day, pauses.

The zone helpers take the operator's default zone explicitly (a patient who has not set one
lives in it); there is no second, hidden default."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from service.bot.kit import keyboard as keyboard
from service.db.models import Patient
from service.domain.timezones import get_zone, local_date
from service.texts import fmt_date, fmt_time, t


def has_consented(patient: Patient | None) -> bool:
    """True once the patient agreed to the welcome text."""
    return patient is not None and patient.consent_at is not None


def zone_of(patient: Patient, default: str) -> ZoneInfo:
    """The patient's time zone (the operator's default until they set one)."""
    return get_zone(patient.timezone or default)


def today_of(patient: Patient, now: datetime, default: str) -> date:
    """The patient's local date now."""
    return local_date(now, zone_of(patient, default))


def local_when(instant: datetime, patient: Patient, default: str) -> str:
    """An instant as the patient reads it: 'Sat 21 Nov 09:00' (or just '09:00' for today)."""
    return when_in(instant, patient.timezone or default, patient.language)


def when_in(instant: datetime, zone_name: str, lang: str) -> str:
    """An instant on the clock of ``zone_name``, in ``lang``: 'Thu 3 Dec 10:00'."""
    local = instant.astimezone(get_zone(zone_name))
    return f"{fmt_date(local.date(), lang)} {fmt_time(local, lang)}"


def pause_text(patient: Patient, now: datetime, default: str) -> str:
    """How the patient's reminders stand: on, paused until a date, or paused until /resume."""
    if not patient.paused or (patient.paused_until is not None and patient.paused_until <= now):
        return t("settings_active", patient.language)
    if patient.paused_until is None:
        return t("settings_paused", patient.language)
    resume = patient.paused_until.astimezone(zone_of(patient, default))
    return t(
        "settings_paused_until", patient.language, until=fmt_date(resume.date(), patient.language)
    )
