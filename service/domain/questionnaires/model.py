"""Questionnaire definitions: their types, loading and validating them, scoring, when they are due.

A definition file is TOML (``data/<id>.toml``)::

    id = "pgic"                      # lowercase letters and digits, at most 12
    title_key = "q_pgic_title"       # the catalogue key of its title
    shipped_wording = true           # false: the operator supplies the wording (licence)
    scoring = "single"               # "single" (one item's score) or "sum" (of every item)
    higher_is_worse = true           # the direction of the score
    minimal_important_change = 2.6   # optional: the smallest change that matters to patients
    source = "..."                   # the citation
    licence = "..."                  # may its wording be shipped, and why
    answers = [{ id = "1", score = 1 }, ...]   # shared by the items (an item may have its own)

    [[schedule]]                     # one or more rules
    trigger = "monthly"              # "monthly", "injection" or "surgery"
    start_after_days = 7             # monthly: the first one this many days after planning
    weeks = [6]                      # injection: weeks after each injection
    months = [1, 3, 6, 12]           # surgery: calendar months after the surgery date

    [[items]]
    id = "change"

Shipped wording lives in the message catalogue under ``q_<id>_<item>`` (the item) and
``q_<id>_a_<answer>`` (a shared answer; ``q_<id>_<item>_a_<answer>`` for an item's own), so
that it can be translated. An operator's wording file (TOML) for a questionnaire whose wording
is not shipped has ``title``, an ``[items]`` table (item id -> text) and an ``[answers]`` table
(answer id, or ``<item>.<answer>``, -> label).
"""

from __future__ import annotations

import calendar
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
_ID = re.compile(r"[a-z][a-z0-9]{0,11}")
_ITEM = re.compile(r"[a-z0-9_]{1,16}")
MAX_ANSWERS = 8  # buttons per item (one per row on a phone)


class DefinitionError(ValueError):
    """A definition file that cannot be used: the message names the file and what is wrong."""


class WordingError(ValueError):
    """An operator's wording file that cannot be used (named, with what is wrong)."""


class Trigger(StrEnum):
    """What starts a questionnaire's schedule."""

    MONTHLY = "monthly"  # every month, for every consented patient
    INJECTION = "injection"  # weeks after each logged injection
    SURGERY = "surgery"  # calendar months after the surgery date


class Scoring(StrEnum):
    """How the answers make the score."""

    SINGLE = "single"
    SUM = "sum"


@dataclass(frozen=True)
class Answer:
    """One answer option and its score."""

    id: str
    score: int


@dataclass(frozen=True)
class Item:
    """One question with its answer options."""

    id: str
    answers: tuple[Answer, ...]

    def answer(self, answer_id: str) -> Answer | None:
        """The option with this id, if any."""
        return next((a for a in self.answers if a.id == answer_id), None)


@dataclass(frozen=True)
class Rule:
    """When a questionnaire is asked."""

    trigger: Trigger
    start_after_days: int = 0
    weeks: tuple[int, ...] = ()
    months: tuple[int, ...] = ()


