"""How updates come in: long polling and the webhook, both safe against bad or hostile input.

- **Unreadable updates** (a Bot API change, a proxy that mangles JSON, a hostile webhook
  caller). python-telegram-bot logs the raw update when it cannot parse it ("Received data
  was ..."): a patient's note or ratings in the log. In polling it then fetches the same batch
  again, thousands of times a second, and every update behind the bad one waits forever. Here
  each update is read on its own: one that cannot be read is logged by its id only and skipped
  (an empty update with the same id takes its place, so polling moves on past it).
- **Webhook requests are checked before they are read.** python-telegram-bot's handler lets
  tornado read the whole body (up to 100 MB) before it looks at the secret header: six 90 MB
  posts without the secret took the bot from 217 MB to 1 GB of memory. ``UpdateHandler``
  checks the content type and the secret as soon as the headers are in and refuses with 403,
  closing the connection without reading the body; an accepted body is capped at
  ``MAX_UPDATE_BYTES`` (413 beyond).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from pathlib import Path
from typing import Any

import tornado.web
from telegram import Bot, Update
from telegram.error import TelegramError
from telegram.ext import ExtBot, Updater
from telegram.ext._utils.webhookhandler import WebhookAppClass, WebhookServer
from telegram.request import HTTPXRequest

log = logging.getLogger(__name__)

MAX_UPDATE_BYTES = 1 << 20  # Telegram's updates are a few kB; 1 MiB leaves room for any
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def readable(raw: Any, bot: Bot | None) -> Update | None:
    """The update in ``raw``, or None (logged by its id only) when it cannot be read."""
    update_id = raw.get("update_id") if isinstance(raw, dict) else None
    try:
        if not isinstance(update_id, int):
            raise TypeError("no update_id")
        return Update.de_json(raw, bot)
    except Exception as exc:  # whatever PTB raises on odd data: never log the data
        shown = update_id if isinstance(update_id, int) else "without an id"
        log.warning("skipped update %s: it could not be read (%s)", shown, type(exc).__name__)
        return None


class SkipUnreadableUpdates(HTTPXRequest):
    """The getUpdates request: unreadable updates become empty ones with the same id."""

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        """Parse the answer, then check each update on its own."""
        data = HTTPXRequest.parse_json_payload(payload)
        result = data.get("result") if isinstance(data, dict) else None
        if not isinstance(result, list):
            return data
        kept: list[Any] = []
        for raw in result:
            if readable(raw, None) is not None:
                kept.append(raw)
            elif isinstance(raw, dict) and isinstance(raw.get("update_id"), int):
                kept.append({"update_id": raw["update_id"]})  # confirms it, means nothing
        data["result"] = kept
        return data


class _Refused(Exception):
    def __init__(self, status: HTTPStatus) -> None:
        super().__init__(status.phrase)
        self.status = status


@tornado.web.stream_request_body
class UpdateHandler(tornado.web.RequestHandler):
    """POSTs from Telegram: headers checked first, body read only when they are right."""

    SUPPORTED_METHODS = ("POST",)

    def initialize(
        self, bot: Bot, update_queue: asyncio.Queue[object], secret_token: str | None
    ) -> None:
        """Per request: what the handler needs (tornado's interface)."""
        self.bot = bot
        self.update_queue = update_queue
        self.secret_token = secret_token
        self.chunks: list[bytes] = []
        self.size = 0

    def prepare(self) -> None:
        """Runs as soon as the headers are in, before any of the body is read."""
        try:
            self._check_headers()
        except _Refused as refused:
            self._refuse(refused.status)
            return
        self.request.connection.set_max_body_size(MAX_UPDATE_BYTES)  # type: ignore[union-attr]

    def _check_headers(self) -> None:
        headers = self.request.headers
        if headers.get("Content-Type") != "application/json":
            raise _Refused(HTTPStatus.FORBIDDEN)
        if self.secret_token is not None:
            given = headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), self.secret_token.encode()):
                raise _Refused(HTTPStatus.FORBIDDEN)
        length = headers.get("Content-Length")
        if length is not None and (not length.isdecimal() or int(length) > MAX_UPDATE_BYTES):
            raise _Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)

    def _refuse(self, status: HTTPStatus) -> None:
        """Answer and close: the rest of the body is never read (tornado drops it)."""
        log.debug("webhook request refused: %s", status.phrase)
        self.set_status(status)
        self.set_header("Connection", "close")
        self.finish()

    def data_received(self, chunk: bytes) -> None:
        """Collect the body of an accepted request (never called for a refused one)."""
        if self._finished:
            return
        self.size += len(chunk)
        if self.size > MAX_UPDATE_BYTES:
            self.chunks.clear()
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            return
        self.chunks.append(chunk)

    async def post(self) -> None:
        """Queue the update; an unreadable one is skipped, with 200 so Telegram moves on."""
        if self._finished:
            return
        try:
            raw = json.loads(b"".join(self.chunks))
        except ValueError:
            log.warning("webhook request dropped: its body is not JSON")
            self._refuse(HTTPStatus.BAD_REQUEST)
            return
        update = readable(raw, self.bot)
        if update is not None:
            if isinstance(self.bot, ExtBot):
                self.bot.insert_callback_data(update)
            await self.update_queue.put(update)
        self.set_status(HTTPStatus.OK)
        self.finish()

    def log_exception(self, *args: Any) -> None:
        """No tracebacks with request contents in the log."""
        log.debug("webhook request failed")


