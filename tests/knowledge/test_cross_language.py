"""Across languages by meaning: an English question about Chinese text is answered from the Chinese
sentence even when English text on the same topic ranks first by raw similarity; the gate still
refuses an English question the documents do not answer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from knowledge import KnowledgeBase
from tests.knowledge.conftest import open_kb

ENGLISH = """# Key-Account Service Handbook

Account managers visit every key account at least once a quarter.
Every key account has a dedicated account manager and a client file.
Key accounts use the green channel for orders, fault reports and complaints.
The supervisor reviews the client files of key accounts every month.
Complaints from key accounts are resolved within three working days.
"""

CHINESE = """# 化工销售的经验

销售公司为大客户开通了24小时技术服务热线，由工程师轮流值班解答工艺问题。
每年召开一次大客户座谈会，听取客户对产品质量的意见。
"""


@pytest.fixture(scope="module")
def bilingual_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    base = open_kb(tmp_path_factory.mktemp("bilingual") / "kb")
    base.ingest_bytes("handbook.en.md", ENGLISH.encode())
    base.ingest_bytes("chemicals.zh.md", CHINESE.encode())
    try:
        yield base
    finally:
        base.close()


def test_an_english_question_about_a_chinese_only_fact_quotes_the_chinese_sentence(
    bilingual_kb: KnowledgeBase,
) -> None:
    answer = bilingual_kb.answer(
        "What technical service hotline did the sales company open for key accounts?"
    )
    assert answer.found
    first_quote = answer.text.splitlines()[1]
    assert "24小时技术服务热线" in first_quote
    assert answer.sources[0].title == "化工销售的经验"


def test_a_chinese_question_is_answered_from_chinese_text(bilingual_kb: KnowledgeBase) -> None:
    answer = bilingual_kb.answer("大客户座谈会多久开一次？")
    assert answer.found
    assert "每年召开一次大客户座谈会" in answer.text.splitlines()[1]


def test_an_english_question_the_documents_do_not_answer_is_refused(
    bilingual_kb: KnowledgeBase,
) -> None:
    answer = bilingual_kb.answer(
        "How many days of paid parental leave does an account manager get?"
    )
    assert not answer.found
    assert answer.sources == ()
