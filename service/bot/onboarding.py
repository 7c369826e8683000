"""/start: welcome, consent, then time zone, check-in time, a first check-in, side, treatment.

Before consent only the chat id is stored. The order of the questions is the pure step machine
in ``service.domain.setup``; where the patient is in it lives in their dialog state. The first
check-in comes right after the check-in time, so a newcomer has stored ratings within eight taps;
side and treatment follow it. The time-zone and check-in-time questions (typed answers, a shared
location, buttons) are also asked from /settings, so their handlers live here.
"""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.ext import BaseHandler, MessageHandler, filters

from service.bot import profile
from service.bot.checkin import start_checkin
from service.bot.common import pause_text
from service.bot.dialog import Waiting, dialog_of, set_setup, stop_waiting, wait_for
from service.bot.feature import (
    CheckinClosed,
    Command,
    Consented,
    Feature,
    StartLink,
    TreatmentsChosen,
    publish,
)
from service.bot.kit import Access, Buttons, Reply, Turn, expired, run_turn
from service.bot.profile import (
    ConsentTap,
    KeepZoneTap,
    SideTap,
    SkipTap,
    TimeTap,
    TreatmentsDoneTap,
    TreatmentTap,
    ZoneTap,
    consent_keyboard,
)
from service.bot.report_name import current_text
from service.bot.state import Context
from service.db.models import Patient
from service.domain.scales import treatments_of
from service.domain.setup import SetupFacts, SetupStep, first_step, next_step
from service.domain.timezones import (
    UnknownZone,
    ZoneMatch,
    get_zone,
    is_fixed_offset,
    parse_zone_input,
    zone_from_location,
    zone_match,
    zones_at_offset,
)
from service.texts import CONSENT_VERSION, language_name, t
from service.texts.families import SIDE
from service.texts.keys import MessageKey


async def start(turn: Turn, args: str) -> Reply:
    """/start: the welcome and consent, or where the patient left off; a deep link's payload
    (an invitation to follow a diary, a care-team link) goes to the feature that owns it."""
    if args:
        answer = await publish(turn, StartLink(args))
        if answer is not None:
            return answer
    patient = turn.patient
    if patient is None:
        # The language Telegram reports for them (when we speak it): /language changes it.
        patient = Patient(chat_id=turn.chat_id, created_at=turn.now, language=turn.lang)
        turn.session.add(patient)
        turn.patient = patient
    lang = patient.language
    if patient.consent_at is None:
        return Reply(t("welcome", lang), consent_keyboard(lang))
    setup = dialog_of(patient).setup
    if setup is not None:
        return await ask_step(turn, setup)
    summary = settings_summary(patient, turn.now, turn.default_zone)
    return Reply(t("welcome_back", lang) + "\n\n" + summary)


def settings_summary(patient: Patient, now: datetime, default_zone: str) -> str:
    """The settings block shown by /settings and on return."""
    lang = patient.language
    return t(
        "settings_body",
        lang,
        zone=patient.timezone or profile.default_zone_in_words(default_zone, lang),
        checkin=patient.checkin_time or t("settings_off", lang),
        side=t(SIDE[patient.side], lang) if patient.side else t("settings_not_set", lang),
        treatment=profile.treatments_text(patient.treatment, lang),
        paused=pause_text(patient, now, default_zone),
        report_name=current_text(patient, lang),
        language=language_name(lang),
    )


async def ask_step(turn: Turn, step: SetupStep) -> Reply:
    """The question for a set-up step (also used to re-ask it)."""
    patient = turn.me
    lang = patient.language
    set_setup(patient, step)
    stop_waiting(patient)
    if step is SetupStep.TIMEZONE:
        wait_for(patient, Waiting.TIMEZONE)
        reply = Reply(t("ask_timezone", lang), profile.timezone_keyboard(lang))
    elif step is SetupStep.TIME:
        wait_for(patient, Waiting.CHECKIN_TIME)
        reply = Reply(t("ask_checkin_time", lang), profile.time_keyboard(lang))
    elif step is SetupStep.FIRST_CHECKIN:
        _, text, markup = await start_checkin(turn, intro=t("first_checkin_intro", lang))
        # Each step can be skipped, the first check-in too (side and treatment still follow).
        rows = [*markup.inline_keyboard, [profile.skip_button(lang, "ci")]]
        reply = Reply(text, InlineKeyboardMarkup(rows))
    elif step is SetupStep.SIDE:
        reply = Reply(t("ask_side", lang), profile.side_keyboard(lang))
    else:
        chosen = treatments_of(patient.treatment)
        reply = Reply(t("ask_treatment", lang), profile.treatment_keyboard(lang, chosen))
    turn.session.add(patient)
    return reply


async def advance(turn: Turn, done: SetupStep) -> Reply | None:
    """After ``done`` during the set-up: the next question, or the closing message."""
    patient = turn.me
    if dialog_of(patient).setup is not done:
        return None  # not in the set-up (e.g. /settings), or the answer came late
    step = next_step(done, SetupFacts(checkins_on=patient.checkin_time is not None))
    if step is not None:
        return await ask_step(turn, step)
    set_setup(patient, None)
    stop_waiting(patient)
    turn.session.add(patient)
    return Reply(closing_text(patient, turn.default_zone))


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


