"""/reminders: everything scheduled for the patient in the next 14 days, in one message.

Grouped by kind (labels from the ``kind_<kind>`` catalogue keys, the raw kind when a label is
missing), in the patient's local time, each schedule with Pause (or Resume) and Delete buttons.
The view knows no feature: it asks them what their schedules are for (``SchedulesListed``, e.g.
a medication's name) and tells them when one is deleted (``ScheduleDeleted``).

A schedule paused here has ``state = paused`` and keeps its ``next_due_at`` for the view; a
schedule a feature cancels later is ``ended`` and never shown as paused.

Button payloads: ``rm:<schedule>:<action>:0`` with ``p`` pause, ``r`` resume, ``d`` ask to
delete, ``y`` delete, ``n`` keep (back to the list); ``rm:<schedule>:pause|keep:1`` answers the
back-off's question whether to pause a reminder nobody answers.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Literal
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup

from service.bot.callbacks import Callback, callback
from service.bot.common import pause_text
from service.bot.feature import Command, Feature, ScheduleDeleted, SchedulesListed, publish
from service.bot.kit import Buttons, Reply, Turn, expired, keyboard
from service.bot.sharing_store import CARE_KINDS
from service.db.models import Patient, Schedule, ScheduleKind, ScheduleState
from service.domain.recurrence import occurrences_between
from service.domain.timezones import get_zone
from service.scheduling.dispatcher import Outgoing, is_paused, recurrence_of
from service.scheduling.schedules import cancel_schedule, pause_schedule, resume_schedule
from service.texts import fmt_date, fmt_time, t
from service.texts.families import KIND
from service.texts.keys import MessageKey

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
    "qn": ("qn_followup", "qn_snooze"),
}
#: Deleting one of these also says what that means for the feature (a medication's time).
DELETE_NOTES: dict[str, MessageKey] = {"med_dose": "rem_delete_med_note"}


# ---- button payloads ----------------------------------------------------------------------------
@callback("rm:{schedule}:p:0")
@dataclass(frozen=True)
class PauseTap(Callback):
    """Pause one schedule."""

    schedule: int


@callback("rm:{schedule}:r:0")
@dataclass(frozen=True)
class ResumeTap(Callback):
    """Resume a paused schedule."""

    schedule: int


@callback("rm:{schedule}:d:0")
@dataclass(frozen=True)
class DeleteTap(Callback):
    """Delete one schedule (asks first)."""

    schedule: int


@callback("rm:{schedule}:y:0")
@dataclass(frozen=True)
class DeleteYesTap(Callback):
    """Yes, delete it."""

    schedule: int


@callback("rm:{schedule}:n:0")
@dataclass(frozen=True)
class KeepTap(Callback):
    """No, keep it (back to the list)."""

    schedule: int


@callback("rm:{schedule}:{choice}:1")
@dataclass(frozen=True)
class PauseOfferTap(Callback):
    """The answer to "shall I pause these reminders?"."""

    schedule: int
    choice: Literal["pause", "keep"]


# ---- schedule state ----------------------------------------------------------------------------
def own_kinds(schedule: Schedule) -> list[str]:
    """What a schedule sends: its kind and the follow-ups hanging off its occurrences."""
    return [schedule.kind, *FOLLOWUP_KINDS.get(schedule.kind, ())]


async def delete_schedule(turn: Turn, schedule: Schedule) -> None:
    """Delete from /reminders: cancel it, and let its feature keep its own record in step."""
    await cancel_schedule(turn.session, schedule, own_kinds(schedule))
    if schedule.kind == ScheduleKind.CHECKIN:
        turn.me.checkin_time = None  # the daily check-in is off, as with /checkin_time off
        turn.session.add(turn.me)
    await publish(turn, ScheduleDeleted(schedule))


async def what_of(turn: Turn, schedule: Schedule) -> str:
    """What a schedule is, in the patient's words: its feature's name for it ("Carbamazepine
    200 mg"), else its kind ("Daily check-in")."""
    listed = SchedulesListed([schedule])
    await publish(turn, listed)
    return listed.details.get(schedule.id or 0) or kind_label(schedule.kind, turn.lang)


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
    key = KIND.get(kind)
    return t(key, lang) if key else kind


async def live_schedules(session: AsyncSession, patient_id: int) -> list[Schedule]:
    """The patient's active and paused schedules, oldest first; those that carry messages to a
    caregiver are managed in /share, not here."""
    rows = await session.exec(
        select(Schedule)
        .where(
            col(Schedule.patient_id) == patient_id,
            col(Schedule.state).in_([ScheduleState.ACTIVE, ScheduleState.PAUSED]),
            col(Schedule.kind).not_in(CARE_KINDS),
        )
        .order_by(col(Schedule.id))
    )
    return list(rows.all())


def entries_of(schedules: Sequence[Schedule], now: datetime) -> list[Entry]:
    """The schedules with something in [now, now + 14 days), soonest first."""
    entries: list[Entry] = []
    for schedule in schedules:
        try:
            instants = occurrences_between(recurrence_of(schedule), now, now + HORIZON)
        except ValueError:  # a rule or zone this code cannot read: leave it out, never crash
            log.warning("schedule %s has an unreadable rule", schedule.id)
            continue
        if instants:
            paused = schedule.state == ScheduleState.PAUSED
            entries.append(Entry(schedule, instants, paused))
    entries.sort(key=lambda e: (e.instants[0], e.schedule.id or 0))
    return entries


async def upcoming(turn: Turn) -> list[Entry]:
    """What the patient has scheduled in the next 14 days, each with what its feature says it
    is for."""
    assert turn.me.id is not None
    entries = entries_of(await live_schedules(turn.session, turn.me.id), turn.now)
    listed = SchedulesListed([entry.schedule for entry in entries])
    await publish(turn, listed)
    for entry in entries:
        entry.detail = listed.details.get(entry.schedule.id or 0)
    return entries


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


def entry_buttons(number: int, entry: Entry, lang: str) -> list[tuple[str, Callback | str]]:
    """Pause (or Resume) and Delete for the entry shown as ``number``."""
    sid = entry.schedule.id
    assert sid is not None
    first: tuple[str, Callback | str] = (
        (t("rem_btn_resume", lang, n=number), ResumeTap(sid))
        if entry.paused
        else (t("rem_btn_pause", lang, n=number), PauseTap(sid))
    )
    return [first, (t("rem_btn_delete", lang, n=number), DeleteTap(sid))]


def view_of(
    entries: Sequence[Entry],
    zone_name: str,
    now: datetime,
    lang: str,
    *,
    paused: str | None,
    notice: str | None,
    spared: bool = False,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The /reminders message and its buttons: ``notice`` (what a tap did) first, whether
    everything is ``paused``, then the entries grouped by kind, within Telegram's limits."""
    zone = get_zone(zone_name)
    end = now + HORIZON
    lines = [notice, ""] if notice else []
    lines.append(t("rem_title", lang, zone=zone_name))
    if paused is not None:
        key: MessageKey = "rem_all_paused_but_meds" if spared else "rem_all_paused"
        lines.append(t(key, lang, status=paused))
    if not entries:
        return "\n".join([*lines, "", t("rem_none", lang)]), None
    groups: dict[str, list[Entry]] = {}  # kinds in the order of their soonest reminder
    for entry in entries:
        groups.setdefault(entry.schedule.kind, []).append(entry)
    rows: list[list[tuple[str, Callback | str]]] = []
    size = sum(len(line) + 1 for line in lines)
    for kind, members in groups.items():
        header = ["", kind_label(kind, lang)]
        for entry in members:
            line = entry_line(len(rows) + 1, entry, zone, end, lang)
            extra = sum(len(x) + 1 for x in header) + len(line) + 1
            if len(rows) >= MAX_ENTRIES or size + extra > TEXT_LIMIT:
                break
            lines += [*header, line]
            header = []
            size += extra
            rows.append(entry_buttons(len(rows) + 1, entry, lang))
        else:
            continue
        break
    if len(rows) < len(entries):
        lines += ["", t("rem_more", lang, count=len(entries) - len(rows))]
    lines += ["", t("rem_footer", lang)]
    return "\n".join(lines), keyboard(rows)


async def reminders_view(
    turn: Turn, notice: str | None = None, *, edit: bool = False, toast: str | None = None
) -> Reply:
    """The /reminders message for this turn's patient."""
    paused = pause_text(turn.me, turn.now, turn.default_zone)
    text, markup = view_of(
        await upcoming(turn),
        turn.zone_name,
        turn.now,
        turn.lang,
        paused=paused if is_paused(turn.me, turn.now) else None,
        notice=notice,
        spared=bool(turn.me.paused_except),
    )
    return Reply(text, markup, edit=edit, toast=toast)


async def reminders_command(turn: Turn, _args: str) -> Reply:
    """/reminders: what is scheduled in the next 14 days, with Pause and Delete."""
    return await reminders_view(turn)


# ---- the buttons --------------------------------------------------------------------------------
BUTTONS = Buttons()


async def _own(
    turn: Turn, schedule_id: int, *, state: ScheduleState | None = None
) -> Schedule | None:
    """The patient's schedule (row-locked) if it has not ended (and is in ``state``)."""
    schedule = await turn.session.get(Schedule, schedule_id, with_for_update=True)
    if schedule is None or schedule.patient_id != turn.me.id:
        return None
    if schedule.state == ScheduleState.ENDED or state not in (None, schedule.state):
        return None
    return schedule


@BUTTONS.on(PauseTap)
async def pause(turn: Turn, tap: PauseTap) -> Reply:
    """⏸ Pause one reminder until it is resumed."""
    schedule = await _own(turn, tap.schedule, state=ScheduleState.ACTIVE)
    if schedule is None:
        return expired(turn)
    await pause_schedule(turn.session, schedule, own_kinds(schedule))
    notice = turn.t("rem_paused", what=await what_of(turn, schedule))
    return await reminders_view(turn, notice, edit=True, toast=turn.t("rem_toast_paused"))


@BUTTONS.on(ResumeTap)
async def resume(turn: Turn, tap: ResumeTap) -> Reply:
    """▶️ Resume a paused reminder from now on (a one-off whose time passed has nothing left)."""
    schedule = await _own(turn, tap.schedule, state=ScheduleState.PAUSED)
    if schedule is None:
        return expired(turn)
    what = await what_of(turn, schedule)
    if not await resume_schedule(turn.session, schedule, turn.now):
        return await reminders_view(turn, turn.t("rem_nothing_left", what=what), edit=True)
    notice = turn.t("rem_resumed", what=what)
    return await reminders_view(turn, notice, edit=True, toast=turn.t("rem_toast_resumed"))


@BUTTONS.on(DeleteTap)
async def delete_asked(turn: Turn, tap: DeleteTap) -> Reply:
    """🗑 Delete: ask first, saying which reminder it is."""
    schedule = await _own(turn, tap.schedule)
    if schedule is None or schedule.id is None:
        return expired(turn)
    what = kind_label(schedule.kind, turn.lang)
    entry = next((e for e in await upcoming(turn) if e.schedule.id == schedule.id), None)
    if entry is not None:
        when = when_text(entry.instants, turn.zone, turn.now + HORIZON, turn.lang)
        what += ": " + (f"{entry.detail}, {when}" if entry.detail else when)
    text = turn.t("rem_delete_confirm", what=what)
    if (note := DELETE_NOTES.get(schedule.kind)) is not None:
        text += "\n" + turn.t(note)
    markup = keyboard(
        [
            [
                (turn.t("rem_btn_delete_yes"), DeleteYesTap(schedule.id)),
                (turn.t("rem_btn_delete_no"), KeepTap(schedule.id)),
            ]
        ]
    )
    return Reply(text, markup, edit=True)


@BUTTONS.on(DeleteYesTap)
async def delete_confirmed(turn: Turn, tap: DeleteYesTap) -> Reply:
    """🗑 Yes, delete: the reminder ends; its feature's record follows."""
    schedule = await _own(turn, tap.schedule)
    if schedule is None:
        return expired(turn)
    what = await what_of(turn, schedule)
    await delete_schedule(turn, schedule)
    notice = turn.t("rem_deleted", what=what)
    return await reminders_view(turn, notice, edit=True, toast=turn.t("rem_toast_deleted"))


@BUTTONS.on(KeepTap)
async def delete_declined(turn: Turn, tap: KeepTap) -> Reply:
    """No, keep it: the list again."""
    if await _own(turn, tap.schedule) is None:
        return expired(turn)
    return await reminders_view(turn, edit=True)


# ---- the back-off's question: pause a reminder nobody answers? --------------------------------
def offer_pause(
    patient: Patient, schedule: Schedule, unanswered: int, name: str | None = None
) -> Outgoing:
    """One kind question, after a run of unanswered prompts, whether to pause this schedule
    (``name``: what it is about, e.g. the medication; else its kind)."""
    lang = patient.language
    assert schedule.id is not None
    what = name or kind_label(schedule.kind, lang)
    text = t("rem_offer_pause", lang, count=unanswered, what=what)
    markup = keyboard(
        [
            [(t("rem_btn_offer_pause", lang), PauseOfferTap(schedule.id, "pause"))],
            [(t("rem_btn_offer_keep", lang), PauseOfferTap(schedule.id, "keep"))],
        ]
    )
    return Outgoing(text, markup)


@BUTTONS.on(PauseOfferTap)
async def pause_offer_answered(turn: Turn, tap: PauseOfferTap) -> Reply:
    """Pause the schedule (resumed from /reminders), or keep asking."""
    schedule = await turn.session.get(Schedule, tap.schedule, with_for_update=True)
    if schedule is None or schedule.patient_id != turn.me.id:
        return expired(turn)
    label = await what_of(turn, schedule)
    if tap.choice == "keep":
        return Reply(turn.t("rem_offer_kept", what=label), edit=True)
    if schedule.state == ScheduleState.ACTIVE:
        await pause_schedule(turn.session, schedule, own_kinds(schedule))
    return Reply(turn.t("rem_offer_paused", what=label), edit=True, toast=turn.t("answer_saved"))


FEATURE = Feature(
    name="reminders",
    commands=(Command("reminders", reminders_command),),
    buttons=BUTTONS,
)
