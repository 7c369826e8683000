"""What the appointments feature shows: confirmations, the list, the change question, the
reminders and the after-visit question. Texts and keyboards only (no database).

Buttons (``ap:<appointment id>:<action>:<value>``, kept from before the kit): Cancel (c) and
Undo (u), whose value is 1 on the /appointments list (the list stays) and 0 elsewhere, Change
(m), and the after-visit answer (o, an index into ``OUTCOMES``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from telegram import InlineKeyboardMarkup

from service.bot.appointments_store import KIND_DAY_BEFORE
from service.bot.callbacks import Callback, callback
from service.bot.common import local_when, zone_of
from service.bot.kit import keyboard
from service.db.models import Appointment, Patient
from service.texts import fmt_date, fmt_time, t
from service.texts.families import APPT_OUTCOME, BTN_APPT_OUTCOME

#: After-visit answers, in button order: button key -> stored ``Appointment.outcome``.
OUTCOMES = ("botox", "medication", "surgery", "nothing")
OUTCOME_STORED = {
    "botox": "new_botox_date",
    "medication": "medication_change",
    "surgery": "surgery_planned",
    "nothing": "nothing",
}


# ---- button payloads ----------------------------------------------------------------------------
@callback("ap:{appt}:c:{listed}")
@dataclass(frozen=True)
class CancelTap(Callback):
    """Cancel an upcoming appointment (``listed``: tapped on the list, which stays)."""

    appt: int
    listed: bool = False


@callback("ap:{appt}:u:{listed}")
@dataclass(frozen=True)
class UndoTap(Callback):
    """Undo a cancel (``listed``: on the list)."""

    appt: int
    listed: bool = False


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
    return fmt_date(day, lang, weekday=False)


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


def action_buttons(
    appt: Appointment, lang: str, *, listed: bool = False
) -> list[tuple[str, Callback | str]]:
    """Change and Cancel for one appointment."""
    assert appt.id is not None
    return [
        (t("btn_appt_change", lang, id=appt.id), ChangeTap(appt.id)),
        (t("btn_appt_cancel", lang, id=appt.id), CancelTap(appt.id, listed)),
    ]


def schedule_detail(appt: Appointment, patient: Patient, zone: str) -> str:
    """What an appointment's reminder in /reminders is for: 'Tue 1 Dec 14:30 – Dr Smith'."""
    return t("appt_schedule_detail", patient.language, when=when(appt, patient, zone)) + whom(
        appt, patient.language
    )


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
    appts: list[Appointment],
    patient: Patient,
    today: date,
    zone: str,
    *,
    changed: Appointment | None = None,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The upcoming appointments, each with Change and Cancel (or how to add one); after a
    Cancel (or Undo) on the list, that line first, with Undo after a cancel."""
    lang = patient.language
    lines: list[str] = []
    rows: list[list[tuple[str, Callback | str]]] = []
    if changed is not None and changed.id is not None:
        if changed.status == "cancelled":
            lines += [
                t(
                    "appt_cancelled",
                    lang,
                    when=when(changed, patient, zone),
                    whom=whom(changed, lang),
                ),
                "",
            ]
            rows.append([(t("btn_appt_undo", lang), UndoTap(changed.id, True))])
        else:
            lines += [
                t(
                    "appt_restored_short",
                    lang,
                    when=when(changed, patient, zone),
                    whom=whom(changed, lang),
                ),
                "",
            ]
    if not appts:
        example = short_date(today + timedelta(days=7), lang)
        lines.append(t("appt_list_empty", lang, example=example))
        return "\n".join(lines), keyboard(rows) if rows else None
    lines.append(t("appt_list_header", lang))
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
    rows += [action_buttons(appt, lang, listed=True) for appt in appts]
    return "\n".join(lines), keyboard(rows)


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
        label = t(BTN_APPT_OUTCOME[name], lang)
        if appt.outcome == OUTCOME_STORED[name]:
            label = f"✓ {label}"
        rows.append([(label, OutcomeTap(appt.id, index))])
    return keyboard(rows)


def render_outcome_saved(
    appt: Appointment, outcome: str, patient: Patient, today: date, zone: str
) -> tuple[str, InlineKeyboardMarkup]:
    """The question with what was saved and where to go next; the answer ticked."""
    lang = patient.language
    saved = t(APPT_OUTCOME[outcome], lang, example=short_date(today, lang))
    text = followup_question(appt, patient, zone) + "\n\n" + saved
    return text, outcome_keyboard(appt, lang)
