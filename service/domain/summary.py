"""Progress statistics for /summary, the weekly summary and the doctor's report (pure functions).

Everything here works on plain values: local dates, ratings 0-4 and small dataclasses, so every
rule can be checked against hand-computed figures. The rules (documented in docs/summaries.md):

* **Period.** ``/summary N`` covers the N local days ending today (today included); the
  previous period is the N days before it. ``all`` starts at the first recorded day and has no
  previous period.
* **Expected check-ins.** A day is expected when the bot asked that day (a ``checkin``
  occurrence was due and was not skipped because the patient had paused reminders) or when the
  patient completed a check-in that day anyway. Today counts only once its check-in is complete
  or skipped, since the day is not over yet. Adherence = completed / expected.
* **Lower / about the same / higher.** Means are compared with the previous period: a change
  of at least 0.5 on a 0-4 item (1.0 on the 0-8 eye score, frequency + severity) is lower or
  higher; anything smaller is about the same. Each side needs at least ``MIN_DAYS`` days with
  a rating, and the figures say how many days each side has. The words describe the ratings;
  they do not judge them (no "better" or "worse").
* **After surgery** the period before an operation is not compared with the period after it:
  when the operation falls in either period, the summary compares with the 30 days before the
  operation instead (``recovery``) and says so.

The ratings are adapted from the Jankovic Rating Scale for daily self-rating (plus the bot's own
lower-face and daily-life items); they are not comparable with scores given in clinic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction

from service.domain.record import SideEffectSpan

__all__ = [
    "CYCLE_WINDOW_DAYS",
    "ITEM_THRESHOLD",
    "MAX_CYCLES_SHOWN",
    "MAX_CYCLE_DAYS",
    "MIN_DAYS",
    "RECOVERY_BASELINE_DAYS",
    "RECOVERY_RECENT_DAYS",
    "TOTAL_THRESHOLD",
    "Adherence",
    "Change",
    "Comparison",
    "Cycle",
    "CycleComparison",
    "CycleCurve",
    "CycleRow",
    "DayEntry",
    "Dose",
    "Event",
    "ItemChange",
    "Means",
    "MedicationAdherence",
    "MedicationInfo",
    "PatientRecord",
    "Period",
    "Recovery",
    "Summary",
    "WeekRow",
    "adherence",
    "best_and_worst",
    "change_of",
    "compare_means",
    "current_cycle",
    "cycle_comparison",
    "cycle_curves",
    "cycle_rows",
    "daily_series",
    "events_in",
    "first_day",
    "latest_notes",
    "mean_curve",
    "means_of",
    "medication_adherence",
    "period_of",
    "recovery",
    "summarise",
    "weekly_averages",
]

#: A change of at least this much on a 0-4 item counts as lower or higher (0.5 points).
ITEM_THRESHOLD = Fraction(1, 2)
#: The same rule on the eye score (frequency + severity, 0-8): 0.5 per item.
TOTAL_THRESHOLD = Fraction(1)
#: Days with a rating each side needs before a comparison is made (a week's worth).
MIN_DAYS = 7
#: Botox comparison window: the last 14 days of the cycle, against the same cycle days before
#: (long enough to hold MIN_DAYS rated days on each side).
CYCLE_WINDOW_DAYS = 14
#: Cycle curves stop after this many days since the injection (26 weeks).
MAX_CYCLE_DAYS = 182
#: How many cycles the cycle chart overlays (the current one and the latest earlier ones).
MAX_CYCLES_SHOWN = 6
#: Surgery: the 30 days before it are the baseline; the latest 14 days show the recovery.
RECOVERY_BASELINE_DAYS = 30
RECOVERY_RECENT_DAYS = 14
#: Cycle table: severity in the 14 days before the injection and at weeks 2-6 (peak benefit).
BEFORE_INJECTION_DAYS = 14
#: A week's mean is a full point on a chart from this many rated days; fewer are shown apart.
MIN_WEEK_DAYS = 3
PEAK_FROM_DAY, PEAK_TO_DAY = 14, 41

COMPLETE, SKIPPED = "complete", "skipped"


# ---- inputs -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DayEntry:
    """One local day's check-in as recorded (ratings may be missing on partial days)."""

    day: date
    status: str  # complete / skipped / missed / open
    frequency: int | None = None
    severity: int | None = None
    impact: int | None = None
    note: str | None = None
    lower_face: int | None = None  # mouth and cheek (asked since issue 9)

    @property
    def total(self) -> int | None:
        """Eye score (frequency + severity, 0-8), or None without both."""
        if self.frequency is None or self.severity is None:
            return None
        return self.frequency + self.severity


