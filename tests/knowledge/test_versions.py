"""Which documents look like versions of one another: the same name but for version marks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from knowledge import DocumentInfo
from knowledge.versions import other_versions, version_key


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("值班通知.txt", "值班通知-v2.txt"),
        ("值班通知.txt", "值班通知（2025修订版）.docx"),
        ("服务规范.pdf", "服务规范 2024年3月.pdf"),
        ("服务规范.pdf", "服务规范_final_v3.pdf"),
        ("报价审批规定.pdf", "报价审批规定(2).pdf"),
        ("Handbook.docx", "Handbook v1.2.docx"),
    ],
)
def test_a_version_mark_date_or_copy_mark_does_not_make_another_document(
    first: str, second: str
) -> None:
    assert version_key(first) == version_key(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [("员工手册.pdf", "新员工手册.pdf"), ("renewal-policy.md", "real-policy.md"),
     ("service-policy-handbook.zh.md", "service-policy-handbook.en.md")],
)  # fmt: skip
def test_different_names_stay_different(first: str, second: str) -> None:
    assert version_key(first) != version_key(second)


def doc(doc_id: str, source: str, title: str, client_id: int | None = None) -> DocumentInfo:
    return DocumentInfo(doc_id, title, source, 1, 1, datetime(2026, 1, 1, tzinfo=UTC), client_id)


def test_only_documents_for_the_same_readers_are_other_versions() -> None:
    new = doc("n", "值班通知-v2.txt", "值班通知-v2")
    docs = [new, doc("o", "值班通知.txt", "值班通知"), doc("c", "值班通知.txt", "值班通知", 7),
            doc("x", "礼品管理.html", "礼品管理办法")]  # fmt: skip
    assert [d.doc_id for d in other_versions(new, docs)] == ["o"]


def test_a_clients_note_finds_the_same_note_filed_for_everyone() -> None:
    # The admin sent the note without its client, then again with 客户：…: the first copy is
    # still read by every manager.
    note = doc("n", "华能备忘.txt", "华能备忘", 7)
    docs = [note, doc("p", "华能备忘.txt", "华能备忘"), doc("o", "华能备忘.txt", "华能备忘", 8)]
    assert [d.doc_id for d in other_versions(note, docs)] == ["p"]
