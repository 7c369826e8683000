"""Botox cycles: log an injection, then the bot asks and reminds through the cycle.

From each injection (day 0) the bot schedules, each as a one-off schedule with ``ref_id`` = the
cycle id, at the patient's check-in time (or 10:00): the day-7 onset and side-effect question,
the week-4 effect and side-effect question, "time to book" (interval minus the booking lead)
and the planned date (with a button that logs the next injection). The interval is the
clinic's: the first /botox asks for it. A new injection closes the previous cycle's pending
reminders. Wear-off is *estimated* from the daily check-ins (``on_checkin_completed``) and said
as an estimate; the patient can also report it ("I think it's wearing off") and ask for the
booking reminder at once. Nothing moves on its own.

Callback data: ``bx:<cycle id>:<action>:<value>`` with action ``on`` (onset y/p/n), ``ef``
(effect 0-4), ``se`` (toggle a side effect; value ``<code>`` or ``<code>.7`` on the day-7
message), ``sn`` (no side effects, value 7 on day 7), ``dn`` (done, value 7 on day 7), ``ec``
(change the week-4 answers), ``oc`` (change the day-7 answers), ``new`` (log today's injection
from the planned-date reminder), ``undo``, ``iv`` (the clinic's interval in weeks, 0 = keep),
``wo`` (the patient thinks it is wearing off), ``wu`` (undo that) or ``bk`` (the booking
reminder now).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

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
    today_of,
)
from service.bot.feature import CheckinCompleted
from service.bot.kit import Reply, Turn, send_reply, unit_of_work
from service.bot.state import Context
from service.config import Settings
from service.db.models import BotoxCycle, Checkin, Occurrence, Patient, Schedule, ScheduleState
from service.domain.botox import (
    BASELINE_DAYS,
    INTERVAL_MAX_WEEKS,
    INTERVAL_MIN_WEEKS,
    NOTE_MAX,
    ONSET_DAY,
    UNITS_MAX,
    WEAR_OFF_FROM_DAY,
    WEAR_OFF_UNTIL_DAY,
    BotoxEntry,
    BotoxInputError,
    CycleStatus,
    Reminder,
    Step,
    cycle_plan,
    cycle_status,
    day_of_cycle,
    detect_wear_off,
    due_date,
    parse_botox_args,
    parse_interval,
    weeks_and_days,
)
from service.domain.dates import ACCEPTED_FORMS
from service.domain.numbers import is_number
from service.domain.recurrence import Recurrence
from service.domain.timezones import get_zone, parse_local_time, resolve_local
from service.scheduling.batch import load_by_id, payload_id
from service.scheduling.dispatcher import Due, HandlerDefaults, OccurrenceHandler, Outgoing
from service.scheduling.schedules import add_schedule, cancel_schedules
from service.texts import fmt_date, fmt_time, t

log = logging.getLogger(__name__)

COMMANDS = ("botox", "botox_history", "botox_interval")

KIND_OF: dict[Step, str] = {
    Step.ONSET: "botox_onset",
    Step.EFFECT: "botox_effect",
    Step.BOOKING: "botox_booking",
    Step.DUE: "botox_due",
}
KINDS = list(KIND_OF.values())
#: How late a reminder may still go out (e.g. after downtime); older ones are recorded missed.
GRACE_MINUTES = 3 * 24 * 60
#: How long the Undo button on a logged injection works.
UNDO_WINDOW = timedelta(hours=48)
ONSET_ANSWERS = {"y": "yes", "p": "partly", "n": "not_yet"}
ONSET_CODE = {v: k for k, v in ONSET_ANSWERS.items()}
#: Side effects asked about at day 7 and week 4 (clinical.md; the first five codes are kept
#: from before, so stored answers read the same).
SIDE_EFFECTS = (
    "ptosis",
    "closure",
    "eye",
    "blurred",
    "diplopia",
    "mouth",
    "weakness",
    "other",
)
#: These get "contact your care team now", not "for your next injection".
URGENT_SIDE_EFFECTS = frozenset({"diplopia", "closure"})
EFFECT_VALUES = range(5)
#: The clinic's interval, offered as buttons at the first /botox (0 = don't know: keep it).
INTERVAL_CHOICES = (10, 12, 14, 16)
#: The check-in's end message offers "I think it's wearing off" from this cycle day on.
REPORT_FROM_DAY = ONSET_DAY
MESSAGE_LIMIT = 3900  # Telegram allows 4096 characters per message


# ---- small helpers ------------------------------------------------------------------------------
def zone_name(patient: Patient, default: str = "UTC") -> str:
    """The IANA name of the patient's zone."""
    return patient.timezone or default


def reminder_time(patient: Patient) -> time:
    """The local time of the cycle's reminders: the check-in time, else 10:00."""
    if patient.checkin_time:
        parsed = parse_local_time(patient.checkin_time)
        if parsed is not None:
            return parsed
    return time(10, 0)


def fmt_day(day: date, lang: str) -> str:
    """A date with its year, for history and due dates: 'Mon 15 Feb 2027'."""
    return str(format_date(day, "EEE d MMM y", locale=lang))


def fmt_interval(days: int, lang: str) -> str:
    """A span of days as weeks and days: '12 wk 3 d', '12 weeks', '5 days'."""
    weeks, rest = weeks_and_days(days)
    if weeks and rest:
        return t("botox_weeks_days", lang, weeks=weeks, days=rest)
    if weeks:
        return t("botox_weeks_only", lang, weeks=weeks)
    return t("botox_days_only", lang, days=rest)


def units_part(units: int | None, lang: str) -> str:
    """' · 50 units', or nothing."""
    return t("botox_units_part", lang, units=units) if units is not None else ""


