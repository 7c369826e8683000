"""The phrases the reader is tested with and how each is read: the source of docs/reading.md.

``python -m service.domain.reader.phrases`` prints the markdown table; tests check every row
against the reader and that docs/reading.md is this output. The context is fixed: now is
Monday 30 November 2026, 10:00 UTC (11:00 in Europe/Berlin), language English, date order
unknown.
"""

from __future__ import annotations

import sys
import time as timer
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from service.domain.reader.amounts import read_duration, read_frequency
from service.domain.reader.clock import read_time, read_times
from service.domain.reader.reading import read_date, read_datetime, read_until, split_date
from service.domain.reader.types import Ambiguous, Context, Moment, NotUnderstood, Prefer, Span
from service.domain.reader.words import read_number

CONTEXT = Context.for_patient(
    now=datetime(2026, 11, 30, 10, 0, tzinfo=UTC), zone="Europe/Berlin", language="en"
)
PAST, FUTURE = Prefer.PAST, Prefer.FUTURE
NU = NotUnderstood("")  # compared by type only


def d(month: int, day: int, year: int = 2026) -> date:
    """A date in the table (2026 unless given)."""
    return date(year, month, day)


def m(month: int, day: int, hour: int | None = None, minute: int = 0, year: int = 2026) -> Moment:
    """A moment in the table."""
    return Moment(date(year, month, day), None if hour is None else time(hour, minute))


def amb(*options: date) -> Ambiguous:
    """An ambiguous reading in the table (text is filled in when compared)."""
    return Ambiguous(options=options, text="")


@dataclass(frozen=True)
class Phrase:
    """One row: the patient's words, which reader, which way, and the expected reading."""

    text: str
    reader: str
    prefer: Prefer | None
    expected: object


def _p(text: str, reader: str, expected: object, prefer: Prefer | None = None) -> Phrase:
    return Phrase(text, reader, prefer, expected)


