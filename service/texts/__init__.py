"""The message catalogue: ``t(key, lang, **values)`` returns the user-facing text for a key.

English is declared in ``service/texts/en*.py`` (``M``/``P``, see ``catalogue.py``); every other
language is a gettext catalogue, ``service/locale/<lang>/LC_MESSAGES/messages.po``, keyed by the
message's key as ``msgctxt`` and its English text as ``msgid``. The package build compiles the
``.po`` files to ``.mo`` (``setup.py``); a source checkout without them compiles the ``.po`` in
memory on first use. Dates, times and numbers are formatted with Babel in the patient's locale.
docs/translating.md says how to add a language.
"""

from __future__ import annotations

import gettext
import io
import string
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import get_decimal_symbol

from service.texts import (
    en,
    en_botox,
    en_care,
    en_data,
    en_meds,
    en_privacy,
    en_questionnaires,
    en_sharing,
    en_side_effects,
    en_summary,
)
from service.texts.catalogue import Entry
from service.texts.en import CONSENT_VERSION
from service.texts.keys import MessageKey
from service.texts.languages import DEFAULT_LANGUAGE, LANGUAGES, is_rtl


def _merge(*parts: dict[str, Entry]) -> dict[str, Entry]:
    merged: dict[str, Entry] = {}
    for part in parts:
        clash = merged.keys() & part.keys()
        if clash:
            raise RuntimeError(f"message keys defined twice: {sorted(clash)}")
        merged.update(part)
    return merged


#: Every message by key, in English; one catalogue kept in a file per feature for readability.
ENTRIES: dict[str, Entry] = _merge(
    en.MESSAGES,
    en_botox.MESSAGES,
    en_care.MESSAGES,
    en_meds.MESSAGES,
    en_summary.MESSAGES,
    en_data.MESSAGES,
    en_privacy.MESSAGES,
    en_questionnaires.MESSAGES,
    en_side_effects.MESSAGES,
    en_sharing.MESSAGES,
)
#: The English text of every key (a plural message: its "other" form).
MESSAGES: dict[str, str] = {k: e.plural or e.text for k, e in ENTRIES.items()}
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"

__all__ = [
    "CONSENT_VERSION",
    "DEFAULT_LANGUAGE",
    "ENTRIES",
    "LANGUAGES",
    "MESSAGES",
    "MessageKey",
    "fmt_date",
    "fmt_number",
    "fmt_time",
    "keywords",
    "known_key",
    "said",
    "t",
    "without_isolates",
]

#: First Strong Isolate and Pop Directional Isolate: a value inside a right-to-left sentence
#: (a Latin name, a number, a date) keeps its own direction and does not reorder its neighbours.
FSI, PDI = "\u2068", "\u2069"
_ISOLATES = str.maketrans("", "", "\u2066\u2067\u2068\u2069")


def without_isolates(text: str) -> str:
    """``text`` without the isolates ``t()`` puts around values in right-to-left languages: for
    the PDF and the charts, which run the bidi algorithm themselves (and whose font lacks them)."""
    return text.translate(_ISOLATES)


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue for ``lang``: the built ``.mo``, else the ``.po`` compiled in memory
    (a source checkout), else none (English, the source language)."""
    if lang == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    mo, po = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if not po.exists():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _count(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 2  # not a whole number: the "other" form


class _Formatter(string.Formatter):
    """str.format that writes numbers the locale's way and isolates values in RTL text."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.rtl = is_rtl(lang)

    def vformat(self, format_string: str, args: Any, kwargs: Any) -> str:
        """As str.format; a value that ends with an abbreviation's full stop ("1 дек.", "Dez.")
        right before the sentence's own full stop leaves one full stop, not two."""
        if "{" in "".join(spec or "" for _, _, spec, _ in self.parse(format_string)):
            return super().vformat(format_string, args, kwargs)
        out: list[str] = []
        after_value = False
        for literal, field, spec, conversion in self.parse(format_string):
            if after_value and literal.startswith(".") and not literal.startswith(".."):
                value = "".join(out).removesuffix(PDI)  # (an empty value: what came before)
                if value.endswith(".") and not value.endswith(".."):
                    literal = literal[1:]
            out.append(literal)
            after_value = field is not None
            if field is not None:
                obj, _ = self.get_field(field, args, kwargs)
                out.append(self.format_field(self.convert_field(obj, conversion), spec or ""))
        return "".join(out)

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, float | Fraction | Decimal) and not format_spec:
            text = fmt_number(value, self.lang)
        else:
            text = super().format_field(value, format_spec)
        return f"{FSI}{text}{PDI}" if self.rtl and text else text


