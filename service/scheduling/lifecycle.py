"""One reminder lifecycle for every scheduled question, written once.

A *scheduled question* (the daily check-in, a medication dose, the MVD safety screen, the Botox
day-7 and week-4 questions, the after-visit question) asks about one *item* (a check-in row, a
dose, a screen, a cycle, an appointment). Its schedule yields the prompt; the lifecycle does the
rest, the same way for every kind:

    prompt ─ sent ─▶ one follow-up after ``followup_after``, only while the item is untouched,
                     no snooze is waiting and the patient is not in back-off
           └──────▶ close at ``closes_at`` (end of the local day, or the next dose): the
                     question records what is missing; the schedule counts unanswered prompts
    Snooze (a tap) ▶ the prompt again later, at the latest just before it closes
    an answer      ▶ ``settle`` drops the follow-ups and snoozes still waiting

Back-off: after ``quiet_after`` unanswered prompts in a row a schedule gets no follow-ups, and
after ``offer_pause_after`` the close sends one kind question whether to pause it (rendered by
the bot layer; asked again only after another such run). Any answer resets the count.

Everything is batched (the dispatcher's ``OccurrenceHandler`` protocol): each step loads what
it needs for the whole batch in one query per table. A question supplies only what differs
between kinds (``ScheduledQuestion``: find or load its items, is it still open, render, close);
the four occurrence kinds it needs come from ``Lifecycle.handlers``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.db.models import Occurrence, OccurrenceStatus, Patient, Schedule, ScheduleState
from service.scheduling.batch import load_by_id, payload_id
from service.scheduling.dispatcher import Due, HandlerDefaults, OccurrenceHandler, Outgoing
from service.scheduling.occurrences import add_occurrences, occurrence_values

#: What a question asks about: a row (a check-in, a dose, ...), or a small object holding the rows
#: its render needs (then its question loads it); either way with an ``id``.
Item = TypeVar("Item")

#: A prompt sent this late (after downtime) counts its follow-up from the send, not the due time.
LATE_DELIVERY = timedelta(minutes=10)
QUIET_AFTER = 3  # unanswered prompts in a row after which follow-ups stop
OFFER_PAUSE_AFTER = 7  # unanswered prompts in a row after which the close asks about a pause


class Moment(StrEnum):
    """Which message of the lifecycle is being rendered."""

    PROMPT = "prompt"
    FOLLOWUP = "followup"
    SNOOZED = "snoozed"


@dataclass(frozen=True)
class Kinds:
    """The occurrence kinds of one scheduled question."""

    prompt: str
    followup: str
    snooze: str
    close: str

    @classmethod
    def of(cls, prompt: str, **names: str) -> Kinds:
        """``prompt``, ``<prompt>_followup``, ``<prompt>_snooze``, ``<prompt>_close`` (names
        given explicitly win, for kinds stored under older names)."""
        defaults = {part: f"{prompt}_{part}" for part in ("followup", "snooze", "close")}
        return cls(prompt=prompt, **{**defaults, **names})

    def all(self) -> tuple[str, str, str, str]:
        """Every kind, prompt first."""
        return (self.prompt, self.followup, self.snooze, self.close)


class ScheduledQuestion(Generic[Item]):
    """What one kind of scheduled question supplies; the defaults suit a question about a row
    named by the schedule (``Schedule.ref_id``), open until answered, closed at the end of the
    prompt's local day with nothing to record."""

    kinds: Kinds
    model: type[Item]
    ref: str  # the occurrence payload key that names the item
    follow_up: bool = True  # one follow-up of an untouched prompt
    followup_after: timedelta | None = None  # None: the operator's CHECKIN_FOLLOWUP_HOURS

    # ---- finding the items -------------------------------------------------------------------
    async def open(
        self, session: AsyncSession, batch: Sequence[Due], now: datetime, *, asking: bool
    ) -> list[Item | None]:
        """The item each due prompt is about (made if needed), in the batch's order; None when
        there is nothing to ask. ``asking`` is False for a prompt that was not sent in time (the
        item is still made, so that its close records it). Default: the schedule's ``ref_id``
        row."""
        schedules = await load_by_id(session, Schedule, [d.occurrence.schedule_id for d in batch])
        ref_of = {
            d: getattr(schedules.get(d.occurrence.schedule_id), "ref_id", None) for d in batch
        }
        model: Any = self.model  # a table (questions about composite items load their own)
        items = await load_by_id(session, model, ref_of.values(), lock=True)
        return [items.get(ref) if ref is not None else None for ref in ref_of.values()]

    async def load(self, session: AsyncSession, batch: Sequence[Due]) -> dict[Due, Item]:
        """The items the batch's follow-ups, snoozes and closes name (row-locked)."""
        model: Any = self.model
        items = await load_by_id(
            session, model, [payload_id(d.occurrence, self.ref) for d in batch], lock=True
        )
        found: dict[Due, Item] = {}
        for due in batch:
            ref = payload_id(due.occurrence, self.ref)
            item = items.get(ref) if ref is not None else None
            if item is not None and getattr(item, "patient_id", None) == due.patient.id:
                found[due] = item
        return found

    # ---- its state -----------------------------------------------------------------------------
    def is_open(self, item: Item) -> bool:
        """Still waiting for an answer."""
        raise NotImplementedError

    def untouched(self, item: Item) -> bool:
        """Nothing answered yet (a follow-up goes only then)."""
        return self.is_open(item)

    def name_of(self, item: Item) -> str | None:
        """What the item is, in the patient's words (e.g. a medication's name), for the
        question whether to pause it; None: the schedule's kind says it."""
        return None

    def closes_at(self, item: Item, due: Due, zone_name: str) -> datetime:
        """When the question closes: by default the end of the prompt's local day."""
        from service.domain.timezones import get_zone, local_date, local_day_bounds

        zone = get_zone(zone_name)
        _, day_end = local_day_bounds(local_date(due.occurrence.due_at, zone), zone)
        return day_end

    # ---- what the patient sees -----------------------------------------------------------------
    def render(self, item: Item, patient: Patient, moment: Moment) -> Outgoing | None:
        """The message for the prompt, its follow-up or a snoozed prompt."""
        raise NotImplementedError

    def shown(self, session: AsyncSession, item: Item, message_id: int | None) -> None:
        """Remember the newest prompt message (taps on older ones are then outdated)."""
        if message_id is None or not hasattr(item, "prompt_message_id"):
            return
        if (getattr(item, "prompt_message_id", None) or 0) < message_id:
            setattr(item, "prompt_message_id", message_id)  # noqa: B010
            session.add(item)

    # ---- the end -------------------------------------------------------------------------------
    async def close(
        self, session: AsyncSession, items: Sequence[tuple[Due, Item]], now: datetime
    ) -> None:
        """Record what is missing when the question closes (nothing by default)."""


