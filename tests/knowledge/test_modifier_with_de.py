"""A rare noun modifying another through 的 ("专门的快速通道") names the setting of the thing asked
about, as one modifying the next noun directly does (化工 of 化工销售): the green-channel rule is not
refused for not saying 专门. The thing itself (the head, 试用期 of 客户经理的试用期) must still be
quoted."""

from __future__ import annotations

from knowledge.answer_units import Unit
from knowledge.answerable import lacks_specific_word
from knowledge.text import words

GREEN_CHANNEL = Unit(
    "第三十八条 绿色通道。 大客户办理业务、报修和投诉，一律走绿色通道：优先受理、优先派单、"
    "优先处理，不排队等候。"
)
THREE_MONTHS = Unit(
    "第五十一条 转为常态服务。 项目签约并稳定运行满3个月后，经主管同意，改由一名客户经理服务。"
)
SHARES = {"专门": 0.04, "试用期": 0.01, "试用": 0.01, "大客户": 0.48, "客户经理": 0.2}


def _groups(question: str) -> list[list[str]]:
    return [[w] for w in words(question)]


def test_a_special_channel_is_the_green_channel() -> None:
    question = "大客户办事有没有专门的快速通道？"
    assert not lacks_specific_word(
        question, _groups(question), lambda w: SHARES.get(w, 0.0), [(0, GREEN_CHANNEL)]
    )


def test_the_head_noun_after_de_must_still_be_quoted() -> None:
    question = "客户经理的试用期是多长时间？"
    assert lacks_specific_word(
        question, _groups(question), lambda w: SHARES.get(w, 0.0), [(0, THREE_MONTHS)]
    )
