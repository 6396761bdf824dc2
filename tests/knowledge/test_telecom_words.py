"""A manager asks about the telecom article in everyday words: 电信 for the article's 移动通信 and
通信企业 (it never writes 电信), 认出 / 区分 for its 识别 and 分类, 贡献 for its 来自. The telecom
article's sentence answering the question is not refused for saying them its own way; a question
about something the documents do not cover is still refused."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.lexical import BM25Index
from knowledge.text import normalize, words
from tests.knowledge.builders import checks_refusing

# Quotes from the corpus's telecom article (the tests do not read /work/shared/corpus), the
# handbook's one line saying 电信, and filler chunks that give the index the documents' words.
_FACTORS = (
    "经过实际工作的发现与总结,我们发现决定客户类别的因素主要有五个方面:客户群体的数量、"
    "客户群体的工作性质、客户群体的经济收入、客户群体对移动通信业务的需求情况以及客户群体的扩充与发展能力。"
)
_EIGHTY_TWENTY = (
    "大客户消费是企业业务收入的主体,从国外通信企业的经验来讲,集中体现是“二八定律”,"
    "即企业业务收入的80%来自于20%的大客户(或高端客户)。"
)
_CORPUS = [
    _FACTORS,
    _EIGHTY_TWENTY,
    "进行市场定位、客户细分,准确识别大客户是对大客户实施有效经营策略的基础。",
    "电信、供电、石化销售、邮政寄递等业务条线的大客户服务均按本手册执行。",
    "第五条 本手册适用于公司大客户部和各区域大客户团队的客户经理。",
    "第十一条 二八原则。 通常约20%的客户贡献约80%的收入。",
    "大客户对移动通信运营商的价值不仅体现在大客户当前价值的实现。",
    *(f"第{n}条 客户经理按信誉等级走访客户，记录走访内容。" for n in range(37)),
    *(f"第{n}条 投诉受理后应在时限内处理完毕并回访客户。" for n in range(51)),
]
_INDEX = BM25Index(words(normalize(c)) for c in _CORPUS)


@pytest.mark.parametrize(
    ("question", "quote"),
    [
        ("电信公司是根据哪些因素来区分大客户的？", _FACTORS),
        ("电信公司怎样认出谁是大客户？", _FACTORS),
        ("电信的大客户一般贡献了多少收入？", _EIGHTY_TWENTY),
    ],
    ids=["区分 for 分类", "认出 for 识别", "贡献 for 来自"],
)
def test_the_telecom_article_answers_a_question_in_a_managers_words(
    question: str, quote: str
) -> None:
    assert checks_refusing(_INDEX, question, quote) == []


def test_a_telecom_question_the_article_does_not_answer_is_still_refused() -> None:
    assert checks_refusing(_INDEX, "电信公司给大客户的手机套餐打几折？", _FACTORS) != []


TELECOM = f"""# 移动通信企业大客户营销服务策略

## 二、准确识别大客户

进行市场定位、客户细分,准确识别大客户是对大客户实施有效经营策略的基础。{_FACTORS}

## 三、大客户营销服务策略研究

完善大客户服务渠道。目前,我们主要通过新业务演示,现场办理新业务、“流动服务车”现场演示等措施,
有效的宣传新业务。还可以通过组织“大客户俱乐部”的方式,吸引大客户,维系大客户。
"""


def test_a_question_saying_telecom_is_answered_from_the_article_saying_mobile_communications(
    handbook: KnowledgeBase,
) -> None:
    # The handbook's one line saying 电信 (its scope) was quoted, or the question refused.
    handbook.ingest_bytes("telecom-key-accounts.md", TELECOM.encode())
    answer = handbook.answer("电信对大客户可以用哪些营销办法？")
    assert answer.found, answer.text
    assert "大客户俱乐部" in answer.text or "新业务演示" in answer.text, answer.text