async def on_checkin_closed(turn: Turn, _event: CheckinClosed) -> Reply | None:
    """The first check-in is done: on to the next set-up question."""
    return await advance(turn, SetupStep.FIRST_CHECKIN)


# ---- buttons ------------------------------------------------------------------------------------
BUTTONS = Buttons()


@BUTTONS.on(ConsentTap, access=Access.ANYONE)
async def consent(turn: Turn, tap: ConsentTap) -> Reply:
    """'I agree' stores the consent and asks the first question; 'Not now' forgets the chat."""
    patient = turn.patient
    if patient is None:
        return expired(turn)
    if patient.consent_at is not None:
        return Reply("", toast=t("answer_saved", patient.language))
    if tap.answer == "no":
        await turn.session.delete(patient)
        return Reply(t("consent_declined", turn.lang), edit=True)
    patient.consent_at = turn.now
    patient.consent_version = CONSENT_VERSION
    await publish(turn, Consented())
    follow = await ask_step(turn, first_step())
    follow.text = t("consent_thanks", patient.language) + "\n\n" + follow.text
    return Reply(t("welcome", patient.language) + "\n\n✅", edit=True, then=follow)


@BUTTONS.on(TimeTap)
async def time_chosen(turn: Turn, tap: TimeTap) -> Reply:
    """A check-in time button (set-up or /settings)."""
    at = None if tap.choice == "off" else profile.parse_time_choice(tap.choice)
    if tap.choice != "off" and at is None:
        return expired(turn)
    text = await profile.set_checkin_time(
        turn.session,
        turn.me,
        at,
        turn.now,
        turn.default_zone,
        grace_minutes=turn.settings.checkin_grace_minutes,
    )
    reply = Reply(text, edit=True, toast=turn.t("answer_saved"))
    return reply.followed_by(await advance(turn, SetupStep.TIME))


@BUTTONS.on(SideTap)
async def side_chosen(turn: Turn, tap: SideTap) -> Reply:
    """Left or right (set-up or /settings)."""
    saved = profile.set_side(turn.me, tap.side.value)
    turn.session.add(turn.me)
    reply = Reply(saved or turn.t("side_unchanged"), edit=True)
    return reply.followed_by(await advance(turn, SetupStep.SIDE))


@BUTTONS.on(ZoneTap)
async def zone_chosen(turn: Turn, tap: ZoneTap) -> Reply:
    """A city offered for a typed offset, 'Keep UTC+02:00', or 'Yes' to a shared location."""
    try:
        get_zone(tap.zone)
    except UnknownZone:  # an old or forged button
        return expired(turn)
    match = zone_match(tap.zone, turn.now)
    text = await profile.set_timezone(turn.session, turn.me, match, turn.now)
    reply = Reply(text, edit=True, toast=turn.t("answer_saved"))
    return reply.followed_by(await advance(turn, SetupStep.TIMEZONE))


@BUTTONS.on(KeepZoneTap)
async def zone_kept(turn: Turn, _tap: KeepZoneTap) -> Reply:
    """'No' to a shared location's zone: nothing changes."""
    patient = turn.me
    if patient.timezone:
        words = profile.zone_in_words(patient.timezone, turn.lang)
    else:
        words = profile.default_zone_in_words(turn.default_zone, turn.lang)
    return Reply(turn.t("location_zone_kept", zone=words), edit=True)


def _in_setup(turn: Turn, step: SetupStep) -> bool:
    return dialog_of(turn.me).setup is step


@BUTTONS.on(TreatmentTap)
async def treatment_ticked(turn: Turn, tap: TreatmentTap) -> Reply:
    """Tick or untick a treatment (several can be chosen); Done moves on."""
    chosen = profile.toggle_treatment(turn.me, tap.treatment.value)
    turn.session.add(turn.me)
    setup = _in_setup(turn, SetupStep.TREATMENT)
    question = turn.t("ask_treatment" if setup else "settings_ask_treatment")
    markup = profile.treatment_keyboard(turn.lang, chosen, setup=setup)
    return Reply(question, markup, edit=True, toast=turn.t("answer_saved"))


@BUTTONS.on(TreatmentsDoneTap)
async def treatments_done(turn: Turn, _tap: TreatmentsDoneTap) -> Reply:
    """The treatments are chosen: confirm them, the next set-up step (the end of the set-up),
    then tell whoever listens (e.g. Botox asks when the last injection was): its question comes
    last, so the set-up's own step cannot replace what it waits for."""
    chosen = treatments_of(turn.me.treatment)
    reply = Reply(profile.treatments_confirmation(turn.me), edit=True)
    reply.followed_by(await advance(turn, SetupStep.TREATMENT))
    if chosen:
        reply.followed_by(await publish(turn, TreatmentsChosen(chosen)))
    return reply


