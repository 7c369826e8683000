"""Outcome questionnaires (SMC grade, PGIC, HFS-7 when enabled): definitions as data, asked
through the one reminder lifecycle by one generic question class.

A prompt opens a ``QuestionnaireResponse`` row and shows its first item, one message edited in
place through the items, a button per answer, and Snooze. Each tap is stored at once; the
last one stores the score and drops the follow-up. One follow-up goes if nothing is tapped;
at the end of the local day an incomplete one is closed as *unanswered* (never a score).

Planning (``questionnaires_store``): monthly ones at consent and, for patients from before, at
start-up; after-injection ones on ``InjectionLogged``; after-surgery ones on ``SurgeryPlanned``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup

from service.bot.callbacks import Callback, callback
from service.bot.common import zone_of
from service.bot.feature import (
    Consented,
    Feature,
    InjectionLogged,
    SchedulesListed,
    SurgeryPlanned,
)
from service.bot.kit import Buttons, Reply, Turn, expired, keyboard
from service.bot.questionnaires_store import (
    KINDS,
    REF,
    Asked,
    enabled,
    end_after,
    plan_after,
    plan_existing,
    plan_monthly,
)
from service.config import Settings
from service.db.models import (
    BotoxCycle,
    Patient,
    QuestionnaireResponse,
    ResponseState,
    Schedule,
    Surgery,
)
from service.domain.questionnaires import Item, Trigger
from service.domain.timezones import local_date, local_day_bounds
from service.scheduling.batch import load_by_id
from service.scheduling.dispatcher import Due, Outgoing
from service.scheduling.lifecycle import Kinds, Moment, ScheduledQuestion, settle
from service.scheduling.lifecycle import snooze as snooze_question
from service.texts import fmt_date, fmt_time, known_key, t
from service.texts.families import BTN_SNOOZE
from service.texts.keys import MessageKey

SNOOZE_MINUTES = (30, 120)


# ---- buttons ------------------------------------------------------------------------------------
@callback("qn:{response}:a:{item}:{answer}")
@dataclass(frozen=True)
class AnswerTap(Callback):
    """An answer to one item (both by position in the definition)."""

    response: int
    item: int
    answer: int


@callback("qn:{response}:z:{minutes}")
@dataclass(frozen=True)
class SnoozeTap(Callback):
    """Ask again later."""

    response: int
    minutes: int


BUTTONS = Buttons()


# ---- what the patient sees ------------------------------------------------------------------
def _key(name: str) -> MessageKey:
    """A key a shipped definition names (tests/test_questionnaires.py checks they all exist)."""
    key = known_key(name)
    if key is None:
        raise KeyError(f"questionnaire wording {name!r} is not in the catalogue")
    return key


def title(asked: Asked, lang: str) -> str:
    """The questionnaire's name."""
    if asked.wording is not None:
        return asked.wording.title
    return t(_key(asked.definition.title_key), lang)


def item_text(asked: Asked, item: Item, lang: str) -> str:
    """An item's wording: the catalogue's, or the operator's for unshipped wording."""
    if asked.wording is not None:
        return asked.wording.items[item.id]
    return t(_key(asked.definition.item_key(item)), lang)


def answer_label(asked: Asked, item: Item, index: int, lang: str) -> str:
    """The label of an item's answer."""
    answer = item.answers[index]
    if asked.wording is not None:
        return asked.wording.answer(item, answer)
    return t(_key(asked.definition.answer_key(item, answer)), lang)


def occasion_line(response: QuestionnaireResponse, asked: Asked, lang: str) -> str:
    """Why it is asked now: monthly, or so long after an injection or surgery."""
    name = title(asked, lang)
    occasion = response.occasion or "monthly"
    if occasion == "monthly" or not occasion[:-1].isdigit():
        return t("q_occasion_monthly", lang, title=name)
    count, unit = int(occasion[:-1]), occasion[-1]
    anchor = response.anchor_on or response.due_on
    key: MessageKey = "q_occasion_injection" if unit == "w" else "q_occasion_surgery"
    return t(key, lang, count=count, date=fmt_date(anchor, lang), title=name)


