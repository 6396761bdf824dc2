"""Deadlines count working days on the official Chinese calendar, in the user's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.workdays import (
    CalendarFileError,
    ChineseCalendar,
    WorkdayCalendar,
    WorkdayResult,
    add_working_days,
    parse_official_calendar,
    statutory_holidays,
    supported_years,
    working_day_after,
    working_days_between,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
CALENDAR = ChineseCalendar()
FIRST_UNANNOUNCED_YEAR = supported_years()[-1] + 1


def local(
    year: int, month: int, day: int, hour: int = 12, minute: int = 0, zone: ZoneInfo = SHANGHAI
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone)


def end_of(day: date, zone: ZoneInfo = SHANGHAI) -> datetime:
    return datetime.combine(day, time.max, tzinfo=zone).astimezone(UTC)


def due(
    received: datetime, days: int, zone: str = "Asia/Shanghai", calendar: WorkdayCalendar = CALENDAR
) -> tuple[datetime, bool]:
    return add_working_days(received, days, timezone=zone, calendar=calendar)


def first_saturday_of_february(year: int) -> date:
    first = date(year, 2, 1)
    return first + timedelta(days=(5 - first.weekday()) % 7)


def weekdays_after(day: date, n: int, off: frozenset[date] = frozenset()) -> date:
    """An independent oracle for the fallback: the n-th Monday-Friday after `day` not in `off`."""
    while n:
        day += timedelta(days=1)
        n -= day.weekday() < 5 and day not in off
    return day


def test_the_installed_package_knows_2025_and_2026() -> None:
    assert {2025, 2026} <= set(supported_years())


def test_the_calendar_knows_national_day_2025_and_its_working_weekend_days() -> None:
    assert CALENDAR.is_workday(date(2025, 10, 1)) == (False, True)
    assert CALENDAR.is_workday(date(2025, 10, 8)) == (False, True)
    assert CALENDAR.is_workday(date(2025, 9, 28)) == (True, True)  # Sunday, 调休
    assert CALENDAR.is_workday(date(2025, 10, 11)) == (True, True)  # Saturday, 调休
    assert CALENDAR.is_workday(date(2025, 10, 12)) == (False, True)  # an ordinary Sunday


def test_a_complaint_received_before_national_day_is_due_after_the_holiday() -> None:
    deadline, estimated = due(local(2025, 9, 30, 18), 1)
    assert deadline == end_of(date(2025, 10, 9))
    assert deadline == datetime(2025, 10, 9, 15, 59, 59, 999999, tzinfo=UTC)
    assert deadline.tzinfo is UTC
    assert not estimated


def test_the_working_sunday_before_national_day_counts() -> None:
    friday_evening = local(2025, 9, 26, 20)
    assert due(friday_evening, 1)[0] == end_of(date(2025, 9, 28))
    assert due(friday_evening, 3)[0] == end_of(date(2025, 9, 30))
    assert due(friday_evening, 4)[0] == end_of(date(2025, 10, 9))


def test_the_working_saturday_after_national_day_counts() -> None:
    assert due(local(2025, 10, 10, 9), 1)[0] == end_of(date(2025, 10, 11))


def test_a_complaint_received_on_the_friday_before_spring_festival_2026_spans_the_holiday() -> None:
    # 2026: 2-15..2-23 off; Saturday 2-14 and Saturday 2-28 are working days.
    friday_evening = local(2026, 2, 13, 19)
    assert due(friday_evening, 1) == (end_of(date(2026, 2, 14)), False)
    assert due(friday_evening, 2) == (end_of(date(2026, 2, 24)), False)
    assert due(friday_evening, 6) == (end_of(date(2026, 2, 28)), False)


def test_a_complaint_received_during_the_holiday_counts_from_the_first_working_day() -> None:
    assert due(local(2026, 2, 18, 10), 1)[0] == end_of(date(2026, 2, 24))


def test_the_hour_of_receipt_does_not_change_the_deadline() -> None:
    deadlines = {due(local(2025, 9, 30, hour, minute), 3) for hour, minute in [(0, 0), (23, 59)]}
    assert len(deadlines) == 1


def test_a_deadline_in_an_unannounced_year_falls_back_to_weekdays_and_says_so() -> None:
    last_known = date(FIRST_UNANNOUNCED_YEAR - 1, 12, 31)
    received = datetime.combine(last_known, time(12), tzinfo=SHANGHAI)
    deadline, estimated = due(received, 5)
    new_years_day = date(FIRST_UNANNOUNCED_YEAR, 1, 1)  # a day off in every year
    assert deadline == end_of(weekdays_after(last_known, 5, frozenset({new_years_day})))
    assert deadline.astimezone(SHANGHAI).year == FIRST_UNANNOUNCED_YEAR
    assert estimated


def test_an_unannounced_weekend_that_was_skipped_still_marks_the_deadline_estimated() -> None:
    saturday = first_saturday_of_february(FIRST_UNANNOUNCED_YEAR) + timedelta(days=28)
    friday = saturday - timedelta(days=1)
    result = working_day_after(friday, 1, CALENDAR)
    assert result == WorkdayResult(saturday + timedelta(days=2), estimated=True)


def test_a_year_before_the_package_data_also_falls_back_instead_of_crashing() -> None:
    assert CALENDAR.is_workday(date(1999, 10, 8)) == (True, False)
    assert CALENDAR.is_workday(date(1999, 10, 1)) == (False, False)  # 国庆, a Friday


def test_new_years_day_2027_is_a_day_off_before_the_2027_calendar_is_announced() -> None:
    # 2027-01-01 is a Friday: the Monday-Friday guess alone made it a working day, and the
    # morning digest went out on New Year's Day.
    assert CALENDAR.is_workday(date(2027, 1, 1))[0] is False
    assert CALENDAR.is_workday(date(2026, 12, 31)) == (True, True)
    assert CALENDAR.is_workday(date(2027, 1, 4))[0] is True  # Monday
    received = local(2026, 12, 31, 17)
    assert due(received, 1)[0] == end_of(date(2027, 1, 4))


@pytest.mark.parametrize(
    ("year", "days_off"),
    [
        # 2027: 元旦 Friday; 春节 除夕 Friday 02-05 to 初三 Monday 02-08, its weekend made up
        # on 02-09 and 02-10; 清明 04-05; 劳动节 a weekend, made up 05-03 and 05-04; 端午 06-09;
        # 中秋 09-15; 国庆 Friday to Sunday, made up 10-04 and 10-05.
        (2027, ["01-01", "02-05", "02-08", "02-09", "02-10", "04-05", "05-03", "05-04",
                "06-09", "09-15", "10-01", "10-04", "10-05"]),
        # 2030: 元旦 Tuesday; 春节 02-02 (Saturday) to 02-05, its weekend made up on 02-06 and
        # 02-07; 清明 04-05; 端午 06-05; 中秋 09-12; 国庆 Tuesday to Thursday.
        (2030, ["01-01", "02-04", "02-05", "02-06", "02-07", "04-05", "05-01", "05-02",
                "06-05", "09-12", "10-01", "10-02", "10-03"]),
    ],
)  # fmt: skip
def test_an_unannounced_year_keeps_its_statutory_holidays(year: int, days_off: list[str]) -> None:
    calendar = ChineseCalendar()
    weekdays_off = {
        day
        for day in (date(year, 1, 1) + timedelta(days=n) for n in range(366))
        if day.year == year and day.weekday() < 5 and not calendar.is_workday(day)[0]
    }
    expected = {date.fromisoformat(f"{year}-{md}") for md in days_off}
    assert weekdays_off == expected
    assert all(calendar.is_workday(day)[1] is False for day in expected)


def test_a_year_past_the_lunar_table_still_knows_its_fixed_holidays() -> None:
    assert statutory_holidays(2040) == {
        date(2040, 1, 1), date(2040, 5, 1), date(2040, 5, 2),
        date(2040, 10, 1), date(2040, 10, 2), date(2040, 10, 3),
    }  # fmt: skip


def test_the_lunar_table_agrees_with_every_announced_year_the_package_shares_with_it() -> None:
    # Once a newer package knows a year of the table, its official calendar has each of the
    # table's holidays off (a wrong row of the table would show here).
    for year in set(supported_years()) & set(range(2027, 2037)):
        assert all(not CALENDAR.is_workday(day)[0] for day in statutory_holidays(year)), year


def test_the_operators_calendar_file_lists_days_off_and_working_weekend_days() -> None:
    text = """
    # 2027 as announced
    2027-02-05..2027-02-11  休   # 春节
    2027-02-13              班
    2027-10-09 work
    """
    days = parse_official_calendar(text)
    assert days[date(2027, 2, 13)] is True and days[date(2027, 10, 9)] is True
    assert [d for d, working in days.items() if not working] == [
        date(2027, 2, 5) + timedelta(days=n) for n in range(7)
    ]
    calendar = ChineseCalendar(days)
    assert calendar.is_workday(date(2027, 2, 11)) == (False, True)  # Thursday, announced off
    assert calendar.is_workday(date(2027, 2, 13)) == (True, True)  # Saturday worked
    assert calendar.is_workday(date(2027, 1, 1)) == (False, True)  # statutory, not typed in
    assert calendar.is_workday(date(2027, 1, 4)) == (True, True)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2027-02-13", "line 1"),
        ("2027-02-13 maybe", "line 1"),
        ("# ok\n2027-02-30 休", "line 2"),
        ("2027-02-11..2027-02-05 休", "forward"),
        ("2027-02-05..2027-02-11 休\n2027-02-06 班", "listed twice"),
    ],
)
def test_a_calendar_file_line_that_cannot_be_read_is_named(text: str, problem: str) -> None:
    with pytest.raises(CalendarFileError, match=problem):
        parse_official_calendar(text)


def test_an_admin_override_wins_and_makes_its_year_announced() -> None:
    year = FIRST_UNANNOUNCED_YEAR
    saturday = first_saturday_of_february(year)
    wednesday = saturday + timedelta(days=4)
    calendar = ChineseCalendar({saturday: True, wednesday: False})
    assert calendar.is_workday(saturday) == (True, True)
    assert calendar.is_workday(wednesday) == (False, True)
    assert calendar.is_workday(date(year, 7, 1)) == (date(year, 7, 1).weekday() < 5, True)
    friday = saturday - timedelta(days=1)
    assert working_day_after(friday, 1, calendar) == WorkdayResult(saturday, estimated=False)
    thursday = wednesday + timedelta(days=1)
    assert working_day_after(wednesday - timedelta(days=1), 1, calendar).day == thursday


def test_an_override_can_correct_a_year_the_package_knows() -> None:
    calendar = ChineseCalendar({date(2025, 10, 9): False})
    assert calendar.is_workday(date(2025, 10, 9)) == (False, True)
    assert calendar.is_workday(date(2025, 10, 11)) == (True, True)  # the package still answers
    assert due(local(2025, 9, 30), 1, calendar=calendar)[0] == end_of(date(2025, 10, 10))


def test_a_berlin_user_gets_the_end_of_the_berlin_day_across_the_autumn_clock_change() -> None:
    # Friday 00:30 in Berlin is still Thursday in UTC; the day received is the Berlin Friday.
    received = local(2025, 10, 24, 0, 30, zone=BERLIN)
    assert received.astimezone(UTC).date() == date(2025, 10, 23)
    deadline, estimated = due(received, 1, zone="Europe/Berlin")
    # Monday 27 October is in winter time (UTC+1); Friday was summer time (UTC+2).
    assert deadline == datetime(2025, 10, 27, 22, 59, 59, 999999, tzinfo=UTC)
    assert deadline.astimezone(BERLIN).time() == time.max
    assert not estimated


def test_a_berlin_deadline_on_the_spring_clock_change_day_ends_at_berlin_midnight() -> None:
    # Sunday 2026-03-29 loses an hour in Berlin; the deadline is still 23:59:59.999999 local.
    received = local(2026, 3, 26, 16, zone=BERLIN)  # Thursday, UTC+1
    deadline, _ = due(received, 1, zone="Europe/Berlin")
    assert deadline == datetime(2026, 3, 27, 22, 59, 59, 999999, tzinfo=UTC)
    received = local(2026, 3, 27, 16, zone=BERLIN)  # Friday, UTC+1; due Monday, UTC+2
    deadline, _ = due(received, 1, zone="Europe/Berlin")
    assert deadline == datetime(2026, 3, 30, 21, 59, 59, 999999, tzinfo=UTC)


def test_the_same_instant_is_a_different_local_day_in_shanghai_and_berlin() -> None:
    instant = datetime(2025, 9, 29, 20, 0, tzinfo=UTC)  # Tuesday 04:00 in Shanghai
    assert due(instant, 1)[0] == end_of(date(2025, 10, 9))
    assert due(instant, 1, zone="Europe/Berlin")[0] == end_of(date(2025, 9, 30), BERLIN)


def test_a_naive_receipt_time_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        due(datetime(2025, 9, 30, 12), 1)


@pytest.mark.parametrize("days", [0, -1])
def test_a_deadline_needs_at_least_one_working_day(days: int) -> None:
    with pytest.raises(ValueError):
        due(local(2025, 9, 30), days)


def test_a_calendar_without_working_days_is_an_error_not_a_hang() -> None:
    class Never:
        def is_workday(self, day: date) -> tuple[bool, bool]:
            return False, True

    with pytest.raises(ValueError, match="fewer than 1 working days"):
        working_day_after(date(2025, 1, 1), 1, Never())


def test_working_days_between_counts_days_left_and_days_overdue() -> None:
    assert working_days_between(date(2025, 9, 30), date(2025, 10, 9), CALENDAR) == 1
    assert working_days_between(date(2025, 10, 9), date(2025, 9, 30), CALENDAR) == -1
    assert working_days_between(date(2025, 10, 9), date(2025, 10, 9), CALENDAR) == 0
    assert working_days_between(date(2025, 9, 26), date(2025, 10, 11), CALENDAR) == 6
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 28), CALENDAR) == 6


def test_working_days_between_inverts_the_deadline_count() -> None:
    start = date(2025, 9, 20)
    for offset in range(0, 60):
        day = start + timedelta(days=offset)
        for n in (1, 3, 10):
            found = working_day_after(day, n, CALENDAR).day
            assert working_days_between(day, found, CALENDAR) == n
