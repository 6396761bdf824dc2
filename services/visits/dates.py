"""Dates and times in a visit report: '上周三', 'last Friday', '下周五前', '3 p.m.'."""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from knowledge.normal_form import fold_keeping_length, lower_keeping_length
from services.visits.text import FIELD_LIMIT
from services.workdays import ChineseCalendar, WorkdayCalendar, working_day_after

# --- Numbers ---------------------------------------------------------------------------------

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}  # fmt: skip
_EN_NUMBER = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
              "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
              "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30, "couple": 2,
              "a couple of": 2, "a few": 3, "few": 3}  # fmt: skip
_NUM = r"(?:[0-9]{1,3}|[零〇一二两三四五六七八九十]{1,3})"
_EN_NUM = r"(?:[0-9]{1,3}|a\s+couple\s+of|a\s+few|couple|few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty)"


def _to_int(raw: str) -> int | None:
    """3, "三", "十二", "二十", "两", "two", "a couple of" → int; None when not a number."""
    s = re.sub(r"\s+", " ", raw.strip().lower())
    if s.isascii() and s.isdigit():
        return int(s)
    if s in _EN_NUMBER:
        return _EN_NUMBER[s]
    if "十" in s:
        head, _, tail = s.partition("十")
        tens = _CN_DIGIT.get(head) if head else 1
        ones = _CN_DIGIT.get(tail) if tail else 0
        return None if tens is None or ones is None else tens * 10 + ones
    return _CN_DIGIT.get(s) if len(s) == 1 else None


# --- Calendar arithmetic ---------------------------------------------------------------------

_ZH_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "1": 0,
               "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}  # fmt: skip
_EN_WEEKDAY = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_EN_MONTH = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
             "sep": 9, "oct": 10, "nov": 11, "dec": 12}  # fmt: skip
_EN_WEEKDAY_RE = r"(?P<w>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)"
_EN_MONTH_RE = r"(?P<mon>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weekday_in_week(today: date, weekday: int, weeks: int) -> date:
    """The given weekday in this week (weeks=0), next week (1) or last week (-1); weeks start Monday."""
    return _week_start(today) + timedelta(days=7 * weeks + weekday)


def _last_on_or_before(today: date, weekday: int) -> date:
    return today - timedelta(days=(today.weekday() - weekday) % 7)


def _next_after(today: date, weekday: int) -> date:
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _first_of_next_month(today: date) -> date:
    return _add_months(today.replace(day=1), 1)


@functools.cache
def official_calendar() -> ChineseCalendar:
    """The State Council calendar without a policy's overrides: for a caller that has no policy."""
    return ChineseCalendar()


def _add_working_days(day: date, count: int, workdays: WorkdayCalendar) -> date:
    """The `count`-th working day after `day` on the official calendar (the one deadlines use)."""
    return working_day_after(day, count, workdays).day if count >= 1 else day


def _nearest_year(today: date, month: int, day: int) -> date | None:
    """A month and day without a year, in the year that puts it nearest to today (visit dates)."""
    options = [
        d for y in (today.year - 1, today.year, today.year + 1) if (d := _make_date(y, month, day))
    ]
    return min(options, key=lambda d: (abs((d - today).days), d > today)) if options else None


# A month and day without a year is read in the year nearest today, so that "1月5日" typed on
# 28 December is seen to be ahead (the user is told). Further ahead than this, the day of a visit
# made ("6月1日去了宝钢" typed on 2 December) is the one of the year before.
_AHEAD_AT_MOST_DAYS = 31
_YEAR_WRITTEN_RE = re.compile(r"\d{4}|年|\byear\b", re.IGNORECASE)


def a_visit_day_back(written: str, day: date, today: date) -> date:
    """The day of a visit made, `day` read from `written`: a year earlier when `written` names
    no year and `day` lies more than a month ahead ("6月1日" answered on 2 December is last June)."""
    if (day - today).days <= _AHEAD_AT_MOST_DAYS or _YEAR_WRITTEN_RE.search(written):
        return day
    try:
        earlier = day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day
    return earlier if earlier <= today else day


def _upcoming(today: date, month: int, day: int) -> date | None:
    """A month and day without a year, on or after today (deadlines)."""
    this_year = _make_date(today.year, month, day)
    if this_year is None or this_year >= today:
        return this_year
    return _make_date(today.year + 1, month, day)


def _latest_day_of_month(today: date, day: int) -> date | None:
    """A day of the month alone ("25号"): the latest such day on or before today (visit dates)."""
    if not 1 <= day <= 31:
        return None
    first = today.replace(day=1)
    for back in range(0, 3):  # "31号" on 1 March is 31 January
        month_start = _add_months(first, -back)
        found = _make_date(month_start.year, month_start.month, day)
        if found is not None and found <= today:
            return found
    return None


def _next_day_of_month(today: date, day: int) -> date | None:
    """A day of the month alone ("25号前"): the next such day from today (deadlines)."""
    if not 1 <= day <= 31:
        return None
    first = today.replace(day=1)
    for ahead in range(0, 3):
        month_start = _add_months(first, ahead)
        found = _make_date(month_start.year, month_start.month, day)
        if found is not None and found >= today:
            return found
    return None


def _day_of_month(choose: Callable[[date, int], date | None]) -> Resolver:
    def resolve(m: re.Match[str], today: date) -> date | None:
        day = _to_int(m["d"])
        return None if day is None else choose(today, day)

    return resolve


def _month_number(name: str) -> int:
    return _EN_MONTH[name[:3].lower()]


# --- Date rules ------------------------------------------------------------------------------
# Each rule is a pattern and a function of the match and today; the leftmost match that gives a
# date wins (the longer one on a tie).

Resolver = Callable[[re.Match[str], date], date | None]


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: re.Pattern[str]
    resolve: Resolver
    deadline: bool = False  # the words themselves point forward: 前, 内, by, within ...


def _rule(pattern: str, resolve: Resolver, *, deadline: bool = False) -> _Rule:
    return _Rule(re.compile(pattern, re.IGNORECASE), resolve, deadline)


def _days(offset: int) -> Resolver:
    return lambda _m, today: today + timedelta(days=offset)


def _iso(m: re.Match[str], _today: date) -> date | None:
    return _make_date(int(m["y"]), int(m["m"]), int(m["d"]))


_YEAR_WORD_OFFSET = {"前年": -2, "去年": -1, "今年": 0, "明年": 1}


def _zh_month_day(choose: Callable[[date, int, int], date | None]) -> Resolver:
    def resolve(m: re.Match[str], today: date) -> date | None:
        month, day = _to_int(m["m"]), _to_int(m["d"])
        if month is None or day is None:
            return None
        if m.groupdict().get("ry"):
            return _make_date(today.year + _YEAR_WORD_OFFSET[m["ry"]], month, day)
        return choose(today, month, day)

    return resolve


