"""A question about a particular thing the handbook names only in passing (试用期, 合同, 培训, 续约)
is refused when the quote is a rule about something else sharing the question's frame (到期, 多久,
几次): a wrong rule quoted is worse than "nothing found". A question whose quote names the thing
asked is still answered."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.answerable import answers_question
from knowledge.answering import Unit
from knowledge.lexical import BM25Index
from knowledge.text import normalize, query_groups, words


@pytest.mark.parametrize(
    "question",
    [
        "客户经理的试用期是多长时间？",
        "大客户可以申请延期付款几次？",
    ],
)
def test_a_question_about_a_thing_no_quote_names_is_refused(
    handbook: KnowledgeBase, question: str
) -> None:
    answer = handbook.answer(question)
    assert not answer.found, answer.text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("信誉好的客户续约时有什么优惠？", "续约时可争取更优惠的价格"),
        ("客户在微信上咨询，多久要回复？", "30分钟内响应"),
        ("客户欠费连续几个月要发预警？", "连续2个月欠费"),
    ],
)
def test_a_neighbour_whose_quote_names_the_thing_asked_is_answered(
    handbook: KnowledgeBase, question: str, expected: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found
    assert expected in answer.text


# A knowledge base of 100 chunks: the visit rules, the renewal line once, filler on other topics.
_CHUNKS = [
    "第二十条 到期提醒。系统在客户走访到期前7天向客户经理发出提醒。",
    "信誉等级为优的客户，续约时可争取更优惠的价格。",
    *(f"第{n}条 客户经理按信誉等级走访客户，记录走访内容。" for n in range(30)),
    *(f"第{n}条 投诉受理后应在时限内处理完毕并回访客户。" for n in range(68)),
]


def _ask(question: str, *quotes: str) -> bool:
    index = BM25Index(words(normalize(c)) for c in _CHUNKS)
    picked = [(0, Unit(q)) for q in quotes]
    groups = query_groups(question)
    return answers_question(
        question, groups, index.vocabulary.__contains__, picked, index.chunk_share
    )


def test_a_lead_quote_chosen_for_another_rare_word_of_the_question_does_not_answer() -> None:
    """到期 brought the visit reminder first; 续约 is named only by a later, unrelated quote."""
    assert not _ask("续约要在到期前多久开始谈？", _CHUNKS[0], _CHUNKS[1])
    assert _ask("信誉好的客户续约时有什么优惠？", _CHUNKS[1])
    assert _ask("客户走访到期前几天会提醒？", _CHUNKS[0])
