"""Outcome measures as data: a questionnaire is a definition loaded from a file in ``data/``.

A definition holds its items with their answer options and scores, how the answers make a score
(``sum`` of the items, or ``single``: the one item's score), the minimal important change when
the literature gives one, when it is asked (``Rule``), its source and a licence note. Adding a
questionnaire means adding a file; nothing here knows any questionnaire by name.

Pure: no telegram, no database. The bot layer turns a definition into prompts through the one
reminder lifecycle (``service.bot.questionnaires``).
"""

from service.domain.questionnaires.model import (
    Answer,
    DefinitionError,
    Item,
    Questionnaire,
    Rule,
    Scoring,
    Trigger,
    Wording,
    WordingError,
    definitions_in,
    due_days,
    load_definition,
    load_definitions,
    load_wording,
    month_after,
    monthly_start,
    occasion_label,
    shipped,
)

__all__ = [
    "Answer",
    "DefinitionError",
    "Item",
    "Questionnaire",
    "Rule",
    "Scoring",
    "Trigger",
    "Wording",
    "WordingError",
    "definitions_in",
    "due_days",
    "load_definition",
    "load_definitions",
    "load_wording",
    "month_after",
    "monthly_start",
    "occasion_label",
    "shipped",
]
