"""Settings from the environment (or a ``.env`` file), validated once at start-up."""

from __future__ import annotations

import re
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

TOKEN_RE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{10,}$")
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/hfs.db"


class ConfigError(Exception):
    """Raised with one human-readable line when the configuration is unusable."""


class Settings(BaseSettings):
    """Everything the operator can configure; field names are the env variable names."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr
    telegram_api_base_url: str = "https://api.telegram.org"
    database_url: str = DEFAULT_DATABASE_URL
    log_level: str = "INFO"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    port: int = Field(default=8080, ge=1, le=65535)
    checkin_followup_hours: float = Field(default=3.0, gt=0, le=23)
    checkin_grace_hours: float = Field(default=2.0, gt=0, le=23)
    default_timezone: str = "UTC"
    # Telegram's limits: ~30 messages/s overall, ~1 message/s to one chat.
    rate_overall_per_second: float = Field(default=30.0, gt=0)
    rate_per_chat_per_second: float = Field(default=1.0, gt=0)
    # Telegram's paid broadcasts (allow_paid_broadcast): scheduled sends at up to 1,000/s,
    # paid in Stars from the bot's balance. 0 = off: they share RATE_OVERALL_PER_SECOND.
    paid_broadcast_per_second: float = Field(default=0.0, ge=0, le=1000)
    send_concurrency: int = Field(default=16, ge=1, le=256)
    # How long to wait for Telegram's answer to a request before its outcome is unknown
    # (python-telegram-bot's default is 5 s; a late answer then meant a second send).
    telegram_read_timeout_seconds: float = Field(default=20.0, gt=0, le=300)
    # The dispatcher also wakes on this period, as a safety net (e.g. rows written by hand).
    dispatcher_interval_seconds: float = Field(default=60.0, ge=1, le=3600)
    # Outcome questionnaires to ask (ids of service/domain/questionnaires/data/*.toml). One whose
    # wording is not shipped (HFS-7) needs <QUESTIONNAIRE_WORDING_DIR>/<id>.toml, provided by an
    # operator who holds the right to use that wording (docs/questionnaires.md).
    questionnaires_enabled: str = "smc,pgic"
    questionnaire_wording_dir: Path | None = None

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if not TOKEN_RE.match(value.get_secret_value().strip()):
            raise ValueError(
                "does not look like a bot token (expected digits:letters from @BotFather)"
            )
        return SecretStr(value.get_secret_value().strip())

    @field_validator("telegram_api_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _db_url(cls, value: str) -> str:
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            # Accept the usual form and use the async driver.
            value = "postgresql+asyncpg://" + value.split("://", 1)[1]
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError(
                "must be sqlite+aiosqlite:///path or postgresql+asyncpg://user@host/db"
            )
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @field_validator("default_timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("must be an IANA time zone such as Europe/Berlin") from exc
        return value

    @model_validator(mode="after")
    def _webhook(self) -> Settings:
        if self.webhook_url and not self.webhook_url.startswith("https://"):
            raise ValueError("WEBHOOK_URL must start with https:// (Telegram only calls HTTPS)")
        return self

    @model_validator(mode="after")
    def _questionnaires(self) -> Settings:
        from service.domain.questionnaires import (
            DefinitionError,
            WordingError,
            load_wording,
            shipped,
        )

        try:
            known = shipped()
        except DefinitionError as exc:
            raise ValueError(str(exc)) from None
        for qid in self.enabled_questionnaires:
            definition = known.get(qid)
            if definition is None:
                raise ValueError(
                    f"QUESTIONNAIRES_ENABLED names {qid!r}; known: {', '.join(sorted(known))}"
                )
            if definition.shipped_wording:
                continue
            if self.questionnaire_wording_dir is None:
                raise ValueError(
                    f"QUESTIONNAIRES_ENABLED names {qid!r}, whose wording is not shipped "
                    f"(licence): set QUESTIONNAIRE_WORDING_DIR to a folder holding {qid}.toml"
                )
            try:
                load_wording(self.questionnaire_wording_dir / f"{qid}.toml", definition)
            except WordingError as exc:
                raise ValueError(str(exc)) from None
        return self

    @property
    def enabled_questionnaires(self) -> list[str]:
        """The ids in QUESTIONNAIRES_ENABLED, in order, without repeats."""
        ids = [part.strip().lower() for part in self.questionnaires_enabled.split(",")]
        return list(dict.fromkeys(i for i in ids if i))

    @property
    def checkin_grace_minutes(self) -> int:
        """How late a due check-in may still be sent, in minutes."""
        return round(self.checkin_grace_hours * 60)

    @property
    def bot_api_url(self) -> str:
        """Base for Bot API methods: ``<root>/bot`` (the token and method are appended)."""
        return f"{self.telegram_api_base_url}/bot"

    @property
    def bot_file_url(self) -> str:
        """Base for file downloads: ``<root>/file/bot``."""
        return f"{self.telegram_api_base_url}/file/bot"

    def sqlite_path(self) -> Path | None:
        """The SQLite file behind DATABASE_URL, or None for other databases."""
        prefix = "sqlite+aiosqlite:///"
        if not self.database_url.startswith(prefix):
            return None
        path = self.database_url[len(prefix) :].split("?", 1)[0]
        return None if path in ("", ":memory:") else Path(path)


def load_settings(**overrides: object) -> Settings:
    """Read and validate settings; raise ConfigError with one clear line if anything is wrong."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            name = ".".join(str(p) for p in err["loc"]).upper() or "configuration"
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "missing":
                message = "is required (set it in the environment or in .env)"
            problems.append(f"{name} {message}")
        raise ConfigError("; ".join(problems)) from None
