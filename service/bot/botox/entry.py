"""Entering an injection: /botox in the patient's words, the guided dialog, the read-back.

``/botox 2 weeks ago 50 units left eye`` is read by the one reader (date first, a past one
preferred; units only from the words left; the note only from words read as neither). Whatever
is missing or could mean two things is asked with buttons: the date picker (Today, Yesterday,
the days before by name, "Another date" typed), the two readings of "11/3/2026", the units
(common numbers, "Don't know", or typed). Nothing is stored before the read-back ("Botox on Mon
16 Nov 2026, 50 units — right?") is answered Yes; an injection unusually soon after another one,
or odd units, are questioned there. Change lets the patient tap or type the date or the units.

What has been gathered lives in the patient's dialog state (``Dialog.draft``), so a typed answer
works with or without Telegram's reply and on every replica. Each draft has an id that travels
in its buttons: a tap on an older draft's buttons finds nothing and says so.

Choosing Botox as a treatment (``TreatmentsChosen``) with no injection logged asks for the last
one through the same picker and read-back. /botox_interval without a readable number asks with
buttons (10/12/14/16 weeks, don't know) or a typed span ("14", "3 months").
"""

from __future__ import annotations

from datetime import date

from service.bot.botox.actions import apply_interval, log_injection
from service.bot.botox.draft import (
    KIND,
    Draft,
    ask_details,
    ask_product,
    current_draft,
    day_of,
    new_draft,
)
from service.bot.botox.entry_views import (
    ambiguous_text,
    ask_date_text,
    ask_units_text,
    change_view,
    day_of_code,
    future_text,
    interval_markup,
    interval_question,
    picker_markup,
    read_back_view,
    units_markup,
)
from service.bot.botox.marks import menu_rows, with_rows
from service.bot.botox.payloads import (
    BUTTONS,
    INTERVAL_CHOICES,
    UNITS_UNKNOWN,
    AnotherDateTap,
    ChangeDateTap,
    ChangeTap,
    ChangeUnitsTap,
    ConfirmTap,
    DayTap,
    DropTap,
    IntervalPickTap,
    UnitsTap,
)
from service.bot.botox.store import cycles_of, own_cycle, update_cycle
from service.bot.botox.views import amount_words, fmt_day, injection_words, input_error_text
from service.bot.dialog import Waiting, put_draft, stop_waiting, wait_for
from service.bot.feature import TreatmentsChosen
from service.bot.kit import Reply, Turn, expired
from service.domain.botox import (
    INTERVAL_MAX_WEEKS,
    INTERVAL_MIN_WEEKS,
    UNITS_MAX,
    BotoxEntry,
    BotoxInputError,
    BotoxReading,
    doubts_of,
    read_botox,
    read_interval,
    read_units,
    total_units,
)
from service.domain.reader import Ambiguous, Context
from service.texts import t


def reader_context(turn: Turn) -> Context:
    """The reader's context for this patient now."""
    return Context.for_patient(now=turn.now, zone=turn.zone_name, language=turn.lang)


_day = day_of


def take(turn: Turn, draft: Draft, reading: BotoxReading, said: str) -> str | None:
    """Put what was read into the draft; the problem to say, if any (a future date, units that
    cannot be stored)."""
    problem = None
    if isinstance(reading.day, Ambiguous):
        draft["on"], draft["said"] = None, said
        draft["opts"] = [day.isoformat() for day in reading.day.options]
    elif isinstance(reading.day, date):
        if reading.day > turn.today:
            problem = future_text(reading.day, turn.lang)
            draft["on"] = None
        else:
            draft["on"] = reading.day.isoformat()
        draft["opts"] = None
    if reading.units_given:
        draft["units"], draft["units_done"], draft["units_bad"] = reading.units, True, False
    if reading.bad_units is not None:
        draft["units_done"], draft["units_bad"] = False, True
        problem = turn.t("botox_bad_units", text=reading.bad_units, max=UNITS_MAX)
    if reading.note and not draft.get("note"):
        draft["note"] = reading.note
    return problem


def entry_of(draft: Draft, day: date) -> BotoxEntry:
    """What the draft says, as it would be stored (the total: typed, else the sites' sum)."""
    site_units = draft.get("site_units") or None
    return BotoxEntry(
        day,
        total_units(draft.get("units"), site_units),
        draft.get("note"),
        draft.get("product") or "unknown",
        draft.get("product_name"),
        site_units,
        draft.get("injector"),
    )