@cache
def _formatter(lang: str) -> _Formatter:
    return _Formatter(lang)


def template(key: MessageKey, lang: str = DEFAULT_LANGUAGE, count: int | None = None) -> str:
    """The unfilled text for ``key`` in ``lang`` (English where a translation is missing)."""
    entry = ENTRIES[key]
    tr = translations(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
    if entry.plural is None:
        return tr.pgettext(key, entry.text)
    return tr.npgettext(key, entry.text, entry.plural, 2 if count is None else count)


def t(key: MessageKey, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The text for ``key`` in ``lang``, filled with ``values``; a plural message picks its form
    by the number in its count placeholder."""
    entry = ENTRIES[key]
    count = _count(values.get(entry.count, 2)) if entry.count else None
    text = template(key, lang, count)
    return _formatter(lang).format(text, **values) if values else text


def known_key(name: str) -> MessageKey | None:
    """``name`` as a message key when the catalogue has it, else None: only for keys named in
    data files (the questionnaire definitions); a test checks every one they name exists."""
    return name if name in ENTRIES else None  # type: ignore[return-value]


@cache
def keywords(key: MessageKey, lang: str) -> frozenset[str]:
    """The words that count for a ``kw_*`` message: the English ones and ``lang``'s own."""
    words = f"{ENTRIES[key].text}|{template(key, lang)}".split("|")
    return frozenset(w.strip().lower() for w in words if w.strip())


def said(text: str, key: MessageKey, lang: str) -> bool:
    """Whether ``text`` is one of ``key``'s words ("remove", "entfernen", "удалить"...)."""
    return " ".join(text.lower().split()) in keywords(key, lang)


def language_name(lang: str) -> str:
    """The language's own name, e.g. 'Deutsch', 'português (Brasil)'."""
    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


def fmt_number(value: float | Fraction | Decimal | int, lang: str = DEFAULT_LANGUAGE) -> str:
    """A number with one decimal, the locale's way ('2.5', '2,5')."""
    return f"{float(value):.1f}".replace(".", _decimal_symbol(lang))


@cache
def _decimal_symbol(lang: str) -> str:
    return str(get_decimal_symbol(lang))


#: Date shapes: English keeps its explicit patterns; other languages use CLDR skeletons, so the
#: order and punctuation are the locale's own ("Di., 1. Dez.", "mar, 1 dic").
_DATE_SHAPES = {
    # (weekday, year): (English pattern, skeleton)
    (True, False): ("EEE d MMM", "MMMEd"),
    (True, True): ("EEE d MMM y", "yMMMEd"),
    (False, False): ("d MMM", "MMMd"),
    (False, True): ("d MMM y", "yMMMd"),
}


def fmt_date(
    day: date, lang: str = DEFAULT_LANGUAGE, *, weekday: bool = True, year: bool = False
) -> str:
    """A date as a patient reads it, e.g. 'Sat 21 Nov' ('Sa., 21. Nov.' in German)."""
    pattern, skeleton = _DATE_SHAPES[(weekday, year)]
    if lang == DEFAULT_LANGUAGE:
        return str(format_date(day, pattern, locale=lang))
    return str(format_skeleton(skeleton, day, locale=lang))


def fmt_time(value: time | datetime, lang: str = DEFAULT_LANGUAGE) -> str:
    """A 24-hour time, e.g. '09:00'."""
    return str(format_time(value, "HH:mm", locale=lang))
