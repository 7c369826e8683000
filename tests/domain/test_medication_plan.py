"""Medication plans: reading typed plans, dose instants across zones and DST, adherence."""

import contextlib
import warnings
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.domain.medications import (
    MAX_TIMES,
    SKIPS_IN_A_ROW,
    Adherence,
    DoseOutcome,
    DoseRecord,
    MedicationChange,
    MedicationPlan,
    PlanError,
    PlanProblem,
    adherence,
    change_command,
    dose_closes_at,
    dose_instants,
    format_times,
    parse_change,
    parse_medication,
    parse_times,
    skipped_in_a_row,
)
from service.domain.recurrence import Recurrence, occurrences_between

with warnings.catch_warnings(), contextlib.suppress(ImportError):
    warnings.simplefilter("ignore")
    import hypothesis.extra._patching  # noqa: F401

ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Australia/Adelaide",  # +09:30 / +10:30
    "Australia/Lord_Howe",  # 30-minute DST shift
    "Asia/Kolkata",  # +05:30
    "UTC",
)
T = time


# ---- parsing ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "carbamazepine 08:00,20:00 200 mg",
            MedicationPlan("carbamazepine", (T(8), T(20)), "200 mg"),
        ),
        ("baclofen 8:00", MedicationPlan("baclofen", (T(8),), None)),
        # Spaces after commas, repeats and order do not matter.
        (
            "gabapentin 20:00, 08:00 ,14:30,08:00",
            MedicationPlan("gabapentin", (T(8), T(14, 30), T(20)), None),
        ),
        # A multi-word name; a dose with a decimal point is never read as a time.
        ("vitamin B12 07:30 0.25 mg", MedicationPlan("vitamin B12", (T(7, 30),), "0.25 mg")),
        ("clonazepam 0.5 mg 21:00", MedicationPlan("clonazepam 0.5 mg", (T(21),), None)),
        ("x 00:00,23:59", MedicationPlan("x", (T(0), T(23, 59)), None)),
    ],
)
def test_parse_medication(text: str, expected: MedicationPlan) -> None:
    assert parse_medication(text) == expected


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", PlanError.NO_NAME),
        ("08:00 200 mg", PlanError.NO_NAME),
        ("carbamazepine", PlanError.NO_TIMES),
        ("carbamazepine 8.00 200 mg", PlanError.NO_TIMES),
        ("carbamazepine 200 mg", PlanError.NO_TIMES),
        ("carbamazepine 25:00", PlanError.BAD_TIME),
        ("carbamazepine 08:60", PlanError.BAD_TIME),
        ("carbamazepine 8:0", PlanError.BAD_TIME),
        ("carbamazepine 08:00,,20:00", PlanError.BAD_TIME),
        ("x " + ",".join(f"{h:02d}:00" for h in range(MAX_TIMES + 1)), PlanError.TOO_MANY_TIMES),
        ("n" * 81 + " 08:00", PlanError.NAME_TOO_LONG),
        ("x 08:00 " + "d" * 81, PlanError.DOSE_TOO_LONG),
    ],
)
def test_parse_medication_problems(text: str, error: PlanError) -> None:
    result = parse_medication(text)
    assert isinstance(result, PlanProblem) and result.error is error


def test_parse_change_and_the_prefilled_command_round_trip() -> None:
    assert parse_change("3 08:00,21:00 200 mg") == MedicationChange(3, (T(8), T(21)), "200 mg")
    assert parse_change("3 09:00") == MedicationChange(3, (T(9),), None)
    assert parse_change("x 09:00") == PlanProblem(PlanError.NO_ID, "x")
    assert parse_change("3") == PlanProblem(PlanError.NO_TIMES, "")
    assert parse_change("3 nine") == PlanProblem(PlanError.NO_TIMES, "nine")
    command = change_command(3, (T(8), T(21)), "200 mg")
    assert command == "/medication_change 3 08:00,21:00 200 mg"
    assert parse_change(command.split(maxsplit=1)[1]) == MedicationChange(
        3, (T(8), T(21)), "200 mg"
    )
    assert change_command(4, (T(7, 5),), None) == "/medication_change 4 07:05"


def test_parse_times_and_format_times() -> None:
    assert parse_times("20:00,8:05") == (T(8, 5), T(20))
    assert parse_times("08:00,") == (T(8),)
    assert parse_times("8") is None and parse_times("24:00") is None
    assert format_times((T(8, 5), T(20))) == "08:05,20:00"


# ---- dose instants ----------------------------------------------------------------------------
def test_two_doses_a_day_across_the_berlin_spring_change() -> None:
    doses = dose_instants((T(8), T(20)), "Europe/Berlin", date(2027, 3, 27), date(2027, 3, 28))
    assert [d.instant for d in doses] == [
        datetime(2027, 3, 27, 7, tzinfo=UTC),  # 08:00 CET
        datetime(2027, 3, 27, 19, tzinfo=UTC),
        datetime(2027, 3, 28, 6, tzinfo=UTC),  # 08:00 CEST
        datetime(2027, 3, 28, 18, tzinfo=UTC),
    ]


