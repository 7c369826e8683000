"""A test-only Telegram Bot API emulator.

:class:`TelegramEmulator` is a local aiohttp server that answers python-telegram-bot's real
HTTP requests like Telegram does (errors, limits, long polling, webhooks), and
:class:`FakeUser` / :class:`FakeGroup` are the people talking to the bot::

    async with TelegramEmulator() as emu:
        app = (
            ApplicationBuilder()
            .token(emu.token)
            .base_url(emu.base_url)  # f"{emu.root_url}/bot"
            .base_file_url(emu.base_file_url)  # f"{emu.root_url}/file/bot"
            .build()
        )
        ...  # add handlers, initialize, start, updater.start_polling(...)
        ann = emu.user(user_id=1001, first_name="Ann")
        reply = await ann.say("/start")  # a BotMessage
        edited = await ann.press("2")  # taps the button "2 ..." of the newest keyboard

Set ``PTB_TIMEDELTA=1`` in tests: PTB 22 warns (an error under ``filterwarnings=error``)
when it builds a ``RetryAfter`` from a 429 without it.
"""

from ._chat import ChatHandle, FakeGroup, FakeUser
from ._errors import ApiError
from ._model import (
    ApiCall,
    BotEvent,
    BotMessage,
    CallbackAnswer,
    Limits,
    SentRecord,
    Stats,
    StoredFile,
    WebhookDelivery,
)
from ._server import TelegramEmulator

__all__ = [
    "ApiCall",
    "ApiError",
    "BotEvent",
    "BotMessage",
    "CallbackAnswer",
    "ChatHandle",
    "FakeGroup",
    "FakeUser",
    "Limits",
    "SentRecord",
    "Stats",
    "StoredFile",
    "TelegramEmulator",
    "WebhookDelivery",
]
