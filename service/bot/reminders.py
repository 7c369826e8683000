"""/reminders: everything scheduled for the patient in the next 14 days, in one message.

Grouped by kind (labels from the ``kind_<kind>`` catalogue keys, the raw kind when a label is
missing), in the patient's local time, each schedule with Pause (or Resume) and Delete buttons.

A schedule paused here has ``state = paused`` and keeps its ``next_due_at`` for the view; a
schedule a feature cancels later is ``ended`` and never shown as paused.

Callback data: ``rm:<schedule id>:<action>:0`` with ``p`` pause, ``r`` resume, ``d`` ask to
delete, ``y`` delete, ``n`` keep (back to the list).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Literal
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from service.bot.callbacks import Callback, callback
from service.bot.common import chat_id_of, get_patient, has_consented, keyboard, pause_text
from service.bot.kit import Buttons, Reply, Turn, expired, send_reply, tap_handler, unit_of_work
from service.bot.state import Context
from service.db.models import Patient, Schedule, ScheduleKind, ScheduleState
from service.domain.dates import parse_patient_date
from service.domain.numbers import is_number
from service.domain.recurrence import occurrences_between
from service.domain.timezones import get_zone
from service.scheduling.dispatcher import Outgoing, is_paused, recurrence_of
from service.scheduling.schedules import cancel_schedule, pause_schedule, resume_schedule
from service.texts import MESSAGES, fmt_date, fmt_time, t

log = logging.getLogger(__name__)

HORIZON = timedelta(days=14)
TEXT_LIMIT = 3800  # Telegram allows 4096 characters; room is left for the notice and footer
MAX_ENTRIES = 40  # two buttons each: within Telegram's 100 buttons per keyboard
LISTED_INSTANTS = 3  # a non-daily schedule shows this many instants, then "and N more"
#: Reminders that hang off a schedule's own occurrences and stop with it (not the day closes).
FOLLOWUP_KINDS: dict[str, tuple[str, ...]] = {
    ScheduleKind.CHECKIN.value: ("checkin_followup", "checkin_snooze"),
    "med_dose": ("med_repeat", "med_snooze"),
    "surgery_daily": ("surgery_followup",),
    "surgery_progress": ("surgery_progress_followup",),
    "appt_followup": ("appt_followup_followup",),
}
MAX_PAUSE_AHEAD = timedelta(days=365)
COMMANDS = ("reminders",)

_DAY_MONTH = re.compile(r"^(\d{1,2})[./](\d{1,2})\.?$")
_YEAR_GIVEN = re.compile(r"\d{4}|[./-]\d{1,2}[./-]\d{2}\.?$")
_RELATIVE = re.compile(r"\b(today|yesterday|tomorrow|ago)\b")


# ---- /pause <date> ------------------------------------------------------------------------------
def pause_date(text: str, today: date) -> date | str:
    """The date ``/pause <date>`` means, or why it cannot be used ("form", "past", "far").

    A date without a year is the next such date (24 Dec typed in January is next December).
    The date must be after today and at most a year ahead.
    """
    cleaned = text.strip().lower()
    found: date | None
    if match := _DAY_MONTH.match(cleaned):  # "24.12." / "24/12": day first, no year
        try:
            found = date(today.year, int(match[2]), int(match[1]))
        except ValueError:
            found = None
    else:
        found = parse_patient_date(cleaned, today)
    if found is None:
        return "form"
    if found < today and not _YEAR_GIVEN.search(cleaned) and not _RELATIVE.search(cleaned):
        try:
            found = found.replace(year=found.year + 1)
        except ValueError:  # 29 Feb without a leap year ahead
            return "form"
    if found <= today:
        return "past"
    if found > today + MAX_PAUSE_AHEAD:
        return "far"
    return found


# ---- schedule state ----------------------------------------------------------------------------
def is_paused_schedule(schedule: Schedule) -> bool:
    """Paused from /reminders (and not cancelled since)."""
    return schedule.state == ScheduleState.PAUSED


def own_kinds(schedule: Schedule) -> list[str]:
    """What a schedule sends: its kind and the follow-ups hanging off its occurrences."""
    return [schedule.kind, *FOLLOWUP_KINDS.get(schedule.kind, ())]


async def delete_schedule(
    session: AsyncSession, patient: Patient, schedule: Schedule, now: datetime
) -> None:
    """Delete from /reminders: cancel it, and keep the feature's own record in step."""
    from service.bot import medications

    await cancel_schedule(session, schedule, own_kinds(schedule))
    if schedule.kind == medications.KIND_DOSE:
        await medications.forget_time(session, schedule, now)
    elif schedule.kind == ScheduleKind.CHECKIN:
        patient.checkin_time = None  # the daily check-in is off, as with /checkin_time off
        session.add(patient)


