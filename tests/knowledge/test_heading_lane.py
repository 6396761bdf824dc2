"""A section whose heading is nearer a Chinese question by meaning than any sentence of the knowledge
base is read, and its heading lends its meaning to its sentences: the paragraph under
"(一)营销渠道改变时,客户的管理" never says 渠道 or 改变, and "渠道一变，客户这块儿怎么处理？" shares
few words with the heading either; the article's opening, which says 营销渠道 and 老客户, won, or the
handbook's rule on complaints received through any channel (渠道)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from knowledge import KnowledgeBase, KnowledgeConfig
from knowledge.answering import select_sentences
from knowledge.heading_vectors import HeadingVectors
from knowledge.text import query_groups
from knowledge.types import Passage

OPENING = (
    "企业要生存发展就必须不断发展新客户,并全力留住老客户。"
    "改变了以前营销渠道不合理、对于经销商业绩考查主要着眼于销量的做法。"
)
CHANNEL = (
    "中油化工产品的销售以前采用的是分开独立销售的模式,中油统销实行,就是将客户先行集中,合并,"
    "并对一些信誉差的客户进行限期整改淘汰。这一做法,优化了资源,提升了客户质量。"
)
TECH = "公司成立了专门的技术服务部,对客户进行技术指导,与客户一起研究,克服产品本身带来的缺陷。"
ARTICLE = f"""# 客户管理的策略探析

{OPENING}

## 二、客户管理对策

### (一)营销渠道改变时,客户的管理

{CHANNEL}

### (二)技术服务客户管理的应用

{TECH}
"""
QUESTION = "渠道一变，客户这块儿怎么处理？"


def _passage(text: str, section: str | None, chunk: str) -> Passage:
    return Passage(text, "客户管理的策略探析", "web.txt", section, None, 1.0, "d", chunk)


def test_the_paragraph_under_the_heading_nearest_in_meaning_is_quoted_first() -> None:
    passages = [
        _passage(OPENING, "客户管理的策略探析", "c0"),
        _passage(CHANNEL, "二、客户管理对策 › (一)营销渠道改变时,客户的管理", "c1"),
    ]
    groups = query_groups(QUESTION)
    picked = select_sentences(passages, groups, lambda w: 1.0, None, near_headings={"c1": 0.93})
    assert "将客户先行集中" in picked[0][1].text


def test_a_heading_saying_the_question_in_words_is_left_to_the_words() -> None:
    # "(三)提高客户满意度" says "提高客户满意度有哪些办法？" itself: whether its sentences are lifted
    # is the word rule's (answering.HEADING_MATCH), which keeps the lead-in the section gives first.
    lead = "对于在营销活动中,提高客户的满意度,个人认为应该从以下2个方面着手:"
    other = "营销的经验数据告诉我们:100个满意的客户会带来25个新客户。"
    passages = [_passage(f"{other}{lead}", "二、客户管理对策 › (三)提高客户满意度", "c2")]
    groups = query_groups("提高客户满意度有哪些办法？")
    near = select_sentences(passages, groups, lambda w: 1.0, None, near_headings={"c2": 0.93})
    plain = select_sentences(passages, groups, lambda w: 1.0, None)
    assert [u.text for _, u in near] == [u.text for _, u in plain]


def test_the_channel_paragraph_answers_a_manager_asking_in_other_words(
    handbook: KnowledgeBase,
) -> None:
    handbook.ingest_bytes("customer-management.md", ARTICLE.encode())
    answer = handbook.answer("换了销售渠道以后，原来的客户怎么管？")
    assert answer.found
    first = answer.text.split("“", 1)[1].split("”", 1)[0]
    assert "将客户先行集中" in first, answer.text


def test_headings_are_embedded_once_and_kept_beside_the_knowledge_base(tmp_path: Path) -> None:
    calls: list[list[str]] = []

    def embed(texts: list[str]) -> np.ndarray:
        calls.append(texts)
        return np.ones((len(texts), 4), np.float32)

    HeadingVectors(tmp_path, "m", embed).ensure(
        ["(一)营销渠道改变时,客户的管理", "二、准确识别大客户"]
    )
    again = HeadingVectors(tmp_path, "m", embed)
    matrix = again.matrix(["二、准确识别大客户", "(一)营销渠道改变时,客户的管理"])
    assert matrix.shape == (2, 4)
    assert len(calls) == 1  # read from the file, not embedded again
    again.matrix(["5.1建立完善的大客户档案"])
    assert calls[-1] == ["5.1建立完善的大客户档案"]


def test_headings_missing_from_an_older_knowledge_base_are_embedded_at_open(tmp_path: Path) -> None:
    # A knowledge base ingested before the heading lane (or by another replica) has no headings
    # file: they were embedded at the first question, which then waited for all of them.
    directory = tmp_path / "kb"
    with KnowledgeBase.open(KnowledgeConfig(directory=directory)) as base:
        base.ingest_bytes("customer-management.md", ARTICLE.encode())
    for kept in directory.glob("headings-*.npz"):
        kept.unlink()
    with KnowledgeBase.open(KnowledgeConfig(directory=directory)):
        assert list(directory.glob("headings-*.npz")), "embedded at open, before any question"
