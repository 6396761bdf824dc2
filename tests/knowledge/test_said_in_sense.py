"""A manager's word the documents never use (比例, 档次) is said by a quote in another word of the
same dictionary sense (规模 "scale", 打分 "to grade"): the answer checks no longer refuse the rule
that answers for it. A word no quote says in any sense (试用期) still refuses it, and the leading
quote's rare word must still be named."""

from __future__ import annotations

from knowledge.answer_units import Unit
from knowledge.answerable import lacks_focus, lacks_specific_word
from knowledge.text import words

EIGHTY_TWENTY = Unit(
    "大客户消费是企业业务收入的主体,是企业经济收益的主要来源,从国外通信企业的经验来讲,集中体现是"
    "“二八定律”,即企业业务收入的80%来自于20%的大客户(或高端客户)。"
)
FACTORS = Unit(
    "第八条 分类因素。 确定大客户类型主要看以下五个因素：\n1. 客户群体的规模，如员工人数、分支机构数量；"
)
SCORED = Unit(
    "第三十二条 满意度回访。 投诉处理完毕后，客户经理应在3个工作日内回访客户，请客户按1至5分为"
    "处理结果打分，1分表示非常不满意，5分表示非常满意。"
)
THREE_MONTHS = Unit(
    "第五十一条 转为常态服务。 项目签约并稳定运行满3个月后，经主管同意，改由一名客户经理服务。"
)
DOCUMENT_WORDS = {"大客户", "收入", "企业", "投诉", "客户经理", "多长时间", "时间", "多长"}


def _groups(question: str) -> list[list[str]]:
    return [[w] for w in words(question)]


def _share(word: str) -> float:
    return {"比例": 0.01, "试用": 0.01, "试用期": 0.01}.get(
        word, 0.3 if word in DOCUMENT_WORDS else 0.0
    )


def test_a_proportion_asked_is_said_by_a_quoted_word_of_its_sense() -> None:
    # 比例 "proportion; scale" and 规模 "scale": a loose bridge (the quote answers by its 80% and
    # 20%), which is why only a word's first senses count.
    question = "大客户的收入占企业多大比例？"
    assert not lacks_specific_word(
        question, _groups(question), _share, [(0, EIGHTY_TWENTY), (1, FACTORS)]
    )


def test_grades_of_complaints_are_said_by_the_score_given() -> None:
    question = "投诉分几个档次？"
    assert not lacks_focus(question, _groups(question), DOCUMENT_WORDS.__contains__, [(0, SCORED)])


def test_probation_is_said_in_no_sense_by_a_project_running_three_months() -> None:
    question = "客户经理的试用期是多长时间？"
    assert lacks_specific_word(question, _groups(question), _share, [(0, THREE_MONTHS)])
