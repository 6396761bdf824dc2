"""English questions about Chinese text, chosen by meaning: the sentence that answers is quoted
before one that only shares the question's translated words, and the glossary translates a plural
("account managers") like its singular."""

from __future__ import annotations

import numpy as np

from knowledge.answering import select_sentences
from knowledge.text import query_groups
from knowledge.types import Passage


def _two_sentences(language: str) -> str:
    """Which of two Chinese sentences is quoted first: the first shares every word of "the technical
    service department ... customers" (translated), the second is about the department's work and
    is the nearer in meaning (the question's vector and the units' vectors are given)."""
    text = "对客户的服务不应局限于市场营销服务部门，还应结合技术等后台部门。公司成立了专门的技术服务部，进行技术指导和跟踪指导。"
    passage = Passage(text, "移动公司", "mobile.zh.md", None, None, 1.0, "d", "c")
    groups = (
        ("technical", "技术"),
        ("service", "服务"),
        ("department", "部门"),
        ("customers", "客户"),
    )
    question = np.asarray([1.0, 0.0], dtype=np.float32)
    # Cosine 0.80 and 0.92 with the question: as far apart as e5 puts them.
    units = np.asarray([[0.80, 0.60], [0.92, 0.39]], dtype=np.float16)
    picked = select_sentences(
        [passage], groups, lambda _: 1.0, question, [units], language=language
    )
    return picked[0][1].text


def test_an_english_question_quotes_the_sentence_it_means_before_one_sharing_its_words() -> None:
    # Translated words meet Chinese text in every sense (服务, 部门 are everywhere): for an English
    # question the meaning counts more than sharing all of them.
    assert "技术指导" in _two_sentences("en")
    # A Chinese question's own words sharing all of it are still the stronger evidence.
    assert "后台部门" in _two_sentences("zh")


def test_a_plural_english_word_is_translated_like_its_singular() -> None:
    groups = {g[0]: g for g in query_groups("How are account managers trained?")}
    assert "客户经理" in groups["managers"]
    # A plural with a glossary line of its own keeps it: goods is not the good credit rating.
    goods = {g[0]: g for g in query_groups("How are goods delivered?")}["goods"]
    assert "货物" in goods and "优质" not in goods