# ---- the view -----------------------------------------------------------------------------------
@dataclass
class Entry:
    """One schedule with its instants in the next 14 days."""

    schedule: Schedule
    instants: list[datetime]
    paused: bool
    detail: str | None = None


def kind_label(kind: str, lang: str) -> str:
    """The catalogue's label for a kind, or the kind itself when there is none."""
    key = f"kind_{kind}"
    return t(key, lang) if key in MESSAGES else kind


async def upcoming(session: AsyncSession, patient: Patient, now: datetime) -> list[Entry]:
    """Active and paused schedules with something in [now, now + 14 days), soonest first."""
    rows = (
        await session.exec(
            select(Schedule)
            .where(
                col(Schedule.patient_id) == patient.id,
                col(Schedule.state).in_([ScheduleState.ACTIVE, ScheduleState.PAUSED]),
            )
            .order_by(col(Schedule.id))
        )
    ).all()
    entries: list[Entry] = []
    for schedule in rows:
        paused = is_paused_schedule(schedule)
        if schedule.state == ScheduleState.ENDED:
            continue
        try:
            instants = occurrences_between(recurrence_of(schedule), now, now + HORIZON)
        except ValueError:  # a rule or zone this code cannot read: leave it out, never crash
            log.warning("schedule %s has an unreadable rule", schedule.id)
            continue
        if instants:
            entries.append(Entry(schedule, instants, paused))
    await _add_details(session, entries)
    entries.sort(key=lambda e: (e.instants[0], e.schedule.id or 0))
    return entries


async def _add_details(session: AsyncSession, entries: list[Entry]) -> None:
    from service.bot import medications
    from service.db.models import Medication

    for entry in entries:
        if entry.schedule.kind == medications.KIND_DOSE and entry.schedule.ref_id is not None:
            med = await session.get(Medication, entry.schedule.ref_id)
            if med is not None and med.patient_id == entry.schedule.patient_id:
                entry.detail = medications.schedule_detail(med)


def when_text(instants: list[datetime], zone: ZoneInfo, end: datetime, lang: str) -> str:
    """'every day at 08:00 (next Mon 23 Nov)', or up to three instants and 'and N more'."""
    local = [i.astimezone(zone) for i in instants]
    same_time = len({(x.hour, x.minute) for x in local}) == 1
    consecutive = all((b.date() - a.date()).days == 1 for a, b in pairwise(local))
    if len(local) >= 3 and same_time and consecutive:
        text = t(
            "rem_every_day",
            lang,
            time=fmt_time(local[0], lang),
            next=fmt_date(local[0].date(), lang),
        )
        if instants[-1] + timedelta(hours=25) < end:  # the run ends inside the window
            text += t("rem_until", lang, last=fmt_date(local[-1].date(), lang))
        return text
    shown = ", ".join(
        f"{fmt_date(x.date(), lang)} {fmt_time(x, lang)}" for x in local[:LISTED_INSTANTS]
    )
    more = len(local) - LISTED_INSTANTS
    return shown + (t("rem_and_more", lang, count=more) if more > 0 else "")