def _en_month_day(choose: Callable[[date, int, int], date | None]) -> Resolver:
    def resolve(m: re.Match[str], today: date) -> date | None:
        if m["y"]:
            return _make_date(int(m["y"]), _month_number(m["mon"]), int(m["d"]))
        return choose(today, _month_number(m["mon"]), int(m["d"]))

    return resolve


def _numeric_month_day(choose: Callable[[date, int, int], date | None]) -> Resolver:
    return lambda m, today: choose(today, int(m["m"]), int(m["d"]))


def _ago(unit_days: int) -> Resolver:
    def resolve(m: re.Match[str], today: date) -> date | None:
        if re.sub(r"\s+", " ", m["n"].lower()) in ("a few", "few"):
            return None  # "a few days ago" names no day: asked (vague_visit_days)
        n = _to_int(m["n"])
        return None if n is None or n > 400 else today - timedelta(days=n * unit_days)

    return resolve


def _zh_weekday_past(m: re.Match[str], today: date) -> date | None:
    weekday = _ZH_WEEKDAY[m["w"]]
    prefix = m["p"] or ""
    weeks = {"上上": -2, "上": -1, "本": 0, "这": 0, "这个": 0, "下": 1, "下下": 2}.get(prefix)
    if not prefix:
        return _last_on_or_before(today, weekday)
    return None if weeks is None else _weekday_in_week(today, weekday, weeks)


def _en_weekday_past(m: re.Match[str], today: date) -> date | None:
    name, mod = m["w"].lower(), (m["mod"] or "").lower()
    weekday = _EN_WEEKDAY[name[:3]]
    if not mod and len(name) <= 4 and name not in ("mon", "wed", "fri"):
        return None  # "sat", "sun", "tue" alone are too often ordinary words or typos
    if mod == "last":
        return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
    if mod == "this":
        return _weekday_in_week(today, weekday, 0)
    if mod == "next":
        return _weekday_in_week(today, weekday, 1)
    return _last_on_or_before(today, weekday)


_ISO = r"(?<![0-9])(?P<y>20[0-9]{2})\s*[-/.年]\s*(?P<m>[0-9]{1,2})\s*[-/.月]\s*(?P<d>[0-9]{1,2})\s*[日号]?(?![0-9])"
# "去年12月28日" in January: the year said in words is the date's year, not the nearest one.
_ZH_YEAR_WORD = r"(?:(?P<ry>前年|去年|今年|明年)\s*|(?<![0-9年]))"
_ZH_MD = rf"{_ZH_YEAR_WORD}(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*[日号]"
# "11月25" without 日 or 号: not "5月10万", "3月5个", "11月25天".
_ZH_MD_BARE = (
    rf"{_ZH_YEAR_WORD}(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})"
    r"(?![0-9日号])(?!\s*(?:万|千|百|亿|元|块|个|天|次|人|家|台|条|%|％|号))"
)
# "11.25" as a date: only where a clause starts (the text's start, after a comma), never a
# price, a share or a version ("3.5折", "1.5万", "涨了 2.5", "版本 1.2").
_DOTTED_MD = (
    r"(?<![^\n，,。；;：:（(])(?P<m>1[0-2]|0?[1-9])\.(?P<d>3[01]|[12][0-9]|0?[1-9])"
    r"(?![0-9.%％])(?!\s*(?:[A-Za-z]|万|千|百|亿|元|块|角|折|倍|个|号|楼|层|期|版|米|吨|度|小时|天))"
)
_EN_MD_BODY = (
    rf"{_EN_MONTH_RE}\.?\s+(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>20[0-9]{{2}}))?"
)
_EN_MD = rf"\b{_EN_MD_BODY}"
_EN_DM = rf"\b(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTH_RE}\b\.?(?:,?\s+(?P<y>20[0-9]{{2}}))?"
# Not a share ("只用了1/3的带宽", "故障率降到1/2", "约2/3以上"): a fraction is no day.
_NUMERIC_MD = (
    r"(?<![0-9/.\-])(?<!了)(?<!占)(?<!约)(?<!近)(?<!仅)(?<!只有)(?<!降到)(?<!降至)(?<!升到)(?<!提高到)"
    r"(?P<m>1[0-2]|0?[1-9])[-/](?P<d>3[01]|[12][0-9]|0?[1-9])(?![0-9/.\-%])"
    r"(?!\s*(?:天|个|人|次|周|月|年|小时|万|倍|号|的|左右|以上|以下|不到|多|强|弱|"
    r"days?\b|weeks?\b|hours?\b|people\b|of\b))"
)
# Day first, as English outside the US writes it ("27/11"): only where the day cannot be a month.
_NUMERIC_DM = _NUMERIC_MD.replace(
    r"(?P<m>1[0-2]|0?[1-9])[-/](?P<d>3[01]|[12][0-9]|0?[1-9])",
    r"(?P<d>3[01]|2[0-9]|1[3-9])/(?P<m>1[0-2]|0?[1-9])",
)
# "25号", "3日" without a month; not a building, line or gate number ("3号楼", "2号线"), not
# "第3号", not a count of days ("3日内", "3日前" are other rules).
_ZH_DAY_ONLY = (
    rf"(?<![0-9年月第/.\-])(?P<d>[0-9]{{1,2}}|{_NUM})\s*(?:号|日)"
    r"(?!\s*(?:楼|线|院|门|厂|库|机|车|站|仓|口|房|室|桩|柜|箱|店|窗|台|位|馆|厅|泊|码|文|令|码头|地块|"
    r"内|之内|以内|之前|以前|前|后|之后|以后|左右|起|[0-9]))"
    # A day only where a day is told: at a clause's end, before a time of day or what was done
    # that day ("25号下午", "25号去了", "5号再跟进"); "3号高炉", "2号主变", "12号合同" are things.
    r"(?=\s*(?:$|[，,。；;、!！?？)）\s]|上午|下午|中午|晚上|早上|傍晚|那天|当天|的时候|去|到|来|拜访|走访|"
    r"见|和|跟|与|在|约|再|给|发|交|回复|答复|确认|电话|打电话|开会|开了|上门|现场|视频|线上|一早|早|晚|"
    r"又|已|也|就|才|都|还|我|我们|陪|请|或|提交|签约|签了|过来|过去|[0-9一二三四五六七八九十两]+\s*[点时:]))"
)
# "on the 25th", "the 3rd" without a month: not "the 3rd floor", "the 2nd time", "25th of May".
_EN_DAY_ONLY = (
    r"\b(?:on\s+(?:the\s+)?|the\s+|by\s+(?:the\s+)?|before\s+(?:the\s+)?)"
    r"(?P<d>[0-9]{1,2})(?:st|nd|rd|th)\b"
    rf"(?!\s*(?:of\s+)?{_EN_MONTH_RE})"
    r"(?!\s+(?:floor|time|times|phase|line|building|gate|round|stage|step|item|point|quarter|"
    r"place|year|week|month|day|grade|version|generation|edition|anniversary|batch|meeting|"
    r"visit|call|order|invoice|complaint|one)\b)"
)
# "上个月28号", "下个月5号", "本月20日": a day in a month named relative to this one.
_ZH_REL_MONTH_DAY = rf"(?P<rel>上上个?|上个?|下下个?|下个?|次|本|这个?|当)\s*月\s*(?P<d>[0-9]{{1,2}}|{_NUM})\s*(?:号|日)"