@dataclass(frozen=True)
class Cycle:
    """One Botox injection and what the patient recorded about it."""

    injected_on: date
    units: int | None = None
    onset: str | None = None  # yes / partly / not_yet
    effect: int | None = None  # week-4 rating, 0-4
    side_effects: tuple[str, ...] | None = None  # None: never answered; (): none
    #: Each side effect with the day it started and ended (the diary; legacy ones undated).
    side_effect_spans: tuple[SideEffectSpan, ...] = ()
    wear_off_on: date | None = None  # estimated from the diary
    wear_off_reported_on: date | None = None  # reported by the patient


@dataclass(frozen=True)
class MedicationInfo:
    """A medication with the local dates it was started and stopped."""

    id: int
    name: str
    dose: str | None
    started: date
    stopped: date | None = None


@dataclass(frozen=True)
class Dose:
    """One scheduled dose's outcome on a local day: taken / skipped / missed / pending."""

    medication_id: int
    day: date
    outcome: str


@dataclass(frozen=True)
class Event:
    """A treatment event marked on the charts: kind is botox / surgery / appointment / med."""

    day: date
    kind: str
    label: str = ""


@dataclass(frozen=True)
class PatientRecord:
    """Everything the statistics need, as loaded from the database."""

    entries: tuple[DayEntry, ...] = ()
    asked_days: frozenset[date] = frozenset()  # the bot asked (a check-in occurrence was due)
    paused_days: frozenset[date] = frozenset()  # the prompt was skipped: reminders paused
    cycles: tuple[Cycle, ...] = ()
    surgeries: tuple[date, ...] = ()
    appointments: tuple[date, ...] = ()
    medications: tuple[MedicationInfo, ...] = ()
    doses: tuple[Dose, ...] = ()
    progress_checks: tuple[tuple[date, str], ...] = ()  # (day, spasm compared with before)
    interval_weeks: int = 12


