"""A question asking a number no narrower check knows the kind of (多少课时, 几点) is not answered
by a rule stating no figure at all: "需要通过定期加强业务培训" does not say how many hours of
training, "一律走绿色通道" not what hours the green channel keeps. A rule stating any figure, or
that nothing is charged, is left to the other checks; a time asked is the time check's."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.answer_units import Unit
from knowledge.answerable import lacks_any_figure

_TRAINING = Unit(
    "当然,这些技能不是一下能达到的,需要通过定期加强业务培训和业务练兵,以此提高大客户经理的综合素质。"
)
_GREEN_CHANNEL = Unit(
    "第三十八条 绿色通道。 大客户办理业务、报修和投诉，一律走绿色通道：优先受理、优先派单、优先处理，不排队等候。"
)
_ALL_AT_ONCE = Unit(
    "第二十六条 一次性告知。 需要客户提供资料或配合办理的，应一次性告知客户全部所需材料和办理要求。"
)
_NO_DEPOSIT = Unit("1. Clients rated good: may be served first and billed later, pay no deposit.")
_REMEDY = Unit("补救方案应在该投诉的处理时限内提出。")


def test_a_rule_stating_no_figure_does_not_answer_a_number_asked() -> None:
    assert lacks_any_figure("客户经理每年的业务培训要上够多少课时？", [(0, _TRAINING)])
    # the article's number and an item's label are no figure of what was asked
    assert lacks_any_figure("大客户绿色通道每天几点开到几点？", [(0, _GREEN_CHANNEL)])


def test_a_figure_or_nothing_charged_is_left_to_the_other_checks() -> None:
    assert not lacks_any_figure("让客户补材料，能不能分几次跟他说？", [(0, _ALL_AT_ONCE)])
    assert not lacks_any_figure("How much deposit do clients rated good pay?", [(0, _NO_DEPOSIT)])
    # a time asked: "处理时限内" may name it, the time check decides
    assert not lacks_any_figure("补救方案要在几天内提出？", [(0, _REMEDY)])


def test_the_green_channel_s_hours_are_refused(handbook: KnowledgeBase) -> None:
    answer = handbook.answer("大客户绿色通道每天几点开到几点？")
    assert not answer.found, answer.text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("客户要补的材料应该分几次告诉他？", "一次性告知"),
        ("绿色通道是怎么回事？", "优先受理"),
    ],
)
def test_the_handbook_still_answers_its_figures(
    handbook: KnowledgeBase, question: str, expected: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found, question
    assert expected in answer.text
