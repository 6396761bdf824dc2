"""Working days on the official Chinese calendar (调休 included), and deadlines counted in them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

import chinese_calendar
from chinese_calendar.constants import holidays as _package_holidays

# Give up rather than loop for ever on a calendar with (almost) no working days.
_MAX_SCAN_DAYS = 3660


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
    days follow Monday-Friday and are known. Any other day outside the package's years is
    guessed as Monday-Friday with `known` False.
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
            return day.weekday() < 5, day.year in self._announced_years


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