@dataclass(frozen=True)
class Period:
    """Local days ``start``..``end``, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        """Number of days in the period."""
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)


def period_of(days: int | None, today: date, first_day: date | None = None) -> Period:
    """The ``days`` days ending today, or (``None``) everything from ``first_day`` to today."""
    if days is None:
        start = min(first_day, today) if first_day is not None else today
        return Period(start, today)
    if days < 1:
        raise ValueError("a period has at least one day")
    return Period(today - timedelta(days=days - 1), today)


# ---- check-ins ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Adherence:
    """Check-ins completed against those expected."""

    done: int
    expected: int
    skipped: int
    missed: int
    paused: int

    @property
    def percent(self) -> int | None:
        """Completed / expected, rounded to a whole percent; None when nothing was expected."""
        if self.expected == 0:
            return None
        return round(Fraction(100 * self.done, self.expected))


def adherence(
    period: Period,
    today: date,
    entries: Iterable[DayEntry],
    asked_days: Iterable[date],
    paused_days: Iterable[date] = (),
) -> Adherence:
    """Expected = days asked (not paused) or completed anyway; today only once it is closed."""
    status = {e.day: e.status for e in entries if e.day in period}
    done = {d for d, s in status.items() if s == COMPLETE}
    paused = {d for d in paused_days if d in period} - done
    asked = {d for d in asked_days if d in period} - paused
    expected = asked | done
    if today in expected and status.get(today) not in (COMPLETE, SKIPPED):
        expected.discard(today)  # the day is not over: it may still be done
    skipped = {d for d in expected if status.get(d) == SKIPPED}
    return Adherence(
        done=len(done),
        expected=len(expected),
        skipped=len(skipped),
        missed=len(expected - done - skipped),
        paused=len(paused),
    )


@dataclass(frozen=True)
class Means:
    """Mean ratings over the days that have them (exact fractions; None without data)."""

    frequency: Fraction | None
    severity: Fraction | None
    impact: Fraction | None
    total: Fraction | None  # eye score over days with frequency and severity
    n_frequency: int = 0
    n_severity: int = 0
    n_impact: int = 0
    n_total: int = 0
    lower_face: Fraction | None = None
    n_lower_face: int = 0

    @property
    def rated_days(self) -> int:
        """Days with at least one rating."""
        return max(self.n_frequency, self.n_severity, self.n_impact, self.n_lower_face)


def _mean(values: Sequence[int]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None


def means_of(entries: Iterable[DayEntry]) -> Means:
    """Mean frequency, severity, impact, lower face and eye score over the given days."""
    entries = list(entries)
    freq = [e.frequency for e in entries if e.frequency is not None]
    sev = [e.severity for e in entries if e.severity is not None]
    imp = [e.impact for e in entries if e.impact is not None]
    tot = [e.total for e in entries if e.total is not None]
    low = [e.lower_face for e in entries if e.lower_face is not None]
    return Means(
        _mean(freq),
        _mean(sev),
        _mean(imp),
        _mean(tot),
        len(freq),
        len(sev),
        len(imp),
        len(tot),
        _mean(low),
        len(low),
    )


class Change(StrEnum):
    """How a mean moved against the one it is compared with: lower, about the same, higher."""

    LOWER = "lower"
    STABLE = "stable"
    HIGHER = "higher"
    NO_DATA = "no_data"


@dataclass(frozen=True)
class ItemChange:
    """One mean against its comparison mean."""

    now: Fraction | None
    before: Fraction | None
    change: Change
    n_now: int = 0  # rated days the mean rests on
    n_before: int = 0


def change_of(
    now: Fraction | None,
    before: Fraction | None,
    n_now: int,
    n_before: int,
    threshold: Fraction = ITEM_THRESHOLD,
    min_days: int = MIN_DAYS,
) -> ItemChange:
    """Lower if ``now`` is lower by at least ``threshold``, higher if higher by as much; no
    change is claimed unless both sides rest on ``min_days`` rated days."""
    if now is None or before is None or n_now < min_days or n_before < min_days:
        return ItemChange(now, before, Change.NO_DATA, n_now, n_before)
    diff = now - before
    if diff <= -threshold:
        change = Change.LOWER
    elif diff >= threshold:
        change = Change.HIGHER
    else:
        change = Change.STABLE
    return ItemChange(now, before, change, n_now, n_before)


@dataclass(frozen=True)
class Comparison:
    """Each mean of a period against another (e.g. the previous period)."""

    frequency: ItemChange
    severity: ItemChange
    impact: ItemChange
    overall: ItemChange  # on the eye score (frequency + severity), threshold 1.0
    lower_face: ItemChange = ItemChange(None, None, Change.NO_DATA)


def compare_means(now: Means, before: Means, min_days: int = MIN_DAYS) -> Comparison:
    """Compare two sets of means item by item, and overall on the eye score."""
    return Comparison(
        change_of(
            now.frequency,
            before.frequency,
            now.n_frequency,
            before.n_frequency,
            min_days=min_days,
        ),
        change_of(
            now.severity, before.severity, now.n_severity, before.n_severity, min_days=min_days
        ),
        change_of(now.impact, before.impact, now.n_impact, before.n_impact, min_days=min_days),
        change_of(
            now.total,
            before.total,
            now.n_total,
            before.n_total,
            threshold=TOTAL_THRESHOLD,
            min_days=min_days,
        ),
        change_of(
            now.lower_face,
            before.lower_face,
            now.n_lower_face,
            before.n_lower_face,
            min_days=min_days,
        ),
    )


def best_and_worst(entries: Iterable[DayEntry]) -> tuple[DayEntry | None, DayEntry | None]:
    """The lowest and highest eye score (ties: lower/higher impact, then the latest day)."""
    rated = [e for e in entries if e.total is not None]
    if not rated:
        return None, None

    def impact(e: DayEntry) -> int:
        return e.impact if e.impact is not None else 0

    best = min(rated, key=lambda e: (e.total, impact(e), -e.day.toordinal()))
    worst = max(rated, key=lambda e: (e.total, impact(e), e.day.toordinal()))
    return best, worst


def latest_notes(entries: Iterable[DayEntry], limit: int = 3) -> list[DayEntry]:
    """The newest days with a note, newest first."""
    noted = [e for e in entries if e.note]
    return sorted(noted, key=lambda e: e.day, reverse=True)[:limit]


@dataclass(frozen=True)
class WeekRow:
    """One week's averages (weeks start on Monday; the first and last may be partial)."""

    start: date
    end: date
    done: int
    means: Means


