"""A mobile operator's subscriber (移动用户), in a manager's words, is what the telecom article calls
its 移动通信 customers (knowledge/lexicon/said_by.txt, kbcorp17): "怎么判断一个移动用户算不算大客户？"
is answered by the article's judging sentence, not refused for a noun no document uses. A quote
about something else is still refused."""

from __future__ import annotations

import pytest

from knowledge.lexical import BM25Index
from knowledge.text import normalize, words
from tests.knowledge.builders import checks_refusing

_CORPUS = [
    "作为移动通信产品与服务提供商,我们移动通信公司应该准确而充分地认识大客户性质,分析大客户当前的消费水平。",
    "并以此为基础,进一步依据大客户的各项综合指标进行判断、识别和分类,对大客户进行动态分析与管理。",
    "第二十一条 逾期处理。 客户走访逾期超过15天的，主管应在3个工作日内安排补访。",
    *(f"第{n}条 客户经理按信誉等级走访客户，记录走访内容。" for n in range(37)),
    *(f"第{n}条 大客户名录由公司统一管理。" for n in range(8)),
]
_INDEX = BM25Index(words(normalize(c)) for c in _CORPUS)


def test_a_mobile_subscriber_is_said_by_the_telecom_article() -> None:
    # The telecom article's paragraph: its opening says 移动通信, the next sentence how to judge.
    paragraph = _CORPUS[0] + _CORPUS[1]
    assert checks_refusing(_INDEX, "怎么判断一个移动用户算不算大客户？", paragraph) == []


@pytest.mark.parametrize(
    ("question", "quote"),
    [
        # 移动用户 said, but the thing asked (套餐) is not.
        ("移动用户的套餐怎么选？", _CORPUS[0] + _CORPUS[1]),
        # A quote from no mobile operator does not say 移动用户.
        ("移动用户多久走访一次？", _CORPUS[2]),
    ],
)
def test_a_quote_about_something_else_is_still_refused(question: str, quote: str) -> None:
    assert checks_refusing(_INDEX, question, quote) != []
