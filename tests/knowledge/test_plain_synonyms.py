"""A manager's everyday word meets the document's written one (以后: 未来, 不够: 供不应求, 保证:
保障, 奖惩: 奖罚): the plain question is answered with the rule that says it in writing."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.evaluation import contains_expected
from knowledge.text import query_groups

# An article in the corpus's manner, beside the sample handbook (whose rules on visits, files and
# assessment share the questions' other words): the answers use the written words, the questions
# below the spoken ones.
ARTICLE = """# 化工产品大客户管理的几点做法

## 一、供货与服务

第一，对大客户优先供货，尤其是在市场销售好、货物供不应求时，公司采用各种调剂方式保障货物的供应。
第二，对大客户采用送货上门的服务，由公司汽车免费送达。
第三，安排领导每年定期走访大客户，征求客户对产品质量和服务质量的意见。

## 二、营销计划

制定大客户营销计划分为以下几步：1）按行业和用电类别细分市场。2）在细分市场中识别目标大客户。3）分析各行业客户的用电潜力。4）阅读客户的年度报告，了解客户经营状况。5）从客户的角度检查电力销售的全过程。6）对客户的用电记录进行分析，预测客户未来用电趋势。7）与其他可替代能源比较，制定竞争对手策略。
定期统计分析大客户的用电量和用电模式，对大客户进行动态管理和提示预警。

## 三、客户经理队伍

明确客户经理工作标准和服务规范，并制定相应的奖罚考核办法。
要组织经常性的培训工作，从业务水平、营销理念和言行举止等方面对客户经理进行培训。
"""


@pytest.mark.parametrize(
    ("plain", "written"),
    [("以后", "未来"), ("不够", "供不应求"), ("保证", "保障"), ("奖惩", "奖罚")],
)
def test_a_spoken_word_also_searches_the_written_one(plain: str, written: str) -> None:
    group = next(g for g in query_groups(f"客户{plain}怎么办？") if g[0] == plain)
    assert written in group


@pytest.mark.parametrize(
    ("question", "rule"),
    [
        ("能不能估一下客户以后用多少电？", ["预测客户未来用电趋势"]),
        # The handbook says it too (Art. 39: 资源紧张时，优先保障大客户的供货); before, the
        # free-delivery sentence next to the article's rule was quoted.
        ("货不够卖的时候，先保证哪些客户？", ["对大客户优先供货", "优先保障大客户的供货"]),
        ("客户经理干得好不好，有没有奖惩？", ["奖罚考核办法"]),
    ],
)
def test_a_plain_question_is_answered_with_the_rule_in_written_words(
    handbook: KnowledgeBase, question: str, rule: list[str]
) -> None:
    handbook.ingest_bytes("chemical-key-accounts.md", ARTICLE.encode())
    answer = handbook.answer(question)
    assert answer.found, question
    assert answer.quotes and contains_expected(answer.quotes[0], rule), answer.text
