"""Days off on the official calendar (weekends, 国庆, 春节; 调休 Saturdays are working days): no
morning digest, and a visit or follow-up reminder falling on one waits for the next working day.

2026: 国庆 is 10-01 to 10-07 (10-08 Thursday and 10-10 Saturday are working days); 春节 is 02-15
to 02-23 (02-14 Saturday is a working day). Both databases, a fake clock, the real sweep.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from bot.handlers.reminders import digest_text
from config.settings import DEFAULT_POLICY_FILE, load_policy
from services.bootstrap import Services, bootstrap
from services.policy import parse_policy
from services.reminders.kinds import Delivery, Kind, ReminderConfig
from services.storage.models import Reminder, Visit
from tests.fakes import FakeClock
from tests.integration.test_reminders import LI, ZHANG, log_visit, row, sweep, team


def shanghai(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=8)


def digests(deliveries: list[Delivery], telegram_id: int = ZHANG) -> list[Delivery]:
    return [d for d in deliveries if d.kind == Kind.DIGEST and d.telegram_id == telegram_id]


def others(deliveries: list[Delivery], telegram_id: int = ZHANG) -> list[tuple[str, str]]:
    return sorted(
        (d.kind, str(d.params.get("client", "")))
        for d in deliveries
        if d.kind != Kind.DIGEST and d.telegram_id == telegram_id
    )


async def morning(services: Services, clock: FakeClock, day: date) -> list[Delivery]:
    """The sweeps of `day`'s morning, 08:00 to 10:00 in Shanghai, every ten minutes."""
    out: list[Delivery] = []
    for minutes in range(0, 121, 10):
        clock.set(shanghai(day, 8) + timedelta(minutes=minutes))
        out += await sweep(services)
    return out


async def test_no_digest_in_the_national_day_holiday_and_its_follow_ups_come_on_the_first_working_day(
    services: Services, clock: FakeClock
) -> None:
    clock.set(shanghai(date(2026, 9, 29), 10))  # Tuesday, a working day
    zhang, _, _ = await team(services)
    await services.clients.upsert_rows(None, [
        row(2, "华能南京电厂", ZHANG, "poor", date(2026, 8, 1)),  # long overdue: a digest each day
        row(3, "江苏银行", ZHANG, "good", date(2026, 9, 1)),
    ])  # fmt: skip
    visit = await log_visit(services, zhang, "今天拜访了江苏银行，见了张总，谈了续约")
    async with services.db.write() as uow:  # the follow-up asked for: 10-03, in the holiday
        await uow.session.execute(
            update(Visit).where(Visit.id == visit).values(follow_up_on=date(2026, 10, 3))
        )
        await uow.commit()
    assert digests(await morning(services, clock, date(2026, 9, 30)))  # Wednesday: as ever

    for day in range(1, 8):  # 10-01 to 10-07: nothing at all in the mornings
        sent = await morning(services, clock, date(2026, 10, day))
        assert digests(sent) == [] and others(sent) == [], (day, sent)

    first = await morning(services, clock, date(2026, 10, 8))  # Thursday: back at work
    [digest] = digests(first)
    assert digest.params["day"] == date(2026, 10, 8)
    # The holiday's follow-up is in the first working day's digest, with its own day.
    assert [(f["client"], f["on"]) for f in digest.params["follow_ups"]] == [
        ("江苏银行", date(2026, 10, 3))
    ]
    zh = digest_text("zh", "Asia/Shanghai", digest.params)
    assert "今天要跟进" in zh and "江苏银行（2026-10-03，假期中到期）" in zh, zh
    en = digest_text("en", "Asia/Shanghai", digest.params)
    assert "(due 2026-10-03, a day off)" in en, en
    # And its own reminder goes out that morning, naming the day it was set for.
    [follow_up] = [d for d in first if d.kind == Kind.FOLLOW_UP]
    assert follow_up.params["due_on"] == date(2026, 10, 3)
    assert follow_up.late_since is None  # put off on purpose, not late
    assert digests(await morning(services, clock, date(2026, 10, 9)))  # Friday
    assert digests(await morning(services, clock, date(2026, 10, 10)))  # 调休 Saturday: working
    assert digests(await morning(services, clock, date(2026, 10, 11))) == []  # Sunday


async def test_a_visit_falling_due_in_the_spring_festival_is_reminded_on_the_first_working_day(
    services: Services, clock: FakeClock
) -> None:
    clock.set(shanghai(date(2026, 2, 13), 10))  # Friday before 春节
    await team(services)
    # Poor: every 30 days. Visited 01-17: due 02-16, overdue from 02-17, both in the holiday;
    # the "due in 7 days" reminder (02-09) went out before it.
    await services.clients.upsert_rows(None, [row(2, "沙钢集团", ZHANG, "poor", date(2026, 1, 17))])
    await sweep(services)
    async with services.db.read() as session:
        overdue = (
            await session.execute(select(Reminder).where(Reminder.kind == Kind.CADENCE_OVERDUE))
        ).scalar_one()
    # 02-24 (Tuesday) at 09:00 in Shanghai, not 02-17, the third day of the Spring Festival.
    assert overdue.send_after == shanghai(date(2026, 2, 24), 9)
    assert overdue.due_on == date(2026, 2, 16)
    assert others(await morning(services, clock, date(2026, 2, 14))) == []  # 调休 Saturday
    for day in range(15, 24):
        assert others(await morning(services, clock, date(2026, 2, day))) == [], day
    sent = await morning(services, clock, date(2026, 2, 24))
    assert others(sent) == [("cadence_overdue", "沙钢集团")]
    [reminder] = [d for d in sent if d.kind == Kind.CADENCE_OVERDUE]
    assert reminder.params["days_overdue"] == 8 and reminder.late_since is None


