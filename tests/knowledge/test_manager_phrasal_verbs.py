"""An English question in a manager's words ("pick up a client's call", "miss a visit") is read in the
handbook's words (lexicon/rewording.txt: answered, overdue) and answered by the rule, in the English
handbook and, through the glossary, in the Chinese one; the same words about something else ("pick
up a parcel", "miss my sales target") are left as they are, and a question naming what the
documents never mention (a penalty) is not dressed up as the rule next to it."""

from __future__ import annotations

from knowledge import KnowledgeBase
from knowledge.lexicon import lexicon
from knowledge.text import query_groups


def test_a_phone_call_picked_up_is_read_as_one_answered() -> None:
    assert (
        lexicon().reworded("How quickly must we pick up a client's phone call?")
        == "How quickly must we answer a client's phone call?"
    )
    assert lexicon().reworded("Do we pick up calls at night?") == "Do we answer calls at night?"


def test_a_missed_visit_is_read_as_an_overdue_one_and_a_missed_sales_target_is_not() -> None:
    assert "overdue visit" in lexicon().reworded("What happens if I miss a visit deadline?")
    assert "overdue visits" in lexicon().reworded("I missed two visits, what now?")
    for question in (
        "What happens if I miss my monthly sales target?",
        "How quickly must we pick up a parcel from a client's warehouse?",
    ):
        assert lexicon().reworded(question) == question


def test_a_plural_stays_plural() -> None:
    assert "early warnings" in lexicon().reworded("What warning signs should I look for?")


def test_a_call_picked_up_and_a_missed_visit_are_answered_by_the_handbook(
    handbook: KnowledgeBase,
) -> None:
    answer = handbook.answer("How quickly must we pick up a client's phone call?")
    assert answer.found, answer.text
    assert "within 30 minutes" in answer.text or "30分钟内响应" in answer.text, answer.text
    answer = handbook.answer("What happens if I miss a visit deadline?")
    assert answer.found, answer.text
    assert "overdue" in answer.text, answer.text


def test_a_penalty_for_a_missed_visit_is_not_answered_by_the_overdue_rule(
    handbook: KnowledgeBase,
) -> None:
    # The handbook names no penalty: its words stay the manager's, and the gate refuses them.
    answer = handbook.answer(
        "What is the penalty if a key account manager misses a scheduled visit?"
    )
    assert not answer.found, answer.text


def test_visits_fallen_behind_on_reach_the_chinese_overdue_rule_through_the_glossary() -> None:
    question = "What happens when I fall behind on my client visits?"
    chinese = {w for g in query_groups(lexicon().reworded(question)) for w in g}
    assert "逾期" in chinese  # 第二十一条 逾期处理
    assert "逾期" not in {w for g in query_groups(question) for w in g}


def test_a_client_in_arrears_is_answered_by_the_late_payment_rule(handbook: KnowledgeBase) -> None:
    # Article 48 "Late payment" never says arrears; Article 13's "large arrears" is the downgrade.
    assert "late paying" in lexicon().reworded("What do we do when a client is in arrears?")
    answer = handbook.answer("What do we do when a client is in arrears?")
    assert answer.found, answer.text
    assert "supervisor the next day" in answer.text or "次日报告主管" in answer.text, answer.text
