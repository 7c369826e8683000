"""Text formatting (HTML, MarkdownV2, Markdown) and reply-markup validation, Telegram style.

Parsing turns the text the bot sent into what Telegram stores: the plain text plus a list of
``MessageEntity`` dicts (offsets in UTF-16 code units), or raises :class:`EntityParseError`
with the text Telegram puts after ``Bad Request: can't parse entities:``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ._errors import ApiError, bad_request

Entity = dict[str, Any]


class EntityParseError(Exception):
    """The formatted text is malformed; the message is Telegram's explanation."""


@dataclass(frozen=True)
class ParsedText:
    """Plain text and entities, after formatting was applied and whitespace trimmed."""

    plain: str
    entities: list[Entity] = field(default_factory=list)


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (the unit of entity offsets)."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


class _Builder:
    """Collects output characters and entities while a parser walks the source."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0  # UTF-16 position in the output
        self.entities: list[Entity] = []

    def emit(self, chunk: str) -> None:
        self.parts.append(chunk)
        self.pos += utf16_len(chunk)

    def entity(self, kind: str, start: int, **extra: Any) -> None:
        if self.pos > start:
            self.entities.append(
                {"type": kind, "offset": start, "length": self.pos - start, **extra}
            )

    def result(self) -> ParsedText:
        return _trim("".join(self.parts), self.entities)


def _trim(plain: str, entities: list[Entity]) -> ParsedText:
    """Drop leading/trailing whitespace like Telegram does, shifting entities accordingly."""
    stripped = plain.strip()
    if not stripped:
        return ParsedText("", [])
    lead = utf16_len(plain[: len(plain) - len(plain.lstrip())])
    end = utf16_len(stripped)
    fixed: list[Entity] = []
    for ent in entities:
        start = min(max(ent["offset"] - lead, 0), end)
        stop = min(max(ent["offset"] + ent["length"] - lead, 0), end)
        if stop > start:
            fixed.append({**ent, "offset": start, "length": stop - start})
    fixed.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText(stripped, fixed)


# --------------------------------------------------------------------------------------- HTML
# A port of tdlib's parse_html (what the Bot API server runs), including its error texts.

_HTML_KINDS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACE = frozenset(" \t\r\n\v\f")
_BAD_SURROGATE = (
    "Text contains invalid Unicode characters after decoding HTML entities, check for "
    "unmatched surrogate code units"
)


@dataclass
class _OpenTag:
    name: str
    start: int
    attrs: dict[str, str]
    language: str | None = None


def _decode_html_entity(text: str, pos: int) -> tuple[str, int] | None:
    """Decode the character reference at ``text[pos] == "&"``; ``None`` leaves it literal."""
    end = pos + 1
    n = len(text)
    if end < n and text[end] == "#":
        end += 1
        code = 0
        if end < n and text[end] == "x":
            end += 1
            while end < n and text[end] in "0123456789abcdefABCDEF":
                code = code * 16 + int(text[end], 16)
                end += 1
        else:
            while end < n and text[end].isascii() and text[end].isdigit():
                code = code * 10 + int(text[end])
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return None
        if 0xD800 <= code <= 0xDFFF:
            raise EntityParseError(_BAD_SURROGATE)
        char = chr(code)
    else:
        while end < n and text[end].isascii() and text[end].isalpha():
            end += 1
        named = _NAMED.get(text[pos + 1 : end])
        if named is None:
            return None
        char = named
    if end < n and text[end] == ";":
        end += 1
    return char, end


def _close_html(tag: _OpenTag, out: _Builder, stack: list[_OpenTag]) -> None:
    kind = _HTML_KINDS[tag.name]
    if kind == "text_link":
        href = tag.attrs.get("href")
        if href:
            out.entity("text_link", tag.start, url=href)
    elif kind == "code":
        lang = tag.attrs.get("class", "")
        if stack and stack[-1].name == "pre" and lang.startswith("language-") and lang[9:]:
            stack[-1].language = lang[9:]
            return
        out.entity("code", tag.start)
    elif kind == "pre":
        extra = {"language": tag.language} if tag.language else {}
        out.entity("pre", tag.start, **extra)
    elif kind == "blockquote":
        expandable = "expandable" in tag.attrs
        out.entity("expandable_blockquote" if expandable else "blockquote", tag.start)
    elif kind == "custom_emoji":
        emoji_id = tag.attrs.get("emoji-id", "")
        if not emoji_id.isdigit() or int(emoji_id) == 0:
            raise EntityParseError("Invalid custom emoji identifier specified")
        out.entity("custom_emoji", tag.start, custom_emoji_id=emoji_id)
    else:
        out.entity(kind, tag.start)


def _parse_start_tag(text: str, begin: int) -> tuple[_OpenTag, int]:
    """Parse ``<name attr=value ...>`` at ``begin``; return the tag and the index after it."""
    n = len(text)
    offset = _byte_offset(text, begin)
    i = begin + 1
    while i < n and text[i] not in _SPACE and text[i] != ">":
        i += 1
    if i >= n:
        raise EntityParseError(f"Unclosed start tag at byte offset {offset}")
    name = text[begin + 1 : i].lower()
    if name not in _HTML_KINDS:
        raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {offset}')
    attrs: dict[str, str] = {}
    while i < n and text[i] != ">":
        while i < n and text[i] in _SPACE:
            i += 1
        if i < n and text[i] == ">":
            break
        attr_begin = i
        while i < n and text[i] not in _SPACE and text[i] not in "=>":
            i += 1
        attr_name = text[attr_begin:i].lower()
        if not attr_name:
            raise EntityParseError(
                f'Empty attribute name in the tag "{name}" at byte offset {offset}'
            )
        while i < n and text[i] in _SPACE:
            i += 1
        if i >= n:
            raise EntityParseError(f'Unclosed start tag "{name}" at byte offset {offset}')
        if text[i] != "=":
            attrs[attr_name] = ""
            continue
        i += 1
        while i < n and text[i] in _SPACE:
            i += 1
        if i >= n:
            raise EntityParseError(f'Unclosed start tag "{name}" at byte offset {offset}')
        if text[i] not in "'\"":
            token = i
            while i < n and ((text[i].isascii() and text[i].isalnum()) or text[i] in ".-"):
                i += 1
            value = text[token:i].lower()
            if i < n and text[i] not in _SPACE and text[i] != ">":
                raise EntityParseError(
                    f"Unexpected end of name token at byte offset {_byte_offset(text, token)}"
                )
        else:
            quote = text[i]
            i += 1
            parts: list[str] = []
            while i < n and text[i] != quote:
                decoded = _decode_html_entity(text, i) if text[i] == "&" else None
                if decoded is not None:
                    parts.append(decoded[0])
                    i = decoded[1]
                    continue
                parts.append(text[i])
                i += 1
            if i < n:
                i += 1
            value = "".join(parts)
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {offset}")
        attrs[attr_name] = value
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise EntityParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
    return _OpenTag(name, 0, attrs), i + 1


def parse_html(text: str) -> ParsedText:
    """Parse Telegram's HTML subset; raise :class:`EntityParseError` on malformed markup."""
    out = _Builder()
    stack: list[_OpenTag] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "&":
            decoded = _decode_html_entity(text, i)
            if decoded is not None:
                out.emit(decoded[0])
                i = decoded[1]
                continue
        if ch != "<":
            out.emit(ch)
            i += 1
            continue
        begin = i
        if i + 1 < n and text[i + 1] == "/":
            if not stack:
                raise EntityParseError(
                    f"Unexpected end tag at byte offset {_byte_offset(text, begin)}"
                )
            i += 2
            while i < n and text[i] not in _SPACE and text[i] != ">":
                i += 1
            end_name = text[begin + 2 : i].lower()
            while i < n and text[i] in _SPACE:
                i += 1
            if i >= n or text[i] != ">":
                raise EntityParseError(
                    f"Unclosed end tag at byte offset {_byte_offset(text, begin)}"
                )
            if end_name and end_name != stack[-1].name:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, "
                    f'expected "</{stack[-1].name}>", found "</{end_name}>"'
                )
            _close_html(stack.pop(), out, stack)
            i += 1
            continue
        tag, i = _parse_start_tag(text, begin)
        tag.start = out.pos
        stack.append(tag)
    if stack:
        raise EntityParseError(
            f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"'
        )
    return out.result()


