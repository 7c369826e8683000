"""A patient in each language: from /start to a stored check-in, a /summary and a /report,
without one English word, through the real bot and the emulator (issue 14's "done when").

What counts as an English word: a word of three or more Latin letters that the English catalogue
uses and the patient's language's catalogue does not (so "Botox", "PDF" or "HFS", which both use,
are fine). Commands (/summary) and zone names (Europe/Berlin) are not words.
"""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from sqlmodel import select

from service.db.engine import Database
from service.db.models import Checkin, Patient
from service.texts import ENTRIES, LANGUAGES, language_name, t, template
from tests.conftest import Harness, onboard
from tests.emulator import BotMessage, FakeUser

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
#: The code Telegram's apps send for each of our languages.
TELEGRAM_CODE = {"es": "es", "pt_BR": "pt-br", "de": "de", "ru": "ru", "fa": "fa"}
_NOT_WORDS = re.compile(r"\S*/\S*|\{\w+\}")
_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def latin_words(text: str) -> set[str]:
    return {w.lower() for w in _LATIN_WORD.findall(_NOT_WORDS.sub(" ", text))}


def english_words(lang: str) -> set[str]:
    """Words of the English catalogue that the ``lang`` catalogue never uses."""
    from babel.dates import get_day_names, get_month_names

    english: set[str] = set()
    own: set[str] = set()  # its catalogue, and its month and day names as Babel writes them
    for width in ("wide", "abbreviated"):
        for names in (get_month_names(width, locale=lang), get_day_names(width, locale=lang)):
            own |= latin_words(" ".join(names.values()))
    for key, entry in ENTRIES.items():
        english |= latin_words(f"{entry.text} {entry.plural or ''}")
        for n in (1, 2, 5):
            own |= latin_words(template(key, lang, n))  # type: ignore[arg-type]
    return english - own


def english_in(text: str | None, english: set[str]) -> list[str]:
    return sorted(latin_words(text or "") & english)


def everything_said(user: FakeUser) -> list[str]:
    """Every text the bot showed this user: messages, edits, captions, buttons, toasts."""
    said: list[str] = []
    for event in user.events:
        if event.message is not None:
            said.append(event.message.text or "")
            said += [label for row in event.message.buttons for label, _ in row]
            said += [label for row in event.message.reply_keyboard or [] for label in row]
        if event.answer is not None and event.answer.text:
            said.append(event.answer.text)
    return said


def labels(message: BotMessage) -> list[str]:
    return [label for row in message.buttons for label, _ in row]


