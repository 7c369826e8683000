"""Checks that run before any feature (group -2): flooding, odd updates, malformed buttons.

- **Flooding.** A chat that sends more than ``FLOOD_MAX_UPDATES`` updates within
  ``FLOOD_WINDOW_SECONDS`` is told once and then ignored for ``FLOOD_MUTE_SECONDS``. Updates are
  counted *as they arrive* (``FloodGate``, asked by the update processor), not when their turn
  comes: at Telegram's one message per second per chat a flooding chat's handlers run one per
  second, and counted there the guard never fired. What a muted chat had queued is dropped when
  its turn comes, unhandled; only the update that crossed the line runs, to say so. Answers to
  a muted chat, or one with more than half the limit in its window, go out after everyone
  else's (``FloodGate.flooding``, asked by the rate limiter). The window slides per chat, in
  memory, on the injected clock; at most ``FLOOD_MAX_CHATS`` chats are remembered (least
  recently seen forgotten first).
- **Who is writing.** In a private chat an update must come from that chat's user.
- **Edits.** An edited text in a private chat is not re-read (an edited ``/delete`` must not
  run again, an edited note would silently differ from the saved one): the patient is told to
  send it again. Other edits (e.g. live-location updates) are dropped silently.
- **Buttons.** Callback data must look like ``<prefix>:<printable ASCII>`` within Telegram's 64
  bytes, and come from a message in a chat; anything else gets "This button has expired".
  Ownership and freshness are checked by each feature, on its own rows.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum

from telegram import Chat, Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, TypeHandler

from service.bot.callbacks import decode
from service.bot.kit import update_language
from service.bot.state import Context
from service.domain.clock import Clock
from service.texts import t

FLOOD_MAX_UPDATES = 20  # updates per window per chat; the next one starts the pause
FLOOD_WINDOW_SECONDS = 10
FLOOD_MUTE_SECONDS = 60
FLOOD_MAX_CHATS = 10_000  # chats remembered at once (memory stays bounded)
CALLBACK_MAX_BYTES = 64  # Telegram's limit for callback_data
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

    def muted(self, chat_id: int, now: datetime) -> bool:
        """True while ``chat_id`` is being ignored."""
        entry = self._chats.get(chat_id)
        return entry is not None and entry.muted_until is not None and now < entry.muted_until

    def busy(self, chat_id: int, now: datetime) -> bool:
        """True while ``chat_id`` is muted or sent more than half the limit in the window."""
        entry = self._chats.get(chat_id)
        if entry is None:
            return False
        if entry.muted_until is not None and now < entry.muted_until:
            return True
        cutoff = now - self.window
        return sum(stamp > cutoff for stamp in entry.stamps) > self.limit // 2


class FloodGate:
    """The flood guard at the door: the update processor asks it about each update as it
    arrives (``arrived``) and again when its chat's turn comes (``turn``)."""

    def __init__(self, clock: Clock, flood: FloodGuard | None = None) -> None:
        self.clock = clock
        self.flood = flood or FloodGuard()
        self._notice: OrderedDict[int, int] = OrderedDict()  # chat -> the update that tells it

    def arrived(self, update: Update) -> bool:
        """Count the update; False for a muted chat's (dropped at once, costing nothing)."""
        chat = update.effective_chat
        if chat is None or not _counted(update):
            return True
        verdict = self.flood.admit(chat.id, self.clock.now())
        if verdict is Verdict.WARN:
            self._notice[chat.id] = update.update_id
            while len(self._notice) > self.flood.max_chats:
                self._notice.popitem(last=False)
        return verdict is not Verdict.IGNORE

    def turn(self, update: Update) -> bool:
        """False drops an update whose chat was muted while it waited."""
        chat = update.effective_chat
        if chat is None or not _counted(update):
            return True  # membership news is Telegram's, never dropped
        if self._notice.get(chat.id) == update.update_id:
            return True  # the update that crossed the line: it says so
        return not self.flood.muted(chat.id, self.clock.now())

    def flooding(self, chat_id: int) -> bool:
        """For the rate limiter: this chat's answers go after everyone else's."""
        return self.flood.busy(chat_id, self.clock.now())

    def tells_about_flood(self, update: Update) -> bool:
        """True (once) for the update that crossed the line: answer it with the notice."""
        chat = update.effective_chat
        if chat is None or self._notice.get(chat.id) != update.update_id:
            return False
        del self._notice[chat.id]
        return True


def well_formed_callback(data: str | None) -> bool:
    """True for button data of a form some feature registered (``service.bot.callbacks``),
    within Telegram's 64 bytes; anything else is forged or from an older version."""
    if not data or len(data.encode("utf-8", "surrogatepass")) > CALLBACK_MAX_BYTES:
        return False
    return decode(data) is not None


def _counted(update: Update) -> bool:
    """Updates a person caused (messages, taps, edits, reactions...), not membership news."""
    return update.effective_chat is not None and not any(
        getattr(update, kind, None) is not None for kind in NOT_COUNTED
    )


def handlers(gate: FloodGate) -> list[BaseHandler[Update, Context, None]]:
    """Handlers registered in group -2, before everything else (``gate`` also counts each
    update as it arrives: see ``PerChatUpdateProcessor``)."""

    async def check(update: Update, context: Context) -> None:
        chat = update.effective_chat
        query = update.callback_query
        if query is not None and (query.message is None or chat is None):
            # inline-mode or forged: no chat to act in
            await query.answer(t("button_expired", update_language(update)))
            raise ApplicationHandlerStop
        if chat is None:
            return  # inline queries, polls...: no feature handles them
        if gate.tells_about_flood(update):
            if chat.type == Chat.PRIVATE:
                minutes = max(1, round(gate.flood.mute.total_seconds() / 60))
                await chat.send_message(t("guard_flood", update_language(update), minutes=minutes))
            raise ApplicationHandlerStop
        edited = update.edited_message or update.edited_channel_post
        edited = edited or update.edited_business_message
        if edited is not None:
            private = chat.type == Chat.PRIVATE and update.edited_message is not None
            if private and (edited.text is not None or edited.caption is not None):
                await chat.send_message(t("guard_edit_ignored", update_language(update)))
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
