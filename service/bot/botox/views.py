"""What the Botox feature says: pure views from rows to (text, keyboard). No SQL, no sending.

The day-7 and week-4 questions' views are in ``question_views.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from telegram import InlineKeyboardMarkup

from service.bot.botox.payloads import (
    INTERVAL_CHOICES,
    BookingNowTap,
    HadItTodayTap,
    IntervalTap,
    UndoTap,
    WearingOffTap,
    WearingOffUndoTap,
)
from service.bot.botox.store import reminder_time
from service.bot.kit import keyboard
from service.db.models import BotoxCycle, Patient
from service.domain.botox import (
    NOTE_MAX,
    UNITS_MAX,
    BotoxInputError,
    CycleStatus,
    Reminder,
    WearOff,
    cycle_status,
    day_of_cycle,
    due_date,
    weeks_and_days,
)
from service.domain.record import SITES
from service.texts import fmt_date, fmt_time, t
from service.texts.families import BOTOX_EFFECT, BOTOX_ONSET, BOTOX_PRODUCT, BOTOX_SITE, BOTOX_WHAT
from service.texts.keys import MessageKey


# ---- words -------------------------------------------------------------------------------------
def fmt_day(day: date, lang: str) -> str:
    """A date with its year, for history and planned dates: 'Mon 15 Feb 2027'."""
    return fmt_date(day, lang, year=True)


def fmt_interval(days: int, lang: str) -> str:
    """A span of days as weeks and days: '12 wk 3 d', '12 weeks', '1 week', '1 day'."""
    weeks, rest = weeks_and_days(days)
    if weeks and rest:
        return t("botox_weeks_days", lang, weeks=weeks, days=rest)
    if weeks:
        return t("botox_weeks_only", lang, weeks=weeks)
    return t("botox_days_only", lang, days=rest)


def units_words(units: int, lang: str) -> str:
    """'1 unit', '50 units'."""
    return t("botox_units_only", lang, units=units)


def product_words(product: str | None, product_name: str | None, lang: str) -> str | None:
    """'onabotulinumtoxinA (Botox)', the typed name of another one; None when not recorded."""
    if product in (None, "unknown"):
        return None
    if product == "other":
        return product_name or t("botox_product_other", lang)
    return t(BOTOX_PRODUCT[product], lang)


def amount_words(
    units: int | None, product: str | None, product_name: str | None, lang: str
) -> str | None:
    """Units always with their product (units of different products are not interchangeable,
    clinical.md): '40 units onabotulinumtoxinA (Botox)', '40 units (product not recorded)',
    'incobotulinumtoxinA (Xeomin), units not given'; None when neither is known."""
    name = product_words(product, product_name, lang)
    if units is None:
        return t("botox_product_no_units", lang, product=name) if name else None
    if name is None:
        return t("botox_units_no_product", lang, units=units)
    return t("botox_units_product", lang, units=units, product=name)


def sites_words(site_units: Mapping[str, int | None] | None, lang: str) -> str | None:
    """'around the eye 20, cheek 20' (a site without units by its name); None without sites."""
    parts = []
    for site in SITES:
        if site not in (site_units or {}):
            continue
        value = (site_units or {})[site]
        name = t(BOTOX_SITE[site], lang)
        parts.append(
            name if value is None else t("botox_site_units", lang, site=name, units=value)
        )
    return ", ".join(parts) or None


def injection_words(
    units: int | None,
    product: str | None,
    product_name: str | None,
    site_units: Mapping[str, int | None] | None,
    injector: str | None,
    lang: str,
) -> list[str]:
    """The injection's details as parts: amount with product, sites, who injected."""
    parts = [
        amount_words(units, product, product_name, lang),
        sites_words(site_units, lang),
        injector,
    ]
    return [part for part in parts if part]


def cycle_words(cycle: BotoxCycle, lang: str) -> list[str]:
    """A logged injection's details as parts."""
    return injection_words(
        cycle.units, cycle.product, cycle.product_name, cycle.site_units, cycle.injector, lang
    )


def units_part(cycle: BotoxCycle, lang: str) -> str:
    """' · 40 units onabotulinumtoxinA (Botox) · cheek 20 · Dr Li', or nothing."""
    parts = cycle_words(cycle, lang)
    return "".join(t("botox_part", lang, part=part) for part in parts)


def effect_text(cycle: BotoxCycle, lang: str) -> str:
    """The week-4 rating as words."""
    if cycle.effect is None:
        return t("botox_not_answered", lang)
    return t(BOTOX_EFFECT[cycle.effect], lang)


def onset_text(cycle: BotoxCycle, lang: str) -> str:
    """The day-7 answer as words."""
    if cycle.onset is None:
        return t("botox_not_answered", lang)
    return t(BOTOX_ONSET[cycle.onset], lang)


def day_and_date(cycle: BotoxCycle, day: date, lang: str) -> dict[str, object]:
    """The ``day`` (of the cycle) and ``date`` placeholders for a day of this cycle."""
    return {"day": day_of_cycle(cycle.injected_on, day), "date": fmt_day(day, lang)}


