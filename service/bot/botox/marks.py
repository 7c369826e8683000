"""The patient marks a day of the newest injection: "It started working" (on /botox) and
"I think it's wearing off" (on /botox, /botox_history and the check-in's end message).

Both ask which day: Today, Yesterday (when after the injection), or a date typed and read by
the one reader (``service.domain.reader``), read back before it is stored. Stored as
``BotoxCycle.onset_reported_on`` / ``wear_off_reported_on``; the history shows them beside the
estimates from the diary.
"""

from __future__ import annotations

from datetime import date, timedelta

from telegram import InlineKeyboardMarkup

from service.bot.botox.entry_views import day_code, day_of_code
from service.bot.botox.payloads import (
    BUTTONS,
    DetailsMenuTap,
    MarkCode,
    MarkDayTap,
    MarkOtherDayTap,
    MarkTap,
    MarkUndoTap,
    WearingOffTap,
)
from service.bot.botox.store import latest_cycle
from service.bot.botox.views import fmt_day, report_wear_off_button, reported_view
from service.bot.botox.wear_off import can_report_wear_off, newest_cycle
from service.bot.callbacks import Callback
from service.bot.dialog import Waiting, dialog_of, stop_waiting, wait_for
from service.bot.kit import Reply, Turn, expired, keyboard
from service.db.models import BotoxCycle
from service.domain.botox import day_of_cycle
from service.domain.reader import Ambiguous, Context, NotUnderstood, Prefer, read_date
from service.texts import t
from service.texts.families import MARK_ASK, MARK_READ_BACK, MARK_UNDONE

Rows = list[list[tuple[str, Callback]]]


def _field(what: MarkCode) -> str:
    return "onset_reported_on" if what == "on" else "wear_off_reported_on"


def can_mark_onset(cycle: BotoxCycle, today: date) -> bool:
    """ "It started working" is offered while the newest injection has no reported onset."""
    return cycle.onset_reported_on is None and day_of_cycle(cycle.injected_on, today) >= 1


async def menu_rows(turn: Turn) -> Rows:
    """The rows /botox adds under its date picker: mark the newest injection's onset or
    wear-off, add details to an injection."""
    cycle = await latest_cycle(turn.session, turn.me.id or 0)
    if cycle is None or cycle.id is None:
        return []
    lang = turn.lang
    rows: Rows = []
    if can_mark_onset(cycle, turn.today):
        rows.append([(t("btn_botox_started", lang), MarkTap(cycle.id, "on"))])
    if can_report_wear_off(cycle, turn.today):
        rows.append([report_wear_off_button(cycle, lang)])
    rows.append([(t("btn_botox_details_menu", lang), DetailsMenuTap(0))])
    return rows


def with_rows(markup: object, rows: Rows) -> InlineKeyboardMarkup | None:
    """The inline ``markup`` with ``rows`` below it."""
    if not isinstance(markup, InlineKeyboardMarkup):
        markup = None
    if not rows:
        return markup
    extra = keyboard(rows).inline_keyboard
    return InlineKeyboardMarkup([*(markup.inline_keyboard if markup else ()), *extra])


def _question(turn: Turn, cycle: BotoxCycle, what: MarkCode, problem: str | None) -> Reply:
    """Which day? Today, Yesterday, Another date (or typed straight away)."""
    assert cycle.id is not None
    lang, today = turn.lang, turn.today
    wait_for(turn.me, Waiting.BOTOX_MARK_DATE, cycle.id, draft={"what": what})
    buttons: list[tuple[str, Callback]] = [
        (t("btn_botox_today", lang), MarkDayTap(cycle.id, what, day_code(today)))
    ]
    yesterday = today - timedelta(days=1)
    if yesterday >= cycle.injected_on:
        buttons.append(
            (t("btn_botox_yesterday", lang), MarkDayTap(cycle.id, what, day_code(yesterday)))
        )
    rows: Rows = [buttons, [(t("btn_botox_another_date", lang), MarkOtherDayTap(cycle.id, what))]]
    text = t(MARK_ASK[what], lang, date=fmt_day(cycle.injected_on, lang))
    return Reply(f"{problem}\n\n{text}" if problem else text, keyboard(rows))


def _problem(turn: Turn, cycle: BotoxCycle, day: date) -> str | None:
    """Why this day cannot be the mark (before the injection, in the future), or None."""
    if day > turn.today:
        return turn.t("botox_mark_future", day=fmt_day(day, turn.lang))
    if day < cycle.injected_on:
        return turn.t(
            "botox_mark_before",
            day=fmt_day(day, turn.lang),
            date=fmt_day(cycle.injected_on, turn.lang),
        )
    return None


@BUTTONS.on(MarkTap)
async def started_working(turn: Turn, tap: MarkTap) -> Reply:
    """ "It started working": which day?"""
    cycle = await newest_cycle(turn, tap.cycle)
    if cycle is None:
        return expired(turn)
    marked = getattr(cycle, _field(tap.what))
    if marked is not None:
        day = day_of_cycle(cycle.injected_on, marked)
        return Reply(
            "", toast=turn.t("botox_mark_already", day=day, date=fmt_day(marked, turn.lang))
        )
    return _question(turn, cycle, tap.what, None)


