"""A manager's everyday words do not get a right answer refused: a word the documents say another
way (问事: 咨询, 补课: 培训, 设备坏了: 故障; knowledge/lexicon/said_by.txt), a verb negated to tell
the trouble (技术不懂行), a modal glued to a verb (能涨), a frame of worth or effort (哪个更要紧,
花力气, 啥意思), "一个人行不行", "哪几部分". A question about something the quote does not say is
still refused."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.answerable import (
    focus_words,
    unknown_actions,
)
from knowledge.lexical import BM25Index
from knowledge.text import normalize, words
from tests.knowledge.builders import checks_refusing


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("晚上下班后客户发短信问事，第二天几点前得回？", "次日上午10点前响应"),
        ("客戶設備壞了報修，多久要有人到現場？", "2小时内到达现场"),
        ("信譽較差的客戶有什麼限制？", "新增业务须经主管审批"),
        ("流失率降一点，利润能涨多少？", "利润可提高25%至85%"),
        ("手册里的条文看不懂找谁解释？", "本手册由公司大客户部负责解释"),
        ("为什么要花力气留住老客户？", "留住一个老客户比争取一个新客户划算得多"),
        ("服务补救是个啥意思？", "及时补救"),
        ("How do we treat a client with excellent credit differently?", "billed later"),
    ],
)
def test_a_question_in_everyday_words_is_answered_with_the_rule(
    handbook: KnowledgeBase, question: str, expected: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found, answer.text
    assert expected in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "客户发短信问事要收费吗？",
        "客户设备多久要更新一次？",
        "客户经理的工资待遇有多少？",
        "客户经理出差住酒店有啥标准？",
        "How do we treat a client who sends us a gift?",
    ],
)
def test_an_everyday_question_the_handbook_does_not_answer_is_still_refused(
    handbook: KnowledgeBase, question: str
) -> None:
    answer = handbook.answer(question)
    assert not answer.found, answer.text


# Checks alone, on quotes from the corpus articles (the tests do not read /work/shared/corpus).
_CORPUS = [
    "针对这种情况,销售公司分批派销售人员到系统内大的生产企业学习原料生产工艺、技术、加工技术等。",
    "对客户的用电记录进行分析,预测客户未来用电趋势。",
    "注重的“一次销售”不能满足营销的需求,“保留客户”才是王道。",
    "一是大客户服务工作仅仅依靠客户经理是远远不够的,各部门设定专门人员与客户经理共同形成大客户服务团队。",
    "业务扩充、变量用电业务和电费管理三位一体组成了电力销售的全过程。",
    "第一,对大客户优先供货,尤其是在市场销售好,货物供不应求时,公司采用各种调剂方式保障货物的供应。",
    "1. 信誉等级为“优”的客户：可先服务后结算，办理业务免收押金，续约时可争取更优惠的价格；"
    "2. 信誉等级为“中”的客户：享受标准服务。",
    "中油化工产品的销售以前采用的是分开独立销售的模式,公司统一销售。",
    "应提高大客户经理在企业中的地位和待遇。",
    *(f"第{n}条 部分客户每月走访。" for n in range(3)),
    *(f"第{n}条 客户经理按信誉等级走访客户，记录走访内容。" for n in range(37)),
    *(f"第{n}条 投诉受理后应在时限内处理完毕并回访客户。" for n in range(51)),
]
_INDEX = BM25Index(words(normalize(c)) for c in _CORPUS)


def _refused(question: str, quote: str) -> list[str]:
    """The word checks refusing the quote as the answer to the question."""
    return checks_refusing(_INDEX, question, quote)


@pytest.mark.parametrize(
    ("question", "quote"),
    [
        ("销售员不懂技术，公司怎么给他们补课？", _CORPUS[0]),
        ("我们销售员技术不懂行，公司是怎么解决的？", _CORPUS[0]),
        ("客户以后用电多少怎么估计？", _CORPUS[1]),
        ("一锤子买卖和留住客户，哪个更要紧？", _CORPUS[2]),
        ("大客户服务光靠客户经理一个人行不行？", _CORPUS[3]),
        ("电力销售的全过程由哪几部分组成？", _CORPUS[4]),
        ("化工公司货不够的时候怎么照顾大客户？", _CORPUS[5]),
        ("信誉好的客户能享受什么待遇？", _CORPUS[6]),
    ],
)
def test_the_checks_accept_a_quote_saying_the_everyday_words_another_way(
    question: str, quote: str
) -> None:
    assert _refused(question, quote) == []


@pytest.mark.parametrize(
    ("question", "quote"),
    [
        # The everyday word said nowhere in the quote: another rule.
        ("销售员要补课的话费用谁出？", _CORPUS[4]),
        ("客户以后用电多少怎么估计？", _CORPUS[0]),
        ("客户经理的待遇有哪些？", _CORPUS[2]),
        # A negated verb is the trouble; the action asked (退货) the documents never name.
        ("客户不满意能退货吗？", _CORPUS[2]),
        # A frame of worth does not vouch for an action no quote says.
        ("给客户送礼要紧吗？", _CORPUS[2]),
        # "哪几部分" frames a list; 送礼 is still asked about.
        ("给客户送礼分哪几部分？", _CORPUS[4]),
    ],
)
def test_the_checks_still_refuse_a_quote_about_something_else(question: str, quote: str) -> None:
    assert _refused(question, quote) != []


def test_spoken_frames_are_not_what_is_asked() -> None:
    assert "人行" not in focus_words("大客户服务光靠客户经理一个人行不行？")
    assert "啥意思" not in focus_words("服务补救是个啥意思？")
    assert "力气" not in focus_words("为什么要花力气留住老客户？")
    known = _INDEX.vocabulary.__contains__
    assert "能涨" not in unknown_actions("流失率降一点，利润能涨多少？", (), known)
    assert "要紧" not in unknown_actions("一锤子买卖和留住客户，哪个更要紧？", (), known)
    # Still asked about: the thing itself.
    assert "架构" in focus_words("大客户部的组织架构是啥？")