# ---- where the patient is ----------------------------------------------------------------------
def coming_up_lines(patient: Patient, booked: list[Reminder]) -> list[str]:
    """'Coming up (at 10:00):' and one line per booked reminder."""
    lang = patient.language
    if not booked:
        return [t("botox_nothing_ahead", lang)]
    lines = [t("botox_coming_up", lang, time=fmt_time(reminder_time(patient), lang))]
    for reminder in booked:
        what = t(BOTOX_WHAT[reminder.step.value], lang)
        lines.append(t("botox_coming_item", lang, date=fmt_date(reminder.on, lang), what=what))
    return lines


def status_lines(patient: Patient, cycle: BotoxCycle, today: date) -> list[str]:
    """Where the patient is in the cycle: day N, planned date, book / today / past."""
    lang = patient.language
    due = due_date(cycle.injected_on, cycle.interval_weeks)
    lines = []
    day = day_of_cycle(cycle.injected_on, today)
    if day > 0:
        lines.append(t("botox_day_line", lang, day=day))
    lines.append(t("botox_due_line", lang, date=fmt_day(due, lang), weeks=cycle.interval_weeks))
    status = cycle_status(
        cycle.injected_on, today, cycle.interval_weeks, patient.botox_booking_lead_weeks
    )
    if status is CycleStatus.BOOK:
        lines.append(t("botox_status_book", lang))
    elif status is CycleStatus.DUE_TODAY:
        lines.append(t("botox_status_due_today", lang))
    elif status is CycleStatus.OVERDUE:
        lines.append(t("botox_status_overdue", lang, date=fmt_day(due, lang)))
    return lines


def where_now_lines(
    patient: Patient, cycle: BotoxCycle | None, today: date, ahead: list[Reminder]
) -> list[str]:
    """After a change of interval: where the patient is now and what is coming up."""
    if cycle is None:
        return [t("botox_interval_no_cycle", patient.language)]
    return ["", *status_lines(patient, cycle, today), "", *coming_up_lines(patient, ahead)]


# ---- logging an injection ----------------------------------------------------------------------
def input_error_text(error: BotoxInputError, lang: str) -> str:
    """What to say about bad /botox input (the patient's text is always echoed back)."""
    if error.reason == "units":
        return t("botox_bad_units", lang, text=error.text[:40], max=UNITS_MAX)
    return t(
        "botox_note_too_long",
        lang,
        length=len(error.text),
        limit=NOTE_MAX,
        text=error.text[:3500],
    )


def undo_markup(cycle: BotoxCycle, lang: str) -> InlineKeyboardMarkup:
    """The Undo button under a logged injection."""
    assert cycle.id is not None
    return keyboard([[(t("btn_botox_undo", lang), UndoTap(cycle.id))]])


def interval_markup(patient: Patient, cycle: BotoxCycle) -> InlineKeyboardMarkup:
    """The clinic's interval as buttons (and Undo for the injection just logged)."""
    assert cycle.id is not None
    lang = patient.language
    choices = [
        (t("btn_botox_interval_weeks", lang, weeks=weeks), IntervalTap(cycle.id, weeks))
        for weeks in INTERVAL_CHOICES
    ]
    unknown = t("btn_botox_interval_unknown", lang, weeks=patient.botox_interval_weeks)
    return keyboard(
        [
            choices[:2],
            choices[2:],
            [(unknown, IntervalTap(cycle.id, 0))],
            [(t("btn_botox_undo", lang), UndoTap(cycle.id))],
        ]
    )


def duplicate_text(day: date, lang: str) -> str:
    """The same day again, with nothing new."""
    return t("botox_duplicate", lang, date=fmt_day(day, lang))


def updated_text(cycle: BotoxCycle, lang: str) -> str:
    """The same day again, with new units or a note."""
    date_text = fmt_day(cycle.injected_on, lang)
    text = t("botox_updated", lang, date=date_text, units=units_part(cycle, lang))
    if cycle.note:
        text += "\n" + t("botox_note_line", lang, note=cycle.note)
    return text


def _saved_lines(cycle: BotoxCycle, previous: BotoxCycle | None, lang: str) -> list[str]:
    date_text = fmt_day(cycle.injected_on, lang)
    lines = [t("botox_saved", lang, date=date_text, units=units_part(cycle, lang))]
    if cycle.note:
        lines.append(t("botox_note_line", lang, note=cycle.note))
    if previous is not None:
        lines.append(
            t(
                "botox_since_previous",
                lang,
                interval=fmt_interval((cycle.injected_on - previous.injected_on).days, lang),
                date=fmt_day(previous.injected_on, lang),
            )
        )
    return lines


def backfill_view(
    cycle: BotoxCycle, previous: BotoxCycle | None, newest: BotoxCycle, lang: str
) -> tuple[str, InlineKeyboardMarkup]:
    """An older injection saved for the history: the current cycle keeps its reminders."""
    lines = _saved_lines(cycle, previous, lang)
    lines += ["", t("botox_backfill", lang, date=fmt_day(newest.injected_on, lang))]
    return "\n".join(lines), undo_markup(cycle, lang)


