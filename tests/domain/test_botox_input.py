"""Reading /botox input and the read-back's doubts (pure, on the one reader)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.domain.botox import (
    BotoxEntry,
    doubts_of,
    read_botox,
    read_interval,
    read_units,
    split_units,
)
from service.domain.reader import Ambiguous, Context

CTX = Context.for_patient(now=datetime(2026, 11, 23, 6, tzinfo=UTC), zone="UTC", language="en")


@pytest.mark.parametrize(
    ("text", "day", "units", "note"),
    [
        ("2 weeks ago", date(2026, 11, 9), None, None),
        ("1 week ago", date(2026, 11, 16), None, None),
        ("3rd November", date(2026, 11, 3), None, None),
        ("3 Nov 50 units left eye", date(2026, 11, 3), 50, "left eye"),
        ("yesterday 35u", date(2026, 11, 22), 35, None),
        ("2 weeks ago fifty units", date(2026, 11, 9), 50, None),
        ("felt fine", None, None, "felt fine"),
        ("50", None, 50, None),
    ],
)
def test_date_first_then_units_then_note(
    text: str, day: date | None, units: int | None, note: str | None
) -> None:
    reading = read_botox(text, CTX)
    assert (reading.day, reading.units, reading.note) == (day, units, note)


def test_day_month_is_never_guessed() -> None:
    reading = read_botox("11/3/2026", CTX)
    assert isinstance(reading.day, Ambiguous)
    assert set(reading.day.options) == {date(2026, 11, 3), date(2026, 3, 11)}


def test_units_out_of_range_are_not_stored() -> None:
    reading = read_botox("3 Nov 2026 5000", CTX)
    assert reading.units is None and reading.bad_units == "5000"


@pytest.mark.parametrize(
    ("text", "units"),
    [("50", 50), ("50u", 50), ("50 units", 50), ("fifty units", 50), ("don't know", "unknown")],
)
def test_typed_units(text: str, units: int | str) -> None:
    assert read_units(text) == units


def test_a_number_word_alone_in_a_note_is_not_units() -> None:
    assert split_units("one eye only") == (None, "one eye only")


@pytest.mark.parametrize(("text", "weeks"), [("14", 14), ("14 weeks", 14), ("3 months", 13)])
def test_interval(text: str, weeks: int) -> None:
    assert read_interval(text) == weeks


def test_doubts() -> None:
    entry = BotoxEntry(date(2026, 11, 16), 50)
    assert doubts_of(entry, [date(2026, 11, 9)]).close_to == date(2026, 11, 9)
    assert not doubts_of(entry, [date(2026, 8, 9), date(2026, 11, 16)])
    assert doubts_of(BotoxEntry(date(2026, 11, 16), 0), []).odd_units
    assert doubts_of(BotoxEntry(date(2026, 11, 16), 401), []).odd_units


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@given(
    day=st.dates(date(2000, 1, 1), CTX.today),
    form=st.sampled_from(("iso", "dotted", "words")),
    units=st.none() | st.integers(1, 1000),
    note=st.none() | st.text("abc xyz", min_size=1, max_size=30).filter(lambda s: s.strip()),
)
def test_any_past_date_with_units_and_note_reads_back(
    day: date, form: str, units: int | None, note: str | None
) -> None:
    written = {
        "iso": day.isoformat(),
        "dotted": day.strftime("%d.%m.%Y"),
        "words": f"{day.day} {MONTHS[day.month - 1]} {day.year}",
    }[form]
    parts = [written, *([str(units)] if units is not None else []), *([note] if note else [])]
    reading = read_botox(" ".join(parts), CTX)
    expected_note = " ".join(note.split()) if note else None
    assert (reading.day, reading.units, reading.note) == (day, units, expected_note or None)
