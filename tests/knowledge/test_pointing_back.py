"""A sentence opening by pointing back at the one before it ("这一做法,…") is quoted after that
sentence, which is what it speaks of: e5 puts "这一做法,优化了资源,提升了客户质量。" nearer an English
question on the sales channel change than the sentence saying what was done, and it was quoted alone
first."""

from __future__ import annotations

import numpy as np

from knowledge.answering import select_sentences
from knowledge.text import query_groups
from knowledge.types import Passage

DONE = (
    "中油化工产品的销售以前采用的是分开独立销售的模式,中油统销实行,就是将客户先行集中,合并,"
    "并对一些信誉差的客户进行限期整改淘汰。"
)
POINTING_BACK = "这一做法,优化了资源,提升了客户质量。"
ALSO = "同时在这个过程中也淘汰了一些不忠诚客户。"
QUESTION = "How were clients managed when the sales channel changed?"


def _unit_vectors(*similarities: float) -> np.ndarray:
    """Unit vectors at these similarities to the question's vector [1, 0, …], each apart."""
    rows = np.zeros((len(similarities), len(similarities) + 1), np.float32)
    for n, s in enumerate(similarities):
        rows[n, 0] = s
        rows[n, n + 1] = np.sqrt(1 - s**2)
    return rows.astype(np.float16)


def _answer(text: str, vectors: np.ndarray) -> list[str]:
    passage = Passage(text, "客户管理的策略探析", "web.txt", None, None, 1.0, "d", "c1")
    query = np.zeros(vectors.shape[1], np.float32)
    query[0] = 1.0
    picked = select_sentences([passage], query_groups(QUESTION), lambda w: 1.0, query, [vectors],
                              {}, "en")  # fmt: skip
    return [unit.text for _, unit in picked]


def test_the_sentence_pointed_back_at_is_quoted_first_then_the_one_pointing_at_it() -> None:
    quoted = _answer(DONE + POINTING_BACK + ALSO, _unit_vectors(0.80, 0.88, 0.85))
    assert quoted[:2] == [DONE, POINTING_BACK], quoted


def test_a_sentence_adding_to_the_one_before_lends_it_nothing() -> None:
    # 同时 ("at the same time") adds a point of its own; it does not speak of the sentence before.
    quoted = _answer(DONE + ALSO, _unit_vectors(0.70, 0.88))
    assert quoted[0] == ALSO, quoted
