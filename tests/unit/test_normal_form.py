"""One text normaliser: a name written full-width or in traditional characters compares the same
in a question, a visit report, a client file's header and the knowledge base."""

from __future__ import annotations

from knowledge.normal_form import (
    _changed_by_t2s,
    _t2s,
    fold,
    fold_keeping_length,
    lower_keeping_length,
    to_simplified,
)
from knowledge.text import normalize
from services.client_import import _header_key
from services.matching import client_named_in, mention_key, query_terms, search_key


def test_full_width_traditional_and_capitals_fold_to_one_form() -> None:
    assert fold("ＡＢＣ華能電廠") == "abc华能电厂"
    assert fold("华能电厂") == fold("華能電廠")


def test_the_report_copy_keeps_every_character_where_it_was() -> None:
    text = "今天拜訪了ＡＢＣ集團，ﬁ 張總"  # "ﬁ" is two letters in NFKC: it is left as written
    folded = fold_keeping_length(text)
    assert len(folded) == len(text)
    assert folded.startswith("今天拜访了ABC集团")
    assert "ﬁ" in folded and "张总" in folded
    assert len(lower_keeping_length("İstanbul ABC")) == len("İstanbul ABC")


def test_every_caller_reads_a_traditional_full_width_name_as_the_simplified_one() -> None:
    assert mention_key("華能（上海）有限公司") == mention_key("华能(上海)有限公司") == "华能上海"
    assert _header_key("客戶名稱") == _header_key("客户名称")
    assert normalize("華能 電廠") == "华能 电厂"
    key = search_key("华能电厂")
    assert query_terms("華能電廠")[0] in key


def test_a_question_names_the_client_whose_longest_name_or_alias_it_contains() -> None:
    clients = [
        (1, "招商银行", ()),
        (2, "招商银行南京分行", ("招行南京",)),
        (3, "华能国际电力股份有限公司", ("华能国际",)),
    ]
    assert client_named_in("招商銀行南京分行的投訴處理到哪了？", clients) == (2, "招商银行南京分行")
    assert client_named_in("招行南京最近怎么样", clients) == (2, "招商银行南京分行")
    assert client_named_in("招商银行总行的情况", clients) == (1, "招商银行")
    assert client_named_in("華能國際的合同", clients) == (3, "华能国际电力股份有限公司")
    assert client_named_in("投诉多久要解决？", clients) is None


def test_text_simplified_without_opencc_comes_out_as_opencc_would_make_it() -> None:
    """Text with nothing t2s changes skips OpenCC: for each of its phrases and characters,
    alone and inside simplified text, the result is OpenCC's."""
    changed = _changed_by_t2s()
    assert changed is not None  # the fast path is taken (this OpenCC's tables were read)
    characters, phrases = changed
    assert "華" in characters and phrases.search("他不瞭解情況")
    converter = _t2s()
    samples = [
        "信誉评价较差的客户至少每月走访一次。",
        "乾隆年间",
        "一目瞭然",
        "大客户经理",
        "ABC 123",
    ]
    samples += [f"客户{c}经理" for c in sorted(characters)[::7]]
    samples += [f"我们{p}了" for p in phrases.pattern.replace("\\", "").split("|")[::3]]
    for text in samples:
        assert to_simplified(text) == converter.convert(text), text
    assert to_simplified("他不瞭解情況") == "他不了解情况"
    assert to_simplified("乾隆年间的乾货") == converter.convert("乾隆年间的乾货")