def strip_html(text: str) -> str:
    """Best-effort plain text of an HTML message (tags removed, entities decoded)."""
    try:
        return parse_html(text).plain
    except EntityParseError:
        return text


# --------------------------------------------------------------------------------- MarkdownV2

_MD2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MD2_NAMES = {
    "*": ("bold", "Bold"),
    "_": ("italic", "Italic"),
    "__": ("underline", "Underline"),
    "~": ("strikethrough", "Strikethrough"),
    "||": ("spoiler", "Spoiler"),
    "[": ("text_link", "TextUrl"),
}


def _md2_scan_until(text: str, start: int, closing: str, escapable: str) -> tuple[str, int]:
    """Read from ``start`` up to an unescaped ``closing``; return (content, index of closing)."""
    parts: list[str] = []
    j = start
    while j < len(text):
        if text[j] == "\\" and j + 1 < len(text) and text[j + 1] in escapable:
            parts.append(text[j + 1])
            j += 2
            continue
        if text.startswith(closing, j):
            return "".join(parts), j
        parts.append(text[j])
        j += 1
    return "".join(parts), -1


def parse_markdown_v2(text: str) -> ParsedText:
    """Parse MarkdownV2, including the rule that reserved characters must be escaped."""
    out = _Builder()
    stack: list[tuple[str, int, int]] = []  # marker, output start, source index
    i, n = 0, len(text)
    line_start = True
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and 1 <= ord(text[i + 1]) <= 126:
            out.emit(text[i + 1])
            i += 2
            line_start = False
            continue
        if ch == "`":
            fence = "```" if text.startswith("```", i) else "`"
            content, end = _md2_scan_until(text, i + len(fence), fence, "`\\")
            if end < 0:
                name = "Pre" if fence == "```" else "Code"
                raise EntityParseError(
                    f"Can't find end of {name} entity at byte offset {_byte_offset(text, i)}"
                )
            start = out.pos
            language = ""
            if fence == "```" and "\n" in content:
                first, rest = content.split("\n", 1)
                if first and " " not in first:
                    language, content = first, rest
            out.emit(content)
            if fence == "```":
                out.entity("pre", start, **({"language": language} if language else {}))
            else:
                out.entity("code", start)
            i = end + len(fence)
            line_start = False
            continue
        if ch == "[":
            stack.append(("[", out.pos, i))
            i += 1
            continue
        if ch == "]" and stack and stack[-1][0] == "[":
            _, start, _src = stack.pop()
            if text.startswith("(", i + 1):
                url, end = _md2_scan_until(text, i + 2, ")", ")\\")
                if end < 0:
                    raise EntityParseError(
                        f"Can't find end of a URL at byte offset {_byte_offset(text, i + 2)}"
                    )
                out.entity("text_link", start, url=url)
                i = end + 1
            else:
                i += 1
            continue
        marker = ""
        if text.startswith("__", i):
            marker = "__"
        elif text.startswith("||", i):
            marker = "||"
        elif ch in "*_~":
            marker = ch
        if marker:
            # Like tdlib: a marker closes the innermost entity if it matches, else opens one.
            if stack and stack[-1][0] == marker:
                _, start, _src = stack.pop()
                out.entity(_MD2_NAMES[marker][0], start)
            else:
                stack.append((marker, out.pos, i))
            i += len(marker)
            continue
        if ch == ">" and line_start:
            i += 1  # a blockquote line; the quote itself is not tracked as an entity
            continue
        if ch in _MD2_RESERVED:
            raise EntityParseError(
                f"Character '{ch}' is reserved and must be escaped with the preceding '\\'"
            )
        out.emit(ch)
        line_start = ch == "\n"
        i += 1
    if stack:
        top, _, src = stack[-1]
        raise EntityParseError(
            f"Can't find end of {_MD2_NAMES[top][1]} entity at byte offset "
            f"{_byte_offset(text, src)}"
        )
    return out.result()


