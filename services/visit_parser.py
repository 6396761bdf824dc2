"""Rule-based parsing of a free-text visit report (Chinese or English) into a structured draft."""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from opencc import OpenCC
from pypinyin import lazy_pinyin
from rapidfuzz import fuzz

# Fields are read from the head of a message only, so a pasted 20,000-character text stays fast;
# the summary keeps the rest of the text up to its own cap.
FIELD_LIMIT = 2_000
SUMMARY_LIMIT = 2_000

# Client match scores (0-100); see `_score_window`.
MATCH_MIN = 80.0  # a client is taken when its best window scores at least this
CANDIDATE_MIN = 60.0  # offered as a choice from this score up
AMBIGUITY_GAP = 5.0  # two clients within this of each other (both matched) are ambiguous
MAX_CANDIDATES = 5
_MAX_FUZZY_FORMS = 120  # names and aliases scored window by window, the most promising first
_MAX_ANCHORS = 40  # per form and segment

QUESTION_CLIENT_AMBIGUOUS = "client_ambiguous"
QUESTION_CLIENT_UNKNOWN = "client_unknown"
QUESTION_DATE_MISSING = "date_missing"
QUESTION_DATE_IN_FUTURE = "date_in_future"
QUESTION_SUMMARY_EMPTY = "summary_empty"

Client = tuple[int, str, Sequence[str]]


@dataclass(frozen=True, slots=True)
class PersonMet:
    name: str  # as the manager addresses them: "张总", "王伟", "Mr. Li", "Zhang Wei"
    title: str | None  # department and role as written: "设备部", "信息中心主任", "CIO"


@dataclass(frozen=True, slots=True)
class VisitDraft:
    client_query: str | None
    client_candidates: tuple[tuple[int, str, float], ...]
    visited_on: date | None
    visited_time: str | None  # "morning" | "afternoon" | "evening" | "HH:MM"
    date_missing: bool
    date_in_future: bool
    kind: str | None  # "on_site" | "phone" | "video"
    people: tuple[PersonMet, ...]
    summary: str
    next_step: str | None
    follow_up_on: date | None
    language: str  # "zh" | "en"
    questions: tuple[str, ...]
    summary_truncated: bool = False


# --- Normalisation ---------------------------------------------------------------------------
# Every rule runs on a copy of the text with the same length as the original (full-width to
# half-width, traditional to simplified, one character at a time), so a span found in the copy
# slices the original: names come back as the user wrote them.

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{_HAN}]")


@functools.cache
def _t2s() -> OpenCC:
    return OpenCC("t2s")


@functools.lru_cache(maxsize=16_384)
def _norm_char(c: str) -> str:
    n = unicodedata.normalize("NFKC", c)
    if len(n) != 1:
        return c
    if _HAN_RE.fullmatch(n):
        s = _t2s().convert(n)
        return s if len(s) == 1 else n
    return n


def _normalize(text: str) -> str:
    return "".join(_norm_char(c) for c in text)


def _lower(text: str) -> str:
    """Lower case without changing the length (a few characters lower to two)."""
    low = text.lower()
    return (
        low
        if len(low) == len(text)
        else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    )


def _han_count(text: str) -> int:
    return len(_HAN_RE.findall(text))


def _detect_language(text: str) -> str:
    han = _han_count(text)
    latin_words = len(re.findall(r"[A-Za-z]{2,}", text))
    return "zh" if han and han >= latin_words else ("en" if latin_words else "zh")


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


