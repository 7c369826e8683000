"""/share: a caregiver follows the patient's diary, read-only, with what the patient chose.

- The patient makes a one-time invitation (``t.me/<bot>?start=c_<token>``, 48 hours) with the
  grants switched on, and forwards it. Whoever opens it sees exactly what they would get and
  agrees (or not); the patient is told who joined.
- /share lists who follows the diary (change what each gets, or end it), open invitations and
  care-team links; a caregiver's /share lists whose diary they follow (stop following).
- Either side can end a share at any time; the other side is told.

Nothing a caregiver taps can touch the patient's rows: every action checks that the row it names
belongs to the tapping chat (as patient or as caregiver). A forged, reused, expired or revoked
token gets the same reply, which says nothing about whose it was.
"""

from __future__ import annotations

import logging

from service.bot import care_link
from service.bot.care_link import bot_link
from service.bot.common import when_in
from service.bot.feature import Command, Feature, StartLink, WarningSignTicked
from service.bot.kit import Access, Buttons, Reply, Turn, expired, keyboard, update_language
from service.bot.sharing_alerts import occurrence_handlers
from service.bot.sharing_store import (
    CARE_FLAG,
    caregiver_of_chat,
    create_invite,
    end_share,
    fan_out,
    grants_of,
    invite_by_token,
    join,
    open_invites,
    open_links,
    own_share,
    plan_share,
    set_grants,
    shares_of_caregiver,
    shares_of_patient,
)
from service.bot.sharing_views import (
    BackTap,
    CancelInviteTap,
    CommitTap,
    EndTap,
    GrantsTap,
    InviteTap,
    JoinTap,
    caregiver_grant_lines,
    caregiver_view,
    display_name,
    grant_words,
    grants_keyboard,
    grants_text,
    patient_view,
    sender_name,
)
from service.db.models import Caregiver, Patient, Share, ShareInvite
from service.domain.sharing import Grants, LinkKind, read_start_payload
from service.texts import said, t
from service.texts.keys import MessageKey

log = logging.getLogger(__name__)


# ---- who is tapping -----------------------------------------------------------------------------
def consented(turn: Turn) -> Patient | None:
    """The tapping chat's patient, once they agreed at /start."""
    patient = turn.patient
    return patient if patient is not None and patient.consent_at is not None else None


# ---- /share -------------------------------------------------------------------------------------
async def share_command(turn: Turn, args: str) -> Reply:
    """/share: the patient's sharing, and the diaries this chat follows as a caregiver;
    ``/share doctor``: a link for the care team."""
    patient = consented(turn)
    if patient is not None and said(args, "kw_doctor", turn.lang):
        return care_link.ask_days(turn)
    caregiver = await caregiver_of_chat(turn.session, turn.chat_id)
    if patient is None and caregiver is None:
        return Reply(t("need_start" if turn.patient is None else "consent_needed", turn.lang))
    reply = await _patient_reply(turn, patient) if patient is not None else None
    if caregiver is not None:
        cared = await _caregiver_reply(turn, caregiver)
        reply = cared if reply is None else reply.followed_by(cared)
    assert reply is not None
    return reply


async def _patient_reply(turn: Turn, patient: Patient, *, edit: bool = False) -> Reply:
    assert patient.id is not None
    shares = await shares_of_patient(turn.session, patient.id)
    invites = await open_invites(turn.session, patient.id, turn.now)
    links = await open_links(turn.session, patient.id, turn.now)
    text, markup = patient_view(shares, invites, links, turn.zone_name, turn.lang)
    return Reply(text, markup, edit=edit)


async def _caregiver_reply(turn: Turn, caregiver: Caregiver) -> Reply:
    assert caregiver.id is not None
    shares = await shares_of_caregiver(turn.session, caregiver.id)
    text, markup = caregiver_view(shares, turn.zone_name, _caregiver_lang(turn, caregiver))
    return Reply(text, markup)


def _caregiver_lang(turn: Turn, caregiver: Caregiver) -> str:
    return turn.patient.language if turn.patient is not None else caregiver.language


# ---- the invitation -----------------------------------------------------------------------------
BUTTONS = Buttons()


@BUTTONS.on(InviteTap)
async def invite_tapped(turn: Turn, _tap: InviteTap) -> Reply:
    """➕ Invite someone: the switches, at their defaults."""
    return Reply(grants_text(None, turn.lang), grants_keyboard(0, Grants(), turn.lang), edit=True)


