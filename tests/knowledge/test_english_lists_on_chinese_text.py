"""An English question asking for a list ("What strategic goals…") about a Chinese document: the
list whose head names the thing asked in Chinese ("…通常有如下四种战略目标：发展战略、…") is quoted
first, as it is for the Chinese question. The thing asked is read through the glossary ("goals" →
目标) at the list's head, not only in English words, which a Chinese head never has (issue 14)."""

from __future__ import annotations

from knowledge.answering import listed_things, select_sentences
from knowledge.text import normalize, query_groups
from knowledge.types import Passage

# The power utility article's section on strategic goals, after the planning paragraph before it.
POWER_ARTICLE = (
    "营销计划是指依据一系列符合供电企业总体特点和目标而制定的营销目标，以及实现该目标的相应措施并计算其成本。"
    "在对大客户进行识别和定位的基础上，明确营销战略目标是接下来的任务。"
    "适用于不同类型的大客户通常有如下四种战略目标：发展战略、维持战略、收割战略、退出战略。"
)


def test_an_english_question_asking_for_a_list_quotes_the_chinese_list_first() -> None:
    question = "What strategic goals should a power utility set for its key accounts?"
    passages = [
        Passage(POWER_ARTICLE, "供电企业大客户管理", "power.txt", None, None, 1.0, "zh", "c")
    ]
    picked = select_sentences(
        passages, query_groups(question), lambda w: 1.0, None, [], {}, "en",
        listed=listed_things(normalize(question)),
    )  # fmt: skip
    assert picked, question
    assert "发展战略、维持战略、收割战略、退出战略" in picked[0][1].text, [
        u.text for _, u in picked
    ]
