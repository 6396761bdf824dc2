"""A paragraph opened by a run-in title ("内强素质,外塑形象。") says its topic again in one sentence
("…所以客户经理的整体素质是价值链中不可忽视的重要一环") and how it is done in the others ("强化培训、
强化考试…"). Asked how, the manager reads how: the topic sentence no longer keeps the others out of
the quote. Asked why, the topic sentence is still the answer."""

from __future__ import annotations

from knowledge.answering import select_sentences
from knowledge.text import query_groups
from knowledge.types import Passage

# The telecom article's paragraph as the chunker leaves it, under its part's heading.
PARAGRAPH = (
    "内强素质,外塑形象。企业的主体是人,客户经理代表的是移动公司的形象,形象优劣直接影响企业效益,"
    "所以客户经理的整体素质是价值链中不可忽视的重要一环。企业要鼓励员工自学,自我提高。"
    "并在员工自学的基础上,强化培训、强化考试,提高客户经理业务能力、公关能力。"
    "要组织经常性的培训工作,从业务水平、营销理念、营销方法、言行举止等各方面对客户经理进行培训教育。"
)
TOPIC = "所以客户经理的整体素质是价值链中不可忽视的重要一环"
HOW = "强化培训、强化考试"


def _quoted(question: str) -> list[str]:
    passage = Passage(
        PARAGRAPH, "telecom-key-account-service", "telecom.txt", "三、大客户营销服务策略研究",
        None, 1.0, "t", "t13",
    )  # fmt: skip
    picked = select_sentences([passage], query_groups(question), lambda w: 1.0, None)
    return [unit.text for _, unit in picked]


def test_asked_how_to_raise_account_managers_quality_the_training_is_quoted() -> None:
    quoted = _quoted("怎样提高客户经理的整体素质？")
    assert any(HOW in text for text in quoted), quoted


def test_asked_how_the_topic_sentence_does_not_open_the_answer() -> None:
    assert TOPIC not in _quoted("怎样提高客户经理的整体素质？")[0]


def test_asked_why_the_topic_sentence_is_still_the_answer() -> None:
    assert TOPIC in _quoted("为什么客户经理的整体素质这么重要？")[0]
