"""What the appointments feature shows: confirmations, the list, the change question, the
reminders and the after-visit question. Texts and keyboards only (no database).

Buttons (``ap:<appointment id>:<action>:<value>``, kept from before the kit): Cancel (c),
Undo (u), Change (m), and the after-visit answer (o, an index into ``OUTCOMES``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from babel.dates import format_date
from telegram import ForceReply, InlineKeyboardMarkup

from service.bot.appointments_store import KIND_DAY_BEFORE
from service.bot.callbacks import Callback, callback
from service.bot.common import local_when, zone_of
from service.bot.kit import keyboard
from service.db.models import Appointment, Patient
from service.domain.care import (
    WHOM_MAX_CHARS,
    AppointmentInputError,
    NoDate,
    NoTime,
    WhomTooLong,
)
from service.domain.dates import ACCEPTED_FORMS
from service.texts import fmt_time, t

#: After-visit answers, in button order: button key -> stored ``Appointment.outcome``.
OUTCOMES = ("botox", "medication", "surgery", "nothing")
OUTCOME_STORED = {
    "botox": "new_botox_date",
    "medication": "medication_change",
    "surgery": "surgery_planned",
    "nothing": "nothing",
}


# ---- button payloads ----------------------------------------------------------------------------
@callback("ap:{appt}:c:0")
@dataclass(frozen=True)
class CancelTap(Callback):
    """Cancel an upcoming appointment."""

    appt: int


@callback("ap:{appt}:u:0")
@dataclass(frozen=True)
class UndoTap(Callback):
    """Undo a cancel."""

    appt: int


@callback("ap:{appt}:m:0")
@dataclass(frozen=True)
class ChangeTap(Callback):
    """Change an appointment's date and time."""

    appt: int


@callback("ap:{appt}:o:{outcome}")
@dataclass(frozen=True)
class OutcomeTap(Callback):
    """The after-visit answer (an index into OUTCOMES)."""

    appt: int
    outcome: int


# ---- pieces -------------------------------------------------------------------------------------
def short_date(day: date, lang: str) -> str:
    """A date the way patients can type it back, e.g. '1 Dec'."""
    return str(format_date(day, "d MMM", locale=lang))


def whom(appt: Appointment, lang: str) -> str:
    """' – Dr Smith', or nothing."""
    return t("appt_whom", lang, whom=appt.with_whom) if appt.with_whom else ""


def when(appt: Appointment, patient: Patient, zone: str) -> str:
    """The visit's start as the patient reads it."""
    return local_when(appt.starts_at, patient, zone)


def reminders_text(ahead: list[tuple[str, datetime]], patient: Patient, zone: str) -> str:
    """'I'll remind you the day before (...) and 2 hours before (...).'"""
    lang = patient.language
    if not ahead:
        return t("appt_reminders_none", lang)
    items = [
        t(
            "appt_reminder_day_before" if kind == KIND_DAY_BEFORE else "appt_reminder_soon",
            lang,
            when=local_when(instant, patient, zone),
        )
        for kind, instant in ahead
    ]
    return t("appt_reminders", lang, items=t("appt_reminders_join", lang).join(items))


def usage(today: date, lang: str) -> str:
    """How to add an appointment, with an example a week ahead."""
    example = short_date(today + timedelta(days=7), lang)
    return t("appt_usage", lang, example=example, forms=ACCEPTED_FORMS)


def input_problem(error: AppointmentInputError, text: str, today: date, lang: str) -> str:
    """What was wrong with the typed appointment, and the right form."""
    if isinstance(error, WhomTooLong):
        return t(
            "appt_whom_too_long", lang, length=error.length, limit=WHOM_MAX_CHARS, text=text[:3800]
        )
    head = ""
    if isinstance(error, NoDate):
        head = t("appt_bad_date", lang, text=text[:80]) + "\n\n"
    elif isinstance(error, NoTime):
        head = t("appt_bad_time", lang, text=text[:80]) + "\n\n"
    return head + usage(today, lang)


def action_buttons(appt: Appointment, lang: str) -> list[tuple[str, Callback | str]]:
    """Change and Cancel for one appointment."""
    assert appt.id is not None
    return [
        (t("btn_appt_change", lang, id=appt.id), ChangeTap(appt.id)),
        (t("btn_appt_cancel", lang, id=appt.id), CancelTap(appt.id)),
    ]


# ---- what the patient does ----------------------------------------------------------------------
def saved_text(
    appt: Appointment, patient: Patient, zone: str, ahead: list[tuple[str, datetime]], after: str
) -> str:
    """The confirmation of a new appointment: when, its reminders, when the question comes."""
    lang = patient.language
    return t(
        "appt_saved",
        lang,
        when=when(appt, patient, zone),
        zone=patient.timezone or zone,
        whom=whom(appt, lang),
        reminders=reminders_text(ahead, patient, zone),
        after=t("appt_after_note", lang, when=after),
    )


