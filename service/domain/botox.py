"""Botox cycles: the reminder plan after an injection, reading /botox input, and wear-off.

Everything here is pure (dates, numbers, no I/O). Day numbers count from the injection day,
which is day 0: the day-7 question comes one week after the injection, on the same weekday.

Defaults and their sources are in docs/botox.md (and ../shared/clinical.md).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from fractions import Fraction

from service.domain.dates import parse_patient_date
from service.domain.numbers import read_int

__all__ = [
    "BASELINE_DAYS",
    "DEFAULT_INTERVAL_WEEKS",
    "DEFAULT_LEAD_WEEKS",
    "DEFAULT_REMINDER_TIME",
    "EFFECT_DAY",
    "INTERVAL_MAX_WEEKS",
    "INTERVAL_MIN_WEEKS",
    "MIN_BASELINE_DAYS",
    "MIN_BASELINE_TOTAL",
    "NOTE_MAX",
    "ONSET_DAY",
    "UNITS_MAX",
    "WEAR_OFF_FROM_DAY",
    "BotoxEntry",
    "BotoxInputError",
    "Reminder",
    "Step",
    "WearOff",
    "WearOffSource",
    "baseline_of",
    "booking_day",
    "clear_benefit",
    "cycle_plan",
    "cycle_status",
    "day_of_cycle",
    "detect_wear_off",
    "due_date",
    "is_back",
    "parse_botox_args",
    "parse_interval",
    "plan_offsets",
    "recent_checkins",
    "return_start",
    "weeks_and_days",
    "window_mean",
]

#: Day of the "has it started working?" question (onset is about 4-8 days after injection).
ONSET_DAY = 7
#: Day of the "how good is the effect / any side effects?" question (week 4, near peak benefit).
EFFECT_DAY = 28
#: Reinjection interval (benefit lasts about 12-15 weeks; clinics reinject every 3-4 months).
DEFAULT_INTERVAL_WEEKS = 12
INTERVAL_MIN_WEEKS = 6
INTERVAL_MAX_WEEKS = 26
#: "Time to book" comes this many weeks before the due date.
DEFAULT_LEAD_WEEKS = 2
#: Reminder time when the patient has no daily check-in time.
DEFAULT_REMINDER_TIME = time(10, 0)
#: Units of toxin a patient may log (the column allows 0-1000).
UNITS_MAX = 1000
#: Longest note on an injection.
NOTE_MAX = 200


class Step(StrEnum):
    """The reminders of one cycle, in the order they come."""

    ONSET = "onset"
    EFFECT = "effect"
    BOOKING = "booking"
    DUE = "due"


@dataclass(frozen=True)
class Reminder:
    """One planned reminder: its step, day number, local date and naive local wall time."""

    step: Step
    day: int
    on: date
    at_local: datetime


def _check_interval(interval_weeks: int) -> None:
    if not INTERVAL_MIN_WEEKS <= interval_weeks <= INTERVAL_MAX_WEEKS:
        raise ValueError(
            f"interval must be {INTERVAL_MIN_WEEKS}-{INTERVAL_MAX_WEEKS} weeks, "
            f"not {interval_weeks}"
        )


def booking_day(interval_weeks: int, lead_weeks: int = DEFAULT_LEAD_WEEKS) -> int:
    """Day of the "time to book" reminder: the due day minus the lead.

    It must fall strictly between the week-4 question and the due day; when the lead does not
    allow that (a short interval or an odd lead), it falls halfway between the two.
    """
    _check_interval(interval_weeks)
    due = 7 * interval_weeks
    day = due - 7 * lead_weeks
    if not EFFECT_DAY < day < due:
        day = (EFFECT_DAY + due) // 2
    return day


def plan_offsets(
    interval_weeks: int, lead_weeks: int = DEFAULT_LEAD_WEEKS
) -> tuple[tuple[Step, int], ...]:
    """(step, day number) of every reminder of a cycle, strictly increasing."""
    _check_interval(interval_weeks)
    return (
        (Step.ONSET, ONSET_DAY),
        (Step.EFFECT, EFFECT_DAY),
        (Step.BOOKING, booking_day(interval_weeks, lead_weeks)),
        (Step.DUE, 7 * interval_weeks),
    )


def cycle_plan(
    injected_on: date,
    interval_weeks: int,
    lead_weeks: int = DEFAULT_LEAD_WEEKS,
    at: time = DEFAULT_REMINDER_TIME,
) -> list[Reminder]:
    """Every reminder of the cycle that starts on ``injected_on``, at local time ``at``.

    Dates are counted on the patient's local calendar, so a reminder keeps its wall-clock time
    across daylight-saving changes.
    """
    plan = []
    for step, day in plan_offsets(interval_weeks, lead_weeks):
        on = injected_on + timedelta(days=day)
        plan.append(Reminder(step, day, on, datetime.combine(on, at)))
    return plan


def due_date(injected_on: date, interval_weeks: int) -> date:
    """The date the next injection is due."""
    _check_interval(interval_weeks)
    return injected_on + timedelta(weeks=interval_weeks)


def day_of_cycle(injected_on: date, today: date) -> int:
    """Today's day number in the cycle (the injection day is day 0)."""
    return (today - injected_on).days


