"""The message catalogue: every key the code uses exists, every text formats, and every language
is complete and consistent (placeholders, plural forms, Telegram's limits)."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from service.texts import (
    ENTRIES,
    FSI,
    LANGUAGES,
    LOCALE_DIR,
    MESSAGES,
    fmt_date,
    fmt_number,
    gen_keys,
    t,
    template,
    translations,
)
from service.texts.languages import pick_language

ROOT = Path(__file__).resolve().parent.parent
SERVICE = ROOT / "service"
STATIC_KEY = re.compile(r"""\bt\(\s*["']([a-z0-9_]+)["']""")
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
#: Telegram's limits (clinical.md, "Telegram's limits"): a message, a command's description, the
#: bot's description and short description.
MESSAGE_LIMIT, COMMAND_LIMIT, DESCRIPTION_LIMIT, SHORT_DESCRIPTION_LIMIT = 4096, 256, 512, 120


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def entry_fields(key: str) -> set[str]:
    entry = ENTRIES[key]
    return fields(entry.text) | (fields(entry.plural) if entry.plural else set())


def po(lang: str) -> dict[str, object]:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return {m.context: m for m in catalog if m.id}


# ---- the English source ----------------------------------------------------------------------
def test_every_static_key_used_in_code_exists() -> None:
    used = set()
    for path in SERVICE.rglob("*.py"):
        used |= set(STATIC_KEY.findall(path.read_text()))
    assert used, "no t(...) calls found: the pattern is wrong"
    assert sorted(used - MESSAGES.keys()) == []


def test_no_key_is_built_at_run_time() -> None:
    """No t(f"...") or t("a" + b): a key is a literal, or a lookup mypy types as MessageKey."""
    built = []
    for path in SERVICE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name == "t" and isinstance(node.args[0], ast.JoinedStr | ast.BinOp):
                built.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert built == []


def test_the_key_type_is_in_step_with_the_catalogue() -> None:
    assert (SERVICE / "texts" / "keys.py").read_text() == gen_keys.source(), (
        "run: python -m service.texts.gen_keys"
    )


def test_the_template_is_what_pybabel_extracts() -> None:
    """service/locale/messages.pot is the extraction of today's English (docs/translating.md)."""
    extracted = {
        (context, msgid if isinstance(msgid, str) else tuple(msgid))
        for _file, _line, msgid, _comments, context in extract_from_dir(
            str(ROOT),
            method_map=[("service/texts/en.py", "python"), ("service/texts/en_*.py", "python")],
            keywords={"M": ((1, "c"), 2), "P": ((1, "c"), 2, 3)},
        )
    }
    with (LOCALE_DIR / "messages.pot").open("rb") as handle:
        pot = {(m.context, m.id) for m in read_po(handle) if m.id}
    assert len(extracted) == len(ENTRIES)
    assert pot == extracted, "run the pybabel extract line in docs/translating.md"


def test_every_message_formats_with_its_placeholders() -> None:
    for key in ENTRIES:
        text = t(key, "en", **dict.fromkeys(entry_fields(key), "X"))  # type: ignore[arg-type]
        assert "{" not in text, key


def test_plural_messages_pick_their_form_in_english() -> None:
    plurals = [k for k, e in ENTRIES.items() if e.plural]
    assert len(plurals) >= 40
    assert t("botox_units_no_product", units=1) == "1 unit (product not recorded)"
    assert t("botox_units_no_product", units=0) == "0 units (product not recorded)"
    assert t("botox_days_only", days=1) == "1 day" and t("botox_weeks_only", weeks=2) == "2 weeks"
    assert "last 1 dose of Baclofen" in t("med_skipped_in_a_row", count=1, name="Baclofen")
    for key in plurals:
        entry = ENTRIES[key]
        assert entry.count in fields(entry.text) and entry.count in fields(entry.plural or ""), key


def test_button_labels_fit_and_ratings_start_with_their_number() -> None:
    # One button per row: 45 characters still fit a phone screen without being cut.
    for lang in LANGUAGES:
        for prefix in ("freq", "sev", "lower", "impact"):
            for value in range(5):
                label = t(f"{prefix}_{value}", lang)  # type: ignore[arg-type]
                assert label.startswith(f"{value} ") and len(label) <= 45, (lang, label)


# ---- every other language --------------------------------------------------------------------
@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated_with_its_placeholders(lang: str) -> None:
    catalog = po(lang)
    problems = []
    for key, entry in ENTRIES.items():
        message = catalog.get(key)
        if message is None:
            problems.append(f"{key}: missing")
            continue
        english = (entry.text, entry.plural) if entry.plural else entry.text
        if message.id != english:  # type: ignore[attr-defined]
            problems.append(f"{key}: translated from an older English text")
        forms = message.string  # type: ignore[attr-defined]
        forms = list(forms) if isinstance(forms, tuple | list) else [forms]
        if message.fuzzy or not all(f.strip() for f in forms):  # type: ignore[attr-defined]
            problems.append(f"{key}: empty or fuzzy")
            continue
        for form in forms:
            if fields(form) != entry_fields(key):
                problems.append(f"{key}: placeholders {sorted(fields(form))}")
    assert problems == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_plural_forms_follow_the_language(lang: str) -> None:
    catalogue = translations(lang)
    plural_forms = {"ru": 3}.get(lang, 2)
    for key, message in po(lang).items():
        if ENTRIES[key].plural:  # type: ignore[index]
            assert len(message.string) == plural_forms, key  # type: ignore[attr-defined]
    one, few, many = (t("botox_days_only", lang, days=n) for n in (1, 3, 5))
    assert catalogue.info()["plural-forms"].startswith(f"nplurals={plural_forms};")
    if lang == "ru":
        assert (one, few, many) == ("1 день", "3 дня", "5 дней")
        assert t("botox_days_only", lang, days=21) == "21 день"
        assert t("botox_days_only", lang, days=12) == "12 дней"
    assert "1" in one and "5" in many


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_message_falls_back_to_english(lang: str) -> None:
    """Every message with words reads differently from the English (a missing or stale entry
    would show the English text)."""
    same = []
    for key, entry in ENTRIES.items():
        if not re.search(r"[A-Za-z]{4,}", re.sub(r"\{\w+\}|/\w+", "", entry.text)):
            continue  # nothing but placeholders, commands and symbols
        if template(key, lang, 1) == entry.text:  # type: ignore[arg-type]
            same.append(key)
    # The same word in both languages: a scale's abbreviation; German "Name".
    allowed = {"sum_pdf_col_pgic_mvd"} | {
        "de": {"btn_report_name", "med_btn_fix_name"},
        "pt_BR": {"med_btn_fix_dose"},
    }.get(lang, set())
    assert [k for k in same if k not in allowed] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_fits_telegram_filled_with_long_values(lang: str) -> None:
    for key in ENTRIES:
        values = dict.fromkeys(entry_fields(key), "x" * 20)
        if ENTRIES[key].count:
            values[ENTRIES[key].count] = "12"  # type: ignore[index]
        text = t(key, lang, **values)  # type: ignore[arg-type]
        assert len(text) <= MESSAGE_LIMIT, (key, len(text))
        if key.startswith("cmd_"):
            assert 0 < len(text) <= COMMAND_LIMIT, key
        if key.startswith("kw_"):
            assert all(w.strip() == w and w for w in text.split("|")), key
    assert len(t("bot_description", lang)) <= DESCRIPTION_LIMIT
    assert len(t("bot_short_description", lang)) <= SHORT_DESCRIPTION_LIMIT


def test_right_to_left_text_isolates_every_value() -> None:
    """A Latin name or a number inside Persian keeps its own direction (Unicode isolates)."""
    text = t("timezone_set", "fa", label="Europe/Berlin", local_time="10:00")
    assert f"{FSI}Europe/Berlin\u2069" in text and f"{FSI}10:00\u2069" in text
    assert FSI not in t("timezone_set", "de", label="Europe/Berlin", local_time="10:00")


def test_dates_and_numbers_follow_the_locale() -> None:
    from datetime import date

    day = date(2026, 12, 1)
    assert fmt_date(day, "en") == "Tue 1 Dec"
    assert fmt_date(day, "de") == "Di., 1. Dez."
    assert fmt_date(day, "es") == "mar, 1 dic"
    assert fmt_date(day, "ru", year=True).startswith("вт, 1 дек. 2026")
    assert fmt_number(2.25, "de") == "2,2" and fmt_number(2.0, "ru") == "2,0"
    assert fmt_number(2.5, "en") == "2.5" and fmt_number(2.5, "fa") == "2.5"


def test_a_telegram_language_code_picks_a_catalogue() -> None:
    assert pick_language("de") == "de" and pick_language("de-AT") == "de"
    assert pick_language("pt-br") == "pt_BR" and pick_language("pt") == "pt_BR"
    assert pick_language("es-419") == "es" and pick_language("fa") == "fa"
    assert pick_language("zh-hans") is None and pick_language(None) is None
    assert pick_language("Deutsch") == "de" and pick_language("русский") == "ru"


def test_a_source_checkout_compiles_the_po_in_memory_and_the_build_writes_the_mo(
    tmp_path: Path,
) -> None:
    """No .mo is committed: translations() reads the .po; the package build (setup.py's
    build_py) writes a .mo beside every .po in the built package."""
    import gettext
    import subprocess
    import sys

    assert translations("de").pgettext("btn_skip", "Skip") not in ("", "Skip")
    subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    built = sorted(
        p.parent.parent.name for p in tmp_path.glob("service/locale/*/LC_MESSAGES/*.mo")
    )
    assert built == sorted(TRANSLATED)
    with (tmp_path / "service/locale/de/LC_MESSAGES/messages.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.pgettext("btn_skip", "Skip") == translations("de").pgettext("btn_skip", "Skip")
    assert compiled.npgettext("botox_days_only", "{days} day", "{days} days", 3) == "{days} Tage"


def test_every_toast_fits_a_callback_answer_in_every_language() -> None:
    """A tap's toast (answerCallbackQuery) holds at most 200 characters: every message the code
    uses as one fits, in every language, filled with ten-character values."""
    toasts: set[str] = set()
    for path in SERVICE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.keyword) and node.arg == "toast":
                call = node.value
                if isinstance(call, ast.Call) and call.args:
                    first = call.args[0]
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        toasts.add(first.value)
    assert {"answer_saved", "button_expired", "med_toast_snoozed"} <= toasts
    for key in toasts:
        for lang in LANGUAGES:
            text = t(key, lang, **dict.fromkeys(entry_fields(key), "x" * 10))  # type: ignore[arg-type]
            assert len(text) <= 200, (key, lang, len(text))


def test_a_value_ending_in_a_full_stop_does_not_double_the_sentences() -> None:
    from datetime import date

    from service.texts import fmt_date

    for lang in ("ru", "de", "es"):
        day = fmt_date(date(2026, 12, 1), lang)
        caption = t("sum_report_caption", lang, start=day, end=day)
        assert day in caption and ".." not in caption, caption
    soon = t("care_appt_soon", "en", name="A", when="3 Dec.", with_whom="")
    assert soon == "📅 A's appointment is coming up at 3 Dec."
