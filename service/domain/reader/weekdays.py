"""Weekday phrases in the bot's other languages, turned into the English our grammar reads.

"letzten Dienstag", "el martes pasado", "terça passada", "в прошлый вторник", "سه‌شنبه گذشته"
all become "last tuesday"; "nächsten Montag", "el próximo lunes", "в следующий понедельник"
become "next monday"; a bare weekday ("am Montag", "в понедельник") becomes "monday", which
the grammar then reads forward or back as the question prefers. Everything else is None.
"""

from __future__ import annotations

import re

_ENGLISH = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Monday first; each name with the forms patients type (short, without accents, cases).
_NAMES: dict[str, tuple[str, ...]] = {
    "monday": ("montag", "lunes", "segunda-feira", "segunda",
               "понедельник", "пн", "دوشنبه"),
    "tuesday": ("dienstag", "martes", "terça-feira", "terca-feira", "terça",
                "terca", "вторник", "вт", "سه‌شنبه", "سه شنبه", "سهشنبه"),
    "wednesday": ("mittwoch", "miércoles", "miercoles", "quarta-feira",
                  "quarta", "среда", "среду", "ср", "چهارشنبه", "چهار شنبه"),
    "thursday": ("donnerstag", "jueves", "quinta-feira", "quinta",
                 "четверг", "чт", "پنجشنبه", "پنج شنبه", "پنج‌شنبه"),
    "friday": ("freitag", "viernes", "sexta-feira", "sexta", "пятница",
               "пятницу", "пт", "جمعه"),
    "saturday": ("samstag", "sonnabend", "sábado", "sabado", "суббота",
                 "субботу", "сб", "شنبه"),
    "sunday": ("sonntag", "domingo", "воскресенье", "вс", "یکشنبه", "یک شنبه",
               "یک‌شنبه"),
}  # fmt: skip
_WEEKDAY = {form: english for english, forms in _NAMES.items() for form in forms}
_LAST_BEFORE = (
    "letzten", "letzter", "letztes", "vergangenen", "vorigen", "el pasado", "pasado",
    "na última", "na ultima", "última", "ultima", "último", "ultimo", "в прошлый", "в прошлую",
    "в прошлое", "прошлый", "прошлую", "прошлое", "прошлой",
)  # fmt: skip
_NEXT_BEFORE = (
    "nächsten", "nächster", "nächstes", "naechsten", "kommenden", "kommender", "el próximo",
    "el proximo", "próximo", "proximo", "na próxima", "na proxima", "próxima", "proxima",
    "в следующий", "в следующую", "в следующее", "следующий", "следующую", "в ближайший",
    "в ближайшую", "ближайший", "ближайшую",
)  # fmt: skip
_LAST_AFTER = ("pasado", "passada", "passado", "گذشته", "قبل", "پیش")
_NEXT_AFTER = ("que viene", "próximo", "proximo", "que vem", "آینده", "بعد")
_ARTICLES = ("am", "el", "la", "na", "no", "в", "во", "روز")


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PHRASE = re.compile(
    rf"^(?:(?P<art>{_alternation(_ARTICLES)}) )?"
    rf"(?:(?P<last>{_alternation(_LAST_BEFORE)})|(?P<next>{_alternation(_NEXT_BEFORE)}) )?"
    rf"\s*(?P<day>{_alternation(list(_WEEKDAY))})\.?"
    rf"(?: (?:(?P<last2>{_alternation(_LAST_AFTER)})|(?P<next2>{_alternation(_NEXT_AFTER)})))?$"
)


def english_weekday(cleaned: str) -> str | None:
    """The English our grammar reads for a weekday phrase in another language, else None."""
    match = _PHRASE.match(cleaned)
    if match is None or match["day"] in _ENGLISH:
        return None
    day = _WEEKDAY[match["day"]]
    if match["last"] or match["last2"]:
        return f"last {day}"
    if match["next"] or match["next2"]:
        return f"next {day}"
    return day
