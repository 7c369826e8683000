"""The Botox buttons: one typed payload per action, and the table of actions they go to.

The wire form is unchanged, ``bx:<cycle id>:<action>:<value>``, so buttons already in patients'
chats keep working: ``on`` (onset y/p/n), ``ss`` / ``sz`` / ``od`` / ``oc`` (a side effect,
none, Done, Change on the day-7 message), ``ef`` (effect 0-4), ``se`` / ``sn`` / ``dn`` / ``ec``
(the same on the week-4 message), ``iv`` (the clinic's interval in weeks, 0 = keep), ``undo``,
``new`` ("I had it today"), ``wo`` ("I think it's wearing off"), ``wu`` (undo that) and ``bk``
(the booking reminder now). The side-effect diary's buttons are ``bxr:<row>:...`` (a day it
started or ended, typing one, still there, it ended) and ``bxa`` / ``bxl`` (/side_effects: add
one, the list); ``where`` says which message to show again: ``o`` day 7, ``e`` week 4, ``d`` the
diary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal, get_args

from service.bot.callbacks import Callback, callback
from service.bot.kit import Buttons
from service.domain.botox import Step
from service.domain.side_effects import URGENT

#: Every Botox tap goes through this one table (the actions live in questions.py, actions.py
#: and wear_off.py).
BUTTONS = Buttons()


@dataclass(frozen=True)
class CycleTap(Callback):
    """A tap about one cycle (the payloads below that carry nothing else)."""

    cycle: int


class QuestionTap(CycleTap):
    """A tap on the day-7 or the week-4 question (``question`` says which)."""

    question: ClassVar[Step]


OnsetCode = Literal["y", "p", "n"]
#: The day-7 answers: button code -> stored BotoxCycle.onset.
ONSET_ANSWERS: dict[OnsetCode, str] = {"y": "yes", "p": "partly", "n": "not_yet"}
SideEffect = Literal[
    "ptosis", "closure", "eye", "blurred", "diplopia", "mouth", "weakness", "other"
]
#: Side effects asked about at day 7 and week 4 (clinical.md), in the order shown and stored.
SIDE_EFFECTS: tuple[SideEffect, ...] = get_args(SideEffect)
#: These get "contact your care team now", not "for your next injection".
URGENT_SIDE_EFFECTS = URGENT
EFFECT_VALUES = range(5)
#: The clinic's interval, offered as buttons at the first /botox (0 = don't know: keep it).
INTERVAL_CHOICES = (10, 12, 14, 16)


@dataclass(frozen=True)
class SideEffectTap(Callback):
    """Tick or untick a side effect (``question`` says on which message)."""

    question: ClassVar[Step]
    cycle: int
    code: SideEffect


# ---- day 7: has it started, any side effects? -----------------------------------------------
@callback("bx:{cycle}:on:{answer}")
@dataclass(frozen=True)
class OnsetTap(Callback):
    """Has the effect started: Yes / Partly / Not yet."""

    cycle: int
    answer: OnsetCode


@callback("bx:{cycle}:ss:{code}")
class OnsetSideEffectTap(SideEffectTap):
    """Tick or untick a side effect on the day-7 message."""

    question = Step.ONSET


@callback("bx:{cycle}:sz:0")
class OnsetNoSideEffectsTap(QuestionTap):
    """No side effects (day 7)."""

    question = Step.ONSET


@callback("bx:{cycle}:od:0")
class OnsetDoneTap(QuestionTap):
    """Done with the day-7 question."""

    question = Step.ONSET


@callback("bx:{cycle}:oc:0")
class OnsetChangeTap(QuestionTap):
    """Change the day-7 answers."""

    question = Step.ONSET


# ---- week 4: how good is the effect, any side effects? ---------------------------------------
@callback("bx:{cycle}:ef:{value}")
@dataclass(frozen=True)
class EffectTap(Callback):
    """The effect at week 4, 0 (none) to 4 (very good)."""

    cycle: int
    value: int


@callback("bx:{cycle}:se:{code}")
class EffectSideEffectTap(SideEffectTap):
    """Tick or untick a side effect on the week-4 message."""

    question = Step.EFFECT


@callback("bx:{cycle}:sn:0")
class EffectNoSideEffectsTap(QuestionTap):
    """No side effects (week 4)."""

    question = Step.EFFECT


@callback("bx:{cycle}:dn:0")
class EffectDoneTap(QuestionTap):
    """Done with the week-4 question."""

    question = Step.EFFECT


@callback("bx:{cycle}:ec:0")
class EffectChangeTap(QuestionTap):
    """Change the week-4 answers."""

    question = Step.EFFECT


# ---- the side-effect diary (service/bot/botox/side_effects.py) --------------------------------
Where = Literal["o", "e", "d"]  # the day-7 message, the week-4 message, the /side_effects list
Part = Literal["s", "e"]  # the day it started, the day it ended


@callback("bxr:{row}:{part}:{where}:{day}")
@dataclass(frozen=True)
class SideEffectDayTap(Callback):
    """A day a side effect started or ended (``day`` as yyyymmdd)."""

    row: int
    part: Part
    where: Where
    day: int


@callback("bxr:{row}:type:{part}:{where}")
@dataclass(frozen=True)
class SideEffectTypeDayTap(Callback):
    """ "Another day": the patient types the day it started or ended."""

    row: int
    part: Part
    where: Where


@callback("bxr:{row}:end:{where}")
@dataclass(frozen=True)
class SideEffectEndedTap(Callback):
    """ "It ended" / "It has ended": which day?"""

    row: int
    where: Where


@callback("bxr:{row}:still:0")
@dataclass(frozen=True)
class StillThereTap(Callback):
    """Week 4: a side effect from before is still there (yes)."""

    row: int


@callback("bxa:{cycle}:{code}")
@dataclass(frozen=True)
class DiaryAddTap(Callback):
    """ "Add a side effect" (``code`` "new": the list of side effects to choose from)."""

    cycle: int
    code: Literal["new", SideEffect]


@callback("bxl:0")
@dataclass(frozen=True)
class DiaryListTap(Callback):
    """The /side_effects list (from /botox_history, or back from adding one)."""


# ---- the injection ---------------------------------------------------------------------------
@callback("bx:{cycle}:iv:{weeks}")
@dataclass(frozen=True)
class IntervalTap(Callback):
    """The clinic's interval in weeks, under the first logged injection (0: don't know)."""

    cycle: int
    weeks: int


@callback("bx:{cycle}:undo:0")
class UndoTap(CycleTap):
    """Remove a just-logged injection."""


@callback("bx:{cycle}:new:0")
class HadItTodayTap(CycleTap):
    """ "I had it today", on the planned-date reminder: log today's injection."""


