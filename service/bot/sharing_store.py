"""Sharing's rows: caregivers, shares, one-time invitations and care-team links, and the
schedules that carry a caregiver's messages through the delivery engine.

A share's messages are the patient's schedules (so the patient's /export and /delete cover them)
whose ``ref_id`` is the share:

- ``care_weekly``: the weekly summary (Sunday 18:00 on the patient's clock);
- ``care_quiet``: every evening (20:00), a look whether the patient has gone quiet;
- ``care_event``: never due by itself; it hosts the alerts features add when something happens
  (a warning sign ticked, an appointment reminder sent): ``care_flag`` and ``care_appt``
  occurrences, each unique by (schedule, kind, instant) like every other message.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.db.models import (
    Caregiver,
    CareLink,
    Patient,
    Schedule,
    ScheduleState,
    Share,
    ShareInvite,
)
from service.domain.recurrence import ONCE, Recurrence
from service.domain.sharing import INVITE_VALID, Grants, new_token, token_hash
from service.domain.timezones import get_zone
from service.scheduling.occurrences import add_occurrence
from service.scheduling.schedules import add_schedule, cancel_schedules

CARE_WEEKLY = "care_weekly"
CARE_QUIET = "care_quiet"
CARE_EVENT = "care_event"
CARE_FLAG = "care_flag"
CARE_APPT = "care_appt"
CARE_KINDS = (CARE_WEEKLY, CARE_QUIET, CARE_EVENT, CARE_FLAG, CARE_APPT)
WEEKLY_AT = time(18, 0)
QUIET_AT = time(20, 0)
ALERT_GRACE = timedelta(hours=12)  # an alert later than this is no longer worth sending
SCHEDULE_GRACE_MINUTES = 180
LABEL_MAX = 64


def grants_of(row: Share | ShareInvite) -> Grants:
    """What a share (or an invitation) grants."""
    return Grants(
        weekly=row.weekly,
        quiet_days=row.quiet_days,
        red_flags=row.red_flags,
        appointments=row.appointments,
        notes=row.notes,
    )


def set_grants(row: Share | ShareInvite, grants: Grants) -> None:
    """Store ``grants`` on a share or an invitation."""
    row.weekly = grants.weekly
    row.quiet_days = grants.quiet_days
    row.red_flags = grants.red_flags
    row.appointments = grants.appointments
    row.notes = grants.notes


def label(first: str | None, last: str | None = None) -> str:
    """A person's name as Telegram gives it, trimmed to what we keep."""
    name = " ".join(p.strip() for p in (first, last) if p and p.strip())
    return (name or "?")[:LABEL_MAX]


# ---- reading ------------------------------------------------------------------------------------
async def caregiver_of_chat(session: AsyncSession, chat_id: int) -> Caregiver | None:
    """The caregiver of a chat, if it follows anyone (or did and has not deleted it)."""
    stmt = select(Caregiver).where(col(Caregiver.chat_id) == chat_id)
    return (await session.exec(stmt)).first()


async def shares_of_patient(
    session: AsyncSession, patient_id: int
) -> list[tuple[Share, Caregiver]]:
    """Who follows the patient's diary, oldest first."""
    stmt = (
        select(Share, Caregiver)
        .join(Caregiver, col(Caregiver.id) == col(Share.caregiver_id))
        .where(col(Share.patient_id) == patient_id)
        .order_by(col(Share.id))
    )
    return [(s, c) for s, c in (await session.exec(stmt)).all()]


async def shares_of_caregiver(session: AsyncSession, caregiver_id: int) -> list[Share]:
    """The diaries a caregiver follows, oldest first."""
    stmt = select(Share).where(col(Share.caregiver_id) == caregiver_id).order_by(col(Share.id))
    return list((await session.exec(stmt)).all())


async def open_invites(session: AsyncSession, patient_id: int, now: datetime) -> list[ShareInvite]:
    """The patient's invitations that still work."""
    stmt = (
        select(ShareInvite)
        .where(
            col(ShareInvite.patient_id) == patient_id,
            col(ShareInvite.used_at).is_(None),
            col(ShareInvite.revoked_at).is_(None),
            col(ShareInvite.expires_at) > now,
        )
        .order_by(col(ShareInvite.id))
    )
    return list((await session.exec(stmt)).all())


