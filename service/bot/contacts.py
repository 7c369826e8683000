"""Care-team phone numbers: the surgical team's (asked after ``/surgery``, changed with
``/surgery phone``) and the Botox clinic's (``/clinic``).

Each number is optional (Skip), read back before it is stored, changeable and removable. It is
shown in every warning message and in /help through ``care_team_line``, the one helper any
feature uses for a "📞 Your clinic: <phone>" / "📞 Your surgical team: <phone>" line.

A typed number answers the open question (``patient.awaiting`` = ``phone_surgery`` /
``phone_clinic``; routed here by ``chat.text_message``). Callback data:
``ph:<team>:<action>[:<phone>]`` with team ``s`` (surgical team) or ``c`` (clinic) and action
``y`` save the read-back number (its spaces sent as ``_``), ``a`` type it again, ``k`` skip
(or keep the stored one), ``x`` remove. A button counts only while that team's question is
still open, and a save only while its number still reads as one; anything else gets "this
button has expired" and changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from service.bot.checkin import Reply, send_reply, tap_handler
from service.bot.common import chat_id_of, command_args, get_patient, has_consented, keyboard
from service.bot.state import Context
from service.db.models import Patient
from service.domain.phones import (
    PHONE_MAX_CHARS,
    PHONE_MAX_DIGITS,
    PHONE_MIN_DIGITS,
    PhoneError,
    PhoneProblem,
    read_phone,
)
from service.texts import t

COMMANDS = ("clinic",)
SURGERY, CLINIC = "surgery", "clinic"
TEAMS = (SURGERY, CLINIC)
CODE = {SURGERY: "s", CLINIC: "c"}
TEAM_OF_CODE = {code: team for team, code in CODE.items()}
AWAIT = {SURGERY: "phone_surgery", CLINIC: "phone_clinic"}
TEAM_OF_AWAIT = {value: team for team, value in AWAIT.items()}
REMOVE_WORDS = frozenset({"remove", "delete", "off", "none", "clear"})
SKIP_WORDS = frozenset({"skip", "no", "cancel"})


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
    return t(f"phone_line_{team}", patient.language, phone=phone)


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
    patient.awaiting = AWAIT[team]
    patient.awaiting_ref = None
    current = phone_of(patient, team)
    if current:
        text = t(f"phone_change_{team}", lang, line=care_team_line(patient, team))
        rows = [
            [(t("btn_phone_keep", lang), f"ph:{code}:k")],
            [(t("btn_phone_remove", lang), f"ph:{code}:x")],
        ]
    else:
        text = t(f"phone_ask_{team}", lang)
        rows = [[(t("btn_skip", lang), f"ph:{code}:k")]]
    return text, keyboard(rows)


def ask(patient: Patient, team: str) -> Reply:
    """The question for ``team``'s number as a reply of its own."""
    text, markup = ask_text(patient, team)
    return Reply(text, markup)


def read_back(patient: Patient, team: str, text: str) -> Reply:
    """A typed number: read it back with Save / Type again, or say what would work. The
    question stays open either way."""
    lang = patient.language
    patient.awaiting = AWAIT[team]
    patient.awaiting_ref = None
    try:
        phone = read_phone(text)
    except PhoneError as error:
        markup = keyboard([[(t("btn_skip", lang), f"ph:{CODE[team]}:k")]])
        return Reply(problem_text(text, error, lang), markup)
    code = CODE[team]
    line = t(f"phone_line_{team}", lang, phone=phone)
    rows = [
        [(t("btn_phone_save", lang), f"ph:{code}:y:{phone.replace(' ', '_')}")],
        [(t("btn_phone_again", lang), f"ph:{code}:a")],
    ]
    return Reply(t("phone_check", lang, line=line), keyboard(rows))