PHRASES: tuple[Phrase, ...] = (
    # Past days: a diary entry, an injection
    _p("2 weeks ago", "date", d(11, 16), PAST),
    _p("1 week ago", "date", d(11, 23), PAST),
    _p("a week ago", "date", d(11, 23), PAST),
    _p("two weeks ago", "date", d(11, 16), PAST),
    _p("3 days ago", "date", d(11, 27), PAST),
    _p("10 days ago", "date", d(11, 20), PAST),
    _p("2 months ago", "date", d(9, 30), PAST),
    _p("a fortnight ago", "date", d(11, 16), PAST),
    _p("3wks ago", "date", d(11, 9), PAST),
    _p("yesterday", "date", d(11, 29), PAST),
    _p("today", "date", d(11, 30), PAST),
    _p("the day before yesterday", "date", d(11, 28), PAST),
    _p("last Tuesday", "date", d(11, 24), PAST),
    _p("last monday", "date", d(11, 23), PAST),
    _p("Tuesday", "date", d(11, 24), PAST),
    _p("monday", "date", d(11, 30), PAST),
    _p("on Friday", "date", d(11, 27), PAST),
    _p("last week Monday", "date", d(11, 23), PAST),
    _p("Wednesday last week", "date", d(11, 25), PAST),
    _p("3rd November", "date", d(11, 3), PAST),
    _p("3rd of November", "date", d(11, 3), PAST),
    _p("the 3rd of November", "date", d(11, 3), PAST),
    _p("November 3rd", "date", d(11, 3), PAST),
    _p("Nov 3", "date", d(11, 3), PAST),
    _p("3 Nov", "date", d(11, 3), PAST),
    _p("3 Nov 2025", "date", d(11, 3, 2025), PAST),
    _p("Nov 3, 2026", "date", d(11, 3), PAST),
    _p("Tuesday 3 November", "date", d(11, 3), PAST),
    _p("Monday 3 November", "date", NU, PAST),
    _p("12 December", "date", d(12, 12, 2025), PAST),
    _p("on the 3rd", "date", d(11, 3), PAST),
    _p("the 30th", "date", d(11, 30), PAST),
    _p("03.11.2026", "date", d(11, 3), PAST),
    _p("3.11.", "date", d(11, 3), PAST),
    _p("2026-11-03", "date", d(11, 3), PAST),
    _p("11/3/2026", "date", amb(d(11, 3), d(3, 11)), PAST),
    _p("3/11/2026", "date", amb(d(3, 11), d(11, 3)), PAST),
    _p("11/3", "date", amb(d(11, 3), d(3, 11)), PAST),
    _p("13/11/2026", "date", d(11, 13), PAST),
    _p("11/13/2026", "date", d(11, 13), PAST),
    _p("11/11/2026", "date", d(11, 11), PAST),
    _p("3/11/26", "date", amb(d(3, 11), d(11, 3)), PAST),
    _p("31/2/2026", "date", NU, PAST),
    _p("third of November", "date", d(11, 3), PAST),
    _p("the twenty-first of November", "date", d(11, 21), PAST),
    _p("Sat 28 Nov", "date", d(11, 28), PAST),
    _p("28/11", "date", d(11, 28), PAST),
    _p("11.3", "date", d(3, 11), PAST),
    _p("a month ago", "date", d(10, 30), PAST),
    _p("1 year ago", "date", d(11, 30, 2025), PAST),
    _p("Christmas", "date", d(12, 25, 2025), PAST),
    _p("Easter", "date", d(4, 5), PAST),
    _p("New Year's Eve", "date", d(12, 31, 2025), PAST),
    _p("November", "date", NU, PAST),
    _p("2026", "date", NU, PAST),
    _p("2 days", "date", NU, PAST),
    _p("yesterday at 10", "date", NU, PAST),
    _p("2", "date", NU, PAST),
    _p("50", "date", NU, PAST),
    _p("weeks ago", "date", NU, PAST),
    _p("last week", "date", NU, PAST),
    _p("a few days ago", "date", NU, PAST),
    _p("blah", "date", NU, PAST),
    _p("3 november 50", "date", NU, PAST),
    _p("tomorrow 2pm", "date", NU, PAST),
    # Future days: an appointment, a pause
    _p("tomorrow", "date", d(12, 1), FUTURE),
    _p("Tuesday", "date", d(12, 1), FUTURE),
    _p("monday", "date", d(12, 7), FUTURE),
    _p("next Monday", "date", d(12, 7), FUTURE),
    _p("this Friday", "date", d(12, 4), FUTURE),
    _p("next week Tuesday", "date", d(12, 8), FUTURE),
    _p("in 3 weeks", "date", d(12, 21), FUTURE),
    _p("in a week", "date", d(12, 7), FUTURE),
    _p("3 months from now", "date", d(2, 28, 2027), FUTURE),
    _p("3rd November", "date", d(11, 3, 2027), FUTURE),
    _p("Dec 10", "date", d(12, 10), FUTURE),
    _p("24.12.", "date", d(12, 24), FUTURE),
    _p("on the 3rd", "date", d(12, 3), FUTURE),
    _p("11/3", "date", amb(d(11, 3, 2027), d(3, 11, 2027)), FUTURE),
    _p("the first", "date", d(12, 1), FUTURE),
    _p("Christmas", "date", d(12, 25), FUTURE),
    _p("next week", "date", NU, FUTURE),
    # Days with a time
    _p("next Monday 10:30", "datetime", m(12, 7, 10, 30), FUTURE),
    _p("in 2 weeks 10:00", "datetime", m(12, 14, 10), FUTURE),
    _p("tomorrow 2pm", "datetime", m(12, 1, 14), FUTURE),
    _p("2pm tomorrow", "datetime", m(12, 1, 14), FUTURE),
    _p("Dec 10 at 9", "datetime", m(12, 10, 9), FUTURE),
    _p("10 December at 9:15am", "datetime", m(12, 10, 9, 15), FUTURE),
    _p("monday 10:30", "datetime", m(12, 7, 10, 30), FUTURE),
    _p("monday 14:00", "datetime", m(11, 30, 14), FUTURE),
    _p("10:30 on Friday", "datetime", m(12, 4, 10, 30), FUTURE),
    _p("8am", "datetime", m(12, 1, 8), FUTURE),
    _p("21:00", "datetime", m(11, 30, 21), FUTURE),
    _p("tomorrow", "datetime", m(12, 1), FUTURE),
    _p("11/3 at 10am", "datetime", amb(d(11, 3, 2027), d(3, 11, 2027)), FUTURE),
    _p("yesterday 8pm", "datetime", m(11, 29, 20), PAST),
    _p("9am", "datetime", m(11, 30, 9), PAST),
    _p("3 Nov 9", "datetime", NU, FUTURE),
    _p("yesterday at 10", "datetime", m(11, 29, 10), PAST),
    _p("last Friday at 3pm", "datetime", m(11, 27, 15), PAST),
    _p("tomorrow at noon", "datetime", m(12, 1, 12), FUTURE),
    _p("tonight 9pm", "datetime", m(11, 30, 21), FUTURE),
    _p("in 10 days at 8", "datetime", m(12, 10, 8), FUTURE),
    _p("10/12 9:00", "datetime", amb(d(10, 12, 2027), d(12, 10)), FUTURE),
    _p("Monday, 3 November 10:00", "datetime", NU, FUTURE),
    _p("2 days 10:00", "datetime", NU, FUTURE),
    # Times of day
    _p("8am", "time", time(8)),
    _p("8 am", "time", time(8)),
    _p("8.30pm", "time", time(20, 30)),
    _p("8:30 p.m.", "time", time(20, 30)),
    _p("20:30", "time", time(20, 30)),
    _p("9:15", "time", time(9, 15)),
    _p("21:00", "time", time(21)),
    _p("21h", "time", time(21)),
    _p("21h30", "time", time(21, 30)),
    _p("noon", "time", time(12)),
    _p("midnight", "time", time(0)),
    _p("12am", "time", time(0)),
    _p("12pm", "time", time(12)),
    _p("9 in the evening", "time", time(21)),
    _p("half past eight", "time", time(8, 30)),
    _p("quarter to nine in the evening", "time", time(20, 45)),
    _p("eight pm", "time", time(20)),
    _p("8 o'clock", "time", time(8)),
    _p("9", "time", time(9)),
    _p("13pm", "time", NU),
    _p("25:00", "time", NU),
    _p("evening", "time", NU),
    _p("8am and 8pm", "times", (time(8), time(20))),
    _p("8:00, 14:00, 20:00", "times", (time(8), time(14), time(20))),
    _p("8am 8pm", "times", (time(8), time(20))),
    _p("8am and later", "times", NU),
    # How often
    _p("three times a day", "frequency", 3),
    _p("3 times a day", "frequency", 3),
    _p("3x daily", "frequency", 3),
    _p("twice a day", "frequency", 2),
    _p("twice daily", "frequency", 2),
    _p("once daily", "frequency", 1),
    _p("once a day", "frequency", 1),
    _p("daily", "frequency", 1),
    _p("every 12 hours", "frequency", 2),
    _p("every 8 hours", "frequency", 3),
    _p("bid", "frequency", 2),
    _p("4", "frequency", 4),
    _p("every other day", "frequency", NU),
    _p("every 5 hours", "frequency", NU),
    # How long, until when
    _p("3 months", "duration", Span(months=3)),
    _p("2 weeks", "duration", Span(days=14)),
    _p("10 days", "duration", Span(days=10)),
    _p("a year", "duration", Span(months=12)),
    _p("six weeks", "duration", Span(days=42)),
    _p("1 month and 2 weeks", "duration", Span(days=14, months=1)),
    _p("3", "duration", NU),
    _p("until Christmas", "until", d(12, 25)),
    _p("till New Year", "until", d(1, 1, 2027)),
    _p("until Friday", "until", d(12, 4)),
    _p("until 15 January", "until", d(1, 15, 2027)),
    _p("for 2 weeks", "until", d(12, 14)),
    _p("3 months", "until", d(2, 28, 2027)),
    _p("until Easter", "until", d(3, 28, 2027)),
    _p("until whenever", "until", NU),
    # Numbers
    _p("50", "number", 50),
    _p("fifty", "number", 50),
    _p("twenty-five", "number", 25),
    _p("a hundred", "number", 100),
    _p("50 units", "number", 50),
    _p("lots", "number", None),
    _p("5000", "number", None),
    # A date and the rest (a command's arguments)
    _p("2 weeks ago 50 units", "split", (d(11, 16), "50 units"), PAST),
    _p("3rd November 50", "split", (d(11, 3), "50"), PAST),
    _p("50 yesterday", "split", (d(11, 29), "50"), PAST),
    _p("11/3/2026 50", "split", (amb(d(11, 3), d(3, 11)), "50"), PAST),
    _p("50 units", "split", (None, "50 units"), PAST),
)