@dataclass(frozen=True)
class Questionnaire:
    """A questionnaire definition."""

    id: str
    title_key: str
    items: tuple[Item, ...]
    scoring: Scoring
    schedule: tuple[Rule, ...]
    source: str
    licence: str
    shipped_wording: bool
    higher_is_worse: bool = True
    minimal_important_change: float | None = None

    @property
    def score_range(self) -> tuple[int, int]:
        """The lowest and highest possible score."""
        lows = [min(a.score for a in item.answers) for item in self.items]
        highs = [max(a.score for a in item.answers) for item in self.items]
        if self.scoring is Scoring.SINGLE:
            return lows[0], highs[0]
        return sum(lows), sum(highs)

    def rule(self, trigger: Trigger) -> Rule | None:
        """Its rule for ``trigger``, if it has one."""
        return next((r for r in self.schedule if r.trigger is trigger), None)

    def item(self, item_id: str) -> Item | None:
        """The item with this id, if any."""
        return next((i for i in self.items if i.id == item_id), None)

    def next_item(self, answers: Mapping[str, str]) -> Item | None:
        """The first item without an answer (None: all answered)."""
        return next((i for i in self.items if i.id not in answers), None)

    def score(self, answers: Mapping[str, str]) -> int | None:
        """The score of a complete set of answers; None while any item is unanswered (an
        incomplete questionnaire has no score, never a partial one)."""
        chosen = []
        for item in self.items:
            answer = item.answer(answers.get(item.id, ""))
            if answer is None:
                return None
            chosen.append(answer.score)
        return chosen[0] if self.scoring is Scoring.SINGLE else sum(chosen)

    def important_change(self, before: int, after: int) -> str | None:
        """ "better", "worse" or "no important change" between two scores by the minimal
        important change; None when the definition has none."""
        mic = self.minimal_important_change
        if mic is None:
            return None
        delta = after - before
        if abs(delta) < mic:
            return "unchanged"
        worse = delta > 0 if self.higher_is_worse else delta < 0
        return "worse" if worse else "better"

    # ---- catalogue keys of shipped wording ---------------------------------------------------
    def item_key(self, item: Item) -> str:
        """The catalogue key of an item's wording."""
        return f"q_{self.id}_{item.id}"

    def answer_key(self, item: Item, answer: Answer) -> str:
        """The catalogue key of an answer's label (an item's own answers are keyed by item)."""
        if item.answers is self._shared:
            return f"q_{self.id}_a_{answer.id}"
        return f"q_{self.id}_{item.id}_a_{answer.id}"

    def catalogue_keys(self) -> list[str]:
        """Every catalogue key its shipped wording needs."""
        keys = [self.title_key]
        for item in self.items:
            keys.append(self.item_key(item))
            keys += [self.answer_key(item, a) for a in item.answers]
        return list(dict.fromkeys(keys))

    _shared: tuple[Answer, ...] = field(default=(), repr=False, compare=False)


@dataclass(frozen=True)
class Wording:
    """An operator's wording for a questionnaire whose wording is not shipped."""

    title: str
    items: Mapping[str, str]
    answers: Mapping[str, str]

    def answer(self, item: Item, answer: Answer) -> str:
        """The label of an answer (an item's own label first)."""
        return self.answers.get(f"{item.id}.{answer.id}") or self.answers[answer.id]


# ---- loading ------------------------------------------------------------------------------------
def _fail(path: Path, what: str) -> DefinitionError:
    return DefinitionError(f"questionnaire definition {path.name}: {what}")


def _text(raw: Mapping[str, Any], key: str, path: Path) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, f"{key!r} must be a non-empty string")
    return value.strip()


def _ints(raw: Mapping[str, Any], key: str, path: Path) -> tuple[int, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) and 0 < v <= 120 for v in value
    ):
        raise _fail(path, f"schedule {key!r} must be a list of whole numbers from 1 to 120")
    if list(value) != sorted(set(value)):
        raise _fail(path, f"schedule {key!r} must be in increasing order, without repeats")
    return tuple(value)


def _answers(raw: Any, where: str, path: Path) -> tuple[Answer, ...]:
    if not isinstance(raw, list) or not raw:
        raise _fail(path, f"{where}: 'answers' must be a non-empty list")
    if len(raw) > MAX_ANSWERS:
        raise _fail(path, f"{where}: at most {MAX_ANSWERS} answers (one button each)")
    answers = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise _fail(path, f"{where}: each answer needs an id and a score")
        answer_id, score = entry.get("id"), entry.get("score")
        if not isinstance(answer_id, str) or not _ITEM.fullmatch(answer_id):
            raise _fail(path, f"{where}: answer id {answer_id!r} must be 1-16 of a-z, 0-9, _")
        if not isinstance(score, int) or isinstance(score, bool):
            raise _fail(path, f"{where}: answer {answer_id!r} needs a whole-number 'score'")
        answers.append(Answer(answer_id, score))
    if len({a.id for a in answers}) != len(answers):
        raise _fail(path, f"{where}: answer ids repeat")
    return tuple(answers)


def _rules(raw: Any, path: Path) -> tuple[Rule, ...]:
    entries = [raw] if isinstance(raw, dict) else raw
    if not isinstance(entries, list) or not entries:
        raise _fail(path, "a [schedule] table (or [[schedule]] list) is required")
    rules = tuple(_rule(entry, path) for entry in entries)
    if len({r.trigger for r in rules}) != len(rules):
        raise _fail(path, "one schedule rule per trigger")
    return rules


