"""The name or identifier the patient wants on the doctor's report (and the FHIR export).

Nothing by default: the report names no one unless the patient sets a name (e.g. "Anna K.") or
an identifier (e.g. the clinic's patient number). Set from /settings, read back before it is
stored, removable any time.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

from service.bot.callbacks import Callback, callback
from service.bot.dialog import Waiting, draft_of, hold_draft, stop_waiting, wait_for
from service.bot.feature import Feature
from service.bot.kit import Buttons, Reply, Turn, expired, keyboard
from service.db.models import Patient
from service.texts import t
from service.texts.keys import MessageKey

NAME_MAX = 80
IDENTIFIER_MAX = 40
Field = Literal["name", "id"]


@callback("rn:{what}")
@dataclass(frozen=True)
class ReportNameTap(Callback):
    """The report-name question: ask it, which field, remove, Yes/Change on the read-back."""

    what: Literal["ask", "name", "id", "clear", "yes", "again"]


BUTTONS = Buttons()


def current_text(patient: Patient, lang: str) -> str:
    """What the report shows now: 'Name: Anna K. · Identifier: 12345', or 'nothing'."""
    parts = []
    if patient.report_name:
        parts.append(t("report_name_name", lang, value=patient.report_name))
    if patient.report_identifier:
        parts.append(t("report_name_identifier", lang, value=patient.report_identifier))
    return " · ".join(parts) if parts else t("report_name_none", lang)


def _current(turn: Turn) -> str:
    return current_text(turn.me, turn.lang)


def ask_view(turn: Turn) -> Reply:
    """Which to set (or remove), with what the report shows now."""
    rows = [
        [
            (turn.t("btn_report_name"), ReportNameTap("name")),
            (turn.t("btn_report_identifier"), ReportNameTap("id")),
        ]
    ]
    if turn.me.report_name or turn.me.report_identifier:
        rows.append([(turn.t("btn_report_name_clear"), ReportNameTap("clear"))])
    return Reply(turn.t("report_name_ask", now=_current(turn)), keyboard(rows))


def clean(text: str, limit: int) -> str | None:
    """The typed value, trimmed, one line, no control characters; None when empty or too long."""
    value = " ".join(
        "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in " \n").split()
    )
    if not value or len(value) > limit:
        return None
    return value


@BUTTONS.on(ReportNameTap)
async def tapped(turn: Turn, tap: ReportNameTap) -> Reply:
    """The buttons of the report-name question and its read-back."""
    patient = turn.me
    turn.session.add(patient)
    if tap.what == "ask":
        stop_waiting(patient)
        return ask_view(turn)
    if tap.what in ("name", "id"):
        wait_for(patient, Waiting.REPORT_NAME, draft={"field": tap.what})
        key: MessageKey = (
            "report_name_type_name" if tap.what == "name" else "report_name_type_identifier"
        )
        return Reply(turn.t(key, limit=NAME_MAX if tap.what == "name" else IDENTIFIER_MAX))
    if tap.what == "clear":
        stop_waiting(patient)
        patient.report_name = None
        patient.report_identifier = None
        return Reply(turn.t("report_name_cleared"), edit=True, toast=turn.t("answer_saved"))
    draft = draft_of(patient)
    if not draft or "value" not in draft or draft.get("field") not in ("name", "id"):
        return expired(turn)
    if tap.what == "again":
        wait_for(patient, Waiting.REPORT_NAME, draft={"field": draft["field"]})
        limit = NAME_MAX if draft["field"] == "name" else IDENTIFIER_MAX
        key = (
            "report_name_type_name" if draft["field"] == "name" else "report_name_type_identifier"
        )
        return Reply(turn.t(key, limit=limit), edit=True)
    stop_waiting(patient)
    if draft["field"] == "name":
        patient.report_name = draft["value"]
    else:
        patient.report_identifier = draft["value"]
    return Reply(
        turn.t("report_name_saved", now=_current(turn)), edit=True, toast=turn.t("answer_saved")
    )


async def typed(turn: Turn, text: str) -> Reply:
    """The typed name or identifier: read back before it is stored."""
    patient = turn.me
    draft = draft_of(patient) or {}
    field = draft.get("field")
    if field not in ("name", "id"):
        stop_waiting(patient)
        turn.session.add(patient)
        return ask_view(turn)
    limit = NAME_MAX if field == "name" else IDENTIFIER_MAX
    value = clean(text, limit)
    if value is None:
        return Reply(turn.t("report_name_invalid", limit=limit))
    hold_draft(patient, {"field": field, "value": value})
    turn.session.add(patient)
    label = turn.t(
        "report_name_name" if field == "name" else "report_name_identifier", value=value
    )
    markup = keyboard(
        [
            [
                (turn.t("btn_report_name_yes"), ReportNameTap("yes")),
                (turn.t("btn_report_name_change"), ReportNameTap("again")),
            ]
        ]
    )
    return Reply(
        turn.t("report_name_readback", value=label),
        markup,
        confirm=(ReportNameTap("yes"), ReportNameTap("again")),
    )


FEATURE = Feature(name="report_name", buttons=BUTTONS, answers={Waiting.REPORT_NAME: typed})