# ----------------------------------------------------------------------------- Markdown (v1)

_MD1_KINDS = {"*": "bold", "_": "italic", "`": "code", "```": "pre"}


def parse_markdown(text: str) -> ParsedText:
    """Parse legacy Markdown (``*bold*``, ``_italic_``, code, pre and ``[text](url)``)."""
    out = _Builder()
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            out.emit(text[i + 1])
            i += 2
            continue
        marker = "```" if text.startswith("```", i) else ch if ch in "*_`[" else ""
        if not marker:
            out.emit(ch)
            i += 1
            continue
        error = EntityParseError(
            f"Can't find end of the entity starting at byte offset {_byte_offset(text, i)}"
        )
        start = out.pos
        if marker == "[":
            close = text.find("](", i + 1)
            end = text.find(")", close + 2) if close >= 0 else -1
            if end < 0:
                raise error
            out.emit(text[i + 1 : close])
            out.entity("text_link", start, url=text[close + 2 : end])
            i = end + 1
            continue
        end = text.find(marker, i + len(marker))
        if end < 0:
            raise error
        out.emit(text[i + len(marker) : end])
        out.entity(_MD1_KINDS[marker], start)
        i = end + len(marker)
    return out.result()


def parse_text(
    text: str, parse_mode: str | None, entities: list[Entity] | None = None
) -> ParsedText:
    """Apply ``parse_mode`` (or explicit ``entities``) to ``text``.

    Raises:
        ApiError: 400 ``can't parse entities: ...`` for malformed markup, or for an unknown
            parse mode.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise bad_request("text must be encoded in UTF-8") from None
    mode = (parse_mode or "").lower()
    try:
        if mode == "html":
            return parse_html(text)
        if mode == "markdownv2":
            return parse_markdown_v2(text)
        if mode == "markdown":
            return parse_markdown(text)
    except EntityParseError as exc:
        raise bad_request(f"can't parse entities: {exc}") from None
    if mode:
        raise bad_request(f"unsupported parse_mode {parse_mode!r}")
    return _trim(text, [dict(e) for e in entities or []])


# ------------------------------------------------------------------------------ reply markup

_INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_URL_RE = re.compile(r"^(https?|tg)://\S+$", re.IGNORECASE)


def _rows(markup: dict[str, Any], key: str) -> list[list[Any]]:
    rows = markup[key]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            f'can\'t parse reply keyboard markup JSON object: Field "{key}" must be an '
            "Array of Arrays"
        )
    return rows


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Text must be a String")
    actions = [key for key in _INLINE_ACTIONS if key in button]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not _URL_RE.match(url):
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def validate_reply_markup(raw: Any, *, inline_only: bool = False) -> dict[str, Any] | None:
    """Validate a ``reply_markup`` value (already JSON-decoded); ``None`` passes through."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in raw:
        for row in _rows(raw, "inline_keyboard"):
            for button in row:
                _check_inline_button(button)
        return raw
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in raw:
        for row in _rows(raw, "keyboard"):
            for button in row:
                text = button.get("text") if isinstance(button, dict) else button
                if not isinstance(text, str) or not text:
                    raise bad_request("can't parse keyboard button: Text must be non-empty")
        return raw
    if raw.get("remove_keyboard") is True or raw.get("force_reply") is True:
        return raw
    raise bad_request("can't parse reply keyboard markup JSON object")


def decode_json_param(name: str, value: Any) -> Any:
    """JSON-decode a form field (PTB sends nested objects as JSON strings)."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        if name == "reply_markup":
            raise bad_request("can't parse reply keyboard markup JSON object") from None
        raise ApiError(400, f"Bad Request: can't parse {name} JSON object") from None
