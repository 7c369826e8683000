"""Reading one patient's record from the database for the statistics (read-only, few queries).

Only columns are selected (no ORM objects), and every instant is turned into the patient's local
date here, so the statistics work on dates alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.db.models import (
    Appointment,
    BotoxCycle,
    Checkin,
    DoseLog,
    Medication,
    MedicationChange,
    Occurrence,
    OccurrenceStatus,
    Patient,
    ScheduleKind,
    SideEffect,
    Surgery,
    SurgeryCheck,
)
from service.domain.record import SITES, MedChange, MedChangeKind, SideEffectSpan
from service.domain.side_effects import codes_of, spans_in_order
from service.domain.summary import (
    Cycle,
    DayEntry,
    Dose,
    MedicationInfo,
    PatientRecord,
)
from service.domain.timezones import local_date, local_day_bounds
from service.reports.questionnaires import ResponseResult, latest_responses

#: Occurrence outcomes that mean the bot asked for that day's check-in.
ASKED = (
    OccurrenceStatus.SENT,
    OccurrenceStatus.MISSED,
    OccurrenceStatus.SKIPPED,
    OccurrenceStatus.PENDING,
    OccurrenceStatus.SENDING,
)
#: ``last_error`` of a prompt skipped because the patient had paused (or blocked) the bot.
PAUSED_REASONS = ("paused", "inactive")


def side_effect_codes(cycle: BotoxCycle, spans: list[SideEffectSpan]) -> tuple[str, ...] | None:
    """The side effects' codes as the report's legacy field has them: None when the question
    was never answered and nothing is in the diary, () for "none"."""
    if not spans and cycle.side_effects_day7_at is None and cycle.side_effects_week4_at is None:
        return None
    return codes_of(spans)


async def load_record(
    session: AsyncSession, patient: Patient, zone: ZoneInfo, since: date | None = None
) -> PatientRecord:
    """The patient's check-ins and treatment rows; prompts and doses from ``since`` on.

    Check-ins are always read in full: Botox cycles and surgery compare with earlier months.
    """
    pid = patient.id
    assert pid is not None
    since_utc: datetime | None = local_day_bounds(since, zone)[0] if since else None

    rows = (
        await session.exec(
            select(  # type: ignore[call-overload]  # seven columns: beyond sqlmodel's overloads
                col(Checkin.local_date),
                col(Checkin.status),
                col(Checkin.frequency),
                col(Checkin.severity),
                col(Checkin.impact),
                col(Checkin.note),
                col(Checkin.lower_face),
            )
            .where(col(Checkin.patient_id) == pid)
            .order_by(col(Checkin.local_date))
        )
    ).all()
    entries = tuple(DayEntry(*row) for row in rows)

    occ = select(col(Occurrence.due_at), col(Occurrence.status), col(Occurrence.last_error)).where(
        col(Occurrence.patient_id) == pid,
        col(Occurrence.kind) == ScheduleKind.CHECKIN.value,
        col(Occurrence.status).in_([s.value for s in ASKED]),
    )
    if since_utc is not None:
        occ = occ.where(col(Occurrence.due_at) >= since_utc)
    asked: set[date] = set()
    paused: set[date] = set()
    for due_at, status, error in (await session.exec(occ)).all():
        day = local_date(due_at, zone)
        if status == OccurrenceStatus.SKIPPED and error in PAUSED_REASONS:
            paused.add(day)
        else:
            asked.add(day)
    paused -= asked  # a day the bot also asked on (e.g. a pause lifted that day) was asked

    botox = (
        await session.exec(
            select(BotoxCycle)
            .where(col(BotoxCycle.patient_id) == pid)
            .order_by(col(BotoxCycle.injected_on))
        )
    ).all()
    diary: dict[int, list[SideEffectSpan]] = {}
    for row in (
        await session.exec(
            select(SideEffect)
            .where(col(SideEffect.patient_id) == pid)
            .order_by(col(SideEffect.id))
        )
    ).all():
        if row.cycle_id is not None:
            diary.setdefault(row.cycle_id, []).append(
                SideEffectSpan(row.effect, row.started_on, row.ended_on)
            )
    cycles = tuple(
        Cycle(
            injected_on=c.injected_on,
            units=c.units,
            onset=c.onset,
            effect=c.effect,
            side_effects=side_effect_codes(c, diary.get(c.id or 0, [])),
            wear_off_on=c.wear_off_on,
            wear_off_reported_on=c.wear_off_reported_on,
            side_effect_spans=tuple(spans_in_order(diary.get(c.id or 0, []))),
        )
        for c in botox
    )
    # The latest /surgery entry is the patient's surgery: a new one replaces a mistaken date,
    # and "/surgery stop" ends the reminders, not the fact that the operation happened.
    latest_surgery = (
        await session.exec(
            select(col(Surgery.surgery_on))
            .where(col(Surgery.patient_id) == pid)
            .order_by(col(Surgery.created_at).desc(), col(Surgery.id).desc())
            .limit(1)
        )
    ).first()
    surgeries: tuple[date, ...] = (latest_surgery,) if latest_surgery is not None else ()
    checks = tuple(
        (day, str(value))
        for day, value in (
            await session.exec(
                select(col(SurgeryCheck.local_date), col(SurgeryCheck.spasm_vs_before)).where(
                    col(SurgeryCheck.patient_id) == pid,
                    col(SurgeryCheck.spasm_vs_before).is_not(None),
                )
            )
        ).all()
    )
    appointments = tuple(
        local_date(starts_at, zone)
        for starts_at in (
            await session.exec(
                select(col(Appointment.starts_at)).where(
                    col(Appointment.patient_id) == pid, col(Appointment.status) != "cancelled"
                )
            )
        ).all()
    )
    medications = tuple(
        MedicationInfo(
            id=m.id or 0,
            name=m.name,
            dose=m.dose,
            started=local_date(m.created_at, zone),
            stopped=local_date(m.stopped_at, zone) if m.stopped_at else None,
        )
        for m in (
            await session.exec(select(Medication).where(col(Medication.patient_id) == pid))
        ).all()
    )
    dose_q = select(col(DoseLog.medication_id), col(DoseLog.due_at), col(DoseLog.outcome)).where(
        col(DoseLog.patient_id) == pid
    )
    if since_utc is not None:
        dose_q = dose_q.where(col(DoseLog.due_at) >= since_utc)
    doses = tuple(
        Dose(mid, local_date(due_at, zone), outcome)
        for mid, due_at, outcome in (await session.exec(dose_q)).all()
    )
    return PatientRecord(
        entries=entries,
        asked_days=frozenset(asked),
        paused_days=frozenset(paused),
        cycles=cycles,
        surgeries=surgeries,
        appointments=appointments,
        medications=medications,
        doses=doses,
        progress_checks=checks,
        interval_weeks=patient.botox_interval_weeks,
    )


def since_for(days: int | None, today: date) -> date | None:
    """The first local day a period of ``days`` and its previous period need."""
    return None if days is None else today - timedelta(days=2 * days - 1)


# ---- the doctor's report: the clinic-grade record (issue 13) ------------------------------------
@dataclass(frozen=True)
class Injection:
    """One Botox injection as the report's table shows it (every field as recorded)."""

    id: int
    injected_on: date
    product: str  # service.domain.record.Product
    product_name: str | None  # as typed, for "other"
    units: int | None
    site_units: tuple[tuple[str, int | None], ...]  # in SITES order
    injector: str | None
    onset: str | None  # the day-7 answer: yes / partly / not_yet
    onset_reported_on: date | None
    wear_off_on: date | None  # estimated from the diary
    wear_off_reported_on: date | None
    effect: int | None  # the week-4 rating, 0-4
    #: The side-effect questions: None never answered (and nothing in the diary), () "none".
    side_effects_answer: tuple[str, ...] | None
    side_effects: tuple[SideEffectSpan, ...]  # the diary's rows (legacy ones without days)


