"""The one rate-limited path to Telegram, and how incoming updates wait for their turn.

**Sending** (``ChatRateLimiter``, a python-telegram-bot ``BaseRateLimiter``):

- *One overall budget*: one message every 1/``RATE_OVERALL_PER_SECOND`` seconds, shared by all
  chats, never in bursts (a burst followed by a steady flow exceeds Telegram's sliding
  one-second window). Waiting messages go out by urgency, then first come first served:
  answers to a patient's own message or tap (``Urgency.REPLY``), then scheduled sends
  (``SCHEDULED``: the dispatcher's prompts and reminders), then answers to a chat that is
  flooding (``FLOODING``, asked of the flood guard as the answer joins the queue). A tap never
  waits behind a burst of prompts, and a flood never delays other patients' answers. What is a
  reply is known from the task: the update processor marks the task that handles an update;
  everything else (the dispatcher's wake) is scheduled.
- *Paid broadcasts*: with ``PAID_BROADCAST_PER_SECOND`` set, scheduled sends pass
  ``allow_paid_broadcast=True`` (``broadcast_options``) and Telegram lets them through at up to
  1,000/s for a fee in Stars; they use a budget of that rate instead of the free one.
- *Per chat*: about one message per second to a private chat, with a burst of 3 so an answer and
  the next question are not held back; 20 per minute to a group.
- *429s*: a 429 for a message to one chat pauses that chat only, for its ``retry_after``, then
  the message is sent again. A reply waits for it (only its own chat waits with it); a
  scheduled send to a chat paused for more than ``HAND_BACK_SECONDS`` is handed back to the
  dispatcher at once as ``RetryAfter`` (it books the occurrence again for after the pause), so
  a chat penalised for minutes never holds up the rest of a burst. Telegram's answer does not
  say whose limit was hit; when 429s come back for ``GLOBAL_AFTER_CHATS`` different chats
  within ``GLOBAL_WINDOW_SECONDS`` (or for a request without a chat), the limit is taken to be
  the bot's: every send waits ``retry_after``.

**Receiving** (``PerChatUpdateProcessor``): updates of different chats are handled concurrently,
those of one chat in order, so two quick taps never race. An ``ArrivalGate`` (the flood guard)
counts each update *when it arrives*, not when its turn comes: at one message per second per
chat a flooding chat's handlers run one per second, and counted there the guard never fired.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import math
import weakref
from collections import Counter, deque
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from datetime import timedelta
from enum import IntEnum
from typing import Any, Protocol

from aiolimiter import AsyncLimiter
from telegram import Bot, Update
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter, BaseUpdateProcessor

log = logging.getLogger(__name__)

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
GLOBAL_AFTER_CHATS = 3  # 429s for this many different chats at once: the bot's own limit
GLOBAL_WINDOW_SECONDS = 2.0
RETRY_SLACK_SECONDS = 0.1  # after retry_after, as python-telegram-bot's AIORateLimiter does
HAND_BACK_SECONDS = 2.0  # a scheduled send to a chat paused longer goes back to the dispatcher
MAX_CHAT_LIMITERS = 50_000  # chats remembered at once (idle ones are forgotten first)


class Urgency(IntEnum):
    """Which waiting message goes first in the overall budget (lower first)."""

    REPLY = 0  # an answer to the patient's own message or tap
    SCHEDULED = 1  # the dispatcher's prompts and reminders
    FLOODING = 2  # an answer to a chat over the flood threshold


_replying: weakref.WeakSet[asyncio.Task[Any]] = weakref.WeakSet()


@contextlib.contextmanager
def handling_update() -> Iterator[None]:
    """Mark the current task as handling an update: what it sends is a reply.

    A task, not a context variable: APScheduler's timers, armed from a handler, would carry a
    context variable into the dispatcher's wake, and its prompts would pass for replies.
    """
    task = asyncio.current_task()
    if task is None:
        yield
        return
    _replying.add(task)
    try:
        yield
    finally:
        _replying.discard(task)


def is_reply() -> bool:
    """True while the current task handles an update."""
    task = asyncio.current_task()
    return task is not None and task in _replying


class Pacer:
    """One request every ``1 / per_second`` seconds; the most urgent waiting request first."""

    def __init__(self, per_second: float) -> None:
        self.interval = 1.0 / per_second
        self._next = 0.0  # loop time from which the next request may go
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._timer: asyncio.TimerHandle | None = None

    async def acquire(self, urgency: int) -> None:
        """Wait for this request's turn."""
        loop = asyncio.get_running_loop()
        now = loop.time()
        if not self._waiting and now >= self._next:
            self._next = now + self.interval
            return
        future: asyncio.Future[None] = loop.create_future()
        heapq.heappush(self._waiting, (urgency, next(self._order), future))
        self._arm(loop)
        await future

    def hold_until(self, when: float) -> None:
        """Let nothing through before loop time ``when`` (a bot-wide 429)."""
        self._next = max(self._next, when)

    def _arm(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._timer is None:
            self._timer = loop.call_at(max(self._next, loop.time()), self._release, loop)

    def _release(self, loop: asyncio.AbstractEventLoop) -> None:
        self._timer = None
        while self._waiting and self._waiting[0][2].done():  # cancelled meanwhile
            heapq.heappop(self._waiting)
        if not self._waiting:
            return
        now = loop.time()
        if now >= self._next:
            _, _, future = heapq.heappop(self._waiting)
            future.set_result(None)
            self._next = now + self.interval
        if self._waiting:
            self._arm(loop)


class ChatRateLimiter(BaseRateLimiter[int]):
    """Telegram's limits: overall (by urgency), paid broadcasts, per chat, per group; 429s."""

    def __init__(
        self,
        *,
        overall_per_second: float = 30.0,
        per_chat_per_second: float = 1.0,
        per_chat_burst: int = 3,
        group_per_minute: float = 20.0,
        paid_per_second: float = 0.0,
        max_retries: int = 3,
        flooding: Callable[[int], bool] = lambda _chat_id: False,
    ) -> None:
        self.flooding = flooding
        """Whether a chat is flooding now (the flood guard): its replies go last."""
        self.overall = Pacer(overall_per_second)
        self.paid_per_second = paid_per_second
        self.paid = Pacer(paid_per_second) if paid_per_second > 0 else None
        self._chat_rate = per_chat_per_second
        self._chat_burst = max(1, per_chat_burst)
        self._group_per_minute = group_per_minute
        self._max_retries = max_retries
        self._chat_limiters: dict[int, AsyncLimiter] = {}
        self._chat_paused: dict[int, float] = {}  # chat -> loop time its 429 pause ends
        self._recent_429s: deque[tuple[float, int | None]] = deque()
        self.stats: Counter[str] = Counter()
        """Requests per urgency ("reply", "scheduled", "flooding") and budget ("paid"); 429s
        taken as one chat's ("chat_pauses") or the bot's ("bot_pauses"); scheduled sends handed
        back to the dispatcher because their chat is paused ("handed_back")."""

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    def _limiter(self, chat_id: int) -> AsyncLimiter:
        limiter = self._chat_limiters.get(chat_id)
        if limiter is None:
            if len(self._chat_limiters) >= MAX_CHAT_LIMITERS:  # forget idle chats
                idle = [k for k, v in self._chat_limiters.items() if v.has_capacity(v.max_rate)]
                for key in idle[: MAX_CHAT_LIMITERS // 2]:
                    del self._chat_limiters[key]
            if chat_id > 0:
                limiter = AsyncLimiter(self._chat_burst, self._chat_burst / self._chat_rate)
            else:
                limiter = AsyncLimiter(self._group_per_minute, 60)
            self._chat_limiters[chat_id] = limiter
        return limiter

    def _pause_left(self, chat_id: int | None) -> float:
        """Seconds this chat's own 429 pause still lasts."""
        if chat_id is None:
            return 0.0
        return self._chat_paused.get(chat_id, 0.0) - asyncio.get_running_loop().time()

    async def _chat_pause(self, chat_id: int | None) -> None:
        """Wait while this chat is paused by a 429 of its own."""
        if chat_id is None:
            return
        loop = asyncio.get_running_loop()
        # A poll, not an event: a later 429 may push the end of the pause further out.
        while (until := self._chat_paused.get(chat_id, 0.0)) > loop.time():  # noqa: ASYNC110
            await asyncio.sleep(until - loop.time())
        self._chat_paused.pop(chat_id, None)

    def _after_429(self, chat_id: int | None, seconds: float) -> None:
        """Pause the chat, or everything when several chats got a 429 at once."""
        now = asyncio.get_running_loop().time()
        until = now + seconds + RETRY_SLACK_SECONDS
        recent = self._recent_429s
        while recent and recent[0][0] < now - GLOBAL_WINDOW_SECONDS:
            recent.popleft()
        recent.append((now, chat_id))
        chats = {chat for _, chat in recent}
        if chat_id is None or len(chats) >= GLOBAL_AFTER_CHATS:
            self.stats["bot_pauses"] += 1
            log.warning("Telegram's limit for the whole bot was hit: pausing sends %.1fs", seconds)
            for pacer in (self.overall, self.paid):
                if pacer is not None:
                    pacer.hold_until(until)
        else:
            self.stats["chat_pauses"] += 1
            log.info("a chat was rate-limited by Telegram: pausing it %.1fs", seconds)
            self._chat_paused[chat_id] = max(self._chat_paused.get(chat_id, 0.0), until)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Wait for the chat (its pause, its bucket), then the overall budget; retry 429s."""
        raw_chat = data.get("chat_id")
        chat_id = raw_chat if isinstance(raw_chat, int) else None
        if chat_id is None and isinstance(raw_chat, str) and raw_chat.lstrip("-").isdecimal():
            chat_id = int(raw_chat)
        urgency = Urgency.SCHEDULED
        if is_reply():
            flooding = chat_id is not None and self.flooding(chat_id)
            urgency = Urgency.FLOODING if flooding else Urgency.REPLY
        paid = bool(data.get("allow_paid_broadcast")) and self.paid is not None
        pacer = self.paid if paid and self.paid is not None else self.overall
        limited = endpoint.lower() in SENDING_METHODS and chat_id is not None
        retries = self._max_retries if rate_limit_args is None else rate_limit_args
        if raw_chat is not None:
            self.stats["paid" if paid else urgency.name.lower()] += 1
        for attempt in range(retries + 1):
            left = self._pause_left(chat_id)
            if urgency is Urgency.SCHEDULED and left > HAND_BACK_SECONDS:
                self.stats["handed_back"] += 1
                raise RetryAfter(timedelta(seconds=math.ceil(left)))
            await self._chat_pause(chat_id)
            bucket = self._limiter(chat_id) if limited and chat_id is not None else None
            try:
                async with bucket or contextlib.nullcontext():
                    if raw_chat is not None:  # as PTB's limiter: requests about a chat
                        await pacer.acquire(urgency)
                    return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == retries:
                    log.warning("still rate-limited after %d retries: giving up", retries)
                    raise
                wait = exc.retry_after  # a timedelta with PTB_TIMEDELTA=1 (service.app sets it)
                seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
                self._after_429(chat_id, seconds)
        raise AssertionError("unreachable")  # pragma: no cover


def broadcast_options(bot: Bot) -> dict[str, Any]:
    """What a scheduled send passes to ``send_message`` besides its content:
    ``allow_paid_broadcast=True`` when the operator turned paid broadcasts on
    (``PAID_BROADCAST_PER_SECOND``), else nothing. Replies never pass it: they stay within
    the free budget, ahead of broadcasts."""
    limiter = getattr(bot, "rate_limiter", None)
    if isinstance(limiter, ChatRateLimiter) and limiter.paid is not None:
        return {"allow_paid_broadcast": True}
    return {}


class ArrivalGate(Protocol):
    """What the update processor asks the flood guard."""

    def arrived(self, update: Update) -> bool:
        """Count the update as it arrives; False drops it unhandled."""

    def turn(self, update: Update) -> bool:
        """Its chat's turn came: False drops it (the chat was muted meanwhile)."""

    def flooding(self, chat_id: int) -> bool:
        """Whether the chat is flooding now: its work waits until other chats' is done."""


WAITING_UPDATES = 1_000_000  # updates that may wait for their chat's turn (not a work limit)


class Slots:
    """A semaphore that hands a freed slot to the longest-waiting chat that is not flooding
    (asked at that moment), and to a flooding one only when no other chat waits."""

    def __init__(self, size: int, flooding: Callable[[int], bool]) -> None:
        self._free = size
        self._flooding = flooding
        self._waiting: deque[tuple[int | None, asyncio.Future[None]]] = deque()

    @contextlib.asynccontextmanager
    async def taken(self, chat_id: int | None) -> AsyncIterator[None]:
        """Hold one slot for the block."""
        await self._acquire(chat_id)
        try:
            yield
        finally:
            self._release()

    async def _acquire(self, chat_id: int | None) -> None:
        if self._free > 0 and not self._waiting:
            self._free -= 1
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (chat_id, future)
        self._waiting.append(entry)
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self._release()  # granted as it was cancelled: pass the slot on
            else:
                self._waiting.remove(entry)
            raise

    def _release(self) -> None:
        chosen: tuple[int | None, asyncio.Future[None]] | None = None
        for entry in self._waiting:
            chat_id, future = entry
            if future.done():
                continue
            if chosen is None:
                chosen = entry  # the longest waiting, if every waiting chat is flooding
            if chat_id is None or not self._flooding(chat_id):
                chosen = entry
                break
        if chosen is None:
            self._waiting.clear()
            self._free += 1
            return
        self._waiting.remove(chosen)
        chosen[1].set_result(None)


def _discard(coroutine: Awaitable[Any]) -> None:
    if isinstance(coroutine, Coroutine):
        coroutine.close()  # never started: no "was never awaited" warning


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across chats, sequential (in arrival order) within one chat.

    An update is counted by the ``gate`` when it arrives, then waits for its chat's turn
    *before* it takes one of the ``max_concurrent_updates`` working slots: a chat that sends
    many updates at once holds one slot, not all of them, and flooding chats get a slot only
    when no other chat waits for one, so other patients are not held up behind them.
    """

    def __init__(self, max_concurrent_updates: int = 64, *, gate: ArrivalGate | None = None):
        super().__init__(WAITING_UPDATES)
        flooding = gate.flooding if gate is not None else (lambda _chat_id: False)
        self._slots = Slots(max_concurrent_updates, flooding)
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}
        self._gate = gate

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Count the update, then run its handlers under its chat's lock, in a slot."""
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None or not isinstance(update, Update):
            async with self._slots.taken(None):
                with handling_update():
                    await coroutine
            return
        gate = self._gate
        if gate is not None and not gate.arrived(update):
            _discard(coroutine)
            return
        lock, users = self._locks.get(chat.id, (asyncio.Lock(), 0))
        self._locks[chat.id] = (lock, users + 1)
        try:
            async with lock:
                if gate is not None and not gate.turn(update):
                    _discard(coroutine)
                    return
                async with self._slots.taken(chat.id):
                    with handling_update():
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