def side_effects_text(cycle: BotoxCycle, lang: str) -> str:
    """The side effects as words ('none', 'not answered' or a list)."""
    if cycle.side_effects is None:
        return t("botox_not_answered", lang)
    if not cycle.side_effects:
        return t("botox_none", lang)
    return ", ".join(
        t(f"botox_se_{code}", lang).lower() if i else t(f"botox_se_{code}", lang)
        for i, code in enumerate(c for c in SIDE_EFFECTS if c in cycle.side_effects)
    )


def side_effect_advice(cycle: BotoxCycle, patient: Patient) -> str | None:
    """What to do about the side effects ticked: at once for the urgent ones; with the
    clinic's phone when the patient gave it."""
    chosen = set(cycle.side_effects or ())
    if chosen & URGENT_SIDE_EFFECTS:
        key = "botox_side_effects_urgent"
    elif chosen:
        key = "botox_side_effects_advice"
    else:
        return None
    phone = contacts.care_team_line(patient, contacts.CLINIC)
    return t(key, patient.language) + (f"\n{phone}" if phone else "")


def effect_text(cycle: BotoxCycle, lang: str) -> str:
    """The week-4 rating as words."""
    if cycle.effect is None:
        return t("botox_not_answered", lang)
    return t(f"botox_effect_{cycle.effect}", lang)


def onset_text(cycle: BotoxCycle, lang: str) -> str:
    """The day-7 answer as words."""
    if cycle.onset is None:
        return t("botox_not_answered", lang)
    return t(f"botox_onset_{cycle.onset}", lang)


async def cycles_of(session: AsyncSession, patient_id: int) -> list[BotoxCycle]:
    """The patient's cycles, newest injection first."""
    rows = await session.exec(
        select(BotoxCycle)
        .where(col(BotoxCycle.patient_id) == patient_id)
        .order_by(col(BotoxCycle.injected_on).desc(), col(BotoxCycle.id).desc())
    )
    return list(rows.all())


async def latest_cycle(session: AsyncSession, patient_id: int) -> BotoxCycle | None:
    """The patient's most recent injection."""
    cycles = await cycles_of(session, patient_id)
    return cycles[0] if cycles else None


def plan_of(patient: Patient, cycle: BotoxCycle) -> list[Reminder]:
    """The cycle's reminders at the patient's reminder time."""
    return cycle_plan(
        cycle.injected_on,
        cycle.interval_weeks,
        patient.botox_booking_lead_weeks,
        reminder_time(patient),
    )


def _answered(cycle: BotoxCycle, step: Step) -> bool:
    if step is Step.ONSET:
        return cycle.onset is not None
    if step is Step.EFFECT:
        return cycle.effect is not None and cycle.side_effects is not None
    return False


async def schedule_cycle(
    session: AsyncSession,
    patient: Patient,
    cycle: BotoxCycle,
    now: datetime,
    default_zone: str,
    steps: Iterable[Step] = tuple(Step),
) -> list[Reminder]:
    """Book the cycle's reminders that are still ahead (and unanswered); the ones booked."""
    assert patient.id is not None and cycle.id is not None
    zone = zone_name(patient, default_zone)
    tz = get_zone(zone)
    wanted = set(steps)
    booked = []
    for reminder in plan_of(patient, cycle):
        if reminder.step not in wanted or _answered(cycle, reminder.step):
            continue
        if resolve_local(reminder.at_local, tz) <= now:
            continue
        await add_schedule(
            session,
            patient_id=patient.id,
            kind=KIND_OF[reminder.step],
            recurrence=Recurrence.once(reminder.at_local, zone),
            now=now,
            grace_minutes=GRACE_MINUTES,
            ref_id=cycle.id,
            payload={"cycle_id": cycle.id},
        )
        booked.append(reminder)
    return booked


def coming_up_lines(patient: Patient, booked: list[Reminder]) -> list[str]:
    """'Coming up (at 10:00):' and one line per booked reminder."""
    lang = patient.language
    if not booked:
        return [t("botox_nothing_ahead", lang)]
    lines = [t("botox_coming_up", lang, time=fmt_time(reminder_time(patient), lang))]
    for reminder in booked:
        what = t(f"botox_what_{reminder.step.value}", lang)
        lines.append(t("botox_coming_item", lang, date=fmt_date(reminder.on, lang), what=what))
    return lines


def status_lines(patient: Patient, cycle: BotoxCycle, today: date) -> list[str]:
    """Where the patient is in the cycle: day N, due date, book/due/overdue."""
    lang = patient.language
    due = due_date(cycle.injected_on, cycle.interval_weeks)
    lines = []
    day = day_of_cycle(cycle.injected_on, today)
    if day > 0:
        lines.append(t("botox_day_line", lang, day=day))
    lines.append(t("botox_due_line", lang, date=fmt_day(due, lang), weeks=cycle.interval_weeks))
    status = cycle_status(
        cycle.injected_on, today, cycle.interval_weeks, patient.botox_booking_lead_weeks
    )
    if status is CycleStatus.BOOK:
        lines.append(t("botox_status_book", lang))
    elif status is CycleStatus.DUE_TODAY:
        lines.append(t("botox_status_due_today", lang))
    elif status is CycleStatus.OVERDUE:
        lines.append(t("botox_status_overdue", lang, date=fmt_day(due, lang)))
    return lines


# ---- logging an injection -----------------------------------------------------------------------
def input_error_reply(error: BotoxInputError, lang: str) -> Reply:
    """What to say about bad /botox input (the patient's text is always echoed back)."""
    if error.reason == "future":
        return Reply(
            t("botox_future_date", lang, date=fmt_day(date.fromisoformat(error.text), lang))
        )
    if error.reason == "units":
        return Reply(t("botox_bad_units", lang, text=error.text, max=UNITS_MAX))
    if error.reason == "note":
        return Reply(
            t(
                "botox_note_too_long",
                lang,
                length=len(error.text),
                limit=NOTE_MAX,
                text=error.text[:3500],
            )
        )
    return Reply(t("botox_bad_date", lang, text=error.text[:40], forms=ACCEPTED_FORMS))


