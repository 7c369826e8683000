"""The languages the bot speaks, and how a Telegram language code or a typed word picks one."""

from __future__ import annotations

DEFAULT_LANGUAGE = "en"
#: Catalogue ids (Babel locale ids, gettext folder names), in the order /language lists them.
LANGUAGES: tuple[str, ...] = ("en", "es", "pt_BR", "de", "ru", "fa")
_RTL = frozenset({"fa"})
#: Other ways to name a language: IETF tags as Telegram sends them, and names people type.
_ALIASES = {
    "pt": "pt_BR", "pt-br": "pt_BR", "pt_br": "pt_BR", "pt-pt": "pt_BR", "br": "pt_BR",
    "english": "en", "español": "es", "espanol": "es", "spanish": "es", "português": "pt_BR",
    "portugues": "pt_BR", "portuguese": "pt_BR", "deutsch": "de", "german": "de",
    "русский": "ru", "russian": "ru", "فارسی": "fa", "persian": "fa", "farsi": "fa",
}  # fmt: skip


def is_rtl(lang: str) -> bool:
    """Whether ``lang`` is written right to left."""
    return lang in _RTL


def pick_language(code: str | None) -> str | None:
    """The catalogue for a Telegram ``language_code`` ("de", "pt-br", "es-419") or a typed name
    ("Deutsch", "pt"); None when we do not speak it."""
    if not code:
        return None
    word = code.strip().lower()
    if word in _ALIASES:
        return _ALIASES[word]
    for lang in LANGUAGES:
        if word == lang.lower():
            return lang
    base = word.replace("_", "-").split("-", 1)[0]
    if base in _ALIASES:
        return _ALIASES[base]
    return base if base in LANGUAGES else None
