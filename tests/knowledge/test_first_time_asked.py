"""A question about a first time (新客户第一次拜访, 头一回打电话来投诉, the first contact) is answered
by a rule about a first one (首次联系, 首问负责制), not by the rule for every time: "每次走访后…24小时
内填写走访记录" does not say how soon a new client's first visit is made, and is refused."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.answer_units import Unit
from knowledge.answerable import lacks_asked_first

_EVERY_VISIT = Unit(
    "第二十二条 记录内容。 每次走访后，客户经理应在24小时内填写走访记录，内容包括："
)
_FIRST_CONTACT = Unit(
    "第二十五条 首次联系。 受理投诉后，首问责任人或客户经理应在1个工作日内与客户取得联系，核实问题；"
)


def test_a_rule_for_every_time_does_not_answer_a_first_time() -> None:
    assert lacks_asked_first("新客户第一次拜访要在多久内完成？", [(0, _EVERY_VISIT)])
    assert lacks_asked_first(
        "How soon is the first visit to a new client made?", [(0, _EVERY_VISIT)]
    )


def test_a_rule_about_a_first_one_answers_it() -> None:
    assert not lacks_asked_first(
        "接了投诉以后，第一次联系客户最晚拖到啥时候？", [(0, _FIRST_CONTACT)]
    )
    # a question asking no first time is not this check's
    assert not lacks_asked_first("走访记录要在多长时间内填好？", [(0, _EVERY_VISIT)])


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("客户投诉了，最晚什么时候要第一次联系客户？", "1个工作日内"),
        ("客户头一回打电话来投诉，谁得负责到底？", "首问责任人"),
    ],
)
def test_first_times_the_handbook_rules_on_are_answered(
    handbook: KnowledgeBase, question: str, expected: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found
    assert expected in answer.text


def test_a_first_visit_the_handbook_sets_no_time_for_is_refused(handbook: KnowledgeBase) -> None:
    answer = handbook.answer("新客户第一次拜访要在多久内完成？")
    assert not answer.found, answer.text