def _undo_markup(cycle: BotoxCycle, lang: str) -> InlineKeyboardMarkup:
    return keyboard([[(t("btn_botox_undo", lang), f"bx:{cycle.id}:undo:0")]])


def _interval_markup(patient: Patient, cycle: BotoxCycle) -> InlineKeyboardMarkup:
    """The clinic's interval as buttons (and Undo for the injection just logged)."""
    lang = patient.language
    choices = [
        (t("btn_botox_interval_weeks", lang, weeks=weeks), f"bx:{cycle.id}:iv:{weeks}")
        for weeks in INTERVAL_CHOICES
    ]
    unknown = t("btn_botox_interval_unknown", lang, weeks=patient.botox_interval_weeks)
    return keyboard(
        [
            choices[:2],
            choices[2:],
            [(unknown, f"bx:{cycle.id}:iv:0")],
            [(t("btn_botox_undo", lang), f"bx:{cycle.id}:undo:0")],
        ]
    )


async def log_injection(
    session: AsyncSession,
    patient: Patient,
    entry: BotoxEntry,
    now: datetime,
    default_zone: str,
) -> Reply:
    """Store an injection, close the previous cycle and book what is ahead; the reply."""
    assert patient.id is not None
    lang = patient.language
    today = today_of(patient, now, default_zone)
    cycles = await cycles_of(session, patient.id)
    same_day = next((c for c in cycles if c.injected_on == entry.injected_on), None)
    if same_day is not None:
        if entry.units is None and entry.note is None:
            return Reply(t("botox_duplicate", lang, date=fmt_day(entry.injected_on, lang)))
        if entry.units is not None:
            same_day.units = entry.units
        if entry.note is not None:
            same_day.note = entry.note
        session.add(same_day)
        text = t(
            "botox_updated",
            lang,
            date=fmt_day(same_day.injected_on, lang),
            units=units_part(same_day.units, lang),
        )
        if same_day.note:
            text += "\n" + t("botox_note_line", lang, note=same_day.note)
        return Reply(text)

    cycle = BotoxCycle(
        patient_id=patient.id,
        injected_on=entry.injected_on,
        units=entry.units,
        note=entry.note,
        interval_weeks=patient.botox_interval_weeks,
        created_at=now,
    )
    session.add(cycle)
    await session.flush()
    assert cycle.id is not None
    lines = [
        t(
            "botox_saved",
            lang,
            date=fmt_day(cycle.injected_on, lang),
            units=units_part(cycle.units, lang),
        )
    ]
    if cycle.note:
        lines.append(t("botox_note_line", lang, note=cycle.note))
    previous = next((c for c in cycles if c.injected_on < cycle.injected_on), None)
    if previous is not None:
        lines.append(
            t(
                "botox_since_previous",
                lang,
                interval=fmt_interval((cycle.injected_on - previous.injected_on).days, lang),
                date=fmt_day(previous.injected_on, lang),
            )
        )
    newest = cycles[0] if cycles else None
    if newest is not None and newest.injected_on > cycle.injected_on:
        # An older injection for the history: the current cycle keeps its reminders.
        lines += ["", t("botox_backfill", lang, date=fmt_day(newest.injected_on, lang))]
        return Reply("\n".join(lines), _undo_markup(cycle, lang))
    if newest is not None:
        await cancel_schedules(session, patient_id=patient.id, kinds=KINDS, ref_id=newest.id)
    booked = await schedule_cycle(session, patient, cycle, now, default_zone)
    lines.insert(1, t("botox_emergency", lang))
    lines += ["", *status_lines(patient, cycle, today), ""]
    lines += coming_up_lines(patient, booked)
    if not patient.botox_interval_asked:
        # The interval comes from the clinic: ask for it once, at the first /botox.
        patient.botox_interval_asked = True
        session.add(patient)
        lines += ["", t("botox_interval_ask", lang)]
        return Reply("\n".join(lines), _interval_markup(patient, cycle))
    lines.append(t("botox_interval_hint", lang))
    return Reply("\n".join(lines), _undo_markup(cycle, lang))


async def undo_cycle(
    session: AsyncSession, patient: Patient, cycle: BotoxCycle, now: datetime, default_zone: str
) -> Reply:
    """Remove a just-logged injection; the previous one's reminders come back if it was newest."""
    assert patient.id is not None
    lang = patient.language
    cycles = await cycles_of(session, patient.id)
    was_newest = bool(cycles) and cycles[0].id == cycle.id
    await cancel_schedules(session, patient_id=patient.id, kinds=KINDS, ref_id=cycle.id)
    day = cycle.injected_on
    await session.delete(cycle)
    await session.flush()
    text = t("botox_undone", lang, date=fmt_day(day, lang))
    remaining = [c for c in cycles if c.id != cycle.id]
    if was_newest and remaining:
        previous = remaining[0]
        if await schedule_cycle(session, patient, previous, now, default_zone):
            text += "\n" + t("botox_undo_restored", lang, date=fmt_day(previous.injected_on, lang))
    return Reply(text, edit=True, toast=t("answer_saved", lang))


