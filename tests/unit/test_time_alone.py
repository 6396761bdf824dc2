"""A time sent alone is told apart from a message that says something at a time."""

from __future__ import annotations

from datetime import date

import pytest

from services.time_alone import time_alone

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("text", "when"),
    [("下周三", "下周三"), ("明天下午", "明天下午"), ("上个月。", "上个月"), ("下週三", "下週三"),
     ("周五下午3点", "周五下午3点"), ("next Wednesday", "next Wednesday"),
     ("last month", "last month"), ("Tomorrow afternoon?", "Tomorrow afternoon"),
     ("on the 25th", "on the 25th")],
)  # fmt: skip
def test_a_time_alone_is_given_back_as_typed(text: str, when: str) -> None:
    assert time_alone(text, TODAY) == when


@pytest.mark.parametrize(
    "text",
    ["华能", "明天下午去华能", "上个月的走访", "下周有什么事", "好的", "早上好", "good morning",
     "how many visits last month", "今天去了华能，见了张总"],
)  # fmt: skip
def test_a_time_with_anything_more_is_not_alone(text: str) -> None:
    assert time_alone(text, TODAY) is None
