"""Everything that is not a feature: free text, locations, /help, odd input, groups, errors.

A typed reply goes to the question that is open (``patient.awaiting``); with none open the patient
gets a short hint. Nothing a patient sends goes unanswered.
"""

from __future__ import annotations

import contextlib
import logging

from telegram import BotCommand, ReplyKeyboardRemove, Update
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from service.bot import contacts, onboarding, profile
from service.bot.checkin import Reply, save_note_text, send_reply
from service.bot.common import chat_id_of, get_patient, has_consented
from service.bot.state import Context
from service.domain.timezones import ZoneMatch, parse_zone_input, zone_from_location
from service.scheduling.dispatcher import outcome_unknown
from service.texts import t

log = logging.getLogger(__name__)


def bot_commands(lang: str = "en") -> list[BotCommand]:
    """The command menu registered with setMyCommands."""
    from service.bot.registry import all_commands

    return [BotCommand(name, t(f"cmd_{name}", lang)) for name in all_commands()]


def help_text(lang: str = "en", phones: list[str] | None = None) -> str:
    """/help: every command with its description (and an example where it takes arguments),
    then the patient's care-team numbers, if any, and what the bot is not."""
    from service.bot.registry import all_commands
    from service.texts import MESSAGES

    lines = [t("help_intro", lang)]
    for name in all_commands():
        line = f"/{name} – {t(f'cmd_{name}', lang)}"
        if f"example_{name}" in MESSAGES:
            line += f" ({t(f'example_{name}', lang)})"
        lines.append(line)
    if phones:
        lines += ["", t("help_phones", lang), *phones]
    return "\n".join([*lines, "", t("help_footer", lang)])


async def back_in_touch(update: Update, context: Context) -> None:
    """The patient wrote to us, so they no longer block the bot: active again.

    Telegram's "unblocked" update can be missed; handlers that load the patient anyway do this
    in ``get_patient``, the few that never touch the database call this.
    """
    async with context.bot_data.db.transaction() as session:
        await get_patient(session, chat_id_of(update))


async def help_command(update: Update, context: Context) -> None:
    """/help: every command in plain words, and the patient's care-team numbers."""
    async with context.bot_data.db.transaction() as session:
        patient = await get_patient(session, chat_id_of(update))
        lang = patient.language if patient is not None else "en"
        consented = patient is not None and has_consented(patient)
        phones = contacts.care_team_lines(patient) if patient is not None and consented else []
    await send_reply(update, Reply(help_text(lang, phones)))


async def unknown_command(update: Update, context: Context) -> None:
    """A command we don't have."""
    await back_in_touch(update, context)
    await send_reply(update, Reply(t("unknown_command")))


async def text_message(update: Update, context: Context) -> None:
    """Free text: the answer to the open question, else a hint."""
    message = update.effective_message
    assert message is not None and message.text is not None
    state = context.bot_data
    now = state.clock.now()
    default_zone = state.settings.default_timezone
    text = message.text.strip()
    follow: Reply | None = None
    rearm = False
    async with state.db.transaction() as session:
        patient = await get_patient(session, chat_id_of(update), lock=True)
        if patient is None or not has_consented(patient):
            reply = Reply(t("consent_needed") if patient else t("need_start"))
        elif patient.awaiting == profile.AWAIT_TIMEZONE:
            lang = patient.language
            if text.lower() == t("btn_skip", lang).lower():
                zone = patient.timezone or default_zone
                match = ZoneMatch(zone=zone, label=zone, how="iana")
                await profile.set_timezone(session, patient, match, now)
                reply = Reply(t("timezone_skipped", lang, zone=zone), ReplyKeyboardRemove())
                follow = await onboarding.advance(
                    session, patient, onboarding.STEP_TIMEZONE, now, default_zone
                )
            elif (found := parse_zone_input(text, now=now)) is None:
                reply = Reply(t("timezone_unknown", lang, text=text[:60]))
            else:
                confirmation = await profile.set_timezone(session, patient, found, now)
                reply = Reply(confirmation, ReplyKeyboardRemove())
                follow = await onboarding.advance(
                    session, patient, onboarding.STEP_TIMEZONE, now, default_zone
                )
                rearm = True
        elif patient.awaiting == profile.AWAIT_TIME:
            lang = patient.language
            at = profile.parse_time_choice(text)
            if at is None:
                reply = Reply(t("checkin_time_invalid", lang, text=text[:40]))
            else:
                confirmation = await profile.set_checkin_time(
                    session,
                    patient,
                    at,
                    now,
                    default_zone,
                    grace_minutes=state.settings.checkin_grace_minutes,
                )
                reply = Reply(confirmation)
                follow = await onboarding.advance(
                    session, patient, onboarding.STEP_TIME, now, default_zone
                )
                rearm = True
        elif (phone_reply := contacts.typed_phone(patient, text)) is not None:
            reply = phone_reply
        elif (note_reply := await save_note_text(session, patient, text, now)) is not None:
            reply = note_reply
        else:
            reply = Reply(t("free_text_hint", patient.language))
    await send_reply(update, reply)
    if follow is not None:
        await onboarding.send_step(update, follow)
    if rearm:
        await state.dispatcher.rearm()


