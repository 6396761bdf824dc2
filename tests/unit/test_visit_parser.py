"""The visit-report parser turns a free-text report into a draft by rules, without a language model."""

from __future__ import annotations

import dataclasses
import random
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from services.visits.dates import parse_follow_up, parse_relative_date
from services.visits.parser import (
    QUESTION_DATE_MISSING,
    QUESTION_SUMMARY_EMPTY,
    PersonMet,
    VisitDraft,
    looks_like_visit_report,
    parse_visit,
    sure_client_of,
)
from services.visits.text import FIELD_LIMIT, SUMMARY_LIMIT

SHANGHAI = "Asia/Shanghai"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo(SHANGHAI))  # a Monday
TODAY = NOW.date()
CLIENTS = [
    (1, "华能南京电厂", ("华能电厂", "Huaneng Nanjing Power Plant")),
    (2, "华润万家", ("CR Vanguard",)),
    (3, "华润电力", ()),
    (4, "中国移动苏州分公司", ("苏州移动", "China Mobile Suzhou")),
    (5, "中国移动无锡分公司", ("China Mobile Wuxi",)),
    (6, "招商银行", ()),
    (7, "招商银行南京分行", ()),
    (8, "<A&B> 精细化工", ("A&B Fine Chemicals",)),
    (9, "徐工集团", ("徐工",)),
    (10, "扬子石化", ()),
]


def parse(text: str, clients: Sequence[tuple[int, str, Sequence[str]]] = CLIENTS) -> VisitDraft:
    return parse_visit(text, now=NOW, timezone=SHANGHAI, clients=clients)


def client_of(draft: VisitDraft) -> str | None:
    return draft.client_candidates[0][1] if draft.client_candidates else None


# --- Visit dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("今天", date(2026, 11, 23)),
        ("今日", date(2026, 11, 23)),
        ("today", date(2026, 11, 23)),
        ("昨天", date(2026, 11, 22)),
        ("昨日", date(2026, 11, 22)),
        ("yesterday", date(2026, 11, 22)),
        ("前天", date(2026, 11, 21)),
        ("大前天", date(2026, 11, 20)),
        ("3天前", date(2026, 11, 20)),
        ("三天前", date(2026, 11, 20)),
        ("两天前", date(2026, 11, 21)),
        ("十天前", date(2026, 11, 13)),
        ("2 days ago", date(2026, 11, 21)),
        ("two days ago", date(2026, 11, 21)),
        ("上周五", date(2026, 11, 20)),
        ("上星期三", date(2026, 11, 18)),
        ("上礼拜一", date(2026, 11, 16)),
        ("last Friday", date(2026, 11, 20)),
        ("本周一", date(2026, 11, 23)),
        ("这周三", date(2026, 11, 25)),
        ("this Wednesday", date(2026, 11, 25)),
        ("11月20日", date(2026, 11, 20)),
        ("11月20号", date(2026, 11, 20)),
        ("十一月二十日", date(2026, 11, 20)),
        ("2026-11-20", date(2026, 11, 20)),
        ("2026/11/20", date(2026, 11, 20)),
        ("11-20", date(2026, 11, 20)),
        ("Nov 20", date(2026, 11, 20)),
        ("November 20th", date(2026, 11, 20)),
        ("20 Nov", date(2026, 11, 20)),
    ],
)
def test_visit_date_phrase_names_the_day(phrase: str, expected: date) -> None:
    assert parse_relative_date(phrase, today=TODAY)[0] == expected


@pytest.mark.parametrize(
    ("report", "phrase", "days"),
    [
        ("前几天去了华能电厂，谈了扩容", "前几天", (21, 20, 19, 18)),
        ("上周末去了华能电厂，谈了扩容", "上周末", (21, 22)),
        ("周末去了华能电厂，谈了扩容", "周末", (21, 22)),
        ("上周去了华能电厂，谈了扩容", "上周", (16, 17, 18, 19, 20)),
        ("Visited China Mobile Suzhou a few days ago, discussed the renewal", "a few days ago",
         (21, 20, 19, 18)),
        ("Visited China Mobile Suzhou last weekend, discussed the renewal", "last weekend", (21, 22)),
    ],
)  # fmt: skip
def test_a_visit_said_to_be_near_some_days_asks_which_offering_them(
    report: str, phrase: str, days: tuple[int, ...]
) -> None:
    """No day is guessed ('a few days ago' was taken as three days ago); the words are not the
    summary's."""
    draft = parse(report)
    assert draft.visited_on is None and "date_missing" in draft.questions
    assert draft.date_phrase == phrase
    assert draft.date_options == tuple(date(2026, 11, d) for d in days)
    assert phrase not in draft.summary


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [("20/11", date(2026, 11, 20)), ("20/11 afternoon", date(2026, 11, 20)),
     ("11/20", date(2026, 11, 20)), ("13/11", date(2026, 11, 13))],
)  # fmt: skip
def test_a_day_written_before_its_month_is_read_when_the_day_cannot_be_a_month(
    phrase: str, expected: date
) -> None:
    """'Visited Baosteel on 20/11' (English as written outside the US) gave no date at all."""
    assert parse_relative_date(phrase, today=TODAY)[0] == expected


def test_a_ratio_or_a_day_that_could_be_a_month_is_not_read_day_first() -> None:
    assert parse_relative_date("12/11", today=TODAY)[0] == date(2026, 12, 11)  # month first
    assert parse_relative_date("31/13", today=TODAY)[0] is None
    assert parse_relative_date("20/11 people", today=TODAY)[0] is None


def test_a_vague_day_the_client_told_of_is_not_the_visit_s() -> None:
    draft = parse("昨天去了华能电厂，客户说前几天断网了")
    assert draft.visited_on == date(2026, 11, 22) and draft.date_options == ()


@pytest.mark.parametrize(
    ("report", "said"),
    [
        ("去了华能电厂，上周的断网已经修复，客户满意", "上周的断网已经修复"),
        ("Went to Huaneng Nanjing Power Plant, last week's outage is fixed, they are satisfied",
         "last week's outage is fixed"),
        ("去了华能电厂，昨天的故障已经排除，客户满意", "昨天的故障已经排除"),
        ("Visited China Mobile Suzhou, yesterday's invoice error is corrected",
         "yesterday's invoice error is corrected"),
    ],
)  # fmt: skip
def test_a_day_qualifying_a_thing_is_not_the_visit_s_and_stays_in_the_summary(
    report: str, said: str
) -> None:
    """ "上周的断网已修复" asked which day of last week the visit was; "昨天的故障" made it yesterday."""
    draft = parse(report)
    assert draft.visited_on is None and draft.date_options == (), draft
    assert said in draft.summary, draft.summary


@pytest.mark.parametrize(
    "report",
    ["走访记录：昨天去了华能电厂，见了张总，谈了续约", "【拜訪】昨天去了华能电厂，见了张总，谈了续约",
     "拜访：昨天去了华能电厂，见了张总，谈了续约"],
)  # fmt: skip
def test_a_label_opening_the_report_is_no_part_of_its_summary(report: str) -> None:
    # "走访记录：今天上午去了宝钢，…，谈了续约" was saved with "走访记录：今天上午去了宝钢，续约".
    draft = parse(report)
    assert draft.summary == "续约", draft.summary
    assert draft.visited_on == date(2026, 11, 22) and client_of(draft) == "华能南京电厂"


def test_a_label_opening_an_english_report_is_no_part_of_its_summary() -> None:
    draft = parse("Visit: yesterday met Mr Li at China Mobile Suzhou, discussed the 5G renewal")
    assert "Visit" not in draft.summary and "5G renewal" in draft.summary, draft.summary