def _add_working_days(day: date, count: int) -> date:
    """Monday to Friday only; the official holiday calendar is the scheduler's business."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _nearest_year(today: date, month: int, day: int) -> date | None:
    """A month and day without a year, in the year that puts it nearest to today (visit dates)."""
    options = [
        d for y in (today.year - 1, today.year, today.year + 1) if (d := _make_date(y, month, day))
    ]
    return min(options, key=lambda d: (abs((d - today).days), d > today)) if options else None


def _upcoming(today: date, month: int, day: int) -> date | None:
    """A month and day without a year, on or after today (deadlines)."""
    this_year = _make_date(today.year, month, day)
    if this_year is None or this_year >= today:
        return this_year
    return _make_date(today.year + 1, month, day)


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


def _zh_month_day(choose: Callable[[date, int, int], date | None]) -> Resolver:
    def resolve(m: re.Match[str], today: date) -> date | None:
        month, day = _to_int(m["m"]), _to_int(m["d"])
        if month is None or day is None:
            return None
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
_ZH_MD = rf"(?<![0-9年])(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*[日号]"
_EN_MD_BODY = (
    rf"{_EN_MONTH_RE}\.?\s+(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>20[0-9]{{2}}))?"
)
_EN_MD = rf"\b{_EN_MD_BODY}"
_EN_DM = rf"\b(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_EN_MONTH_RE}\b\.?(?:,?\s+(?P<y>20[0-9]{{2}}))?"
_NUMERIC_MD = r"(?<![0-9/.\-])(?P<m>1[0-2]|0?[1-9])[-/](?P<d>3[01]|[12][0-9]|0?[1-9])(?![0-9/.\-%])(?!\s*(?:天|个|人|次|周|月|年|小时|万|倍|号|days?\b|weeks?\b|hours?\b|people\b))"
_ZH_WEEKDAY_RE = r"(?<![每上下本这个])(?P<p>上上|上|本|这个|这|下下|下)?\s*(?:个)?(?:周|星期|礼拜)(?P<w>[一二三四五六日天1-7])"

_VISIT_DATE_RULES: tuple[_Rule, ...] = (
    _rule(_ISO, _iso),
    _rule(_ZH_MD, _zh_month_day(_nearest_year)),
    _rule(_EN_MD, _en_month_day(_nearest_year)),
    _rule(_EN_DM, _en_month_day(_nearest_year)),
    _rule(_NUMERIC_MD, _numeric_month_day(_nearest_year)),
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


def _this_month_end(_m: re.Match[str], today: date) -> date | None:
    return _month_end(today.year, today.month)


def _mid_month(_m: re.Match[str], today: date) -> date | None:
    mid = today.replace(day=15)
    return mid if mid >= today else _first_of_next_month(today).replace(day=15)


def _year_end(_m: re.Match[str], today: date) -> date | None:
    return date(today.year, 12, 31)


def _within(m: re.Match[str], today: date) -> date | None:
    """ "两周内", "三天后", "3个工作日内", "半个月内", "一个月内"."""
    unit = m["u"]
    n = 0.5 if m["n"] == "半" else _to_int(m["n"])
    if n is None or n > 400:
        return None
    if unit == "月":
        return today + timedelta(days=15) if n == 0.5 else _add_months(today, int(n))
    if unit == "工作日":
        return _add_working_days(today, int(n))
    return today + timedelta(days=round(n * (7 if unit in ("周", "星期", "礼拜") else 1)))


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


def _within_english(m: re.Match[str], today: date) -> date | None:
    """ "in two weeks", "within 10 days", "in 3 business days", "two weeks later"."""
    unit = re.sub(r"\s+", " ", m["u"].lower()).rstrip("s")
    raw = re.sub(r"\s+", " ", m["n"].lower())
    n = 0.5 if raw == "half a" else _to_int(raw)
    if n is None or n > 400:
        return None
    if unit == "month":
        return today + timedelta(days=15) if n == 0.5 else _add_months(today, int(n))
    if unit in ("business day", "working day"):
        return _add_working_days(today, int(n))
    return today + timedelta(days=round(n * (7 if unit == "week" else 1)))


_ZH_DEADLINE = r"(?:之前|以前|前|之内|以内|内)"
_FOLLOW_UP_RULES: tuple[_Rule, ...] = (
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
    _rule(r"(?:下个?|次)\s*月\s*(?P<s>初|中|底|末|尾)?", _next_month, deadline=True),
    _rule(r"(?:本|这个?|当)?\s*月\s*(?:底|末|尾)", _this_month_end, deadline=True),
    _rule(r"(?<![下个0-9一二三四五六七八九十])月中", _mid_month, deadline=True),
    _rule(r"(?:今|本)?年\s*(?:底|末)", _year_end, deadline=True),
    _rule(
        rf"(?P<n>{_NUM}|半)\s*(?:个)?\s*(?P<u>工作日|天|日|周|星期|礼拜|月)\s*(?:之内|以内|内|之后|以后|后|左右)",
        _within,
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
    _rule(r"\b(?:end\s+of\s+(?:the\s+|this\s+)?year|year[\s-]end|eoy)\b", _year_end, deadline=True),
    _rule(r"\bend\s+of\s+next\s+week\b", _next_week_end, deadline=True),
    _rule(
        r"\b(?:end\s+of\s+(?:the\s+|this\s+)?week|this\s+week|eow)\b", _this_week_end, deadline=True
    ),
    _rule(r"\bnext\s+week\b", lambda _m, t: _weekday_in_week(t, 0, 1), deadline=True),
    _rule(
        rf"\b(?:in|within)\s+(?:the\s+next\s+)?(?P<n>{_EN_NUM}|half\s+a)\s+(?P<u>business\s+days?|working\s+days?|days?|weeks?|months?)\b",
        _within_english,
        deadline=True,
    ),
    _rule(
        rf"\b(?P<n>{_EN_NUM})\s+(?P<u>days?|weeks?|months?)\s+(?:later|from\s+now)\b",
        _within_english,
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


# --- Time of day -----------------------------------------------------------------------------

_ZH_PERIOD = {"上午": "morning", "早上": "morning", "早晨": "morning", "清晨": "morning",
              "今早": "morning", "今晨": "morning", "昨早": "morning", "中午": "12:00",
              "下午": "afternoon", "傍晚": "evening", "晚上": "evening", "夜里": "evening",
              "今晚": "evening", "昨晚": "evening", "昨夜": "evening"}  # fmt: skip
_EN_PERIOD = {"morning": "morning", "noon": "12:00", "midday": "12:00", "afternoon": "afternoon",
              "evening": "evening", "tonight": "evening", "night": "evening"}  # fmt: skip
_PM_WORDS = ("下午", "晚上", "傍晚", "今晚", "昨晚", "夜里", "pm", "p.m", "afternoon", "evening")
_PERIOD_RE = re.compile(
    "|".join(map(re.escape, sorted(_ZH_PERIOD, key=len, reverse=True)))
    + r"|\b(?:morning|noon|midday|afternoon|evening|tonight|last\s+night)\b",
    re.IGNORECASE,
)
_CLOCK_RE = re.compile(r"(?<![0-9])(?P<h>[01]?[0-9]|2[0-3])\s*:\s*(?P<mi>[0-5][0-9])(?![0-9])")
_ZH_HOUR_RE = re.compile(
    rf"(?P<per>上午|早上|早晨|中午|下午|傍晚|晚上|今早|今晚|昨晚)?\s*(?:约|大约|大概)?(?P<h>{_NUM})\s*[点时]"
    r"(?:\s*(?P<half>半|一刻|三刻)|\s*(?P<mi>[0-5]?[0-9])\s*分?)?"
    r"(?P<tail>\s*(?:钟|左右|多|整|去|到|在|来|见|拜访|,|。|;|$))?"
)
_EN_HOUR_RE = re.compile(
    r"\b(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5][0-9]))?\s*(?P<ap>a\.?m\b\.?|p\.?m\b\.?)",
    re.IGNORECASE,
)


def _clock(hour: int, minute: int, context: str) -> str | None:
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    pm = any(w in context for w in _PM_WORDS)
    if pm and hour < 12:
        hour += 12
    elif not context and 1 <= hour <= 6:
        hour += 12  # "3点" with nothing else is three in the afternoon on a working day
    return f"{hour:02d}:{minute:02d}"


def _find_time(text: str) -> str | None:
    """The first clock time in the text, else the first part of the day; None when neither."""
    low = _lower(text)
    found: list[tuple[int, str]] = []
    for m in _ZH_HOUR_RE.finditer(low):
        if not m["per"] and m["tail"] is None and not m["half"] and not m["mi"]:
            continue  # "提了3点意见" counts points, not hours
        hour = _to_int(m["h"])
        if hour is None:
            continue
        minute = {"半": 30, "一刻": 15, "三刻": 45}.get(m["half"] or "", int(m["mi"] or 0))
        if (value := _clock(hour, minute, m["per"] or "")) is not None:
            found.append((m.start(), value))
    for m in _CLOCK_RE.finditer(low):
        context = low[max(0, m.start() - 4) : m.start()] + low[m.end() : m.end() + 5]
        value = _clock(
            int(m["h"]), int(m["mi"]), context if re.search(r"下午|晚上|pm|p\.m", context) else "x"
        )
        if value is not None:
            found.append((m.start(), value))
    for m in _EN_HOUR_RE.finditer(low):
        hour = int(m["h"]) % 12 + (12 if m["ap"].startswith("p") else 0)
        found.append((m.start(), f"{hour:02d}:{int(m['mi'] or 0):02d}"))
    if found:
        return min(found)[1]
    period = _PERIOD_RE.search(low)
    if period is None:
        return None
    word = re.sub(r"\s+", " ", period.group())
    return _ZH_PERIOD.get(word) or ("evening" if word == "last night" else _EN_PERIOD[word])


# --- Public date helpers ---------------------------------------------------------------------


def parse_relative_date(text: str, *, today: date) -> tuple[date | None, str | None]:
    """The day and time of day a short phrase names ("昨天下午", "上周五", "last Friday", "Nov 20").

    Past-leaning: a weekday alone is the latest such day not after today, a month and day without a
    year the one nearest today. A future phrase ("明天") still gives its date so the caller can
    tell the user it is in the future.
    """
    head = _normalize((text or "")[:FIELD_LIMIT])
    hit = _first_hit(head, _VISIT_DATE_RULES, today)
    return (hit.day if hit else None), _find_time(head)


def parse_follow_up(text: str, *, today: date) -> date | None:
    """The follow-up date a phrase names ("下周二前", "月底", "两周内", "in two weeks", "by next Tuesday").

    Forward-leaning: a weekday alone is the next such day after today, a month and day without a
    year the next one from today. "下周"/"next week" is next Monday, "月底" the month's last day,
    "下个月初"/"下个月" the 1st of next month, "本周内" this Friday.
    """
    head = _normalize((text or "")[:FIELD_LIMIT])
    hit = _first_hit(head, _FOLLOW_UP_RULES, today)
    return hit.day if hit else None


# --- Kind of contact -------------------------------------------------------------------------

_VIDEO_RE = re.compile(
    r"视频|腾讯会议|钉钉|飞书|线上会议|网络会议|云会议|\bzoom\b|\bteams\b|webex|\bvideo\b|\bwechat\s+video\b",
    re.IGNORECASE,
)
_PHONE_RE = re.compile(
    r"电话(?!号|号码)|致电|通话|打给|来电|\bphone\b|\bcall(?:ed|ing|s)?\b|\brang\b|\btelephone\b",
    re.IGNORECASE,
)
_ON_SITE_RE = re.compile(
    r"拜访|拜会|上门|走访|到访|来访|去了|到了|来到|现场|登门|见面|面谈|当面|参观|见了|见到|吃了?个?饭|饭局|"
    r"\bvisit(?:ed|ing)?\b|\bon[\s-]?site\b|\bin\s+person\b|face[\s-]to[\s-]face|\bmet\b|\bdropped\s+by\b|"
    r"\bwent\s+to\b|\blunch\b|\bdinner\b|\bat\s+their\s+(?:office|plant|site|factory|hq|headquarters)\b",
    re.IGNORECASE,
)


def _detect_kind(text: str) -> str | None:
    if _VIDEO_RE.search(text):
        return "video"
    if _PHONE_RE.search(text):
        return "phone"
    if _ON_SITE_RE.search(text):
        return "on_site"
    return None


# --- People ----------------------------------------------------------------------------------

_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤"
    "常温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕季裴霍涂"
    "苗谷盛翁冉骆蓝游辛靳柴蒙鲍华喻祁蒲房滕屈饶牟艾尤阳穆卓吉缪简芦麦褚娄窦戚岑景费卜冷晏席卫柏宗瞿桂佟"
    "臧闵苟邬卞姬仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池麻苑迟邝洪闻"
)
_COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "令狐",
    "慕容",
    "尉迟",
    "夏侯",
)
# Titles that follow a bare surname only ("张总", "孙工"), never a full name.
_HONORIFIC_ONLY = frozenset(("总", "副总", "工", "董", "老板"))
_ZH_TITLE_RE = re.compile(
    r"(?:副)?(?:董事长|总经理|总工程师|总工|总监|总裁|经理|主任|处长|科长|部长|书记|院长|校长|局长|所长|厂长|"
    r"行长|主管|工程师|教授|老师|博士|医生|主席|秘书长|董事|队长|组长|站长|会计|专员|老板)"
    r"|(?:副)?总(?!部|公司|行|店|厂|院|局|额|量|数|计|体|结|共|之|而|包|价|署|台|站|裁|监|经理|工)"
    r"|工(?!作|程|厂|艺|期|资|人|会|地|具|业|商|行|序|位|种|单|区|时|况|控|科|信|装|匠|友|班)"
    r"|董(?!事)"
)
# What may stand just before a name: a joining word, a department, or the start of a phrase.
_BEFORE_NAME = frozenset(
    "和与及跟同了见的、位是约请给向对找带陪领人部心处科办室间队组司院校行厂局所"
)
_NAME_STOP = frozenset(
    "和与及跟同、谈讨沟聊说了的在等也都就一对把给向表提去来到带是开吃打通见约问讲"
)
# Verbs that often follow a name directly ("杨帆介绍了", "王伟表示").
_VERBS_AFTER_NAME = frozenset(
    "介绍 表示 提出 希望 认为 反映 反馈 说明 强调 指出 要求 同意 答应 建议 透露 告知 确认 负责 陪同 参加 出席".split()
)
_DEPT_SUFFIXES = ("部门", "部", "中心", "处", "科", "办公室", "办", "室", "车间", "分厂", "所", "组", "队",
                  "负责人", "联系人", "对接人", "院办")  # fmt: skip
_DEPT_CUT = re.compile(
    r"[\s,.;:!?()、。]|见了|见到|和|与|跟|同|的|了|在|给|向|对|拜访|走访|会见|约见"
)
_FULL_NAME_AFTER_VERB = re.compile(
    r"(?:见了|见到|会见了?|拜会了?|约见了?|和|与|跟|同)(?P<name>(?:欧阳|司马|诸葛|上官|[^\W\d_]))"
)

_EN_NAME = r"(?:[A-Z][a-z]+(?:[-'][A-Za-z]+)?)"
_EN_TITLE_WORD = r"(?:head|director|manager|engineer|officer|lead|chief|president|chairman|chairwoman|vp|ceo|cio|cto|cfo|coo|gm|supervisor|buyer|professor|dean)"
_EN_NOT_NAME = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december today yesterday tomorrow the they we "
    "he she it i next last this follow send will discussed met visited called video teams zoom "
    "phone china mobile our their his her and but also then sent call lunch dinner meeting "
    "talked spoke went had have need prepare ship action todo".split()
)
_EN_PERSON_RES = (
    # "Mr. Li (CIO)", "Ms. Gao", "Dr. Wang, head of IT"
    re.compile(
        rf"\b(?P<name>(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor)\.?\s+{_EN_NAME}(?:\s+{_EN_NAME})?)"
        rf"(?:\s*\((?P<paren>[^()]{{1,40}})\)|,\s*(?P<after>(?i:(?:the\s+)?(?:[a-z&/-]+\s+){{0,3}}?{_EN_TITLE_WORD}\b(?:\s+of\s+[a-z&/-]+(?:\s+[a-z&/-]+)?)?)))?"
    ),
    # "procurement manager Zhou", "purchasing director Mr. Feng", "ops head Kevin Zhou"
    re.compile(
        rf"(?P<before>\b(?:(?:(?!(?:with|and|met|the|a|an|to|at|from|their|our|of|by|for|on|spoke|called|visited)\b)[a-z&/-]+|[A-Z]{{2,5}})\s+){{0,2}}(?i:{_EN_TITLE_WORD}))"
        rf"\s+(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+)?{_EN_NAME}(?:\s+{_EN_NAME})?)"
    ),
    # "met the CIO, Zhang Lei", "their purchasing manager, Ms. Hu"
    re.compile(
        rf"(?i:\b(?:the|their|our|its)\s+)(?P<before>(?:(?:[a-z&/-]+|[A-Z]{{2,5}})\s+){{0,2}}(?i:{_EN_TITLE_WORD}))"
        rf",\s+(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+)?{_EN_NAME}(?:\s+{_EN_NAME})?)"
    ),
    # "met Zhang Wei, head of maintenance", "spoke with Kevin (ops)"
    re.compile(
        rf"(?i:\b(?:met(?:\s+with)?|spoke\s+(?:with|to)|talked\s+(?:with|to)|called|with|and))\s+"
        rf"(?P<name>{_EN_NAME}(?:\s+{_EN_NAME})?)"
        rf"(?:\s*\((?P<paren>[^()]{{1,40}})\)|,\s*(?P<after>(?i:(?:the\s+)?(?:[a-z&/-]+\s+){{0,3}}?{_EN_TITLE_WORD}\b(?:\s+of\s+[a-z&/-]+(?:\s+[a-z&/-]+)?)?)))?"
    ),
)


@dataclass(frozen=True, slots=True)
class _PersonSpan:
    start: int  # the whole mention, department and title included
    end: int
    name: str
    title: str | None


def _is_han(c: str) -> bool:
    return bool(_HAN_RE.fullmatch(c))


def _surname_at(norm: str, i: int) -> int:
    """Length of the surname starting at i (2 for compound ones), 0 when none."""
    if norm[i : i + 2] in _COMPOUND_SURNAMES:
        return 2
    return 1 if i < len(norm) and norm[i] in _SURNAMES else 0


def _name_before(norm: str, pos: int, honorific: bool) -> int | None:
    """Start of a name ending at pos ("张" in 张总, "王伟" in 王伟主任), shortest first."""
    lengths = (1, 2) if honorific else (1, 2, 3, 4)
    for length in lengths:
        start = pos - length
        if start < 0:
            break
        given = norm[start + _surname_at(norm, start) : pos] if _surname_at(norm, start) else None
        if given is None or len(given) > 2 or (honorific and given):
            continue
        if any(not _is_han(c) or c in _NAME_STOP for c in given):
            continue
        if start == 0 or not _is_han(norm[start - 1]) or norm[start - 1] in _BEFORE_NAME:
            return start
    return None


def _name_after(norm: str, pos: int) -> int | None:
    """End of a full name starting at pos ("王伟" in 主任王伟谈了, "杨帆" in 主任杨帆介绍了), else None."""
    surname = _surname_at(norm, pos)
    if not surname:
        return None
    for given in (2, 1):
        end = pos + surname + given
        name = norm[pos + surname : end]
        if len(name) < given or any(not _is_han(c) or c in _NAME_STOP for c in name):
            continue
        if any(_ZH_TITLE_RE.match(norm, i) for i in range(pos + surname, end)):
            continue
        if _ends_name(norm, end):
            return end
    return None


def _ends_name(norm: str, end: int) -> bool:
    """Whether a name may end at `end`: punctuation, a joining word or a verb follows."""
    after = norm[end : end + 2]
    return (
        not after
        or not _is_han(after[0])
        or after[0] in _NAME_STOP
        or after[0] in "很也都还已又再"
        or after in _VERBS_AFTER_NAME
    )


def _department_before(text: str, norm: str, pos: int) -> tuple[int, str | None]:
    """A department or role written just before a person ("设备部" in 见了设备部张总)."""
    left_start = max(0, pos - 14)
    left = norm[left_start:pos]
    if left.endswith("的"):
        left = left[:-1]
    cut = 0
    for m in _DEPT_CUT.finditer(left):
        cut = m.end()
    dept = left[cut:]
    if 2 <= len(dept) <= 10 and dept.endswith(_DEPT_SUFFIXES):
        start = left_start + cut
        return start, text[start : start + len(dept)]
    return pos, None


def _chinese_people(text: str, norm: str) -> list[_PersonSpan]:
    found: list[_PersonSpan] = []
    for m in _ZH_TITLE_RE.finditer(norm):
        word = m.group()
        honorific = word in _HONORIFIC_ONLY
        start = _name_before(norm, m.start(), honorific)
        if start is not None and word == "工" and not _ends_name(norm, m.end()):
            start = None  # "施工现场" is a site, "孙工，" is a person
        if start is not None:
            # "张总", "李经理" as addressed; a full name stands alone ("王伟主任" → 王伟)
            full = m.start() - start > _surname_at(norm, start)
            name = text[start : m.start()] if full else text[start : m.end()]
            dept_start, dept = _department_before(text, norm, start)
            end = m.end()
            paren = re.match(r"\s*\((?P<t>[^()]{1,16})\)", norm[end:])
            if paren:
                dept = dept or text[end + paren.start("t") : end + paren.end("t")]
                end += paren.end()
            # "设备部张总" → 设备部; "采购部李经理" → 采购部经理; "王伟主任" → 主任
            title = dept if honorific else (dept or "") + text[m.start() : m.end()]
            found.append(_PersonSpan(dept_start, end, name, title))
            continue
        if honorific:
            continue
        name_end = _name_after(norm, m.end())
        if name_end is not None:
            dept_start, dept = _department_before(text, norm, m.start())
            title = (dept or "") + text[m.start() : m.end()]
            found.append(_PersonSpan(dept_start, name_end, text[m.end() : name_end], title))
    for m in _FULL_NAME_AFTER_VERB.finditer(norm):
        start = m.start("name")
        name_end = _name_after(norm, start)
        if name_end is not None and not _ZH_TITLE_RE.match(norm, name_end):
            found.append(_PersonSpan(start, name_end, text[start:name_end], None))
    return found


def _english_people(text: str, norm: str) -> list[_PersonSpan]:
    found: list[_PersonSpan] = []
    for pattern in _EN_PERSON_RES:
        for m in pattern.finditer(norm):
            name = m["name"]
            words = [w for w in re.split(r"[\s.]+", name) if w]
            core = [
                w
                for w in words
                if w.lower() not in ("mr", "mrs", "ms", "miss", "dr", "prof", "professor")
            ]
            if not core or any(w.lower() in _EN_NOT_NAME for w in core):
                continue
            groups = m.groupdict()
            title_span = next(
                ((m.start(g), m.end(g)) for g in ("paren", "after", "before") if groups.get(g)),
                None,
            )
            title = text[title_span[0] : title_span[1]].strip() if title_span else None
            start = m.start("before") if groups.get("before") else m.start("name")
            found.append(_PersonSpan(start, m.end(), text[m.start("name") : m.end("name")], title))
    return found


def _find_people(text: str, norm: str, exclude: tuple[int, int] | None) -> list[_PersonSpan]:
    if exclude is not None:
        # The client's name reads as a boundary: "华能张总" is 张总 of 华能.
        a, b = exclude
        norm = norm[:a] + " " * (b - a) + norm[b:]
    spans = _chinese_people(text, norm) + _english_people(text, norm)
    if exclude is not None:
        spans = [p for p in spans if p.end <= exclude[0] or p.start >= exclude[1]]
    # Of mentions of the same person keep the fullest; then order by position.
    spans.sort(key=lambda p: (p.start, -(p.end - p.start)))
    kept: list[_PersonSpan] = []
    for p in spans:
        clash = next((k for k in kept if p.start < k.end and k.start < p.end), None)
        if clash is None:
            kept.append(p)
        elif (p.end - p.start, p.title is not None) > (
            clash.end - clash.start,
            clash.title is not None,
        ):
            kept[kept.index(clash)] = p
    seen: set[str] = set()
    unique: list[_PersonSpan] = []
    for p in sorted(kept, key=lambda p: p.start):
        if p.name not in seen:
            seen.add(p.name)
            unique.append(p)
    return unique


# --- Client matching -------------------------------------------------------------------------

# Two-character (or one-word) pieces too common to name a client on their own.
_GENERIC = frozenset(
    "中国 国家 江苏 南京 苏州 无锡 上海 北京 宁波 浙江 广东 深圳 电力 电厂 银行 医院 大学 集团 公司 移动 "
    "电信 联通 石化 中石 人民 分行 支行 华东 华南 华北 客户 china state bank group company national "
    "jiangsu nanjing suzhou wuxi shanghai beijing east west south north city port power mobile "
    "telecom university hospital the of and co ltd".split()
)
_PLACE_RE = re.compile(f"[{_HAN}]{{1,3}}[省市县区]")
_LEGAL_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "股份公司", "分公司", "总公司", "公司",
                   "集团", "分行", "支行")  # fmt: skip
_TOKEN_RE = re.compile(f"[{_HAN}]|[a-z0-9]+")
_JOINERS = frozenset(" \t&<>-'·/+")


@functools.lru_cache(maxsize=16_384)
def _char_pinyin(c: str) -> str:
    return lazy_pinyin(c)[0] if _is_han(c) else c


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    pinyin: str
    start: int
    end: int
    segment: int


@dataclass(frozen=True, slots=True)
class _Form:
    tokens: tuple[str, ...]
    pinyins: tuple[str, ...]
    joined: str
    joined_pinyin: frozenset[str]  # per-character reading and reading in context
    keys: frozenset[str]  # characters, syllables and words, to find anchors
    core: tuple[str, ...]  # tokens without a legal suffix ("中国移动苏州" of 中国移动苏州分公司)


def _tokenize(low: str) -> list[_Token]:
    tokens: list[_Token] = []
    segment = 0
    last_end = 0
    for m in _TOKEN_RE.finditer(low):
        gap = low[last_end : m.start()]
        if tokens and (any(c not in _JOINERS for c in gap) or len(gap) > 3):
            segment += 1
        tokens.append(_Token(m.group(), _char_pinyin(m.group()), m.start(), m.end(), segment))
        last_end = m.end()
    return tokens


@functools.lru_cache(maxsize=16_384)
def _form(raw: str) -> _Form | None:
    low = _lower(_normalize(raw))
    texts = tuple(m.group() for m in _TOKEN_RE.finditer(low))
    joined = "".join(texts)
    if len(joined) < 2:
        return None
    pinyins = tuple(_char_pinyin(t) for t in texts)
    in_context = "".join(lazy_pinyin(joined))
    keys = frozenset(texts) | frozenset(pinyins)
    core = texts
    for suffix in _LEGAL_SUFFIXES:
        if joined.endswith(suffix) and len(joined) - len(suffix) >= 2:
            core = texts[: -len(suffix)]
            break
    return _Form(texts, pinyins, joined, frozenset(("".join(pinyins), in_context)), keys, core)


def _client_forms(name: str, aliases: Sequence[str]) -> list[_Form]:
    raws = [name, *aliases]
    for suffix in _LEGAL_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            raws.append(name[: -len(suffix)])
            break
    forms: dict[str, _Form] = {}
    for raw in raws:
        f = _form(raw) if isinstance(raw, str) else None
        if f is not None:
            forms.setdefault(f.joined, f)
    return list(forms.values())


def _is_subsequence(part: Sequence[str], whole: Sequence[str]) -> bool:
    it = iter(whole)
    return all(any(x == y for y in it) for x in part)


def _score_window(window: Sequence[_Token], form: _Form) -> float:
    """How well a run of tokens names the client form (0-100).

    100 same text; 96 same pinyin (a typo with a same-sounding character, or the name spelt in
    pinyin); 80-95 a shortened form keeping the first character and the order ("华能电厂" for
    华能南京电厂); 75-93 three or more characters of the name without its legal suffix, in any
    order ("苏州移动", "江苏省电力"); otherwise a fuzzy
    ratio on characters, or on whole syllables for a window as long as the form, capped at 94
    (letters of pinyin are too forgiving: "nanjingdiyi" is close to "nanjingditie").
    """
    texts = [t.text for t in window]
    joined = "".join(texts)
    if joined == form.joined:
        return 100.0
    pinyins = [t.pinyin for t in window]
    if len(joined) >= 2 and len("".join(pinyins)) >= 4 and "".join(pinyins) in form.joined_pinyin:
        return 96.0
    if (
        joined in _GENERIC
        or (len(window) == 1 and texts[0] in _GENERIC)
        or _PLACE_RE.fullmatch(joined)
    ):
        return 0.0
    share = len(joined) / max(len(form.joined), 1)
    single_word = len(window) == 1 and not _is_han(joined[0]) and len(joined) >= 5
    if (len(window) >= 2 or single_word) and share < 1:
        if texts[0] == form.tokens[0] and _is_subsequence(texts, form.tokens):
            return 80.0 + 15.0 * share
        if len(window) >= 3 and all(texts.count(t) <= form.core.count(t) for t in texts):
            inside = joined in "".join(form.core)
            return (78.0 if inside else 75.0) + 15.0 * share
    if len(joined) < 3 or (len(window) < 3 and _is_han(joined[0])):
        return 0.0
    by_text = fuzz.ratio(joined, form.joined)
    # By sound only for a slip of the same length: a shorter window is an abbreviation, judged above.
    by_sound = fuzz.ratio(pinyins, form.pinyins) - 4 if len(pinyins) == len(form.pinyins) else 0.0
    return min(94.0, max(by_text, by_sound))


@dataclass(frozen=True, slots=True)
class _ClientHit:
    client_id: int
    name: str
    score: float
    start: int
    end: int


class _Text:
    """The tokens of the report's head with the lookups every client form needs."""

    def __init__(self, low: str) -> None:
        self.tokens = _tokenize(low)
        self.index: dict[str, list[int]] = {}
        for i, t in enumerate(self.tokens):
            self.index.setdefault(t.text, []).append(i)
            if t.pinyin != t.text:
                self.index.setdefault(t.pinyin, []).append(i)
        self.latin = [
            i for i, t in enumerate(self.tokens) if len(t.text) >= 3 and not _is_han(t.text)
        ]
        # The tokens joined, segments kept apart by "|", to find whole names with str.find.
        parts: list[str] = []
        self.starts: dict[int, int] = {}  # offset in `joined` → index of the token starting there
        self.ends: dict[int, int] = {}  # offset in `joined` → index of the token ending there
        offset = 0
        for i, t in enumerate(self.tokens):
            if i and t.segment != self.tokens[i - 1].segment:
                parts.append("|")
                offset += 1
            self.starts[offset] = i
            parts.append(t.text)
            offset += len(t.text)
            self.ends[offset] = i
        self.joined = "".join(parts)

    def exact(self, form: _Form) -> tuple[int, int] | None:
        at = self.joined.find(form.joined)
        while at != -1:
            end = at + len(form.joined)
            if at in self.starts and end in self.ends:
                return self.starts[at], self.ends[end]
            at = self.joined.find(form.joined, at + 1)
        return None

    def anchors(self, form: _Form) -> list[int]:
        """Tokens that share a character, a syllable or a word with the form."""
        found: set[int] = set()
        for key in self.index.keys() & form.keys:
            found.update(self.index[key])
        for i in self.latin:
            if any(self.tokens[i].text in p for p in form.joined_pinyin):
                found.add(i)
        return sorted(found)

    def best_window(self, form: _Form, anchors: Sequence[int]) -> tuple[float, int, int]:
        """The best-scoring run of tokens that starts and ends on an anchor, within one segment."""
        best = (0.0, -1, -1)
        by_segment: dict[int, list[int]] = {}
        for i in anchors:
            by_segment.setdefault(self.tokens[i].segment, []).append(i)
        longest = len(form.tokens) + 2
        for positions in by_segment.values():
            positions = positions[:_MAX_ANCHORS]
            for a, i in enumerate(positions):
                for j in positions[a:]:
                    if j - i + 1 > longest:
                        break
                    score = _score_window(self.tokens[i : j + 1], form)
                    if score > best[0] or (score == best[0] > 0 and j - i > best[2] - best[1]):
                        best = (score, i, j)
        return best


