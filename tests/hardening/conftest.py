"""The real Application in this process against the fake Telegram server, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram.ext import Application

from bot.app import BotConfig, build_application
from bot.runtime import start_application, stop_application
from emulator import FakeTelegram, SentMessage
from services.bootstrap import Services, bootstrap
from services.client_import import ClientRow
from services.domain import Role

TOKEN = "123456789:TEST-token-abcdefghijklmnopqrstuvwxyz0123"
ADMIN, SUPERVISOR, ZHANG, LI = 1001, 1010, 1011, 1012

App = Application[Any, Any, Any, Any, Any, Any]


def client(line: int, name: str, owner: int, **extra: object) -> ClientRow:
    values: dict[str, object] = dict(
        line=line, name=name, owner_telegram_id=owner, tier=None, credit_rating=None,
        strategy=None, industry=None, region=None, address=None, latitude=None, longitude=None,
        last_visit_on=None, notes=None, aliases=(), contacts=(),
    )  # fmt: skip
    values.update(extra)
    return ClientRow(**values)  # type: ignore[arg-type]


async def seed_team(services: Services) -> None:
    await services.users.add_user(telegram_id=ADMIN, name="管理员", role=Role.ADMIN, team=None)
    await services.users.add_user(telegram_id=SUPERVISOR, name="王主管", role=Role.SUPERVISOR,
                                  team="华东一部")  # fmt: skip
    await services.users.add_user(
        telegram_id=ZHANG, name="张三", role=Role.MANAGER, team="华东一部"
    )
    await services.users.add_user(telegram_id=LI, name="李四", role=Role.MANAGER, team="华东一部")


def buttons(message: SentMessage) -> dict[str, str]:
    markup = message.reply_markup or {}
    return {b["text"]: b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row
            if "callback_data" in b}  # fmt: skip


def data_of(message: SentMessage, label: str) -> str:
    matches = [v for k, v in buttons(message).items() if label in k]
    assert matches, f"no button {label!r} on: {message.text!r}"
    return matches[0]


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram(token=TOKEN, bot_username="kam_test_bot")
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def app_services(database_url: str) -> AsyncIterator[Services]:
    services = await bootstrap(database_url=database_url, timezone="Asia/Shanghai")
    yield services  # closed with the Application (post_shutdown)


@pytest.fixture
async def app(fake: FakeTelegram, app_services: Services) -> AsyncIterator[App]:
    """The bot's own Application with every handler, polling the fake server."""
    application = build_application(
        app_services, BotConfig(TOKEN, fake.api_url, fake.file_url, reminder_sweep_seconds=3600)
    )
    await start_application(application)
    try:
        yield application
    finally:
        await stop_application(application)  # closes the services too