def test_how_the_visit_ended_in_two_words_stays_in_the_summary() -> None:
    """ "谈了续约，客户满意" was saved as "续约": the client's answer was lost."""
    assert parse("昨天去了华能电厂，谈了续约，客户满意").summary == "续约，客户满意"
    assert parse("昨天去了华能电厂，谈了续约，已签约").summary == "续约，已签约"
    assert parse("昨天去了华能电厂，见了张总").summary == ""  # nothing said: asked


def test_a_day_qualifying_the_meeting_itself_is_the_visit_s() -> None:
    assert parse("昨天的拜访中，华能电厂张总提出二期扩容").visited_on == date(2026, 11, 22)
    assert parse("Yesterday's meeting at China Mobile Suzhou: renewal agreed").visited_on == date(
        2026, 11, 22
    )
    assert parse("华能电厂上周的会上谈了续约").date_phrase == "上周"


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [("周五", date(2026, 11, 20)), ("星期一", date(2026, 11, 23)), ("周日", date(2026, 11, 22)),
     ("Friday", date(2026, 11, 20))],
)  # fmt: skip
def test_weekday_alone_is_the_latest_such_day_not_in_the_future(
    phrase: str, expected: date
) -> None:
    assert parse_relative_date(phrase, today=TODAY)[0] == expected


def test_month_and_day_without_year_is_taken_in_the_nearest_year() -> None:
    assert parse_relative_date("12月28日", today=date(2027, 1, 3))[0] == date(2026, 12, 28)


@pytest.mark.parametrize(
    ("phrase", "today", "expected"),
    [("25号", date(2026, 11, 30), date(2026, 11, 25)),
     ("25号下午", date(2026, 11, 30), date(2026, 11, 25)),
     ("25号", date(2026, 11, 25), date(2026, 11, 25)),
     ("25号", date(2026, 11, 24), date(2026, 10, 25)),  # never in the future
     ("二十五号", date(2026, 11, 30), date(2026, 11, 25)),
     ("3日", date(2027, 1, 2), date(2026, 12, 3)),  # last month, last year
     ("31号", date(2026, 3, 1), date(2026, 1, 31)),  # February has none
     ("on the 25th", date(2026, 11, 30), date(2026, 11, 25)),
     ("visited them on the 28th", date(2026, 11, 27), date(2026, 10, 28)),
     ("11月25", date(2026, 11, 30), date(2026, 11, 25)),  # month and day without 日
     ("11.25去了宝钢", date(2026, 11, 30), date(2026, 11, 25)),
     ("去了宝钢，11.25下午", date(2026, 11, 30), date(2026, 11, 25))],
)  # fmt: skip
def test_a_day_of_the_month_alone_is_the_latest_such_day_not_in_the_future(
    phrase: str, today: date, expected: date
) -> None:
    assert parse_relative_date(phrase, today=today)[0] == expected


@pytest.mark.parametrize(
    "phrase",
    [
        "3号楼",
        "去了2号线",
        "第3号",
        "5号机组",
        "32号",
        "3日内",
        "on the 3rd floor",
        "the 2nd time",
        "25th",
        "5月10万",
        "报价3.5",
        "3.5折",
        "1.5万",
        "涨了 2.5",
        "版本 1.2",
        "要 2.5G 带宽",
        "降价 1.5%",
        "11月25天",
    ],
)
def test_a_number_that_is_not_a_day_gives_no_date(phrase: str) -> None:
    assert parse_relative_date(phrase, today=date(2026, 11, 30))[0] is None


def test_a_follow_up_day_of_the_month_alone_is_the_next_such_day() -> None:
    assert parse_follow_up("25号前发报价", today=date(2026, 11, 30)) == date(2026, 12, 25)
    assert parse_follow_up("5号再跟进", today=date(2026, 11, 30)) == date(2026, 12, 5)
    assert parse_follow_up("send the quote by the 5th", today=date(2026, 11, 30)) == date(
        2026, 12, 5
    )


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("上午", "morning"),
        ("早上", "morning"),
        ("中午", "12:00"),
        ("下午", "afternoon"),
        ("晚上", "evening"),
        ("下午3点", "15:00"),
        ("3点", "15:00"),
        ("上午10点半", "10:30"),
        ("晚上8点", "20:00"),
        ("14:30", "14:30"),
        ("yesterday afternoon", "afternoon"),
        ("this morning", "morning"),
        ("3pm", "15:00"),
        ("3:30 pm", "15:30"),
    ],
)
def test_time_of_day_is_read_as_a_part_of_day_or_a_clock_time(phrase: str, expected: str) -> None:
    assert parse_relative_date(phrase, today=TODAY)[1] == expected


def test_a_count_of_points_is_not_a_clock_time() -> None:
    assert parse_relative_date("提了3点意见", today=TODAY) == (None, None)


@pytest.mark.parametrize("phrase", ["", "随便说说", "上周", "2026-13-45", "99月99日"])
def test_phrase_without_a_day_gives_none(phrase: str) -> None:
    assert parse_relative_date(phrase, today=TODAY)[0] is None


# --- Follow-up dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("下周二前", date(2026, 12, 1)),
        ("下周二", date(2026, 12, 1)),
        ("本周五", date(2026, 11, 27)),
        ("周五前", date(2026, 11, 27)),
        ("月底", date(2026, 11, 30)),
        ("月底前", date(2026, 11, 30)),
        ("月末", date(2026, 11, 30)),
        ("下个月初", date(2026, 12, 1)),
        ("下月初", date(2026, 12, 1)),
        ("下个月", date(2026, 12, 1)),
        ("下个月底", date(2026, 12, 31)),
        ("两周内", date(2026, 12, 7)),
        ("三天后", date(2026, 11, 26)),
        ("10天内", date(2026, 12, 3)),
        ("年底", date(2026, 12, 31)),
        ("明天", date(2026, 11, 24)),
        ("下周", date(2026, 11, 30)),
        ("本周内", date(2026, 11, 27)),
        ("3个工作日内", date(2026, 11, 26)),
        ("一个月内", date(2026, 12, 23)),
        ("12月10日前", date(2026, 12, 10)),
        ("1月5日", date(2027, 1, 5)),
        ("in two weeks", date(2026, 12, 7)),
        ("by next Tuesday", date(2026, 12, 1)),
        ("end of the month", date(2026, 11, 30)),
        ("within 10 days", date(2026, 12, 3)),
        ("tomorrow", date(2026, 11, 24)),
        ("next week", date(2026, 11, 30)),
        ("by Friday", date(2026, 11, 27)),
        ("early next month", date(2026, 12, 1)),
        ("end of the year", date(2026, 12, 31)),
        ("in 3 business days", date(2026, 11, 26)),
        ("Dec 5", date(2026, 12, 5)),
        ("mid December", date(2026, 12, 15)),
        ("in mid-December", date(2026, 12, 15)),
        ("end of December", date(2026, 12, 31)),
        ("by the end of December", date(2026, 12, 31)),
        ("early January", date(2027, 1, 1)),
        ("late January", date(2027, 1, 21)),
        ("mid-month", date(2026, 12, 15)),
    ],
)
def test_follow_up_phrase_names_a_day_ahead(phrase: str, expected: date) -> None:
    assert parse_follow_up(phrase, today=TODAY) == expected


@pytest.mark.parametrize("phrase", ["", "尽快", "上周五", "last Friday", "随便"])
def test_follow_up_without_a_day_ahead_gives_none(phrase: str) -> None:
    assert parse_follow_up(phrase, today=TODAY) is None


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # what the client will do comes first; the user's own follow-up day is the one asked for
        ("对方下周给预算，下周三再跟进", date(2026, 12, 2)),
        ("明天发方案，下周五再去一趟", date(2026, 12, 4)),
        ("下周三再跟进，月底签约", date(2026, 12, 2)),
        ("they send the budget next week, follow up on Wednesday", date(2026, 11, 25)),
        ("quote tomorrow, then visit again next Friday", date(2026, 12, 4)),
        # with no follow-up word, the first date stays
        ("对方下周给预算，月底签约", date(2026, 11, 30)),
    ],
)
def test_of_several_dates_the_follow_up_day_is_the_one_said_with_follow_up(
    phrase: str, expected: date
) -> None:
    assert parse_follow_up(phrase, today=TODAY) == expected