_UNITS = ("unit", "units", "u", "iu")


def read(phrase: Phrase, ctx: Context = CONTEXT) -> object:
    """What the reader makes of one row's words."""
    prefer = phrase.prefer or PAST
    readers: dict[str, Callable[[], object]] = {
        "date": lambda: read_date(phrase.text, ctx, prefer),
        "datetime": lambda: read_datetime(phrase.text, ctx, prefer),
        "time": lambda: read_time(phrase.text),
        "times": lambda: read_times(phrase.text),
        "frequency": lambda: read_frequency(phrase.text),
        "duration": lambda: read_duration(phrase.text),
        "until": lambda: read_until(phrase.text, ctx),
        "number": lambda: read_number(phrase.text, low=1, high=1000, units=_UNITS),
        "split": lambda: split_date(phrase.text, ctx, prefer),
    }
    return readers[phrase.reader]()


def same(actual: object, expected: object) -> bool:
    """True when ``actual`` is the reading ``expected`` stands for (texts are not compared)."""
    if isinstance(expected, NotUnderstood):
        return isinstance(actual, NotUnderstood)
    if isinstance(expected, Ambiguous):
        return isinstance(actual, Ambiguous) and actual.options == expected.options
    if isinstance(expected, tuple) and len(expected) == 2 and isinstance(expected[1], str):
        return (
            isinstance(actual, tuple) and same(actual[0], expected[0]) and actual[1] == expected[1]
        )
    return type(actual) is type(expected) and actual == expected