def entry_line(number: int, entry: Entry, zone: ZoneInfo, end: datetime, lang: str) -> str:
    """' 2. carbamazepine 200 mg: every day at 08:00 (next Mon 23 Nov) · paused'."""
    when = when_text(entry.instants, zone, end, lang)
    text = f"{number}. " + (f"{entry.detail}: {when}" if entry.detail else when)
    if entry.paused:
        text += t("rem_paused_mark", lang)
    return text


async def reminders_view(
    session: AsyncSession,
    patient: Patient,
    now: datetime,
    default_zone: str,
    notice: str | None = None,
) -> Reply:
    """The /reminders message and its Pause/Resume and Delete buttons."""
    lang = patient.language
    zone_name = patient.timezone or default_zone
    zone = get_zone(zone_name)
    end = now + HORIZON
    entries = await upcoming(session, patient, now)
    lines = [notice, ""] if notice else []
    lines.append(t("rem_title", lang, zone=zone_name))
    if is_paused(patient, now):
        lines.append(t("rem_all_paused", lang, status=pause_text(patient, now, default_zone)))
    if not entries:
        lines += ["", t("rem_none", lang)]
        return Reply("\n".join(lines))
    groups: dict[str, list[Entry]] = {}  # kinds in the order of their soonest reminder
    for entry in entries:
        groups.setdefault(entry.schedule.kind, []).append(entry)
    rows: list[list[tuple[str, str]]] = []
    size = sum(len(line) + 1 for line in lines)
    shown = 0
    full = False
    for kind, members in groups.items():
        header = ["", kind_label(kind, lang)]
        for entry in members:
            number = shown + 1
            line = entry_line(number, entry, zone, end, lang)
            extra = sum(len(x) + 1 for x in header) + len(line) + 1
            full = shown >= MAX_ENTRIES or size + extra > TEXT_LIMIT
            if full:
                break
            lines += header
            header = []
            lines.append(line)
            size += extra
            shown += 1
            sid = entry.schedule.id
            first = (
                (t("rem_btn_resume", lang, n=number), f"rm:{sid}:r:0")
                if entry.paused
                else (t("rem_btn_pause", lang, n=number), f"rm:{sid}:p:0")
            )
            rows.append([first, (t("rem_btn_delete", lang, n=number), f"rm:{sid}:d:0")])
        if full:
            break
    if shown < len(entries):
        lines += ["", t("rem_more", lang, count=len(entries) - shown)]
    lines += ["", t("rem_footer", lang)]
    return Reply("\n".join(lines), keyboard(rows))


# ---- patient actions ----------------------------------------------------------------------------
async def on_tap(
    session: AsyncSession, chat_id: int, data: str, now: datetime, default_zone: str
) -> Reply:
    """Pause / Resume / Delete (with a confirmation) on the /reminders view."""
    expired = Reply("", toast=t("button_expired"))
    parts = data.split(":")
    if len(parts) != 4 or not is_number(parts[1]):
        return expired
    _, sid_text, action, _value = parts
    patient = await get_patient(session, chat_id, lock=True)
    if patient is None or not has_consented(patient):
        return expired
    lang = patient.language
    schedule = await session.get(Schedule, int(sid_text), with_for_update=True)
    if schedule is None or schedule.patient_id != patient.id:
        return expired
    paused = is_paused_schedule(schedule)
    if schedule.state == ScheduleState.ENDED:
        return expired  # cancelled meanwhile

    async def view(notice: str | None, toast: str | None = None) -> Reply:
        shown = await reminders_view(session, patient, now, default_zone, notice)
        return Reply(shown.text, shown.markup, edit=True, toast=toast)

    label = kind_label(schedule.kind, lang)
    if action == "p" and schedule.state == ScheduleState.ACTIVE:
        await pause_schedule(session, schedule, own_kinds(schedule))
        return await view(t("rem_paused", lang, what=label), t("rem_toast_paused", lang))
    if action == "r" and paused:
        if await resume_schedule(session, schedule, now):
            return await view(t("rem_resumed", lang, what=label), t("rem_toast_resumed", lang))
        return await view(t("rem_nothing_left", lang, what=label))
    if action == "d":
        entries = await upcoming(session, patient, now)
        entry = next((e for e in entries if e.schedule.id == schedule.id), None)
        what = label
        if entry is not None:
            zone = get_zone(patient.timezone or default_zone)
            when = when_text(entry.instants, zone, now + HORIZON, lang)
            what = f"{label}: " + (f"{entry.detail}, {when}" if entry.detail else when)
        text = t("rem_delete_confirm", lang, what=what)
        if schedule.kind == "med_dose":
            text += "\n" + t("rem_delete_med_note", lang)
        markup = keyboard(
            [
                [
                    (t("rem_btn_delete_yes", lang), f"rm:{schedule.id}:y:0"),
                    (t("rem_btn_delete_no", lang), f"rm:{schedule.id}:n:0"),
                ]
            ]
        )
        return Reply(text, markup, edit=True)
    if action == "y":
        await delete_schedule(session, patient, schedule, now)
        return await view(t("rem_deleted", lang, what=label), t("rem_toast_deleted", lang))
    if action == "n":
        return await view(None)
    return expired