def weeks_and_days(days: int) -> tuple[int, int]:
    """A number of days as (weeks, days)."""
    return divmod(days, 7)


class CycleStatus(StrEnum):
    """Where a patient is in a cycle, for the reply to a logged injection."""

    WAITING = "waiting"  # before the booking date
    BOOK = "book"  # booking date reached, not yet due
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"


def cycle_status(
    injected_on: date, today: date, interval_weeks: int, lead_weeks: int = DEFAULT_LEAD_WEEKS
) -> CycleStatus:
    """Where ``today`` falls in the cycle."""
    day = day_of_cycle(injected_on, today)
    due = 7 * interval_weeks
    if day > due:
        return CycleStatus.OVERDUE
    if day == due:
        return CycleStatus.DUE_TODAY
    if day >= booking_day(interval_weeks, lead_weeks):
        return CycleStatus.BOOK
    return CycleStatus.WAITING


# ---- reading /botox [date] [units] [note] ---------------------------------------------------


@dataclass(frozen=True)
class BotoxEntry:
    """One injection as the patient wrote it."""

    injected_on: date
    units: int | None = None
    note: str | None = None


class BotoxInputError(ValueError):
    """What was wrong with /botox input: reason is date, future, units or note."""

    def __init__(self, reason: str, text: str = "") -> None:
        super().__init__(f"{reason}: {text}")
        self.reason = reason
        self.text = text


_UNITS = re.compile(r"^(\d{1,5})(u|iu|units?|e)?$", re.IGNORECASE)
_UNIT_WORDS = frozenset({"u", "iu", "unit", "units", "e"})
_YEAR = re.compile(r"^\d{4}$")
_RELATIVE_WORDS = frozenset({"today", "yesterday", "tomorrow"})


def _plausible_date_tokens(tokens: list[str]) -> bool:
    """Whether these tokens may spell one date (so "3 Nov 50" is 3 Nov and 50 units).

    One token: a relative word or anything with a digit ("2026-11-03", "03.11.2026"), not a
    bare month or weekday name. Several: "<n> days ago", or one day number (1-31), month words
    and at most a 4-digit year at the end ("3 Nov", "Nov 3", "3 Nov 2025"); nothing else, so
    "2026-11-03 5 am" is a date, 5 units and a note.
    """
    lowered = [token.lower() for token in tokens]
    if len(tokens) == 1:
        return lowered[0] in _RELATIVE_WORDS or any(ch.isdecimal() for ch in lowered[0])
    if len(tokens) == 3 and lowered[-1] == "ago":
        return True
    words = lowered[:-1] if _YEAR.match(lowered[-1]) else lowered
    days = [w for w in words if len(w) <= 2 and read_int(w, low=1, high=31) is not None]
    others = [w for w in words if w.rstrip(".,").isalpha() and w not in _UNIT_WORDS]
    return len(days) == 1 and len(days) + len(others) == len(words) and len(others) >= 1


def _date_prefix(tokens: list[str], today: date) -> tuple[date, int] | None:
    """The date the first one to three tokens spell, and how many tokens it took."""
    for size in (3, 2, 1):
        if len(tokens) < size:
            continue
        head = tokens[:size]
        if not _plausible_date_tokens(head):
            continue
        found = parse_patient_date(" ".join(head), today)
        if found is not None:
            return found, size
    return None


def parse_botox_args(text: str, today: date) -> BotoxEntry:
    """Read ``[date] [units] [note]``; raise BotoxInputError saying what is wrong.

    The date may be one to three words ("2026-11-03", "3 Nov", "3 Nov 2025", "yesterday");
    without one, the injection is today. Units are a whole number, optionally followed by "u"
    or "units". Everything after that is the note (up to NOTE_MAX characters).
    """
    tokens = text.split()
    injected_on = today
    prefix = _date_prefix(tokens, today) if tokens else None
    if prefix is not None:
        injected_on, size = prefix
        tokens = tokens[size:]
    elif tokens and not _UNITS.match(tokens[0]):
        raise BotoxInputError("date", tokens[0])
    if injected_on > today:
        raise BotoxInputError("future", injected_on.isoformat())
    units: int | None = None
    if tokens and (match := _UNITS.match(tokens[0])):
        units = int(match.group(1))
        tokens = tokens[1:]
        if tokens and match.group(2) is None and tokens[0].lower() in _UNIT_WORDS:
            tokens = tokens[1:]
        if not 1 <= units <= UNITS_MAX:
            raise BotoxInputError("units", str(units))
    note = " ".join(tokens) or None
    if note is not None and len(note) > NOTE_MAX:
        raise BotoxInputError("note", note)
    return BotoxEntry(injected_on, units, note)