@BUTTONS.on(SkipTap)
async def skipped(turn: Turn, tap: SkipTap) -> Reply:
    """Skip the first check-in, the side or the treatment question (set-up)."""
    said: MessageKey
    if tap.step == "ci":
        step, said = SetupStep.FIRST_CHECKIN, "first_checkin_skipped"
    elif tap.step == "side":
        step, said = SetupStep.SIDE, "side_skipped"
    else:
        step, said = SetupStep.TREATMENT, "treatment_skipped"
    if not _in_setup(turn, step):
        return Reply("", toast=turn.t("answer_saved"))  # an old set-up message
    if step is SetupStep.FIRST_CHECKIN:
        stop_waiting(turn.me, Waiting.NOTE)
    reply = Reply(turn.t(said), edit=True)
    return reply.followed_by(await advance(turn, step))


# ---- typed answers and a shared location --------------------------------------------------------
async def timezone_answer(turn: Turn, text: str) -> Reply:
    """A typed time zone (or 'Skip' from the reply keyboard)."""
    patient = turn.me
    lang = patient.language
    if text.lower() == t("btn_skip", lang).lower():
        zone = patient.timezone or turn.default_zone
        words = (
            profile.zone_in_words(zone, lang)
            if patient.timezone
            else profile.default_zone_in_words(zone, lang)
        )
        match = ZoneMatch(zone=zone, label=zone, how="iana")
        await profile.set_timezone(turn.session, patient, match, turn.now)
        reply = Reply(t("timezone_skipped", lang, zone=words), ReplyKeyboardRemove())
    elif (found := parse_zone_input(text, now=turn.now)) is None:
        return Reply(t("timezone_unknown", lang, text=text[:60]))
    else:
        return await zone_found(turn, found)
    return reply.followed_by(await advance(turn, SetupStep.TIMEZONE))


async def zone_found(turn: Turn, found: ZoneMatch) -> Reply:
    """A zone read from the patient's words (set-up, /settings or /timezone): stored, unless it
    is a fixed offset such as UTC+2; that is not stored yet: a warning that it will not follow
    summer time, with the places at that offset right now and a button to keep it."""
    if found.how == "offset" and is_fixed_offset(found.zone):
        offset = turn.now.astimezone(get_zone(found.zone)).utcoffset()
        cities = zones_at_offset(offset, turn.now) if offset is not None else ()
        text = turn.t("timezone_offset_fixed", offset=found.label)
        return Reply(text, profile.offset_keyboard(turn.lang, found, cities))
    confirmation = await profile.set_timezone(turn.session, turn.me, found, turn.now)
    reply = Reply(confirmation, ReplyKeyboardRemove())
    return reply.followed_by(await advance(turn, SetupStep.TIMEZONE))


async def time_answer(turn: Turn, text: str) -> Reply:
    """A typed check-in time."""
    at = profile.parse_time_choice(text)
    if at is None:
        return Reply(turn.t("checkin_time_invalid", text=text[:40]))
    confirmation = await profile.set_checkin_time(
        turn.session,
        turn.me,
        at,
        turn.now,
        turn.default_zone,
        grace_minutes=turn.settings.checkin_grace_minutes,
    )
    return Reply(confirmation).followed_by(await advance(turn, SetupStep.TIME))


async def location_shared(turn: Turn) -> Reply:
    """A shared location sets the time zone (looked up offline)."""
    message = turn.update.effective_message
    assert message is not None and message.location is not None
    zone = zone_from_location(message.location.latitude, message.location.longitude)
    if zone is None:
        return Reply(turn.t("timezone_unknown", text="📍"))
    dialog = dialog_of(turn.me)
    if dialog.waiting is not Waiting.TIMEZONE and dialog.setup is not SetupStep.TIMEZONE:
        # Not asked for: say which zone was found and ask before changing anything.
        words = profile.zone_in_words(zone, turn.lang)
        return Reply(
            turn.t("location_ask_zone", zone=words), profile.location_keyboard(turn.lang, zone)
        )
    match = ZoneMatch(zone=zone, label=zone, how="location")
    text = await profile.set_timezone(turn.session, turn.me, match, turn.now)
    return Reply(text, ReplyKeyboardRemove()).followed_by(await advance(turn, SetupStep.TIMEZONE))


async def location_message(update: Update, context: Context) -> None:
    """A shared location (private chat)."""
    await run_turn(update, context, location_shared)


def _extra_handlers() -> list[BaseHandler[Update, Context, None]]:
    return [MessageHandler(filters.ChatType.PRIVATE & filters.LOCATION, location_message)]


FEATURE = Feature(
    name="onboarding",
    commands=(Command("start", start, access=Access.ANYONE),),
    buttons=BUTTONS,
    answers={Waiting.TIMEZONE: timezone_answer, Waiting.CHECKIN_TIME: time_answer},
    listens={CheckinClosed: on_checkin_closed},
    extra_handlers=_extra_handlers,
)
