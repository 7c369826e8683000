"""Medication plans: reading what the patient typed, dose instants on local time, adherence.

Pure functions (no Telegram, no database). A plan is a medication name, one or more daily local
times and an optional dose. Each time yields one dose per local day, at that wall-clock time; a
time inside a spring-forward gap moves to the first valid minute after it (as every reminder does,
see ``timezones.resolve_local``); a time in the autumn overlap is taken once, on its first pass.

A dose no one answered becomes *missed* when the next dose of the same medication is due (for a
once-a-day medication, 24 hours later): see ``dose_closes_at``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from service.domain import reader
from service.domain.numbers import read_int
from service.domain.timezones import get_zone, local_date, resolve_local

__all__ = [
    "DOSE_MAX_CHARS",
    "MAX_TIMES",
    "NAME_MAX_CHARS",
    "SKIPS_IN_A_ROW",
    "Adherence",
    "DoseInstant",
    "DoseOutcome",
    "DoseRecord",
    "MedicationChange",
    "MedicationPlan",
    "PlanError",
    "PlanProblem",
    "adherence",
    "change_command",
    "dose_closes_at",
    "dose_instants",
    "format_times",
    "parse_change",
    "parse_medication",
    "parse_times",
    "skipped_in_a_row",
]

#: At most this many daily times per medication.
MAX_TIMES = 8
#: Lengths of the stored columns (Medication.name, Medication.dose).
NAME_MAX_CHARS = 80
DOSE_MAX_CHARS = 80
#: From this many skipped doses in a row, the skip reply says that some medicines should not
#: be stopped suddenly (clinical.md: clonazepam, carbamazepine, baclofen).
SKIPS_IN_A_ROW = 3

# "08:00" or "8:00", comma-separated; only the colon form, so a dose like "0.25" or "200" is never
# taken for a time.
_TIME_ITEM = r"\d{1,2}:\d{2}"
_TIME_LIST = re.compile(rf"^{_TIME_ITEM}(?:,{_TIME_ITEM})*,?$", re.ASCII)
_TIMEISH = re.compile(r"^[\d:,.]*:[\d:,.]*$", re.ASCII)  # digits and separators with a colon
_COMMA_BETWEEN_TIMES = re.compile(rf"({_TIME_ITEM})\s*,\s*(?={_TIME_ITEM})", re.ASCII)


class DoseOutcome(StrEnum):
    """What became of one scheduled dose."""

    PENDING = "pending"
    TAKEN = "taken"
    SKIPPED = "skipped"
    MISSED = "missed"


class PlanError(StrEnum):
    """Why a typed medication plan could not be read."""

    NO_NAME = "no_name"
    NO_TIMES = "no_times"
    BAD_TIME = "bad_time"
    TOO_MANY_TIMES = "too_many_times"
    NAME_TOO_LONG = "name_too_long"
    DOSE_TOO_LONG = "dose_too_long"
    NO_ID = "no_id"


@dataclass(frozen=True)
class PlanProblem:
    """A plan that could not be read: why, and the piece of text at fault (if any)."""

    error: PlanError
    text: str = ""


@dataclass(frozen=True)
class MedicationPlan:
    """A medication as typed: name, daily local times (sorted, distinct), optional dose."""

    name: str
    times: tuple[time, ...]
    dose: str | None = None


@dataclass(frozen=True)
class MedicationChange:
    """``/medication_change <id> <times> [dose]``: the new times, and the new dose if given."""

    medication_id: int
    times: tuple[time, ...]
    dose: str | None = None


# ---- reading what the patient typed ---------------------------------------------------------
def parse_times(text: str) -> tuple[time, ...] | None:
    """'08:00,20:00' -> (08:00, 20:00), sorted and without repeats; None if not such a list."""
    cleaned = _COMMA_BETWEEN_TIMES.sub(r"\1,", text.strip())
    if not _TIME_LIST.match(cleaned):
        return None
    found: set[time] = set()
    for item in cleaned.rstrip(",").split(","):
        hours, minutes = (int(part) for part in item.split(":"))
        if hours > 23 or minutes > 59:
            return None
        found.add(time(hours, minutes))
    return tuple(sorted(found))


def _times_and_dose(tokens: list[str]) -> tuple[tuple[time, ...], str | None] | PlanProblem:
    """The times in ``tokens[0]`` and the dose in the rest. Only the exact HH:MM list (stored at
    once); the bot reads other forms with the one reader (``read_times_and_dose``) and reads
    them back before storing."""
    if not tokens or not _TIMEISH.match(tokens[0]):
        return PlanProblem(PlanError.NO_TIMES, tokens[0] if tokens else "")
    times = parse_times(tokens[0])
    if times is None:
        return PlanProblem(PlanError.BAD_TIME, tokens[0])
    if len(times) > MAX_TIMES:
        return PlanProblem(PlanError.TOO_MANY_TIMES, tokens[0])
    dose = " ".join(tokens[1:]) or None
    if dose is not None and len(dose) > DOSE_MAX_CHARS:
        return PlanProblem(PlanError.DOSE_TOO_LONG, dose)
    return times, dose


def _tokens(text: str) -> list[str]:
    return _COMMA_BETWEEN_TIMES.sub(r"\1,", " ".join(text.split())).split()


def parse_medication(text: str) -> MedicationPlan | PlanProblem:
    """'carbamazepine 08:00,20:00 200 mg' -> the plan; the name is everything before the times."""
    tokens = _tokens(text)
    at = next((i for i, token in enumerate(tokens) if _TIMEISH.match(token)), None)
    if at is None:
        return PlanProblem(PlanError.NO_TIMES if tokens else PlanError.NO_NAME)
    name = " ".join(tokens[:at])
    if not name:
        return PlanProblem(PlanError.NO_NAME)
    if len(name) > NAME_MAX_CHARS:
        return PlanProblem(PlanError.NAME_TOO_LONG, name)
    rest = _times_and_dose(tokens[at:])
    if isinstance(rest, PlanProblem):
        return rest
    times, dose = rest
    return MedicationPlan(name=name, times=times, dose=dose)


def parse_change(text: str) -> MedicationChange | PlanProblem:
    """'3 08:00,21:00 200 mg' -> medication 3 at those times with that dose."""
    tokens = _tokens(text)
    medication_id = read_int(tokens[0]) if tokens and len(tokens[0]) <= 12 else None
    if medication_id is None:
        return PlanProblem(PlanError.NO_ID, tokens[0] if tokens else "")
    rest = _times_and_dose(tokens[1:])
    if isinstance(rest, PlanProblem):
        return rest
    times, dose = rest
    return MedicationChange(medication_id=medication_id, times=times, dose=dose)


def format_times(times: Iterable[time]) -> str:
    """(08:00, 20:00) -> '08:00,20:00' (the form the commands take)."""
    return ",".join(at.strftime("%H:%M") for at in times)


def change_command(medication_id: int, times: Iterable[time], dose: str | None) -> str:
    """The command that changes a medication, prefilled with its current times and dose."""
    parts = ["/medication_change", str(medication_id), format_times(times)]
    if dose:
        parts.append(dose)
    return " ".join(parts)


# ---- dose instants ----------------------------------------------------------------------------
@dataclass(frozen=True)
class DoseInstant:
    """One dose: its local date, its planned local time and the UTC instant it is due."""

    day: date
    at: time
    instant: datetime


def dose_instants(
    times: Sequence[time], zone: str, first_day: date, last_day: date
) -> list[DoseInstant]:
    """Every dose from local date ``first_day`` to ``last_day`` (inclusive), in time order.

    One per time per local day; at that wall-clock time, or the first valid minute after a
    spring-forward gap; the first of the two passes in an autumn overlap.
    """
    tz = get_zone(zone)
    found: list[DoseInstant] = []
    day = first_day
    while day <= last_day:
        for at in sorted(set(times)):
            found.append(DoseInstant(day, at, resolve_local(datetime.combine(day, at), tz)))
        day += timedelta(days=1)
    found.sort(key=lambda d: (d.instant, d.day, d.at))
    return found


def dose_closes_at(times: Sequence[time], zone: str, due_at: datetime) -> datetime:
    """When a dose due at ``due_at`` and still unanswered becomes missed: the next dose's instant.

    That is the first dose of the same daily ``times`` strictly after ``due_at`` (24 hours later
    for a once-a-day medication, the same wall-clock time the next day across a DST change).
    """
    if not times:
        raise ValueError("a medication has at least one time")
    tz = get_zone(zone)
    day = local_date(due_at, tz)
    for dose in dose_instants(times, zone, day - timedelta(days=1), day + timedelta(days=2)):
        if dose.instant > due_at:
            return dose.instant
    raise AssertionError("unreachable: every local day has at least one dose")  # pragma: no cover


# ---- adherence --------------------------------------------------------------------------------
@dataclass(frozen=True)
class DoseRecord:
    """One recorded dose: the local date it was due and its outcome."""

    day: date
    outcome: DoseOutcome | str


@dataclass(frozen=True)
class Adherence:
    """Doses over a window of local days: taken, skipped and missed (pending ones not counted)."""

    days: int
    taken: int
    skipped: int
    missed: int

    @property
    def due(self) -> int:
        """Doses with a final outcome in the window."""
        return self.taken + self.skipped + self.missed

    @property
    def percent(self) -> int | None:
        """Taken of due, in whole percent rounded half up; None with nothing due."""
        if self.due == 0:
            return None
        return (200 * self.taken + self.due) // (2 * self.due)


def adherence(records: Iterable[DoseRecord], today: date, days: int) -> Adherence:
    """Taken/due over the ``days`` local days ending with ``today`` (today included).

    Doses still pending are left out (not yet due an answer); so are days the patient paused,
    which never produced a dose.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    first = today - timedelta(days=days - 1)
    counts = {DoseOutcome.TAKEN: 0, DoseOutcome.SKIPPED: 0, DoseOutcome.MISSED: 0}
    for record in records:
        outcome = DoseOutcome(record.outcome)
        if outcome is DoseOutcome.PENDING or not first <= record.day <= today:
            continue
        counts[outcome] += 1
    return Adherence(
        days=days,
        taken=counts[DoseOutcome.TAKEN],
        skipped=counts[DoseOutcome.SKIPPED],
        missed=counts[DoseOutcome.MISSED],
    )


