"""SQLModel tables. Every instant is stored in UTC (``UTCDateTime``).

The database is the single source of truth: schedules say what recurs, occurrences record each
message that is due (unique per schedule, kind and due instant) before it is sent.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.db.types import UTCDateTime


def _utc(nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)


class Patient(SQLModel, table=True):
    """One Telegram chat. Before consent only ``chat_id`` and ``created_at`` are set."""

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, unique=True, nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    consent_at: datetime | None = _utc()
    consent_version: str | None = Field(default=None, max_length=20)
    timezone: str | None = Field(default=None, max_length=64)
    checkin_time: str | None = Field(default=None, max_length=5)  # "HH:MM", local
    side: str | None = Field(default=None, max_length=10)
    #: The current treatments, comma-separated codes (service.domain.scales.Treatment), e.g.
    #: "botox,medication"; read and written through ``treatments_of`` / ``treatments_value``.
    treatment: str | None = Field(default=None, max_length=100)
    surgery_phone: str | None = Field(default=None, max_length=30)  # the surgical team's, as typed
    clinic_phone: str | None = Field(default=None, max_length=30)  # the Botox clinic's, as typed
    # Shown on the doctor's report and in the FHIR export only when the patient sets them.
    report_name: str | None = Field(default=None, max_length=80)
    report_identifier: str | None = Field(default=None, max_length=40)
    language: str = Field(default="en", max_length=10)
    # What a typed reply answers and the set-up step (service/bot/dialog.py); None = nothing.
    dialog: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    paused: bool = False
    paused_until: datetime | None = _utc()  # None with paused=True: until /resume
    #: Occurrence kinds still sent during the pause (e.g. medication reminders); None: none.
    paused_except: list[str] | None = Field(default=None, sa_type=JSON)
    active: bool = True  # False once Telegram says the patient blocked the bot
    botox_interval_weeks: int = 12  # reinjection interval (clinical.md: ~12-15 weeks)
    botox_booking_lead_weeks: int = 2  # "time to book" this long before the planned date
    botox_interval_asked: bool = False  # the clinic's interval was asked for (or given)


class ScheduleKind(StrEnum):
    """What a schedule sends (features add their own kinds as plain strings too)."""

    CHECKIN = "checkin"


class ScheduleState(StrEnum):
    """Whether a schedule still yields occurrences."""

    ACTIVE = "active"
    PAUSED = "paused"  # by the patient (/reminders); ``next_due_at`` kept for the view
    ENDED = "ended"  # cancelled, or its rule has nothing left


class ScheduleAnchor(StrEnum):
    """What a schedule's time follows when the patient's time zone changes."""

    LOCAL = "local"  # the wall clock: a 09:00 check-in stays at 09:00 in the new zone
    INSTANT = "instant"  # the real instant: an appointment stays when it is


class Schedule(SQLModel, table=True):
    """A recurring (or one-off) local-time rule for one patient; yields occurrences."""

    __table_args__ = (Index("ix_schedule_due", "state", "next_due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=30)
    rule: str = Field(max_length=200)  # RRULE body, e.g. "FREQ=DAILY", or "ONCE"
    start_local: datetime = Field(sa_type=DateTime(timezone=False))  # naive local wall time
    timezone: str = Field(max_length=64)
    state: str = Field(default=ScheduleState.ACTIVE, max_length=10)
    anchor: str = Field(default=ScheduleAnchor.LOCAL, max_length=10)
    next_due_at: datetime | None = _utc()
    grace_minutes: int = 120
    unanswered: int = 0  # prompts in a row left unanswered (service/scheduling/lifecycle.py)
    pause_offered_at: datetime | None = _utc()  # when a pause was last offered for that run
    ref_id: int | None = Field(default=None, index=True)  # the cycle/appointment/... it serves
    payload: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class OccurrenceStatus(StrEnum):
    """Life of one due message."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    MISSED = "missed"  # not sent within its grace window
    SKIPPED = "skipped"  # nothing to send (paused, already done, superseded)
    FAILED = "failed"  # Telegram refused it for good


