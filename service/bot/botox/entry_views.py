"""What the patient reads while entering an injection: the date picker, the units question, the
read-back and the /botox_interval choices. Pure views to (text, keyboard); no SQL, no sending.
"""

from __future__ import annotations

from datetime import date, timedelta

from telegram import InlineKeyboardMarkup

from service.bot.botox.payloads import (
    INTERVAL_CHOICES,
    UNITS_CHOICES,
    UNITS_UNKNOWN,
    AnotherDateTap,
    ChangeDateTap,
    ChangeDetailsTap,
    ChangeTap,
    ChangeUnitsTap,
    ConfirmTap,
    DayTap,
    DropTap,
    InjectorSkipTap,
    IntervalPickTap,
    ProductTap,
    SitesDoneTap,
    SitesSkipTap,
    SiteTap,
    SiteUnitsSkipTap,
    UnitsTap,
)
from service.bot.botox.views import fmt_day, fmt_interval, units_words
from service.bot.callbacks import Callback
from service.bot.kit import keyboard
from service.db.models import Patient
from service.domain.botox import (
    INTERVAL_MAX_WEEKS,
    INTERVAL_MIN_WEEKS,
    PRODUCT_NAME_MAX,
    UNITS_MAX,
    Doubts,
)
from service.domain.record import SITES
from service.texts import fmt_date, t
from service.texts.families import BOTOX_SITE, BOTOX_SITES_SIDE, BTN_BOTOX_PRODUCT, BTN_BOTOX_SITE

Rows = list[list[tuple[str, Callback]]]
#: Days offered by name on the picker after Today and Yesterday (2-6 days ago).
PICKER_DAYS = 6


def day_code(day: date) -> int:
    """A date as it travels in a button: yyyymmdd."""
    return day.year * 10000 + day.month * 100 + day.day