# ---- wear-off --------------------------------------------------------------------------------
@callback("bx:{cycle}:wo:0")
class WearingOffTap(CycleTap):
    """ "I think it's wearing off"."""


@callback("bx:{cycle}:wu:0")
class WearingOffUndoTap(CycleTap):
    """Undo "I think it's wearing off"."""


@callback("bx:{cycle}:bk:0")
class BookingNowTap(CycleTap):
    """The booking reminder now (the planned one is then dropped)."""


# ---- entering an injection (the draft in Patient.dialog, service/bot/botox/entry.py) --------
# ``draft`` is the draft's id: a tap on an older read-back or picker finds no draft and expires.
@dataclass(frozen=True)
class DraftTap(Callback):
    """A tap about the injection being entered (the payloads below that carry nothing else)."""

    draft: int


@callback("bxd:{draft}:day:{day}")
@dataclass(frozen=True)
class DayTap(Callback):
    """A day on the date picker (``day`` as yyyymmdd)."""

    draft: int
    day: int


@callback("bxd:{draft}:other:0")
class AnotherDateTap(DraftTap):
    """ "Another date": the patient types it."""


@callback("bxd:{draft}:units:{units}")
@dataclass(frozen=True)
class UnitsTap(Callback):
    """Units on the units question (``UNITS_UNKNOWN``: don't know)."""

    draft: int
    units: int


@callback("bxd:{draft}:ok:0")
class ConfirmTap(DraftTap):
    """Yes on the read-back: store the injection."""


@callback("bxd:{draft}:chg:0")
class ChangeTap(DraftTap):
    """Change on the read-back: what to change."""


@callback("bxd:{draft}:cd:0")
class ChangeDateTap(DraftTap):
    """Change the date."""


@callback("bxd:{draft}:cu:0")
class ChangeUnitsTap(DraftTap):
    """Change the units."""


@callback("bxd:{draft}:no:0")
class DropTap(DraftTap):
    """Cancel, or "Not yet / don't know" when asked after choosing Botox: nothing stored."""


@callback("bxi:{weeks}")
@dataclass(frozen=True)
class IntervalPickTap(Callback):
    """The interval chosen on /botox_interval (0: don't know, keep it)."""

    weeks: int


#: "Don't know" on the units question.
UNITS_UNKNOWN = -1
#: Units offered as buttons (shortcuts only: clinical.md gives no HFS dose range).
UNITS_CHOICES = (10, 15, 20, 25, 30, 40, 50)