def _rule(raw: Any, path: Path) -> Rule:
    if not isinstance(raw, dict):
        raise _fail(path, "each schedule rule must be a table")
    try:
        trigger = Trigger(str(raw.get("trigger")))
    except ValueError:
        choices = ", ".join(t.value for t in Trigger)
        raise _fail(path, f"schedule trigger must be one of {choices}") from None
    start = raw.get("start_after_days", 0)
    if not isinstance(start, int) or isinstance(start, bool) or not 0 <= start <= 366:
        raise _fail(path, "schedule 'start_after_days' must be a whole number from 0 to 366")
    rule = Rule(trigger, start, _ints(raw, "weeks", path), _ints(raw, "months", path))
    if trigger is Trigger.INJECTION and (not rule.weeks or rule.months):
        raise _fail(path, "an injection schedule needs 'weeks' (and no 'months')")
    if trigger is Trigger.SURGERY and (not rule.months or rule.weeks):
        raise _fail(path, "a surgery schedule needs 'months' (and no 'weeks')")
    if trigger is Trigger.MONTHLY and (rule.weeks or rule.months):
        raise _fail(path, "a monthly schedule takes only 'start_after_days'")
    return rule


def parse_definition(raw: Mapping[str, Any], path: Path) -> Questionnaire:
    """A definition from its parsed file; ``DefinitionError`` saying what is wrong."""
    known = {
        "id",
        "title_key",
        "shipped_wording",
        "scoring",
        "higher_is_worse",
        "minimal_important_change",
        "source",
        "licence",
        "answers",
        "schedule",
        "items",
    }
    unknown = sorted(set(raw) - known)
    if unknown:
        raise _fail(path, f"unknown keys {unknown}")
    qid = raw.get("id")
    if not isinstance(qid, str) or not _ID.fullmatch(qid):
        raise _fail(path, "'id' must be 1-12 lowercase letters and digits, starting with a letter")
    if path.suffix == ".toml" and path.stem != qid:
        raise _fail(path, f"the file must be named {qid}.toml, after its id")
    shipped_wording = raw.get("shipped_wording")
    if not isinstance(shipped_wording, bool):
        raise _fail(path, "'shipped_wording' must be true or false")
    higher_is_worse = raw.get("higher_is_worse", True)
    if not isinstance(higher_is_worse, bool):
        raise _fail(path, "'higher_is_worse' must be true or false")
    try:
        scoring = Scoring(str(raw.get("scoring")))
    except ValueError:
        raise _fail(path, "'scoring' must be 'single' or 'sum'") from None
    mic = raw.get("minimal_important_change")
    if mic is not None and (not isinstance(mic, int | float) or isinstance(mic, bool) or mic <= 0):
        raise _fail(path, "'minimal_important_change' must be a positive number")
    shared = _answers(raw["answers"], "answers", path) if "answers" in raw else ()
    raw_items = raw.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise _fail(path, "at least one [[items]] entry is required")
    items = []
    for entry in raw_items:
        item_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(item_id, str) or not _ITEM.fullmatch(item_id):
            raise _fail(path, f"item id {item_id!r} must be 1-16 of a-z, 0-9, _")
        assert isinstance(entry, dict)
        if set(entry) - {"id", "answers"}:
            raise _fail(
                path, f"item {item_id!r}: unknown keys {sorted(set(entry) - {'id', 'answers'})}"
            )
        if "answers" in entry:
            answers = _answers(entry["answers"], f"item {item_id!r}", path)
        elif shared:
            answers = shared
        else:
            raise _fail(path, f"item {item_id!r} has no answers (and there are no shared ones)")
        items.append(Item(item_id, answers))
    if len({i.id for i in items}) != len(items):
        raise _fail(path, "item ids repeat")
    if scoring is Scoring.SINGLE and len(items) != 1:
        raise _fail(path, "'single' scoring needs exactly one item")
    return Questionnaire(
        id=qid,
        title_key=_text(raw, "title_key", path),
        items=tuple(items),
        scoring=scoring,
        schedule=_rules(raw.get("schedule"), path),
        source=_text(raw, "source", path),
        licence=_text(raw, "licence", path),
        shipped_wording=shipped_wording,
        higher_is_worse=higher_is_worse,
        minimal_important_change=float(mic) if mic is not None else None,
        _shared=shared,
    )


