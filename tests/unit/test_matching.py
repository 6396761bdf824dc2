"""Client-name search finds clients by characters, same-sounding typos, pinyin, initials and aliases."""

from __future__ import annotations

import pytest

from services.domain import ClientHit
from services.matching import client_named_in, query_terms, rank, search_key, sure_client

CLIENTS: dict[int, tuple[str, tuple[str, ...]]] = {
    1: ("华润万家有限公司", ("CR Vanguard",)),
    2: ("华润电力控股有限公司", ()),
    3: ("华能电厂", ()),
    4: ("重庆银行股份有限公司", ()),
    5: ("长城汽车", ()),
    6: ("中国银行北京分行", ()),
    7: ("中国移动通信集团有限公司", ()),
    8: ("阿里巴巴集团", ("Alibaba",)),
    9: ("绿地集团", ()),
}
CANDIDATES = [(cid, name, search_key(name, aliases)) for cid, (name, aliases) in CLIENTS.items()]


def ids(hits: list[ClientHit]) -> list[int]:
    return [h.id for h in hits]


def top(query: str) -> ClientHit:
    hits = rank(query, CANDIDATES)
    assert hits, f"nothing found for {query!r}"
    return hits[0]


def test_the_search_key_holds_simplified_text_pinyin_and_initials_of_name_and_aliases() -> None:
    assert (
        search_key("華潤萬家有限公司", ["CR Vanguard"])
        == "华润万家|hua run wan jia|hrwj;crvanguard|cr vanguard|cv"
    )


def test_the_search_key_lists_both_readings_of_a_polyphonic_character() -> None:
    assert search_key("长城汽车") == "长城汽车|chang cheng qi che,zhang cheng qi che|ccqc,zcqc"


@pytest.mark.parametrize(
    ("name", "core"),
    [
        ("中国华能集团有限公司", "中国华能"),
        ("华润万家有限公司北京分公司", "华润万家北京"),
        ("华润电力控股有限公司", "华润电力"),
        ("某某有限责任公司", "某某"),
        ("Acme Co., Ltd.", "acme"),
        ("集团", "集团"),
    ],
)
def test_company_suffixes_are_left_out_of_the_key(name: str, core: str) -> None:
    assert search_key(name).split("|")[0] == core


def test_an_exact_full_name_ranks_first_with_score_100() -> None:
    for query in ("华润万家有限公司", "华润万家", "重庆银行"):
        hit = top(query)
        assert (hit.name, hit.score) == (CLIENTS[hit.id][0], 100.0)
    assert top("华润万家").id == 1


def test_an_exact_name_outranks_longer_names_containing_it() -> None:
    candidates = [*CANDIDATES, (10, "华润", search_key("华润"))]
    hits = rank("华润", candidates)
    assert ids(hits)[0] == 10
    assert hits[0].score == 100.0
    assert all(h.score < 100.0 for h in hits[1:])


def test_a_substring_found_in_one_client_only_scores_100() -> None:
    assert (top("华能").id, top("华能").score) == (3, 100.0)
    assert (top("移动").id, top("移动").score) == (7, 100.0)


def test_a_substring_shared_by_several_clients_ranks_them_all_above_unrelated_names() -> None:
    hits = rank("华润", CANDIDATES)
    assert set(ids(hits)) == {1, 2}
    assert all(60 <= h.score < 100 for h in hits)


def test_a_same_sounding_typo_finds_the_client() -> None:
    hits = rank("华闰万家", CANDIDATES)  # 闰 and 润 are both "run"
    assert ids(hits) == [1]
    assert 60 <= hits[0].score < 100


def test_a_same_sounding_prefix_finds_every_client_it_starts() -> None:
    assert set(ids(rank("华闰", CANDIDATES))) == {1, 2}


def test_a_mostly_right_name_with_one_wrong_character_still_matches() -> None:
    assert top("华润万象").id == 1


@pytest.mark.parametrize(
    "query", ["huarun", "hua run", "huárùn", "HuaRun", "hua2 run4", "ＨＵＡＲＵＮ"]
)
def test_full_pinyin_matches_with_or_without_spaces_tones_and_capitals(query: str) -> None:
    hits = rank(query, CANDIDATES)
    assert set(ids(hits)) == {1, 2}


def test_the_whole_pinyin_of_a_name_ranks_it_first() -> None:
    hits = rank("huarunwanjia", CANDIDATES)
    assert ids(hits) == [1]


def test_pinyin_from_the_middle_of_a_name_matches_on_syllable_boundaries() -> None:
    assert ids(rank("wanjia", CANDIDATES)) == [1]
    assert 1 not in ids(rank("unwa", CANDIDATES))


def test_initials_find_the_client() -> None:
    assert ids(rank("hrwj", CANDIDATES)) == [1]
    assert ids(rank("HRWJ", CANDIDATES)) == [1]
    assert top("hn").id == 3
    assert top("zgyh").id == 6


def test_initials_rank_the_client_they_spell_above_those_they_only_start() -> None:
    hits = rank("hr", CANDIDATES)
    assert set(ids(hits)) == {1, 2}
    assert top("hrdl").id == 2


