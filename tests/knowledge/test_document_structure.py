"""What a pasted document becomes: the lists, lead-ins and run-in titles of real web articles stay
units a question can be answered by; no model is loaded here."""

from __future__ import annotations

import io

import docx

from knowledge.answer_units import Unit, answer_units
from knowledge.answering import compose
from knowledge.chunking import chunk_blocks
from knowledge.cleaning import clean_web_text
from knowledge.loaders import parse_document
from knowledge.types import Passage
from tests.knowledge.builders import text_pdf


def _passage(text: str) -> Passage:
    return Passage(text, "文章", "文章.txt", None, None, 1.0, "d", "c0")


# From a web article: the items have no numbers, only their semicolons say they are a list.
ADVANTAGES = (
    "通过大客户管理，企业可以在以下几个方面保持竞争优势：\n"
    "保持企业产品和竞争者有差异性，并能满足客户需求；\n"
    "与大客户建立起业务关系后，彼此建立信任，容易形成客户忠诚度；形成规模经营，取得成本上的优势；\n"
    "分析与研究客户，制定个性化解决方案，增加企业综合竞争力。\n"
    "总之，提高顾客服务的满意度和服务质量，不仅要从传统的4P去考虑。"
)
# The lead-in lost its colon on the way from the web; the items open with 第一，第二，第三，.
MEASURES = (
    "在管理对大客户采取了一系列的管理策略保障大客户的稳定性\n"
    "第一，对大客户优先供货，公司采用各种调剂方式保障货物的供应。\n"
    "第二，对大客户采用送货上门的服务。对所确定的大客户，采用汽车免费送货方式。\n"
    "第三，安排领导访问大客户。领导每年定期对大客户进行走访。"
)


def test_unnumbered_items_ending_in_semicolons_are_items_of_their_lead_in() -> None:
    units = answer_units(ADVANTAGES)
    lead_in = "通过大客户管理，企业可以在以下几个方面保持竞争优势："
    scale = next(u for u in units if "形成规模经营" in u.text and u.intro)
    assert scale.intro == lead_in
    last = next(u for u in units if u.text.startswith("分析与研究客户"))
    assert last.intro == lead_in
    # The whole list is one unit too, for "在哪些方面…".
    whole = units[0]
    assert whole.text.startswith(lead_in) and whole.text.endswith("增加企业综合竞争力。")
    # The paragraph after the list is no item of it.
    assert Unit("总之，提高顾客服务的满意度和服务质量，不仅要从传统的4P去考虑。") in units
    # Nor is the next article, though it ends in a semicolon like the items.
    units = answer_units(
        "Counting from the day it is accepted, a complaint is closed within:\n"
        "1. Low: 10 working days;\n2. Critical: 1 working day.\n"
        "Article 29 Notifying the supervisor. For a critical complaint, whoever accepted it "
        "notifies the supervisor at once;\n"
        "第四十三条 档案更新。 档案信息发生变化的，客户经理应在5个工作日内更新；"
    )
    assert all(not u.intro for u in units if "Article 29" in u.text or "档案" in u.text)


def test_a_lead_in_without_its_colon_still_introduces_items_numbered_in_words() -> None:
    units = answer_units(MEASURES)
    lead_in = "在管理对大客户采取了一系列的管理策略保障大客户的稳定性"
    items = [u for u in units if u.intro == lead_in]
    assert [u.text[:3] for u in items] == ["第一，", "第二，", "第三，"]
    # An item is quoted whole: 送货上门 with its 免费送货, 领导访问 with how often.
    assert items[2].text == "第三，安排领导访问大客户。领导每年定期对大客户进行走访。"
    assert (
        units[0].text.startswith(lead_in)
        and "\n第二，对大客户采用送货上门的服务。" in units[0].text
    )
    # A title line without punctuation is no lead-in of the unnumbered lines after it.
    units = answer_units("客户档案管理\n档案每季度更新一次；\n由客户经理负责。")
    assert all(not u.intro for u in units)


def test_a_run_in_title_introduces_the_sentences_of_its_paragraph() -> None:
    units = answer_units(
        "完善大客户服务渠道。大客户服务渠道的建设是加强服务的根本。要充分了解大客户需求。\n"
        "内强素质，外塑形象。企业的主体是人。"
    )
    assert units == [
        Unit("大客户服务渠道的建设是加强服务的根本。", "完善大客户服务渠道。"),
        Unit("要充分了解大客户需求。", "完善大客户服务渠道。"),
        Unit("企业的主体是人。", "内强素质，外塑形象。"),
    ]
    # Quoted, the title heads the sentences it introduces.
    text = "\n".join(u.text for u in units)
    answer, _, _ = compose("zh", [_passage(text)], [(0, units[0]), (0, units[1])])
    assert (
        "“完善大客户服务渠道。\n大客户服务渠道的建设是加强服务的根本。\n要充分了解大客户需求。”"
        in answer
    )


def test_page_numbers_and_a_running_header_are_not_glued_into_sentences() -> None:
    pages = [
        [
            "大客户服务手册",
            "第一章 走访制度",
            "信誉评价为优质的客户至少每六个月",
            "走访一次。",
            "- 1 -",
        ],
        ["大客户服务手册", "信誉评价为较差的客户每月走访一次", "- 2 -"],
        ["大客户服务手册", "第二章 投诉", "紧急投诉1个工作日内处理完毕。", "第 3 页 共 3 页"],
    ]
    parsed = parse_document("手册.pdf", text_pdf(pages), max_bytes=1 << 20)
    assert [(b.text, b.page) for b in parsed.blocks if b.heading_level is None] == [
        ("信誉评价为优质的客户至少每六个月走访一次。", 1),
        ("信誉评价为较差的客户每月走访一次", 2),
        ("紧急投诉1个工作日内处理完毕。", 3),
    ]