# ---- the day-7 and week-4 questions -------------------------------------------------------------
def _side_effect_rows(
    cycle: BotoxCycle, lang: str, *, toggle: str, none: str, done: str
) -> list[list[tuple[str, str]]]:
    """A toggle per side effect, then No side effects / Done (with the given actions)."""
    chosen = cycle.side_effects or []
    rows = []
    for code in SIDE_EFFECTS:
        mark = "☑" if code in chosen else "☐"
        rows.append([(f"{mark} {t(f'botox_se_{code}', lang)}", f"bx:{cycle.id}:{toggle}:{code}")])
    none_label = t("btn_botox_no_side_effects", lang)
    if cycle.side_effects == []:
        none_label = f"✓ {none_label}"
    rows.append(
        [
            (none_label, f"bx:{cycle.id}:{none}:0"),
            (t("btn_botox_done", lang), f"bx:{cycle.id}:{done}:0"),
        ]
    )
    return rows


def _urgent_lines(cycle: BotoxCycle, patient: Patient) -> list[str]:
    """The "contact your care team now" line (and the clinic's phone) as soon as an urgent
    side effect is ticked."""
    if set(cycle.side_effects or ()) & URGENT_SIDE_EFFECTS:
        lines = ["", t("botox_side_effects_urgent", patient.language)]
        phone = contacts.care_team_line(patient, contacts.CLINIC)
        return [*lines, phone] if phone else lines
    return []


def render_onset(cycle: BotoxCycle, patient: Patient) -> tuple[str, InlineKeyboardMarkup]:
    """The day-7 message: the emergency line, has it started (Yes / Partly / Not yet) and the
    side effects, with the answers so far."""
    lang = patient.language
    lines = [
        t(
            "botox_onset_question",
            lang,
            date=fmt_day(cycle.injected_on, lang),
            emergency=t("botox_emergency", lang),
        )
    ]
    if cycle.onset is not None or cycle.side_effects is not None:
        lines += [
            "",
            t("botox_onset_answer", lang, onset=onset_text(cycle, lang)),
            t("botox_side_answer", lang, side_effects=side_effects_text(cycle, lang)),
        ]
        if cycle.onset == "not_yet":
            lines += ["", t("botox_onset_not_yet_info", lang)]
    lines += _urgent_lines(cycle, patient)
    row = []
    for code, answer in ONSET_ANSWERS.items():
        label = t(f"botox_onset_{answer}", lang)
        if cycle.onset == answer:
            label = f"✓ {label}"
        row.append((label, f"bx:{cycle.id}:on:{code}"))
    rows = [row, *_side_effect_rows(cycle, lang, toggle="ss", none="sz", done="od")]
    return "\n".join(lines), keyboard(rows)


def render_onset_done(cycle: BotoxCycle, patient: Patient) -> tuple[str, InlineKeyboardMarkup]:
    """What was saved at day 7, the advice about side effects and the emergency line."""
    lang = patient.language
    text = t(
        "botox_onset_done",
        lang,
        date=fmt_day(cycle.injected_on, lang),
        onset=t("botox_onset_answer", lang, onset=onset_text(cycle, lang)),
        side_effects=t("botox_side_answer", lang, side_effects=side_effects_text(cycle, lang)),
    )
    if cycle.onset == "not_yet":
        text += "\n\n" + t("botox_onset_not_yet_info", lang)
    if advice := side_effect_advice(cycle, patient):
        text += "\n\n" + advice
    text += "\n\n" + t("botox_emergency", lang)
    return text, keyboard([[(t("btn_botox_change", lang), f"bx:{cycle.id}:oc:0")]])


def render_effect(cycle: BotoxCycle, patient: Patient) -> tuple[str, InlineKeyboardMarkup]:
    """The week-4 question: the 0-4 rating, a toggle per side effect, Done."""
    lang = patient.language
    lines = [t("botox_effect_question", lang, date=fmt_day(cycle.injected_on, lang))]
    if cycle.effect is not None or cycle.side_effects is not None:
        lines += [
            "",
            t("botox_effect_answer", lang, effect=effect_text(cycle, lang)),
            t("botox_side_answer", lang, side_effects=side_effects_text(cycle, lang)),
        ]
    lines += _urgent_lines(cycle, patient)
    rows: list[list[tuple[str, str]]] = []
    for value in EFFECT_VALUES:
        label = t(f"botox_effect_{value}", lang)
        if cycle.effect == value:
            label = f"✓ {label}"
        rows.append([(label, f"bx:{cycle.id}:ef:{value}")])
    rows += _side_effect_rows(cycle, lang, toggle="se", none="sn", done="dn")
    return "\n".join(lines), keyboard(rows)


def render_effect_done(cycle: BotoxCycle, patient: Patient) -> tuple[str, InlineKeyboardMarkup]:
    """What was saved at week 4, with a Change button (and the care-team line if needed)."""
    lang = patient.language
    text = t(
        "botox_effect_done",
        lang,
        date=fmt_day(cycle.injected_on, lang),
        effect=t("botox_effect_answer", lang, effect=effect_text(cycle, lang)),
        side_effects=t("botox_side_answer", lang, side_effects=side_effects_text(cycle, lang)),
    )
    if advice := side_effect_advice(cycle, patient):
        text += "\n\n" + advice
    return text, keyboard([[(t("btn_botox_change", lang), f"bx:{cycle.id}:ec:0")]])


# ---- button presses -----------------------------------------------------------------------------
@dataclass
class TapResult:
    """A tap's reply and whether schedules changed (so the dispatcher is re-armed)."""

    reply: Reply
    rearm: bool = False