def weekly_averages(entries: Iterable[DayEntry], period: Period) -> list[WeekRow]:
    """Averages per calendar week (Monday to Sunday) within the period, oldest first."""
    by_week: dict[date, list[DayEntry]] = {}
    for e in entries:
        if e.day in period:
            by_week.setdefault(e.day - timedelta(days=e.day.weekday()), []).append(e)
    rows = []
    monday = period.start - timedelta(days=period.start.weekday())
    while monday <= period.end:
        days = by_week.get(monday, [])
        start = max(monday, period.start)
        end = min(monday + timedelta(days=6), period.end)
        rows.append(
            WeekRow(start, end, sum(1 for e in days if e.status == COMPLETE), means_of(days))
        )
        monday += timedelta(days=7)
    return rows


def daily_series(
    entries: Iterable[DayEntry], period: Period
) -> tuple[list[date], list[float | None], list[float | None]]:
    """Every day of the period with its frequency and severity (None on days without)."""
    by_day = {e.day: e for e in entries if e.day in period}
    days = [period.start + timedelta(days=i) for i in range(period.days)]
    freq: list[float | None] = []
    sev: list[float | None] = []
    for d in days:
        e = by_day.get(d)
        freq.append(float(e.frequency) if e and e.frequency is not None else None)
        sev.append(float(e.severity) if e and e.severity is not None else None)
    return days, freq, sev


# ---- treatment ----------------------------------------------------------------------------------
def current_cycle(cycles: Iterable[Cycle], today: date) -> Cycle | None:
    """The latest injection on or before today."""
    past = [c for c in cycles if c.injected_on <= today]
    return max(past, key=lambda c: c.injected_on) if past else None


def _cycle_ends(cycles: Sequence[Cycle], today: date) -> list[tuple[Cycle, date]]:
    """Each cycle (oldest first) with its last day: the day before the next injection, or today."""
    ordered = sorted((c for c in cycles if c.injected_on <= today), key=lambda c: c.injected_on)
    ends = []
    for i, cycle in enumerate(ordered):
        nxt = ordered[i + 1].injected_on - timedelta(days=1) if i + 1 < len(ordered) else today
        ends.append((cycle, nxt))
    return ends


def _severity_by_day(entries: Iterable[DayEntry]) -> dict[date, int]:
    return {e.day: e.severity for e in entries if e.severity is not None}


def _window_mean(
    severity: dict[date, int], first: date, last: date
) -> tuple[Fraction | None, int]:
    values = [
        severity[d]
        for d in (first + timedelta(days=i) for i in range((last - first).days + 1))
        if d in severity
    ]
    return _mean(values), len(values)


@dataclass(frozen=True)
class CycleComparison:
    """The current cycle's recent severity against earlier cycles at the same days."""

    cycle: Cycle
    day: int  # days since the injection (0 on the injection day)
    window: tuple[int, int]  # the cycle days compared (first, last)
    current: Fraction | None
    n_current: int
    earlier: Fraction | None  # mean over earlier cycles (each cycle weighs the same)
    earlier_cycles: int
    change: Change
    n_earlier: int = 0  # rated days of the earlier cycles in the window, all together


