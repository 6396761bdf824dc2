"""Two webhook replicas on PostgreSQL share a Chroma server that stops answering (SIGSTOP: its port
takes connections, nothing comes back). Questions are told to come again later, in the asker's
language, while visits are still saved; /healthz names the stalled server without taking the
replicas out, /readyz stays ready, and /metrics has it as down. Each replica waits for it once,
then tells askers at once (its circuit is open) until a health check finds it answering again.
Once it answers, so do they."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from emulator import FakeTelegram
from emulator.balancer import Cable, RoundRobin, free_port
from knowledge import KnowledgeBase, KnowledgeConfig
from services.bootstrap import bootstrap
from services.domain import Role
from services.storage.models import Visit
from tests.bot.conftest import TOKEN
from tests.bot.test_reminders_e2e import _truncate_all_if_any
from tests.bot.test_visits_complaints_e2e import press
from tests.bot.test_webhook_replicas_e2e import ComposedWebhookReplica, WebhookReplica
from tests.kit import client, count
from tests.knowledge.conftest import CLIENT_NOTE, ChromaServer, chroma_server

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.slow]

ZHANG = 3211  # writes in Chinese
WANG = 3212  # writes in English
QUESTION = "下次拜访华能电厂要带什么？"
DOWN_ZH = "知识库暂时无法查询"
DOWN_EN = "The documents cannot be searched right now"


async def checked(port: int, path: str) -> tuple[int, Any]:
    async with httpx.AsyncClient(timeout=30) as http:
        answer = await http.get(f"http://127.0.0.1:{port}{path}")
    return answer.status_code, answer.json() if path != "/metrics" else answer.text


@pytest.fixture
async def stalled_cluster(
    tmp_path: Path, postgres_url: str
) -> AsyncIterator[tuple[FakeTelegram, ChromaServer, list[int], Cable]]:
    _truncate_all_if_any(postgres_url)
    chroma_port = free_port()
    with chroma_server(tmp_path / "chroma", chroma_port) as chroma:
        cable = Cable(chroma_port)  # counts the requests that reach the server
        cable.plug()
        ports = [free_port(), free_port()]
        proxy = RoundRobin(ports)
        await proxy.start()
        fake = FakeTelegram(token=TOKEN, webhook_target=f"http://127.0.0.1:{proxy.port}/telegram")
        await fake.start()
        services = await bootstrap(database_url=postgres_url)
        try:
            fake.add_user(ZHANG, first_name="张三", language_code="zh-hans")
            fake.add_user(WANG, first_name="Wang", language_code="en")
            for user, name in ((ZHANG, "张三"), (WANG, "Wang Lei")):
                await services.users.add_user(telegram_id=user, name=name, role=Role.MANAGER,
                                              team="华东一部")  # fmt: skip
            await services.clients.upsert_rows(
                None, [client(2, "中国移动苏州分公司", ZHANG, aliases=("苏州移动",))]
            )
        finally:
            await services.close()
        # The handbook note, in the registry both replicas read (PostgreSQL) and the server.
        config = KnowledgeConfig(directory=tmp_path / "ingest", chroma_url=chroma.url,
                                 registry_url=postgres_url)  # fmt: skip
        with KnowledgeBase.open(config) as kb:
            kb.ingest_bytes("huaneng-note.md", CLIENT_NOTE.encode())
        # A cool-down longer than the test: only a health check lets a question through again.
        env = {"KAM_CHROMA_URL": f"http://127.0.0.1:{cable.port}", "KAM_CHROMA_TIMEOUT_SECONDS": "2",
               "KAM_CHROMA_COOLDOWN_SECONDS": "600"}  # fmt: skip
        replicas: list[WebhookReplica | ComposedWebhookReplica] = [
            WebhookReplica(fake, tmp_path / "replica0", postgres_url, ports[0], **env),
            ComposedWebhookReplica(fake, tmp_path / "replica1", postgres_url, ports[1], **env),
        ]
        try:
            await asyncio.gather(*(r.start() for r in replicas))
            yield fake, chroma, ports, cable
        finally:
            chroma.resume()
            cable.unplug()
            for replica in replicas:
                await replica.stop()
            await fake.stop()
            await proxy.stop()


async def test_a_stalled_chroma_server_is_told_to_askers_and_shown_by_health_not_fatal(
    stalled_cluster: tuple[FakeTelegram, ChromaServer, list[int], Cable], postgres_url: str
) -> None:
    fake, chroma, ports, cable = stalled_cluster
    for port in ports:
        status, body = await checked(port, "/healthz")
        assert status == 200 and body["checks"]["chroma"] == "ok", body
    fake.send_text(ZHANG, QUESTION)
    assert "第二版报价单" in (await fake.wait_for(ZHANG, timeout=60)).text

    chroma.pause()
    before = cable.requests
    # Each asker hears it in their language, from whichever replica took the question; before,
    # the question was never answered.
    for _ in ports:
        fake.send_text(ZHANG, QUESTION)
        down = await fake.wait_for(ZHANG, lambda m: DOWN_ZH in m.text, timeout=60)
        assert "请稍后再问" in down.text and "记录走访" in down.text
    fake.send_text(WANG, "What should I bring to the next Huaneng visit?")
    down = await fake.wait_for(WANG, lambda m: DOWN_EN in m.text, timeout=60)
    assert "ask again in a little while" in down.text
    # A briefing still comes, with the client's card (its handbook passages left out).
    fake.send_text(ZHANG, "/brief 苏州移动")
    await fake.wait_for(ZHANG, lambda m: "中国移动苏州分公司" in m.text, timeout=60)
    # The same user's visit is saved meanwhile: the questions did not keep their slots.
    fake.send_text(ZHANG, "/visit 今天上午拜访了苏州移动，见了信息部李总，谈了专线续约")
    card = await fake.wait_for(ZHANG, lambda m: "中国移动苏州分公司" in m.text, timeout=60)
    await press(fake, ZHANG, card, "确认")
    assert "已保存走访记录" in (await fake.wait_for(ZHANG, timeout=60)).text
    services = await bootstrap(database_url=postgres_url)
    try:
        assert await count(services, Visit) == 1
    finally:
        await services.close()
    # Three questions and a briefing, and each replica asked the stalled server once: the first
    # question it took waited for the timeout, the others were told at once. Before, each of
    # them waited the whole timeout.
    assert cable.requests - before == len(ports)

    # The operator sees which dependency is wrong; no replica is taken out for it.
    for port in ports:
        status, body = await checked(port, "/healthz")
        assert status == 200, body
        assert body["status"] == "degraded" and body["checks"] == {
            "bot": "ok", "database": "ok", "chroma": "stalled", "chroma_circuit": "open"
        }  # fmt: skip
        status, body = await checked(port, "/readyz")
        assert status == 200 and body["checks"]["chroma"] == "stalled", body
        _, page = await checked(port, "/metrics")
        assert 'kam_dependency_up{dependency="chroma"} 0.0' in page
        assert 'kam_dependency_up{dependency="chroma_circuit"} 0.0' in page
        assert 'kam_dependency_up{dependency="database"} 1.0' in page

    chroma.resume()
    # The health check finds it answering: the next question on each replica tries it again.
    for port in ports:
        status, body = await checked(port, "/healthz")
        assert status == 200 and body["checks"]["chroma"] == "ok", body
        assert body["checks"]["chroma_circuit"] == "half-open", body
    for _ in ports:
        fake.send_text(ZHANG, QUESTION)
        assert "第二版报价单" in (await fake.wait_for(ZHANG, timeout=60)).text
    for port in ports:
        status, body = await checked(port, "/healthz")
        assert status == 200 and body["status"] == "ok" and body["checks"]["chroma"] == "ok"
        assert body["checks"]["chroma_circuit"] == "closed", body
        _, page = await checked(port, "/metrics")
        assert 'kam_dependency_up{dependency="chroma"} 1.0' in page
        assert 'kam_dependency_up{dependency="chroma_circuit"} 1.0' in page