def _match_clients(low: str, clients: Sequence[Client]) -> list[_ClientHit]:
    """Clients named in the text, best first: whole names first, then fuzzy windows."""
    text = _Text(low)
    if not text.tokens:
        return []
    best: dict[int, _ClientHit] = {}

    def record(client_id: int, name: str, score: float, i: int, j: int) -> None:
        hit = _ClientHit(client_id, name, score, text.tokens[i].start, text.tokens[j].end)
        current = best.get(client_id)
        if current is None or (score, hit.end - hit.start) > (
            current.score,
            current.end - current.start,
        ):
            best[client_id] = hit

    fuzzy: list[tuple[int, int, str, _Form, list[int]]] = []
    for client in clients:
        client_id, name = client[0], client[1]
        aliases = [a for a in (client[2] if len(client) > 2 else ()) if isinstance(a, str)]
        if not isinstance(name, str):
            continue
        for form in _client_forms(name, aliases):
            span = text.exact(form)
            if span is not None:
                record(client_id, name, 100.0, *span)
            elif anchors := text.anchors(form):
                fuzzy.append(
                    (len({text.tokens[i].text for i in anchors}), client_id, name, form, anchors)
                )
    # The forms sharing most with the text are scored first; a long client list stays bounded.
    fuzzy.sort(key=lambda item: -item[0])
    for _shared, client_id, name, form, anchors in fuzzy[:_MAX_FUZZY_FORMS]:
        if client_id in best and best[client_id].score == 100.0:
            continue
        score, i, j = text.best_window(form, anchors)
        if score >= CANDIDATE_MIN:
            record(client_id, name, score, i, j)

    hits = list(best.values())
    # A name found inside another client's longer name ("招商银行" in "招商银行南京分行") yields.
    exact = [h for h in hits if h.score == 100.0]
    hits = [
        _ClientHit(h.client_id, h.name, 90.0, h.start, h.end)
        if h.score == 100.0
        and any(
            o.start <= h.start and h.end <= o.end and o.end - o.start > h.end - h.start
            for o in exact
        )
        else h
        for h in hits
    ]
    hits.sort(key=lambda h: (-h.score, h.start, h.client_id))
    return hits