def _relative_month_day(m: re.Match[str], today: date) -> date | None:
    rel, day = m["rel"], _to_int(m["d"])
    if day is None:
        return None
    months = {"上上": -2, "上": -1, "下下": 2, "下": 1, "次": 1}.get(rel.rstrip("个"), 0)
    first = _add_months(today.replace(day=1), months)
    return _make_date(first.year, first.month, day)


# Not a range of days ("周一到周五都有人值班"): neither end is a day.
_ZH_WEEKDAY_RE = (
    r"(?<![每上下本这个到至~－\-])(?P<p>上上|上|本|这个|这|下下|下)?\s*(?:个)?(?:周|星期|礼拜)"
    r"(?P<w>[一二三四五六日天1-7])(?!\s*(?:到|至|~|－|-)\s*(?:周|星期|礼拜)?[一二三四五六日天1-7])"
)

_VISIT_DATE_RULES: tuple[_Rule, ...] = (
    _rule(_ISO, _iso),
    _rule(_ZH_MD, _zh_month_day(_nearest_year)),
    _rule(_EN_MD, _en_month_day(_nearest_year)),
    _rule(_EN_DM, _en_month_day(_nearest_year)),
    _rule(_NUMERIC_MD, _numeric_month_day(_nearest_year)),
    _rule(_NUMERIC_DM, _numeric_month_day(_nearest_year)),
    _rule(_ZH_MD_BARE, _zh_month_day(_nearest_year)),
    _rule(_DOTTED_MD, _numeric_month_day(_nearest_year)),
    _rule(_ZH_REL_MONTH_DAY, _relative_month_day),
    _rule(_ZH_DAY_ONLY, _day_of_month(_latest_day_of_month)),
    _rule(_EN_DAY_ONLY, _day_of_month(_latest_day_of_month)),
    _rule(r"大前天", _days(-3)),
    _rule(r"前天", _days(-2)),
    _rule(r"昨天|昨日|昨晚|昨早|昨夜|昨儿", _days(-1)),
    _rule(r"今天|今日|今早|今晨|今晚|今儿|刚才|刚刚|刚和|刚去|刚见", _days(0)),
    _rule(r"大后天", _days(3)),
    _rule(r"后天", _days(2)),
    _rule(r"明天|明日|明早|明晚", _days(1)),
    _rule(rf"(?P<n>{_NUM})\s*(?:天|日)\s*(?:之|以)?前", _ago(1)),
    _rule(rf"(?P<n>{_NUM})\s*(?:个)?\s*(?:周|星期|礼拜)\s*(?:之|以)?前", _ago(7)),
    _rule(_ZH_WEEKDAY_RE, _zh_weekday_past),
    _rule(r"\b(?:the\s+)?day\s+before\s+yesterday\b", _days(-2)),
    _rule(r"\byesterday\b|\blast\s+night\b", _days(-1)),
    _rule(
        r"\btoday\b|\bthis\s+(?:morning|afternoon|evening)\b|\btonight\b|\bjust\s+now\b", _days(0)
    ),
    _rule(r"\btomorrow\b", _days(1)),
    _rule(rf"\b(?P<n>{_EN_NUM})\s+days?\s+ago\b", _ago(1)),
    _rule(rf"\b(?P<n>{_EN_NUM})\s+weeks?\s+ago\b", _ago(7)),
    _rule(
        rf"\b(?:(?P<mod>last|this|next|on|past)\s+)?{_EN_WEEKDAY_RE}\b",
        _en_weekday_past,
    ),
)


def _zh_weekday_ahead(m: re.Match[str], today: date) -> date | None:
    weekday = _ZH_WEEKDAY[m["w"]]
    prefix = m["p"] or ""
    if prefix.startswith("上"):
        return None
    if prefix in ("下", "下下"):
        return _weekday_in_week(today, weekday, len(prefix))
    if prefix:
        return _weekday_in_week(today, weekday, 0)
    return _next_after(today, weekday)


def _en_weekday_ahead(m: re.Match[str], today: date) -> date | None:
    name = m["w"].lower()
    mods = {(m["mod"] or "").lower(), (m.groupdict().get("mod2") or "").lower()} - {""}
    weekday = _EN_WEEKDAY[name[:3]]
    if "last" in mods or (not mods and len(name) <= 4):
        return None
    if "next" in mods:
        return _weekday_in_week(today, weekday, 1)
    if "this" in mods:
        this_week = _weekday_in_week(today, weekday, 0)
        return this_week if this_week >= today else _next_after(today, weekday)
    return _next_after(today, weekday)


# "next Friday": read as the Friday of next week (as 下周五 is), though some mean the coming one.
_EN_NEXT_WEEKDAY = re.compile(rf"\bnext\s+{_EN_WEEKDAY_RE}\b", re.IGNORECASE)


def next_weekday_also(text: str, today: date) -> tuple[date, date] | None:
    """ "next Friday" said while this week's Friday is still to come (on a Tuesday): the day it
    is read as (next week's) and the one it may mean (this week's), to show both; None when
    the words name no such day or only one reading is possible."""
    m = _EN_NEXT_WEEKDAY.search(text)
    if m is None:
        return None
    weekday = _EN_WEEKDAY[m["w"].lower()[:3]]
    this_week = _weekday_in_week(today, weekday, 0)
    return (_weekday_in_week(today, weekday, 1), this_week) if this_week > today else None


def _zh_week(m: re.Match[str], today: date) -> date | None:
    weeks = 2 if m["p"] == "下下" else 1
    if m["s"] in ("末", "内", "之内"):
        return _weekday_in_week(today, 4, weeks)
    return _weekday_in_week(today, 0, weeks)


def _this_week_end(_m: re.Match[str], today: date) -> date | None:
    return max(today, _weekday_in_week(today, 4, 0))


def _next_week_end(_m: re.Match[str], today: date) -> date | None:
    return _weekday_in_week(today, 4, 1)


def _next_month(m: re.Match[str], today: date) -> date | None:
    first = _first_of_next_month(today)
    part = m["s"] or ""
    if part in ("底", "末", "尾"):
        return _month_end(first.year, first.month)
    if part == "中":
        return first.replace(day=15)
    return first


_PART_OF_MONTH_DAY = {"初": 1, "上旬": 1, "中": 15, "中旬": 15, "下旬": 21}


