"""What the patient does with Botox: storing an injection, /botox_history, and the taps
under a logged injection (the clinic's interval, Undo) and on the planned-date reminder
("I had it today").

Each action reads and writes through ``store`` and answers with a ``views`` text; the kit opens
the transaction, checks the patient and sends the reply after the commit.
"""

from __future__ import annotations

from datetime import timedelta

from service.bot.botox.diary_store import rows_of
from service.bot.botox.payloads import (
    BUTTONS,
    INTERVAL_CHOICES,
    HadItTodayTap,
    IntervalTap,
    UndoTap,
)
from service.bot.botox.store import (
    KIND_OF,
    add_cycle,
    cancel_reminders,
    cycles_of,
    delete_cycle,
    latest_cycle,
    own_cycle,
    pending_reminders,
    schedule_cycle,
    set_interval,
    update_cycle,
)
from service.bot.botox.views import (
    backfill_view,
    duplicate_text,
    fmt_day,
    history_view,
    interval_chosen_view,
    logged_view,
    undone_text,
    updated_text,
    where_now_lines,
)
from service.bot.botox.wear_off import can_report_wear_off
from service.bot.feature import InjectionLogged, publish
from service.bot.kit import Reply, Turn, expired
from service.domain.botox import (
    BotoxEntry,
    Step,
)

#: How long the Undo button on a logged injection works.
UNDO_WINDOW = timedelta(hours=48)


# ---- logging an injection ----------------------------------------------------------------------
async def log_injection(turn: Turn, entry: BotoxEntry) -> Reply:
    """Store an injection, close the previous cycle and book what is ahead; the reply.

    The same day again updates units and note; an older date goes to the history only."""
    session, patient, lang = turn.session, turn.me, turn.lang
    assert patient.id is not None
    cycles = await cycles_of(session, patient.id)
    same_day = next((c for c in cycles if c.injected_on == entry.injected_on), None)
    if same_day is not None:
        if entry.units is None and entry.note is None:
            return Reply(duplicate_text(entry.injected_on, lang))
        update_cycle(session, same_day, entry)
        return Reply(updated_text(same_day, lang))
    cycle = await add_cycle(session, patient, entry, turn.now)
    await publish(turn, InjectionLogged(cycle.id, cycle.injected_on))
    previous = next((c for c in cycles if c.injected_on < cycle.injected_on), None)
    newest = cycles[0] if cycles else None
    if newest is not None and newest.injected_on > cycle.injected_on:
        text, markup = backfill_view(cycle, previous, newest, lang)
        return Reply(text, markup)
    if newest is not None and newest.id is not None:
        await cancel_reminders(session, patient.id, newest.id)
    booked = await schedule_cycle(session, patient, cycle, turn.now, turn.zone_name)
    ask = not patient.botox_interval_asked  # the clinic's interval: asked once
    if ask:
        patient.botox_interval_asked = True
        session.add(patient)
    text, markup = logged_view(patient, cycle, previous, turn.today, booked, ask_interval=ask)
    return Reply(text, markup)


@BUTTONS.on(UndoTap)
async def undo(turn: Turn, tap: UndoTap) -> Reply:
    """Remove a just-logged injection (within 48 hours); the previous one's reminders come back
    if it was the newest."""
    cycle = await own_cycle(turn.session, turn.me, tap.cycle)
    if cycle is None or turn.now - cycle.created_at > UNDO_WINDOW:
        return expired(turn)
    cycles = await cycles_of(turn.session, cycle.patient_id)
    was_newest = cycles[0].id == cycle.id
    day = cycle.injected_on
    await delete_cycle(turn.session, cycle)
    remaining = [c for c in cycles if c.id != tap.cycle]
    restored = None
    if was_newest and remaining:
        previous = remaining[0]
        if await schedule_cycle(turn.session, turn.me, previous, turn.now, turn.zone_name):
            restored = previous
    return Reply(undone_text(day, restored, turn.lang), edit=True, toast=turn.t("answer_saved"))


@BUTTONS.on(HadItTodayTap)
async def had_it_today(turn: Turn, tap: HadItTodayTap) -> Reply:
    """ "I had it today" on the planned-date reminder: log today's injection, once."""
    cycle = await own_cycle(turn.session, turn.me, tap.cycle)
    if cycle is None:
        return expired(turn)
    newest = await latest_cycle(turn.session, cycle.patient_id)
    if newest is None or newest.id != cycle.id or cycle.injected_on >= turn.today:
        day = newest.injected_on if newest is not None else turn.today
        text = turn.t("botox_already_logged", date=fmt_day(day, turn.lang))
        return Reply(text, edit=True, toast=text)
    reply = await log_injection(turn, BotoxEntry(turn.today))
    reply.edit, reply.toast = True, turn.t("answer_saved")
    return reply


# ---- the interval ------------------------------------------------------------------------------
async def apply_interval(turn: Turn, weeks: int) -> list[str]:
    """Store the interval and move the newest cycle's booking and planned-date reminders; the
    lines that say where the patient is now."""
    patient = turn.me
    cycle = await set_interval(turn.session, patient, weeks)
    ahead = []
    if cycle is not None:
        assert cycle.id is not None
        later = (Step.BOOKING, Step.DUE)
        kinds = [KIND_OF[step] for step in later]
        await cancel_reminders(turn.session, cycle.patient_id, cycle.id, kinds)
        await schedule_cycle(turn.session, patient, cycle, turn.now, turn.zone_name, later)
        ahead = await pending_reminders(turn.session, patient, cycle)
    return where_now_lines(patient, cycle, turn.today, ahead)


@BUTTONS.on(IntervalTap)
async def interval_chosen(turn: Turn, tap: IntervalTap) -> Reply:
    """The clinic's interval tapped under a logged injection (0: don't know, keep it)."""
    cycle = await own_cycle(turn.session, turn.me, tap.cycle)
    if cycle is None or tap.weeks not in (0, *INTERVAL_CHOICES):
        return expired(turn)
    where: list[str] = []
    if tap.weeks:
        where = await apply_interval(turn, tap.weeks)
    else:
        turn.me.botox_interval_asked = True
        turn.session.add(turn.me)
    undo_ok = turn.now - cycle.created_at <= UNDO_WINDOW
    text, markup = interval_chosen_view(turn.me, cycle, tap.weeks, where, undo=undo_ok)
    return Reply(text, markup, edit=True, toast=turn.t("answer_saved"))


# ---- the history -------------------------------------------------------------------------------
async def history_command(turn: Turn, _args: str) -> Reply:
    """/botox_history: every cycle with its interval, onset, effect, side effects, wear-off,
    and "I think it's wearing off" for the current one."""
    assert turn.me.id is not None
    cycles = await cycles_of(turn.session, turn.me.id)
    report = bool(cycles) and can_report_wear_off(cycles[0], turn.today)
    diary = await rows_of(turn.session, [c.id for c in cycles])
    messages = history_view(turn.me, cycles, turn.today, can_report=report, diary=diary)
    first: Reply | None = None
    for text, markup in messages:
        reply = Reply(text, markup)
        first = reply if first is None else first.followed_by(reply)
    assert first is not None
    return first
