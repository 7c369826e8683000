"""The operator's view: `hfsbot` as a real process, config errors, polling and webhook."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from pathlib import Path

import pytest

from service.config import ConfigError, load_settings
from tests.emulator import TelegramEmulator

HFSBOT = [sys.executable, "-m", "service"]
ROOT = Path(__file__).resolve().parent.parent


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "DATABASE_", "WEBHOOK_", "LOG_LEVEL"))
    }
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


async def run_cli(*args: str, env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        *HFSBOT,
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    return proc.returncode or 0, out.decode(), err.decode()


async def test_missing_token_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    code, _, err = await run_cli("run", env=clean_env(), cwd=tmp_path)
    assert code == 2
    assert err.strip().count("\n") == 0, err
    assert "TELEGRAM_BOT_TOKEN" in err and "required" in err
    assert "Traceback" not in err


async def test_malformed_token_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    code, _, err = await run_cli(
        "run", env=clean_env(TELEGRAM_BOT_TOKEN="not-a-token"), cwd=tmp_path
    )
    assert code == 2 and "TELEGRAM_BOT_TOKEN" in err and "Traceback" not in err
    assert "not-a-token" not in err


def one_line(err: str) -> str:
    """stderr must be exactly one line, without a traceback."""
    assert err.strip() and err.strip().count("\n") == 0, err
    assert "Traceback" not in err
    return err.strip()


async def test_a_rejected_token_is_one_line_exit_2_and_never_the_token(
    tmp_path: Path, emulator: TelegramEmulator
) -> None:
    """It was two long tracebacks, the last with the token in clear."""
    token = "654321:WRONG-token-abcdefgh"  # the emulator answers 401, as Telegram does
    env = clean_env(TELEGRAM_BOT_TOKEN=token, TELEGRAM_API_BASE_URL=emulator.root_url)
    code, out, err = await run_cli("run", env=env, cwd=tmp_path)
    assert code == 2
    line = one_line(err)
    assert "TELEGRAM_BOT_TOKEN" in line and "rejected" in line
    assert token not in err + out and "WRONG-token" not in err + out
    assert not (tmp_path / "data").exists(), "the database was touched before the token"


async def test_an_unreachable_bot_api_is_one_line_and_exit_2(tmp_path: Path) -> None:
    root = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    token = "123456:abcdefghijkl-token"
    env = clean_env(TELEGRAM_BOT_TOKEN=token, TELEGRAM_API_BASE_URL=root)
    code, out, err = await run_cli("run", env=env, cwd=tmp_path)
    assert code == 2
    line = one_line(err)
    assert "cannot reach the Bot API" in line and root in line
    assert token not in err + out and "abcdefghijkl" not in err + out


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
async def test_an_unreachable_database_is_one_line_and_exit_2(
    tmp_path: Path, emulator: TelegramEmulator, kind: str
) -> None:
    if kind == "postgresql":
        url = f"postgresql+asyncpg://hfs:pass-w0rd-9@127.0.0.1:{free_port()}/hfs"
    else:
        (tmp_path / "not-a-folder").write_text("a file where the folder should be")
        url = f"sqlite+aiosqlite:///{tmp_path / 'not-a-folder' / 'hfs.db'}"
    env = clean_env(
        TELEGRAM_BOT_TOKEN=emulator.token,
        TELEGRAM_API_BASE_URL=emulator.root_url,
        DATABASE_URL=url,
    )
    code, out, err = await run_cli("run", env=env, cwd=tmp_path)
    assert code == 2
    line = one_line(err)
    assert "cannot open the database" in line and "DATABASE_URL" in line
    assert "pass-w0rd-9" not in err + out and emulator.token not in err + out
    assert not emulator.polling and emulator.stats.calls["getUpdates"] == 0


async def test_help_explains_run_and_migrate(tmp_path: Path) -> None:
    code, out, _ = await run_cli("--help", env=clean_env(), cwd=tmp_path)
    assert code == 0
    assert "run" in out and "migrate" in out and "TELEGRAM_BOT_TOKEN" in out


def test_settings_validation_messages() -> None:
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        load_settings(telegram_bot_token="123456:abcdefghijkl", database_url="mysql://x")
    with pytest.raises(ConfigError, match="LOG_LEVEL"):
        load_settings(telegram_bot_token="123456:abcdefghijkl", log_level="chatty")
    with pytest.raises(ConfigError, match="https"):
        load_settings(telegram_bot_token="123456:abcdefghijkl", webhook_url="http://x/hook")
    settings = load_settings(
        telegram_bot_token="123456:abcdefghijkl",
        telegram_api_base_url="http://127.0.0.1:8081/",
        database_url="postgresql://u@h/db",
    )
    assert settings.bot_api_url == "http://127.0.0.1:8081/bot"
    assert settings.bot_file_url == "http://127.0.0.1:8081/file/bot"
    assert settings.database_url == "postgresql+asyncpg://u@h/db"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _stop(proc: asyncio.subprocess.Process) -> str:
    proc.send_signal(signal.SIGTERM)
    _, err = await asyncio.wait_for(proc.communicate(), timeout=30)
    return err.decode()


async def test_run_starts_on_sqlite_with_no_setup_and_answers(
    tmp_path: Path, emulator: TelegramEmulator
) -> None:
    env = clean_env(
        TELEGRAM_BOT_TOKEN=emulator.token,
        TELEGRAM_API_BASE_URL=emulator.root_url,
        LOG_LEVEL="DEBUG",
    )
    proc = await asyncio.create_subprocess_exec(
        *HFSBOT, "run", env=env, cwd=tmp_path, stderr=asyncio.subprocess.PIPE
    )
    try:
        user = emulator.user(9001)
        welcome = await user.say("/start", timeout=30)
        assert "I agree" in " ".join(welcome.button_texts)
        assert emulator.get_commands(), "the command menu was not registered"
    finally:
        logs = await _stop(proc)
    assert proc.returncode == 0, logs
    database = tmp_path / "data" / "hfs.db"
    assert database.exists()
    assert oct(database.stat().st_mode & 0o777) == "0o600"
    assert "getUpdates" in logs  # DEBUG shows the HTTP calls...
    assert emulator.token not in logs  # ...never the token
    assert emulator.token.split(":")[1] not in logs
    # Alembic said 7 INFO lines at every start; one line says what was done.
    assert "alembic" not in logs
    assert [line for line in logs.splitlines() if "database schema" in line] == [
        next(line for line in logs.splitlines() if "database schema migrated" in line)
    ]


async def test_webhook_mode_checks_the_secret_header(
    tmp_path: Path, emulator: TelegramEmulator
) -> None:
    port = free_port()
    secret = "s3cret-webhook-token"
    env = clean_env(
        TELEGRAM_BOT_TOKEN=emulator.token,
        TELEGRAM_API_BASE_URL=emulator.root_url,
        WEBHOOK_URL="https://bot.example.org/telegram",
        WEBHOOK_SECRET=secret,
        PORT=str(port),
        LOG_LEVEL="DEBUG",
    )
    proc = await asyncio.create_subprocess_exec(
        *HFSBOT, "run", env=env, cwd=tmp_path, stderr=asyncio.subprocess.PIPE
    )
    try:
        for _ in range(300):
            if emulator.webhook_url:
                break
            await asyncio.sleep(0.1)
        assert emulator.webhook_url == "https://bot.example.org/telegram"
        local = f"http://127.0.0.1:{port}/telegram"
        user = emulator.user(9002)
        user.open_chat()  # the update below comes straight to the webhook, not via the emulator
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 1_700_000_000,
                "chat": {"id": 9002, "type": "private", "first_name": "W"},
                "from": {"id": 9002, "is_bot": False, "first_name": "W"},
                "text": "/help",
                "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
            },
        }
        status = None
        for _ in range(100):  # the web server may still be starting
            status = await emulator.post_raw_webhook(json.dumps(update), "wrong", url=local)
            if status is not None and status != 0:
                break
            await asyncio.sleep(0.1)
        assert status == 403
        assert await emulator.post_raw_webhook(json.dumps(update), None, url=local) == 403
        assert user.drain() == []
        update["update_id"] = 2
        assert await emulator.post_raw_webhook(json.dumps(update), secret, url=local) == 200
        reply = await user.next_message(timeout=20)
        assert "/checkin" in reply.text
    finally:
        logs = await _stop(proc)
    assert secret not in logs and emulator.token not in logs


async def test_migrate_command(tmp_path: Path) -> None:
    env = clean_env(TELEGRAM_BOT_TOKEN="123456:abcdefghijkl")
    code, out, err = await run_cli("migrate", env=env, cwd=tmp_path)
    assert code == 0, err
    assert "up to date" in out
    assert (tmp_path / "data" / "hfs.db").exists()