def _named_month_part(m: re.Match[str], today: date) -> date | None:
    """ "12月底", "1月中旬", "3月初": that part of the month named, this year or the next."""
    month = _to_int(m["m"])
    if month is None or not 1 <= month <= 12:
        return None
    return _part_of_month(month, m["s"], today)


# "mid December", "end of January", "early March": as 12月中, 1月底, 3月初 (late: 下旬).
_EN_PART_OF_MONTH = {"early": "初", "beginning of": "初", "start of": "初", "mid": "中",
                     "middle of": "中", "late": "下旬", "end of": "底"}  # fmt: skip


def _named_month_part_en(m: re.Match[str], today: date) -> date | None:
    """ "mid December", "end of January", "early March": as "12月中", "1月底", "3月初"."""
    part = _EN_PART_OF_MONTH[re.sub(r"\s+", " ", m["s"].lower())]
    return _part_of_month(_month_number(m["mon"]), part, today)


def _part_of_month(month: int, part: str, today: date) -> date:
    """That part of the month (初, 中, 下旬, 底…), this year or, for a month gone, the next."""
    year = today.year + (month < today.month)
    day = _PART_OF_MONTH_DAY.get(part)
    return date(year, month, day) if day else _month_end(year, month)


def _this_month_end(_m: re.Match[str], today: date) -> date | None:
    return _month_end(today.year, today.month)


def _mid_month(_m: re.Match[str], today: date) -> date | None:
    mid = today.replace(day=15)
    return mid if mid >= today else _first_of_next_month(today).replace(day=15)


def _month_start(_m: re.Match[str], today: date) -> date | None:
    """ "月初回访": the first of the month, the next one once today is past it."""
    return today if today.day == 1 else _first_of_next_month(today)


def wants_follow_up(text: str) -> bool:
    """Whether a next step says to follow up ("过几天再跟进", "follow up with them")."""
    return bool(_FOLLOW_VERB.search(fold_keeping_length(text or "")))


def _year_end(_m: re.Match[str], today: date) -> date | None:
    return date(today.year, 12, 31)


def _within(workdays: WorkdayCalendar) -> Resolver:
    def resolve(m: re.Match[str], today: date) -> date | None:
        """ "两周内", "三天后", "3个工作日内", "半个月内", "一个月内"."""
        unit = m["u"]
        n = 0.5 if m["n"] == "半" else _to_int(m["n"])
        if n is None or n > 400:
            return None
        if unit == "月":
            return today + timedelta(days=15) if n == 0.5 else _add_months(today, int(n))
        if unit == "工作日":
            return _add_working_days(today, int(n), workdays)
        return today + timedelta(days=round(n * (7 if unit in ("周", "星期", "礼拜") else 1)))

    return resolve


def _next_month_end(today: date) -> date:
    first = _first_of_next_month(today)
    return _month_end(first.year, first.month)


def _next_month_en(m: re.Match[str], today: date) -> date | None:
    part = re.sub(r"\s+", " ", (m["s"] or "").lower())
    if part == "end of":
        return _next_month_end(today)
    if part == "mid":
        return _first_of_next_month(today).replace(day=15)
    return _first_of_next_month(today)


def _within_english(workdays: WorkdayCalendar) -> Resolver:
    def resolve(m: re.Match[str], today: date) -> date | None:
        """ "in two weeks", "within 10 days", "in 3 business days", "two weeks later"."""
        unit = re.sub(r"\s+", " ", m["u"].lower()).rstrip("s")
        raw = re.sub(r"\s+", " ", m["n"].lower())
        n = 0.5 if raw == "half a" else _to_int(raw)
        if n is None or n > 400:
            return None
        if unit == "month":
            return today + timedelta(days=15) if n == 0.5 else _add_months(today, int(n))
        if unit in ("business day", "working day"):
            return _add_working_days(today, int(n), workdays)
        return today + timedelta(days=round(n * (7 if unit == "week" else 1)))

    return resolve


_ZH_DEADLINE = r"(?:之前|以前|前|之内|以内|内)"


