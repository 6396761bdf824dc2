"""Answer units (list items and table rows with their labels), qualifiers, the domain lexicon and the
cleaning real pasted documents need; no model is loaded here."""

from __future__ import annotations

import numpy as np

from knowledge.answer_units import Unit, answer_units
from knowledge.answering import compose, qualifier_fit, select_sentences
from knowledge.chunking import chunk_blocks
from knowledge.cleaning import clean_web_text
from knowledge.lexicon import lexicon
from knowledge.loaders import parse_document
from knowledge.text import normalize, query_groups, split_sentences, words
from knowledge.types import Passage

DEADLINES = (
    "第二十八条 处理时限。 投诉自受理之日起，应在以下时限内处理完毕：\n"
    "1. 低：10个工作日；\n2. 中：5个工作日；\n3. 高：3个工作日；\n4. 紧急：1个工作日。"
)
VISITS = (
    "第十五条 客户经理走访。 客户经理按客户的信誉等级定期上门走访所辖客户：\n"
    "1. 信誉等级为“优”的客户，每6个月至少走访一次，两次走访间隔不超过180天；\n"
    "2. 信誉等级为“中”的客户，每季度至少走访一次，两次走访间隔不超过90天；\n"
    "3. 信誉等级为“差”的客户，每月至少走访一次，两次走访间隔不超过30天。"
)
SERVICE = (
    "第三十九条 “三优”服务。 对大客户提供优质、优先、优惠的“三优”服务：\n"
    "1. 优质：由专职客户经理一对一服务，服务过程规范、透明；\n"
    "2. 优先：资源紧张时，优先保障大客户的供货、供电和网络资源。"
)


def _passage(text: str, n: int = 0) -> Passage:
    return Passage(text, "手册", "手册.md", None, None, 1.0, "d", f"c{n}")


def _idf(word: str) -> float:
    return 1.0


def _pick(question: str, *texts: str) -> list[str]:
    passages = [_passage(t, n) for n, t in enumerate(texts)]
    picked = select_sentences(
        passages, query_groups(question), _idf, None, (), lexicon().asked(normalize(question))
    )
    return [u.text for _, u in picked]


def test_each_list_item_is_a_unit_quoted_under_its_introduction_and_the_list_stays_whole() -> None:
    units = answer_units(DEADLINES)
    whole = units[0]
    assert whole.text.startswith("第二十八条 处理时限。 投诉自受理之日起")
    # Line breaks stay inside the quote: "处理完毕：\n1. 低" not "处理完毕：1. 低".
    assert "处理完毕：\n1. 低：10个工作日；\n2. 中" in whole.text
    urgent = [u for u in units if u.text == "4. 紧急：1个工作日。"]
    assert urgent and urgent[0].intro.endswith("应在以下时限内处理完毕：")


def test_a_table_row_is_a_unit_with_its_row_header() -> None:
    parsed = parse_document(
        "sla.md",
        "# 时限\n\n投诉处理时限如下：\n\n| 等级 | 时限 |\n|---|---|\n| 紧急 | 1个工作日 |\n"
        "| 高 | 3个工作日 |\n".encode(),
        max_bytes=1 << 20,
    )
    text = chunk_blocks(parsed.blocks)[0].text
    units = answer_units(text)
    assert Unit("等级: 紧急; 时限: 1个工作日", "投诉处理时限如下：") in units
    assert _pick("紧急投诉多久处理完？", text)[0] == "等级: 紧急; 时限: 1个工作日"


def test_a_table_row_keeps_its_row_header_when_no_colon_introduces_the_table() -> None:
    # A table under a sentence ending in 。 (or right under its heading): its rows were cut at
    # their "; " into "等级: 重大;" and "处理时限: 3个工作日", and 紧急投诉多久 quoted
    # "处理时限: 3个工作日", the 重大 row's deadline, with no row header to tell.
    parsed = parse_document(
        "levels.md",
        "# 投诉分级\n\n投诉分为一般投诉、重大投诉和紧急投诉三级。\n\n| 等级 | 处理时限 |\n|---|---|\n"
        "| 一般 | 5个工作日 |\n| 重大 | 3个工作日 |\n| 紧急 | 1个工作日 |\n".encode(),
        max_bytes=1 << 20,
    )
    text = chunk_blocks(parsed.blocks)[0].text
    units = [u.text for u in answer_units(text)]
    assert "等级: 重大; 处理时限: 3个工作日" in units
    assert "处理时限: 3个工作日" not in units


def test_a_list_label_stays_with_its_body() -> None:
    units = answer_units(
        "（一）公平性原则。 对所有客户一视同仁，不得厚此薄彼。\n（二）及时性原则。 当天回复。"
    )
    assert [u.text for u in units] == [
        "（一）公平性原则。 对所有客户一视同仁，不得厚此薄彼。",
        "（二）及时性原则。 当天回复。",
    ]


