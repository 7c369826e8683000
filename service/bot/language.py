"""/language and the /settings row: the language the bot speaks with this patient.

A new patient starts in the language Telegram reports for them (``language_code``), falling back
to English; the choice is stored on the patient, so every reply, reminder, summary and report
follows it. Choosing one also sets this chat's command menu in that language.
"""

from __future__ import annotations

import logging

from service.bot.callbacks import Callback
from service.bot.feature import Command, Feature, LanguageChosen, publish
from service.bot.kit import Access, Buttons, Reply, Turn, keyboard
from service.bot.profile import LanguageTap, consent_keyboard
from service.texts import LANGUAGES, language_name, t
from service.texts.languages import pick_language

log = logging.getLogger(__name__)


BUTTONS = Buttons()


def language_keyboard(current: str) -> list[list[tuple[str, Callback | str]]]:
    """One button per language, in its own name; the current one ticked."""
    rows: list[list[tuple[str, Callback | str]]] = []
    for i in range(0, len(LANGUAGES), 2):
        rows.append(
            [
                (("✓ " if lang == current else "") + language_name(lang), LanguageTap(lang))
                for lang in LANGUAGES[i : i + 2]
            ]
        )
    return rows


def ask(turn: Turn, *, edit: bool = False, problem: str | None = None) -> Reply:
    """Which language: the buttons, and the current one."""
    text = turn.t("language_ask", language=language_name(turn.lang))
    return Reply(
        f"{problem}\n\n{text}" if problem else text,
        keyboard(language_keyboard(turn.lang)),
        edit=edit,
    )


async def choose(turn: Turn, lang: str, *, edit: bool) -> Reply:
    """Store ``lang`` and say so in it (before consent: the welcome again, in ``lang``)."""
    patient = turn.patient
    if patient is None:
        return Reply(t("need_start", lang))
    patient.language = lang
    turn.session.add(patient)
    await publish(turn, LanguageChosen(lang))  # e.g. this chat's command menu (registry)
    done = t("language_set", lang, language=language_name(lang))
    if patient.consent_at is None:
        return Reply(f"{done}\n\n{t('welcome', lang)}", consent_keyboard(lang), edit=edit)
    return Reply(done, edit=edit)


async def language(turn: Turn, arg: str) -> Reply:
    """/language [name or code]: set it, or show the list."""
    if turn.patient is None:
        return Reply(turn.t("need_start"))
    if not arg:
        return ask(turn)
    lang = pick_language(arg)
    if lang is None:
        return ask(turn, problem=turn.t("language_unknown", text=arg[:40]))
    return await choose(turn, lang, edit=False)


@BUTTONS.on(LanguageTap, access=Access.ANYONE)
async def tapped(turn: Turn, tap: LanguageTap) -> Reply:
    """A language button: the list, or the choice."""
    if turn.patient is None:
        return Reply("", toast=turn.t("button_expired"))
    if tap.lang == "ask":
        return ask(turn)
    if tap.lang not in LANGUAGES:
        return ask(turn, edit=True)
    return await choose(turn, tap.lang, edit=True)


FEATURE = Feature(
    name="language",
    commands=(Command("language", language, access=Access.ANYONE),),
    buttons=BUTTONS,
)
