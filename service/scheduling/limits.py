"""The one rate-limited path to Telegram, and per-chat ordering of incoming updates.

``ChatRateLimiter`` is python-telegram-bot's ``AIORateLimiter`` (overall ~30/s, groups 20/min,
honours 429 ``retry_after``) plus what it lacks: a per-private-chat limit of about one message per
second, with a small burst so an answer and the next question are not held back.

``PerChatUpdateProcessor`` runs updates of different chats concurrently and those of one chat in
order, so two quick taps of one patient never race.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram import Update
from telegram.ext import AIORateLimiter, BaseUpdateProcessor

SENDING_METHODS = frozenset(
    {
        "sendmessage",
        "sendphoto",
        "senddocument",
        "sendlocation",
        "editmessagetext",
        "editmessagereplymarkup",
        "copymessage",
        "forwardmessage",
    }
)


class ChatRateLimiter(AIORateLimiter):
    """AIORateLimiter with an extra leaky bucket for each private chat."""

    def __init__(
        self,
        *,
        overall_per_second: float = 30.0,
        per_chat_per_second: float = 1.0,
        per_chat_burst: int = 3,
        max_retries: int = 3,
    ) -> None:
        # One message every 1/rate seconds rather than bursts of `rate` per second: a burst
        # followed by a steady flow exceeds Telegram's sliding one-second window (429s).
        super().__init__(
            overall_max_rate=1,
            overall_time_period=1 / overall_per_second,
            max_retries=max_retries,
        )
        self._chat_rate = per_chat_per_second
        self._chat_burst = max(1, per_chat_burst)
        self._chat_limiters: dict[int, AsyncLimiter] = {}

    def _chat_limiter(self, chat_id: int) -> AsyncLimiter:
        limiter = self._chat_limiters.get(chat_id)
        if limiter is None:
            if len(self._chat_limiters) > 50_000:  # forget idle chats, keep memory bounded
                for key in [k for k, v in self._chat_limiters.items() if v.has_capacity()][
                    :25_000
                ]:
                    del self._chat_limiters[key]
            limiter = AsyncLimiter(self._chat_burst, self._chat_burst / self._chat_rate)
            self._chat_limiters[chat_id] = limiter
        return limiter

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Wait for the chat's own bucket (private chats), then the overall limiter."""
        chat_id = data.get("chat_id")
        if endpoint.lower() in SENDING_METHODS and isinstance(chat_id, int) and chat_id > 0:
            async with self._chat_limiter(chat_id):
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )


WAITING_UPDATES = 1_000_000  # updates that may wait for their chat's turn (not a work limit)


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across chats, sequential (in arrival order) within one chat.

    An update waits for its chat's turn *before* it takes one of the ``max_concurrent_updates``
    working slots: a chat that sends many updates at once holds one slot, not all of them, so
    other chats are not held up behind it.
    """

    def __init__(self, max_concurrent_updates: int = 64) -> None:
        super().__init__(WAITING_UPDATES)
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the update's handlers under its chat's lock, in one of the working slots."""
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            async with self._slots:
                await coroutine
            return
        lock, users = self._locks.get(chat.id, (asyncio.Lock(), 0))
        self._locks[chat.id] = (lock, users + 1)
        try:
            async with lock, self._slots:
                await coroutine
        finally:
            lock, users = self._locks[chat.id]
            if users <= 1:
                del self._locks[chat.id]
            else:
                self._locks[chat.id] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""
