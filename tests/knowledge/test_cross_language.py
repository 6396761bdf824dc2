"""Across languages by meaning: an English question about Chinese text is answered from the Chinese
sentence even when English text on the same topic ranks first by raw similarity; the gate still
refuses an English question the documents do not answer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from knowledge import KnowledgeBase
from knowledge.retrieval import DenseSignal, is_relevant
from tests.knowledge.conftest import open_kb

ENGLISH = """# Key-Account Service Handbook

Account managers visit every key account at least once a quarter.
Every key account has a dedicated account manager and a client file.
Key accounts use the green channel for orders, fault reports and complaints.
The supervisor reviews the client files of key accounts every month.
Complaints from key accounts are resolved within three working days.
"""

CHINESE = """# 化工销售的经验

销售公司为大客户开通了24小时技术服务热线，由工程师轮流值班解答工艺问题。
每年召开一次大客户座谈会，听取客户对产品质量的意见。
"""


@pytest.fixture(scope="module")
def bilingual_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    base = open_kb(tmp_path_factory.mktemp("bilingual") / "kb")
    base.ingest_bytes("handbook.en.md", ENGLISH.encode())
    base.ingest_bytes("chemicals.zh.md", CHINESE.encode())
    try:
        yield base
    finally:
        base.close()


def test_an_english_question_about_a_chinese_only_fact_quotes_the_chinese_sentence(
    bilingual_kb: KnowledgeBase,
) -> None:
    answer = bilingual_kb.answer(
        "What technical service hotline did the sales company open for key accounts?"
    )
    assert answer.found
    first_quote = answer.text.splitlines()[1]
    assert "24小时技术服务热线" in first_quote
    assert answer.sources[0].title == "化工销售的经验"


def test_a_chinese_question_is_answered_from_chinese_text(bilingual_kb: KnowledgeBase) -> None:
    answer = bilingual_kb.answer("大客户座谈会多久开一次？")
    assert answer.found
    assert "每年召开一次大客户座谈会" in answer.text.splitlines()[1]


def test_an_english_question_the_documents_do_not_answer_is_refused(
    bilingual_kb: KnowledgeBase,
) -> None:
    answer = bilingual_kb.answer(
        "How many days of paid parental leave does an account manager get?"
    )
    assert not answer.found
    assert answer.sources == ()


def test_the_word_overlap_path_of_the_gate_allows_for_the_language_gap() -> None:
    # e5 scores a Chinese sentence lower for an English question of the same meaning: a question
    # sharing most of its words with the Chinese text (through the glossary) passes at a
    # similarity that would be too low within one language.
    assert is_relevant(DenseSignal(0.768, True, 0.722), 0.9)
    assert not is_relevant(DenseSignal(0.768, False, 0.722), 0.9)
    assert not is_relevant(DenseSignal(0.768, True, 0.722), 0.4)


def test_an_english_question_sharing_only_the_topic_with_chinese_text_is_refused(
    bilingual_kb: KnowledgeBase,
) -> None:
    # The chemicals article is about chemical products, but says nothing of a warranty.
    answer = bilingual_kb.answer("How long is the warranty on the chemical products?")
    assert not answer.found, answer.text


@pytest.mark.xfail(
    strict=True,
    reason="issue 14 asks for Chinese questions about English text too; a Chinese question weighs "
    "English sentences only when no Chinese sentence is near it (retrieval.CHINESE_NEAR; "
    "test_chinese_on_english_text), and here the chemicals article's hotline sentence is at 0.90 "
    "while the English rule is at 0.81, 0.03 over the background: the question is held to the "
    "Chinese text, which does not answer it",
)
def test_a_chinese_question_about_an_english_only_rule_is_answered(
    bilingual_kb: KnowledgeBase,
) -> None:
    # The supervisor's monthly review of client files is written in English only.
    answer = bilingual_kb.answer("主管多久检查一次大客户的客户档案？")
    assert answer.found, answer.text
    assert "every month" in answer.text
