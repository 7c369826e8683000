"""Plain data types the emulator hands to tests."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

ButtonRow = list[tuple[str, str | None]]
EventKind = Literal["message", "edit", "delete", "callback_answer", "chat_action"]


@dataclass(frozen=True)
class Limits:
    """Telegram's flood limits for ``send*``/``edit*`` calls (sliding windows).

    ``per_chat_per_second`` below 1 means one message per ``1 / rate`` seconds.
    ``per_group_per_minute`` applies on top of the per-chat limit to chats with negative ids;
    ``None`` disables it.
    """

    global_per_second: float = 30
    per_chat_per_second: float = 1.0
    per_group_per_minute: float | None = 20
    paid_per_second: float = 1000
    """Sends with ``allow_paid_broadcast`` count here instead of ``global_per_second``
    (Telegram's paid broadcasts: up to 1,000 messages/s for Stars)."""


@dataclass
class Stats:
    """Counters of what the bot asked for and what the emulator did to it."""

    calls: Counter[str] = field(default_factory=Counter)
    """Bot API calls per (canonical) method name, including failed ones."""
    errors: Counter[int] = field(default_factory=Counter)
    """Error responses per HTTP status (injected faults excluded)."""
    rate_limited: int = 0
    """Number of 429 answers caused by :class:`Limits`."""
    rate_limited_by_method: Counter[str] = field(default_factory=Counter)
    throttled: Counter[str] = field(default_factory=Counter)
    """429 answers caused by :meth:`TelegramEmulator.throttle_chat` ("chat") and
    :meth:`TelegramEmulator.throttle_all` ("all")."""
    paid: int = 0
    """Sends that went through with ``allow_paid_broadcast``."""
    faults: Counter[str] = field(default_factory=Counter)
    """Injected faults per kind (``"500"``, ``"502"``, ``"drop"``, ``"drop_after"``)."""

    @property
    def total_faults(self) -> int:
        """All injected faults."""
        return sum(self.faults.values())


@dataclass(frozen=True)
class SentRecord:
    """One message the bot sent or edited, with a ``time.monotonic()`` timestamp."""

    at: float
    method: str
    chat_id: int
    message_id: int
    text: str | None


@dataclass(frozen=True)
class ApiCall:
    """One Bot API request: method, decoded parameters and the answer's status."""

    at: float
    method: str
    params: dict[str, Any]
    status: int
    description: str | None = None
    chat_id: int | None = None


@dataclass(frozen=True)
class WebhookDelivery:
    """One POST of an update to the webhook; ``status`` is ``None`` if the request failed."""

    update_id: int
    url: str
    status: int | None
    error: str | None
    at: float


@dataclass(frozen=True)
class StoredFile:
    """A file the bot uploaded (or a user sent); downloadable through ``getFile``."""

    file_id: str
    file_unique_id: str
    data: bytes
    filename: str | None
    mime_type: str | None
    file_path: str


@dataclass(frozen=True)
class BotMessage:
    """Snapshot of a bot message as the user saw it at one moment.

    ``text`` is what the bot sent (HTML tags included; the caption for media), ``plain`` is
    what Telegram displays (markup applied, whitespace trimmed).
    """

    chat_id: int
    message_id: int
    text: str | None
    plain: str | None
    parse_mode: str | None = None
    is_edit: bool = False
    kind: Literal["text", "photo", "document"] = "text"
    buttons: list[ButtonRow] = field(default_factory=list)
    """Inline keyboard: rows of (text, callback_data); callback_data is None for URL buttons."""
    reply_keyboard: list[list[str]] | None = None
    remove_keyboard: bool = False
    photo: bytes | None = None
    document: bytes | None = None
    filename: str | None = None
    mime_type: str | None = None
    file_ref: str | None = None
    """The file_id or URL the bot passed instead of uploading bytes, if it did."""
    raw: dict[str, Any] = field(default_factory=dict)
    """The Telegram ``Message`` JSON the bot received back."""

    @property
    def button_texts(self) -> list[str]:
        """All inline button labels, row by row."""
        return [text for row in self.buttons for text, _ in row]

    def callback_data(self, label: str) -> str | None:
        """The callback_data of the button labelled exactly ``label``."""
        for row in self.buttons:
            for text, data in row:
                if text == label:
                    return data
        raise LookupError(f"no button {label!r} in message {self.message_id}: {self.buttons}")

    def __str__(self) -> str:
        shown = self.plain if self.plain is not None else f"<{self.kind}>"
        if len(shown) > 60:
            shown = shown[:57] + "..."
        verb = "edit of" if self.is_edit else "message"
        extra = f" buttons={self.button_texts}" if self.buttons else ""
        return f"{verb} #{self.message_id} {shown!r}{extra}"


@dataclass(frozen=True)
class CallbackAnswer:
    """An ``answerCallbackQuery`` the bot made."""

    query_id: str
    text: str | None
    show_alert: bool
    url: str | None
    cache_time: int | None


@dataclass(frozen=True)
class BotEvent:
    """Anything the bot did in a chat, in order."""

    kind: EventKind
    chat_id: int
    at: float
    message: BotMessage | None = None
    message_id: int | None = None
    answer: CallbackAnswer | None = None
    action: str | None = None

    def __str__(self) -> str:
        if self.message is not None:
            return str(self.message)
        if self.kind == "delete":
            return f"deletion of #{self.message_id}"
        if self.answer is not None:
            return f"callback answer {self.answer.text!r}"
        return f"chat action {self.action!r}"