PauseOffer = Callable[[Patient, Schedule, int, str | None], Outgoing]


@dataclass
class Lifecycle(Generic[Item]):
    """The four occurrence kinds of one scheduled question."""

    question: ScheduledQuestion[Item]
    zone_of: Callable[[Patient], str]
    followup_after: timedelta | None = timedelta(hours=3)
    offer_pause: PauseOffer | None = None
    quiet_after: int = QUIET_AFTER
    offer_pause_after: int = OFFER_PAUSE_AFTER
    _handlers: dict[str, OccurrenceHandler] = field(init=False, default_factory=dict)

    def handlers(self) -> dict[str, OccurrenceHandler]:
        """Kind -> handler, for the dispatcher."""
        kinds = self.question.kinds
        return {
            kinds.prompt: _Prompt(self),
            kinds.followup: _Again(self, Moment.FOLLOWUP),
            kinds.snooze: _Again(self, Moment.SNOOZED),
            kinds.close: _Close(self),
        }

    def payload(self, item: Item) -> dict[str, Any]:
        """What the lifecycle's occurrences carry to find the item again."""
        return {self.question.ref: getattr(item, "id")}  # noqa: B009


async def snooze(
    session: AsyncSession,
    *,
    kinds: Kinds,
    ref: dict[str, Any],
    schedule_id: int,
    patient_id: int,
    due: datetime,
    closes: datetime,
    now: datetime,
) -> datetime:
    """Book the prompt again at ``due`` (at the latest a minute before it closes); the instant."""
    if due >= closes:
        due = closes - timedelta(minutes=1)
    due = due.replace(microsecond=0)
    row = occurrence_values(
        schedule_id=schedule_id,
        patient_id=patient_id,
        kind=kinds.snooze,
        due_at=due,
        now=now,
        grace=closes - due,
        payload=ref,
    )
    await add_occurrences(session, [row])
    return due


