"""Summary statistics against hand-computed figures, including empty and sparse data."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.domain.summary import (
    MIN_DAYS,
    Adherence,
    Change,
    Cycle,
    DayEntry,
    Dose,
    MedicationInfo,
    PatientRecord,
    Period,
    adherence,
    baseline_of,
    best_and_worst,
    change_of,
    compare_means,
    current_cycle,
    cycle_comparison,
    cycle_curves,
    cycle_rows,
    daily_series,
    events_in,
    latest_notes,
    mean_curve,
    means_of,
    medication_adherence,
    period_of,
    recovery,
    summarise,
    weekly_averages,
)

TODAY = date(2026, 11, 21)  # a Saturday


def day(offset: int) -> date:
    """TODAY + offset days."""
    return TODAY + timedelta(days=offset)


def done(d: date, f: int, s: int, i: int | None = None, note: str | None = None) -> DayEntry:
    return DayEntry(d, "complete", f, s, i, note)


# ---- periods ------------------------------------------------------------------------------------
def test_a_period_ends_today_and_the_previous_one_has_the_same_length() -> None:
    p = period_of(7, TODAY)
    assert (p.start, p.end, p.days) == (date(2026, 11, 15), TODAY, 7)
    prev = p.previous()
    assert (prev.start, prev.end) == (date(2026, 11, 8), date(2026, 11, 14))
    assert period_of(1, TODAY) == Period(TODAY, TODAY)
    assert date(2026, 11, 14) not in p and TODAY in p and "x" not in p


def test_all_starts_at_the_first_record_or_today() -> None:
    assert period_of(None, TODAY, date(2025, 1, 3)) == Period(date(2025, 1, 3), TODAY)
    assert period_of(None, TODAY) == Period(TODAY, TODAY)
    with pytest.raises(ValueError):
        period_of(0, TODAY)


# ---- adherence ----------------------------------------------------------------------------------
def test_adherence_with_nothing_at_all() -> None:
    a = adherence(period_of(30, TODAY), TODAY, [], [])
    assert a == Adherence(0, 0, 0, 0, 0) and a.percent is None


def test_a_single_check_in_today_is_one_of_one() -> None:
    a = adherence(period_of(30, TODAY), TODAY, [done(TODAY, 1, 1, 1)], [TODAY])
    assert (a.done, a.expected, a.percent) == (1, 1, 100)


def test_today_counts_only_once_its_check_in_is_closed() -> None:
    asked = [day(-2), day(-1), TODAY]
    entries = [done(day(-2), 1, 1, 1), DayEntry(TODAY, "open")]  # yesterday: no row at all
    a = adherence(period_of(7, TODAY), TODAY, entries, asked)
    assert (a.done, a.expected, a.missed, a.percent) == (1, 2, 1, 50)
    skipped_today = [done(day(-2), 1, 1, 1), DayEntry(TODAY, "skipped")]
    a = adherence(period_of(7, TODAY), TODAY, skipped_today, asked)
    assert (a.done, a.expected, a.skipped, a.missed, a.percent) == (1, 3, 1, 1, 33)


def test_all_missed_is_zero_percent() -> None:
    asked = [day(-k) for k in range(1, 6)]
    entries = [DayEntry(d, "missed") for d in asked]
    a = adherence(period_of(7, TODAY), TODAY, entries, asked)
    assert (a.done, a.expected, a.missed, a.percent) == (0, 5, 5, 0)


def test_paused_days_are_not_expected_unless_checked_in_anyway() -> None:
    asked = [day(-1), day(-2), day(-3)]
    paused = [day(-4), day(-5)]
    entries = [done(day(-1), 1, 1), done(day(-5), 2, 2)]  # checked in by hand while paused
    a = adherence(period_of(7, TODAY), TODAY, entries, asked, paused)
    assert (a.done, a.expected, a.paused, a.missed) == (2, 4, 1, 2)
    assert a.percent == 50


def test_gaps_and_days_outside_the_period() -> None:
    # Asked only on some days (check-in switched off in between); a manual check-in on an
    # un-asked day counts; rows before the period are ignored.
    asked = [day(-6), day(-5)]
    entries = [done(day(-6), 1, 1), done(day(-2), 1, 1), done(day(-20), 4, 4)]
    a = adherence(period_of(7, TODAY), TODAY, entries, asked)
    assert (a.done, a.expected, a.missed, a.percent) == (2, 3, 1, 67)


# ---- means and changes --------------------------------------------------------------------------
def test_means_use_the_days_that_have_each_rating() -> None:
    entries = [
        done(day(-2), 1, 2, 0),
        DayEntry(day(-1), "open", frequency=3),  # a partial day: frequency only
        DayEntry(TODAY, "missed"),
    ]
    m = means_of(entries)
    assert m.frequency == 2 and m.n_frequency == 2
    assert m.severity == 2 and m.n_severity == 1
    assert m.impact == 0 and m.n_impact == 1
    assert m.total == 3 and m.n_total == 1
    assert m.rated_days == 2
    empty = means_of([])
    assert (empty.frequency, empty.total, empty.rated_days) == (None, None, 0)


def test_half_a_point_is_the_line_between_about_the_same_and_lower_or_higher() -> None:
    two = Fraction(2)
    assert change_of(Fraction(3, 2), two, 7, 7).change is Change.LOWER  # exactly -0.5
    assert change_of(Fraction(151, 100), two, 7, 7).change is Change.STABLE  # -0.49
    assert change_of(Fraction(5, 2), two, 7, 7).change is Change.HIGHER  # exactly +0.5
    assert change_of(Fraction(249, 100), two, 7, 7).change is Change.STABLE
    assert change_of(Fraction(1), None, 7, 0).change is Change.NO_DATA


def test_a_comparison_needs_seven_rated_days_on_each_side_and_says_how_many() -> None:
    two = Fraction(2)
    assert MIN_DAYS == 7
    for n_now, n_before in ((6, 7), (7, 6), (3, 30)):
        short = change_of(Fraction(1), two, n_now, n_before)
        assert short.change is Change.NO_DATA and (short.n_now, short.n_before) == (
            n_now,
            n_before,
        )
    enough = change_of(Fraction(1), two, 7, 12)
    assert enough.change is Change.LOWER and (enough.n_now, enough.n_before) == (7, 12)


def test_overall_change_uses_the_eye_score_with_a_one_point_threshold() -> None:
    before = means_of([done(day(-10 - k), 2, 2, 2) for k in range(7)])  # total 4
    slightly = means_of([done(day(-k), 2, 1, 2) for k in range(7)])  # total 3: -1.0
    cmp = compare_means(slightly, before)
    assert cmp.overall.change is Change.LOWER and (cmp.overall.n_now, cmp.overall.n_before) == (
        7,
        7,
    )
    assert cmp.severity.change is Change.LOWER  # -1.0 on the item
    assert cmp.frequency.change is Change.STABLE and cmp.impact.change is Change.STABLE
    mixed = means_of([done(day(-k), 2, 2 if k else 1, 2) for k in range(7)])  # total 27/7
    assert compare_means(mixed, before).overall.change is Change.STABLE
    # Three days a side is no longer enough.
    three = means_of([done(day(-k), 0, 0, 0) for k in range(3)])
    assert compare_means(three, before).overall.change is Change.NO_DATA


def test_the_lower_face_is_averaged_and_compared_like_the_other_items() -> None:
    before = means_of(
        [DayEntry(day(-10 - k), "complete", 2, 2, 1, lower_face=3) for k in range(7)]
    )
    now = means_of([DayEntry(day(-k), "complete", 2, 2, 1, lower_face=1) for k in range(7)])
    old = means_of([done(day(-k), 2, 2, 1) for k in range(7)])  # before the item was asked
    assert (now.lower_face, now.n_lower_face) == (1, 7)
    assert (old.lower_face, old.n_lower_face) == (None, 0)
    assert compare_means(now, before).lower_face.change is Change.LOWER
    assert compare_means(old, before).lower_face.change is Change.NO_DATA


def test_best_and_worst_days_with_ties() -> None:
    entries = [
        done(day(-4), 1, 1, 1),
        done(day(-3), 1, 1, 0),  # same total, lower impact: best
        done(day(-2), 3, 3, 2),
        done(day(-1), 4, 2, 2),  # same total and impact as day -2, later: worst
        DayEntry(TODAY, "missed"),
    ]
    best, worst = best_and_worst(entries)
    assert best is not None and worst is not None
    assert best.day == day(-3) and worst.day == day(-1)
    assert best_and_worst([]) == (None, None)
    single = done(TODAY, 2, 2)
    assert best_and_worst([single]) == (single, single)


def test_latest_notes_newest_first() -> None:
    entries = [done(day(-k), 1, 1, note=f"n{k}") for k in range(5)] + [done(day(-9), 1, 1)]
    assert [e.note for e in latest_notes(entries, 3)] == ["n0", "n1", "n2"]
    assert latest_notes([done(TODAY, 1, 1)]) == []


def test_weekly_averages_split_at_mondays() -> None:
    period = Period(date(2026, 11, 18), date(2026, 11, 24))  # Wed .. Tue
    entries = [
        done(date(2026, 11, 18), 2, 2, 2),
        done(date(2026, 11, 19), 4, 2, 0),
        DayEntry(date(2026, 11, 20), "missed"),
        done(date(2026, 11, 23), 1, 1, 1),
        done(date(2026, 11, 30), 4, 4, 4),  # outside
    ]
    first, second = weekly_averages(entries, period)
    assert (first.start, first.end, first.done) == (date(2026, 11, 18), date(2026, 11, 22), 2)
    assert (first.means.frequency, first.means.severity, first.means.impact) == (3, 2, 1)
    assert (second.start, second.end, second.done) == (date(2026, 11, 23), date(2026, 11, 24), 1)
    assert second.means.frequency == 1


def test_daily_series_has_gaps_as_none() -> None:
    days, freq, sev = daily_series([done(day(-2), 1, 3)], period_of(3, TODAY))
    assert days == [day(-2), day(-1), TODAY]
    assert freq == [1.0, None, None] and sev == [3.0, None, None]


# ---- Botox cycles -------------------------------------------------------------------------------
def severities(start: date, values: dict[int, int]) -> list[DayEntry]:
    """Check-ins with severity values[k] on start + k days (frequency equal)."""
    return [done(start + timedelta(days=k), v, v, 0) for k, v in values.items()]


def test_current_cycle_and_its_comparison_with_earlier_cycles() -> None:
    earlier, current = day(-100), day(-10)
    cycles = [Cycle(current), Cycle(earlier), Cycle(day(5))]  # a future one is ignored
    assert current_cycle(cycles, TODAY) == Cycle(current)
    assert current_cycle([Cycle(day(5))], TODAY) is None
    # Cycle days 0..10 (the window is 14 days, from day 0 at most): the earlier cycle had
    # severity 3 on all 11, this one 1 on 8 of them (three days missing).
    entries = severities(earlier, {k: 3 for k in range(0, 11)})
    entries += severities(current, {0: 1, 1: 1, 2: 1, 4: 1, 5: 1, 7: 1, 8: 2, 10: 1})
    cc = cycle_comparison(cycles, entries, TODAY)
    assert cc is not None
    assert (cc.day, cc.window, cc.n_current, cc.n_earlier) == (10, (0, 10), 8, 11)
    assert cc.current == Fraction(9, 8) and cc.earlier == 3 and cc.earlier_cycles == 1
    assert cc.change is Change.LOWER


def test_cycle_comparison_needs_enough_days_and_a_long_enough_earlier_cycle() -> None:
    first, second, current = day(-60), day(-55), day(-10)
    # The first cycle ended (next injection) after 5 days: it never reached day 10.
    entries = severities(first, {k: 3 for k in range(5)})
    entries += severities(second, {k: 2 for k in range(0, 11)})
    entries += severities(current, {k: 1 for k in range(5, 11)})  # six rated days: too few
    cc = cycle_comparison([Cycle(first), Cycle(second), Cycle(current)], entries, TODAY)
    assert cc is not None and cc.earlier_cycles == 1 and cc.earlier == 2
    assert cc.change is Change.NO_DATA
    assert cycle_comparison([], entries, TODAY) is None
    alone = cycle_comparison([Cycle(current)], entries, TODAY)
    assert alone is not None and alone.earlier is None and alone.earlier_cycles == 0


def test_cycle_curves_bin_by_week_since_injection() -> None:
    a, b = day(-30), day(-9)
    # a's cycle is days 0-20 (b comes 21 days later); a's day 21 is b's day 0.
    entries = severities(a, {0: 4, 1: 2, 7: 1, 20: 3, 21: 4}) + severities(b, {8: 0})
    curves = cycle_curves([Cycle(a), Cycle(b)], entries, TODAY)
    assert [c.current for c in curves] == [False, True]
    # Each week at the mean of its rated days, with how many days it rests on.
    assert curves[0].points == ((0.5, 3.0), (7.0, 1.0), (20.0, 3.0))
    assert curves[0].rated == (2, 1, 1)
    assert curves[1].points == ((0.0, 4.0), (8.0, 0.0))
    assert curves[1].rated == (1, 1)
    assert mean_curve(curves) == ()  # no week with 3 rated days: no average point
    full = cycle_curves([Cycle(a)], severities(a, {0: 4, 1: 2, 2: 3, 6: 1}), TODAY)
    assert full[0].points == ((2.25, 2.5),) and mean_curve(full) == ((2.25, 2.5),)
    assert len(cycle_curves([Cycle(day(-7 * k)) for k in range(10)], [], TODAY)) == 6


def test_cycle_rows_show_severity_before_and_at_weeks_two_to_six() -> None:
    a, b = day(-120), day(-20)
    entries = severities(a - timedelta(days=14), {0: 4, 13: 2})  # days -14 and -1
    entries += severities(a, {14: 1, 41: 0, 42: 4})
    rows = cycle_rows([Cycle(a, wear_off_on=a + timedelta(days=70)), Cycle(b)], entries, TODAY)
    first, second = rows
    assert first.before == 3 and first.peak == Fraction(1, 2)
    assert first.length_days == 100 and first.wear_off_day == 70
    assert second.length_days is None and second.before is None and second.peak is None


# ---- surgery, medication, events ----------------------------------------------------------------
def test_recovery_compares_the_last_14_days_with_the_30_before_surgery() -> None:
    surgery = day(-40)
    entries = [done(surgery - timedelta(days=k), 3, 3, 3) for k in range(1, 31)]
    entries.append(done(surgery - timedelta(days=31), 0, 0, 0))  # outside the baseline
    entries += [done(day(-k), 1, 3, 2) for k in range(14)]
    entries.append(done(day(-14), 4, 4, 4))  # just before the recent window
    rec = recovery([surgery, day(3)], entries, TODAY)
    assert rec is not None and rec.days_since == 40 and rec.surgery_on == surgery
    assert rec.baseline.frequency == 3 and rec.recent.frequency == 1
    assert rec.comparison.frequency.change is Change.LOWER
    assert rec.comparison.severity.change is Change.STABLE
    assert rec.comparison.impact.change is Change.LOWER
    assert (rec.comparison.overall.n_now, rec.comparison.overall.n_before) == (14, 30)
    assert recovery([], entries, TODAY) is None


def test_recovery_soon_after_surgery_uses_only_the_days_since() -> None:
    surgery = day(-2)
    entries = [done(day(-k), 4, 4, 4) for k in range(2, 5)] + [done(day(-1), 1, 1, 1)]
    rec = recovery([surgery], entries, TODAY)
    assert rec is not None and rec.recent.n_frequency == 1 and rec.recent.frequency == 1
    assert rec.comparison.frequency.change is Change.NO_DATA


def test_medication_adherence_counts_answered_and_missed_doses() -> None:
    meds = [
        MedicationInfo(1, "Baclofen", "5 mg", day(-60)),
        MedicationInfo(2, "Other", None, TODAY),
    ]
    doses = [
        Dose(1, day(-1), "taken"),
        Dose(1, day(-1), "taken"),
        Dose(1, day(-2), "skipped"),
        Dose(1, day(-3), "missed"),
        Dose(1, TODAY, "pending"),  # not counted
        Dose(1, day(-30), "missed"),  # outside
    ]
    rows, total = medication_adherence(meds, doses, period_of(7, TODAY))
    # "Other" started today, with no answered dose: listed with zero counts, not left out.
    assert [(r.name, r.taken, r.skipped, r.missed, r.percent) for r in rows] == [
        ("Baclofen", 2, 1, 1, 50),
        ("Other", 0, 0, 0, None),
    ]
    assert total.counted == 4 and total.percent == 50
    rows, total = medication_adherence(meds, [], period_of(7, TODAY))
    assert [r.counted for r in rows] == [0, 0] and total.percent is None
    stopped = [MedicationInfo(3, "Old", None, day(-90), stopped=day(-20))]
    assert medication_adherence(stopped, [], period_of(7, TODAY)) == ([], total)


def test_events_within_the_period() -> None:
    record = PatientRecord(
        cycles=(Cycle(day(-3)), Cycle(day(-40))),
        surgeries=(day(-1),),
        appointments=(day(-2), day(2)),
        medications=(MedicationInfo(1, "X", None, day(-5), day(-4)),),
    )
    events = events_in(record, period_of(7, TODAY))
    assert [(e.day, e.kind) for e in events] == [
        (day(-5), "med"),
        (day(-4), "med"),
        (day(-3), "botox"),
        (day(-2), "appointment"),
        (day(-1), "surgery"),
    ]


# ---- everything together ------------------------------------------------------------------------
def test_summarise_an_empty_record() -> None:
    s = summarise(PatientRecord(), 30, TODAY)
    assert not s.has_ratings and s.adherence.expected == 0
    assert s.comparison is not None and s.comparison.overall.change is Change.NO_DATA
    assert (s.best, s.worst, s.cycle, s.recovery, s.notes) == (None, None, None, None, ())
    everything = summarise(PatientRecord(), None, TODAY)
    assert everything.period == Period(TODAY, TODAY) and everything.comparison is None


def test_summarise_hand_computed() -> None:
    # Previous 14 days: totals 6; these 14: totals 2 on 11 of 14 asked days.
    entries = [done(day(-14 - k), 3, 3, 2) for k in range(14)]
    rated = [k for k in range(14) if k not in (2, 6, 9)]
    entries += [done(day(-k), 1, 1, 1, note="ok" if k == 1 else None) for k in rated]
    entries += [DayEntry(day(-2), "missed")]
    record = PatientRecord(
        entries=tuple(entries), asked_days=frozenset(day(-k) for k in range(28))
    )
    s = summarise(record, 14, TODAY)
    assert (s.adherence.done, s.adherence.expected, s.adherence.missed) == (11, 14, 3)
    assert s.means.frequency == 1 and s.previous_means is not None
    assert s.previous_means.frequency == 3
    assert s.comparison is not None and s.comparison.overall.change is Change.LOWER
    assert (s.comparison.overall.n_now, s.comparison.overall.n_before) == (11, 14)
    assert [e.day for e in s.notes] == [day(-1)]
    assert s.surgery_between is None
    # The same week is not compared with the week before when an operation lies between.
    after = summarise(PatientRecord(entries=tuple(entries), surgeries=(day(-16),)), 14, TODAY)
    assert after.surgery_between == day(-16) and after.comparison is None
    assert after.recovery is not None
    # An operation before both periods does not stop the comparison.
    long_ago = summarise(PatientRecord(entries=tuple(entries), surgeries=(day(-28),)), 14, TODAY)
    assert long_ago.surgery_between is None and long_ago.comparison is not None


@given(
    statuses=st.lists(
        st.sampled_from(["complete", "skipped", "missed", "open", None]), max_size=40
    ),
    asked=st.sets(st.integers(0, 45)),
    paused=st.sets(st.integers(0, 45)),
    days=st.integers(1, 40),
)
def test_adherence_invariants(
    statuses: list[str | None], asked: set[int], paused: set[int], days: int
) -> None:
    entries = [
        DayEntry(day(-k), s, 1, 1, 1) if s == "complete" else DayEntry(day(-k), s)
        for k, s in enumerate(statuses)
        if s is not None
    ]
    a = adherence(
        period_of(days, TODAY),
        TODAY,
        entries,
        [day(-k) for k in asked],
        [day(-k) for k in paused],
    )
    assert a.done + a.skipped + a.missed == a.expected <= days
    assert a.percent is None or 0 <= a.percent <= 100
    assert a.done == sum(
        1 for e in entries if e.status == "complete" and e.day in period_of(days, TODAY)
    )


@given(
    now=st.fractions(0, 4),
    before=st.fractions(0, 4),
    n_now=st.integers(0, 14),
    n=st.integers(0, 14),
)
def test_change_is_antisymmetric(now: Fraction, before: Fraction, n_now: int, n: int) -> None:
    forward = change_of(now, before, n_now, n).change
    backward = change_of(before, now, n, n_now).change
    mirror = {Change.LOWER: Change.HIGHER, Change.HIGHER: Change.LOWER}
    assert backward == mirror.get(forward, forward)


# ---- baseline before the first injection ("everything so far") --------------------------------
@given(
    before=st.lists(st.integers(0, 4), min_size=0, max_size=20),
    since=st.lists(st.integers(0, 4), min_size=0, max_size=20),
)
def test_the_baseline_splits_the_diary_at_the_first_injection(
    before: list[int], since: list[int]
) -> None:
    first = day(-len(since))
    entries = [done(first - timedelta(days=k + 1), v, v) for k, v in enumerate(before)]
    entries += [done(first + timedelta(days=k), v, v) for k, v in enumerate(since)]
    later = first + timedelta(days=5)
    base = baseline_of(entries, [later, first])
    assert base is not None and base.first_injection == first
    assert (base.before.rated_days, base.since.rated_days) == (len(before), len(since))
    enough = len(before) >= MIN_DAYS and len(since) >= MIN_DAYS
    assert (base.comparison.overall.change is not Change.NO_DATA) == enough
    assert baseline_of(entries, []) is None