def describe(value: object) -> str:
    """A reading in words for the table."""
    if isinstance(value, NotUnderstood) or value is None:
        return "not understood: asks again"
    if isinstance(value, Ambiguous):
        return "asks: " + " or ".join(_day(o) for o in value.options)
    if isinstance(value, Moment):
        return _day(value.day) + ("" if value.at is None else f" {value.at:%H:%M}")
    if isinstance(value, date):
        return _day(value)
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, Span):
        parts = []
        if value.months:
            parts.append(f"{value.months} month{'s' if value.months != 1 else ''}")
        if value.days:
            parts.append(f"{value.days} day{'s' if value.days != 1 else ''}")
        return " and ".join(parts)
    if isinstance(value, tuple) and value and isinstance(value[0], time):
        return ", ".join(f"{t:%H:%M}" for t in value)
    if isinstance(value, tuple):
        first = "no date" if value[0] is None else describe(value[0])
        return f"{first}; rest “{value[1]}”"
    return str(value)


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


_READER_NAMES = {
    "date": "read_date",
    "datetime": "read_datetime",
    "time": "read_time",
    "times": "read_times",
    "frequency": "read_frequency (per day)",
    "duration": "read_duration",
    "until": "read_until",
    "number": "read_number (1-1000)",
    "split": "split_date",
}