async def location_message(update: Update, context: Context) -> None:
    """A shared location sets the time zone (looked up offline)."""
    message = update.effective_message
    assert message is not None and message.location is not None
    state = context.bot_data
    now = state.clock.now()
    default_zone = state.settings.default_timezone
    follow: Reply | None = None
    async with state.db.transaction() as session:
        patient = await get_patient(session, chat_id_of(update), lock=True)
        if patient is None or not has_consented(patient):
            reply = Reply(t("need_start"))
        else:
            zone = zone_from_location(message.location.latitude, message.location.longitude)
            if zone is None:
                reply = Reply(t("timezone_unknown", patient.language, text="📍"))
            else:
                match = ZoneMatch(zone=zone, label=zone, how="location")
                reply = Reply(
                    await profile.set_timezone(session, patient, match, now),
                    ReplyKeyboardRemove(),
                )
                follow = await onboarding.advance(
                    session, patient, onboarding.STEP_TIMEZONE, now, default_zone
                )
    await send_reply(update, reply)
    if follow is not None:
        await onboarding.send_step(update, follow)
    await state.dispatcher.rearm()


async def other_message(update: Update, context: Context) -> None:
    """Stickers, photos, voice...: say what works."""
    await back_in_touch(update, context)
    await send_reply(update, Reply(t("unsupported_message")))


async def not_private(update: Update, context: Context) -> None:
    """Groups and channels: point to the private chat, store nothing, stop here."""
    chat = update.effective_chat
    message = update.effective_message
    if chat is not None and message is not None and message.text and message.text.startswith("/"):
        await chat.send_message(t("private_only"))
    elif update.callback_query is not None:
        await update.callback_query.answer(t("private_only"))
    raise ApplicationHandlerStop


async def membership_changed(update: Update, context: Context) -> None:
    """The patient blocked (kicked) or unblocked the bot: stop or resume writing to them."""
    change = update.my_chat_member
    if change is None or change.chat.type != change.chat.PRIVATE:
        return
    active = change.new_chat_member.status not in ("kicked", "left")
    async with context.bot_data.db.transaction() as session:
        patient = await get_patient(session, change.chat.id, lock=True)
        if patient is not None:
            patient.active = active
            session.add(patient)


async def stale_callback(update: Update, context: Context) -> None:
    """Any button whose data no feature claims."""
    query = update.callback_query
    assert query is not None
    await query.answer(t("button_expired"))


async def error_handler(update: object, context: Context) -> None:
    """Log every handler/job error with its update context and reassure the patient."""
    where = "job" if context.job is not None else "update"
    details = {}
    if isinstance(update, Update):
        details = {
            "update_id": update.update_id,
            "chat_id": update.effective_chat.id if update.effective_chat else None,
            "kind": next(
                (k for k in ("message", "callback_query", "edited_message") if getattr(update, k)),
                "other",
            ),
        }
    if context.error is not None and outcome_unknown(context.error):
        # A reply (or edit) went out but its answer never came: the patient may well have it.
        # An apology on top would only confuse; the next tap or message carries on as usual.
        log.warning(
            "reply in %s %s may have been delivered: no answer from Telegram (%s)",
            where,
            details,
            type(context.error.__cause__).__name__,
        )
        return
    log.error("error in %s %s", where, details, exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        if update.callback_query is not None:
            with contextlib.suppress(Exception):  # it may have been answered already
                await update.callback_query.answer()
        try:
            await update.effective_chat.send_message(t("error_generic"))
        except Exception:  # the apology itself failed (e.g. Telegram down): only log
            log.warning("could not tell chat %s about the error", update.effective_chat.id)


def guard_handlers() -> list[BaseHandler[Update, Context, None]]:
    """Group -1: stop non-private updates before any feature sees them."""
    not_private_chat = ~filters.ChatType.PRIVATE
    return [
        MessageHandler(not_private_chat, not_private),
        TypeHandler(Update, _callback_in_group),
    ]


async def _callback_in_group(update: Update, context: Context) -> None:
    """Button presses from group messages get the same treatment."""
    chat = update.effective_chat
    if update.callback_query is not None and chat is not None and chat.type != chat.PRIVATE:
        await not_private(update, context)


def fallback_handlers() -> list[BaseHandler[Update, Context, None]]:
    """Last in line: help, unknown commands, free text, locations, anything else."""
    private = filters.ChatType.PRIVATE
    return [
        ChatMemberHandler(membership_changed, ChatMemberHandler.MY_CHAT_MEMBER),
        CommandHandler("help", help_command, filters=private),
        MessageHandler(private & filters.COMMAND, unknown_command),
        MessageHandler(private & filters.LOCATION, location_message),
        MessageHandler(private & filters.TEXT & ~filters.UpdateType.EDITED, text_message),
        MessageHandler(private & ~filters.UpdateType.EDITED, other_message),
    ]


__all__ = [
    "bot_commands",
    "error_handler",
    "fallback_handlers",
    "guard_handlers",
    "stale_callback",
]
