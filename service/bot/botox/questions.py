"""The day-7 and week-4 questions: scheduled questions on the one reminder lifecycle, and what
each tap on them does.

Day 7 asks whether the effect has started (Yes / Partly / Not yet) and about side effects;
week 4 asks how good the effect is (0-4) and about side effects again, with what day 7 recorded
ticked. Each is a one-off schedule of its cycle (``ref_id``); the lifecycle sends the prompt
(none if it was answered already), one follow-up after the operator's follow-up hours while the
question is untouched, and closes it at the end of the local day (nothing to record: the
buttons keep working after that). Every answer is stored as it is tapped and drops the
follow-up still waiting.

The side effects are the diary's rows (``diary_store``): ticking one stores it at once (so an
urgent one gets "contact your care team now" at once) and asks the day it started under the
question; unticking removes it. At week 4 one recorded before is asked "still there?". The
cycle records when each question's side effects were first answered, so that no rows after no
answer reads "not answered", never "none".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup

from service.bot.botox.diary_store import (
    add_row,
    delete_rows,
    from_before,
    mark_answered,
    rows_of,
    rows_of_cycle,
)
from service.bot.botox.payloads import (
    BUTTONS,
    EFFECT_VALUES,
    ONSET_ANSWERS,
    SIDE_EFFECTS,
    EffectChangeTap,
    EffectDoneTap,
    EffectNoSideEffectsTap,
    EffectSideEffectTap,
    EffectTap,
    OnsetChangeTap,
    OnsetDoneTap,
    OnsetNoSideEffectsTap,
    OnsetSideEffectTap,
    OnsetTap,
    QuestionTap,
    SideEffectTap,
)
from service.bot.botox.question_views import (
    followup_intro,
    render_effect,
    render_effect_done,
    render_onset,
    render_onset_done,
)
from service.bot.botox.side_effect_views import Asking
from service.bot.botox.store import EFFECT_KINDS, ONSET_KINDS, REF, own_cycle, settle_question
from service.bot.kit import Reply, Turn, expired
from service.db.models import BotoxCycle, Patient, SideEffect
from service.domain.botox import Step
from service.scheduling.dispatcher import Due, Outgoing
from service.scheduling.lifecycle import Kinds, Moment, ScheduledQuestion

View = Callable[..., tuple[str, InlineKeyboardMarkup]]


def _outgoing(
    view: tuple[str, InlineKeyboardMarkup], patient: Patient, moment: Moment
) -> Outgoing:
    text, markup = view
    if moment is Moment.FOLLOWUP:
        text = followup_intro(patient.language) + "\n\n" + text
    return Outgoing(text, markup)


@dataclass
class _CycleQuestion(ScheduledQuestion[BotoxCycle]):
    """Loads each cycle's side-effect rows with the cycles, for the render."""

    _rows: dict[int, list[SideEffect]] = field(default_factory=dict)

    async def open(
        self, session: AsyncSession, batch: Sequence[Due], now: datetime, *, asking: bool
    ) -> list[BotoxCycle | None]:
        """The cycles (the default), with their diary rows."""
        items = await super().open(session, batch, now, asking=asking)
        self._rows.update(await rows_of(session, [c.id for c in items if c is not None]))
        return items

    async def load(self, session: AsyncSession, batch: Sequence[Due]) -> dict[Due, BotoxCycle]:
        """The cycles of follow-ups and closes (the default), with their diary rows."""
        items = await super().load(session, batch)
        self._rows.update(await rows_of(session, [c.id for c in items.values()]))
        return items

    def rows(self, item: BotoxCycle) -> list[SideEffect]:
        """The cycle's diary rows, as loaded with it."""
        return self._rows.pop(item.id or 0, [])


@dataclass
class OnsetQuestion(_CycleQuestion):
    """Day 7: has it started working, any side effects? Open until the onset is answered;
    untouched while neither part is."""

    default_zone: str = "UTC"
    kinds: Kinds = ONSET_KINDS
    model: type[BotoxCycle] = BotoxCycle
    ref: str = REF

    def is_open(self, item: BotoxCycle) -> bool:
        """The onset is not answered yet."""
        return item.onset is None

    def untouched(self, item: BotoxCycle) -> bool:
        """Neither the onset nor any side effect answered."""
        return item.onset is None and item.side_effects_day7_at is None

    def render(self, item: BotoxCycle, patient: Patient, moment: Moment) -> Outgoing:
        """The day-7 question (with a reminder line when asked again)."""
        return _outgoing(render_onset(item, patient, self.rows(item)), patient, moment)


@dataclass
class EffectQuestion(_CycleQuestion):
    """Week 4: how good is the effect, any side effects? Open until both are answered;
    untouched while the effect is not rated (a tap on any of its buttons drops the follow-up,
    since the side effects may hold day 7's answers)."""

    default_zone: str = "UTC"
    kinds: Kinds = EFFECT_KINDS
    model: type[BotoxCycle] = BotoxCycle
    ref: str = REF

    def is_open(self, item: BotoxCycle) -> bool:
        """The effect or the side effects are not answered yet."""
        return item.effect is None or item.side_effects_week4_at is None

    def untouched(self, item: BotoxCycle) -> bool:
        """The effect is not rated."""
        return item.effect is None

    def render(self, item: BotoxCycle, patient: Patient, moment: Moment) -> Outgoing:
        """The week-4 question (with a reminder line when asked again)."""
        return _outgoing(render_effect(item, patient, self.rows(item)), patient, moment)


@dataclass(frozen=True)
class _Asked:
    """What differs between the two questions' taps: their kinds and their views."""

    kinds: Kinds
    ask: View
    done: View


ASKED = {
    Step.ONSET: _Asked(ONSET_KINDS, render_onset, render_onset_done),
    Step.EFFECT: _Asked(EFFECT_KINDS, render_effect, render_effect_done),
}


