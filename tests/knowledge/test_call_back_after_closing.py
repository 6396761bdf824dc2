"""A call back asked once the complaint is closed is the follow-up visit (回访, 第三十二条), not the
first contact (第二十五条) nor the reply to an enquiry (第四十条) that 回电话 means otherwise."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.lexicon import _parse_reading
from knowledge.text import normalize, query_groups


def _searched(question: str) -> set[str]:
    return {w for group in query_groups(question) for w in group}


def test_a_call_back_after_the_complaint_is_closed_is_searched_as_the_follow_up_visit() -> None:
    searched = _searched("客户闹意见了，事后多久得回个电话？")
    assert "回访" in searched
    assert not {"联系", "响应"} & searched


def test_a_call_back_before_the_complaint_is_closed_keeps_its_meaning_of_contact() -> None:
    searched = _searched("客户投诉了，我多久之内要先回个电话？")
    assert {"联系", "响应"} <= searched
    assert "回访" not in searched


def test_an_administrator_line_needs_its_cue_words() -> None:
    reading = _parse_reading("回电话 = 回访 | when: 处理完 事后")
    assert reading is not None
    assert reading.words == {"回电话"} and reading.means == ("回访",)
    assert _parse_reading("回电话 = 回访") is None
    assert _parse_reading("回电话 = 回访 | 处理完") is None
    assert "处理完" in normalize("投诉处理完了")


@pytest.mark.parametrize(
    "question",
    ["问题处理完还要不要再打电话问问客户？", "客户闹意见了，事后多久得回个电话？"],
)
def test_a_call_back_after_the_complaint_is_closed_is_answered_with_the_follow_up_rule(
    handbook: KnowledgeBase, question: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found, answer.text
    assert "3个工作日内回访客户" in answer.text.split("\n")[1], answer.text


def test_a_call_back_asked_first_is_still_answered_with_the_first_contact_rule(
    handbook: KnowledgeBase,
) -> None:
    answer = handbook.answer("客户投诉了，我多久之内要先回个电话？")
    assert answer.found, answer.text
    assert "1个工作日内与客户取得联系" in answer.text, answer.text
