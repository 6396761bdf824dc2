"""A manager's question naming a place the documents never name (哪个城市, 哪个省) asks where, and
the quote must say it: a rule on the same meeting that names no city is not an answer. Asking where
to put effort (在哪些方面下功夫) names no thing of its own: the places listed are what is asked."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.answerable import focus_words, unknown_actions
from knowledge.text import query_groups


def test_a_place_noun_is_what_the_question_asks_about() -> None:
    # jieba tags 城市 "ns" (a place); it was not counted as a noun, so nothing had to name it.
    assert "城市" in focus_words("用户座谈会在哪个城市开？")


def test_a_meeting_rule_naming_no_city_does_not_answer_where_the_meeting_is(
    handbook: KnowledgeBase,
) -> None:
    # The handbook says how often the key-account forum is held (第十九条), never where.
    answer = handbook.answer("大客户座谈会在哪个城市召开？")
    assert not answer.found, answer.text


@pytest.mark.parametrize(
    "question", ["客户经理的素质要在哪些方面下功夫？", "除了老一套的4P，服务还能从哪儿下功夫？"]
)
def test_putting_effort_somewhere_is_no_thing_nor_action_a_quote_must_name(question: str) -> None:
    # jieba tagged 下功夫 a noun: the quote had to say 下功夫, which no document writes.
    in_documents = {"客户经理", "素质", "方面", "服务", "4p"}.__contains__
    assert "下功夫" not in focus_words(question)
    assert "下功夫" not in unknown_actions(question, query_groups(question), in_documents)
