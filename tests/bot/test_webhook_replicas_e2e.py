"""Two `kam run` webhook replicas on PostgreSQL behind a round-robin proxy; the fake Telegram posts
every update to the proxy, so consecutive steps of one conversation land on different replicas.
One replica is a process of its own, the other runs in the test's process, composed from the same
settings (`bot.runtime.serve_webhook`, what `kam run` runs): two processes, one model load."""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import re
import subprocess
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

import httpx
import pytest
from sqlalchemy import select

from bot.runtime import serve_webhook
from config.settings import load_settings
from emulator import FakeTelegram
from emulator.balancer import RoundRobin, free_port
from services.bootstrap import bootstrap
from services.domain import CreditRating, Role
from services.storage.models import Visit
from tests.bot.conftest import TOKEN, BotProcess, SweepCounter, bot_environment
from tests.bot.test_reminders_e2e import (
    SHANGHAI,
    _truncate_all_if_any,
    overdue_messages,
    reminder_env,
    wait_until,
)
from tests.bot.test_visits_complaints_e2e import buttons, client, count, press
from tests.fakes import FakeClock

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

ZHANG = 3011
MANAGERS = [3100 + n for n in range(45)]  # each with one overdue client: 45 reminders at once
SECRET = "replicas-share-this-secret"


def webhook_env(port: int, **env: str) -> dict[str, str]:
    return dict(KAM_WEBHOOK_URL="https://kam.example.com", KAM_WEBHOOK_LISTEN="127.0.0.1",
                KAM_WEBHOOK_PORT=str(port), KAM_WEBHOOK_SECRET=SECRET, **env)  # fmt: skip