@pytest.mark.parametrize("lang", TRANSLATED)
async def test_a_patient_goes_from_start_to_report_in_their_language(
    harness: Harness, db: Database, lang: str
) -> None:
    english = english_words(lang)
    assert {"the", "and", "your", "check", "today"} <= english  # the detector can fail
    user = harness.user(3001, language_code=TELEGRAM_CODE[lang])

    welcome = await user.say("/start")
    assert welcome.text == t("welcome", lang)
    await user.press(t("btn_consent_yes", lang))
    ask_zone = await user.next_message()
    assert t("consent_thanks", lang) in (ask_zone.text or "")
    zone_set = await user.say("Europe/Berlin")
    assert zone_set.text is not None and "Europe/Berlin" in zone_set.text
    await user.next_message()  # the check-in time question
    await user.press("09:00")
    prompt = await user.next_message()
    assert t("q_frequency", lang) in (prompt.text or "")
    assert labels(prompt)[0] == t("freq_0", lang)
    for rating in ("2", "1", "1", "0"):
        await user.press(rating)
    done = await user.press(t("btn_skip_note", lang))
    assert done.text is not None
    ask_side = await user.next_message()
    assert t("ask_side", lang) in (ask_side.text or "")
    await user.press(t("btn_side_left", lang))
    await user.next_message()  # the treatment question
    await user.press(t("btn_treatment_medication", lang))
    await user.press(t("btn_treatments_done", lang))
    closing = await user.next_message()
    assert closing.text is not None

    async with db.transaction() as session:
        patient = (await session.exec(select(Patient).where(Patient.chat_id == 3001))).one()
        checkin = (await session.exec(select(Checkin))).one()
    assert patient.language == lang and patient.consent_at is not None
    assert (checkin.frequency, checkin.severity, checkin.lower_face, checkin.impact) == (
        2,
        1,
        1,
        0,
    )

    summary = await user.say("/summary")
    assert summary.text is not None
    assert t("sum_title", lang).split("{")[0].strip()[:6] in summary.text
    menu = await user.say("/help")
    assert t("help_intro", lang) in (menu.text or "")
    settings = await user.say("/settings")
    assert language_name(lang) in (settings.text or "")

    report = await user.say("/report")
    assert report.kind == "document" and report.document is not None
    pages = pypdf.PdfReader(io.BytesIO(report.document)).pages
    pdf_text = " ".join(page.extract_text() for page in pages)
    assert pdf_text.strip(), "the report has no text layer"

    said = everything_said(user)
    assert len(said) > 20
    # Plain text only: no parse_mode, so no translation can break Telegram's markup.
    assert {e.message.parse_mode for e in user.events if e.message is not None} == {None}
    leaks = {text[:80]: english_in(text, english) for text in said if english_in(text, english)}
    assert leaks == {}
    assert english_in(pdf_text, english) == [], pdf_text
    if lang == "fa":
        assert re.search("[\u0600-\u06ff\ufb50-\ufeff]", pdf_text), "no Persian in the PDF"


@pytest.mark.parametrize("lang", TRANSLATED)
async def test_the_menu_and_description_are_published_in_every_language(
    harness: Harness, lang: str
) -> None:
    code = TELEGRAM_CODE[lang].split("-")[0]
    commands = harness.emulator.get_commands(language_code=code)
    assert commands, f"no command menu for {code}"
    described = {c["command"]: c["description"] for c in commands}
    assert described["summary"] == t("cmd_summary", lang)
    assert harness.emulator.bot_settings[f"description:{code}"]["description"] == t(
        "bot_description", lang
    )
    assert harness.emulator.bot_settings[f"short_description:{code}"]["short_description"] == t(
        "bot_short_description", lang
    )


async def test_language_command_and_settings_row_change_the_language(
    harness: Harness, db: Database
) -> None:
    user = harness.user(3002, language_code="en")
    await user.say("/start")
    await user.press(t("btn_consent_yes", "en"))
    await user.next_message()  # the set-up's first question
    ask = await user.say("/language")
    assert language_name("de") in labels(ask) and "✓ English" in labels(ask)
    chosen = await user.press(language_name("ru"))
    assert chosen.text == t("language_set", "ru", language=language_name("ru"))
    settings = await user.say("/settings")
    assert t("btn_set_language", "ru") in labels(settings)
    assert "Русский" in (settings.text or "")
    again = await user.say("/language deutsch")
    assert again.text == t("language_set", "de", language="Deutsch")
    # This chat's own command menu follows the choice.
    chat_menu = harness.emulator.get_commands(scope={"type": "chat", "chat_id": 3002})
    assert {c["command"]: c["description"] for c in chat_menu}["summary"] == t("cmd_summary", "de")
    unknown = await user.say("/language klingon")
    assert t("language_unknown", "de", text="klingon") in (unknown.text or "")
    async with db.transaction() as session:
        patient = (await session.exec(select(Patient).where(Patient.chat_id == 3002))).one()
    assert patient.language == "de"


async def test_the_welcome_can_be_read_in_another_language_before_agreeing(
    harness: Harness,
) -> None:
    user = harness.user(3003, language_code="zh-hans")  # a language we do not speak: English
    welcome = await user.say("/start")
    assert welcome.text == t("welcome", "en")
    listing = await user.press(t("btn_set_language", "en"))
    assert language_name("es") in labels(listing)
    again = await user.press(language_name("es"))
    assert t("welcome", "es") in (again.text or "")
    assert t("btn_consent_yes", "es") in labels(again)