async def open_links(session: AsyncSession, patient_id: int, now: datetime) -> list[CareLink]:
    """The patient's care-team links that still work."""
    stmt = (
        select(CareLink)
        .where(
            col(CareLink.patient_id) == patient_id,
            col(CareLink.revoked_at).is_(None),
            col(CareLink.expires_at) > now,
        )
        .order_by(col(CareLink.id))
    )
    return list((await session.exec(stmt)).all())


async def invite_by_token(session: AsyncSession, token: str, now: datetime) -> ShareInvite | None:
    """The invitation a token opens, if it still works (not used, revoked or expired); row-
    locked, so that two people accepting at once cannot both use it."""
    stmt = (
        select(ShareInvite)
        .where(col(ShareInvite.token_hash) == token_hash(token))
        .with_for_update()
    )
    invite = (await session.exec(stmt)).first()
    if invite is None or invite.used_at is not None or invite.revoked_at is not None:
        return None
    return invite if invite.expires_at > now else None


async def link_by_token(session: AsyncSession, token: str, now: datetime) -> CareLink | None:
    """The care-team link a token opens, if it still works (not revoked or expired)."""
    stmt = select(CareLink).where(col(CareLink.token_hash) == token_hash(token)).with_for_update()
    link = (await session.exec(stmt)).first()
    if link is None or link.revoked_at is not None or link.expires_at <= now:
        return None
    return link


async def own_share(session: AsyncSession, share_id: int, *, patient_id: int) -> Share | None:
    """A share of this patient's diary (None for anyone else's)."""
    share = await session.get(Share, share_id, with_for_update=True)
    return share if share is not None and share.patient_id == patient_id else None


# ---- writing ------------------------------------------------------------------------------------
async def create_invite(
    session: AsyncSession, patient: Patient, name: str, grants: Grants, now: datetime
) -> tuple[ShareInvite, str]:
    """A new invitation and its token (the token is never stored, only its hash)."""
    assert patient.id is not None
    token = new_token()
    invite = ShareInvite(
        patient_id=patient.id,
        token_hash=token_hash(token),
        patient_label=name[:LABEL_MAX],
        created_at=now,
        expires_at=now + INVITE_VALID,
    )
    set_grants(invite, grants)
    session.add(invite)
    await session.flush()
    return invite, token


