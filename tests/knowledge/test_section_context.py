"""A sentence is read in its section: one near the question from the section the question is about
is quoted before an equally near one from a section about something else."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase


@pytest.mark.parametrize(
    ("question", "quoted"),
    [
        # Article 23 ("true and specific"), next to Article 22 under "Visit records", was not
        # quoted at all: Article 22's list alone was.
        ("what makes a good visit record?", "Visit records are true and specific"),
        # Article 2 (the account manager as the single point of contact, under "Purpose and
        # principles") lost its place to Article 41's order deadlines, from another chapter.
        ("Who is the one person a client deals with for all their requests?",
         "single point of contact"),
    ],
)  # fmt: skip
def test_a_sentence_from_the_section_asked_about_is_quoted(
    handbook: KnowledgeBase, question: str, quoted: str
) -> None:
    answer = handbook.answer(question)
    assert answer.found
    assert quoted in answer.text