def test_a_short_last_item_stays_in_its_list_and_the_next_article_starts_its_own() -> None:
    # "5. 客户的成长和扩展能力。" looks like a bare label; taken for one, it was glued to the
    # next article, which then became an item of the list before it.
    units = answer_units(
        "第八条 分类因素。 主要看以下因素：\n1. 客户群体的规模；\n2. 客户的成长能力。\n"
        "第九条 客户类型。 大客户分为以下两类：\n1. 重要大客户：党政机关；\n2. 战略大客户：港口。"
    )
    factors, types = units[0], next(u for u in units if u.text.startswith("第九条"))
    assert factors.text.endswith("2. 客户的成长能力。") and "第九条" not in factors.text
    assert types.intro == "" and types.text.endswith("2. 战略大客户：港口。")
    strategic = next(u for u in units if u.text == "2. 战略大客户：港口。")
    assert strategic.intro == "第九条 客户类型。 大客户分为以下两类："


def test_the_qualifier_asked_wins_over_its_siblings() -> None:
    assert _pick("信誉较差的客户多久要走访一次？", VISITS)[0].startswith("3. 信誉等级为“差”")
    assert _pick("信誉等级为中的客户走访周期是多少？", VISITS)[0].startswith("2. 信誉等级为“中”")
    assert _pick("不太守信用的单位多久去一趟？", VISITS)[0].startswith("3. 信誉等级为“差”")
    assert _pick("紧急投诉多久要解决？", DEADLINES)[0] == "4. 紧急：1个工作日。"
    assert _pick("How soon must a critical complaint be resolved?", DEADLINES)[0] == (
        "4. 紧急：1个工作日。"
    )


def test_a_sibling_value_never_wins_even_from_another_article() -> None:
    # 优质 belongs to the "good" side of the credit qualifier: asked about 较差, it must lose.
    picked = _pick("信誉较差的客户多久走访一次？", SERVICE, VISITS)
    assert picked[0].startswith("3. 信誉等级为“差”")
    assert not any("优质：" in p or "“优”" in p for p in picked)
    assert (
        qualifier_fit({"credit": frozenset({"poor"})}, Unit("1. 优质：一对一服务", "x：")) == -1.0
    )


def test_items_of_one_list_share_their_introduction_in_the_quote() -> None:
    intro = "投诉自受理之日起，应在以下时限内处理完毕："
    text, sources, quotes = compose(
        "zh", [_passage(DEADLINES)], [(0, Unit("3. 高：3个工作日；", intro)),
                                       (0, Unit("4. 紧急：1个工作日。", intro))],
    )  # fmt: skip
    assert text == f"根据资料：\n“{intro}\n3. 高：3个工作日；\n4. 紧急：1个工作日。” [1]"
    assert quotes == (f"{intro}\n3. 高：3个工作日；\n4. 紧急：1个工作日。",)
    assert len(sources) == 1


def test_domain_words_are_not_cut_apart_and_paraphrases_meet_the_document_words() -> None:
    assert "太守" not in words(normalize("不太守信用的客户"))
    groups = query_groups("评级低的单位要隔多久去拜访？")
    assert any("走访" in g for g in groups)
    english = query_groups("How often must I visit a client with a poor credit rating?")
    flat = {w for g in english for w in g}
    assert {"走访", "客户", "信誉等级"} <= flat


def test_an_english_question_picks_the_chinese_row_by_meaning_across_all_passages() -> None:
    # Two passages; the answer is in the second. Vectors: the question is nearest the last row.
    q = np.zeros(4, np.float32)
    q[3] = 1.0
    first = _passage(
        "第三十条 超时升级。 投诉临近处理时限仍未解决的，客户经理应提前向主管报告。", 0
    )
    second = _passage(DEADLINES, 1)
    vectors = [
        np.asarray([[0.9, 0.1, 0.0, 0.3]], np.float16),
        np.asarray(
            [[0.2, 0.0, 0.0, 0.8]] + [[0.1, 0.2, 0.0, 0.5]] * 3 + [[0.0, 0.0, 0.0, 0.99]],
            np.float16,
        ),
    ]
    picked = select_sentences(
        [first, second], query_groups("How soon is a critical one done?"), _idf, q, vectors, {}
    )
    assert picked[0] == (1, Unit("4. 紧急：1个工作日。", second.text.split("\n")[0]))


def test_damaged_pinyin_is_dropped_and_does_not_end_a_sentence() -> None:
    cleaned = clean_web_text("客户流失因?yàn)为服务不到位。營(yíng)銷要改进。")
    assert cleaned == "客户流失因为服务不到位。營(yíng)銷要改进。"
    assert split_sentences(cleaned) == ["客户流失因为服务不到位。", "營(yíng)銷要改进。"]


