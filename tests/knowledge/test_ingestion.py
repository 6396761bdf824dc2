"""Ingestion of every supported file type, odd encodings, bad files, and re-ingestion."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from knowledge import IngestError, KnowledgeBase
from tests.knowledge.builders import blank_pdf, docx_file, text_pdf, xlsx_file
from tests.knowledge.conftest import HANDBOOK, open_kb


def texts(kb: KnowledgeBase, question: str, mode: str = "hybrid") -> str:
    return "\n".join(p.text for p in kb.search(question, k=5, mode=mode))


def test_markdown_is_split_into_sections_that_keep_their_headings(kb: KnowledgeBase) -> None:
    report = kb.ingest_bytes("handbook.md", HANDBOOK.encode())
    assert report.status == "added"
    assert report.title == "大客户服务手册"
    assert report.chunks >= 4
    top = kb.search("投诉受理后多久联系客户", k=1)[0]
    assert "一个工作日内" in top.text
    assert top.section is not None and "投诉处理" in top.section
    assert top.title == "大客户服务手册"
    assert top.source == "handbook.md"


def test_plain_text_in_gb18030_is_detected_and_read(kb: KnowledgeBase) -> None:
    text = "客户论坛每半年举办一次，会上发放满意度问卷。\n欠费客户由回款责任人每天跟进。"
    kb.ingest_bytes("论坛.txt", text.encode("gb18030"))
    assert "客户论坛每半年举办一次" in texts(kb, "客户论坛多久举办一次")


def test_plain_text_in_big5_is_read_as_traditional_chinese(kb: KnowledgeBase) -> None:
    text = "客戶論壇每半年舉辦一次，會上發放滿意度問卷。"
    kb.ingest_bytes("論壇.txt", text.encode("big5"))
    assert "客戶論壇每半年舉辦一次" in texts(kb, "客户论坛多久举办一次")


def test_html_keeps_the_article_and_drops_navigation_and_scripts(kb: KnowledgeBase) -> None:
    page = """<html><head><title>走访制度</title><script>var x = "脚本内容";</script></head>
    <body><nav><a>首页</a> | <a>最新动态</a> | <a>论坛</a></nav>
    <h1>走访制度</h1><p>信誉评价较差的客户至少每月走访一次。</p>
    <table><tr><th>等级</th><th>周期</th></tr><tr><td>优质</td><td>六个月</td></tr></table>
    <footer>版权所有 2011</footer></body></html>"""
    report = kb.ingest_bytes("visits.html", page.encode())
    assert report.title == "走访制度"
    everything = texts(kb, "较差客户多久走访一次")
    assert "每月走访一次" in everything
    assert "等级: 优质; 周期: 六个月" in everything
    assert "脚本内容" not in everything and "最新动态" not in everything
    assert "版权所有" not in everything


def test_docx_headings_paragraphs_and_tables_are_read(kb: KnowledgeBase) -> None:
    data = docx_file(
        "回款管理办法",
        [("回款预警", ["考核日前一周开始，回款责任人每天跟进欠费客户。"])],
        [["客户等级", "走访周期"], ["较差", "每月"]],
    )
    report = kb.ingest_bytes("回款.docx", data)
    assert report.title == "回款管理办法"
    top = kb.search("回款预警从什么时候开始", k=1)[0]
    assert "考核日前一周" in top.text and top.section == "回款管理办法 › 回款预警"
    assert "客户等级: 较差; 走访周期: 每月" in texts(kb, "较差客户走访周期")


def test_pdf_text_is_read_page_by_page_with_page_numbers(kb: KnowledgeBase) -> None:
    data = text_pdf(
        [
            ["第一章 走访制度", "信誉评价为优质的客户至少每六个月走访一次。"],
            ["第二章 设计审核", "高压客户设计文件审核时间不超过十个工作日。"],
        ]
    )
    report = kb.ingest_bytes("制度.pdf", data)
    assert report.pages == 2
    top = kb.search("高压客户设计文件审核多少天", k=1)[0]
    assert "十个工作日" in top.text
    assert top.page == 2 and top.section == "第二章 设计审核"


def test_spreadsheets_become_one_line_per_row(kb: KnowledgeBase) -> None:
    data = xlsx_file(
        {"走访周期": [["信誉等级", "最低走访频率"], ["优质", "每六个月"], ["较差", "每月"]]}
    )
    report = kb.ingest_bytes("cadence.xlsx", data)
    assert report.status == "added" and report.pages == 1
    assert "信誉等级: 较差; 最低走访频率: 每月" in texts(kb, "信誉等级较差的最低走访频率")
    kb.ingest_bytes("cadence.csv", "信誉等级,最低走访频率\n中等,每季度\n".encode("gb18030"))
    assert "信誉等级: 中等; 最低走访频率: 每季度" in texts(kb, "中等信誉等级多久走访")


@pytest.mark.parametrize(
    ("filename", "data", "code"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\n \n", "empty"),
        (
            "menu-only.txt",
            "| 首页 | 最新动态 | 论坛 | 博客 |\n用户登录 新用户注册\n".encode(),
            "empty",
        ),
        ("setup.exe", b"MZ\x90\x00", "unsupported_type"),
        ("old.doc", b"\xd0\xcf\x11\xe0", "save_as"),  # Word or WPS saves it as DOCX
        ("scan.pdf", blank_pdf(), "no_text_pdf"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "unreadable"),
        ("broken.docx", b"PK\x03\x04 not a zip", "unreadable"),
        ("broken.xlsx", b"not a workbook at all", "unreadable"),
        ("binary.txt", b"\x00\x01\x02\x03" * 50, "unreadable"),
    ],
)
def test_bad_files_raise_a_coded_error_and_change_nothing(
    kb: KnowledgeBase, filename: str, data: bytes, code: str
) -> None:
    kb.ingest_bytes("handbook.md", HANDBOOK.encode())
    before = kb.documents()
    with pytest.raises(IngestError) as caught:
        kb.ingest_bytes(filename, data)
    assert caught.value.code == code
    assert caught.value.filename == filename
    assert kb.documents() == before


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    kb = open_kb(tmp_path / "kb", max_file_bytes=100)
    try:
        big = tmp_path / "big.txt"
        big.write_text("客户经理定期走访大客户。" * 20, encoding="utf-8")
        with pytest.raises(IngestError) as caught:
            kb.ingest_file(big)
        assert (caught.value.code, caught.value.filename) == ("too_large", "big.txt")
        with pytest.raises(IngestError, match="too_large"):
            kb.ingest_bytes("big.txt", big.read_bytes())
        assert kb.documents() == []
    finally:
        kb.close()


def test_ingesting_folders_collects_errors_per_file(kb: KnowledgeBase, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "handbook.md").write_text(HANDBOOK, encoding="utf-8")
    (folder / "sub" / "note.txt").write_text("华能电厂每季度走访一次。", encoding="gb18030")
    (folder / "sub" / "empty.txt").write_bytes(b"")
    (folder / "sub" / "picture.png").write_bytes(b"\x89PNG")  # skipped inside a folder
    (folder / ".hidden.md").write_text("# secret", encoding="utf-8")
    # Before, a Word 97 or WPS file in a folder was skipped without a word: the operator never
    # learnt that its rules were not in the knowledge base.
    (folder / "sub" / "制度.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    reports, errors = kb.ingest_paths([folder, tmp_path / "missing.md"])
    assert sorted(r.source.rsplit("/", 1)[-1] for r in reports) == ["handbook.md", "note.txt"]
    assert sorted((e.filename, e.code) for e in errors) == [
        ("empty.txt", "empty"),
        ("missing.md", "unreadable"),
        ("制度.doc", "save_as"),
    ]
    assert len(kb.documents()) == 2
    assert "华能电厂每季度走访一次" in texts(kb, "华能电厂多久走访一次")  # read from GB18030


def test_reingesting_unchanged_changed_and_removed_files(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "policy.md"
    path.write_text("# 走访\n\n优质客户至少每六个月走访一次。", encoding="utf-8")
    first = kb.ingest_file(path)
    assert first.status == "added"
    assert kb.ingest_file(path).status == "unchanged"
    assert len(kb.documents()) == 1

    path.write_text("# 走访\n\n优质客户至少每三个月走访一次。", encoding="utf-8")
    second = kb.ingest_file(path)
    assert second.status == "updated" and second.doc_id == first.doc_id
    for mode in ("hybrid", "bm25", "dense"):
        found = texts(kb, "优质客户多久走访一次", mode)
        assert "每三个月" in found and "每六个月" not in found, mode
    answer = kb.answer("优质客户多久走访一次？")
    assert "每三个月" in answer.text and "每六个月" not in answer.text
    assert len(kb._vectors.ids()) == second.chunks  # no stale vectors left behind

    assert kb.remove_document(first.doc_id) is True
    assert kb.remove_document(first.doc_id) is False
    assert kb.documents() == []
    assert kb.search("优质客户多久走访一次") == []
    assert kb._vectors.ids() == set()


def test_a_removed_document_disappears_from_answers_while_others_stay(kb: KnowledgeBase) -> None:
    kb.ingest_bytes("handbook.md", HANDBOOK.encode())
    forum = kb.ingest_bytes(
        "forum.md", "# 客户论坛\n\n客户论坛每半年举办一次，会上发放满意度问卷。".encode()
    )
    question = "客户论坛多久举办一次？"
    assert "每半年举办一次" in kb.answer(question).text
    assert kb.remove_document(forum.doc_id)
    for mode in ("hybrid", "bm25", "dense"):
        answer = kb.answer(question, mode=mode)
        assert "每半年举办一次" not in answer.text, mode
        assert all(s.doc_id != forum.doc_id for s in answer.sources), mode
        assert all(p.doc_id != forum.doc_id for p in kb.search(question, k=10, mode=mode)), mode
    assert "一个工作日内" in kb.answer("投诉受理后多久联系客户？").text


def test_the_registry_survives_a_restart_and_rebuilds_the_word_index(tmp_path: Path) -> None:
    kb = open_kb(tmp_path / "kb")
    report = kb.ingest_bytes("handbook.md", HANDBOOK.encode(), client_id=3)
    kb.close()
    kb = open_kb(tmp_path / "kb")
    try:
        [doc] = kb.documents()
        assert (doc.doc_id, doc.chunks, doc.client_id) == (report.doc_id, report.chunks, 3)
        assert (
            doc.ingested_at.tzinfo is not None and doc.ingested_at.utcoffset().total_seconds() == 0
        )
        assert kb.search("绿色通道", mode="bm25", allowed_client_ids=frozenset({3}))
        assert kb.ingest_bytes("handbook.md", HANDBOOK.encode(), client_id=3).status == "unchanged"
    finally:
        kb.close()


def test_vectors_missing_after_a_crash_are_embedded_again_at_open(tmp_path: Path) -> None:
    kb = open_kb(tmp_path / "kb")
    kb.ingest_bytes("handbook.md", HANDBOOK.encode())
    ids = sorted(kb._vectors.ids())
    kb._vectors.delete(ids[:2])
    kb._vectors.add(["orphan"], kb._embeddings.passages(["孤儿向量"]), [{"client_id": -1}])
    kb.close()
    kb = open_kb(tmp_path / "kb")
    try:
        assert sorted(kb._vectors.ids()) == ids
    finally:
        kb.close()


def test_a_knowledge_base_from_before_sentence_vectors_is_upgraded_at_open(
    tmp_path: Path,
) -> None:
    kb = open_kb(tmp_path / "kb")
    kb.ingest_bytes("handbook.md", HANDBOOK.encode())
    before = kb.answer("信誉评价较差的客户多久走访一次？")
    kb.close()
    # The registry as the first release wrote it: no vector columns at all.
    db = sqlite3.connect(tmp_path / "kb" / "registry.sqlite3")
    for column in ("vector", "units", "vectors_model"):
        db.execute(f"ALTER TABLE chunks DROP COLUMN {column}")
    db.commit()
    db.close()
    kb = open_kb(tmp_path / "kb")
    try:
        after = kb.answer("信誉评价较差的客户多久走访一次？")
        assert after.found and "每月" in after.text
        assert after.text == before.text
        assert len(kb.documents()) == 1
    finally:
        kb.close()
    db = sqlite3.connect(tmp_path / "kb" / "registry.sqlite3")
    missing = db.execute("SELECT count(*) FROM chunks WHERE units IS NULL").fetchone()[0]
    db.close()
    assert missing == 0  # embedded once at that open, not at every start


def _token_columns(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [row[0] for row in db.execute("SELECT tokens FROM chunks ORDER BY chunk_id")]
    finally:
        db.close()


def test_a_knowledge_base_cut_into_words_by_an_older_dictionary_is_cut_again_at_open(
    tmp_path: Path,
) -> None:
    kb = open_kb(tmp_path / "kb")
    kb.ingest_bytes("handbook.md", HANDBOOK.encode())
    kb.close()
    registry = tmp_path / "kb" / "registry.sqlite3"
    fresh = _token_columns(registry)
    # The word index as a release before versioned cutting wrote it, from a dictionary that
    # knew none of the handbook's words: no version mark, one junk word per chunk.
    db = sqlite3.connect(registry)
    db.execute("UPDATE chunks SET tokens = '旧词'")
    db.commit()
    db.close()
    kb = open_kb(tmp_path / "kb")
    try:
        [hit, *_] = kb.search("绿色通道", mode="bm25")
        assert "绿色通道" in hit.text
        assert not kb.search("旧词", mode="bm25")
    finally:
        kb.close()
    assert _token_columns(registry) == fresh  # stored, so the next open cuts nothing


def test_chunks_are_cut_again_when_the_dictionary_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import knowledge.base

    kb = open_kb(tmp_path / "kb")
    kb.ingest_bytes("handbook.md", HANDBOOK.encode())
    kb.close()
    # An administrator added a word to knowledge/lexicon/userdict.txt: the cutting's version moves.
    monkeypatch.setattr(knowledge.base, "tokens_version", lambda: "edited")
    kb = open_kb(tmp_path / "kb")
    try:
        assert kb.search("绿色通道", mode="bm25")
    finally:
        kb.close()
    columns = _token_columns(tmp_path / "kb" / "registry.sqlite3")
    assert columns and all(c.startswith("\x1eedited\x1f") for c in columns)
