"""The one rule for taking a client without asking: the words typed are in its name or an alias."""

from __future__ import annotations

from datetime import UTC, datetime

from services.matching import (
    find_client,
    keyed,
    names_client,
    search_key,
    sure_client,
    sure_client_in_report,
)
from services.visits.parser import parse_visit

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)

CLIENTS = keyed(
    [
        (1, "华润电力（常熟）有限公司", ()),
        (2, "招商银行", ()),
        (3, "招商银行南京分行", ()),
        (4, "中国移动苏州分公司", ("苏州移动", "China Mobile Suzhou")),
        (5, "江苏银行", ()),
    ]
)


def test_a_name_that_only_looks_like_a_client_is_not_taken() -> None:
    assert sure_client("华润万家", CLIENTS) is None
    choice = find_client("华润万家", CLIENTS)
    assert choice.sure is None and not choice.named


def test_a_report_naming_a_look_alike_offers_the_client_instead_of_taking_it() -> None:
    rows = [(1, "华润电力（常熟）有限公司", ()), (5, "江苏银行", ())]
    draft = parse_visit("今天拜访了华润万家，谈了续约", now=NOW, timezone="Asia/Shanghai",
                        clients=rows)  # fmt: skip
    assert draft.client_candidates[0][0] == 1  # the parser finds it close enough to offer
    assert sure_client_in_report(draft.client_query, draft.client_candidates, False, rows) is None
    ok = parse_visit("今天拜访了华润电力，谈了续约", now=NOW, timezone="Asia/Shanghai",
                     clients=rows)  # fmt: skip
    assert sure_client_in_report(ok.client_query, ok.client_candidates, False, rows) == (
        1, "华润电力（常熟）有限公司",
    )  # fmt: skip


def test_a_typo_is_offered_not_taken() -> None:
    choice = find_client("huarnudianli", CLIENTS)
    assert choice.sure is None and [h.id for h in choice.options][:1] == [1]


def test_a_part_of_the_name_by_characters_pinyin_or_same_sound_is_taken() -> None:
    for typed in ("华润", "华润电力", "huarun", "hua run dian li", "华闰", "常熟"):
        assert sure_client(typed, CLIENTS) == (1, "华润电力（常熟）有限公司"), typed
    assert sure_client("苏州移动", CLIENTS) == (4, "中国移动苏州分公司")
    assert sure_client("China Mobile", CLIENTS) == (4, "中国移动苏州分公司")


def test_a_whole_name_wins_over_a_longer_name_containing_it_but_a_part_of_both_asks() -> None:
    assert sure_client("招商银行", CLIENTS) == (2, "招商银行")
    assert sure_client("招商", CLIENTS) is None
    choice = find_client("招商", CLIENTS)
    assert choice.named and {h.id for h in choice.options} >= {2, 3}
    assert sure_client("银行", CLIENTS) is None


def test_typos_and_reordered_characters_are_asked_about() -> None:
    assert sure_client("huarn", CLIENTS) is None
    assert sure_client("苏州中国移动", CLIENTS) is None
    assert not names_client("润华", search_key("华润电力"))
    assert sure_client("", CLIENTS) is None


def test_a_report_shortening_a_name_offers_the_client_first_but_asks() -> None:
    # The visit parser scores "招商南京分行" as a shortened 招商银行南京分行 (first word and order
    # kept); the one rule takes only words contained in a name, so the user is asked, with that
    # client first. A wrong client on a saved visit costs more than one tap.
    rows = [(2, "招商银行", ()), (3, "招商银行南京分行", ()), (5, "江苏银行", ())]
    draft = parse_visit("今天拜访了招商南京分行，谈了授信", now=NOW, timezone="Asia/Shanghai",
                        clients=rows)  # fmt: skip
    assert draft.client_query == "招商南京分行"
    assert draft.client_candidates[0][0] == 3
    assert sure_client_in_report(draft.client_query, draft.client_candidates, False, rows) is None
    assert [h.id for h in find_client("招商南京分行", keyed(rows)).options][:1] == [3]


def test_a_whole_organisation_typed_is_asked_about_when_the_client_is_another_kind_it_begins() -> (
    None
):
    # "复旦大学" was put on a card as 复旦大学附属中山医院 without asking: the university itself may
    # be what the manager visited. A branch, a campus or a legal form of the same one is taken.
    rows = keyed([(1, "复旦大学附属中山医院", ()), (2, "江苏银行股份有限公司", ()),
                  (3, "上海交通大学闵行校区", ()), (4, "招商银行南京分行", ())])  # fmt: skip
    assert sure_client("复旦大学", rows) is None
    assert [h.id for h in find_client("复旦大学", rows).options][:1] == [1]  # offered first
    assert sure_client("中山医院", rows) == (1, "复旦大学附属中山医院")
    assert sure_client("江苏银行", rows) == (2, "江苏银行股份有限公司")
    assert sure_client("上海交通大学", rows) == (3, "上海交通大学闵行校区")
    assert sure_client("招商银行", rows) == (4, "招商银行南京分行")
