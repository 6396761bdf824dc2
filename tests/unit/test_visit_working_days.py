"""A follow-up "within 3 working days" counts on the same official calendar as complaint deadlines
(调休 and holidays included), with the policy's overrides, not on Monday-Friday."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.visits.dates import parse_follow_up
from services.visits.parser import parse_visit
from services.workdays import ChineseCalendar

# 2026: 2-15..2-23 is the Spring Festival; Saturday 2-14 is a working day.
THURSDAY_BEFORE_NEW_YEAR = date(2026, 2, 12)


def test_three_working_days_skip_the_spring_festival_and_count_the_working_saturday() -> None:
    today = THURSDAY_BEFORE_NEW_YEAR
    # Friday 2-13, Saturday 2-14 (调休), then Tuesday 2-24 after the holiday.
    assert parse_follow_up("3个工作日内给报价", today=today) == date(2026, 2, 24)
    assert parse_follow_up("send the quote in 3 business days", today=today) == date(2026, 2, 24)


def test_the_policys_own_days_off_move_the_follow_up() -> None:
    closed_friday = ChineseCalendar({date(2026, 2, 13): False})
    found = parse_follow_up(
        "3个工作日内给报价", today=THURSDAY_BEFORE_NEW_YEAR, workdays=closed_friday
    )
    assert found == date(2026, 2, 25)


def test_a_visit_reports_follow_up_uses_the_same_calendar() -> None:
    draft = parse_visit(
        "今天拜访了华能电厂，谈了扩容，3个工作日内给报价",
        now=datetime(2026, 2, 12, 3, 0, tzinfo=UTC),
        timezone="Asia/Shanghai",
        clients=[(1, "华能电厂", ())],
    )
    assert draft.follow_up_on == date(2026, 2, 24)
