"""A question saying the account manager or the supervisor does something (客户经理离职了，他的客户
交给谁？) is answered by a rule where that role does it, not by one where somebody else does:
Article 45's "3. 关键决策人或技术负责人离职、调岗" is the client's people leaving, and is refused
rather than quoted. A rule where the role, or staff in general, does the action still answers."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.answer_units import Unit
from knowledge.answerable import lacks_asked_actor, role_actions

_CLIENT_PEOPLE_LEAVE = Unit(
    "3. 关键决策人或技术负责人离职、调岗；",
    intro="第四十五条 客户预警。 出现下列情况之一的，客户经理应发出客户预警并报告主管：",
)
_FIRST_RECEIVER = Unit(
    "第二十四条 首问负责制。 客户的投诉或服务请求，不论通过哪个渠道、由哪位员工首先接到，"
    "首先接到的员工就是首问责任人，负责登记、转办和跟踪，直到问题解决、回访结束；"
)
_RECORD = Unit("每次走访后，客户经理应在24小时内填写走访记录，内容包括：")


def test_the_role_and_what_it_does_are_read_from_the_question() -> None:
    assert role_actions("客户经理离职了，他的客户交给谁？") == [("客户经理", "离职")]
    # a modal before the verb is passed over; the role may be a longer word ending on it
    assert role_actions("大客户经理需要具备什么素质？") == [("客户经理", "具备")]
    assert role_actions("客户档案谁能看？") == []


def test_an_action_the_quote_says_of_someone_else_does_not_answer() -> None:
    assert lacks_asked_actor("客户经理离职了，他的客户交给谁？", [(0, _CLIENT_PEOPLE_LEAVE)])
    assert lacks_asked_actor("客户经理离职了客户交接要多长时间？", [(0, _CLIENT_PEOPLE_LEAVE)])


def test_an_action_the_quote_says_of_the_role_or_of_staff_answers() -> None:
    assert not lacks_asked_actor("客户经理要多久填写走访记录？", [(0, _RECORD)])
    assert not lacks_asked_actor("客户经理接到投诉首先必须做什么？", [(0, _FIRST_RECEIVER)])
    # the client's people leaving asked is what Article 45 says
    assert not lacks_asked_actor("客户的关键决策人离职了怎么办？", [(0, _CLIENT_PEOPLE_LEAVE)])


def test_the_managers_leaving_is_refused_on_the_handbook(handbook: KnowledgeBase) -> None:
    answer = handbook.answer("客户经理离职了，他的客户交给谁？")
    assert not answer.found, answer.text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("客户那边的关键决策人离职了，客户经理要做什么？", "客户预警"),
        ("客户经理发现客户欠费两个月了要怎么办？", "客户预警"),
    ],
)
def test_a_rule_the_role_acts_in_is_still_quoted(
    handbook: KnowledgeBase, question: str, expected: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found, answer.text
    assert expected in answer.text