_GUESS_ZH = re.compile(
    r"(?:拜访了?|走访了?|拜会了?|去了|到了|来到|到访|联系了?|致电|打电话给|约见了?)\s*"
    r"(?P<q>[^\s,;.!?。、:()]{2,24}?)"
    r"(?=的|[\s,;.!?。、:()]|见|和|与|跟|同|谈|沟通|讨论|聊|交流|$)"
)
_GUESS_EN = re.compile(
    r"\b(?i:visited|met\s+with|called|at|with|from)\s+(?:the\s+)?"
    r"(?P<q>[A-Z0-9&<][\w&<>'-]*(?:\s+(?:[A-Z0-9&<][\w&<>'-]*|of|and|&))*)"
)


def _guess_client_span(norm: str, avoid: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """Where an unknown client is probably named: the words after 拜访/visited/at ..."""
    for pattern in (_GUESS_ZH, _GUESS_EN):
        for m in pattern.finditer(norm):
            start, end = m.span("q")
            q = norm[start:end]
            lead = re.match(r"(?:了|新客户|老客户|客户|一家|一下)+", q)
            if lead:
                start += lead.end()
            first_word = norm[start:end].split(" ")[0].lower()
            if end - start < 2 or first_word in _EN_NOT_NAME or _date_or_kind_word(norm[start:end]):
                continue
            if any(start < b and a < end for a, b in avoid):
                continue
            return start, end
    return None


_WRITTEN_NAME_MAX = 8  # characters a written name may run past what matched


def _written_end(norm: str, span: tuple[int, int], people: Sequence[_PersonSpan]) -> int:
    """Where the name the writer typed ends: Chinese characters glued to the matched part, up to a
    joining word, punctuation or a person met ("华润万家，" / "华能电厂张总" ends before 张总)."""
    end = span[1]
    starts = {p.start for p in people}
    while (
        end < len(norm)
        and end - span[1] < _WRITTEN_NAME_MAX
        and _is_han(norm[end])
        and norm[end] not in _NAME_STOP
        and end not in starts
        and not _DATE_OR_TIME_START.match(norm, end)
    ):
        end += 1
    glued = norm[span[1] : end]
    # "华能电厂设备部" is the client and a department, not a longer name.
    if any(glued.endswith(suffix) for suffix in _DEPT_SUFFIXES) or _VERB_START.match(glued):
        return span[1]
    return end


_DATE_OR_TIME_START = re.compile(
    r"上午|下午|晚上|中午|早上|今天|昨天|前天|本周|上周|这周|周[一二三四五六日天]|星期|"
    r"拜访|走访|见|签|讨论|洽谈|商谈|沟通|交流|开会|会谈|座谈"
)
_VERB_START = re.compile(r"(?:介绍|表示|提出|希望|反映|反馈|说明|要求|同意|确认|负责|陪同|参加)")


def _date_or_kind_word(q: str) -> bool:
    return bool(
        _first_hit(q, _VISIT_DATE_RULES, date(2000, 1, 3))
        or _VIDEO_RE.match(q)
        or _PHONE_RE.match(q)
        or re.match(r"(?i)(?:mr|mrs|ms|dr|prof)\b", q)
    )


_BRACKETS = {"<": ">", "(": ")", "《": "》", "[": "]", "“": "”", '"': '"'}


def _widen(norm: str, span: tuple[int, int]) -> tuple[int, int]:
    """Take in a bracket the name opens or closes ("<A&B> Fine Chemicals", not "A&B> ...")."""
    start, end = span
    inside = norm[start:end]
    if start > 0 and _BRACKETS.get(norm[start - 1], "\x00") in inside:
        start -= 1
    closers = {v: k for k, v in _BRACKETS.items()}
    if end < len(norm) and closers.get(norm[end], "\x00") in inside:
        end += 1
    return start, end


# --- Clauses, summary and next step ------------------------------------------------------------

_ABBREVIATION_DOT = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|No|vs|etc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|e\.g|i\.e)\.",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[,;!?。\n\r]|\.(?=\s|$)|\s[-–—]+\s|[–—]+")
_NEXT_START_RE = re.compile(
    r"\s*(?:下一步|下步|后续|接下来|待办|需要|需|要求|要|将|待|准备|计划|拟|安排|约定|约好|再约|再去|跟进|回访|"
    r"发送|发|提交|提供|出具|出|报|寄|给出|答复|回复|落实|尽快|争取|我方|我们(?:将|要|需|会|得)|"
    r"(?:next\s+steps?|to\s*do|action(?:\s+items?)?|follow[\s-]?up|will|we\s+will|i\s+will|we'll|i'll|"
    r"need\s+to|we\s+need|i\s+need|must|send|prepare|submit|provide|ship|schedule|arrange|call\s+back|"
    r"email|share|draft|book|set\s+up|plan\s+to|to\s+send)\b)",
    re.IGNORECASE,
)
_NEXT_LABEL_RE = re.compile(
    r"\s*(?:下一步|下步|后续|接下来|待办|next\s+steps?|to\s*do|action(?:\s+items?)?)\s*[:：]?\s*",
    re.IGNORECASE,
)
_DISCUSS_RE = re.compile(
    r"谈了|谈到|谈及|讨论了|讨论|沟通了|沟通|交流了|交流|聊了|聊到|商讨了|商讨|探讨了|探讨|洽谈了|洽谈|商量了|"
    r"商量|\bdiscussed\b|\btalked\s+(?:about|through|over)\b|\bwent\s+(?:over|through)\b|"
    r"\bspoke\s+about\b|\bcovered\b|\breviewed\b",
    re.IGNORECASE,
)
_ABOUT_RE = re.compile(r"\babout\b|\bregarding\b|关于", re.IGNORECASE)
_EN_CONNECTOR_RE = re.compile(r",?\s+(?:and|then|so)\s+|,\s+", re.IGNORECASE)
_ZH_AFTER_MARKER = re.compile(
    r"\s*(?:之前|以前|前|之内|以内|内|后|再|要|发|给|提交|提供|出|报|回复|答复|完成|安排|约|签)"
)
_AFTER_TRIGGER = re.compile(
    r"^(?:[\s:,;.、]|了一下|一下|了|with\s+them\b|the\s+following\b)+", re.IGNORECASE
)
_SUMMARY_TAIL = re.compile(r"[\s:：,，;；.。、!！?？—–-]+$")
_FILLER_ZH = re.compile(
    r"拜访了?|走访了?|拜会了?|去了|到了|来到|到访|来访|上门|现场|看了一下|看了看|看看|见了|见到|见面|会见|约见|"
    r"电话|打电话给?|致电|联系了?|通了|开了|开完|会议|视频|腾讯|钉钉|飞书|线上|客户|对方|带队|一起|吃了?个?饭|"
    r"总部|分部|中心|部门|工厂|厂区|园区|办公室|我们|我|他们|他|她|和|与|跟|同|的|在|于|了|一下|去|到|给|先|又|也"
)
_DEPARTMENT_RE = re.compile(f"[{_HAN}A-Za-z]{{1,6}}(?:部门|部|科|处|中心|办公室|车间)")
_FILLER_EN = frozenset(
    "met meet meeting with at in on by via over phone call called video teams zoom visited visit went "
    "to the a an their our his her them they had have has today yesterday this morning afternoon "
    "evening lunch dinner site plant office team from of and mr ms mrs dr spoke talked i we it was "
    "were head director manager quick brief short also just".split()
)


