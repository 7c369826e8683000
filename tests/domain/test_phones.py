"""Reading a care team's phone number: lenient on form, clear on what is wrong."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.domain.phones import (
    PHONE_MAX_CHARS,
    PHONE_MAX_DIGITS,
    PHONE_MIN_DIGITS,
    PhoneError,
    PhoneProblem,
    read_phone,
)

ALLOWED = "0123456789 +-()"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+44 20 7946 0000", "+44 20 7946 0000"),
        ("  (030)   1234-5678 ", "(030) 1234-5678"),
        ("0049-30-12345678", "0049-30-12345678"),
        ("\t+1 (555) 010\n0199", "+1 (555) 010 0199"),
        ("12345", "12345"),
    ],
)
def test_numbers_as_people_type_them(typed: str, stored: str) -> None:
    assert read_phone(typed) == stored


@pytest.mark.parametrize(
    ("typed", "problem", "detail"),
    [
        ("", PhoneProblem.EMPTY, ""),
        ("   ", PhoneProblem.EMPTY, ""),
        ("030/1234567", PhoneProblem.CHARACTERS, "/"),
        ("+44 20 7946 0000 ext. 12", PhoneProblem.CHARACTERS, ". e t x"),
        ("call Dr Ruiz", PhoneProblem.CHARACTERS, "D R a c i l r u z"),
        ("0044 +20 7946", PhoneProblem.PLUS, ""),
        ("112", PhoneProblem.TOO_SHORT, "3"),
        ("1234567890123456", PhoneProblem.TOO_LONG, "16"),
        ("1 - 2 - 3 - 4 - 5 - 6 - 7 - 8 - 9", PhoneProblem.TOO_LONG, "9"),
        ("０３０ １２３４", PhoneProblem.CHARACTERS, "０ １ ２ ３ ４"),  # full-width digits
    ],
)
def test_what_is_not_a_number_says_why(typed: str, problem: PhoneProblem, detail: str) -> None:
    with pytest.raises(PhoneError) as caught:
        read_phone(typed)
    assert caught.value.problem is problem
    assert caught.value.detail == detail


@given(st.text(max_size=40))
def test_any_text_is_read_or_refused_and_a_read_number_reads_back_as_itself(text: str) -> None:
    try:
        phone = read_phone(text)
    except PhoneError as error:
        assert error.problem in PhoneProblem
        if any(ch not in ALLOWED and not ch.isspace() for ch in text):
            assert error.problem is PhoneProblem.CHARACTERS
        return
    assert read_phone(phone) == phone
    assert set(phone) <= set(ALLOWED)
    assert phone == phone.strip() and "  " not in phone
    assert "+" not in phone[1:]
    assert PHONE_MIN_DIGITS <= sum(ch.isdigit() for ch in phone) <= PHONE_MAX_DIGITS
    assert len(phone) <= PHONE_MAX_CHARS
    # What the button carries (spaces as "_") fits Telegram's 64 bytes and comes back intact.
    data = "ph:s:y:" + phone.replace(" ", "_")
    assert len(data.encode()) <= 64
    assert read_phone(data[len("ph:s:y:") :].replace("_", " ")) == phone


@given(
    st.text(alphabet=ALLOWED.replace("+", ""), min_size=1, max_size=PHONE_MAX_CHARS - 1).filter(
        lambda s: PHONE_MIN_DIGITS <= sum(c.isdigit() for c in s) <= PHONE_MAX_DIGITS and s.strip()
    )
)
def test_digits_with_separators_and_a_leading_plus_are_accepted(body: str) -> None:
    assert read_phone("+" + body) == " ".join(("+" + body).split())
