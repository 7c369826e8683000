"""Pure plan computations for appointments and the after-surgery (MVD) follow-up.

No Telegram, no database: which local dates and instants a plan yields, how a typed appointment
is read, and the check-in summary a patient brings to a visit. Everything the bot schedules for
these plans is computed here, so it can be tested across zones and DST without a bot.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from service.domain.reader import (
    Ambiguous,
    Context,
    Moment,
    NotUnderstood,
    Prefer,
    read_date,
    read_datetime,
    read_time,
)
from service.domain.recurrence import Recurrence
from service.domain.timezones import resolve_local, to_local

__all__ = [
    "DAILY_DAYS",
    "EMERGENCY_FLAGS",
    "FOLLOWUP_ADVICE_FROM",
    "MONTHLY_FIRST",
    "MONTHLY_LAST",
    "RED_FLAGS",
    "SLOW_ANSWERS",
    "SPASM_ANSWERS",
    "SURGERY_CHECK_TIME",
    "TEAM_FLAGS",
    "WEEKLY_FIRST",
    "WEEKLY_LAST",
    "Advice",
    "AppointmentPlan",
    "AppointmentText",
    "Phase",
    "PlanItem",
    "PlanRule",
    "add_months",
    "appointment_plan",
    "followup_wall_time",
    "mvd_plan",
    "mvd_plan_rules",
    "plan_item_on",
    "progress_advice",
    "read_appointment",
    "recheck_due",
    "tiers",
    "wall_time",
]

# ---- after MVD surgery ------------------------------------------------------------------------
#: Days 1-14 after surgery: a daily red-flag screen.
DAILY_DAYS = 14
#: Then weekly, weeks 3 to 13 (day 91, about 3 months), asking about the spasm.
WEEKLY_FIRST = 3
WEEKLY_LAST = 13
#: Then monthly, months 4 to 12 (calendar months after the surgery date).
MONTHLY_FIRST = 4
MONTHLY_LAST = 12
#: Local time of day of every after-surgery question.
SURGERY_CHECK_TIME = time(10, 0)

#: Warning signs after MVD in two tiers (clinical.md, "Red flags after brain surgery"). Call
#: the local emergency number now for: seizure; confusion or unusual drowsiness; sudden severe
#: headache, or a stiff neck with fever; new weakness of an arm or leg, or trouble speaking or
#: swallowing; vomiting that does not stop. Call the surgical team today for the rest.
EMERGENCY_FLAGS: tuple[str, ...] = ("seizure", "confusion", "headache", "limb", "vomiting")
TEAM_FLAGS: tuple[str, ...] = ("hearing", "fluid", "fever", "wound", "weakness", "balance")
#: Every sign's code; a button carries its index here, so codes are only ever appended (a
#: screen sent before a release keeps meaning the same signs). Stored in SurgeryCheck.red_flags.
RED_FLAGS: tuple[str, ...] = (
    "hearing",
    "fluid",
    "fever",
    "headache",
    "weakness",
    "wound",
    "seizure",
    "confusion",
    "limb",
    "vomiting",
    "balance",
)
#: The spasm compared with before surgery, best first (stored in SurgeryCheck.spasm_vs_before).
SPASM_ANSWERS: tuple[str, ...] = ("gone", "much_better", "bit_better", "same", "worse")
#: Answers after which the bot explains that delayed resolution is common.
SLOW_ANSWERS = frozenset({"bit_better", "same", "worse"})
#: From about 3 months (week 13, the plan's "about 3 months", and every monthly question on),
#: "the same" or "worse" is worth raising at the follow-up visit.
FOLLOWUP_ADVICE_FROM = timedelta(weeks=WEEKLY_LAST)


def tiers(flags: list[str] | tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The emergency-tier and the surgical-team-tier signs among ``flags``, each in display
    order (unknown codes are dropped)."""
    chosen = set(flags)
    return (
        [f for f in EMERGENCY_FLAGS if f in chosen],
        [f for f in TEAM_FLAGS if f in chosen],
    )


class Advice(StrEnum):
    """What the answer to "how is the spasm compared with before surgery?" adds, in order."""

    GONE = "gone"  # good to hear
    TELL_TEAM = "tell_team"  # worse: tell the surgical team, at any time
    RAISE_AT_FOLLOWUP = "raise_at_followup"  # the same or worse from about 3 months
    DELAYED = "delayed"  # delayed resolution is common


def progress_advice(surgery_on: date, day: date, answer: str) -> list[Advice]:
    """The advice lines for a progress answer given for the check of local date ``day``."""
    advice: list[Advice] = []
    if answer == "gone":
        advice.append(Advice.GONE)
    if answer == "worse":
        advice.append(Advice.TELL_TEAM)
    if answer in ("same", "worse") and day - surgery_on >= FOLLOWUP_ADVICE_FROM:
        advice.append(Advice.RAISE_AT_FOLLOWUP)
    if answer in SLOW_ANSWERS:
        advice.append(Advice.DELAYED)
    return advice


