"""A list asked for is quoted with all its items, also those the next chunk holds: "What types of
key accounts are there?" quoted three of the four types (the fourth was cut into the next chunk)
and a manager would believe there are three."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from tests.knowledge.test_levels_and_membership import first_quote


@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("What types of key accounts are there?",
         ["1. Important key accounts", "2. Group key accounts", "3. Commercial key accounts",
          "4. Strategic key accounts"]),
        ("What strategic goals can a key account have?",
         ["1. Develop", "2. Maintain", "3. Harvest", "4. Exit"]),
        ("大客户分为哪几类？", ["1. 重要大客户", "2. 集团大客户", "3. 商业大客户", "4. 战略大客户"]),
    ],
)  # fmt: skip
def test_a_list_asked_for_is_quoted_with_every_item_in_order(
    handbook: KnowledgeBase, question: str, items: list[str]
) -> None:
    answer = handbook.answer(question)
    assert answer.found
    quote = first_quote(answer.text)
    at = [quote.find(item) for item in items]
    assert -1 not in at and at == sorted(at), quote


def test_an_item_the_chunk_cut_is_quoted_whole_once(handbook: KnowledgeBase) -> None:
    # "3. Harvest: clients with limited room to grow;" ends the chunk; the item goes on in the
    # next ("control the cost to serve and secure collections;").
    quote = first_quote(handbook.answer("What strategic goals can a key account have?").text)
    harvest = "3. Harvest: clients with limited room to grow; control the cost to serve"
    assert harvest in quote and quote.count("3. Harvest") == 1, quote


def test_one_item_answering_a_condition_stays_alone(handbook: KnowledgeBase) -> None:
    quote = first_quote(handbook.answer("How soon must a critical complaint be resolved?").text)
    assert "Critical: 1 working day" in quote
    assert "Low: 10 working days" not in quote, quote


def test_a_list_too_long_to_quote_whole_says_items_are_left_out(handbook: KnowledgeBase) -> None:
    # After Article 6's definition the four types did not fit: three were quoted, as if all.
    answer = handbook.answer("What counts as a key account?")
    types = next(q for q in answer.text.split('\n"') if "four types" in q)
    assert "4. Strategic key accounts" not in types, "fits now: the case is gone"
    assert types.rstrip().endswith('\n…" [2]'), types