def entry_parts(entry: BotoxEntry, lang: str) -> list[str]:
    """The entry's details as words for the read-back ("units not given" first when neither
    the units nor the product are known)."""
    parts = injection_words(
        entry.units, entry.product, entry.product_name, entry.site_units, entry.injector, lang
    )
    if amount_words(entry.units, entry.product, entry.product_name, lang) is None:
        parts.insert(0, t("botox_units_not_given", lang))
    return parts


def _ask_units(turn: Turn, draft: Draft, day: date, problem: str | None, edit: bool) -> Reply:
    put_draft(turn.me, draft, Waiting.BOTOX_UNITS)
    lang = turn.lang
    return Reply(ask_units_text(day, lang, problem), units_markup(draft["id"], lang), edit=edit)


async def next_step(
    turn: Turn, draft: Draft, problem: str | None = None, *, edit: bool = False
) -> Reply:
    """Ask what is still missing (the date, the product, the units, the sites, who injected),
    else read it back."""
    lang, draft_id = turn.lang, draft["id"]
    day = _day(draft)
    if day is None:
        put_draft(turn.me, draft, Waiting.BOTOX_DATE)
        options = tuple(date.fromisoformat(o) for o in draft.get("opts") or ())
        if options and problem is None:
            text = ambiguous_text(draft.get("said") or "", options, lang)
        else:
            text = ask_date_text(lang, first=bool(draft.get("first")), problem=problem)
        markup = picker_markup(
            draft_id, turn.today, lang, options=options, skip=bool(draft.get("first"))
        )
        return Reply(text, markup, edit=edit)
    if draft.get("units_bad") and not draft.get("units_done"):
        return _ask_units(turn, draft, day, problem, edit)  # the units typed were the problem
    if (reply := ask_product(turn, draft, problem, edit=edit)) is not None:
        return reply
    if not draft.get("units_done"):
        return _ask_units(turn, draft, day, problem, edit)
    if (reply := ask_details(turn, draft, problem, edit=edit)) is not None:
        return reply
    put_draft(turn.me, draft)
    cycles = await cycles_of(turn.session, turn.me.id or 0)
    others = [cycle.injected_on for cycle in cycles if cycle.id != draft.get("cycle")]
    entry = entry_of(draft, day)
    text, markup = read_back_view(
        draft_id,
        day,
        entry_parts(entry, lang),
        entry.units,
        entry.note,
        doubts_of(entry, others),
        lang,
    )
    return Reply(
        f"{problem}\n\n{text}" if problem else text,
        markup,
        edit=edit,
        confirm=(ConfirmTap(draft_id), ChangeTap(draft_id)),
    )


def gone(turn: Turn) -> Reply:
    """A typed answer or a tap for a draft that is no longer there."""
    stop_waiting(turn.me)
    return Reply(turn.t("botox_entry_gone"))


# ---- /botox ------------------------------------------------------------------------------------
async def botox_command(turn: Turn, args: str) -> Reply:
    """/botox [date] [units] [note]: read what was given, ask what is missing, read it back
    (bare /botox also offers "It started working", "I think it's wearing off" and "Add
    details" for earlier injections)."""
    draft = new_draft(turn)
    if not args:
        reply = await next_step(turn, draft)
        reply.markup = with_rows(reply.markup, await menu_rows(turn))
        return reply
    try:
        reading = read_botox(args, reader_context(turn))
    except BotoxInputError as error:
        return Reply(input_error_text(error, turn.lang))
    problem = take(turn, draft, reading, args)
    if reading.day is not None and reading.bad_units is None:
        draft["units_done"] = True  # a date given without units: read back as "not given"
    if reading.day is None and problem is None:
        problem = turn.t("botox_no_date_in", text=args[:80])
    return await next_step(turn, draft, problem)


async def date_answer(turn: Turn, text: str) -> Reply:
    """The date typed (after "Another date", or instead of tapping the picker)."""
    draft = current_draft(turn)
    if draft is None:
        return gone(turn)
    try:
        reading = read_botox(text, reader_context(turn))
    except BotoxInputError as error:
        return Reply(input_error_text(error, turn.lang))
    if reading.day is None:
        draft["opts"] = None
        return await next_step(turn, draft, turn.t("botox_date_not_read", text=text[:80]))
    return await next_step(turn, draft, take(turn, draft, reading, text))


