"""Dates as patients write them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.domain.dates import parse_patient_date

TODAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-03", date(2026, 11, 3)),
        ("3 Nov", date(2026, 11, 3)),
        ("Nov 3", date(2026, 11, 3)),
        ("03.11.2026", date(2026, 11, 3)),
        ("3/11/2026", date(2026, 11, 3)),
        ("03.11.26", date(2026, 11, 3)),
        ("24.12", date(2026, 12, 24)),
        ("24.12.", date(2026, 12, 24)),
        ("yesterday", date(2026, 11, 20)),
        ("Today", date(2026, 11, 21)),
        ("tomorrow", date(2026, 11, 22)),
        ("2 days ago", date(2026, 11, 19)),
        ("1 Dec", date(2026, 12, 1)),
        ("20 Aug", date(2026, 8, 20)),
        ("30 Jun", date(2026, 6, 30)),
    ],
)
def test_accepted_forms(text: str, expected: date) -> None:
    assert parse_patient_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text", ["", "banana", "3", "30 Feb", "30.02.2026", "2026-13-01", "12/31/2026", "x" * 50]
)
def test_rejected(text: str) -> None:
    assert parse_patient_date(text, TODAY) is None


def test_a_date_far_ahead_without_year_means_last_year() -> None:
    assert parse_patient_date("20 Jul", date(2026, 1, 5)) == date(2025, 7, 20)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_iso_and_dotted_round_trip(day: date) -> None:
    assert parse_patient_date(day.isoformat(), TODAY) == day
    assert parse_patient_date(day.strftime("%d.%m.%Y"), TODAY) == day


@given(st.text(max_size=60))
def test_never_raises(text: str) -> None:
    result = parse_patient_date(text, TODAY)
    assert result is None or 1900 <= result.year <= 2200
