"""A question asking what is done when something happens (怎么处理, 怎么办, what happens if) is
answered by the rule stating the action under that condition, not by a rule that only mentions it."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase


def first_quote(answer_text: str) -> str:
    """The first quoted unit (intro line excluded), up to its [n] mark."""
    body = answer_text.split("\n", 1)[1]
    return body.split(" [1]", 1)[0].split(" [2]", 1)[0]


@pytest.mark.parametrize(
    ("question", "answer", "mentioning"),
    [
        # A low call-back score: Article 33 (reopened), not Article 32 (when the call-back is made).
        ("回访打分低怎么处理？", "投诉重新打开", "3个工作日内回访"),
        ("客户给的回访分数很低，该怎么办？", "投诉重新打开", "3个工作日内回访"),
    ],
)  # fmt: skip
def test_the_rule_acting_on_the_asked_condition_is_quoted_first(
    handbook: KnowledgeBase, question: str, answer: str, mentioning: str
) -> None:
    result = handbook.answer(question)
    assert result.found
    first = first_quote(result.text)
    assert answer in first
    assert mentioning not in first
