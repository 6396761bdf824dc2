"""English questions a manager types, about a Chinese handbook: everyday words ("close a complaint",
"big customers", "doesn't pay") reach the Chinese rule through the glossary, the answer's frame is
English, and a question the handbook does not answer is still refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge import KnowledgeBase
from knowledge.text import query_groups
from tests.knowledge.conftest import open_kb

HANDBOOK_ZH = (
    Path(__file__).resolve().parents[2] / "knowledge" / "samples" / "service-policy-handbook.zh.md"
)


@pytest.fixture(scope="module")
def chinese_handbook(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    """The Chinese handbook alone: no English version to answer from."""
    base = open_kb(tmp_path_factory.mktemp("zh-handbook") / "kb")
    base.ingest_file(HANDBOOK_ZH)
    try:
        yield base
    finally:
        base.close()


def _group(question: str, word: str) -> tuple[str, ...]:
    return {g[0]: g for g in query_groups(question)}[word]


def test_a_managers_everyday_words_are_translated_as_the_domain_terms() -> None:
    assert "大客户" in _group("What kinds of big customers do we have?", "big")
    assert "处理完毕" in _group("How long do we have to close a complaint?", "close")
    assert "缴费" in _group("what if a customer does not pay", "pay")
    assert "技术服务" in _group("how does tech support help customers", "tech")
    assert "响应" in _group("How fast should we respond?", "respond")


def test_closing_a_complaint_is_answered_by_the_chinese_deadlines(
    chinese_handbook: KnowledgeBase,
) -> None:
    answer = chinese_handbook.answer("How long do we have to close a complaint?")
    assert answer.found, answer.text
    assert "以下时限内处理完毕" in answer.text or "紧急：1个工作日" in answer.text, answer.text
    assert answer.text.startswith("From the documents"), answer.text


def test_a_customer_who_does_not_pay_is_answered_by_the_late_payment_rule(
    chinese_handbook: KnowledgeBase,
) -> None:
    answer = chinese_handbook.answer("what happens if a customer doesn't pay for 3 months")
    assert answer.found, answer.text
    assert "逾期超过30天" in answer.text or "连续2个月欠费" in answer.text, answer.text


def test_an_english_question_the_handbook_does_not_answer_is_refused(
    chinese_handbook: KnowledgeBase,
) -> None:
    for question in (
        "What's the bonus for an account manager who hits target?",
        "how many days of annual leave do account managers get",
    ):
        assert not chinese_handbook.answer(question).found, question
