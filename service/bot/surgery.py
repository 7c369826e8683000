"""After MVD surgery: ``/surgery <date>`` sets a 12-month follow-up plan.

Days 1-14: one daily screen listing the warning signs in two tiers (call the local emergency
number now; call the surgical team today), asking "Do you have any of these now?", with a button
per sign (tap to toggle) and "None of these" (one tap on a good day) or "Done". Ticking a sign
answers at once with its tier's advice (the emergency line first) and the surgical team's phone.
A ticked sign is asked about again the next day ("Is it still there?"): on the next daily screen,
or, after the last one, on an extra screen booked for the next day. An unanswered screen gets
exactly one follow-up (``surgery_followup``), booked when the screen is sent, as the check-in's
is. Then weekly (weeks 3-13) and monthly (months 4-12): how is the spasm compared with before
surgery? The answer gets the advice ``domain.care.progress_advice`` lists. A new ``/surgery``
replaces the active plan; ``/surgery stop`` ends it; ``/surgery phone`` sets the surgical team's
number (``contacts``). The plan's dates come from ``service.domain.care``.

Callback data: ``sg:<check id>:<action>:<value>``, action ``f`` toggle warning sign (value:
index into RED_FLAGS), ``n`` none of these, ``d`` done, ``p`` spasm answer (index into
SPASM_ANSWERS).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from babel.dates import format_date
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from service.bot import contacts
from service.bot.common import (
    chat_id_of,
    command_args,
    get_patient,
    has_consented,
    keyboard,
    local_when,
    today_of,
    zone_of,
)
from service.bot.kit import Reply, send_reply, tap_handler, unit_of_work
from service.bot.state import Context
from service.config import Settings
from service.db.models import (
    Occurrence,
    OccurrenceStatus,
    Patient,
    Schedule,
    ScheduleState,
    Surgery,
    SurgeryCheck,
)
from service.db.upsert import get_or_create_many
from service.domain.care import (
    DAILY_DAYS,
    EMERGENCY_FLAGS,
    RED_FLAGS,
    SPASM_ANSWERS,
    SURGERY_CHECK_TIME,
    TEAM_FLAGS,
    Advice,
    Phase,
    PlanItem,
    mvd_plan,
    mvd_plan_rules,
    plan_item_on,
    progress_advice,
    recheck_due,
    tiers,
)
from service.domain.dates import ACCEPTED_FORMS, parse_patient_date
from service.domain.numbers import is_number
from service.domain.timezones import local_date, local_day_bounds, resolve_local
from service.scheduling.dispatcher import OccurrenceHandler, Outgoing, PerOccurrence
from service.scheduling.occurrences import add_occurrence
from service.scheduling.schedules import add_schedule, cancel_schedules
from service.texts import fmt_date, fmt_time, t

COMMANDS = ("surgery",)
KIND_DAILY = "surgery_daily"
KIND_PROGRESS = "surgery_progress"
KIND_FOLLOWUP = "surgery_followup"  # the one reminder of an unanswered daily screen
KINDS = [KIND_DAILY, KIND_PROGRESS, KIND_FOLLOWUP]
GRACE_DAILY = 8 * 60  # a late safety check is still useful the same day
GRACE_PROGRESS = 48 * 60
STOP_WORDS = frozenset({"stop", "off", "end"})
PHONE_WORDS = frozenset({"phone", "number", "tel"})
PLAN_DAYS = 366  # how far back or ahead a surgery date may be
OPEN, DONE = "open", "done"
RECHECK = "recheck"  # SurgeryCheck.answers key: the signs of an earlier day asked about again


def long_date(day: date, lang: str) -> str:
    """A date with its year, e.g. '17 Nov 2027'."""
    return str(format_date(day, "d MMM yyyy", locale=lang))


def _status(check: SurgeryCheck) -> str:
    return str((check.answers or {}).get("status", OPEN))


# ---- /surgery -----------------------------------------------------------------------------------
async def active_surgeries(session: AsyncSession, patient: Patient) -> list[Surgery]:
    """The patient's active plans (normally at most one), row-locked where the DB can."""
    stmt = (
        select(Surgery)
        .where(col(Surgery.patient_id) == patient.id, col(Surgery.active))
        .order_by(col(Surgery.id))
        .with_for_update()
    )
    return list((await session.exec(stmt)).all())


