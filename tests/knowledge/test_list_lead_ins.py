"""A list cut between two chunks: the items in the second chunk are still quoted under the sentence
saying what they are a list of; no model is loaded here."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.answer_units import CARRIED_MARK, answer_units, chunk_units
from knowledge.answering import compose
from knowledge.chunking import chunk_blocks
from knowledge.loaders import parse_document
from knowledge.types import Passage

LEAD_IN = "供电企业可将制定大客户营销策略计划分为以下9个步骤:"
# Steps long enough that the section is cut into two chunks inside the list (as in the power
# utility's article: steps 5-9 in a chunk of their own).
STEPS = [
    "细分市场。可按行业分类、用电类别来细分市场,并选择适当的市场指标,明确每个细分市场的规模和特点。",
    "定义和选择目标大客户。在细分市场中识别和定位目标大客户,列出名单并逐一核实其用电情况。",
    "客户行业潜力分析。深入了解各行业客户运作特点及市场情况,得出不同行业的用电潜力。",
    "目标大客户分析。将行业潜力分析应用到具体的目标客户上,了解客户如何用电来增强竞争力。",
    "客户年度报告和财务分析。阅读和分析客户的公开年度报告,进一步了解客户经营状况。",
    "客户内部价值整体分析。深入调查客户的日常工作细节,帮助客户降低用电成本,倡导绿色消费。",
    "销售流程分析。从客户的角度来检查电力销售的全过程,及时发现问题和提出改进办法。",
    "双方交易历史记录分析。对客户的用电记录进行分析,预测客户未来用电趋势和用电需求。",
    "竞争力比较和竞争对手策略。电能已不是客户唯一选择的能源,要与其他可替代能源相比。",
]
ARTICLE = "\n".join(
    ["4、大客户营销策略计划的制定", f"营销计划是实现营销目标的措施和成本。{LEAD_IN}"]
    + [f"{n})步骤{s}" for n, s in enumerate(STEPS, start=1)]
)


def _chunks() -> list[str]:
    parsed = parse_document("营销.txt", ARTICLE.encode(), max_bytes=1 << 20)
    return [c.text for c in chunk_blocks(parsed.blocks)]


def test_the_chunk_going_on_with_a_list_opens_with_its_lead_in_marked() -> None:
    first, *rest = _chunks()
    assert rest, "the list fits one chunk: nothing to carry"
    assert LEAD_IN in first and not first.startswith(CARRIED_MARK)
    for text in rest:
        assert text.startswith(f"{CARRIED_MARK}{LEAD_IN}\n")


def test_items_after_the_cut_are_quoted_under_the_lead_in() -> None:
    later = _chunks()[-1]
    units = chunk_units(later)
    last = next(u for u in units if "9)步骤竞争力比较" in u.text)
    assert last.lead == LEAD_IN
    # The carried lead-in is no sentence of that chunk, nor a whole list of the items it has.
    assert not any(LEAD_IN in u.text for u in units)
    answer, _, previews = compose("zh", [_passage(later)], [(0, last)])
    assert f"“{LEAD_IN}\n9)步骤竞争力比较和竞争对手策略。" in answer
    assert previews[0].startswith(LEAD_IN)


def test_the_units_after_the_cut_are_those_the_chunk_had_without_its_lead_in() -> None:
    # Stored unit vectors follow the units: the carried lead-in changes how they are quoted only.
    later = _chunks()[-1]
    without = later.partition("\n")[2]
    assert [u.text for u in answer_units(later)] == [u.text for u in answer_units(without)]
    assert [u.full for u in answer_units(later)] == [u.full for u in answer_units(without)]


def test_a_cut_outside_a_list_carries_nothing() -> None:
    # The steps as paragraphs of prose: no lead-in, no numbers.
    prose = "\n".join(["4、大客户营销策略计划的制定", *(s.replace("。", ",", 1) for s in STEPS)])
    parsed = parse_document("服务.txt", prose.encode(), max_bytes=1 << 20)
    chunks = chunk_blocks(parsed.blocks)
    assert len(chunks) > 1
    assert not any(c.text.startswith(CARRIED_MARK) for c in chunks)


def _passage(text: str) -> Passage:
    return Passage(text, "营销", "营销.txt", None, None, 1.0, "d", "c1")


def test_a_document_chunked_before_lead_ins_were_carried_is_chunked_again_when_sent_again(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("knowledge.base.CHUNKING_VERSION", "c1")
    first = kb.ingest_bytes("营销.txt", ARTICLE.encode())
    assert kb.ingest_bytes("营销.txt", ARTICLE.encode()).status == "unchanged"
    monkeypatch.undo()
    again = kb.ingest_bytes("营销.txt", ARTICLE.encode())
    assert again.status == "updated" and again.doc_id == first.doc_id
    answer = kb.answer("制定营销策略计划时怎么预测客户未来用电趋势？")
    assert f"{LEAD_IN}\n8)步骤双方交易历史记录分析" in answer.text, answer.text


def test_numbered_lines_under_a_bare_article_title_are_quoted_under_it() -> None:
    text = (
        "第四十条 响应时间。\n1. 客户通过电话咨询的，30分钟内响应；\n2. 故障报修的，2小时内到达现场；\n"
        "3. 客户来函的，3个工作日内书面答复。\n客户经理应每天查看待办。"
    )
    units = chunk_units(text)
    fault = next(u for u in units if u.text.startswith("2. 故障报修"))
    assert fault.lead == "第四十条 响应时间。"
    # The first item holds the title already; the sentence after the list is under no title.
    assert units[0].text.startswith("第四十条 响应时间。 1.") and not units[0].lead
    assert not units[-1].lead
    answer, _, _ = compose("zh", [_passage(text)], [(0, fault)])
    assert "“第四十条 响应时间。\n2. 故障报修的，2小时内到达现场；”" in answer


def test_an_english_article_title_heads_each_of_its_numbered_lines() -> None:
    text = (
        "Article 40 Response times.\n1. Enquiries by phone are answered within 30 minutes.\n"
        "2. For a fault report, an engineer reaches the site within 2 hours."
    )
    units = chunk_units(text)
    assert [u.lead for u in units] == [
        "",
        "Article 40 Response times.",
        "Article 40 Response times.",
    ]
    answer, _, _ = compose("en", [_passage(text)], [(0, units[2])])
    assert '"Article 40 Response times.\n2. For a fault report' in answer


def test_a_later_sentence_of_an_item_after_the_cut_is_quoted_under_the_items_title() -> None:
    # The power utility's article: step 6 goes on with an example of it, in a chunk that begins
    # after the lead-in; the example alone under the lead-in read as one of the nine steps.
    text = (
        f"{CARRIED_MARK}{LEAD_IN}\n"
        "6)客户内部价值整体分析。深入调查客户的日常工作细节,提出改进的方法。"
        "如开展电力需求侧管理(DSM),帮助客户降低用电成本,倡导客户绿色消费等。\n"
        "7)销售流程分析。从客户的角度来检查电力销售的全过程,及时发现问题和提出改进办法。"
    )
    units = chunk_units(text)
    example = next(u for u in units if u.text.startswith("如开展电力需求侧管理"))
    assert example.lead == f"{LEAD_IN}\n6)客户内部价值整体分析。"
    step = next(u for u in units if u.text.startswith("7)销售流程分析。"))
    assert step.lead == LEAD_IN  # it opens its item: the lead-in is enough
    answer, _, _ = compose("zh", [_passage(text)], [(0, example)])
    assert f"“{LEAD_IN}\n6)客户内部价值整体分析。\n如开展电力需求侧管理(DSM)" in answer, answer


def test_sentences_of_one_item_share_the_quote_of_its_list() -> None:
    text = (
        f"{CARRIED_MARK}{LEAD_IN}\n"
        "7)销售流程分析。业务扩充、变量用电业务和电费管理三位一体组成了电力销售的全过程。"
        "从客户的角度来检查电力销售的全过程,及时发现问题和提出改进办法。\n"
        "8)双方交易历史记录分析。对客户的用电记录进行分析,预测客户未来用电趋势。"
    )
    units = chunk_units(text)
    check = next(u for u in units if u.text.startswith("从客户的角度"))
    step = next(u for u in units if u.text.startswith("7)销售流程分析。"))
    answer, _, _ = compose("zh", [_passage(text)], [(0, check), (0, step)])
    # One quote: the lead-in once, the item's title once, its sentences in reading order.
    assert answer.count(LEAD_IN) == 1, answer
    assert answer.count("7)销售流程分析。") == 1, answer
    assert f"“{LEAD_IN}\n7)销售流程分析。 业务扩充" in answer, answer
    assert answer.index("三位一体") < answer.index("从客户的角度"), answer
