"""Botox cycles: log an injection, then the bot asks and reminds through the cycle.

From each injection (day 0) the bot books, at the patient's check-in time (or 10:00), the day-7
onset and side-effect question and the week-4 effect and side-effect question (scheduled
questions on the one reminder lifecycle: one follow-up if untouched, closed at the end of the
day), "time to book" (interval minus the booking lead) and the planned date (with a button that
logs the next injection). The interval is the clinic's: the first /botox asks for it. A new
injection closes the previous cycle's pending reminders. Wear-off is *estimated* from the daily
check-ins (listening for ``CheckinCompleted``) and said as an estimate; the patient can also
report it ("I think it's wearing off") and ask for the booking reminder at once. Nothing moves
on its own.

The modules:

- ``payloads``: the typed buttons (wire form ``bx:<cycle>:<action>:<value>``) and their table;
- ``store``: SQL and scheduling (cycles, their schedules, the diary);
- ``views`` / ``question_views``: what the patient reads, as (text, keyboard);
- ``entry`` / ``entry_views``: /botox and /botox_interval in the patient's words, the guided
  dialog (date picker, units) and the read-back before anything is stored;
- ``actions``: storing an injection, /botox_history and the taps under a logged injection;
- ``questions``: the day-7 and week-4 questions and their taps;
- ``side_effects`` / ``side_effect_views`` / ``diary_store``: the side-effect diary (the day
  each started and ended), /side_effects;
- ``reminders``: the booking and planned-date reminders;
- ``wear_off``: the estimate and the patient's own report.
"""

from __future__ import annotations

from service.bot.botox.actions import history_command
from service.bot.botox.entry import ANSWERS, botox_command, interval_command, treatments_chosen
from service.bot.botox.payloads import BUTTONS
from service.bot.botox.questions import EffectQuestion, OnsetQuestion
from service.bot.botox.reminders import occurrence_handlers
from service.bot.botox.side_effects import ANSWERS as DIARY_ANSWERS
from service.bot.botox.side_effects import side_effects_command
from service.bot.botox.wear_off import checkin_completed, report_button
from service.bot.feature import CheckinCompleted, Command, Feature, TreatmentsChosen

FEATURE = Feature(
    name="botox",
    commands=(
        Command("botox", botox_command),
        Command("botox_history", history_command),
        Command("botox_interval", interval_command),
        Command("side_effects", side_effects_command),
    ),
    buttons=BUTTONS,
    questions=(OnsetQuestion, EffectQuestion),
    occurrences=occurrence_handlers,
    answers={**ANSWERS, **DIARY_ANSWERS},
    listens={CheckinCompleted: checkin_completed, TreatmentsChosen: treatments_chosen},
)

__all__ = ["FEATURE", "report_button"]