def test_a_time_in_the_gap_moves_to_the_end_of_the_gap() -> None:
    (dose,) = dose_instants((T(2, 30),), "Europe/Berlin", date(2027, 3, 28), date(2027, 3, 28))
    assert dose.instant == datetime(2027, 3, 28, 1, 0, tzinfo=UTC)  # 03:00 CEST
    assert dose.at == T(2, 30) and dose.day == date(2027, 3, 28)


def test_a_time_in_the_overlap_fires_on_its_first_pass() -> None:
    (dose,) = dose_instants((T(2, 30),), "Europe/Berlin", date(2027, 10, 31), date(2027, 10, 31))
    assert dose.instant == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 02:30 CEST


def test_dose_closes_at_the_next_dose() -> None:
    times = (T(8), T(20))
    due = datetime(2027, 3, 27, 19, tzinfo=UTC)  # Sat 20:00 CET
    # The next dose is Sunday 08:00 CEST: 11 hours later because of the clock change.
    assert dose_closes_at(times, "Europe/Berlin", due) == datetime(2027, 3, 28, 6, tzinfo=UTC)
    morning = datetime(2027, 3, 28, 6, tzinfo=UTC)
    assert dose_closes_at(times, "Europe/Berlin", morning) == datetime(2027, 3, 28, 18, tzinfo=UTC)
    once = datetime(2026, 11, 23, 7, tzinfo=UTC)
    assert dose_closes_at((T(8),), "Europe/Berlin", once) == once + timedelta(days=1)
    with pytest.raises(ValueError):
        dose_closes_at((), "UTC", once)


time_lists = st.lists(
    st.times().map(lambda x: x.replace(second=0, microsecond=0)), min_size=1, max_size=4
)


@cache
def transition_days(zone: str, year: int) -> tuple[date, ...]:
    """Local dates on which the zone's UTC offset changes."""
    tz = ZoneInfo(zone)
    found = []
    day = date(year, 1, 1)
    while day.year == year:
        start = datetime.combine(day, time(12)).replace(tzinfo=tz) - timedelta(days=1)
        if start.utcoffset() != (start + timedelta(days=1)).astimezone(tz).utcoffset():
            found.append(day)
        day += timedelta(days=1)
    return tuple(found)


@st.composite
def first_days(draw: st.DrawFn, zone: str) -> date:
    """Mostly a few days before a DST change of `zone`, sometimes any date."""
    changes = transition_days(zone, draw(st.integers(2024, 2030)))
    if changes and draw(st.booleans()):
        return draw(st.sampled_from(changes)) - timedelta(days=draw(st.integers(0, 4)))
    return draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)))


zones_and_days = st.sampled_from(ZONES).flatmap(lambda z: st.tuples(st.just(z), first_days(z)))


def wall(instant: datetime, zone: str) -> datetime:
    return instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def exists(local: datetime, zone: str) -> bool:
    """True when the wall time `local` happens in `zone` (not inside a spring-forward gap)."""
    tz = ZoneInfo(zone)
    return any(
        local.replace(tzinfo=tz, fold=fold).astimezone(UTC).astimezone(tz).replace(tzinfo=None)
        == local
        for fold in (0, 1)
    )


@settings(max_examples=150, deadline=None)
@given(times=time_lists, where=zones_and_days, length=st.integers(0, 9))
def test_one_dose_per_time_per_local_day_at_that_local_time(
    times: list[time], where: tuple[str, date], length: int
) -> None:
    zone, first = where
    last = first + timedelta(days=length)
    doses = dose_instants(times, zone, first, last)
    distinct = sorted(set(times))
    assert len(doses) == len(distinct) * (length + 1)
    assert {(d.day, d.at) for d in doses} == {
        (first + timedelta(days=i), at) for i in range(length + 1) for at in distinct
    }
    instants = [d.instant for d in doses]
    assert instants == sorted(instants)
    for dose in doses:
        planned = datetime.combine(dose.day, dose.at)
        shown = wall(dose.instant, zone)
        if exists(planned, zone):
            assert shown == planned  # at that local time
        else:  # in a gap: the first valid minute after it, the same day, within 2 hours
            assert planned < shown <= planned + timedelta(hours=2)
            assert exists(shown, zone) and not exists(shown - timedelta(minutes=1), zone)


@settings(max_examples=100, deadline=None)
@given(times=time_lists, where=zones_and_days, length=st.integers(1, 9))
def test_dose_instants_agree_with_the_daily_schedules_the_bot_creates(
    times: list[time], where: tuple[str, date], length: int
) -> None:
    """The engine (one daily Recurrence per time) yields exactly the planned instants."""
    zone, first = where
    last = first + timedelta(days=length)
    start = min(d.instant for d in dose_instants(times, zone, first, first))
    end = max(d.instant for d in dose_instants(times, zone, last, last)) + timedelta(seconds=1)
    engine: list[datetime] = []
    for at in sorted(set(times)):
        rec = Recurrence.daily(at, zone, first - timedelta(days=1))
        engine += occurrences_between(rec, start, end)
    planned = [d.instant for d in dose_instants(times, zone, first, last)]
    assert sorted(engine) == planned


