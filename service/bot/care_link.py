"""/share doctor: a read-only link to the patient's report (PDF) and record (FHIR) for the care
team, valid for a chosen time (default 14 days) and revocable in /share.

- In webhook mode the bot runs a web server: the link is ``<WEBHOOK_URL's origin>/care/<token>``
  (the PDF) and ``.../fhir`` (the FHIR R4 Bundle), served by ``serve_care_file``.
- Otherwise the link is ``t.me/<bot>?start=d_<token>``: the doctor opens it in Telegram and is
  sent both as files. The first account that opens it is bound to it; anyone else is refused.

Only the token's SHA-256 is stored. A forged, expired or revoked token, or another account's,
gets one reply that says nothing about whose link it was.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlparse

from sqlmodel.ext.asyncio.session import AsyncSession

from service.bot import data
from service.bot.common import when_in
from service.bot.feature import Feature, StartLink
from service.bot.kit import (
    Attachment,
    Buttons,
    Reply,
    Turn,
    expired,
    unit_of_work,
    update_language,
)
from service.bot.sharing_store import create_link, link_by_token
from service.bot.sharing_views import (
    DoctorTap,
    RevokeLinkTap,
    doctor_days_keyboard,
    sender_name,
)
from service.bot.state import AppState
from service.config import Settings
from service.db.models import CareLink, Patient
from service.domain.sharing import (
    LINK_DAYS_CHOICES,
    LinkKind,
    read_start_payload,
    start_payload,
)
from service.domain.timezones import get_zone, local_date
from service.reports import DEFAULT_REPORT_DAYS, prepare_report, render_report, report_filename
from service.reports import fhir as fhir_export
from service.texts import t

log = logging.getLogger(__name__)
FHIR_FILENAME = "hfs-record-fhir.json"


def bot_link(turn: Turn, kind: LinkKind, token: str) -> str:
    """The deep link that carries ``token``."""
    return f"https://t.me/{turn.update.get_bot().username}?start={start_payload(kind, token)}"


def web_base(settings: Settings) -> str | None:
    """The origin the bot's own web server answers at (webhook mode), else None."""
    if not settings.webhook_url:
        return None
    url = urlparse(settings.webhook_url)
    return f"{url.scheme}://{url.netloc}"


# ---- the files ----------------------------------------------------------------------------------
@dataclass
class CareFiles:
    """The report and the FHIR record of one patient, to be made after the transaction."""

    pdf: Callable[[], bytes]
    pdf_name: str
    fhir: Callable[[], bytes]
    made: datetime


async def care_files(
    session: AsyncSession, patient: Patient, now: datetime, default_zone: str, lang: str
) -> CareFiles:
    """Read what the report (the last 90 days, as /report) and the FHIR record need."""
    assert patient.id is not None
    report = await prepare_report(session, patient, DEFAULT_REPORT_DAYS, now, default_zone, lang)
    dumps = await data.collect(await session.connection(), patient.id)
    today = local_date(now, get_zone(patient.timezone or default_zone))
    seed = uuid.uuid4()

    def fhir_bytes() -> bytes:
        tables = {dump.name: dump.rows for dump in dumps}
        bundle = fhir_export.bundle(tables, exported_at=now, today=today, seed=seed, lang=lang)
        return json.dumps(bundle, ensure_ascii=False, indent=2).encode("utf-8")

    return CareFiles(lambda: render_report(report), report_filename(report.made), fhir_bytes, now)


async def serve_care_file(state: AppState, token: str, what: str) -> tuple[int, str, bytes]:
    """A GET on the web link: (HTTP status, content type, body). Anything but a working link
    is a plain 404 that names nothing."""
    not_found = (404, "text/plain; charset=utf-8", b"Not found\n")
    if what not in {"pdf", "fhir"} or read_start_payload(f"d_{token}") is None:
        return not_found
    now = state.clock.now()
    async with unit_of_work(state) as session:
        link = await link_by_token(session, token, now)
        patient = await session.get(Patient, link.patient_id) if link is not None else None
        if link is None or patient is None or patient.consent_at is None:
            return not_found
        link.opened_at, link.opens = now, link.opens + 1
        link.viewer_name = link.viewer_name or "web"
        session.add(link)
        zone = state.settings.default_timezone
        files = await care_files(session, patient, now, zone, patient.language)
    if what == "fhir":
        return 200, "application/fhir+json; charset=utf-8", await asyncio.to_thread(files.fhir)
    return 200, "application/pdf", await asyncio.to_thread(files.pdf)


