"""A question written in traditional characters is answered in traditional; quotes stay as written."""

from __future__ import annotations

from knowledge import KnowledgeBase
from knowledge.text import question_language


def test_a_traditional_question_gets_the_traditional_intro_and_the_quote_as_stored(
    handbook_kb: KnowledgeBase,
) -> None:
    answer = handbook_kb.answer("信譽評價較差的客戶多久要走訪一次？")
    assert answer.found
    assert answer.text.startswith("根據資料：")
    assert "信誉评价较差的客户至少每月走访一次" in answer.text  # the handbook's own words
    simplified = handbook_kb.answer("信誉评价较差的客户多久要走访一次？")
    assert simplified.text.startswith("根据资料：")
    assert handbook_kb.answer("火星上有几个足球场？").text == "没有找到相关内容。"
    assert handbook_kb.answer("火星上有幾個足球場？").text == "沒有找到相關內容。"


def test_the_readers_script_decides_when_the_question_could_be_either() -> None:
    assert question_language("客户经理") == "zh"
    assert question_language("客戶經理") == "zh-Hant"
    assert question_language("多久一次", "zh-Hant") == "zh-Hant"
    assert question_language("多久一次", "zh") == "zh"
    assert question_language("多久一次") == "zh"
    assert question_language("how often", "zh-Hant") == "en"
