"""English questions about Chinese articles beside the bilingual handbook: the article that is about
the setting the question names (a telecom operator, a power utility) answers before the handbook's
general English lines; a how-question whose verb says nothing (get, make) is still answered; and
the glossary takes a manager's English word (expect) to the article's (期望)."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase

TELECOM = """# 移动通信大客户服务营销策略

一、认识大客户的价值
大客户消费是企业业务收入的主体，集中体现是“二八定律”，即企业业务收入的80%来自于20%的大客户。
从国内通信企业的实际情况来看，由于经济收入和消费水平的影响，距离“二八定律”还有一定差距。
二、准确识别大客户
决定客户类别的因素主要有五个方面：客户群体的数量、客户群体的社会影响力、客户群体的经济收入、客户群体对移动通信业务的需求情况以及客户群体的扩充与发展能力。
三、完善大客户服务渠道
目前，我们主要通过新业务演示、现场办理新业务、“流动服务车”现场演示等措施，有效地宣传新业务。
四、加强大客户经理队伍建设
大客户期望大客户经理具有一定的权威性，能快速解决客户的实际问题。
大客户经理、主管及企业高层领导应定期或不定期走访客户，与客户建立长期合作伙伴关系。
"""


@pytest.fixture(scope="module")
def with_article(handbook: KnowledgeBase) -> KnowledgeBase:
    handbook.ingest_bytes("mobile-key-accounts.zh.txt", TELECOM.encode())
    return handbook


def test_a_question_naming_the_telecom_operator_quotes_the_telecom_article_first(
    with_article: KnowledgeBase,
) -> None:
    answer = with_article.answer(
        "What decides which customers a telecom operator treats as key accounts?"
    )
    assert answer.found
    # The article's five factors lead; the handbook's own five factors, a general rule that is
    # nearer the English question in meaning, may follow.
    assert "决定客户类别的因素" in answer.quotes[0]


def test_a_how_question_with_the_verb_get_is_answered(with_article: KnowledgeBase) -> None:
    answer = with_article.answer("How do we get new services in front of key accounts?")
    assert answer.found
    assert "新业务演示" in answer.text


def test_what_key_accounts_expect_is_answered_by_the_sentence_on_their_expectations(
    with_article: KnowledgeBase,
) -> None:
    answer = with_article.answer("What do key accounts expect from their account manager?")
    assert answer.found
    # Not the handbook's "expected annual contract value of 5 million yuan" for a 1+1 project.
    assert "大客户期望大客户经理具有一定的权威性" in answer.quotes[0]
