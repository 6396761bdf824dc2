"""A manager's words that a right quote says another way or not at all (kbfocus13): a frame
noun (会有什么后果, 到什么地步, 哪些途径, 文章说) names no thing asked about; 卖货 / 卖东西 are
said by 销售, 旺季 by 供不应求, 合同 over years by 合约 (knowledge/lexicon/said_by.txt). A quote
about something else is still refused."""

from __future__ import annotations

import pytest

from knowledge.answerable import focus_words
from knowledge.lexical import BM25Index
from knowledge.text import normalize, words
from tests.knowledge.builders import checks_refusing

_CORPUS = [
    "中油化工产品的销售以前采用的是分开独立销售的模式,对一些信誉差的客户进行限期整改淘汰。",
    "第一,对大客户优先供货,尤其是在市场销售好,货物供不应求时,公司采用各种调剂方式保障货物的供应。",
    "可以是给与本公司事实上存在大订单并至少有1~2年或更长期连续合约的客户。",
    "第二十一条 逾期处理。 客户走访逾期超过15天的，主管应在3个工作日内向客户经理了解原因并安排补访。",
    "第四十五条 客户预警。 连续2个月欠费或回款逾期的，客户经理应发出客户预警并报告主管。",
    "第三十二条 满意度回访。 投诉处理完毕后，客户经理应在3个工作日内回访客户。",
    *(f"第{n}条 部分客户每月走访。" for n in range(3)),
    *(f"第{n}条 客户经理按信誉等级走访客户，记录走访内容。" for n in range(37)),
    *(f"第{n}条 投诉受理后应在时限内处理完毕并回访客户。" for n in range(51)),
    *(f"第{n}条 客户合同到期前应续签。" for n in range(3)),
    *(f"第{n}条 销售渠道由公司统一管理。" for n in range(8)),
]
_INDEX = BM25Index(words(normalize(c)) for c in _CORPUS)


@pytest.mark.parametrize(
    ("question", "quote"),
    [
        ("卖货的渠道换了，原来那些客户怎么弄？", _CORPUS[0]),
        ("卖东西的渠道变了，客户该怎么管？", _CORPUS[0]),
        ("旺季缺货的时候大客户怎么办？", _CORPUS[1]),
        ("合同要签多久才算大客户？", _CORPUS[2]),
        ("该去的客户过期没去，会有什么后果？", _CORPUS[3]),
        ("客户老拖着不付钱，到什么地步要报预警？", _CORPUS[4]),
    ],
)
def test_the_checks_accept_the_right_quote(question: str, quote: str) -> None:
    assert checks_refusing(_INDEX, question, quote) == []


@pytest.mark.parametrize(
    ("question", "quote"),
    [
        # 卖货 said, but the thing asked (证书) is not.
        ("卖货的人要考什么证书？", _CORPUS[0]),
        # The frame goes; what is asked about (迟到) stays.
        ("客户经理开会迟到会有什么后果？", _CORPUS[5]),
        ("旺季要不要加班？", _CORPUS[5]),
    ],
)
def test_a_quote_about_something_else_is_still_refused(question: str, quote: str) -> None:
    assert checks_refusing(_INDEX, question, quote) != []


def test_frame_nouns_are_not_what_is_asked() -> None:
    assert "后果" not in focus_words("该去的客户过期没去，会有什么后果？")
    assert "地步" not in focus_words("客户老拖着不付钱，到什么地步要报预警？")
    assert "途径" not in focus_words("提升客户满意度主要靠哪些途径？")
    assert "文章" not in focus_words("关于大客户管理，文章给了哪几点建议？")
    # Still asked about: the thing itself.
    assert "证书" in focus_words("客户经理要考什么证书？")