def test_watermarks_and_bylines_are_noise() -> None:
    cleaned = clean_web_text(
        "大客户服务要点\n作者:张三 来源:《营销》2011年第3期 时间:2011-11-11 15:51:43\n"
        "客户经理每月走访一次。（本文来自某某网，版权所有，转载请注明出处）\n2012-03-05\n"
    )
    assert "作者" not in cleaned and "版权所有" not in cleaned and "2012-03-05" not in cleaned
    assert "客户经理每月走访一次。" in cleaned


def test_a_heading_does_not_carry_into_the_next_pasted_article() -> None:
    text = (
        "客户管理的策略探析\n作者:甲 来源:《活力》 时间:2011-11-11\n"
        "三、大客户营销服务策略\n要为大客户提供绿色通道和一条龙服务。\n"
        "供电企业大客户管理\n作者:乙 来源:《电力》 时间:2013-05-02\n"
        "大客户档案是供电企业对大客户有效服务的基础。\n"
    )
    chunks = chunk_blocks(parse_document("two.txt", text.encode(), max_bytes=1 << 20).blocks)
    last = next(c for c in chunks if "大客户档案" in c.text)
    assert last.section == "供电企业大客户管理"
    assert "营销服务策略" not in (last.section or "")


def test_glossary_terms_match_hyphenated_and_possessive_english() -> None:
    flat = {w for g in query_groups("How many steps does a power utility's key-account plan have?")
            for w in g}  # fmt: skip
    assert {"大客户", "步骤", "供电企业", "计划"} <= flat
    assert "s" not in flat
    assert "后台" in {w for g in query_groups("Which back-office teams help?") for w in g}


def test_every_synonym_is_a_whole_word_and_filler_words_are_not_searched() -> None:
    # 分群 is in synonyms.txt only: it is cut as one word and meets the document's 细分 / 分类.
    assert "分群" in words(normalize("怎么给大客户分群？"))
    flat = {w for g in query_groups("怎么给大客户分群？") for w in g}
    assert {"细分", "分类"} <= flat
    asked = {g[0] for g in query_groups("客户那边生产线停了，这种事最晚什么时候要搞定？")}
    assert not asked & {"时候", "那边", "这种", "事"}
    assert {"停了", "搞定"} <= asked


def test_points_enumerated_in_running_text_are_also_one_unit() -> None:
    units = answer_units(
        "因此,在提高服务质量过程中,一是要有科学的标准。二是使无形服务有形化。"
        "通过对服务设施的改善来使无形服务有形化。三是使服务自助化。总之要改善。"
    )
    texts = [u.text for u in units]
    assert "二是使无形服务有形化。" in texts  # each sentence still answers alone
    assert (
        "因此,在提高服务质量过程中,一是要有科学的标准。二是使无形服务有形化。"
        "通过对服务设施的改善来使无形服务有形化。三是使服务自助化。"
    ) in texts
    assert not any(t.startswith("总之") and len(t) > 10 for t in texts)
    picked = _pick(
        "怎样提高服务质量？",
        "因此,在提高服务质量过程中,一是要有科学的标准。二是使无形服务有形化。三是使服务自助化。",
    )
    assert picked[0].startswith("因此") and "三是使服务自助化。" in picked[0]
    assert len(picked) == 1  # its sentences are not quoted a second time


def _near(similarity: float) -> list[float]:
    """A unit vector this near the question vector [1, 0, 0]."""
    return [similarity, float(np.sqrt(1 - similarity**2)), 0.0]


def test_the_best_sentences_neighbour_comes_before_as_near_a_sentence_elsewhere() -> None:
    # "…学习原料生产工艺。将销售队伍变为专家销售。": the answer goes on in the next sentence.
    first = _passage("销售公司派销售人员到生产企业学习原料生产工艺。将销售队伍变为专家销售。", 0)
    second = _passage("市场竞争日趋激烈。企业要生存发展就必须不断发展新客户。", 1)
    vectors = [
        np.asarray([_near(0.9), _near(0.87)], np.float16),
        np.asarray([_near(0.88), _near(0.88)], np.float16),
    ]
    query = np.asarray([1.0, 0.0, 0.0], np.float32)
    picked = select_sentences(
        [first, second], query_groups("他们想了什么办法？"), _idf, query, vectors, {}
    )
    assert [u.text for _, u in picked][:2] == [
        "销售公司派销售人员到生产企业学习原料生产工艺。",
        "将销售队伍变为专家销售。",
    ]