#: Serves a read-only page of the bot's own (a care-team link): (token, what) -> (HTTP status,
#: content type, body). ``what`` is "pdf" or "fhir".
Pages = Callable[[str, str], Awaitable[tuple[int, str, bytes]]]
CARE_PATH = r"/care/([A-Za-z0-9_-]{1,64})(?:/(fhir))?/?"


class CarePage(tornado.web.RequestHandler):
    """GET /care/<token>[/fhir]: what the link shows, never cached, indexed or logged (the
    token is the only key: no access log, no Referer sent onwards)."""

    def initialize(self, pages: Pages) -> None:
        """Called by tornado with the route's arguments."""
        self.pages = pages

    async def get(self, token: str, what: str | None = None) -> None:
        """The page (a PDF or a FHIR Bundle), or a 404 that names nothing."""
        status, content_type, body = await self.pages(token, what or "pdf")
        self.set_status(status)
        self.set_header("Content-Type", content_type)
        self.set_header("Cache-Control", "no-store")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("X-Robots-Tag", "noindex, nofollow")
        self.set_header("X-Content-Type-Options", "nosniff")
        if status == HTTPStatus.OK:
            name = "hfs-record-fhir.json" if what == "fhir" else "hfs-report.pdf"
            self.set_header("Content-Disposition", f'inline; filename="{name}"')
        self.finish(body)

    def log_exception(self, *args: Any) -> None:
        """No tracebacks with the request's address (the token) in the log."""
        log.warning("a care-team page failed")


class _WebhookApp(WebhookAppClass):
    """PTB's tornado application (no access log), routing to ``UpdateHandler`` (and, when the
    bot serves pages of its own, to ``CarePage``)."""

    def __init__(
        self,
        path: str,
        bot: Bot,
        update_queue: asyncio.Queue[object],
        secret_token: str | None,
        pages: Pages | None = None,
    ) -> None:
        self.shared_objects = {
            "bot": bot,
            "update_queue": update_queue,
            "secret_token": secret_token,
        }
        routes: list[Any] = [(rf"{path}/?", UpdateHandler, self.shared_objects)]
        if pages is not None:
            routes.append((CARE_PATH, CarePage, {"pages": pages}))
        tornado.web.Application.__init__(self, routes)


class GuardedUpdater(Updater):
    """python-telegram-bot's Updater, serving the webhook with ``UpdateHandler`` (and the
    bot's own ``pages``, if given, on the same server)."""

    def __init__(self, *args: Any, pages: Pages | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pages = pages

    async def _start_webhook(
        self,
        listen: str,
        port: int,
        url_path: str,
        bootstrap_retries: int,
        allowed_updates: Any,
        cert: str | Path | None = None,
        key: str | Path | None = None,
        drop_pending_updates: bool | None = None,
        webhook_url: str | None = None,
        ready: asyncio.Event | None = None,
        ip_address: str | None = None,
        max_connections: int = 40,
        secret_token: str | None = None,
        unix: Any = None,
    ) -> None:
        """As PTB's, with our handler; TLS is the reverse proxy's job (no cert, no key)."""
        if cert is not None or key is not None or unix is not None:
            raise TelegramError("serve the webhook over plain HTTP behind a TLS proxy")
        path = "/" + url_path.lstrip("/")
        web_app = _WebhookApp(path, self.bot, self.update_queue, secret_token, self.pages)
        self._httpd = WebhookServer(listen, port, web_app, None)
        await self._bootstrap(
            cert=None,
            max_retries=bootstrap_retries,
            drop_pending_updates=drop_pending_updates,
            webhook_url=webhook_url or f"http://{listen}:{port}{path}",
            allowed_updates=allowed_updates,
            ip_address=ip_address,
            max_connections=max_connections,
            secret_token=secret_token,
        )
        await self._httpd.serve_forever(ready=ready)