def recheck_due(surgery_on: date, day: date) -> date | None:
    """The date a sign reported on ``day`` is asked about again ("is it still there?"): the next
    day. None when that day has a daily screen of its own anyway, which asks the same."""
    following = day + timedelta(days=1)
    item = plan_item_on(surgery_on, following)
    if item is not None and item.phase is Phase.DAILY:
        return None
    return following


class Phase(StrEnum):
    """Which part of the MVD plan a date belongs to."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


@dataclass(frozen=True)
class PlanItem:
    """One local date of the MVD plan: day n (daily), week n or month n (progress)."""

    day: date
    phase: Phase
    number: int

    @property
    def kind(self) -> str:
        """The SurgeryCheck kind it records: "daily" (red flags) or "progress"."""
        return "daily" if self.phase is Phase.DAILY else "progress"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later, clamped to the month's end (31 Jan + 1 =
    28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def mvd_plan(surgery_on: date) -> list[PlanItem]:
    """Every local date of the follow-up plan, strictly increasing: days 1-14 daily, weeks 3-13
    weekly, months 4-12 monthly (34 dates)."""
    items = [
        PlanItem(surgery_on + timedelta(days=n), Phase.DAILY, n) for n in range(1, DAILY_DAYS + 1)
    ]
    items += [
        PlanItem(surgery_on + timedelta(weeks=n), Phase.WEEKLY, n)
        for n in range(WEEKLY_FIRST, WEEKLY_LAST + 1)
    ]
    items += [
        PlanItem(add_months(surgery_on, n), Phase.MONTHLY, n)
        for n in range(MONTHLY_FIRST, MONTHLY_LAST + 1)
    ]
    return items


def plan_item_on(surgery_on: date, day: date) -> PlanItem | None:
    """The plan item falling on local date ``day``, if any."""
    return next((item for item in mvd_plan(surgery_on) if item.day == day), None)


@dataclass(frozen=True)
class PlanRule:
    """One schedule of the plan: its phase and its recurrence on the patient's wall clock."""

    phase: Phase
    recurrence: Recurrence


def mvd_plan_rules(surgery_on: date, zone: str, at: time = SURGERY_CHECK_TIME) -> list[PlanRule]:
    """Three recurrences whose local dates are exactly ``mvd_plan(surgery_on)``, at ``at``.

    The monthly rule keeps the surgery's day of the month and, for days 29-31, falls back to the
    month's last day (``BYMONTHDAY=28..d;BYSETPOS=-1``), like ``add_months``.
    """
    daily = Recurrence(
        f"FREQ=DAILY;COUNT={DAILY_DAYS}",
        datetime.combine(surgery_on + timedelta(days=1), at),
        zone,
    )
    weekly = Recurrence(
        f"FREQ=WEEKLY;COUNT={WEEKLY_LAST - WEEKLY_FIRST + 1}",
        datetime.combine(surgery_on + timedelta(weeks=WEEKLY_FIRST), at),
        zone,
    )
    count = MONTHLY_LAST - MONTHLY_FIRST + 1
    rule = f"FREQ=MONTHLY;COUNT={count}"
    if surgery_on.day > 28:
        days = ",".join(str(d) for d in range(28, surgery_on.day + 1))
        rule = f"FREQ=MONTHLY;BYMONTHDAY={days};BYSETPOS=-1;COUNT={count}"
    monthly = Recurrence(rule, datetime.combine(add_months(surgery_on, MONTHLY_FIRST), at), zone)
    return [
        PlanRule(Phase.DAILY, daily),
        PlanRule(Phase.WEEKLY, weekly),
        PlanRule(Phase.MONTHLY, monthly),
    ]


# ---- appointments -----------------------------------------------------------------------------
#: The reminder on the day of the visit comes this long before it.
SOON_BEFORE = timedelta(hours=2)
#: The after-visit question comes this long after the start (local wall time)...
FOLLOWUP_AFTER = timedelta(hours=3)
#: ...unless that is in the quiet hours (21:00-08:00); then it comes at 09:00 the next morning.
QUIET_FROM = time(21, 0)
QUIET_UNTIL = time(8, 0)
FOLLOWUP_MORNING = time(9, 0)
#: The longest "with whom / where" kept (Appointment.with_whom).
WHOM_MAX_CHARS = 200


def wall_time(instant: datetime, zone: ZoneInfo) -> datetime:
    """The naive local wall time of an aware instant (what a one-off schedule stores)."""
    return to_local(instant, zone).replace(tzinfo=None)


def followup_wall_time(start_local: datetime) -> datetime:
    """When to ask "what changed?": 3 h after the start, moved to 09:00 out of quiet hours."""
    candidate = start_local + FOLLOWUP_AFTER
    if candidate.time() >= QUIET_FROM:
        return datetime.combine(candidate.date() + timedelta(days=1), FOLLOWUP_MORNING)
    if candidate.time() < QUIET_UNTIL:
        return datetime.combine(candidate.date(), FOLLOWUP_MORNING)
    return candidate


