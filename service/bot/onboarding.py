"""/start: welcome, consent, then time zone, check-in time, a first check-in, side, treatment.

Before consent only the chat id is stored. The first check-in comes right after the check-in time,
so a newcomer has stored ratings within eight taps; side and treatment follow it.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from service.bot import profile
from service.bot.checkin import Reply, send_reply, start_checkin
from service.bot.common import chat_id_of, get_patient, has_consented, keyboard, pause_text
from service.bot.state import Context
from service.db.models import Patient
from service.domain.scales import Side, Treatment
from service.texts import CONSENT_VERSION, t

COMMANDS = ("start",)
STEP_TIMEZONE = "timezone"
STEP_TIME = "time"
STEP_FIRST_CHECKIN = "first_checkin"
STEP_SIDE = "side"
STEP_TREATMENT = "treatment"
SIDES = frozenset(s.value for s in Side)
TREATMENTS = frozenset(tr.value for tr in Treatment)


def consent_keyboard(lang: str) -> InlineKeyboardMarkup:
    """'I agree' / 'Not now'."""
    return keyboard(
        [
            [(t("btn_consent_yes", lang), "pf:consent:yes")],
            [(t("btn_consent_no", lang), "pf:consent:no")],
        ]
    )


async def start_command(update: Update, context: Context) -> None:
    """/start: the welcome and consent, or where the patient left off."""
    state = context.bot_data
    now = state.clock.now()
    chat = update.effective_chat
    assert chat is not None
    async with state.db.transaction() as session:
        patient = await get_patient(session, chat.id, lock=True)
        if patient is None:
            patient = Patient(chat_id=chat.id, created_at=now)
            session.add(patient)
        lang = patient.language
        if not has_consented(patient):
            reply = Reply(t("welcome", lang), consent_keyboard(lang))
        elif patient.onboarding_step is not None:
            reply = await ask_step(
                session, patient, patient.onboarding_step, now, state.settings.default_timezone
            )
        else:
            summary = settings_summary(patient, now, state.settings.default_timezone)
            reply = Reply(t("welcome_back", lang) + "\n\n" + summary)
    await send_step(update, reply)


def settings_summary(patient: Patient, now: datetime, default_zone: str) -> str:
    """The settings block shown by /settings and on return."""
    lang = patient.language
    return t(
        "settings_body",
        lang,
        zone=patient.timezone or f"{default_zone} ({t('settings_not_set', lang)})",
        checkin=patient.checkin_time or t("settings_off", lang),
        side=t(f"side_{patient.side}", lang) if patient.side else t("settings_not_set", lang),
        treatment=(
            t(f"treatment_{patient.treatment}", lang)
            if patient.treatment
            else t("settings_not_set", lang)
        ),
        paused=pause_text(patient, now, default_zone),
    )


async def ask_step(
    session: AsyncSession, patient: Patient, step: str, now: datetime, default_zone: str
) -> Reply:
    """The question for an onboarding step (also used to re-ask it)."""
    lang = patient.language
    patient.onboarding_step = step
    patient.awaiting = None
    if step == STEP_TIMEZONE:
        patient.awaiting = profile.AWAIT_TIMEZONE
        reply = Reply(t("ask_timezone", lang), profile.timezone_keyboard(lang))
    elif step == STEP_TIME:
        patient.awaiting = profile.AWAIT_TIME
        reply = Reply(t("ask_checkin_time", lang), profile.time_keyboard(lang))
    elif step == STEP_FIRST_CHECKIN:
        _, text, markup = await start_checkin(
            session, patient, now, intro=t("first_checkin_intro", lang)
        )
        reply = Reply(text, markup)
    elif step == STEP_SIDE:
        reply = Reply(t("ask_side", lang), profile.side_keyboard(lang))
    else:
        reply = Reply(t("ask_treatment", lang), profile.treatment_keyboard(lang))
    session.add(patient)
    return reply


async def send_step(update: Update, reply: Reply) -> None:
    """Send an onboarding question as a new message."""
    chat = update.effective_chat
    assert chat is not None
    await chat.send_message(reply.text, reply_markup=reply.markup)


async def advance(
    session: AsyncSession, patient: Patient, done_step: str, now: datetime, default_zone: str
) -> Reply | None:
    """After ``done_step`` during onboarding: the next question, or the closing message."""
    if patient.onboarding_step != done_step:
        return None
    order = [STEP_TIMEZONE, STEP_TIME, STEP_FIRST_CHECKIN, STEP_SIDE, STEP_TREATMENT]
    index = order.index(done_step)
    if done_step == STEP_TIME and patient.checkin_time is None:
        index += 1  # no check-ins wanted: skip the first one too
    if index + 1 < len(order):
        return await ask_step(session, patient, order[index + 1], now, default_zone)
    patient.onboarding_step = None
    patient.awaiting = None
    session.add(patient)
    return Reply(closing_text(patient, default_zone))


def closing_text(patient: Patient, default_zone: str) -> str:
    """What happens next, and how to get help."""
    lang = patient.language
    if patient.checkin_time:
        next_line = t(
            "onboarding_next_daily",
            lang,
            time=patient.checkin_time,
            zone=patient.timezone or default_zone,
        )
    else:
        next_line = t("onboarding_next_none", lang)
    return t("onboarding_done", lang, next_line=next_line)


async def after_first_checkin(
    session: AsyncSession, patient: Patient, now: datetime
) -> Reply | None:
    """Called when the first check-in closes: on to the side question."""
    return await advance(session, patient, STEP_FIRST_CHECKIN, now, "UTC")


async def profile_button(update: Update, context: Context) -> None:
    """Consent, check-in time, side and treatment buttons (onboarding and /settings)."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    state = context.bot_data
    now = state.clock.now()
    default_zone = state.settings.default_timezone
    parts = (query.data or "").split(":")
    what, value = (parts[1], parts[2]) if len(parts) == 3 else ("", "")
    expired = Reply("", toast=t("button_expired"))
    async with state.db.transaction() as session:
        patient = await get_patient(session, chat_id_of(update), lock=True)
        reply: Reply = expired
        follow: Reply | None = None
        if what == "consent" and patient is not None and not has_consented(patient):
            if value == "yes":
                patient.consent_at = now
                patient.consent_version = CONSENT_VERSION
                reply = Reply(t("welcome", patient.language) + "\n\n✅", edit=True)
                follow = await ask_step(session, patient, STEP_TIMEZONE, now, default_zone)
                follow.text = t("consent_thanks", patient.language) + "\n\n" + follow.text
            elif value == "no":
                await session.delete(patient)
                reply = Reply(t("consent_declined"), edit=True)
        elif patient is not None and has_consented(patient):
            lang = patient.language
            if what == "time":
                at = None if value == "off" else profile.parse_time_choice(value)
                if value == "off" or at is not None:
                    text = await profile.set_checkin_time(
                        session,
                        patient,
                        at,
                        now,
                        default_zone,
                        grace_minutes=state.settings.checkin_grace_minutes,
                    )
                    reply = Reply(text, edit=True, toast=t("answer_saved", lang))
                    follow = await advance(session, patient, STEP_TIME, now, default_zone)
            elif what == "side" and (value == "skip" or value in SIDES):
                saved = profile.set_side(patient, value) if value != "skip" else None
                reply = Reply(saved or t("ask_side", lang) + " –", edit=True)
                follow = await advance(session, patient, STEP_SIDE, now, default_zone)
            elif what == "tr" and (value == "skip" or value in TREATMENTS):
                saved = profile.set_treatment(patient, value) if value != "skip" else None
                reply = Reply(saved or t("ask_treatment", lang) + " –", edit=True)
                follow = await advance(session, patient, STEP_TREATMENT, now, default_zone)
            session.add(patient)
        elif what == "consent" and patient is not None and value in ("yes", "no"):
            reply = Reply("", toast=t("answer_saved", patient.language))
    await send_reply(update, reply)
    if follow is not None:
        await send_step(update, follow)
    if what == "time":
        await state.dispatcher.rearm()  # the new schedule may be due before the armed wake


def handlers() -> list[BaseHandler[Update, Context, None]]:
    """Onboarding's handlers."""
    return [
        CommandHandler("start", start_command, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(profile_button, pattern=r"^pf:"),
    ]