def test_traditional_characters_match_simplified_names() -> None:
    assert top("華潤萬家").id == 1
    assert (top("華能").id, top("華能").score) == (3, 100.0)
    assert top("中國銀行").id == 6


def test_an_english_alias_matches_in_any_case_and_spacing() -> None:
    for query in ("CR Vanguard", "cr vanguard", "crvanguard", "Vanguard"):
        hit = top(query)
        assert (hit.id, hit.score) == (1, 100.0)
    assert top("alibaba").id == 8


def test_a_typo_in_typed_pinyin_or_an_english_name_still_matches() -> None:
    assert ids(rank("huarunwangjia", CANDIDATES)) == [1]
    assert ids(rank("huarunwanjai", CANDIDATES)) == [1]
    assert ids(rank("vangaurd", CANDIDATES)) == [1]


@pytest.mark.parametrize(
    ("query", "client_id"),
    [
        ("changcheng", 5),
        ("zhangcheng", 5),
        ("cc", 5),
        ("chongqing", 4),
        ("zhongqing", 4),
        ("cqyh", 4),
        ("zhongguoyinhang", 6),
        ("lvdi", 9),
        ("ludi", 9),
    ],
)
def test_polyphonic_characters_match_either_reading(query: str, client_id: int) -> None:
    assert top(query).id == client_id


def test_yinhang_finds_the_banks() -> None:
    assert set(ids(rank("yinhang", CANDIDATES))) == {4, 6}


@pytest.mark.parametrize("query", ["小米", "xiaomi", "腾讯科技", "tengxun", "qqq", "中国平安"])
def test_an_unrelated_query_finds_nothing(query: str) -> None:
    assert rank(query, CANDIDATES) == []


def test_a_bank_does_not_match_another_bank_that_only_shares_a_word() -> None:
    assert ids(rank("中国银行", CANDIDATES)) == [6]


def test_an_empty_or_punctuation_only_query_finds_nothing() -> None:
    assert rank("", CANDIDATES) == []
    assert rank("  ，。!", CANDIDATES) == []


def test_results_are_best_first_and_limited() -> None:
    hits = rank("h", CANDIDATES, limit=2)
    assert len(hits) == 2
    assert hits[0].score >= hits[1].score
    all_hits = rank("h", CANDIDATES, limit=50)
    assert [h.score for h in all_hits] == sorted((h.score for h in all_hits), reverse=True)


def test_min_score_drops_weaker_matches() -> None:
    assert rank("华润万象", CANDIDATES, min_score=90) == []


def test_a_client_without_a_search_key_is_matched_on_its_display_name() -> None:
    assert ids(rank("hrwj", [(1, "华润万家", ""), (2, "华能电厂", "")])) == [1]


def test_a_search_key_from_another_version_falls_back_to_the_display_name() -> None:
    assert ids(rank("华润", [(1, "华润万家", "garbage without fields")])) == [1]


@pytest.mark.parametrize(
    "query",
    ["华润", "华闰万家", "華能", "hrwj", "huarun", "ali", "vanguard", "yinhang", "zhongqing"],
)
def test_query_terms_keep_every_client_rank_would_find(query: str) -> None:
    terms = query_terms(query)
    assert terms
    keys = {cid: key for cid, _, key in CANDIDATES}
    for hit in rank(query, CANDIDATES, limit=50):
        assert any(t in keys[hit.id] for t in terms), (query, hit, terms)


def test_query_terms_are_empty_for_an_empty_query() -> None:
    assert query_terms(" ") == ()


def test_an_english_alias_x_of_y_is_found_written_y_x() -> None:
    """A manager writes "Jiangsu Bank" for the alias "Bank of Jiangsu"."""
    clients = [
        (1, "江苏银行股份有限公司", search_key("江苏银行股份有限公司", ["Bank of Jiangsu"])),
        (2, "宁波银行股份有限公司", search_key("宁波银行股份有限公司", ["Bank of Ningbo"])),
    ]
    for typed in ("Jiangsu Bank", "jiangsu bank", "Bank of Jiangsu"):
        hits = rank(typed, clients)
        assert (hits[0].id, hits[0].score) == (1, 100.0), typed
        assert sure_client(typed, clients) == (1, "江苏银行股份有限公司")
    named = [
        (1, "江苏银行股份有限公司", ["Bank of Jiangsu"]),
        (2, "宁波银行股份有限公司", ["Bank of Ningbo"]),
    ]
    assert client_named_in("How is Ningbo Bank doing?", named) == (2, "宁波银行股份有限公司")


def test_a_clients_english_name_is_its_fullest_alias_without_chinese_characters() -> None:
    from services.matching import english_name

    assert english_name(["A&B精细化工", "AB化工", "A&B Fine Chemicals"]) == "A&B Fine Chemicals"
    assert english_name(["SJTU", "Shanghai Jiao Tong University", "交大"]) == (
        "Shanghai Jiao Tong University"
    )
    assert english_name(["华润万家", "万家超市"]) is None and english_name([]) is None
