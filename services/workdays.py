"""Working days on the official Chinese calendar (调休 included), and deadlines counted in them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Protocol
from zoneinfo import ZoneInfo

import chinese_calendar
from chinese_calendar.constants import holidays as _package_holidays

# Give up rather than loop for ever on a calendar with (almost) no working days.
_MAX_SCAN_DAYS = 3660

# The public holidays the law itself fixes (全国年节及纪念日放假办法, as amended by the State
# Council on 2024-11-12, in force since 2025): 元旦 1 day, 春节 4 (除夕, 正月初一 to 初三), 清明 1,
# 劳动节 2, 端午 1, 中秋 1, 国庆 3; one falling on a Saturday or Sunday is made up on a working
# day (its article 6). A year not yet announced is guessed with them, not as bare Monday-Friday.
_FIXED_HOLIDAYS = ((1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3))
# The lunar ones and 清明 (a solar term), by year: 正月初一, 清明, 端午 (五月初五), 中秋 (八月十五).
# Computed with the lunar-python package (1.4.8, Lunar.fromYmd(y, m, d).getSolar() and its
# 清明 solar term) and checked against borax 4.1.3 (LunarDate(y, m, d).to_solar_date()); both
# give 2026's days as the State Council's 2026 calendar has them (02-17, 04-05, 06-19, 09-25).
_LUNAR_HOLIDAYS: dict[int, tuple[str, str, str, str]] = {
    2027: ("02-06", "04-05", "06-09", "09-15"),
    2028: ("01-26", "04-04", "05-28", "10-03"),
    2029: ("02-13", "04-04", "06-16", "09-22"),
    2030: ("02-03", "04-05", "06-05", "09-12"),
    2031: ("01-23", "04-05", "06-24", "10-01"),
    2032: ("02-11", "04-04", "06-12", "09-19"),
    2033: ("01-31", "04-04", "06-01", "09-08"),
    2034: ("02-19", "04-05", "06-20", "09-27"),
    2035: ("02-08", "04-05", "06-10", "09-16"),
    2036: ("01-28", "04-04", "05-30", "10-04"),
}


@dataclass(frozen=True, slots=True)
class WorkdayResult:
    """A day found by counting working days; `estimated` when any day looked at was a guess."""

    day: date
    estimated: bool


class WorkdayCalendar(Protocol):
    def is_workday(self, day: date) -> tuple[bool, bool]:
        """(is it a working day, is that known from an announced calendar rather than guessed)."""
        ...

    def __hash__(self) -> int:  # rules built on a calendar are cached by it
        ...


class ChineseCalendar:
    """The State Council calendar from `chinese_calendar`, plus an admin's table of overrides.

    An override wins over the package. A year the package does not know but that has at least
    one override counts as announced: an announcement lists only the exceptions, so its other
    days follow Monday-Friday less the statutory holidays, and are known. Any other day outside
    the package's years is guessed, with `known` False: Monday-Friday less the statutory
    holidays and the days the law makes up for those falling on a weekend (`days_off_by_law`).
    """

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        self._overrides: dict[date, bool] = dict(overrides or {})
        self._announced_years = frozenset(day.year for day in self._overrides)

    def is_workday(self, day: date) -> tuple[bool, bool]:
        if day in self._overrides:
            return self._overrides[day], True
        try:
            return bool(chinese_calendar.is_workday(day)), True
        except NotImplementedError:  # a year the installed package does not know
            announced = day.year in self._announced_years
            # An announced year's days off are listed; its statutory holidays are off whether
            # or not they were typed in, but where their weekend days are made up is its own.
            off = statutory_holidays(day.year) if announced else days_off_by_law(day.year)
            return day.weekday() < 5 and day not in off, announced


@cache
def statutory_holidays(year: int) -> frozenset[date]:
    """The year's public holidays as the law fixes them (the lunar ones for the years of
    `_LUNAR_HOLIDAYS` only; later years know the fixed-date ones alone)."""
    days = {date(year, month, day) for month, day in _FIXED_HOLIDAYS}
    if year in _LUNAR_HOLIDAYS:
        new_year, qingming, duanwu, mid_autumn = (
            date.fromisoformat(f"{year}-{md}") for md in _LUNAR_HOLIDAYS[year]
        )
        days |= {new_year + timedelta(days=n) for n in range(-1, 3)}  # 除夕 to 初三
        days |= {qingming, duanwu, mid_autumn}
    return frozenset(days)


@cache
def days_off_by_law(year: int) -> frozenset[date]:
    """The statutory holidays and, for each that falls on a Saturday or Sunday, a day made up
    for it: the first Monday-Friday after it that is not already off (a guess: the State
    Council's calendar, once announced, says where; it also moves weekends around them)."""
    holidays = statutory_holidays(year)
    off = set(holidays)
    for day in sorted(holidays):
        if day.weekday() >= 5:
            made_up = day + timedelta(days=1)
            while made_up.weekday() >= 5 or made_up in off:
                made_up += timedelta(days=1)
            off.add(made_up)
    return frozenset(off)


_CALENDAR_LINE = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:\s*(?:\.\.|~|～|至)\s*(\d{4}-\d{2}-\d{2}))?\s+(\S+)"
)
_DAY_OFF_WORDS = frozenset({"休", "放假", "off", "holiday"})
_WORKING_WORDS = frozenset({"班", "上班", "work", "working"})