class Occurrence(SQLModel, table=True):
    """One due message, recorded before it is sent. Key: (schedule, kind, due instant)."""

    __table_args__ = (
        UniqueConstraint("schedule_id", "kind", "due_at", name="uq_occurrence_key"),
        Index("ix_occurrence_ready", "status", "attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    schedule_id: int = Field(foreign_key="schedule.id", index=True, ondelete="CASCADE")
    patient_id: int = Field(foreign_key="patient.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=30)
    due_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    attempt_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    grace_until: datetime | None = _utc()
    status: str = Field(default=OccurrenceStatus.PENDING, max_length=10)
    attempts: int = 0
    sent_at: datetime | None = _utc()
    message_id: int | None = Field(default=None, sa_type=BigInteger)
    last_error: str | None = Field(default=None, max_length=300)
    payload: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    # While ``sending``: which dispatcher claimed it, and until when. Nobody else may send it
    # before the lease ends; the claimer sends nothing once it has ended.
    lease_owner: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = _utc()


class CheckinStatus(StrEnum):
    """State of one local day's check-in."""

    OPEN = "open"
    COMPLETE = "complete"
    SKIPPED = "skipped"
    MISSED = "missed"


class Checkin(SQLModel, table=True):
    """One local day's ratings; each answer is stored the moment it is given."""

    __table_args__ = (UniqueConstraint("patient_id", "local_date", name="uq_checkin_day"),)

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True, ondelete="CASCADE")
    local_date: date
    status: str = Field(default=CheckinStatus.OPEN, max_length=10)
    frequency: int | None = Field(default=None, ge=0, le=4)
    severity: int | None = Field(default=None, ge=0, le=4)
    impact: int | None = Field(default=None, ge=0, le=4)
    lower_face: int | None = Field(default=None, ge=0, le=4)  # mouth and cheek (own item)
    #: The day's notes; a later note is added below the earlier one with its time.
    note: str | None = Field(default=None, max_length=2000)
    #: Filled in after its day had passed (e.g. yesterday's, from today's prompt).
    entered_late: bool = False
    step: str | None = Field(default=None, max_length=10)  # the question now shown
    prompt_message_id: int | None = Field(default=None, sa_type=BigInteger)
    occurrence_id: int | None = Field(
        default=None, foreign_key="occurrence.id", ondelete="SET NULL"
    )
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    completed_at: datetime | None = _utc()


class BotoxCycle(SQLModel, table=True):
    """One injection and what followed it: onset, effect, side effects, wear-off."""

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True, ondelete="CASCADE")
    injected_on: date
    units: int | None = Field(default=None, ge=0, le=1000)
    note: str | None = Field(default=None, max_length=200)
    interval_weeks: int = 12  # the interval in force when it was logged
    onset: str | None = Field(default=None, max_length=10)  # yes / partly / not_yet
    onset_answered_at: datetime | None = _utc()
    effect: int | None = Field(default=None, ge=0, le=4)  # week-4 rating
    # The side effects themselves are SideEffect rows (the diary); these say whether the
    # day-7 and the week-4 side-effect question were answered (None: not answered, so "no
    # rows" is never read as "none").
    side_effects_day7_at: datetime | None = _utc()
    side_effects_week4_at: datetime | None = _utc()
    wear_off_on: date | None = None  # estimated from the diary (detect_wear_off)
    wear_off_reported_on: date | None = None  # the patient said "I think it's wearing off"
    onset_reported_on: date | None = None  # the patient said "it started working" (that day)
    # Products' units are not interchangeable (clinical.md): units are always shown with it.
    product: str = Field(default="unknown", max_length=24)  # service.domain.record.Product
    product_name: str | None = Field(default=None, max_length=60)  # as typed, for "other"
    site_units: dict[str, int | None] | None = Field(default=None, sa_type=JSON)  # SITES -> units
    injector: str | None = Field(default=None, max_length=80)  # who injected, as typed
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class SideEffect(SQLModel, table=True):
    """One side effect after an injection, from the day it started to the day it ended.

    ``started_on`` is None for one recorded before the diary existed (day not known);
    ``ended_on`` None while it lasts."""

    __tablename__ = "side_effect"

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True, ondelete="CASCADE")
    cycle_id: int | None = Field(
        default=None, foreign_key="botoxcycle.id", index=True, ondelete="CASCADE"
    )
    effect: str = Field(max_length=20)  # the side-effect code (service.domain.botox)
    started_on: date | None = None
    ended_on: date | None = None
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class Appointment(SQLModel, table=True):
    """A doctor's appointment with its reminders and after-visit follow-up."""

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True, ondelete="CASCADE")
    starts_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    with_whom: str | None = Field(default=None, max_length=200)
    status: str = Field(default="scheduled", max_length=12)  # scheduled / cancelled / done
    outcome: str | None = Field(default=None, max_length=30)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class Surgery(SQLModel, table=True):
    """A microvascular decompression (MVD) and its 12-month follow-up plan."""

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True, ondelete="CASCADE")
    surgery_on: date
    active: bool = True
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class SurgeryCheck(SQLModel, table=True):
    """One post-surgery check: the red-flag screen and/or the spasm compared with before."""

    __table_args__ = (
        UniqueConstraint("surgery_id", "kind", "local_date", name="uq_surgery_check"),
    )

    id: int | None = Field(default=None, primary_key=True)
    surgery_id: int = Field(foreign_key="surgery.id", index=True, ondelete="CASCADE")
    patient_id: int = Field(foreign_key="patient.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=12)  # daily (red flags) / progress
    local_date: date
    red_flags: list[str] | None = Field(default=None, sa_type=JSON)  # those answered yes
    answers: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    spasm_vs_before: str | None = Field(default=None, max_length=12)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class Medication(SQLModel, table=True):
    """A medication with its daily local times."""

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=80)
    dose: str | None = Field(default=None, max_length=80)
    times: list[str] = Field(default_factory=list, sa_type=JSON)  # ["08:00", "20:00"]
    active: bool = True
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    stopped_at: datetime | None = _utc()


