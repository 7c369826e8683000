"""/privacy: what is stored, why, who can see it, for how long, and how to export or delete it.

Works before /start too (someone deciding whether to agree should be able to read it) and stores
nothing then. Once the patient agreed, it also says when, and to which version of the text.
"""

from __future__ import annotations

from datetime import UTC

from service.bot.common import has_consented
from service.bot.feature import Command, Feature
from service.bot.kit import Access, Reply, Turn
from service.db.models import Patient
from service.texts import fmt_date, fmt_time, t


def privacy_text(patient: Patient | None) -> str:
    """The privacy statement, with the patient's consent (time and text version) if given."""
    lang = patient.language if patient is not None else "en"
    text = t("privacy_text", lang)
    if patient is not None and has_consented(patient) and patient.consent_at is not None:
        agreed = patient.consent_at.astimezone(UTC)
        consent = t(
            "privacy_consent_given",
            lang,
            date=fmt_date(agreed.date(), lang) + f" {agreed.year}",
            time=fmt_time(agreed, lang),
            version=patient.consent_version or "?",
        )
    else:
        consent = t("privacy_consent_none", lang)
    return f"{text}\n\n{consent}"


async def privacy(turn: Turn, _args: str) -> Reply:
    """/privacy: the privacy statement (stores nothing, works before /start too)."""
    return Reply(privacy_text(turn.patient))


FEATURE = Feature(name="privacy", commands=(Command("privacy", privacy, access=Access.ANYONE),))