async def on_tap(
    session: AsyncSession, chat_id: int, data: str, now: datetime, default_zone: str
) -> TapResult:
    """Apply one Botox button press; every path answers something."""
    expired = TapResult(Reply("", toast=t("button_expired")))
    parts = data.split(":")
    if len(parts) != 4 or parts[0] != "bx" or not is_number(parts[1]):
        return expired
    _, cid_text, action, value = parts
    patient = await get_patient(session, chat_id, lock=True)
    if patient is None or not has_consented(patient):
        return expired
    assert patient.id is not None
    lang = patient.language
    cycle = await session.get(BotoxCycle, int(cid_text), with_for_update=True)
    if cycle is None or cycle.patient_id != patient.id:
        return expired
    saved = t("answer_saved", lang)

    if action == "on" and value in ONSET_ANSWERS:
        cycle.onset = ONSET_ANSWERS[value]
        cycle.onset_answered_at = now
        session.add(cycle)
        text, markup = render_onset(cycle, patient)
        return TapResult(Reply(text, markup, edit=True, toast=saved))
    if action == "ef" and is_number(value) and int(value) in EFFECT_VALUES:
        cycle.effect = int(value)
        session.add(cycle)
        text, markup = render_effect(cycle, patient)
        return TapResult(Reply(text, markup, edit=True, toast=saved))
    # Side effects: "se"/"sn"/"dn" on the week-4 message, "ss"/"sz"/"od" on the day-7 one.
    render = render_onset if action in ("ss", "sz", "od", "oc") else render_effect
    if action in ("se", "ss") and value in SIDE_EFFECTS:
        chosen = list(cycle.side_effects or [])
        if value in chosen:
            chosen.remove(value)
        else:
            chosen.append(value)
        cycle.side_effects = [c for c in SIDE_EFFECTS if c in chosen]
        session.add(cycle)
        text, markup = render(cycle, patient)
        return TapResult(Reply(text, markup, edit=True, toast=saved))
    if action in ("sn", "sz"):
        cycle.side_effects = []
        session.add(cycle)
        text, markup = render(cycle, patient)
        return TapResult(Reply(text, markup, edit=True, toast=saved))
    if action in ("dn", "od"):
        if cycle.side_effects is None:
            cycle.side_effects = []  # Done without ticking any: none
            session.add(cycle)
        done = render_onset_done if action == "od" else render_effect_done
        text, markup = done(cycle, patient)
        return TapResult(Reply(text, markup, edit=True, toast=saved))
    if action in ("ec", "oc"):
        text, markup = render(cycle, patient)
        return TapResult(Reply(text, markup, edit=True))
    if action == "iv" and value in {"0", *map(str, INTERVAL_CHOICES)}:
        return TapResult(
            await interval_chosen(session, patient, cycle, int(value), now, default_zone),
            rearm=True,
        )
    if action in ("wo", "wu", "bk"):
        return await wear_off_tap(session, patient, cycle, action, now, default_zone)
    if action == "new":
        newest = await latest_cycle(session, patient.id)
        today = today_of(patient, now, default_zone)
        if newest is None or newest.id != cycle.id or cycle.injected_on >= today:
            day = newest.injected_on if newest is not None else today
            text = t("botox_already_logged", lang, date=fmt_day(day, lang))
            return TapResult(Reply(text, edit=True, toast=text))
        reply = await log_injection(session, patient, BotoxEntry(today), now, default_zone)
        reply.edit, reply.toast = True, saved
        return TapResult(reply, rearm=True)
    if action == "undo":
        if now - cycle.created_at > UNDO_WINDOW:
            return expired
        return TapResult(await undo_cycle(session, patient, cycle, now, default_zone), rearm=True)
    return expired


# ---- wear-off: the estimate (called by the check-in) and the patient's own report ---------------
def _day_line_date(cycle: BotoxCycle, day: date, lang: str) -> dict[str, object]:
    return {"day": day_of_cycle(cycle.injected_on, day), "date": fmt_day(day, lang)}


def _booking_markup(cycle: BotoxCycle, lang: str, *, undo: bool = False) -> InlineKeyboardMarkup:
    rows = [[(t("btn_botox_booking_now", lang), f"bx:{cycle.id}:bk:0")]]
    if undo:
        rows.append([(t("btn_botox_wear_off_undo", lang), f"bx:{cycle.id}:wu:0")])
    return keyboard(rows)


def can_report_wear_off(cycle: BotoxCycle, today: date, from_day: int = 1) -> bool:
    """Whether "I think it's wearing off" is offered for this cycle today."""
    day = day_of_cycle(cycle.injected_on, today)
    return cycle.wear_off_reported_on is None and from_day <= day <= WEAR_OFF_UNTIL_DAY


async def report_button(
    session: AsyncSession, patient_id: int, today: date, lang: str
) -> tuple[str, str] | None:
    """The check-in's "I think it's wearing off" button for the newest cycle, from day 7 on
    (None without a cycle, before day 7, or once the patient reported it)."""
    cycle = await latest_cycle(session, patient_id)
    if cycle is None or not can_report_wear_off(cycle, today, REPORT_FROM_DAY):
        return None
    return t("btn_botox_wearing_off", lang), f"bx:{cycle.id}:wo:0"


async def on_checkin_completed(
    session: AsyncSession, patient: Patient, checkin: Checkin, now: datetime
) -> Reply | None:
    """Look for wear-off in the newest cycle after a completed check-in; a message, or None.

    Records ``BotoxCycle.wear_off_on`` (estimated) the first time ``detect_wear_off`` finds it,
    from day 42 on. The message says it is an estimate, asks the patient to mention it at the
    next visit and offers the booking reminder now; nothing is moved without the patient. No
    message when the patient already reported it themselves.
    """
    if patient.id is None or checkin.frequency is None or checkin.severity is None:
        return None
    cycle = await latest_cycle(session, patient.id)
    if cycle is None or cycle.wear_off_on is not None:
        return None
    day = day_of_cycle(cycle.injected_on, checkin.local_date)
    if not WEAR_OFF_FROM_DAY <= day <= WEAR_OFF_UNTIL_DAY:
        return None
    rows = (
        await session.exec(
            select(Checkin).where(
                col(Checkin.patient_id) == patient.id,
                col(Checkin.local_date) >= cycle.injected_on - timedelta(days=BASELINE_DAYS),
                col(Checkin.local_date) <= checkin.local_date,
                col(Checkin.frequency).is_not(None),
                col(Checkin.severity).is_not(None),
            )
        )
    ).all()
    totals = {row.local_date: (row.frequency or 0) + (row.severity or 0) for row in rows}
    totals[checkin.local_date] = checkin.frequency + checkin.severity
    verdict = detect_wear_off(cycle.injected_on, totals, checkin.local_date)
    if verdict is None:
        return None
    cycle.wear_off_on = verdict.on
    session.add(cycle)
    if cycle.wear_off_reported_on is not None:
        return None
    lang = patient.language
    text = t(
        "botox_wear_off_estimated",
        lang,
        date=fmt_day(cycle.injected_on, lang),
        day=verdict.day,
        since=fmt_date(verdict.on, lang),
    )
    return Reply(text, _booking_markup(cycle, lang))


