"""Webhook replicas in-process: updates posted by the fake Telegram, secret check, health, metrics,
and only one of two replicas registering the webhook and the command menu."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from sqlalchemy.engine import make_url

from bot.app import build_application
from bot.config import BotConfig
from bot.metrics import Metrics
from bot.webhook import SECRET_HEADER, URL_PATH, serve
from emulator import FakeTelegram
from emulator.balancer import Cable
from services.bootstrap import Services, bootstrap
from services.domain import Role
from tests.bot.conftest import TOKEN

PUBLIC_URL = "https://kam.example.com/telegram"
SECRET = "s3cret-for-the-tests"
ZHANG = 1011


def calls(fake: FakeTelegram, method: str) -> int:
    return sum(c.method.lower() == method.lower() and c.status == 200 for c in fake.calls)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@asynccontextmanager
async def replica(fake: FakeTelegram, database_url: str, port: int) -> AsyncIterator[Metrics]:
    """One webhook replica in this event loop, with services of its own on the shared database."""
    metrics = Metrics()
    services = await bootstrap(database_url=database_url)
    app = build_application(
        services, BotConfig(TOKEN, fake.api_url, fake.file_url), metrics=metrics
    )
    stop = asyncio.Event()
    task = asyncio.create_task(
        serve(
            app, metrics, listen="127.0.0.1", port=port,
            url=PUBLIC_URL, secret=SECRET, stop=stop,
        )
    )  # fmt: skip
    try:
        async with httpx.AsyncClient() as client:
            for _ in range(200):
                if task.done():
                    task.result()
                try:
                    if (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.05)
        yield metrics
    finally:
        stop.set()
        await task


@pytest.fixture
async def seeded_url(sqlite_url: str) -> str:
    url = sqlite_url
    services: Services = await bootstrap(database_url=url)
    try:
        await services.users.add_user(
            telegram_id=ZHANG, name="张三", role=Role.MANAGER, team="一部"
        )
    finally:
        await services.close()
    return url


async def test_a_replica_answers_posted_updates_and_reports_health_and_metrics(
    seeded_url: str,
) -> None:
    port = free_port()
    fake = FakeTelegram(token=TOKEN, webhook_target=f"http://127.0.0.1:{port}/{URL_PATH}")
    await fake.start()
    try:
        async with replica(fake, seeded_url, port):
            assert calls(fake, "setWebhook") == 1
            fake.send_text(ZHANG, "/help")
            reply = await fake.wait_for(ZHANG, timeout=10)
            assert "/visit" in reply.text
            assert (fake.webhook_posts[-1][1]) == 200
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
                forged = await client.post(
                    f"/{URL_PATH}", json={"update_id": 1, "message": {}},
                    headers={SECRET_HEADER: "wrong"},
                )  # fmt: skip
                assert forged.status_code == 403
                health = await client.get("/healthz")
                assert health.status_code == 200 and health.json() == {
                    "status": "ok", "checks": {"bot": "ok", "database": "ok", "chroma": "off"}
                }  # fmt: skip
                await fake.wait_idle(quiet=0.2)
                page = (await client.get("/metrics")).text
            assert 'kam_updates_handled_total{kind="command",outcome="ok"} 1.0' in page
            assert 'kam_telegram_messages_total{method="sendMessage",outcome="sent"}' in page
            assert "kam_update_seconds_bucket" in page and "kam_outbox_depth 0.0" in page
            assert "kam_kb_queries_total 0.0" in page
            assert 'kam_dependency_up{dependency="database"} 1.0' in page
    finally:
        await fake.stop()


@pytest.mark.postgres
async def test_a_replica_whose_database_is_down_stays_alive_and_is_not_ready_until_it_is_back(
    postgres_url: str,
) -> None:
    # Before, /healthz answered 503: a monitor restarting unhealthy replicas restarted every one
    # of them, into a database still down. Liveness and readiness are now two questions.
    database = make_url(postgres_url)
    cable = Cable(database.port or 5432)
    cable.plug()
    through_cable = database.set(port=cable.port).render_as_string(hide_password=False)
    port = free_port()
    fake = FakeTelegram(token=TOKEN, webhook_target=f"http://127.0.0.1:{port}/{URL_PATH}")
    await fake.start()
    try:
        async with (
            replica(fake, through_cable, port),
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client,
        ):
            assert (await client.get("/readyz")).status_code == 200
            cable.unplug()
            health = await client.get("/healthz")
            assert health.status_code == 200, health.text
            assert health.json() == {
                "status": "degraded", "checks": {"bot": "ok", "database": "down", "chroma": "off"}
            }  # fmt: skip
            ready = await client.get("/readyz")
            assert ready.status_code == 503 and ready.json()["checks"]["database"] == "down"
            page = (await client.get("/metrics")).text
            assert 'kam_dependency_up{dependency="database"} 0.0' in page
            cable.plug()
            ready = await client.get("/readyz")
            assert ready.status_code == 200 and ready.json()["status"] == "ok", ready.text
            page = (await client.get("/metrics")).text
            assert 'kam_dependency_up{dependency="database"} 1.0' in page
    finally:
        cable.unplug()
        await fake.stop()


async def test_of_two_replicas_only_the_first_registers_the_webhook_and_the_menu(
    seeded_url: str,
) -> None:
    first, second = free_port(), free_port()
    fake = FakeTelegram(token=TOKEN, webhook_target=f"http://127.0.0.1:{first}/{URL_PATH}")
    await fake.start()
    try:
        async with replica(fake, seeded_url, first), replica(fake, seeded_url, second):
            assert calls(fake, "setWebhook") == 1
            assert calls(fake, "setMyCommands") == 2  # zh and en, once
        # A restart of both with the same URL and secret tells Telegram nothing again.
        async with replica(fake, seeded_url, first):
            assert calls(fake, "setWebhook") == 1
        # Someone ran the bot in polling mode with the same token: Telegram dropped the webhook.
        # Before, every restart said "already registered" and no update ever arrived again.
        async with httpx.AsyncClient() as client:
            await client.post(f"{fake.api_url}{TOKEN}/deleteWebhook")
        async with replica(fake, seeded_url, first):
            assert calls(fake, "setWebhook") == 2
            fake.send_text(ZHANG, "/help")
            assert (await fake.wait_for(ZHANG, timeout=15)).text
    finally:
        await fake.stop()