async def units_answer(turn: Turn, text: str) -> Reply:
    """The units typed: "50", "50 units", "fifty", "don't know"."""
    draft = current_draft(turn)
    if draft is None:
        return gone(turn)
    units = read_units(text)
    if units is None:
        return await next_step(turn, draft, turn.t("botox_units_not_read", text=text[:40]))
    draft["units"] = None if units == "unknown" else units
    draft["units_done"], draft["units_bad"] = True, False
    return await next_step(turn, draft)


async def change_answer(turn: Turn, text: str) -> Reply:
    """After Change: the date and/or the units typed."""
    draft = current_draft(turn)
    if draft is None:
        return gone(turn)
    try:
        reading = read_botox(text, reader_context(turn))
    except BotoxInputError as error:
        return Reply(input_error_text(error, turn.lang))
    if reading.day is None and not reading.units_given and reading.bad_units is None:
        problem = turn.t("botox_change_not_read", text=text[:80])
        change_text, markup = change_view(draft["id"], turn.lang)
        return Reply(f"{problem}\n\n{change_text}", markup)
    if reading.day is None:
        reading = BotoxReading(None, reading.units, None, reading.units_given, reading.bad_units)
    return await next_step(turn, draft, take(turn, draft, reading, text))


# ---- taps --------------------------------------------------------------------------------------
@BUTTONS.on(DayTap)
async def day_tapped(turn: Turn, tap: DayTap) -> Reply:
    """A day on the picker (or one reading of an ambiguous date)."""
    draft = current_draft(turn, tap.draft)
    day = day_of_code(tap.day)
    if draft is None or day is None:
        return expired(turn)
    problem = None
    if day > turn.today:
        problem = future_text(day, turn.lang)
    else:
        draft["on"], draft["opts"] = day.isoformat(), None
    return await next_step(turn, draft, problem, edit=True)


@BUTTONS.on(AnotherDateTap)
async def another_date(turn: Turn, tap: AnotherDateTap) -> Reply:
    """ "Another date": the patient types it."""
    draft = current_draft(turn, tap.draft)
    if draft is None:
        return expired(turn)
    put_draft(turn.me, draft, Waiting.BOTOX_DATE)
    return Reply(turn.t("botox_type_date"), edit=True)


@BUTTONS.on(UnitsTap)
async def units_tapped(turn: Turn, tap: UnitsTap) -> Reply:
    """Units tapped (or "Don't know")."""
    draft = current_draft(turn, tap.draft)
    if draft is None or not (tap.units == UNITS_UNKNOWN or 0 <= tap.units <= UNITS_MAX):
        return expired(turn)
    draft["units"] = None if tap.units == UNITS_UNKNOWN else tap.units
    draft["units_done"], draft["units_bad"] = True, False
    return await next_step(turn, draft, edit=True)


@BUTTONS.on(ConfirmTap)
async def confirmed(turn: Turn, tap: ConfirmTap) -> Reply:
    """Yes on the read-back: store the injection and plan its cycle."""
    draft = current_draft(turn, tap.draft)
    day = _day(draft) if draft is not None else None
    if draft is None or day is None or not draft.get("units_done"):
        return expired(turn)
    put_draft(turn.me, None)
    entry = entry_of(draft, day)
    if draft.get("cycle") is not None:  # details added to a logged injection
        cycle = await own_cycle(turn.session, turn.me, draft["cycle"])
        if cycle is None:
            return expired(turn)
        update_cycle(turn.session, cycle, entry)
        parts = entry_parts(entry, turn.lang)
        text = turn.t(
            "botox_details_saved",
            date=fmt_day(cycle.injected_on, turn.lang),
            details=turn.t("botox_parts_joiner").join(parts),
        )
        return Reply(text, edit=True, toast=turn.t("answer_saved"))
    reply = await log_injection(turn, entry)
    reply.edit, reply.toast = True, turn.t("answer_saved")
    return reply


