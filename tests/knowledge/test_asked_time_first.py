"""A question asking how soon, how many days or how much is answered with the quoted rule that
states it first: "中等严重的投诉要几天解决？" opens with "中：5个工作日", not with the severity row that
shares more of its words and is quoted beside it. No model is loaded here."""

from __future__ import annotations

import pytest

from knowledge.answer_units import Unit
from knowledge.answerable import states_asked
from knowledge.answering import select_sentences
from knowledge.lexicon import lexicon
from knowledge.text import normalize, query_groups
from knowledge.types import Passage

SEVERITY = (
    "第二十七条 严重程度。 投诉按严重程度分为低、中、高、紧急四级：\n"
    "1. 低：咨询、建议，或对客户业务没有影响的问题；\n2. 中：影响客户部分业务；\n"
    "3. 高：影响客户主要业务；\n4. 紧急：造成客户生产中断。"
)
DEADLINES = (
    "第二十八条 处理时限。 投诉自受理之日起，应在以下时限内处理完毕：\n"
    "1. 低：10个工作日；\n2. 中：5个工作日；\n3. 高：3个工作日；\n4. 紧急：1个工作日。"
)


def _quoted(question: str) -> list[str]:
    passages = [
        Passage(text, "手册", "手册.md", None, None, 1.0, "d", f"c{n}")
        for n, text in enumerate((SEVERITY, DEADLINES))
    ]
    norm = normalize(question)
    picked = select_sentences(
        passages, query_groups(question), lambda word: 1.0, None, (), lexicon().asked(norm),
        kinds=lexicon().kinds_asked(norm), states_asked=states_asked(question),
    )  # fmt: skip
    return [unit.text for _, unit in picked]


def test_a_unit_stating_the_time_asked_is_told_from_one_that_does_not() -> None:
    states = states_asked("紧急投诉多久要解决？")
    assert states is not None
    assert states(Unit("4. 紧急：1个工作日。", intro="投诉自受理之日起，应在以下时限内处理完毕："))
    assert not states(Unit("紧急投诉还须同时报告分管领导。"))


def test_a_question_asking_no_time_count_or_sum_asks_nothing_stated() -> None:
    assert states_asked("客户经理的职责有哪些？") is None


@pytest.mark.parametrize(
    ("question", "stated"),
    [
        ("中等严重的投诉要几天解决？", "2. 中：5个工作日；"),
        ("嚴重程度為中的投訴要在幾個工作日內解決？", "2. 中：5个工作日；"),
    ],
)
def test_the_quoted_row_stating_the_time_asked_comes_before_its_sibling_table(
    question: str, stated: str
) -> None:
    quoted = _quoted(question)
    # Both rows for 中 are quoted; the one saying how many days comes first.
    assert quoted[0] == stated, quoted
    assert "2. 中：影响客户部分业务；" in quoted
