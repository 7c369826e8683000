"""After MVD surgery: ``/surgery <date>`` sets a 12-month follow-up plan.

Days 1-14: one daily screen listing the warning signs in two tiers (call the local emergency
number now; call the surgical team today), asking "Do you have any of these now?", with a button
per sign (tap to toggle) and "None of these" (one tap on a good day) or "Done". Ticking a sign
answers at once with its tier's advice (the emergency line first) and the surgical team's phone.
A ticked sign is asked about again the next day ("Is it still there?"): on the next daily screen,
or, after the last one, on an extra screen booked for the next day. Then weekly (weeks 3-13) and
monthly (months 4-12): how is the spasm compared with before surgery? The answer gets the advice
``domain.care.progress_advice`` lists. A new ``/surgery`` replaces the active plan;
``/surgery stop`` ends it; ``/surgery phone`` sets the surgical team's number (``contacts``).

The screens and progress questions are scheduled questions on the one reminder lifecycle
(``surgery_screen``: one follow-up of an unanswered one, close at the day's end, back-off);
their rows are read and written in ``surgery_store``, their texts and buttons made in
``surgery_views``. This module holds what the patient does: the command and the taps.
"""

from __future__ import annotations

from datetime import date, timedelta

from service.bot import contacts
from service.bot.common import local_when
from service.bot.feature import Command, Feature, SurgeryPlanned, WarningSignTicked, publish
from service.bot.kit import Buttons, Reply, Turn, expired
from service.bot.surgery_screen import DailyScreen, ProgressQuestion, progress_item
from service.bot.surgery_store import (
    CHECK_DAILY,
    CHECK_PROGRESS,
    DAILY,
    DONE,
    PROGRESS,
    Screen,
    active_surgeries,
    add_plan,
    book_recheck,
    end_plan,
    next_check,
    own_check,
)
from service.bot.surgery_views import (
    AnswerTap,
    FlagTap,
    SpasmTap,
    alert_text,
    daily_answered_text,
    long_date,
    plan_saved_text,
    render_daily,
    render_progress_answered,
    usage,
)
from service.db.models import Surgery
from service.domain.care import RED_FLAGS, SPASM_ANSWERS
from service.domain.dates import parse_patient_date
from service.domain.scales import with_treatment
from service.scheduling.lifecycle import settle
from service.texts import fmt_date, said

PLAN_DAYS = 366  # how far back or ahead a surgery date may be
TOLD = "told"  # in a day's answers: the signs others were told about (one alert per sign)


# ---- /surgery -----------------------------------------------------------------------------------
async def surgery_command(turn: Turn, args: str) -> Reply:
    """/surgery <date> | stop | phone: set, show or stop the follow-up plan; the team's phone."""
    patient, lang = turn.me, turn.lang
    first, _, rest = args.partition(" ")
    if said(first, "kw_phone", lang):
        turn.session.add(patient)
        return contacts.command_reply(patient, contacts.SURGERY, rest.strip())
    assert patient.id is not None
    active = await active_surgeries(turn.session, patient.id)
    if not args:
        return await plan_status(turn, active)
    if said(args, "kw_stop", lang) or said(args, "kw_off", lang):
        if not active:
            return Reply(turn.t("surgery_none_active"))
        for surgery in active:
            await end_plan(turn.session, surgery)
        return Reply(turn.t("surgery_stopped", date=fmt_date(active[-1].surgery_on, lang)))
    day = parse_patient_date(args, turn.today)
    if day is None:
        return Reply(turn.t("surgery_bad_date", text=args[:60]) + "\n\n" + usage(turn.today, lang))
    if day < turn.today - timedelta(days=PLAN_DAYS):
        return Reply(turn.t("surgery_too_old", date=long_date(day, lang)))
    if day > turn.today + timedelta(days=PLAN_DAYS):
        return Reply(turn.t("surgery_too_far", date=long_date(day, lang)))
    return await start_plan(turn, day, active)


async def plan_status(turn: Turn, active: list[Surgery]) -> Reply:
    """/surgery alone: the active plan and its next check, or how to set one."""
    if not active:
        return Reply(usage(turn.today, turn.lang))
    current = active[-1]
    due = await next_check(turn.session, current)
    date_text = fmt_date(current.surgery_on, turn.lang)
    if due is None:
        return Reply(turn.t("surgery_status_done", date=date_text))
    when = local_when(due, turn.me, turn.default_zone)
    return Reply(turn.t("surgery_status", date=date_text, next=when))


async def start_plan(turn: Turn, day: date, previous: list[Surgery]) -> Reply:
    """Replace any active plan with one for surgery on ``day``; the confirmation, then the
    (skippable) question for the surgical team's phone if none is stored."""
    patient = turn.me
    assert patient.id is not None
    for old in previous:
        await end_plan(turn.session, old)
    surgery = await add_plan(turn.session, patient.id, day, turn.zone_name, turn.now)
    await publish(turn, SurgeryPlanned(day))
    code = "after_mvd" if day <= turn.today else "mvd_planned"
    patient.treatment = with_treatment(patient.treatment, code)  # other treatments stay
    turn.session.add(patient)
    due = await next_check(turn.session, surgery)
    when = local_when(due, patient, turn.default_zone) if due is not None else None
    replaced = previous[-1].surgery_on if previous else None
    text = plan_saved_text(patient, day, when, replaced)
    if patient.surgery_phone:  # shown under the lists already; say how to change it
        return Reply(text + "\n\n" + turn.t("surgery_status_phone"))
    question, markup = contacts.ask_text(patient, contacts.SURGERY)  # skippable
    return Reply(text + "\n\n" + question, markup)