def render_list(
    appts: list[Appointment], patient: Patient, today: date, zone: str
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The upcoming appointments, each with Change and Cancel (or how to add one)."""
    lang = patient.language
    if not appts:
        example = short_date(today + timedelta(days=7), lang)
        return t("appt_list_empty", lang, example=example), None
    lines = [t("appt_list_header", lang)]
    for appt in appts:
        lines.append(
            t(
                "appt_list_line",
                lang,
                id=appt.id,
                when=when(appt, patient, zone),
                whom=whom(appt, lang),
            )
        )
    lines += ["", t("appt_list_footer", lang)]
    return "\n".join(lines), keyboard([action_buttons(appt, lang) for appt in appts])


def render_cancelled(
    appt: Appointment, patient: Patient, zone: str
) -> tuple[str, InlineKeyboardMarkup]:
    """'Cancelled: ...' with Undo."""
    lang = patient.language
    assert appt.id is not None
    text = t("appt_cancelled", lang, when=when(appt, patient, zone), whom=whom(appt, lang))
    return text, keyboard([[(t("btn_appt_undo", lang), UndoTap(appt.id))]])


def restored_text(
    appt: Appointment, patient: Patient, zone: str, ahead: list[tuple[str, datetime]]
) -> str:
    """'Restored: ...' with its reminders."""
    lang = patient.language
    return t(
        "appt_restored",
        lang,
        when=when(appt, patient, zone),
        whom=whom(appt, lang),
        reminders=reminders_text(ahead, patient, zone),
    )


def render_move_question(
    appt: Appointment, patient: Patient, today: date, zone: str, problem: str | None = None
) -> tuple[str, ForceReply]:
    """'New date and time for ...?' (after what was wrong with the last answer, if anything);
    ForceReply only opens the reply field: a typed answer works without it too."""
    lang = patient.language
    example = short_date(today + timedelta(days=1), lang)
    body = t(
        "appt_move_ask",
        lang,
        when=when(appt, patient, zone),
        whom=whom(appt, lang),
        example=example,
    )
    if problem:
        body = problem + "\n\n" + body
    placeholder = t("appt_move_placeholder", lang, example=example)[:64]
    return body, ForceReply(input_field_placeholder=placeholder)


def moved_text(
    appt: Appointment, old: str, patient: Patient, zone: str, ahead: list[tuple[str, datetime]]
) -> str:
    """'Moved: <old> → <new>' with its reminders."""
    lang = patient.language
    return t(
        "appt_moved",
        lang,
        old=old,
        when=when(appt, patient, zone),
        zone=patient.timezone or zone,
        whom=whom(appt, lang),
        reminders=reminders_text(ahead, patient, zone),
    )


# ---- the reminders and the after-visit question -------------------------------------------------
def day_before_text(
    appt: Appointment, patient: Patient, zone: str, *, late: bool, summary: str
) -> str:
    """The day before (or, sent late after midnight, the same day): the visit and what to bring."""
    lang = patient.language
    return t(
        "appt_day_before_text",
        lang,
        day=t("appt_today" if late else "appt_tomorrow", lang),
        when=when(appt, patient, zone),
        whom=whom(appt, lang),
        summary=summary,
    )


def soon_text(appt: Appointment, patient: Patient, zone: str) -> str:
    """'Coming up soon, at 14:30: your appointment'."""
    lang = patient.language
    local = appt.starts_at.astimezone(zone_of(patient, zone))
    return t("appt_soon_text", lang, time=fmt_time(local, lang), whom=whom(appt, lang))


def followup_question(appt: Appointment, patient: Patient, zone: str) -> str:
    """'How did your appointment on ... go?'"""
    lang = patient.language
    return t("appt_followup_text", lang, when=when(appt, patient, zone), whom=whom(appt, lang))


def outcome_keyboard(appt: Appointment, lang: str) -> InlineKeyboardMarkup:
    """One button per after-visit answer; the stored one is ticked (it can be corrected)."""
    assert appt.id is not None
    rows: list[list[tuple[str, Callback | str]]] = []
    for index, name in enumerate(OUTCOMES):
        label = t(f"btn_appt_outcome_{name}", lang)
        if appt.outcome == OUTCOME_STORED[name]:
            label = f"✓ {label}"
        rows.append([(label, OutcomeTap(appt.id, index))])
    return keyboard(rows)


def render_outcome_saved(
    appt: Appointment, outcome: str, patient: Patient, today: date, zone: str
) -> tuple[str, InlineKeyboardMarkup]:
    """The question with what was saved and where to go next; the answer ticked."""
    lang = patient.language
    saved = t(f"appt_outcome_{outcome}", lang, example=short_date(today, lang))
    text = followup_question(appt, patient, zone) + "\n\n" + saved
    return text, outcome_keyboard(appt, lang)
