"""A manager's own words, not the handbook's: spoken question frames (会不会, 多快, 多勤快) are not
searched for, a part of a long word no document has does not count against the question, everyday
words meet the document's (过关 → 考核目标, 别的部门 → 后台部门, 最要紧的客户 → 战略大客户), and
the rule asked about is quoted first, not a sibling rule sharing the question's common words."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.text import normalize, query_groups, without_unknown_parts, words
from tests.knowledge.test_handbook_answers import first_quote


def cut(text: str) -> list[str]:
    return words(normalize(text))


@pytest.mark.parametrize(
    ("question", "frame"),
    [
        ("走访快到期了会不会提前提醒我？", "不会"),
        ("问题处理完以后要不要回头总结一下？", "不要"),
        ("投诉需要别的部门帮忙时，他们得多快给回话？", "多快"),
        ("客户经理得多勤快地上门？", "勤快"),
    ],
)
def test_a_spoken_question_frame_is_not_searched_for(question: str, frame: str) -> None:
    # 会不会 was cut into 会 / 不会: 不会 is no document's word, so it counted as the question's
    # rarest word and kept the rule's share of the question's words under the gate's bar.
    assert frame not in cut(question)


def test_an_adverb_is_not_glued_to_the_verb_after_it() -> None:
    # "多勤快地上门" was cut into 地上 / 门, and 上门 (a visit) was lost.
    assert "上门" in cut("客户经理得多勤快地上门？")
    assert "地上" not in cut("客户经理得多勤快地上门？")


def test_a_part_of_a_long_word_no_document_has_does_not_count_against_the_question() -> None:
    groups = query_groups("卖电这件事从头到尾包括哪几块？")
    assert any(g[0] == "从头" for g in groups)  # jieba's search cut adds it
    known = {"售电", "全过程", "包括"}
    kept = [g[0] for g in without_unknown_parts(groups, known)]
    assert "从头" not in kept
    assert "从头到尾" in kept  # the whole word is still asked about
    # A part the documents have, or one meaning the same as a word they have, still counts.
    assert "从头" in [g[0] for g in without_unknown_parts(groups, known | {"从头"})]


@pytest.mark.parametrize(
    ("question", "rule", "sibling"),
    [
        # 最要紧的客户 are the strategic ones; 多勤快 asks how often: the 60-day rule, not the
        # visit cycle by credit rating.
        ("最要紧的那批客户，客户经理得多勤快地上门？", "两次走访间隔不超过60天", "每6个月"),
        # 活怎么分 is the division of work of the 1+1 rule, not the other rule with 两个 and 客户经理.
        ("两个客户经理一起管一个客户，活怎么分？", "主办客户经理对项目结果负责", "连续两个周期"),
        # 过关 is the target of the satisfaction score, not how often it is measured.
        ("满意度要达到多少才算过关？", "不低于4.5分", "每半年一次"),
    ],
)  # fmt: skip
def test_a_managers_paraphrase_quotes_the_rule_asked_about_first(
    handbook: KnowledgeBase, question: str, rule: str, sibling: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found, answer.text
    quote = first_quote(answer.text)
    assert rule in quote, answer.text
    assert sibling not in quote


def test_everyday_words_reach_the_rule_written_in_the_documents_words(
    handbook: KnowledgeBase,
) -> None:
    # 别的部门帮忙 is the back office's help (后台部门, 协同), 回话 its reply; no word of the rule
    # is in the question. (The escalation rule, also about the back office, may come first.)
    answer = handbook.answer("投诉需要别的部门帮忙时，他们得多快给回话？")
    assert answer.found, answer.text
    assert "应在当天确认接单" in answer.text