class MedicationChange(SQLModel, table=True):
    """A medication started, its dose or times changed, or stopped: the list's history."""

    __tablename__ = "medication_change"

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True, ondelete="CASCADE")
    medication_id: int = Field(foreign_key="medication.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=10)  # service.domain.record.MedChangeKind
    changed_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    dose: str | None = Field(default=None, max_length=80)  # the dose from then on
    times: list[str] | None = Field(default=None, sa_type=JSON)  # the times from then on


class DoseLog(SQLModel, table=True):
    """The outcome of one scheduled dose (for adherence)."""

    __table_args__ = (UniqueConstraint("medication_id", "due_at", name="uq_dose_due"),)

    id: int | None = Field(default=None, primary_key=True)
    medication_id: int = Field(foreign_key="medication.id", index=True, ondelete="CASCADE")
    patient_id: int = Field(foreign_key="patient.id", index=True, ondelete="CASCADE")
    due_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    outcome: str = Field(default="pending", max_length=10)  # pending/taken/skipped/missed
    answered_at: datetime | None = _utc()
    prompt_message_id: int | None = Field(default=None, sa_type=BigInteger)


class ResponseState(StrEnum):
    """Where one questionnaire prompt stands."""

    OPEN = "open"  # asked (or being asked), not complete
    ANSWERED = "answered"  # every item answered: it has a score
    UNANSWERED = "unanswered"  # closed before every item was answered: no score, ever


class QuestionnaireResponse(SQLModel, table=True):
    """One questionnaire asked once: the answers as tapped, the score once complete.

    ``schedule_id`` and ``due_at`` name the prompt that asked it (unique); the schedule is not a
    foreign key, so a response outlives a deleted schedule. ``ref_id`` is what the occasion is
    about (the Botox cycle of an after-injection PGIC), ``occasion`` which point it is ("6w",
    "3m", "monthly")."""

    __tablename__ = "questionnaire_response"
    __table_args__ = (
        UniqueConstraint("schedule_id", "due_at", name="uq_questionnaire_response_prompt"),
        Index("ix_questionnaire_response_patient_due", "patient_id", "due_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", ondelete="CASCADE")
    questionnaire: str = Field(max_length=12)
    occasion: str | None = Field(default=None, max_length=12)
    ref_id: int | None = None
    schedule_id: int | None = None
    due_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    due_on: date  # the patient's local day it was asked for
    anchor_on: date | None = None  # the injection's or surgery's day it counts from
    asked_at: datetime | None = _utc()
    answers: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # item id -> answer id
    score: int | None = None
    state: str = Field(default=ResponseState.OPEN, max_length=10)
    answered_at: datetime | None = _utc()
    prompt_message_id: int | None = Field(default=None, sa_type=BigInteger)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class Caregiver(SQLModel, table=True):
    """Someone who follows one or more patients' diaries, read-only: their Telegram chat and
    name, kept only while they follow someone or until they /delete it."""

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, unique=True, nullable=False))
    name: str = Field(max_length=128)  # their Telegram name, as the patient is shown it
    username: str | None = Field(default=None, max_length=64)
    language: str = Field(default="en", max_length=10)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class Share(SQLModel, table=True):
    """One patient's diary shared with one caregiver, and what the caregiver gets
    (service.domain.sharing.Grants). Ended by deleting the row."""

    __table_args__ = (UniqueConstraint("patient_id", "caregiver_id"),)

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True, ondelete="CASCADE")
    caregiver_id: int = Field(foreign_key="caregiver.id", index=True, ondelete="CASCADE")
    patient_label: str = Field(max_length=64)  # how the caregiver sees the patient named
    weekly: bool = True
    quiet_days: int = 3  # 0: no alert
    red_flags: bool = True
    appointments: bool = True
    notes: bool = False
    quiet_alerted_for: date | None = None  # the quiet spell already told of (its first day)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class ShareInvite(SQLModel, table=True):
    """A one-time invitation to follow the patient's diary: only the token's hash is kept."""

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    patient_label: str = Field(max_length=64)
    weekly: bool = True
    quiet_days: int = 3
    red_flags: bool = True
    appointments: bool = True
    notes: bool = False
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    used_at: datetime | None = _utc()
    revoked_at: datetime | None = _utc()


class CareLink(SQLModel, table=True):
    """A read-only link to the patient's report for their care team, valid until
    ``expires_at`` unless revoked: only the token's hash is kept. Opened in Telegram, it is
    bound to the first account that opens it (``viewer_chat_id``)."""

    id: int | None = Field(default=None, primary_key=True)
    patient_id: int = Field(foreign_key="patient.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    revoked_at: datetime | None = _utc()
    viewer_chat_id: int | None = Field(default=None, sa_type=BigInteger)
    viewer_name: str | None = Field(default=None, max_length=128)
    opened_at: datetime | None = _utc()  # the last time it was opened
    opens: int = 0
