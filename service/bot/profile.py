"""The patient's settings: time zone, daily check-in time, side, treatment, pause.

Used by onboarding, by /settings buttons and by the direct commands, so each rule lives once.
The set-up's button payloads (``pf:...``) live here, beside the keyboards that carry them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from babel.dates import get_timezone_location
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from service.bot.callbacks import Callback, callback
from service.bot.common import local_when, today_of, zone_of
from service.bot.dialog import Waiting, stop_waiting
from service.bot.kit import keyboard
from service.db.models import Patient, Schedule, ScheduleAnchor, ScheduleKind, ScheduleState
from service.domain.numbers import is_number, read_int
from service.domain.recurrence import Recurrence
from service.domain.scales import Side, Treatment, treatments_of, treatments_value
from service.domain.scales import toggle_treatment as toggle
from service.domain.timezones import ZoneMatch, get_zone, local_day_bounds, parse_local_time
from service.scheduling.dispatcher import set_schedule
from service.texts import DEFAULT_LANGUAGE, fmt_date, fmt_time, t
from service.texts.families import BTN_TREATMENT, SIDE, TREATMENT

COMMON_TIMES = ("07:00", "08:00", "09:00", "10:00", "12:00", "18:00", "20:00", "21:00")
CHECKIN_GRACE_MINUTES = 120


# ---- button payloads ----------------------------------------------------------------------------
@callback("pf:consent:{answer}")
@dataclass(frozen=True)
class ConsentTap(Callback):
    """'I agree' / 'Not now' under the welcome text."""

    answer: Literal["yes", "no"]


@callback("lg:{lang}")
@dataclass(frozen=True)
class LanguageTap(Callback):
    """A language button (/language, /settings, the welcome): a catalogue id, or "ask"."""

    lang: str


def consent_keyboard(lang: str) -> InlineKeyboardMarkup:
    """'I agree' / 'Not now', and the language (read the welcome in another one first)."""
    return keyboard(
        [
            [(t("btn_consent_yes", lang), ConsentTap("yes"))],
            [(t("btn_consent_no", lang), ConsentTap("no"))],
            [(t("btn_set_language", lang), LanguageTap("ask"))],
        ]
    )


@callback("pf:time:{choice}")
@dataclass(frozen=True)
class TimeTap(Callback):
    """A check-in time button: 'HHMM', or 'off' for no daily check-in."""

    choice: str


@callback("pf:side:{side}")
@dataclass(frozen=True)
class SideTap(Callback):
    """Left / Right."""

    side: Side


@callback("pf:tr:{treatment}")
@dataclass(frozen=True)
class TreatmentTap(Callback):
    """One of the treatments."""

    treatment: Treatment


@callback("pf:tr:done")
@dataclass(frozen=True)
class TreatmentsDoneTap(Callback):
    """Done ticking treatments."""


@callback("pf:{step}:skip")
@dataclass(frozen=True)
class SkipTap(Callback):
    """Skip the first check-in, the side or the treatment question (set-up)."""

    step: Literal["ci", "side", "tr"]


@callback("pf:zone:{zone}")
@dataclass(frozen=True)
class ZoneTap(Callback):
    """Use this IANA zone: a city offered for a typed offset, the fixed offset itself, or
    'Yes' to the zone of a shared location."""

    zone: str


@callback("pf:nozone")
@dataclass(frozen=True)
class KeepZoneTap(Callback):
    """'No' to the zone of a shared location: nothing changes."""


# ---- questions ----------------------------------------------------------------------------------
def timezone_keyboard(lang: str) -> ReplyKeyboardMarkup:
    """Reply keyboard with 'Share my location' and 'Skip'."""
    return ReplyKeyboardMarkup(
        [
            [KeyboardButton(t("btn_share_location", lang), request_location=True)],
            [KeyboardButton(t("btn_skip", lang))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def offset_keyboard(lang: str, fixed: ZoneMatch, cities: tuple[str, ...]) -> InlineKeyboardMarkup:
    """The places at a typed offset right now, two a row, then 'Keep UTC+02:00'."""
    buttons: list[tuple[str, Callback]] = [(city_of(zone, lang), ZoneTap(zone)) for zone in cities]
    rows: list[list[tuple[str, Callback]]] = [
        buttons[i : i + 2] for i in range(0, len(buttons), 2)
    ]
    rows.append([(t("btn_keep_offset", lang, offset=fixed.label), ZoneTap(fixed.zone))])
    return keyboard(rows)


def location_keyboard(lang: str, zone: str) -> InlineKeyboardMarkup:
    """Yes (use the shared location's zone) / No."""
    return keyboard(
        [[(t("btn_zone_yes", lang), ZoneTap(zone)), (t("btn_zone_no", lang), KeepZoneTap())]]
    )


def time_keyboard(lang: str) -> InlineKeyboardMarkup:
    """Common check-in times as buttons, four a row, and 'No daily check-in'."""
    buttons: list[tuple[str, Callback]] = [
        (hhmm, TimeTap(hhmm.replace(":", ""))) for hhmm in COMMON_TIMES
    ]
    rows = [buttons[i : i + 4] for i in range(0, len(buttons), 4)]
    rows.append([(t("btn_checkin_off", lang), TimeTap("off"))])
    return keyboard(rows)


def skip_button(lang: str, step: Literal["ci", "side", "tr"]) -> InlineKeyboardButton:
    """A set-up step's Skip button."""
    return InlineKeyboardButton(t("btn_skip", lang), callback_data=SkipTap(step).encode())


def side_keyboard(lang: str, *, setup: bool = True) -> InlineKeyboardMarkup:
    """Left / Right, and Skip during the set-up."""
    rows: list[list[tuple[str, Callback]]] = [
        [
            (t("btn_side_left", lang), SideTap(Side.LEFT)),
            (t("btn_side_right", lang), SideTap(Side.RIGHT)),
        ]
    ]
    if setup:
        rows.append([(t("btn_skip", lang), SkipTap("side"))])
    return keyboard(rows)


def treatment_keyboard(
    lang: str, chosen: frozenset[str] = frozenset(), *, setup: bool = True
) -> InlineKeyboardMarkup:
    """One button per treatment, ticked when chosen (several can be), then Done (and Skip
    during the set-up)."""
    rows: list[list[tuple[str, Callback]]] = []
    for tr in Treatment:
        label = t(BTN_TREATMENT[tr.value], lang)
        rows.append([(f"✓ {label}" if tr.value in chosen else label, TreatmentTap(tr))])
    last: list[tuple[str, Callback]] = [(t("btn_treatments_done", lang), TreatmentsDoneTap())]
    if setup:
        last.append((t("btn_skip", lang), SkipTap("tr")))
    rows.append(last)
    return keyboard(rows)


def treatments_text(value: str | None, lang: str) -> str:
    """The stored treatments in words ("Botox injections, medication"), or "not set"."""
    codes = [tr.value for tr in Treatment if tr.value in treatments_of(value)]
    if not codes:
        return t("settings_not_set", lang)
    return ", ".join(t(TREATMENT[code], lang) for code in codes)


# ---- setters ------------------------------------------------------------------------------------
async def checkin_schedule(session: AsyncSession, patient: Patient) -> Schedule | None:
    """The patient's daily check-in schedule, if one was ever made."""
    stmt = select(Schedule).where(
        col(Schedule.patient_id) == patient.id, col(Schedule.kind) == ScheduleKind.CHECKIN
    )
    return (await session.exec(stmt)).first()


async def set_timezone(
    session: AsyncSession, patient: Patient, match: ZoneMatch, now: datetime
) -> str:
    """Store the zone and move every schedule to it; the confirmation text."""
    patient.timezone = match.zone
    stop_waiting(patient, Waiting.TIMEZONE)
    session.add(patient)
    schedules = (
        await session.exec(select(Schedule).where(col(Schedule.patient_id) == patient.id))
    ).all()
    for schedule in schedules:
        if schedule.anchor == ScheduleAnchor.INSTANT:
            continue  # an appointment stays at its real time when the patient's zone changes
        schedule.timezone = match.zone
        if schedule.state == ScheduleState.ACTIVE:
            await set_schedule(session, schedule=schedule, now=now)
    local_now = now.astimezone(get_zone(match.zone))
    lang = patient.language
    # The city names we find are English (GeoNames): other languages get the zone in their words.
    named = match.how not in ("offset", "iana") and lang != DEFAULT_LANGUAGE
    return t(
        "timezone_set",
        lang,
        label=zone_in_words(match.zone, lang) if named else match.label,
        local_time=fmt_time(local_now, patient.language),
    )


async def set_checkin_time(
    session: AsyncSession,
    patient: Patient,
    at: time | None,
    now: datetime,
    default_zone: str,
    *,
    grace_minutes: int = CHECKIN_GRACE_MINUTES,
) -> str:
    """Turn the daily check-in on at ``at`` (local) or off (None); the confirmation text."""
    lang = patient.language
    schedule = await checkin_schedule(session, patient)
    stop_waiting(patient, Waiting.CHECKIN_TIME)
    if at is None:
        patient.checkin_time = None
        session.add(patient)
        if schedule is not None:
            schedule.state = ScheduleState.ENDED
            schedule.next_due_at = None
            session.add(schedule)
        return t("checkin_time_off", lang)
    zone_name = patient.timezone or default_zone
    patient.checkin_time = at.strftime("%H:%M")
    session.add(patient)
    # Start the rule on yesterday's date: next_after() then finds today's time if still ahead.
    start_day = today_of(patient, now, default_zone) - timedelta(days=1)
    rec = Recurrence.daily(at, zone_name, start_day)
    if schedule is None:
        assert patient.id is not None
        schedule = Schedule(
            patient_id=patient.id,
            kind=ScheduleKind.CHECKIN,
            rule=rec.rule,
            start_local=rec.start_local,
            timezone=zone_name,
            grace_minutes=grace_minutes,
            created_at=now,
        )
    schedule.rule = rec.rule
    schedule.start_local = rec.start_local
    schedule.timezone = zone_name
    schedule.grace_minutes = grace_minutes
    schedule.state = ScheduleState.ACTIVE
    await set_schedule(session, schedule=schedule, now=now)
    return t("checkin_time_set", lang, time=patient.checkin_time, zone=zone_name)


def parse_time_choice(value: str) -> time | None:
    """A time from a button ('0900') or a typed reply ('9:00', '21h')."""
    if len(value) == 4 and is_number(value):
        hours, minutes = read_int(value[:2]), read_int(value[2:])
        if hours is not None and minutes is not None and hours < 24 and minutes < 60:
            return time(hours, minutes)
        return None
    return parse_local_time(value)


def set_side(patient: Patient, value: str) -> str | None:
    """Store the affected side; the confirmation, or None when skipped or invalid."""
    if value not in {s.value for s in Side}:
        return None
    patient.side = value
    return t("side_set", patient.language, side=t(SIDE[value], patient.language))


def toggle_treatment(patient: Patient, value: str) -> frozenset[str]:
    """Tick or untick one treatment (stored at once); the treatments now chosen."""
    chosen = toggle(treatments_of(patient.treatment), value)
    patient.treatment = treatments_value(chosen)
    return chosen


def treatments_confirmation(patient: Patient) -> str:
    """'Treatment: Botox injections, medication.' (or that none was chosen)."""
    return t(
        "treatment_set",
        patient.language,
        treatment=treatments_text(patient.treatment, patient.language),
    )


def pause(
    patient: Patient,
    days: int | None,
    now: datetime,
    default_zone: str,
    *,
    until: date | None = None,
    spare: list[str] | None = None,
) -> str:
    """Pause everything for ``days`` local days, or ``until`` a local date, or until /resume;
    the occurrence kinds in ``spare`` keep coming (e.g. medication reminders).

    Reminders come back at the start (local midnight) of the day the pause ends.
    """
    patient.paused = True
    patient.paused_except = list(spare) if spare else None
    if days is None and until is None:
        patient.paused_until = None
        return t("paused_open", patient.language)
    if until is not None:
        resume_day = until
    else:
        assert days is not None
        resume_day = today_of(patient, now, default_zone) + timedelta(days=days)
    patient.paused_until, _ = local_day_bounds(resume_day, zone_of(patient, default_zone))
    return t("paused_days", patient.language, until=fmt_date(resume_day, patient.language))


def resume(patient: Patient) -> bool:
    """Lift a pause; False if nothing was paused."""
    was = patient.paused
    patient.paused = False
    patient.paused_until = None
    patient.paused_except = None
    return was


async def next_checkin_text(session: AsyncSession, patient: Patient, default_zone: str) -> str:
    """'Sat 21 Nov 09:00' for the next scheduled check-in, or ''."""
    schedule = await checkin_schedule(session, patient)
    if schedule is None or schedule.state != ScheduleState.ACTIVE or schedule.next_due_at is None:
        return ""
    return local_when(schedule.next_due_at, patient, default_zone)


def zone_in_words(zone: str, lang: str) -> str:
    """A zone as a patient reads it: "London time (Europe/London)", never a bare "UTC"."""
    if zone.upper() in {"UTC", "ETC/UTC", "GMT", "ETC/GMT", "Z"}:
        return t("zone_utc_words", lang)
    return t("zone_words", lang, city=city_of(zone, lang), zone=zone)


def city_of(zone: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The city an IANA zone is named after, in the patient's language: "Europe/Kyiv" -> "Kyiv"
    ("Киев" in Russian, from CLDR through Babel)."""
    english = zone.rsplit("/", 1)[-1].replace("_", " ")
    if lang == DEFAULT_LANGUAGE:
        return english
    try:
        return str(get_timezone_location(zone, locale=lang, return_city=True)) or english
    except (LookupError, ValueError):
        return english


def default_zone_in_words(default_zone: str, lang: str) -> str:
    """The operator's fallback zone, said as such."""
    return t("zone_default_words", lang, zone=zone_in_words(default_zone, lang))