def cycle_comparison(
    cycles: Sequence[Cycle], entries: Iterable[DayEntry], today: date
) -> CycleComparison | None:
    """Severity over cycle days N-13..N of the current cycle against earlier cycles' same days.

    An earlier cycle counts when it lasted past day N and has ``MIN_DAYS`` rated days in the
    window; the current cycle needs as many. Threshold: 0.5 on the 0-4 severity item.
    """
    ends = _cycle_ends(cycles, today)
    if not ends:
        return None
    cycle, _ = ends[-1]
    n = (today - cycle.injected_on).days
    first = max(0, n - CYCLE_WINDOW_DAYS + 1)
    severity = _severity_by_day(entries)

    def window(c: Cycle) -> tuple[date, date]:
        return c.injected_on + timedelta(days=first), c.injected_on + timedelta(days=n)

    current, n_current = _window_mean(severity, *window(cycle))
    earlier_means = []
    n_earlier = 0
    for c, last_day in ends[:-1]:
        lo, hi = window(c)
        if hi > last_day:
            continue  # that cycle ended (next injection) before reaching day N
        mean, count = _window_mean(severity, lo, hi)
        if mean is not None and count >= MIN_DAYS:
            earlier_means.append(mean)
            n_earlier += count
    earlier = sum(earlier_means, Fraction(0)) / len(earlier_means) if earlier_means else None
    # Each earlier mean already rests on MIN_DAYS days; the current window needs as many.
    change = change_of(current, earlier, n_current, MIN_DAYS).change
    return CycleComparison(
        cycle, n, (first, n), current, n_current, earlier, len(earlier_means), change, n_earlier
    )


@dataclass(frozen=True)
class CycleCurve:
    """One cycle's mean severity per week since the injection: (day, mean) per week, at the mean
    of the cycle days rated that week (days 7-13 all rated: day 10), and how many days each
    point rests on (``rated``, in the same order)."""

    injected_on: date
    points: tuple[tuple[float, float], ...]
    current: bool
    rated: tuple[int, ...] = ()

    def full_points(self) -> tuple[tuple[float, float], ...]:
        """The weeks resting on at least ``MIN_WEEK_DAYS`` rated days."""
        return tuple(
            p for p, n in zip(self.points, self._counts(), strict=True) if n >= MIN_WEEK_DAYS
        )

    def thin_points(self) -> tuple[tuple[float, float], ...]:
        """The weeks resting on fewer rated days: shown apart, never as a full point."""
        return tuple(
            p for p, n in zip(self.points, self._counts(), strict=True) if n < MIN_WEEK_DAYS
        )

    def _counts(self) -> tuple[int, ...]:
        return self.rated or (MIN_WEEK_DAYS,) * len(self.points)


