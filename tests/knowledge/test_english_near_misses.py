"""An English question in the documents' own words a little under the no-answer gate is answered
when its quote opens with English text from the chunk its words rank first, holding enough of its
words (and passes the answer checks); not when a word of it is foreign to the documents, nor when
the quote says too few of its words or comes from another chunk."""

from __future__ import annotations

import numpy as np

from knowledge.answer_units import Unit
from knowledge.base import Quote, Retrieval, under_gate_answered
from knowledge.retrieval import DenseSignal, is_english_near_miss, is_relevant
from knowledge.types import Passage


def _signal(similarity: float, margin: float, *, known: bool = True) -> DenseSignal:
    return DenseSignal(similarity, False, similarity - margin, True, known)


def test_an_english_question_in_the_documents_words_just_under_the_gate_is_a_near_miss() -> None:
    # Who on a 1+1 team answers for the project result? (score 0.995 against 1.02)
    signal = _signal(0.832, 0.072, known=True)
    assert not is_relevant(signal, 0.56)
    assert is_english_near_miss(signal, 0.56)


def test_a_question_with_a_word_the_documents_never_use_is_no_english_near_miss() -> None:
    # How many vacation days do account managers get? (score 1.03, "vacation" unknown)
    assert not is_english_near_miss(_signal(0.89, 0.057, known=False), 0.55)
    # far under the gate, every word known (When is the company's annual party held?)
    assert not is_english_near_miss(_signal(0.824, 0.02), 0.46)
    # a Chinese question is weighed elsewhere
    assert not is_english_near_miss(DenseSignal(0.9, False, 0.85, False, True), 0.5)


def _passage(chunk_id: str) -> Passage:
    return Passage("", "Handbook", "handbook.en.md", None, None, 0.0, "doc", chunk_id)


_RULE = Unit(
    "Article 50 Division of work. The lead account manager answers for the project result;"
    " the assisting account manager supports the lead."
)
_CHINESE_RULE = Unit("第五十条 分工。 主办客户经理对项目结果负责，协办客户经理配合主办客户经理。")


def _under_gate(
    groups: tuple[tuple[str, ...], ...], unit: Unit, leading: str = "a"
) -> tuple[Retrieval, Quote]:
    # The quote opens in chunk "a"; `leading` is the chunk the question's words rank first.
    retrieval = Retrieval(
        [_passage("a")], False, np.zeros(1), groups, english_near=True, leading=leading
    )  # fmt: skip
    question = "Who on a 1+1 team answers for the project result?"
    return retrieval, Quote(question, retrieval.passages, [(0, unit)], [], {})


def _every_word(word: str) -> float:
    return 1.0


def test_an_english_near_miss_is_answered_by_an_english_quote_in_its_words() -> None:
    said = (("team",), ("answers",), ("project",), ("result",))
    assert under_gate_answered(*_under_gate(said, _RULE), _every_word)


def test_an_english_near_miss_quoting_few_of_its_words_or_chinese_text_stays_refused() -> None:
    unsaid = (("penalty",), ("tender",), ("documents",), ("project",))
    assert not under_gate_answered(*_under_gate(unsaid, _RULE), _every_word)
    said = (("team",), ("answers",), ("project",), ("result",))
    assert not under_gate_answered(*_under_gate(said, _CHINESE_RULE), _every_word)


def test_an_english_near_miss_quoted_from_another_chunk_than_its_words_first_stays_refused() -> (
    None
):
    # which clients renewed their contracts last year? (the credit rating's "last 12 months")
    said = (("team",), ("answers",), ("project",), ("result",))
    assert not under_gate_answered(*_under_gate(said, _RULE, leading="b"), _every_word)
