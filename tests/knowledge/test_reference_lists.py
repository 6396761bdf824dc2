"""A paper's reference list is never quoted as an answer: an entry such as "[2] 向明.供电企业营销应实施
以提高顾客满意度为核心的客户关系管理[J].广东科技.2011(16)" shares a question's words and answers nothing,
and the source line would name the paper's conclusion ("6、结束语") for it."""

from __future__ import annotations

from knowledge.answer_units import chunk_units, is_reference_entry, titled_units
from knowledge.answering import select_sentences
from knowledge.text import query_groups
from knowledge.types import Passage

CONCLUSION = "综上所述,本文立足于关系营销的角度,深入分析大客户的有效识别和准确定位。"
REFERENCES = (
    "参考文献:\n"
    "[1] 梁蕾.浅谈电力行业客户服务管理[J].中国新技术新产品.2013(24)\n"
    "[2] 向明.供电企业营销应实施以提高顾客满意度为核心的客户关系管理[J].广东科技.2011(16)\n"
)


def test_a_question_in_a_reference_titles_words_is_not_answered_with_the_reference() -> None:
    passage = Passage(
        f"{CONCLUSION}\n{REFERENCES}",
        "供电企业大客户管理",
        "p.txt",
        "6、结束语",
        None,
        1.0,
        "d",
        "c0",
    )
    question = "供电企业营销怎样提高顾客满意度？"
    picked = select_sentences([passage], query_groups(question), lambda w: 1.0, None)
    quoted = [unit.text for _, unit in picked]
    assert quoted and not any("[J]" in text for text in quoted)


def test_book_entries_are_reference_entries_and_numbered_rules_are_not() -> None:
    units = chunk_units(
        "企业发展离不开客户。\n【参考文献】\n"
        "[1]李世丁,袁乐清著.营销法眼:顾客关系管理[M].广州:广东经济出版社.\n"
    )
    assert [u.text for _, u in titled_units(units)] == ["企业发展离不开客户。"]
    rules = chunk_units("大客户档案包括:\n[1] 单位名称和地址;\n[2] 用电结构和设备配置。\n")
    assert not any(is_reference_entry(u) for u in rules)
