"""The side-effect diary: the day each side effect started and ended, asked at day 7 and week 4
and closable any time.

- A day tapped or typed ("yesterday", "3 days ago", "28 Nov") on the day-7 or week-4 message, or
  on the /side_effects list, is checked (not before the injection, an end not before the start,
  neither in the future) and stored; a day that cannot be is answered with why and what would
  work, and the picker stays. A typed date that could be two days is asked about.
- Week 4 asks "still there?" for the side effects recorded before it: ☑ (yes) or "It ended".
- /side_effects (and the button under /botox_history) lists the side effects, "It has ended"
  under each one still there, and "Add a side effect".
"""

from __future__ import annotations

from datetime import date

from service.bot.botox.diary_store import (
    add_row,
    mark_answered,
    open_rows,
    own_row,
    rows_of_cycle,
    set_day,
)
from service.bot.botox.payloads import (
    BUTTONS,
    DiaryAddTap,
    DiaryListTap,
    Part,
    SideEffectDayTap,
    SideEffectEndedTap,
    SideEffectTypeDayTap,
    StillThereTap,
    Where,
)
from service.bot.botox.questions import show_question
from service.bot.botox.side_effect_views import (
    Asking,
    add_view,
    ambiguous_view,
    diary_view,
    name,
    problem_text,
    type_day_text,
)
from service.bot.botox.store import (
    EFFECT_KINDS,
    ONSET_KINDS,
    latest_cycle,
    own_cycle,
    settle_question,
)
from service.bot.dialog import Waiting, dialog_of, stop_waiting, wait_for
from service.bot.kit import Reply, Turn, expired
from service.db.models import BotoxCycle, SideEffect
from service.domain.botox import Step
from service.domain.reader import Ambiguous, Context, Prefer, read_date
from service.domain.side_effects import day_problem
from service.texts import fmt_date

QUESTION_OF: dict[str, Step] = {"o": Step.ONSET, "e": Step.EFFECT}
KINDS_OF = {Step.ONSET: ONSET_KINDS, Step.EFFECT: EFFECT_KINDS}