@dataclass(frozen=True)
class AppointmentPlan:
    """An appointment's instants (UTC) and the local wall times its one-off schedules use."""

    start: datetime
    day_before: datetime
    soon: datetime
    followup: datetime
    day_before_local: datetime
    soon_local: datetime
    followup_local: datetime


def appointment_plan(start_local: datetime, zone: ZoneInfo) -> AppointmentPlan:
    """Reminders for a visit at naive local ``start_local``: the same wall time one local day
    before, 2 hours before (absolute), and the after-visit question.

    A wall time inside a spring-forward gap moves to the first minute after it. The 2-hour
    reminder's wall time is ambiguous only inside an autumn overlap; a one-off schedule then
    fires on its first pass, an hour early, never late.
    """
    start = resolve_local(start_local, zone)
    day_before_local = start_local - timedelta(days=1)
    soon = start - SOON_BEFORE
    followup_local = followup_wall_time(start_local)
    return AppointmentPlan(
        start=start,
        day_before=resolve_local(day_before_local, zone),
        soon=soon,
        followup=resolve_local(followup_local, zone),
        day_before_local=day_before_local,
        soon_local=wall_time(soon, zone),
        followup_local=followup_local,
    )


@dataclass(frozen=True)
class AppointmentText:
    """What the patient typed for an appointment, as far as it could be read.

    ``day`` and ``at`` are the local date and time (None where not given); ``options`` holds
    the two readings of an ambiguous day/month (11/3) instead of a ``day``; ``what`` is the
    rest ("neurologist, City Hospital"), None when nothing was left. Nothing read at all (no
    date): every field is empty.
    """

    day: date | None = None
    at: time | None = None
    options: tuple[date, ...] = ()
    what: str | None = None

    @property
    def read(self) -> bool:
        """A date (or two possible ones) was found."""
        return self.day is not None or bool(self.options)


#: The most words a date and time may take at the start ("next Monday at 10:30 am").
_MAX_WORDS = 7


def _leading_time(words: list[str]) -> tuple[time | None, int]:
    """A time in the first one or two of ``words`` ("10:30", "2 pm") and how many it took."""
    for width in (2, 1):
        if len(words) >= width:
            at = read_time(" ".join(words[:width]))
            if isinstance(at, time):
                return at, width
    return None, 0


def _clock_word(words: list[str]) -> bool:
    """True when the word is one that follows an hour ("Uhr", "h", "pm", "час")."""
    return bool(words) and isinstance(read_time(f"1 {words[0]}", bare_hour=False), time)


def _rest(words: list[str]) -> str | None:
    """The words left over, or None."""
    text = " ".join(words).strip(" ,;-–—")
    return text or None


def read_appointment(text: str, ctx: Context) -> AppointmentText:
    """Read "<date> [time] [what / where]" with the one reader, preferring the future:
    "next Monday 10:30", "in 2 weeks 10:00", "tomorrow 2pm", "3 Dec 9am neurologist".

    The longest leading phrase the reader takes as a date wins (with its time, if it had one;
    otherwise a time right after it counts); the words after it are what / where. An ambiguous
    day/month gives both readings.
    """
    words = text.split()
    for size in range(min(_MAX_WORDS, len(words)), 0, -1):
        found = read_datetime(" ".join(words[:size]), ctx, prefer=Prefer.FUTURE)
        if isinstance(found, NotUnderstood):
            continue
        if isinstance(found, Ambiguous):
            return _ambiguous(words, size, ctx)
        at, used = found.at, 0
        if at is None and size > 1 and _clock_word(words[size : size + 1]):
            # "morgen 14 Uhr": the number belongs to the time after it, not to the date.
            shorter = read_datetime(" ".join(words[: size - 1]), ctx, prefer=Prefer.FUTURE)
            if isinstance(shorter, Moment) and shorter.day == found.day:
                size -= 1
        if at is None:
            at, used = _leading_time(words[size:])
        return AppointmentText(day=found.day, at=at, what=_rest(words[size + used :]))
    return AppointmentText()


def _ambiguous(words: list[str], size: int, ctx: Context) -> AppointmentText:
    """Both readings of an ambiguous day/month among the first ``size`` words, the time after
    it and the rest."""
    for date_size in range(1, size + 1):
        found = read_date(" ".join(words[:date_size]), ctx, prefer=Prefer.FUTURE)
        if isinstance(found, Ambiguous):
            at, used = _leading_time(words[date_size:])
            rest = _rest(words[date_size + used :])
            return AppointmentText(options=tuple(found.options), at=at, what=rest)
    whole = read_datetime(" ".join(words[:size]), ctx, prefer=Prefer.FUTURE)
    options = tuple(whole.options) if isinstance(whole, Ambiguous) else ()
    return AppointmentText(options=options, what=_rest(words[size:]))


# ---- what to bring to a visit -----------------------------------------------------------------