def day_of_code(code: int) -> date | None:
    """The date of a button's yyyymmdd (None if it is not one)."""
    try:
        return date(code // 10000, code // 100 % 100, code % 100)
    except ValueError:
        return None


def short_day(day: date, lang: str) -> str:
    """'3 Nov 2026' for the two readings of an ambiguous date."""
    return fmt_date(day, lang, weekday=False, year=True)


def picker_markup(
    draft: int,
    today: date,
    lang: str,
    *,
    options: tuple[date, ...] = (),
    skip: bool = False,
) -> InlineKeyboardMarkup:
    """Today, Yesterday, the weekdays of the days before, "Another date" (the two readings of
    an ambiguous date first; "Not yet / don't know" when asked after choosing Botox)."""
    rows: Rows = []
    if options:
        rows.append([(short_day(day, lang), DayTap(draft, day_code(day))) for day in options])
    rows.append(
        [
            (t("btn_botox_today", lang), DayTap(draft, day_code(today))),
            (t("btn_botox_yesterday", lang), DayTap(draft, day_code(today - timedelta(days=1)))),
        ]
    )
    earlier = [today - timedelta(days=n) for n in range(2, PICKER_DAYS + 1)]
    named = [(fmt_date(day, lang), day) for day in earlier]
    buttons: list[tuple[str, Callback]] = [
        (label, DayTap(draft, day_code(day))) for label, day in named
    ]
    rows += [buttons[:3], buttons[3:]] if buttons[3:] else [buttons]
    rows.append([(t("btn_botox_another_date", lang), AnotherDateTap(draft))])
    if skip:
        rows.append([(t("btn_botox_not_yet", lang), DropTap(draft))])
    return keyboard(rows)


def ask_date_text(lang: str, *, first: bool = False, problem: str | None = None) -> str:
    """When was the injection? (with what went wrong before, if anything)"""
    question = t("botox_ask_last" if first else "botox_ask_date", lang)
    return f"{problem}\n\n{question}" if problem else question


def ambiguous_text(text: str, options: tuple[date, ...], lang: str) -> str:
    """'11/3/2026': which one?"""
    first, second = (short_day(day, lang) for day in options)
    return t("botox_ambiguous_date", lang, text=text, first=first, second=second)


def units_markup(draft: int, lang: str) -> InlineKeyboardMarkup:
    """The common units, "Don't know" (and typing any number)."""
    buttons = [(str(units), UnitsTap(draft, units)) for units in UNITS_CHOICES]
    unknown = (t("btn_botox_units_unknown", lang), UnitsTap(draft, UNITS_UNKNOWN))
    return keyboard([buttons[:4], buttons[4:], [unknown]])


def ask_units_text(day: date, lang: str, problem: str | None = None) -> str:
    """How many units (after the date is known)?"""
    text = t("botox_ask_units", lang, date=fmt_day(day, lang), max=UNITS_MAX)
    return f"{problem}\n\n{text}" if problem else text


def read_back_view(
    draft: int,
    day: date,
    parts: list[str],
    units: int | None,
    note: str | None,
    doubts: Doubts,
    lang: str,
) -> tuple[str, InlineKeyboardMarkup]:
    """ "Botox on Mon 16 Nov 2026, 40 units onabotulinumtoxinA (Botox) · cheek 20 · Dr Li —
    right?", what looks unlikely, Yes / Change. ``parts``: the injection's details as words."""
    amount = t("botox_parts_joiner", lang).join(parts)
    lines = [t("botox_read_back", lang, date=fmt_day(day, lang), units=amount)]
    if note:
        lines.append(t("botox_note_line", lang, note=note))
    if doubts.close_to is not None:
        gap = fmt_interval(abs((day - doubts.close_to).days), lang)
        lines += ["", t("botox_doubt_soon", lang, gap=gap, date=fmt_day(doubts.close_to, lang))]
    if doubts.odd_units and units is not None:
        lines += ["", t("botox_doubt_units", lang, units=units_words(units, lang))]
    rows: Rows = [
        [
            (t("btn_botox_yes", lang), ConfirmTap(draft)),
            (t("btn_botox_change_entry", lang), ChangeTap(draft)),
        ]
    ]
    return "\n".join(lines), keyboard(rows)


def _with_problem(text: str, problem: str | None) -> str:
    return f"{problem}\n\n{text}" if problem else text


def product_view(
    draft: int, lang: str, problem: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """Which product? The three, "Other…", "Don't know"."""
    rows: Rows = [
        [(t(BTN_BOTOX_PRODUCT[code], lang), ProductTap(draft, code))]
        for code in ("ona", "inco", "abo")
    ]
    rows.append(
        [
            (t("btn_botox_product_other", lang), ProductTap(draft, "other")),
            (t("btn_botox_product_unk", lang), ProductTap(draft, "unk")),
        ]
    )
    return _with_problem(t("botox_ask_product", lang), problem), keyboard(rows)


def product_name_view(
    draft: int, lang: str, problem: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """ "Other…": the name typed (or "Don't know")."""
    text = t("botox_ask_product_name", lang, max=PRODUCT_NAME_MAX)
    rows: Rows = [[(t("btn_botox_product_unk", lang), ProductTap(draft, "unk"))]]
    return _with_problem(text, problem), keyboard(rows)


def sites_view(
    draft: int, ticked: list[str], side: str | None, lang: str, problem: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """Units per site? The sites of the affected side to tick, Done, Skip."""
    where = t(BOTOX_SITES_SIDE[side], lang) if side in ("left", "right") else None
    text = t("botox_ask_sites", lang, side=where or t("botox_sites_side_unknown", lang))
    buttons: list[tuple[str, Callback]] = []
    for site in SITES:
        label = t(BTN_BOTOX_SITE[site], lang)
        if site in ticked:
            label = t("btn_botox_ticked", lang, label=label)
        buttons.append((label, SiteTap(draft, site)))  # type: ignore[arg-type]
    rows: Rows = [buttons[:2], buttons[2:4], buttons[4:]]
    rows.append(
        [
            (t("btn_botox_sites_done", lang), SitesDoneTap(draft)),
            (t("btn_botox_skip", lang), SitesSkipTap(draft)),
        ]
    )
    return _with_problem(text, problem), keyboard(rows)


def site_units_view(
    draft: int, site: str, lang: str, problem: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """How many units at this site? Typed, or Skip."""
    text = t("botox_ask_site_units", lang, site=t(BOTOX_SITE[site], lang), max=UNITS_MAX)
    rows: Rows = [[(t("btn_botox_skip", lang), SiteUnitsSkipTap(draft))]]
    return _with_problem(text, problem), keyboard(rows)


def injector_view(
    draft: int, lang: str, problem: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """Who injected? Typed, or Skip."""
    rows: Rows = [[(t("btn_botox_skip", lang), InjectorSkipTap(draft))]]
    return _with_problem(t("botox_ask_injector", lang), problem), keyboard(rows)


def change_view(draft: int, lang: str) -> tuple[str, InlineKeyboardMarkup]:
    """What to change: the date, the units (or type either), or cancel."""
    rows: Rows = [
        [
            (t("btn_botox_change_date", lang), ChangeDateTap(draft)),
            (t("btn_botox_change_units", lang), ChangeUnitsTap(draft)),
        ],
        [(t("btn_botox_change_details", lang), ChangeDetailsTap(draft))],
        [(t("btn_botox_cancel", lang), DropTap(draft))],
    ]
    return t("botox_change_what", lang), keyboard(rows)


def future_text(day: date, lang: str) -> str:
    """A date in the future: not an injection had; what works instead."""
    return t("botox_future_date", lang, date=fmt_day(day, lang))


def interval_markup(patient: Patient) -> InlineKeyboardMarkup:
    """10 / 12 / 14 / 16 weeks and "I don't know (keep N)"."""
    lang = patient.language
    choices = [
        (t("btn_botox_interval_weeks", lang, weeks=weeks), IntervalPickTap(weeks))
        for weeks in INTERVAL_CHOICES
    ]
    unknown = t("btn_botox_interval_unknown", lang, weeks=patient.botox_interval_weeks)
    return keyboard([choices[:2], choices[2:], [(unknown, IntervalPickTap(0))]])


def interval_question(patient: Patient, problem: str | None = None) -> str:
    """/botox_interval without a readable number: the current interval and the question."""
    text = t(
        "botox_interval_question",
        patient.language,
        weeks=patient.botox_interval_weeks,
        lead=patient.botox_booking_lead_weeks,
        min=INTERVAL_MIN_WEEKS,
        max=INTERVAL_MAX_WEEKS,
    )
    return f"{problem}\n\n{text}" if problem else text
