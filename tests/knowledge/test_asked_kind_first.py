"""The sentence quoted first gives the kind of answer asked for: who (the role told or acting), how
many levels (the rule counting them)."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase


def first_quote(answer_text: str) -> str:
    """The first quoted unit (intro line excluded), up to its [n] mark."""
    body = answer_text.split("\n", 1)[1]
    return body.split(" [1]", 1)[0].split(" [2]", 1)[0]


@pytest.mark.parametrize(
    ("question", "answer", "neighbour"),
    [
        # Who is told: the article naming the supervisor, not the severity levels' definitions.
        ("遇到特别严重的投诉要马上告诉谁？", "通知主管", "分为低、中、高、紧急四级"),
        ("Who do I escalate a serious complaint to?", "notifies the supervisor", "four severity"),
        # How many levels: the rule counting them, not the rule on how often they are reviewed.
        ("信誉等级一共有几档？", "优、中、差三级", "每半年"),
        ("客户的信誉分几档？", "优、中、差三级", "每半年"),
    ],
)  # fmt: skip
def test_the_unit_giving_the_kind_of_answer_asked_is_quoted_first(
    handbook: KnowledgeBase, question: str, answer: str, neighbour: str
) -> None:
    result = handbook.answer(question)
    assert result.found
    first = first_quote(result.text)
    assert answer in first
    assert neighbour not in first