class CalendarFileError(ValueError):
    """A line of the official-calendar file that cannot be read; the message names the line."""


def parse_official_calendar(text: str, source: str = "workdays") -> dict[date, bool]:
    """The announced calendar an operator typed in: one day or a range a line, then 休 (a day
    off) or 班 (a working day: a 调休 Saturday or Sunday); `#` starts a comment.

        2027-02-05..2027-02-11  休
        2027-02-13              班

    Any line it cannot read, a range backwards or a day listed twice raises CalendarFileError."""
    days: dict[date, bool] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{source} line {number}"
        match = _CALENDAR_LINE.fullmatch(line)
        word = match.group(3).lower() if match else ""
        if match is None or word not in _DAY_OFF_WORDS | _WORKING_WORDS:
            raise CalendarFileError(
                f"{where}: expected '2027-02-13 班' or '2027-02-05..2027-02-11 休', not {line!r}"
            )
        try:
            first = date.fromisoformat(match.group(1))
            last = date.fromisoformat(match.group(2)) if match.group(2) else first
        except ValueError as exc:
            raise CalendarFileError(f"{where}: {exc}") from None
        if last < first or (last - first).days > 31:
            raise CalendarFileError(f"{where}: the range must run forward, a month at most")
        day = first
        while day <= last:
            if day in days:
                raise CalendarFileError(f"{where}: {day} is listed twice")
            days[day] = word in _WORKING_WORDS
            day += timedelta(days=1)
    return days


def supported_years() -> range:
    """The years the installed `chinese_calendar` package knows."""
    return range(min(_package_holidays).year, max(_package_holidays).year + 1)


def working_day_after(day: date, days: int, calendar: WorkdayCalendar) -> WorkdayResult:
    """The `days`-th working day strictly after `day` (`day` itself never counts).

    `estimated` is True when any day from `day + 1` up to the result was guessed, skipped days
    included: a guessed weekend may be a working Saturday once the year is announced.
    """
    if days < 1:
        raise ValueError(f"days must be at least 1, not {days}")
    counted = 0
    estimated = False
    current = day
    for _ in range(_MAX_SCAN_DAYS):
        current += timedelta(days=1)
        working, known = calendar.is_workday(current)
        estimated = estimated or not known
        if working:
            counted += 1
            if counted == days:
                return WorkdayResult(current, estimated)
    raise ValueError(f"the calendar has fewer than {days} working days after {day} in ten years")


def first_working_day(day: date, calendar: WorkdayCalendar) -> date:
    """`day` itself when it is a working day, else the next working day after it."""
    return working_day_after(day - timedelta(days=1), 1, calendar).day


def add_working_days(
    start: datetime, days: int, *, timezone: str, calendar: WorkdayCalendar
) -> tuple[datetime, bool]:
    """The deadline `days` working days after `start`, as aware UTC, and whether it is estimated.

    Rule: something received at local time T (in `timezone`) is due at the end of the `days`-th
    working day after the local calendar day of T, i.e. at 23:59:59.999999 local on that day.
    The receipt day never counts, whatever the hour or whether it is itself a working day, so a
    complaint received on a Friday evening before a holiday week counts from the first working
    day after the holiday. The second value is True when any day counted or skipped came from
    the Monday-Friday fallback for a year not yet announced.
    """
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError("start must be an aware datetime")
    zone = ZoneInfo(timezone)
    received_on = start.astimezone(zone).date()
    result = working_day_after(received_on, days, calendar)
    return end_of_day(result.day, zone), result.estimated


def end_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The last microsecond of a local day, as aware UTC (right even when DST shifts midnight)."""
    next_midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    return next_midnight.astimezone(UTC) - timedelta(microseconds=1)


def working_days_between(a: date, b: date, calendar: WorkdayCalendar) -> int:
    """Working days in (a, b] when b >= a, and minus the working days in (b, a] when b < a.

    With a = today and b = the due day: 0 means due today, 2 means two working days left after
    today, -1 means one working day overdue. It inverts `working_day_after`: counting `n` working
    days after `a` lands on a day `b` with working_days_between(a, b) == n. Guessed days count
    as Monday-Friday, the same as for deadlines.
    """
    if b < a:
        return -working_days_between(b, a, calendar)
    count = 0
    current = a
    while current < b:
        current += timedelta(days=1)
        if calendar.is_workday(current)[0]:
            count += 1
    return count