def markdown() -> str:
    """docs/reading.md: the table of phrases and readings."""
    lines = [
        "# How the bot reads dates, times and numbers",
        "",
        "Generated by `python -m service.domain.reader.phrases` from the table the tests check",
        "(tests/domain/test_reader.py); do not edit by hand.",
        "",
        "Read as on **Monday 30 November 2026, 11:00 in Europe/Berlin**; English; the patient's",
        'date order (day or month first) not yet known. "past" is a diary entry (the most recent',
        'such day, today included), "future" a plan (the next such day after today; today only',
        "with a time still to come).",
        "",
        "| phrase | reader | use | read as |",
        "|---|---|---|---|",
    ]
    for phrase in PHRASES:
        use = phrase.prefer.value if phrase.prefer else "–"
        text = phrase.text.replace("|", "\\|")
        reading = describe(phrase.expected)
        lines.append(f"| {text} | {_READER_NAMES[phrase.reader]} | {use} | {reading} |")
    lines += ["", _RULES]
    return "\n".join(lines) + "\n"


_RULES = """## Rules

- Our own grammar reads first; dateparser reads what it does not know (other languages,
  rarer English). Why dateparser, and how its guesses are checked: see the docstring of
  `service/domain/reader/__init__.py`.
- Numeric day/month: dots are day first (03.11.2026); with / or - and no known date order,
  both readings are offered when both are valid and differ (month-first reading first).
  A year-first date (2026-11-03) is never ambiguous.
- A weekday alone follows the use (past: the most recent, today included; future: the next
  after today). "last Tuesday" is the one before today, "next Monday" the one after today,
  "this Friday" the one in this week (Monday to Sunday), "last week Monday" the Monday of
  last week.
- A stretch of time is not a day: "last week", "a few days ago", "recently" are not
  understood, so the bot asks for the day.
- A time without am/pm is on the 24-hour clock ("8:30" is 08:30, "9" is 09:00, "half past
  eight" is 08:30); a lone number after a date needs "at" ("Dec 10 at 9").
- Frequencies are whole times per day; "every other day" and "every 5 hours" are not.
- A weekday written with a date that falls on another weekday is not understood.
- A length of time alone ("2 days") is not a day: "2 days ago" or "in 2 days" is.
- Days of the month may be words ("third of November", "the twenty-first").
- Other languages (the patient's, then English) are read by dateparser: "vor 2 Wochen",
  "gestern", "Dienstag". Its own vague phrases ("letzte Woche") are not caught there.
"""


def measure(rounds: int = 200) -> dict[str, float]:
    """µs per read after warm-up for a grammar phrase, a time, and a dateparser phrase."""
    german = Context.for_patient(now=CONTEXT.now, zone="Europe/Berlin", language="de")
    samples = {
        "grammar date (2 weeks ago)": lambda: read_date("2 weeks ago", CONTEXT),
        "time (8.30pm)": lambda: read_time("8.30pm"),
        "datetime (next Monday 10:30)": lambda: read_datetime("next Monday 10:30", CONTEXT),
        "dateparser date (vor 2 Wochen, de)": lambda: read_date("vor 2 Wochen", german),
        "not understood (blah)": lambda: read_date("blah", CONTEXT),
    }
    result = {}
    for name, call in samples.items():
        call()
        start = timer.perf_counter()
        for _ in range(rounds):
            call()
        result[name] = (timer.perf_counter() - start) / rounds * 1e6
    return result


if __name__ == "__main__":  # pragma: no cover
    if sys.argv[1:] == ["--measure"]:
        for name, micros in measure().items():
            print(f"{name}: {micros:.0f} µs")
    else:
        sys.stdout.write(markdown())
