"""Care-team phone numbers: the surgical team's (asked after ``/surgery``, changed with
``/surgery phone``) and the Botox clinic's (``/clinic``).

Each number is optional (Skip), read back before it is stored, changeable and removable. It is
shown in every warning message and in /help through ``care_team_line``, the one helper any
feature uses for a "📞 Your clinic: <phone>" / "📞 Your surgical team: <phone>" line.

A typed number answers the open question (the dialog state waits for ``PHONE_SURGERY`` /
``PHONE_CLINIC``). Buttons: Save the read-back number (``PhoneSaveTap``, its spaces sent as
``_``), Type it again, Skip (or Keep the stored one), Remove (``PhoneTap``). A button counts only
while that team's question is still open, and a save only while its number still reads as one;
anything else gets "this button has expired" and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from telegram import InlineKeyboardMarkup

from service.bot.callbacks import Callback, callback
from service.bot.dialog import Waiting, dialog_of, stop_waiting, wait_for
from service.bot.feature import Command, Feature
from service.bot.kit import Buttons, Reply, Turn, expired, keyboard
from service.db.models import Patient
from service.domain.phones import (
    PHONE_MAX_CHARS,
    PHONE_MAX_DIGITS,
    PHONE_MIN_DIGITS,
    PhoneError,
    PhoneProblem,
    read_phone,
)
from service.texts import said, t
from service.texts.families import (
    PHONE_ASK,
    PHONE_CHANGE,
    PHONE_KEPT,
    PHONE_LINE,
    PHONE_NONE,
    PHONE_REMOVED,
    PHONE_RETYPE,
    PHONE_SAVED,
    PHONE_SKIPPED,
)

SURGERY, CLINIC = "surgery", "clinic"
TEAMS = (SURGERY, CLINIC)
CODE: dict[str, Literal["s", "c"]] = {SURGERY: "s", CLINIC: "c"}
TEAM_OF_CODE = {code: team for team, code in CODE.items()}
AWAIT = {SURGERY: Waiting.PHONE_SURGERY, CLINIC: Waiting.PHONE_CLINIC}


@callback("ph:{team}:{action}")
@dataclass(frozen=True)
class PhoneTap(Callback):
    """Type it again (a), Skip or Keep (k), Remove (x), for the surgical team (s) or clinic (c)."""

    team: Literal["s", "c"]
    action: Literal["a", "k", "x"]


@callback("ph:{team}:y:{phone}")
@dataclass(frozen=True)
class PhoneSaveTap(Callback):
    """Save the read-back number (spaces sent as ``_``)."""

    team: Literal["s", "c"]
    phone: str


# ---- reading and showing ----------------------------------------------------------------------
def phone_of(patient: Patient, team: str) -> str | None:
    """The stored number of ``team`` ("surgery" or "clinic"), if any."""
    return patient.surgery_phone if team == SURGERY else patient.clinic_phone


def _store(patient: Patient, team: str, phone: str | None) -> None:
    if team == SURGERY:
        patient.surgery_phone = phone
    else:
        patient.clinic_phone = phone


def care_team_line(patient: Patient, team: str) -> str:
    """ "📞 Your surgical team: <phone>" (team "surgery") or "📞 Your clinic: <phone>" (team
    "clinic"), in the patient's language; "" when no number is stored.

    For every message that tells the patient to contact that team (red-flag alerts, Botox
    warnings): append it as its own line when it is not empty.
    """
    phone = phone_of(patient, team)
    if not phone:
        return ""
    return t(PHONE_LINE[team], patient.language, phone=phone)


def care_team_lines(patient: Patient) -> list[str]:
    """Every stored care-team number, one line each (for /help)."""
    return [line for team in TEAMS if (line := care_team_line(patient, team))]


def problem_text(text: str, error: PhoneError, lang: str) -> str:
    """Why ``text`` is not a phone number, and what would work."""
    detail = {
        PhoneProblem.EMPTY: t("phone_problem_empty", lang),
        PhoneProblem.CHARACTERS: t("phone_problem_characters", lang, chars=error.detail),
        PhoneProblem.PLUS: t("phone_problem_plus", lang),
        PhoneProblem.TOO_SHORT: t("phone_problem_short", lang, least=PHONE_MIN_DIGITS),
        PhoneProblem.TOO_LONG: t(
            "phone_problem_long", lang, most=PHONE_MAX_DIGITS, chars=PHONE_MAX_CHARS
        ),
    }[error.problem]
    return t("phone_invalid", lang, text=text[:60], problem=detail)


# ---- the question, the read-back, the answers --------------------------------------------------
def ask_text(patient: Patient, team: str) -> tuple[str, InlineKeyboardMarkup]:
    """The question for ``team``'s number (opens it), with Skip, or Keep / Remove if one is
    stored. The caller sends it; the patient's next typed text answers it."""
    lang = patient.language
    code = CODE[team]
    wait_for(patient, AWAIT[team])
    current = phone_of(patient, team)
    rows: list[list[tuple[str, Callback]]]
    if current:
        text = t(PHONE_CHANGE[team], lang, line=care_team_line(patient, team))
        rows = [
            [(t("btn_phone_keep", lang), PhoneTap(code, "k"))],
            [(t("btn_phone_remove", lang), PhoneTap(code, "x"))],
        ]
    else:
        text = t(PHONE_ASK[team], lang)
        rows = [[(t("btn_skip", lang), PhoneTap(code, "k"))]]
    return text, keyboard(rows)