def skipped_in_a_row(outcomes: Iterable[str]) -> int:
    """How many of the latest answered doses were skipped in a row, counted back from the newest.

    ``outcomes`` are one medication's dose outcomes, oldest first. Doses still pending are left
    out (not yet answered); a taken or missed dose ends the run.
    """
    run = 0
    for outcome in outcomes:
        if outcome == DoseOutcome.PENDING:
            continue
        run = run + 1 if outcome == DoseOutcome.SKIPPED else 0
    return run


# ---- guided input -----------------------------------------------------------------------------
#: Common hemifacial spasm medicines (clinical.md), offered as buttons when adding one.
COMMON_MEDICINES = ("Carbamazepine", "Oxcarbazepine", "Clonazepam", "Baclofen", "Gabapentin")
#: The times proposed for "once / twice / three times a day".
COMMON_TIMES: dict[int, tuple[time, ...]] = {
    1: (time(8, 0),),
    2: (time(8, 0), time(20, 0)),
    3: (time(8, 0), time(14, 0), time(20, 0)),
    4: (time(8, 0), time(12, 0), time(16, 0), time(20, 0)),
}
# Something that marks words as a clock time ("8:30", "8.30", "8am", "noon"): without one, a
# number ("200", "two") is a dose or a count, never a time.
_CLOCK_MARK = re.compile(
    r"\d\s*[:h]\s*\d|(?<![\d.])(?!0\.)\d{1,2}\.\d{2}\b|\d\s*[ap]\.?m\b"
    r"|\b(?:noon|midday|midnight|morning|evening|bedtime)\b"
)  # "0.25" (mg) is a dose


