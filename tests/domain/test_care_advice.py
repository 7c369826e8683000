"""After MVD: the two tiers of warning signs, when a sign is asked about again, and what a
progress answer adds."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from service.domain.care import (
    EMERGENCY_FLAGS,
    FOLLOWUP_ADVICE_FROM,
    RED_FLAGS,
    SPASM_ANSWERS,
    TEAM_FLAGS,
    Advice,
    Phase,
    mvd_plan,
    progress_advice,
    recheck_due,
    tiers,
)

SURGERY = date(2026, 11, 3)


def test_two_tiers_cover_every_sign_once_and_old_codes_keep_their_index() -> None:
    assert sorted(EMERGENCY_FLAGS + TEAM_FLAGS) == sorted(RED_FLAGS)
    assert len(set(RED_FLAGS)) == len(RED_FLAGS) == 11
    # Buttons carry an index into RED_FLAGS: screens sent by earlier releases keep their meaning.
    assert RED_FLAGS[:6] == ("hearing", "fluid", "fever", "headache", "weakness", "wound")
    assert EMERGENCY_FLAGS == ("seizure", "confusion", "headache", "limb", "vomiting")
    assert TEAM_FLAGS == ("hearing", "fluid", "fever", "wound", "weakness", "balance")


@given(st.lists(st.sampled_from((*RED_FLAGS, "unknown"))))
def test_tiers_split_any_selection_in_display_order(flags: list[str]) -> None:
    emergency, team = tiers(flags)
    assert emergency == [f for f in EMERGENCY_FLAGS if f in flags]
    assert team == [f for f in TEAM_FLAGS if f in flags]


def test_a_sign_is_asked_again_on_the_next_daily_screen_or_on_an_extra_day() -> None:
    for n in range(1, 14):  # days 1-13: day n+1 has its own screen
        assert recheck_due(SURGERY, SURGERY + timedelta(days=n)) is None
    assert recheck_due(SURGERY, SURGERY + timedelta(days=14)) == SURGERY + timedelta(days=15)
    # An extra screen's sign gets another extra screen, for as long as it is reported.
    assert recheck_due(SURGERY, SURGERY + timedelta(days=15)) == SURGERY + timedelta(days=16)


def test_progress_advice_by_answer_and_time() -> None:
    week = {item.number: item.day for item in mvd_plan(SURGERY) if item.phase is Phase.WEEKLY}
    month = {item.number: item.day for item in mvd_plan(SURGERY) if item.phase is Phase.MONTHLY}
    assert progress_advice(SURGERY, week[3], "gone") == [Advice.GONE]
    assert progress_advice(SURGERY, week[3], "much_better") == []
    assert progress_advice(SURGERY, week[3], "bit_better") == [Advice.DELAYED]
    assert progress_advice(SURGERY, week[12], "same") == [Advice.DELAYED]
    assert progress_advice(SURGERY, week[3], "worse") == [Advice.TELL_TEAM, Advice.DELAYED]
    for day in (week[13], month[4], month[12]):
        assert progress_advice(SURGERY, day, "same") == [Advice.RAISE_AT_FOLLOWUP, Advice.DELAYED]
        assert progress_advice(SURGERY, day, "worse") == [
            Advice.TELL_TEAM,
            Advice.RAISE_AT_FOLLOWUP,
            Advice.DELAYED,
        ]
        assert progress_advice(SURGERY, day, "bit_better") == [Advice.DELAYED]


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 1, 1)),
    st.integers(min_value=1, max_value=400),
    st.sampled_from(SPASM_ANSWERS),
)
def test_worse_always_tells_the_team_and_the_follow_up_line_starts_at_week_13(
    surgery_on: date, days_after: int, answer: str
) -> None:
    day = surgery_on + timedelta(days=days_after)
    advice = progress_advice(surgery_on, day, answer)
    assert (Advice.TELL_TEAM in advice) == (answer == "worse")
    late = day - surgery_on >= FOLLOWUP_ADVICE_FROM
    assert (Advice.RAISE_AT_FOLLOWUP in advice) == (late and answer in ("same", "worse"))
    assert (Advice.DELAYED in advice) == (answer in ("bit_better", "same", "worse"))
    assert timedelta(days=91) == FOLLOWUP_ADVICE_FROM