def test_a_report_whose_next_step_has_two_dates_follows_up_on_the_day_said() -> None:
    draft = parse(
        "今天下午去了华能电厂，见了采购部王经理，谈了明年的专线扩容，对方下周给预算，下周三再跟进"
    )
    assert draft.follow_up_on == date(2026, 12, 2)  # next week's Wednesday, not next Monday


def test_a_next_step_of_two_things_keeps_both_and_follows_up_on_the_sooner() -> None:
    # "同时约技术部一起去现场踏勘" was in neither the summary nor the next step: lost.
    draft = parse(
        "今天去华能电厂谈了检修协议，对方让我们下周提交初步方案。"
        "下一步：周五前把方案初稿发给李主任，同时约技术部一起去现场踏勘。"
    )
    assert draft.next_step is not None
    assert "周五前把方案初稿发给李主任" in draft.next_step, draft.next_step
    assert "约技术部一起去现场踏勘" in draft.next_step, draft.next_step
    assert draft.follow_up_on == date(2026, 11, 27)  # Friday, before next week's proposal
    then = parse("今天去华能电厂谈了检修协议，下周二前发报价，然后约技术部去现场踏勘")
    assert then.next_step == "下周二前发报价，然后约技术部去现场踏勘", then.next_step
    assert then.follow_up_on == date(2026, 12, 1)
    told = parse("今天去华能电厂，下周二前发报价，对方很满意")  # no step goes on: their words
    assert told.next_step == "下周二前发报价" and "对方很满意" in told.summary, told


def test_short_clauses_of_a_report_are_kept_not_dropped() -> None:
    # "催我们修", "顺利", "签了" were in neither summary nor next step (too few words of their own).
    urged = parse("昨天下午去扬子石化见了王总，他们对价格有意见。另外机房空调坏了，催我们修。")
    assert "催我们修" in urged.summary, urged.summary
    smooth = parse("今天去华能电厂，采购部王经理，谈续约，顺利。")
    assert smooth.summary == "谈续约，顺利", smooth.summary
    signed = parse("今天拜访华润电力，见了总经理，签了。")
    assert signed.summary == "签了" and QUESTION_SUMMARY_EMPTY not in signed.questions, signed


def test_a_contract_sum_is_no_person_and_a_day_set_for_signing_is_the_next_step() -> None:
    draft = parse(
        "今天电话联系了招商银行南京分行的刘行长，确认续约，合同金额120万，签约定在12月10日。"
    )
    assert [p.name for p in draft.people] == ["刘行长"]  # no one called 金额 (合同 read as 和)
    assert draft.summary == "确认续约，合同金额120万", draft.summary
    assert draft.next_step == "签约定在12月10日" and draft.follow_up_on == date(2026, 12, 10)


def test_a_colleague_taken_along_is_not_quoted_and_their_chairman_is_the_person_met() -> None:
    draft = parse(
        "今天上午陪周总去徐工集团，见了他们董事长，聊了战略合作，气氛很好，"
        "我们下周先出个合作备忘录。"
    )
    assert draft.summary == "战略合作，气氛很好", draft.summary  # not "陪周总去徐工集团，见了…"
    assert [p.name for p in draft.people] == ["董事长"]


def test_a_report_typed_with_spaces_for_commas_is_read_clause_by_clause() -> None:
    draft = parse("招商银行 今天 见了行长 谈贷款专线 下周五前回复")
    assert draft.summary == "谈贷款专线", draft.summary  # was the whole message
    assert draft.next_step == "下周五前回复" and draft.follow_up_on == date(2026, 12, 4)


def test_an_english_title_of_a_department_stops_before_the_client() -> None:
    draft = parse("Met Zhang Wei, head of maintenance at Huaneng yesterday. Went over the outage.")
    assert [(p.name, p.title) for p in draft.people] == [("Zhang Wei", "head of maintenance")]


def test_what_the_client_demands_is_what_was_said_not_the_managers_next_step() -> None:
    draft = parse("昨天去扬子石化见了王总，他们对价格有意见，要求降5%，我说回去请示。")
    assert "要求降5%" in draft.summary, draft.summary  # it was the 下一步
    assert draft.next_step is None, draft.next_step
    told = parse("今天去扬子石化，对方投诉上周断网，要求赔偿，我们答应周五前给方案。")
    assert "要求赔偿" in told.summary and told.next_step == "周五前给方案", told
    ours = parse("昨天去华能电厂见了王经理，要求我们12月10号前出方案")
    assert ours.next_step == "要求我们12月10号前出方案" and ours.follow_up_on == date(2026, 12, 10)


def test_their_department_is_the_department_not_their_pronoun() -> None:
    # "他们采购部经理" and "方设备部" were saved as titles.
    theirs = parse("今天上午去华能电厂，见了他们采购部的王经理，谈了价格")
    assert [(p.name, p.title) for p in theirs.people] == [("王经理", "采购部经理")]
    other = parse("今天去华能电厂见了对方设备部张总，谈了扩容")
    assert [(p.name, p.title) for p in other.people] == [("张总", "设备部")]
    desk = parse("今天去华能电厂见了客户服务中心李主任")  # 客户 of a department's own name
    assert [(p.name, p.title) for p in desk.people] == [("李主任", "客户服务中心主任")]


def test_a_title_written_before_an_english_name_is_the_title_not_part_of_the_name() -> None:
    draft = parse("Visited Huaneng today, met Manager Zhang from procurement and Director Li.")
    assert [(p.name, p.title) for p in draft.people] == [
        ("Zhang", "procurement manager"),
        ("Li", "Director"),
    ]
    mister = parse("Visited Huaneng today, met Mr. Zhang from procurement.")
    assert [(p.name, p.title) for p in mister.people] == [("Mr. Zhang", "procurement")]


# --- Whole reports -------------------------------------------------------------------------


def test_chinese_report_fills_every_field() -> None:
    draft = parse("今天上午拜访了华能电厂，见了设备部张总，谈了二期扩容，下周二前发报价")

    assert draft.client_query == "华能电厂"
    assert client_of(draft) == "华能南京电厂"
    assert draft.visited_on == date(2026, 11, 23)
    assert draft.visited_time == "morning"
    assert draft.kind == "on_site"
    assert draft.people == (PersonMet("张总", "设备部"),)
    assert draft.summary == "二期扩容"
    assert draft.next_step == "下周二前发报价"
    assert draft.follow_up_on == date(2026, 12, 1)
    assert draft.language == "zh"
    assert draft.questions == ()


def test_english_report_fills_every_field() -> None:
    draft = parse(
        "Met Mr. Li (CIO) at China Mobile Suzhou yesterday afternoon by phone, discussed the 5G "
        "private network renewal; send proposal in two weeks"
    )

    assert draft.client_query == "China Mobile Suzhou"
    assert client_of(draft) == "中国移动苏州分公司"
    assert (draft.visited_on, draft.visited_time) == (date(2026, 11, 22), "afternoon")
    assert draft.kind == "phone"
    assert draft.people == (PersonMet("Mr. Li", "CIO"),)
    assert draft.summary == "the 5G private network renewal"
    assert draft.next_step == "send proposal in two weeks"
    assert draft.follow_up_on == date(2026, 12, 7)
    assert draft.language == "en"
    assert draft.questions == ()


