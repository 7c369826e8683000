"""Everything that is not a feature: free text, /help, odd input, groups, errors.

A typed reply goes to the question that is open (the patient's dialog state, through the
registry's one table of typed answers); with none open the patient gets a short hint. Nothing a
patient sends goes unanswered.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping

from telegram import Bot, Update
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from service.bot import contacts, registry
from service.bot.callbacks import decode
from service.bot.dialog import Waiting, dialog_of
from service.bot.feature import AnswerFn
from service.bot.kit import (
    Access,
    Handler,
    Reply,
    Turn,
    find_patient,
    run_turn,
    send_reply,
    unit_of_work,
    update_language,
)
from service.bot.state import Context
from service.domain.reader import read_yes_no
from service.scheduling.dispatcher import outcome_unknown
from service.texts import DEFAULT_LANGUAGE, LANGUAGES, keywords, t
from service.texts.families import COMMAND, EXAMPLE

log = logging.getLogger(__name__)


def telegram_code(lang: str) -> str | None:
    """The two-letter code Telegram files a language's menu under; English is the default."""
    return None if lang == DEFAULT_LANGUAGE else lang.split("_", 1)[0]


async def publish_profile(bot: Bot) -> None:
    """The command menu, the description and the short description in every language we speak
    (Telegram shows each user the one for their app's language; English is the default)."""
    for lang in LANGUAGES:
        code = telegram_code(lang)
        await bot.set_my_commands(registry.bot_commands(lang), language_code=code)
        await bot.set_my_description(t("bot_description", lang), language_code=code)
        await bot.set_my_short_description(t("bot_short_description", lang), language_code=code)


def help_text(lang: str = "en", phones: list[str] | None = None) -> str:
    """/help: every command with its description (and an example where it takes arguments),
    then the patient's care-team numbers, if any, and what the bot is not."""
    lines = [t("help_intro", lang)]
    for name in registry.all_commands():
        line = f"/{name} – {t(COMMAND[name], lang)}"
        if name in EXAMPLE:
            line += f" ({t(EXAMPLE[name], lang)})"
        lines.append(line)
    if phones:
        lines += ["", t("help_phones", lang), *phones]
    return "\n".join([*lines, "", t("help_footer", lang)])


async def _help(turn: Turn) -> Reply:
    consented = turn.patient is not None and turn.patient.consent_at is not None
    phones = contacts.care_team_lines(turn.me) if consented else []
    return Reply(help_text(turn.lang, phones))


async def back_in_touch(update: Update, context: Context) -> str:
    """The patient wrote to us, so they no longer block the bot: active again.

    Telegram's "unblocked" update can be missed; handlers that load the patient anyway do this
    in ``get_patient``, the few that never touch the database call this.
    """
    async with unit_of_work(context.bot_data) as session:
        patient = await find_patient(session, update.effective_chat.id, lock=False)  # type: ignore[union-attr]
        return patient.language if patient is not None else update_language(update)


async def help_command(update: Update, context: Context) -> None:
    """/help: every command in plain words (before /start too), and the care-team numbers."""
    await run_turn(update, context, _help, access=Access.ANYONE)


async def unknown_command(update: Update, context: Context) -> None:
    """A command we don't have."""
    lang = await back_in_touch(update, context)
    await send_reply(update, Reply(t("unknown_command", lang)))


def _how_to_confirm(turn: Turn, pair: tuple[str, str]) -> Reply:
    """How to answer the read-back on screen; it stays open for a typed yes or no."""
    yes, change = decode(pair[0]), decode(pair[1])
    confirm = (yes, change) if yes is not None and change is not None else None
    return Reply(turn.t("read_back_tap"), confirm=confirm)


async def _tap(turn: Turn, data: str) -> Reply | None:
    """The read-back's button the patient answered by typing, as if tapped."""
    payload = decode(data)
    for feature in registry.FEATURES:
        if feature.buttons is not None and type(payload) in feature.buttons.actions:
            assert payload is not None
            return await feature.buttons.dispatch(turn, payload)
    return Reply(turn.t("read_back_tap"))


