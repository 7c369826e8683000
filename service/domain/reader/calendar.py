"""Our own small grammar for the date forms a diary must never get wrong.

Each form here is one a general parser reads wrongly or silently guesses at: numeric
day/month order, "2 weeks ago", "3rd November", weekday names relative to today, holidays.
``grammar_date`` returns a date, an Ambiguous, a NotUnderstood (the form is ours but the
date is not valid, or the phrase is too vague to be a day) or None (not a form we know: the
caller may ask dateparser).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from service.domain.reader.types import Ambiguous, Context, NotUnderstood, Prefer
from service.domain.reader.weekdays import english_weekday
from service.domain.reader.words import DAY, MONTH, MONTHS, WEEKDAY, WEEKDAYS, count, day_number

GrammarResult = date | Ambiguous | NotUnderstood | None

_UNIT = r"(?P<unit>days?|d|weeks?|wks?|wk|w|fortnights?|months?|mos?|mths?|years?|yrs?|y)"
_N = r"(?P<n>\d{1,4}|an?|[a-z]+(?:[ -][a-z]+)?)"
_AGO = re.compile(r"^" + _N + r"\s*" + _UNIT + r"\s+(?:ago|back|earlier)$")
_IN = re.compile(r"^in\s+" + _N + r"\s*" + _UNIT + r"(?:\s+time)?$")
_FROM_NOW = re.compile(r"^" + _N + r"\s*" + _UNIT + r"\s+from\s+(?:now|today)$")
_ISO = re.compile(r"^(?P<y>\d{4})([-/.])(?P<m>\d{1,2})\2(?P<d>\d{1,2})$")
_NUMERIC = re.compile(
    r"^(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d{2}))?\.?$"
)
_DAY_MONTH = re.compile(
    r"^(?:the\s+)?" + DAY + r"(?:\s+of)?\s*" + MONTH + r"(?:,?\s+(?P<year>\d{4}))?$"
)
_MONTH_DAY = re.compile(r"^" + MONTH + r"\s+(?:the\s+)?" + DAY + r"(?:,?\s+(?P<year>\d{4}))?$")
_DAY_OF_MONTH = re.compile(
    r"^the\s+" + DAY + r"(?: of (?:the|this) month)?$|^(?P<day2>\d{1,2}(?:st|nd|rd|th))$"
)
_WEEKDAY_ONLY = re.compile(r"^(?P<which>last|next|this|coming|past)?\s*" + WEEKDAY + r"$")
_WEEK_AND_DAY = re.compile(
    r"^(?:(?P<w1>last|next|this) week(?:'s)?\s+(?:on\s+)?" + WEEKDAY + r"|"
    + WEEKDAY.replace("weekday", "weekday2") + r"\s+(?:of\s+)?(?P<w2>last|next|this) week)$"
)  # fmt: skip
_LEADING_WEEKDAY = re.compile(r"^" + WEEKDAY + r",?\s+(?P<rest>.*\d.*)$")
_RELATIVE_DAYS = {
    "today": 0,
    "now": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": -1,
    "last night": -1,
    "yesterday morning": -1,
    "yesterday evening": -1,
    "day before yesterday": -2,
    "the day before yesterday": -2,
    "tomorrow": 1,
    "tomorrow morning": 1,
    "tomorrow evening": 1,
    "day after tomorrow": 2,
    "the day after tomorrow": 2,
}
_HOLIDAYS = {
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "xmas": (12, 25),
    "x-mas": (12, 25),
    "christmas eve": (12, 24),
    "boxing day": (12, 26),
    "new year": (1, 1),
    "new years": (1, 1),
    "new year's": (1, 1),
    "new year's day": (1, 1),
    "new years day": (1, 1),
    "new year's eve": (12, 31),
    "new years eve": (12, 31),
    "silvester": (12, 31),
    "easter": (0, 0),
    "easter sunday": (0, 0),
    "easter monday": (0, 1),
}
#: Words that name a stretch of time, not a day: a diary entry needs the day itself.
_VAGUE = re.compile(
    r"\b(couple|few|several|some|recently|other day|a while|ages|"
    r"(last|next|this|past|coming) (week|month|year|weekend)|early|late|mid|end of|beginning)\b"
)
_YEARS = range(1900, 2201)
#: "on" before a numeric date in the bot's other languages (only before a digit: "am 16.12.").
_ON_WORDS = ("am ", "el ", "no dia ", "dia ", "em ")


def without_on(text: str) -> str:
    """``text`` (cleaned) without a leading "on" ("on 3 Dec"; "am 16.12.", "el 16 de diciembre",
    "no dia 16/12" before a digit in our other languages)."""
    t = text.removeprefix("on ").strip()
    for word in _ON_WORDS:
        if t.startswith(word) and t[len(word) : len(word) + 1].isdigit():
            return t[len(word) :]
    return t


def grammar_date(text: str, ctx: Context, prefer: Prefer, at: time | None = None) -> GrammarResult:
    """The day ``text`` (already cleaned) names by our own grammar; see the module docstring."""
    t = without_on(text)
    today = ctx.today
    if t in _RELATIVE_DAYS:
        return today + timedelta(days=_RELATIVE_DAYS[t])
    if t.startswith("the ") and t[4:] in _HOLIDAYS:
        t = t[4:]
    if t in _HOLIDAYS:
        month, day = _HOLIDAYS[t]
        if month == 0:
            return _easter(ctx, prefer, at, offset=day)
        return _yearless(month, day, ctx, prefer, at) or NotUnderstood(text)
    for pattern, sign in ((_AGO, -1), (_IN, 1), (_FROM_NOW, 1)):
        if match := pattern.match(t):
            return _relative(match, sign, today) or NotUnderstood(text)
    if match := _ISO.match(t):
        return _checked(int(match["y"]), int(match["m"]), int(match["d"])) or NotUnderstood(text)
    if match := _NUMERIC.match(t):
        return _numeric(match, ctx, prefer, at, text)
    if match := _LEADING_WEEKDAY.match(t):
        inner = grammar_date(match["rest"], ctx, prefer, at)
        if isinstance(inner, date):
            return inner if inner.weekday() == WEEKDAYS[match["weekday"]] else NotUnderstood(text)
        if isinstance(inner, Ambiguous):
            fits = tuple(d for d in inner.options if d.weekday() == WEEKDAYS[match["weekday"]])
            return fits[0] if len(fits) == 1 else inner if fits else NotUnderstood(text)
        return inner
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        if match := pattern.match(t):
            month, day = MONTHS[match["month"]], day_number(match["day"])
            if match["year"]:
                return _checked(int(match["year"]), month, day) or NotUnderstood(text)
            return _yearless(month, day, ctx, prefer, at) or NotUnderstood(text)
    if match := _DAY_OF_MONTH.match(t):
        day = day_number(match["day"] or match["day2"])
        return _day_of_month(day, ctx, prefer, at) or NotUnderstood(text)
    if match := _WEEKDAY_ONLY.match(english_weekday(t) or t):
        return _weekday(WEEKDAYS[match["weekday"]], match["which"], ctx, prefer, at)
    if match := _WEEK_AND_DAY.match(t):
        weekday = WEEKDAYS[match["weekday"] or match["weekday2"]]
        shift = {"last": -7, "this": 0, "next": 7}[match["w1"] or match["w2"]]
        monday = today - timedelta(days=today.weekday())
        return monday + timedelta(days=shift + weekday)
    if _VAGUE.search(t):
        return NotUnderstood(text)
    return None


def _checked(year: int, month: int, day: int) -> date | None:
    if year not in _YEARS:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def allowed(day: date, ctx: Context, prefer: Prefer, at: time | None) -> bool:
    """True when ``day`` (at ``at``) lies on the side of now that ``prefer`` asks for.

    PAST: not in the future (today counts unless its time is still to come).
    FUTURE: in the future (today counts only with a time later than now).
    """
    today = ctx.today
    if day != today:
        return (day < today) == (prefer is Prefer.PAST)
    if prefer is Prefer.PAST:
        return at is None or datetime.combine(day, at) <= ctx.local_now
    return at is not None and datetime.combine(day, at) > ctx.local_now


def _yearless(month: int, day: int, ctx: Context, prefer: Prefer, at: time | None) -> date | None:
    step = -1 if prefer is Prefer.PAST else 1
    year = ctx.today.year
    for i in range(9):  # 29 February is at most 8 years away
        found = _checked(year + step * i, month, day)
        if found is not None and allowed(found, ctx, prefer, at):
            return found
    return None


def _easter(ctx: Context, prefer: Prefer, at: time | None, offset: int) -> date:
    step = -1 if prefer is Prefer.PAST else 1
    year = ctx.today.year
    while True:
        found = easter(year) + timedelta(days=offset)
        if allowed(found, ctx, prefer, at):
            return found
        year += step


def _relative(match: re.Match[str], sign: int, today: date) -> date | None:
    n = count(match["n"])
    if n is None or n > 3660:
        return None
    unit = match["unit"]
    if unit.startswith("d"):
        delta: timedelta | relativedelta = timedelta(days=n)
    elif unit.startswith("w"):
        delta = timedelta(weeks=n)
    elif unit.startswith("f"):
        delta = timedelta(weeks=2 * n)
    elif unit.startswith("m"):
        delta = relativedelta(months=n)
    else:
        delta = relativedelta(years=n)
    result: date = today - delta if sign < 0 else today + delta
    return result if result.year in _YEARS else None


def _numeric(
    match: re.Match[str], ctx: Context, prefer: Prefer, at: time | None, text: str
) -> date | Ambiguous | NotUnderstood:
    a, b = int(match["a"]), int(match["b"])
    year_text = match["y"]
    year = None if year_text is None else int(year_text) + (2000 if len(year_text) == 2 else 0)
    order = ctx.date_order
    if order is None and match["sep"] == ".":
        order = "DMY"  # 03.11.2026: dots are written day first wherever they are used
    # Month-first reading listed first: 11/3/2026 -> (3 November, 11 March).
    readings = [(b, a), (a, b)] if order is None else [(a, b) if order == "DMY" else (b, a)]
    found: list[date] = []
    for day, month in readings:
        if year is None:
            if not 1 <= month <= 12:
                continue
            value = _yearless(month, day, ctx, prefer, at)
        else:
            value = _checked(year, month, day)
        if value is not None and value not in found:
            found.append(value)
    if not found:
        return NotUnderstood(text)
    if len(found) == 1:
        return found[0]
    return Ambiguous(options=tuple(found), text=text, at=at)


def _day_of_month(day: int, ctx: Context, prefer: Prefer, at: time | None) -> date | None:
    step = -1 if prefer is Prefer.PAST else 1
    first = ctx.today.replace(day=1)
    for i in range(13):
        month = first + relativedelta(months=step * i)
        found = _checked(month.year, month.month, day)
        if found is not None and allowed(found, ctx, prefer, at):
            return found
    return None


def _weekday(
    weekday: int, which: str | None, ctx: Context, prefer: Prefer, at: time | None
) -> date:
    today = ctx.today
    if which == "this":
        return today - timedelta(days=today.weekday()) + timedelta(days=weekday)
    if which in ("last", "past"):
        back = (today.weekday() - weekday) % 7 or 7
        return today - timedelta(days=back)
    if which in ("next", "coming"):
        ahead = (weekday - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    step = -1 if prefer is Prefer.PAST else 1
    for i in range(8):
        found = today + timedelta(days=step * i)
        if found.weekday() == weekday and allowed(found, ctx, prefer, at):
            return found
    raise AssertionError("a weekday repeats within 8 days")  # pragma: no cover
