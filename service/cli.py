"""``hfsbot``: run the bot or apply migrations."""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import sys
from urllib.parse import urlparse

from telegram import Update

from service.config import ConfigError, Settings, load_settings

DESCRIPTION = """HFS Companion: a Telegram companion for people living with hemifacial spasm.

commands:
  run      apply database migrations, then run the bot (long polling; webhook mode when
           WEBHOOK_URL is set)
  migrate  apply database migrations and exit

Configuration comes from the environment or a .env file in the current folder:
TELEGRAM_BOT_TOKEN (required), DATABASE_URL (default: SQLite under ./data/), LOG_LEVEL,
TELEGRAM_API_BASE_URL, WEBHOOK_URL, WEBHOOK_SECRET, PORT. See README.md."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="hfsbot",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=["run", "migrate"], help="what to do")
    return parser.parse_args(argv)


EXIT_LOST_LEADERSHIP = 3


def run(settings: Settings) -> int:
    """Check the outside world, then build and run the bot until interrupted (SIGINT/SIGTERM
    stop it gracefully); the exit code: 0 after a stop, 2 if another process runs on the same
    SQLite file, 3 if this replica lost the leader lock (so that its supervisor restarts it).
    Raises StartupError when the token, Bot API or database is wrong."""
    from service.db.engine import DatabaseInUse, lock_sqlite_file
    from service.startup import StartupError, check_bot_api, check_database, database_problem

    asyncio.run(check_bot_api(settings))  # a wrong token or Bot API: nothing touched yet
    lock: int | None = None
    sqlite_file = settings.sqlite_path()
    if sqlite_file is not None:
        try:
            lock = lock_sqlite_file(sqlite_file)  # held (open) until the process ends
        except DatabaseInUse as exc:
            print(f"hfsbot: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:  # e.g. its folder cannot be made
            raise StartupError(database_problem(exc, settings.database_url)) from None
    asyncio.run(check_database(settings.database_url))
    from service.app import build_application  # after the lock: nothing touched before it

    app = build_application(
        settings,
        migrate=True,
        serve_updates_as_standby=bool(settings.webhook_url),
        stop_when_leadership_lost=True,
    )
    if settings.webhook_url:
        secret = (
            settings.webhook_secret.get_secret_value()
            if settings.webhook_secret
            else secrets.token_urlsafe(32)
        )
        app.run_webhook(
            listen="0.0.0.0",
            port=settings.port,
            url_path=urlparse(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
    leadership = getattr(app.bot_data, "leadership", None)
    if leadership is not None and leadership.lost:
        print(
            "hfsbot: lost the leader lock; exiting with code 3 so that a supervisor restarts "
            "this replica (unsent messages stay pending for the new leader)",
            file=sys.stderr,
        )
        return EXIT_LOST_LEADERSHIP
    if lock is not None:
        os.close(lock)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; exit code 2 with one clear line when the configuration is wrong, or the
    token, the Bot API or the database does not work."""
    args = parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"hfsbot: configuration error: {exc}", file=sys.stderr)
        return 2
    from service.logs import setup_logging

    secret_values = [settings.telegram_bot_token.get_secret_value()]
    if settings.webhook_secret:
        secret_values.append(settings.webhook_secret.get_secret_value())
    setup_logging(settings.log_level, secret_values)
    if args.command == "migrate":
        from service.db.migrate import upgrade

        asyncio.run(upgrade(settings.database_url))
        print("hfsbot: database is up to date")
        return 0
    from sqlalchemy.exc import SQLAlchemyError
    from telegram.error import TelegramError

    from service.startup import StartupError, bot_api_problem, database_problem

    try:
        return run(settings)
    except StartupError as exc:
        print(f"hfsbot: {exc}", file=sys.stderr)
        return 2
    except TelegramError as exc:  # the Bot API went away between the check and the start
        print(f"hfsbot: {bot_api_problem(exc, settings)}", file=sys.stderr)
        return 2
    except SQLAlchemyError as exc:  # the database went away between the check and the start
        print(f"hfsbot: {database_problem(exc, settings.database_url)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