async def next_check(session: AsyncSession, surgery: Surgery) -> datetime | None:
    """The next instant this plan asks something."""
    rows = (
        await session.exec(
            select(Schedule.next_due_at).where(
                col(Schedule.ref_id) == surgery.id,
                col(Schedule.kind).in_(KINDS),
                col(Schedule.patient_id) == surgery.patient_id,
                col(Schedule.state) == ScheduleState.ACTIVE,
            )
        )
    ).all()
    due = [d for d in rows if d is not None]
    return min(due) if due else None


async def end_plan(session: AsyncSession, surgery: Surgery) -> None:
    """Deactivate a plan and drop its pending reminders."""
    surgery.active = False
    session.add(surgery)
    await cancel_schedules(session, patient_id=surgery.patient_id, kinds=KINDS, ref_id=surgery.id)


def usage(patient: Patient, now: datetime, zone: str) -> str:
    """How to use /surgery, with today's date as the example."""
    example = str(format_date(today_of(patient, now, zone), "d MMM", locale=patient.language))
    return t("surgery_usage", patient.language, example=example, forms=ACCEPTED_FORMS)


async def surgery_command_reply(
    session: AsyncSession, patient: Patient, args: str, now: datetime, zone: str
) -> Reply:
    """/surgery, /surgery <date>, /surgery stop or /surgery phone [number | remove]."""
    lang = patient.language
    first, _, rest = args.strip().partition(" ")
    if first.lower() in PHONE_WORDS:
        return contacts.command_reply(patient, contacts.SURGERY, rest.strip())
    active = await active_surgeries(session, patient)
    if not args:
        if not active:
            return Reply(usage(patient, now, zone))
        current = active[-1]
        due = await next_check(session, current)
        date_text = fmt_date(current.surgery_on, lang)
        if due is None:
            return Reply(t("surgery_status_done", lang, date=date_text))
        return Reply(
            t("surgery_status", lang, date=date_text, next=local_when(due, patient, zone))
        )
    if args.strip().lower() in STOP_WORDS:
        if not active:
            return Reply(t("surgery_none_active", lang))
        for surgery in active:
            await end_plan(session, surgery)
        return Reply(t("surgery_stopped", lang, date=fmt_date(active[-1].surgery_on, lang)))
    today = today_of(patient, now, zone)
    day = parse_patient_date(args, today)
    if day is None:
        return Reply(
            t("surgery_bad_date", lang, text=args[:60]) + "\n\n" + usage(patient, now, zone)
        )
    if day < today - timedelta(days=PLAN_DAYS):
        return Reply(t("surgery_too_old", lang, date=long_date(day, lang)))
    if day > today + timedelta(days=PLAN_DAYS):
        return Reply(t("surgery_too_far", lang, date=long_date(day, lang)))
    return await start_plan(session, patient, day, active, now, zone)


async def start_plan(
    session: AsyncSession,
    patient: Patient,
    day: date,
    previous: list[Surgery],
    now: datetime,
    zone: str,
) -> Reply:
    """Replace any active plan with one for surgery on ``day``; the confirmation."""
    assert patient.id is not None
    lang = patient.language
    for old in previous:
        await end_plan(session, old)
    surgery = Surgery(patient_id=patient.id, surgery_on=day, active=True, created_at=now)
    session.add(surgery)
    await session.flush()
    zone_name = patient.timezone or zone
    for rule in mvd_plan_rules(day, zone_name):
        await add_schedule(
            session,
            patient_id=patient.id,
            kind=KIND_DAILY if rule.phase is Phase.DAILY else KIND_PROGRESS,
            recurrence=rule.recurrence,
            now=now,
            grace_minutes=GRACE_DAILY if rule.phase is Phase.DAILY else GRACE_PROGRESS,
            ref_id=surgery.id,
            payload={"surgery_id": surgery.id},
        )
    patient.treatment = "after_mvd" if day <= today_of(patient, now, zone) else "mvd_planned"
    session.add(patient)
    plan = mvd_plan(day)
    due = await next_check(session, surgery)
    next_line = (
        t("surgery_next", lang, when=local_when(due, patient, zone))
        if due is not None
        else t("surgery_next_none", lang)
    )
    text = t(
        "surgery_saved",
        lang,
        date=fmt_date(day, lang),
        time=fmt_time(SURGERY_CHECK_TIME, lang),
        first=fmt_date(plan[0].day, lang),
        last_daily=fmt_date(last_of(plan, Phase.DAILY), lang),
        last_weekly=long_date(last_of(plan, Phase.WEEKLY), lang),
        last=long_date(plan[-1].day, lang),
        next_line=next_line,
        red_flags=red_flag_lists(patient),
        delayed=t("surgery_delayed", lang),
    )
    if previous:
        replaced = t("surgery_replaced", lang, date=fmt_date(previous[-1].surgery_on, lang))
        text = replaced + "\n\n" + text
    if patient.surgery_phone:  # shown under the lists already; say how to change it
        return Reply(text + "\n\n" + t("surgery_status_phone", lang))
    question, markup = contacts.ask_text(patient, contacts.SURGERY)  # skippable
    return Reply(text + "\n\n" + question, markup)


