"""The period a summary covers: this week, last month, a quarter; read from words."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, timedelta

# ---------------------------------------------------------------------------------------- periods


class PeriodKind(enum.StrEnum):
    DAY = "day"  # one calendar day: offset 0 today, -1 yesterday
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    RANGE = "range"  # days asked for by their dates: `start` to `end`
    NAMED_MONTH = "named_month"  # "10月", "October": `offset` is the month, its latest one


MAX_RANGE_DAYS = 3 * 366  # a range longer than this is a typing mistake, not a period


@dataclass(frozen=True, slots=True)
class Period:
    """A calendar day, week, month, quarter or year: offset 0 is the current one (to date), -1
    the last; or a RANGE of days given by their dates (the same days whenever it is asked; one
    day, "11月28日", is a range of one day)."""

    kind: PeriodKind
    offset: int = 0
    start: date | None = None  # RANGE only
    end: date | None = None

    @classmethod
    def between(cls, start: date, end: date) -> Period | None:
        """The days from `start` to `end`, both included; None when they make no period."""
        if end < start or (end - start).days >= MAX_RANGE_DAYS:
            return None
        return cls(PeriodKind.RANGE, 0, start, end)

    @property
    def code(self) -> str:
        """Short and stable, for button data: d0, d-1, w0, w-1, m0, m-1, q0, q-1, y0, y-1; a
        range r20261101.20261115."""
        if self.kind is PeriodKind.RANGE and self.start and self.end:
            return f"r{self.start:%Y%m%d}.{self.end:%Y%m%d}"
        return f"{self.kind.value[0]}{self.offset}"

    @classmethod
    def from_code(cls, code: str) -> Period | None:
        if code.startswith("r"):
            found = re.fullmatch(r"r(\d{8})\.(\d{8})", code)
            if found is None:
                return None
            try:
                start, end = (date(int(d[:4]), int(d[4:6]), int(d[6:])) for d in found.groups())
            except ValueError:
                return None
            return cls.between(start, end)
        kinds = {k.value[0]: k for k in PeriodKind if k is not PeriodKind.RANGE}
        if len(code) < 2 or code[0] not in kinds:
            return None
        try:
            offset = int(code[1:])
        except ValueError:
            return None
        if kinds[code[0]] is PeriodKind.NAMED_MONTH:
            return cls(PeriodKind.NAMED_MONTH, offset) if 1 <= offset <= 12 else None
        if not -12 <= offset <= 0:
            return None
        return cls(kinds[code[0]], offset)

    def previous(self) -> Period | None:
        """The period just before this one, of the same length ("环比": 上月 for 本月, 10月 for
        11月, the same number of days before a range); None when there is none to name."""
        if self.kind is PeriodKind.RANGE:
            if self.start is None or self.end is None:
                return None
            days = self.end - self.start + timedelta(days=1)
            return Period.between(self.start - days, self.end - days)
        if self.kind is PeriodKind.NAMED_MONTH:
            return Period(PeriodKind.NAMED_MONTH, 12 if self.offset == 1 else self.offset - 1)
        return Period(self.kind, self.offset - 1) if self.offset > -12 else None

    @property
    def one_day(self) -> bool:
        """Whether the period is a single day (today, yesterday, "11月28日")."""
        return self.kind is PeriodKind.DAY or (
            self.kind is PeriodKind.RANGE and self.start is not None and self.start == self.end
        )

    def bounds(self, today: date) -> tuple[date, date]:
        """First and last day of the period (the last may lie after today)."""
        if self.kind is PeriodKind.RANGE and self.start and self.end:
            return self.start, self.end
        if self.kind is PeriodKind.DAY:
            day = today + timedelta(days=self.offset)
            return day, day
        if self.kind is PeriodKind.NAMED_MONTH:
            # The latest such month, this one included: "12月" asked in November is last year's.
            year = today.year if self.offset <= today.month else today.year - 1
            following = date(year + self.offset // 12, self.offset % 12 + 1, 1)
            return date(year, self.offset, 1), following - timedelta(days=1)
        if self.kind is PeriodKind.WEEK:
            start = today - timedelta(days=today.weekday()) + timedelta(weeks=self.offset)
            return start, start + timedelta(days=6)
        months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[self.kind]
        first_month = today.month - (today.month - 1) % months
        index = today.year * 12 + first_month - 1 + self.offset * months
        start = date(index // 12, index % 12 + 1, 1)
        after = index + months
        end = date(after // 12, after % 12 + 1, 1) - timedelta(days=1)
        return start, end


def default_period(today: date) -> Period:
    """This week; on a Monday the week just finished, which is what a Monday review is about."""
    return Period(PeriodKind.WEEK, -1 if today.weekday() == 0 else 0)


# Which clients are overdue or at risk is a state, told as of today whatever the weekday: on a
# Monday, a client visited that morning is not overdue.
AS_OF_TODAY = Period(PeriodKind.WEEK, 0)


_PERIOD_WORDS: tuple[tuple[str, Period], ...] = (
    # "截至今天", "到今天为止", "so far today"? no: "up to today" names no day of its own.
    (r"大前天", Period(PeriodKind.DAY, -3)),
    (r"前天|\bday\s+before\s+yesterday\b", Period(PeriodKind.DAY, -2)),
    (r"昨天|昨日|\byesterday\b", Period(PeriodKind.DAY, -1)),
    (r"(?<![到至止截])(?:今天|今日)(?!为止|止)|(?<!until\s)(?<!up\sto\s)\btoday\b",
     Period(PeriodKind.DAY, 0)),
    (r"上上周|上上个?星期|上上个?礼拜", Period(PeriodKind.WEEK, -2)),
    (r"上周|上个?星期|上个?礼拜|上一周|last\s+week|previous\s+week", Period(PeriodKind.WEEK, -1)),
    (r"本周|这周|这个?星期|这个?礼拜|这一周|本星期|this\s+week|week", Period(PeriodKind.WEEK, 0)),
    (r"上个?季度|上一季度|last\s+quarter|previous\s+quarter", Period(PeriodKind.QUARTER, -1)),
    (r"本季度?|这个?季度|this\s+quarter|quarter", Period(PeriodKind.QUARTER, 0)),
    (r"上上个?月|\bmonth\s+before\s+last\b", Period(PeriodKind.MONTH, -2)),
    (r"上个?月|上一个?月|last\s+month|previous\s+month", Period(PeriodKind.MONTH, -1)),
    (r"本月|这个?月|当月|this\s+month|month", Period(PeriodKind.MONTH, 0)),
    (r"去年|上一年|last\s+year|previous\s+year", Period(PeriodKind.YEAR, -1)),
    (r"今年|本年度?|this\s+year|year", Period(PeriodKind.YEAR, 0)),
)  # fmt: skip
_MONTH_NAMES = (
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may", "may"),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept?"),
    ("october", "oct"), ("november", "nov"), ("december", "dec"),
)  # fmt: skip
_CHINESE_MONTHS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
# "10月", "10月份", "十月", "October", "in Oct": a month by its name, before "本月" and the rest
# ("11月1日" is a day, not the month; "may" only after "in", "for"...: it is mostly a verb).
_NAMED_MONTHS: tuple[tuple[str, Period], ...] = tuple(
    (rf"(?<![\d一二三四五六七八九十个上本这当])(?:{n}|{_CHINESE_MONTHS[n - 1]})月份?(?![\d一二三四五六七八九十日号])"
     + (rf"|\b{full}\b|\b{short}\b" if n != 5 else r"|\b(?:in|during|for|of)\s+may\b"),
     Period(PeriodKind.NAMED_MONTH, n))
    for n, (full, short) in enumerate(_MONTH_NAMES, start=1)
)  # fmt: skip
_PERIOD_RES = tuple(
    (re.compile(rf"(?:{words})", re.I), p) for words, p in (*_NAMED_MONTHS, *_PERIOD_WORDS)
)


_DAY = r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"
_RANGE = re.compile(rf"{_DAY}\s*(?:~|～|-|—|–|至|到|to|until|\s)\s*{_DAY}", re.I)
_MONTH = re.compile(r"(\d{4})[-/.年](\d{1,2})月?")


def _dates(text: str) -> Period | None:
    """ "2026-11-01 2026-11-15", "2026-11-01~2026-11-15", "2026年11月1日到2026年11月15日", one
    day "2026-11-28", or a month by itself, "2026-10" / "2026年10月"."""
    try:
        if found := _RANGE.fullmatch(text):
            y1, m1, d1, y2, m2, d2 = (int(g) for g in found.groups())
            return Period.between(date(y1, m1, d1), date(y2, m2, d2))
        if found := re.fullmatch(_DAY, text):  # one day: "2026-11-28"
            day = date(*(int(g) for g in found.groups()))
            return Period.between(day, day)
        if found := _MONTH.fullmatch(text):
            year, month = int(found.group(1)), int(found.group(2))
            after = date(year + month // 12, month % 12 + 1, 1)
            return Period.between(date(year, month, 1), after - timedelta(days=1))
    except ValueError:  # 2026-02-30, month 13
        return None
    return None


def parse_period(text: str) -> Period | None:
    """A period named by itself: `today`, `昨天`, `week`, `last month`, `本周`, `上个月`, `今年`,
    `q`, `m-1`..., or by its dates: `2026-11-01 2026-11-15`, a day `2026-11-28`, a month
    `2026-10`."""
    raw = " ".join(text.strip().lower().split())
    if not raw:
        return None
    if raw[0].isdigit() and (dated := _dates(raw)) is not None:
        return dated
    by_code = Period.from_code(raw) if raw[0] in "dwmqy" and raw[1:2] in ("0", "-") else None
    if by_code is not None:
        return by_code
    if raw in ("d", "w", "m", "q", "y"):
        return Period.from_code(raw + "0")
    raw = raw.replace("-", " ").replace("_", " ")  # last-month, this_week (command lines)
    for pattern, period in _PERIOD_RES:
        if pattern.fullmatch(raw):
            return period
    return None


# Days by their month and day inside a sentence: "11月1日到15日", "从11月1日至11月15日",
# "2026年11月1日到15日", "Nov 1 to 15", "from Nov 1 to Nov 15".
_MONTH_WORD = "|".join(rf"{full}|{short}\.?" for full, short in _MONTH_NAMES)
_ZH_SPAN = re.compile(
    r"(?:从|自)?(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]?\s*(?:到|至|~|～|-|—|–)\s*"
    r"(?:(\d{1,2})月)?(\d{1,2})[日号]?(?!\d)"
)
_EN_SPAN = re.compile(
    rf"\b(?:from\s+)?({_MONTH_WORD})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s*(\d{{4}}))?\s*"
    rf"(?:to|until|till|through|-|–)\s*(?:({_MONTH_WORD})\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"(?:,?\s*(\d{{4}}))?",
    re.I,
)


def names_day_span(text: str) -> bool:
    """Whether the text names days by month and day ("11月1日到15日", "Nov 1 to 15")."""
    return bool(_ZH_SPAN.search(text) or _EN_SPAN.search(text))


def _month_number(word: str) -> int:
    word = word.lower().rstrip(".")
    return next(n for n, (full, short) in enumerate(_MONTH_NAMES, start=1)
                if word == full or re.fullmatch(short, word))  # fmt: skip


def _day_span(text: str, today: date) -> tuple[Period, int, int] | None:
    """The days a sentence names by month and day ("11月1日到15日"): the latest such days not
    after today when no year is given; with where the words stand. None when none (or no
    such days: "2月30日")."""
    if found := _ZH_SPAN.search(text):
        year_s, m1, d1, m2, d2 = found.groups()
        month1, day1, day2 = int(m1), int(d1), int(d2)
        month2 = int(m2) if m2 else month1
    elif found := _EN_SPAN.search(text):
        w1, d1, y1, w2, d2, y2 = found.groups()
        month1, day1, day2 = _month_number(w1), int(d1), int(d2)
        month2 = _month_number(w2) if w2 else month1
        year_s = y1 or y2
    else:
        return None
    try:
        year = int(year_s) if year_s else today.year
        start = date(year, month1, day1)
        if not year_s and start > today:  # "12月1日到15日" asked in November: last year's
            year -= 1
            start = date(year, month1, day1)
        end = date(year + (month2 < month1), month2, day2)
    except ValueError:
        return None
    period = Period.between(start, end)
    return (period, found.start(), found.end()) if period is not None else None


# One day by its date inside a sentence: "11月28日", "2026年11月28号", "2026-11-28", "Nov 28",
# "28 November 2026".
_ZH_DAY = re.compile(r"(?<!\d)(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号](?!\d)")
_ISO_DAY = re.compile(
    r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)(?!\s*(?:~|～|-|—|–|至|到|to\b|until\b)\s*\d)"
)
_EN_DAY = re.compile(
    rf"\b(?:({_MONTH_WORD})\s+(\d{{1,2}})(?:st|nd|rd|th)?|(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    rf"({_MONTH_WORD}))(?![\w])(?:,?\s*(\d{{4}})\b)?",
    re.I,
)


def _one_day(text: str, today: date) -> tuple[Period, int, int] | None:
    """The one day a sentence names by its date, the latest such day not after today when no
    year is given; with where the words stand. None when none (or no such day: "2月30日")."""
    if found := _ISO_DAY.search(text):
        year_s, month_s, day_s = found.groups()
    elif found := _ZH_DAY.search(text):
        year_s, month_s, day_s = found.groups()
    elif found := _EN_DAY.search(text):
        w1, d1, d2, w2, year_s = found.groups()
        month_s, day_s = str(_month_number(w1 or w2)), d1 or d2
    else:
        return None
    try:
        year = int(year_s) if year_s else today.year
        day = date(year, int(month_s), int(day_s))
        if not year_s and day > today:  # "12月28日" asked in November: last year's
            day = date(year - 1, int(month_s), int(day_s))
    except ValueError:
        return None
    period = Period.between(day, day)
    return (period, found.start(), found.end()) if period is not None else None


# Whole months from one to another: "10月到11月", "从九月至十一月份", "from September to November".
_ZH_MONTH = r"(1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])"
_ZH_MONTHS_SPAN = re.compile(
    rf"(?<![\d一二三四五六七八九十个上本这当])(?:从|自)?{_ZH_MONTH}月份?\s*(?:到|至|~|～|-|—|–)\s*"
    rf"{_ZH_MONTH}月份?(?![\d一二三四五六七八九十日号])"
)
_EN_MONTHS_SPAN = re.compile(
    rf"\b(?:from\s+)?({_MONTH_WORD})\s*(?:to|until|till|through|-|–)\s*({_MONTH_WORD})(?!\s*\d)\b",
    re.I,
)


def _months_span(text: str, today: date) -> tuple[Period, int, int] | None:
    """The whole months a sentence names from one to another, the latest such months ending
    this month at the latest (a start after the end is the year before); with where they stand."""
    if found := _ZH_MONTHS_SPAN.search(text):
        first, last = (
            int(m) if m.isdigit() else _CHINESE_MONTHS.index(m) + 1 for m in found.groups()
        )
    elif found := _EN_MONTHS_SPAN.search(text):
        first, last = (_month_number(m) for m in found.groups())
    else:
        return None
    end_year = today.year if last <= today.month else today.year - 1
    start_year = end_year if first <= last else end_year - 1
    after = date(end_year + last // 12, last % 12 + 1, 1)
    period = Period.between(date(start_year, first, 1), after - timedelta(days=1))
    return (period, found.start(), found.end()) if period is not None else None


def find_period(text: str, today: date | None = None) -> tuple[Period | None, str]:
    """The first period named inside a sentence, and the sentence without it; with `today`,
    days named by month and day ("11月1日到15日", "Nov 1 to 15", "11月28日") too."""
    if today is not None and (
        span := _day_span(text, today) or _months_span(text, today) or _one_day(text, today)
    ):
        period, start, end = span
        return period, text[:start] + " " + text[end:]
    # The period named first in the sentence ("11月的走访，10月的不算" is November's), the
    # patterns' order breaking a tie where two start together (上上周 before 上周).
    found: tuple[int, int, Period, re.Match[str]] | None = None
    for rank, (pattern, period) in enumerate(_PERIOD_RES):
        for match in pattern.finditer(text):
            # Bare English "week"/"month" inside a sentence must be whole words.
            word = match.group(0)
            if word.isascii() and not _whole_word(text, match.start(), match.end()):
                continue
            if found is None or (match.start(), rank) < found[:2]:
                found = (match.start(), rank, period, match)
            break
    if found is None:
        return None, text
    match = found[3]
    return found[2], text[: match.start()] + " " + text[match.end() :]


def _whole_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())