def cycle_curves(
    cycles: Sequence[Cycle],
    entries: Iterable[DayEntry],
    today: date,
    limit: int = MAX_CYCLES_SHOWN,
) -> list[CycleCurve]:
    """Up to ``limit`` latest cycles (oldest first), binned by week since injection."""
    severity = _severity_by_day(entries)
    ends = _cycle_ends(cycles, today)[-limit:]
    curves = []
    for i, (cycle, last_day) in enumerate(ends):
        span = min((last_day - cycle.injected_on).days, MAX_CYCLE_DAYS - 1)
        bins: dict[int, list[tuple[int, int]]] = {}
        for k in range(span + 1):
            value = severity.get(cycle.injected_on + timedelta(days=k))
            if value is not None:
                bins.setdefault(k // 7, []).append((k, value))
        weeks = [bins[week] for week in sorted(bins)]
        points = tuple(
            (
                float(Fraction(sum(k for k, _ in days), len(days))),
                float(Fraction(sum(v for _, v in days), len(days))),
            )
            for days in weeks
        )
        rated = tuple(len(days) for days in weeks)
        curves.append(CycleCurve(cycle.injected_on, points, i == len(ends) - 1, rated))
    return curves


def mean_curve(curves: Sequence[CycleCurve]) -> tuple[tuple[float, float], ...]:
    """The average of several cycles' full weeks, week by week (weeks that any cycle has with
    at least ``MIN_WEEK_DAYS`` rated days), at the mean of their day numbers."""
    by_week: dict[int, list[tuple[float, float]]] = {}
    for curve in curves:
        for x, y in curve.full_points():
            by_week.setdefault(int(x // 7), []).append((x, y))
    return tuple(
        (sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points))
        for _, points in sorted(by_week.items())
    )


@dataclass(frozen=True)
class CycleRow:
    """A line of the report's cycle table."""

    cycle: Cycle
    length_days: int | None  # to the next injection; None for the current cycle
    wear_off_day: int | None  # estimated from the diary
    before: Fraction | None  # mean severity in the 14 days before the injection
    peak: Fraction | None  # mean severity on days 14-41 (weeks 2-6)
    reported_day: int | None = None  # the patient reported it wearing off on this cycle day
    #: The cycle's side effects with their days (``cycle.side_effects`` keeps the codes).
    side_effect_spans: tuple[SideEffectSpan, ...] = ()


def cycle_rows(
    cycles: Sequence[Cycle], entries: Iterable[DayEntry], today: date, limit: int = 6
) -> list[CycleRow]:
    """The latest ``limit`` cycles with onset, wear-off and severity before / at weeks 2-6."""
    severity = _severity_by_day(entries)
    ends = _cycle_ends(cycles, today)
    rows = []
    for i, (cycle, last_day) in enumerate(ends):
        inj = cycle.injected_on
        before, _ = _window_mean(
            severity, inj - timedelta(days=BEFORE_INJECTION_DAYS), inj - timedelta(days=1)
        )
        peak_end = min(inj + timedelta(days=PEAK_TO_DAY), last_day)
        peak, _ = _window_mean(severity, inj + timedelta(days=PEAK_FROM_DAY), peak_end)
        rows.append(
            CycleRow(
                cycle,
                (last_day - inj).days + 1 if i + 1 < len(ends) else None,
                (cycle.wear_off_on - inj).days if cycle.wear_off_on else None,
                before,
                peak,
                (cycle.wear_off_reported_on - inj).days if cycle.wear_off_reported_on else None,
                cycle.side_effect_spans,
            )
        )
    return rows[-limit:]


@dataclass(frozen=True)
class Recovery:
    """After surgery: the 30 days before it against the latest 14 days after it."""

    surgery_on: date
    days_since: int
    baseline: Means
    recent: Means
    comparison: Comparison


def recovery(
    surgeries: Iterable[date], entries: Iterable[DayEntry], today: date
) -> Recovery | None:
    """Signs of recovery since the latest surgery on or before today (None without one).

    Fewer/shorter spasms show in the frequency item (its anchors grade the spasms' duration),
    milder ones in severity, less disruption in the daily-life item.
    """
    past = [d for d in surgeries if d <= today]
    if not past:
        return None
    surgery_on = max(past)
    entries = list(entries)
    base_from = surgery_on - timedelta(days=RECOVERY_BASELINE_DAYS)
    recent_from = max(
        surgery_on + timedelta(days=1), today - timedelta(days=RECOVERY_RECENT_DAYS - 1)
    )
    baseline = means_of(e for e in entries if base_from <= e.day < surgery_on)
    recent = means_of(e for e in entries if recent_from <= e.day <= today)
    return Recovery(
        surgery_on, (today - surgery_on).days, baseline, recent, compare_means(recent, baseline)
    )


@dataclass(frozen=True)
class MedicationAdherence:
    """Doses taken against doses answered or missed (pending ones are not counted)."""

    name: str
    taken: int
    skipped: int
    missed: int

    @property
    def counted(self) -> int:
        """Doses with an outcome."""
        return self.taken + self.skipped + self.missed

    @property
    def percent(self) -> int | None:
        """Taken / counted, whole percent; None without doses."""
        return round(Fraction(100 * self.taken, self.counted)) if self.counted else None


def medication_adherence(
    medications: Sequence[MedicationInfo], doses: Iterable[Dose], period: Period
) -> tuple[list[MedicationAdherence], MedicationAdherence]:
    """Per medication (those with doses in the period) and all together."""
    counts: dict[int, dict[str, int]] = {}
    for dose in doses:
        if dose.day in period and dose.outcome in ("taken", "skipped", "missed"):
            per = counts.setdefault(dose.medication_id, {"taken": 0, "skipped": 0, "missed": 0})
            per[dose.outcome] += 1
    names = {m.id: m.name for m in medications}
    rows = [
        MedicationAdherence(names.get(mid, "?"), c["taken"], c["skipped"], c["missed"])
        for mid, c in sorted(counts.items(), key=lambda kv: names.get(kv[0], ""))
    ]
    total = MedicationAdherence(
        "",
        sum(r.taken for r in rows),
        sum(r.skipped for r in rows),
        sum(r.missed for r in rows),
    )
    return rows, total


def events_in(record: PatientRecord, period: Period) -> list[Event]:
    """Treatment events in the period: injections, surgery, appointments, medication changes."""
    events = [Event(c.injected_on, "botox") for c in record.cycles]
    events += [Event(d, "surgery") for d in record.surgeries]
    events += [Event(d, "appointment") for d in record.appointments]
    for med in record.medications:
        events.append(Event(med.started, "med", med.name))
        if med.stopped is not None:
            events.append(Event(med.stopped, "med", med.name))
    return sorted((e for e in events if e.day in period), key=lambda e: (e.day, e.kind))


# ---- everything together ------------------------------------------------------------------------
@dataclass(frozen=True)
class Baseline:
    """For "everything so far": the diary before the first injection against the days since.

    The days before the first treatment are the patient's baseline; "everything" keeps them
    and compares with them (at least MIN_DAYS rated days on each side), not only with itself."""

    first_injection: date
    before: Means
    since: Means
    comparison: Comparison


def baseline_of(entries: Iterable[DayEntry], cycles: Iterable[date]) -> Baseline | None:
    """The baseline comparison, or None when no injection is recorded."""
    injections = list(cycles)
    if not injections:
        return None
    first = min(injections)
    entries = list(entries)
    before = means_of(e for e in entries if e.day < first)
    since = means_of(e for e in entries if e.day >= first)
    return Baseline(first, before, since, compare_means(since, before))


@dataclass(frozen=True)
class Summary:
    """What /summary, the weekly message and the report show for one period."""

    today: date
    period: Period
    previous: Period | None
    entries: tuple[DayEntry, ...]  # the period's days
    adherence: Adherence
    means: Means
    previous_means: Means | None
    comparison: Comparison | None
    best: DayEntry | None
    worst: DayEntry | None
    notes: tuple[DayEntry, ...]
    cycle: CycleComparison | None
    recovery: Recovery | None
    medications: tuple[MedicationAdherence, ...]
    medications_total: MedicationAdherence
    events: tuple[Event, ...]
    progress_check: tuple[date, str] | None = None
    record: PatientRecord = field(default_factory=PatientRecord, repr=False)
    #: The operation date when it falls in this period or the previous one: the two periods
    #: are then not compared (before and after an operation); ``recovery`` compares instead.
    surgery_between: date | None = None
    #: "Everything so far" with injections: before the first injection against since.
    baseline: Baseline | None = None

    @property
    def has_ratings(self) -> bool:
        """True when at least one day of the period has a rating."""
        return self.means.rated_days > 0


def _within(entries: Iterable[DayEntry], period: Period) -> tuple[DayEntry, ...]:
    return tuple(sorted((e for e in entries if e.day in period), key=lambda e: e.day))


def first_day(record: PatientRecord) -> date | None:
    """The first day anything was recorded or asked."""
    days = [e.day for e in record.entries] + list(record.asked_days)
    return min(days) if days else None


def summarise(record: PatientRecord, days: int | None, today: date, notes: int = 3) -> Summary:
    """All statistics for the ``days`` days ending today (``None``: everything)."""
    period = period_of(days, today, first_day(record))
    entries = _within(record.entries, period)
    means = means_of(entries)
    previous = period.previous() if days is not None else None
    previous_means = means_of(_within(record.entries, previous)) if previous else None
    comparison = compare_means(means, previous_means) if previous_means else None
    surgery_between = next(
        (
            d
            for d in sorted(record.surgeries, reverse=True)
            if previous is not None and previous.start < d <= period.end
        ),
        None,
    )
    if surgery_between is not None:
        comparison = None  # before and after an operation: see ``recovery`` instead
    best, worst = best_and_worst(entries)
    cycle = cycle_comparison(record.cycles, record.entries, today)
    meds, meds_total = medication_adherence(record.medications, record.doses, period)
    checks = [c for c in record.progress_checks if c[0] <= today]
    return Summary(
        today=today,
        period=period,
        previous=previous,
        entries=entries,
        adherence=adherence(period, today, entries, record.asked_days, record.paused_days),
        means=means,
        previous_means=previous_means,
        comparison=comparison,
        best=best,
        worst=worst,
        notes=tuple(latest_notes(entries, notes)),
        cycle=cycle,
        recovery=recovery(record.surgeries, record.entries, today),
        medications=tuple(meds),
        medications_total=meds_total,
        events=tuple(events_in(record, period)),
        progress_check=max(checks) if checks else None,
        record=record,
        surgery_between=surgery_between,
        baseline=(
            baseline_of(entries, (c.injected_on for c in record.cycles)) if days is None else None
        ),
    )
