"""Cleaning of messy pasted documents and chunking at sentence ends and headings."""

from __future__ import annotations

from knowledge.chunking import MAX_CHARS, chunk_blocks
from knowledge.cleaning import clean_web_text
from knowledge.loaders import heading_level, parse_document
from knowledge.text import normalize, split_sentences

WEB_PAGE = """| 首页 | 最新动态 | 流通研究 | 下载共享 | 咨询培训 | 论坛 | 博客
English 繁體中文
您现在的位置: 中国流通研究网 >> 运营管理 >> 客户研究 >> 正文 用户登录 新用户注册
客户管理的策略探析
客户管理的策略探析
作者:某某 来源:《活力》 人气: 时间:2011-11-11 进入论坛

一、客户管理的内容
客户管理包括了客户服务管理、客户信用管理、客户关系管理。客户服务管理是客户管理的重要组成部分。
客户管理具体工作有以下几个重心:一是客户分类;二是优化客户结构。
客户管理包括了客户服务管理、客户信用管理、客户关系管理。客户服务管理是客户管理的重要组成部分。

分享到:
  • 上一篇文章:
【字体: 】【发表评论】【加入收藏】【告诉好友】【打印此文】【关闭窗口
 >>相关文章
  • 大客户是这样炼成的
  • 客户关系管理及实施
我来说两句
 姓 名:
 评论内容:
  • 严禁发表危害国家安全、政治、黄色淫秽等内容的评论。
"""


def _chunks_of(text: str, name: str = "page.txt") -> list[str]:
    parsed = parse_document(name, text.encode(), max_bytes=1 << 20)
    return [c.text for c in chunk_blocks(parsed.blocks)]


def test_menus_login_boxes_and_comment_forms_are_removed() -> None:
    everything = "\n".join(_chunks_of(WEB_PAGE))
    for junk in ("首页", "最新动态", "繁體中文", "用户登录", "您现在的位置", "分享到",
                 "发表评论", "相关文章", "大客户是这样炼成的", "我来说两句", "评论内容", "严禁发表"):  # fmt: skip
        assert junk not in everything, junk
    assert "客户管理包括了客户服务管理" in everything


def test_a_passage_pasted_twice_is_kept_once() -> None:
    everything = "\n".join(_chunks_of(WEB_PAGE))
    assert everything.count("客户管理包括了客户服务管理、客户信用管理、客户关系管理。") == 1
    assert everything.count("客户管理的策略探析") <= 1


def test_a_whole_article_pasted_twice_with_other_line_breaks_is_kept_once() -> None:
    article = (
        "大客户管理属于关系营销的范畴。买卖双方的交易关系，正在转变。\n"
        "供电企业的收益大部分来源于大客户。细分市场能够对不同的电力消费者进行合理有效的分类。\n"
    )
    # The second copy: one paragraph, half-width commas, traditional characters in places.
    copy = article.replace("\n", "").replace("，", ",").replace("電", "电").replace("供电", "供電")
    everything = "\n".join(_chunks_of(article + "\n" + copy))
    assert everything.count("大部分来源于大客户") == 1
    assert everything.count("买卖双方的交易关系") == 1


def test_clean_web_text_leaves_ordinary_prose_alone() -> None:
    prose = "客户经理每季度走访一次中等信誉客户。\n\n走访后当天填写走访记录。"
    assert clean_web_text(prose) == prose


def test_the_index_form_is_simplified_half_width_lower_case_and_pinyin_free() -> None:
    assert normalize("營(yíng)銷") == "营销"
    assert normalize("客（kè）戶滿意度") == "客户满意度"
    assert normalize("ＡＢＣ，１２３：　Ｋｅｙ") == "abc,123: key"
    assert normalize("服務補救") == "服务补救"


def test_pinyin_is_stripped_for_the_index_but_kept_in_the_shown_text() -> None:
    chunks = _chunks_of("營(yíng)銷人員應每週回訪客戶。", "pinyin.txt")
    assert chunks == ["營(yíng)銷人員應每週回訪客戶。"]


def test_sentences_split_at_chinese_and_western_ends() -> None:
    assert split_sentences("第一句。第二句！第三句？第四句；end. Next! 尾巴") == [
        "第一句。", "第二句！", "第三句？", "第四句；", "end.", "Next!", "尾巴",
    ]  # fmt: skip


def test_chinese_numbering_is_recognised_as_headings() -> None:
    assert heading_level("第一章 总则") == 1
    assert heading_level("一、走访制度") == 2
    assert heading_level("（二）投诉处理") == 3
    assert heading_level("1、大客户管理属于关系营销的范畴") == 3
    assert heading_level("5.1建立完善的大客户档案") == 4
    assert heading_level("1)细分市场。可按行业分类来细分市场。") is None
    assert (
        heading_level(
            "一、客户管理包括了客户服务管理、客户信用管理和客户关系管理，这是一个很长的句子。"
        )
        is None
    )