def render(
    response: QuestionnaireResponse, asked: Asked, lang: str, *, intro: str | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The open item with a button per answer (and Snooze while nothing is answered)."""
    definition = asked.definition
    item = definition.next_item(response.answers or {})
    assert item is not None and response.id is not None
    number = definition.items.index(item) + 1
    lines = [intro] if intro else []
    lines.append(occasion_line(response, asked, lang))
    if len(definition.items) > 1:
        lines.append(t("q_progress", lang, number=number, total=len(definition.items)))
    lines.append("")
    lines.append(item_text(asked, item, lang))
    rows: list[list[tuple[str, Callback | str]]] = [
        [(answer_label(asked, item, i, lang), AnswerTap(response.id, number - 1, i))]
        for i in range(len(item.answers))
    ]
    if not response.answers:
        rows.append([(t(BTN_SNOOZE[m], lang), SnoozeTap(response.id, m)) for m in SNOOZE_MINUTES])
    return "\n".join(lines), keyboard(rows)


def saved_text(response: QuestionnaireResponse, asked: Asked, lang: str) -> str:
    """What was saved: the answer of a one-item questionnaire, else the score and its range."""
    definition = asked.definition
    if len(definition.items) == 1:
        item = definition.items[0]
        index = [a.id for a in item.answers].index(str(response.answers[item.id]))
        return t("q_saved", lang, answer=answer_label(asked, item, index, lang))
    low, high = definition.score_range
    return t("q_saved_score", lang, score=response.score, low=low, high=high)


# ---- the scheduled question -------------------------------------------------------------------
@dataclass
class QuestionnaireQuestion(ScheduledQuestion[QuestionnaireResponse]):
    """Every questionnaire through the one reminder lifecycle: the prompt opens its response
    row; one follow-up while nothing is tapped; the day's end records it as unanswered."""

    default_zone: str = "UTC"
    kinds: Kinds = KINDS
    model: type[QuestionnaireResponse] = QuestionnaireResponse
    ref: str = REF
    asked: dict[str, Asked] = field(default_factory=dict)

    def configure(self, settings: Settings) -> None:
        """The questionnaires the operator enabled."""
        self.asked = enabled(settings)

    async def open(
        self, session: AsyncSession, batch: Sequence[Due], now: datetime, *, asking: bool
    ) -> list[QuestionnaireResponse | None]:
        """The prompt's response row (made if absent); none if the questionnaire is no longer
        enabled or its occasion has gone (the injection undone, the surgery plan ended)."""
        schedules = await load_by_id(session, Schedule, [d.occurrence.schedule_id for d in batch])
        cycles = await load_by_id(
            session,
            BotoxCycle,
            [
                s.ref_id
                for s in schedules.values()
                if (s.payload or {}).get("trigger") == Trigger.INJECTION
            ],
        )
        surgeries = await _active_surgeries(session, {d.patient.id for d in batch})
        rows = await _responses(session, [d.occurrence.schedule_id for d in batch])
        found: list[QuestionnaireResponse | None] = []
        for due in batch:
            schedule = schedules.get(due.occurrence.schedule_id)
            if schedule is None or self._gone(schedule, due, cycles, surgeries):
                found.append(None)
                continue
            response = rows.get((schedule.id, due.occurrence.due_at))
            if response is None:
                response = self._new_response(schedule, due, now)
            if asking and response.asked_at is None:
                response.asked_at = now
            session.add(response)
            await session.flush()
            found.append(response)
        return found

    def _gone(
        self, schedule: Schedule, due: Due, cycles: Mapping[int, Any], surgeries: set[Any]
    ) -> bool:
        """The questionnaire is no longer enabled, or its occasion has gone."""
        payload = schedule.payload or {}
        trigger, anchor = payload.get("trigger"), payload.get("anchor")
        return (
            payload.get("q") not in self.asked
            or (trigger == Trigger.INJECTION and schedule.ref_id not in cycles)
            or (trigger == Trigger.SURGERY and (due.patient.id, anchor) not in surgeries)
        )

    def _new_response(self, schedule: Schedule, due: Due, now: datetime) -> QuestionnaireResponse:
        """The response row a prompt asks about, made the first time it is asked."""
        assert due.patient.id is not None
        payload = schedule.payload or {}
        anchor = payload.get("anchor")
        zone = zone_of(due.patient, self.default_zone)
        return QuestionnaireResponse(
            patient_id=due.patient.id,
            questionnaire=str(payload["q"]),
            occasion=payload.get("occasion"),
            ref_id=schedule.ref_id,
            schedule_id=schedule.id,
            due_at=due.occurrence.due_at,
            due_on=local_date(due.occurrence.due_at, zone),
            anchor_on=date.fromisoformat(anchor) if isinstance(anchor, str) else None,
            created_at=now,
        )

    def is_open(self, item: QuestionnaireResponse) -> bool:
        """Not answered and not closed."""
        return item.state == ResponseState.OPEN

    def untouched(self, item: QuestionnaireResponse) -> bool:
        """Nothing tapped yet."""
        return item.state == ResponseState.OPEN and not item.answers

    def render(
        self, item: QuestionnaireResponse, patient: Patient, moment: Moment
    ) -> Outgoing | None:
        """The open item (a reminder line when asked again)."""
        asked = self.asked.get(item.questionnaire)
        if asked is None:
            return None
        lang = patient.language
        intro = t("q_followup", lang) if moment is Moment.FOLLOWUP else None
        text, markup = render(item, asked, lang, intro=intro)
        return Outgoing(text, markup)

    async def close(
        self,
        session: AsyncSession,
        items: Sequence[tuple[Due, QuestionnaireResponse]],
        now: datetime,
    ) -> None:
        """The day is over: an incomplete questionnaire is unanswered, with no score."""
        for _, response in items:
            if response.state == ResponseState.OPEN:
                response.state = ResponseState.UNANSWERED
                response.score = None
                session.add(response)


async def _responses(
    session: AsyncSession, schedule_ids: Sequence[int]
) -> dict[tuple[int | None, datetime], QuestionnaireResponse]:
    stmt = select(QuestionnaireResponse).where(
        col(QuestionnaireResponse.schedule_id).in_(set(schedule_ids))
    )
    rows = (await session.exec(stmt)).all()
    return {(r.schedule_id, r.due_at): r for r in rows}


async def _active_surgeries(
    session: AsyncSession, patient_ids: set[int | None]
) -> set[tuple[int, str]]:
    stmt = select(Surgery).where(
        col(Surgery.patient_id).in_({i for i in patient_ids if i is not None}),
        col(Surgery.active),
    )
    return {(s.patient_id, s.surgery_on.isoformat()) for s in (await session.exec(stmt)).all()}


# ---- the taps -----------------------------------------------------------------------------------
async def _tapped(turn: Turn, response_id: int) -> tuple[QuestionnaireResponse, Asked] | Reply:
    """The patient's own open response a tap is about, if the tap still counts."""
    response = await turn.session.get(QuestionnaireResponse, response_id, with_for_update=True)
    if response is None or response.patient_id != turn.me.id:
        return expired(turn)
    asked = enabled(turn.settings).get(response.questionnaire)
    if asked is None:
        return expired(turn)
    if response.state == ResponseState.ANSWERED:
        return Reply("", toast=turn.t("q_answered_already"))
    if response.state != ResponseState.OPEN:
        return Reply(turn.t("q_closed"), edit=True, toast=turn.t("q_closed"))
    message_id = turn.message_id
    if response.prompt_message_id and message_id and message_id < response.prompt_message_id:
        return Reply("", toast=turn.t("button_outdated"))
    if message_id is not None:
        response.prompt_message_id = message_id
    return response, asked


@BUTTONS.on(AnswerTap)
async def answer(turn: Turn, tap: AnswerTap) -> Reply:
    """One answer: stored at once; the next item, or the score and a thank-you."""
    found = await _tapped(turn, tap.response)
    if isinstance(found, Reply):
        return found
    response, asked = found
    definition = asked.definition
    item = definition.next_item(response.answers or {})
    if item is None or definition.items.index(item) != tap.item:
        return Reply("", toast=turn.t("button_outdated"))
    if not 0 <= tap.answer < len(item.answers):
        return expired(turn)
    response.answers = {**(response.answers or {}), item.id: item.answers[tap.answer].id}
    score = definition.score(response.answers)
    if score is not None:
        response.score, response.state = score, ResponseState.ANSWERED
        response.answered_at = turn.now
    turn.session.add(response)
    assert turn.me.id is not None
    await settle(turn.session, kinds=KINDS, patient_id=turn.me.id, ref={REF: response.id})
    if score is not None:
        return Reply(
            saved_text(response, asked, turn.lang), edit=True, toast=turn.t("answer_saved")
        )
    text, markup = render(response, asked, turn.lang)
    return Reply(text, markup, edit=True, toast=turn.t("answer_saved"))


@BUTTONS.on(SnoozeTap)
async def snooze(turn: Turn, tap: SnoozeTap) -> Reply:
    """Ask again in 30 minutes or 2 hours (at the latest just before the day ends)."""
    found = await _tapped(turn, tap.response)
    if isinstance(found, Reply):
        return found
    response, _ = found
    if tap.minutes not in SNOOZE_MINUTES or response.schedule_id is None:
        return expired(turn)
    zone = zone_of(turn.me, turn.default_zone)
    _, day_end = local_day_bounds(response.due_on, zone)
    due = await snooze_question(
        turn.session,
        kinds=KINDS,
        ref={REF: response.id},
        schedule_id=response.schedule_id,
        patient_id=response.patient_id,
        due=turn.now + timedelta(minutes=tap.minutes),
        closes=day_end,
        now=turn.now,
    )
    turn.session.add(response)
    return Reply(turn.t("q_snoozed", time=fmt_time(due.astimezone(zone), turn.lang)), edit=True)


# ---- planning, on what other features tell ------------------------------------------------------
async def consented(turn: Turn, _event: Consented) -> None:
    """The monthly questionnaires from consent on."""
    await plan_monthly(turn.session, [turn.me], turn.now, turn.settings)


async def injection_logged(turn: Turn, event: InjectionLogged) -> None:
    """The after-injection questionnaires (PGIC at 6 weeks) of this injection; those of the
    previous injection still waiting are dropped (none for a back-filled older injection)."""
    assert turn.me.id is not None
    newest = await end_after(turn.session, turn.me.id, Trigger.INJECTION, before=event.day)
    if event.injection_id is not None and newest:
        await plan_after(
            turn.session,
            turn.me,
            turn.now,
            turn.settings,
            Trigger.INJECTION,
            event.day,
            event.injection_id,
        )


async def surgery_planned(turn: Turn, event: SurgeryPlanned) -> None:
    """The after-surgery questionnaires (PGIC at 1, 3, 6, 12 months), replacing older ones."""
    assert turn.me.id is not None
    await end_after(turn.session, turn.me.id, Trigger.SURGERY)
    await plan_after(turn.session, turn.me, turn.now, turn.settings, Trigger.SURGERY, event.day)


async def schedules_listed(turn: Turn, event: SchedulesListed) -> None:
    """/reminders: which questionnaire each of ours is."""
    asked = enabled(turn.settings)
    for schedule in event.schedules:
        qid = (schedule.payload or {}).get("q")
        if schedule.kind == KINDS.prompt and schedule.id is not None and qid in asked:
            event.details[schedule.id] = title(asked[qid], turn.lang)


FEATURE = Feature(
    name="questionnaires",
    buttons=BUTTONS,
    questions=(QuestionnaireQuestion,),
    listens={
        Consented: consented,
        InjectionLogged: injection_logged,
        SurgeryPlanned: surgery_planned,
        SchedulesListed: schedules_listed,
    },
    at_start=plan_existing,
)