def parse_interval(text: str) -> int | None:
    """Weeks for /botox_interval ("14", "14 weeks", "14w"), or None if not 6-26 weeks."""
    match = re.fullmatch(r"\s*(\d{1,3})\s*(w|wk|wks|week|weeks)?\s*", text, re.IGNORECASE)
    if match is None:
        return None
    weeks = int(match.group(1))
    return weeks if INTERVAL_MIN_WEEKS <= weeks <= INTERVAL_MAX_WEEKS else None


# ---- wear-off -------------------------------------------------------------------------------
#
# An *estimate* from the daily diary, said as one (docs/botox.md, "Wear-off"). Patients rating
# themselves vary by about a point from day to day (clinical.md), so the rule wants a clear
# benefit first and a lasting return after it, and it says nothing before day 42.

#: The baseline is taken from the check-ins of this many days before the injection ...
BASELINE_DAYS = 14
#: ... of which at least this many must be complete (as many as a summary needs per side).
MIN_BASELINE_DAYS = 7
#: With a baseline below this (eye total 0-8), there is too little to measure.
MIN_BASELINE_TOTAL = 2
#: A clear benefit: a 7-day average at least this many points below the baseline ...
BENEFIT_POINTS = 2
#: ... or this share of the baseline, whichever is less (so a mild baseline can show one) ...
BENEFIT_SHARE = Fraction(3, 10)
#: ... but never less than one point.
BENEFIT_MIN_POINTS = 1
#: The benefit is an average over this many days, with at least MIN_WINDOW_CHECKINS rated.
BENEFIT_WINDOW_DAYS = 7
MIN_WINDOW_CHECKINS = 5
#: The first benefit window starts on the onset day (onset is about 4-8 days after injection).
BENEFIT_FROM_DAY = ONSET_DAY
#: A lasting return: of the latest RETURN_CHECKINS check-ins within RETURN_SPAN_DAYS days
#: (ending with today's), at least RETURN_MIN_BACK are back and their average is back too.
RETURN_CHECKINS = 7
RETURN_SPAN_DAYS = 10
RETURN_MIN_BACK = 5
#: No estimate before this day (6 weeks: benefit usually lasts 12-15 weeks).
WEAR_OFF_FROM_DAY = 42
#: Nothing is estimated after this day (half a year).
WEAR_OFF_UNTIL_DAY = 7 * INTERVAL_MAX_WEEKS


class WearOffSource(StrEnum):
    """Who said that the effect is wearing off."""

    ESTIMATED = "estimated"  # computed from the diary by detect_wear_off
    REPORTED = "reported"  # the patient said so ("I think it's wearing off")


@dataclass(frozen=True)
class WearOff:
    """The estimate: ratings back towards the pre-injection level.

    ``on``/``day``: the first back check-in of the return (when it may have started wearing
    off); ``found_on``/``found_day``: the day the return became lasting (when it is said).
    ``baseline``: mean eye total before the injection; ``benefit``: the lowest 7-day average
    after it; ``halfway``: the level halfway between the two.
    """

    on: date
    day: int
    found_on: date
    found_day: int
    baseline: Fraction
    benefit: Fraction
    halfway: Fraction


def baseline_of(injected_on: date, totals: Mapping[date, int]) -> Fraction | None:
    """Mean eye total of the check-ins in the BASELINE_DAYS before the injection.

    None with fewer than MIN_BASELINE_DAYS of them.
    """
    values = [
        totals[day]
        for offset in range(1, BASELINE_DAYS + 1)
        if (day := injected_on - timedelta(days=offset)) in totals
    ]
    if len(values) < MIN_BASELINE_DAYS:
        return None
    return Fraction(sum(values), len(values))


def clear_benefit(baseline: Fraction) -> Fraction:
    """How far below the baseline a 7-day average must be to count as a clear benefit:
    2 points or 30% of the baseline, whichever is less, and at least 1 point."""
    return max(
        Fraction(BENEFIT_MIN_POINTS), min(Fraction(BENEFIT_POINTS), BENEFIT_SHARE * baseline)
    )


