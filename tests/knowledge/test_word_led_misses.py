"""A Chinese question a little under the no-answer gate is answered when its words and its quote
agree (the quote opens in the chunk its words rank first and passes the answer checks), and stays
refused when the quote comes from elsewhere."""

from __future__ import annotations

import numpy as np

from knowledge import KnowledgeBase
from knowledge.answer_units import Unit
from knowledge.base import Quote, Retrieval, under_gate_answered
from knowledge.retrieval import DenseSignal, is_near_miss, is_relevant, is_word_led_miss
from knowledge.types import Passage


def _signal(similarity: float, margin: float, *, english: bool = False) -> DenseSignal:
    return DenseSignal(similarity, False, similarity - margin, english_question=english)


def test_a_chinese_question_under_the_near_miss_margin_can_still_be_word_led() -> None:
    # 同一类问题反复出现怎么办？: as near the weather as a near miss may be, nearly.
    signal = _signal(0.889, 0.0346)
    assert not is_relevant(signal, 0.57)
    assert not is_near_miss(signal, 0.57)
    assert is_word_led_miss(signal, 0.57)


def test_a_question_as_near_the_background_as_the_rules_is_not_word_led() -> None:
    assert not is_word_led_miss(_signal(0.904, 0.009), 0.37)  # 客户经理一年有几天年假？
    assert not is_word_led_miss(_signal(0.860, 0.045), 0.5)  # far from every sentence
    assert not is_word_led_miss(_signal(0.889, 0.036), 0.30)  # few of its words anywhere
    assert not is_word_led_miss(_signal(0.889, 0.045, english=True), 0.5)


def _passage(chunk_id: str) -> Passage:
    return Passage("", "手册", "handbook.md", None, None, 0.0, "doc", chunk_id)


_RULE = Unit("同一类问题在3个月内发生3次及以上的，主管应组织相关部门复盘。")


def _under_gate(
    groups: tuple[tuple[str, ...], ...], quoted_from: str, *, near: bool = False
) -> tuple[Retrieval, Quote]:
    # The chunk "a" holds the question's words best by BM25.
    retrieval = Retrieval(
        [_passage("a"), _passage("b")], False, np.zeros(1), groups,
        near=near, word_led=True, leading="a",
    )  # fmt: skip
    picked = [(0 if quoted_from == "a" else 1, _RULE)]
    return retrieval, Quote("同一类问题反复出现怎么办？", retrieval.passages, picked, [], {})


_SAID = (("问题",), ("复盘",), ("反复",))  # two of three words in the rule
_UNSAID = (("问题",), ("补救",), ("反复",), ("之后",))  # one of four


def _every_word(word: str) -> float:
    return 1.0


def test_a_word_led_miss_is_answered_only_from_the_chunk_its_words_rank_first() -> None:
    assert under_gate_answered(*_under_gate(_SAID, "a"), _every_word)
    assert not under_gate_answered(*_under_gate(_SAID, "b"), _every_word)


def test_a_quote_saying_few_of_the_question_words_answers_no_question_under_the_gate() -> None:
    assert not under_gate_answered(*_under_gate(_UNSAID, "a"), _every_word)
    assert not under_gate_answered(*_under_gate(_UNSAID, "a", near=True), _every_word)
    # A near miss, nearer the rules, needs no agreement of its words' first chunk.
    assert under_gate_answered(*_under_gate(_SAID, "b", near=True), _every_word)


def test_a_question_a_little_under_the_gate_is_answered_when_words_and_quote_agree(
    handbook: KnowledgeBase,
) -> None:
    answer = handbook.answer("同一类问题反复出现怎么办？")
    assert answer.found, answer.text
    assert "主管应组织相关部门复盘" in answer.quotes[0]


def test_a_question_a_little_under_the_gate_on_what_the_handbook_never_says_stays_refused(
    handbook: KnowledgeBase,
) -> None:
    assert not handbook.answer("客户生日要不要送礼物？").found