@BUTTONS.on(WearingOffTap)
async def wearing_off(turn: Turn, tap: WearingOffTap) -> Reply:
    """ "I think it's wearing off": since which day?"""
    cycle = await newest_cycle(turn, tap.cycle)
    if cycle is None:
        return expired(turn)
    if cycle.wear_off_reported_on is not None:
        when = cycle.wear_off_reported_on
        day = day_of_cycle(cycle.injected_on, when)
        return Reply(
            "", toast=turn.t("botox_wear_off_already", day=day, date=fmt_day(when, turn.lang))
        )
    if not can_report_wear_off(cycle, turn.today):
        return expired(turn)
    return _question(turn, cycle, "wo", None)


@BUTTONS.on(MarkOtherDayTap)
async def another_day(turn: Turn, tap: MarkOtherDayTap) -> Reply:
    """ "Another date": the patient types it."""
    cycle = await newest_cycle(turn, tap.cycle)
    if cycle is None or cycle.id is None:
        return expired(turn)
    wait_for(turn.me, Waiting.BOTOX_MARK_DATE, cycle.id, draft={"what": tap.what})
    return Reply(turn.t("botox_mark_type"), edit=True)


async def mark_date_answer(turn: Turn, text: str) -> Reply:
    """The day typed: read back before it is stored (two readings: both offered)."""
    state = dialog_of(turn.me)
    what = (state.draft or {}).get("what")
    cycle = await newest_cycle(turn, state.ref or 0)
    if cycle is None or cycle.id is None or what not in ("on", "wo"):
        stop_waiting(turn.me)
        return Reply(turn.t("botox_mark_gone"))
    ctx = Context.for_patient(now=turn.now, zone=turn.zone_name, language=turn.lang)
    read = read_date(text, ctx, Prefer.PAST)
    if isinstance(read, NotUnderstood):
        return _question(turn, cycle, what, turn.t("botox_mark_not_read", text=text[:80]))
    options = read.options if isinstance(read, Ambiguous) else (read,)
    fine = [day for day in options if _problem(turn, cycle, day) is None]
    if not fine:
        return _question(turn, cycle, what, _problem(turn, cycle, options[0]))
    lang = turn.lang
    if len(fine) == 1:
        (day,) = fine
        question = t(
            MARK_READ_BACK[what],
            lang,
            day=fmt_day(day, lang),
            number=day_of_cycle(cycle.injected_on, day),
        )
        yes = MarkDayTap(cycle.id, what, day_code(day))
        rows: Rows = [[(t("btn_botox_yes", lang), yes)]]
        rows.append([(t("btn_botox_another_date", lang), MarkOtherDayTap(cycle.id, what))])
        return Reply(question, keyboard(rows), confirm=(yes, MarkOtherDayTap(cycle.id, what)))
    else:
        days = ", ".join(fmt_day(day, lang) for day in fine)
        question = t("botox_mark_which", lang, text=text[:80], days=days)
        rows = [[(fmt_day(day, lang), MarkDayTap(cycle.id, what, day_code(day))) for day in fine]]
    rows.append([(t("btn_botox_another_date", lang), MarkOtherDayTap(cycle.id, what))])
    return Reply(question, keyboard(rows))


@BUTTONS.on(MarkDayTap)
async def day_marked(turn: Turn, tap: MarkDayTap) -> Reply:
    """The day tapped or confirmed: stored."""
    cycle = await newest_cycle(turn, tap.cycle)
    day = day_of_code(tap.day)
    if cycle is None or cycle.id is None or day is None or _problem(turn, cycle, day):
        return expired(turn)
    stop_waiting(turn.me, Waiting.BOTOX_MARK_DATE)
    setattr(cycle, _field(tap.what), day)
    turn.session.add(cycle)
    lang = turn.lang
    if tap.what == "wo":
        text, markup = reported_view(cycle, day, lang)
        return Reply(text, markup, edit=True, toast=turn.t("answer_saved"))
    text = t(
        "botox_onset_noted",
        lang,
        date=fmt_day(cycle.injected_on, lang),
        number=day_of_cycle(cycle.injected_on, day),
        day=fmt_day(day, lang),
    )
    undo = keyboard([[(t("btn_botox_wear_off_undo", lang), MarkUndoTap(cycle.id, "on"))]])
    return Reply(text, undo, edit=True, toast=turn.t("answer_saved"))


@BUTTONS.on(MarkUndoTap)
async def mark_undone(turn: Turn, tap: MarkUndoTap) -> Reply:
    """Undo "it started working"."""
    cycle = await newest_cycle(turn, tap.cycle)
    if cycle is None or getattr(cycle, _field(tap.what)) is None:
        return expired(turn)
    setattr(cycle, _field(tap.what), None)
    turn.session.add(cycle)
    text = turn.t(MARK_UNDONE[tap.what], date=fmt_day(cycle.injected_on, turn.lang))
    return Reply(text, edit=True, toast=turn.t("answer_saved"))


ANSWERS = {Waiting.BOTOX_MARK_DATE: mark_date_answer}
