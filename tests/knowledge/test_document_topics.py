"""A question naming an industry ("a telecom operator") is answered from the document about that
industry, whose sentences rarely repeat its name, not from a handbook that names the industry once
among those it covers."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.answering import select_sentences
from knowledge.types import Passage

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


def _idf(word: str) -> float:
    return 1.0


def test_the_english_handbook_is_about_what_its_chinese_version_is_about() -> None:
    # The Chinese handbook is about supervisors (主管 in most of its chunks): the question's
    # setting. Its English version is about that too, though its words are English: its rule on
    # supervisors' visits is not pushed behind an article's line as if it were off the topic.
    passages = [
        Passage("主管和客户经理都应定期走访客户。", "体会", "a.txt", None, None, 1.0, "art", "a1"),
        Passage(
            "Article 17 Supervisor visits. Supervisors visit every important and every strategic "
            "client of their team at least once a quarter.",
            "Handbook", "h.en.md", None, None, 1.0, "en", "e1",
        ),
        Passage("第二十九条 通知主管。 受理人应立即通知主管。", "手册", "h.zh.md", None, None,
                1.0, "zh", "z1"),
    ]  # fmt: skip
    groups = (("supervisors", "主管"), ("visit", "走访", "拜访"), ("clients", "客户"))
    picked = select_sentences(
        passages, groups, _idf, None, language="en", twins={"en": frozenset({"zh"}),
        "zh": frozenset({"en"})}, topics={"zh": frozenset({0})},
    )  # fmt: skip
    assert picked[0][1].text.startswith("Article 17 Supervisor visits.")
