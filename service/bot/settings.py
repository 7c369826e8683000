"""/settings with buttons, and the direct commands /timezone, /checkin_time, /pause, /resume."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from telegram import InlineKeyboardMarkup

from service.bot import onboarding, pause, profile
from service.bot.callbacks import Callback, callback
from service.bot.dialog import Waiting, wait_for
from service.bot.feature import Command, Feature
from service.bot.kit import Reply, Turn, keyboard
from service.bot.profile import LanguageTap
from service.bot.report_name import ReportNameTap
from service.db.models import Patient
from service.domain.scales import treatments_of
from service.domain.timezones import parse_zone_input
from service.texts import said, t


@callback("st:{what}")
@dataclass(frozen=True)
class SettingsTap(Callback):
    """A /settings button."""

    what: Literal["tz", "time", "side", "tr", "pause7", "resume"]


def settings_keyboard(patient: Patient, now: datetime) -> InlineKeyboardMarkup:
    """Buttons to change each setting."""
    lang = patient.language
    paused = patient.paused and (patient.paused_until is None or patient.paused_until > now)
    return keyboard(
        [
            [
                (t("btn_set_timezone", lang), SettingsTap("tz")),
                (t("btn_set_time", lang), SettingsTap("time")),
            ],
            [
                (t("btn_set_side", lang), SettingsTap("side")),
                (t("btn_set_treatment", lang), SettingsTap("tr")),
            ],
            [
                (t("btn_resume", lang), SettingsTap("resume"))
                if paused
                else (t("btn_pause_7", lang), SettingsTap("pause7")),
                (t("btn_set_report_name", lang), ReportNameTap("ask")),
            ],
            [(t("btn_set_language", lang), LanguageTap("ask"))],
        ]
    )


def settings_view(patient: Patient, now: datetime, default_zone: str) -> Reply:
    """The /settings message."""
    body = onboarding.settings_summary(patient, now, default_zone)
    return Reply(
        t("settings_title", patient.language) + "\n\n" + body, settings_keyboard(patient, now)
    )


async def settings(turn: Turn, _args: str) -> Reply:
    """/settings: every setting, with buttons to change it."""
    return settings_view(turn.me, turn.now, turn.default_zone)


#: One table for the feature: the guided /pause registers its buttons on it too.
BUTTONS = pause.BUTTONS


@BUTTONS.on(SettingsTap)
async def settings_tapped(turn: Turn, tap: SettingsTap) -> Reply:
    """A /settings button: ask the matching question, or pause/resume."""
    patient, lang = turn.me, turn.lang
    turn.session.add(patient)
    # /settings asks in its own words: no set-up step counters.
    if tap.what == "tz":
        wait_for(patient, Waiting.TIMEZONE)
        return Reply(t("settings_ask_timezone", lang), profile.timezone_keyboard(lang))
    if tap.what == "time":
        wait_for(patient, Waiting.CHECKIN_TIME)
        return Reply(t("settings_ask_checkin_time", lang), profile.time_keyboard(lang))
    if tap.what == "side":
        return Reply(t("settings_ask_side", lang), profile.side_keyboard(lang, setup=False))
    if tap.what == "tr":
        chosen = treatments_of(patient.treatment)
        markup = profile.treatment_keyboard(lang, chosen, setup=False)
        return Reply(t("settings_ask_treatment", lang), markup)
    if tap.what == "pause7":
        if await pause.has_medications(turn):
            return await pause.chosen(turn, turn.today + timedelta(days=7))
        text = profile.pause(patient, 7, turn.now, turn.default_zone)
        view = settings_view(patient, turn.now, turn.default_zone)
        return Reply(view.text + "\n\n" + text, view.markup, edit=True)
    profile.resume(patient)
    view = settings_view(patient, turn.now, turn.default_zone)
    return Reply(view.text, view.markup, edit=True)


async def timezone(turn: Turn, arg: str) -> Reply:
    """/timezone <zone, city or offset>."""
    if not arg:
        # A guided question: a typed zone or a shared location answers it.
        wait_for(turn.me, Waiting.TIMEZONE)
        turn.session.add(turn.me)
        return Reply(turn.t("usage_timezone"), profile.timezone_keyboard(turn.lang))
    match = parse_zone_input(arg, now=turn.now)
    if match is None:
        return Reply(turn.t("timezone_unknown", text=arg[:60]) + "\n" + turn.t("usage_timezone"))
    return await onboarding.zone_found(turn, match)


async def checkin_time(turn: Turn, arg: str) -> Reply:
    """/checkin_time <HH:MM | off>."""
    if not arg:
        return Reply(turn.t("usage_checkin_time"))
    if said(arg, "kw_off", turn.lang) or said(arg, "kw_stop", turn.lang):
        at = None
    elif (at := profile.parse_time_choice(arg)) is None:
        return Reply(
            turn.t("checkin_time_invalid", text=arg[:40]) + "\n" + turn.t("usage_checkin_time")
        )
    text = await profile.set_checkin_time(
        turn.session,
        turn.me,
        at,
        turn.now,
        turn.default_zone,
        grace_minutes=turn.settings.checkin_grace_minutes,
    )
    return Reply(text)


async def resume(turn: Turn, _args: str) -> Reply:
    """/resume: turn check-ins and reminders back on."""
    patient = turn.me
    if not profile.resume(patient):
        return Reply(turn.t("not_paused"))
    turn.session.add(patient)
    when = await profile.next_checkin_text(turn.session, patient, turn.default_zone)
    next_line = turn.t("resumed_next", when=when) if when else ""
    return Reply(turn.t("resumed", next_line=next_line))


FEATURE = Feature(
    name="settings",
    commands=(
        Command("settings", settings),
        Command("timezone", timezone),
        Command("checkin_time", checkin_time),
        Command("pause", pause.pause_command),
        Command("resume", resume),
    ),
    buttons=BUTTONS,
    answers={Waiting.PAUSE_UNTIL: pause.until_answer},
)
