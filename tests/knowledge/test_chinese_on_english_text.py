"""A Chinese question on a knowledge base whose handbook is in English only: the English rule is
quoted (issue 14), and a Chinese question the handbook does not answer is still refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge import KnowledgeBase
from tests.knowledge.conftest import open_kb

HANDBOOK = Path(__file__).resolve().parents[2] / "knowledge/samples/service-policy-handbook.en.md"


def _chapter(text: str, heading: str) -> str:
    """The chapter of the handbook under heading, up to the next chapter."""
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end != -1 else len(text)]


@pytest.fixture(scope="module")
def english_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    text = HANDBOOK.read_text(encoding="utf-8")
    visits = _chapter(text, "## Chapter 4 Visits")
    # Chapter 7 says "receive" (Key accounts receive the "three-priority" service), the gloss of 接待.
    standards = _chapter(text, "## Chapter 7 Service standards")
    base = open_kb(tmp_path_factory.mktemp("english-only") / "kb")
    base.ingest_bytes(
        "handbook.en.md",
        f"# Key-Account Service Policy Handbook\n\n{visits}\n{standards}".encode(),
    )
    try:
        yield base
    finally:
        base.close()


def test_a_chinese_question_is_answered_from_the_english_rule(english_kb: KnowledgeBase) -> None:
    answer = english_kb.answer("信用差的客户我得多久去一趟？")
    assert answer.found, answer.text
    assert "at least once a month" in answer.text


def test_a_chinese_question_about_the_forum_quotes_its_english_article(
    english_kb: KnowledgeBase,
) -> None:
    answer = english_kb.answer("大客户座谈会多久开一次？")
    assert answer.found, answer.text
    assert "every six months" in answer.text


def test_a_chinese_question_the_english_handbook_does_not_answer_is_refused(
    english_kb: KnowledgeBase,
) -> None:
    answer = english_kb.answer("客户经理的底薪是多少？")
    assert not answer.found, answer.text


def test_a_chinese_how_question_is_refused_when_no_english_quote_says_its_verb(
    english_kb: KnowledgeBase,
) -> None:
    # 接待 is "receive", a word the handbook uses; the executives' visits share 公司 and 参观
    # (visit) with the question but say nothing of receiving visitors.
    answer = english_kb.answer("客户来公司参观怎么接待？")
    assert not answer.found, answer.text