def test_traditional_chinese_report_is_read_and_names_come_back_as_written() -> None:
    draft = parse("昨天拜訪了華能電廠，見了設備部張總，談了脫硫改造，下週二前發報價")

    assert client_of(draft) == "华能南京电厂"
    assert draft.client_query == "華能電廠"
    assert draft.visited_on == date(2026, 11, 22)
    assert draft.people == (PersonMet("張總", "設備部"),)
    assert draft.summary == "脫硫改造"
    assert draft.next_step == "下週二前發報價"
    assert draft.follow_up_on == date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        (
            "Called Bank of Jiangsu this morning, they will pay the overdue invoice of 128,000 yuan "
            "next week",
            "128,000 yuan",
        ),
        (
            "Visited Huaneng Nanjing Power Plant today, discussed the 1,250,000 yuan upgrade",
            "1,250,000 yuan",
        ),
        ("今天拜访了华能电厂，谈了扩容，报价1,280,000元", "1,280,000元"),
    ],
)
def test_an_amount_written_with_thousands_commas_stays_whole(text: str, amount: str) -> None:
    draft = parse(text)

    said = f"{draft.summary} | {draft.next_step}"
    assert amount in said
    assert "000" not in said.replace(amount, "")


@pytest.mark.parametrize(
    ("text", "summary", "next_step", "follow_up"),
    [
        (
            "Called Huaneng Nanjing Power Plant this morning, Ms. Hu from finance said they will pay "
            "the overdue invoice by Friday. Check payment on Monday.",
            "Ms. Hu from finance said they will pay the overdue invoice by Friday",
            "Check payment on Monday",
            date(2026, 11, 30),
        ),
        (
            "今天拜访了华能电厂，对方说周五前付清欠款，下周一再核实到账",
            "对方说周五前付清欠款",
            "下周一再核实到账",
            date(2026, 11, 30),
        ),
        # What the client asks for was discussed; our step is due by the day they asked for.
        # Before, the summary was empty (the bot asked "what was discussed?") and their wish was
        # the next step.
        (
            "Met Mr. Liu at Huaneng Nanjing Power Plant today, they want a quote for 500M fiber by "
            "Friday. Next step: send quote.",
            "they want a quote for 500M fiber by Friday",
            "send quote",
            date(2026, 11, 27),
        ),
        (
            "今天拜访了华能电厂，客户希望周五前拿到报价，下一步：发报价",
            "客户希望周五前拿到报价",
            "发报价",
            date(2026, 11, 27),
        ),
    ],
)
def test_what_the_client_promised_is_the_summary_when_the_manager_names_a_step_of_their_own(
    text: str, summary: str, next_step: str, follow_up: date
) -> None:
    draft = parse(text)

    assert (draft.summary, draft.next_step, draft.follow_up_on) == (summary, next_step, follow_up)


def test_what_the_client_promised_is_the_next_step_when_it_is_the_only_one() -> None:
    draft = parse("今天拜访了华能电厂，谈了欠款，对方说周五前付清")

    assert draft.follow_up_on == date(2026, 11, 27)
    assert draft.next_step is not None and "周五前付清" in draft.next_step


def test_about_before_a_number_is_roughly_and_keeps_what_it_measures() -> None:
    draft = parse(
        "Visited Huaneng Nanjing Power Plant today. They plan two more substations, budget about "
        "3.5 million."
    )

    assert draft.summary == "They plan two more substations; budget about 3.5 million"


def test_report_without_punctuation_is_still_split_into_summary_and_next_step() -> None:
    draft = parse("今天拜访华能电厂见了张总谈了二期扩容下周二前发报价")

    assert draft.summary == "二期扩容"
    assert draft.next_step == "下周二前发报价"
    assert draft.follow_up_on == date(2026, 12, 1)


def test_discussion_clauses_without_a_verb_still_count_as_summary() -> None:
    draft = parse(
        "昨天去了华润万家，和采购部李经理沟通了框架协议续签，客户希望降价3%，月底前给答复"
    )

    assert draft.summary == "框架协议续签，客户希望降价3%"
    assert draft.follow_up_on == date(2026, 11, 30)


def test_next_step_label_is_dropped_from_the_next_step() -> None:
    draft = parse("昨天拜访了扬子石化，谈了备件供应。下一步：三天后提交技术方案")

    assert draft.next_step == "三天后提交技术方案"
    assert draft.follow_up_on == date(2026, 11, 26)


# --- Kind ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("今天电话联系了华能电厂张总，谈了扩容", "phone"),
        ("今天致电华能电厂，谈了扩容", "phone"),
        ("昨天打电话给华润万家李经理，谈了续约", "phone"),
        ("Called CR Vanguard today, discussed pricing", "phone"),
        ("今天和华能电厂开了视频会议，谈了扩容", "video"),
        ("今天和华能电厂开了腾讯会议，谈了扩容", "video"),
        ("今天钉钉上和华能电厂沟通了扩容", "video"),
        ("Zoom with CR Vanguard today, discussed pricing", "video"),
        ("Teams meeting with CR Vanguard today about pricing", "video"),
        ("Video call with CR Vanguard today, discussed pricing", "video"),
        ("今天拜访了华能电厂，谈了扩容", "on_site"),
        ("今天上门走访华能电厂，谈了扩容", "on_site"),
        ("今天去了华能电厂现场，谈了扩容", "on_site"),
        ("华能电厂今天到访，谈了扩容", "on_site"),
        ("Visited CR Vanguard today, discussed pricing", "on_site"),
        ("On site at CR Vanguard today, discussed pricing", "on_site"),
        ("今天电话拜访了华能电厂，谈了扩容", "phone"),
        # A meeting is on site unless it was online: before, "开了个会" was no visit at all.
        ("昨天下午和华能电厂刘经理开了个会，谈了扩容", "on_site"),
        ("今天和华能电厂线上开会讨论了扩容方案", "video"),
        ("Had a meeting with CR Vanguard today, discussed pricing", "on_site"),
    ],
)
def test_kind_of_contact_comes_from_its_words(text: str, kind: str) -> None:
    assert parse(text).kind == kind


def test_kind_is_none_when_the_report_does_not_say() -> None:
    assert parse("今天和华能电厂谈了扩容").kind is None


def test_a_planned_site_visit_in_the_next_step_does_not_make_a_call_on_site() -> None:
    assert parse("今天电话沟通了华能电厂张总，谈了扩容，下周去现场勘查").kind == "phone"