def last_of(plan: list[PlanItem], phase: Phase) -> date:
    """The last date of one phase of the plan."""
    return [item.day for item in plan if item.phase is phase][-1]


# ---- rendering ----------------------------------------------------------------------------------
def bullets(flags: list[str] | tuple[str, ...], lang: str) -> str:
    """Warning signs as a bulleted list, one per line, in the given order."""
    return "\n".join(t("surgery_bullet", lang, sign=t(f"surgery_sign_{f}", lang)) for f in flags)


def sign_names(flags: list[str], lang: str) -> str:
    """Warning signs in words on one line, emergency tier first."""
    emergency, team = tiers(flags)
    return "; ".join(t(f"surgery_sign_{f}", lang) for f in emergency + team)


def red_flag_lists(patient: Patient) -> str:
    """Both tiers of warning signs, each its own short list, then the team's phone if known."""
    lang = patient.language
    text = t(
        "surgery_red_flags",
        lang,
        emergency=bullets(EMERGENCY_FLAGS, lang),
        team=bullets(TEAM_FLAGS, lang),
    )
    line = contacts.care_team_line(patient, contacts.SURGERY)
    return f"{text}\n{line}" if line else text


def alert_text(flags: list[str], patient: Patient) -> str:
    """The answer to ticked warning signs: the emergency tier's first, then the surgical
    team's, then the team's phone (or how to save it)."""
    lang = patient.language
    emergency, team = tiers(flags)
    parts = []
    if emergency:
        parts.append(t("surgery_alert_emergency", lang, signs=bullets(emergency, lang)))
    if team:
        parts.append(t("surgery_alert_team", lang, signs=bullets(team, lang)))
    if "weakness" in team:
        parts.append(t("surgery_alert_eye", lang))
    line = contacts.care_team_line(patient, contacts.SURGERY)
    parts.append(line or t("surgery_alert_no_phone", lang))
    parts.append(t("surgery_alert_footer", lang))
    return "\n\n".join(parts)


def day_number(surgery: Surgery, check: SurgeryCheck) -> int:
    """Day n after surgery of a daily check."""
    return (check.local_date - surgery.surgery_on).days