def test_items_of_one_list_are_quoted_in_the_lists_order() -> None:
    intro = "投诉自受理之日起，应在以下时限内处理完毕："
    text, _, _ = compose(
        "zh", [_passage(DEADLINES)], [(0, Unit("4. 紧急：1个工作日。", intro)),
                                       (0, Unit("2. 中：5个工作日；", intro))],
    )  # fmt: skip
    assert text.endswith(f"“{intro}\n2. 中：5个工作日；\n4. 紧急：1个工作日。” [1]")


def test_a_list_quoted_whole_is_not_quoted_again_item_by_item() -> None:
    # Both items rank a little above the whole list, which holds them: the list is quoted alone.
    text = "大客户分为以下两类：\n1. 重要大客户：党政机关；\n2. 集团大客户：集团企业。"
    vectors = [np.asarray([_near(0.9), _near(0.91), _near(0.92)], np.float16)]
    query = np.asarray([1.0, 0.0, 0.0], np.float32)
    picked = select_sentences(
        [_passage(text)], query_groups("大客户分为哪几类？"), _idf, query, vectors, {}
    )
    assert [u.full for _, u in picked] == [text]


LATE_PAYMENT = (
    "Article 47 Weekly warning. For clients with a collections target, from one week before the "
    "assessment date the person responsible for collection follows up on the payment every day "
    "until the money has arrived.\n\n"
    "Article 48 Late payment. If the money has not arrived after the assessment date, the account "
    "manager reports it to the supervisor the next day; more than 30 days late, the supervisor and "
    "the finance department draw up a collection plan.\n\n"
    "Article 49 When it applies."
)


def test_an_english_article_title_is_quoted_with_its_first_sentence_never_alone() -> None:
    # "Article 48 Late payment." has too many letters to be joined as a label when units are cut,
    # so it is a unit of its own; it shares the question's words best and says nothing.
    picked = [(n, u.text) for n, u in _pick_english("What do I do about a late payment?")]
    assert picked[0][1].startswith("Article 48 Late payment. If the money has not arrived")
    # The title closing the chunk (its rule in the next chunk) is not quoted at all.
    assert all(text != "Article 49 When it applies." for _, text in picked)
    assert all(not text.endswith("payment.") for _, text in picked)


def _pick_english(question: str) -> list[tuple[int, Unit]]:
    return select_sentences(
        [_passage(LATE_PAYMENT)], query_groups(question), _idf, None, (), {}, language="en"
    )


def test_a_chinese_rule_is_replaced_by_its_own_translation_not_a_sentence_without_numbers() -> None:
    # "按第五章另行登记" is "under Chapter 5" in the English handbook: the chapter's number makes
    # them twins; an unrelated English line stating no number, nearly as near, is not its twin.
    chinese = Passage("客户在走访中提出的需求或投诉，还应按第五章另行登记受理。",
                      "手册", "h.zh.md", None, None, 1.0, "zh", "c0")  # fmt: skip
    english = Passage(
        "A request or complaint raised during a visit is also registered under Chapter 5. "
        "Fee reductions or compensation are given as the contract provides.",
        "Handbook", "h.en.md", None, None, 1.0, "en", "c1",
    )  # fmt: skip
    vectors = [
        np.asarray([[1.0, 0.0, 0.0]], np.float16),
        np.asarray([[0.86, 0.51, 0.0], [0.84, 0.0, 0.54]], np.float16),
    ]
    query = np.asarray([1.0, 0.0, 0.0], np.float32)
    twins = {"zh": frozenset({"en"}), "en": frozenset({"zh"})}
    picked = select_sentences(
        [chinese, english], query_groups("registered"), _idf, query, vectors, {},
        language="en", twins=twins,
    )  # fmt: skip
    assert picked[0][1].text.startswith("A request or complaint raised during a visit")


def test_a_chinese_line_whose_translation_is_not_retrieved_lends_its_score_to_no_other() -> None:
    # The English handbook's line nearest "补救越快…" (0.82) is the translation of another Chinese
    # sentence (0.95): it is no twin of it, and does not outrank the line that answers.
    chinese = Passage("了解客户是第一步。\n补救越快，客户的不满越容易化解。",
                      "手册", "h.zh.md", None, None, 1.0, "zh", "c0")  # fmt: skip
    english = Passage("Understand the client. An unhappy client complained.",
                      "Handbook", "h.en.md", None, None, 1.0, "en", "c1")  # fmt: skip
    vectors = [
        np.asarray([[0.95, -0.312, 0.0], [0.82, 0.0, 0.572]], np.float16),
        np.asarray([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]], np.float16),
    ]
    query = np.asarray([0.577, 0.577, 0.577], np.float32)
    twins = {"zh": frozenset({"en"}), "en": frozenset({"zh"})}
    picked = select_sentences(
        [chinese, english], query_groups("unhappy client"), _idf, query, vectors, {},
        language="en", twins=twins,
    )  # fmt: skip
    assert picked[0][1].text == "An unhappy client complained."
