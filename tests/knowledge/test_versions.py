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


def test_a_revised_edition_in_full_width_brackets_is_a_version_of_the_rules() -> None:
    assert version_key("销售管理办法（2026修订）.docx") == version_key("销售管理办法.docx")
    assert version_key("销售管理办法（2026修订）.docx") != version_key("销售费用管理办法.docx")


def named_doc(doc_id: str, source: str, title: str) -> DocumentInfo:
    return doc(doc_id, source, title)


DOCS = [
    named_doc("3f2a9c1e0b7d4e21", "/srv/kb/销售管理办法.docx", "销售管理办法"),
    named_doc("3f2b000000000000", "/srv/kb/礼品管理.html", "礼品管理办法"),
    named_doc("9c9c9c9c9c9c9c9c", "handbook.md", "Service Policy Handbook"),
]


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("3f2a9c1e0b7d4e21", ["3f2a9c1e0b7d4e21"]),  # the whole id
        ("3f2a", ["3f2a9c1e0b7d4e21"]),  # its first characters
        ("3f2", []),  # too few to be an id, and in no name
        ("3f2a9c1e0b7d4e21 ", ["3f2a9c1e0b7d4e21"]),
        ("销售管理办法.docx", ["3f2a9c1e0b7d4e21"]),  # the file name
        ("service policy handbook", ["9c9c9c9c9c9c9c9c"]),  # the title, any case and spacing
        ("ＨＡＮＤＢＯＯＫ", ["9c9c9c9c9c9c9c9c"]),  # full-width letters
        ("管理办法", ["3f2a9c1e0b7d4e21", "3f2b000000000000"]),  # ambiguous: the caller lists
        ("值班通知", []),
    ],
)
def test_an_admin_names_a_document_by_id_title_file_name_or_part(
    name: str, found: list[str]
) -> None:
    from knowledge.document_names import named

    assert [d.doc_id for d in named(name, DOCS)] == found


def test_a_whole_title_wins_over_documents_that_only_hold_it() -> None:
    from knowledge.document_names import named

    docs = [
        *DOCS,
        named_doc("aaaa000000000000", "销售管理办法实施细则.docx", "销售管理办法实施细则"),
    ]
    assert [d.doc_id for d in named("销售管理办法", docs)] == ["3f2a9c1e0b7d4e21"]


def test_photographed_pages_are_editions_by_the_title_on_them_not_the_cameras_name() -> None:
    # Scans named by the phone ("扫描件 2026-11-30.jpg", "扫描件 2026-12-01.jpg") fold to one
    # name: two different pages were taken for editions of each other, and the older set aside.
    def page(doc_id: str, source: str, title: str) -> DocumentInfo:
        return DocumentInfo(doc_id, title, source, 1, 1, datetime(2026, 1, 1, tzinfo=UTC), None,
                            kind="image-ocr")  # fmt: skip

    duty = page("d", "扫描件 2026-11-30.jpg", "值班通知")
    rules = page("r", "扫描件 2026-12-01.jpg", "华能南京电厂进厂须知")
    revised = page("v", "扫描件 2026-12-02.jpg", "值班通知(2026修订)")
    assert other_versions(rules, [duty, rules]) == []
    assert [d.doc_id for d in other_versions(revised, [duty, rules, revised])] == ["d"]
    # A document's own file name still counts: "值班通知-v2.txt" is an edition of the page.
    typed = doc("t", "值班通知-v2.txt", "春节安排")
    assert [d.doc_id for d in other_versions(typed, [duty, rules, typed])] == ["d"]
