"""A question about something the handbook never mentions (违约金, 交接, hand over) is refused even
though a near rule exists: quoting the definition of a key account for "违约金怎么算" is worse than
"nothing found". A paraphrase in a manager's own words is still answered."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.answerable import focus_words


@pytest.mark.parametrize(
    "question",
    [
        "大客户合同的违约金怎么算？",
        "客户经理离职时客户怎么交接？",
        "客户逾期不付款，要收多少滞纳金？",
        "How do I hand over my clients when I leave the company?",
    ],
)
def test_a_question_about_what_the_handbook_never_mentions_is_refused(
    handbook: KnowledgeBase, question: str
) -> None:
    answer = handbook.answer(question)
    assert not answer.found, answer.text


@pytest.mark.parametrize(
    "question",
    [
        "客户经理一个人最多能管多少家客户？",
        "大客户可以享受多少折扣？",
        "事情办砸了，客户经理要扣多少奖金？",
    ],
)
def test_a_how_many_question_needs_a_quote_stating_that_number(
    handbook: KnowledgeBase, question: str
) -> None:
    """The handbook has rules on managers' clients, discounts and mistakes, but no such number."""
    answer = handbook.answer(question)
    assert not answer.found, answer.text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 资讯 (Taiwan's word for 信息) and 县里 are not the handbook's words.
        ("客戶檔案資訊變了要多久內更新？", "5个工作日内更新"),
        ("县里的客户报了故障，我们的人最晚多久要到？", "4小时内到达现场"),
        ("客户连着两个月没交钱，我该做什么？", "连续2个月欠费"),
        ("信誉等级为优的客户多长时间至少走访一次？", "每6个月至少走访一次"),
    ],
)
def test_a_paraphrase_in_other_words_than_the_handbooks_is_still_answered(
    handbook: KnowledgeBase, question: str, expected: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found
    assert expected in answer.text


def test_question_words_and_spoken_nouns_are_not_what_is_asked_about() -> None:
    assert "违约金" in focus_words("大客户合同的违约金怎么算？")
    assert "交接" in focus_words("客户经理离职时客户怎么交接？")
    assert "意思" not in focus_words("通信企业的二八定律是什么意思？")
    assert "县里" not in focus_words("县里的客户报了故障？")
