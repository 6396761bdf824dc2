"""The demo's visits, moved to the day it is loaded: this month is never empty."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from services.demo import VISITS_FILE, demo_users, shift_weeks, shifted_csv

# The first of a month on each day of the week (Tuesday 2026-12-01 is when "本月" was empty).
FIRSTS = [date(2026, 12, 1), date(2027, 1, 1), date(2027, 2, 1), date(2027, 5, 1),
          date(2027, 8, 1), date(2027, 9, 1), date(2027, 4, 1)]  # fmt: skip


def test_the_firsts_cover_every_weekday() -> None:
    assert sorted(d.weekday() for d in FIRSTS) == list(range(7))


@pytest.mark.parametrize("today", FIRSTS + [d + timedelta(days=3) for d in FIRSTS])
def test_li_ting_has_a_visit_on_the_demos_today_and_none_after_it(today: date) -> None:
    data = VISITS_FILE.read_bytes()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    shift = shift_weeks(today)
    loaded = list(csv.DictReader(io.StringIO(shifted_csv(data, shift, until=today).decode())))
    days = [date.fromisoformat(r["走访日期"]) for r in loaded if r["走访人"] == "李婷"]
    assert max(days) == today  # one of hers on today itself; none after it
    assert len(loaded) == len(
        [r for r in rows if date.fromisoformat(r["走访日期"]) + shift <= today]
    )


MANAGERS = [p["name"] for p in demo_users() if p["role"] == "manager"]


@pytest.mark.parametrize("today", FIRSTS + [d + timedelta(days=3) for d in FIRSTS])
def test_every_demo_manager_has_a_visit_this_month_whatever_day_it_starts(today: date) -> None:
    loaded = csv.DictReader(
        io.StringIO(shifted_csv(VISITS_FILE.read_bytes(), shift_weeks(today), until=today).decode())
    )
    month = {r["走访人"] for r in loaded if date.fromisoformat(r["走访日期"]).replace(day=1)
             == today.replace(day=1)}  # fmt: skip
    assert sorted(MANAGERS) == ["李婷", "王磊", "陈晓峰"]
    assert set(MANAGERS) <= month
