"""After MVD surgery: ``/surgery <date>`` sets a 12-month follow-up plan.

Days 1-14: one daily message with a button per warning sign (tap to toggle) and "None of these"
(one tap on a good day) or "Done". Tapping a warning sign sends, on that tap, a message to
contact the surgical team or emergency services now. Then weekly (weeks 3-13) and monthly
(months 4-12): how is the spasm compared with before surgery? A slow answer gets the plain-words
note that delayed resolution is common. A new ``/surgery`` replaces the active plan;
``/surgery stop`` ends it. The plan's dates come from ``service.domain.care``.

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

from service.bot.checkin import Reply, send_reply, tap_handler
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
from service.bot.state import Context
from service.config import Settings
from service.db.models import Patient, Schedule, Surgery, SurgeryCheck
from service.db.upsert import get_or_create_many
from service.domain.care import (
    RED_FLAGS,
    SLOW_ANSWERS,
    SPASM_ANSWERS,
    SURGERY_CHECK_TIME,
    Phase,
    PlanItem,
    mvd_plan,
    mvd_plan_rules,
    plan_item_on,
)
from service.domain.dates import ACCEPTED_FORMS, parse_patient_date
from service.domain.timezones import local_date
from service.scheduling.batch import load_by_id, payload_id
from service.scheduling.dispatcher import Due, HandlerDefaults, OccurrenceHandler, Outgoing
from service.scheduling.schedules import add_schedule, cancel_schedules
from service.texts import fmt_date, fmt_time, t

COMMANDS = ("surgery",)
KIND_DAILY = "surgery_daily"
KIND_PROGRESS = "surgery_progress"
KINDS = [KIND_DAILY, KIND_PROGRESS]
GRACE_DAILY = 8 * 60  # a late safety check is still useful the same day
GRACE_PROGRESS = 48 * 60
STOP_WORDS = frozenset({"stop", "off", "end"})
PLAN_DAYS = 366  # how far back or ahead a surgery date may be
OPEN, DONE = "open", "done"


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
                col(Schedule.active),
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
    """/surgery, /surgery <date> or /surgery stop."""
    lang = patient.language
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
        red_flags=t("surgery_red_flags", lang),
        delayed=t("surgery_delayed", lang),
    )
    if previous:
        replaced = t("surgery_replaced", lang, date=fmt_date(previous[-1].surgery_on, lang))
        text = replaced + "\n\n" + text
    return Reply(text)


def last_of(plan: list[PlanItem], phase: Phase) -> date:
    """The last date of one phase of the plan."""
    return [item.day for item in plan if item.phase is phase][-1]


# ---- rendering ----------------------------------------------------------------------------------
def flag_names(flags: list[str], lang: str) -> str:
    """Warning signs in words, in the plan's order."""
    return "; ".join(t(f"surgery_flag_{f}", lang) for f in RED_FLAGS if f in flags)


def render_daily(check: SurgeryCheck, number: int, lang: str) -> tuple[str, InlineKeyboardMarkup]:
    """The day's safety check: a toggle button per warning sign, then None / Done."""
    selected = check.red_flags or []
    text = t("surgery_daily_text", lang, day=number, date=fmt_date(check.local_date, lang))
    rows = []
    for index, flag in enumerate(RED_FLAGS):
        label = t(f"surgery_flag_{flag}", lang)
        rows.append([(f"⚠️ ✓ {label}" if flag in selected else label, f"sg:{check.id}:f:{index}")])
    if selected:
        rows.append([(t("btn_surgery_done", lang), f"sg:{check.id}:d:0")])
    else:
        rows.append([(t("btn_surgery_none", lang), f"sg:{check.id}:n:0")])
    return text, keyboard(rows)


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


