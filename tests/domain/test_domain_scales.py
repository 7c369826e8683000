import pytest

from service.domain.scales import (
    NOTE_MAX_CHARS,
    RATING_MAX,
    RATING_MIN,
    RATING_QUESTIONS,
    EmptyNote,
    NoteTooLong,
    Question,
    Side,
    Treatment,
    clean_note,
    is_valid_rating,
)


def test_enum_values() -> None:
    assert [s.value for s in Side] == ["left", "right"]
    assert [t.value for t in Treatment] == [
        "none",
        "medication",
        "botox",
        "mvd_planned",
        "after_mvd",
    ]
    assert [q.value for q in Question] == ["frequency", "severity", "lower_face", "impact", "note"]
    assert Treatment("botox") is Treatment.BOTOX
    assert f"{Side.LEFT}" == "left"


def test_rating_range_and_questions() -> None:
    assert (RATING_MIN, RATING_MAX) == (0, 4)
    assert RATING_QUESTIONS == (
        Question.FREQUENCY,
        Question.SEVERITY,
        Question.LOWER_FACE,
        Question.IMPACT,
    )
    assert Question.NOTE not in RATING_QUESTIONS


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (0, True),
        (1, True),
        (4, True),
        (-1, False),
        (5, False),
        (True, False),
        (False, False),
        (2.0, False),
        ("2", False),
        (None, False),
    ],
)
def test_is_valid_rating(value: object, ok: bool) -> None:
    assert is_valid_rating(value) is ok


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  twitching all day  ", "twitching all day"),
        ("bad\x00day\x07today", "bad day today"),
        ("tabs\t\tand   spaces", "tabs and spaces"),
        ("line one\r\nline two\rline three", "line one\nline two\nline three"),
        ("a\n\n\n\n\nb", "a\n\nb"),
        ("  trailing  \n  leading", "trailing\nleading"),
        ("emoji 😖 ok", "emoji 😖 ok"),
    ],
)
def test_clean_note(raw: str, expected: str) -> None:
    assert clean_note(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "\n\t\r", "\x00\x01"])
def test_clean_note_empty(raw: str) -> None:
    with pytest.raises(EmptyNote):
        clean_note(raw)
    with pytest.raises(ValueError):
        clean_note(raw)


def test_clean_note_length_limit() -> None:
    assert clean_note("x" * NOTE_MAX_CHARS + "   ") == "x" * NOTE_MAX_CHARS
    with pytest.raises(NoteTooLong):
        clean_note("x" * (NOTE_MAX_CHARS + 1))
    assert issubclass(NoteTooLong, ValueError)