# --- People --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("今天拜访了华能电厂，见了设备部张总，谈了扩容", [PersonMet("张总", "设备部")]),
        ("今天拜访了华能电厂，和信息中心主任王伟谈了扩容", [PersonMet("王伟", "信息中心主任")]),
        ("今天拜访了华能电厂，与李经理谈了扩容", [PersonMet("李经理", "经理")]),
        ("今天拜访了华能电厂，张总（设备部）谈了扩容", [PersonMet("张总", "设备部")]),
        ("今天拜访了华能电厂，见了王伟主任，谈了扩容", [PersonMet("王伟", "主任")]),
        ("今天拜访了华能电厂，采购部李经理谈了扩容", [PersonMet("李经理", "采购部经理")]),
        ("今天拜访了华能电厂，见了陈主任和孙工，谈了扩容", [PersonMet("陈主任", "主任"), PersonMet("孙工", None)]),
        ("今天电话沟通了华能张总，谈了扩容", [PersonMet("张总", None)]),
        ("Met Mr. Li (CIO) at CR Vanguard today, discussed pricing", [PersonMet("Mr. Li", "CIO")]),
        ("Visited CR Vanguard today, met Zhang Wei, head of IT", [PersonMet("Zhang Wei", "head of IT")]),
        ("Called CR Vanguard today, spoke with procurement manager Zhou", [PersonMet("Zhou", "procurement manager")]),
        ("Visited CR Vanguard today and met the CIO, Zhang Lei", [PersonMet("Zhang Lei", "CIO")]),
        # He (何) is a surname after Mr., not the pronoun.
        ("Visited CR Vanguard today, met their IT director Mr. He", [PersonMet("Mr. He", "IT director")]),
        # A department in Latin letters; a full name with its department or title in brackets.
        ("今天和华能电厂采购部的王娟、IT部赵磊开了视频会，谈了续约",
         [PersonMet("王娟", "采购部"), PersonMet("赵磊", "IT部")]),
        ("今天跟华能电厂的王娟（采购部）开了个电话会，谈了续约", [PersonMet("王娟", "采购部")]),
        ("今天拜访了华能电厂，见了王晓娟（采购部经理），谈了扩容", [PersonMet("王晓娟", "采购部经理")]),
        ("今天拜访了华能电厂，和欧阳娜娜(财务)谈了回款", [PersonMet("欧阳娜娜", "财务")]),
        # A surname called familiarly, with its department; "两小时" is no one.
        ("昨天和华能电厂的刘经理、采购部小周开了个会，谈了两小时续约",
         [PersonMet("刘经理", "经理"), PersonMet("小周", "采购部")]),
        ("今天拜访了华能电厂，和财务部老王谈了回款", [PersonMet("老王", "财务部")]),
        # A meeting "碰了个头": its 碰 was taken into the name ("王芳碰"), or the title was.
        ("昨天和华能电厂的采购经理王芳碰了个头，谈续约", [PersonMet("王芳", "采购经理")]),
        ("昨天跟华能电厂采购部王芳碰头，谈续约", [PersonMet("王芳", "采购部")]),
        ("昨天和华能电厂的采购经理王芳碰面，谈续约", [PersonMet("王芳", "采购经理")]),
    ],
)  # fmt: skip
def test_people_met_are_read_with_their_titles(text: str, people: list[PersonMet]) -> None:
    assert list(parse(text).people) == people


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("Met the IT director at CR Vanguard today, discussed SD-WAN", [PersonMet("IT director", None)]),
        ("Visited CR Vanguard today, met their head of procurement and the CIO, discussed renewal",
         [PersonMet("head of procurement", None), PersonMet("CIO", None)]),
        ("Called CR Vanguard today, spoke with the head of IT about the outage", [PersonMet("head of IT", None)]),
        ("今天拜访了华能电厂，见了信息科主任，谈了扩容", [PersonMet("信息科主任", None)]),
        ("今天拜访了华能电厂，和总经理谈了扩容", [PersonMet("总经理", None)]),
        # A colleague is not a person met; a role written with a name keeps the name.
        ("Visited CR Vanguard with my manager today, discussed pricing", []),
        ("Called the head office of CR Vanguard today, discussed pricing", []),
        ("今天和客户经理一起拜访了华能电厂，谈了扩容", []),
        ("今天拜访了华能电厂，和总经理办公室沟通了扩容", []),
        ("Visited CR Vanguard today, met the IT director Mr. He", [PersonMet("Mr. He", "IT director")]),
    ],
)  # fmt: skip
def test_a_person_named_only_by_their_role_is_kept_as_that_role(
    text: str, people: list[PersonMet]
) -> None:
    draft = parse(text)
    assert list(draft.people) == people
    assert draft.client_query is not None and "总" not in draft.summary


@pytest.mark.parametrize(
    "text",
    [
        "今天拜访了施工现场，谈了进度",
        "今天拜访了华能电厂总部，谈了扩容",
        "Visited China Mobile Suzhou on Friday",
        "今天去了华能电厂（南京），谈了扩容",
    ],
)
def test_places_and_client_names_are_not_taken_for_people(text: str) -> None:
    assert parse(text).people == ()


# --- Client --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "client", "query"),
    [
        ("今天拜访了华润万家，谈了续约", "华润万家", "华润万家"),
        ("今天拜访了苏州移动，谈了续约", "中国移动苏州分公司", "苏州移动"),
        ("今天拜访了华闰万家，谈了续约", "华润万家", "华闰万家"),
        ("今天拜访了阳子石化，谈了续约", "扬子石化", "阳子石化"),
        ("今天拜访了旭工，谈了续约", "徐工集团", "旭工"),
        ("Visited Huarun Wanjia today, discussed renewal", "华润万家", "Huarun Wanjia"),
        ("今天拜访了華潤萬家，谈了续约", "华润万家", "華潤萬家"),
        ("Visited <A&B> Fine Chemicals today", "<A&B> 精细化工", "<A&B> Fine Chemicals"),
    ],
)
def test_client_is_found_by_name_alias_typo_pinyin_or_traditional_characters(
    text: str, client: str, query: str
) -> None:
    draft = parse(text)

    assert client_of(draft) == client
    assert draft.client_query == query
    assert not {"client_ambiguous", "client_unknown"} & set(draft.questions)


@pytest.mark.parametrize(
    ("text", "query"),
    [
        # Another branch of the same group: the place typed is not in the client's name.
        (
            "Visited Sinopec Shanghai yesterday afternoon, discussed the fuel contract",
            "Sinopec Shanghai",
        ),
        ("Met Sinopec Hangzhou Branch today about the renewal", "Sinopec Hangzhou Branch"),
        ("昨天去了中石化上海分公司，谈了油品合同", "中石化上海分公司"),
    ],
)
def test_a_name_typed_on_past_the_part_that_matched_is_asked_about_not_taken(
    text: str, query: str
) -> None:
    clients = [(12, "中国石化扬子石油化工有限公司", ("中石化扬子", "Sinopec Yangzi Petrochemical"))]
    draft = parse(text, clients)

    assert draft.client_query == query
    assert sure_client_of(draft, clients) is None
    assert draft.people == ()  # "Shanghai" is no one met


@pytest.mark.parametrize(
    "text",
    [
        "Visited Sinopec Yangzi yesterday, discussed the fuel contract",
        "Visited Sinopec yesterday, discussed the fuel contract",
        "Visited Sinopec Monday, discussed the fuel contract",
        "Visited Sinopec with Mr. Zhang, discussed the fuel contract",
        "Visited Sinopec in Nanjing, discussed the fuel contract",
    ],
)
def test_a_name_followed_by_ordinary_words_is_still_the_client(text: str) -> None:
    clients = [(12, "中国石化扬子石油化工有限公司", ("中石化扬子", "Sinopec Yangzi Petrochemical"))]
    draft = parse(text, clients)

    assert sure_client_of(draft, clients) == (12, "中国石化扬子石油化工有限公司")


def test_shortened_client_name_matches_the_full_one() -> None:
    clients = [(1, "华能南京电厂", ()), (2, "华润电力", ())]
    draft = parse("今天拜访了华能电厂，谈了扩容", clients)

    assert client_of(draft) == "华能南京电厂"
    assert draft.client_query == "华能电厂"
    assert "client_unknown" not in draft.questions


@pytest.mark.parametrize(
    "text",
    [
        "今天下午去了宁波前湾，见了他们的信息中心主任，聊了园区5G专网的扩容",
        "今天下午去了宁波前湾，看了他们新建的数据中心机房",
        "今天下午去了宁波前湾，和客服中心的人一起看了现场",
    ],
)
def test_a_common_word_of_another_clients_name_makes_no_rival(text: str) -> None:
    # "信息中心" was read as 中通快递华东转运中心 (both start with 中 and hold 中心), and the
    # manager was asked to choose between 宁波前湾 and a parcel depot never mentioned.
    clients = [
        (29, "宁波前湾新区智慧园区开发有限公司", ("前湾新区", "Qianwan Smart Park")),
        (24, "中通快递华东转运中心（嘉兴）", ("中通嘉兴", "中通快递")),
        (25, "客运服务公司", ()),
    ]
    draft = parse(text, clients)

    assert sure_client_of(draft, clients) == (29, "宁波前湾新区智慧园区开发有限公司")
    assert [c[1] for c in draft.client_candidates] == ["宁波前湾新区智慧园区开发有限公司"]