@functools.lru_cache(maxsize=16)
def _follow_up_rules(workdays: WorkdayCalendar) -> tuple[_Rule, ...]:
    """The follow-up rules, counting "3个工作日内" / "in 3 business days" on `workdays`."""
    return (
        _rule(rf"{_ISO}\s*(?P<dl>{_ZH_DEADLINE})?", _iso),
        _rule(rf"\b(?:by|before|until|till|no\s+later\s+than)\s+{_ISO}", _iso, deadline=True),
        _rule(rf"{_ZH_MD}\s*(?:{_ZH_DEADLINE})", _zh_month_day(_upcoming), deadline=True),
        _rule(_ZH_MD, _zh_month_day(_upcoming)),
        _rule(
            rf"\b(?:by|before|until|till|on|due)\s+(?:the\s+)?{_EN_MD_BODY}",
            _en_month_day(_upcoming),
            deadline=True,
        ),
        _rule(_EN_MD, _en_month_day(_upcoming)),
        _rule(_EN_DM, _en_month_day(_upcoming)),
        _rule(_NUMERIC_MD, _numeric_month_day(_upcoming)),
        _rule(_ZH_MD_BARE, _zh_month_day(_upcoming)),
        _rule(_DOTTED_MD, _numeric_month_day(_upcoming)),
        _rule(
            rf"(?<![0-9年月第/.\-])(?P<d>[0-9]{{1,2}}|{_NUM})\s*(?:号|日)\s*(?:{_ZH_DEADLINE})",
            _day_of_month(_next_day_of_month),
            deadline=True,
        ),
        _rule(rf"{_ZH_REL_MONTH_DAY}\s*(?P<dl>{_ZH_DEADLINE})?", _relative_month_day),
        _rule(_ZH_DAY_ONLY, _day_of_month(_next_day_of_month)),
        _rule(_EN_DAY_ONLY, _day_of_month(_next_day_of_month)),
        _rule(r"大后天", _days(3), deadline=True),
        _rule(r"(?<![前今])后天", _days(2), deadline=True),
        _rule(r"明天|明日|明早|明晚|明儿", _days(1), deadline=True),
        _rule(rf"{_ZH_WEEKDAY_RE}\s*(?:{_ZH_DEADLINE})", _zh_weekday_ahead, deadline=True),
        _rule(
            r"(?P<p>下下|下)\s*(?:个)?(?:周|星期|礼拜)(?P<w>[一二三四五六日天1-7])",
            _zh_weekday_ahead,
            deadline=True,
        ),
        _rule(_ZH_WEEKDAY_RE, _zh_weekday_ahead),
        _rule(
            r"(?P<p>下下|下)\s*(?:个)?(?:周|星期|礼拜)(?![一二三四五六日天1-7])(?P<s>末|之内|内)?",
            _zh_week,
            deadline=True,
        ),
        _rule(
            r"(?:本|这个?)\s*(?:周|星期|礼拜)(?:末|之内|内)?(?![一二三四五六日天1-7])|周末前",
            _this_week_end,
            deadline=True,
        ),
        _rule(
            rf"(?<![0-9])(?P<m>{_NUM})\s*月\s*(?P<s>初|上旬|中旬|中|下旬|底|末|尾)",
            _named_month_part,
            deadline=True,
        ),
        _rule(r"(?:下个?|次)\s*月\s*(?P<s>初|中|底|末|尾)?", _next_month, deadline=True),
        _rule(r"(?:本|这个?|当)?\s*月\s*(?:底|末|尾)", _this_month_end, deadline=True),
        _rule(r"(?<![下个0-9一二三四五六七八九十])月中", _mid_month, deadline=True),
        _rule(r"(?<![下个次0-9一二三四五六七八九十])月初", _month_start, deadline=True),
        _rule(r"(?:今|本)?年\s*(?:底|末)", _year_end, deadline=True),
        _rule(
            rf"(?P<n>{_NUM}|半)\s*(?:个)?\s*(?P<u>工作日|天|日|周|星期|礼拜|月)\s*(?:之内|以内|内|之后|以后|后|左右)",
            _within(workdays),
            deadline=True,
        ),
        _rule(r"\b(?:the\s+)?day\s+after\s+tomorrow\b", _days(2), deadline=True),
        _rule(r"\btomorrow\b", _days(1), deadline=True),
        _rule(
            rf"\b(?P<mod>by|before|until|till|next|this|coming)\s+(?:(?P<mod2>next|this|coming)\s+)?{_EN_WEEKDAY_RE}\b",
            _en_weekday_ahead,
            deadline=True,
        ),
        _rule(
            rf"(?<!last )(?<!past )\b(?:(?P<mod>on)\s+)?{_EN_WEEKDAY_RE}\b",
            _en_weekday_ahead,
        ),
        _rule(
            rf"\b(?P<s>early|beginning\s+of|start\s+of|mid|middle\s+of|late|end\s+of)[\s-]+"
            rf"(?:the\s+)?{_EN_MONTH_RE}\b",
            _named_month_part_en,
            deadline=True,
        ),
        _rule(r"\bmid[\s-]month\b", _mid_month, deadline=True),
        _rule(r"\bend\s+of\s+next\s+month\b", lambda _m, t: _next_month_end(t), deadline=True),
        _rule(
            r"\b(?:(?:by|before|until)\s+)?(?:the\s+)?(?:end\s+of\s+(?:the\s+|this\s+)?month|month[\s-]end|eom)\b",
            _this_month_end,
            deadline=True,
        ),
        _rule(
            r"\b(?:(?P<s>early|beginning\s+of|start\s+of|mid|end\s+of)\s+)?next\s+month\b",
            _next_month_en,
            deadline=True,
        ),
        _rule(
            r"\b(?:end\s+of\s+(?:the\s+|this\s+)?year|year[\s-]end|eoy)\b", _year_end, deadline=True
        ),
        _rule(r"\bend\s+of\s+next\s+week\b", _next_week_end, deadline=True),
        _rule(
            r"\b(?:end\s+of\s+(?:the\s+|this\s+)?week|this\s+week|eow)\b",
            _this_week_end,
            deadline=True,
        ),
        _rule(r"\bnext\s+week\b", lambda _m, t: _weekday_in_week(t, 0, 1), deadline=True),
        _rule(
            rf"\b(?:in|within)\s+(?:the\s+next\s+)?(?P<n>{_EN_NUM}|half\s+a)\s+(?P<u>business\s+days?|working\s+days?|days?|weeks?|months?)\b",
            _within_english(workdays),
            deadline=True,
        ),
        _rule(
            rf"\b(?P<n>{_EN_NUM})\s+(?P<u>days?|weeks?|months?)\s+(?:later|from\s+now)\b",
            _within_english(workdays),
            deadline=True,
        ),
    )


@dataclass(frozen=True, slots=True)
class _DateHit:
    start: int
    end: int
    day: date
    deadline: bool


def _date_hits(text: str, rules: Sequence[_Rule], today: date) -> Iterator[_DateHit]:
    for rule in rules:
        for m in rule.pattern.finditer(text):
            day = rule.resolve(m, today)
            if day is not None:
                deadline = rule.deadline or bool(m.groupdict().get("dl"))
                yield _DateHit(m.start(), m.end(), day, deadline)


def _first_hit(text: str, rules: Sequence[_Rule], today: date) -> _DateHit | None:
    hits = list(_date_hits(text, rules, today))
    return min(hits, key=lambda h: (h.start, -h.end)) if hits else None


# A weekday written beside a date, to check it: "12月11日（周五）", "下周四（12月10日）".
_WEEKDAY_AFTER = re.compile(r"\s*[（(]\s*(?:周|星期|礼拜)(?P<d>[一二三四五六日天])\s*[)）]")
_WEEKDAY_BEFORE = re.compile(r"(?:周|星期|礼拜)(?P<d>[一二三四五六日天])\s*[（(]\s*$")


def _weekday_of(word: str) -> int:
    return min("一二三四五六日天".index(word), 6)


def _agreeing(text: str, hits: Sequence[_DateHit]) -> list[_DateHit]:
    """The dates a text names, less those a weekday written beside them contradicts: "12月11日
    （周四）" (the 11th is a Friday) names no day for sure, and a wrong date is worse than a
    question. A weekday that agrees is only the date's check, not a day of its own."""
    dropped: set[int] = set()
    for i, hit in enumerate(hits):
        if after := _WEEKDAY_AFTER.match(text, hit.end):
            dropped |= {
                j for j, o in enumerate(hits) if o.start >= after.start() and o.end <= after.end()
            }
            if hit.day.weekday() != _weekday_of(after["d"]):
                dropped.add(i)
        if before := _WEEKDAY_BEFORE.search(text, 0, hit.start):
            dropped |= {j for j, o in enumerate(hits) if j != i and o.end == before.end("d")}
            if hit.day.weekday() != _weekday_of(before["d"]):
                dropped.add(i)
    return [hit for i, hit in enumerate(hits) if i not in dropped]


def _first_agreeing_hit(text: str, rules: Sequence[_Rule], today: date) -> _DateHit | None:
    hits = _agreeing(text, list(_date_hits(text, rules, today)))
    return min(hits, key=lambda h: (h.start, -h.end)) if hits else None


_QUALIFIER = re.compile(r"\s*(?:的|['’]s\b)\s*", re.IGNORECASE)
_MEETING_NOUN = re.compile(
    r"拜访|走访|上门|会|见面|沟通|交流|座谈|洽谈|碰头|电话|通话|"
    r"visit|meeting|call|talk|session|catch[\s-]?up|trip",
    re.IGNORECASE,
)


