"""English questions asking what a term means: the row defining that term is quoted first, not the
list of types or another row sharing its words; a numbered English item keeps its number with its
text, so no quote ends on a bare "4."."""

from __future__ import annotations

import re

from knowledge import KnowledgeBase
from knowledge.defined_terms import defined_term, term_forms
from knowledge.text import split_sentences


def test_the_term_an_english_definition_question_asks_about() -> None:
    assert defined_term("what counts as a key account?") == "key account"
    assert defined_term("what does account manager mean?") == "account manager"
    assert defined_term("what is the definition of a working day?") == "working day"
    assert defined_term("how often must i visit a client rated poor?") == ""
    assert {"key accounts", "大客户"} <= term_forms("key account")


def _first_quote(text: str) -> str:
    return text.split("\n", 1)[1].split('" [', 1)[0]


def test_what_counts_as_a_key_account_quotes_the_definition_first(handbook: KnowledgeBase) -> None:
    answer = handbook.answer("What counts as a key account?")
    assert answer.found, answer.text
    assert "Key account: an organisation client" in _first_quote(answer.text), answer.text


def test_what_a_term_means_quotes_its_own_row_first(handbook: KnowledgeBase) -> None:
    answer = handbook.answer("What does account manager mean?")
    assert answer.found, answer.text
    assert "Account manager: an employee authorised" in _first_quote(answer.text), answer.text


def test_a_numbered_item_keeps_its_number_with_its_text() -> None:
    text = "Key accounts are of four types:\n3. Commercial: trade;\n4. Strategic key accounts: ports.\n"
    assert split_sentences(text) == [
        "Key accounts are of four types:", "3. Commercial: trade;", "4. Strategic key accounts: ports."
    ]  # fmt: skip
    assert "".join(split_sentences(text, keep_spaces=True)) == text.replace("\n", "")


def test_no_quote_of_the_types_ends_on_a_bare_number(handbook: KnowledgeBase) -> None:
    answer = handbook.answer("What types of key accounts are there?")
    assert answer.found, answer.text
    assert not re.search(r"\n\d{1,2}\.\"", answer.text), answer.text
