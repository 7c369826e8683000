"""The delivery engine: the database says what is due; this sends it once and records it.

Each wake repeats, until nothing due is left:
1. *materialise* a chunk: active schedules whose ``next_due_at`` has come yield occurrence rows
   under their unique key (schedule, kind, due instant), and the schedules move to their next
   instant (one multi-row insert, one batched update);
2. *claim* a batch of at most ``send_concurrency`` due occurrences (``FOR UPDATE SKIP LOCKED``
   on PostgreSQL, the SQLite write lock otherwise), with their patients, in one query. Those past
   their grace window become ``missed``, those of paused or inactive patients ``skipped``. The
   rest become ``sending`` under a *lease*: this dispatcher's id and an instant, ``lease``
   ahead. Each kind's handler then prepares its share of the batch, loading what it needs in one
   query per table (in a second transaction on PostgreSQL, so that the claim holds no row
   locks while a handler waits for a row a patient's tap holds; in the same one on SQLite);
3. *deliver* the batch through the one rate-limited bot, checking before each send that this
   replica still leads and its lease has not ended; meanwhile the next chunk is materialised
   and the next batch claimed, so the first prompt of a large burst leaves at once;
4. *record* the batch: one statement marks the sent rows with their Telegram message ids, and
   each kind's handler books what follows (follow-ups, closes) for its share at once;
5. *re-arm*: APScheduler is told the next instant anything is due.

Delivery is at-least-once, in two windows, because the Bot API has no idempotency key:
- a crash between a send and its record leaves the row ``sending``; once its lease has ended
  (at once on SQLite, where the file lock proves the previous process is gone) it is sent
  again. At most one batch (``send_concurrency`` messages) is in that window at any time;
- a send whose outcome is unknown (no answer within the read timeout, or the connection
  dropped after the request went out) may have been delivered; it is logged with the
  occurrence id, counted in ``WakeStats.unknown``, and sent again.

A replica that stops leading (its lock connection ended) sends nothing more: sends already in
flight finish and are recorded, the rest of its batch is put back to ``pending``. A stopping bot
(SIGTERM) does the same after the batch in flight, leaving the backlog pending for the next start.
Work per wake grows with what is due (indexed queries), never with the number of patients.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar, Protocol

import httpx
from sqlalchemy import case, func, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Bot, InlineKeyboardMarkup, ReplyKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from service.db.engine import Database
from service.db.models import Occurrence, OccurrenceStatus, Patient, Schedule, ScheduleState
from service.domain.clock import Clock
from service.domain.recurrence import Recurrence, next_after
from service.scheduling.leader import Leadership
from service.scheduling.occurrences import add_occurrences, occurrence_values
from service.transport.limits import broadcast_options

log = logging.getLogger(__name__)

BACKFILL = timedelta(days=7)  # after a long stop, record at most this much history as missed
MAX_BACKOFF = timedelta(minutes=5)
LEASE = timedelta(seconds=30)  # how long a claim holds: well above one batch's sends
SEND_READ_TIMEOUT = 20.0  # seconds to wait for Telegram's answer to a send (PTB's default: 5)
MATERIALISE_CHUNK = 200  # schedules per materialising transaction


@dataclass
class Outgoing:
    """A message an occurrence sends."""

    text: str
    reply_markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | None = None
    #: Another recipient than the patient (a caregiver); a block by them does not mark the
    #: patient inactive.
    chat_id: int | None = None


@dataclass(eq=False)
class Due:
    """One occurrence of a batch with its patient; ``message_id`` once it was sent."""

    occurrence: Occurrence
    patient: Patient
    message_id: int | None = None


class OccurrenceHandler(Protocol):
    """What a feature provides for one occurrence kind. Each method gets the batch's
    occurrences of that kind (with their patients) and loads what it needs for all of them at
    once: one query per table, not one per occurrence.

    A handler with a true ``urgent`` attribute is sent even while the patient has paused their
    reminders (an alert to a caregiver that a warning sign was ticked)."""

    async def prepare(
        self, *, session: AsyncSession, batch: Sequence[Due], now: datetime
    ) -> Sequence[Outgoing | None]:
        """Build each message (may write), in the batch's order; None means nothing to send
        (recorded as skipped)."""

    async def sent(self, *, session: AsyncSession, batch: Sequence[Due], now: datetime) -> None:
        """Record what follows the deliveries (e.g. each prompt's message id, its follow-up);
        ``Due.message_id`` holds each Telegram message id."""

    async def missed(self, *, session: AsyncSession, batch: Sequence[Due], now: datetime) -> None:
        """Record that the grace window passed without a delivery."""


class HandlerDefaults:
    """Defaults for occurrence handlers: nothing to record after a send or a miss.

    Feature handlers inherit this and override only what they need.
    """

    async def sent(self, *, session: AsyncSession, batch: Sequence[Due], now: datetime) -> None:
        """Nothing to record after the sends."""

    async def missed(self, *, session: AsyncSession, batch: Sequence[Due], now: datetime) -> None:
        """Nothing to record when the grace window passed."""


class PerOccurrence(HandlerDefaults):
    """For a kind whose preparation reads much per patient and is never a burst (a weekly
    summary): the batch methods call ``prepare_one`` / ``sent_one`` / ``missed_one`` for each
    occurrence in turn, each loading what it needs."""

    async def prepare(
        self, *, session: AsyncSession, batch: Sequence[Due], now: datetime
    ) -> list[Outgoing | None]:
        """Each occurrence's message, one at a time."""
        return [
            await self.prepare_one(
                session=session, occurrence=due.occurrence, patient=due.patient, now=now
            )
            for due in batch
        ]

    async def prepare_one(
        self, *, session: AsyncSession, occurrence: Occurrence, patient: Patient, now: datetime
    ) -> Outgoing | None:
        """One occurrence's message; None means nothing to send."""
        raise NotImplementedError

    async def sent(self, *, session: AsyncSession, batch: Sequence[Due], now: datetime) -> None:
        """What follows each delivery, one at a time."""
        for due in batch:
            await self.sent_one(
                session=session,
                occurrence=due.occurrence,
                patient=due.patient,
                message_id=due.message_id,
                now=now,
            )

    async def sent_one(
        self,
        *,
        session: AsyncSession,
        occurrence: Occurrence,
        patient: Patient,
        message_id: int | None,
        now: datetime,
    ) -> None:
        """What follows one delivery (nothing by default)."""

    async def missed(self, *, session: AsyncSession, batch: Sequence[Due], now: datetime) -> None:
        """Each missed occurrence, one at a time."""
        for due in batch:
            await self.missed_one(
                session=session, occurrence=due.occurrence, patient=due.patient, now=now
            )

    async def missed_one(
        self, *, session: AsyncSession, occurrence: Occurrence, patient: Patient, now: datetime
    ) -> None:
        """One missed occurrence (nothing by default)."""


@dataclass
class WakeStats:
    """What one ``run_due`` did (for logs, tests and benchmarks)."""

    materialised: int = 0
    sent: int = 0
    missed: int = 0
    skipped: int = 0
    failed: int = 0
    retried: int = 0
    unknown: int = 0  # sends whose outcome is unknown (may have been delivered; sent again)
    next_wake: datetime | None = None

    COUNTERS: ClassVar[tuple[str, ...]] = (
        "materialised",
        "sent",
        "missed",
        "skipped",
        "failed",
        "retried",
        "unknown",
    )

    def add(self, other: WakeStats) -> None:
        """Add another wake's counts to these."""
        for name in self.COUNTERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.next_wake = other.next_wake

    def minus(self, other: WakeStats) -> WakeStats:
        """The counts done since ``other`` was copied."""
        diff = WakeStats(next_wake=self.next_wake)
        for name in self.COUNTERS:
            setattr(diff, name, getattr(self, name) - getattr(other, name))
        return diff

    def copy(self) -> WakeStats:
        """A snapshot."""
        return self.minus(WakeStats())


def is_paused(patient: Patient, now: datetime, kind: str | None = None) -> bool:
    """True while the patient has paused reminders (of ``kind``: unless the pause spares it)."""
    if not patient.paused or (kind is not None and kind in (patient.paused_except or ())):
        return False
    return patient.paused_until is None or now < patient.paused_until


def recurrence_of(schedule: Schedule) -> Recurrence:
    """The domain recurrence a schedule row describes."""
    return Recurrence(rule=schedule.rule, start_local=schedule.start_local, zone=schedule.timezone)


# Transport errors after which Telegram may have carried the request out: the answer did not
# come in time, or the connection broke after the request was written. (Not: the connection
# was never made, or the pool had no free connection; then nothing was sent.)
_UNKNOWN_OUTCOME = (
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)


def outcome_unknown(exc: BaseException) -> bool:
    """True if a Bot API call failed in a way that leaves unknown whether Telegram did it."""
    if not isinstance(exc, NetworkError) or isinstance(exc, BadRequest):
        return False
    return isinstance(exc.__cause__, _UNKNOWN_OUTCOME)


def _default_owner() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


SENT, FAILED, RETRY, UNSENT = "sent", "failed", "retry", "unsent"


class _TakeFailed(Exception):
    """Claiming or preparing a batch failed; ``rows`` occurrences were involved."""

    def __init__(self, rows: int) -> None:
        super().__init__(rows)
        self.rows = rows


@dataclass(eq=False)
class _Job:
    """A claimed occurrence on its way out, and what became of it."""

    due: Due
    handler: OccurrenceHandler
    outgoing: Outgoing
    lease_until: datetime
    result: str = UNSENT
    error: str = ""
    deactivate: bool = False
    retry_after: timedelta | None = None

    @property
    def id(self) -> int:
        assert self.due.occurrence.id is not None
        return self.due.occurrence.id


@dataclass
class Dispatcher:
    """Turns schedules into occurrences and delivers them through one bot."""

    db: Database
    clock: Clock
    bot: Bot
    handlers: Mapping[str, OccurrenceHandler]
    arm: Callable[[datetime | None], None] = lambda _when: None
    send_concurrency: int = 16  # messages in flight at once, and the size of a claimed batch
    materialise_chunk: int = MATERIALISE_CHUNK
    lease: timedelta = LEASE
    send_read_timeout: float = SEND_READ_TIMEOUT
    leadership: Leadership | None = None
    running: Callable[[], bool] = lambda: True  # False once the application is stopping
    owner: str = field(default_factory=_default_owner)
    totals: WakeStats = field(default_factory=lambda: WakeStats())
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _stopped: bool = False

    # ---- lifecycle ---------------------------------------------------------------------------
    def stop(self) -> None:
        """Send nothing more: the batch in flight is recorded, the rest stays pending."""
        self._stopped = True

    @property
    def stopping(self) -> bool:
        """True once this dispatcher must not start another send."""
        if self._stopped or not self.running():
            return True
        return self.leadership is not None and not self.leadership.leading()

    async def recover(self) -> int:
        """At start-up: occurrences left ``sending`` by a process that is gone go back to
        ``pending``. On PostgreSQL only those whose lease has ended: another replica may be
        sending the others right now. On SQLite all of them: the file lock held by ``hfsbot
        run`` proves that no other process is running."""
        now = self.clock.now()
        where = [col(Occurrence.status) == OccurrenceStatus.SENDING]
        if not self.db.is_sqlite:
            where.append(
                or_(col(Occurrence.lease_until).is_(None), col(Occurrence.lease_until) <= now)
            )
        async with self.db.transaction() as session:
            result = await session.exec(
                update(Occurrence)
                .where(*where)
                .values(
                    status=OccurrenceStatus.PENDING,
                    lease_owner=None,
                    lease_until=None,
                    attempt_at=now,
                )
            )
            count = int(result.rowcount or 0)
        if count:
            log.warning("recovered %d occurrence(s) interrupted while sending", count)
        return count

    async def next_wake(self) -> datetime | None:
        """The earliest instant anything is due, or a lease ends (one statement, three
        indexed MINs)."""
        sched = (
            select(func.min(Schedule.next_due_at))
            .where(col(Schedule.state) == ScheduleState.ACTIVE)
            .scalar_subquery()
        )

        def earliest(status: OccurrenceStatus) -> Any:
            return (
                select(func.min(Occurrence.attempt_at))
                .where(col(Occurrence.status) == status)
                .scalar_subquery()
            )

        async with self.db.transaction() as session:
            row = (
                await session.exec(
                    select(
                        sched,
                        earliest(OccurrenceStatus.PENDING),
                        earliest(OccurrenceStatus.SENDING),
                    )
                )
            ).one()
        candidates = [x for x in row if x is not None]
        return min(candidates) if candidates else None

    async def rearm(self) -> datetime | None:
        """Tell the clock (APScheduler) when to wake next."""
        when = await self.next_wake()
        self.arm(when)
        return when

    # ---- one wake ------------------------------------------------------------------------------
    async def run_due(self) -> WakeStats:
        """Process everything due now; wakes run one at a time, so calling it is always safe."""
        stats = WakeStats()
        async with self._lock:
            try:
                await self._pump(self.clock.now(), stats)
                if not self.stopping:
                    stats.next_wake = await self.rearm()
            finally:
                self.totals.add(stats)
        return stats

    async def _pump(self, now: datetime, stats: WakeStats) -> None:
        """Materialise, claim, send and record batch after batch; the next batch is claimed
        while the current one is being sent, and sent only once that one is recorded."""
        schedules_left = True
        first_claim = True

        async def next_batch() -> list[_Job]:
            nonlocal schedules_left, first_claim
            while not self.stopping:
                if schedules_left:
                    schedules_left = await self._materialise(now, stats) >= self.materialise_chunk
                if not await self._still_leading():
                    return []
                taken, jobs = await self._claim_batch(now, stats, reclaim=first_claim)
                first_claim = False
                if jobs:
                    return jobs
                if not taken and not schedules_left:
                    return []
            return []

        jobs = await next_batch()
        while jobs:
            sending = asyncio.create_task(self._send_and_record(jobs, stats))
            try:
                upcoming = await next_batch()
            finally:
                await sending
            if upcoming and self.stopping:
                await self._record(upcoming, stats, follow_up=False)  # all unsent: put back
                upcoming = []
            jobs = upcoming

    async def _still_leading(self) -> bool:
        if self.leadership is None:
            return True
        return await self.leadership.still_leading()

    # ---- materialise ---------------------------------------------------------------------------
    async def _materialise(self, now: datetime, stats: WakeStats) -> int:
        """Turn one chunk of due schedules into occurrences; the number of schedules moved."""
        async with self.db.transaction() as session:
            rows = (
                await session.exec(
                    select(Schedule)
                    .where(
                        col(Schedule.state) == ScheduleState.ACTIVE,
                        col(Schedule.next_due_at) <= now,
                    )
                    .order_by(col(Schedule.next_due_at))
                    .limit(self.materialise_chunk)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            values: list[dict[str, Any]] = []
            for schedule in rows:
                rec = recurrence_of(schedule)
                due = schedule.next_due_at
                grace = timedelta(minutes=schedule.grace_minutes)
                while due is not None and due <= now:
                    if due >= now - BACKFILL:
                        assert schedule.id is not None
                        values.append(
                            occurrence_values(
                                schedule_id=schedule.id,
                                patient_id=schedule.patient_id,
                                kind=schedule.kind,
                                due_at=due,
                                now=now,
                                grace=grace,
                                payload=schedule.payload,
                            )
                        )
                    due = next_after(rec, max(due, now - BACKFILL))
                schedule.next_due_at = due
                if due is None:
                    schedule.state = ScheduleState.ENDED
                session.add(schedule)
            stats.materialised += await add_occurrences(session, values)
        return len(rows)

    # ---- claim and prepare ---------------------------------------------------------------------
    async def _claim_batch(
        self, now: datetime, stats: WakeStats, *, reclaim: bool
    ) -> tuple[int, list[_Job]]:
        """Claim one batch and prepare it; (rows taken, jobs to send). If that fails, the
        occurrences are taken one by one, and one that still fails is put back with a backoff,
        so one bad occurrence never holds up the others."""
        try:
            return await self._take(now, stats, self.send_concurrency, reclaim)
        except _TakeFailed as failed:
            if failed.rows <= 1:
                return failed.rows, []
            log.warning("taking the occurrences one by one after a failed batch")
            rows = failed.rows
        count, jobs = 0, list[_Job]()
        for _ in range(rows):
            try:
                n, found = await self._take(now, stats, 1, False)
            except _TakeFailed as failed:
                n, found = failed.rows, []
            if not n:
                break
            count, jobs = count + n, jobs + found
        return count, jobs

    async def _take(
        self, now: datetime, stats: WakeStats, limit: int, reclaim: bool
    ) -> tuple[int, list[_Job]]:
        """Claim and prepare at most ``limit`` occurrences.

        On PostgreSQL the claim commits before any feature code runs, as its own short
        transaction, so that it never holds occurrence rows while a handler waits for a
        check-in or dose row that a patient's tap holds (taps lock those first, then
        occurrences). SQLite has no row locks (one writer at a time): there both happen in one
        transaction."""
        taken: list[int] = []
        local = WakeStats()
        together = self.db.is_sqlite
        try:
            count, claimed, jobs = await self._claim(now, local, limit, taken, reclaim, together)
        except Exception:
            log.exception("claiming occurrence(s) %s failed", taken)
            if len(taken) == 1:
                await self._back_off(taken, stats, claimed=False)
            raise _TakeFailed(len(taken)) from None
        stats.add(local)
        if together or not claimed:
            return count, jobs
        local = WakeStats()
        ids = [due.occurrence.id for due in claimed if due.occurrence.id is not None]
        try:
            async with self.db.transaction() as session:
                for due in claimed:  # the claim's rows, as they were committed
                    session.add(due.occurrence)
                    session.add(due.patient)
                jobs = await self._prepare(session, claimed, local)
        except Exception:  # (the claimed objects are expired now: only the ids are used)
            log.exception("preparing occurrence(s) %s failed", ids)
            if len(ids) == 1:
                await self._back_off(ids, stats, claimed=True)
            else:
                await self._put_back(ids, attempt_at=now)
            raise _TakeFailed(len(ids)) from None
        stats.add(local)
        return count, jobs

    async def _claim(
        self,
        now: datetime,
        stats: WakeStats,
        limit: int,
        taken: list[int],
        reclaim: bool,
        prepare: bool,
    ) -> tuple[int, list[Due], list[_Job]]:
        """Take due occurrences with their patients: record the missed and skipped ones, lease
        the rest to this dispatcher, and (if ``prepare``) prepare those in the same
        transaction; (rows taken, the leased ones, their jobs if prepared)."""
        async with self.db.transaction() as session:
            if reclaim:
                # Leases that ended: their claimer is gone or was fenced off; send them again.
                await session.exec(
                    update(Occurrence)
                    .where(
                        col(Occurrence.status) == OccurrenceStatus.SENDING,
                        col(Occurrence.attempt_at) <= now,
                    )
                    .values(status=OccurrenceStatus.PENDING, lease_owner=None, lease_until=None)
                )
            rows = (
                await session.exec(
                    select(Occurrence, Patient)
                    .join(Patient, col(Patient.id) == col(Occurrence.patient_id))
                    .where(
                        col(Occurrence.status) == OccurrenceStatus.PENDING,
                        col(Occurrence.attempt_at) <= now,
                    )
                    .order_by(col(Occurrence.attempt_at))
                    .limit(limit)
                    .with_for_update(skip_locked=True, of=Occurrence)
                )
            ).all()
            taken += [occ.id for occ, _ in rows if occ.id is not None]
            if not rows:
                return 0, [], []
            lease_until = self.clock.now() + self.lease
            claimed: list[Due] = []
            to_miss: dict[str, list[Due]] = {}
            for occ, patient in rows:
                handler = self.handlers.get(occ.kind)
                if handler is None:
                    occ.status = OccurrenceStatus.FAILED
                    occ.last_error = f"no handler for kind {occ.kind!r}"
                    stats.failed += 1
                elif occ.grace_until is not None and now > occ.grace_until:
                    occ.status = OccurrenceStatus.MISSED
                    to_miss.setdefault(occ.kind, []).append(Due(occ, patient))
                    stats.missed += 1
                elif not patient.active or (
                    is_paused(patient, now, occ.kind) and not getattr(handler, "urgent", False)
                ):
                    occ.status = OccurrenceStatus.SKIPPED
                    occ.last_error = "paused" if patient.active else "inactive"
                    stats.skipped += 1
                else:
                    occ.status = OccurrenceStatus.SENDING
                    occ.attempts += 1
                    occ.lease_owner = self.owner
                    occ.lease_until = lease_until
                    occ.attempt_at = lease_until  # may be tried again once the lease ends
                    claimed.append(Due(occ, patient))
                session.add(occ)
            for kind, batch in to_miss.items():
                await self.handlers[kind].missed(session=session, batch=batch, now=now)
            jobs = await self._prepare(session, claimed, stats) if prepare else []
            return len(rows), claimed, jobs

    async def _prepare(
        self, session: AsyncSession, claimed: list[Due], stats: WakeStats
    ) -> list[_Job]:
        """Let each kind's handler build its share of the messages; those with nothing to
        send are recorded as skipped."""
        prepared_at = self.clock.now()
        by_kind: dict[str, list[Due]] = {}
        for due in claimed:
            by_kind.setdefault(due.occurrence.kind, []).append(due)
        jobs: list[_Job] = []
        for kind, batch in by_kind.items():
            handler = self.handlers[kind]
            messages = await handler.prepare(session=session, batch=batch, now=prepared_at)
            for due, outgoing in zip(batch, messages, strict=True):
                occ = due.occurrence
                if outgoing is None:
                    occ.status = OccurrenceStatus.SKIPPED
                    occ.lease_owner = occ.lease_until = None
                    session.add(occ)
                    stats.skipped += 1
                else:
                    assert occ.lease_until is not None
                    jobs.append(_Job(due, handler, outgoing, occ.lease_until))
        return jobs

    async def _put_back(self, ids: list[int], *, attempt_at: datetime) -> None:
        """Claimed occurrences that were not attempted: pending again, as they were."""
        async with self.db.transaction() as session:
            await session.exec(self._put_back_statement(ids, attempt_at))

    def _put_back_statement(self, ids: list[int], attempt_at: datetime) -> Any:
        return (
            update(Occurrence)
            .where(col(Occurrence.id).in_(ids), *self._mine())
            .values(
                status=OccurrenceStatus.PENDING,
                attempt_at=attempt_at,
                attempts=col(Occurrence.attempts) - 1,
                lease_owner=None,
                lease_until=None,
            )
        )

    def _mine(self) -> list[Any]:
        """Rows this dispatcher holds a lease on (a lease another has taken over is not)."""
        return [
            col(Occurrence.status) == OccurrenceStatus.SENDING,
            col(Occurrence.lease_owner) == self.owner,
        ]

    async def _back_off(self, ids: list[int], stats: WakeStats, *, claimed: bool) -> None:
        """Put occurrences that could not be prepared back to pending, a while later."""
        now = self.clock.now()
        async with self.db.transaction() as session:
            where = (
                self._mine() if claimed else [col(Occurrence.status) == OccurrenceStatus.PENDING]
            )
            rows = (
                await session.exec(select(Occurrence).where(col(Occurrence.id).in_(ids), *where))
            ).all()
            for occ in rows:
                if not claimed:
                    occ.attempts += 1
                backoff = timedelta(seconds=2 ** min(occ.attempts, 10))
                occ.status = OccurrenceStatus.PENDING
                occ.attempt_at = now + min(MAX_BACKOFF, backoff)
                occ.last_error = "internal error"
                occ.lease_owner = occ.lease_until = None
                session.add(occ)
        stats.retried += len(ids)

    # ---- deliver and record --------------------------------------------------------------------
    async def _send_and_record(self, jobs: list[_Job], stats: WakeStats) -> None:
        await asyncio.gather(*(self._send(job, stats) for job in jobs))
        try:
            await self._record(jobs, stats, follow_up=True)
        except Exception:
            # The messages are out: record them as sent even if the follow-up bookkeeping
            # failed, so that none is sent twice.
            log.exception("after-send bookkeeping for occurrences %s failed", [j.id for j in jobs])
            await self._record(jobs, stats, follow_up=False)

    async def _send(self, job: _Job, stats: WakeStats) -> None:
        """One send, unless this replica stopped leading or the lease has ended meanwhile."""
        if self.stopping or self.clock.now() >= job.lease_until:
            return  # UNSENT: back to pending, for whoever leads
        outgoing = job.outgoing
        try:
            message = await self.bot.send_message(
                chat_id=outgoing.chat_id or job.due.patient.chat_id,
                text=outgoing.text,
                reply_markup=outgoing.reply_markup,
                read_timeout=self.send_read_timeout,
                **broadcast_options(self.bot),  # paid broadcasts, when the operator turned them on
            )
        except Forbidden as exc:  # blocked by the patient: stop writing to them
            job.result, job.error, job.deactivate = FAILED, str(exc), outgoing.chat_id is None
        except BadRequest as exc:
            job.result, job.error = FAILED, str(exc)
            job.deactivate = outgoing.chat_id is None and "chat not found" in str(exc).lower()
        except RetryAfter as exc:
            after = exc.retry_after
            job.result, job.error = RETRY, str(exc)
            job.retry_after = after if isinstance(after, timedelta) else timedelta(seconds=after)
        except (TimedOut, NetworkError) as exc:
            if outcome_unknown(exc):
                stats.unknown += 1
                log.warning(
                    "occurrence %s: outcome unknown (%s after the request went out): "
                    "Telegram may have delivered it; it will be sent again",
                    job.id,
                    type(exc.__cause__).__name__,
                )
            job.result, job.error = RETRY, str(exc) or type(exc).__name__
        except Exception as exc:  # one bad occurrence must not stop the others
            log.exception("delivering occurrence %s failed", job.id)
            job.result, job.error = RETRY, f"internal error: {type(exc).__name__}"
        else:
            job.result = SENT
            job.due.message_id = message.message_id

    async def _record(self, jobs: list[_Job], stats: WakeStats, *, follow_up: bool) -> None:
        """One transaction for a sent batch: mark the sent rows in one statement and let each
        kind's handler book what follows; put failures and unsent rows where they belong."""
        now = self.clock.now()
        by_result: dict[str, list[_Job]] = {SENT: [], FAILED: [], RETRY: [], UNSENT: []}
        for job in jobs:
            by_result[job.result].append(job)
        sent, failed = by_result[SENT], by_result[FAILED]
        retry, unsent = by_result[RETRY], by_result[UNSENT]
        async with self.db.transaction() as session:
            if sent:
                ids = [j.id for j in sent]
                message_ids = {j.id: j.due.message_id for j in sent}
                result = await session.exec(
                    update(Occurrence)
                    .where(col(Occurrence.id).in_(ids))
                    .values(
                        status=OccurrenceStatus.SENT,
                        sent_at=now,
                        message_id=case(message_ids, value=col(Occurrence.id)),
                        lease_owner=None,
                        lease_until=None,
                    )
                    .returning(col(Occurrence.id))
                )
                alive = set(result.scalars().all())  # a patient may have deleted their data
                if follow_up:
                    by_kind: dict[str, list[_Job]] = {}
                    for job in sent:
                        if job.id in alive:
                            by_kind.setdefault(job.due.occurrence.kind, []).append(job)
                    for group in by_kind.values():
                        await group[0].handler.sent(
                            session=session, batch=[j.due for j in group], now=now
                        )
            if failed:
                for job in failed:
                    await session.exec(
                        update(Occurrence)
                        .where(col(Occurrence.id) == job.id)
                        .values(
                            status=OccurrenceStatus.FAILED,
                            last_error=job.error[:300],
                            lease_owner=None,
                            lease_until=None,
                        )
                    )
                blocked = {j.due.patient.id for j in failed if j.deactivate}
                if blocked:
                    await session.exec(
                        update(Patient).where(col(Patient.id).in_(blocked)).values(active=False)
                    )
            mine = self._mine()
            for job in retry:
                attempts = job.due.occurrence.attempts
                delay = job.retry_after or min(
                    MAX_BACKOFF, timedelta(seconds=2 ** min(attempts, 10))
                )
                await session.exec(
                    update(Occurrence)
                    .where(col(Occurrence.id) == job.id, *mine)
                    .values(
                        status=OccurrenceStatus.PENDING,
                        attempt_at=now + delay,
                        last_error=job.error[:300],
                        lease_owner=None,
                        lease_until=None,
                    )
                )
            if unsent:  # never attempted: back to pending as they were
                await session.exec(self._put_back_statement([j.id for j in unsent], now))
        stats.sent += len(sent)
        stats.failed += len(failed)
        stats.retried += len(retry)


async def set_schedule(
    session: AsyncSession,
    *,
    schedule: Schedule,
    now: datetime,
) -> Schedule:
    """(Re)compute a schedule's next due instant from now and save it."""
    active = schedule.state == ScheduleState.ACTIVE
    schedule.next_due_at = next_after(recurrence_of(schedule), now) if active else None
    if active and schedule.next_due_at is None:
        schedule.state = ScheduleState.ENDED
    session.add(schedule)
    return schedule


Arm = Callable[[datetime | None], None]
Poke = Callable[[], Awaitable[Any]]