def test_name_shared_by_two_clients_asks_which_one() -> None:
    draft = parse("今天和华润的赵总开了腾讯会议，聊了合作模式")

    assert draft.client_query == "华润"
    assert {c[1] for c in draft.client_candidates[:2]} == {"华润万家", "华润电力"}
    assert "client_ambiguous" in draft.questions


def test_english_name_shared_by_two_clients_asks_which_one() -> None:
    draft = parse("Discussed the dedicated line renewal with China Mobile yesterday")

    assert {c[1] for c in draft.client_candidates[:2]} == {
        "中国移动苏州分公司",
        "中国移动无锡分公司",
    }
    assert "client_ambiguous" in draft.questions


def test_two_clients_named_in_full_are_several_clients_not_one_name_to_choose() -> None:
    draft = parse("上午拜访了徐工和扬子石化，分别谈了续约")

    assert "clients_several" in draft.questions and "client_ambiguous" not in draft.questions
    assert [c[1] for c in draft.client_candidates] == ["徐工集团", "扬子石化"]


def test_one_word_two_clients_share_stays_a_name_to_choose() -> None:
    assert "clients_several" not in parse("今天和华润的赵总开了腾讯会议，聊了合作模式").questions


def test_client_whose_name_holds_another_clients_name_wins_without_a_question() -> None:
    draft = parse("今天拜访了招商银行南京分行，谈了授信")

    assert client_of(draft) == "招商银行南京分行"
    assert "client_ambiguous" not in draft.questions


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("今天拜访了苏州工业园区管委会，谈了数据中心", "苏州工业园区管委会"),
        ("今天拜访南京第一医院，见了院办马主任，谈了智慧医院项目", "南京第一医院"),
        ("Visited Tesla Shanghai yesterday, discussed EV charging", "Tesla Shanghai"),
        ("去沙钢", "沙钢"),
        ("今天去了沙钢", "沙钢"),
        ("下午去沙钢谈续约", "沙钢"),
        ("周三去过沙钢，谈了续约", "沙钢"),
        ("今天到沙钢开会，见了采购部刘经理", "沙钢"),
        ("去苏州出差，顺便到沙钢谈续约", "苏州"),
        ("火星科技有限公司", "火星科技有限公司"),  # /visit 火星科技有限公司
        ("Mars Inc", "Mars Inc"),
        ("Went to Shagang this morning, discussed renewal", "Shagang"),
        ("Dropped by Shagang yesterday and discussed renewal", "Shagang"),
    ],
)
def test_unknown_client_asks_and_keeps_the_words_that_named_it(text: str, query: str) -> None:
    draft = parse(text)

    assert draft.client_query == query
    assert draft.client_candidates == ()
    assert "client_unknown" in draft.questions


@pytest.mark.parametrize(
    "text",
    [
        "去年谈过续约，今天电话回访",
        "过去一周电话跟进了两次",
        "上午去电说明了资费调整",
        "收到对方的函，下周再约",
        "昨天见了老李，聊了续约",
        "今天去现场看了机房",
        "下午去客户那边谈续约",
        "听取了客户意见，到期前续约",
        "Went to the site yesterday, discussed renewal",
    ],
)
def test_words_made_with_go_arrive_or_see_are_not_taken_for_a_client_name(text: str) -> None:
    draft = parse(text)

    assert draft.client_query is None
    assert "client_unknown" in draft.questions


def test_no_visible_clients_means_the_client_is_unknown() -> None:
    assert "client_unknown" in parse("今天拜访了华能电厂，谈了扩容", []).questions


# --- Questions -----------------------------------------------------------------------------


def test_report_without_a_date_asks_for_it_instead_of_assuming_today() -> None:
    draft = parse("拜访了华能电厂，见了张总，谈了扩容")

    assert draft.visited_on is None
    assert draft.date_missing
    assert draft.questions == ("date_missing",)


def test_visit_dated_in_the_future_asks_about_the_date() -> None:
    draft = parse("下周三去拜访华能电厂，谈扩容")

    assert draft.visited_on == date(2026, 12, 2)
    assert draft.date_in_future
    assert "date_in_future" in draft.questions


@pytest.mark.parametrize(
    ("text", "not_yet"),
    [
        ("今天下午去了华能电厂，谈了扩容", True),  # typed at 10:00
        ("This afternoon I met Mr. Li at Huaneng Nanjing Power Plant about the upgrade", True),
        ("今天15点拜访了华能电厂，谈了扩容", True),
        ("今晚和华能电厂张总吃饭聊了续约", True),
        ("今天上午去了华能电厂，谈了扩容", False),
        ("今天9点半拜访了华能电厂，谈了扩容", False),
        ("昨天下午去了华能电厂，谈了扩容", False),
        ("今天去了华能电厂，谈了扩容", False),
    ],
)
def test_a_part_of_today_still_to_come_is_no_visit_time(text: str, not_yet: bool) -> None:
    draft = parse(text)

    assert draft.time_not_yet is not_yet, (draft.visited_on, draft.visited_time)


def test_report_saying_nothing_about_the_discussion_asks_for_a_summary() -> None:
    draft = parse("今天拜访了华能电厂，见了张总")

    assert draft.summary == ""
    assert draft.questions == ("summary_empty",)


def test_questions_come_in_a_fixed_order() -> None:
    draft = parse("拜访了华润，见了张总")

    assert draft.questions == ("client_ambiguous", "date_missing", "summary_empty")


def test_today_is_taken_in_the_users_time_zone() -> None:
    late_sunday_utc = datetime(2026, 11, 22, 18, 0, tzinfo=UTC)  # Monday 02:00 in Shanghai
    shanghai = parse_visit(
        "今天拜访了华能电厂", now=late_sunday_utc, timezone=SHANGHAI, clients=CLIENTS
    )
    london = parse_visit(
        "今天拜访了华能电厂", now=late_sunday_utc, timezone="Europe/London", clients=CLIENTS
    )

    assert shanghai.visited_on == date(2026, 11, 23)
    assert london.visited_on == date(2026, 11, 22)


def test_unknown_time_zone_falls_back_to_the_clock_own_zone() -> None:
    draft = parse_visit("今天拜访了华能电厂", now=NOW, timezone="Nowhere/Else", clients=CLIENTS)

    assert draft.visited_on == date(2026, 11, 23)


# --- Robustness ----------------------------------------------------------------------------


def test_emoji_and_html_characters_are_kept_as_plain_text() -> None:
    draft = parse("今天拜访了华能电厂，谈了<b>扩容</b> & 价格 😀，下周二前发<i>报价</i>")

    assert draft.summary == "<b>扩容</b> & 价格 😀"
    assert draft.next_step == "下周二前发<i>报价</i>"


def test_twenty_thousand_characters_parse_fast_with_a_capped_summary() -> None:
    text = (
        "今天上午拜访了华能电厂，见了设备部张总，谈了二期扩容。"
        + "客户介绍了明年的检修计划和预算，" * 1300
    )[:20_000]

    started = time.perf_counter()
    draft = parse(text)
    elapsed = time.perf_counter() - started

    assert elapsed < 1.0
    assert client_of(draft) == "华能南京电厂"
    assert draft.visited_on == date(2026, 11, 23)
    assert draft.summary.startswith("二期扩容")
    assert len(draft.summary) <= SUMMARY_LIMIT
    assert draft.summary_truncated
    assert len(text) > FIELD_LIMIT


def test_short_summary_is_not_flagged_as_truncated() -> None:
    assert not parse("今天拜访了华能电厂，谈了扩容").summary_truncated


