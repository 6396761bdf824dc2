"""A sentence stands under a heading: the heading's words count for it (HEADING_CREDIT), so the
paragraph under "(一)营销渠道改变时,客户的管理" answers "营销渠道改变以后怎么管理客户？" though it
says neither 营销渠道 nor 改变, and the second sentence of an article is read under its title."""

from __future__ import annotations

import numpy as np

from knowledge.answer_units import chunk_units
from knowledge.answering import headings, lexical_overlap, select_sentences
from knowledge.text import query_groups
from knowledge.types import Passage

CHANNEL = (
    "中油化工产品的销售以前采用的是分开独立销售的模式,中油统销实行,就是将客户先行集中,合并,"
    "并对一些信誉差的客户进行限期整改淘汰。"
)
SATISFACTION = "企业要通过多种方式提高客户满意度,让客户愿意长期合作。"
QUESTION = "营销渠道改变以后怎么管理客户？"


def _passage(text: str, section: str | None, chunk: str) -> Passage:
    return Passage(text, "客户管理对策", "web.txt", section, None, 1.0, "d", chunk)


def test_the_paragraph_under_the_heading_asked_about_is_quoted_first() -> None:
    passages = [
        _passage(SATISFACTION, "二、客户管理对策 › (三)提高客户满意度", "c0"),
        _passage(CHANNEL, "二、客户管理对策 › (一)营销渠道改变时,客户的管理", "c1"),
    ]
    picked = select_sentences(passages, query_groups(QUESTION), lambda w: 1.0, None)
    assert picked[0][1].text == CHANNEL


def test_a_heading_word_counts_less_than_the_sentence_saying_it() -> None:
    groups = query_groups(QUESTION)
    heading = "(一)营销渠道改变时,客户的管理"
    under = lexical_overlap(groups, lambda w: 1.0, CHANNEL, heading=heading)
    alone = lexical_overlap(groups, lambda w: 1.0, CHANNEL)
    said = lexical_overlap(groups, lambda w: 1.0, f"{heading}。{CHANNEL}")
    assert alone < under < said


def test_a_sentence_stands_under_the_last_title_before_it_in_its_chunk() -> None:
    text = (
        "第二十条 到期提醒。\n系统在客户走访到期前7天向客户经理发出提醒。"
        "已经逾期的客户，每个工作日提醒一次。\n"
        "第二十一条 逾期处理。\n客户走访逾期超过15天的，主管应安排补访。"
    )
    units = chunk_units(text)
    over = dict(
        zip((u.text.strip() for u in units), headings(units, "第四章 走访制度"), strict=True)
    )
    assert over["已经逾期的客户，每个工作日提醒一次。"] == "第二十条 到期提醒。"
    assert (
        over["第二十一条 逾期处理。 客户走访逾期超过15天的，主管应安排补访。"]
        == "第二十一条 逾期处理。"
    )


def test_the_second_sentence_of_an_article_is_read_under_the_article_s_title() -> None:
    # "第二十条 到期提醒。" gives 到期 and 提醒 to the sentence stating what happens once overdue.
    groups = query_groups("走访到期提醒以后还没去怎么办")
    sentence = "已经逾期的客户，每个工作日提醒一次。"
    under = lexical_overlap(groups, lambda w: 1.0, sentence, heading="第二十条 到期提醒。")
    assert under > lexical_overlap(groups, lambda w: 1.0, sentence)


def test_a_chunk_with_no_title_stands_under_its_section_s_innermost_heading() -> None:
    units = chunk_units(CHANNEL)
    assert headings(units, "二、客户管理对策 › (一)营销渠道改变时,客户的管理") == [
        "(一)营销渠道改变时,客户的管理"
    ] * len(units)
    assert headings(units, None) == [""] * len(units)


# The article's opening says 营销渠道 and 改变 itself, in a list of what was wrong before.
OPENING = "改变了以前营销渠道不合理、对于经销商业绩考查主要着眼于销量;"
TECHNICAL = "公司成立了专门的技术服务部,对客户进行技术指导,对后加工工艺进行跟踪指导。"


def test_the_paragraph_under_a_heading_saying_the_question_beats_a_sentence_repeating_its_words() -> (
    None
):
    passages = [
        _passage(OPENING, "客户管理的策略探析", "c0"),
        _passage(TECHNICAL, "二、客户管理对策 › (二)技术服务客户管理的应用", "c1"),
        _passage(CHANNEL, "二、客户管理对策 › (一)营销渠道改变时,客户的管理", "c2"),
    ]
    picked = select_sentences(passages, query_groups(QUESTION), lambda w: 1.0, None)
    assert picked[0][1].text == CHANNEL
    assert all(unit.text != TECHNICAL for _, unit in picked)


def test_a_document_s_title_is_no_heading_saying_the_question() -> None:
    # A section path of one part is the document's title, over every sentence of it: the sentence
    # saying the question's words comes first, not the one standing under that title.
    passages = [
        _passage(OPENING, "客户管理的策略探析", "c0"),
        _passage(SATISFACTION, "营销渠道改变时客户的管理", "c1"),
    ]
    picked = select_sentences(passages, query_groups(QUESTION), lambda w: 1.0, None)
    assert picked[0][1].text == OPENING


def test_the_paragraph_under_the_heading_is_quoted_in_its_reading_order() -> None:
    # "这一做法…" points back to the sentence before it: quoted after it, though nearer in meaning.
    later = ["这一做法,优化了资源,提升了客户质量。", "同时在这个过程中也淘汰了一些不忠诚客户。"]
    passages = [
        _passage(OPENING, "客户管理的策略探析", "c0"),
        _passage(
            CHANNEL + "".join(later), "二、客户管理对策 › (一)营销渠道改变时,客户的管理", "c1"
        ),
    ]
    query = np.array([1.0, 0.0], dtype=np.float32)
    vectors = [
        [np.array([0.9, 0.1], dtype=np.float32)],
        # The later sentences nearer the question in meaning than the first.
        [np.array([v, 0.1], dtype=np.float32) for v in (0.85, 0.95, 0.95)],
    ]
    picked = select_sentences(passages, query_groups(QUESTION), lambda w: 1.0, query, vectors)
    texts = [unit.text for _, unit in picked]
    assert texts == [CHANNEL, *later]
