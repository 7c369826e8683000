"""The test side of a chat: a user (private chat) or a group, and what the bot did there."""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ._markup import utf16_len
from ._model import BotEvent, BotMessage, ButtonRow, CallbackAnswer, EventKind

if TYPE_CHECKING:
    from ._server import TelegramEmulator

MessageKind = Literal["text", "photo", "document", "other"]


@dataclass
class StoredMessage:
    """Server-side state of one message in a chat (the emulator's copy)."""

    raw: dict[str, Any]
    from_bot: bool
    kind: MessageKind = "other"
    source_text: str | None = None
    parse_mode: str | None = None
    markup: dict[str, Any] | None = None
    data: bytes | None = None
    filename: str | None = None
    mime_type: str | None = None
    file_ref: str | None = None

    def snapshot(self, *, is_edit: bool = False) -> BotMessage:
        """Freeze the current state into a :class:`BotMessage`."""
        raw = copy.deepcopy(self.raw)
        inline = (raw.get("reply_markup") or {}).get("inline_keyboard") or []
        buttons: list[ButtonRow] = [
            [(button["text"], button.get("callback_data")) for button in row] for row in inline
        ]
        markup = self.markup or {}
        reply_keyboard: list[list[str]] | None = None
        if "keyboard" in markup:
            reply_keyboard = [
                [button["text"] if isinstance(button, dict) else str(button) for button in row]
                for row in markup["keyboard"]
            ]
        kind: Literal["text", "photo", "document"] = "text"
        if self.kind == "photo" or self.kind == "document":
            kind = self.kind
        return BotMessage(
            chat_id=raw["chat"]["id"],
            message_id=raw["message_id"],
            text=self.source_text,
            plain=raw.get("text", raw.get("caption")),
            parse_mode=self.parse_mode,
            is_edit=is_edit,
            kind=kind,
            buttons=buttons,
            reply_keyboard=reply_keyboard,
            remove_keyboard=bool(markup.get("remove_keyboard")),
            photo=self.data if self.kind == "photo" else None,
            document=self.data if self.kind == "document" else None,
            filename=self.filename,
            mime_type=self.mime_type,
            file_ref=self.file_ref,
            raw=raw,
        )


def _command_entities(text: str) -> list[dict[str, Any]]:
    if not text.startswith("/"):
        return []
    command = text.split(maxsplit=1)[0] if text.strip() else text
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]


