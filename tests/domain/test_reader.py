"""The one reader: every phrase of the table in docs/reading.md, plus properties."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.domain.reader import (
    Ambiguous,
    Context,
    Moment,
    NotUnderstood,
    Prefer,
    Span,
    read_date,
    read_datetime,
    read_duration,
    read_frequency,
    read_number,
    read_time,
    read_times,
    read_until,
    split_date,
)
from service.domain.reader.phrases import CONTEXT, PHRASES, describe, markdown, read, same

ROOT = Path(__file__).resolve().parents[2]
ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",  # half-hour DST shift
    "Pacific/Kiritimati",  # UTC+14
    "Pacific/Pago_Pago",  # UTC-11
    "America/Santiago",
    "UTC",
]
# Instants around the 2026 DST changes in Europe and North America, and ordinary days.
NOWS = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2029, 12, 31), timezones=st.just(UTC)
) | st.sampled_from(
    [
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        datetime(2026, 10, 25, 0, 59, tzinfo=UTC),
        datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
        datetime(2026, 3, 8, 6, 59, tzinfo=UTC),
        datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
        datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
    ]
)


def ctx_for(now: datetime, zone: str, order: str | None = None) -> Context:
    return Context.for_patient(now=now, zone=zone, language="en", date_order=order)


@pytest.mark.parametrize(
    "phrase", PHRASES, ids=[f"{p.reader}:{p.text}:{p.prefer and p.prefer.value}" for p in PHRASES]
)
def test_phrase_reads_as_the_table_says(phrase: object) -> None:
    actual = read(phrase)  # type: ignore[arg-type]
    expected = phrase.expected  # type: ignore[attr-defined]
    assert same(actual, expected), f"{actual!r} is not {describe(expected)}"


def test_the_table_is_long_enough_and_has_the_issue_phrases() -> None:
    texts = {p.text for p in PHRASES}
    issue = {
        "2 weeks ago", "1 week ago", "last Tuesday", "3rd November", "11/3/2026",
        "next Monday 10:30", "in 2 weeks 10:00", "tomorrow 2pm", "8am", "8.30pm",
        "three times a day", "until Christmas", "3 months",
    }  # fmt: skip
    assert issue <= texts
    assert len(PHRASES) >= 80


def test_docs_reading_is_generated_from_the_table() -> None:
    on_disk = (ROOT / "docs" / "reading.md").read_text(encoding="utf-8")
    assert on_disk == markdown(), "run: python -m service.domain.reader.phrases > docs/reading.md"


def test_ambiguous_carries_the_patients_words_and_time() -> None:
    found = read_datetime("11/3 at 10am", CONTEXT, Prefer.FUTURE)
    assert isinstance(found, Ambiguous)
    assert found.text == "11/3 at 10am"
    assert found.at == time(10)
    assert read_date("blah", CONTEXT) == NotUnderstood("blah")


def test_date_order_decides_numeric_dates() -> None:
    now = CONTEXT.now
    assert read_date("11/3/2026", ctx_for(now, "Europe/Berlin", "DMY")) == date(2026, 3, 11)
    assert read_date("11/3/2026", ctx_for(now, "Europe/Berlin", "MDY")) == date(2026, 11, 3)
    assert read_date("11/3/2026", CONTEXT) == Ambiguous(
        options=(date(2026, 11, 3), date(2026, 3, 11)), text="11/3/2026"
    )


def test_other_languages_go_through_dateparser() -> None:
    german = Context.for_patient(now=CONTEXT.now, zone="Europe/Berlin", language="de")
    assert read_date("vor 2 Wochen", german) == date(2026, 11, 16)
    assert read_date("gestern", german) == date(2026, 11, 29)
    assert read_date("Dienstag", german, Prefer.PAST) == date(2026, 11, 24)
    assert read_date("Dienstag", german, Prefer.FUTURE) == date(2026, 12, 1)
    assert split_date("vor 2 Wochen 50 Einheiten", german) == (date(2026, 11, 16), "50 Einheiten")
    # English is always understood too; an unknown language code falls back to English.
    assert read_date("2 weeks ago", german) == date(2026, 11, 16)
    # dateparser drops "10 Uhr" / "a las 10": refused, never stored without its time.
    assert isinstance(read_datetime("morgen 10 Uhr", german), NotUnderstood)
    assert isinstance(read_date("morgen 10 Uhr", german), NotUnderstood)
    assert read_datetime("morgen um 10:30", german) == Moment(date(2026, 12, 1), time(10, 30))
    spanish = Context.for_patient(now=CONTEXT.now, zone="Europe/Madrid", language="es")
    assert isinstance(read_datetime("mañana a las 10", spanish), NotUnderstood)
    assert read_date("hace 2 semanas", spanish) == date(2026, 11, 16)
    odd = Context.for_patient(now=CONTEXT.now, zone="Europe/Berlin", language="xx")
    assert read_date("a fortnight ago", odd) == date(2026, 11, 16)


def test_split_date_keeps_the_rest_as_typed() -> None:
    assert split_date("1 week ago", CONTEXT) == (date(2026, 11, 23), "")
    assert split_date("50 Units 2 weeks ago", CONTEXT) == (date(2026, 11, 16), "50 Units")
    assert split_date("3rd November 50 units", CONTEXT) == (date(2026, 11, 3), "50 units")
    assert split_date("50", CONTEXT) == (None, "50")
    assert split_date("", CONTEXT) == (None, "")
    future = split_date("next Monday 10:30 dentist", CONTEXT, Prefer.FUTURE)
    assert future == (date(2026, 12, 7), "10:30 dentist")


def test_dateparser_guesses_from_stray_numbers_are_refused() -> None:
    for text in ("2", "50", "2026", "weeks ago", "3 november 50", "12 50", "units"):
        assert isinstance(read_date(text, CONTEXT), NotUnderstood), text


def test_moment_aware_is_in_the_patients_zone() -> None:
    moment = Moment(date(2026, 3, 29), time(2, 30))  # skipped in Berlin (spring forward)
    aware = moment.aware(CONTEXT)
    assert aware.tzinfo == ZoneInfo("Europe/Berlin")
    assert aware.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    plain = Moment(date(2026, 12, 7), time(10, 30)).aware(CONTEXT)
    assert plain.astimezone(UTC) == datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
    assert Moment(date(2026, 12, 7)).aware(CONTEXT).hour == 0


def test_span_adds_calendar_months() -> None:
    assert Span(months=3).add_to(date(2026, 11, 30)) == date(2027, 2, 28)
    assert Span(days=14, months=1).add_to(date(2026, 1, 31)) == date(2026, 3, 14)
    assert Span(days=14).subtract_from(date(2026, 11, 30)) == date(2026, 11, 16)


def test_context_needs_an_aware_now_and_a_known_order() -> None:
    with pytest.raises(ValueError):
        Context.for_patient(now=datetime(2026, 1, 1), zone="UTC")
    with pytest.raises(ValueError):
        Context.for_patient(now=CONTEXT.now, zone="UTC", date_order="YMD")
    assert CONTEXT.today == date(2026, 11, 30)
    assert CONTEXT.languages == ("en",)


def test_small_readers_never_raise_on_odd_text() -> None:
    for text in ("", " ", "²", "١٢", "😀", "at", "in", "ago", "-1", "0", "in 0 days", "99:99"):
        read_date(text, CONTEXT)
        read_datetime(text, CONTEXT)
        read_time(text)
        read_times(text)
        read_duration(text)
        read_frequency(text)
        read_until(text, CONTEXT)
        read_number(text)
        split_date(text, CONTEXT)


@settings(max_examples=60, deadline=None)
@given(day=st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31)), now=NOWS)
def test_iso_dates_round_trip(day: date, now: datetime) -> None:
    ctx = ctx_for(now, "Europe/Berlin")
    for prefer in Prefer:
        assert read_date(day.isoformat(), ctx, prefer) == day


@settings(max_examples=80, deadline=None)
@given(n=st.integers(min_value=0, max_value=400), now=NOWS, zone=st.sampled_from(ZONES))
def test_n_days_ago_is_today_minus_n(n: int, now: datetime, zone: str) -> None:
    ctx = ctx_for(now, zone)
    today = now.astimezone(ZoneInfo(zone)).date()
    assert read_date(f"{n} days ago", ctx, Prefer.PAST) == today - timedelta(days=n)
    assert read_date(f"in {n} days", ctx, Prefer.FUTURE) == today + timedelta(days=n)


WEEKDAY_OR_YEARLESS = st.sampled_from(
    ["monday", "Tuesday", "wed", "thursday", "Fri", "sat", "sunday"]
) | st.builds(
    lambda day, month: f"{day} {month}",
    st.integers(min_value=1, max_value=31),
    st.sampled_from(["Jan", "February", "march", "Apr", "may", "June", "Dec", "nov"]),
)


@settings(max_examples=80, deadline=None)
@given(text=WEEKDAY_OR_YEARLESS, now=NOWS, zone=st.sampled_from(ZONES))
def test_prefer_points_the_right_way(text: str, now: datetime, zone: str) -> None:
    ctx = ctx_for(now, zone)
    past = read_date(text, ctx, Prefer.PAST)
    future = read_date(text, ctx, Prefer.FUTURE)
    if isinstance(past, NotUnderstood):  # 31 February
        assert isinstance(future, NotUnderstood)
        return
    assert isinstance(past, date) and isinstance(future, date)
    assert past <= ctx.today < future
    assert (future - past).days <= 366 * 8


@settings(max_examples=80, deadline=None)
@given(
    a=st.integers(min_value=1, max_value=31),
    b=st.integers(min_value=1, max_value=31),
    year=st.integers(min_value=2000, max_value=2099),
    sep=st.sampled_from(["/", "-"]),
)
def test_ambiguous_only_when_both_readings_are_valid_and_differ(
    a: int, b: int, year: int, sep: str
) -> None:
    found = read_date(f"{a}{sep}{b}{sep}{year}", CONTEXT)
    readings = set()
    for day, month in ((a, b), (b, a)):
        with contextlib.suppress(ValueError):
            readings.add(date(year, month, day))
    if len(readings) == 2:
        assert isinstance(found, Ambiguous)
        assert set(found.options) == readings
    elif len(readings) == 1:
        assert found == readings.pop()
    else:
        assert isinstance(found, NotUnderstood)