def test_random_input_never_crashes() -> None:
    rng = random.Random(20261123)
    pieces = ["今天", "上周五", "下周二前", "拜访了", "华能", "张总", "主任", "（", "）", "<b>", "&", "😀",
              "Mr.", "Li", "met", "by phone", "11月20日", "99月99日", "十十十天前", "周", "月底", "，",
              "\n", "in 999 weeks", "Friday", "工", "王", " ", "\x00", "\ud800", "İ", "ﬁ", "㈱", "2026-02-30"]  # fmt: skip
    for i in range(400):
        if i % 2:
            text = "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randrange(60)))
        else:
            text = "".join(rng.choice(pieces) for _ in range(rng.randrange(40)))
        draft = parse(text)
        assert isinstance(draft, VisitDraft)
        assert isinstance(looks_like_visit_report(text), bool)
        parse_relative_date(text, today=TODAY)
        parse_follow_up(text, today=TODAY)


def test_draft_is_immutable() -> None:
    draft = parse("今天拜访了华能电厂，谈了扩容")

    with pytest.raises(dataclasses.FrozenInstanceError):
        draft.summary = "x"  # type: ignore[misc]


# --- Is it a report? -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "今天上午拜访了华能电厂，见了设备部张总，谈了二期扩容，下周二前发报价",
        "昨天电话沟通了中石化王主任，对方同意延期付款",
        "拜访了华能，客户问能否延期交付",
        "Met Mr. Li (CIO) at China Mobile Suzhou yesterday afternoon by phone, discussed the renewal",
        "Visited CR Vanguard today, they want a 3% discount",
        "刚和华能张总通了电话，对方同意延期",
        "刚去华能电厂见了张总，谈扩容",
        "昨天拜訪了華能電廠，見了設備部張總，談了脫硫改造",
        # A meeting: before, shown the client's card as if it were a question.
        "昨天下午和中石化杭州的刘经理、采购部小周开了个会，他们明年油品采购量预计增加15%，"
        "要求我们12月10号前出方案",
        "今天和沙钢碰了个头，聊了扩容",
    ],
)
def test_visit_reports_are_recognised(text: str) -> None:
    assert looks_like_visit_report(text)


@pytest.mark.parametrize(
    "text",
    [
        "信誉较差的客户多久要走访一次？",
        "How often must I visit?",
        "How often should I visit a poor-rated client",
        "走访制度是什么",
        "拜访记录怎么导出",
        "What did I discuss with Huaneng last week?",
        "你好",
        "/start",
        "帮我查一下华能的联系人",
        "明天去拜访华能",
        "明天和沙钢开会",
        "开会要注意什么？",
        # 刚 of a name is no "just": these asked for a card and were drafted as visits.
        "宝刚的联系人电话",
        "王刚的电话号码",
        "",
    ],
)
def test_questions_greetings_and_plans_are_not_taken_for_reports(text: str) -> None:
    assert not looks_like_visit_report(text)


def test_a_date_word_that_sounds_like_a_clients_alias_names_no_client() -> None:
    # "昨天和" holds 天和, which sounds like the alias 天合: the report names 华润万家 alone.
    clients = [
        (1, "华润万家（上海）有限公司", ("华润万家",)),
        (2, "天合光能股份有限公司", ("天合",)),
    ]
    draft = parse("昨天和华润万家的沈主任通了电话，续约要等年底预算", clients)
    assert [c[0] for c in draft.client_candidates] == [1] and draft.questions == ()
    assert parse("昨天去了天和光能，谈了续约", clients).client_candidates[0][0] == 2


def test_what_the_client_waits_for_is_what_was_discussed_not_a_next_step() -> None:
    draft = parse("昨天和华润万家的沈主任通了电话，对方说续约要等年底预算，12月15号前再联系")
    assert draft.summary == "对方说续约要等年底预算", draft.summary
    assert draft.next_step == "12月15号前再联系" and draft.follow_up_on == date(2026, 12, 15)


@pytest.mark.parametrize(
    "report",
    ["25号去了宝钢，谈了明年续约，客户希望价格再优惠一点", "昨天去了宝钢，客户说交货要快一点。"],
)
def test_a_bit_is_not_one_oclock(report: str) -> None:
    # 一点 after an adjective means "a bit": the card must not show a visit time nobody gave.
    assert parse(report).visited_time is None


@pytest.mark.parametrize(
    ("report", "time"),
    [("昨天下午一点去了宝钢，谈了续约", "13:00"), ("昨天一点钟去了宝钢，谈了续约", "13:00"),
     ("昨天3点去了宝钢，谈了续约", "15:00")],
)  # fmt: skip
def test_a_clock_time_is_still_read(report: str, time: str) -> None:
    assert parse(report).visited_time == time


@pytest.mark.parametrize(
    ("answer", "names"),
    [("见了朱总和财务朱丽", ["朱总", "朱丽"]),
     ("朱总和朱丽", ["朱总", "朱丽"]),
     ("见了张总", ["张总"]),
     ("met Mr. Li and Ms. Wang", ["Mr. Li", "Ms. Wang"]),
     ("王和平", ["王和平"]),  # a name with 和 in it stays one person
     ("李和平（财务）", ["李和平"]),
     ("张总（设备部）、李工", ["张总", "李工"])],
)  # fmt: skip
def test_the_people_step_reads_each_person_without_the_verb(answer: str, names: list[str]) -> None:
    from services.visits.people import parse_people

    assert [p["name"] for p in parse_people(answer)] == names


@pytest.mark.parametrize(
    ("answer", "person"),
    [("财务朱丽", {"name": "朱丽", "title": "财务"}),
     ("采购王芳", {"name": "王芳", "title": "采购"}),
     ("技术李强", {"name": "李强", "title": "技术"}),
     ("IT张伟", {"name": "张伟", "title": "IT"}),
     ("信息部杨帆", {"name": "杨帆", "title": "信息部"}),
     ("财务经理朱丽", {"name": "朱丽", "title": "财务经理"}),
     ("财务李经理", {"name": "李经理", "title": "财务经理"}),
     ("朱丽，财务经理", {"name": "朱丽", "title": "财务经理"}),
     ("Ms. Chen from finance", {"name": "Ms. Chen", "title": "finance"})],
)  # fmt: skip
def test_a_department_written_before_a_name_is_the_title_not_part_of_the_name(
    answer: str, person: dict[str, str]
) -> None:
    from services.visits.people import parse_people

    # "财务朱丽" put a contact called 财务朱丽 on the card.
    assert parse_people(answer) == [person]


@pytest.mark.parametrize(
    ("text", "people"),
    [("今天拜访了华能电厂，见了财务朱丽，谈了账单", [PersonMet("朱丽", "财务")]),
     ("今天拜访了华能电厂，和采购王芳谈了续约", [PersonMet("王芳", "采购")]),
     ("今天拜访了华能电厂，见了行政顾佳、信息部杨帆", [PersonMet("顾佳", "行政"), PersonMet("杨帆", "信息部")]),
     ("今天拜访了华能电厂，见了财务李经理", [PersonMet("李经理", "财务经理")]),
     ("今天拜访了华能电厂，和技术方面沟通了扩容", []),
     ("Visited CR Vanguard today, met Ms. Chen from finance", [PersonMet("Ms. Chen", "finance")]),
     ("Visited CR Vanguard today, met Chen Li from procurement",
      [PersonMet("Chen Li", "procurement")])],
)  # fmt: skip
def test_a_report_reads_the_department_before_a_name_as_the_title(
    text: str, people: list[PersonMet]
) -> None:
    assert list(parse(text).people) == people