# ---- making and revoking a link -----------------------------------------------------------------
def ask_days(turn: Turn, *, edit: bool = False) -> Reply:
    """How long should the link work?"""
    return Reply(turn.t("share_doctor_intro"), doctor_days_keyboard(turn.lang), edit=edit)


BUTTONS = Buttons()


@BUTTONS.on(DoctorTap)
async def doctor_tapped(turn: Turn, tap: DoctorTap) -> Reply:
    """A link for ``days`` days: on the bot's web server, or to open in Telegram."""
    if tap.days == 0:
        return ask_days(turn, edit=True)
    if tap.days not in LINK_DAYS_CHOICES:
        return expired(turn)
    link, token = await create_link(turn.session, turn.me, tap.days, turn.now)
    when = when_in(link.expires_at, turn.zone_name, turn.lang)
    base = web_base(turn.settings)
    if base is not None:
        url = f"{base}/care/{token}"
        text = turn.t("share_doctor_made_web", when=when, link=url, fhir=f"{url}/fhir")
        return Reply(text, edit=True)
    name = sender_name(turn.update.effective_user)
    forward = turn.t(
        "share_doctor_forward", name=name, link=bot_link(turn, LinkKind.DOCTOR, token), when=when
    )
    return Reply(turn.t("share_doctor_made_chat", when=when), edit=True, then=Reply(forward))


@BUTTONS.on(RevokeLinkTap)
async def revoke(turn: Turn, tap: RevokeLinkTap) -> Reply:
    """Revoke a care-team link: it stops working at once."""
    link = await turn.session.get(CareLink, tap.link, with_for_update=True)
    if link is None or link.patient_id != turn.me.id:
        return expired(turn)
    link.revoked_at = link.revoked_at or turn.now
    turn.session.add(link)
    return Reply(turn.t("share_link_revoked"), edit=True)


# ---- opening it in Telegram ---------------------------------------------------------------------
async def on_start_link(turn: Turn, event: StartLink) -> Reply | None:
    """/start d_<token>: the report and the record, to the account the link is bound to."""
    found = read_start_payload(event.payload)
    if found is None or found[0] is not LinkKind.DOCTOR:
        return None
    lang = turn.patient.language if turn.patient is not None else update_language(turn.update)
    invalid = Reply(t("doctor_link_invalid", lang))
    link = await link_by_token(turn.session, found[1], turn.now)
    patient = await turn.session.get(Patient, link.patient_id) if link is not None else None
    if link is None or patient is None or patient.consent_at is None:
        return invalid
    if patient.chat_id == turn.chat_id:
        return Reply(t("share_doctor_own", lang))
    if link.viewer_chat_id is not None and link.viewer_chat_id != turn.chat_id:
        return invalid
    user = turn.update.effective_user
    viewer = sender_name(user)
    if user is not None and user.username:
        viewer = f"{viewer} (@{user.username})"[:128]
    first = link.viewer_chat_id is None
    link.viewer_chat_id, link.viewer_name = turn.chat_id, viewer
    link.opened_at, link.opens = turn.now, link.opens + 1
    turn.session.add(link)
    if first:
        turn.tell(patient.chat_id, t("share_link_opened_notice", patient.language, name=viewer))
    files = await care_files(turn.session, patient, turn.now, turn.default_zone, lang)
    zone = patient.timezone or turn.default_zone
    caption = t(
        "doctor_report_caption",
        lang,
        when=when_in(turn.now, zone, lang),
        until=when_in(link.expires_at, zone, lang),
    )
    record = Reply(
        t("doctor_fhir_caption", lang), attachment=Attachment(files.fhir, FHIR_FILENAME)
    )
    return Reply(caption, attachment=Attachment(files.pdf, files.pdf_name), then=record)


FEATURE = Feature(
    name="care_link",
    buttons=BUTTONS,
    listens={StartLink: on_start_link},
)
