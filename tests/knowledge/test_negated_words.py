"""Everyday words with no word in common with the documents: a negated verb (不交费, 没到账) means
what the documents call 欠费 / 逾期, and 找谁 / 归谁管 asks who is responsible (负责)."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.lexicon import _parse_negation, lexicon
from knowledge.text import normalize, query_groups


def _searched(question: str) -> set[str]:
    return {w for group in query_groups(question) for w in group}


@pytest.mark.parametrize(
    "question",
    ["客户一直不交费怎么办", "客户没付钱怎么处理", "回款还没到账要报告谁", "客户不按时缴费会怎样"],
)
def test_a_negated_payment_word_is_also_searched_as_arrears(question: str) -> None:
    assert {"欠费", "拖欠"} <= _searched(question)


def test_an_unpaid_fee_is_not_searched_as_a_late_visit() -> None:
    # 逾期 is also what the handbook calls a visit not made in time (第二十一条 逾期处理).
    assert "逾期" not in _searched("客户一直不交费怎么办")
    assert "逾期" in _searched("回款还没到账要报告谁")


def test_the_same_word_not_negated_is_not_searched_as_arrears() -> None:
    assert "欠费" not in _searched("客户交费可以用哪些方式")


def test_the_parts_jieba_cuts_a_negated_word_into_are_not_searched() -> None:
    # jieba cuts 不到账 into 不到 / 账: words of no rule.
    searched = _searched("客户的钱老是不到账")
    assert "不到" not in searched and "账" not in searched
    assert "到账" in searched and "欠费" in searched


def test_an_administrator_line_covers_the_word_s_synonyms() -> None:
    negation = _parse_negation("续约 = 流失", {"续约": ("续签",), "流失": ("跑掉",)})
    assert negation is not None
    assert negation.means == ("流失", "跑掉")
    assert negation.pattern.search(normalize("客户今年不续签了"))
    assert not negation.pattern.search(normalize("客户续签了三年"))


def test_who_to_turn_to_is_asked_as_who_is_responsible() -> None:
    assert "负责" in _searched("客户投诉归谁管")
    assert "负责" in _searched("这事该找谁")
    assert lexicon().negated(normalize("这事该找谁")) == []


@pytest.mark.parametrize(
    ("question", "rule"),
    [
        ("客户一直拖着不交费怎么处理？", "催收方案"),
        ("客户的钱老是不到账，我该怎么办？", "次日报告主管"),
    ],
)
def test_a_client_who_does_not_pay_is_answered_with_the_rule_on_late_payment(
    handbook: KnowledgeBase, question: str, rule: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found, answer.text
    assert rule in answer.text


@pytest.mark.parametrize(
    "question", ["客户不交费的话，客户经理的奖金要扣多少？", "客户没付钱，发票还能开吗？"]
)
def test_a_question_on_not_paying_the_handbook_does_not_answer_is_still_refused(
    handbook: KnowledgeBase, question: str
) -> None:
    answer = handbook.answer(question)
    assert not answer.found, answer.text


@pytest.mark.parametrize(
    "question", ["走访到期了还没去怎么办？", "客户一直没拜访会怎样", "拜访拖过了日子没去会怎么样？"]
)
def test_a_visit_not_made_is_searched_as_an_overdue_one(question: str) -> None:
    # The handbook says 逾期 (第二十条, 第二十一条); the manager says the visit was not made.
    assert "逾期" in _searched(question)


def test_going_to_a_client_is_not_searched_as_overdue() -> None:
    assert "逾期" not in _searched("去客户那里走访要带什么")


@pytest.mark.parametrize(
    ("question", "rule"),
    [
        ("走访到期了还没去怎么办？", "每个工作日提醒一次"),
        ("客户走访到期了我还没去，会怎么样？", "每个工作日提醒一次"),
    ],
)
def test_a_visit_not_made_is_answered_with_the_rule_on_overdue_visits(
    handbook: KnowledgeBase, question: str, rule: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found, answer.text
    assert rule in answer.text