async def settle(
    session: AsyncSession, *, kinds: Kinds, patient_id: int, ref: dict[str, Any]
) -> None:
    """The question was answered (or skipped): drop its follow-ups and snoozes still waiting."""
    ((key, value),) = ref.items()
    rows = (
        await session.exec(
            select(Occurrence).where(
                col(Occurrence.patient_id) == patient_id,
                col(Occurrence.status) == OccurrenceStatus.PENDING,
                col(Occurrence.kind).in_([kinds.followup, kinds.snooze]),
            )
        )
    ).all()
    for occ in rows:
        if (occ.payload or {}).get(key) == value:
            occ.status = OccurrenceStatus.SKIPPED
            occ.last_error = "superseded"
            session.add(occ)


def _row(
    due: Due,
    kind: str,
    at: datetime,
    closes: datetime | None,
    now: datetime,
    ref: dict[str, Any],
) -> dict[str, Any]:
    assert due.patient.id is not None
    return occurrence_values(
        schedule_id=due.occurrence.schedule_id,
        patient_id=due.patient.id,
        kind=kind,
        due_at=at,
        now=now,
        grace=closes - at if closes is not None else None,
        payload=ref,
    )


@dataclass
class _Prompt(HandlerDefaults, Generic[Item]):
    """The question's prompt: find or make its item, ask if it is open, then book the rest."""

    life: Lifecycle[Item]

    async def prepare(
        self, *, session: AsyncSession, batch: Sequence[Due], now: datetime
    ) -> list[Outgoing | None]:
        """Each open item's prompt."""
        question = self.life.question
        items = await question.open(session, batch, now, asking=True)
        out: list[Outgoing | None] = []
        for due, item in zip(batch, items, strict=True):
            if item is None or not question.is_open(item):
                out.append(None)
                continue
            due.occurrence.payload = {**(due.occurrence.payload or {}), **self.life.payload(item)}
            session.add(due.occurrence)
            out.append(question.render(item, due.patient, Moment.PROMPT))
        return out

    async def sent(self, *, session: AsyncSession, batch: Sequence[Due], now: datetime) -> None:
        """Remember each prompt; book its follow-up (unless in back-off) and its close."""
        question, life = self.life.question, self.life
        items = await question.load(session, batch)
        schedules = await load_by_id(session, Schedule, [d.occurrence.schedule_id for d in batch])
        rows = []
        for due, item in items.items():
            question.shown(session, item, due.message_id)
            closes = question.closes_at(item, due, life.zone_of(due.patient))
            ref = life.payload(item)
            schedule = schedules.get(due.occurrence.schedule_id)
            quiet = schedule is not None and schedule.unanswered >= life.quiet_after
            if life.followup_after is not None and not quiet:
                base = due.occurrence.due_at
                if now - base > LATE_DELIVERY:  # sent late (after downtime): count from now
                    base = now.replace(second=0, microsecond=0)
                followup = base + life.followup_after
                if followup < closes:
                    rows.append(_row(due, question.kinds.followup, followup, closes, now, ref))
            rows.append(_row(due, question.kinds.close, closes, None, now, ref))
        await add_occurrences(session, rows)

    async def missed(self, *, session: AsyncSession, batch: Sequence[Due], now: datetime) -> None:
        """Not sent in time (downtime): the item is still made, and closes as usual."""
        question, life = self.life.question, self.life
        items = await question.open(session, batch, now, asking=False)
        rows = []
        for due, item in zip(batch, items, strict=True):
            if item is None:
                continue
            due.occurrence.payload = {**(due.occurrence.payload or {}), **life.payload(item)}
            session.add(due.occurrence)
            closes = question.closes_at(item, due, life.zone_of(due.patient))
            rows.append(_row(due, question.kinds.close, closes, None, now, life.payload(item)))
        await add_occurrences(session, rows)


