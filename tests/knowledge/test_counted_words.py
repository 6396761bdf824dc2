"""How many, asked in a manager's own counting words (issue 14, paraphrases).

"投诉分成几个级别？", "信誉等级有几个档次？", "大客户有几个类型？" ask how many levels or kinds there
are: the rule counting them ("分为低、中、高、紧急四级", "分为以下四类") answers, though it never says
级别, 档次 or 类型 ("四级" is not "四个级别"; 档次 is no number of times). "领导一年去几趟？",
"几回" ask how many times, like 几次: a frequency (每年至少走访一次) states it."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.answer_units import Unit
from knowledge.answerable import lacks_asked_count
from knowledge.asked_counts import time_asked


def first_quote(answer_text: str) -> str:
    """The first quoted unit (intro line excluded), up to its [n] mark."""
    body = answer_text.split("\n", 1)[1]
    return body.split(" [1]", 1)[0].split(" [2]", 1)[0]


@pytest.mark.parametrize(
    ("question", "rule"),
    [
        ("投诉分成几个级别？", "低、中、高、紧急四级"),
        ("客户投诉一共有几个级别？", "低、中、高、紧急四级"),
        ("大客户有几个类型？", "分为以下四类"),
    ],
)  # fmt: skip
def test_the_rule_counting_the_levels_or_kinds_is_quoted_first(
    handbook: KnowledgeBase, question: str, rule: str
) -> None:
    result = handbook.answer(question)
    assert result.found
    assert rule in first_quote(result.text)


LEVELS = Unit("第二十七条 严重程度。 投诉按严重程度分为低、中、高、紧急四级：")
KINDS = Unit("第九条 客户类型。 大客户分为以下四类：")
THREE_TIMES = Unit("同一类问题在3个月内发生3次及以上的，主管应组织相关部门复盘。")
LEADERS = Unit("第十八条 领导走访。 公司领导每年至少走访一次每一家战略大客户和重要大客户。")
NO_COUNT = Unit("第十八条 领导走访。 公司领导听取客户对产品质量、服务质量和合作方式的意见。")


@pytest.mark.parametrize(
    ("question", "stating", "not_stating"),
    [
        ("投诉分几个级别？", LEVELS, KINDS),
        # 档次 is a level, not a number of times: "发生3次" states no number of levels.
        ("投诉分几个档次？", LEVELS, THREE_TIMES),
        ("大客户分几个类别？", KINDS, LEVELS),
        ("大客户有几个类型？", KINDS, LEVELS),
        # 几趟 and 几回 ask how many times: a frequency states it, a rule with no number not.
        ("公司领导一年要去战略大客户那里几趟？", LEADERS, NO_COUNT),
        ("重点客户公司领导一年得去几回？", LEADERS, NO_COUNT),
    ],
)  # fmt: skip
def test_a_count_asked_in_everyday_words_is_stated_by_the_rule_counting_it(
    question: str, stating: Unit, not_stating: Unit
) -> None:
    assert not lacks_asked_count(question, [(0, stating)])
    assert lacks_asked_count(question, [(0, not_stating)])


@pytest.mark.parametrize("question", ["领导一年去几趟？", "主管一个季度要跑几回？"])
def test_how_many_trips_asks_how_often(question: str) -> None:
    assert time_asked(question) == "often"


TARGET = Unit("第五十四条 考核目标。 团队满意度平均分不低于4.5分（满分5分）。")
LAYERS = Unit("客户的满意度,有两个层面:一是行为意义上的满意度,一是经济意义上的满意度。")


@pytest.mark.parametrize(
    "question", ["客户满意度得做到多少？", "客户满意度目标是多少？", "客户打分多少算及格？"]
)
def test_a_score_asked_is_stated_by_a_number_of_points(question: str) -> None:
    # "得做到多少" asks a score: the target in points answers, "两个层面" does not.
    assert not lacks_asked_count(question, [(0, TARGET)])
    assert lacks_asked_count(question, [(0, LAYERS)])


@pytest.mark.parametrize("question", ["100个满意的客户会带来多少新客户？", "满意度测评多少钱？"])
def test_other_amounts_near_satisfaction_ask_no_score(question: str) -> None:
    assert lacks_asked_count(question, [(0, TARGET)]) == lacks_asked_count(question, [(0, LAYERS)])