def test_a_person_from_a_department_keeps_the_department_as_the_title() -> None:
    from services.visits.people import parse_people

    # "not Mr. Zhou, Ms. Chen from IT" put one person called "Ms. Chen from IT" on the card.
    assert parse_people("Ms. Chen from IT") == [{"name": "Ms. Chen", "title": "IT"}]
    assert parse_people("Mr. Li from the purchasing department") == [
        {"name": "Mr. Li", "title": "purchasing department"}
    ]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [("下个月5号", date(2026, 12, 5)), ("下月5号前", date(2026, 12, 5)),
     ("下个月31号", date(2026, 12, 31)), ("本月28号", date(2026, 11, 28))],
)  # fmt: skip
def test_a_day_of_next_month_is_that_day_not_the_first(phrase: str, expected: date) -> None:
    """'下个月5号前给报价' follows up on 5 December, not on the 1st (the month alone was read)."""
    assert parse_follow_up(phrase, today=TODAY) == expected


def test_a_day_of_last_month_dates_the_visit() -> None:
    draft = parse("上个月28号下午拜访了华能电厂，谈了扩容，下个月5号前给报价")

    assert (draft.visited_on, draft.visited_time) == (date(2026, 10, 28), "afternoon")
    assert draft.follow_up_on == date(2026, 12, 5)
    assert draft.summary == "扩容"


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [("12月底前给报价", date(2026, 12, 31)), ("1月底前", date(2027, 1, 31)),
     ("1月中旬再跟进", date(2027, 1, 15)), ("12月初回访", date(2026, 12, 1)),
     ("十二月下旬", date(2026, 12, 21)), ("月底前", date(2026, 11, 30))],
)  # fmt: skip
def test_a_part_of_a_named_month_is_in_that_month(phrase: str, expected: date) -> None:
    """'1月底前给报价' typed in November follows up on 31 January, not on 30 November."""
    assert parse_follow_up(phrase, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "people"),
    [("昨天陪周总去了华能电厂，见了董事长，谈了战略合作", ["董事长"]),
     ("昨天和王总一起去拜访了华能电厂，见了设备部李经理，谈了续约", ["李经理"]),
     ("昨天陪华能电厂王总参观了数据中心，谈了扩容", ["王总"]),
     ("昨天和华能电厂王总一起吃饭，聊了续约", ["王总"])],
)  # fmt: skip
def test_a_colleague_the_manager_went_with_is_no_one_met(text: str, people: list[str]) -> None:
    """'陪周总去了华能' went with 周总 (the manager's own boss): the card must not list him as
    someone the client sent."""
    assert [p.name for p in parse(text).people] == people


@pytest.mark.parametrize(
    "text",
    ["去了华能电厂3号高炉，谈了改造", "去了华能电厂，看了2号主变，谈了扩容",
     "拜访华能电厂，谈了1号变电站改造", "拜访华能电厂，3号专线故障已修复",
     "去了华能电厂，签了12号合同补充协议"],
)  # fmt: skip
def test_a_numbered_thing_is_no_visit_day(text: str) -> None:
    """'3号高炉' is a blast furnace, not the 3rd: the day is asked, never taken as 11-03."""
    draft = parse(text)

    assert draft.visited_on is None and "date_missing" in draft.questions


def test_a_numbered_thing_is_no_follow_up_day() -> None:
    assert parse_follow_up("下周给3号机组报价", today=TODAY) == date(2026, 11, 30)


@pytest.mark.parametrize(
    "text", ["去了华能电厂，客户只用了1/3的带宽，谈了降配", "去了华能电厂，故障率降到1/2，客户满意"]
)
def test_a_share_is_no_follow_up_day(text: str) -> None:
    """'1/3的带宽' is a third, not 3 January: no follow-up reminder on a made-up day."""
    assert parse(text).follow_up_on is None


@pytest.mark.parametrize(
    "text",
    ["去了华能电厂，对方说上周三断了一次网", "去了华能电厂，张总反映周五又掉线了",
     "去了华能电厂，周一到周五都有人值班",
     "Visited Huaneng Nanjing Power Plant; they said the line went down on Monday"],
)  # fmt: skip
def test_a_day_the_client_tells_of_is_not_the_visits(text: str) -> None:
    """'对方说上周三断了一次网' dates the outage, not the visit: the visit's day is asked."""
    draft = parse(text)

    assert draft.visited_on is None and "date_missing" in draft.questions


@pytest.mark.parametrize(
    "phrase", ["28号上门拜访了", "28号现场勘查", "28号一早去了", "28号我去了", "28号陪周总去的"]
)
def test_a_day_of_the_month_before_what_was_done_that_day_is_read(phrase: str) -> None:
    assert parse_relative_date(phrase, today=date(2026, 11, 30))[0] == date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "time_of_day"),
    [("上午和华能电厂李经理开了个会，谈了扩容", "morning"), ("刚才去了华能电厂，谈了扩容", None)],
)
def test_a_report_opening_with_a_part_of_today_is_dated_today(
    text: str, time_of_day: str | None
) -> None:
    # Before, "上午和华能电厂…" asked which day, though only today's morning was meant.
    draft = parse(text)
    assert draft.visited_on == TODAY and draft.visited_time == time_of_day
    assert not draft.date_missing and not draft.time_not_yet


def test_a_part_of_today_still_to_come_is_asked_about() -> None:
    # At 10:00, "下午去了华能电厂" cannot have happened yet today: the day is asked, not guessed.
    draft = parse("下午去了华能电厂，谈了扩容")
    assert draft.visited_on == TODAY and draft.time_not_yet


@pytest.mark.parametrize(
    ("text", "visited_on", "follow_up_on"),
    [
        ("11月20日（周五）拜访了华能电厂，谈了扩容，12月4日（周五）前回复", date(2026, 11, 20), date(2026, 12, 4)),
        ("11月20日拜访了华能电厂，谈了扩容，下周四（12月3日）前回复", date(2026, 11, 20), date(2026, 12, 3)),
        # The 20th is a Friday: which day was meant is asked, not guessed.
        ("11月20日（周四）拜访了华能电厂，谈了扩容", None, None),
        # The 4th is a Friday; "下周四" is the 3rd: no follow-up day is set on either.
        ("11月20日拜访了华能电厂，谈了扩容，12月4日（周四）前回复", date(2026, 11, 20), None),
        ("11月20日拜访了华能电厂，谈了扩容，下周四（12月4日）前回复", date(2026, 11, 20), None),
    ],
)  # fmt: skip
def test_a_date_its_written_weekday_contradicts_is_not_taken(
    text: str, visited_on: date | None, follow_up_on: date | None
) -> None:
    draft = parse(text)
    assert (draft.visited_on, draft.follow_up_on) == (visited_on, follow_up_on)
    assert (QUESTION_DATE_MISSING in draft.questions) == (visited_on is None)


@pytest.mark.parametrize(
    ("report", "visited_on", "follow_up_on"),
    [("6月1日去了华能电厂，谈了续约", date(2026, 6, 1), None),
     ("Visited Huaneng on June 1, discussed the renewal", date(2026, 6, 1), None),
     ("今天去了华能电厂，签约定在5月20日", date(2026, 12, 2), date(2027, 5, 20)),
     ("今天去了华能电厂，下次5月20日再去", date(2026, 12, 2), date(2027, 5, 20)),
     ("2027年6月1日去了华能电厂，谈了续约", date(2027, 6, 1), None)],
)  # fmt: skip
def test_a_visit_told_as_done_on_a_day_half_a_year_off_is_last_june_not_next(
    report: str, visited_on: date, follow_up_on: date | None
) -> None:
    # Typed on 2 December, "6月1日去了…" was read as 1 June 2027 (181 days ahead, 184 back) and
    # the user told the visit was in the future; a day further ahead that is a plan stays ahead.
    draft = parse_visit(report, now=datetime(2026, 12, 2, 3, tzinfo=UTC), timezone=SHANGHAI,
                        clients=CLIENTS)  # fmt: skip
    assert draft.visited_on == visited_on
    assert draft.follow_up_on == follow_up_on
    assert ("date_in_future" in draft.questions) == (visited_on > date(2026, 12, 2))