def names_a_things_day(text: str, end: int) -> bool:
    """Whether the date phrase ending at `end` tells the day of something it qualifies ("上周的断网
    已修复", "last week's outage is fixed"), not of the visit; "昨天的拜访中", "yesterday's meeting"
    still tell the visit's."""
    m = _QUALIFIER.match(text, end)
    return m is not None and m.end() > end and not _MEETING_NOUN.match(text, m.end())


def visit_day_hit(text: str, today: date) -> _DateHit | None:
    """The first day a visit report names for the visit (not one only qualifying a thing)."""
    hits = [h for h in _date_hits(text, _VISIT_DATE_RULES, today)
            if not names_a_things_day(text, h.end)]  # fmt: skip
    agreeing = _agreeing(text, hits)
    return min(agreeing, key=lambda h: (h.start, -h.end)) if agreeing else None


# --- Time of day -----------------------------------------------------------------------------

_ZH_PERIOD = {"上午": "morning", "早上": "morning", "早晨": "morning", "清晨": "morning",
              "今早": "morning", "今晨": "morning", "昨早": "morning", "中午": "12:00",
              "下午": "afternoon", "傍晚": "evening", "晚上": "evening", "夜里": "evening",
              "今晚": "evening", "昨晚": "evening", "昨夜": "evening", "明早": "morning",
              "明晚": "evening"}  # fmt: skip
_EN_PERIOD = {"morning": "morning", "noon": "12:00", "midday": "12:00", "afternoon": "afternoon",
              "evening": "evening", "tonight": "evening", "night": "evening"}  # fmt: skip
_PM_WORDS = (
    "下午",
    "晚上",
    "傍晚",
    "今晚",
    "昨晚",
    "明晚",
    "夜里",
    "pm",
    "p.m",
    "afternoon",
    "evening",
)
_AM_WORDS = (
    "上午",
    "早上",
    "早晨",
    "清晨",
    "凌晨",
    "今早",
    "今晨",
    "昨早",
    "明早",
    "am",
    "a.m",
    "morning",
)
_PERIOD_RE = re.compile(
    "|".join(map(re.escape, sorted(_ZH_PERIOD, key=len, reverse=True)))
    + r"|\b(?:morning|noon|midday|afternoon|evening|tonight|last\s+night)\b",
    re.IGNORECASE,
)
_CLOCK_RE = re.compile(r"(?<![0-9])(?P<h>[01]?[0-9]|2[0-3])\s*:\s*(?P<mi>[0-5][0-9])(?![0-9])")
# "3点", "两点十分", "三点半", "下午两点一刻", "5点开会": an hour alone is read only where an hour is
# told (minutes, 钟/整/左右, or what is done at it follows), not "提了3点意见".
_ZH_HOUR_RE = re.compile(
    rf"(?P<per>上午|早上|早晨|清晨|凌晨|中午|下午|傍晚|晚上|今早|今晚|昨晚|明早|明晚|夜里)?\s*(?P<have>(?<=[午上晨里早晚])(?:有个?|是))?\s*(?:约|大约|大概)?(?P<h>{_NUM})\s*[点时]"
    r"(?:\s*(?P<half>半|一刻|三刻)|\s*(?P<mi>[0-5]?[0-9](?![0-9])|[一二三四五]?十[一二三四五六七八九]?|零?[一二三四五六七八九])\s*分?)?"
    r"(?P<tail>\s*(?:钟|左右|多|整|去|到|在|来|见|拜访|开会|开个?会|的会|有个?会|碰头|见面|面谈|出发|打电话|"
    r"电话|给|跟|和|与|找|签|提醒|叫|之前|以前|前|准时|,|，|。|;|$))?"
)
_EN_HOUR_RE = re.compile(
    r"\b(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5][0-9]))?\s*(?P<ap>a\.?m\b\.?|p\.?m\b\.?)",
    re.IGNORECASE,
)
# "at 5", "at 5 o'clock": an hour without am or pm, only where a time is told (not "at 5 sites").
_EN_AT_HOUR_RE = re.compile(
    r"\bat\s+(?P<h>1[0-2]|0?[1-9])(?:\s*o'?clock)?(?![0-9:.]|\s*(?:a\.?m|p\.?m)\b)"
    r"(?=\s*(?:$|[,.!?;]|(?:to|and|on|tomorrow|today|tonight|this|next|for|about|with|sharp)\b))",
    re.IGNORECASE,
)


# Words before "N点" that count points ("提了3点", "有两点", "以下三点"), not tell an hour.
_COUNTED = re.compile(r"(?:提了|提出了?|有|谈了|讲了|说了|列了|以下|如下|这|那|第|几|共)\s*$")
# What is done at an hour, after it: "有5点开会", "有3点的会" tell an hour however they begin
# ("有3点意见" counts points: its tail is no meeting).
_MEETING_AT = re.compile(
    r"\s*(?:钟|整|去|来|见|拜访|开会|开个?会|的会|有个?会|碰头|见面|面谈|出发|打电话)"
)


@dataclass(frozen=True, slots=True)
class SaidTime:
    """A time of day told: "HH:MM" or a part of the day ("morning", "afternoon", "evening").
    `half_guessed`: an hour said without 上午/下午 or am/pm ("5点", "at 5"), read as a working
    day's (1 to 6 the afternoon, 7 to 11 the morning), so the user can be asked to correct it."""

    value: str
    half_guessed: bool = False


def _clock(hour: int, minute: int, context: str) -> SaidTime | None:
    """An hour and minute said with the words before or around it (`context`): a part of the day
    or am/pm decides the half; without one, 1 to 6 o'clock is the afternoon (a manager's "5点开会"
    is at 17:00, not at dawn) and 7 to 11 the morning, both marked guessed."""
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    if hour == 0 or hour >= 12:
        return SaidTime(f"{hour:02d}:{minute:02d}")
    if any(w in context for w in _PM_WORDS) or ("中午" in context and hour <= 2):
        return SaidTime(f"{hour + 12:02d}:{minute:02d}")
    if any(w in context for w in (*_AM_WORDS, "中午")):
        return SaidTime(f"{hour:02d}:{minute:02d}")
    guessed = hour + 12 if hour <= 6 else hour
    return SaidTime(f"{guessed:02d}:{minute:02d}", half_guessed=True)


def _zh_minutes(raw: str) -> int | None:
    """ "10", "十", "二十五", "零五", "五" → minutes."""
    return _to_int(raw.lstrip("零") or "0")


