"""The daily check-in as a pure step machine: which question is shown after each answer.

The questions come in a fixed order (``RATING_QUESTIONS``, then the optional note). A tap on the
question shown moves on to the next; a late tap on an earlier question (an older message, a
correction) stores the answer and keeps the current question. Once every rating is in, the
check-in counts as done and only the optional note is left.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from service.domain.scales import RATING_QUESTIONS, Question

STEPS: tuple[Question, ...] = (*RATING_QUESTIONS, Question.NOTE)


@dataclass(frozen=True)
class Progress:
    """Where a check-in stands: the question shown and whether all ratings are in."""

    step: Question
    complete: bool


def first_unanswered(answers: Mapping[Question, int | None]) -> Question:
    """The first rating without an answer; the note once every rating is in."""
    for question in RATING_QUESTIONS:
        if answers.get(question) is None:
            return question
    return Question.NOTE


def all_rated(answers: Mapping[Question, int | None]) -> bool:
    """True once every rating question has an answer."""
    return all(answers.get(q) is not None for q in RATING_QUESTIONS)


def after_rating(
    shown: Question | None, rated: Question, answers: Mapping[Question, int | None]
) -> Progress:
    """The step to show after ``rated`` was answered while ``shown`` was on screen.

    ``answers`` already holds the new answer.
    """
    if rated not in RATING_QUESTIONS:
        raise ValueError(f"{rated} is not a rating question")
    if shown in RATING_QUESTIONS and STEPS.index(shown) > STEPS.index(rated):
        step = shown  # a late tap on an earlier question: keep showing the current one
    else:
        step = STEPS[STEPS.index(rated) + 1]
    if step is Question.NOTE and not all_rated(answers):
        step = first_unanswered(answers)
    return Progress(step, all_rated(answers) and step is Question.NOTE)