class ChatHandle:
    """What the bot did in one chat: an event log plus an inbox tests consume from.

    Every bot action (new message, edit, deletion, callback answer, chat action) is appended
    to :attr:`events` (never consumed) and to the inbox that :meth:`next_message`,
    :meth:`next_callback_answer` and :meth:`drain` consume from. Waiting is event driven.
    """

    def __init__(self, emulator: TelegramEmulator, chat: dict[str, Any], *, known: bool) -> None:
        self._emu = emulator
        self.chat: dict[str, Any] = chat
        self.chat_id: int = chat["id"]
        self.events: list[BotEvent] = []
        self.messages: dict[int, BotMessage] = {}
        """Current state of every bot message in this chat that was not deleted."""
        self.reply_keyboard: list[list[str]] | None = None
        """The reply keyboard the bot shows right now, if any."""
        self._pending: list[BotEvent] = []
        self._wake = asyncio.Event()
        self._known = known
        self._next_message_id = 1
        self._store: dict[int, StoredMessage] = {}

    def open_chat(self) -> None:
        """Mark the chat as opened (the user pressed Start) without sending an update."""
        self._known = True

    # ------------------------------------------------------------------ recording (emulator)

    def _allocate_message_id(self) -> int:
        message_id = self._next_message_id
        self._next_message_id += 1
        return message_id

    def _record(self, event: BotEvent) -> None:
        self.events.append(event)
        self._pending.append(event)
        message = event.message
        if message is not None:
            self.messages[message.message_id] = message
            if message.reply_keyboard is not None:
                self.reply_keyboard = message.reply_keyboard
            elif message.remove_keyboard:
                self.reply_keyboard = None
        elif event.kind == "delete" and event.message_id is not None:
            self.messages.pop(event.message_id, None)
        self._wake.set()
        self._wake = asyncio.Event()

    # ------------------------------------------------------------------------------ reading

    @property
    def last_message(self) -> BotMessage | None:
        """Current state of the most recent (not deleted) bot message."""
        if not self.messages:
            return None
        return self.messages[max(self.messages)]

    async def next_message(self, timeout: float = 5) -> BotMessage:  # noqa: ASYNC109
        """Wait for the next new bot message or edit in this chat that was not consumed."""
        event = await self._next_event(("message", "edit"), timeout, "new message or edit")
        assert event.message is not None
        return event.message

    async def next_callback_answer(self, timeout: float = 5) -> CallbackAnswer:  # noqa: ASYNC109
        """Wait for the next ``answerCallbackQuery`` for a tap in this chat."""
        event = await self._next_event(("callback_answer",), timeout, "callback answer")
        assert event.answer is not None
        return event.answer

    async def next_event(self, timeout: float = 5) -> BotEvent:  # noqa: ASYNC109
        """Wait for the next unconsumed event of any kind."""
        kinds: tuple[EventKind, ...] = (
            "message",
            "edit",
            "delete",
            "callback_answer",
            "chat_action",
        )
        return await self._next_event(kinds, timeout, "bot action")

    def drain(self) -> list[BotMessage]:
        """Consume everything pending; return the new messages and edits among it."""
        return [event.message for event in self.drain_events() if event.message is not None]

    def drain_events(self) -> list[BotEvent]:
        """Consume and return every pending event (messages, edits, deletions, answers...)."""
        pending, self._pending = self._pending, []
        return pending

    def _take(self, match: Callable[[BotEvent], bool]) -> BotEvent | None:
        for index, event in enumerate(self._pending):
            if match(event):
                return self._pending.pop(index)
        return None

    async def _next_event(
        self, kinds: tuple[EventKind, ...], seconds: float, what: str
    ) -> BotEvent:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while True:
            event = self._take(lambda ev: ev.kind in kinds)
            if event is not None:
                return event
            wake = self._wake
            remaining = deadline - loop.time()
            try:
                if remaining <= 0:
                    raise TimeoutError
                async with asyncio.timeout(remaining):
                    await wake.wait()
            except TimeoutError:
                raise TimeoutError(self._describe_timeout(what, seconds)) from None

    def _describe_timeout(self, what: str, seconds: float) -> str:
        lines = [f"no {what} from the bot in chat {self.chat_id} within {seconds}s."]
        if self._pending:
            lines.append("Unconsumed: " + "; ".join(str(ev) for ev in self._pending) + ".")
        recent = self.events[-5:]
        lines.append(
            "Last bot actions here: "
            + ("; ".join(str(ev) for ev in recent) or "none at all")
            + "."
        )
        errors = [
            f"{call.method} -> {call.status} {call.description}"
            for call in self._emu.api_log
            if call.chat_id == self.chat_id and call.status >= 400
        ][-5:]
        if errors:
            lines.append("Bot API errors for this chat: " + "; ".join(errors) + ".")
        pending = self._emu.pending_updates
        if pending:
            lines.append(f"{len(pending)} update(s) not yet fetched/confirmed by the bot.")
        return " ".join(lines)

    # ------------------------------------------------------------------------------ acting

    def _find_button(self, label: str, message_id: int | None) -> tuple[BotMessage, str]:
        if message_id is not None:
            message = self.messages.get(message_id)
            if message is None:
                raise LookupError(f"no bot message #{message_id} in chat {self.chat_id}")
        else:
            with_buttons = [m for m in self.messages.values() if m.buttons]
            if not with_buttons:
                raise LookupError(
                    f"no bot message with inline buttons in chat {self.chat_id} (to tap {label!r})"
                )
            message = max(with_buttons, key=lambda m: m.message_id)
        flat = [(text, data) for row in message.buttons for text, data in row]
        matches = [b for b in flat if b[0] == label] or [b for b in flat if b[0].startswith(label)]
        if len(matches) != 1:
            problem = "no button" if not matches else "more than one button"
            raise LookupError(
                f"{problem} matching {label!r} in message #{message.message_id} of chat "
                f"{self.chat_id}; available buttons: {[text for text, _ in flat]}"
            )
        text, data = matches[0]
        if data is None:
            raise LookupError(f"button {text!r} has no callback_data (URL or other button)")
        return message, data

    def _tap_as(
        self, user: FakeUser, label: str, message_id: int | None
    ) -> tuple[str, BotMessage]:
        message, data = self._find_button(label, message_id)
        return self._emu._callback_query(self, user, message.message_id, data), message

    def _message_from(self, user: FakeUser, content: dict[str, Any]) -> dict[str, Any]:
        return self._emu._user_message(self, user, content)


