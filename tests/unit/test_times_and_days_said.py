"""Times of day and past days as managers write them, read on an injected day: "两点十分",
"5点开会", "at 5", "上个月底去了交行", "end of last month"; and faults told in a report."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.complaint_words import looks_like_complaint, tells_new_complaint
from services.reminders.tasks import reminder_asked
from services.visits.dates import SaidTime, impossible_day, time_said, vague_visit_days
from services.visits.parser import clients_perhaps_told, parse_visit

SHANGHAI = "Asia/Shanghai"
MONDAY = date(2026, 11, 30)  # the demo's today
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo(SHANGHAI))
CLIENTS = [
    (1, "交通银行上海市分行", ("交行上海分行", "交通银行", "Bank of Communications")),
    (2, "上海交通大学闵行校区", ("上海交大", "交大闵行")),
    (3, "华能南京金陵发电有限公司", ("华能南京", "Huaneng Jinling Power")),
]


# --- Times of day ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # An hour with minutes, in digits or in words.
        ("两点十分提醒我给华能打电话", SaidTime("14:10", half_guessed=True)),
        ("三点半给交行打电话", SaidTime("15:30", half_guessed=True)),
        ("兩點十分提醒我給華能打電話", SaidTime("14:10", half_guessed=True)),  # traditional
        ("3点45分开会", SaidTime("15:45", half_guessed=True)),
        ("两点零五分出发", SaidTime("14:05", half_guessed=True)),
        ("四点二十开会", SaidTime("16:20", half_guessed=True)),
        # An hour alone, where what is done at it follows.
        ("5点开会", SaidTime("17:00", half_guessed=True)),
        ("提醒我两点给交行打电话", SaidTime("14:00", half_guessed=True)),
        ("十点去华能", SaidTime("10:00", half_guessed=True)),
        ("5:30开会", SaidTime("17:30", half_guessed=True)),
        # "有" before the hour counts points ("有3点意见") unless a meeting is held at it.
        ("有5点开会", SaidTime("17:00", half_guessed=True)),
        ("明天有个5点的会", SaidTime("17:00", half_guessed=True)),
        ("明天5点见客户", SaidTime("17:00", half_guessed=True)),
        ("下午有3点的会", SaidTime("15:00")),
        ("下午有两点要确认", SaidTime("afternoon")),  # two points, in the afternoon
        ("五点半", SaidTime("17:30", half_guessed=True)),
        ("5pm", SaidTime("17:00")),
        # The half of the day said: nothing guessed.
        ("下午两点一刻开会", SaidTime("14:15")),
        ("晚上8点给宝钢打电话", SaidTime("20:00")),
        ("上午10点拜访", SaidTime("10:00")),
        ("早上5点出发", SaidTime("05:00")),
        ("明早8点给华能打电话", SaidTime("08:00")),
        ("明晚8点给华能打电话", SaidTime("20:00")),
        ("中午1点吃饭时聊", SaidTime("13:00")),
        ("中午12点", SaidTime("12:00")),
        ("14:30开会", SaidTime("14:30")),
        # English.
        ("call Huaneng at 5", SaidTime("17:00", half_guessed=True)),
        ("at 9 tomorrow", SaidTime("09:00", half_guessed=True)),
        ("at 2:10pm", SaidTime("14:10")),
        ("at 5 pm", SaidTime("17:00")),
        ("this afternoon", SaidTime("afternoon")),
    ],
)
def test_a_time_of_day_is_read_with_its_half_of_the_day_said_or_guessed(
    text: str, said: SaidTime
) -> None:
    assert time_said(text) == said


@pytest.mark.parametrize(
    "text",
    [
        "提了3点意见",
        "谈了三点和价格有关的要求",
        "客户有两点跟我们确认",
        "有3点意见",
        "价格再优惠一点",
        "早一点去",
        "we met at 5 sites",
        "about 5 of them",
    ],
)
def test_numbers_that_are_no_time_of_day_are_not_read_as_one(text: str) -> None:
    assert time_said(text) is None


@pytest.mark.parametrize(
    ("text", "what", "day", "at", "guessed"),
    [
        ("两点十分提醒我给华能打电话", "给华能打电话", None, time(14, 10), True),
        ("提醒我5点开会", "开会", None, time(17, 0), True),
        ("提醒我明天三点半跟交行续约", "跟交行续约", MONDAY + timedelta(days=1), time(15, 30), True),
        ("提醒我下午两点一刻开会", "开会", None, time(14, 15), False),
        ("提醒我晚上8点给宝钢打电话", "给宝钢打电话", None, time(20, 0), False),
        ("提醒我明天有5点开会", "开会", MONDAY + timedelta(days=1), time(17, 0), True),
        ("提醒我明天5点见客户", "见客户", MONDAY + timedelta(days=1), time(17, 0), True),
        ("提醒我下午有3点的会", "有3点的会", None, time(15, 0), False),
        ("提醒我有两点要确认", "有两点要确认", None, None, False),  # two points, no hour
        ("明晚提醒我给宝钢打电话", "给宝钢打电话", MONDAY + timedelta(days=1), time(18, 0), False),
        ("remind me to call Huaneng at 5", "call Huaneng", None, time(17, 0), True),
        ("remind me at 2:10pm to call Huaneng", "call Huaneng", None, time(14, 10), False),
        ("remind me tomorrow at 5 to call Huaneng", "call Huaneng",
         MONDAY + timedelta(days=1), time(17, 0), True),
    ],
)  # fmt: skip
def test_a_reminder_asked_for_reads_its_time_and_keeps_only_what_to_do(
    text: str, what: str, day: date | None, at: time | None, guessed: bool
) -> None:
    asked = reminder_asked(text, today=MONDAY)
    assert asked is not None
    assert (asked.text, asked.day, asked.at, asked.half_guessed) == (what, day, at, guessed)


# --- Past days -------------------------------------------------------------------------------


def days(first: date, count: int = 5) -> tuple[date, ...]:
    return tuple(first + timedelta(days=n) for n in range(count))


@pytest.mark.parametrize(
    ("text", "phrase", "options"),
    [
        ("上个月底去了交行", "上个月底", days(date(2026, 10, 27))),
        ("上月末拜访了交行", "上月末", days(date(2026, 10, 27))),
        ("上個月底去了交行", "上個月底", days(date(2026, 10, 27))),  # traditional
        ("上个月初去了交行", "上个月初", days(date(2026, 10, 1))),
        ("上个月中去了交行", "上个月中", days(date(2026, 10, 13))),
        ("月初去了交行", "月初", days(date(2026, 11, 1))),
        ("本月中旬去了交行", "本月中旬", days(date(2026, 11, 13))),
        ("月底去了交行", "月底", days(date(2026, 11, 26))),
        ("visited Bank of Communications at the end of last month",
         "at the end of last month", days(date(2026, 10, 27))),
        ("met BoCom early this month", "early this month", days(date(2026, 11, 1))),
    ],
)  # fmt: skip
def test_a_part_of_a_month_gone_offers_its_days_for_the_visit(
    text: str, phrase: str, options: tuple[date, ...]
) -> None:
    draft = parse_visit(text, now=NOW, timezone=SHANGHAI, clients=CLIENTS)
    assert draft.visited_on is None and draft.date_missing
    assert (draft.date_phrase, draft.date_options) == (phrase, options)


def test_a_part_of_a_month_never_offers_a_day_still_to_come() -> None:
    # On 3 December "月底" was November's end; on 10 November "月中" is October's.
    assert vague_visit_days("月底去了交行", today=date(2026, 12, 3)) == (
        "月底",
        days(date(2026, 11, 26)),
    )
    assert vague_visit_days("月中去了交行", today=date(2026, 11, 10)) == (
        "月中",
        days(date(2026, 10, 13)),
    )
    # On the 2nd, "月初" is the 1st and the 2nd only.
    assert vague_visit_days("月初去了交行", today=date(2026, 12, 2)) == (
        "月初",
        days(date(2026, 12, 1), 2),
    )


@pytest.mark.parametrize(
    ("text", "day", "part"),
    [
        ("上周五去了交行", date(2026, 11, 27), None),
        ("前天下午去了交行", date(2026, 11, 28), "afternoon"),
        ("last Friday visited Bank of Communications", date(2026, 11, 27), None),
        ("昨天两点十分去了交行", date(2026, 11, 29), "14:10"),
    ],
)
def test_a_past_day_named_is_the_visits_day(text: str, day: date, part: str | None) -> None:
    draft = parse_visit(text, now=NOW.replace(hour=16), timezone=SHANGHAI, clients=CLIENTS)
    assert (draft.visited_on, draft.visited_time) == (day, part)
    assert draft.visited_on is not None and draft.visited_on <= MONDAY


def test_a_next_step_at_the_months_end_is_no_day_of_the_visit() -> None:
    draft = parse_visit("昨天去了交行，月底前再跟进", now=NOW, timezone=SHANGHAI, clients=CLIENTS)
    assert draft.visited_on == date(2026, 11, 29) and draft.follow_up_on == date(2026, 11, 30)
    assert draft.date_options == ()


# --- Clients named in a request ----------------------------------------------------------------


def test_a_request_names_its_client_surely_or_the_few_it_could_mean() -> None:
    plant = (3, "华能南京金陵发电有限公司")
    assert clients_perhaps_told("跟华能南京续约", CLIENTS) == (plant, [])
    assert clients_perhaps_told("跟华能续约", CLIENTS) == (plant, [])  # 续约 is no part of it
    assert clients_perhaps_told("renew with Huaneng Jinling Power", CLIENTS) == (plant, [])
    # "交行" could be 交通银行 or 上海交通大学 (闵行): both, to ask.
    sure, options = clients_perhaps_told("跟交行续约", CLIENTS)
    assert sure is None and [cid for cid, _ in options] == [1, 2]
    assert clients_perhaps_told("整理周报", CLIENTS) == (None, [])


# --- Faults told in a report ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "今天去了交行，专线断了",
        "今天去了交行，專線斷了",  # traditional
        "交行专线断了两个小时",
        "去了交行，光缆被挖断了",
        "去了港务，信号太差",
        "去了交行，网速很慢",
        "去了华能，厂里跳闸了，生产专线也断了",
        "去了华能，电压波动很大",
        "去了石化，供气压力不足",
        "去了石化，储罐泄漏",
        "去了石化，油品质量不合格",
        "去了邮政，快件丢了三件",
        "去了邮政，包裹破损",
        "visited BoCom, the dedicated line went dead",
        "visited the plant, power cut for two hours",
        "met the post office, parcels were lost",
        "visited the refinery, there is a gas leak",
    ],
)
def test_a_fault_in_the_trades_words_is_a_complaint_told(text: str) -> None:
    assert looks_like_complaint(text) and tells_new_complaint(text), text


@pytest.mark.parametrize(
    "text",
    [
        "去了交行，和客户断了联系很久，今天重新见面",
        "去了交行，谈了续约",
        "专线断了怎么处理？",
        "去了华能，谈了明年的电量",
        "visited BoCom, talked about the renewal",
    ],
)
def test_no_fault_is_read_where_none_is_told(text: str) -> None:
    assert not tells_new_complaint(text), text


def test_a_day_no_calendar_has_is_found_and_numbers_that_are_no_dates_are_not() -> None:
    today = date(2026, 12, 1)
    for text, said in (("11月31号拜访了顺丰", "11月31号"), ("2026-11-31去了宝钢", "2026-11-31"),
                       ("Visited Shagang on Nov 31", "Nov 31"), ("2月29日", "2月29日"),
                       ("met them 31st of November", "31st of November")):  # fmt: skip
        assert impossible_day(text, today=today) == said, text
    for text in ("11月30号拜访了顺丰", "2-30人参会", "价格降了2.30元", "12/25", "上周三",
                 "2028年2月29日"):  # fmt: skip
        assert impossible_day(text, today=today) is None, text