def time_said(text: str) -> SaidTime | None:
    """The first clock time in the text, else the first part of the day; None when neither."""
    low = lower_keeping_length(fold_keeping_length(text))  # "下午3點" is read as 下午3点
    found: list[tuple[int, SaidTime]] = []
    for m in _ZH_HOUR_RE.finditer(low):
        bare = not m["per"] and not m["half"] and not m["mi"]
        counted = _COUNTED.search(low, 0, m.start("h")) and not _MEETING_AT.match(m["tail"] or "")
        if bare and (m["tail"] is None or counted):
            continue  # "提了3点意见", "谈了三点和价格有关的要求" count points, not hours
        if m["have"] and not _MEETING_AT.match(m["tail"] or ""):
            continue  # "下午有两点要确认" counts points; "下午有3点的会" tells an hour
        if m["h"] == "一" and not m["per"] and not m["half"] and not m["mi"]:
            if not re.match(r"\s*(?:钟|整|左右)", m["tail"] or ""):
                continue  # "价格再优惠一点", "早一点去" is "a bit", not one o'clock
        hour = _to_int(m["h"])
        minute = {"半": 30, "一刻": 15, "三刻": 45}.get(m["half"] or "") or (
            _zh_minutes(m["mi"]) if m["mi"] else 0
        )
        if hour is None or minute is None:
            continue
        if (value := _clock(hour, minute, m["per"] or "")) is not None:
            found.append((m.start(), value))
    for m in _CLOCK_RE.finditer(low):
        context = low[max(0, m.start() - 4) : m.start()] + low[m.end() : m.end() + 5]
        if (value := _clock(int(m["h"]), int(m["mi"]), context)) is not None:
            found.append((m.start(), value))
    for m in _EN_HOUR_RE.finditer(low):
        hour = int(m["h"]) % 12 + (12 if m["ap"].startswith("p") else 0)
        found.append((m.start(), SaidTime(f"{hour:02d}:{int(m['mi'] or 0):02d}")))
    for m in _EN_AT_HOUR_RE.finditer(low):
        context = low[max(0, m.start() - 12) : m.end() + 12]
        if (value := _clock(int(m["h"]), 0, context)) is not None:
            found.append((m.start(), value))
    if found:
        return min(found, key=lambda f: f[0])[1]
    period = _PERIOD_RE.search(low)
    if period is None:
        return None
    word = re.sub(r"\s+", " ", period.group())
    return SaidTime(
        _ZH_PERIOD.get(word) or ("evening" if word == "last night" else _EN_PERIOD[word])
    )


def find_time(text: str) -> str | None:
    """The first clock time in the text ("HH:MM"), else the first part of the day; None when
    neither."""
    said = time_said(text)
    return said.value if said is not None else None


# When each part of the day begins, for a visit said to be today: "今天下午去了宝钢" typed at 09:00
# has not happened yet (a slip for 昨天下午, or a visit still to come), so it is asked, not saved.
_PERIOD_STARTS = {"morning": time(0, 0), "afternoon": time(12, 0), "evening": time(17, 0)}


def time_not_yet(visited_time: str | None, now: time) -> bool:
    """Whether a part of the day ("afternoon") or a clock time ("15:00") has not begun at `now`."""
    if not visited_time:
        return False
    start = _PERIOD_STARTS.get(visited_time)
    if start is None:
        try:
            start = time.fromisoformat(visited_time)
        except ValueError:
            return False
    return start > now


# --- Vague days ------------------------------------------------------------------------------
# Words that place a visit near some days without naming one ("前几天", "上周末", "last week"):
# the day is asked with those days as buttons, never guessed.


def _few_days_back(today: date) -> tuple[date, ...]:
    return tuple(today - timedelta(days=n) for n in range(2, 6))


def _weekend_of(monday: date) -> tuple[date, ...]:
    return (monday + timedelta(days=5), monday + timedelta(days=6))


def _last_weekend(today: date) -> tuple[date, ...]:
    return _weekend_of(_week_start(today) - timedelta(days=7))


def _latest_weekend(today: date) -> tuple[date, ...]:
    """ "周末去了…" on a working day is the weekend just gone; on a weekend, this one."""
    this = _weekend_of(_week_start(today))
    return this if today >= this[0] else _last_weekend(today)


def _last_working_week(today: date) -> tuple[date, ...]:
    monday = _week_start(today) - timedelta(days=7)
    return tuple(monday + timedelta(days=n) for n in range(5))


def _month_part(first: date, part: str) -> tuple[date, ...]:
    """The days a part of the month (its start, middle or end) may mean: five of them."""
    if part == "start":
        return tuple(first + timedelta(days=n) for n in range(5))
    if part == "middle":
        return tuple(first + timedelta(days=n) for n in range(12, 17))
    last = _month_end(first.year, first.month)
    return tuple(last - timedelta(days=n) for n in range(4, -1, -1))


def _last_month(part: str) -> Callable[[date], tuple[date, ...]]:
    return lambda today: _month_part(_add_months(today.replace(day=1), -1), part)


def _latest_month(part: str) -> Callable[[date], tuple[date, ...]]:
    """ "月底去了交行": this month's end when some of it is gone, else last month's (a visit
    told on 3 December at "月底" was at November's end)."""

    def days(today: date) -> tuple[date, ...]:
        this = _month_part(today.replace(day=1), part)
        return this if this[0] <= today else _last_month(part)(today)

    return days


_VAGUE_DAYS: tuple[tuple[re.Pattern[str], Callable[[date], tuple[date, ...]]], ...] = (
    # A part of a month, as visits are told: "上个月底去了交行", "月初", "end of last month".
    (
        re.compile(
            r"上个?月(?:底|末|尾|下旬)|\b(?:(?:at\s+)?the\s+)?(?:end\s+of|late)\s+last\s+month\b",
            re.IGNORECASE,
        ),
        _last_month("end"),
    ),
    (
        re.compile(
            r"上个?月(?:初|上旬)|\b(?:beginning\s+of|start\s+of|early)\s+last\s+month\b",
            re.IGNORECASE,
        ),
        _last_month("start"),
    ),
    (
        re.compile(r"上个?月(?:中旬|中)|\bmid[\s-]last\s+month\b", re.IGNORECASE),
        _last_month("middle"),
    ),
    (
        re.compile(
            r"(?<![上下个次0-9一二三四五六七八九十])(?:这个?|本)?月(?:初|上旬)|"
            r"\b(?:beginning|start)\s+of\s+(?:this|the)\s+month\b|\bearly\s+this\s+month\b",
            re.IGNORECASE,
        ),
        _latest_month("start"),
    ),
    (
        re.compile(
            r"(?<![上下个次0-9一二三四五六七八九十])(?:这个?|本)?月(?:中旬|中(?![午心]))|"
            r"\bmid[\s-](?:this\s+)?month\b",
            re.IGNORECASE,
        ),
        _latest_month("middle"),
    ),
    (
        re.compile(
            r"(?<![上下个次0-9一二三四五六七八九十])(?:这个?|本)?月(?:底|末|尾|下旬)|"
            r"\bend\s+of\s+(?:this|the)\s+month\b",
            re.IGNORECASE,
        ),
        _latest_month("end"),
    ),
    (
        re.compile(r"上个?(?:周|星期|礼拜)末|\blast\s+weekend\b", re.IGNORECASE),
        _last_weekend,
    ),
    (
        re.compile(
            r"(?<![下上])(?:这个?|本)?(?:周|礼拜)末|\b(?:this|the)\s+(?:past\s+)?weekend\b",
            re.IGNORECASE,
        ),
        _latest_weekend,
    ),
    (
        re.compile(
            r"前几天|前两天|前些天|前些日子|几天前|\b(?:a\s+)?few\s+days\s+ago\b|\bthe\s+other\s+day\b",
            re.IGNORECASE,
        ),
        _few_days_back,
    ),
    (
        re.compile(
            r"上个?(?:周|星期|礼拜)(?![一二三四五六日天1-7末])|\blast\s+week\b", re.IGNORECASE
        ),
        _last_working_week,
    ),
)