@dataclass(frozen=True, slots=True)
class _Part:
    role: str  # "next" | "discuss" | "other"
    start: int
    end: int


def _clauses(norm: str) -> list[tuple[int, int]]:
    guarded = _ABBREVIATION_DOT.sub(lambda m: m.group()[:-1] + "\x00", norm)
    spans: list[tuple[int, int]] = []
    last = 0
    for m in _CLAUSE_BREAK.finditer(guarded):
        spans.append((last, m.start()))
        last = m.end()
    spans.append((last, len(norm)))
    trimmed = []
    for a, b in spans:
        while a < b and norm[a].isspace():
            a += 1
        while b > a and norm[b - 1].isspace():
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


_VISIT_VERB_RE = re.compile(
    r"拜访|走访|拜会|上门|到访|来访|见了|去了|登门|\bvisit(?:ed|ing)?\b|\bmeet(?:ing)?\b|\bmet\b",
    re.IGNORECASE,
)


def _future_marker(clause: str, today: date) -> tuple[int, bool] | None:
    """Where the clause first points forward (a deadline, or a future date), and whether a deadline."""
    hits = [h for h in _date_hits(clause, _FOLLOW_UP_RULES, today) if h.deadline]
    hits += [
        _DateHit(h.start, h.end, h.day, False)
        for h in _date_hits(clause, _VISIT_DATE_RULES, today)
        if h.day > today
    ]
    if not hits:
        return None
    first = min(hits, key=lambda h: (h.start, -h.end))
    deadline = first.deadline and not (
        _VISIT_VERB_RE.search(clause)
        and not re.search(
            r"前|内|后|\b(?:by|before|within|until|in)\b",
            clause[first.start : first.end + 3],
            re.IGNORECASE,
        )
    )
    return first.start, deadline


