"""Shared fixtures: a real database (SQLite, or PostgreSQL when TEST_DATABASE_URL is set), a fake
clock, the Telegram Bot API emulator, and the real Application running against both."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from service.app import build_application, start, stop
from service.bot.state import App
from service.config import Settings, load_settings
from service.db.engine import Database
from service.db.migrate import upgrade
from service.domain.clock import FakeClock
from service.scheduling.dispatcher import WakeStats
from tests.emulator import FakeUser, TelegramEmulator

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
TABLES = ("checkin", "occurrence", "schedule", "patient", "caregiver")
# A Monday morning, in UTC.
T0 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def _pg_url() -> str:
    url = TEST_DATABASE_URL
    if url.startswith("postgresql://"):
        url = "postgresql+asyncpg://" + url.split("://", 1)[1]
    return url


@pytest.fixture(scope="session")
def _database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Migrate once per run: a SQLite template file, or a fresh PostgreSQL database."""
    if not TEST_DATABASE_URL:
        path = tmp_path_factory.mktemp("template") / "template.db"
        url = f"sqlite+aiosqlite:///{path}"
        asyncio.run(upgrade(url))
        yield str(path)
        return
    base = make_url(_pg_url())
    name = f"hfs_test_{uuid.uuid4().hex[:10]}"

    async def create() -> None:
        admin = Database(base.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
        async with admin.engine.connect() as conn:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
        await admin.dispose()

    async def drop() -> None:
        admin = Database(base.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
        async with admin.engine.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()

    asyncio.run(create())
    url = base.set(database=name).render_as_string(hide_password=False)
    asyncio.run(upgrade(url))
    yield url
    asyncio.run(drop())


@pytest.fixture
async def database_url(_database_template: str, tmp_path: Path) -> AsyncIterator[str]:
    """A migrated, empty database for one test."""
    if not TEST_DATABASE_URL:
        path = tmp_path / "hfs.db"
        shutil.copyfile(_database_template, path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    db = Database(_database_template)
    async with db.engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
    await db.dispose()
    yield _database_template


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    """A Database on the test's database (for assertions on stored rows)."""
    database = Database(database_url)
    yield database
    await database.dispose()


@pytest.fixture
def clock() -> FakeClock:
    """The injectable clock, starting Monday 2026-11-23 06:00 UTC."""
    return FakeClock(T0)


@pytest.fixture
async def emulator() -> AsyncIterator[TelegramEmulator]:
    """The Telegram Bot API emulator on a free local port."""
    emu = TelegramEmulator()
    await emu.start()
    yield emu
    await emu.stop()


@dataclass
class Harness:
    """The running bot, the emulator it talks to, and the clock it reads."""

    emulator: TelegramEmulator
    clock: FakeClock
    database_url: str
    overrides: dict[str, Any] = field(default_factory=dict)
    app: App | None = None
    _seen: WakeStats = field(default_factory=WakeStats)

    def settings(self) -> Settings:
        """Settings pointing the bot at the emulator and the test database."""
        values: dict[str, Any] = {
            "telegram_bot_token": self.emulator.token,
            "telegram_api_base_url": self.emulator.root_url,
            "database_url": self.database_url,
            "default_timezone": "UTC",
            "rate_per_chat_per_second": 50.0,
            # Questionnaires add prompts to every patient's month: only their own tests
            # (tests/test_questionnaires.py) turn them on, so others count only their messages.
            "questionnaires_enabled": "",
        }
        values.update(self.overrides)
        return load_settings(**values)

    async def start(self) -> App:
        """Build and start the real Application (as ``hfsbot run`` would, minus migrations)."""
        self.app = build_application(self.settings(), clock=self.clock, migrate=False)
        self._seen = WakeStats()
        await start(self.app, poll_timeout=1)
        return self.app

    async def stop(self) -> None:
        """Stop the Application gracefully."""
        if self.app is not None:
            await stop(self.app)
            self.app = None

    async def restart(self) -> App:
        """Stop and start a new Application on the same database and clock."""
        await self.stop()
        return await self.start()

    async def advance(self, **delta: float) -> WakeStats:
        """Move the clock and let the dispatcher do what is due, as APScheduler would."""
        self.clock.advance(**delta)
        return await self.run_due()

    async def run_due(self) -> WakeStats:
        """Fire the wake-up job if the fake time reached the instant it is armed for, as
        APScheduler would, until nothing armed is due; returns all the engine did since the
        last call or start. Nothing is sent that the app did not arm a wake for, so a missing
        re-arm fails the test that needs it."""
        assert self.app is not None
        state = self.app.bot_data
        dispatcher = state.dispatcher
        for _ in range(100):
            if state.armed_at is None or state.armed_at > self.clock.now():
                break
            await dispatcher.run_due()
        done = dispatcher.totals.minus(self._seen)
        self._seen = dispatcher.totals.copy()
        return done

    async def periodic_wake(self) -> WakeStats:
        """The once-a-minute safety-net wake (the app's periodic job), whatever is armed."""
        assert self.app is not None
        dispatcher = self.app.bot_data.dispatcher
        await dispatcher.run_due()
        done = dispatcher.totals.minus(self._seen)
        self._seen = dispatcher.totals.copy()
        return done

    def user(self, user_id: int = 1001, **kwargs: Any) -> FakeUser:
        """A patient in a private chat with the bot."""
        return self.emulator.user(user_id=user_id, **kwargs)


@pytest.fixture
async def harness(
    emulator: TelegramEmulator, clock: FakeClock, database_url: str
) -> AsyncIterator[Harness]:
    """The real bot running against the emulator and a real database."""
    h = Harness(emulator=emulator, clock=clock, database_url=database_url)
    await h.start()
    yield h
    await h.stop()


async def onboard(
    harness: Harness,
    chat_id: int,
    *,
    zone: str = "Europe/Berlin",
    at: time | None = time(9, 0),
    user: bool = True,
) -> None:
    """A consented, set-up patient, made with the same functions the onboarding uses."""
    from service.bot import profile
    from service.bot.kit import find_patient
    from service.db.models import Patient
    from service.domain.timezones import ZoneMatch
    from service.texts import CONSENT_VERSION

    if user:  # the patient opens the chat (Telegram only lets a bot write to people who did)
        await harness.user(chat_id).say("/start")
    assert harness.app is not None
    state = harness.app.bot_data
    now = harness.clock.now()
    async with state.db.transaction() as session:
        patient = await find_patient(session, chat_id, lock=True) or Patient(
            chat_id=chat_id, created_at=now
        )
        patient.consent_at, patient.consent_version = now, CONSENT_VERSION
        session.add(patient)
        await session.flush()
        await profile.set_timezone(session, patient, ZoneMatch(zone, zone, "iana"), now)
        await profile.set_checkin_time(session, patient, at, now, "UTC")
    await state.dispatcher.rearm()
