"""A verb with a two-character direction after it (改过来, 评出来) is the verb alone: 改过来 is not
改过 ("to mend one's ways"), an action the documents never name, so the rule on how soon changed
client files are updated is not refused for it."""

from __future__ import annotations

from knowledge.answerable import unknown_actions

KNOWN = {"客户资料", "客户", "资料", "多少", "天"}.__contains__


def test_changing_a_file_back_is_no_unknown_action() -> None:
    assert unknown_actions("客户资料变了，多少天内要改过来？", [], KNOWN) == []


def test_an_action_the_documents_never_name_is_still_found_after_its_direction() -> None:
    assert unknown_actions("客户要退网，需要提前几天申请？", [], KNOWN) != []
