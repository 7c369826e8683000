"""The conversation kit: what every feature handler shares, written once.

A feature declares *what* it does with a patient's command, button or typed answer as a plain
async function of a ``Turn``; the kit does the rest, in the same order for every update:

1. open one transaction (``unit_of_work``) and load the patient once, row-locked;
2. check access (consent by default) and answer "please /start" or "button expired" if it fails;
3. run the feature function, which returns a ``Reply`` (or ``None``: nothing to say);
4. commit; if the transaction wrote a schedule or an occurrence, re-arm the dispatcher (detected
   by SQLAlchemy session events, so no feature can forget it);
5. send the reply (answer the tap, edit or send, then any follow-up message).

Telegram is called only after the commit, so a failed send never undoes a stored answer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import (
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.constants import ChatAction
from telegram.error import BadRequest, TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from service.bot.callbacks import Callback, matches
from service.bot.dialog import dialog_of, set_confirmation
from service.bot.state import AppState, Context
from service.config import Settings
from service.db.engine import tables_written
from service.db.models import Patient
from service.domain.timezones import get_zone, local_date
from service.texts import DEFAULT_LANGUAGE, t
from service.texts.keys import MessageKey
from service.texts.languages import pick_language

log = logging.getLogger(__name__)

#: Tables whose writes change when the dispatcher must wake next.
SCHEDULING_TABLES = frozenset({"schedule", "occurrence"})

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply


# ---- replies ------------------------------------------------------------------------------------
@dataclass
class Attachment:
    """A file or picture sent with a reply (a chart, the PDF, the export).

    ``content`` may be a function that makes the bytes: it runs after the commit, in a worker
    thread (CPU work must not hold the event loop), while the chat shows "sending a document".
    """

    content: bytes | Callable[[], bytes]
    filename: str
    photo: bool = False  # a picture shown inline rather than a document


@dataclass
class Reply:
    """What a handler does on Telegram after its transaction committed."""

    text: str
    markup: Markup | None = None
    edit: bool = False  # edit the tapped message instead of sending a new one
    toast: str | None = None  # the callback answer
    then: Reply | None = None  # a further message after this one (e.g. the next question)
    attachment: Attachment | None = None  # sent with ``text`` as its caption
    #: Called with the new message's id once it is out, in a unit of work of its own (e.g. to
    #: remember the newest prompt, so taps on older copies count as outdated).
    remember: Callable[[AsyncSession, int], Awaitable[None]] | None = None
    #: A read-back: its Yes and Change buttons. The kit remembers them for the patient, so
    #: that "yes" or "no" typed instead of tapped answers the read-back the same way.
    confirm: tuple[Callback, Callback] | None = None

    def followed_by(self, other: Reply | None) -> Reply:
        """This reply with ``other`` appended at the end of its chain."""
        last = self
        while last.then is not None:
            last = last.then
        last.then = other
        return self


def keyboard(rows: Sequence[Sequence[tuple[str, Callback | str]]]) -> InlineKeyboardMarkup:
    """An inline keyboard from rows of (label, payload); payloads are typed callbacks."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    label, callback_data=data.encode() if isinstance(data, Callback) else data
                )
                for label, data in row
            ]
            for row in rows
        ]
    )


async def send_reply(update: Update, reply: Reply | None) -> list[tuple[Reply, int]]:
    """Carry out a Reply: answer the tap, edit or send, then every further message; the new
    messages' ids of the replies that want to ``remember`` them."""
    query = update.callback_query
    if query is not None:
        await query.answer(reply.toast if reply is not None else None)
    first = True
    sent: list[tuple[Reply, int]] = []
    while reply is not None:
        message_id = await _send_one(update, reply, edit=first and reply.edit)
        if message_id is not None and reply.remember is not None:
            sent.append((reply, message_id))
        first = False
        reply = reply.then
    return sent


async def _send_one(update: Update, reply: Reply, *, edit: bool) -> int | None:
    query = update.callback_query
    chat = update.effective_chat
    assert chat is not None
    if reply.attachment is not None:
        content = reply.attachment.content
        if callable(content):
            action = (
                ChatAction.UPLOAD_PHOTO if reply.attachment.photo else ChatAction.UPLOAD_DOCUMENT
            )
            await chat.send_action(action)
            content = await asyncio.to_thread(content)
        upload = InputFile(content, filename=reply.attachment.filename)
        caption = reply.text or None
        if reply.attachment.photo:
            message = await chat.send_photo(upload, caption=caption, reply_markup=reply.markup)
        else:
            message = await chat.send_document(upload, caption=caption, reply_markup=reply.markup)
        return message.message_id
    if not reply.text:
        return None
    # Only a text message can be edited into text: a button under a photo or a document (a
    # chart, the report) gets its answer as a new message instead.
    if edit and query is not None and getattr(query.message, "text", None):
        markup = reply.markup if isinstance(reply.markup, InlineKeyboardMarkup) else None
        try:
            await query.edit_message_text(reply.text, reply_markup=markup)
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                raise
        return None
    message = await chat.send_message(reply.text, reply_markup=reply.markup)
    return message.message_id