def ask(patient: Patient, team: str) -> Reply:
    """The question for ``team``'s number as a reply of its own."""
    text, markup = ask_text(patient, team)
    return Reply(text, markup)


def read_back(patient: Patient, team: str, text: str) -> Reply:
    """A typed number: read it back with Save / Type again, or say what would work. The
    question stays open either way."""
    lang = patient.language
    code = CODE[team]
    wait_for(patient, AWAIT[team])
    try:
        phone = read_phone(text)
    except PhoneError as error:
        markup = keyboard([[(t("btn_skip", lang), PhoneTap(code, "k"))]])
        return Reply(problem_text(text, error, lang), markup)
    line = t(PHONE_LINE[team], lang, phone=phone)
    save, again = PhoneSaveTap(code, phone.replace(" ", "_")), PhoneTap(code, "a")
    rows: list[list[tuple[str, Callback]]] = [
        [(t("btn_phone_save", lang), save)],
        [(t("btn_phone_again", lang), again)],
    ]
    return Reply(t("phone_check", lang, line=line), keyboard(rows), confirm=(save, again))


def typed_phone(patient: Patient, team: str, text: str) -> Reply:
    """Free text while ``team``'s phone question is open: its answer."""
    lang = patient.language
    if said(text, "kw_skip", lang) or text.strip().lower() == t("btn_skip", lang).lower():
        return skip(patient, team, edit=False)
    return read_back(patient, team, text)


async def surgery_phone_answer(turn: Turn, text: str) -> Reply:
    """A typed surgical team's number."""
    turn.session.add(turn.me)
    return typed_phone(turn.me, SURGERY, text)


async def clinic_phone_answer(turn: Turn, text: str) -> Reply:
    """A typed clinic's number."""
    turn.session.add(turn.me)
    return typed_phone(turn.me, CLINIC, text)


def skip(patient: Patient, team: str, *, edit: bool) -> Reply:
    """Close the question without changing the stored number."""
    stop_waiting(patient, AWAIT[team])
    key = PHONE_KEPT[team] if phone_of(patient, team) else PHONE_SKIPPED[team]
    line = care_team_line(patient, team)
    return Reply(
        t(key, patient.language, line=line), edit=edit, toast=t("answer_saved", patient.language)
    )


def command_reply(patient: Patient, team: str, args: str) -> Reply:
    """``/clinic`` or ``/surgery phone`` with what followed: ask, remove, or read back."""
    if not args:
        return ask(patient, team)
    if said(args, "kw_remove", patient.language):
        return remove(patient, team, edit=False)
    return read_back(patient, team, args)


def remove(patient: Patient, team: str, *, edit: bool) -> Reply:
    """Forget the number (saying so even when there was none)."""
    lang = patient.language
    had = phone_of(patient, team)
    _store(patient, team, None)
    stop_waiting(patient, AWAIT[team])
    key = PHONE_REMOVED[team] if had else PHONE_NONE[team]
    return Reply(t(key, lang), edit=edit, toast=t("answer_saved", lang))


BUTTONS = Buttons()


@BUTTONS.on(PhoneTap)
async def phone_tapped(turn: Turn, tap: PhoneTap) -> Reply:
    """Type it again, Skip/Keep or Remove; only while that team's question is open."""
    patient, team, lang = turn.me, TEAM_OF_CODE[tap.team], turn.lang
    if dialog_of(patient).waiting is not AWAIT[team]:
        return expired(turn)
    turn.session.add(patient)
    if tap.action == "x":
        return remove(patient, team, edit=True)
    if tap.action == "k":
        return skip(patient, team, edit=True)
    markup = keyboard([[(t("btn_skip", lang), PhoneTap(tap.team, "k"))]])
    return Reply(t(PHONE_RETYPE[team], lang), markup, edit=True)


@BUTTONS.on(PhoneSaveTap)
async def phone_saved(turn: Turn, tap: PhoneSaveTap) -> Reply:
    """Save the read-back number, if the question is still open and it still reads as one."""
    patient, team, lang = turn.me, TEAM_OF_CODE[tap.team], turn.lang
    if dialog_of(patient).waiting is not AWAIT[team]:
        return expired(turn)
    try:
        phone = read_phone(tap.phone.replace("_", " "))
    except PhoneError:
        return expired(turn)
    _store(patient, team, phone)
    stop_waiting(patient)
    turn.session.add(patient)
    text = t(PHONE_SAVED[team], lang, line=care_team_line(patient, team))
    return Reply(text, edit=True, toast=t("answer_saved", lang))


async def clinic(turn: Turn, args: str) -> Reply:
    """/clinic [phone | remove]: the Botox clinic's phone number."""
    turn.session.add(turn.me)
    return command_reply(turn.me, CLINIC, args)


FEATURE = Feature(
    name="contacts",
    commands=(Command("clinic", clinic),),
    buttons=BUTTONS,
    answers={
        Waiting.PHONE_SURGERY: surgery_phone_answer,
        Waiting.PHONE_CLINIC: clinic_phone_answer,
    },
)
