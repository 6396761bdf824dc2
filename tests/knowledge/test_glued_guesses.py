"""jieba's guess at a word it does not know glues the comparative 比 or the adverb 很 to the word
after it ("跟以前比变在哪" → 比变, "信誉很好的客户" → 很好). Such a guess is no action the documents
never name, so the answer saying what changed is not refused for it; a modal's real verb (想换 of
"想换个客户经理") still is."""

from __future__ import annotations

from knowledge.answerable import unknown_actions

KNOWN = {"现在", "供电公司", "客户", "以前", "信誉", "多久", "一次", "客户经理", "找"}.__contains__


def test_a_comparison_glued_to_its_verb_is_no_action_the_documents_never_name() -> None:
    assert "比变" not in unknown_actions("现在供电公司管客户跟以前比变在哪？", [], KNOWN)


def test_very_glued_to_its_adjective_is_no_action_either() -> None:
    assert "很好" not in unknown_actions("信誉很好的客户多久去一次就够了？", [], KNOWN)


def test_wanting_to_change_account_manager_still_asks_about_changing() -> None:
    assert unknown_actions("客户想换个客户经理找谁？", [], KNOWN) != []