def logged_view(
    patient: Patient,
    cycle: BotoxCycle,
    previous: BotoxCycle | None,
    today: date,
    booked: list[Reminder],
    *,
    ask_interval: bool,
) -> tuple[str, InlineKeyboardMarkup]:
    """A new current injection: saved, the emergency line, where the patient is, what is
    coming up, and the clinic's interval (asked once) or how to change it."""
    lang = patient.language
    lines = _saved_lines(cycle, previous, lang)
    lines.insert(1, t("botox_emergency", lang))
    lines += ["", *status_lines(patient, cycle, today), ""]
    lines += coming_up_lines(patient, booked)
    if ask_interval:
        lines += ["", t("botox_interval_ask", lang)]
        return "\n".join(lines), interval_markup(patient, cycle)
    lines.append(t("botox_interval_hint", lang))
    return "\n".join(lines), undo_markup(cycle, lang)


def interval_chosen_view(
    patient: Patient, cycle: BotoxCycle, weeks: int, where: list[str], *, undo: bool
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The logged injection again, with the clinic's interval (0: kept) and its dates."""
    lang = patient.language
    date_text = fmt_day(cycle.injected_on, lang)
    lines = [
        t("botox_saved", lang, date=date_text, units=units_part(cycle, lang)),
        t("botox_emergency", lang),
        "",
    ]
    if weeks:
        lines += [t("botox_interval_from_clinic", lang, weeks=weeks), *where]
    else:
        lines.append(t("botox_interval_kept", lang, weeks=patient.botox_interval_weeks))
    return "\n".join(lines), undo_markup(cycle, lang) if undo else None


def undone_text(day: date, restored: BotoxCycle | None, lang: str) -> str:
    """An injection removed (and the previous one's reminders back on)."""
    text = t("botox_undone", lang, date=fmt_day(day, lang))
    if restored is not None:
        text += "\n" + t("botox_undo_restored", lang, date=fmt_day(restored.injected_on, lang))
    return text


# ---- the booking and planned-date reminders ----------------------------------------------------
def booking_text(cycle: BotoxCycle, lang: str, key: MessageKey = "botox_booking") -> str:
    """Time to book (scheduled, or asked for now with ``botox_booking_now``)."""
    return t(
        key,
        lang,
        due=fmt_day(due_date(cycle.injected_on, cycle.interval_weeks), lang),
        weeks=cycle.interval_weeks,
        date=fmt_day(cycle.injected_on, lang),
    )


def planned_date_view(cycle: BotoxCycle, lang: str) -> tuple[str, InlineKeyboardMarkup]:
    """The planned injection date, with "I had it today"."""
    assert cycle.id is not None
    date_text = fmt_day(cycle.injected_on, lang)
    text = t("botox_due", lang, weeks=cycle.interval_weeks, date=date_text)
    return text, keyboard([[(t("btn_botox_had_it", lang), HadItTodayTap(cycle.id))]])


# ---- wear-off ----------------------------------------------------------------------------------
def report_wear_off_button(cycle: BotoxCycle, lang: str) -> tuple[str, WearingOffTap]:
    """ "I think it's wearing off" for this cycle."""
    assert cycle.id is not None
    return t("btn_botox_wearing_off", lang), WearingOffTap(cycle.id)


def booking_markup(cycle: BotoxCycle, lang: str, *, undo: bool = False) -> InlineKeyboardMarkup:
    """ "Booking reminder now" (and Undo of the patient's report)."""
    assert cycle.id is not None
    rows: list[list[tuple[str, BookingNowTap | WearingOffUndoTap]]] = [
        [(t("btn_botox_booking_now", lang), BookingNowTap(cycle.id))]
    ]
    if undo:
        rows.append([(t("btn_botox_wear_off_undo", lang), WearingOffUndoTap(cycle.id))])
    return keyboard(rows)


def estimate_view(
    cycle: BotoxCycle, verdict: WearOff, lang: str
) -> tuple[str, InlineKeyboardMarkup]:
    """The diary suggests wear-off: said as an estimate, with the booking reminder on offer."""
    text = t(
        "botox_wear_off_estimated",
        lang,
        date=fmt_day(cycle.injected_on, lang),
        day=verdict.day,
        since=fmt_date(verdict.on, lang),
    )
    return text, booking_markup(cycle, lang)


def reported_view(cycle: BotoxCycle, day: date, lang: str) -> tuple[str, InlineKeyboardMarkup]:
    """The patient's "wearing off" (since ``day``) noted, with the booking reminder on offer and
    Undo."""
    text = t(
        "botox_wear_off_reported",
        lang,
        date=fmt_day(cycle.injected_on, lang),
        day=day_of_cycle(cycle.injected_on, day),
    )
    return text, booking_markup(cycle, lang, undo=True)