async def wear_off_tap(
    session: AsyncSession,
    patient: Patient,
    cycle: BotoxCycle,
    action: str,
    now: datetime,
    default_zone: str,
) -> TapResult:
    """ "I think it's wearing off" (wo), its Undo (wu) and "Booking reminder now" (bk): only
    for the newest cycle."""
    assert patient.id is not None
    lang = patient.language
    today = today_of(patient, now, default_zone)
    newest = await latest_cycle(session, patient.id)
    if newest is None or newest.id != cycle.id:
        return TapResult(Reply("", toast=t("button_expired", lang)))
    when = fmt_day(cycle.injected_on, lang)
    if action == "wo":
        if cycle.wear_off_reported_on is not None:
            toast = t(
                "botox_wear_off_already",
                lang,
                **_day_line_date(cycle, cycle.wear_off_reported_on, lang),
            )
            return TapResult(Reply("", toast=toast))
        if not can_report_wear_off(cycle, today):
            return TapResult(Reply("", toast=t("button_expired", lang)))
        cycle.wear_off_reported_on = today
        session.add(cycle)
        text = t(
            "botox_wear_off_reported",
            lang,
            date=when,
            day=day_of_cycle(cycle.injected_on, today),
        )
        return TapResult(
            Reply(text, _booking_markup(cycle, lang, undo=True), toast=t("answer_saved", lang))
        )
    if action == "wu":
        if cycle.wear_off_reported_on is None:
            return TapResult(Reply("", toast=t("button_expired", lang)))
        cycle.wear_off_reported_on = None
        session.add(cycle)
        text = t("botox_wear_off_report_undone", lang, date=when)
        return TapResult(Reply(text, edit=True, toast=t("answer_saved", lang)))
    # bk: the booking reminder now; the one still planned would only repeat it.
    await cancel_schedules(
        session, patient_id=patient.id, kinds=[KIND_OF[Step.BOOKING]], ref_id=cycle.id
    )
    text = t(
        "botox_booking_now",
        lang,
        due=fmt_day(due_date(cycle.injected_on, cycle.interval_weeks), lang),
        weeks=cycle.interval_weeks,
        date=when,
    )
    return TapResult(Reply(text), rearm=True)


# ---- Telegram handlers --------------------------------------------------------------------------
async def botox_command(update: Update, context: Context) -> None:
    """/botox [date] [units] [note]: log an injection (default today)."""
    message = update.effective_message
    assert message is not None
    state = context.bot_data
    now = state.clock.now()
    default_zone = state.settings.default_timezone
    async with unit_of_work(state) as session:
        patient = await get_patient(session, chat_id_of(update), lock=True)
        if patient is None or not has_consented(patient):
            reply = Reply(t("need_start"))
        else:
            today = today_of(patient, now, default_zone)
            try:
                entry = parse_botox_args(command_args(message.text), today)
            except BotoxInputError as error:
                reply = input_error_reply(error, patient.language)
            else:
                reply = await log_injection(session, patient, entry, now, default_zone)
    await send_reply(update, reply)


async def botox_interval_command(update: Update, context: Context) -> None:
    """/botox_interval <weeks>: show or change the reinjection interval."""
    message = update.effective_message
    assert message is not None
    state = context.bot_data
    now = state.clock.now()
    default_zone = state.settings.default_timezone
    async with unit_of_work(state) as session:
        patient = await get_patient(session, chat_id_of(update), lock=True)
        if patient is None or not has_consented(patient):
            reply = Reply(t("need_start"))
        else:
            reply = await set_interval(
                session, patient, command_args(message.text), now, default_zone
            )
    await send_reply(update, reply)


async def set_interval(
    session: AsyncSession, patient: Patient, text: str, now: datetime, default_zone: str
) -> Reply:
    """Apply /botox_interval: store it and move the current cycle's booking and due reminders."""
    assert patient.id is not None
    lang = patient.language
    limits = {"min": INTERVAL_MIN_WEEKS, "max": INTERVAL_MAX_WEEKS}
    if not text:
        return Reply(
            t(
                "botox_interval_current",
                lang,
                weeks=patient.botox_interval_weeks,
                lead=patient.botox_booking_lead_weeks,
                **limits,
            )
        )
    weeks = parse_interval(text)
    if weeks is None:
        return Reply(t("botox_interval_invalid", lang, text=text[:40], **limits))
    lines = [t("botox_interval_set", lang, weeks=weeks)]
    lines += await apply_interval(session, patient, weeks, now, default_zone)
    return Reply("\n".join(lines))


