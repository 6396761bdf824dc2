"""A client who owes money (欠费, 欠钱) is answered with what to do about the payment not received
(第四十八条: 未到账 → 次日报告主管, 催收方案), not only with the early-warning list that names 欠费."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.text import query_groups


def test_owing_money_is_searched_as_a_payment_not_received() -> None:
    searched = {w for group in query_groups("欠费的客户要怎么催？") for w in group}
    assert "未到账" in searched


@pytest.mark.parametrize("question", ["欠费的客户要怎么催？", "客户欠钱不还找谁？"])
def test_a_client_owing_money_is_answered_with_the_late_payment_rule(
    handbook: KnowledgeBase, question: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found, answer.text
    assert "次日报告主管" in answer.text or "催收方案" in answer.text, answer.text
