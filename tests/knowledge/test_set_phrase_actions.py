"""A set phrase the documents never use (jieba tags 送礼物 "l", not a verb) is what a question asks
about when it holds a noun of its own (礼物): 大客户过生日要送礼物吗？ was answered with the corpus's
"大客户不单是从销量来确定…", which says nothing of presents, because no check looked at 送礼物.
A question frame tagged the same way (哪几个, 说了算, 好不好) holds no noun and is passed over."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.answer_units import Unit
from knowledge.answerable import lacks_action, unknown_actions

_NOTHING_KNOWN = frozenset[str]().__contains__
_NOT_BY_SALES = Unit(
    "大客户不单是从销量来确定,而从多个方面来定,可以是给与本公司事实上存在大订单并至少有1~2年"
    "或更长期连续合约的,能带来相当大的销售额或具有较大的销售潜力;"
)


def test_a_set_phrase_with_a_noun_is_an_action_asked() -> None:
    assert "送礼物" in unknown_actions("大客户过生日要送礼物吗？", (), _NOTHING_KNOWN)
    assert lacks_action("大客户过生日要送礼物吗？", (), _NOTHING_KNOWN, [(0, _NOT_BY_SALES)])


@pytest.mark.parametrize(
    "question",
    ["满意度看哪几个方面？", "供电质量好不好，由谁说了算？", "首问负责制说白了是啥？"],
)
def test_a_question_frame_is_no_action(question: str) -> None:
    frames = {"哪几个", "好不好", "说了算", "说白了"}
    assert not frames & set(unknown_actions(question, (), _NOTHING_KNOWN))


# A control: the handbook alone refused it before too (the corpus sentence above answered it).
def test_a_present_on_a_clients_birthday_is_refused(handbook: KnowledgeBase) -> None:
    answer = handbook.answer("大客户过生日要送礼物吗？")
    assert not answer.found, answer.text
