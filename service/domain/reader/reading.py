"""The entry points for days and moments: read_date, read_datetime, read_until, split_date."""

from __future__ import annotations

from datetime import date, time, timedelta

from service.domain.reader.amounts import read_duration
from service.domain.reader.calendar import allowed, grammar_date
from service.domain.reader.clock import _read as _read_clock
from service.domain.reader.fallback import fallback_moment
from service.domain.reader.types import Ambiguous, Context, Moment, NotUnderstood, Prefer, Span
from service.domain.reader.words import clean

_UNTIL = (
    "up until ", "until the ", "until ", "untill ", "till ", "til ", "'til ", "up to ",
    "through ", "thru ", "to ", "by ", "ending ",
)  # fmt: skip


def _grammar_moment(
    cleaned: str, ctx: Context, prefer: Prefer
) -> Moment | Ambiguous | NotUnderstood | None:
    """A day with an optional time by our own grammar; None when the form is not ours."""
    found = grammar_date(cleaned, ctx, prefer, None)
    if isinstance(found, date):
        return Moment(found)
    if found is not None:
        return found
    clock = _read_clock(cleaned, bare_hour=False)
    if clock is not None:
        return Moment(_day_for_time(clock, ctx, prefer), clock)
    tokens = cleaned.split(" ")
    for i in range(len(tokens) - 1, 0, -1):
        for date_part, time_part in (
            (tokens[:i], tokens[i:]),  # "tomorrow 2pm"
            (tokens[i:], tokens[:i]),  # "2pm tomorrow"
        ):
            date_text = " ".join(date_part).strip(" ,")
            time_text = " ".join(time_part).strip(" ,")
            if date_text.endswith(" at"):  # "Dec 10 at 9"
                date_text = date_text.removesuffix(" at").strip(" ,")
                time_text = "at " + time_text
            clock = _read_clock(time_text, bare_hour=False)
            if clock is None:
                continue
            if isinstance(read_duration(date_text), Span):
                return NotUnderstood(cleaned)  # "2 days 10:00": a length, not a day
            day = grammar_date(date_text, ctx, prefer, clock)
            if isinstance(day, date):
                return Moment(day, clock)
            if isinstance(day, Ambiguous):
                return Ambiguous(options=day.options, text=cleaned, at=clock)
            if isinstance(day, NotUnderstood):
                return day
    return None


def _read_day(
    cleaned: str, original: str, ctx: Context, prefer: Prefer, fallback: bool
) -> date | Ambiguous | NotUnderstood:
    if not cleaned or isinstance(read_duration(cleaned), Span):
        return NotUnderstood(original)  # "2 days" is a length of time, not a day
    found = _grammar_moment(cleaned, ctx, prefer)
    if isinstance(found, Moment) and found.at is None:
        return found.day
    if isinstance(found, Ambiguous) and found.at is None:
        return Ambiguous(options=found.options, text=original)
    if found is not None:  # not a day, or a day with a time (read_datetime reads those)
        return NotUnderstood(original)
    if fallback:
        moment = fallback_moment(cleaned, ctx, prefer)
        if moment is not None and moment[1] is None:
            return moment[0]
    return NotUnderstood(original)


def read_date(
    text: str, ctx: Context, prefer: Prefer = Prefer.PAST
) -> date | Ambiguous | NotUnderstood:
    """The day ``text`` names, read in the patient's zone and language.

    ``prefer`` says which way a day without a direction points ("Tuesday", "3rd November"):
    PAST the most recent one not in the future, FUTURE the next one after today. A typed year
    is kept. Numeric day/month that could be both is Ambiguous unless ctx.date_order decides.
    A phrase with a time of day in it is NotUnderstood here (use read_datetime), and so is a
    length of time alone ("2 days").
    """
    return _read_day(clean(text), text, ctx, prefer, fallback=True)


def read_datetime(
    text: str, ctx: Context, prefer: Prefer = Prefer.FUTURE
) -> Moment | Ambiguous | NotUnderstood:
    """A day with an optional time: "next Monday 10:30", "tomorrow 2pm", "Dec 10 at 9", "8am".

    A time alone is today if that fits ``prefer`` (later than now for FUTURE, not later for
    PAST), otherwise tomorrow / yesterday. Ambiguous carries the time in ``at``.
    """
    cleaned = clean(text)
    if not cleaned or isinstance(read_duration(cleaned), Span):
        return NotUnderstood(text)
    found = _grammar_moment(cleaned, ctx, prefer)
    if isinstance(found, Moment):
        return found
    if isinstance(found, Ambiguous):
        return Ambiguous(options=found.options, text=text, at=found.at)
    if found is not None:
        return NotUnderstood(text)
    moment = fallback_moment(cleaned, ctx, prefer)
    if moment is not None:
        return Moment(moment[0], moment[1])
    return NotUnderstood(text)


def _day_for_time(clock: time, ctx: Context, prefer: Prefer) -> date:
    today = ctx.today
    if allowed(today, ctx, prefer, clock):
        return today
    return today + timedelta(days=1 if prefer is Prefer.FUTURE else -1)


def read_until(text: str, ctx: Context) -> date | Ambiguous | NotUnderstood:
    """The last day of something: "until Christmas", "till Friday", "for 3 months", "2 weeks".

    A date is read preferring the future; a length of time counts from today.
    """
    cleaned = clean(text)
    for word in _UNTIL:
        if cleaned.startswith(word):
            cleaned = cleaned[len(word) :].strip()
            break
    if not cleaned:
        return NotUnderstood(text)
    span = read_duration(cleaned)
    if isinstance(span, Span):
        return span.add_to(ctx.today)
    return _read_day(cleaned, text, ctx, Prefer.FUTURE, fallback=True)


def split_date(
    text: str, ctx: Context, prefer: Prefer = Prefer.PAST
) -> tuple[date | Ambiguous | None, str]:
    """The longest date phrase at the start or end of ``text`` and the words left over.

    "2 weeks ago 50 units" -> (that date, "50 units"); "50 3rd November" -> (3 Nov, "50");
    no date at either end -> (None, text). The rest keeps the patient's own spelling.
    """
    tokens = text.split()
    n = len(tokens)
    for fallback in (False, True):  # our grammar at any length before dateparser at any
        for k in range(n, 0, -1):
            for piece, rest in ((tokens[:k], tokens[k:]), (tokens[n - k :], tokens[: n - k])):
                words = " ".join(piece)
                found = _read_day(clean(words), words, ctx, prefer, fallback=fallback)
                if not isinstance(found, NotUnderstood):
                    return found, " ".join(rest)
    return None, text.strip()