@BUTTONS.on(GrantsTap)
async def grants_tapped(turn: Turn, tap: GrantsTap) -> Reply:
    """A switch: the same screen with it flipped (nothing stored yet)."""
    grants = tap.grants
    if grants is None:
        return expired(turn)
    name = None
    if tap.share:
        share = await own_share(turn.session, tap.share, patient_id=turn.me.id or 0)
        if share is None:
            return expired(turn)
        name = await _caregiver_name(turn, share)
    return Reply(
        grants_text(name, turn.lang), grants_keyboard(tap.share, grants, turn.lang), edit=True
    )


async def _caregiver_name(turn: Turn, share: Share) -> str:
    caregiver = await turn.session.get(Caregiver, share.caregiver_id)
    return caregiver.name if caregiver is not None else "?"


@BUTTONS.on(CommitTap)
async def commit_tapped(turn: Turn, tap: CommitTap) -> Reply:
    """Create the invitation, or save what a caregiver gets (and tell them)."""
    grants = tap.grants
    if grants is None:
        return expired(turn)
    if not grants.anything:
        return Reply("", toast=turn.t("share_nothing_chosen"))
    patient = turn.me
    if tap.share == 0:
        name = sender_name(turn.update.effective_user)
        invite, token = await create_invite(turn.session, patient, name, grants, turn.now)
        when = when_in(invite.expires_at, turn.zone_name, turn.lang)
        link = bot_link(turn, LinkKind.INVITE, token)
        forward = Reply(turn.t("share_invite_forward", name=name, link=link, when=when))
        return Reply(turn.t("share_invite_made", when=when), edit=True, then=forward)
    share = await own_share(turn.session, tap.share, patient_id=patient.id or 0)
    if share is None:
        return expired(turn)
    set_grants(share, grants)
    turn.session.add(share)
    await plan_share(turn.session, share, patient, turn.now, turn.default_zone)
    caregiver = await turn.session.get(Caregiver, share.caregiver_id)
    if caregiver is not None:
        lines = caregiver_grant_lines(grants, share.patient_label, caregiver.language)
        text = t("care_grants_changed", caregiver.language, name=share.patient_label, grants=lines)
        turn.tell(caregiver.chat_id, text)
    name = caregiver.name if caregiver is not None else "?"
    saved = turn.t("share_saved", name=name, grants=grant_words(grants, turn.lang))
    return Reply(saved, edit=True)


@BUTTONS.on(CancelInviteTap)
async def cancel_invite(turn: Turn, tap: CancelInviteTap) -> Reply:
    """Cancel an invitation not used yet: its link stops working."""
    invite = await turn.session.get(ShareInvite, tap.invite, with_for_update=True)
    if invite is None or invite.patient_id != turn.me.id or invite.used_at is not None:
        return expired(turn)
    invite.revoked_at = invite.revoked_at or turn.now
    turn.session.add(invite)
    reply = await _patient_reply(turn, turn.me, edit=True)
    reply.toast = turn.t("share_invite_cancelled")
    return reply


@BUTTONS.on(BackTap)
async def back(turn: Turn, _tap: BackTap) -> Reply:
    """Back to /share."""
    return await _patient_reply(turn, turn.me, edit=True)


# ---- joining ------------------------------------------------------------------------------------
async def on_start_link(turn: Turn, event: StartLink) -> Reply | None:
    """/start with an invitation's or a care-team link's token."""
    found = read_start_payload(event.payload)
    if found is None:
        return None
    kind, token = found
    return await _offer(turn, token) if kind is LinkKind.INVITE else None


async def _offer(turn: Turn, token: str) -> Reply:
    """What the invitee would get, with Agree and No, thanks."""
    invite = await invite_by_token(turn.session, token, turn.now)
    if invite is None:
        return Reply(turn.t("care_link_invalid"))
    patient = await turn.session.get(Patient, invite.patient_id)
    if patient is None:
        return Reply(turn.t("care_link_invalid"))
    if patient.chat_id == turn.chat_id:
        return Reply(turn.t("care_join_own"))
    name = invite.patient_label
    lines = caregiver_grant_lines(grants_of(invite), name, turn.lang)
    return Reply(
        turn.t("care_join_offer", name=name, grants=lines),
        keyboard(
            [
                [(turn.t("care_btn_agree"), JoinTap("y", token))],
                [(turn.t("care_btn_decline"), JoinTap("n", token))],
            ]
        ),
    )


