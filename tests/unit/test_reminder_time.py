"""Quiet hours and local times for reminders, in several zones, across midnight and DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from services.reminder_time import QuietHours, local_at

NIGHT = QuietHours(time(21, 0), time(8, 0))


def test_settings_text_turns_into_quiet_hours_or_none() -> None:
    assert QuietHours.parse("21:00-08:00") == NIGHT
    assert QuietHours.parse("") is None
    assert QuietHours.parse("  ") is None
    assert QuietHours.parse("08:00-08:00") is None  # an empty window


def test_an_evening_message_waits_for_the_next_morning_in_the_users_zone() -> None:
    # 22:30 in Shanghai on the 23rd: held until 08:00 on the 24th (00:00 UTC).
    at = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)
    assert NIGHT.release(at, "Asia/Shanghai") == datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
    # The same instant is 15:30 in Berlin: not quiet there.
    assert NIGHT.release(at, "Europe/Berlin") is None


def test_an_early_morning_message_waits_until_the_window_ends_the_same_day() -> None:
    at = datetime(2026, 11, 23, 21, 0, tzinfo=UTC)  # 05:00 on the 24th in Shanghai
    assert NIGHT.release(at, "Asia/Shanghai") == datetime(2026, 11, 24, 0, 0, tzinfo=UTC)


def test_a_daytime_window_that_does_not_cross_midnight() -> None:
    lunch = QuietHours(time(12, 0), time(13, 30))
    assert lunch.release(datetime(2026, 11, 23, 4, 15, tzinfo=UTC), "Asia/Shanghai") == datetime(
        2026, 11, 23, 5, 30, tzinfo=UTC
    )
    assert lunch.release(datetime(2026, 11, 23, 5, 30, tzinfo=UTC), "Asia/Shanghai") is None


def test_the_morning_after_a_clock_change_in_new_york() -> None:
    # 2027-03-14: clocks go from 02:00 EST to 03:00 EDT. 23:00 on the 13th (EST, 04:00 UTC) is
    # released at 08:00 EDT on the 14th = 12:00 UTC, not 13:00.
    at = datetime(2027, 3, 14, 4, 0, tzinfo=UTC)
    assert NIGHT.release(at, "America/New_York") == datetime(2027, 3, 14, 12, 0, tzinfo=UTC)


def test_local_times_on_both_sides_of_a_dst_change() -> None:
    assert local_at(date(2027, 3, 13), time(9, 0), "America/New_York") == datetime(
        2027, 3, 13, 14, 0, tzinfo=UTC
    )
    assert local_at(date(2027, 3, 14), time(9, 0), "America/New_York") == datetime(
        2027, 3, 14, 13, 0, tzinfo=UTC
    )
    # 02:30 does not exist that day: read with the offset before the change (03:30 EDT).
    assert local_at(date(2027, 3, 14), time(2, 30), "America/New_York") == datetime(
        2027, 3, 14, 7, 30, tzinfo=UTC
    )
