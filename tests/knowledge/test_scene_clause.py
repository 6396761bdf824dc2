"""A clause before the one that asks, with no question word, sets the scene ("超了期限还没去拜访，
领导会知道吗？"): a word said only there need not be quoted, the rule answering says the scene in
its own words (逾期). A scene saying what someone wants or is to do (客户要退网，…) is what is asked
about, and its word must still be quoted."""

from __future__ import annotations

from knowledge.answer_units import Unit
from knowledge.answerable import lacks_action, lacks_focus, lacks_specific_word
from knowledge.text import words

OVERDUE = Unit(
    "第二十一条 逾期处理。 客户走访逾期超过15天的，主管应在3个工作日内向客户经理了解原因并安排补访；"
)
RECOVERY = Unit(
    "第三十五条 服务补救。 因公司原因造成服务失误的，客户经理应迅速查明原因、及时补救。"
)
DOWNGRADE = Unit(
    "客户出现大额欠费、被列为失信被执行人或发生重大经营风险的，客户经理应在3个工作日内提出降级申请，"
    "不必等到下一个评定期。"
)
DOCUMENT_WORDS = set("领导 走访 拜访 服务 客户 补救 弥补 申请 提前 需要 知道".split())


def _groups(question: str) -> list[list[str]]:
    return [[w] for w in words(question)]


def _share(word: str) -> float:
    return {"期限": 0.01}.get(word, 0.3 if word in DOCUMENT_WORDS else 0.0)


def test_a_deadline_of_the_scene_need_not_be_quoted() -> None:
    question = "超了期限还没去拜访，领导会知道吗？"
    assert not lacks_specific_word(question, _groups(question), _share, [(0, OVERDUE)])


def test_a_slip_that_upset_the_client_is_the_scene_of_how_to_make_up_for_it() -> None:
    question = "服务上出了纰漏把客户惹毛了，该怎么弥补？"
    known = DOCUMENT_WORDS.__contains__
    assert not lacks_focus(question, _groups(question), known, [(0, RECOVERY)])
    assert not lacks_action(question, _groups(question), known, [(0, RECOVERY)])


def test_what_the_client_wants_to_do_is_asked_about_and_must_be_quoted() -> None:
    question = "客户要退网，需要提前几天申请？"
    assert lacks_action(question, _groups(question), DOCUMENT_WORDS.__contains__, [(0, DOWNGRADE)])
