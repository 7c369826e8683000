"""Botox cycles: the reminder plan after an injection, reading /botox input, and wear-off.

Everything here is pure (dates, numbers, no I/O). Day numbers count from the injection day,
which is day 0: the day-7 question comes one week after the injection, on the same weekday.

Defaults and their sources are in docs/botox.md (and ../shared/clinical.md).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from fractions import Fraction
from typing import Literal

from service.domain.reader import (
    Ambiguous,
    Context,
    NotUnderstood,
    Prefer,
    read_duration,
    read_number,
    split_date,
)

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
    "MIN_GAP_DAYS",
    "NOTE_MAX",
    "ONSET_DAY",
    "UNITS_MAX",
    "UNITS_ODD_ABOVE",
    "WEAR_OFF_FROM_DAY",
    "BotoxEntry",
    "BotoxInputError",
    "BotoxReading",
    "Doubts",
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
    "doubts_of",
    "due_date",
    "estimate_onset",
    "is_back",
    "parse_interval",
    "plan_offsets",
    "read_botox",
    "read_interval",
    "read_units",
    "recent_checkins",
    "return_start",
    "split_units",
    "total_units",
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
    """One injection as it is stored (the patient confirmed it)."""

    injected_on: date
    units: int | None = None
    note: str | None = None
    product: str = "unknown"  # service.domain.record.Product
    product_name: str | None = None  # typed, for "other"
    site_units: Mapping[str, int | None] | None = None  # record.SITES -> units (None: not given)
    injector: str | None = None  # who injected, as typed


class BotoxInputError(ValueError):
    """What was wrong with /botox input: reason is units or note."""

    def __init__(self, reason: str, text: str = "") -> None:
        super().__init__(f"{reason}: {text}")
        self.reason = reason
        self.text = text


@dataclass(frozen=True)
class BotoxReading:
    """What the patient's words say: a date (or two readings of it, or none), units, a note.

    ``units_given`` is False when no words were read as units; ``bad_units`` holds units read
    outside 0-UNITS_MAX (then ``units`` is None)."""

    day: date | Ambiguous | None
    units: int | None
    note: str | None
    units_given: bool = False
    bad_units: str | None = None


#: Words that name the unit after a number, in the bot's languages ("50 units", "50 u", "50 iu",
#: "50 E" / "50 Einheiten", "50 unidades", "50 ЕД" / "50 единиц", "50 واحد").
UNIT_WORDS = frozenset(
    {
        "u", "iu", "ui", "unit", "units", "e", "ie", "einheit", "einheiten", "unidad",
        "unidades", "unidade", "ед", "ед.", "ме", "единица", "единицы", "единиц", "واحد",
    }
)  # fmt: skip
_UNITS_TOKEN = re.compile(r"^(\d{1,6})(u|iu|ui|units?|e)?[.,;]?$", re.IGNORECASE)
#: Typed answers that mean "I don't know the units".
UNITS_UNKNOWN_WORDS = frozenset(
    {"?", "don't know", "dont know", "do not know", "not sure", "unknown", "no idea", "idk"}
)


def _units_at(tokens: list[str], i: int) -> tuple[int, int] | None:
    """(units, tokens used) when ``tokens[i:]`` starts with units: "50", "50u", "50 units",
    "fifty units" (a number word only with a unit word after it)."""
    token = tokens[i]
    after = tokens[i + 1].lower().rstrip(".,;") if i + 1 < len(tokens) else ""
    if match := _UNITS_TOKEN.match(token):
        used = 2 if match.group(2) is None and after in UNIT_WORDS else 1
        return int(match.group(1)), used
    if after in UNIT_WORDS:
        value = read_number(token, low=0, high=10**6)
        if value is not None:
            return value, 2
    return None


def split_units(text: str) -> tuple[int | None, str]:
    """The first units in ``text`` and the words left over (in order)."""
    tokens = text.split()
    for i in range(len(tokens)):
        found = _units_at(tokens, i)
        if found is not None:
            units, used = found
            return units, " ".join(tokens[:i] + tokens[i + used :])
    return None, text.strip()


def read_botox(text: str, ctx: Context) -> BotoxReading:
    """Read ``[date] [units] [note]`` in any order the reader finds: the date first (the
    longest date phrase at the start or end, a past one preferred), units only from what is
    left, the note only from words read as neither. Units outside 0-UNITS_MAX come back as
    ``bad_units``; a note longer than NOTE_MAX raises BotoxInputError; a date in the future is
    returned as read (the caller says what works)."""
    day, rest = split_date(text.strip(), ctx, prefer=Prefer.PAST) if text.strip() else (None, "")
    units, rest = split_units(rest)
    note = " ".join(rest.split()) or None
    if note is not None and len(note) > NOTE_MAX:
        raise BotoxInputError("note", note)
    if units is not None and not 0 <= units <= UNITS_MAX:
        return BotoxReading(day, None, note, bad_units=str(units))
    return BotoxReading(day, units, note, units_given=units is not None)


def read_units(text: str) -> int | Literal["unknown"] | None:
    """Typed units: "50", "50u", "50 units", "fifty", "fifty units", or "don't know"
    ("unknown"); None if not units (or outside 0-UNITS_MAX)."""
    cleaned = " ".join(text.lower().replace("’", "'").split()).strip(" .!")
    if cleaned in UNITS_UNKNOWN_WORDS:
        return "unknown"
    units, rest = split_units(cleaned)
    if units is None and rest:
        units, rest = read_number(rest, low=0, high=10**6), ""
    if units is None or rest or not 0 <= units <= UNITS_MAX:
        return None
    return units


def read_interval(text: str) -> int | None:
    """Weeks for /botox_interval: "14", "14 weeks", "14w", or a span the reader knows
    ("3 months" is 13 weeks, "90 days" 13); None if not INTERVAL_MIN_WEEKS-INTERVAL_MAX_WEEKS."""
    weeks = parse_interval(text)
    if weeks is not None:
        return weeks
    span = read_duration(text)
    if isinstance(span, NotUnderstood):
        return None
    days = (span.days or 0) + round((span.months or 0) * 365.25 / 12)
    weeks = round(days / 7)
    return weeks if INTERVAL_MIN_WEEKS <= weeks <= INTERVAL_MAX_WEEKS else None


#: Fewer days than this between two injections is questioned in the read-back. Not a clinical
#: figure (clinical.md gives no minimum gap; clinics reinject every 3-4 months): it only asks.
MIN_GAP_DAYS = 28
#: Units outside this range are questioned in the read-back. Not sourced either: clinical.md
#: gives no dose range for HFS, so only 0 and absurd amounts are asked about.
UNITS_ODD_ABOVE = 400


@dataclass(frozen=True)
class Doubts:
    """What looks unlikely about an injection before it is stored."""

    close_to: date | None = None  # another injection fewer than MIN_GAP_DAYS away
    odd_units: bool = False

    def __bool__(self) -> bool:
        return self.close_to is not None or self.odd_units


def doubts_of(entry: BotoxEntry, others: Sequence[date]) -> Doubts:
    """Question an injection too close to another one (not the same day: that one is updated)
    and units of 0 or above UNITS_ODD_ABOVE."""
    near = [
        other
        for other in others
        if other != entry.injected_on and abs((entry.injected_on - other).days) < MIN_GAP_DAYS
    ]
    close = min(near, key=lambda d: abs((entry.injected_on - d).days)) if near else None
    odd = entry.units is not None and (entry.units == 0 or entry.units > UNITS_ODD_ABOVE)
    return Doubts(close, odd)


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


# ---- injection details -------------------------------------------------------------------------
#: Longest "who injected" and product name the patient may type (the columns' sizes).
INJECTOR_MAX = 80
PRODUCT_NAME_MAX = 60


def total_units(units: int | None, site_units: Mapping[str, int | None] | None) -> int | None:
    """The injection's units: the total typed, else the sum of the units given per site (None
    when neither was given)."""
    if units is not None:
        return units
    given = [value for value in (site_units or {}).values() if value is not None]
    return sum(given) if given else None


# ---- onset estimated from the diary -------------------------------------------------------------
#
# The patient may say "it started working"; beside it, an estimate from the daily ratings. Like
# the wear-off estimate it must tolerate the point of day-to-day noise in self-ratings
# (clinical.md): one good day is not an onset, most of the rated days that follow must agree.

#: Onset is about 4-8 days after the injection (clinical.md); later than this is not looked for.
ONSET_UNTIL_DAY = 28
#: The days looked at from a candidate onset day on (the candidate included) ...
ONSET_WINDOW_DAYS = 7
#: ... of which at least this many must be rated ...
ONSET_MIN_RATED = 4
#: ... and at least this share of them (and their mean) clearly below the baseline.
ONSET_MIN_BELOW = Fraction(3, 4)


def estimate_onset(
    injected_on: date, totals: Mapping[date, int], until: date | None = None
) -> date | None:
    """The first day after the injection from which the eye total stays clearly below the
    pre-injection baseline, or None.

    ``totals`` maps local dates to the day's eye total (frequency + severity, 0-8) of complete
    check-ins; days after ``until`` are not read. The baseline is ``baseline_of`` (the 14 days
    before, at least 7 rated, and at least MIN_BASELINE_TOTAL); "clearly below" is at least
    ``clear_benefit(baseline)`` under it (1-2 points: more than the day-to-day noise). Day d
    (1 to ONSET_UNTIL_DAY, rated and clearly below) is the onset when, of the rated days among
    the ONSET_WINDOW_DAYS from d on (at least ONSET_MIN_RATED of them), at least 3 in 4 are
    clearly below and so is their mean.
    """
    baseline = baseline_of(injected_on, totals)
    if baseline is None or baseline < MIN_BASELINE_TOTAL:
        return None
    line = baseline - clear_benefit(baseline)
    for number in range(1, ONSET_UNTIL_DAY + 1):
        day = injected_on + timedelta(days=number)
        if until is not None and day > until:
            break
        if day not in totals or totals[day] > line:
            continue
        window = [
            totals[d]
            for offset in range(ONSET_WINDOW_DAYS)
            if (d := day + timedelta(days=offset)) in totals and (until is None or d <= until)
        ]
        if len(window) < ONSET_MIN_RATED:
            continue
        below = sum(1 for value in window if value <= line)
        if below >= ONSET_MIN_BELOW * len(window) and Fraction(sum(window), len(window)) <= line:
            return day
    return None
