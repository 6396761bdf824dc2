"""A manager asks who gets the goods first when they run short (货不够卖, 货紧俏): the petrochemical
article says 对大客户优先供货 … 货物供不应求; 货 is its 货物 / 供货 and 紧俏 its 供不应求."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.text import query_groups

# The petrochemical article's section on keeping key accounts stable (the tests do not read
# /work/shared/corpus), and a section the question's other words could pick instead.
_ARTICLE = """# 客户管理的策略探析

## (3)加强大客户的管理

大客户不单是从销量来确定,而从多个方面来定,能带来相当大的销售额或具有较大的销售潜力。
在管理对大客户采取了一系列的管理策略保障大客户的稳定性
第一,对大客户优先供货,尤其是在市场销售好,货物供不应求时,公司采用各种调剂方式保障货物的供应。
第二,对大客户采用送货上门的服务。对所确定的的大客户,采用汽车免费送货方式,保障物流链的畅通。
第三,安排领导访问大客户。领导每年定期大客户进行走访,联络与大客户的感情。

## (一)营销渠道改变时,客户的管理

中油统销实行,就是将客户先行集中,合并,并对一些信誉差的客户进行限期整改淘汰。
经销商卖多少货、卖给谁,以前各生产企业各自决定,缺乏必要的协调。
"""


def _searched(question: str) -> set[str]:
    return {w for group in query_groups(question) for w in group}


def test_goods_and_a_shortage_are_searched_in_the_articles_words() -> None:
    assert {"货物", "供货"} <= _searched("货不够卖的时候先给谁？")
    assert "供不应求" in _searched("货紧俏的时候大客户能先拿到吗？")


@pytest.mark.parametrize("question", ["货不够的时候先给谁发货？", "货紧俏的时候大客户能先拿到吗？"])
def test_who_gets_goods_first_in_a_shortage_is_answered_with_priority_supply(
    kb: KnowledgeBase, question: str
) -> None:
    kb.ingest_bytes("strategies.md", _ARTICLE.encode())
    answer = kb.answer(question)
    assert answer.found, answer.text
    assert "对大客户优先供货" in answer.text, answer.text
