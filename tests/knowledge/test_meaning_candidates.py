"""A manager's everyday words reach the rule written in the documents' words: the question is
searched with the documents' word for what it says (上报 → 报告, 坏了 → 故障 / 报修, 关键 → 要点),
and the chunk nearest a Chinese question by meaning is read for the quote even when its words
missed it (欠钱老不给 shares few words with 逾期, 催收)."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.text import query_groups


def group_of(question: str, word: str) -> tuple[str, ...]:
    return next(g for g in query_groups(question) if g[0] == word)


@pytest.mark.parametrize(
    ("question", "word", "documents_word"),
    [
        ("客户那边拍板的人换了，要做什么？", "拍板", "决策人"),
        ("重要客户出了问题要上报给谁？", "上报", "报告"),
        ("客户设备坏了，多久能到现场？", "坏了", "故障"),
        ("客户设备坏了，多久能到现场？", "坏了", "报修"),
        ("服务看不见摸不着，怎么办？", "摸不着", "无形"),
        ("客户喜欢自己动手，服务上怎么配合？", "自己动手", "自助"),
        ("做好大客户服务有哪几个关键？", "关键", "要点"),
    ],
)
def test_an_everyday_word_is_searched_with_the_word_the_documents_write(
    question: str, word: str, documents_word: str
) -> None:
    assert documents_word in group_of(question, word)


def test_internal_is_searched_as_within_the_company() -> None:
    # The dictionary's first translation was 国内 (domestic).
    assert "内部" in group_of("What internal mechanism should a power company set up?", "internal")


@pytest.mark.parametrize("question", ["客户欠钱老不给怎么办？", "客户欠钱不还找谁？"])
def test_the_rule_first_by_meaning_is_among_what_the_answer_reads(
    handbook: KnowledgeBase, question: str
) -> None:
    # Article 48 (逾期处理: 催收方案) is ranked first by meaning and far down by words; the fused
    # ranking put it behind chunks both lists rank in the middle, and no sentence of it was among
    # the three nearest the question.
    retrieval = handbook.retrieve(question, k=6)
    read = [*retrieval.passages, *retrieval.nearest]
    assert any("制定催收方案" in p.text for p in read), [p.text[:40] for p in read]