def window_mean(totals: Mapping[date, int], last: date) -> Fraction | None:
    """Mean total of the BENEFIT_WINDOW_DAYS ending on ``last`` (None with fewer than
    MIN_WINDOW_CHECKINS check-ins in them)."""
    values = [
        totals[d]
        for offset in range(BENEFIT_WINDOW_DAYS)
        if (d := last - timedelta(days=offset)) in totals
    ]
    if len(values) < MIN_WINDOW_CHECKINS:
        return None
    return Fraction(sum(values), len(values))


def recent_checkins(totals: Mapping[date, int], day: date) -> list[tuple[date, int]]:
    """The latest RETURN_CHECKINS check-ins within the RETURN_SPAN_DAYS ending on ``day``,
    oldest first."""
    found = [
        (d, totals[d])
        for offset in range(RETURN_SPAN_DAYS)
        if (d := day - timedelta(days=offset)) in totals
    ]
    return sorted(found[:RETURN_CHECKINS])


def is_back(total: int, halfway: Fraction, benefit: Fraction) -> bool:
    """A check-in at least halfway back to the baseline, to the nearest whole point, and above
    the benefit level."""
    return total >= halfway - Fraction(1, 2) and total > benefit


def return_start(
    injected_on: date,
    totals: Mapping[date, int],
    first_back: date,
    halfway: Fraction,
    benefit: Fraction,
) -> date:
    """The start of the unbroken run of back check-ins that ends in ``first_back`` (days
    without a check-in do not break it), not before the benefit could start."""
    start = first_back
    day = first_back - timedelta(days=1)
    earliest = injected_on + timedelta(days=BENEFIT_FROM_DAY)
    while day >= earliest:
        if day in totals:
            if not is_back(totals[day], halfway, benefit):
                break
            start = day
        day -= timedelta(days=1)
    return start


def detect_wear_off(injected_on: date, totals: Mapping[date, int], until: date) -> WearOff | None:
    """The first day (up to ``until``) on which the diary suggests the effect may be wearing off.

    ``totals`` maps local dates to the day's eye total (frequency + severity, 0-8) of complete
    check-ins. The rule (docs/botox.md):

    1. baseline B = mean total of the check-ins in the 14 days before the injection (at least
       7 of them, and B >= 2);
    2. benefit P = the lowest 7-day average (at least 5 check-ins in the 7 days) in windows
       from days 7-13 on, ending at least RETURN_SPAN_DAYS days before the day looked at; it is
       clear when P <= B - min(2, 30% of B) (and at least 1 point below B); H = (B + P) / 2;
    3. a check-in is *back* when its total >= H - 1/2 (halfway back, to the nearest point)
       and > P;
    4. wear-off is estimated on the first day d from day 42 on, with a check-in on d, when,
       of the latest 7 check-ins in the 10 days ending on d (at least 5 of them), at least 5
       are back and their average is >= H. It started with the run of back check-ins that
       leads into those (``return_start``).

    Days after ``until`` are never read, so a verdict once given never changes with later
    check-ins.
    """
    baseline = baseline_of(injected_on, totals)
    if baseline is None or baseline < MIN_BASELINE_TOTAL:
        return None
    needed = clear_benefit(baseline)
    last = min(until, injected_on + timedelta(days=WEAR_OFF_UNTIL_DAY))
    first_window_end = BENEFIT_FROM_DAY + BENEFIT_WINDOW_DAYS - 1
    benefit: Fraction | None = None
    window_end = first_window_end  # the next benefit window to take into account
    day_number = WEAR_OFF_FROM_DAY
    day = injected_on + timedelta(days=day_number)
    while day <= last:
        # Benefit windows end before the span the return is looked for in.
        while window_end <= day_number - RETURN_SPAN_DAYS:
            mean = window_mean(totals, injected_on + timedelta(days=window_end))
            if mean is not None and (benefit is None or mean < benefit):
                benefit = mean
            window_end += 1
        if day in totals and benefit is not None and benefit <= baseline - needed:
            halfway = (baseline + benefit) / 2
            recent = recent_checkins(totals, day)
            back = [(d, total) for d, total in recent if is_back(total, halfway, benefit)]
            average = Fraction(sum(total for _, total in recent), max(1, len(recent)))
            if len(back) >= RETURN_MIN_BACK and average >= halfway:
                start = return_start(injected_on, totals, back[0][0], halfway, benefit)
                return WearOff(
                    on=start,
                    day=day_of_cycle(injected_on, start),
                    found_on=day,
                    found_day=day_number,
                    baseline=baseline,
                    benefit=benefit,
                    halfway=halfway,
                )
        day += timedelta(days=1)
        day_number += 1
    return None