async def healthy(port: int) -> bool:
    async with httpx.AsyncClient() as http:
        try:
            return (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200
        except httpx.TransportError:
            return False


class WebhookReplica(BotProcess):
    """`kam run` in webhook mode: ready when its /healthz answers 200."""

    def __init__(self, fake: FakeTelegram, data_dir: Path, database_url: str, port: int,
                 clock: FakeClock | None = None, **env: str) -> None:  # fmt: skip
        super().__init__(fake, data_dir, database_url, clock, **webhook_env(port, **env))
        self.port = port

    async def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:  # the child keeps its own copy of the handle
            self.proc = subprocess.Popen(
                self.command(),
                cwd=self.data_dir, env=self.environment(), stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + self.startup_seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"kam run exited early:\n{self.output()}")
            if await healthy(self.port):
                return
            await asyncio.sleep(0.2)
        raise AssertionError(f"the webhook replica did not become healthy:\n{self.output()}")


class ComposedWebhookReplica:
    """The same replica in this process: settings from the environment a `WebhookReplica` gets,
    then `serve_webhook` until stopped; what it logs at WARNING and above is its output."""

    def __init__(self, fake: FakeTelegram, data_dir: Path, database_url: str, port: int,
                 clock: FakeClock | None = None, **env: str) -> None:  # fmt: skip
        self.data_dir = data_dir
        self.port = port
        self.clock = clock
        self.env = bot_environment(fake, data_dir, database_url, **webhook_env(port, **env))
        self.records: list[logging.LogRecord] = []
        self._log = logging.Handler(logging.WARNING)
        self._log.emit = self.records.append  # type: ignore[method-assign]
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._sweeps = SweepCounter()

    async def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with patch.dict(os.environ, self.env, clear=True):
            settings = load_settings()
        logging.getLogger().addHandler(self._log)
        self._sweeps.attach()
        self._task = asyncio.create_task(serve_webhook(settings, stop=self._stop, clock=self.clock))
        while not await healthy(self.port):
            if self._task.done():
                raise AssertionError(f"the replica stopped:\n{self.output()}") from (
                    self._task.exception()
                )
            await asyncio.sleep(0.2)

    async def stop(self) -> None:
        if self._task is not None:
            self._stop.set()
            task, self._task = self._task, None
            await task
        logging.getLogger().removeHandler(self._log)
        self._sweeps.detach()

    def sweeps(self) -> int:
        """The outbox sweeps its timer has run so far."""
        return self._sweeps.count

    def output(self) -> str:
        formatter = logging.Formatter("%(levelname)s %(name)s: %(message)s")
        return "\n".join(formatter.format(record) for record in self.records)


@pytest.fixture
async def cluster(
    tmp_path: Path, postgres_url: str, bot_clock: FakeClock
) -> AsyncIterator[tuple[FakeTelegram, RoundRobin, list[WebhookReplica | ComposedWebhookReplica]]]:
    """Two replicas on the test's clock (E2E_START moves it), one a process of its own."""
    _truncate_all_if_any(postgres_url)
    ports = [free_port(), free_port()]
    proxy = RoundRobin(ports)
    await proxy.start()
    fake = FakeTelegram(token=TOKEN, webhook_target=f"http://127.0.0.1:{proxy.port}/telegram")
    await fake.start()
    services = await bootstrap(database_url=postgres_url, clock=bot_clock)
    try:
        fake.add_user(ZHANG, first_name="张三", language_code="zh-hans")
        await services.users.add_user(telegram_id=ZHANG, name="张三", role=Role.MANAGER,
                                      team="华东一部")  # fmt: skip
        rows = [client(2, "华能南京电厂", ZHANG, aliases=("华能电厂",))]
        last = bot_clock.now().astimezone(SHANGHAI).date() - timedelta(days=40)
        for n, manager in enumerate(MANAGERS):
            fake.add_user(manager, first_name=f"经理{n}", language_code="zh-hans")
            await services.users.add_user(telegram_id=manager, name=f"经理{n}", role=Role.MANAGER,
                                          team="华东二部")  # fmt: skip
            rows.append(client(3 + n, f"客户{n}", manager, credit_rating=CreditRating.POOR,
                               last_visit_on=last))  # fmt: skip
        await services.clients.upsert_rows(None, rows)
    finally:
        await services.close()
    env = reminder_env(bot_clock.now())
    replicas: list[WebhookReplica | ComposedWebhookReplica] = [
        WebhookReplica(fake, tmp_path / "replica0", postgres_url, ports[0], bot_clock, **env),
        ComposedWebhookReplica(
            fake, tmp_path / "replica1", postgres_url, ports[1], bot_clock, **env
        ),
    ]
    try:
        await asyncio.gather(*(r.start() for r in replicas))
        yield fake, proxy, replicas
    finally:
        for replica in replicas:
            await replica.stop()
        await fake.stop()
        await proxy.stop()


def busiest_second(times: list[float]) -> int:
    """The most sends within any one-second window."""
    times = sorted(times)
    best = 0
    start = 0
    for end, at in enumerate(times):
        while at - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


async def test_a_conversation_spread_over_two_replicas_is_saved_once_and_reminders_go_out_once(
    cluster: tuple[FakeTelegram, RoundRobin, list[WebhookReplica | ComposedWebhookReplica]],
    postgres_url: str,
) -> None:
    fake, proxy, replicas = cluster
    assert sum(c.method.lower() == "setwebhook" for c in fake.calls) == 1  # one replica did it

    # A guided visit: each step is one update, and the proxy alternates replicas.
    fake.send_text(ZHANG, "/visit")
    assert "哪个客户" in (await fake.wait_for(ZHANG, timeout=15)).text
    fake.send_text(ZHANG, "华能电厂")
    ask_when = await fake.wait_for(ZHANG, timeout=15)
    assert "什么时候" in ask_when.text
    await press(fake, ZHANG, ask_when, "今天")
    ask_kind = await fake.wait_for(ZHANG, timeout=15)
    await press(fake, ZHANG, ask_kind, "上门")
    await fake.wait_for(ZHANG, timeout=15)  # whom did you meet
    fake.send_text(ZHANG, "张总（设备部）")
    assert "谈了什么" in (await fake.wait_for(ZHANG, timeout=15)).text
    fake.send_text(ZHANG, "二期扩容的报价")
    await press(fake, ZHANG, await fake.wait_for(ZHANG, timeout=15), "跳过")
    await press(fake, ZHANG, await fake.wait_for(ZHANG, timeout=15), "跳过")
    card = await fake.wait_for(ZHANG, timeout=15)
    assert "二期扩容的报价" in card.text and "张总" in card.text

    # A double tap on 确认: the two presses go to different replicas, concurrently.
    confirm = next(v for k, v in buttons(card).items() if "确认" in k)
    fake.press_button(ZHANG, card.message_id, confirm)
    fake.press_button(ZHANG, card.message_id, confirm)
    first = await fake.wait_for(ZHANG, timeout=15)
    second = await fake.wait_for(ZHANG, timeout=15)
    # Both presses name the one visit saved. Its number is the row's id: on PostgreSQL the
    # losing insert may have drawn id 1 from the sequence before it was refused.
    saved = re.search(r"已保存走访记录 #(\d+)", first.text)
    assert saved is not None, first.text
    assert f"#{saved.group(1)}" in second.text, second.text
    services = await bootstrap(database_url=postgres_url, run_migrations=False)
    try:
        assert await count(services, Visit) == 1
        async with services.db.read() as session:
            only = (await session.execute(select(Visit.id))).scalar_one()
        assert only == int(saved.group(1))
    finally:
        await services.close()
    # Every update went to the other replica than the one before (8 steps and 2 taps).
    indexes = [index for _, index in proxy.routed]
    assert len(indexes) == 10 and all(a != b for a, b in itertools.pairwise(indexes))

    # Reminders: 45 managers with an overdue client each, swept by both replicas every second.
    await wait_until(lambda: all(overdue_messages(fake, m) for m in MANAGERS), timeout=90)
    # Both replicas keep sweeping, three more times each: nothing is sent twice.
    swept = [replica.sweeps() for replica in replicas]
    await wait_until(lambda: all(r.sweeps() >= n + 3 for r, n in zip(replicas, swept, strict=True)))
    for manager in MANAGERS:
        assert len(overdue_messages(fake, manager)) == 1, fake.transcript(manager)
    sends = [c.time for c in fake.calls if c.method.lower().startswith("send") and c.status == 200]
    assert busiest_second(sends) <= 30
    assert fake.rejected == []
    for replica in replicas:
        assert "Traceback" not in replica.output(), replica.output()[-3000:]
    # Both replicas handled updates (the proxy alternates) and one of them sent the reminders.
    assert {index for _, index in proxy.routed} == {0, 1}