def _split_clause(norm: str, start: int, end: int, today: date) -> list[_Part]:
    """A clause as discussion, next step or other, split where a next step starts inside it."""
    clause = norm[start:end]
    if _NEXT_START_RE.match(clause):
        return [_Part("next", start, end)]
    discuss = _DISCUSS_RE.search(clause)
    marker = _future_marker(clause, today)
    if marker is None or (not marker[1] and _VISIT_VERB_RE.search(clause)):
        return [_Part("discuss" if discuss else "other", start, end)]
    at = marker[0]
    if at == 0:
        return [_Part("next", start, end)]
    if _han_count(clause) >= len(re.findall(r"[A-Za-z]+", clause)):
        # Chinese: the next step starts at the date words ("他说年底前批下来"), unless they only
        # date what was discussed ("谈了下周的招标").
        if (
            discuss
            and discuss.start() < at
            and not _ZH_AFTER_MARKER.match(clause, _marker_end(clause, at))
        ):
            return [_Part("discuss", start, end)]
        left_role = "discuss" if discuss and discuss.start() < at else "other"
        return [_Part(left_role, start, start + at), _Part("next", start + at, end)]
    # English: the next step starts at the last "and"/"then"/comma before the date words.
    connectors = list(_EN_CONNECTOR_RE.finditer(clause, discuss.end() if discuss else 0, at))
    if not connectors:
        role = "discuss" if discuss and discuss.start() < at else "next"
        return [_Part(role, start, end)]
    cut = connectors[-1]
    return [
        _Part("discuss" if discuss else "other", start, start + cut.start()),
        _Part("next", start + cut.end(), end),
    ]