def render_daily(
    check: SurgeryCheck, surgery: Surgery, patient: Patient, *, intro: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """The day's safety check: both tiers' lists, yesterday's signs asked about again, the
    question, a toggle button per sign, then None / Done."""
    lang = patient.language
    selected = check.red_flags or []
    number = day_number(surgery, check)
    title_key = "surgery_daily_title" if number <= DAILY_DAYS else "surgery_daily_title_extra"
    lines = [t(title_key, lang, day=number, date=fmt_date(check.local_date, lang))]
    if intro:
        lines.append(intro)
    lines += ["", red_flag_lists(patient), ""]
    recheck = (check.answers or {}).get(RECHECK)
    if isinstance(recheck, dict) and recheck.get("flags"):
        on = date.fromisoformat(str(recheck["on"]))
        when = (
            t("surgery_yesterday", lang)
            if on == check.local_date - timedelta(days=1)
            else fmt_date(on, lang)
        )
        flags = [str(f) for f in recheck["flags"]]
        key = "surgery_recheck" if len(flags) == 1 else "surgery_recheck_many"
        lines.append(t(key, lang, when=when, signs=sign_names(flags, lang)))
    lines.append(t("surgery_daily_question", lang))
    rows = []
    for flag in EMERGENCY_FLAGS + TEAM_FLAGS:
        label = t(f"surgery_flag_{flag}", lang)
        if flag in selected:
            label = t("surgery_flag_ticked", lang, label=label)
        rows.append([(label, f"sg:{check.id}:f:{RED_FLAGS.index(flag)}")])
    if selected:
        rows.append([(t("btn_surgery_done", lang), f"sg:{check.id}:d:0")])
    else:
        rows.append([(t("btn_surgery_none", lang), f"sg:{check.id}:n:0")])
    return "\n".join(lines), keyboard(rows)


def period_text(item: PlanItem, lang: str) -> str:
    """'Week 5' or 'Month 4'."""
    key = "surgery_week" if item.phase is Phase.WEEKLY else "surgery_month"
    return t(key, lang, number=item.number)


def render_progress(
    check: SurgeryCheck, item: PlanItem, lang: str
) -> tuple[str, InlineKeyboardMarkup]:
    """How is the spasm compared with before surgery? One button per answer."""
    text = t(
        "surgery_progress_text",
        lang,
        period=period_text(item, lang),
        date=fmt_date(check.local_date, lang),
    )
    if item.phase is Phase.WEEKLY:  # delayed facial palsy: onset up to day 44
        text += "\n\n" + t("surgery_progress_watch", lang)
    rows = []
    for index, answer in enumerate(SPASM_ANSWERS):
        label = t(f"surgery_spasm_{answer}", lang)
        if check.spasm_vs_before == answer:
            label = f"✓ {label}"
        rows.append([(label, f"sg:{check.id}:p:{index}")])
    return text, keyboard(rows)


def progress_reply_lines(
    surgery: Surgery, check: SurgeryCheck, item: PlanItem, answer: str, patient: Patient
) -> list[str]:
    """What the bot says to a progress answer (``domain.care.progress_advice``)."""
    lang = patient.language
    lines: list[str] = []
    for advice in progress_advice(surgery.surgery_on, check.local_date, answer):
        if advice is Advice.GONE:
            lines.append(t("surgery_progress_gone", lang))
        elif advice is Advice.TELL_TEAM:
            lines.append(t("surgery_progress_worse", lang))
            if line := contacts.care_team_line(patient, contacts.SURGERY):
                lines.append(line)
        elif advice is Advice.RAISE_AT_FOLLOWUP:
            lines.append(t("surgery_progress_followup", lang))
        elif advice is Advice.DELAYED:
            lines += ["", t("surgery_delayed", lang)]
    return lines


# ---- taps ---------------------------------------------------------------------------------------
async def on_tap(
    session: AsyncSession, chat_id: int, data: str, now: datetime, zone: str
) -> Reply:
    """Apply one after-surgery button press; every path answers something."""
    expired = Reply("", toast=t("button_expired"))
    parts = data.split(":")
    if len(parts) != 4 or not is_number(parts[1]) or not is_number(parts[3]):
        return expired
    _, check_text, action, value_text = parts
    value = int(value_text)
    patient = await get_patient(session, chat_id, lock=True)
    if patient is None or not has_consented(patient):
        return expired
    check = await session.get(SurgeryCheck, int(check_text), with_for_update=True)
    if check is None or check.patient_id != patient.id:
        return expired
    surgery = await session.get(Surgery, check.surgery_id)
    lang = patient.language
    if surgery is None:
        return expired
    if check.kind == "daily":
        if check.local_date <= surgery.surgery_on:
            return expired
        return await daily_tap(session, patient, surgery, check, action, value, now)
    item = plan_item_on(surgery.surgery_on, check.local_date)
    if item is None:
        return expired
    if not surgery.active:
        return Reply("", toast=t("surgery_plan_ended", lang))
    if action == "p" and check.kind == "progress" and value < len(SPASM_ANSWERS):
        answer = SPASM_ANSWERS[value]
        check.spasm_vs_before = answer
        check.answers = {**(check.answers or {}), "status": DONE}
        session.add(check)
        question, markup = render_progress(check, item, lang)
        saved = t(
            "surgery_progress_saved",
            lang,
            period=period_text(item, lang),
            answer=t(f"surgery_spasm_{answer}", lang).lower(),
        )
        lines = [question, "", saved, *progress_reply_lines(surgery, check, item, answer, patient)]
        return Reply("\n".join(lines), markup, edit=True, toast=t("answer_saved", lang))
    return expired


async def daily_tap(
    session: AsyncSession,
    patient: Patient,
    surgery: Surgery,
    check: SurgeryCheck,
    action: str,
    value: int,
    now: datetime,
) -> Reply:
    """A tap on a daily screen: toggle a sign, None of these, or Done."""
    lang = patient.language
    if action == "f" and value < len(RED_FLAGS):
        flag = RED_FLAGS[value]
        if not surgery.active:
            # The plan was replaced, but a warning sign is never left without advice.
            urgent = Reply(alert_text([flag], patient))
            return Reply("", toast=t("surgery_plan_ended", lang), then=urgent)
        return await toggle_flag(session, patient, surgery, check, flag, now)
    if not surgery.active:
        return Reply("", toast=t("surgery_plan_ended", lang))
    if action in ("n", "d"):
        check.red_flags = list(check.red_flags or [])
        check.answers = {**(check.answers or {}), "status": DONE}
        session.add(check)
        await drop_followup(session, check)
        number = day_number(surgery, check)
        if not check.red_flags:  # the edit keeps the lists: whom to call if one appears
            text = t("surgery_daily_none", lang, day=number) + "\n\n" + red_flag_lists(patient)
            return Reply(text, edit=True, toast=t("answer_saved", lang))
        emergency, _ = tiers(check.red_flags)
        lines = [
            t("surgery_daily_flags", lang, day=number, signs=bullets(tiers_order(check), lang)),
            t("surgery_daily_flags_emergency" if emergency else "surgery_daily_flags_team", lang),
        ]
        if line := contacts.care_team_line(patient, contacts.SURGERY):
            lines.append(line)
        return Reply("\n".join(lines), edit=True, toast=t("answer_saved", lang))
    return Reply("", toast=t("button_expired"))


def tiers_order(check: SurgeryCheck) -> list[str]:
    """A check's ticked signs, emergency tier first."""
    emergency, team = tiers(check.red_flags or [])
    return emergency + team


async def toggle_flag(
    session: AsyncSession,
    patient: Patient,
    surgery: Surgery,
    check: SurgeryCheck,
    flag: str,
    now: datetime,
) -> Reply:
    """Add or remove one warning sign; adding one sends its tier's advice at once and makes
    sure the sign is asked about again the next day."""
    lang = patient.language
    selected = list(check.red_flags or [])
    adding = flag not in selected
    if adding:
        selected.append(flag)
    else:
        selected.remove(flag)
    check.red_flags = selected
    session.add(check)
    text, markup = render_daily(check, surgery, patient)
    if not adding:
        return Reply(text, markup, edit=True, toast=t("surgery_flag_removed", lang))
    await book_recheck(session, patient, surgery, check, now)
    await drop_followup(session, check)  # the tick was answered at once
    urgent = Reply(alert_text(selected, patient))
    return Reply(text, markup, edit=True, toast=t("surgery_flag_saved", lang), then=urgent)


async def drop_followup(session: AsyncSession, check: SurgeryCheck) -> None:
    """An answered screen needs no reminder: its pending follow-up is skipped."""
    pending = (
        await session.exec(
            select(Occurrence).where(
                col(Occurrence.patient_id) == check.patient_id,
                col(Occurrence.kind) == KIND_FOLLOWUP,
                col(Occurrence.status) == OccurrenceStatus.PENDING,
            )
        )
    ).all()
    for occurrence in pending:
        if (occurrence.payload or {}).get("check_id") == check.id:
            occurrence.status = OccurrenceStatus.SKIPPED
            occurrence.last_error = "answered"
            session.add(occurrence)


async def book_recheck(
    session: AsyncSession, patient: Patient, surgery: Surgery, check: SurgeryCheck, now: datetime
) -> None:
    """After the plan's last daily screen, a sign ticked there gets one more screen the next
    day at the usual time. An occurrence under the daily schedule's unique key, so ticking
    several signs (or a restart) books it once."""
    day = recheck_due(surgery.surgery_on, check.local_date)
    if day is None:
        return  # the next day has a daily screen of its own, which asks about it
    zone = zone_of(patient)
    due = resolve_local(datetime.combine(day, SURGERY_CHECK_TIME), zone)
    if due <= now:
        return
    schedule = (
        await session.exec(
            select(Schedule).where(
                col(Schedule.patient_id) == surgery.patient_id,
                col(Schedule.kind) == KIND_DAILY,
                col(Schedule.ref_id) == surgery.id,
            )
        )
    ).first()
    if schedule is None or schedule.id is None:
        return
    await add_occurrence(
        session,
        schedule_id=schedule.id,
        patient_id=surgery.patient_id,
        kind=KIND_DAILY,
        due_at=due,
        now=now,
        grace=timedelta(minutes=GRACE_DAILY),
        payload={"surgery_id": surgery.id, RECHECK: True},
    )


# ---- Telegram handlers --------------------------------------------------------------------------
async def surgery_command(update: Update, context: Context) -> None:
    """/surgery <date> | stop | phone: set, show or stop the follow-up plan; the team's phone."""
    state = context.bot_data
    message = update.effective_message
    assert message is not None
    async with unit_of_work(state) as session:
        patient = await get_patient(session, chat_id_of(update), lock=True)
        if not has_consented(patient):
            reply = Reply(t("need_start"))
        else:
            assert patient is not None
            reply = await surgery_command_reply(
                session,
                patient,
                command_args(message.text),
                state.clock.now(),
                state.settings.default_timezone,
            )
            session.add(patient)
    await send_reply(update, reply)


surgery_button = tap_handler(on_tap, rearm=True)  # an after-surgery button press


def handlers() -> list[BaseHandler[Update, Context, None]]:
    """The after-surgery feature's handlers."""
    return [
        CommandHandler("surgery", surgery_command, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(surgery_button, pattern=r"^sg:"),
    ]


# ---- scheduled occurrences ----------------------------------------------------------------------
def occurrence_handlers(config: Settings) -> dict[str, OccurrenceHandler]:
    """The plan's occurrence kinds."""
    zone = config.default_timezone
    followup_after = timedelta(hours=config.checkin_followup_hours)
    return {
        KIND_DAILY: PlanHandler(zone, "daily", followup_after),
        KIND_PROGRESS: PlanHandler(zone, "progress", followup_after),
        KIND_FOLLOWUP: FollowupHandler(zone),
    }


async def check_for(
    session: AsyncSession, surgery: Surgery, kind: str, day: date, now: datetime
) -> SurgeryCheck:
    """The plan's check for one local date, created if absent; row-locked where the DB can."""
    assert surgery.id is not None
    return (await checks_for(session, [(surgery, kind, day)], now))[(surgery.id, kind, day)]


async def checks_for(
    session: AsyncSession, wanted: Sequence[tuple[Surgery, str, date]], now: datetime
) -> dict[tuple[int, str, date], SurgeryCheck]:
    """The plan's checks for these (surgery, kind, local date), created if absent, by
    (surgery id, kind, date); row-locked where the DB can. Two statements for any number."""
    rows = [
        {
            "surgery_id": surgery.id,
            "patient_id": surgery.patient_id,
            "kind": kind,
            "local_date": day,
            "answers": {"status": OPEN},
            "created_at": now,
        }
        for surgery, kind, day in wanted
    ]
    found = await get_or_create_many(
        session, SurgeryCheck, rows, ["surgery_id", "kind", "local_date"]
    )
    return {(sid, kind, day): check for (sid, kind, day), check in found.items()}


async def signs_to_recheck(
    session: AsyncSession, surgery: Surgery, day: date
) -> tuple[date, list[str]] | None:
    """The latest earlier daily answer of this plan, if it reported signs: (its date, signs).
    An answer of "None of these" (or un-ticking everything) ends the asking."""
    earlier = (
        await session.exec(
            select(SurgeryCheck)
            .where(
                col(SurgeryCheck.surgery_id) == surgery.id,
                col(SurgeryCheck.kind) == "daily",
                col(SurgeryCheck.local_date) < day,
            )
            .order_by(col(SurgeryCheck.local_date).desc())
        )
    ).all()
    answered = next((c for c in earlier if c.red_flags is not None), None)
    if answered is None or not answered.red_flags:
        return None
    return answered.local_date, tiers_order(answered)


async def plan_surgery(
    session: AsyncSession, occurrence: Occurrence, patient: Patient
) -> Surgery | None:
    """The active plan an occurrence belongs to, if it is still the patient's."""
    surgery_id = (occurrence.payload or {}).get("surgery_id")
    surgery = await session.get(Surgery, surgery_id) if isinstance(surgery_id, int) else None
    if surgery is None or not surgery.active or surgery.patient_id != patient.id:
        return None
    return surgery


@dataclass
class PlanHandler(PerOccurrence):
    """One plan date: the daily safety check or the progress question."""

    default_zone: str
    kind: str  # SurgeryCheck kind: daily / progress
    followup_after: timedelta

    async def prepare_one(
        self, *, session: AsyncSession, occurrence: Occurrence, patient: Patient, now: datetime
    ) -> Outgoing | None:
        """The question for the occurrence's local date, unless the plan ended or it was
        already answered."""
        surgery = await plan_surgery(session, occurrence, patient)
        if surgery is None:
            return None
        day = local_date(occurrence.due_at, zone_of(patient, self.default_zone))
        item = plan_item_on(surgery.surgery_on, day)
        recheck = self.kind == "daily" and bool((occurrence.payload or {}).get(RECHECK))
        if recheck:
            item = PlanItem(day, Phase.DAILY, (day - surgery.surgery_on).days)
        if item is None or item.kind != self.kind:
            return None
        earlier = await signs_to_recheck(session, surgery, day) if self.kind == "daily" else None
        if recheck and earlier is None:
            return None  # the sign was un-ticked (or answered "none") since it was booked
        check = await check_for(session, surgery, self.kind, day, now)
        if _status(check) == DONE:
            return None
        lang = patient.language
        if self.kind == "daily":
            if patient.treatment == "mvd_planned":
                patient.treatment = "after_mvd"
                session.add(patient)
            answers = {k: v for k, v in (check.answers or {}).items() if k != RECHECK}
            if earlier is not None:
                answers[RECHECK] = {"on": earlier[0].isoformat(), "flags": earlier[1]}
            check.answers = answers
            session.add(check)
            occurrence.payload = {**(occurrence.payload or {}), "check_id": check.id}
            text, markup = render_daily(check, surgery, patient)
        else:
            text, markup = render_progress(check, item, lang)
        return Outgoing(text, markup)

    async def sent_one(
        self,
        *,
        session: AsyncSession,
        occurrence: Occurrence,
        patient: Patient,
        message_id: int | None,
        now: datetime,
    ) -> None:
        """A daily screen books its one follow-up (as the check-in's prompt does): an
        occurrence under the unique key (schedule, kind, due instant), so a re-send after a
        crash books nothing twice. None if it would fall after the local day's end."""
        payload = occurrence.payload or {}
        if self.kind != "daily" or not isinstance(payload.get("check_id"), int):
            return
        zone = zone_of(patient, self.default_zone)
        _, day_end = local_day_bounds(local_date(occurrence.due_at, zone), zone)
        due = (max(occurrence.due_at, now) + self.followup_after).replace(microsecond=0)
        if due >= day_end:
            return
        assert patient.id is not None
        await add_occurrence(
            session,
            schedule_id=occurrence.schedule_id,
            patient_id=patient.id,
            kind=KIND_FOLLOWUP,
            due_at=due,
            now=now,
            grace=day_end - due,
            payload={"surgery_id": payload.get("surgery_id"), "check_id": payload["check_id"]},
        )


@dataclass
class FollowupHandler(PerOccurrence):
    """The one reminder of a daily screen left unanswered: the screen again, with a line on
    top. Nothing if the patient answered or ticked a sign (a tick was answered at once)."""

    default_zone: str

    async def prepare_one(
        self, *, session: AsyncSession, occurrence: Occurrence, patient: Patient, now: datetime
    ) -> Outgoing | None:
        """The screen again, or nothing."""
        surgery = await plan_surgery(session, occurrence, patient)
        check_id = (occurrence.payload or {}).get("check_id")
        if surgery is None or not isinstance(check_id, int):
            return None
        check = await session.get(SurgeryCheck, check_id, with_for_update=True)
        if check is None or check.surgery_id != surgery.id or check.kind != "daily":
            return None
        if _status(check) == DONE or check.red_flags:
            return None
        intro = t("surgery_followup_intro", patient.language)
        text, markup = render_daily(check, surgery, patient, intro=intro)
        return Outgoing(text, markup)
