"""English questions in words the glossary does not list: CC-CEDICT translates them into the Chinese
words the documents use, so the Chinese sentence that answers is found and quoted; a common word
with many senses brings in few translations, and the administrator's glossary comes first."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from knowledge import KnowledgeBase
from knowledge.dictionary import MAX_CHINESE, bridge, parse
from knowledge.lexical import BM25Index
from knowledge.text import normalize, query_groups
from tests.knowledge.conftest import open_kb

ENGLISH = """# Key-Account Service Handbook

Account managers visit every key account at least once a quarter.
Complaints from key accounts are resolved within three working days.
The supervisor reviews the client files of key accounts every month.
"""

CHINESE = """# 服务质量的提升

提高服务质量，一是要有科学的标准。
二是使无形服务有形化，通过对服务设施的改善和对服务人员的规范来实现。
三是对服务过程透明，满足消费者对服务过程的好奇。
大客户经理经过授权后，在团队中扮演领导者的角色。
"""


@pytest.fixture(scope="module")
def bilingual_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    base = open_kb(tmp_path_factory.mktemp("dictionary") / "kb")
    base.ingest_bytes("handbook.en.md", ENGLISH.encode())
    base.ingest_bytes("quality.zh.md", CHINESE.encode())
    try:
        yield base
    finally:
        base.close()


def test_an_english_question_in_dictionary_words_quotes_the_chinese_sentence(
    bilingual_kb: KnowledgeBase,
) -> None:
    # Neither "role" nor "play" is in glossary.txt: CC-CEDICT gives 角色.
    answer = bilingual_kb.answer("What role does the key-account manager play in the team?")
    assert answer.found
    assert "扮演领导者的角色" in answer.text.splitlines()[1]


def test_the_translations_are_the_words_the_documents_use() -> None:
    groups = bridge(
        normalize("intangible service"),
        query_groups("intangible service"),
        {"无形", "服务", "有形"},
    )
    assert "无形" in groups[0]


def test_a_word_with_many_senses_brings_in_only_a_few_translations_the_documents_hold() -> None:
    # CC-CEDICT gives "channel" more than a dozen Chinese words.
    known = {"信道", "沟渠", "通道", "海峡", "频道", "渠道", "途径", "管道"}
    groups = bridge(normalize("which channel"), query_groups("which channel"), known)
    channel = next(g for g in groups if g[0] == "channel")
    assert 1 <= len(channel) - 1 <= MAX_CHINESE
    assert set(channel[1:]) <= known


def test_a_common_english_word_does_not_pull_in_an_unrelated_chinese_sentence(
    bilingual_kb: KnowledgeBase,
) -> None:
    # "process" and "standard" have Chinese words in the article (过程, 标准): the English rule
    # on complaints still answers.
    answer = bilingual_kb.answer("Within how many days must complaints be resolved in the process?")
    assert answer.found
    assert "within three working days" in answer.text.splitlines()[1]


def test_a_word_the_glossary_translates_is_not_looked_up_in_the_dictionary() -> None:
    # glossary.txt: file = 档案; CC-CEDICT would add 文件 and 卷宗 too.
    groups = bridge(normalize("client file"), query_groups("client file"), {"档案", "文件", "卷宗"})
    file_group = next(g for g in groups if g[0] == "file")
    assert "档案" in file_group
    assert "文件" not in file_group and "卷宗" not in file_group


def _index(*chunks: str) -> BM25Index:
    """A word index over chunks given as space-separated words."""
    return BM25Index([chunk.split() for chunk in chunks])


def test_a_word_keeps_the_sense_the_documents_use_with_the_questions_other_words() -> None:
    # CC-CEDICT: internal = 国内 (domestic) or 内部; only 内部 is used with 机制 (mechanism).
    index = _index("供电企业 内部 工作 机制 大客户", "国内 通信 企业 大客户")
    question = "internal mechanism"
    groups = bridge(normalize(question), query_groups(question), index.vocabulary, index)
    internal = next(g for g in groups if g[0] == "internal")
    assert "内部" in internal
    assert "国内" not in internal


def test_without_the_word_index_every_translation_the_documents_hold_is_kept() -> None:
    # CC-CEDICT: local = 当地, 本地 or 局部 ("internal" was the example until the glossary took
    # internal = 内部 alone)
    index = _index("当地 供电 企业 大客户", "局部 故障 抢修 大客户")
    groups = bridge(normalize("local outage"), query_groups("local outage"), index.vocabulary)
    local = next(g for g in groups if g[0] == "local")
    assert {"当地", "局部"} <= set(local)


def test_a_gloss_qualified_by_an_adverb_also_translates_the_word_after_its_own_entries() -> None:
    parsed = parse(
        [
            "現有 现有 [xian4 you3] /currently existing/in stock/",
            "既存 既存 [ji4 cun2] /existing/",
        ]
    )
    assert parsed.chinese["existing"] == ("既存", "现有")
    assert parsed.chinese["currently existing"] == ("现有",)
