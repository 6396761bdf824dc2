"""An English question typed in a hurry ("acount", "complant", "doesn't") is read as meant before it
is searched: a misspelt word is no word of the documents and held the question to the gate's bar
for questions naming something the documents never mention."""

from __future__ import annotations

from knowledge.dictionary import respelled

# Words of the documents (the knowledge base's vocabulary) for these tests.
DOCUMENT_WORDS = frozenset(
    {"account", "managers", "complaint", "count", "team", "build", "visit", "receive"}
)


def test_a_missing_letter_is_read_as_the_documents_word() -> None:
    assert (
        respelled("how do we build a good team of acount managers", DOCUMENT_WORDS)
        == "how do we build a good team of account managers"
    )
    assert respelled("deadline for a normal complant", DOCUMENT_WORDS) == (
        "deadline for a normal complaint"
    )


def test_a_missing_letter_of_a_common_word_is_read_as_it() -> None:
    assert respelled("how ofen should i visit", DOCUMENT_WORDS) == "how often should i visit"


def test_two_swapped_letters_are_read_as_the_documents_word() -> None:
    assert respelled("who is told when we recieve one", DOCUMENT_WORDS) == (
        "who is told when we receive one"
    )
    # "compliant" is an English word of its own (the dictionary knows it): left as typed.
    assert respelled("who handles a compliant", DOCUMENT_WORDS) == "who handles a compliant"


def test_a_real_word_one_letter_from_another_is_left_as_typed() -> None:
    # "goes" is one wrong letter from "does"; the dictionary lists it only as "go".
    question = "What should an account manager do if a key account goes bankrupt?"
    assert respelled(question, DOCUMENT_WORDS) == question


def test_a_name_is_left_as_typed() -> None:
    assert respelled("Who visited Acount Ltd last week?", DOCUMENT_WORDS) == (
        "Who visited Acount Ltd last week?"
    )


def test_short_contractions_are_written_out() -> None:
    assert respelled("what happens if a customer doesn't pay", DOCUMENT_WORDS) == (
        "what happens if a customer does not pay"
    )
    assert respelled("What's the deadline? We can't wait", DOCUMENT_WORDS) == (
        "What is the deadline? We cannot wait"
    )
    # A possessive is not a contraction.
    assert respelled("the client's file", DOCUMENT_WORDS) == "the client's file"
