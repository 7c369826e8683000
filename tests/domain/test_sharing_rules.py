"""The pure sharing rules: grants, tokens and start links, when a quiet spell is told."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.domain.sharing import (
    QUIET_DAYS_CHOICES,
    Grants,
    LinkKind,
    new_token,
    quiet_alert_due,
    read_start_payload,
    start_payload,
    token_hash,
)


def test_tokens_are_128_random_bits_and_only_their_hash_is_kept() -> None:
    tokens = {new_token() for _ in range(1000)}
    assert len(tokens) == 1000
    for token in list(tokens)[:20]:
        assert len(token) == 22  # 16 bytes, URL-safe base64 without padding
        assert token_hash(token) == hashlib.sha256(token.encode()).hexdigest() != token
        assert read_start_payload(start_payload(LinkKind.INVITE, token)) == (
            LinkKind.INVITE,
            token,
        )
        assert len(start_payload(LinkKind.DOCTOR, token)) <= 64  # Telegram's limit


@pytest.mark.parametrize(
    "text",
    [
        "",
        "c_",
        "c_short",
        "x_" + "A" * 22,
        "c-" + "A" * 22,
        "c_" + "A" * 21 + "!",
        "c_" + "A" * 60,
    ],
)
def test_other_start_arguments_are_not_links(text: str) -> None:
    assert read_start_payload(text) is None


def test_the_quiet_switch_cycles_through_its_choices() -> None:
    grants, seen = Grants(), []
    for _ in range(len(QUIET_DAYS_CHOICES) + 1):
        grants = grants.next_quiet()
        seen.append(grants.quiet_days)
    assert seen == [5, 7, 0, 2, 3]
    assert not Grants(False, 0, False, False, True).anything  # notes alone send nothing
    with pytest.raises(ValueError):
        Grants(quiet_days=99)


MONDAY = date(2026, 11, 23)


def test_a_quiet_spell_is_told_on_its_nth_day_and_only_once() -> None:
    def due(today: date, alerted: date | None = None, last: date | None = MONDAY) -> date | None:
        return quiet_alert_due(
            today=today, last_checkin=last, shared_since=MONDAY, days=3, alerted_for=alerted
        )

    tuesday = MONDAY + timedelta(days=1)
    assert due(MONDAY + timedelta(days=3)) is None  # Tue, Wed missed: two days
    assert due(MONDAY + timedelta(days=4)) == tuesday  # Tue, Wed, Thu: three
    assert due(MONDAY + timedelta(days=6), alerted=tuesday) is None  # told already
    assert due(MONDAY + timedelta(days=9), alerted=tuesday, last=MONDAY + timedelta(days=5)) == (
        MONDAY + timedelta(days=6)  # a new spell after a check-in on Saturday
    )
    assert due(MONDAY + timedelta(days=3), last=None) == MONDAY  # none since sharing began


@given(
    last=st.one_of(st.none(), st.integers(0, 60)),
    today=st.integers(0, 90),
    days=st.integers(1, 30),
    alerted=st.one_of(st.none(), st.integers(0, 90)),
)
def test_a_spell_is_told_only_after_n_whole_days_without_a_check_in(
    last: int | None, today: int, days: int, alerted: int | None
) -> None:
    since = MONDAY
    last_day = since + timedelta(days=last) if last is not None else None
    told = since + timedelta(days=alerted) if alerted is not None else None
    now = since + timedelta(days=today)
    if last_day is not None and last_day > now:
        return
    began = quiet_alert_due(
        today=now, last_checkin=last_day, shared_since=since, days=days, alerted_for=told
    )
    if began is not None:
        assert (now - began).days >= days
        assert began != told
        assert last_day is None or began > last_day
    assert (
        quiet_alert_due(
            today=now, last_checkin=now, shared_since=since, days=days, alerted_for=None
        )
        is None
    )  # checked in today: never quiet
