"""A document and its translation in the knowledge base: they are recognised as one document in two
languages, and a rule both state is quoted in the asker's language only; no model is loaded here."""

from __future__ import annotations

import numpy as np

from knowledge.answering import select_sentences
from knowledge.retrieval import ChunkMeta, translations
from knowledge.text import query_groups
from knowledge.types import Passage

ZH = "投诉自受理之日起，应在以下时限内处理完毕：\n1. 低：10个工作日；\n4. 紧急：1个工作日。"
EN = "A complaint is resolved within:\n1. Low: 10 working days;\n4. Critical: 1 working day."
ARTICLE = "中油统销以后，成立了5个大区销售公司，集中力量发展大客户。"


def _rows(doc: str, texts: list[str]) -> list[ChunkMeta]:
    return [ChunkMeta(f"{doc}-{n}", doc, t, None, None) for n, t in enumerate(texts)]


def test_documents_stating_the_same_numbers_in_two_languages_are_translations() -> None:
    numbers = " ".join(str(n) for n in range(3, 40))
    rows = [
        *_rows("zh", [f"第{n}条，期限{n}天。" for n in range(3, 40)]),
        *_rows("en", [f"Article {n}: within {n} days." for n in range(3, 40)]),
        *_rows("article", [f"{numbers[:20]}个客户。"] * 3),
        *_rows("other-zh", [f"第{n}条，期限{n}天。" for n in range(3, 40)]),
    ]
    chinese = np.asarray([any("\u4e00" <= ch <= "\u9fff" for ch in r.text) for r in rows])
    twins = translations(rows, chinese)
    assert twins["zh"] == {"en"} and twins["other-zh"] == {"en"}
    assert twins["en"] == {"zh", "other-zh"}
    assert "article" not in twins  # too few numbers, and Chinese like the others


def _pick(
    question: str, language: str, twins: dict[str, frozenset[str]]
) -> tuple[list[str], list[str]]:
    passages = [
        Passage(ZH, "手册", "handbook.zh.md", None, None, 1.0, "zh", "zh-0"),
        Passage(EN, "Handbook", "handbook.en.md", None, None, 1.0, "en", "en-0"),
        Passage(ARTICLE, "文章", "article.txt", None, None, 1.0, "article", "a-0"),
    ]
    # Unit vectors: a row and its translation point nearly the same way, the Chinese one a little
    # further from an English question (e5's language gap, CROSS_LANGUAGE_OFFSET); the question is
    # nearest the critical row, then the low one, then the article.
    low, urgent, other = np.eye(3, dtype=np.float32)
    whole = (low + urgent) / np.sqrt(2)
    gap = np.asarray([0.0, 0.96, -0.28], np.float32)  # urgent, tilted away from the question
    vectors = [
        np.asarray([whole, low, gap], np.float16),
        np.asarray([whole, low, urgent], np.float16),
        np.asarray([other], np.float16),
    ]
    query = np.asarray([0.3, 0.95, 0.2], np.float32)
    picked = select_sentences(
        passages, query_groups(question), lambda w: 1.0, query, vectors, {}, language, twins
    )
    return [passages[rank].doc_id for rank, _ in picked], [u.text for _, u in picked]


def test_a_rule_stated_in_both_versions_is_quoted_in_the_askers_language_only() -> None:
    twins = {"zh": frozenset({"en"}), "en": frozenset({"zh"})}
    docs, texts = _pick("How soon must a critical complaint be resolved?", "en", twins)
    assert "en" in docs and "zh" not in docs
    assert any("4. Critical: 1 working day." in t for t in texts)
    docs, texts = _pick("紧急投诉多久要解决？", "zh", twins)
    assert "zh" in docs and "en" not in docs
    assert any("4. 紧急：1个工作日。" in t for t in texts)


def test_without_a_translation_both_languages_may_be_quoted() -> None:
    docs, _ = _pick("How soon must a critical complaint be resolved?", "en", {})
    assert {"en", "zh"} <= set(docs)
