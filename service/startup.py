"""Checks before ``hfsbot run`` starts the bot: one clear line for what an operator gets wrong.

A rejected token, an unreachable Bot API and an unreachable database each used to end in one
or two long tracebacks, the last with the token in clear ("The token `123456:...` was
rejected by the server"). ``preflight`` tries each (a ``getMe``, a database connection) and raises
``StartupError`` with one line that names the setting to fix and never holds the token or a
database password; ``hfsbot`` prints it and exits with code 2.
"""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError

from service.config import Settings
from service.db.engine import make_engine

DATABASE_ERRORS = (OSError, TimeoutError, SQLAlchemyError)


class StartupError(Exception):
    """Raised with one line saying what to fix."""


def safe_database_url(url: str) -> str:
    """The database URL without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # unparsable: say nothing of it rather than leak it
        return "DATABASE_URL"


def _first_line(text: str, secrets: tuple[str, ...] = ()) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[REDACTED]")
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else "no details"


def database_problem(exc: BaseException, url: str) -> str:
    """One line for an error opening the database."""
    cause = getattr(exc, "orig", None) or exc
    password = make_url(url).password if url else None
    reason = _first_line(f"{type(cause).__name__}: {cause}", (str(password or ""),))
    return f"cannot open the database {safe_database_url(url)} (DATABASE_URL): {reason}"


def bot_api_problem(exc: TelegramError, settings: Settings) -> str:
    """One line for an error calling the Bot API; never the token."""
    token = settings.telegram_bot_token.get_secret_value()
    secrets = (token, token.split(":", 1)[-1])
    where = settings.telegram_api_base_url
    if isinstance(exc, InvalidToken):
        return (
            f"the Bot API at {where} rejected TELEGRAM_BOT_TOKEN (Unauthorized): "
            "check the token with @BotFather"
        )
    reason = _first_line(str(exc.message), secrets)
    if isinstance(exc, NetworkError):
        return f"cannot reach the Bot API at {where} (TELEGRAM_API_BASE_URL): {reason}"
    return f"the Bot API at {where} answered getMe with an error: {reason}"


async def check_bot_api(settings: Settings) -> None:
    """``getMe`` with the configured token and URL."""
    bot = Bot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=settings.bot_api_url,
        base_file_url=settings.bot_file_url,
    )
    try:
        await bot.initialize()
    except TelegramError as exc:
        raise StartupError(bot_api_problem(exc, settings)) from None
    finally:
        await bot.shutdown()


async def check_database(url: str) -> None:
    """Open a connection (log in, open the file), without beginning a transaction: on SQLite
    that would wait for another process's write lock."""
    try:
        engine = make_engine(url)
        try:
            async with engine.connect() as conn:
                await conn.get_raw_connection()
        finally:
            await engine.dispose()
    except DATABASE_ERRORS as exc:
        raise StartupError(database_problem(exc, url)) from None


async def preflight(settings: Settings) -> None:
    """Everything ``hfsbot run`` needs from the outside, checked once, in this order."""
    await check_bot_api(settings)
    await check_database(settings.database_url)
