"""The after-surgery feature's rows: plans (``Surgery``), their schedules, and the daily and
progress checks (``SurgeryCheck``). Queries and writes only; no Telegram, no texts.

A plan has one ``surgery_daily`` schedule (days 1-14) and ``surgery_progress`` schedules (weekly,
then monthly), each with ``ref_id`` = the surgery. Their prompts and what follows them are the
scheduled questions in ``surgery_screen``; the occurrence kinds are named here (``DAILY``,
``PROGRESS``) because ending a plan drops every one of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.db.models import Schedule, ScheduleState, Surgery, SurgeryCheck
from service.db.upsert import get_or_create_many
from service.domain.care import SURGERY_CHECK_TIME, Phase, mvd_plan_rules, recheck_due, tiers
from service.domain.timezones import resolve_local
from service.scheduling.lifecycle import Kinds
from service.scheduling.occurrences import add_occurrence
from service.scheduling.schedules import add_schedule, cancel_schedules

#: The daily red-flag screen: its prompt, its one follow-up (the kind issue 9 stored), and the
#: lifecycle's snooze and close.
DAILY = Kinds.of("surgery_daily", followup="surgery_followup")
#: The weekly / monthly "how is the spasm compared with before surgery?".
PROGRESS = Kinds.of("surgery_progress")
KINDS = [*DAILY.all(), *PROGRESS.all()]
GRACE_DAILY = 8 * 60  # a late safety check is still useful the same day
GRACE_PROGRESS = 48 * 60
OPEN, DONE = "open", "done"
RECHECK = "recheck"  # answers key / payload flag: the signs of an earlier day asked about again
CHECK_DAILY, CHECK_PROGRESS = "daily", "progress"  # SurgeryCheck.kind


@dataclass
class Screen:
    """A check with the plan it belongs to: what a screen or progress question shows and what
    a tap on it changes (the scheduled questions' item)."""

    check: SurgeryCheck
    surgery: Surgery

    @property
    def id(self) -> int | None:
        """The check's id (what the lifecycle's occurrences carry as ``check_id``)."""
        return self.check.id

    @property
    def day_number(self) -> int:
        """Day n after surgery of the check's date."""
        return (self.check.local_date - self.surgery.surgery_on).days


def status(check: SurgeryCheck) -> str:
    """ "open" until answered, then "done"."""
    return str((check.answers or {}).get("status", OPEN))


def signs_in_order(flags: Iterable[str]) -> list[str]:
    """Ticked signs, emergency tier first."""
    emergency, team = tiers(list(flags))
    return emergency + team


# ---- plans --------------------------------------------------------------------------------------
async def active_surgeries(session: AsyncSession, patient_id: int) -> list[Surgery]:
    """The patient's active plans (normally at most one), row-locked where the DB can."""
    stmt = (
        select(Surgery)
        .where(col(Surgery.patient_id) == patient_id, col(Surgery.active))
        .order_by(col(Surgery.id))
        .with_for_update()
    )
    return list((await session.exec(stmt)).all())


async def next_check(session: AsyncSession, surgery: Surgery) -> datetime | None:
    """The next instant this plan asks something."""
    rows = (
        await session.exec(
            select(Schedule.next_due_at).where(
                col(Schedule.ref_id) == surgery.id,
                col(Schedule.kind).in_(KINDS),
                col(Schedule.patient_id) == surgery.patient_id,
                col(Schedule.state) == ScheduleState.ACTIVE,
            )
        )
    ).all()
    due = [d for d in rows if d is not None]
    return min(due) if due else None


async def end_plan(session: AsyncSession, surgery: Surgery) -> None:
    """Deactivate a plan and drop everything it had booked (follow-ups and closes too)."""
    surgery.active = False
    session.add(surgery)
    await cancel_schedules(session, patient_id=surgery.patient_id, kinds=KINDS, ref_id=surgery.id)


async def add_plan(
    session: AsyncSession, patient_id: int, day: date, zone_name: str, now: datetime
) -> Surgery:
    """A new active plan for surgery on ``day`` with its schedules, on local time in
    ``zone_name``."""
    surgery = Surgery(patient_id=patient_id, surgery_on=day, active=True, created_at=now)
    session.add(surgery)
    await session.flush()
    for rule in mvd_plan_rules(day, zone_name):
        daily = rule.phase is Phase.DAILY
        await add_schedule(
            session,
            patient_id=patient_id,
            kind=DAILY.prompt if daily else PROGRESS.prompt,
            recurrence=rule.recurrence,
            now=now,
            grace_minutes=GRACE_DAILY if daily else GRACE_PROGRESS,
            ref_id=surgery.id,
            payload={"surgery_id": surgery.id},
        )
    return surgery


async def plans_by_id(session: AsyncSession, ids: Iterable[int | None]) -> dict[int, Surgery]:
    """Plans by id, in one query."""
    wanted = {i for i in ids if isinstance(i, int)}
    if not wanted:
        return {}
    rows = (await session.exec(select(Surgery).where(col(Surgery.id).in_(wanted)))).all()
    return {row.id: row for row in rows if row.id is not None}


# ---- checks -------------------------------------------------------------------------------------
async def checks_for(
    session: AsyncSession, wanted: Sequence[tuple[Surgery, str, date]], now: datetime
) -> dict[tuple[int, str, date], SurgeryCheck]:
    """The plan's checks for these (surgery, kind, local date), created if absent, by
    (surgery id, kind, date); row-locked where the DB can. Two statements for any number."""
    rows = [
        {
            "surgery_id": surgery.id,
            "patient_id": surgery.patient_id,
            "kind": kind,
            "local_date": day,
            "answers": {"status": OPEN},
            "created_at": now,
        }
        for surgery, kind, day in wanted
    ]
    found = await get_or_create_many(
        session, SurgeryCheck, rows, ["surgery_id", "kind", "local_date"]
    )
    return {(sid, kind, day): check for (sid, kind, day), check in found.items()}


async def own_check(session: AsyncSession, check_id: int, patient_id: int) -> Screen | None:
    """The patient's own check (row-locked) with its plan, for a tap on it."""
    check = await session.get(SurgeryCheck, check_id, with_for_update=True)
    if check is None or check.patient_id != patient_id:
        return None
    surgery = await session.get(Surgery, check.surgery_id)
    return Screen(check, surgery) if surgery is not None else None


async def signs_to_recheck(
    session: AsyncSession, wanted: Sequence[tuple[Surgery, date]]
) -> dict[tuple[int, date], tuple[date, list[str]]]:
    """For each (plan, day): the latest earlier daily answer of that plan, if it reported signs,
    as (its date, the signs). An answer of "None of these" (or un-ticking everything) ends the
    asking, so such days are absent. One query for all."""
    surgery_ids = {surgery.id for surgery, _ in wanted}
    if not surgery_ids:
        return {}
    latest = max(day for _, day in wanted)
    earlier = (
        await session.exec(
            select(SurgeryCheck)
            .where(
                col(SurgeryCheck.surgery_id).in_(surgery_ids),
                col(SurgeryCheck.kind) == CHECK_DAILY,
                col(SurgeryCheck.local_date) < latest,
            )
            .order_by(col(SurgeryCheck.local_date).desc())
        )
    ).all()
    found: dict[tuple[int, date], tuple[date, list[str]]] = {}
    for surgery, day in wanted:
        assert surgery.id is not None
        answered = next(
            (
                c
                for c in earlier
                if c.surgery_id == surgery.id and c.local_date < day and c.red_flags is not None
            ),
            None,
        )
        if answered is not None and answered.red_flags:
            found[(surgery.id, day)] = (answered.local_date, signs_in_order(answered.red_flags))
    return found


async def book_recheck(
    session: AsyncSession, screen: Screen, zone: ZoneInfo, now: datetime
) -> None:
    """After the plan's last daily screen, a sign ticked there gets one more screen the next
    day at the usual time: an occurrence under the daily schedule's unique key, so ticking
    several signs (or a restart) books it once."""
    surgery, check = screen.surgery, screen.check
    day = recheck_due(surgery.surgery_on, check.local_date)
    if day is None:
        return  # the next day has a daily screen of its own, which asks about it
    due = resolve_local(datetime.combine(day, SURGERY_CHECK_TIME), zone)
    if due <= now:
        return
    schedule = (
        await session.exec(
            select(Schedule).where(
                col(Schedule.patient_id) == surgery.patient_id,
                col(Schedule.kind) == DAILY.prompt,
                col(Schedule.ref_id) == surgery.id,
            )
        )
    ).first()
    if schedule is None or schedule.id is None:
        return
    await add_occurrence(
        session,
        schedule_id=schedule.id,
        patient_id=surgery.patient_id,
        kind=DAILY.prompt,
        due_at=due,
        now=now,
        grace=timedelta(minutes=GRACE_DAILY),
        payload={"surgery_id": surgery.id, RECHECK: True},
    )
