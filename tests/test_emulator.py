"""The Telegram Bot API emulator, exercised by a real python-telegram-bot Application.

Every request here goes through PTB's own HTTP stack (httpx) to the emulator's aiohttp
server; nothing is mocked. Waiting is event driven: no test sleeps to wait for the bot.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    NetworkError,
    RetryAfter,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.emulator import FakeUser, Limits, TelegramEmulator

TOKEN = "123456:TEST-token"
MENU = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("1 Mild", callback_data="sev:1"),
            InlineKeyboardButton("2 Moderate", callback_data="sev:2"),
        ],
        [InlineKeyboardButton("10 Severe", callback_data="sev:10")],
    ]
)


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without it PTB 22 emits a deprecation warning while building RetryAfter (and other
    # time periods), which the project's filterwarnings=error turns into a failure.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


# ------------------------------------------------------------------------------ the bot


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message and update.effective_user
    await update.effective_message.reply_text(f"Hello {update.effective_user.first_name}!")


async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message
    await update.effective_message.reply_text("How strong was it?", reply_markup=MENU)


async def on_tap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Saved")
    await query.edit_message_text(f"You chose <b>{query.data}</b>", parse_mode=ParseMode.HTML)


async def too_long(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message
    try:
        await update.effective_message.reply_text("x" * 4097)
    except BadRequest as exc:
        await update.effective_message.reply_text(f"error: {exc.message}")


async def broken_html(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message
    try:
        await update.effective_message.reply_text("<b>oops", parse_mode=ParseMode.HTML)
    except BadRequest as exc:
        await update.effective_message.reply_text(f"error: {exc.message}")


async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message
    await update.effective_message.reply_document(
        b"day,score\n1,3\n", filename="report.csv", caption="Your <i>report</i>", parse_mode="HTML"
    )


async def photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message
    await update.effective_message.reply_photo(b"\x89PNG chart", caption="This week")


async def keyboard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message
    markup = ReplyKeyboardMarkup([["Yes", "No"]], one_time_keyboard=True)
    await update.effective_message.reply_text("Did it happen today?", reply_markup=markup)


async def describe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    if message.location:
        reply = f"location {message.location.latitude},{message.location.longitude}"
    elif message.sticker:
        reply = f"sticker {message.sticker.emoji}"
    elif message.contact:
        reply = f"contact {message.contact.phone_number}"
    elif message.photo:
        photo = await message.photo[-1].get_file()
        reply = f"photo {bytes(await photo.download_as_bytearray())!r}"
    else:
        reply = "?"
    await message.reply_text(reply)


async def edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.edited_message and update.edited_message.text
    await update.edited_message.reply_text(f"edited: {update.edited_message.text}")


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message and update.effective_message.text
    await update.effective_message.reply_text(update.effective_message.text)


def build_app(emu: TelegramEmulator) -> Application[Any, Any, Any, Any, Any, Any]:
    app = (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("menu", menu))
    app.add_handler(CommandHandler("long", too_long))
    app.add_handler(CommandHandler("broken", broken_html))
    app.add_handler(CommandHandler("doc", document))
    app.add_handler(CommandHandler("kbd", keyboard))
    app.add_handler(CommandHandler("photo", photo))
    app.add_handler(CallbackQueryHandler(on_tap))
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, edited))
    app.add_handler(
        MessageHandler(
            filters.LOCATION | filters.Sticker.ALL | filters.CONTACT | filters.PHOTO, describe
        )
    )
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return app


@pytest.fixture
async def emu() -> AsyncIterator[TelegramEmulator]:
    async with TelegramEmulator(TOKEN) as emulator:
        yield emulator
        assert emulator.internal_errors == []


@pytest.fixture
async def app(emu: TelegramEmulator) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    application = build_app(emu)
    assert application.updater is not None
    await application.initialize()
    await application.start()
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    yield application
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


@pytest.fixture
async def bot(emu: TelegramEmulator) -> AsyncIterator[Bot]:
    """A bare Bot (no polling) for driving the API directly."""
    async with Bot(TOKEN, base_url=emu.base_url, base_file_url=emu.base_file_url) as plain:
        yield plain


@pytest.fixture
def ann(emu: TelegramEmulator) -> FakeUser:
    return emu.user(user_id=1001, first_name="Ann", language_code="en")


AppT = Application[Any, Any, Any, Any, Any, Any]


# ------------------------------------------------------------------------- conversation


async def test_command_gets_reply(app: AppT, ann: FakeUser) -> None:
    reply = await ann.say("/start")
    assert reply.text == "Hello Ann!"
    assert not reply.is_edit
    assert reply.chat_id == 1001
    assert (await ann.say("/start@hfs_test_bot")).text == "Hello Ann!"


async def test_text_is_echoed(app: AppT, ann: FakeUser) -> None:
    reply = await ann.say("my face twitched twice")
    assert reply.text == "my face twitched twice"
    assert ann.last_message == reply


async def test_tap_edits_message_and_answers_query(
    app: AppT, emu: TelegramEmulator, ann: FakeUser
) -> None:
    shown = await ann.say("/menu")
    assert shown.buttons == [
        [("1 Mild", "sev:1"), ("2 Moderate", "sev:2")],
        [("10 Severe", "sev:10")],
    ]
    with pytest.raises(LookupError, match=r"more than one.*'1 Mild', '2 Moderate'"):
        await ann.tap("1")
    with pytest.raises(LookupError, match="available buttons"):
        await ann.tap("7")

    edited = await ann.press("2")
    assert edited.is_edit
    assert edited.message_id == shown.message_id
    assert edited.text == "You chose <b>sev:2</b>"
    assert edited.plain == "You chose sev:2"
    assert edited.raw["entities"] == [{"type": "bold", "offset": 10, "length": 5}]
    assert edited.buttons == []  # edited without reply_markup: keyboard removed
    answer = await ann.next_callback_answer()
    assert answer.text == "Saved"
    assert ann.messages[shown.message_id] == edited

    # The query was answered already: Telegram refuses a second answer.
    with pytest.raises(BadRequest, match="Query is too old"):
        await app.bot.answer_callback_query(answer.query_id)


async def test_tap_without_buttons_is_a_clear_error(app: AppT, ann: FakeUser) -> None:
    await ann.say("hello")
    with pytest.raises(LookupError, match="no bot message with inline buttons"):
        await ann.tap("Yes")


async def test_reply_keyboard_and_document(app: AppT, ann: FakeUser) -> None:
    asked = await ann.say("/kbd")
    assert asked.reply_keyboard == [["Yes", "No"]]
    assert ann.reply_keyboard == [["Yes", "No"]]

    sent = await ann.say("/doc")
    assert sent.kind == "document"
    assert sent.document == b"day,score\n1,3\n"
    assert sent.filename == "report.csv"
    assert sent.text == "Your <i>report</i>"
    assert sent.plain == "Your report"
    # The bot can download what it uploaded through base_file_url.
    file = await app.bot.get_file(sent.raw["document"]["file_id"])
    assert bytes(await file.download_as_bytearray()) == b"day,score\n1,3\n"

    chart = await ann.say("/photo")
    assert (chart.kind, chart.photo, chart.text) == ("photo", b"\x89PNG chart", "This week")


async def test_other_user_messages_reach_the_bot(app: AppT, ann: FakeUser) -> None:
    await ann.send_location(52.5, 13.25)
    assert (await ann.next_message()).text == "location 52.5,13.25"
    await ann.send_sticker("🙂")
    assert (await ann.next_message()).text == "sticker 🙂"
    await ann.send_contact("+15550001")
    assert (await ann.next_message()).text == "contact +15550001"
    await ann.send_photo(b"PIXELS")
    assert (await ann.next_message()).text == "photo b'PIXELS'"
    sent = await ann.send("typo")
    assert (await ann.next_message()).text == "typo"
    await ann.edit_message(sent["message_id"], "fixed")
    assert (await ann.next_message()).text == "edited: fixed"


async def test_group_chat(app: AppT, emu: TelegramEmulator, ann: FakeUser) -> None:
    group = emu.group(chat_id=-1001234567890, title="HFS friends")
    reply = await group.say(ann, "/start@hfs_test_bot")
    assert reply.text == "Hello Ann!"
    assert reply.raw["chat"] == {
        "id": -1001234567890,
        "type": "supergroup",
        "title": "HFS friends",
    }
    assert ann.events == []  # nothing went to Ann's private chat


async def test_unknown_update_types_do_not_break_polling(
    app: AppT, emu: TelegramEmulator, ann: FakeUser
) -> None:
    await ann.send_update({"some_future_update": {"id": 1}})
    await emu.wait_idle()
    assert (await ann.say("still alive")).text == "still alive"


# ------------------------------------------------------------------------ API validation


async def test_too_long_message_gives_bad_request_in_the_bot(app: AppT, ann: FakeUser) -> None:
    assert (await ann.say("/long")).text == "error: Message is too long"
    exactly = await app.bot.send_message(ann.chat_id, "y" * 4096)
    assert exactly.text == "y" * 4096


async def test_empty_text_is_rejected(app: AppT, ann: FakeUser) -> None:
    await ann.say("/start")
    with pytest.raises(BadRequest, match="Message text is empty"):
        await app.bot.send_message(ann.chat_id, "   ")


async def test_callback_data_over_64_bytes_is_rejected(app: AppT, ann: FakeUser) -> None:
    await ann.say("/start")

    def markup(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data=data)]])

    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await app.bot.send_message(ann.chat_id, "pick", reply_markup=markup("a" * 65))
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await app.bot.send_message(ann.chat_id, "pick", reply_markup=markup("é" * 33))
    sent = await app.bot.send_message(ann.chat_id, "pick", reply_markup=markup("a" * 64))
    assert sent.reply_markup == markup("a" * 64)


async def test_broken_markup_is_rejected(app: AppT, ann: FakeUser) -> None:
    reply = await ann.say("/broken")
    assert reply.text == (
        "error: Can't parse entities: can't find end tag corresponding to start tag \"b\""
    )
    with pytest.raises(BadRequest, match='unsupported start tag "" at byte offset 6'):
        await app.bot.send_message(ann.chat_id, "score < 3", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"character '\.' is reserved"):
        await app.bot.send_message(ann.chat_id, "Done.", parse_mode="MarkdownV2")
    fine = await app.bot.send_message(ann.chat_id, "score &lt; 3 *ok*", parse_mode="HTML")
    assert fine.text == "score < 3 *ok*"


async def test_unknown_chat_and_blocked_user(app: AppT, ann: FakeUser) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await app.bot.send_message(ann.chat_id, "nobody wrote from here yet")
    await ann.say("/start")
    ann.block()
    with pytest.raises(Forbidden, match="Forbidden: bot was blocked by the user"):
        await app.bot.send_message(ann.chat_id, "are you there?")
    ann.unblock()
    assert (await app.bot.send_message(ann.chat_id, "welcome back")).text == "welcome back"


async def test_edit_errors(app: AppT, ann: FakeUser) -> None:
    await ann.say("/start")
    sent = await app.bot.send_message(ann.chat_id, "<b>same</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is not modified: specified new message"):
        await app.bot.edit_message_text(
            "<b>same</b>", ann.chat_id, sent.message_id, parse_mode="HTML"
        )
    # Same words without the bold entity is a real change.
    await app.bot.edit_message_text("same", ann.chat_id, sent.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await app.bot.edit_message_text("new", ann.chat_id, 9999)
    await app.bot.delete_message(ann.chat_id, sent.message_id)
    assert sent.message_id not in ann.messages
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await app.bot.delete_message(ann.chat_id, sent.message_id)


async def test_bad_token_unknown_method_case_and_json_body(
    emu: TelegramEmulator, bot: Bot, ann: FakeUser
) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("noSuchMethod")
    await ann.send("hi")  # make the chat known
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{emu.root_url}/bot999:wrong/getMe") as response:
            assert response.status == 401
            assert await response.json() == {
                "ok": False,
                "error_code": 401,
                "description": "Unauthorized",
            }
        async with http.post(f"{emu.base_url}{TOKEN}/GETME") as response:
            assert (await response.json())["result"]["username"] == "hfs_test_bot"
        async with http.post(f"{emu.base_url}{TOKEN}/nosuch") as response:
            assert response.status == 404
            assert (await response.json())["description"] == "Not Found: method not found"
        body = {
            "chat_id": ann.chat_id,
            "text": "json body",
            "reply_markup": {"inline_keyboard": [[{"text": "ok", "callback_data": "ok"}]]},
        }
        async with http.post(f"{emu.base_url}{TOKEN}/sendMessage", json=body) as response:
            assert response.status == 200
    assert ann.last_message is not None
    assert ann.last_message.buttons == [[("ok", "ok")]]


async def test_commands(bot: Bot, emu: TelegramEmulator) -> None:
    await bot.set_my_commands([("start", "Begin"), ("checkin", "Daily check-in")])
    assert [(c.command, c.description) for c in await bot.get_my_commands()] == [
        ("start", "Begin"),
        ("checkin", "Daily check-in"),
    ]
    assert emu.get_commands()[1] == {"command": "checkin", "description": "Daily check-in"}
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([("Check In", "nope")])
    await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()


# --------------------------------------------------------------------- limits and faults


async def test_per_chat_limit_gives_retry_after(
    app: AppT, emu: TelegramEmulator, ann: FakeUser
) -> None:
    await ann.say("/start")
    emu.limits = Limits(global_per_second=30, per_chat_per_second=1.0)
    await app.bot.send_message(ann.chat_id, "one")
    with pytest.raises(RetryAfter) as caught:
        await app.bot.send_message(ann.chat_id, "two")
    assert caught.value.retry_after == dtm.timedelta(seconds=1)
    assert emu.stats.rate_limited == 1
    assert emu.stats.rate_limited_by_method["sendMessage"] == 1
    assert [record.text for record in emu.sent_log][-1] == "one"


async def test_global_limit_gives_retry_after(
    app: AppT, emu: TelegramEmulator, ann: FakeUser
) -> None:
    users = [ann, emu.user(1002, "Bo"), emu.user(1003, "Cy")]
    for user in users:
        await user.say("/start")
    emu.limits = Limits(global_per_second=2, per_chat_per_second=10)
    await app.bot.send_message(users[0].chat_id, "a")
    await app.bot.send_message(users[1].chat_id, "b")
    with pytest.raises(RetryAfter):
        await app.bot.send_message(users[2].chat_id, "c")
    assert emu.stats.rate_limited == 1


@pytest.mark.parametrize(
    ("kind", "match"),
    [("500", "Internal Server Error"), ("502", "Bad Gateway"), ("drop", "RemoteProtocolError")],
)
async def test_injected_faults(
    app: AppT, emu: TelegramEmulator, ann: FakeUser, kind: str, match: str
) -> None:
    await ann.say("/start")
    emu.fault_kinds = (kind,)
    emu.fault_methods = frozenset({"sendMessage"})
    emu.fail_rate = 1.0
    with pytest.raises(NetworkError, match=match):
        await app.bot.send_message(ann.chat_id, "lost")
    assert emu.stats.faults[kind] == 1
    assert all(m.plain != "lost" for m in ann.messages.values())
    emu.fail_rate = 0.0
    assert (await app.bot.send_message(ann.chat_id, "ok")).text == "ok"


# -------------------------------------------------------------------- polling & webhooks


async def test_wait_idle(app: AppT, emu: TelegramEmulator, ann: FakeUser) -> None:
    for text in ("one", "two", "three"):
        await ann.send(text)
    await emu.wait_idle()
    assert emu.pending_updates == []
    assert [(await ann.next_message()).text for _ in range(3)] == ["one", "two", "three"]
    assert emu.stats.calls["sendMessage"] == 3
    assert emu.stats.calls["getUpdates"] >= 2


async def test_wait_idle_times_out_without_a_bot(emu: TelegramEmulator, ann: FakeUser) -> None:
    await ann.send("anyone?")
    with pytest.raises(TimeoutError, match=r"1 update\(s\) pending"):
        await emu.wait_idle(timeout=0.05)
    with pytest.raises(TimeoutError, match="no new message or edit from the bot in chat 1001"):
        await ann.next_message(timeout=0.05)


async def test_timeout_message_names_bot_api_errors(bot: Bot, ann: FakeUser) -> None:
    await ann.send("hi")
    with pytest.raises(BadRequest):
        await bot.send_message(ann.chat_id, "z" * 5000)
    with pytest.raises(TimeoutError, match="sendMessage -> 400 Bad Request: message is too long"):
        await ann.next_message(timeout=0.05)


async def test_get_updates_offsets_like_telegram(bot: Bot, ann: FakeUser) -> None:
    for text in ("a", "b", "c"):
        await ann.send(text)
    first = await bot.get_updates()
    assert [u.message.text for u in first if u.message] == ["a", "b", "c"]
    assert len(await bot.get_updates()) == 3  # not confirmed yet: delivered again
    assert await bot.get_updates(offset=first[-1].update_id + 1) == ()
    for text in ("d", "e"):
        await ann.send(text)
    last = await bot.get_updates(offset=-1)
    assert [u.message.text for u in last if u.message] == ["e"]
    limited = await bot.get_updates(offset=-1, limit=1)
    assert limited == last


async def test_concurrent_long_polls_conflict(emu: TelegramEmulator, ann: FakeUser) -> None:
    async with (
        Bot(TOKEN, base_url=emu.base_url) as first,
        Bot(TOKEN, base_url=emu.base_url) as second,
    ):
        older = asyncio.create_task(first.get_updates(timeout=5))
        await emu.wait_polling()
        newer = asyncio.create_task(second.get_updates(timeout=5))
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await older
        await ann.send("hi")
        updates = await newer
        assert [u.message.text for u in updates if u.message] == ["hi"]


async def test_webhook_delivery_with_secret(emu: TelegramEmulator, ann: FakeUser) -> None:
    application = build_app(emu)
    received: list[tuple[str | None, dict[str, Any]]] = []

    async def receive(request: web.Request) -> web.Response:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        if secret != "s3cret":
            return web.Response(status=403)
        data = await request.json()
        received.append((secret, data))
        await application.update_queue.put(Update.de_json(data, application.bot))
        return web.Response()

    receiver = web.Application()
    receiver.router.add_post("/hook", receive)
    runner = web.AppRunner(receiver, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    await application.initialize()
    await application.start()
    try:
        assert await application.bot.set_webhook(url, secret_token="s3cret")
        with pytest.raises(Conflict) as caught:
            await application.bot.get_updates()
        assert caught.value.message == (
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook "
            "to delete the webhook first"
        )

        reply = await ann.say("through the hook")  # webhook -> PTB -> sendMessage
        assert reply.text == "through the hook"
        await emu.wait_idle()
        assert received[0][0] == "s3cret"
        assert received[0][1]["message"]["text"] == "through the hook"
        assert [d.status for d in emu.webhook_deliveries] == [200]
        info = await application.bot.get_webhook_info()
        assert (info.url, info.pending_update_count) == (url, 0)

        body = {"update_id": 1, "message": received[0][1]["message"]}
        assert await emu.post_raw_webhook(body, "wrong") == 403
        assert await emu.post_raw_webhook(body, None) == 403
        assert await emu.post_raw_webhook(body, "s3cret") == 200

        await application.bot.delete_webhook()
        assert await application.bot.get_updates() == ()
    finally:
        await application.stop()
        await application.shutdown()
        await runner.cleanup()


async def test_throttled_chat_and_throttled_bot(
    app: AppT, emu: TelegramEmulator, ann: FakeUser
) -> None:
    """A 429 for one chat leaves the others alone; a bot-wide one stops every chat."""
    bo = emu.user(1002, "Bo")
    for user in (ann, bo):
        await user.say("/start")
    emu.throttle_chat(ann.chat_id, 20)
    with pytest.raises(RetryAfter) as caught:
        await app.bot.send_message(ann.chat_id, "held")
    assert caught.value.retry_after == dtm.timedelta(seconds=20)
    await app.bot.send_message(bo.chat_id, "through")
    emu.throttle_all(3)
    for user in (ann, bo):
        with pytest.raises(RetryAfter):
            await app.bot.send_message(user.chat_id, "held")
    assert emu.stats.throttled == {"chat": 2, "all": 1}  # Ann's own penalty is the longer one
    assert [record.text for record in emu.sent_log][-1] == "through"


async def test_paid_broadcasts_have_their_own_budget(
    app: AppT, emu: TelegramEmulator, ann: FakeUser
) -> None:
    users = [ann, emu.user(1002, "Bo"), emu.user(1003, "Cy")]
    for user in users:
        await user.say("/start")
    emu.limits = Limits(global_per_second=1, per_chat_per_second=10, paid_per_second=1000)
    await app.bot.send_message(users[0].chat_id, "free")
    for user in users[1:]:  # over the free budget, within the paid one
        await app.bot.send_message(user.chat_id, "paid", allow_paid_broadcast=True)
    with pytest.raises(RetryAfter):
        await app.bot.send_message(users[2].chat_id, "free again")
    assert (emu.stats.paid, emu.stats.rate_limited) == (2, 1)