async def test_a_due_day_in_the_holiday_is_told_as_overdue_once_not_as_due_soon(
    services: Services, clock: FakeClock
) -> None:
    # Poor, visited 09-04: due 10-04 (a holiday). Due-soon reminder on 09-27 (Sunday, off) would
    # move to 09-28 (a working day) and say "visit by 10-04"; the overdue one (10-05) to 10-08.
    clock.set(shanghai(date(2026, 9, 25), 10))  # Friday, 中秋: a day off
    await team(services)
    await services.clients.upsert_rows(None, [row(2, "沙钢集团", ZHANG, "poor", date(2026, 9, 4))])
    assert others(await morning(services, clock, date(2026, 9, 27))) == []  # Sunday
    assert others(await morning(services, clock, date(2026, 9, 28))) == [
        ("cadence_due", "沙钢集团")
    ]
    for day in range(1, 8):
        assert others(await morning(services, clock, date(2026, 10, day))) == [], day
    assert others(await morning(services, clock, date(2026, 10, 8))) == [
        ("cadence_overdue", "沙钢集团")
    ]


async def test_no_digest_on_new_years_day_2027_before_the_2027_calendar_is_announced(
    services: Services, clock: FakeClock
) -> None:
    # 2027-01-01 is a Friday in a year the installed calendar does not know: guessed as bare
    # Monday-Friday, the digest went out on New Year's Day.
    clock.set(shanghai(date(2026, 12, 30), 10))  # Wednesday, a working day
    await team(services)
    await services.clients.upsert_rows(None, [
        row(2, "华能南京电厂", ZHANG, "poor", date(2026, 11, 1)),  # long overdue: a digest each day
    ])  # fmt: skip
    assert digests(await morning(services, clock, date(2026, 12, 31)))
    for day in (date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)):
        assert digests(await morning(services, clock, day)) == [], day
    [digest] = digests(await morning(services, clock, date(2027, 1, 4)))  # Monday
    assert digest.params["day"] == date(2027, 1, 4)


async def test_an_announced_calendar_file_makes_a_guessed_day_off_a_working_day(
    database_url: str, clock: FakeClock
) -> None:
    # The operator typed the 2027 calendar in when it was announced: Saturday 2027-02-20 is a
    # 调休 working day (a guess would keep it off), Thursday 02-11 a day off.
    policy = parse_policy(load_policy(DEFAULT_POLICY_FILE),
                          official_calendar="2027-02-05..2027-02-11 休\n2027-02-20 班\n")  # fmt: skip
    services = await bootstrap(database_url=database_url, clock=clock, timezone="Asia/Shanghai",
                               policy=policy)  # fmt: skip
    try:
        clock.set(shanghai(date(2027, 2, 3), 10))
        await team(services)
        await services.clients.upsert_rows(
            None, [row(2, "华能南京电厂", ZHANG, "poor", date(2026, 12, 1))]
        )
        assert digests(await morning(services, clock, date(2027, 2, 11))) == []
        assert digests(await morning(services, clock, date(2027, 2, 12)))  # Friday
        assert digests(await morning(services, clock, date(2027, 2, 20)))  # 调休 Saturday
        assert digests(await morning(services, clock, date(2027, 2, 21))) == []  # Sunday
    finally:
        await services.close()


@pytest.fixture
async def every_day(database_url: str, clock: FakeClock) -> AsyncIterator[Services]:
    """The services with KAM_REMINDERS_WORKING_DAYS_ONLY=false: every day alike."""
    svc = await bootstrap(database_url=database_url, clock=clock, timezone="Asia/Shanghai",
                          reminders=ReminderConfig(working_days_only=False))  # fmt: skip
    try:
        yield svc
    finally:
        await svc.close()


async def test_a_company_that_works_every_day_gets_the_digest_on_holidays_too(
    every_day: Services, clock: FakeClock
) -> None:
    clock.set(shanghai(date(2026, 9, 30), 10))
    await team(every_day)
    await every_day.clients.upsert_rows(
        None, [row(2, "华能南京电厂", LI, "poor", date(2026, 8, 1))]
    )
    assert digests(await morning(every_day, clock, date(2026, 10, 1)), LI)  # 国庆
    assert digests(await morning(every_day, clock, date(2026, 10, 4)), LI)  # a Sunday in it