@settings(max_examples=100, deadline=None)
@given(times=time_lists, where=zones_and_days)
def test_a_dose_closes_at_the_next_planned_dose(
    times: list[time], where: tuple[str, date]
) -> None:
    zone, first = where
    doses = dose_instants(times, zone, first, first + timedelta(days=3))
    for dose in doses[: len(set(times))]:  # the first day's doses
        closes = dose_closes_at(times, zone, dose.instant)
        later = [d.instant for d in doses if d.instant > dose.instant]
        assert closes == later[0]
        assert closes - dose.instant <= timedelta(hours=25)


# ---- adherence --------------------------------------------------------------------------------
TODAY = date(2026, 11, 23)


def rec(days_ago: int, outcome: str) -> DoseRecord:
    return DoseRecord(TODAY - timedelta(days=days_ago), outcome)


def test_adherence_by_hand() -> None:
    records = [
        rec(0, "taken"),
        rec(0, "pending"),  # not yet answerable: left out
        rec(1, "taken"),
        rec(1, "missed"),
        rec(3, "skipped"),
        rec(6, "taken"),  # the 7th day back is today - 6: inside the week
        rec(7, "missed"),  # outside the week, inside the month
        rec(29, "taken"),  # the 30th day back: inside the month
        rec(30, "taken"),  # outside both
        DoseRecord(TODAY + timedelta(days=1), "taken"),  # the future: outside
    ]
    week = adherence(records, TODAY, 7)
    assert week == Adherence(days=7, taken=3, skipped=1, missed=1)
    assert week.due == 5 and week.percent == 60
    month = adherence(records, TODAY, 30)
    assert (month.taken, month.skipped, month.missed, month.due) == (4, 1, 2, 7)
    assert month.percent == 57  # 4/7 = 57.1 %


@pytest.mark.parametrize(
    ("taken", "other", "percent"),
    [(0, 0, None), (1, 0, 100), (0, 3, 0), (1, 7, 13), (1, 1, 50), (2, 1, 67), (7, 1, 88)],
)
def test_adherence_percent_rounds_half_up(taken: int, other: int, percent: int | None) -> None:
    # 1/8 = 12.5 % -> 13; 7/8 = 87.5 % -> 88 (Python's round() would give 12 and 88).
    records = [rec(0, "taken")] * taken + [rec(0, "missed")] * other
    assert adherence(records, TODAY, 1).percent == percent


def test_adherence_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        adherence([], TODAY, 0)
    with pytest.raises(ValueError):
        adherence([rec(0, "forgotten")], TODAY, 7)
    assert adherence([rec(0, DoseOutcome.TAKEN)], TODAY, 1).taken == 1


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-3, 40), st.sampled_from([o.value for o in DoseOutcome])),
        max_size=60,
    )
)
def test_adherence_counts_add_up(rows: list[tuple[int, str]]) -> None:
    records = [rec(ago, outcome) for ago, outcome in rows]
    week, month = adherence(records, TODAY, 7), adherence(records, TODAY, 30)
    in_week = [o for ago, o in rows if 0 <= ago < 7 and o != "pending"]
    assert week.due == len(in_week) and week.taken == in_week.count("taken")
    assert month.taken >= week.taken and month.due >= week.due
    if week.percent is not None:
        assert 0 <= week.percent <= 100


# ---- skipped in a row ---------------------------------------------------------------------------
def test_skips_in_a_row_are_counted_back_from_the_newest_answer() -> None:
    assert SKIPS_IN_A_ROW == 3
    assert skipped_in_a_row([]) == 0
    assert skipped_in_a_row(["skipped", "skipped", "taken"]) == 0
    assert skipped_in_a_row(["taken", "skipped", "skipped", "skipped"]) == 3
    # Pending doses are not answered yet: they neither count nor break the run.
    assert skipped_in_a_row(["skipped", "pending", "skipped", "skipped", "pending"]) == 3
    # A missed dose (no answer at all) ends the run, as a taken one does.
    assert skipped_in_a_row(["skipped", "skipped", "missed", "skipped"]) == 1


@given(st.lists(st.sampled_from(["taken", "skipped", "missed", "pending"]), max_size=30))
def test_the_run_is_the_trailing_skips_of_the_answered_doses(outcomes: list[str]) -> None:
    answered = [o for o in outcomes if o != "pending"]
    run = skipped_in_a_row(outcomes)
    assert answered[len(answered) - run :] == ["skipped"] * run
    assert run == len(answered) or answered[-run - 1] != "skipped"
