"""A manager's terms in English questions about the handbooks: an acronym of the trade (SLA) is
read through the glossary, not taken for a name the quote must repeat; "what should X include"
asks for the whole list; a company's name still has to be in the quote."""

from __future__ import annotations

from knowledge import KnowledgeBase
from knowledge.text import query_groups


def _group(question: str, word: str) -> tuple[str, ...]:
    return {g[0]: g for g in query_groups(question)}[word]


def test_the_words_of_service_levels_and_visits_are_translated() -> None:
    assert "处理时限" in _group("What's the SLA for a high-severity complaint?", "sla")
    assert "上门" in _group("Who goes on an on-site visit?", "site")


def test_an_sla_question_is_answered_by_the_deadline_for_its_severity(
    handbook: KnowledgeBase,
) -> None:
    answer = handbook.answer("What's the SLA for a high-severity complaint?")
    assert answer.found, answer.text
    assert "High: 3 working days" in answer.text or "高：3个工作日" in answer.text, answer.text
    assert answer.text.startswith("From the documents"), answer.text


def test_a_company_name_the_quote_does_not_say_is_still_refused(handbook: KnowledgeBase) -> None:
    assert not handbook.answer("Which account manager looks after PetroChina?").found


def test_what_a_record_should_include_is_answered_by_the_whole_list(
    handbook: KnowledgeBase,
) -> None:
    answer = handbook.answer("What should a visit record include?")
    assert answer.found, answer.text
    for item in ("who visited and the date", "the main points discussed", "the follow-up date"):
        assert item in answer.text, answer.text