# ---- one unit of work ---------------------------------------------------------------------------
@asynccontextmanager
async def unit_of_work(state: AppState) -> AsyncIterator[AsyncSession]:
    """One transaction; after its commit, re-arm the dispatcher if it wrote scheduling rows."""
    async with state.db.transaction() as session:
        yield session
    if tables_written(session) & SCHEDULING_TABLES:
        await state.dispatcher.rearm()


#: Every update reads its patient: the statements are built once (building one and its cache
#: key anew cost ~0.1 ms of CPU per update, benchmarks/latency.py).
_PATIENT_OF_CHAT = select(Patient).where(col(Patient.chat_id) == bindparam("chat_id"))
_PATIENT_OF_CHAT_LOCKED = _PATIENT_OF_CHAT.with_for_update()


async def find_patient(session: AsyncSession, chat_id: int, *, lock: bool) -> Patient | None:
    """The patient of a chat, if any. A patient who writes to us is active again (they had
    blocked the bot and came back)."""
    stmt = _PATIENT_OF_CHAT_LOCKED if lock else _PATIENT_OF_CHAT
    patient = (await session.exec(stmt, params={"chat_id": chat_id})).first()
    if patient is not None and not patient.active:
        patient.active = True
        session.add(patient)
    return patient


@dataclass
class Turn:
    """One update's unit of work: its session, the patient (loaded once), the clock's now."""

    session: AsyncSession
    state: AppState
    update: Update
    chat_id: int
    patient: Patient | None
    now: datetime
    committed: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    #: The read-back on screen when this update came (Yes, Change: encoded buttons), if any.
    confirming: tuple[str, str] | None = None

    def after_commit(self, fn: Callable[[], Awaitable[None]]) -> None:
        """Run ``fn`` once this turn's transaction has committed (before the reply is sent)."""
        self.committed.append(fn)

    def tell(self, chat_id: int, text: str) -> None:
        """Send ``text`` to another chat once this turn has committed (e.g. the other side of a
        shared diary: "Bob now follows your diary"); a blocked chat or a network fault is
        logged and does not undo what was done."""
        bot = self.update.get_bot()

        async def send() -> None:
            try:
                await bot.send_message(chat_id, text)
            except TelegramError as exc:
                log.warning("a notice to another chat was not delivered: %s", type(exc).__name__)

        self.after_commit(send)

    @property
    def settings(self) -> Settings:
        """The operator's settings."""
        return self.state.settings

    @property
    def default_zone(self) -> str:
        """The operator's zone for patients who have not set one."""
        return self.state.settings.default_timezone

    @property
    def me(self) -> Patient:
        """The patient (access checks guarantee one for consented handlers)."""
        assert self.patient is not None and self.patient.id is not None
        return self.patient

    @property
    def lang(self) -> str:
        """The patient's language."""
        if self.patient is not None:
            return self.patient.language
        return update_language(self.update)

    @property
    def zone_name(self) -> str:
        """The patient's IANA zone name (the operator's default until they set one)."""
        if self.patient is not None and self.patient.timezone:
            return self.patient.timezone
        return self.default_zone

    @property
    def zone(self) -> ZoneInfo:
        """The patient's time zone."""
        return get_zone(self.zone_name)

    @property
    def today(self) -> date:
        """The patient's local date now."""
        return local_date(self.now, self.zone)

    @property
    def message_id(self) -> int | None:
        """The id of the message whose button was tapped."""
        query = self.update.callback_query
        return query.message.message_id if query is not None and query.message else None

    def t(self, key: MessageKey, /, **values: object) -> str:
        """A catalogue text in the patient's language."""
        return t(key, self.lang, **values)


def update_language(update: object) -> str:
    """The language Telegram reports for the update's user, when we speak it; else English (for
    someone who has no patient row yet, e.g. before /start)."""
    user = update.effective_user if isinstance(update, Update) else None
    return pick_language(user.language_code if user else None) or DEFAULT_LANGUAGE


class Access(Enum):
    """Who may use a handler."""

    CONSENTED = "consented"  # a patient who agreed to the welcome text (the default)
    ANYONE = "anyone"  # anyone in a private chat, even before /start (e.g. /privacy)


def _allowed(turn: Turn, access: Access) -> bool:
    if access is Access.ANYONE:
        return True
    return turn.patient is not None and turn.patient.consent_at is not None


def _refusal(turn: Turn, *, tap: bool) -> Reply:
    if tap:
        return Reply("", toast=t("button_expired", turn.lang))
    if turn.patient is not None:
        return Reply(t("consent_needed", turn.lang))
    return Reply(t("need_start", turn.lang))


