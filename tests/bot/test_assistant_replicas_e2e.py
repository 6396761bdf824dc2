"""The assistant on two `kam run` webhook replicas (a process, and one composed the same way in the
test's process) sharing one PostgreSQL database, behind a round-robin proxy: the model drafts a visit on one replica, the user's ✅ reaches the other, which
resumes the graph from the checkpoint in the database and writes the visit once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from emulator import FakeTelegram
from emulator.balancer import RoundRobin, free_port
from services.bootstrap import bootstrap
from services.storage.models import Visit
from tests.assistant_fakes import ZHANG, FakeOpenAI, Reply, seed, tool_reply
from tests.bot.conftest import TOKEN
from tests.bot.test_assistant_e2e import SEEDED_VISITS, buttons, count
from tests.bot.test_reminders_e2e import _truncate_all_if_any
from tests.bot.test_webhook_replicas_e2e import ComposedWebhookReplica, WebhookReplica
from tests.fakes import FakeClock

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


def yesterday(clock: FakeClock) -> str:
    """Yesterday in Shanghai, where the replicas (on the test's clock) read "昨天" (the UTC date
    is a day behind from 16:00 UTC, Shanghai's midnight, on)."""
    return (
        clock.now().astimezone(ZoneInfo("Asia/Shanghai")).date() - timedelta(days=1)
    ).isoformat()


class SlowReplica(WebhookReplica):
    startup_seconds = 300.0  # two processes importing the model stack on a shared machine


@pytest.fixture
async def replicas(
    tmp_path: Path, postgres_url: str, bot_clock: FakeClock
) -> AsyncIterator[tuple[FakeTelegram, FakeOpenAI, RoundRobin]]:
    _truncate_all_if_any(postgres_url)
    llm = FakeOpenAI()
    await llm.start()
    ports = [free_port(), free_port()]
    proxy = RoundRobin(ports)
    await proxy.start()
    fake = FakeTelegram(token=TOKEN, webhook_target=f"http://127.0.0.1:{proxy.port}/telegram")
    await fake.start()
    fake.add_user(ZHANG, first_name="张三", language_code="zh-hans")
    services = await bootstrap(database_url=postgres_url, clock=bot_clock)
    try:
        await seed(services)
    finally:
        await services.close()
    env = dict(KAM_LLM_BASE_URL=llm.url, KAM_LLM_MODEL="m", KAM_LLM_API_KEY="sk-x",
               KAM_LLM_PROVIDER="openai", KAM_LLM_TIMEOUT_SECONDS="10")  # fmt: skip
    processes: list[WebhookReplica | ComposedWebhookReplica] = [
        SlowReplica(fake, tmp_path / "replica0", postgres_url, ports[0], bot_clock, **env),
        ComposedWebhookReplica(
            fake, tmp_path / "replica1", postgres_url, ports[1], bot_clock, **env
        ),
    ]
    try:
        await asyncio.gather(*(p.start() for p in processes))
        yield fake, llm, proxy
    finally:
        for process in processes:
            await process.stop()
        await fake.stop()
        await proxy.stop()
        await llm.stop()


async def test_a_draft_made_on_one_replica_is_confirmed_on_the_other_once(
    replicas: tuple[FakeTelegram, FakeOpenAI, RoundRobin], postgres_url: str,
    bot_clock: FakeClock,
) -> None:  # fmt: skip
    fake, llm, proxy = replicas
    llm.script = [
        tool_reply(("draft_visit", {"client": "华能", "summary": "谈了增容报价",
                                    "visited_on": yesterday(bot_clock)})),
        Reply(content="请确认。"),
    ]  # fmt: skip
    fake.send_text(ZHANG, "昨天去华能谈了增容报价")
    card = await fake.wait_for(ZHANG, lambda m: "✅ 确认" in buttons(m), timeout=30)
    assert "华能南京电厂" in card.text and "谈了增容报价" in card.text
    # Two taps at once: each replica gets one; the one after the draft's replica is the other.
    confirm = buttons(card)["✅ 确认"]
    fake.press_button(ZHANG, card.message_id, confirm)
    fake.press_button(ZHANG, card.message_id, confirm)
    first = await fake.wait_for(ZHANG, lambda m: "已保存" in (m.text or ""), timeout=30)
    second = await fake.wait_for(ZHANG, lambda m: "已保存" in (m.text or ""), timeout=30)
    routed = [replica for _, replica in proxy.routed]
    assert routed[:3] == [routed[0], 1 - routed[0], routed[0]]  # the taps reached both replicas
    assert first.text.split("#")[1][:3] == second.text.split("#")[1][:3]  # the same record
    services = await bootstrap(database_url=postgres_url, run_migrations=False)
    try:
        assert await count(services, Visit) == SEEDED_VISITS + 1
    finally:
        await services.close()
    assert len(llm.requests) == 1