async def test_a_typed_date_and_yes_are_read_in_the_patients_language(
    harness: Harness, db: Database
) -> None:
    from datetime import timedelta

    from service.db.models import BotoxCycle

    user = harness.user(3004, language_code="de")
    await user.say("/start")
    await user.press(t("btn_consent_yes", "de"))
    await user.next_message()  # the set-up's first question
    reply = await user.say("/botox gestern 50 Einheiten")
    short_ways = {t(k, "de") for k in ("btn_botox_product_unk", "btn_botox_skip")}
    for _ in range(5):  # the optional details, the short way, until the read-back
        if t("btn_botox_yes", "de") in labels(reply):
            break
        reply = await user.press(next(x for x in labels(reply) if x in short_ways))
    assert t("btn_botox_yes", "de") in labels(reply) and "50" in (reply.text or "")
    saved = await user.say("ja")
    assert saved.text is not None
    async with db.transaction() as session:
        cycle = (await session.exec(select(BotoxCycle))).one()
    assert cycle.injected_on == harness.clock.now().date() - timedelta(days=1)
    assert cycle.units == 50


@pytest.mark.parametrize(
    ("lang", "code", "city", "zone", "shown"),
    [
        ("ru", "ru", "Москва", "Europe/Moscow", "Москва"),
        ("fa", "fa", "تهران", "Asia/Tehran", "تهران"),
        ("de", "de", "München", "Europe/Berlin", "Berlin"),
    ],
)
async def test_a_city_typed_in_the_patients_script_sets_the_zone_in_their_words(
    harness: Harness, db: Database, lang: str, code: str, city: str, zone: str, shown: str
) -> None:
    user = harness.user(3005, language_code=code)
    await user.say("/start")
    await user.press(t("btn_consent_yes", lang))
    await user.next_message()  # the time-zone question
    said = await user.say(city)
    assert shown in (said.text or "") and zone in (said.text or "")
    assert english_in(said.text, english_words(lang)) == []
    async with db.transaction() as session:
        patient = (await session.exec(select(Patient).where(Patient.chat_id == 3005))).one()
    assert patient.timezone == zone


@pytest.mark.parametrize("lang", TRANSLATED)
async def test_a_caregiver_reads_the_invitation_and_the_alerts_in_their_language(
    harness: Harness, lang: str
) -> None:
    """Zofia writes in English; Bob's Telegram is in ``lang``: what he is shown (the offer, the
    agreement, a warning-sign alert, his /share) holds no English word."""
    from datetime import date

    from tests.test_sharing import invite
    from tests.test_surgery import advance_to, at_ten

    zofia = harness.user(7_800_001, first_name="Zofia")
    bob = harness.user(7_800_002, first_name="Bob", language_code=TELEGRAM_CODE[lang])
    await onboard(harness, 7_800_001, zone="Europe/Berlin", at=None)
    payload = await invite(zofia)
    offer = await bob.say(f"/start {payload}")
    agree, decline = labels(offer)
    joined = await bob.press(agree, message_id=offer.message_id)
    assert joined.is_edit and "Zofia" in (joined.text or "")
    await zofia.next_message()
    await zofia.say("/surgery today")
    zofia.drain()
    await advance_to(harness, at_ten(date(2026, 11, 24)))
    screen = [m for m in zofia.drain() if (m.text or "").startswith("🏥")][-1]
    await zofia.press("🚑 Seizure", message_id=screen.message_id)
    await harness.run_due()
    alert = await bob.next_message()
    assert alert.text.startswith("🚑")
    await bob.say("/share")
    english = english_words(lang)
    leaks = {text: english_in(text, english) for text in everything_said(bob)}
    assert {text: words for text, words in leaks.items() if words} == {}
    assert decline and "Zofia" in offer.text