def typed_phone(patient: Patient, text: str) -> Reply | None:
    """Free text while a phone question is open: its answer; None when none is open."""
    team = TEAM_OF_AWAIT.get(patient.awaiting or "")
    if team is None:
        return None
    if text.strip().lower() in SKIP_WORDS | {t("btn_skip", patient.language).lower()}:
        return skip(patient, team, edit=False)
    return read_back(patient, team, text)


def skip(patient: Patient, team: str, *, edit: bool) -> Reply:
    """Close the question without changing the stored number."""
    patient.awaiting = None
    key = f"phone_kept_{team}" if phone_of(patient, team) else f"phone_skipped_{team}"
    line = care_team_line(patient, team)
    return Reply(t(key, patient.language, line=line), edit=edit, toast=t("answer_saved"))


def command_reply(patient: Patient, team: str, args: str) -> Reply:
    """``/clinic`` or ``/surgery phone`` with what followed: ask, remove, or read back."""
    if not args:
        return ask(patient, team)
    if args.strip().lower() in REMOVE_WORDS:
        return remove(patient, team, edit=False)
    return read_back(patient, team, args)


def remove(patient: Patient, team: str, *, edit: bool) -> Reply:
    """Forget the number (saying so even when there was none)."""
    lang = patient.language
    had = phone_of(patient, team)
    _store(patient, team, None)
    if patient.awaiting == AWAIT[team]:
        patient.awaiting = None
    key = f"phone_removed_{team}" if had else f"phone_none_{team}"
    return Reply(t(key, lang), edit=edit, toast=t("answer_saved", lang))


async def on_tap(
    session: AsyncSession, chat_id: int, data: str, now: datetime, zone: str
) -> Reply:
    """Apply one phone button; a stale or forged one changes nothing."""
    expired = Reply("", toast=t("button_expired"))
    parts = data.split(":", 3)
    if len(parts) < 3 or parts[1] not in TEAM_OF_CODE:
        return expired
    team, action = TEAM_OF_CODE[parts[1]], parts[2]
    patient = await get_patient(session, chat_id, lock=True)
    if patient is None or not has_consented(patient):
        return expired
    lang = patient.language
    open_question = patient.awaiting == AWAIT[team]
    if action == "x" and len(parts) == 3 and open_question:
        session.add(patient)
        return remove(patient, team, edit=True)
    if action == "k" and len(parts) == 3 and open_question:
        session.add(patient)
        return skip(patient, team, edit=True)
    if action == "a" and len(parts) == 3 and open_question:
        text = t(f"phone_retype_{team}", lang)
        markup = keyboard([[(t("btn_skip", lang), f"ph:{CODE[team]}:k")]])
        return Reply(text, markup, edit=True)
    if action == "y" and len(parts) == 4 and open_question:
        try:
            phone = read_phone(parts[3].replace("_", " "))
        except PhoneError:
            return expired
        _store(patient, team, phone)
        patient.awaiting = None
        session.add(patient)
        text = t(f"phone_saved_{team}", lang, line=care_team_line(patient, team))
        return Reply(text, edit=True, toast=t("answer_saved", lang))
    return expired


# ---- Telegram handlers --------------------------------------------------------------------------
async def clinic_command(update: Update, context: Context) -> None:
    """/clinic [phone | remove]: the Botox clinic's phone number."""
    state = context.bot_data
    message = update.effective_message
    assert message is not None
    async with state.db.transaction() as session:
        patient = await get_patient(session, chat_id_of(update), lock=True)
        if not has_consented(patient):
            reply = Reply(t("need_start"))
        else:
            assert patient is not None
            reply = command_reply(patient, CLINIC, command_args(message.text))
            session.add(patient)
    await send_reply(update, reply)


phone_button = tap_handler(on_tap, rearm=False)  # a phone question's button


def handlers() -> list[BaseHandler[Update, Context, None]]:
    """The care-team phone handlers."""
    return [
        CommandHandler("clinic", clinic_command, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(phone_button, pattern=r"^ph:"),
    ]
