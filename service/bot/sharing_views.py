"""What sharing shows: the buttons' payloads, the /share views of a patient and of a caregiver,
the grant switches, and each grant in words (for the patient, and for the caregiver).

Every payload names the row it acts on; the actions check that the row belongs to the tapping
chat (service/bot/sharing.py), so a forged or replayed button changes nothing. The invitation's
Agree button carries the invitation's token itself: it is what the invitee was given, and the
only thing that proves they were.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, Self

from telegram import InlineKeyboardMarkup, User

from service.bot.callbacks import Callback, callback
from service.bot.common import when_in
from service.bot.kit import keyboard
from service.bot.sharing_store import grants_of, label
from service.db.models import Caregiver, CareLink, Share, ShareInvite
from service.domain.sharing import LINK_DAYS_CHOICES, Grants
from service.domain.timezones import get_zone
from service.texts import fmt_date, t
from service.texts.keys import MessageKey


# ---- payloads -----------------------------------------------------------------------------------
@callback("sh:new")
@dataclass(frozen=True)
class InviteTap(Callback):
    """➕ Invite someone: the grant switches for a new invitation."""


@dataclass(frozen=True)
class _Switches(Callback):
    """The grant switches' state (``share`` 0: a new invitation)."""

    share: int
    weekly: bool
    quiet: int
    flags: bool
    appts: bool
    notes: bool

    @classmethod
    def of(cls, share: int, g: Grants) -> Self:
        """The payload for ``g`` on share ``share``."""
        return cls(share, g.weekly, g.quiet_days, g.red_flags, g.appointments, g.notes)

    @property
    def grants(self) -> Grants | None:
        """The state as grants; None for a quiet count no switch offers (a forged button)."""
        try:
            return Grants(self.weekly, self.quiet, self.flags, self.appts, self.notes)
        except ValueError:
            return None


@callback("sh:g:{share}:{weekly}:{quiet}:{flags}:{appts}:{notes}")
@dataclass(frozen=True)
class GrantsTap(_Switches):
    """The switches showing this state. Each switch carries the state after its own flip, so
    nothing is stored until Create or Save."""


@callback("sh:c:{share}:{weekly}:{quiet}:{flags}:{appts}:{notes}")
@dataclass(frozen=True)
class CommitTap(_Switches):
    """Create the invitation (``share`` 0) or save a share's grants, as shown."""


@callback("sh:end:{share}:{answer}")
@dataclass(frozen=True)
class EndTap(Callback):
    """End a share: ``ask`` for the question, ``y``/``n`` for its answer (either side)."""

    share: int
    answer: Literal["ask", "y", "n"]


@callback("sh:xi:{invite}")
@dataclass(frozen=True)
class CancelInviteTap(Callback):
    """Cancel an invitation not used yet."""

    invite: int


@callback("sh:doc:{days}")
@dataclass(frozen=True)
class DoctorTap(Callback):
    """A care-team link for ``days`` days (0: the question how long)."""

    days: int


@callback("sh:xl:{link}")
@dataclass(frozen=True)
class RevokeLinkTap(Callback):
    """Revoke a care-team link."""

    link: int


@callback("sh:back")
@dataclass(frozen=True)
class BackTap(Callback):
    """Back to /share."""


@callback("sj:{answer}:{token}")
@dataclass(frozen=True)
class JoinTap(Callback):
    """The invitee's answer, with the invitation's token."""

    answer: Literal["y", "n"]
    token: str


# ---- grants in words ----------------------------------------------------------------------------
def grant_words(grants: Grants, lang: str) -> str:
    """What a caregiver gets, on one line, as the patient reads it."""
    parts = []
    if grants.weekly:
        parts.append(t("share_grant_weekly_notes" if grants.notes else "share_grant_weekly", lang))
    if grants.quiet_days:
        parts.append(t("share_grant_quiet", lang, days=grants.quiet_days))
    if grants.red_flags:
        parts.append(t("share_grant_flags", lang))
    if grants.appointments:
        parts.append(t("share_grant_appts", lang))
    return "; ".join(parts) or t("share_grant_nothing", lang)


def caregiver_grant_lines(grants: Grants, name: str, lang: str) -> str:
    """What a caregiver gets, one bullet per line, as the caregiver reads it."""
    lines = []
    if grants.weekly:
        key: MessageKey = "care_grant_weekly_notes" if grants.notes else "care_grant_weekly"
        lines.append(t(key, lang, name=name))
    if grants.quiet_days:
        lines.append(t("care_grant_quiet", lang, name=name, days=grants.quiet_days))
    if grants.red_flags:
        lines.append(t("care_grant_flags", lang, name=name))
    if grants.appointments:
        lines.append(t("care_grant_appts", lang, name=name))
    return "\n".join(lines) or t("care_grant_nothing", lang)


# ---- the grant switches -------------------------------------------------------------------------
def _switch(on: bool, label: str) -> str:
    return f"{'✅' if on else '⬜'} {label}"


