"""A lead-in announcing parts that are the sub-headings of the next sections ("…应该从以下2个方面
着手:" over "(1)…", "(2)…"): the quote gives the lead-in followed by the parts it announces, not
the lead-in alone, which says nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from knowledge import KnowledgeBase
from knowledge.answer_units import Unit
from knowledge.answering import announced_sections, compose, with_announced_sections
from knowledge.chunking import chunk_blocks
from knowledge.loaders import parse_document
from knowledge.registry import ChunkRow, DocumentRow
from knowledge.retrieval import ChunkTable
from knowledge.text import normalize, words
from knowledge.types import Passage

LEAD_IN = "对于在营销活动中,提高客户的满意度,个人认为应该从以下2个方面着手:"
INDICATORS = "(1)从客户满意度指标方面去改进"
SERVICE = "(2)从服务质量方面去提高"
KEY_ACCOUNTS = "(3)加强大客户的管理"
# From the customer-management article of the corpus (/work/shared/corpus), shortened: the
# section ends on the lead-in, and what it announces are the headings of the sections after it.
ARTICLE = f"""客户管理的策略探析
二、客户管理对策
(三)提高客户满意度
营销的经验数据告诉我们:100个满意的客户会带来25个新客户,获得一个新客户的成本是保持一个满意客户的成本的5倍。满意度是顾客感知的利益与其期望值之间的差距,是心理感知。{LEAD_IN}
{INDICATORS}
对于客户的满意度,如果从量化的指标来看,应从如下三方面来考虑:一是与产品有关的满意度指标;二是与服务有关的指标;三是与购买有关的绩效指标。
{SERVICE}
在提高服务质量过程中,一是要有科学的标准。二是使无形服务有形化。三是使服务自助化、自动化。
{KEY_ACCOUNTS}
大客户不单是从销量来确定,而从多个方面来定,能带来相当大的销售额或具有较大的销售潜力。
"""


def _table() -> tuple[ChunkTable, list[ChunkRow]]:
    parsed = parse_document("满意度.txt", ARTICLE.encode(), max_bytes=1 << 20)
    doc = DocumentRow("web", "web", "客户管理的策略探析", "满意度.txt", "text", "h", 4, 1,
                      datetime(2026, 1, 1, tzinfo=UTC), None)  # fmt: skip
    chunks = [
        ChunkRow(f"c{n}", "web", n, c.text, c.section, None, words(normalize(c.text)))
        for n, c in enumerate(chunk_blocks(parsed.blocks))
    ]
    return ChunkTable([doc], chunks), chunks


def test_the_sections_after_a_section_ending_on_a_lead_in_are_its_sub_headings() -> None:
    table, chunks = _table()
    first = chunks[0]
    assert first.text.rstrip().endswith(LEAD_IN)
    assert table.sections_after(first.chunk_id) == [INDICATORS, SERVICE, KEY_ACCOUNTS]
    # A sub-section's own chunk has no sections under it: its sibling comes next.
    assert table.sections_after(chunks[1].chunk_id) == []


def test_a_lead_in_announces_as_many_sub_headings_as_it_counts() -> None:
    after = [INDICATORS, SERVICE, KEY_ACCOUNTS]
    assert announced_sections(LEAD_IN, after) == [INDICATORS, SERVICE]
    assert announced_sections("主要包括以下几点：", after) == after
    assert announced_sections("大致分为两类：", after) == [INDICATORS, SERVICE]
    # Counting more parts than follow, or announcing none: not these sections.
    assert announced_sections("分为以下五个方面:", after) == []
    assert announced_sections("满意度是一种心理感知。", after) == []
    assert announced_sections("公司领导说:", after) == []


def test_the_quoted_lead_in_is_followed_by_the_parts_it_announces() -> None:
    table, chunks = _table()
    passage = Passage(chunks[0].text, "客户管理的策略探析", "满意度.txt", chunks[0].section, None,
                      1.0, "web", chunks[0].chunk_id)  # fmt: skip
    picked = with_announced_sections([passage], [(0, Unit(LEAD_IN))], table.sections_after)
    answer, _, previews = compose("zh", [passage], picked)
    assert f"“{LEAD_IN}\n{INDICATORS}\n{SERVICE}”" in answer
    assert KEY_ACCOUNTS not in answer
    assert previews[0] == f"{LEAD_IN}\n{INDICATORS}\n{SERVICE}"


def test_a_lead_in_not_ending_its_chunk_is_quoted_as_it_is() -> None:
    table, chunks = _table()
    # The sub-section's own "应从如下三方面来考虑:" is followed by its items in the same chunk.
    passage = Passage(chunks[1].text, "客户管理的策略探析", "满意度.txt", chunks[1].section, None,
                      1.0, "web", chunks[1].chunk_id)  # fmt: skip
    unit = Unit("对于客户的满意度,如果从量化的指标来看,应从如下三方面来考虑:")
    assert with_announced_sections([passage], [(0, unit)], table.sections_after) == [(0, unit)]


def test_asked_how_to_raise_satisfaction_the_answer_names_the_two_ways(kb: KnowledgeBase) -> None:
    kb.ingest_bytes("满意度.txt", ARTICLE.encode())
    answer = kb.answer("提高客户满意度要从哪几个方面着手？")
    assert answer.found
    assert LEAD_IN in answer.text
    assert f"{INDICATORS}\n{SERVICE}" in answer.text