@BUTTONS.on(ChangeTap)
async def change(turn: Turn, tap: ChangeTap) -> Reply:
    """Change on the read-back: the date or the units, tapped or typed."""
    draft = current_draft(turn, tap.draft)
    if draft is None:
        return expired(turn)
    put_draft(turn.me, draft, Waiting.BOTOX_CHANGE)
    text, markup = change_view(draft["id"], turn.lang)
    return Reply(text, markup, edit=True)


@BUTTONS.on(ChangeDateTap)
async def change_date(turn: Turn, tap: ChangeDateTap) -> Reply:
    """Change the date: the picker again."""
    draft = current_draft(turn, tap.draft)
    if draft is None:
        return expired(turn)
    draft["on"], draft["opts"] = None, None
    return await next_step(turn, draft, edit=True)


@BUTTONS.on(ChangeUnitsTap)
async def change_units(turn: Turn, tap: ChangeUnitsTap) -> Reply:
    """Change the units: the units question again."""
    draft = current_draft(turn, tap.draft)
    if draft is None:
        return expired(turn)
    draft["units_done"] = False
    return await next_step(turn, draft, edit=True)


@BUTTONS.on(DropTap)
async def dropped(turn: Turn, tap: DropTap) -> Reply:
    """Cancel (or "Not yet / don't know"): nothing is stored."""
    if current_draft(turn, tap.draft) is None:
        return expired(turn)
    put_draft(turn.me, None)
    return Reply(turn.t("botox_entry_dropped"), edit=True, toast=turn.t("answer_saved"))


# ---- Botox chosen as a treatment ---------------------------------------------------------------
async def treatments_chosen(turn: Turn, event: TreatmentsChosen) -> Reply | None:
    """Botox among the treatments and no injection logged: when was the last one?"""
    if KIND not in event.treatments or await cycles_of(turn.session, turn.me.id or 0):
        return None
    return await next_step(turn, new_draft(turn, first=True))


# ---- /botox_interval ---------------------------------------------------------------------------
async def _interval_set(turn: Turn, weeks: int, *, edit: bool = False) -> Reply:
    stop_waiting(turn.me, Waiting.BOTOX_INTERVAL)
    lines = [turn.t("botox_interval_set", weeks=weeks), *await apply_interval(turn, weeks)]
    return Reply("\n".join(lines), edit=edit, toast=turn.t("answer_saved") if edit else None)


def _interval_ask(turn: Turn, problem: str | None = None) -> Reply:
    wait_for(turn.me, Waiting.BOTOX_INTERVAL)
    return Reply(interval_question(turn.me, problem), interval_markup(turn.me))


async def interval_command(turn: Turn, args: str) -> Reply:
    """/botox_interval [weeks or a span]: change the interval, or ask with buttons."""
    if not args:
        return _interval_ask(turn)
    weeks = read_interval(args)
    if weeks is None:
        return _interval_ask(turn, interval_problem(turn, args))
    return await _interval_set(turn, weeks)


def interval_problem(turn: Turn, text: str) -> str:
    """Why this is not an interval the bot can use."""
    return turn.t(
        "botox_interval_not_read", text=text[:40], min=INTERVAL_MIN_WEEKS, max=INTERVAL_MAX_WEEKS
    )


async def interval_answer(turn: Turn, text: str) -> Reply:
    """The interval typed: "14", "14 weeks", "3 months"."""
    weeks = read_interval(text)
    if weeks is None:
        return _interval_ask(turn, interval_problem(turn, text))
    return await _interval_set(turn, weeks)


@BUTTONS.on(IntervalPickTap)
async def interval_picked(turn: Turn, tap: IntervalPickTap) -> Reply:
    """10/12/14/16 weeks tapped, or "don't know" (keep the current one)."""
    if tap.weeks not in (0, *INTERVAL_CHOICES):
        return expired(turn)
    if tap.weeks:
        return await _interval_set(turn, tap.weeks, edit=True)
    stop_waiting(turn.me, Waiting.BOTOX_INTERVAL)
    weeks = turn.me.botox_interval_weeks
    return Reply(
        turn.t("botox_interval_kept_short", weeks=weeks), edit=True, toast=turn.t("answer_saved")
    )


ANSWERS = {
    Waiting.BOTOX_DATE: date_answer,
    Waiting.BOTOX_UNITS: units_answer,
    Waiting.BOTOX_CHANGE: change_answer,
    Waiting.BOTOX_INTERVAL: interval_answer,
}
