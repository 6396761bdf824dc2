"""Which client a question about its card names, and what of the card it asks for: read from
the words as managers type them, with or without 的, and never from a client's own name."""

from __future__ import annotations

import pytest

from services.ask import CardFact, card_fact_asked, card_facts_asked


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("华润电话多少", "华润"),
        ("华润信用怎么样", "华润"),
        ("华润电力信用", "华润电力"),
        ("请问华润电话", "华润"),
        ("江南信用社联系人", "江南信用社"),  # 信用社 is part of the name, not its credit
    ],
)
def test_a_clients_name_is_read_without_de_when_the_caller_takes_only_sure_names(
    text: str, name: str
) -> None:
    assert card_fact_asked(text, bare=True) == name
    assert card_fact_asked(text) is None  # the fuzzy "did you mean" path keeps needing 的


@pytest.mark.parametrize(
    "text", ["请问信用等级怎么评", "信誉较差的客户多久走访一次？", "客户经理多久走访一次"]
)
def test_a_question_about_the_rules_names_no_client(text: str) -> None:
    assert card_fact_asked(text, bare=True) is None


def test_a_credit_cooperatives_name_does_not_ask_for_its_rating() -> None:
    assert card_facts_asked("江南信用社的联系人") == (CardFact.CONTACTS,)
    assert card_facts_asked("江南信用社的信用等级") == (CardFact.RATING,)


def test_a_chinese_name_in_an_english_possessive_is_read() -> None:
    assert card_fact_asked("What is 华润's address?") == "华润"