def _marker_end(clause: str, at: int) -> int:
    m = re.match(
        r"\S{1,8}?(?=前|内|后|再|要|发|给|提交|提供|出|报|回复|答复|完成|安排|约|签|$)", clause[at:]
    )
    return at + (m.end() if m else 0)


def _residue(norm: str, start: int, end: int, masked: Sequence[bool]) -> int:
    """How much a clause says beyond when, where, who and how: Han characters or English words left."""
    kept = "".join(" " if masked[i] else norm[i] for i in range(start, end))
    zh = _FILLER_ZH.sub(" ", _DEPARTMENT_RE.sub(" ", kept))
    han = _han_count(zh)
    words = [
        w for w in re.findall(r"[A-Za-z][A-Za-z'-]*|[0-9]+%?", zh) if w.lower() not in _FILLER_EN
    ]
    return han + 2 * len(words) if han else len(words) + (1 if len(words) >= 2 else 0)


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return _SUMMARY_TAIL.sub("", text).strip()


def _after(head: str, norm: str, start: int, end: int) -> str:
    """The text after a discussion verb, without "了一下" and the like."""
    lead = _AFTER_TRIGGER.match(norm, start, end)
    return _clean(head[lead.end() if lead else start : end])


# --- Public API ------------------------------------------------------------------------------


def _today(now: datetime, timezone: str) -> date:
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return now.date()
    return (now if now.tzinfo else now.replace(tzinfo=zone)).astimezone(zone).date()