def text_handler(answers: Mapping[Waiting, AnswerFn]) -> Handler:
    """Free text in a private chat: the answer to the open question, else a hint."""

    async def typed_answer(turn: Turn) -> Reply | None:
        message = turn.update.effective_message
        assert message is not None and message.text is not None
        if turn.confirming is not None:
            yes, no = keywords("kw_yes", turn.lang), keywords("kw_no", turn.lang)
            said = read_yes_no(message.text, yes - no, no - yes)
            if said is not None:
                return await _tap(turn, turn.confirming[0 if said else 1])
        waiting = dialog_of(turn.me).waiting
        answer = answers.get(waiting) if waiting is not None else None
        if answer is None and turn.confirming is not None:
            return _how_to_confirm(turn, turn.confirming)  # a read-back is open: say how
        if answer is None:
            for take in registry.unasked():
                if (reply := await take(turn, message.text.strip())) is not None:
                    return reply
            return Reply(turn.t("free_text_hint"))
        return await answer(turn, message.text.strip())

    async def text_message(update: Update, context: Context) -> None:
        """Free text in a private chat."""
        await run_turn(update, context, typed_answer)

    return text_message


async def other_message(update: Update, context: Context) -> None:
    """Stickers, photos, voice...: say what works."""
    lang = await back_in_touch(update, context)
    await send_reply(update, Reply(t("unsupported_message", lang)))


async def not_private(update: Update, context: Context) -> None:
    """Groups and channels: point to the private chat, store nothing, stop here."""
    chat = update.effective_chat
    message = update.effective_message
    if chat is not None and message is not None and message.text and message.text.startswith("/"):
        await chat.send_message(t("private_only", update_language(update)))
    elif update.callback_query is not None:
        await update.callback_query.answer(t("private_only", update_language(update)))
    raise ApplicationHandlerStop


async def membership_changed(update: Update, context: Context) -> None:
    """The patient blocked (kicked) or unblocked the bot: stop or resume writing to them."""
    change = update.my_chat_member
    if change is None or change.chat.type != change.chat.PRIVATE:
        return
    active = change.new_chat_member.status not in ("kicked", "left")
    async with unit_of_work(context.bot_data) as session:
        patient = await find_patient(session, change.chat.id, lock=True)
        if patient is not None:
            patient.active = active
            session.add(patient)


async def stale_callback(update: Update, context: Context) -> None:
    """Any button whose data no feature claims."""
    query = update.callback_query
    assert query is not None
    await query.answer(t("button_expired", update_language(update)))


async def error_handler(update: object, context: Context) -> None:
    """Log every handler/job error with its update context and reassure the patient."""
    where = "job" if context.job is not None else "update"
    details = {}
    if isinstance(update, Update):
        details = {
            "update_id": update.update_id,
            "chat_id": update.effective_chat.id if update.effective_chat else None,
            "kind": next(
                (k for k in ("message", "callback_query", "edited_message") if getattr(update, k)),
                "other",
            ),
        }
    if context.error is not None and outcome_unknown(context.error):
        # A reply (or edit) went out but its answer never came: the patient may well have it.
        # An apology on top would only confuse; the next tap or message carries on as usual.
        log.warning(
            "reply in %s %s may have been delivered: no answer from Telegram (%s)",
            where,
            details,
            type(context.error.__cause__).__name__,
        )
        return
    log.error("error in %s %s", where, details, exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        if update.callback_query is not None:
            with contextlib.suppress(Exception):  # it may have been answered already
                await update.callback_query.answer()
        try:
            await update.effective_chat.send_message(t("error_generic", update_language(update)))
        except Exception:  # the apology itself failed (e.g. Telegram down): only log
            log.warning("could not tell chat %s about the error", update.effective_chat.id)


def guard_handlers() -> list[BaseHandler[Update, Context, None]]:
    """Group -1: stop non-private updates before any feature sees them."""
    not_private_chat = ~filters.ChatType.PRIVATE
    return [
        MessageHandler(not_private_chat, not_private),
        TypeHandler(Update, _callback_in_group),
    ]


async def _callback_in_group(update: Update, context: Context) -> None:
    """Button presses from group messages get the same treatment."""
    chat = update.effective_chat
    if update.callback_query is not None and chat is not None and chat.type != chat.PRIVATE:
        await not_private(update, context)


def fallback_handlers(
    answers: Mapping[Waiting, AnswerFn],
) -> list[BaseHandler[Update, Context, None]]:
    """Last in line: help, unknown commands, free text, locations, anything else."""
    private = filters.ChatType.PRIVATE
    return [
        ChatMemberHandler(membership_changed, ChatMemberHandler.MY_CHAT_MEMBER),
        CommandHandler("help", help_command, filters=private),
        MessageHandler(private & filters.COMMAND, unknown_command),
        MessageHandler(private & filters.TEXT & ~filters.UpdateType.EDITED, text_handler(answers)),
        MessageHandler(private & ~filters.UpdateType.EDITED, other_message),
    ]


__all__ = [
    "error_handler",
    "fallback_handlers",
    "guard_handlers",
    "stale_callback",
]
