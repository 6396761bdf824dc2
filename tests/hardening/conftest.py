"""The real Application in this process against the fake Telegram server, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram.ext import Application

from bot.app import BotConfig, build_application
from bot.runtime import start_application, stop_application
from emulator import FakeTelegram
from services.bootstrap import Services, bootstrap
from tests.bot.conftest import start_time
from tests.fakes import FakeClock
from tests.kit import ADMIN, LI, SUPERVISOR, TOKEN, ZHANG, client, data_of, seed_team

__all__ = ["ADMIN", "LI", "SUPERVISOR", "ZHANG", "App", "client", "data_of", "seed_team"]

App = Application[Any, Any, Any, Any, Any, Any]


@pytest.fixture
def app_clock() -> FakeClock:
    """The in-process bot's clock, as in tests/bot: the real time when the test starts, or
    E2E_START's (`E2E_START=2027-01-01T00:30+08:00 pytest tests/hardening`), then moved by hand."""
    return FakeClock(start_time())


@pytest.fixture
async def app_services(database_url: str, app_clock: FakeClock) -> AsyncIterator[Services]:
    services = await bootstrap(database_url=database_url, timezone="Asia/Shanghai", clock=app_clock)
    yield services  # closed with the Application (post_shutdown)


@pytest.fixture
async def app(fake: FakeTelegram, app_services: Services) -> AsyncIterator[App]:
    """The bot's own Application with every handler, polling the fake server (a private chat's
    one message a second shrunk: a test user answers at once)."""
    config = BotConfig(TOKEN, fake.api_url, fake.file_url, reminder_sweep_seconds=3600,
                       private_chat_interval=0.01)  # fmt: skip
    application = build_application(app_services, config)
    await start_application(application)
    try:
        yield application
    finally:
        await stop_application(application)  # closes the services too
