"""A question naming an industry ("a telecom operator") is answered from the document about that
industry, whose sentences rarely repeat its name, not from a handbook that names the industry once
among those it covers."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase

TELECOM = """# 移动公司大客户服务的体会

移动通信市场竞争日益激烈，大客户是通信企业收入的主要来源。
准确识别大客户，要看客户群体的规模、社会影响力和对移动业务的需求。
对重要大客户实行“一对一”客户经理服务，并定期组织大客户俱乐部活动。
"""


@pytest.fixture(scope="module")
def with_telecom_article(handbook: KnowledgeBase) -> KnowledgeBase:
    handbook.ingest_bytes("telecom-service.zh.txt", TELECOM.encode())
    return handbook


def test_an_english_question_naming_telecom_quotes_the_telecom_article(
    with_telecom_article: KnowledgeBase,
) -> None:
    answer = with_telecom_article.answer("How should a telecom operator identify its key accounts?")
    assert answer.found
    # Quoted from the article first; the handbook's scope line ("Key-account service in telecom,
    # power supply, ...") says telecom but not how to identify anyone.
    assert answer.sources[0].title == "telecom-service.zh"
    assert "准确识别大客户" in answer.text
    assert "Key-account service in telecom" not in answer.text


def test_a_question_naming_no_industry_is_still_answered_from_the_handbook(
    with_telecom_article: KnowledgeBase,
) -> None:
    answer = with_telecom_article.answer("How often must a poor-credit client be visited?")
    assert answer.found
    assert "clients rated poor: at least once a month" in answer.text
    assert "移动" not in answer.text