def _day_of(code: int) -> date | None:
    try:
        return date(code // 10000, code // 100 % 100, code % 100)
    except ValueError:
        return None


async def _row_and_cycle(turn: Turn, row_id: int) -> tuple[SideEffect, BotoxCycle] | None:
    row = await own_row(turn.session, turn.me, row_id)
    if row is None or row.cycle_id is None:
        return None
    cycle = await own_cycle(turn.session, turn.me, row.cycle_id)
    return (row, cycle) if cycle is not None else None


async def show(
    turn: Turn,
    where: Where,
    cycle: BotoxCycle,
    asking: Asking | None = None,
    *,
    toast: str | None = None,
    problem: str | None = None,
    edit: bool = True,
) -> Reply:
    """The message the tap was on again: the day-7 or week-4 question, or the diary list."""
    if where in QUESTION_OF:
        reply = await show_question(
            turn, cycle, QUESTION_OF[where], asking, toast=toast, problem=problem
        )
        reply.edit = edit
        return reply
    return await show_diary(turn, asking, toast=toast, problem=problem, edit=edit)


async def show_diary(
    turn: Turn,
    asking: Asking | None = None,
    *,
    toast: str | None = None,
    problem: str | None = None,
    edit: bool = True,
) -> Reply:
    """The /side_effects list."""
    assert turn.me.id is not None
    latest = await latest_cycle(turn.session, turn.me.id)
    rows = await rows_of_cycle(turn.session, latest) if latest is not None else []
    still = await open_rows(turn.session, turn.me.id)
    before = [r for r in still if latest is None or r.cycle_id != latest.id]
    text, markup = diary_view(turn.me, latest, rows, before, turn.today, asking)
    if problem:
        text = f"{problem}\n\n{text}"
    return Reply(text, markup, edit=edit, toast=toast)


async def store_day(
    turn: Turn,
    row: SideEffect,
    cycle: BotoxCycle,
    part: Part,
    where: Where,
    day: date,
    *,
    edit: bool = True,
) -> Reply:
    """Store the day a side effect started or ended, or say why it cannot be (the picker
    stays)."""
    problem = day_problem(
        day,
        injected_on=cycle.injected_on,
        today=turn.today,
        started_on=row.started_on if part == "e" else None,
    )
    if problem is not None:
        text = problem_text(problem, cycle, row, turn.lang)
        return await show(turn, where, cycle, Asking(row, part), problem=text, edit=edit)
    set_day(row, part, day)
    if part == "s" and row.ended_on is not None and row.ended_on < day:
        row.ended_on = None  # a start moved after the end: the end is asked again
    turn.session.add(row)
    if where in QUESTION_OF:
        question = QUESTION_OF[where]
        mark_answered(cycle, question, turn.now)
        turn.session.add(cycle)
        await settle_question(turn.session, KINDS_OF[question], cycle)
    await turn.session.flush()
    return await show(turn, where, cycle, toast=turn.t("answer_saved"), edit=edit)


# ---- taps ----------------------------------------------------------------------------------
@BUTTONS.on(SideEffectDayTap)
async def day_tapped(turn: Turn, tap: SideEffectDayTap) -> Reply:
    """A day on the picker (or one reading of a date that could be two)."""
    found = await _row_and_cycle(turn, tap.row)
    day = _day_of(tap.day)
    if found is None or day is None:
        return expired(turn)
    stop_waiting(turn.me, Waiting.SIDE_EFFECT_DAY)
    return await store_day(turn, *found, tap.part, tap.where, day)


@BUTTONS.on(SideEffectTypeDayTap)
async def type_day(turn: Turn, tap: SideEffectTypeDayTap) -> Reply:
    """ "Another day": the patient types it."""
    found = await _row_and_cycle(turn, tap.row)
    if found is None:
        return expired(turn)
    row, _ = found
    draft = {"part": tap.part, "where": tap.where}
    wait_for(turn.me, Waiting.SIDE_EFFECT_DAY, tap.row, draft=draft)
    return Reply(type_day_text(row, tap.part, turn.lang), edit=True)


@BUTTONS.on(SideEffectEndedTap)
async def ended(turn: Turn, tap: SideEffectEndedTap) -> Reply:
    """ "It ended": which day?"""
    found = await _row_and_cycle(turn, tap.row)
    if found is None:
        return expired(turn)
    row, cycle = found
    if row.ended_on is not None:  # an older message: it has been closed already
        return await show(turn, tap.where, cycle)
    return await show(turn, tap.where, cycle, Asking(row, "e"))


@BUTTONS.on(StillThereTap)
async def still_there(turn: Turn, tap: StillThereTap) -> Reply:
    """Week 4: yes, still there (the row stays open; the question counts as answered)."""
    found = await _row_and_cycle(turn, tap.row)
    if found is None:
        return expired(turn)
    row, cycle = found
    mark_answered(cycle, Step.EFFECT, turn.now)
    turn.session.add(cycle)
    await settle_question(turn.session, EFFECT_KINDS, cycle)
    noted = turn.t(
        "se_still_noted", effect=name(row.effect, turn.lang), date=fmt_date(turn.today, turn.lang)
    )
    return await show(turn, "e", cycle, toast=turn.t("se_still_saved"), problem=noted)


@BUTTONS.on(DiaryAddTap)
async def add(turn: Turn, tap: DiaryAddTap) -> Reply:
    """ "Add a side effect": which one; then stored at once, and when did it start?"""
    cycle = await own_cycle(turn.session, turn.me, tap.cycle)
    if cycle is None:
        return expired(turn)
    if tap.code == "new":
        text, markup = add_view(cycle, turn.lang)
        return Reply(text, markup, edit=True)
    row = await add_row(turn.session, cycle, tap.code, turn.now)
    return await show_diary(turn, Asking(row, "s"), toast=turn.t("answer_saved"))


@BUTTONS.on(DiaryListTap)
async def diary_list(turn: Turn, _tap: DiaryListTap) -> Reply:
    """The /side_effects list (from /botox_history, or back from "Add a side effect")."""
    return await show_diary(turn, edit=False)


# ---- /side_effects and the typed day ----------------------------------------------------------
async def side_effects_command(turn: Turn, _args: str) -> Reply:
    """/side_effects: the side effects with their days; close one, add one."""
    return await show_diary(turn, edit=False)


async def day_answer(turn: Turn, text: str) -> Reply:
    """The day a side effect started or ended, typed in the patient's words."""
    waiting = dialog_of(turn.me)
    draft = waiting.draft or {}
    part, where = draft.get("part"), draft.get("where")
    found = await _row_and_cycle(turn, waiting.ref) if waiting.ref is not None else None
    if found is None or part not in ("s", "e") or where not in ("o", "e", "d"):
        stop_waiting(turn.me, Waiting.SIDE_EFFECT_DAY)
        return expired(turn)
    row, cycle = found
    ctx = Context.for_patient(now=turn.now, zone=turn.zone_name, language=turn.lang)
    reading = read_date(text, ctx, Prefer.PAST)
    if isinstance(reading, Ambiguous):
        said, markup = ambiguous_view(row, part, where, reading.options, text[:40], turn.lang)
        return Reply(said, markup)
    if not isinstance(reading, date):
        return Reply(turn.t("se_day_not_read", text=text[:80]))
    problem = day_problem(
        reading,
        injected_on=cycle.injected_on,
        today=turn.today,
        started_on=row.started_on if part == "e" else None,
    )
    if problem is not None:  # still waiting: the patient can type another day
        return Reply(problem_text(problem, cycle, row, turn.lang) + "\n" + turn.t("se_type_again"))
    stop_waiting(turn.me, Waiting.SIDE_EFFECT_DAY)
    return await store_day(turn, row, cycle, part, where, reading, edit=False)


ANSWERS = {Waiting.SIDE_EFFECT_DAY: day_answer}
