"""Typed callback data: every registered payload round-trips; anything else decodes to None."""

from __future__ import annotations

import typing
from dataclasses import fields
from enum import Enum
from typing import Any, Literal, get_args, get_origin

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.bot import registry  # noqa: F401  (imports every feature, registering payloads)
from service.bot.callbacks import MAX_BYTES, Callback, decode, matches, registered


def _strategy(annotation: Any) -> st.SearchStrategy[Any]:
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        return st.integers(min_value=-(10**11), max_value=10**12 - 1)
    if annotation is str:
        return st.from_regex(r"[A-Za-z0-9_.\-]{1,12}", fullmatch=True)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return st.sampled_from(list(annotation))
    if get_origin(annotation) is Literal:
        return st.sampled_from(get_args(annotation))
    raise AssertionError(f"no strategy for {annotation!r}")


def _instances(cls: type[Callback]) -> st.SearchStrategy[Callback]:
    hints = typing.get_type_hints(cls)
    return st.builds(
        cls,
        **{f.name: _strategy(hints[f.name]) for f in fields(cls)},  # type: ignore[arg-type]
    )


PAYLOADS = st.sampled_from(registered()).flatmap(_instances)


@pytest.fixture
def scratch_registry() -> typing.Iterator[None]:
    """Payload classes made by a test are forgotten after it."""
    from service.bot import callbacks

    saved = {prefix: list(classes) for prefix, classes in callbacks._REGISTRY.items()}
    yield
    callbacks._REGISTRY.clear()
    callbacks._REGISTRY.update(saved)


def test_every_feature_registers_payloads() -> None:
    prefixes = {cls.TEMPLATE.split(":", 1)[0] for cls in registered()}
    assert {"pf", "st"} <= prefixes


@given(PAYLOADS)
def test_every_payload_round_trips(payload: Callback) -> None:
    data = payload.encode()
    assert len(data.encode()) <= MAX_BYTES
    assert decode(data) == payload
    assert matches(type(payload))(data)


@given(PAYLOADS, st.text(min_size=1, max_size=3))
def test_a_payload_with_anything_appended_is_refused(payload: Callback, extra: str) -> None:
    decoded = decode(payload.encode() + extra)
    # Appending can only ever produce another valid payload of a registered form, never junk.
    assert decoded is None or decoded.encode() == payload.encode() + extra


@pytest.mark.parametrize(
    "data",
    [
        "",
        "pf",
        "pf:",
        "pf:time",
        "pf:consent:maybe",
        "pf:side:up",
        "st:nope",
        "zz:tz",
        "st:tz:extra",
        "pf:time:" + "1" * 70,
        "pf:time:0900\n",
        None,
        42,
    ],
)
def test_malformed_data_decodes_to_none(data: object) -> None:
    assert decode(data) is None


@given(st.text(max_size=80))
def test_decode_never_raises(data: str) -> None:
    result = decode(data)
    assert result is None or result.encode() == data


@pytest.mark.usefixtures("scratch_registry")
def test_superscript_digits_are_not_numbers() -> None:
    from dataclasses import dataclass

    from service.bot.callbacks import callback

    @callback("zt:{n}")
    @dataclass(frozen=True)
    class Numbered(Callback):
        n: int

    assert decode("zt:12") == Numbered(12)
    assert decode("zt:²") is None
    assert decode("zt:١٢") is None  # Arabic-Indic digits pass str.isdigit() too


@pytest.mark.usefixtures("scratch_registry")
def test_a_payload_that_would_exceed_telegrams_limit_does_not_encode() -> None:
    from dataclasses import dataclass

    from service.bot.callbacks import callback

    @callback("zu:{a}:{b}:{c}:{d}:{e}:{f}")
    @dataclass(frozen=True)
    class Long(Callback):
        a: int
        b: int
        c: int
        d: int
        e: int
        f: int

    big = 10**11
    with pytest.raises(ValueError, match="does not encode"):
        Long(big, big, big, big, big, big).encode()
