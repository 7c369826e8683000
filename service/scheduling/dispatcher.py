"""The delivery engine: the database says what is due; this sends it once and records it.

Each wake:
1. *materialise*: every active schedule whose ``next_due_at`` has come yields an occurrence row
   under its unique key (schedule, kind, due instant), and the schedule moves to its next instant;
2. *claim*: due occurrences are taken (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, the SQLite write
   lock otherwise); those past their grace window become ``missed``, those of paused or inactive
   patients ``skipped``, the rest ``sending``;
3. *deliver*: the occurrence's kind handler builds the message, it goes out through the one
   rate-limited bot, and the row is marked ``sent`` with the Telegram message id;
4. *re-arm*: APScheduler is told the next instant anything is due.

Delivery is at-least-once: a crash between sending and marking leaves the row ``sending``, and
start-up puts it back to ``pending`` so it is sent again (the Bot API has no idempotency key).
Work per wake grows with what is due (indexed queries), never with the number of patients.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar, Protocol

from sqlalchemy import func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Bot, InlineKeyboardMarkup, ReplyKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from service.db.engine import Database
from service.db.models import Occurrence, OccurrenceStatus, Patient, Schedule
from service.domain.clock import Clock
from service.domain.recurrence import Recurrence, next_after
from service.scheduling.occurrences import add_occurrence

log = logging.getLogger(__name__)

BACKFILL = timedelta(days=7)  # after a long stop, record at most this much history as missed
MAX_BACKOFF = timedelta(minutes=5)


@dataclass
class Outgoing:
    """A message an occurrence sends."""

    text: str
    reply_markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | None = None


class OccurrenceHandler(Protocol):
    """What a feature provides for one occurrence kind."""

    async def prepare(
        self, *, session: AsyncSession, occurrence: Occurrence, patient: Patient, now: datetime
    ) -> Outgoing | None:
        """Build the message (may write); None means nothing to send (recorded as skipped)."""

    async def sent(
        self,
        *,
        session: AsyncSession,
        occurrence: Occurrence,
        patient: Patient,
        message_id: int | None,
        now: datetime,
    ) -> None:
        """Record what follows a delivery (e.g. the prompt's message id, a follow-up)."""

    async def missed(
        self, *, session: AsyncSession, occurrence: Occurrence, patient: Patient, now: datetime
    ) -> None:
        """Record that the grace window passed without a delivery."""


class HandlerDefaults:
    """Defaults for occurrence handlers: nothing to record after a send or a miss.

    Feature handlers inherit this and override only what they need.
    """

    async def sent(
        self,
        *,
        session: AsyncSession,
        occurrence: Occurrence,
        patient: Patient,
        message_id: int | None,
        now: datetime,
    ) -> None:
        """Nothing to record after the send."""

    async def missed(
        self, *, session: AsyncSession, occurrence: Occurrence, patient: Patient, now: datetime
    ) -> None:
        """Nothing to record when the grace window passed."""


@dataclass
class WakeStats:
    """What one ``run_due`` did (for logs, tests and benchmarks)."""

    materialised: int = 0
    sent: int = 0
    missed: int = 0
    skipped: int = 0
    failed: int = 0
    retried: int = 0
    next_wake: datetime | None = None

    COUNTERS: ClassVar[tuple[str, ...]] = (
        "materialised",
        "sent",
        "missed",
        "skipped",
        "failed",
        "retried",
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


def is_paused(patient: Patient, now: datetime) -> bool:
    """True while the patient has paused reminders."""
    if not patient.paused:
        return False
    return patient.paused_until is None or now < patient.paused_until


def recurrence_of(schedule: Schedule) -> Recurrence:
    """The domain recurrence a schedule row describes."""
    return Recurrence(rule=schedule.rule, start_local=schedule.start_local, zone=schedule.timezone)


@dataclass
class Dispatcher:
    """Turns schedules into occurrences and delivers them through one bot."""

    db: Database
    clock: Clock
    bot: Bot
    handlers: Mapping[str, OccurrenceHandler]
    arm: Callable[[datetime | None], None] = lambda _when: None
    batch_size: int = 500
    send_concurrency: int = 16
    totals: WakeStats = field(default_factory=lambda: WakeStats())
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    # ---- lifecycle ---------------------------------------------------------------------------
    async def recover(self) -> int:
        """At start-up: occurrences left ``sending`` by a crash go back to ``pending``."""
        async with self.db.transaction() as session:
            result = await session.exec(
                update(Occurrence)
                .where(col(Occurrence.status) == OccurrenceStatus.SENDING)
                .values(status=OccurrenceStatus.PENDING)
            )
            count = int(result.rowcount or 0)
        if count:
            log.warning("recovered %d occurrence(s) interrupted while sending", count)
        return count

    async def next_wake(self) -> datetime | None:
        """The earliest instant anything is due (two indexed MIN queries)."""
        async with self.db.transaction() as session:
            sched = (
                await session.exec(
                    select(func.min(Schedule.next_due_at)).where(col(Schedule.active))
                )
            ).one()
            occ = (
                await session.exec(
                    select(func.min(Occurrence.attempt_at)).where(
                        col(Occurrence.status) == OccurrenceStatus.PENDING
                    )
                )
            ).one()
        candidates = [x for x in (sched, occ) if x is not None]
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
            now = self.clock.now()
            while await self._materialise(now, stats):
                pass
            while claimed := await self._claim(now, stats):
                await self._deliver_all(claimed, stats)
            stats.next_wake = await self.rearm()
            self.totals.add(stats)
        return stats

    async def _materialise(self, now: datetime, stats: WakeStats) -> int:
        """Turn one batch of due schedules into occurrences; the number of schedules moved."""
        async with self.db.transaction() as session:
            rows = (
                await session.exec(
                    select(Schedule)
                    .where(col(Schedule.active), col(Schedule.next_due_at) <= now)
                    .order_by(col(Schedule.next_due_at))
                    .limit(self.batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            for schedule in rows:
                rec = recurrence_of(schedule)
                due = schedule.next_due_at
                grace = timedelta(minutes=schedule.grace_minutes)
                while due is not None and due <= now:
                    if due >= now - BACKFILL:
                        assert schedule.id is not None
                        stats.materialised += await add_occurrence(
                            session,
                            schedule_id=schedule.id,
                            patient_id=schedule.patient_id,
                            kind=schedule.kind,
                            due_at=due,
                            now=now,
                            grace=grace,
                            payload=schedule.payload,
                        )
                    due = next_after(rec, max(due, now - BACKFILL))
                schedule.next_due_at = due
                if due is None:
                    schedule.active = False
                session.add(schedule)
        return len(rows)

    async def _claim(self, now: datetime, stats: WakeStats) -> list[int]:
        async with self.db.transaction() as session:
            rows = (
                await session.exec(
                    select(Occurrence)
                    .where(
                        col(Occurrence.status) == OccurrenceStatus.PENDING,
                        col(Occurrence.attempt_at) <= now,
                    )
                    .order_by(col(Occurrence.attempt_at), col(Occurrence.id))
                    .limit(self.batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            if not rows:
                return []
            patient_ids = {o.patient_id for o in rows}
            patients = {
                p.id: p
                for p in (
                    await session.exec(select(Patient).where(col(Patient.id).in_(patient_ids)))
                ).all()
            }
            claimed: list[int] = []
            for occ in rows:
                patient = patients[occ.patient_id]
                handler = self.handlers.get(occ.kind)
                if handler is None:
                    occ.status = OccurrenceStatus.FAILED
                    occ.last_error = f"no handler for kind {occ.kind!r}"
                    stats.failed += 1
                elif occ.grace_until is not None and now > occ.grace_until:
                    occ.status = OccurrenceStatus.MISSED
                    await handler.missed(session=session, occurrence=occ, patient=patient, now=now)
                    stats.missed += 1
                elif not patient.active or is_paused(patient, now):
                    occ.status = OccurrenceStatus.SKIPPED
                    occ.last_error = "paused" if patient.active else "inactive"
                    stats.skipped += 1
                else:
                    occ.status = OccurrenceStatus.SENDING
                    occ.attempts += 1
                    assert occ.id is not None
                    claimed.append(occ.id)
                session.add(occ)
            return claimed

    async def _deliver_all(self, ids: list[int], stats: WakeStats) -> None:
        gate = asyncio.Semaphore(self.send_concurrency)

        async def one(occ_id: int) -> None:
            async with gate:
                try:
                    await self._deliver(occ_id, stats)
                except Exception:  # one bad occurrence must not stop the others
                    log.exception("delivering occurrence %s failed", occ_id)
                    await self._release(occ_id, "internal error", stats, retry=True)

        await asyncio.gather(*(one(i) for i in ids))

    async def _deliver(self, occ_id: int, stats: WakeStats) -> None:
        now = self.clock.now()
        async with self.db.transaction() as session:
            occ = await session.get(Occurrence, occ_id)
            patient = await session.get(Patient, occ.patient_id) if occ else None
            if occ is None or patient is None:
                return  # the patient deleted their data meanwhile
            handler = self.handlers[occ.kind]
            outgoing = await handler.prepare(
                session=session, occurrence=occ, patient=patient, now=now
            )
            if outgoing is None:
                occ.status = OccurrenceStatus.SKIPPED
                session.add(occ)
                stats.skipped += 1
                return
            chat_id = patient.chat_id
        try:
            message = await self.bot.send_message(
                chat_id=chat_id, text=outgoing.text, reply_markup=outgoing.reply_markup
            )
        except Forbidden as exc:  # blocked by the patient: stop writing to them
            await self._give_up(occ_id, str(exc), stats, deactivate=True)
            return
        except BadRequest as exc:
            deactivate = "chat not found" in str(exc).lower()
            await self._give_up(occ_id, str(exc), stats, deactivate=deactivate)
            return
        except RetryAfter as exc:
            await self._release(occ_id, str(exc), stats, retry=True, after=exc.retry_after)
            return
        except (TimedOut, NetworkError) as exc:
            await self._release(occ_id, str(exc), stats, retry=True)
            return
        stats.sent += 1
        try:
            await self._mark_sent(occ_id, message.message_id, handler, follow_up=True)
        except Exception:
            # The message is out: record it as sent even if the follow-up bookkeeping failed,
            # so it is never sent twice.
            log.exception("after-send bookkeeping for occurrence %s failed", occ_id)
            await self._mark_sent(occ_id, message.message_id, handler, follow_up=False)

    async def _mark_sent(
        self, occ_id: int, message_id: int, handler: OccurrenceHandler, *, follow_up: bool
    ) -> None:
        async with self.db.transaction() as session:
            occ = await session.get(Occurrence, occ_id)
            patient = await session.get(Patient, occ.patient_id) if occ else None
            if occ is None or patient is None:
                return  # deleted meanwhile
            occ.status = OccurrenceStatus.SENT
            occ.sent_at = self.clock.now()
            occ.message_id = message_id
            session.add(occ)
            if follow_up:
                await handler.sent(
                    session=session,
                    occurrence=occ,
                    patient=patient,
                    message_id=message_id,
                    now=self.clock.now(),
                )

    async def _give_up(
        self, occ_id: int, error: str, stats: WakeStats, *, deactivate: bool
    ) -> None:
        async with self.db.transaction() as session:
            occ = await session.get(Occurrence, occ_id)
            if occ is None:
                return
            occ.status = OccurrenceStatus.FAILED
            occ.last_error = error[:300]
            session.add(occ)
            if deactivate:
                patient = await session.get(Patient, occ.patient_id)
                if patient is not None:
                    patient.active = False
                    session.add(patient)
        stats.failed += 1

    async def _release(
        self,
        occ_id: int,
        error: str,
        stats: WakeStats,
        *,
        retry: bool,
        after: float | timedelta | None = None,
    ) -> None:
        """Put a failed attempt back to pending with bounded exponential backoff."""
        async with self.db.transaction() as session:
            occ = await session.get(Occurrence, occ_id)
            if occ is None or occ.status != OccurrenceStatus.SENDING:
                return
            if isinstance(after, timedelta):
                delay = after
            elif after is not None:
                delay = timedelta(seconds=after)
            else:
                delay = min(MAX_BACKOFF, timedelta(seconds=2 ** min(occ.attempts, 10)))
            occ.status = OccurrenceStatus.PENDING if retry else OccurrenceStatus.FAILED
            occ.attempt_at = self.clock.now() + delay
            occ.last_error = error[:300]
            session.add(occ)
        stats.retried += 1


async def set_schedule(
    session: AsyncSession,
    *,
    schedule: Schedule,
    now: datetime,
) -> Schedule:
    """(Re)compute a schedule's next due instant from now and save it."""
    schedule.next_due_at = next_after(recurrence_of(schedule), now) if schedule.active else None
    if schedule.next_due_at is None:
        schedule.active = False
    session.add(schedule)
    return schedule


Arm = Callable[[datetime | None], None]
Poke = Callable[[], Awaitable[Any]]
