"""A reminder asked for in words: what to remind of, and when; and what asks for none."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from services.reminders.tasks import AskedReminder, reminder_asked, send_time

MONDAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "what", "day", "at"),
    [
        ("提醒我周四给沙钢打电话", "给沙钢打电话", date(2026, 12, 3), None),
        ("周四提醒我给沙钢打电话", "给沙钢打电话", date(2026, 12, 3), None),
        ("明天下午3点提醒我发报价给华能", "发报价给华能", date(2026, 12, 1), time(15, 0)),
        ("记得提醒我12月5日回访华能", "回访华能", date(2026, 12, 5), None),
        ("设个提醒：下周一上午整理投标材料", "整理投标材料", date(2026, 12, 7), time(9, 0)),
        ("提醒我今天下午发报价", "发报价", MONDAY, time(14, 0)),
        ("提醒我给沙钢打电话", "给沙钢打电话", None, None),  # the day is asked
        ("remind me to call Shagang on Thursday", "call Shagang", date(2026, 12, 3), None),
        ("Remind me tomorrow at 3pm to send the quote", "send the quote", date(2026, 12, 1),
         time(15, 0)),
        ("remind me to call Shagang next Monday at 10am", "call Shagang", date(2026, 12, 7),
         time(10, 0)),
    ],
)  # fmt: skip
def test_a_reminder_asked_for_names_what_and_when(
    text: str, what: str, day: date | None, at: time | None
) -> None:
    assert reminder_asked(text, today=MONDAY) == AskedReminder(what, day, at)


@pytest.mark.parametrize(
    ("text", "what", "day", "at"),
    [
        # The clock's "半" was left on the card as "半给沙钢打电话".
        ("提醒我下周四上午10点半给沙钢打电话", "给沙钢打电话", date(2026, 12, 10), time(10, 30)),
        # 繁體: "週四" stayed in what to remind of; "下午3點" was read as 下午 (14:00), not 15:00.
        ("提醒我週四給沙鋼打電話", "給沙鋼打電話", date(2026, 12, 3), None),
        ("提醒我禮拜五下午3點給沙鋼打電話", "給沙鋼打電話", date(2026, 12, 4), time(15, 0)),
        ("提醒我3天后给沙钢打电话", "给沙钢打电话", date(2026, 12, 3), None),
        ("remind me to call Shagang on Dec 5", "call Shagang", date(2026, 12, 5), None),
        ("remind me next week to call Shagang", "call Shagang", date(2026, 12, 7), None),
        ("remind me to call Shagang in 2 days", "call Shagang", date(2026, 12, 2), None),
        ("remind me to call Shagang at 3pm", "call Shagang", None, time(15, 0)),
        # Told in the middle, before what it is about: left in ("call Shagang on Saturday at 3pm
        # about the renewal").
        ("Remind me to call Shagang on Saturday at 3pm about the renewal",
         "call Shagang about the renewal", date(2026, 12, 5), time(15, 0)),
        ("remind me to visit Baosteel at 10am on Friday to sign the contract",
         "visit Baosteel to sign the contract", date(2026, 12, 4), time(10, 0)),
    ],
)  # fmt: skip
def test_the_words_of_the_time_are_not_left_in_what_to_remind_of(
    text: str, what: str, day: date | None, at: time | None
) -> None:
    assert reminder_asked(text, today=MONDAY) == AskedReminder(what, day, at)


@pytest.mark.parametrize(
    "text",
    ["提醒功能怎么用？", "客户说要提醒我们续费", "沙钢提醒我下周付款", "How do reminders work?",
     "今天拜访了沙钢，谈了扩容", "/reminders"],
)  # fmt: skip
def test_a_message_asking_no_reminder_is_left_alone(text: str) -> None:
    assert reminder_asked(text, today=MONDAY) is None


def test_a_reminder_goes_out_at_its_time_or_the_usual_morning_and_never_in_the_past() -> None:
    zone = ZoneInfo("Asia/Shanghai")
    now = datetime(2026, 11, 30, 10, 30, tzinfo=zone)
    usual = time(9, 0)
    at = AskedReminder("x", date(2026, 12, 3), time(15, 0))
    assert send_time(at, date(2026, 12, 3), now_local=now, usual=usual) == datetime(
        2026, 12, 3, 15, 0, tzinfo=zone
    )
    no_time = AskedReminder("x", date(2026, 12, 3), None)
    assert send_time(no_time, date(2026, 12, 3), now_local=now, usual=usual) == datetime(
        2026, 12, 3, 9, 0, tzinfo=zone
    )
    # Today with no time, the morning gone: in an hour. Today at an hour gone: none.
    assert send_time(no_time, now.date(), now_local=now, usual=usual) == datetime(
        2026, 11, 30, 11, 30, tzinfo=zone
    )
    gone = AskedReminder("x", now.date(), time(10, 0))
    assert send_time(gone, now.date(), now_local=now, usual=usual) is None


def test_the_morning_digest_lists_the_reminders_set_for_the_day_at_their_local_times() -> None:
    from datetime import UTC

    from bot.handlers.reminders import digest_text

    digest = {"day": date(2026, 11, 26), "supervisor": False, "follow_ups": [],
              "follow_ups_total": 0, "overdue": [], "overdue_total": 0, "overdue_told": 0,
              "due_week": [], "due_week_total": 0, "due_week_told": 0, "complaints": [],
              "complaints_total": 0, "by_manager": [], "tasks_total": 1,
              "tasks": [{"at": datetime(2026, 11, 26, 7, 0, tzinfo=UTC), "text": "给华能打电话"}]}  # fmt: skip
    zh = digest_text("zh", "Asia/Shanghai", digest)
    assert "今天您设的提醒</b>（1）\n• 15:00 给华能打电话" in zh, zh
    assert "• 15:00 给华能打电话" in digest_text("en", "Asia/Shanghai", digest)


@pytest.mark.parametrize(
    ("text", "day"),
    [("每周一提醒我给沙钢打电话", date(2026, 12, 7)), ("提醒我每周一给沙钢打电话", date(2026, 12, 7)),
     ("remind me every Monday to call Shagang", date(2026, 12, 7))],
)  # fmt: skip
def test_a_reminder_asked_to_repeat_is_read_as_its_next_day_and_marked(
    text: str, day: date
) -> None:
    # Before, "每周一提醒我…" asked no reminder at all, and "every Monday" was silently one Monday.
    asked = reminder_asked(text, today=MONDAY)
    assert asked is not None and asked.repeat and asked.day == day
    assert asked.text in ("给沙钢打电话", "call Shagang")


def test_a_reminder_too_long_to_keep_shows_it_is_cut() -> None:
    text = "提醒我周三给华能打电话，确认" + "扩容方案的报价和交付时间，" * 25
    asked = reminder_asked(text, today=MONDAY)
    assert asked is not None and asked.day == date(2026, 12, 2)
    # It was cut at 300 characters mid-phrase ("…扩容方案的") with nothing to show it.
    assert len(asked.text) <= 300 and asked.text.endswith("…")
    assert asked.text.startswith("给华能打电话，确认扩容方案")


def test_next_friday_is_next_weeks_and_this_weeks_is_kept_only_while_it_is_ahead() -> None:
    tuesday, friday, saturday = date(2026, 12, 1), date(2026, 12, 4), date(2026, 12, 5)
    asked = reminder_asked("remind me next Friday to call Huaneng", today=tuesday)
    assert asked is not None and asked.day == date(2026, 12, 11)
    assert asked.other_day == date(2026, 12, 4)
    for today in (friday, saturday):  # this week's Friday is today or gone: no other reading
        asked = reminder_asked("remind me next Friday to call Huaneng", today=today)
        assert asked is not None and asked.other_day is None, today
    assert reminder_asked("remind me next Monday to call Huaneng", today=tuesday).other_day is None  # type: ignore[union-attr]
    chinese = reminder_asked("提醒我下周五给华能打电话", today=tuesday)
    assert chinese is not None and chinese.day == date(2026, 12, 11) and chinese.other_day is None
