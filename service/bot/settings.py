"""/settings with buttons, and the direct commands /timezone, /checkin_time, /pause, /resume.

Callback data: ``st:<what>``.
"""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from service.bot import onboarding, profile
from service.bot.checkin import Reply, send_reply
from service.bot.common import chat_id_of, command_args, get_patient, has_consented, keyboard
from service.bot.state import Context
from service.db.models import Patient
from service.domain.numbers import read_int
from service.domain.timezones import parse_zone_input
from service.texts import t

MAX_PAUSE_DAYS = 365
COMMANDS = ("settings", "timezone", "checkin_time", "pause", "resume")


def settings_keyboard(patient: Patient, now: datetime) -> InlineKeyboardMarkup:
    """Buttons to change each setting."""
    lang = patient.language
    paused = patient.paused and (patient.paused_until is None or patient.paused_until > now)
    return keyboard(
        [
            [(t("btn_set_timezone", lang), "st:tz"), (t("btn_set_time", lang), "st:time")],
            [(t("btn_set_side", lang), "st:side"), (t("btn_set_treatment", lang), "st:tr")],
            [
                (t("btn_resume", lang), "st:resume")
                if paused
                else (t("btn_pause_7", lang), "st:pause7")
            ],
        ]
    )


def settings_view(patient: Patient, now: datetime, default_zone: str) -> Reply:
    """The /settings message."""
    body = onboarding.settings_summary(patient, now, default_zone)
    return Reply(
        t("settings_title", patient.language) + "\n\n" + body, settings_keyboard(patient, now)
    )


async def settings_command(update: Update, context: Context) -> None:
    """/settings: every setting, with buttons to change it."""
    state = context.bot_data
    now = state.clock.now()
    async with state.db.transaction() as session:
        patient = await get_patient(session, chat_id_of(update))
        reply = (
            settings_view(patient, now, state.settings.default_timezone)
            if patient is not None and has_consented(patient)
            else Reply(t("need_start"))
        )
    await send_reply(update, reply)


async def settings_button(update: Update, context: Context) -> None:
    """A /settings button: ask the matching question, or pause/resume."""
    query = update.callback_query
    assert query is not None
    state = context.bot_data
    now = state.clock.now()
    default_zone = state.settings.default_timezone
    what = (query.data or "").removeprefix("st:")
    async with state.db.transaction() as session:
        patient = await get_patient(session, chat_id_of(update), lock=True)
        if patient is None or not has_consented(patient):
            reply = Reply("", toast=t("button_expired"))
        else:
            lang = patient.language
            if what == "tz":
                patient.awaiting = profile.AWAIT_TIMEZONE
                reply = Reply(t("ask_timezone", lang), profile.timezone_keyboard(lang))
            elif what == "time":
                patient.awaiting = profile.AWAIT_TIME
                reply = Reply(t("ask_checkin_time", lang), profile.time_keyboard(lang))
            elif what == "side":
                reply = Reply(t("ask_side", lang), profile.side_keyboard(lang))
            elif what == "tr":
                reply = Reply(t("ask_treatment", lang), profile.treatment_keyboard(lang))
            elif what == "pause7":
                text = profile.pause(patient, 7, now, default_zone)
                reply = Reply(text, settings_keyboard(patient, now), edit=True)
                reply.text = settings_view(patient, now, default_zone).text + "\n\n" + text
            elif what == "resume":
                profile.resume(patient)
                view = settings_view(patient, now, default_zone)
                reply = Reply(view.text, view.markup, edit=True)
            else:
                reply = Reply("", toast=t("button_expired"))
            session.add(patient)
    await send_reply(update, reply)


async def timezone_command(update: Update, context: Context) -> None:
    """/timezone <zone, city or offset>."""
    state = context.bot_data
    now = state.clock.now()
    arg = command_args(update.effective_message.text if update.effective_message else None)
    async with state.db.transaction() as session:
        patient = await get_patient(session, chat_id_of(update), lock=True)
        if patient is None or not has_consented(patient):
            reply = Reply(t("need_start"))
        elif not arg:
            reply = Reply(t("usage_timezone", patient.language))
        elif (match := parse_zone_input(arg, now=now)) is None:
            reply = Reply(
                t("timezone_unknown", patient.language, text=arg[:60])
                + "\n"
                + t("usage_timezone", patient.language)
            )
        else:
            reply = Reply(
                await profile.set_timezone(session, patient, match, now), ReplyKeyboardRemove()
            )
    await send_reply(update, reply)
    await state.dispatcher.rearm()


