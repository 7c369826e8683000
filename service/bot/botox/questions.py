"""The day-7 and week-4 questions: scheduled questions on the one reminder lifecycle, and what
each tap on them does.

Day 7 asks whether the effect has started (Yes / Partly / Not yet) and about side effects;
week 4 asks how good the effect is (0-4) and about side effects again, with what day 7 recorded
ticked. Each is a one-off schedule of its cycle (``ref_id``); the lifecycle sends the prompt
(none if it was answered already), one follow-up after the operator's follow-up hours while the
question is untouched, and closes it at the end of the local day (nothing to record: the
buttons keep working after that). Every answer is stored as it is tapped and drops the
follow-up still waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

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
from service.bot.botox.store import EFFECT_KINDS, ONSET_KINDS, REF, own_cycle, settle_question
from service.bot.kit import Reply, Turn, expired
from service.db.models import BotoxCycle, Patient
from service.domain.botox import Step
from service.scheduling.dispatcher import Outgoing
from service.scheduling.lifecycle import Kinds, Moment, ScheduledQuestion

View = Callable[[BotoxCycle, Patient], tuple[str, InlineKeyboardMarkup]]


def _outgoing(
    view: tuple[str, InlineKeyboardMarkup], patient: Patient, moment: Moment
) -> Outgoing:
    text, markup = view
    if moment is Moment.FOLLOWUP:
        text = followup_intro(patient.language) + "\n\n" + text
    return Outgoing(text, markup)


@dataclass
class OnsetQuestion(ScheduledQuestion[BotoxCycle]):
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
        return item.onset is None and item.side_effects is None

    def render(self, item: BotoxCycle, patient: Patient, moment: Moment) -> Outgoing:
        """The day-7 question (with a reminder line when asked again)."""
        return _outgoing(render_onset(item, patient), patient, moment)


@dataclass
class EffectQuestion(ScheduledQuestion[BotoxCycle]):
    """Week 4: how good is the effect, any side effects? Open until both are answered;
    untouched while the effect is not rated (a tap on any of its buttons drops the follow-up,
    since the side effects may hold day 7's answers)."""

    default_zone: str = "UTC"
    kinds: Kinds = EFFECT_KINDS
    model: type[BotoxCycle] = BotoxCycle
    ref: str = REF

    def is_open(self, item: BotoxCycle) -> bool:
        """The effect or the side effects are not answered yet."""
        return item.effect is None or item.side_effects is None

    def untouched(self, item: BotoxCycle) -> bool:
        """The effect is not rated."""
        return item.effect is None

    def render(self, item: BotoxCycle, patient: Patient, moment: Moment) -> Outgoing:
        """The week-4 question (with a reminder line when asked again)."""
        return _outgoing(render_effect(item, patient), patient, moment)


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
    text, markup = ASKED[question].ask(cycle, turn.me)
    return Reply(text, markup, edit=True, toast=turn.t("answer_saved"))


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


async def side_effect(turn: Turn, tap: SideEffectTap) -> Reply:
    """Tick or untick a side effect (day 7 or week 4)."""

    def record(cycle: BotoxCycle) -> None:
        chosen = set(cycle.side_effects or ()) ^ {tap.code}
        cycle.side_effects = [c for c in SIDE_EFFECTS if c in chosen]

    return await _answer(turn, tap.cycle, tap.question, record)


async def no_side_effects(turn: Turn, tap: QuestionTap) -> Reply:
    """No side effects (day 7 or week 4)."""

    def record(cycle: BotoxCycle) -> None:
        cycle.side_effects = []

    return await _answer(turn, tap.cycle, tap.question, record)


async def done(turn: Turn, tap: QuestionTap) -> Reply:
    """Done: what was saved (no side effect ticked means none), with a Change button."""
    cycle = await own_cycle(turn.session, turn.me, tap.cycle)
    if cycle is None:
        return expired(turn)
    if cycle.side_effects is None:
        cycle.side_effects = []
        turn.session.add(cycle)
    asked = ASKED[tap.question]
    await settle_question(turn.session, asked.kinds, cycle)
    text, markup = asked.done(cycle, turn.me)
    return Reply(text, markup, edit=True, toast=turn.t("answer_saved"))


async def change(turn: Turn, tap: QuestionTap) -> Reply:
    """Change: the question again, answers so far ticked."""
    cycle = await own_cycle(turn.session, turn.me, tap.cycle)
    if cycle is None:
        return expired(turn)
    text, markup = ASKED[tap.question].ask(cycle, turn.me)
    return Reply(text, markup, edit=True)


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