@BUTTONS.on(JoinTap, access=Access.ANYONE)
async def join_tapped(turn: Turn, tap: JoinTap) -> Reply:
    """Agree: the invitation is used and the chat follows the diary; the patient is told."""
    invite = await invite_by_token(turn.session, tap.token, turn.now)
    patient = await turn.session.get(Patient, invite.patient_id) if invite else None
    if invite is None or patient is None:
        return Reply(turn.t("care_link_invalid"), edit=True)
    if patient.chat_id == turn.chat_id:
        return Reply(turn.t("care_join_own"), edit=True)
    if tap.answer == "n":
        return Reply(turn.t("care_declined"), edit=True)
    user = turn.update.effective_user
    lang = turn.patient.language if turn.patient is not None else update_language(turn.update)
    share, caregiver = await join(
        turn.session,
        invite,
        chat_id=turn.chat_id,
        name=sender_name(user),
        username=user.username if user else None,
        language=lang,
        patient=patient,
        now=turn.now,
        default_zone=turn.default_zone,
    )
    grants = grants_of(share)
    notice = t(
        "share_joined_notice",
        patient.language,
        name=display_name(caregiver),
        grants=grant_words(grants, patient.language),
    )
    turn.tell(patient.chat_id, notice)
    lines = caregiver_grant_lines(grants, share.patient_label, lang)
    return Reply(t("care_joined", lang, name=share.patient_label, grants=lines), edit=True)


# ---- ending -------------------------------------------------------------------------------------
@BUTTONS.on(EndTap, access=Access.ANYONE)
async def end_tapped(turn: Turn, tap: EndTap) -> Reply:
    """End a share, from either side: asked first; then the other side is told."""
    share = await turn.session.get(Share, tap.share, with_for_update=True)
    if share is None:
        return expired(turn)
    caregiver = await turn.session.get(Caregiver, share.caregiver_id)
    patient = await turn.session.get(Patient, share.patient_id)
    if caregiver is None or patient is None:
        return expired(turn)
    mine = consented(turn)
    as_patient = mine is not None and mine.id == share.patient_id
    if not as_patient and caregiver.chat_id != turn.chat_id:
        return expired(turn)  # neither the patient's nor the caregiver's: forged or stale
    lang = turn.lang if turn.patient is not None else caregiver.language
    if tap.answer == "ask":
        key: MessageKey = "share_end_confirm" if as_patient else "care_stop_confirm"
        name = caregiver.name if as_patient else share.patient_label
        yes = t("share_btn_end_yes" if as_patient else "care_btn_stop_yes", lang)
        rows = [
            [(yes, EndTap(tap.share, "y"))],
            [(t("share_btn_keep", lang), EndTap(tap.share, "n"))],
        ]
        return Reply(t(key, lang, name=name), keyboard(rows), edit=True)
    if tap.answer == "n":
        return Reply(t("share_kept", lang), edit=True)
    await end_share(turn.session, share)
    if as_patient:
        text = t("care_ended_by_patient", caregiver.language, name=share.patient_label)
        turn.tell(caregiver.chat_id, text)
        return Reply(t("share_ended", lang, name=caregiver.name), edit=True)
    turn.tell(
        patient.chat_id, t("share_ended_by_caregiver", patient.language, name=caregiver.name)
    )
    return Reply(t("care_stopped", lang, name=share.patient_label), edit=True)


# ---- alerts the patient's own answers raise -----------------------------------------------------
async def on_warning_sign(turn: Turn, event: WarningSignTicked) -> Reply | None:
    """A warning sign was ticked: an alert to each caregiver granted it, at once; the patient
    is told who was let know."""
    assert turn.me.id is not None
    told = [c.name for s, c in await shares_of_patient(turn.session, turn.me.id) if s.red_flags]
    if not told:
        return None
    await fan_out(
        turn.session,
        turn.me,
        grant="red_flags",
        kind=CARE_FLAG,
        due_at=turn.now,
        now=turn.now,
        payload={"check_id": event.check_id, "flags": list(event.flags)},
    )
    return Reply(turn.t("share_flag_told", names=", ".join(told)))


FEATURE = Feature(
    name="sharing",
    commands=(Command("share", share_command, access=Access.ANYONE),),
    buttons=BUTTONS,
    occurrences=occurrence_handlers,
    listens={StartLink: on_start_link, WarningSignTicked: on_warning_sign},
)