def test_chunks_stay_within_the_size_limit_end_at_sentences_and_keep_sections() -> None:
    sentence = "客户经理应当在每次走访之后及时记录客户的需求变化和竞争对手动态。"
    text = (
        "# 手册\n\n## 一、走访\n\n"
        + sentence * 30
        + "\n\n## 二、投诉\n\n受理后一个工作日内联系客户。"
    )
    parsed = parse_document("h.md", text.encode(), max_bytes=1 << 20)
    chunks = chunk_blocks(parsed.blocks)
    assert len(chunks) >= 3
    assert all(len(c.text) <= MAX_CHARS for c in chunks)
    assert all(c.text.endswith("。") for c in chunks)
    assert {c.section for c in chunks} == {"手册 › 一、走访", "手册 › 二、投诉"}
    body = [c for c in chunks if c.section == "手册 › 一、走访"]
    assert all(150 <= len(c.text) <= MAX_CHARS for c in body)


def test_english_paragraphs_are_chunked_at_full_stops() -> None:
    sentence = "Account managers visit clients rated poor at least once a month. "
    parsed = parse_document("en.md", ("# Visits\n\n" + sentence * 40).encode(), max_bytes=1 << 20)
    chunks = chunk_blocks(parsed.blocks)
    assert len(chunks) >= 2
    assert all(c.text.endswith("a month.") for c in chunks)


def test_markdown_bold_links_and_quotes_are_plain_text_and_numbered_lines_stay_list_items() -> None:
    text = "# 手册\n\n> 2026年版。\n\n**第一条 目的。** 见[附件](http://x/a.pdf)。\n\n1. 走访人和走访日期\n"
    parsed = parse_document("h.md", text.encode(), max_bytes=1 << 20)
    assert [b.text for b in parsed.blocks] == [
        "手册",
        "2026年版。",
        "第一条 目的。 见附件。",
        "1. 走访人和走访日期",
    ]
    assert [b.heading_level for b in parsed.blocks] == [1, None, None, None]


def test_a_numbered_list_run_into_one_paragraph_is_one_line_per_item() -> None:
    # Pasted from the web: "1)…。2)…。" in one paragraph, after a sentence ending in a colon.
    text = (
        "供电企业可将制定大客户营销策略计划分为以下3个步骤:1)细分市场。可按行业分类来细分市场。"
        "2)定义和选择目标大客户。在细分市场中识别目标大客户。3)客户行业潜力分析。得出用电潜力。"
    )
    assert clean_web_text(text).split("\n") == [
        "供电企业可将制定大客户营销策略计划分为以下3个步骤:",
        "1)细分市场。可按行业分类来细分市场。",
        "2)定义和选择目标大客户。在细分市场中识别目标大客户。",
        "3)客户行业潜力分析。得出用电潜力。",
    ]
    # One number alone, or numbers out of sequence, are not a list.
    assert clean_web_text("见第1)条。其他规定照旧。") == "见第1)条。其他规定照旧。"
    assert clean_web_text("甲。2)乙。5)丙。") == "甲。2)乙。5)丙。"


def test_a_sentence_broken_across_two_lines_is_joined_again() -> None:
    text = (
        "5)客户年度报告和财务分析。为了做到心中有数,并择取有价值的信息来确定如何为客户提供帮助,"
        "努力改进工作,供电企业通过\n"
        "阅读和分析客户的公开年度报告,进一步了解客户经营状况。\n"
        "大客户档案\n建立大客户档案就是要及时了解大客户的用电结构。"
    )
    chunks = _chunks_of(text)
    assert "供电企业通过阅读和分析客户的公开年度报告" in "\n".join(chunks)
    # A short title line is not prose: it is not joined to the line after it.
    assert "大客户档案建立" not in "\n".join(chunks)


def test_keyword_lines_and_the_authors_affiliation_are_not_content() -> None:
    text = (
        "某某供电公司客户服务中心营业及电费室\n"
        "摘要:本文对供电企业大客户管理进行了探究。\n"
        "关键词:供电企业;大客户;市场细分\n"
        "【关键词】大客户价值;营销策略\n"
        "供电企业应提高大客户经理的地位和待遇。\n"
    )
    everything = "\n".join(_chunks_of(text))
    assert "关键词" not in everything and "电费室" not in everything
    assert "摘要:本文对供电企业大客户管理进行了探究。" in everything
    assert "供电企业应提高大客户经理的地位和待遇。" in everything


def test_parenthesised_arabic_numbers_are_sub_headings() -> None:
    assert heading_level("(3)加强大客户的管理") == 4
    assert heading_level("（1）从客户满意度指标方面去改进") == 4
    assert heading_level("(1)公司每半年开一次用户座谈会。") is None
    text = "(三)提高客户满意度\n总体要求很多。\n(3)加强大客户的管理\n对大客户优先供货。"
    parsed = parse_document("p.txt", text.encode(), max_bytes=1 << 20)
    chunks = chunk_blocks(parsed.blocks)
    last = next(c for c in chunks if "优先供货" in c.text)
    assert last.section == "(三)提高客户满意度 › (3)加强大客户的管理"
