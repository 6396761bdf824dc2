"""A knowledge base shared by replicas: the registry in PostgreSQL, vectors in a real Chroma server
(or each replica's embedded Chroma), documents seen everywhere as soon as they are ingested."""

from __future__ import annotations

import asyncio
import gc
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg
import pytest

import knowledge.base
from emulator.balancer import free_port
from knowledge import KnowledgeBase
from knowledge.loaders import parse_document
from services.storage.db import create_engine, migrate
from tests.kit import process_environment
from tests.knowledge.conftest import CLIENT_NOTE, HANDBOOK, open_kb, running_chroma
from tests.media.builders import POLICY_TITLE, policy_page

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
QUESTION = "投诉受理后多久联系客户"


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Chroma server (`chroma run` from the chromadb package) on a free port."""
    try:
        with running_chroma(tmp_path_factory.mktemp("chroma-server"), free_port()) as url:
            yield url
    finally:
        gc.collect()  # a connection left open by a knowledge base would be reported here


@pytest.fixture
def registry_url(postgres_url: str) -> str:
    """The test PostgreSQL database, migrated, with an empty knowledge-base registry."""

    async def migrated() -> None:
        engine = create_engine(postgres_url)
        try:
            await migrate(engine)
        finally:
            await engine.dispose()

    asyncio.run(migrated())
    with psycopg.connect(postgres_url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("DELETE FROM kb_chunks")
        conn.execute("DELETE FROM kb_documents")
    return postgres_url


def _texts(kb: KnowledgeBase, question: str, **options: object) -> str:
    return "\n".join(p.text for p in kb.search(question, k=5, **options))  # type: ignore[arg-type]


def test_replicas_with_embedded_chroma_see_each_others_documents_through_the_database(
    tmp_path: Path, registry_url: str
) -> None:
    with (
        open_kb(tmp_path / "a", registry_url=registry_url) as a,
        open_kb(tmp_path / "b", registry_url=registry_url) as b,
    ):
        assert b.documents() == []
        assert not b.answer(QUESTION).found
        a.ingest_bytes("handbook.md", HANDBOOK.encode())
        assert [d.title for d in b.documents()] == ["大客户服务手册"]
        answer = b.answer(QUESTION)
        assert answer.found and "一个工作日内" in answer.text
        assert "一个工作日内" in _texts(b, QUESTION, mode="dense")  # B's own vectors followed
        (doc,) = b.documents()
        assert b.remove_document(doc.doc_id)
        assert a.documents() == []
        assert not a.answer(QUESTION).found
        assert "一个工作日内" not in _texts(a, QUESTION)


def test_pages_photographed_to_two_replicas_are_one_document_of_the_shared_registry(
    tmp_path: Path, registry_url: str
) -> None:
    # An album's photos may reach different replicas: the page one replica files finds the
    # document the other filed (the pages kept in PostgreSQL, read back with their vectors).
    with (
        open_kb(tmp_path / "a", registry_url=registry_url) as a,
        open_kb(tmp_path / "b", registry_url=registry_url) as b,
    ):
        a.ingest_bytes("photo-1.jpg", policy_page(1))
        report = b.ingest_bytes("photo-3.jpg", policy_page(3))
        assert (report.title, report.page_numbers) == (POLICY_TITLE, (1, 3))
        (document,) = a.documents()
        assert (document.title, document.pages) == (POLICY_TITLE, 2)
        answer = a.answer("投诉解决后几个工作日内完成回访？")
        assert answer.found and answer.sources[0].page == 3, answer
        assert a.remove_document(document.doc_id) and b.documents() == []


def test_pages_photographed_by_two_admins_to_two_replicas_at_once_are_one_document(
    tmp_path: Path, registry_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two admins photograph pages of one policy at the same moment, and the photos reach two
    # replicas: both pages are read before either is filed. The second to file must find the
    # document the first filed, not start a second one.
    both_read = threading.Barrier(2)

    def read_then_wait(*args: Any, **kwargs: Any) -> Any:
        parsed = parse_document(*args, **kwargs)
        both_read.wait(timeout=60)
        return parsed

    monkeypatch.setattr(knowledge.base, "parse_document", read_then_wait)
    with (
        open_kb(tmp_path / "a", registry_url=registry_url) as a,
        open_kb(tmp_path / "b", registry_url=registry_url) as b,
        ThreadPoolExecutor(2) as pool,
    ):
        futures = [
            pool.submit(a.ingest_bytes, "photo-1.jpg", policy_page(1)),
            pool.submit(b.ingest_bytes, "photo-2.jpg", policy_page(2)),
        ]
        reports = [f.result(timeout=120) for f in futures]
        (document,) = b.documents()
        assert (document.title, document.pages) == (POLICY_TITLE, 2)
        assert {r.doc_id for r in reports} == {document.doc_id}
        assert (1, 2) in [r.page_numbers for r in reports]  # the second filed names both
        answer = a.answer("信誉较差的客户多久走访一次？")
        assert answer.found and answer.sources[0].page == 2, answer


def test_replicas_on_a_chroma_server_share_documents_and_keep_client_notes_private(
    tmp_path: Path, registry_url: str, chroma_server: str
) -> None:
    with (
        open_kb(tmp_path / "a", registry_url=registry_url, chroma_url=chroma_server) as a,
        open_kb(tmp_path / "b", registry_url=registry_url, chroma_url=chroma_server) as b,
    ):
        a.ingest_bytes("handbook.md", HANDBOOK.encode())
        a.ingest_bytes("huaneng-note.md", CLIENT_NOTE.encode(), client_id=7)
        assert "一个工作日内" in _texts(b, QUESTION, mode="dense")
        note = "王强偏好周二上午会面"
        assert note in _texts(
            b, "华能电厂采购总监喜欢什么时候见面", allowed_client_ids=frozenset({7})
        )
        assert note not in _texts(
            b, "华能电厂采购总监喜欢什么时候见面", allowed_client_ids=frozenset({8})
        )
        # A changed file replaces its old text everywhere.
        changed = HANDBOOK.replace("一个工作日内", "两个小时内")
        assert b.ingest_bytes("handbook.md", changed.encode()).status == "updated"
        assert "两个小时内" in a.answer(QUESTION).text
        assert "一个工作日内" not in _texts(a, QUESTION)
        for doc in b.documents():
            b.remove_document(doc.doc_id)
        assert a.documents() == [] and _texts(a, QUESTION) == ""


def test_the_same_file_handed_to_two_replicas_at_once_is_ingested_once(
    tmp_path: Path, registry_url: str, chroma_server: str
) -> None:
    with (
        open_kb(tmp_path / "a", registry_url=registry_url, chroma_url=chroma_server) as a,
        open_kb(tmp_path / "b", registry_url=registry_url, chroma_url=chroma_server) as b,
        ThreadPoolExecutor(2) as pool,
    ):
        data = HANDBOOK.encode()
        futures = [pool.submit(kb.ingest_bytes, "handbook.md", data) for kb in (a, b)]
        assert sorted(f.result().status for f in futures) == ["added", "unchanged"]
        assert len(a.documents()) == 1


def test_a_registry_file_from_one_machine_is_moved_into_the_database(
    tmp_path: Path, registry_url: str
) -> None:
    with open_kb(tmp_path / "kb") as local:
        local.ingest_bytes("handbook.md", HANDBOOK.encode())
        before = [p.chunk_id for p in local.search(QUESTION, k=3)]
    with open_kb(tmp_path / "kb", registry_url=registry_url) as shared:
        assert [d.title for d in shared.documents()] == ["大客户服务手册"]
        assert [p.chunk_id for p in shared.search(QUESTION, k=3)] == before
    assert not (tmp_path / "kb" / "registry.sqlite3").exists()
    with open_kb(tmp_path / "other", registry_url=registry_url) as elsewhere:
        assert "一个工作日内" in elsewhere.answer(QUESTION).text


def test_two_processes_share_one_knowledge_base_on_postgres(
    tmp_path: Path, registry_url: str, chroma_server: str
) -> None:
    """Ingest in this process, answer in a `kam ask -` process; remove here, gone there."""
    env = process_environment()
    env.update(KAM_DATA_DIR=str(tmp_path / "other"), KAM_DATABASE_URL=registry_url,
               KAM_CHROMA_URL=chroma_server, PYTHONUNBUFFERED="1")  # fmt: skip
    with open_kb(tmp_path / "here", registry_url=registry_url, chroma_url=chroma_server) as here:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "ask", "-", "--json"], cwd=tmp_path, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        assert proc.stdin is not None and proc.stdout is not None

        def ask() -> dict[str, object]:
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write(QUESTION + "\n")
            proc.stdin.flush()
            return dict(json.loads(proc.stdout.readline()))

        try:
            assert ask()["found"] is False
            here.ingest_bytes("handbook.md", HANDBOOK.encode())
            there = ask()
            assert there["found"] is True and "一个工作日内" in str(there["answer"])
            (doc,) = here.documents()
            here.remove_document(doc.doc_id)
            assert ask()["found"] is False
        finally:
            proc.stdin.close()
            proc.wait(timeout=60)
            proc.stdout.close()


def test_a_shared_registry_cut_by_an_older_dictionary_is_cut_again_at_open(
    tmp_path: Path, registry_url: str
) -> None:
    with open_kb(tmp_path / "a", registry_url=registry_url) as kb:
        kb.ingest_bytes("handbook.md", HANDBOOK.encode())
    with psycopg.connect(registry_url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("UPDATE kb_chunks SET tokens = '旧词'")  # before versioned cutting
    with open_kb(tmp_path / "a", registry_url=registry_url) as kb:
        assert "绿色通道" in _texts(kb, "绿色通道", mode="bm25")
        assert not kb.search("旧词", mode="bm25")
    with psycopg.connect(registry_url.replace("+psycopg", ""), autocommit=True) as conn:
        marks = conn.execute("SELECT DISTINCT left(tokens, 1) FROM kb_chunks").fetchall()
    assert marks == [("\x1e",)]
