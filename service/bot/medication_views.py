"""Medications as the patient sees them: the button payloads and every message, rendered from
rows already loaded (no database, no sends). Each view returns its text, and its keyboard when
it has one.

Button payloads keep the wire forms already in patients' chats: ``md:<dose>:t:0`` (taken),
``md:<dose>:s:0`` (skip) and ``md:<dose>:z:<minutes>`` (snooze) on a dose reminder;
``mm:<medication>:x|y|n|c:0`` (stop, yes stop, keep, change) on the /medications list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from service.bot.callbacks import Callback, callback
from service.bot.kit import keyboard
from service.db.models import DoseLog, Medication
from service.domain.medications import (
    DOSE_MAX_CHARS,
    MAX_TIMES,
    NAME_MAX_CHARS,
    SKIPS_IN_A_ROW,
    DoseRecord,
    PlanError,
    PlanProblem,
    adherence,
)
from service.domain.timezones import local_date
from service.texts import fmt_date, fmt_time, t
from service.texts.families import MED_ERROR, MED_OUTCOME
from service.texts.keys import MessageKey

SNOOZE_MINUTES = 30
ADHERENCE_DAYS = (7, 30)
BUTTON_NAME_CHARS = 24


# ---- button payloads ----------------------------------------------------------------------------
@callback("md:{dose}:t:0")
@dataclass(frozen=True)
class TakenTap(Callback):
    """The dose was taken."""

    dose: int


@callback("md:{dose}:s:0")
@dataclass(frozen=True)
class SkipTap(Callback):
    """The dose was skipped."""

    dose: int


@callback("md:{dose}:z:{minutes}")
@dataclass(frozen=True)
class SnoozeTap(Callback):
    """Remind me again in a while."""

    dose: int
    minutes: int


@callback("mm:{medication}:x:0")
@dataclass(frozen=True)
class StopTap(Callback):
    """Stop a medication's reminders (asks first)."""

    medication: int


@callback("mm:{medication}:y:0")
@dataclass(frozen=True)
class StopYesTap(Callback):
    """Yes, stop them."""

    medication: int


@callback("mm:{medication}:n:0")
@dataclass(frozen=True)
class KeepTap(Callback):
    """No, keep them (back to the list)."""

    medication: int


@callback("mm:{medication}:c:0")
@dataclass(frozen=True)
class ChangeTap(Callback):
    """How to change a medication's times or dose."""

    medication: int


# ---- pieces -------------------------------------------------------------------------------------
def label_of(med: Medication) -> str:
    """'carbamazepine 200 mg'."""
    return f"{med.name} {med.dose}" if med.dose else med.name


def _short(text: str) -> str:
    return text if len(text) <= BUTTON_NAME_CHARS else text[: BUTTON_NAME_CHARS - 1] + "…"


def dose_words(med: Medication, dose: DoseLog, zone: ZoneInfo, lang: str) -> dict[str, str]:
    """The medication, the dose's local time and date, for the texts about one dose."""
    local = dose.due_at.astimezone(zone)
    return {
        "name": label_of(med),
        "time": fmt_time(local, lang),
        "date": fmt_date(local.date(), lang),
    }


