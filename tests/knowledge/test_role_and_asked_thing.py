"""A question naming the account manager or the supervisor asks what that person gets, may do or
must do: the sentence saying who the role is ("客户经理是所辖客户的唯一对口联系人", "2. Account
manager: an employee…") does not answer it, and is refused rather than quoted. An English question
plainly asking for a thing ("Do account managers get a company car?", "Who approves … travel
expenses?") is refused when no quote says that thing, and a change of manager asked ("客户要求换一个
客户经理") when no quote speaks of a change. A question asking who the role is, or one the quote
answers in the thing's own words, is still answered."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.answer_units import Unit
from knowledge.answerable import (
    english_asked_thing,
    lacks_asked_change,
    lacks_english_thing,
    only_says_who,
)


@pytest.mark.parametrize(
    "question",
    [
        "客户经理能不能在外面兼职？",
        "Do account managers get a company car?",
        "Who approves a key account manager's travel expenses?",
        "Can account managers accept gift cards from clients?",
    ],
)
def test_a_question_the_role_definition_or_a_rule_near_it_does_not_answer_is_refused(
    handbook: KnowledgeBase, question: str
) -> None:
    answer = handbook.answer(question)
    assert not answer.found, answer.text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("客户经理是指什么人？", "专职负责一组大客户的员工"),
        ("Do key accounts get priority when they report a fault?", "green channel"),
        ("客户档案谁能看？", "客户经理查看本人所辖客户"),
    ],
)
def test_a_question_the_quote_answers_is_still_answered(
    handbook: KnowledgeBase, question: str, expected: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found
    assert expected in answer.text


_WHO_ZH = Unit(
    "客户经理是所辖客户的唯一对口联系人，客户提出的需求由客户经理牵头办理，全程跟踪，直至办结。"
)
_WHO_EN = Unit(
    "2. Account manager: an employee authorised by the company to look after a set of key"
    " accounts full time.",
    "Article 6 Terms.",
)


def test_the_sentence_saying_who_a_role_is_answers_only_who_that_is() -> None:
    assert only_says_who("客户要求换一个客户经理，应该怎么办理？", [(0, _WHO_ZH)])
    assert only_says_who("Do account managers get a company car?", [(0, _WHO_EN)])
    # asked what the role is: the definition answers it
    assert not only_says_who("客户经理是什么意思？", [(0, _WHO_ZH)])
    assert not only_says_who("What does account manager mean?", [(0, _WHO_EN)])
    # the role's definition quoted after the rule asked is no matter
    rule = Unit("第四十六条 档案保密。 客户经理查看本人所辖客户，主管查看本团队客户。")
    assert not only_says_who("客户经理能看哪些客户的档案？", [(0, rule), (1, _WHO_ZH)])


def test_the_thing_an_english_question_plainly_asks_for() -> None:
    assert english_asked_thing("Do account managers get a company car?") == "car"
    assert english_asked_thing("Can account managers accept gift cards from clients?") == "cards"
    assert english_asked_thing("Who approves a key account manager's travel expenses?") == (
        "expenses"
    )
    assert english_asked_thing("Who pays for lunch when a manager visits a client?") == "lunch"
    assert english_asked_thing("What happens if a complaint is late?") == ""
    record = Unit(
        "Article 22 Contents. After every visit the account manager fills in a visit record."
    )
    assert lacks_english_thing("Do account managers get a company car?", [(0, record)])
    discount = Unit("1. Clients rated good: renewals may get a better discount.")
    assert not lacks_english_thing("Does a client rated good get a discount?", [(0, discount)])


def test_a_change_of_manager_asked_needs_a_rule_speaking_of_a_change() -> None:
    escalation = Unit("第三十条 超时升级。 投诉临近处理时限仍未解决的，客户经理应提前向主管报告。")
    handover = Unit(
        "第五十一条 转为常态服务。 项目签约并稳定运行满3个月后，经主管同意，改由一名客户经理服务。"
    )
    assert lacks_asked_change("客户要求换一个客户经理，该怎么处理？", [(0, escalation)])
    assert lacks_asked_change(
        "Can a client ask for a different account manager?", [(0, escalation)]
    )
    assert not lacks_asked_change("客户要求换客户经理怎么办？", [(0, handover)])
    # the client's own people changing is not a change of our manager asked
    assert not lacks_asked_change("客户那边拍板的人换了，我要做啥？", [(0, escalation)])


@pytest.mark.parametrize(
    "question",
    ["客户要求换一个客户经理，该怎么处理？", "Can a client ask for a different account manager?"],
)
def test_a_change_of_manager_the_handbook_has_no_rule_for_is_refused(
    handbook: KnowledgeBase, question: str
) -> None:
    answer = handbook.answer(question)
    assert not answer.found, answer.text