def parse_visit(
    text: str,
    *,
    now: datetime,
    timezone: str,
    clients: Sequence[Client],
) -> VisitDraft:
    """Read a visit report into a draft; `questions` lists what the flow must still ask.

    Only the first FIELD_LIMIT characters are read for fields; the summary keeps the rest of the
    text up to SUMMARY_LIMIT characters. Pure: no I/O, no clock (today is `now` in `timezone`).
    """
    text = text if isinstance(text, str) else ""
    today = _today(now, timezone)
    head = text[:FIELD_LIMIT]
    norm = _normalize(head)
    low = _lower(norm)
    language = _detect_language(norm)

    # Client
    hits = _match_clients(low, clients)
    candidates = tuple((h.client_id, h.name, round(h.score, 1)) for h in hits[:MAX_CANDIDATES])
    matched = [h for h in hits if h.score >= MATCH_MIN]
    questions: list[str] = []
    client_span: tuple[int, int] | None = None
    if matched:
        client_span = (matched[0].start, matched[0].end)
        rivals = [
            h
            for h in matched[1:]
            if h.client_id != matched[0].client_id and matched[0].score - h.score < AMBIGUITY_GAP
        ]
        if rivals:
            questions.append(QUESTION_CLIENT_AMBIGUOUS)
    else:
        questions.append(QUESTION_CLIENT_UNKNOWN)

    people = _find_people(head, norm, client_span)
    if client_span is None:
        client_span = (
            (hits[0].start, hits[0].end)
            if hits
            else _guess_client_span(norm, [(p.start, p.end) for p in people])
        )
    if client_span is not None:
        client_span = _widen(norm, client_span)
    client_query = _clean(head[client_span[0] : client_span[1]]) if client_span else None
    if matched and matched[0].score < 100.0 and client_span is not None:
        # The name as written: "华润万家" matched only on "华润" is still "华润万家" to the writer.
        # (A whole name or alias needs no such care: "江苏银行网络中断" names 江苏银行.)
        client_query = _clean(head[client_span[0] : _written_end(norm, client_span, people)])

    # Clauses
    parts: list[_Part] = []
    for a, b in _clauses(norm):
        parts.extend(_split_clause(norm, a, b, today))
    visit_parts = [p for p in parts if p.role != "next"]
    next_parts = [p for p in parts if p.role == "next"]

    visited_on: date | None = None
    visited_time: str | None = None
    for p in visit_parts:
        hit = _first_hit(norm[p.start : p.end], _VISIT_DATE_RULES, today)
        if hit is not None:
            visited_on = hit.day
            visited_time = _find_time(norm[p.start : p.end])
            break
    if visited_time is None:
        visited_time = _find_time(" , ".join(norm[p.start : p.end] for p in visit_parts))
    if visited_on is None:
        questions.append(QUESTION_DATE_MISSING)
    elif visited_on > today:
        questions.append(QUESTION_DATE_IN_FUTURE)
    kind = _detect_kind(" , ".join(norm[p.start : p.end] for p in visit_parts))

    # Summary and next step
    masked = [False] * len(norm)
    spans = [(p.start, p.end) for p in people]
    if client_span:
        spans.append(client_span)
    spans += [(h.start, h.end) for h in _date_hits(norm, _VISIT_DATE_RULES, today)]
    spans += [
        m.span()
        for r in (_PERIOD_RE, _ZH_HOUR_RE, _CLOCK_RE, _EN_HOUR_RE)
        for m in r.finditer(norm)
    ]
    spans += [m.span() for r in (_VIDEO_RE, _PHONE_RE, _ON_SITE_RE) for m in r.finditer(norm)]
    for a, b in spans:
        for i in range(a, b):
            masked[i] = True
    pieces: list[str] = []
    for p in visit_parts:
        segment = norm[p.start : p.end]
        if p.role == "discuss":
            trigger = _DISCUSS_RE.search(segment)
            after = p.start + trigger.end() if trigger else p.start
            piece = _after(head, norm, after, p.end) if _residue(norm, after, p.end, masked) else ""
        elif (about := _ABOUT_RE.search(segment)) and _residue(
            norm, p.start, p.start + about.start(), masked
        ) < 3:
            piece = _after(head, norm, p.start + about.end(), p.end)
        elif _residue(norm, p.start, p.end, masked) >= 3:
            piece = _clean(head[p.start : p.end])
        else:
            piece = ""
        if piece:
            pieces.append(piece)
    separator = "，" if language == "zh" else "; "
    summary = separator.join(pieces)
    if len(text) > FIELD_LIMIT:
        summary = (summary + separator if summary else "") + re.sub(
            r"\s+", " ", text[FIELD_LIMIT:]
        ).strip()
    truncated = len(summary) > SUMMARY_LIMIT
    if truncated:
        summary = summary[: SUMMARY_LIMIT - 1] + "…"
    if not summary:
        questions.append(QUESTION_SUMMARY_EMPTY)

    next_pieces = [
        _clean(_NEXT_LABEL_RE.sub("", head[p.start : p.end], count=1)) for p in next_parts
    ]
    next_step = separator.join(piece for piece in next_pieces if piece) or None
    follow_up_on = None
    for p in next_parts:
        follow_up_on = parse_follow_up(head[p.start : p.end], today=today)
        if follow_up_on is not None:
            break

    return VisitDraft(
        client_query=client_query,
        client_candidates=candidates,
        visited_on=visited_on,
        visited_time=visited_time,
        date_missing=visited_on is None,
        date_in_future=visited_on is not None and visited_on > today,
        kind=kind,
        people=tuple(PersonMet(p.name, p.title) for p in people),
        summary=summary,
        next_step=next_step,
        follow_up_on=follow_up_on,
        language=language,
        questions=tuple(questions),
        summary_truncated=truncated,
    )


_QUESTION_END_RE = re.compile(r"[?？]\s*$|[吗呢么]\s*[。.!！]?\s*$")
_QUESTION_START_RE = re.compile(
    r"\s*(?:请问|怎么|怎样|如何|为什么|为何|什么|哪|谁|是否|能否|可否|可以|多久|几|"
    r"(?:how|what|when|why|who|where|which|can|could|should|do|does|is|are|would|may|shall)\b)",
    re.IGNORECASE,
)
_QUESTION_WORD_RE = re.compile(
    r"怎么|怎样|如何|什么|哪些|哪个|为什么|多久|多长时间|多少次|几次|\bhow\s+(?:often|many|long|do|can|should)\b",
    re.IGNORECASE,
)
_PAST_RE = re.compile(
    r"了|过|刚|昨|今天|今早|前天|上周|上星期|上礼拜|[0-9一二三四五六七八九十两]+天前|"
    r"\b(?:visited|met|called|spoke|talked|discussed|had|went|was|were|yesterday|today|ago|last)\b",
    re.IGNORECASE,
)
_PLAN_RE = re.compile(
    r"明天|明早|后天|下周|下星期|下礼拜|下个月|打算|计划去|准备去|要去|将去|"
    r"\b(?:tomorrow|next\s+week|going\s+to|plan(?:ning)?\s+to|will\s+(?:visit|meet|call))\b",
    re.IGNORECASE,
)
_CONTACT_RE = re.compile(
    _ON_SITE_RE.pattern
    + "|"
    + _VIDEO_RE.pattern
    + "|"
    + _PHONE_RE.pattern
    + r"|沟通|联系了|\bspoke\b|\btalked\b|\bdiscussed\b",
    re.IGNORECASE,
)


def looks_like_visit_report(text: str) -> bool:
    """Whether a plain message reads like a visit report, so the bot offers to log it.

    Questions ("信誉较差的客户多久要走访一次？", "How often must I visit?") and plans with nothing
    in the past tense ("明天去拜访华能") are not reports.
    """
    if not isinstance(text, str):
        return False
    norm = _normalize(text[:FIELD_LIMIT]).strip()
    if len(norm) < 6 or norm.startswith("/"):
        return False
    if _QUESTION_END_RE.search(norm) or _QUESTION_START_RE.match(norm):
        return False
    past = bool(_PAST_RE.search(norm))
    if _PLAN_RE.search(norm) and not past:
        return False
    contact = bool(_CONTACT_RE.search(norm))
    topic = bool(_DISCUSS_RE.search(norm))
    if not (contact or topic):
        return False
    score = 2 * contact + topic + past
    score += _first_hit(norm, _VISIT_DATE_RULES, date(2000, 1, 3)) is not None
    score += bool(_chinese_people(norm, norm) or _english_people(norm, norm))
    score -= 3 * bool(_QUESTION_WORD_RE.search(norm))
    return score >= 3
