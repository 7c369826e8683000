"""Questionnaire definitions: loading the shipped files, validation errors, scoring, MIC, dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from service.domain.questionnaires import (
    DefinitionError,
    Trigger,
    WordingError,
    due_days,
    load_definition,
    load_definitions,
    load_wording,
    month_after,
    monthly_start,
    shipped,
)
from service.texts import MESSAGES

SMC = """
id = "smc"
title_key = "q_smc_title"
shipped_wording = true
scoring = "single"
source = "Lee 2012"
licence = "own words"
[schedule]
trigger = "monthly"
start_after_days = 7
[[items]]
id = "grade"
answers = [{ id = "1", score = 1 }, { id = "2", score = 2 }]
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_definitions_load_with_their_facts() -> None:
    found = shipped()
    assert sorted(found) == ["hfs7", "pgic", "smc"]
    smc, pgic, hfs7 = found["smc"], found["pgic"], found["hfs7"]
    assert smc.schedule[0].trigger is Trigger.MONTHLY and smc.shipped_wording
    assert "Stereotact Funct Neurosurg 2012;90:16" in smc.source
    assert smc.score_range == (0, 4)
    assert [a.id for a in pgic.items[0].answers] == ["vmb", "mb", "lb", "nc", "lw", "mw", "vmw"]
    assert pgic.score_range == (1, 7)
    assert pgic.rule(Trigger.INJECTION).weeks == (6,)  # type: ignore[union-attr]
    assert pgic.rule(Trigger.SURGERY).months == (1, 3, 6, 12)  # type: ignore[union-attr]
    assert not hfs7.shipped_wording and len(hfs7.items) == 7
    assert hfs7.score_range == (0, 28) and hfs7.minimal_important_change == 2.6
    assert "JNNP" in hfs7.source or "Psychiatry 2005;76:1707" in hfs7.source


def test_shipped_wording_is_in_the_catalogue_and_hfs7_items_are_not() -> None:
    for definition in shipped().values():
        if definition.shipped_wording:
            assert [k for k in definition.catalogue_keys() if k not in MESSAGES] == []
    assert not [k for k in MESSAGES if k.startswith("q_hfs7_") and k != "q_hfs7_title"]


def test_scoring_single_and_sum_and_never_a_partial_score() -> None:
    smc, hfs7 = shipped()["smc"], shipped()["hfs7"]
    assert smc.score({"grade": "3"}) == 3
    assert smc.score({}) is None
    answers = {str(i): str(i % 5) for i in range(1, 8)}  # 1,2,3,4,0,1,2
    assert hfs7.score(answers) == 13
    del answers["7"]
    assert hfs7.score(answers) is None
    assert hfs7.next_item(answers).id == "7"  # type: ignore[union-attr]
    assert hfs7.score({**answers, "7": "9"}) is None  # not an answer of the item


def test_minimal_important_change() -> None:
    hfs7, smc = shipped()["hfs7"], shipped()["smc"]
    assert hfs7.important_change(14, 12) == "unchanged"  # 2 < 2.6
    assert hfs7.important_change(14, 11) == "better"  # higher is worse
    assert hfs7.important_change(10, 13) == "worse"
    assert smc.important_change(1, 3) is None  # no MIC known


def test_a_new_questionnaire_needs_only_a_file(tmp_path: Path) -> None:
    write(tmp_path, "smc.toml", SMC)
    write(tmp_path, "sleep.toml", SMC.replace('"smc"', '"sleep"').replace("q_smc", "q_sleep"))
    found = load_definitions(tmp_path)
    assert sorted(found) == ["sleep", "smc"]
    assert found["sleep"].catalogue_keys()[:2] == ["q_sleep_title", "q_sleep_grade"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('scoring = "single"', 'scoring = "mean"'), "'scoring' must be 'single' or 'sum'"),
        (('trigger = "monthly"', 'trigger = "weekly"'), "schedule trigger must be one of"),
        (('{ id = "2", score = 2 }', '{ id = "1", score = 2 }'), "answer ids repeat"),
        (("score = 2", 'score = "2"'), "needs a whole-number 'score'"),
        (('source = "Lee 2012"', ""), "'source' must be a non-empty string"),
        (("shipped_wording = true", "shipped_wording = 1"), "'shipped_wording' must be"),
        (('id = "smc"', 'id = "SMC!"'), "'id' must be 1-12 lowercase"),
        (("start_after_days = 7", "weeks = [6]"), "a monthly schedule takes only"),
        (('licence = "own words"', 'licence = "x"\nnotes = 1'), "unknown keys ['notes']"),
        (("[[items]]", "x = [\n[[items]]"), "is not valid TOML"),
    ],
)
def test_a_broken_definition_says_which_file_and_what(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = write(tmp_path, "smc.toml", SMC.replace(*change))
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)
    assert "smc.toml" in str(caught.value) and message in str(caught.value)


def test_single_scoring_needs_one_item_and_file_named_after_id(tmp_path: Path) -> None:
    two = SMC + '[[items]]\nid = "other"\nanswers = [{ id = "1", score = 1 }]\n'
    with pytest.raises(DefinitionError, match="exactly one item"):
        load_definition(write(tmp_path, "smc.toml", two))
    with pytest.raises(DefinitionError, match=r"must be named smc\.toml"):
        load_definition(write(tmp_path, "other.toml", SMC))


def test_an_operator_wording_file_is_checked_against_the_items(tmp_path: Path) -> None:
    hfs7 = shipped()["hfs7"]
    items = "\n".join(f'"{i}" = "Item {i}"' for i in range(1, 8))
    answers = "\n".join(f'"{i}" = "Label {i}"' for i in range(5))
    good = write(
        tmp_path, "hfs7.toml", f'title = "HFS-7"\n[items]\n{items}\n[answers]\n{answers}\n'
    )
    wording = load_wording(good, hfs7)
    assert wording.items["3"] == "Item 3"
    assert wording.answer(hfs7.items[0], hfs7.items[0].answers[4]) == "Label 4"
    short = write(
        tmp_path, "short.toml", f'title = "HFS-7"\n[items]\n"1" = "x"\n[answers]\n{answers}\n'
    )
    with pytest.raises(WordingError, match="missing"):
        load_wording(short, hfs7)
    with pytest.raises(WordingError, match="cannot be read"):
        load_wording(tmp_path / "absent.toml", hfs7)


def test_schedule_dates_after_surgery_and_injection() -> None:
    pgic = shipped()["pgic"]
    surgery = pgic.rule(Trigger.SURGERY)
    assert surgery is not None
    assert due_days(surgery, date(2026, 11, 30)) == [
        date(2026, 12, 30),
        date(2027, 2, 28),  # 30 Feb does not exist: the month's last day
        date(2027, 5, 30),
        date(2027, 11, 30),
    ]
    injection = pgic.rule(Trigger.INJECTION)
    assert injection is not None
    assert due_days(injection, date(2026, 11, 23)) == [date(2027, 1, 4)]
    assert month_after(date(2024, 1, 31), 1) == date(2024, 2, 29)
    monthly = shipped()["smc"].schedule[0]
    assert monthly_start(monthly, date(2026, 11, 20)) == date(2026, 11, 27)
    assert monthly_start(monthly, date(2026, 11, 23)) == date(2026, 12, 1)  # 30th -> next 1st
    assert monthly_start(monthly, date(2026, 12, 24)) == date(2027, 1, 1)  # 31st -> next 1st