def vague_spans(text: str) -> list[tuple[int, int]]:
    """Where phrases like "前几天", "上周末", "last week" stand (no part of a summary); not those
    qualifying a thing ("上周的断网")."""
    return [
        m.span()
        for pattern, _ in _VAGUE_DAYS
        for m in pattern.finditer(text)
        if not names_a_things_day(text, m.end())
    ]


def vague_visit_days(text: str, *, today: date) -> tuple[str, tuple[date, ...]] | None:
    """A phrase placing a visit near some days without naming one, as written, and those days
    (none after today): "前几天" → 2 to 5 days ago, "上周末" → last Saturday and Sunday, "last
    week" → last Monday to Friday. None when the text has no such phrase."""
    head = fold_keeping_length((text or "")[:FIELD_LIMIT])
    found = [
        (m.start(), m, days)
        for pattern, days in _VAGUE_DAYS
        if (
            m := next(
                (m for m in pattern.finditer(head) if not names_a_things_day(head, m.end())), None
            )
        )
    ]
    if not found:
        return None
    _, m, days = min(found, key=lambda f: f[0])
    options = tuple(d for d in days(today) if d <= today)
    return ((text or "")[m.start() : m.end()], options) if options else None


# --- Public date helpers ---------------------------------------------------------------------


def parse_relative_date(text: str, *, today: date) -> tuple[date | None, str | None]:
    """The day and time of day a short phrase names ("昨天下午", "上周五", "last Friday", "Nov 20").

    Past-leaning: a weekday alone is the latest such day not after today, a month and day without a
    year the one nearest today. A future phrase ("明天") still gives its date so the caller can
    tell the user it is in the future.
    """
    head = fold_keeping_length((text or "")[:FIELD_LIMIT])
    hit = _first_agreeing_hit(head, _VISIT_DATE_RULES, today)
    return (hit.day if hit else None), find_time(head)


# A day of a month written out ("11月31号", "2026-11-31", "Nov 31", "31 November"); "2-30人" or
# "2.30元" (no year, no 月) are no dates.
_DAY_OF_MONTH = re.compile(
    r"(?:(?P<y>\d{4})\s*[-/.年]\s*)?(?<!\d)(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})(?!\d)(?:日|号|號)?"
    r"|(?P<y1>\d{4})\s*[-/.]\s*(?P<m1>\d{1,2})\s*[-/.]\s*(?P<d1>\d{1,2})(?!\d)"
    r"|\b" + _EN_MONTH_RE + r"\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?\b"
    r"|\b(?P<d3>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _EN_MONTH_RE.replace("(?P<mon>", "(?P<mon3>")
    + r"\b",
    re.IGNORECASE,
)


def impossible_day(text: str, *, today: date) -> str | None:
    """The words of a date no calendar has ("11月31号", "Feb 30") in the text, as written; None
    when every date it writes exists (or it writes none)."""
    head = fold_keeping_length((text or "")[:FIELD_LIMIT])
    for m in _DAY_OF_MONTH.finditer(head):
        year = int(m.group("y") or m.group("y1") or today.year)
        if m.group("m"):
            month, day = int(m.group("m")), int(m.group("d"))
        elif m.group("m1"):
            month, day = int(m.group("m1")), int(m.group("d1"))
        elif m.group("d2"):
            month, day = _EN_MONTH[m.group("mon").lower()[:3]], int(m.group("d2"))
        else:
            month, day = _EN_MONTH[m.group("mon3").lower()[:3]], int(m.group("d3"))
        if 1 <= month <= 12 and 1 <= day <= 31 and _make_date(year, month, day) is None:
            return (text or "")[m.start() : m.end()].strip()
    return None


def parse_follow_up(
    text: str, *, today: date, workdays: WorkdayCalendar | None = None
) -> date | None:
    """The follow-up date a phrase names ("下周二前", "月底", "两周内", "in two weeks", "by next Tuesday").

    Forward-leaning: a weekday alone is the next such day after today, a month and day without a
    year the next one from today. "下周"/"next week" is next Monday, "月底" the month's last day,
    "下个月初"/"下个月" the 1st of next month, "本周内" this Friday. Working days count on
    `workdays` (the policy's calendar; the official one when None). Of several dates, the one in
    the clause that says to follow up ("下周三再跟进", "follow up on Wednesday") is chosen, else
    the soonest ("下周提交方案，周五前发初稿" is followed up by Friday, the first thing due).
    """
    head = fold_keeping_length((text or "")[:FIELD_LIMIT])
    rules = _follow_up_rules(workdays or official_calendar())
    hits = sorted(
        _agreeing(head, list(_date_hits(head, rules, today))), key=lambda h: (h.start, -h.end)
    )
    if not hits:
        return None
    # "对方下周给预算，下周三再跟进": the day the user says they will follow up on wins over an
    # earlier date in the same note that tells what the client will do.
    for hit in hits:
        if _FOLLOW_VERB.search(_clause_around(head, hit.start, hit.end)):
            return hit.day
    apart: list[_DateHit] = []  # each date said once: "下个月底" is not also "下个月"
    for hit in hits:
        if not apart or hit.start >= apart[-1].end:
            apart.append(hit)
    return min(hit.day for hit in apart)


_FOLLOW_VERB = re.compile(
    r"跟进|跟踪|回访|复访|再(?:去|来|跟|联系|约|谈|沟通|打电话|电话|拜访|走访|见)|"
    r"\bfollow(?:[\s-]?up)?\b|\bcheck\s+(?:back|in)\b|\bcall\s+(?:back|again)\b|"
    r"\b(?:visit|meet|see\s+them)\s+again\b|\btouch\s+base\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[，,；;。！!？?\n]|\band\s+then\b|\bthen\b")


def _clause_around(text: str, start: int, end: int) -> str:
    """The clause (between commas, semicolons, full stops) that holds text[start:end]."""
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    right = next((m.start() for m in _CLAUSE_END.finditer(text, end)), len(text))
    return text[left:right]
