"""Typed callback data: each button's payload is a small frozen dataclass with one codec.

A class declares its wire form as a template, e.g. ``"ci:{checkin}:f:{value}"``; encoding fills
the template, decoding matches it and converts each field to its annotated type (``int``,
``str``, ``bool``, a ``StrEnum`` or a ``Literal`` of strings). Anything that does not match a
registered template exactly decodes to ``None``, so a forged or malformed button never reaches a
feature. python-telegram-bot routes with ``CallbackQueryHandler(pattern=matches(Cls))``, and the
guard (group -2) checks every button against the registry.

Telegram allows 64 bytes of callback data; ``encode`` refuses anything longer.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from enum import Enum
from typing import Any, ClassVar, Literal, TypeVar, get_args, get_origin

MAX_BYTES = 64
_FIELD = re.compile(r"\{(\w+)\}")
_INT = r"-?(?:0|[1-9][0-9]{0,11})"  # ASCII, canonical: str.isdigit() would admit "²"
_WORD = r"[!-9;-~]{1,48}"  # printable ASCII but the field separator ":"

T = TypeVar("T", bound="Callback")


class Callback:
    """Base of every button payload (subclasses are frozen dataclasses made by ``callback``)."""

    TEMPLATE: ClassVar[str]
    _REGEX: ClassVar[re.Pattern[str]]
    _CONVERT: ClassVar[dict[str, Callable[[str], Any]]]

    def encode(self) -> str:
        """The wire form (at most 64 bytes)."""
        values = {f.name: _wire(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]
        data = self.TEMPLATE.format(**values)
        if len(data.encode()) > MAX_BYTES or self._REGEX.fullmatch(data) is None:
            raise ValueError(f"callback data {type(self).__name__} does not encode: {data!r}")
        return data


_REGISTRY: dict[str, list[type[Callback]]] = {}


def _wire(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def _converter(annotation: Any) -> tuple[str, Callable[[str], Any]]:
    """(regex, converter) for one field's type."""
    if annotation is int:
        return _INT, int
    if annotation is bool:
        return "[01]", lambda text: text == "1"
    if annotation is str:
        return _WORD, str
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        enum_type = annotation
        choices = "|".join(re.escape(str(m.value)) for m in enum_type)
        return f"(?:{choices})", enum_type
    if get_origin(annotation) is Literal:
        options = [str(a) for a in get_args(annotation)]
        return "(?:" + "|".join(re.escape(o) for o in options) + ")", str
    if get_origin(annotation) in (typing.Union, types.UnionType):
        raise TypeError("callback fields cannot be optional; use a sentinel value")
    raise TypeError(f"unsupported callback field type {annotation!r}")


def callback(template: str) -> Callable[[type[T]], type[T]]:
    """Class decorator: make ``cls`` a frozen dataclass whose wire form is ``template``."""

    def register(cls: type[T]) -> type[T]:
        data_cls = cls if is_dataclass(cls) else dataclass(frozen=True)(cls)
        hints = typing.get_type_hints(data_cls)
        names = [f.name for f in fields(data_cls)]  # type: ignore[arg-type]
        in_template = _FIELD.findall(template)
        if sorted(in_template) != sorted(names):
            raise TypeError(f"{cls.__name__}: template fields {in_template} != fields {names}")
        converters: dict[str, Callable[[str], Any]] = {}
        pattern = ""
        position = 0
        for match in _FIELD.finditer(template):
            pattern += re.escape(template[position : match.start()])
            regex, convert = _converter(hints[match.group(1)])
            pattern += f"(?P<{match.group(1)}>{regex})"
            converters[match.group(1)] = convert
            position = match.end()
        pattern += re.escape(template[position:])
        data_cls.TEMPLATE = template
        data_cls._REGEX = re.compile(pattern)
        data_cls._CONVERT = converters
        prefix = template.split(":", 1)[0]
        if not re.fullmatch(r"[a-z]{2,8}", prefix):
            raise TypeError(f"{cls.__name__}: prefix {prefix!r} must be 2-8 lowercase letters")
        _REGISTRY.setdefault(prefix, []).append(data_cls)
        return data_cls

    return register


def decode(data: object) -> Callback | None:
    """The payload a button carries, or None if it matches no registered template."""
    if not isinstance(data, str) or len(data.encode()) > MAX_BYTES:
        return None
    for cls in _REGISTRY.get(data.split(":", 1)[0], ()):
        match = cls._REGEX.fullmatch(data)
        if match is None:
            continue
        try:
            values = {name: cls._CONVERT[name](text) for name, text in match.groupdict().items()}
        except ValueError:
            continue
        return cls(**values)
    return None


def matches(*classes: type[Callback]) -> Callable[[object], bool]:
    """A python-telegram-bot ``pattern``: True when the data decodes to one of ``classes``."""

    def check(data: object) -> bool:
        return isinstance(decode(data), classes)

    return check


def registered() -> list[type[Callback]]:
    """Every registered payload class (for the guard's forgery tests)."""
    return [cls for group in _REGISTRY.values() for cls in group]
