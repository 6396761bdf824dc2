"""Questions about one day ("今天王磊拜访了几次？", "11月28日") are about that day, not the week."""

from __future__ import annotations

from datetime import date

import pytest

from services.summaries.periods import Period, PeriodKind, find_period, parse_period
from services.summaries.questions import Topic, route_question
from services.visits.parser import looks_like_visit_report

TUESDAY = date(2026, 12, 1)
TODAY = Period(PeriodKind.DAY, 0)
YESTERDAY = Period(PeriodKind.DAY, -1)


def one_day(day: date) -> Period:
    period = Period.between(day, day)
    assert period is not None
    return period


def test_today_and_yesterday_are_single_days_in_the_askers_calendar() -> None:
    assert TODAY.bounds(TUESDAY) == (TUESDAY, TUESDAY)
    assert YESTERDAY.bounds(TUESDAY) == (date(2026, 11, 30), date(2026, 11, 30))
    assert YESTERDAY.bounds(date(2027, 1, 1)) == (date(2026, 12, 31), date(2026, 12, 31))
    assert YESTERDAY.previous() == Period(PeriodKind.DAY, -2)
    assert Period.from_code(YESTERDAY.code) == YESTERDAY
    assert parse_period("today") == TODAY
    assert parse_period("昨天") == YESTERDAY
    assert parse_period("d-1") == YESTERDAY
    assert parse_period("2026-11-28") == one_day(date(2026, 11, 28))  # /summary 2026-11-28
    assert parse_period("2026-02-30") is None


@pytest.mark.parametrize(
    ("text", "topic", "period", "manager"),
    [
        ("今天王磊拜访了几次？", Topic.VISITS, TODAY, "王磊"),
        ("昨天团队走访了多少次", Topic.VISITS, YESTERDAY, None),
        ("how many visits did Wang Lei make today?", Topic.VISITS, TODAY, "Wang Lei"),
        ("How many visits did we make yesterday?", Topic.VISITS, YESTERDAY, None),
        ("前天李婷拜访了几个客户", Topic.VISITS, Period(PeriodKind.DAY, -2), "李婷"),
        ("昨日團隊拜訪了幾次", Topic.VISITS, YESTERDAY, None),
        ("11月28日团队走访了多少次？", Topic.VISITS, one_day(date(2026, 11, 28)), None),
        ("王磊11月28号拜访了几次", Topic.VISITS, one_day(date(2026, 11, 28)), "王磊"),
        ("How many visits on Nov 28?", Topic.VISITS, one_day(date(2026, 11, 28)), None),
        ("2026-11-30团队拜访了几次", Topic.VISITS, one_day(date(2026, 11, 30)), None),
        # A day later in the year than today is last year's.
        ("12月25日团队拜访了几次", Topic.VISITS, one_day(date(2025, 12, 25)), None),
        # Spans and months stay what they were.
        ("11月1日到15日团队拜访了几次", Topic.VISITS,
         Period.between(date(2026, 11, 1), date(2026, 11, 15)), None),
        ("11月团队拜访了几次", Topic.VISITS, Period(PeriodKind.NAMED_MONTH, 11), None),
    ],
)  # fmt: skip
def test_a_question_about_one_day_asks_for_that_day(
    text: str, topic: Topic, period: Period, manager: str | None
) -> None:
    query = route_question(text, TUESDAY)
    assert query is not None, text
    assert (query.topic, query.period, query.manager) == (topic, period, manager)


@pytest.mark.parametrize(
    "text",
    [
        "截至今天本月拜访了几次？",
        "到今天为止本月团队拜访了多少次",
        "How many visits this month up to today?",
    ],
)
def test_up_to_today_names_no_day_of_its_own(text: str) -> None:
    assert find_period(text, TUESDAY)[0] == Period(PeriodKind.MONTH, 0)


@pytest.mark.parametrize(
    "text",
    [
        "今天拜访了宝钢，谈了续约",
        "visited Baosteel today, discussed renewal",
        "昨天去了华能南京金陵发电有限公司，见了张总，谈了专线扩容",
        "11月28日拜访了宝钢，谈了续约",
    ],
)
def test_a_visit_told_with_its_day_is_no_question_about_that_day(text: str) -> None:
    assert route_question(text, TUESDAY) is None


@pytest.mark.parametrize(
    "text",
    [
        "今天拜访了宝钢，谈了几个项目",  # 几个 told, not asked (it was "today's visits: 0")
        "visited Baosteel today, discussed how many lines they need",
        "今天拜访了宝钢，客户问有没有优惠",
    ],
)
def test_a_visit_telling_what_was_discussed_in_question_words_is_a_report(text: str) -> None:
    assert looks_like_visit_report(text)
    assert route_question(text, TUESDAY) is None


@pytest.mark.parametrize(
    "text",
    [
        "今天有没有拜访宝钢",
        "今天拜访宝钢了没有",
        "did I visit Baosteel today",
        "今天拜访了宝钢吗？",
    ],
)
def test_asking_whether_a_visit_was_made_is_no_report_to_log(text: str) -> None:
    # "今天有没有拜访宝钢" was offered as a visit to log.
    assert not looks_like_visit_report(text)


@pytest.mark.parametrize(
    "text",
    ["今天沙钢投诉账单错误", "昨天宁波银行投诉专线断了", "沙钢今天投诉了", "今天收到沙钢的投诉"],
)
def test_a_complaint_told_with_its_day_is_to_be_filed_not_counted(text: str) -> None:
    assert route_question(text, TUESDAY) is None


@pytest.mark.parametrize(
    ("text", "topic"),
    [("今天有几个投诉", Topic.COMPLAINTS), ("昨天的投诉处理得怎么样", Topic.COMPLAINTS),
     ("今天团队情况", Topic.OVERVIEW)],
)  # fmt: skip
def test_a_day_asked_about_in_words_that_ask_is_a_question(text: str, topic: Topic) -> None:
    query = route_question(text, TUESDAY)
    assert query is not None and query.topic is topic and query.period is not None
    assert query.period.one_day