# ---- Telegram handlers --------------------------------------------------------------------------
async def reminders_command(update: Update, context: Context) -> None:
    """/reminders: what is scheduled in the next 14 days, with Pause and Delete."""
    state = context.bot_data
    now = state.clock.now()
    async with unit_of_work(state) as session:
        patient = await get_patient(session, chat_id_of(update))
        if patient is None or not has_consented(patient):
            reply = Reply(t("need_start"))
        else:
            reply = await reminders_view(session, patient, now, state.settings.default_timezone)
    await send_reply(update, reply)


reminders_button = tap_handler(on_tap, rearm=True)  # a Pause / Resume / Delete press


# ---- the back-off's question: pause a reminder nobody answers? --------------------------------
@callback("rm:{schedule}:{choice}:1")
@dataclass(frozen=True)
class PauseOfferTap(Callback):
    """The answer to "shall I pause these reminders?"."""

    schedule: int
    choice: Literal["pause", "keep"]


def offer_pause(patient: Patient, schedule: Schedule, unanswered: int) -> Outgoing:
    """One kind question, after a run of unanswered prompts, whether to pause this schedule."""
    lang = patient.language
    assert schedule.id is not None
    text = t("rem_offer_pause", lang, count=unanswered, what=kind_label(schedule.kind, lang))
    markup = keyboard(
        [
            [(t("rem_btn_offer_pause", lang), PauseOfferTap(schedule.id, "pause"))],
            [(t("rem_btn_offer_keep", lang), PauseOfferTap(schedule.id, "keep"))],
        ]
    )
    return Outgoing(text, markup)


BUTTONS = Buttons()


@BUTTONS.on(PauseOfferTap)
async def pause_offer_answered(turn: Turn, tap: PauseOfferTap) -> Reply:
    """Pause the schedule (resumed from /reminders), or keep asking."""
    schedule = await turn.session.get(Schedule, tap.schedule, with_for_update=True)
    if schedule is None or schedule.patient_id != turn.me.id:
        return expired(turn)
    label = kind_label(schedule.kind, turn.lang)
    if tap.choice == "keep":
        return Reply(turn.t("rem_offer_kept", what=label), edit=True)
    if schedule.state == ScheduleState.ACTIVE:
        await pause_schedule(turn.session, schedule, own_kinds(schedule))
    return Reply(turn.t("rem_offer_paused", what=label), edit=True, toast=turn.t("answer_saved"))


def handlers() -> list[BaseHandler[Update, Context, None]]:
    """The /reminders feature's handlers."""
    return [
        CommandHandler("reminders", reminders_command, filters=filters.ChatType.PRIVATE),
        BUTTONS.handler(),
        CallbackQueryHandler(reminders_button, pattern=r"^rm:"),
    ]