def read_times_answer(text: str) -> tuple[time, ...] | None:
    """Times as a patient types them, read by the one reader: '8am and 8pm', '8.30pm',
    '08:00,20:00', or a frequency ('three times a day': the common times for it). Sorted,
    without repeats; None if unread. A bare number ('200', 'two') is never a time here."""
    cleaned = " ".join(text.lower().split()).removeprefix("at ").strip()
    if not cleaned or reader.read_number(cleaned) is not None:
        return None
    per_day = reader.read_frequency(cleaned)
    if isinstance(per_day, int) and per_day in COMMON_TIMES:
        return COMMON_TIMES[per_day]
    if (listed := parse_times(cleaned)) is not None:
        return listed
    if not _CLOCK_MARK.search(cleaned):
        return None
    found = reader.read_times(cleaned)
    if isinstance(found, reader.NotUnderstood) or not found:
        return None
    return tuple(sorted(set(found)))


@dataclass(frozen=True)
class MedicationDraft:
    """What a typed /medication gave: any of name, dose and times; ``unread`` the words that
    looked like times but could not be read (said back to the patient)."""

    name: str | None = None
    dose: str | None = None
    times: tuple[time, ...] | None = None
    unread: str = ""


def _timeish(word: str) -> bool:
    return bool(_CLOCK_MARK.search(word) or re.search(r"\d:|^(am|pm)$", word))


def read_medication(text: str) -> MedicationDraft:
    """'carbamazepine 200 mg at 8am and 8pm' -> name, dose and times, each if present.

    The name is the words before the first one with a digit or a frequency; the times are the
    longest run of words at the end (or right after the name) that reads as times; the rest
    is the dose."""
    words = text.split()
    at = next(
        (i for i, w in enumerate(words) if any(c.isdigit() for c in w) or w.lower() in _STARTS),
        len(words),
    )
    name = " ".join(words[:at])[:NAME_MAX_CHARS] or None
    rest = read_times_and_dose(" ".join(words[at:]))
    return MedicationDraft(name=name, dose=rest.dose, times=rest.times, unread=rest.unread)


def read_times_and_dose(text: str) -> MedicationDraft:
    """'200 mg at 8am and 8pm' or '08:00,20:00 200 mg' -> the times and the dose (no name).

    The times are the longest run of words at the end (or at the start) that reads as times;
    the rest is the dose. More than ``MAX_TIMES`` times are left to the caller to refuse."""
    rest = text.split()
    times: tuple[time, ...] | None = None
    dose_words: list[str] = rest
    for start in range(len(rest)):  # times at the end: "200 mg at 8am and 8pm"
        found = read_times_answer(" ".join(rest[start:]))
        if found is not None:
            times, dose_words = found, rest[:start]
            break
    else:
        for end in range(len(rest), 0, -1):  # times first: "08:00,20:00 200 mg"
            found = read_times_answer(" ".join(rest[:end]))
            if found is not None:
                times, dose_words = found, rest[end:]
                break
    unread = [w for w in dose_words if _timeish(w.lower())] if times is None else []
    dose = " ".join(w for w in dose_words if w not in unread) or None
    return MedicationDraft(
        dose=dose[:DOSE_MAX_CHARS] if dose else None, times=times, unread=" ".join(unread)
    )


_STARTS = {"once", "twice", "at", "every", "daily"}