# ---- taps ---------------------------------------------------------------------------------------
BUTTONS = Buttons()


async def _tapped(turn: Turn, check_id: int, kind: str) -> Screen | Reply:
    """The patient's own check of ``kind`` a button is about, with its plan; else the answer."""
    assert turn.me.id is not None
    screen = await own_check(turn.session, check_id, turn.me.id)
    if screen is None or screen.check.kind != kind:
        return expired(turn)
    if kind == CHECK_DAILY and screen.check.local_date <= screen.surgery.surgery_on:
        return expired(turn)
    return screen


def _plan_ended(turn: Turn) -> Reply:
    return Reply("", toast=turn.t("surgery_plan_ended"))


async def _answered(turn: Turn, screen: Screen) -> None:
    """The screen counts as answered: its follow-up (if still waiting) is dropped."""
    assert turn.me.id is not None
    kinds = DAILY if screen.check.kind == CHECK_DAILY else PROGRESS
    await settle(turn.session, kinds=kinds, patient_id=turn.me.id, ref={"check_id": screen.id})


@BUTTONS.on(FlagTap)
async def toggle_sign(turn: Turn, tap: FlagTap) -> Reply:
    """Tick or untick one warning sign. Ticking one answers at once with its tier's advice and
    makes sure the sign is asked about again the next day."""
    screen = await _tapped(turn, tap.check, CHECK_DAILY)
    if isinstance(screen, Reply):
        return screen
    if not 0 <= tap.flag < len(RED_FLAGS):
        return expired(turn)
    flag = RED_FLAGS[tap.flag]
    if not screen.surgery.active:
        # The plan was replaced, but a warning sign is never left without advice.
        return _plan_ended(turn).followed_by(Reply(alert_text([flag], turn.me)))
    check = screen.check
    selected = list(check.red_flags or [])
    adding = flag not in selected
    if adding:
        selected.append(flag)
    else:
        selected.remove(flag)
    check.red_flags = selected
    turn.session.add(check)
    text, markup = render_daily(screen, turn.me)
    if not adding:
        return Reply(text, markup, edit=True, toast=turn.t("surgery_flag_removed"))
    await book_recheck(turn.session, screen, turn.zone, turn.now)
    await _answered(turn, screen)
    told = list((check.answers or {}).get(TOLD, []))
    others = None
    if flag not in told:  # the first tick of this sign today: those who must know are told
        check.answers = {**(check.answers or {}), TOLD: [*told, flag]}
        assert screen.id is not None
        others = await publish(turn, WarningSignTicked(screen.id, tuple(selected)))
    urgent = Reply(alert_text(selected, turn.me), then=others)
    return Reply(text, markup, edit=True, toast=turn.t("surgery_flag_saved"), then=urgent)


@BUTTONS.on(AnswerTap)
async def screen_answered(turn: Turn, tap: AnswerTap) -> Reply:
    """ "None of these" or "Done": the day's answer is saved as it stands."""
    screen = await _tapped(turn, tap.check, CHECK_DAILY)
    if isinstance(screen, Reply):
        return screen
    if not screen.surgery.active:
        return _plan_ended(turn)
    check = screen.check
    check.red_flags = list(check.red_flags or [])
    check.answers = {**(check.answers or {}), "status": DONE}
    turn.session.add(check)
    await _answered(turn, screen)
    text = daily_answered_text(screen, turn.me)
    return Reply(text, edit=True, toast=turn.t("answer_saved"))


@BUTTONS.on(SpasmTap)
async def progress_answered(turn: Turn, tap: SpasmTap) -> Reply:
    """A progress answer (it can be corrected): saved, with its advice."""
    screen = await _tapped(turn, tap.check, CHECK_PROGRESS)
    if isinstance(screen, Reply):
        return screen
    item = progress_item(screen)
    if item is None:
        return expired(turn)
    if not screen.surgery.active:
        return _plan_ended(turn)
    if not 0 <= tap.answer < len(SPASM_ANSWERS):
        return expired(turn)
    answer = SPASM_ANSWERS[tap.answer]
    check = screen.check
    check.spasm_vs_before = answer
    check.answers = {**(check.answers or {}), "status": DONE}
    turn.session.add(check)
    await _answered(turn, screen)
    text, markup = render_progress_answered(screen, item, answer, turn.me)
    return Reply(text, markup, edit=True, toast=turn.t("answer_saved"))


FEATURE = Feature(
    name="surgery",
    commands=(Command("surgery", surgery_command),),
    buttons=BUTTONS,
    questions=(DailyScreen, ProgressQuestion),
)
