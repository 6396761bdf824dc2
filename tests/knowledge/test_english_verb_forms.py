"""English questions in a foreign manager's words about Chinese text: a verb of the glossary is
translated in any form the question writes it ("paying", "visited", "handed over", "deals
with"), and a phrasal verb or an everyday word the glossary lists ("win back", "alone",
"unhappy") is read as the documents say it, not word by word from the dictionary (支援 for
"back")."""

from __future__ import annotations

from knowledge.lexicon import english_inflections, term_inflections
from knowledge.text import query_groups


def _group(question: str, word: str) -> tuple[str, ...]:
    return next(g for g in query_groups(question.lower()) if g[0] == word)


def test_a_verb_is_inflected_the_way_questions_write_it() -> None:
    assert english_inflections("visit") == ["visits", "visited", "visiting"]
    assert english_inflections("resolve") == ["resolves", "resolved", "resolving"]
    assert "planned" in english_inflections("plan")
    assert "paid" in english_inflections("pay")
    assert "handed over" in term_inflections("hand over")
    assert "not paying" in term_inflections("not pay")


def test_an_inflected_verb_is_translated_like_the_glossary_verb() -> None:
    assert "缴费" in _group("What do I do when a big client keeps not paying?", "paying")
    assert "处理" in _group("How long for resolving a critical complaint?", "resolving")
    assert "交接" in _group("Who gets the files when clients are handed over?", "handed")


def test_a_phrasal_verb_is_translated_as_one_meaning() -> None:
    assert "补救" in _group("What do we do to win back an unhappy customer?", "win")
    assert "满意" in _group("How do we measure whether customers are happy?", "happy")
