"""Questionnaires: which are enabled, and planning their schedules (SQL and scheduling only).

Every questionnaire prompt is a schedule of the one kind ``qn`` whose payload names the
questionnaire (``q``), what started it (``trigger``: monthly / injection / surgery), the
occasion ("6w", "3m", "monthly") and the anchor day; ``ref_id`` is the Botox cycle for an
after-injection one. The reminder lifecycle (``questionnaires``) turns each into a prompt.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.config import Settings
from service.db.models import Patient, Schedule, ScheduleState
from service.domain.botox import DEFAULT_REMINDER_TIME
from service.domain.questionnaires import (
    Questionnaire,
    Trigger,
    Wording,
    definitions_in,
    due_days,
    load_wording,
    monthly_start,
    occasion_label,
    shipped,
)
from service.domain.recurrence import Recurrence
from service.domain.timezones import get_zone, local_date, parse_local_time, resolve_local
from service.scheduling.lifecycle import Kinds
from service.scheduling.schedules import add_schedule, cancel_schedule

KINDS = Kinds.of("qn")
REF = "response_id"  # the occurrence payload key naming the response row
#: How late a prompt may still go out (after downtime); later ones are recorded unanswered.
GRACE_MINUTES = 24 * 60


@dataclass(frozen=True)
class Asked:
    """An enabled questionnaire: its definition and, if its wording is not shipped, the
    operator's wording."""

    definition: Questionnaire
    wording: Wording | None = None


@lru_cache(maxsize=16)
def _enabled(ids: tuple[str, ...], folder: Path | None) -> dict[str, Asked]:
    found: dict[str, Asked] = {}
    known = shipped()
    for qid in ids:
        definition = known[qid]  # the settings checked every id at start-up
        wording = None
        if not definition.shipped_wording:
            assert folder is not None
            wording = load_wording(folder / f"{qid}.toml", definition)
        found[qid] = Asked(definition, wording)
    return found


def enabled(settings: Settings) -> dict[str, Asked]:
    """The questionnaires the operator enabled, by id (wording files read once)."""
    return _enabled(tuple(settings.enabled_questionnaires), settings.questionnaire_wording_dir)


def reminder_time(patient: Patient) -> time:
    """When a questionnaire is asked: the check-in time, else 10:00 (local)."""
    parsed = parse_local_time(patient.checkin_time) if patient.checkin_time else None
    return parsed or DEFAULT_REMINDER_TIME


def _zone(patient: Patient, settings: Settings) -> str:
    return patient.timezone or settings.default_timezone


async def qn_schedules(session: AsyncSession, patient_ids: Iterable[int]) -> list[Schedule]:
    """The active questionnaire schedules of these patients."""
    wanted = list(set(patient_ids))
    if not wanted:
        return []
    stmt = select(Schedule).where(
        col(Schedule.patient_id).in_(wanted),
        col(Schedule.kind) == KINDS.prompt,
        col(Schedule.state) == ScheduleState.ACTIVE,
    )
    return list((await session.exec(stmt)).all())


async def plan_monthly(
    session: AsyncSession,
    patients: Sequence[Patient],
    now: datetime,
    settings: Settings,
    existing: Sequence[Schedule] | None = None,
) -> int:
    """Book each enabled monthly questionnaire for each patient who has none active; how many
    schedules were added."""
    monthly = definitions_in([a.definition for a in enabled(settings).values()], Trigger.MONTHLY)
    if not monthly:
        return 0
    if existing is None:
        existing = await qn_schedules(session, [p.id for p in patients if p.id is not None])
    have = {(s.patient_id, (s.payload or {}).get("q")) for s in existing}
    added = 0
    for patient in patients:
        assert patient.id is not None
        zone = _zone(patient, settings)
        today = local_date(now, get_zone(zone))
        for definition in monthly:
            if (patient.id, definition.id) in have:
                continue
            rule = definition.rule(Trigger.MONTHLY)
            assert rule is not None
            start = datetime.combine(monthly_start(rule, today), reminder_time(patient))
            await add_schedule(
                session,
                patient_id=patient.id,
                kind=KINDS.prompt,
                recurrence=Recurrence("FREQ=MONTHLY", start, zone),
                now=now,
                grace_minutes=GRACE_MINUTES,
                payload={
                    "q": definition.id,
                    "trigger": Trigger.MONTHLY.value,
                    "occasion": "monthly",
                },
            )
            added += 1
    return added


async def plan_after(
    session: AsyncSession,
    patient: Patient,
    now: datetime,
    settings: Settings,
    trigger: Trigger,
    anchor: date,
    ref_id: int | None = None,
) -> list[tuple[str, date]]:
    """Book every enabled questionnaire ``trigger`` calls for, on each of its days after
    ``anchor`` still ahead; (questionnaire id, day) of each one booked."""
    assert patient.id is not None
    zone = _zone(patient, settings)
    tz = get_zone(zone)
    at = reminder_time(patient)
    booked = []
    for asked in enabled(settings).values():
        rule = asked.definition.rule(trigger)
        if rule is None:
            continue
        for index, day in enumerate(due_days(rule, anchor)):
            local = datetime.combine(day, at)
            if resolve_local(local, tz) <= now:
                continue
            payload: dict[str, Any] = {
                "q": asked.definition.id,
                "trigger": trigger.value,
                "occasion": occasion_label(rule, index),
                "anchor": anchor.isoformat(),
            }
            await add_schedule(
                session,
                patient_id=patient.id,
                kind=KINDS.prompt,
                recurrence=Recurrence.once(local, zone),
                now=now,
                grace_minutes=GRACE_MINUTES,
                ref_id=ref_id,
                payload=payload,
            )
            booked.append((asked.definition.id, day))
    return booked


async def end_after(
    session: AsyncSession, patient_id: int, trigger: Trigger, before: date | None = None
) -> bool:
    """End the patient's questionnaire schedules that ``trigger`` started (for an anchor day
    before ``before``, if given): a new surgery date replaces the old plan, a new injection
    the previous one's questions. False (and nothing ended) if one is anchored on or after
    ``before``: the new event is older than what is planned (a back-filled injection)."""
    mine = [
        s
        for s in await qn_schedules(session, [patient_id])
        if (s.payload or {}).get("trigger") == trigger.value
    ]
    if before is not None and any(
        str((s.payload or {}).get("anchor", "")) >= before.isoformat() for s in mine
    ):
        return False
    for schedule in mine:
        await cancel_schedule(session, schedule, [KINDS.prompt, KINDS.followup, KINDS.snooze])
    return True


async def plan_existing(session: AsyncSession, now: datetime, settings: Settings) -> None:
    """At start-up: the monthly questionnaires of consented patients who have none yet (e.g.
    they consented before questionnaires existed, or the operator enabled one since)."""
    stmt = select(Patient).where(col(Patient.consent_at).is_not(None))
    patients = list((await session.exec(stmt)).all())
    if patients:
        await plan_monthly(session, patients, now, settings)