async def show_question(
    turn: Turn,
    cycle: BotoxCycle,
    question: Step,
    asking: Asking | None = None,
    *,
    toast: str | None = None,
    problem: str | None = None,
) -> Reply:
    """The question again (edited in place) with the answers so far, and the day picker while
    a start or end day is asked; ``problem`` (a day that cannot be stored) above it."""
    rows = await rows_of_cycle(turn.session, cycle)
    text, markup = ASKED[question].ask(cycle, turn.me, rows, asking, turn.today)
    if problem:
        text = f"{problem}\n\n{text}"
    return Reply(text, markup, edit=True, toast=toast)


async def _answer(
    turn: Turn, cycle_id: int, question: Step, record: Callable[[BotoxCycle], None]
) -> Reply:
    """Store one answer at once and show the question again with it ticked."""
    cycle = await own_cycle(turn.session, turn.me, cycle_id)
    if cycle is None:
        return expired(turn)
    record(cycle)
    turn.session.add(cycle)
    await settle_question(turn.session, ASKED[question].kinds, cycle)
    return await show_question(turn, cycle, question, toast=turn.t("answer_saved"))


@BUTTONS.on(OnsetTap)
async def onset(turn: Turn, tap: OnsetTap) -> Reply:
    """Day 7, has it started: Yes / Partly / Not yet."""

    def record(cycle: BotoxCycle) -> None:
        cycle.onset = ONSET_ANSWERS[tap.answer]
        cycle.onset_answered_at = turn.now

    return await _answer(turn, tap.cycle, Step.ONSET, record)


@BUTTONS.on(EffectTap)
async def effect(turn: Turn, tap: EffectTap) -> Reply:
    """Week 4, the effect: 0-4."""
    if tap.value not in EFFECT_VALUES:
        return expired(turn)

    def record(cycle: BotoxCycle) -> None:
        cycle.effect = tap.value

    return await _answer(turn, tap.cycle, Step.EFFECT, record)


def _tickable(cycle: BotoxCycle, rows: Sequence[SideEffect], question: Step) -> list[SideEffect]:
    """The rows this question's toggles stand for: at day 7 every one not ended, at week 4
    those recorded at week 4 (the ones from before are asked "still there?")."""
    return [
        r
        for r in rows
        if r.ended_on is None and (question is Step.ONSET or not from_before(r, cycle))
    ]


async def side_effect(turn: Turn, tap: SideEffectTap) -> Reply:
    """Tick a side effect (stored at once, then: when did it start?) or untick it (day 7 or
    week 4)."""
    cycle = await own_cycle(turn.session, turn.me, tap.cycle)
    if cycle is None or tap.code not in SIDE_EFFECTS:
        return expired(turn)
    mark_answered(cycle, tap.question, turn.now)
    turn.session.add(cycle)
    rows = await rows_of_cycle(turn.session, cycle)
    same = [r for r in rows if r.effect == tap.code and r.ended_on is None]
    asking = None
    if any(r not in _tickable(cycle, rows, tap.question) for r in same):
        pass  # week 4, recorded before: "still there?" / "It ended" answer it, not a toggle
    elif same:
        await delete_rows(turn.session, same)
    else:
        asking = Asking(await add_row(turn.session, cycle, tap.code, turn.now), "s")
    await settle_question(turn.session, ASKED[tap.question].kinds, cycle)
    return await show_question(turn, cycle, tap.question, asking, toast=turn.t("answer_saved"))


async def no_side_effects(turn: Turn, tap: QuestionTap) -> Reply:
    """No side effects (day 7 or week 4): one tap; anything ticked on this question goes."""
    cycle = await own_cycle(turn.session, turn.me, tap.cycle)
    if cycle is None:
        return expired(turn)
    mark_answered(cycle, tap.question, turn.now)
    turn.session.add(cycle)
    rows = await rows_of_cycle(turn.session, cycle)
    await delete_rows(turn.session, _tickable(cycle, rows, tap.question))
    await settle_question(turn.session, ASKED[tap.question].kinds, cycle)
    return await show_question(turn, cycle, tap.question, toast=turn.t("answer_saved"))


async def done(turn: Turn, tap: QuestionTap) -> Reply:
    """Done: what was saved (no side effect ticked means none), with a Change button."""
    cycle = await own_cycle(turn.session, turn.me, tap.cycle)
    if cycle is None:
        return expired(turn)
    mark_answered(cycle, tap.question, turn.now)
    turn.session.add(cycle)
    asked = ASKED[tap.question]
    await settle_question(turn.session, asked.kinds, cycle)
    rows = await rows_of_cycle(turn.session, cycle)
    text, markup = asked.done(cycle, turn.me, rows)
    return Reply(text, markup, edit=True, toast=turn.t("answer_saved"))


async def change(turn: Turn, tap: QuestionTap) -> Reply:
    """Change: the question again, answers so far ticked."""
    cycle = await own_cycle(turn.session, turn.me, tap.cycle)
    if cycle is None:
        return expired(turn)
    return await show_question(turn, cycle, tap.question)


# The same action for the day-7 and the week-4 form of each button (each form keeps its wire
# name; ``tap.question`` says which message it is on).
BUTTONS.on(OnsetSideEffectTap)(side_effect)
BUTTONS.on(EffectSideEffectTap)(side_effect)
BUTTONS.on(OnsetNoSideEffectsTap)(no_side_effects)
BUTTONS.on(EffectNoSideEffectsTap)(no_side_effects)
BUTTONS.on(OnsetDoneTap)(done)
BUTTONS.on(EffectDoneTap)(done)
BUTTONS.on(OnsetChangeTap)(change)
BUTTONS.on(EffectChangeTap)(change)
