"""English questions in a manager's everyday words at the no-answer gate: a word the glossary
translates ("cover", "hard", "top", "right away") or a word that says nothing ("themselves") does
not count as something the documents never mention, so the question meets the lower bar of one
about what they cover and is answered; a question naming what they never mention (a probation
period, a data center) is still refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import KnowledgeBase
from knowledge.dictionary import foreign_english_words
from knowledge.text import normalize, query_groups, words

TELECOM = """# 移动通信大客户服务营销策略

一、认识大客户的价值
大客户消费是企业业务收入的主体，集中体现是“二八定律”，即企业业务收入的80%来自于20%的大客户（或高端客户）。
从国内通信企业的实际情况来看，由于经济收入和消费水平的影响，距离“二八定律”还有一定差距。
二、服务质量
由于服务的无形性，服务质量难以衡量，质量的高低还与服务接受者的心情、偏好等有关。
"""

SAMPLES = Path(__file__).resolve().parents[2] / "knowledge" / "samples"


def _foreign(question: str) -> list[str]:
    """The question's words that neither the sample handbooks (zh, en) nor the article use."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.md"))]
    known = {w for t in [*texts, TELECOM] for w in words(normalize(t))}
    return foreign_english_words(query_groups(question), known)


def test_a_managers_everyday_words_are_not_foreign_to_the_documents() -> None:
    assert _foreign("Which clients does this handbook cover?") == []
    assert _foreign("What must I do right away with a critical complaint?") == []
    assert _foreign("What share of revenue comes from the top customers?") == []
    assert _foreign("Why is service quality hard to judge?") == []
    assert _foreign("Should supervisors visit strategic accounts themselves?") == []


def test_what_the_documents_never_mention_stays_foreign() -> None:
    assert _foreign("How long is the probation period for a new account manager?") == ["probation"]
    assert _foreign("Can I accept a gift from a client?") == ["gift"]
    assert _foreign("How many days of annual leave does an account manager get?") == ["leave"]


@pytest.fixture(scope="module")
def with_article(handbook: KnowledgeBase) -> KnowledgeBase:
    handbook.ingest_bytes("mobile-key-accounts.zh.txt", TELECOM.encode())
    return handbook


def test_which_clients_the_handbook_covers_is_answered_by_its_scope(
    with_article: KnowledgeBase,
) -> None:
    answer = with_article.answer("Which clients does this handbook cover?")
    assert answer.found, answer.text
    assert "Article 5 Scope" in answer.text or "第五条" in answer.text, answer.text


def test_the_share_of_revenue_from_top_customers_is_answered_by_the_80_20_rule(
    with_article: KnowledgeBase,
) -> None:
    answer = with_article.answer("What share of revenue comes from the top customers?")
    assert answer.found, answer.text
    assert "80%" in answer.text, answer.text


@pytest.mark.parametrize(
    "question",
    [
        "How long is the probation period for a new account manager?",
        "Can a client visit our data center?",
        "Can I give a client a gift worth more than 500 yuan?",
    ],
)
def test_an_english_question_the_documents_do_not_answer_is_refused(
    with_article: KnowledgeBase, question: str
) -> None:
    answer = with_article.answer(question)
    assert not answer.found, answer.text