class FakeUser(ChatHandle):
    """A Telegram user and their private chat with the bot (chat id == user id)."""

    def __init__(
        self,
        emulator: TelegramEmulator,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> None:
        self.user_id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        self.blocked = False
        chat: dict[str, Any] = {"id": user_id, "type": "private", "first_name": first_name}
        if last_name:
            chat["last_name"] = last_name
        if username:
            chat["username"] = username
        super().__init__(emulator, chat, known=False)

    def as_dict(self) -> dict[str, Any]:
        """The Telegram ``User`` JSON of this user."""
        user: dict[str, Any] = {"id": self.user_id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def __repr__(self) -> str:
        return f"FakeUser({self.user_id}, {self.first_name!r})"

    # ------------------------------------------------------------------------------ sending

    async def send(self, text: str, *, reply_to: int | None = None) -> dict[str, Any]:
        """Send a text message (``/command`` gets a bot_command entity); return the Message."""
        content: dict[str, Any] = {"text": text}
        entities = _command_entities(text)
        if entities:
            content["entities"] = entities
        if reply_to is not None:
            if reply_to not in self._store:
                raise LookupError(f"no message #{reply_to} in chat {self.chat_id} to reply to")
            content["reply_to_message"] = copy.deepcopy(self._store[reply_to].raw)
        return self._message_from(self, content)

    async def send_location(self, latitude: float, longitude: float) -> dict[str, Any]:
        """Share a location."""
        return self._message_from(
            self, {"location": {"latitude": latitude, "longitude": longitude}}
        )

    async def send_sticker(self, emoji: str = "👍") -> dict[str, Any]:
        """Send a (regular, static) sticker."""
        file_id, unique_id = self._emu._new_file_ids()
        sticker = {
            "file_id": file_id,
            "file_unique_id": unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._message_from(self, {"sticker": sticker})

    async def send_photo(
        self, data: bytes = b"\x89PNG fake photo", *, caption: str | None = None
    ) -> dict[str, Any]:
        """Send a photo; its bytes are downloadable by the bot through getFile."""
        stored = self._emu._store_file(data, "photo.jpg", "image/jpeg", "photos")
        sizes = [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": 90,
                "height": 90,
                "file_size": len(data),
            }
        ]
        content: dict[str, Any] = {"photo": sizes}
        if caption is not None:
            content["caption"] = caption
        return self._message_from(self, content)

    async def send_contact(
        self, phone_number: str | None = None, *, first_name: str | None = None
    ) -> dict[str, Any]:
        """Share a contact (by default the user's own, as the 'share my number' button does)."""
        contact = {
            "phone_number": phone_number or f"+1555{self.user_id:07d}"[-12:],
            "first_name": first_name or self.first_name,
            "user_id": self.user_id,
        }
        return self._message_from(self, {"contact": contact})

    async def edit_message(self, message_id: int, new_text: str) -> dict[str, Any]:
        """Edit one of the user's own text messages (an ``edited_message`` update)."""
        return self._emu._user_edit(self, self, message_id, new_text)

    async def send_update(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Enqueue an arbitrary update (``update_id`` is filled in unless given)."""
        return self._emu._enqueue(copy.deepcopy(raw), chat=self)

    async def tap(self, label: str, *, message_id: int | None = None) -> str:
        """Press the inline button labelled ``label`` (exact match, else unique prefix).

        Looks in message ``message_id`` or else in the newest bot message with inline buttons.
        Returns the callback query id.
        """
        query_id, _ = self._tap_as(self, label, message_id)
        return query_id

    async def tap_data(self, message_id: int, data: str) -> str:
        """Send a callback query with arbitrary ``data`` for message ``message_id``."""
        if message_id not in self._store:
            raise LookupError(f"no message #{message_id} in chat {self.chat_id}")
        return self._emu._callback_query(self, self, message_id, data)

    async def say(self, text: str, *, timeout: float = 5) -> BotMessage:  # noqa: ASYNC109
        """Drop unconsumed events, send ``text`` and return the bot's next message or edit."""
        self.drain_events()
        await self.send(text)
        return await self.next_message(timeout)

    async def press(
        self,
        label: str,
        *,
        message_id: int | None = None,
        timeout: float = 5,  # noqa: ASYNC109
    ) -> BotMessage:
        """Drop unconsumed events, tap ``label`` and return the next message or edit."""
        self.drain_events()
        await self.tap(label, message_id=message_id)
        return await self.next_message(timeout)

    def block(self, *, notify: bool = True) -> None:
        """Block the bot: sends to this chat fail with 403 until :meth:`unblock`.

        With ``notify`` the bot gets the ``my_chat_member`` update Telegram sends (``kicked``).
        """
        if not self.blocked:
            self.blocked = True
            if notify:
                self._emu._member_update(self, "member", "kicked")

    def unblock(self, *, notify: bool = True) -> None:
        """Unblock the bot (Telegram does this too when a blocked user writes to it)."""
        if self.blocked:
            self.blocked = False
            if notify:
                self._emu._member_update(self, "kicked", "member")


class FakeGroup(ChatHandle):
    """A group or supergroup (ids starting with -100) the bot is a member of."""

    def __init__(self, emulator: TelegramEmulator, chat_id: int, title: str) -> None:
        kind = "supergroup" if str(chat_id).startswith("-100") else "group"
        super().__init__(emulator, {"id": chat_id, "type": kind, "title": title}, known=True)
        self.title = title

    def __repr__(self) -> str:
        return f"FakeGroup({self.chat_id}, {self.title!r})"

    async def send(self, user: FakeUser, text: str) -> dict[str, Any]:
        """``user`` writes ``text`` in the group."""
        content: dict[str, Any] = {"text": text}
        entities = _command_entities(text)
        if entities:
            content["entities"] = entities
        return self._message_from(user, content)

    async def say(
        self,
        user: FakeUser,
        text: str,
        *,
        timeout: float = 5,  # noqa: ASYNC109
    ) -> BotMessage:
        """Drop unconsumed events, send and return the bot's next message or edit here."""
        self.drain_events()
        await self.send(user, text)
        return await self.next_message(timeout)

    async def tap(self, user: FakeUser, label: str, *, message_id: int | None = None) -> str:
        """``user`` presses an inline button in the group; returns the callback query id."""
        query_id, _ = self._tap_as(user, label, message_id)
        return query_id

    async def press(
        self,
        user: FakeUser,
        label: str,
        *,
        message_id: int | None = None,
        timeout: float = 5,  # noqa: ASYNC109
    ) -> BotMessage:
        """Drop unconsumed events, tap and return the next message or edit here."""
        self.drain_events()
        await self.tap(user, label, message_id=message_id)
        return await self.next_message(timeout)


def now() -> int:
    """Telegram's ``date``: Unix time in seconds."""
    return int(time.time())