def grants_keyboard(share_id: int, grants: Grants, lang: str) -> InlineKeyboardMarkup:
    """One switch per grant (each carries the state after its flip), then Create or Save."""
    g = grants

    def tap(new: Grants) -> GrantsTap:
        return GrantsTap.of(share_id, new)

    quiet = (
        t("share_tg_quiet", lang, days=g.quiet_days)
        if g.quiet_days
        else t("share_tg_quiet_off", lang)
    )
    commit = CommitTap.of(share_id, g)
    done = t("share_btn_save" if share_id else "share_btn_create", lang)
    return keyboard(
        [
            [(_switch(g.weekly, t("share_tg_weekly", lang)), tap(_flip(g, "weekly")))],
            [(_switch(g.notes, t("share_tg_notes", lang)), tap(_flip(g, "notes")))],
            [(_switch(g.quiet_days > 0, quiet), tap(g.next_quiet()))],
            [(_switch(g.red_flags, t("share_tg_flags", lang)), tap(_flip(g, "red_flags")))],
            [(_switch(g.appointments, t("share_tg_appts", lang)), tap(_flip(g, "appointments")))],
            [(done, commit)],
            [(t("share_btn_back", lang), BackTap())],
        ]
    )


def _flip(g: Grants, name: str) -> Grants:
    return replace(g, **{name: not getattr(g, name)})


def grants_text(name: str | None, lang: str) -> str:
    """The question above the switches."""
    head = t("share_grants_existing", lang, name=name) if name else t("share_grants_new", lang)
    return head + "\n\n" + t("share_grants_never", lang)


# ---- /share -------------------------------------------------------------------------------------
def patient_view(
    shares: list[tuple[Share, Caregiver]],
    invites: list[ShareInvite],
    links: list[CareLink],
    zone: str,
    lang: str,
) -> tuple[str, InlineKeyboardMarkup]:
    """The patient's /share: who follows the diary and what they get, open invitations and
    links, with a button to change or end each."""
    lines = [t("share_intro", lang), ""]
    rows: list[list[tuple[str, Callback]]] = []
    if shares:
        lines.append(t("share_list_title", lang))
        for share, caregiver in shares:
            assert share.id is not None
            lines.append(
                t(
                    "share_item",
                    lang,
                    name=display_name(caregiver),
                    date=fmt_date(share.created_at.astimezone(get_zone(zone)).date(), lang),
                    grants=grant_words(grants_of(share), lang),
                )
            )
            change = GrantsTap.of(share.id, grants_of(share))
            rows.append([(t("share_btn_change", lang, name=caregiver.name), change)])
            rows.append([(t("share_btn_end", lang, name=caregiver.name), EndTap(share.id, "ask"))])
    else:
        lines.append(t("share_none", lang))
    for invite in invites:
        assert invite.id is not None
        when = when_in(invite.expires_at, zone, lang)
        lines.append(t("share_invite_item", lang, when=when))
        rows.append([(t("share_btn_cancel_invite", lang, when=when), CancelInviteTap(invite.id))])
    if links:
        lines += ["", t("share_links_title", lang)]
    for link in links:
        assert link.id is not None
        when = when_in(link.expires_at, zone, lang)
        opened = (
            t(
                "share_link_opened",
                lang,
                name=link.viewer_name or "?",
                when=when_in(link.opened_at, zone, lang),
            )
            if link.opened_at is not None
            else t("share_link_not_opened", lang)
        )
        lines.append(t("share_link_item", lang, when=when, opened=opened))
        rows.append([(t("share_btn_revoke_link", lang, when=when), RevokeLinkTap(link.id))])
    rows.append([(t("share_btn_invite", lang), InviteTap())])
    rows.append([(t("share_btn_doctor", lang), DoctorTap(0))])
    return "\n".join(lines), keyboard(rows)


def caregiver_view(
    shares: list[Share], zone: str, lang: str
) -> tuple[str, InlineKeyboardMarkup | None]:
    """A caregiver's /share: whose diary they follow, and a Stop button for each."""
    if not shares:
        return t("care_none", lang), None
    lines = [t("care_following_title", lang)]
    rows: list[list[tuple[str, Callback]]] = []
    for share in shares:
        assert share.id is not None
        lines.append(
            t(
                "care_following_item",
                lang,
                name=share.patient_label,
                date=fmt_date(share.created_at.astimezone(get_zone(zone)).date(), lang),
                grants=caregiver_grant_lines(grants_of(share), share.patient_label, lang),
            )
        )
        rows.append(
            [(t("care_btn_stop", lang, name=share.patient_label), EndTap(share.id, "ask"))]
        )
    return "\n".join(lines), keyboard(rows)


def sender_name(user: User | None) -> str:
    """The name of whoever sent an update, as Telegram gives it (first and last)."""
    return label(user.first_name if user else None, user.last_name if user else None)


def display_name(caregiver: Caregiver) -> str:
    """'Bob (@bob)', or just the name."""
    return f"{caregiver.name} (@{caregiver.username})" if caregiver.username else caregiver.name


def doctor_days_keyboard(lang: str) -> InlineKeyboardMarkup:
    """How long the care team's link works."""
    return keyboard(
        [
            [(t("share_doctor_days", lang, days=d), DoctorTap(d)) for d in LINK_DAYS_CHOICES],
            [(t("share_btn_back", lang), BackTap())],
        ]
    )