async def run_turn(
    update: Update,
    context: Context,
    work: Callable[[Turn], Awaitable[Reply | None]],
    *,
    access: Access = Access.CONSENTED,
    lock: bool = True,
) -> None:
    """The one way a feature handles an update: the steps in this module's docstring."""
    state = context.bot_data
    chat = update.effective_chat
    assert chat is not None
    tap = update.callback_query is not None
    async with unit_of_work(state) as session:
        patient = await find_patient(session, chat.id, lock=lock)
        turn = Turn(session, state, update, chat.id, patient, state.clock.now())
        if patient is not None:
            turn.confirming = dialog_of(patient).confirm
        reply = await work(turn) if _allowed(turn, access) else _refusal(turn, tap=tap)
        if patient is not None:
            _remember_read_back(turn, patient, reply)
    for fn in turn.committed:
        await fn()
    remembered = await send_reply(update, reply)
    if remembered:
        async with unit_of_work(state) as session:
            for sent, message_id in remembered:
                assert sent.remember is not None
                await sent.remember(session, message_id)


def _remember_read_back(turn: Turn, patient: Patient, reply: Reply | None) -> None:
    """A read-back in this reply is remembered for the next update; any earlier one is
    forgotten (it has been answered, or the patient has moved on)."""
    pair = None
    while reply is not None:
        if reply.confirm is not None:
            yes, change = reply.confirm
            pair = (yes.encode(), change.encode())
        reply = reply.then
    if pair != dialog_of(patient).confirm:
        set_confirmation(patient, pair)
        turn.session.add(patient)


Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]
CommandFn = Callable[[Turn, str], Awaitable[Reply | None]]
C = TypeVar("C", bound=Callback)


def command_args(update: Update) -> str:
    """Everything after the command word, stripped."""
    message = update.effective_message
    text = message.text if message is not None else None
    if not text:
        return ""
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


def command(
    name: str, fn: CommandFn, *, access: Access = Access.CONSENTED
) -> BaseHandler[Update, Context, None]:
    """A private-chat ``/name [args]`` handler running ``fn(turn, args)`` through the kit."""

    async def handle(update: Update, context: Context) -> None:
        args = command_args(update)
        await run_turn(update, context, lambda turn: fn(turn, args), access=access)

    handle.__doc__ = fn.__doc__
    return CommandHandler(name, handle, filters=filters.ChatType.PRIVATE)


def button(
    fn: Callable[[Turn, Any], Awaitable[Reply | None]],
    *classes: type[Callback],
    access: Access = Access.CONSENTED,
) -> BaseHandler[Update, Context, None]:
    """A button handler for payloads of ``classes``, running ``fn(turn, payload)``."""
    from service.bot.callbacks import decode

    async def handle(update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None
        payload = decode(query.data)
        assert payload is not None  # the pattern matched
        await run_turn(update, context, lambda turn: fn(turn, payload), access=access)

    handle.__doc__ = fn.__doc__
    return CallbackQueryHandler(handle, pattern=matches(*classes))


ActionFn = Callable[[Turn, Any], Awaitable[Reply | None]]


@dataclass
class Buttons:
    """A feature's table of actions: payload class -> what a tap on it does (and who may)."""

    actions: dict[type[Callback], tuple[ActionFn, Access]] = field(default_factory=dict)

    def on(
        self, cls: type[C], *, access: Access = Access.CONSENTED
    ) -> Callable[
        [Callable[[Turn, C], Awaitable[Reply | None]]],
        Callable[[Turn, C], Awaitable[Reply | None]],
    ]:
        """Decorator: register the action for taps carrying ``cls``."""

        def register(
            fn: Callable[[Turn, C], Awaitable[Reply | None]],
        ) -> Callable[[Turn, C], Awaitable[Reply | None]]:
            if cls in self.actions:
                raise RuntimeError(f"two actions for {cls.__name__}")
            self.actions[cls] = (fn, access)
            return fn

        return register

    async def dispatch(self, turn: Turn, payload: Callback) -> Reply | None:
        """Run the action registered for ``payload``'s class, if the patient may."""
        fn, access = self.actions[type(payload)]
        if not _allowed(turn, access):
            return _refusal(turn, tap=True)
        return await fn(turn, payload)

    def handler(self) -> BaseHandler[Update, Context, None]:
        """One CallbackQueryHandler for every payload class in the table."""
        return button(self.dispatch, *self.actions, access=Access.ANYONE)


def expired(turn: Turn | None = None) -> Reply:
    """The answer to a tap on a button that no longer applies (or was never ours)."""
    lang = turn.lang if turn is not None else DEFAULT_LANGUAGE
    return Reply("", toast=t("button_expired", lang))