def load_definition(path: Path) -> Questionnaire:
    """One definition file, validated."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(path, f"cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise _fail(path, f"is not valid TOML ({exc})") from None
    return parse_definition(raw, path)


def load_definitions(folder: Path = DATA) -> dict[str, Questionnaire]:
    """Every definition in ``folder``, by id, in file-name order."""
    found: dict[str, Questionnaire] = {}
    for path in sorted(folder.glob("*.toml")):
        definition = load_definition(path)
        found[definition.id] = definition
    return found


_SHIPPED: dict[str, Questionnaire] | None = None


def shipped() -> dict[str, Questionnaire]:
    """The definitions shipped with the bot (loaded once)."""
    global _SHIPPED
    if _SHIPPED is None:
        _SHIPPED = load_definitions(DATA)
    return _SHIPPED


def load_wording(path: Path, questionnaire: Questionnaire) -> Wording:
    """An operator's wording file for ``questionnaire``, checked against its items."""

    def fail(what: str) -> WordingError:
        return WordingError(f"wording file {path} for {questionnaire.id}: {what}")

    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise fail(f"is not valid TOML ({exc})") from None
    title = raw.get("title")
    items, answers = raw.get("items"), raw.get("answers")
    if not isinstance(title, str) or not title.strip():
        raise fail("'title' must be a non-empty string")
    if not isinstance(items, dict) or not isinstance(answers, dict):
        raise fail("needs an [items] and an [answers] table")
    texts = {str(k): v for k, v in items.items()}
    labels = {str(k): v for k, v in answers.items()}
    for key, value in [*texts.items(), *labels.items()]:
        if not isinstance(value, str) or not value.strip():
            raise fail(f"{key!r} must be a non-empty string")
    wanted = {item.id for item in questionnaire.items}
    if set(texts) != wanted:
        missing, extra = sorted(wanted - set(texts)), sorted(set(texts) - wanted)
        raise fail(
            f"[items] must hold exactly the items {sorted(wanted)} "
            f"(missing {missing}, unknown {extra})"
        )
    for item in questionnaire.items:
        for answer in item.answers:
            if f"{item.id}.{answer.id}" not in labels and answer.id not in labels:
                raise fail(f"[answers] has no label for answer {answer.id!r} of item {item.id!r}")
    return Wording(title.strip(), texts, labels)


# ---- when ---------------------------------------------------------------------------------------
def month_after(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (the month's last day if it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_days(rule: Rule, anchor: date) -> list[date]:
    """The days an injection or surgery on ``anchor`` makes the questionnaire due."""
    if rule.trigger is Trigger.INJECTION:
        return [anchor + timedelta(weeks=w) for w in rule.weeks]
    if rule.trigger is Trigger.SURGERY:
        return [month_after(anchor, m) for m in rule.months]
    raise ValueError("a monthly questionnaire has no anchor")


def monthly_start(rule: Rule, today: date) -> date:
    """The first day of a monthly questionnaire planned ``today``: ``start_after_days`` on,
    moved on to the 1st of the next month from the 29th, so that every month has that day."""
    first = today + timedelta(days=rule.start_after_days)
    return first if first.day <= 28 else month_after(first.replace(day=1), 1)


def occasion_label(rule: Rule, index: int) -> str:
    """A short name of the n-th occasion of an anchored schedule: "6w", "3m"."""
    if rule.trigger is Trigger.INJECTION:
        return f"{rule.weeks[index]}w"
    if rule.trigger is Trigger.SURGERY:
        return f"{rule.months[index]}m"
    return "monthly"


def definitions_in(sequence: Sequence[Questionnaire], trigger: Trigger) -> list[Questionnaire]:
    """Those of ``sequence`` with a rule started by ``trigger``."""
    return [q for q in sequence if q.rule(trigger) is not None]
