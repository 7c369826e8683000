"""An in-process HTTP server that answers python-telegram-bot like Telegram's Bot API does."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import math
import random
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import aiohttp
from aiohttp import web

from ._chat import ChatHandle, FakeGroup, FakeUser, StoredMessage, now
from ._errors import ApiError, bad_request, conflict, forbidden, too_many_requests
from ._markup import ParsedText, parse_text, validate_reply_markup
from ._model import (
    ApiCall,
    BotEvent,
    CallbackAnswer,
    Limits,
    SentRecord,
    Stats,
    StoredFile,
    WebhookDelivery,
)
from ._params import Params, UploadedFile

Handler = Callable[[Params], Awaitable[Any]]

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
WEBHOOK_ACTIVE = (
    "can't use getUpdates method while webhook is active; use deleteWebhook to delete the "
    "webhook first"
)
TERMINATED = (
    "terminated by other getUpdates request; make sure that only one bot instance is running"
)
# Telegram leaves these out unless they are asked for explicitly in allowed_updates.
NOT_DEFAULT_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
FAULT_KINDS = ("500", "502", "drop")
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")


@dataclass
class _Poll:
    terminated: bool = False


@dataclass
class _Query:
    chat: ChatHandle
    answered: bool = False


def _window_wait(stamps: deque[float], capacity: float, window: float, at: float) -> float:
    """Seconds until one more event fits in a sliding window (0 when it fits now)."""
    while stamps and stamps[0] <= at - window:
        stamps.popleft()
    cap = max(1, int(capacity))
    if len(stamps) < cap:
        return 0.0
    return stamps[len(stamps) - cap] + window - at


class TelegramEmulator:
    """A fake Telegram Bot API server plus the users and groups that talk to the bot.

    Point the bot at it with ``ApplicationBuilder().token(emu.token).base_url(emu.base_url)
    .base_file_url(emu.base_file_url)``. Everything runs in the test's event loop.
    """

    def __init__(
        self,
        token: str = "123456:TEST-token",
        *,
        bot_username: str = "hfs_test_bot",
        bot_first_name: str = "HFS Test Bot",
        seed: int = 0,
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        prefix = token.split(":", 1)[0]
        self.bot_id = int(prefix) if prefix.isdigit() else 123456
        self.limits: Limits | None = None
        """Flood limits for send*/edit* methods; ``None`` (the default) means unlimited."""
        self.fail_rate: float = 0.0
        """Share of Bot API calls that fail with an injected fault."""
        self.fault_kinds: tuple[str, ...] = FAULT_KINDS
        """Faults to pick from: "500", "502", "drop" (connection closed, call not executed),
        "drop_after" (call executed, then the connection is closed without an answer),
        "late" (call executed, answered ``late_seconds`` later)."""
        self.late_seconds: float = 6.0
        """How long a "late" fault holds the answer back (Bot API clients time out at 5 s)."""
        self.fault_methods: frozenset[str] | None = None
        """Canonical method names faults apply to (``None``: every method)."""
        self.rng = random.Random(seed)
        self.stats = Stats()
        self.sent_log: list[SentRecord] = []
        self.api_log: list[ApiCall] = []
        self.webhook_deliveries: list[WebhookDelivery] = []
        self.internal_errors: list[Exception] = []
        """Exceptions raised by the emulator itself (answered as 500); should stay empty."""
        self.filtered_updates: list[dict[str, Any]] = []
        """Updates dropped because ``allowed_updates`` excludes their type."""
        self.files: dict[str, StoredFile] = {}
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        """setMyCommands state per (JSON of scope, language_code)."""
        self.bot_settings: dict[str, Any] = {}
        self.logged_out = False
        self.closed = False

        self._chats: dict[int, ChatHandle] = {}
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 10_001
        self._allowed_updates: list[str] = []
        self._poll: _Poll | None = None
        self._changed = asyncio.Event()
        self._stopping = False
        self._webhook_url: str | None = None
        self._webhook_secret: str | None = None
        self._webhook_max_connections = 40
        self._webhook_inflight = False
        self._webhook_last_error: tuple[int, str] | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None
        self._queries: dict[str, _Query] = {}
        self._next_query_id = 4_611_686_018_427_387_001
        self._next_file = 1
        self._global_window: deque[float] = deque()
        self._paid_window: deque[float] = deque()
        self._throttled_chats: dict[int, float] = {}
        self._throttled_until = 0.0
        self._chat_windows: dict[int, deque[float]] = {}
        self._group_windows: dict[int, deque[float]] = {}
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

        handlers: dict[str, Handler] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "editMessageCaption": self._edit_message_caption,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendChatAction": self._send_chat_action,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "getFile": self._get_file,
            "getChat": self._get_chat,
            "setMyDescription": self._setting("description"),
            "setMyShortDescription": self._setting("short_description"),
            "setMyName": self._setting("name"),
            "setChatMenuButton": self._setting("menu_button"),
            "close": self._close,
            "logOut": self._log_out,
        }
        self._methods: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, handler) for name, handler in handlers.items()
        }

    # ------------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Bind 127.0.0.1 on a free port and start serving."""
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        runner = web.AppRunner(app, handler_cancellation=True, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        self._port = runner.addresses[0][1]
        self._stopping = False
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        self._webhook_task = asyncio.create_task(self._webhook_worker(), name="emu-webhook")

    async def stop(self) -> None:
        """Release waiting long polls, stop webhook delivery and close the server."""
        self._stopping = True
        self._notify()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> TelegramEmulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def root_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        if self._port is None:
            raise RuntimeError("TelegramEmulator is not started")
        return f"http://127.0.0.1:{self._port}"

    @property
    def base_url(self) -> str:
        """Value for ``ApplicationBuilder.base_url``."""
        return f"{self.root_url}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for ``ApplicationBuilder.base_file_url``."""
        return f"{self.root_url}/file/bot"

    # --------------------------------------------------------------------- chats & users

    def user(
        self,
        user_id: int = 1001,
        first_name: str = "Test",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> FakeUser:
        """The user ``user_id`` (created on first use); their private chat has the same id."""
        existing = self._chats.get(user_id)
        if existing is not None:
            if not isinstance(existing, FakeUser):
                raise ValueError(f"chat id {user_id} is a group")
            return existing
        user = FakeUser(
            self,
            user_id,
            first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )
        self._chats[user_id] = user
        return user

    def group(self, chat_id: int = -1001234567890, title: str = "Test group") -> FakeGroup:
        """A group the bot is a member of (``-100...`` ids are supergroups)."""
        existing = self._chats.get(chat_id)
        if existing is not None:
            if not isinstance(existing, FakeGroup):
                raise ValueError(f"chat id {chat_id} is a private chat")
            return existing
        group = FakeGroup(self, chat_id, title)
        self._chats[chat_id] = group
        return group

    def bot_user(self) -> dict[str, Any]:
        """The bot's ``User`` JSON."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    # --------------------------------------------------------------------- update queue

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by getUpdates (or not yet delivered to the webhook)."""
        return list(self._updates)

    @property
    def polling(self) -> bool:
        """Whether a getUpdates long poll is waiting right now."""
        return self._poll is not None

    @property
    def webhook_url(self) -> str | None:
        """The webhook set with setWebhook, if any."""
        return self._webhook_url

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait_until(self, predicate: Callable[[], bool], seconds: float | None) -> bool:
        loop = asyncio.get_running_loop()
        deadline = None if seconds is None else loop.time() + seconds
        while not predicate():
            changed = self._changed
            if deadline is None:
                await changed.wait()
                continue
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            try:
                async with asyncio.timeout(remaining):
                    await changed.wait()
            except TimeoutError:
                return predicate()
        return True

    def _is_idle(self) -> bool:
        return not self._updates and not self._webhook_inflight

    async def wait_idle(self, timeout: float = 5) -> None:  # noqa: ASYNC109
        """Return once every update was fetched and confirmed (or delivered to the webhook).

        Note that PTB confirms an update with its next getUpdates call, usually before its
        handler has finished; wait for the bot's reply to know that it was handled.
        """
        if not await self._wait_until(self._is_idle, timeout):
            kinds = [
                f"{u['update_id']}:{next((k for k in u if k != 'update_id'), '?')}"
                for u in self._updates
            ]
            mode = f"webhook {self._webhook_url}" if self._webhook_url else "getUpdates"
            raise TimeoutError(
                f"not idle after {timeout}s: {len(self._updates)} update(s) pending {kinds}; "
                f"mode={mode}, long poll waiting={self.polling}"
            )

    async def wait_polling(self, timeout: float = 5) -> None:  # noqa: ASYNC109
        """Wait until the bot has a getUpdates long poll waiting."""
        if not await self._wait_until(lambda: self._poll is not None, timeout):
            raise TimeoutError(f"the bot did not long-poll getUpdates within {timeout}s")

    def _is_allowed(self, kind: str) -> bool:
        if self._allowed_updates:
            return kind in self._allowed_updates
        return kind not in NOT_DEFAULT_UPDATES

    def _enqueue(self, update: dict[str, Any], chat: ChatHandle | None = None) -> dict[str, Any]:
        if "update_id" in update:
            self._next_update_id = max(self._next_update_id, int(update["update_id"]) + 1)
        else:
            update = {"update_id": self._next_update_id, **update}
            self._next_update_id += 1
        if chat is not None:
            chat._known = True
        kind = next((key for key in update if key != "update_id"), "")
        if not self._is_allowed(kind):
            self.filtered_updates.append(update)
            return update
        self._updates.append(update)
        self._notify()
        return update

    def _user_message(
        self, chat: ChatHandle, user: FakeUser, content: dict[str, Any]
    ) -> dict[str, Any]:
        if isinstance(chat, FakeUser) and chat.blocked:
            chat.unblock()  # a user can only write to a bot they unblocked
        message_id = chat._allocate_message_id()
        message: dict[str, Any] = {
            "message_id": message_id,
            "from": user.as_dict(),
            "chat": dict(chat.chat),
            "date": now(),
            **content,
        }
        chat._store[message_id] = StoredMessage(raw=message, from_bot=False)
        self._enqueue({"message": copy.deepcopy(message)}, chat=chat)
        return copy.deepcopy(message)

    def _user_edit(
        self, chat: ChatHandle, user: FakeUser, message_id: int, text: str
    ) -> dict[str, Any]:
        stored = chat._store.get(message_id)
        if stored is None or stored.from_bot or stored.raw["from"]["id"] != user.user_id:
            raise LookupError(f"#{message_id} is not a message of {user!r} in {chat.chat_id}")
        if "text" not in stored.raw:
            raise LookupError(f"#{message_id} has no text to edit")
        raw = {**stored.raw, "text": text, "edit_date": now()}
        raw.pop("entities", None)
        if text.startswith("/"):
            raw["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
            ]
        stored.raw = raw
        self._enqueue({"edited_message": copy.deepcopy(raw)}, chat=chat)
        return copy.deepcopy(raw)

    def _callback_query(self, chat: ChatHandle, user: FakeUser, message_id: int, data: str) -> str:
        query_id = str(self._next_query_id)
        self._next_query_id += 1
        self._queries[query_id] = _Query(chat)
        query = {
            "id": query_id,
            "from": user.as_dict(),
            "message": copy.deepcopy(chat._store[message_id].raw),
            "chat_instance": str((chat.chat_id * 2_654_435_761 + self.bot_id) % 10**19),
            "data": data,
        }
        self._enqueue({"callback_query": query}, chat=chat)
        return query_id

    def _member_update(self, user: FakeUser, old: str, new: str) -> None:
        def member(status: str) -> dict[str, Any]:
            entry: dict[str, Any] = {"status": status, "user": self.bot_user()}
            if status == "kicked":
                entry["until_date"] = 0
            return entry

        update = {
            "my_chat_member": {
                "chat": dict(user.chat),
                "from": user.as_dict(),
                "date": now(),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            }
        }
        self._enqueue(update, chat=user)

    def _new_file_ids(self) -> tuple[str, str]:
        number = self._next_file
        self._next_file += 1
        return f"BQACAgIAAx{self.bot_id}F{number:06d}", f"AgAD{number:06d}"

    def _store_file(
        self, data: bytes, filename: str | None, mime_type: str | None, folder: str
    ) -> StoredFile:
        file_id, unique_id = self._new_file_ids()
        suffix = ""
        if filename and "." in filename:
            suffix = "." + filename.rsplit(".", 1)[1]
        stored = StoredFile(
            file_id, unique_id, data, filename, mime_type, f"{folder}/file_{unique_id}{suffix}"
        )
        self.files[file_id] = stored
        return stored

    # --------------------------------------------------------------------------- webhook

    async def _webhook_worker(self) -> None:
        while True:
            await self._wait_until(lambda: bool(self._webhook_url and self._updates), None)
            update = self._updates[0]
            url = self._webhook_url
            assert url is not None
            self._webhook_inflight = True
            try:
                status, error = await self._post(url, update, self._webhook_secret)
            finally:
                self._webhook_inflight = False
            self.webhook_deliveries.append(
                WebhookDelivery(update["update_id"], url, status, error, time.monotonic())
            )
            if status is None or not 200 <= status <= 299:
                self._webhook_last_error = (
                    now(),
                    error or f"Wrong response from the webhook: {status}",
                )
            if self._updates and self._updates[0] is update:
                self._updates.pop(0)
            self._notify()

    async def _post(
        self, url: str, body: dict[str, Any] | bytes | str, secret: str | None
    ) -> tuple[int | None, str | None]:
        if self._session is None:
            raise RuntimeError("TelegramEmulator is not started")
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        data = json.dumps(body).encode() if isinstance(body, dict) else body
        try:
            async with self._session.post(url, data=data, headers=headers) as response:
                await response.read()
                return response.status, None
        except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as exc:
            return None, f"{type(exc).__name__}: {exc}"

    async def post_raw_webhook(
        self,
        body: dict[str, Any] | bytes | str,
        secret: str | None,
        *,
        url: str | None = None,
    ) -> int | None:
        """POST ``body`` to the webhook (or ``url``) with ``secret`` as the secret header
        (no header when ``None``); return the HTTP status (``None`` if the request failed)."""
        target = url or self._webhook_url
        if target is None:
            raise RuntimeError("no webhook is set and no url was given")
        status, _ = await self._post(target, body, secret)
        return status

    # ------------------------------------------------------------------------ HTTP layer

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").payload(), status=401)
        path = request.match_info["path"]
        for stored in self.files.values():
            if stored.file_path == path:
                return web.Response(body=stored.data, content_type="application/octet-stream")
        return web.json_response(ApiError(404, "Not Found").payload(), status=404)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").payload(), status=401)
        entry = self._methods.get(request.match_info["method"].lower())
        if entry is None:
            error = ApiError(404, "Not Found: method not found")
            return web.json_response(error.payload(), status=404)
        method, handler = entry
        self.stats.calls[method] += 1
        started = time.monotonic()
        try:
            params = await Params.from_request(request)
        except ApiError as exc:
            return self._error_response(started, method, Params({}, {}), exc)

        fault = self._pick_fault(method)
        if fault in ("500", "502"):
            self.stats.faults[fault] += 1
            phrase = "Internal Server Error" if fault == "500" else "Bad Gateway"
            status = int(fault)
            self._log(started, method, params, status, phrase)
            return web.json_response(ApiError(status, phrase).payload(), status=status)
        if fault == "drop":
            self.stats.faults[fault] += 1
            self._log(started, method, params, 0, "connection dropped before processing")
            return self._drop(request)

        try:
            quota = self._check_limits(method, params)
            result = await handler(params)
        except ApiError as exc:
            return self._error_response(started, method, params, exc)
        except Exception as exc:  # an emulator bug: make it visible, not a bare 500
            self.internal_errors.append(exc)
            error = ApiError(500, f"Internal Server Error: emulator bug: {exc!r}")
            return self._error_response(started, method, params, error)
        for stamps in quota:  # only calls that went through count against the limits
            stamps.append(started)
        if params.get_bool("allow_paid_broadcast"):
            self.stats.paid += 1
        if fault == "drop_after":
            self.stats.faults[fault] += 1
            self._log(started, method, params, 0, "connection dropped after processing")
            return self._drop(request)
        if fault == "late":
            self.stats.faults[fault] += 1
            await asyncio.sleep(self.late_seconds)
        self._log(started, method, params, 200, None)
        return web.json_response({"ok": True, "result": result})

    def _drop(self, request: web.Request) -> web.StreamResponse:
        if request.transport is not None:
            request.transport.close()
        return web.Response(status=500)

    def _error_response(
        self, started: float, method: str, params: Params, exc: ApiError
    ) -> web.StreamResponse:
        self.stats.errors[exc.status] += 1
        self._log(started, method, params, exc.status, exc.description)
        return web.json_response(exc.payload(), status=exc.status)

    def _log(
        self, started: float, method: str, params: Params, status: int, description: str | None
    ) -> None:
        chat_id: int | None
        try:
            chat_id = params.get_int("chat_id")
        except ApiError:
            chat_id = None
        query = self._queries.get(params.get_str("callback_query_id") or "")
        if chat_id is None and query is not None:
            chat_id = query.chat.chat_id
        self.api_log.append(
            ApiCall(started, method, params.logged(), status, description, chat_id)
        )

    def _pick_fault(self, method: str) -> str | None:
        if self.fail_rate <= 0 or not self.fault_kinds:
            return None
        if self.fault_methods is not None and method not in self.fault_methods:
            return None
        if self.rng.random() >= self.fail_rate:
            return None
        return self.rng.choice(self.fault_kinds)

    def throttle_chat(self, chat_id: int, retry_after: int) -> None:
        """Telegram penalises one chat: for ``retry_after`` seconds every send or edit to it
        gets 429 with the seconds left; other chats are not affected."""
        self._throttled_chats[chat_id] = time.monotonic() + retry_after

    def throttle_all(self, retry_after: int) -> None:
        """The bot as a whole is over Telegram's limit: for ``retry_after`` seconds every send
        or edit, to any chat, gets 429 with the seconds left."""
        self._throttled_until = time.monotonic() + retry_after

    def _check_throttles(self, at: float, chat_id: int | None) -> None:
        kind, until = "all", self._throttled_until
        chat_until = self._throttled_chats.get(chat_id, 0.0) if chat_id is not None else 0.0
        if chat_until > until:
            kind, until = "chat", chat_until
        if until > at:
            self.stats.throttled[kind] += 1
            raise too_many_requests(math.ceil(until - at))

    def _check_limits(self, method: str, params: Params) -> list[deque[float]]:
        """Raise 429 if a flood limit is hit; return the windows the call will count in."""
        if method == "sendChatAction" or not method.startswith(("send", "edit")):
            return []
        at = time.monotonic()
        try:
            chat_id = params.get_int("chat_id")
        except ApiError:
            chat_id = None
        self._check_throttles(at, chat_id)
        limits = self.limits
        paid = params.get_bool("allow_paid_broadcast")
        if limits is None:
            return []
        checks: list[tuple[deque[float], float, float]] = [
            (self._paid_window, limits.paid_per_second, 1.0)
            if paid
            else (self._global_window, limits.global_per_second, 1.0)
        ]
        if chat_id is not None:
            rate = limits.per_chat_per_second
            window = 1.0 if rate >= 1 else 1.0 / rate
            chat_window = self._chat_windows.setdefault(chat_id, deque())
            checks.append((chat_window, rate * window, window))
            if chat_id < 0 and limits.per_group_per_minute is not None:
                group_window = self._group_windows.setdefault(chat_id, deque())
                checks.append((group_window, limits.per_group_per_minute, 60.0))
        wait = max(_window_wait(stamps, cap, window, at) for stamps, cap, window in checks)
        if wait > 0:
            self.stats.rate_limited += 1
            self.stats.rate_limited_by_method[method] += 1
            raise too_many_requests(math.ceil(wait))
        return [stamps for stamps, _, _ in checks]

    # ------------------------------------------------------------------- shared checks

    def _lookup_chat(self, raw: Any) -> ChatHandle | None:
        if isinstance(raw, str) and raw.startswith("@"):
            name = raw[1:].lower()
            for chat in self._chats.values():  # @username works for groups, not for users
                if chat.chat["type"] == "private":
                    continue
                if str(chat.chat.get("username", "")).lower() == name:
                    return chat
            return None
        try:
            return self._chats.get(int(raw))
        except (TypeError, ValueError):
            return None

    def _chat(self, params: Params, *, check_blocked: bool = True) -> ChatHandle:
        raw = params.raw("chat_id")
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        chat = self._lookup_chat(raw)
        if chat is None or not chat._known:
            raise bad_request("chat not found")
        if check_blocked and isinstance(chat, FakeUser) and chat.blocked:
            raise forbidden("bot was blocked by the user")
        return chat

    def _parse(
        self, params: Params, field: str, entities_field: str, limit: int, too_long: str
    ) -> tuple[str | None, str | None, ParsedText | None]:
        text = params.get_str(field)
        parse_mode = params.get_str("parse_mode")
        if not text:
            return text, parse_mode, None
        parsed = parse_text(text, parse_mode, params.get_json(entities_field))
        if len(parsed.plain) > limit:
            raise bad_request(too_long)
        return text, parse_mode, parsed

    def _message_text(self, params: Params) -> tuple[str, str | None, ParsedText]:
        text, parse_mode, parsed = self._parse(
            params, "text", "entities", 4096, "message is too long"
        )
        if not text or parsed is None or not parsed.plain:
            raise bad_request("message text is empty")
        return text, parse_mode, parsed

    def _reply_to(self, chat: ChatHandle, params: Params, content: dict[str, Any]) -> None:
        reply = params.get_json("reply_parameters")
        reply_id: int | None = None
        allow_missing = params.get_bool("allow_sending_without_reply")
        if isinstance(reply, dict) and reply.get("message_id") is not None:
            reply_id = int(reply["message_id"])
            allow_missing = allow_missing or bool(reply.get("allow_sending_without_reply"))
        elif params.get_int("reply_to_message_id") is not None:
            reply_id = params.get_int("reply_to_message_id")
        if reply_id is None:
            return
        target = chat._store.get(reply_id)
        if target is not None:
            replied = copy.deepcopy(target.raw)
            replied.pop("reply_to_message", None)
            content["reply_to_message"] = replied
        elif not allow_missing:
            raise bad_request("message to be replied not found")

    def _bot_message(
        self,
        chat: ChatHandle,
        method: str,
        content: dict[str, Any],
        stored: StoredMessage,
    ) -> dict[str, Any]:
        message_id = chat._allocate_message_id()
        stored.raw = {
            "message_id": message_id,
            "from": self.bot_user(),
            "chat": dict(chat.chat),
            "date": now(),
            **content,
        }
        chat._store[message_id] = stored
        at = time.monotonic()
        chat._record(BotEvent("message", chat.chat_id, at, message=stored.snapshot()))
        plain = stored.raw.get("text", stored.raw.get("caption"))
        self.sent_log.append(SentRecord(at, method, chat.chat_id, message_id, plain))
        return copy.deepcopy(stored.raw)

    def _bot_edit(
        self, chat: ChatHandle, method: str, stored: StoredMessage, raw: dict[str, Any]
    ) -> dict[str, Any]:
        raw["edit_date"] = now()
        stored.raw = raw
        at = time.monotonic()
        chat._record(BotEvent("edit", chat.chat_id, at, message=stored.snapshot(is_edit=True)))
        plain = raw.get("text", raw.get("caption"))
        self.sent_log.append(SentRecord(at, method, chat.chat_id, raw["message_id"], plain))
        return copy.deepcopy(raw)

    def _message_to_edit(self, params: Params) -> tuple[ChatHandle, StoredMessage]:
        if params.get_str("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._chat(params)
        message_id = params.get_int("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        stored = chat._store.get(message_id)
        if stored is None:
            raise bad_request("message to edit not found")
        if not stored.from_bot:
            raise bad_request("message can't be edited")
        return chat, stored

    # --------------------------------------------------------------------------- methods

    async def _get_me(self, params: Params) -> Any:
        return {
            **self.bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, params: Params) -> Any:
        if self._webhook_url:
            raise conflict(WEBHOOK_ACTIVE)
        offset = params.get_int("offset") or 0
        limit = min(max(params.get_int("limit") or 100, 1), 100)
        timeout = max(params.get_float("timeout") or 0.0, 0.0)
        allowed = params.get_json("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(kind) for kind in allowed]
        if self._poll is not None:
            self._poll.terminated = True
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        self._notify()
        if self._updates or timeout <= 0 or self._stopping:
            return self._updates[:limit]
        poll = _Poll()
        self._poll = poll
        self._notify()
        try:
            await self._wait_until(
                lambda: (
                    poll.terminated
                    or bool(self._updates)
                    or self._stopping
                    or self._webhook_url is not None
                ),
                timeout,
            )
        finally:
            if self._poll is poll:
                self._poll = None
                self._notify()
        if poll.terminated:
            raise conflict(TERMINATED)
        if self._webhook_url:
            raise conflict(WEBHOOK_ACTIVE)
        return self._updates[:limit]

    async def _set_webhook(self, params: Params) -> Any:
        url = params.get_str("url") or ""
        if not url:
            return await self._delete_webhook(params)
        if not re.match(r"^https?://", url, re.IGNORECASE):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get_str("secret_token")
        if secret is not None and not _SECRET_RE.match(secret):
            raise bad_request("secret token contains unallowed characters")
        allowed = params.get_json("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(kind) for kind in allowed]
        if params.get_bool("drop_pending_updates"):
            self._updates.clear()
        self._webhook_url = url
        self._webhook_secret = secret
        self._webhook_max_connections = params.get_int("max_connections") or 40
        self._webhook_last_error = None
        self._notify()
        return True

    async def _delete_webhook(self, params: Params) -> Any:
        if params.get_bool("drop_pending_updates"):
            self._updates.clear()
        self._webhook_url = None
        self._webhook_secret = None
        self._notify()
        return True

    async def _get_webhook_info(self, params: Params) -> Any:
        info: dict[str, Any] = {
            "url": self._webhook_url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self._webhook_url:
            info["max_connections"] = self._webhook_max_connections
            info["ip_address"] = "127.0.0.1"
        if self._allowed_updates:
            info["allowed_updates"] = list(self._allowed_updates)
        if self._webhook_last_error is not None:
            info["last_error_date"], info["last_error_message"] = self._webhook_last_error
        return info

    def _commands_key(self, params: Params) -> tuple[str, str]:
        scope = params.get_json("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), params.get_str("language_code") or ""

    def get_commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, str]]:
        """The commands the bot set for ``scope`` (default scope) and ``language_code``."""
        key = json.dumps(scope or {"type": "default"}, sort_keys=True), language_code
        return list(self.commands.get(key, []))

    async def _set_my_commands(self, params: Params) -> Any:
        commands = params.get_json("commands")
        if not isinstance(commands, list):
            raise bad_request("commands must be an Array")
        if len(commands) > 100:
            raise bad_request("too many commands")
        cleaned: list[dict[str, str]] = []
        for entry in commands:
            if not isinstance(entry, dict):
                raise bad_request("BOT_COMMAND_INVALID")
            command, description = entry.get("command"), entry.get("description")
            if not isinstance(command, str) or not _COMMAND_RE.match(command):
                raise bad_request("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": command, "description": description})
        key = self._commands_key(params)
        if cleaned:
            self.commands[key] = cleaned
        else:
            self.commands.pop(key, None)
        return True

    async def _get_my_commands(self, params: Params) -> Any:
        return list(self.commands.get(self._commands_key(params), []))

    async def _delete_my_commands(self, params: Params) -> Any:
        self.commands.pop(self._commands_key(params), None)
        return True

    async def _send_message(self, params: Params) -> Any:
        chat = self._chat(params)
        text, parse_mode, parsed = self._message_text(params)
        markup = validate_reply_markup(params.get_json("reply_markup"))
        content: dict[str, Any] = {"text": parsed.plain}
        if parsed.entities:
            content["entities"] = parsed.entities
        self._reply_to(chat, params, content)
        if markup is not None and "inline_keyboard" in markup:
            content["reply_markup"] = markup
        stored = StoredMessage(
            raw={}, from_bot=True, kind="text", source_text=text, parse_mode=parse_mode
        )
        stored.markup = markup
        return self._bot_message(chat, "sendMessage", content, stored)

    async def _edit_message_text(self, params: Params) -> Any:
        chat, stored = self._message_to_edit(params)
        text, parse_mode, parsed = self._message_text(params)
        markup = validate_reply_markup(params.get_json("reply_markup"), inline_only=True)
        if "text" not in stored.raw:
            raise bad_request("there is no text in the message to edit")
        old = (stored.raw["text"], stored.raw.get("entities", []), stored.raw.get("reply_markup"))
        if old == (parsed.plain, parsed.entities, markup):
            raise bad_request(NOT_MODIFIED)
        raw = {**stored.raw, "text": parsed.plain}
        raw.pop("entities", None)
        raw.pop("reply_markup", None)  # an edit without reply_markup removes the keyboard
        if parsed.entities:
            raw["entities"] = parsed.entities
        if markup is not None:
            raw["reply_markup"] = markup
        stored.source_text, stored.parse_mode, stored.markup = text, parse_mode, markup
        return self._bot_edit(chat, "editMessageText", stored, raw)

    async def _edit_message_reply_markup(self, params: Params) -> Any:
        chat, stored = self._message_to_edit(params)
        markup = validate_reply_markup(params.get_json("reply_markup"), inline_only=True)
        if stored.raw.get("reply_markup") == markup:
            raise bad_request(NOT_MODIFIED)
        raw = dict(stored.raw)
        raw.pop("reply_markup", None)
        if markup is not None:
            raw["reply_markup"] = markup
        stored.markup = markup
        return self._bot_edit(chat, "editMessageReplyMarkup", stored, raw)

    async def _edit_message_caption(self, params: Params) -> Any:
        chat, stored = self._message_to_edit(params)
        if stored.kind not in ("photo", "document"):
            raise bad_request("there is no caption in the message to edit")
        caption, parse_mode, parsed = self._parse(
            params, "caption", "caption_entities", 1024, "message caption is too long"
        )
        markup = validate_reply_markup(params.get_json("reply_markup"), inline_only=True)
        plain = parsed.plain if parsed else None
        entities = parsed.entities if parsed else []
        old = (
            stored.raw.get("caption"),
            stored.raw.get("caption_entities", []),
            stored.raw.get("reply_markup"),
        )
        if old == (plain, entities, markup):
            raise bad_request(NOT_MODIFIED)
        raw = dict(stored.raw)
        for key in ("caption", "caption_entities", "reply_markup"):
            raw.pop(key, None)
        if plain:
            raw["caption"] = plain
        if entities:
            raw["caption_entities"] = entities
        if markup is not None:
            raw["reply_markup"] = markup
        stored.source_text, stored.parse_mode, stored.markup = caption, parse_mode, markup
        return self._bot_edit(chat, "editMessageCaption", stored, raw)

    async def _delete_message(self, params: Params) -> Any:
        chat = self._chat(params, check_blocked=False)
        message_id = params.get_int("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        if chat._store.pop(message_id, None) is None:
            raise bad_request("message to delete not found")
        chat._record(BotEvent("delete", chat.chat_id, time.monotonic(), message_id=message_id))
        return True

    async def _answer_callback_query(self, params: Params) -> Any:
        query_id = params.get_str("callback_query_id") or ""
        query = self._queries.get(query_id)
        if query is None or query.answered:
            raise bad_request(QUERY_TOO_OLD)
        query.answered = True
        answer = CallbackAnswer(
            query_id=query_id,
            text=params.get_str("text"),
            show_alert=params.get_bool("show_alert"),
            url=params.get_str("url"),
            cache_time=params.get_int("cache_time"),
        )
        event = BotEvent("callback_answer", query.chat.chat_id, time.monotonic(), answer=answer)
        query.chat._record(event)
        return True

    async def _send_chat_action(self, params: Params) -> Any:
        chat = self._chat(params)
        action = params.get_str("action")
        if action not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        chat._record(BotEvent("chat_action", chat.chat_id, time.monotonic(), action=action))
        return True

    def _media_file(
        self, params: Params, field: str, folder: str
    ) -> tuple[StoredFile | None, str | None]:
        upload = params.get_file(field)
        if upload is None:
            raise bad_request(f"there is no {field} in the request")
        if isinstance(upload, UploadedFile):
            if not upload.data:
                raise bad_request("file must be non-empty")
            return self._store_file(
                upload.data, upload.filename, upload.content_type, folder
            ), None
        if upload in self.files:
            return self.files[upload], None
        if re.match(r"^https?://", upload):
            return None, upload
        raise bad_request("wrong file identifier/HTTP URL specified")

    async def _send_media(self, params: Params, field: str, method: str) -> Any:
        chat = self._chat(params)
        stored_file, ref = self._media_file(params, field, f"{field}s")
        caption, parse_mode, parsed = self._parse(
            params, "caption", "caption_entities", 1024, "message caption is too long"
        )
        markup = validate_reply_markup(params.get_json("reply_markup"))
        if stored_file is not None:
            file_id, unique_id = stored_file.file_id, stored_file.file_unique_id
            size = len(stored_file.data)
        else:
            file_id, unique_id = self._new_file_ids()
            size = 0
        content: dict[str, Any] = {}
        if field == "photo":
            content["photo"] = [
                {"file_id": file_id, "file_unique_id": unique_id, "width": w, "height": w}
                | ({"file_size": size} if size else {})
                for w in (90, 800)
            ]
        else:
            document: dict[str, Any] = {"file_id": file_id, "file_unique_id": unique_id}
            if stored_file is not None:
                if stored_file.filename:
                    document["file_name"] = stored_file.filename
                if stored_file.mime_type:
                    document["mime_type"] = stored_file.mime_type
                document["file_size"] = size
            content["document"] = document
        if parsed is not None and parsed.plain:
            content["caption"] = parsed.plain
            if parsed.entities:
                content["caption_entities"] = parsed.entities
        self._reply_to(chat, params, content)
        if markup is not None and "inline_keyboard" in markup:
            content["reply_markup"] = markup
        stored = StoredMessage(
            raw={},
            from_bot=True,
            kind="photo" if field == "photo" else "document",
            source_text=caption,
            parse_mode=parse_mode,
            markup=markup,
            data=stored_file.data if stored_file else None,
            filename=stored_file.filename if stored_file else None,
            mime_type=stored_file.mime_type if stored_file else None,
            file_ref=ref,
        )
        return self._bot_message(chat, method, content, stored)

    async def _send_photo(self, params: Params) -> Any:
        return await self._send_media(params, "photo", "sendPhoto")

    async def _send_document(self, params: Params) -> Any:
        return await self._send_media(params, "document", "sendDocument")

    async def _get_file(self, params: Params) -> Any:
        stored = self.files.get(params.get_str("file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    async def _get_chat(self, params: Params) -> Any:
        chat = self._chat(params, check_blocked=False)
        return {**chat.chat, "accent_color_id": 0, "max_reaction_count": 11}

    def _setting(self, name: str) -> Handler:
        async def store(params: Params) -> Any:
            logged = params.logged()
            self.bot_settings[name] = logged  # the last one set
            language = logged.get("language_code") or ""
            self.bot_settings[f"{name}:{language}"] = logged  # per language (setMyDescription)
            return True

        return store

    async def _close(self, params: Params) -> Any:
        self.closed = True
        return True

    async def _log_out(self, params: Params) -> Any:
        self.logged_out = True
        return True
