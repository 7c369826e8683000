"""The one number reader (service.domain.numbers) and the text readers built on it: no text
crashes any of them."""

from __future__ import annotations

import contextlib
import sys
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from service.domain.botox import BotoxInputError, parse_interval, read_botox, read_units
from service.domain.care import read_appointment
from service.domain.dates import parse_patient_date
from service.domain.medications import parse_change, parse_medication, parse_times
from service.domain.numbers import MAX_DIGITS, ascii_digits, is_number, read_int
from service.domain.reader import Context
from service.domain.timezones import parse_local_time

TODAY = date(2026, 11, 23)
BOTOX_CONTEXT = Context.for_patient(
    now=datetime(2026, 11, 23, 6, tzinfo=UTC), zone="UTC", language="en"
)
# Every decimal digit of every script Python knows, grouped by value.
DIGITS: dict[int, list[str]] = {value: [] for value in range(10)}
for code in range(sys.maxunicode + 1):
    char = chr(code)
    if char.isdecimal():
        DIGITS[unicodedata.decimal(char)].append(char)
# Characters str.isdigit() accepts but int() refuses.
FALSE_DIGITS = [
    chr(c) for c in range(sys.maxunicode + 1) if chr(c).isdigit() and not chr(c).isdecimal()
]

texts = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60)
digit_heavy = st.text(
    alphabet=st.sampled_from([*"0123456789 :.,-+_/", "²", "¹", "⁰", "٣", "３", "①", "½"]),
    max_size=30,
)


@given(st.one_of(texts, digit_heavy))
@example("²")
@example("¹⁰")
@example("1_000")
@example("+5")
@example("9" * 5000)  # int() raises past 4,300 digits
def test_no_text_crashes_read_int(text: str) -> None:
    value = read_int(text)
    if value is None:
        return
    digits = ascii_digits(text.strip())
    assert digits.isascii() and digits.isdigit() and len(digits) <= MAX_DIGITS
    assert value == int(digits) and value >= 0
    assert is_number(text)


@given(st.integers(min_value=0, max_value=10**MAX_DIGITS - 1), st.data())
def test_every_scripts_digits_read_as_their_value(number: int, data: st.DataObject) -> None:
    spelled = "".join(data.draw(st.sampled_from(DIGITS[int(d)])) for d in str(number))
    assert read_int(spelled) == number
    assert read_int(f"  {spelled}\n") == number
    assert ascii_digits(spelled) == str(number)


def test_superscripts_and_other_false_digits_are_not_numbers() -> None:
    assert len(FALSE_DIGITS) > 100  # superscripts, circled and parenthesised numbers, ...
    for char in FALSE_DIGITS:
        assert read_int(char) is None and read_int(f"1{char}") is None, char
        assert ascii_digits(char) == char
    for text in ("", " ", "1 0", "1_0", "+1", "-1", "1.0", "0x10", "1e3", "٣ ٣"):
        assert read_int(text) is None, text


def test_range_limits() -> None:
    assert read_int("7", low=1, high=7) == 7
    assert read_int("0", low=1) is None
    assert read_int("８", high=7) is None
    assert read_int("0" * MAX_DIGITS) == 0
    assert read_int("1" * (MAX_DIGITS + 1)) is None


def _reads(reader: Callable[[str], Any], refusals: tuple[type[Exception], ...] = ()) -> None:
    @given(st.one_of(texts, digit_heavy))
    @example("²")
    @example("¹⁰ Nov")
    @example("3 Nov ²")
    @example("⁷ days ago")
    @example("¹⁰²³")
    @example("¹⁰ 08:00")
    @example("1 " + "9" * 5000)
    def check(text: str) -> None:
        with contextlib.suppress(*refusals):
            reader(text)

    check()


@pytest.mark.parametrize(
    ("reader", "refusals"),
    [
        (parse_local_time, ()),
        (lambda text: parse_patient_date(text, TODAY), ()),
        (parse_interval, ()),
        (lambda text: read_botox(text, BOTOX_CONTEXT), (BotoxInputError,)),
        (read_units, ()),
        (
            lambda text: read_appointment(
                text, Context.for_patient(now=datetime(2026, 11, 23, 6, tzinfo=UTC), zone="UTC")
            ),
            (),
        ),
        (parse_times, ()),
        (parse_medication, ()),
        (parse_change, ()),
    ],
    ids=[
        "time",
        "date",
        "interval",
        "botox",
        "units",
        "appointment",
        "times",
        "medication",
        "change",
    ],
)
def test_no_text_crashes_a_reader_of_patients_input(
    reader: Callable[[str], Any], refusals: tuple[type[Exception], ...]
) -> None:
    """Each reader either reads the text or refuses it the way it documents."""
    _reads(reader, refusals)
