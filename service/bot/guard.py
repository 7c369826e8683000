"""Checks that run before any feature (group -2): flooding, odd updates, malformed buttons.

- **Flooding.** A chat that sends more than ``FLOOD_MAX_UPDATES`` updates within
  ``FLOOD_WINDOW_SECONDS`` is told once and then ignored for ``FLOOD_MUTE_SECONDS``. The window
  slides per chat, in memory, on the injected clock (``bot_data.clock``); at most
  ``FLOOD_MAX_CHATS`` chats are remembered (least recently seen forgotten first). Other chats are
  counted on their own, so they are not slowed.
- **Who is writing.** In a private chat an update must come from that chat's user.
- **Edits.** An edited text in a private chat is not re-read (an edited ``/delete`` must not
  run again, an edited note would silently differ from the saved one): the patient is told to
  send it again. Other edits (e.g. live-location updates) are dropped silently.
- **Buttons.** Callback data must look like ``<prefix>:<printable ASCII>`` within Telegram's 64
  bytes, and come from a message in a chat; anything else gets "This button has expired".
  Ownership and freshness are checked by each feature, on its own rows.
"""

from __future__ import annotations

import re
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum

from telegram import Chat, Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, TypeHandler

from service.bot.state import Context
from service.texts import t

FLOOD_MAX_UPDATES = 20  # updates per window per chat; the next one starts the pause
FLOOD_WINDOW_SECONDS = 10
FLOOD_MUTE_SECONDS = 60
FLOOD_MAX_CHATS = 10_000  # chats remembered at once (memory stays bounded)
CALLBACK_MAX_BYTES = 64  # Telegram's limit for callback_data
CALLBACK_FORM = re.compile(r"[a-z]{2,8}:[!-~]{0,60}")
NOT_COUNTED = ("my_chat_member", "chat_member", "chat_join_request")  # Telegram's, not the user's


class Verdict(Enum):
    """What the flood guard says about one update."""

    OK = "ok"
    WARN = "warn"  # the limit was just exceeded: tell the chat once, then ignore
    IGNORE = "ignore"


@dataclass
class _ChatWindow:
    stamps: deque[datetime]
    muted_until: datetime | None = None


@dataclass
class FloodGuard:
    """Per-chat sliding-window counter with a pause once the limit is exceeded."""

    limit: int = field(default_factory=lambda: FLOOD_MAX_UPDATES)
    window: timedelta = field(default_factory=lambda: timedelta(seconds=FLOOD_WINDOW_SECONDS))
    mute: timedelta = field(default_factory=lambda: timedelta(seconds=FLOOD_MUTE_SECONDS))
    max_chats: int = field(default_factory=lambda: FLOOD_MAX_CHATS)
    _chats: OrderedDict[int, _ChatWindow] = field(default_factory=OrderedDict, repr=False)

    def __len__(self) -> int:
        return len(self._chats)

    def admit(self, chat_id: int, now: datetime) -> Verdict:
        """Count one update of ``chat_id`` at ``now``; say whether to handle it."""
        entry = self._chats.get(chat_id)
        if entry is None:
            entry = _ChatWindow(deque(maxlen=self.limit))
            self._chats[chat_id] = entry
            while len(self._chats) > self.max_chats:
                self._chats.popitem(last=False)
        else:
            self._chats.move_to_end(chat_id)
        if entry.muted_until is not None:
            if now < entry.muted_until:
                return Verdict.IGNORE
            entry.muted_until = None
            entry.stamps.clear()
        cutoff = now - self.window
        while entry.stamps and entry.stamps[0] <= cutoff:
            entry.stamps.popleft()
        if len(entry.stamps) >= self.limit:
            entry.muted_until = now + self.mute
            entry.stamps.clear()
            return Verdict.WARN
        entry.stamps.append(now)
        return Verdict.OK


def well_formed_callback(data: str | None) -> bool:
    """True for ``<prefix>:<printable ASCII>`` within Telegram's 64 bytes."""
    if not data or len(data.encode("utf-8", "surrogatepass")) > CALLBACK_MAX_BYTES:
        return False
    return CALLBACK_FORM.fullmatch(data) is not None


def _counted(update: Update) -> bool:
    """Updates a person caused (messages, taps, edits, reactions...), not membership news."""
    return update.effective_chat is not None and not any(
        getattr(update, kind, None) is not None for kind in NOT_COUNTED
    )


def handlers(*, flood: FloodGuard | None = None) -> list[BaseHandler[Update, Context, None]]:
    """Handlers registered in group -2, before everything else."""
    guard = flood or FloodGuard()

    async def check(update: Update, context: Context) -> None:
        chat = update.effective_chat
        query = update.callback_query
        if query is not None and (query.message is None or chat is None):
            await query.answer(t("button_expired"))  # inline-mode or forged: no chat to act in
            raise ApplicationHandlerStop
        if chat is None:
            return  # inline queries, polls...: no feature handles them
        if _counted(update):
            verdict = guard.admit(chat.id, context.bot_data.clock.now())
            if verdict is Verdict.WARN and chat.type == Chat.PRIVATE:
                minutes = max(1, round(guard.mute.total_seconds() / 60))
                await chat.send_message(t("guard_flood", minutes=minutes))
            if verdict is not Verdict.OK:
                raise ApplicationHandlerStop
        edited = update.edited_message or update.edited_channel_post
        edited = edited or update.edited_business_message
        if edited is not None:
            private = chat.type == Chat.PRIVATE and update.edited_message is not None
            if private and (edited.text is not None or edited.caption is not None):
                await chat.send_message(t("guard_edit_ignored"))
            raise ApplicationHandlerStop
        if chat.type != Chat.PRIVATE:
            return  # groups and channels are turned away in group -1
        user = update.effective_user
        if user is not None and user.id != chat.id:
            raise ApplicationHandlerStop  # cannot happen in a real private chat
        if query is not None and not well_formed_callback(query.data):
            await query.answer(t("button_expired"))
            raise ApplicationHandlerStop

    return [TypeHandler(Update, check)]
