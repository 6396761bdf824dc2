"""Replicas share a Chroma server: while it is out of reach, a question or an upload is told so (and
the rest of the bot works); when it is back, the same open knowledge base answers again. A replica
that starts while it is down starts all the same, and answers from the documents once it is up."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot import ops
from bot.app import BotConfig, build_application
from bot.runtime import make_services, start_application, stop_application, wiring
from emulator import FakeTelegram
from emulator.balancer import Cable, free_port
from knowledge import KnowledgeBase, KnowledgeConfig, StoreState, StoreUnavailable
from knowledge.circuit import CircuitState
from knowledge.vectors import VectorStore
from services.bootstrap import Services, bootstrap
from services.domain import Actor, Role
from services.errors import DomainError
from services.storage.models import Visit
from tests.bot.conftest import TOKEN
from tests.fakes import FakeClock
from tests.integration.test_operations import settings_for
from tests.kit import ADMIN, ZHANG, client, count, data_of, seed_team
from tests.knowledge.conftest import CLIENT_NOTE, chroma_server, running_chroma

QUESTION = "下次拜访华能电厂要带什么？"
# Only a bound for a broken build (which waited forever): the store gives up after one second.
NEVER = 120


@pytest.mark.slow
async def test_a_question_while_the_chroma_server_is_out_of_reach_is_told_so_then_answered(
    tmp_path: Path, sqlite_url: str
) -> None:
    port = free_port()
    with running_chroma(tmp_path / "chroma", port):
        cable = Cable(port)
        cable.plug()
        url = f"http://127.0.0.1:{cable.port}"
        kb = KnowledgeBase.open(KnowledgeConfig(directory=tmp_path / "kb", chroma_url=url))
        kb.ingest_bytes("huaneng-note.md", CLIENT_NOTE.encode())
        services = await bootstrap(database_url=sqlite_url, knowledge_base=kb)
        try:
            await services.users.add_user(telegram_id=7, name="张三", role=Role.ADMIN, team=None)
            actor = await services.users.resolve_actor(7)
            assert actor is not None
            cable.unplug()
            # Before, the user got the generic apology and the log a traceback per question.
            with pytest.raises(DomainError) as refused:
                await services.ask.answer(actor, QUESTION)
            assert refused.value.code == "ask.down"
            # An admin's upload meanwhile is refused as such, and leaves nothing half-added.
            with pytest.raises(DomainError) as not_added:
                await services.ask.ingest(actor, "later.md", b"# Later\n\nA document sent later.")
            assert not_added.value.code == "kb.down"
            documents = await services.ask.documents(actor)
            assert [d.title for d in documents] == ["华能电厂拜访纪要"]
            # Removing a document meanwhile removes nothing (before, the registry lost it and
            # its vectors stayed in Chroma), and says so.
            with pytest.raises(DomainError) as not_removed:
                await services.ask.remove(actor, documents[0].doc_id)
            assert not_removed.value.code == "kb.remove_down"
            assert [d.title for d in await services.ask.documents(actor)] == ["华能电厂拜访纪要"]
            cable.plug()
            answer = await services.ask.answer(actor, QUESTION)
            assert answer is not None and "第二版报价单" in answer.text
        finally:
            await services.close()
            kb.close()
            cable.unplug()


@pytest.mark.slow
async def test_a_replica_started_while_the_chroma_server_is_down_works_and_answers_once_it_is_up(
    tmp_path: Path, sqlite_url: str
) -> None:
    # The registry holds a document (a restored backup, or a Chroma server that lost its data);
    # the server the replica is configured with is not running when it starts.
    with KnowledgeBase.open(KnowledgeConfig(directory=tmp_path / "kb")) as before:
        before.ingest_bytes("huaneng-note.md", CLIENT_NOTE.encode())
    port = free_port()
    config = KnowledgeConfig(directory=tmp_path / "kb", chroma_url=f"http://127.0.0.1:{port}")
    # Before, this raised ("Could not connect to a Chroma server") and `kam run` exited.
    services = await bootstrap(database_url=sqlite_url, knowledge=config)
    fake = FakeTelegram(token=TOKEN, bot_username="kam_test_bot")
    await fake.start()
    app = build_application(
        services, BotConfig(TOKEN, fake.api_url, fake.file_url, private_chat_interval=0.01)
    )
    try:
        await seed_team(services)
        await services.clients.upsert_rows(
            None, [client(2, "中国移动苏州分公司", ZHANG, aliases=("苏州移动",))]
        )
        fake.add_user(ADMIN, first_name="Admin", language_code="zh-hans")
        fake.add_user(ZHANG, first_name="张三", language_code="zh-hans")
        await start_application(app)
        # Everything but the documents works: a visit is logged as usual.
        fake.send_text(ZHANG, "/visit 今天上午拜访了苏州移动，见了信息部李总，谈了专线续约")
        card = await fake.wait_for(ZHANG)
        assert "中国移动苏州分公司" in card.text and "专线续约" in card.text
        fake.press_button(ZHANG, card.message_id, data_of(card, "确认"))
        assert "已保存走访记录 #1" in (await fake.wait_for(ZHANG)).text
        assert await count(services, Visit) == 1
        # A briefing shows the client's card and visits, without the handbook's passages.
        fake.send_text(ZHANG, "/brief 苏州移动")
        brief = await fake.wait_for(ZHANG, timeout=30)
        assert "中国移动苏州分公司" in brief.text and "专线续约" in brief.text, brief.text
        # A question is told to come again, not "something went wrong".
        fake.send_text(ZHANG, QUESTION)
        down = await fake.wait_for(ZHANG, timeout=30)
        assert "知识库暂时无法查询" in down.text and "请稍后再问" in down.text
        # An admin's upload is refused as not added; the documents listed are those there were.
        fake.send_document(ADMIN, "later.md", b"# Later\n\nA document sent later.",
                           mime_type="text/markdown")  # fmt: skip
        refused = await fake.wait_for(ADMIN, lambda m: "没有加入知识库" in m.text, timeout=30)
        assert "请稍后再发送一次" in refused.text
        assert [d.title for d in await services.ask.documents(await _admin(services))] == [
            "华能电厂拜访纪要"
        ]
        # The server starts (empty): the same replica, not restarted, answers from the document.
        with running_chroma(tmp_path / "chroma", port):
            fake.send_text(ZHANG, QUESTION)
            answer = await fake.wait_for(ZHANG, timeout=30)
            assert "第二版报价单" in answer.text
        assert fake.rejected == []
    finally:
        await stop_application(app)
        await fake.stop()
        await services.close()


@pytest.mark.slow
async def test_kam_doctor_warns_of_a_chroma_server_down_without_failing_the_replicas_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # deploy/kam@.service runs `kam doctor` before `kam run`: a failure there kept every
    # replica down for as long as the Chroma server was.
    for key in [k for k in os.environ if k.startswith(("KAM_", "TELEGRAM_"))]:
        monkeypatch.delenv(key)  # settings from the arguments only, not the developer's
    port = free_port()
    settings = settings_for(
        tmp_path / "data", chroma_url=f"http://127.0.0.1:{port}", admin_ids="42"
    )
    services = await make_services(settings, wiring(settings), with_knowledge=False)
    await services.close()
    lines: list[str] = []
    assert await asyncio.to_thread(ops.doctor, settings, out=lines.append) == 0, lines
    line = next(line for line in lines if "knowledge base:" in line)
    assert line.startswith("WARN"), lines
    assert f"no Chroma server answers at http://127.0.0.1:{port}" in line
    assert "questions and uploads are told to try again later" in line
    assert lines[-1].startswith("6 checks, none failed")
    with running_chroma(tmp_path / "chroma", port):
        lines = []
        assert await asyncio.to_thread(ops.doctor, settings, out=lines.append) == 0, lines
        line = next(line for line in lines if "knowledge base:" in line)
        assert line.startswith("OK") and "0 documents, 0 chunks, 0 vectors" in line, line


@pytest.mark.slow
async def test_kam_doctor_warns_of_a_stalled_chroma_server_instead_of_waiting_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The unit runs `kam doctor` before `kam run`: waiting forever on a stopped server kept the
    # replica from starting at all (systemd gives up on the start and tries again, forever).
    for key in [k for k in os.environ if k.startswith(("KAM_", "TELEGRAM_"))]:
        monkeypatch.delenv(key)
    with chroma_server(tmp_path / "chroma", free_port()) as server:
        settings = settings_for(
            tmp_path / "data", chroma_url=server.url, chroma_timeout_seconds=1, admin_ids="42"
        )
        services = await make_services(settings, wiring(settings), with_knowledge=False)
        await services.close()
        server.pause()
        lines: list[str] = []
        doctor = asyncio.to_thread(ops.doctor, settings, out=lines.append)
        assert await asyncio.wait_for(doctor, NEVER) == 0, lines
        line = next(line for line in lines if "knowledge base:" in line)
        assert line.startswith("WARN") and f"no Chroma server answers at {server.url}" in line
        assert "did not answer in time" in line, line


def test_a_url_where_something_else_answers_is_unavailable_not_a_replica_that_cannot_start(
    tmp_path: Path,
) -> None:
    # A proxy in front of a stopped Chroma server (502), or a mistyped port of another web
    # server (404): chromadb's client raised a bare ValueError and the replica did not start.
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)  # 501 to everything
    threading.Thread(target=server.serve_forever, daemon=True).start()
    store = VectorStore(tmp_path, "kam-kb-test", f"http://127.0.0.1:{server.server_port}")
    try:
        with pytest.raises(StoreUnavailable, match=r"Chroma server unreachable: .*501"):
            store.count()
    finally:
        store.close()
        server.shutdown()
        server.server_close()


@pytest.mark.slow
async def test_a_question_while_the_chroma_server_is_stalled_is_told_so_then_answered(
    tmp_path: Path, sqlite_url: str
) -> None:
    # SIGSTOP: the server's port still takes connections, nothing answers. Before, the question
    # waited forever (and held its thread and the user's slot); now it is told to ask later.
    with chroma_server(tmp_path / "chroma", free_port()) as server:
        config = KnowledgeConfig(directory=tmp_path / "kb", chroma_url=server.url, chroma_timeout=1)
        kb = KnowledgeBase.open(config)
        kb.ingest_bytes("huaneng-note.md", CLIENT_NOTE.encode())
        services = await bootstrap(database_url=sqlite_url, knowledge_base=kb)
        try:
            await services.users.add_user(telegram_id=7, name="张三", role=Role.ADMIN, team=None)
            actor = await services.users.resolve_actor(7)
            assert actor is not None
            assert kb.store_state() is StoreState.OK
            server.pause()
            for _ in range(2):  # a second question is not stuck behind the first one's wait
                with pytest.raises(DomainError) as refused:
                    await asyncio.wait_for(services.ask.answer(actor, QUESTION), NEVER)
                assert refused.value.code == "ask.down"
            with pytest.raises(DomainError) as not_added:
                await asyncio.wait_for(
                    services.ask.ingest(actor, "later.md", b"# Later\n\nSent while stalled."), NEVER
                )
            assert not_added.value.code == "kb.down"
            assert kb.store_state() is StoreState.STALLED
            assert [d.title for d in await services.ask.documents(actor)] == ["华能电厂拜访纪要"]
            server.resume()
            # A health check finds it answering: the next question need not wait for the rest
            # of the cool-down (the questions after the first were told at once).
            assert kb.store_state() is StoreState.OK
            answer = await asyncio.wait_for(services.ask.answer(actor, QUESTION), NEVER)
            assert answer is not None and "第二版报价单" in answer.text
        finally:
            server.resume()
            await services.close()
            kb.close()
    assert kb.store_state() is StoreState.DOWN  # the server has exited


def test_a_store_first_used_while_its_server_is_stalled_gives_up_then_connects_once_it_answers(
    tmp_path: Path,
) -> None:
    # Making chromadb's client asks the server before any timeout can be set on it: a replica
    # whose first question came while the server was stopped waited forever, holding the lock
    # every later question queued on.
    with chroma_server(tmp_path / "chroma", free_port()) as server:
        store = VectorStore(tmp_path / "unused", "kam-kb-test", server.url, timeout=1)
        try:
            server.pause()
            for _ in range(2):
                with pytest.raises(StoreUnavailable, match="did not answer in time"):
                    _bounded(store.count)
            server.resume()
            assert store.state() is StoreState.OK  # a health check: no cool-down to wait out
            assert _bounded(store.count) == 0
        finally:
            server.resume()
            store.close()


def _bounded(call: Callable[[], int]) -> int:
    """call() in a thread, failing the test (not hanging it) if it never returns."""
    result: list[int] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            result.append(call())
        except BaseException as exc:
            failed.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(NEVER)
    assert not worker.is_alive(), "the call never returned"
    if failed:
        raise failed[0]
    return result[0]


async def _admin(services: Services) -> Actor:
    actor = await services.users.resolve_actor(ADMIN)
    assert actor is not None
    return actor


@pytest.mark.slow
async def test_while_the_chroma_server_stays_stalled_only_one_question_per_cool_down_waits(
    tmp_path: Path, sqlite_url: str
) -> None:
    # Before, every question sent while the server hung waited the whole timeout (10 s by
    # default) for it: ten managers asking meant ten waits, and as many requests piling on it.
    clock = FakeClock()
    with chroma_server(tmp_path / "chroma", free_port()) as server:
        cable = Cable(int(server.url.rsplit(":", 1)[1]))  # counts the requests reaching it
        cable.plug()
        config = KnowledgeConfig(
            directory=tmp_path / "kb", chroma_url=f"http://127.0.0.1:{cable.port}",
            chroma_timeout=1, chroma_cooldown=30,
        )  # fmt: skip
        kb = KnowledgeBase.open(config, clock=lambda: clock.now().timestamp())
        kb.ingest_bytes("huaneng-note.md", CLIENT_NOTE.encode())
        services = await bootstrap(database_url=sqlite_url, knowledge_base=kb)
        try:
            await services.users.add_user(telegram_id=7, name="张三", role=Role.ADMIN, team=None)
            actor = await services.users.resolve_actor(7)
            assert actor is not None

            async def refused(code: str = "ask.down") -> None:
                with pytest.raises(DomainError) as told:
                    await asyncio.wait_for(services.ask.answer(actor, QUESTION), NEVER)
                assert told.value.code == code

            answer = await services.ask.answer(actor, QUESTION)
            assert answer is not None and "第二版报价单" in answer.text
            assert kb.store_circuit is CircuitState.CLOSED
            server.pause()
            before = cable.requests
            await refused()  # the first one waits for the server, and is told
            asked = cable.requests
            assert asked > before
            # The next ones are told at once: none of them reached the server.
            await refused()
            await refused()
            with pytest.raises(DomainError) as not_added:
                await services.ask.ingest(actor, "later.md", b"# Later\n\nSent while stalled.")
            assert not_added.value.code == "kb.down"
            assert cable.requests == asked
            assert kb.store_circuit is CircuitState.OPEN
            # The cool-down over, one question finds out whether it is back; the others asked
            # meanwhile do not wait with it.
            clock.advance(seconds=30)
            assert kb.store_circuit is CircuitState.HALF_OPEN
            await asyncio.gather(refused(), refused(), refused())
            assert cable.requests == asked + 1
            assert kb.store_circuit is CircuitState.OPEN
            # Back: a health check that finds it answering lets the next question through.
            server.resume()
            assert kb.store_state() is StoreState.OK
            answer = await asyncio.wait_for(services.ask.answer(actor, QUESTION), NEVER)
            assert answer is not None and "第二版报价单" in answer.text
            assert kb.store_circuit is CircuitState.CLOSED
        finally:
            server.resume()
            cable.unplug()
            await services.close()
            kb.close()