# ---- taps ---------------------------------------------------------------------------------------
async def on_tap(
    session: AsyncSession, chat_id: int, data: str, now: datetime, zone: str
) -> Reply:
    """Apply one after-surgery button press; every path answers something."""
    expired = Reply("", toast=t("button_expired"))
    parts = data.split(":")
    if len(parts) != 4 or not parts[1].isdigit() or not parts[3].isdigit():
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
    item = plan_item_on(surgery.surgery_on, check.local_date) if surgery else None
    if surgery is None or item is None:
        return expired
    if action == "f" and check.kind == "daily" and value < len(RED_FLAGS):
        flag = RED_FLAGS[value]
        if not surgery.active:
            # The plan was replaced, but a warning sign is never left without advice.
            urgent = Reply(t("surgery_urgent", lang, flags=flag_names([flag], lang)))
            return Reply("", toast=t("surgery_plan_ended", lang), then=urgent)
        return toggle_flag(session, check, item, flag, lang)
    if not surgery.active:
        return Reply("", toast=t("surgery_plan_ended", lang))
    if action in ("n", "d") and check.kind == "daily":
        check.red_flags = list(check.red_flags or [])
        check.answers = {**(check.answers or {}), "status": DONE}
        session.add(check)
        if check.red_flags:
            text = t(
                "surgery_daily_flags",
                lang,
                day=item.number,
                flags=flag_names(check.red_flags, lang),
            )
        else:
            text = t("surgery_daily_none", lang, day=item.number)
        return Reply(text, edit=True, toast=t("answer_saved", lang))
    if action == "p" and check.kind == "progress" and value < len(SPASM_ANSWERS):
        answer = SPASM_ANSWERS[value]
        check.spasm_vs_before = answer
        check.answers = {**(check.answers or {}), "status": DONE}
        session.add(check)
        question, markup = render_progress(check, item, lang)
        lines = [
            question,
            "",
            t(
                "surgery_progress_saved",
                lang,
                period=period_text(item, lang),
                answer=t(f"surgery_spasm_{answer}", lang).lower(),
            ),
        ]
        if answer == "gone":
            lines.append(t("surgery_progress_gone", lang))
        if answer in SLOW_ANSWERS:
            lines += ["", t("surgery_delayed", lang)]
        if answer == "worse":
            lines.append(t("surgery_progress_worse", lang))
        return Reply("\n".join(lines), markup, edit=True, toast=t("answer_saved", lang))
    return expired


def toggle_flag(
    session: AsyncSession, check: SurgeryCheck, item: PlanItem, flag: str, lang: str
) -> Reply:
    """Add or remove one warning sign; adding one sends the urgent message at once."""
    selected = list(check.red_flags or [])
    adding = flag not in selected
    if adding:
        selected.append(flag)
    else:
        selected.remove(flag)
    check.red_flags = selected
    session.add(check)
    text, markup = render_daily(check, item.number, lang)
    if not adding:
        return Reply(text, markup, edit=True, toast=t("surgery_flag_removed", lang))
    urgent = Reply(t("surgery_urgent", lang, flags=flag_names(selected, lang)))
    return Reply(text, markup, edit=True, toast=t("surgery_flag_saved", lang), then=urgent)


# ---- Telegram handlers --------------------------------------------------------------------------
async def surgery_command(update: Update, context: Context) -> None:
    """/surgery <date> | stop: set, show or stop the follow-up plan."""
    state = context.bot_data
    message = update.effective_message
    assert message is not None
    async with state.db.transaction() as session:
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
    await send_reply(update, reply)
    await state.dispatcher.rearm()


surgery_button = tap_handler(on_tap, rearm=False)  # an after-surgery button press


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
    return {KIND_DAILY: PlanHandler(zone, "daily"), KIND_PROGRESS: PlanHandler(zone, "progress")}


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


@dataclass
class PlanHandler(HandlerDefaults):
    """One plan date: the daily safety check or the progress question."""

    default_zone: str
    kind: str  # SurgeryCheck kind: daily / progress

    async def prepare(
        self, *, session: AsyncSession, batch: Sequence[Due], now: datetime
    ) -> list[Outgoing | None]:
        """The question for each occurrence's local date, unless the plan ended or it was
        already answered."""
        surgeries = await load_by_id(
            session, Surgery, [payload_id(due.occurrence, "surgery_id") for due in batch]
        )
        planned: dict[Due, tuple[Surgery, date, PlanItem]] = {}
        for due in batch:
            surgery_id = payload_id(due.occurrence, "surgery_id")
            surgery = surgeries.get(surgery_id) if surgery_id is not None else None
            if surgery is None or not surgery.active or surgery.patient_id != due.patient.id:
                continue
            day = local_date(due.occurrence.due_at, zone_of(due.patient, self.default_zone))
            item = plan_item_on(surgery.surgery_on, day)
            if item is not None and item.kind == self.kind:
                planned[due] = (surgery, day, item)
        checks = await checks_for(
            session, [(surgery, self.kind, day) for surgery, day, _ in planned.values()], now
        )
        out: list[Outgoing | None] = []
        for due in batch:
            if due not in planned:
                out.append(None)
                continue
            surgery, day, item = planned[due]
            assert surgery.id is not None
            check = checks[(surgery.id, self.kind, day)]
            if _status(check) == DONE:
                out.append(None)
                continue
            patient = due.patient
            lang = patient.language
            if self.kind == "daily":
                if patient.treatment == "mvd_planned":
                    patient.treatment = "after_mvd"
                    session.add(patient)
                text, markup = render_daily(check, item.number, lang)
            else:
                text, markup = render_progress(check, item, lang)
            out.append(Outgoing(text, markup))
        return out