async def create_link(
    session: AsyncSession, patient: Patient, days: int, now: datetime
) -> tuple[CareLink, str]:
    """A new care-team link valid for ``days`` and its token."""
    assert patient.id is not None
    token = new_token()
    link = CareLink(
        patient_id=patient.id,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(link)
    await session.flush()
    return link, token


async def join(
    session: AsyncSession,
    invite: ShareInvite,
    *,
    chat_id: int,
    name: str,
    username: str | None,
    language: str,
    patient: Patient,
    now: datetime,
    default_zone: str = "UTC",
) -> tuple[Share, Caregiver]:
    """The invitation is used: the chat becomes (or stays) a caregiver following the patient,
    with the invitation's grants (an existing share takes them over)."""
    caregiver = await caregiver_of_chat(session, chat_id)
    if caregiver is None:
        caregiver = Caregiver(chat_id=chat_id, name=name, created_at=now, language=language)
        session.add(caregiver)
    caregiver.name, caregiver.username = name[:128], (username or None)
    caregiver.language = language
    await session.flush()
    assert caregiver.id is not None
    stmt = select(Share).where(
        col(Share.patient_id) == invite.patient_id, col(Share.caregiver_id) == caregiver.id
    )
    share = (await session.exec(stmt)).first()
    if share is None:
        share = Share(
            patient_id=invite.patient_id,
            caregiver_id=caregiver.id,
            patient_label=invite.patient_label,
            created_at=now,
        )
    share.patient_label = invite.patient_label
    set_grants(share, grants_of(invite))
    session.add(share)
    invite.used_at = now
    session.add(invite)
    await session.flush()
    await plan_share(session, share, patient, now, default_zone)
    return share, caregiver


async def plan_share(
    session: AsyncSession, share: Share, patient: Patient, now: datetime, default_zone: str = "UTC"
) -> None:
    """(Re)plan a share's schedules from its grants, on the patient's clock (the operator's
    default zone until they set one): the weekly summary, the evening look for a quiet spell,
    and the host of its alerts."""
    assert share.id is not None and patient.id is not None
    await cancel_schedules(
        session, patient_id=patient.id, kinds=[CARE_WEEKLY, CARE_QUIET], ref_id=share.id
    )
    zone = patient.timezone or default_zone
    today = now.astimezone(get_zone(zone)).date()
    if share.weekly:
        await add_schedule(
            session,
            patient_id=patient.id,
            kind=CARE_WEEKLY,
            recurrence=Recurrence(
                rule="FREQ=WEEKLY;BYDAY=SU",
                start_local=datetime.combine(today, WEEKLY_AT),
                zone=zone,
            ),
            now=now,
            grace_minutes=SCHEDULE_GRACE_MINUTES,
            ref_id=share.id,
            payload={"share_id": share.id},
        )
    if share.quiet_days > 0:
        await add_schedule(
            session,
            patient_id=patient.id,
            kind=CARE_QUIET,
            recurrence=Recurrence.daily(QUIET_AT, zone, today),
            now=now,
            grace_minutes=SCHEDULE_GRACE_MINUTES,
            ref_id=share.id,
            payload={"share_id": share.id},
        )
    await event_host(session, share, patient, now, default_zone)


async def event_host(
    session: AsyncSession, share: Share, patient: Patient, now: datetime, default_zone: str = "UTC"
) -> Schedule:
    """The share's ``care_event`` schedule (made once): ended from the start, so it never falls
    due itself; alerts are occurrences added to it."""
    stmt = select(Schedule).where(
        col(Schedule.patient_id) == share.patient_id,
        col(Schedule.kind) == CARE_EVENT,
        col(Schedule.ref_id) == share.id,
    )
    host = (await session.exec(stmt)).first()
    if host is None:
        zone = patient.timezone or default_zone
        host = Schedule(
            patient_id=share.patient_id,
            kind=CARE_EVENT,
            rule=ONCE,
            start_local=now.astimezone(get_zone(zone)).replace(tzinfo=None, microsecond=0),
            timezone=zone,
            state=ScheduleState.ENDED,
            next_due_at=None,
            grace_minutes=int(ALERT_GRACE.total_seconds() // 60),
            ref_id=share.id,
            created_at=now,
        )
        session.add(host)
        await session.flush()
    return host


async def fan_out(
    session: AsyncSession,
    patient: Patient,
    *,
    grant: str,
    kind: str,
    due_at: datetime,
    now: datetime,
    payload: dict[str, Any],
) -> int:
    """An alert to every caregiver of the patient granted ``grant`` (a ``Share`` column):
    one occurrence each, unique by its share and ``due_at``, so doing it twice adds nothing.
    How many are new."""
    assert patient.id is not None
    stmt = select(Share).where(col(Share.patient_id) == patient.id, col(getattr(Share, grant)))
    added = 0
    for share in (await session.exec(stmt)).all():
        host = await event_host(session, share, patient, now)
        assert host.id is not None
        added += await add_occurrence(
            session,
            schedule_id=host.id,
            patient_id=patient.id,
            kind=kind,
            due_at=due_at,
            now=now,
            grace=ALERT_GRACE,
            payload={**payload, "share_id": share.id},
        )
    return added


async def end_share(session: AsyncSession, share: Share) -> None:
    """End a share: its schedules stop, what they had waiting is dropped, the row goes; a
    caregiver who now follows no one is forgotten (nothing is kept that serves nothing)."""
    assert share.id is not None
    await cancel_schedules(
        session, patient_id=share.patient_id, kinds=list(CARE_KINDS), ref_id=share.id
    )
    await session.delete(share)
    await session.flush()
    await forget_unused(session, [share.caregiver_id])


async def forget_unused(session: AsyncSession, caregiver_ids: Sequence[int]) -> None:
    """Delete the caregivers among these who follow no one any more."""
    if not caregiver_ids:
        return
    following = select(Share.caregiver_id).where(col(Share.caregiver_id).in_(caregiver_ids))
    await session.exec(
        delete(Caregiver).where(
            col(Caregiver.id).in_(caregiver_ids), col(Caregiver.id).not_in(following)
        )
    )


async def delete_caregiver(session: AsyncSession, caregiver: Caregiver) -> list[Share]:
    """Delete what belongs to a caregiver (their row and every share): the shares that ended,
    so that each patient can be told."""
    assert caregiver.id is not None
    shares = await shares_of_caregiver(session, caregiver.id)
    for share in shares:
        await end_share(session, share)
    await session.exec(delete(Caregiver).where(col(Caregiver.id) == caregiver.id))
    return shares
