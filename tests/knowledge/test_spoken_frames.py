"""A manager's spoken question frames (够不够格, 干嘛, 啥) and everyday verbs (下手, 盯紧) are
not taken for what the question asks about: the rule they paraphrase is quoted, not refused."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.answerable import unknown_actions
from knowledge.text import normalize, query_groups, words


@pytest.mark.parametrize("frame", ["干嘛", "啥"])
def test_a_spoken_question_word_is_no_search_word(frame: str) -> None:
    assert frame not in words(normalize(f"客户经理第一步{frame}"))


@pytest.mark.parametrize(
    ("verb", "written"), [("下手", "着手"), ("盯紧", "跟踪")]
)  # fmt: skip
def test_an_everyday_verb_is_searched_with_the_word_the_documents_write(
    verb: str, written: str
) -> None:
    assert any(verb in group and written in group for group in query_groups(f"应该从哪{verb}"))


def test_an_everyday_verb_is_not_an_action_the_documents_never_name() -> None:
    question = "想让客户更满意，服务上从哪下手？"
    in_documents = {"着手", "客户", "满意", "服务"}.__contains__
    assert unknown_actions(question, query_groups(question), in_documents) == []


@pytest.mark.parametrize(
    ("question", "rule"),
    [
        ("一个客户够不够格算大客户，看哪几条？", "主要看以下五个因素"),
    ],
)
def test_a_paraphrase_with_a_spoken_frame_is_answered_with_the_rule_first(
    handbook: KnowledgeBase, question: str, rule: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found, answer.text
    assert rule in answer.quotes[0], answer.text