# ---- a dose -------------------------------------------------------------------------------------
def dose_view(
    med: Medication, dose: DoseLog, zone: ZoneInfo, lang: str, *, intro: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """A dose reminder with Taken / Snooze / Skip (``intro``: a line above it)."""
    assert dose.id is not None
    local = dose.due_at.astimezone(zone)
    lines = [intro, ""] if intro else []
    lines.append(t("med_dose_prompt", lang, name=label_of(med), time=fmt_time(local, lang)))
    markup = keyboard(
        [
            [(t("med_btn_taken", lang), TakenTap(dose.id))],
            [
                (t("med_btn_snooze", lang), SnoozeTap(dose.id, SNOOZE_MINUTES)),
                (t("med_btn_skip", lang), SkipTap(dose.id)),
            ],
        ]
    )
    return "\n".join(lines), markup


def answered_text(
    med: Medication, dose: DoseLog, zone: ZoneInfo, lang: str, *, taken: bool, skip_run: int
) -> str:
    """What a Taken or Skip tap recorded; from the third skip in a row, the reminder that some
    medicines should not be stopped suddenly."""
    key: MessageKey = "med_dose_taken" if taken else "med_dose_skipped"
    text = t(key, lang, **dose_words(med, dose, zone, lang))
    if not taken and skip_run >= SKIPS_IN_A_ROW:
        text += "\n\n" + t("med_skipped_in_a_row", lang, count=skip_run, name=label_of(med))
        text += " " + t("med_dont_stop_suddenly", lang)
    return text


def snoozed_text(
    med: Medication, dose: DoseLog, again: datetime, zone: ZoneInfo, lang: str
) -> str:
    """'I'll remind you again at 08:30'."""
    when = fmt_time(again.astimezone(zone), lang)
    return t("med_dose_snoozed", lang, again=when, **dose_words(med, dose, zone, lang))


def outcome_toast(outcome: str, lang: str) -> str:
    """'Already recorded: taken.'"""
    return t("med_toast_already", lang, outcome=t(MED_OUTCOME[outcome], lang))


# ---- /medications -------------------------------------------------------------------------------
def adherence_line(doses: Sequence[DoseLog], zone: ZoneInfo, today: date, lang: str) -> str:
    """'Taken: 5 of 7 doses in the last 7 days (71%), ...' over the local days."""
    records = [DoseRecord(local_date(d.due_at, zone), d.outcome) for d in doses]
    week, month = (adherence(records, today, days) for days in ADHERENCE_DAYS)
    if month.due == 0:
        return t("med_adherence_none", lang)
    return t(
        "med_adherence",
        lang,
        taken7=week.taken,
        due7=week.due,
        pct7=f"{week.percent}%" if week.percent is not None else "–",
        taken30=month.taken,
        due30=month.due,
        pct30=f"{month.percent}%" if month.percent is not None else "–",
    )


def _times_text(times: list[str], paused: set[str], lang: str) -> str:
    return ", ".join(
        t("med_time_paused", lang, time=hhmm) if hhmm in paused else hhmm for hhmm in times
    )


def _since_line(med: Medication, changed: datetime | None, zone: ZoneInfo, lang: str) -> str:
    """'since Mon 2 Nov · changed Mon 9 Nov' (the last dose or times change, if any)."""
    line = t("med_list_since", lang, date=fmt_date(local_date(med.created_at, zone), lang))
    if changed is not None:
        line += " · " + t("med_list_changed", lang, date=fmt_date(local_date(changed, zone), lang))
    return line


def list_view(
    meds: Sequence[Medication],
    doses: Mapping[int, Sequence[DoseLog]],
    paused: Mapping[int, set[str]],
    *,
    changed: Mapping[int, datetime] | None = None,
    zone: ZoneInfo,
    today: date,
    lang: str,
    notice: str | None = None,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The /medications message: each medication, its times and adherence, Stop and Change."""
    head = [notice, ""] if notice else []
    changed = changed or {}
    if not meds:
        return "\n".join([*head, t("med_list_empty", lang)]), None
    lines = [*head, t("med_list_title", lang)]
    rows: list[list[tuple[str, Callback | str]]] = []
    for number, med in enumerate(meds, start=1):
        assert med.id is not None
        lines += [
            "",
            f"{number}. {label_of(med)}",
            "   " + t("med_list_times", lang, times=_times_text(med.times, paused[med.id], lang)),
            "   " + _since_line(med, changed.get(med.id), zone, lang),
            "   " + adherence_line(doses[med.id], zone, today, lang),
        ]
        short = _short(med.name)
        rows.append(
            [
                (t("med_btn_stop", lang, name=short), StopTap(med.id)),
                (t("med_btn_change", lang, name=short), ChangeTap(med.id)),
            ]
        )
    lines += ["", t("med_list_footer", lang)]
    return "\n".join(lines), keyboard(rows)


def stop_confirm_view(med: Medication, lang: str) -> tuple[str, InlineKeyboardMarkup]:
    """Stop the reminders for this medication? (with the warning about stopping suddenly)"""
    assert med.id is not None
    markup = keyboard(
        [
            [
                (t("med_btn_stop_yes", lang), StopYesTap(med.id)),
                (t("med_btn_stop_no", lang), KeepTap(med.id)),
            ]
        ]
    )
    return t("med_stop_confirm", lang, name=label_of(med)), markup


def which_view(meds: Sequence[Medication], lang: str) -> tuple[str, InlineKeyboardMarkup | None]:
    """Which medication to change: one button each (or how to add one)."""
    if not meds:
        return t("med_list_empty", lang), None
    rows: list[list[tuple[str, Callback | str]]] = []
    for med in meds:
        assert med.id is not None
        rows.append([(t("med_btn_change", lang, name=_short(label_of(med))), ChangeTap(med.id))])
    return t("med_change_which", lang), keyboard(rows)


# ---- typed plans --------------------------------------------------------------------------------
def problem_text(problem: PlanProblem, usage_key: MessageKey, lang: str) -> str:
    """What was wrong with the typed plan, then the right form with an example."""
    limits = {
        PlanError.TOO_MANY_TIMES: MAX_TIMES,
        PlanError.NAME_TOO_LONG: NAME_MAX_CHARS,
        PlanError.DOSE_TOO_LONG: DOSE_MAX_CHARS,
    }
    what = t(
        MED_ERROR[problem.error.value],
        lang,
        text=problem.text[:40],
        limit=limits.get(problem.error, ""),
    )
    return what + "\n\n" + t(usage_key, lang)