async def apply_interval(
    session: AsyncSession, patient: Patient, weeks: int, now: datetime, default_zone: str
) -> list[str]:
    """Store the interval and move the newest cycle's booking and planned-date reminders;
    the lines that say where the patient is now."""
    assert patient.id is not None
    lang = patient.language
    patient.botox_interval_weeks = weeks
    patient.botox_interval_asked = True
    session.add(patient)
    cycle = await latest_cycle(session, patient.id)
    if cycle is None:
        return [t("botox_interval_no_cycle", lang)]
    cycle.interval_weeks = weeks
    session.add(cycle)
    later = [KIND_OF[Step.BOOKING], KIND_OF[Step.DUE]]
    await cancel_schedules(session, patient_id=patient.id, kinds=later, ref_id=cycle.id)
    await schedule_cycle(session, patient, cycle, now, default_zone, (Step.BOOKING, Step.DUE))
    ahead = await _pending_reminders(session, patient, cycle)
    lines = ["", *status_lines(patient, cycle, today_of(patient, now, default_zone)), ""]
    return lines + coming_up_lines(patient, ahead)


async def interval_chosen(
    session: AsyncSession,
    patient: Patient,
    cycle: BotoxCycle,
    weeks: int,
    now: datetime,
    default_zone: str,
) -> Reply:
    """A tap on the clinic's interval under a logged injection (0: don't know, keep it)."""
    lang = patient.language
    lines = [
        t(
            "botox_saved",
            lang,
            date=fmt_day(cycle.injected_on, lang),
            units=units_part(cycle.units, lang),
        ),
        t("botox_emergency", lang),
        "",
    ]
    if weeks:
        lines.append(t("botox_interval_from_clinic", lang, weeks=weeks))
        lines += await apply_interval(session, patient, weeks, now, default_zone)
    else:
        patient.botox_interval_asked = True
        session.add(patient)
        lines.append(t("botox_interval_kept", lang, weeks=patient.botox_interval_weeks))
    markup = _undo_markup(cycle, lang) if now - cycle.created_at <= UNDO_WINDOW else None
    return Reply("\n".join(lines), markup, edit=True, toast=t("answer_saved", lang))


async def _pending_reminders(
    session: AsyncSession, patient: Patient, cycle: BotoxCycle
) -> list[Reminder]:
    """The cycle's planned reminders whose schedule is still active."""
    rows = (
        await session.exec(
            select(Schedule).where(
                col(Schedule.patient_id) == patient.id,
                col(Schedule.ref_id) == cycle.id,
                col(Schedule.kind).in_(KINDS),
                col(Schedule.state) == ScheduleState.ACTIVE,
            )
        )
    ).all()
    active = {row.kind for row in rows}
    return [r for r in plan_of(patient, cycle) if KIND_OF[r.step] in active]


def history_blocks(patient: Patient, cycles: list[BotoxCycle], today: date) -> list[str]:
    """/botox_history: a header and one short block per cycle, newest first."""
    lang = patient.language
    if not cycles:
        return [t("botox_history_empty", lang)]
    newest = cycles[0]
    header = [t("botox_history_header", lang, count=len(cycles))]
    header.append(
        t(
            "botox_history_now",
            lang,
            day=day_of_cycle(newest.injected_on, today),
            due=fmt_day(due_date(newest.injected_on, newest.interval_weeks), lang),
        )
    )
    blocks = ["\n".join(header)]
    for index, cycle in enumerate(cycles):
        previous = cycles[index + 1] if index + 1 < len(cycles) else None
        lines = [
            t(
                "botox_history_date",
                lang,
                date=fmt_day(cycle.injected_on, lang),
                units=units_part(cycle.units, lang),
            )
        ]
        if previous is not None:
            gap = (cycle.injected_on - previous.injected_on).days
            lines.append(t("botox_history_interval", lang, interval=fmt_interval(gap, lang)))
        else:
            lines.append(t("botox_history_first", lang))
        lines.append(t("botox_history_onset", lang, onset=onset_text(cycle, lang)))
        lines.append(t("botox_history_effect", lang, effect=effect_text(cycle, lang)))
        lines.append(t("botox_history_side", lang, side_effects=side_effects_text(cycle, lang)))
        if cycle.wear_off_reported_on is not None:
            lines.append(
                t(
                    "botox_history_wear_off_reported",
                    lang,
                    **_day_line_date(cycle, cycle.wear_off_reported_on, lang),
                )
            )
        if cycle.wear_off_on is not None:
            lines.append(
                t(
                    "botox_history_wear_off_estimated",
                    lang,
                    **_day_line_date(cycle, cycle.wear_off_on, lang),
                )
            )
        if cycle.wear_off_on is None and cycle.wear_off_reported_on is None:
            lines.append(t("botox_history_no_wear_off", lang))
        if cycle.note:
            lines.append(t("botox_note_line", lang, note=cycle.note))
        blocks.append("\n".join(lines))
    return blocks