@dataclass
class _Again(HandlerDefaults, Generic[Item]):
    """The follow-up and the snoozed prompt: the question again while it is open."""

    life: Lifecycle[Item]
    moment: Moment

    async def prepare(
        self, *, session: AsyncSession, batch: Sequence[Due], now: datetime
    ) -> list[Outgoing | None]:
        """The question again, unless it was answered, has closed or (a follow-up) was touched
        or snoozed meanwhile."""
        question, life = self.life.question, self.life
        items = await question.load(session, batch)
        asking = {
            due: item
            for due, item in items.items()
            if question.is_open(item)
            and question.closes_at(item, due, life.zone_of(due.patient)) > now
        }
        if self.moment is Moment.FOLLOWUP:
            snoozed = await _snoozed(session, question.kinds, question.ref, asking.items())
            asking = {
                due: item
                for due, item in asking.items()
                if question.untouched(item) and getattr(item, "id", None) not in snoozed
            }
        return [
            question.render(asking[due], due.patient, self.moment) if due in asking else None
            for due in batch
        ]

    async def sent(self, *, session: AsyncSession, batch: Sequence[Due], now: datetime) -> None:
        """The new message becomes the prompt; older ones are outdated."""
        question = self.life.question
        for due, item in (await question.load(session, batch)).items():
            question.shown(session, item, due.message_id)


async def _snoozed(
    session: AsyncSession, kinds: Kinds, ref: str, asking: Iterable[tuple[Due, object]]
) -> set[int]:
    """The ids of the items with a snooze waiting or just sent (one query for all)."""
    patients = {due.patient.id for due, _ in asking}
    if not patients:
        return set()
    waiting = (
        await session.exec(
            select(Occurrence).where(
                col(Occurrence.patient_id).in_(patients),
                col(Occurrence.kind) == kinds.snooze,
                col(Occurrence.status).in_([OccurrenceStatus.PENDING, OccurrenceStatus.SENT]),
            )
        )
    ).all()
    return {i for o in waiting if (i := payload_id(o, ref)) is not None}


@dataclass
class _Close(HandlerDefaults, Generic[Item]):
    """The question closes: it records what is missing; the schedule counts the run of
    unanswered prompts, and after a long one the patient is asked, once, whether to pause."""

    life: Lifecycle[Item]

    async def prepare(
        self, *, session: AsyncSession, batch: Sequence[Due], now: datetime
    ) -> list[Outgoing | None]:
        """Close each item; the pause question where a run of unanswered prompts calls for it."""
        question, life = self.life.question, self.life
        items = await question.load(session, batch)
        unanswered = {due for due, item in items.items() if question.untouched(item)}
        await question.close(session, list(items.items()), now)
        schedules = await load_by_id(
            session, Schedule, [d.occurrence.schedule_id for d in batch], lock=True
        )
        out: list[Outgoing | None] = []
        for due in batch:
            schedule = schedules.get(due.occurrence.schedule_id)
            if schedule is None or due not in items:
                out.append(None)
                continue
            if due not in unanswered:
                schedule.unanswered = 0
                schedule.pause_offered_at = None
                session.add(schedule)
                out.append(None)
                continue
            schedule.unanswered += 1
            session.add(schedule)
            offer = (
                life.offer_pause is not None
                and schedule.unanswered >= life.offer_pause_after
                and schedule.pause_offered_at is None
                and schedule.state == ScheduleState.ACTIVE  # not paused or ended meanwhile
            )
            if offer:
                assert life.offer_pause is not None
                schedule.pause_offered_at = now
                name = question.name_of(items[due])
                out.append(life.offer_pause(due.patient, schedule, schedule.unanswered, name))
            else:
                out.append(None)
        return out
