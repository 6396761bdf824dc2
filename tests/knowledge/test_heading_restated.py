"""Under a heading that says the question ("二、准确识别大客户" for "怎么准确识别大客户？"), the sentence
saying the heading again ("…准确识别大客户是对大客户实施有效经营策略的基础") is the section's topic, not
its answer: what the section lists under it ("决定客户类别的因素主要有五个方面:…") is quoted first.
Asked neither how nor which, the heading may be the answer and the sentence saying it again stays.
An English question's verb said by the quoted sentence's section heading is said."""

from __future__ import annotations

from knowledge.answer_units import Unit
from knowledge.answerable import lacks_focus
from knowledge.answering import asks_how_or_which, select_sentences
from knowledge.dictionary import bridge
from knowledge.text import normalize, query_groups
from knowledge.types import Passage

RESTATED = "进行市场定位、客户细分,准确识别大客户是对大客户实施有效经营策略的基础。"
FACTORS = (
    "经过实际工作的发现与总结,我们发现决定客户类别的因素主要有五个方面:客户群体的数量、"
    "客户群体的工作性质、客户群体的经济收入、客户群体对移动通信业务的需求情况以及客户群体的"
    "扩充与发展能力。"
)
BACK = "根据以上五个因素,我们可准确的定义出大客户的类别。"
# Another article's sentence saying the question's words, in a section on something else.
ELSEWHERE = "在对大客户进行识别和定位的基础上,明确营销战略目标是接下来的任务。"


def _passage(text: str, section: str, chunk: str, doc: str = "d") -> Passage:
    return Passage(text, "大客户营销服务", "web.txt", section, None, 1.0, doc, chunk)


def _identify(question: str) -> list[str]:
    passages = [
        _passage(RESTATED + FACTORS + BACK, "二、准确识别大客户", "c0"),
        _passage(ELSEWHERE, "3、大客户营销战略目标", "c1", "e"),
    ]
    picked = select_sentences(passages, query_groups(question), lambda w: 1.0, None)
    return [unit.text for _, unit in picked]


def test_what_a_section_lists_comes_before_the_sentence_saying_its_heading_again() -> None:
    assert _identify("怎么准确识别大客户？")[0] == FACTORS


def test_a_paraphrase_of_the_heading_is_answered_by_the_listed_factors_too() -> None:
    assert _identify("怎么识别哪些是大客户？")[0] == FACTORS


def test_a_lead_in_saying_its_heading_again_is_still_the_answer() -> None:
    # "…应该从以下2个方面着手:" says 提高客户的满意度 as "(三)提高客户满意度" does and opens the answer.
    lead_in = "对于在营销活动中,提高客户的满意度,个人认为应该从以下2个方面着手:"
    other = "营销的经验数据告诉我们,获得一个新客户的成本是保持一个满意客户的成本的5倍。"
    passages = [_passage(other + lead_in, "二、客户管理对策 › (三)提高客户满意度", "c0")]
    picked = select_sentences(passages, query_groups("怎么提高客户满意度？"), lambda w: 1.0, None)
    assert picked[0][1].text == lead_in


CLAIM = (
    "通过关系营销的概念来阐述足以证明大客户管理是一项长期的艰巨的任务,买卖双方的交易关系随着时代的"
    "发展正在转变,新的相互协作关系产生。"
)
QUALITY = "供电质量的好坏也需要从客户需要出发,立足于客户的角度来评判。"


def test_asked_neither_how_nor_which_the_sentence_saying_the_heading_stays_first() -> None:
    # "1、大客户管理属于关系营销的范畴" is itself the answer to what the two have to do with each
    # other; the sentence saying it again is its fullest statement.
    question = "大客户管理跟关系营销有啥关系？"
    assert not asks_how_or_which(normalize(question))
    passages = [_passage(CLAIM + QUALITY, "1、大客户管理属于关系营销的范畴", "c0")]
    groups = query_groups(question)
    picked = select_sentences(passages, groups, lambda w: 1.0, None, asks_how=False)
    assert picked[0][1].text == CLAIM


def test_how_and_which_questions_are_told_from_others() -> None:
    asks = [asks_how_or_which(normalize(q)) for q in (
        "怎么准确识别大客户？", "哪些客户算大客户？", "How do we identify key accounts?",
        "What are the factors?", "大客户到底有什么价值？", "whats relationship marketing got to do with it",
    )]  # fmt: skip
    assert asks == [True, True, True, True, False, False]


def test_an_english_verb_said_by_the_quoted_sentence_s_section_heading_is_said() -> None:
    question = "How do we identify key accounts accurately?"
    known = {"识别", "准确", "大客户", "鉴定", "辨认"}
    groups = bridge(normalize(question), query_groups(question), known)
    quoted = [(0, Unit(FACTORS))]
    assert lacks_focus(question, groups, known.__contains__, quoted)
    under = ["大客户营销服务\n二、准确识别大客户"]
    assert not lacks_focus(question, groups, known.__contains__, quoted, under)