def pack_messages(blocks: list[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join blocks with blank lines into as few messages as fit Telegram's length limit."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}\n\n{block}" if current else block
        if current and len(candidate) > limit:
            messages.append(current)
            current = block
        else:
            current = candidate
    if current:
        messages.append(current)
    return messages


async def botox_history_command(update: Update, context: Context) -> None:
    """/botox_history: every cycle with its interval, onset, effect, side effects, wear-off,
    and "I think it's wearing off" for the current one."""
    state = context.bot_data
    now = state.clock.now()
    markup: InlineKeyboardMarkup | None = None
    async with unit_of_work(state) as session:
        patient = await get_patient(session, chat_id_of(update), lock=True)
        if patient is None or not has_consented(patient):
            texts = [t("need_start")]
        else:
            assert patient.id is not None
            lang = patient.language
            today = today_of(patient, now, state.settings.default_timezone)
            cycles = await cycles_of(session, patient.id)
            blocks = history_blocks(patient, cycles, today)
            if cycles and can_report_wear_off(cycles[0], today):
                blocks.append(t("botox_history_report_hint", lang))
                label = t("btn_botox_wearing_off", lang)
                markup = keyboard([[(label, f"bx:{cycles[0].id}:wo:0")]])
            texts = pack_messages(blocks)
    chat = update.effective_chat
    assert chat is not None
    for index, text in enumerate(texts):
        await chat.send_message(text, reply_markup=markup if index == len(texts) - 1 else None)


async def botox_button(update: Update, context: Context) -> None:
    """A Botox button press."""
    query = update.callback_query
    assert query is not None
    state = context.bot_data
    async with unit_of_work(state) as session:
        result = await on_tap(
            session,
            chat_id_of(update),
            query.data or "",
            state.clock.now(),
            state.settings.default_timezone,
        )
    await send_reply(update, result.reply)


def handlers() -> list[BaseHandler[Update, Context, None]]:
    """The Botox feature's handlers."""
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("botox", botox_command, filters=private),
        CommandHandler("botox_history", botox_history_command, filters=private),
        CommandHandler("botox_interval", botox_interval_command, filters=private),
        CallbackQueryHandler(botox_button, pattern=r"^bx:"),
    ]


# ---- scheduled occurrences ----------------------------------------------------------------------
def occurrence_handlers(config: Settings) -> dict[str, OccurrenceHandler]:
    """The cycle's reminder kinds."""
    zone = config.default_timezone
    return {
        KIND_OF[Step.ONSET]: OnsetHandler(zone),
        KIND_OF[Step.EFFECT]: EffectHandler(zone),
        KIND_OF[Step.BOOKING]: BookingHandler(zone),
        KIND_OF[Step.DUE]: DueHandler(zone),
    }


@dataclass
class _CycleReminder(HandlerDefaults):
    """Shared by the four reminders: find the cycle; send nothing if it is gone or answered."""

    default_zone: str = "UTC"

    async def cycles_of(
        self, session: AsyncSession, batch: Sequence[Due]
    ) -> dict[Due, BotoxCycle | None]:
        """The cycle each occurrence serves (None if it was removed); two queries at most."""
        named = {due: payload_id(due.occurrence, "cycle_id") for due in batch}
        unnamed = [due.occurrence.schedule_id for due, cid in named.items() if cid is None]
        schedules = await load_by_id(session, Schedule, unnamed)
        for due, cid in named.items():
            if cid is None and (schedule := schedules.get(due.occurrence.schedule_id)):
                named[due] = schedule.ref_id
        cycles = await load_by_id(session, BotoxCycle, named.values())
        found: dict[Due, BotoxCycle | None] = {}
        for due, cid in named.items():
            cycle = cycles.get(cid) if cid is not None else None
            found[due] = (
                cycle if cycle is not None and cycle.patient_id == due.patient.id else None
            )
        return found

    def render(
        self, cycle: BotoxCycle, patient: Patient, occurrence: Occurrence
    ) -> Outgoing | None:
        """The message for this reminder."""
        raise NotImplementedError

    async def prepare(
        self, *, session: AsyncSession, batch: Sequence[Due], now: datetime
    ) -> list[Outgoing | None]:
        """Each reminder, or None if its cycle is gone."""
        cycles = await self.cycles_of(session, batch)
        return [
            self.render(cycle, due.patient, due.occurrence) if (cycle := cycles[due]) else None
            for due in batch
        ]

    async def missed(self, *, session: AsyncSession, batch: Sequence[Due], now: datetime) -> None:
        """A reminder not sent within its grace window (days of downtime): just logged."""
        for due in batch:
            log.info("botox reminder %s (%s) missed", due.occurrence.id, due.occurrence.kind)


class OnsetHandler(_CycleReminder):
    """Day 7: has the effect started?"""

    def render(
        self, cycle: BotoxCycle, patient: Patient, occurrence: Occurrence
    ) -> Outgoing | None:
        """The question, unless it was answered already."""
        if cycle.onset is not None:
            return None
        text, markup = render_onset(cycle, patient)
        return Outgoing(text, markup)


class EffectHandler(_CycleReminder):
    """Week 4: how good is the effect, and any side effects?"""

    def render(
        self, cycle: BotoxCycle, patient: Patient, occurrence: Occurrence
    ) -> Outgoing | None:
        """The question, unless both parts were answered already."""
        if _answered(cycle, Step.EFFECT):
            return None
        text, markup = render_effect(cycle, patient)
        return Outgoing(text, markup)


class BookingHandler(_CycleReminder):
    """Time to book the next injection."""

    def render(
        self, cycle: BotoxCycle, patient: Patient, occurrence: Occurrence
    ) -> Outgoing | None:
        """The booking reminder with the planned date."""
        lang = patient.language
        due = fmt_day(due_date(cycle.injected_on, cycle.interval_weeks), lang)
        date_text = fmt_day(cycle.injected_on, lang)
        text = t("botox_booking", lang, due=due, weeks=cycle.interval_weeks, date=date_text)
        return Outgoing(text)


class DueHandler(_CycleReminder):
    """The planned injection date: a button logs the new one (today)."""

    def render(
        self, cycle: BotoxCycle, patient: Patient, occurrence: Occurrence
    ) -> Outgoing | None:
        """The due reminder with "I had it today"."""
        lang = patient.language
        text = t(
            "botox_due",
            lang,
            weeks=cycle.interval_weeks,
            date=fmt_day(cycle.injected_on, lang),
        )
        markup = keyboard([[(t("btn_botox_had_it", lang), f"bx:{cycle.id}:new:0")]])
        return Outgoing(text, markup)


async def _checkin_completed(turn: Turn, event: CheckinCompleted) -> Reply | None:
    """A check-in's ratings are in: the wear-off estimate, if the diary now suggests it."""
    return await on_checkin_completed(turn.session, turn.me, event.checkin, turn.now)


LISTENS = {CheckinCompleted: _checkin_completed}