@dataclass(frozen=True)
class CurrentMedication:
    """A medication on the current list with its dose and daily local times."""

    name: str
    dose: str | None
    times: tuple[str, ...]


@dataclass(frozen=True)
class DatedChange:
    """A medication change with the patient's local date it happened on."""

    day: date
    change: MedChange


@dataclass(frozen=True)
class SurgeryFollowUp:
    """The latest surgery with its checks: spasm compared with before, and the daily red-flag
    screens (``None``: that day's screen was not answered)."""

    id: int
    surgery_on: date
    progress: tuple[tuple[date, str], ...]
    daily: tuple[tuple[date, tuple[str, ...] | None], ...]


@dataclass(frozen=True)
class ReportRecord:
    """What the report shows beyond the statistics: the record as a clinic keeps it."""

    name: str | None = None
    identifier: str | None = None
    injections: tuple[Injection, ...] = ()
    medications: tuple[CurrentMedication, ...] = ()
    changes: tuple[DatedChange, ...] = ()
    surgery: SurgeryFollowUp | None = None
    responses: tuple[ResponseResult, ...] = ()


async def load_report_record(
    session: AsyncSession, patient: Patient, zone: ZoneInfo
) -> ReportRecord:
    """The injections with their details and side-effect diary, the current medications and
    every change to the list, the latest surgery's checks and every closed questionnaire."""
    pid = patient.id
    assert pid is not None
    cycles = (
        await session.exec(
            select(BotoxCycle)
            .where(col(BotoxCycle.patient_id) == pid)
            .order_by(col(BotoxCycle.injected_on), col(BotoxCycle.id))
        )
    ).all()
    spans: dict[int, list[SideEffectSpan]] = {}
    for row in (
        await session.exec(
            select(SideEffect)
            .where(col(SideEffect.patient_id) == pid)
            .order_by(col(SideEffect.started_on), col(SideEffect.id))
        )
    ).all():
        if row.cycle_id is not None:
            spans.setdefault(row.cycle_id, []).append(
                SideEffectSpan(row.effect, row.started_on, row.ended_on)
            )
    injections = tuple(
        Injection(
            id=c.id or 0,
            injected_on=c.injected_on,
            product=c.product,
            product_name=c.product_name,
            units=c.units,
            site_units=tuple(
                (site, (c.site_units or {})[site])
                for site in SITES
                if site in (c.site_units or {})
            ),
            injector=c.injector,
            onset=c.onset,
            onset_reported_on=c.onset_reported_on,
            wear_off_on=c.wear_off_on,
            wear_off_reported_on=c.wear_off_reported_on,
            effect=c.effect,
            side_effects_answer=side_effect_codes(c, spans.get(c.id or 0, [])),
            side_effects=tuple(spans_in_order(spans.get(c.id or 0, []))),
        )
        for c in cycles
    )
    meds = (
        await session.exec(
            select(Medication)
            .where(col(Medication.patient_id) == pid)
            .order_by(col(Medication.created_at), col(Medication.id))
        )
    ).all()
    names = {m.id: m.name for m in meds}
    changes = tuple(
        DatedChange(
            local_date(row.changed_at, zone),
            MedChange(
                names.get(row.medication_id, "?"),
                MedChangeKind(row.kind),
                row.changed_at,
                row.dose,
                tuple(row.times or ()),
            ),
        )
        for row in (
            await session.exec(
                select(MedicationChange)
                .where(col(MedicationChange.patient_id) == pid)
                .order_by(col(MedicationChange.changed_at), col(MedicationChange.id))
            )
        ).all()
        if row.kind in MedChangeKind.__members__.values()
    )
    surgery = (
        await session.exec(
            select(Surgery)
            .where(col(Surgery.patient_id) == pid)
            .order_by(col(Surgery.created_at).desc(), col(Surgery.id).desc())
            .limit(1)
        )
    ).first()
    follow_up = None
    if surgery is not None and surgery.id is not None:
        checks = (
            await session.exec(
                select(SurgeryCheck)
                .where(col(SurgeryCheck.surgery_id) == surgery.id)
                .order_by(col(SurgeryCheck.local_date))
            )
        ).all()
        follow_up = SurgeryFollowUp(
            surgery.id,
            surgery.surgery_on,
            tuple((c.local_date, c.spasm_vs_before) for c in checks if c.spasm_vs_before),
            tuple(
                (c.local_date, None if c.red_flags is None else tuple(c.red_flags))
                for c in checks
                if c.kind == "daily"
            ),
        )
    return ReportRecord(
        name=patient.report_name or None,
        identifier=patient.report_identifier or None,
        injections=injections,
        medications=tuple(
            CurrentMedication(m.name, m.dose, tuple(m.times or ())) for m in meds if m.active
        ),
        changes=changes,
        surgery=follow_up,
        responses=tuple(await latest_responses(session, pid, date.min)),
    )
