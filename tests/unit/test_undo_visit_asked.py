"""Which messages take back the visit just saved, and which are reports or questions that only
share its words."""

from __future__ import annotations

import pytest

from services.visits.undo import last_visit_corrected, undo_asked


@pytest.mark.parametrize(
    "text",
    [
        "撤销刚才那条走访记录",
        "把刚才那条走访删了",
        "刚才的走访记错了，删掉",
        "刪除上一條走訪記錄",
        "undo the last visit",
        "delete my last visit",
        "Undo last visit please",
    ],
)
def test_a_visit_taken_back_in_words_is_read_so(text: str) -> None:
    assert undo_asked(text)


@pytest.mark.parametrize(
    "text",
    [
        "客户要取消拜访",
        "取消下周的拜访",
        "今天拜访了宝钢，客户要求删除旧的专线",
        "delete a visit from last month?",
        "撤销",
        "how do I delete a visit?",
    ],
)
def test_a_report_or_a_question_sharing_its_words_is_no_undo(text: str) -> None:
    assert not undo_asked(text)


@pytest.mark.parametrize(
    ("text", "correction"),
    [
        ("刚才那条走访的日期改成昨天", "日期改成昨天"),
        ("上一条走访记录：人员改成李总", "人员改成李总"),
        ("the last visit's date should be yesterday", "date should be yesterday"),
        ("刚才那条走访记录删掉", None),
        ("今天拜访了宝钢，日期改成昨天", None),
    ],
)
def test_a_correction_of_the_visit_just_saved_is_read_apart_from_its_words_naming_it(
    text: str, correction: str | None
) -> None:
    assert last_visit_corrected(text) == correction