async def checkin_time_command(update: Update, context: Context) -> None:
    """/checkin_time <HH:MM | off>."""
    state = context.bot_data
    now = state.clock.now()
    arg = command_args(update.effective_message.text if update.effective_message else None)
    async with state.db.transaction() as session:
        patient = await get_patient(session, chat_id_of(update), lock=True)
        if patient is None or not has_consented(patient):
            reply = Reply(t("need_start"))
        elif not arg:
            reply = Reply(t("usage_checkin_time", patient.language))
        elif arg.lower() in {"off", "none", "no", "stop"}:
            reply = Reply(
                await profile.set_checkin_time(
                    session, patient, None, now, state.settings.default_timezone
                )
            )
        elif (at := profile.parse_time_choice(arg)) is None:
            reply = Reply(
                t("checkin_time_invalid", patient.language, text=arg[:40])
                + "\n"
                + t("usage_checkin_time", patient.language)
            )
        else:
            reply = Reply(
                await profile.set_checkin_time(
                    session,
                    patient,
                    at,
                    now,
                    state.settings.default_timezone,
                    grace_minutes=state.settings.checkin_grace_minutes,
                )
            )
    await send_reply(update, reply)
    await state.dispatcher.rearm()


async def pause_command(update: Update, context: Context) -> None:
    """/pause [days|date]: pause check-ins and reminders (until /resume, or that local day)."""
    from service.bot.common import today_of
    from service.bot.reminders import pause_date

    state = context.bot_data
    now = state.clock.now()
    default_zone = state.settings.default_timezone
    arg = command_args(update.effective_message.text if update.effective_message else None)
    async with state.db.transaction() as session:
        patient = await get_patient(session, chat_id_of(update), lock=True)
        if patient is None or not has_consented(patient):
            reply = Reply(t("need_start"))
        elif not arg:
            reply = Reply(profile.pause(patient, None, now, default_zone))
            session.add(patient)
        elif (days := read_int(arg)) is not None:
            if 1 <= days <= MAX_PAUSE_DAYS:
                reply = Reply(profile.pause(patient, days, now, default_zone))
                session.add(patient)
            else:
                reply = Reply(t("pause_usage", patient.language))
        else:
            lang = patient.language
            until = pause_date(arg, today_of(patient, now, default_zone))
            if isinstance(until, str):
                reply = Reply(
                    t(f"pause_date_{until}", lang, text=arg[:40]) + "\n" + t("pause_usage", lang)
                )
            else:
                reply = Reply(profile.pause(patient, None, now, default_zone, until=until))
                session.add(patient)
    await send_reply(update, reply)


async def resume_command(update: Update, context: Context) -> None:
    """/resume: turn check-ins and reminders back on."""
    state = context.bot_data
    default_zone = state.settings.default_timezone
    async with state.db.transaction() as session:
        patient = await get_patient(session, chat_id_of(update), lock=True)
        if patient is None or not has_consented(patient):
            reply = Reply(t("need_start"))
        elif not profile.resume(patient):
            reply = Reply(t("not_paused", patient.language))
        else:
            session.add(patient)
            when = await profile.next_checkin_text(session, patient, default_zone)
            next_line = t("resumed_next", patient.language, when=when) if when else ""
            reply = Reply(t("resumed", patient.language, next_line=next_line))
    await send_reply(update, reply)


def handlers() -> list[BaseHandler[Update, Context, None]]:
    """The settings feature's handlers."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("settings", settings_command, filters=private),
        CommandHandler("timezone", timezone_command, filters=private),
        CommandHandler("checkin_time", checkin_time_command, filters=private),
        CommandHandler("pause", pause_command, filters=private),
        CommandHandler("resume", resume_command, filters=private),
        CallbackQueryHandler(settings_button, pattern=r"^st:"),
    ]
