"""The check-in's step machine: every path ends at the note with all ratings in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from service.domain.checkin import STEPS, after_rating, all_rated, first_unanswered
from service.domain.scales import RATING_QUESTIONS, Question

RATINGS = st.sampled_from(RATING_QUESTIONS)


def test_answers_in_order_walk_the_questions_then_the_note() -> None:
    answers: dict[Question, int | None] = {}
    shown: Question | None = first_unanswered(answers)
    seen = [shown]
    for question in RATING_QUESTIONS:
        answers[question] = 2
        progress = after_rating(shown, question, answers)
        shown = progress.step
        seen.append(shown)
    assert seen == list(STEPS)
    assert progress.complete


def test_a_late_tap_on_an_earlier_question_keeps_the_current_one() -> None:
    answers = {Question.FREQUENCY: 1, Question.SEVERITY: 1}
    progress = after_rating(Question.LOWER_FACE, Question.FREQUENCY, {**answers})
    assert progress.step is Question.LOWER_FACE and not progress.complete


def test_a_correction_after_completion_goes_back_to_the_note() -> None:
    answers = {q: 1 for q in RATING_QUESTIONS}
    progress = after_rating(Question.FREQUENCY, Question.FREQUENCY, answers)
    assert progress.step is Question.SEVERITY  # Change walks the questions again
    last = after_rating(Question.IMPACT, Question.IMPACT, answers)
    assert last.step is Question.NOTE and last.complete


@given(st.lists(RATINGS, min_size=1, max_size=20))
def test_any_tap_order_never_shows_the_note_before_all_ratings(taps: list[Question]) -> None:
    answers: dict[Question, int | None] = {}
    shown: Question | None = first_unanswered(answers)
    for question in taps:
        answers[question] = 3
        progress = after_rating(shown, question, answers)
        shown = progress.step
        assert (shown is Question.NOTE) == progress.complete
        if progress.complete:
            assert all_rated(answers)
        else:
            assert shown in RATING_QUESTIONS
    # Answering whatever is shown always reaches the note (within two rounds of the questions).
    for _ in range(2 * len(STEPS)):
        if shown is Question.NOTE:
            break
        assert shown is not None
        answers[shown] = 1
        shown = after_rating(shown, shown, answers).step
    assert shown is Question.NOTE