def test_a_chapter_title_repeated_atop_its_pages_stays_where_the_chapter_starts() -> None:
    pages = [
        ["第一章 走访制度", "客户经理每月走访一次较差客户。"],
        ["第一章 走访制度", "走访后24小时内填写记录。"],
        ["第一章 走访制度", "主管每季度抽查走访记录。"],
    ]
    parsed = parse_document("手册.pdf", text_pdf(pages), max_bytes=1 << 20)
    headings = [b.text for b in parsed.blocks if b.heading_level is not None]
    assert headings == ["第一章 走访制度"]
    assert chunk_blocks(parsed.blocks)[0].section == "第一章 走访制度"


def test_calls_to_click_scan_or_follow_and_disclaimers_are_not_content() -> None:
    page = (
        "客户走访制度\n第3页 共10页\n- 12 -\n点击查看原文\n本文来源：中国营销网\n扫码关注公众号\n"
        "客户经理每月走访一次较差客户。\n网站点击量提升了30%。\n"
        "声明：本文仅代表作者观点，不代表本站立场。\n原标题：大客户管理的五个要点\n（完）\nPage 3 of 10"
    )
    assert clean_web_text(page).split() == [
        "客户走访制度",
        "客户经理每月走访一次较差客户。",
        "网站点击量提升了30%。",
    ]


def test_items_numbered_with_circled_or_chinese_numbers_are_items_of_their_lead_in() -> None:
    units = answer_units(
        "回访包括以下几步：\n①客户经理电话回访。\n②记录客户意见。\n"
        "服务原则如下：\n一、公平性原则。对所有客户一视同仁。\n二、及时性原则。当天回复。"
    )
    assert Unit("②记录客户意见。", "回访包括以下几步：") in units
    assert Unit("二、及时性原则。当天回复。", "服务原则如下：") in units
    # Run together in one paragraph, each goes on a line of its own.
    assert clean_web_text("工作步骤：①电话预约；②上门走访；③填写记录。").split("\n") == [
        "工作步骤：",
        "①电话预约；",
        "②上门走访；",
        "③填写记录。",
    ]


def test_a_tab_separated_table_keeps_its_header_in_every_row() -> None:
    text = (
        "投诉按严重程度在以下时限内处理完毕：\n等级\t时限\t负责人\n紧急\t1个工作日\t主管\n"
        "高\t3个工作日\t客户经理\n\t客户经理应每天跟进投诉进度。\n"
    )
    parsed = parse_document("时限.txt", text.encode(), max_bytes=1 << 20)
    units = answer_units(chunk_blocks(parsed.blocks)[0].text)
    row = Unit("等级: 紧急; 时限: 1个工作日; 负责人: 主管", "投诉按严重程度在以下时限内处理完毕：")
    assert row in units
    # An indented paragraph is no table.
    assert Unit("客户经理应每天跟进投诉进度。") in units


def test_a_word_table_stays_under_the_heading_it_was_written_under() -> None:
    document = docx.Document()
    document.add_heading("服务手册", level=0)
    document.add_heading("第一章 投诉", level=1)
    document.add_paragraph("投诉自受理之日起按以下时限处理完毕：")
    grid = document.add_table(rows=2, cols=2)
    for r, row in enumerate([["等级", "时限"], ["紧急", "1个工作日"]]):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    document.add_heading("第二章 档案", level=1)
    document.add_paragraph("客户档案每季度由客户经理更新一次。")
    out = io.BytesIO()
    document.save(out)
    chunks = chunk_blocks(parse_document("手册.docx", out.getvalue(), max_bytes=1 << 20).blocks)
    complaints = next(c for c in chunks if "紧急" in c.text)
    assert complaints.section == "服务手册 › 第一章 投诉"
    assert "处理完毕：\n等级: 紧急; 时限: 1个工作日" in complaints.text


def test_chinese_text_once_read_as_windows_1252_is_read_back() -> None:
    text = "第二条 投诉处理。紧急投诉1个工作日内处理完毕，“三优”服务。Key accounts."
    damaged = text.encode("utf-8").decode("latin-1").encode("utf-8")  # "ç¬¬äºŒæ¡ æŠ•è¯‰…"
    parsed = parse_document("规定.txt", damaged, max_bytes=1 << 20)
    assert parsed.blocks[0].text == text
    # Western text with accents is no such damage.
    french = "Café crème, naïve résumé: the client visits every month.".encode()
    assert parse_document("note.txt", french, max_bytes=1 << 20).blocks[0].text == french.decode()


def test_html_character_references_left_in_pasted_text_are_characters() -> None:
    text = (
        "大客户享受&ldquo;三优&rdquo;服务：优质、优先、优惠。&nbsp;R&amp;D部门每月回访一次&#12290;"
    )
    parsed = parse_document("服务.txt", text.encode(), max_bytes=1 << 20)
    assert (
        parsed.blocks[0].text == "大客户享受“三优”服务：优质、优先、优惠。\xa0R&D部门每月回访一次。"
    )
