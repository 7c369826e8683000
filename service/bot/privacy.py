"""/privacy: what is stored, why, who can see it, for how long, and how to export or delete it.

Works before /start too (someone deciding whether to agree should be able to read it) and stores
nothing then. Once the patient agreed, it also says when, and to which version of the text.
"""

from __future__ import annotations

from datetime import UTC

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, filters

from service.bot.checkin import Reply, send_reply
from service.bot.common import chat_id_of, get_patient, has_consented
from service.bot.state import Context
from service.db.models import Patient
from service.texts import fmt_date, fmt_time, t

COMMANDS: tuple[str, ...] = ("privacy",)


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


async def privacy_command(update: Update, context: Context) -> None:
    """/privacy: the privacy statement (stores nothing)."""
    async with context.bot_data.db.transaction() as session:
        patient = await get_patient(session, chat_id_of(update))
        reply = Reply(privacy_text(patient))
    await send_reply(update, reply)


def handlers() -> list[BaseHandler[Update, Context, None]]:
    """This feature's handlers."""
    return [CommandHandler("privacy", privacy_command, filters=filters.ChatType.PRIVATE)]
