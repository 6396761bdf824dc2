"""Reminders through the real bot and the fake Telegram server.

Quiet hours are off and the digest is set twelve hours away, so what arrives depends only on the
clients' visit dates, not on the time of day the tests run. Restarts, SIGKILL and two processes
run `kam run` on the real clock; the rest runs the Application in-process on a fake clock and
sweeps the outbox by hand.
"""

from __future__ import annotations

import asyncio
import signal
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from emulator import FakeTelegram, SentMessage
from services.bootstrap import Services, bootstrap
from services.domain import CreditRating, Role
from services.reminders.kinds import Status
from services.storage.models import Reminder
from tests.bot.conftest import BotProcess, ComposedBot, InProcessBot
from tests.bot.test_visits_complaints_e2e import buttons, client, press
from tests.conftest import _truncate_all
from tests.fakes import FakeClock

pytestmark = pytest.mark.e2e

ZHANG, LI, WANG = 2011, 2012, 2013
SHANGHAI = ZoneInfo("Asia/Shanghai")


def today(services: Services) -> date:
    """The day in Shanghai on the services' clock (the fake one the in-process bot runs on)."""
    return services.clock.now().astimezone(SHANGHAI).date()


def reminder_env(now: datetime) -> dict[str, str]:
    """A process's reminder settings as `reminder_test_config` sets them for the in-process bot,
    for a process whose clock reads `now`: every day alike, no quiet hours, the digest twelve
    hours away."""
    digest = (now.astimezone(SHANGHAI) + timedelta(hours=12)).strftime("%H:%M")
    return {"KAM_REMINDER_SWEEP_SECONDS": "1", "KAM_QUIET_HOURS": "", "KAM_DIGEST_TIME": digest,
            "KAM_REMINDERS_WORKING_DAYS_ONLY": "false"}  # fmt: skip


async def seed(
    services: Services, fake: FakeTelegram, per_manager: int = 2, on: date | None = None
) -> None:
    """Three managers, `per_manager` poor-rated clients each last visited 40-45 days before `on`
    (the services' day unless given: a `kam run` process's is the system's)."""
    on = on or today(services)
    rows = []
    line = 2
    for n, manager in enumerate((ZHANG, LI, WANG)):
        fake.add_user(manager, first_name=f"经理{n}", language_code="zh-hans")
        await services.users.add_user(telegram_id=manager, name=f"经理{n}", role=Role.MANAGER,
                                      team="华东一部")  # fmt: skip
        for k in range(per_manager):
            # Poor rating, last visited 40-45 days ago: 10-15 days overdue.
            last = on - timedelta(days=40 + 5 * k + n)
            rows.append(client(line, f"客户{n}-{k}", manager, credit_rating=CreditRating.POOR,
                               last_visit_on=last))  # fmt: skip
            line += 1
    await services.clients.upsert_rows(None, rows)


def overdue_messages(fake: FakeTelegram, chat: int) -> list[SentMessage]:
    return [m for m in fake.messages_to(chat) if m.kind == "text" and "拜访已逾期" in m.text]


async def wait_until(check: object, timeout: float = 30.0) -> None:  # noqa: ASYNC109
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():  # type: ignore[operator]
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.2)


def clients_reminded(fake: FakeTelegram, chat: int) -> list[str]:
    names = []
    for message in overdue_messages(fake, chat):
        for line in message.text.splitlines():
            if line.startswith("客户：") or line.startswith("客户:"):
                names.append(line.split("：", 1)[-1].strip())
    return sorted(names)


async def test_imported_overdue_clients_are_reminded_once_across_restarts_and_sigkill(
    fake: FakeTelegram, tmp_path: Path, e2e_database_url: str, seeded: Services,
    bot_clock: FakeClock,
) -> None:  # fmt: skip
    await seed(seeded, fake)
    env = reminder_env(bot_clock.now())
    # The bot as `kam run` composes it, in this process: restarted with new services, the
    # SIGKILL in between given to a real `kam run` process on the same database; all of them on
    # the test's clock.
    composed = ComposedBot(fake, tmp_path / "data", e2e_database_url, bot_clock, **env)
    process = BotProcess(fake, tmp_path / "data", e2e_database_url, bot_clock, **env)
    try:
        await composed.start()
        await wait_until(
            lambda: all(len(clients_reminded(fake, c)) == 2 for c in (ZHANG, LI, WANG))
        )
        first = overdue_messages(fake, ZHANG)[0]
        assert "已逾期" in first.text and {"✅ 完成", "⏰ 稍后", "📝 记录拜访"} <= set(
            buttons(first)
        )
        await composed.stop()  # a clean stop, then new services and Application
        await composed.start()
        await composed.sweep(times=3)
        await composed.stop()
        await process.start()
        await wait_until(lambda: process.sweeps() >= 3)  # a few sweeps, none sending again
        await process.stop(signal.SIGKILL)
        await composed.start()
        await composed.sweep(times=3)
    finally:
        await composed.stop()
        await process.stop()
    for chat in (ZHANG, LI, WANG):
        assert clients_reminded(fake, chat) == sorted(
            f"客户{n}-{k}" for n, m in enumerate((ZHANG, LI, WANG)) if m == chat for k in range(2)
        ), fake.transcript(chat)
    assert fake.rejected == []


async def test_snooze_done_and_a_stale_button_from_the_chat(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    await seed(seeded, fake, per_manager=3)
    bot = in_process_bot
    try:
        await bot.start()
        await bot.sweep()
        await wait_until(lambda: len(overdue_messages(fake, ZHANG)) == 3)
        one, two, three = overdue_messages(fake, ZHANG)
        # Snooze: the menu, then one day.
        await press(fake, ZHANG, one, "稍后")
        menu = await fake.wait_for(ZHANG, lambda m: m.kind == "edit_markup")
        assert {"1 天", "3 天", "1 周"} <= set(buttons(menu))
        fake.press_button(ZHANG, one.message_id, buttons(menu)["1 天"])
        snoozed = await fake.wait_for(ZHANG, lambda m: m.kind == "edit")
        assert "已推迟到" in snoozed.text and not snoozed.buttons
        # Done on the other; pressing it again says it is already done.
        await press(fake, ZHANG, two, "完成")
        done = await fake.wait_for(ZHANG, lambda m: m.kind == "edit")
        assert "拜访后请记录" in done.text
        # A second tap that raced the edit (the old keyboard was still on screen).
        fake.press_button(ZHANG, two.message_id, buttons(two)["✅ 完成"], forge=True)
        await wait_until(lambda: any("已经完成" in (a.text or "") for a in fake.callback_answers))
        # The list shows the snoozed one with its new time; log the visit from it.
        fake.send_text(ZHANG, "/reminders")
        listed = await fake.wait_for(ZHANG, lambda m: "待处理的提醒" in m.text)
        assert "客户0-" in listed.text and "提醒）" in listed.text
        # Log the visit from the reminder's own button: the guided flow starts on that client.
        await press(fake, ZHANG, three, "记录拜访")
        ask = await fake.wait_for(ZHANG, lambda m: "什么时候" in m.text)
        assert ask.buttons
    finally:
        await bot.stop()
    async with seeded.db.read() as session:
        rows = list((await session.execute(select(Reminder).where(
            Reminder.kind == "cadence_overdue"))).scalars())  # fmt: skip
    by_status = sorted(r.status for r in rows if r.user_id == rows[0].user_id)
    assert Status.DONE in {r.status for r in rows} and Status.PENDING in {r.status for r in rows}
    snoozed_row = next(r for r in rows if r.status == Status.PENDING and r.snoozed)
    assert snoozed_row.send_after.replace(tzinfo=UTC) > seeded.clock.now(), by_status
    assert fake.pending_callback_queries == []
    assert fake.rejected == []


async def test_a_429_from_telegram_delays_a_reminder_but_does_not_lose_it(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services, bot_clock: FakeClock
) -> None:
    await seed(seeded, fake, per_manager=1)
    fake.fail_next("sendMessage", error_code=429, retry_after=2, times=2)
    fake.fail_next("sendMessage", error_code=500, times=1)
    bot = in_process_bot
    try:
        await bot.start()
        for _ in range(10):  # a sweep a minute, until the retries have gone out
            await bot.sweep()
            if all(len(clients_reminded(fake, c)) == 1 for c in (ZHANG, LI, WANG)):
                break
            bot_clock.advance(minutes=1)
        await wait_until(lambda: all(len(clients_reminded(fake, c)) == 1 for c in (ZHANG, LI, WANG)),
                         timeout=90)  # fmt: skip
        bot_clock.advance(minutes=5)
        await bot.sweep()  # later sweeps send nothing again
    finally:
        await bot.stop()
    assert [len(clients_reminded(fake, c)) for c in (ZHANG, LI, WANG)] == [1, 1, 1]
    assert sum(1 for call in fake.errors if call.method.lower() == "sendmessage") >= 2


async def test_two_bot_processes_on_postgresql_send_each_reminder_once(
    fake: FakeTelegram, tmp_path: Path, postgres_url: str, bot_clock: FakeClock
) -> None:
    _truncate_all_if_any(postgres_url)
    services = await bootstrap(database_url=postgres_url, clock=bot_clock)
    try:
        await seed(services, fake, per_manager=3)
    finally:
        await services.close()
    env = reminder_env(bot_clock.now())
    # Two processes: a `kam run` and this one, the bot composed the same way, both sweeping.
    one = BotProcess(fake, tmp_path / "one", postgres_url, bot_clock, **env)
    two = ComposedBot(fake, tmp_path / "two", postgres_url, bot_clock, **env)
    try:
        await asyncio.gather(one.start(), two.start())
        await wait_until(lambda: all(len(overdue_messages(fake, c)) >= 1 for c in (ZHANG, LI, WANG)),
                         timeout=60)  # fmt: skip
        # Both keep sweeping, three more times each: nothing is sent twice.
        swept = one.sweeps(), two.sweeps()
        # (A process on a loaded machine sweeps every second only roughly.)
        await wait_until(lambda: one.sweeps() >= swept[0] + 3 and two.sweeps() >= swept[1] + 3,
                         timeout=90)  # fmt: skip
    finally:
        await one.stop()
        await two.stop()
    for chat in (ZHANG, LI, WANG):
        # Three clients each: sent one by one, each exactly once.
        assert len(clients_reminded(fake, chat)) == 3, fake.transcript(chat)
        assert len(set(clients_reminded(fake, chat))) == 3


def _truncate_all_if_any(url: str) -> None:
    import psycopg

    try:
        _truncate_all(url)
    except psycopg.errors.UndefinedTable:
        pass


async def test_a_complaint_alert_carries_the_tickets_own_actions(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # Its buttons were "✅ 完成" (the reminder marked done, the ticket still open) and
    # "📝 记录拜访"; contacting the client is what ends a first-contact alert.
    from services.storage.models import Complaint
    from tests.integration.test_summaries import complaint

    await seed(seeded, fake, per_manager=1)
    zhang = await seeded.users.resolve_actor(ZHANG)
    assert zhang is not None
    client_id = (await seeded.clients.search(zhang, "客户0-0"))[0].id
    now = seeded.clock.now()
    async with seeded.db.write() as uow:
        uow.session.add(complaint(client_id, zhang.user_id, now - timedelta(days=2),
                                  severity="high", response_due=now - timedelta(hours=20),
                                  resolution_due=now + timedelta(days=2),
                                  description="专线中断"))  # fmt: skip
        await uow.commit()
    bot = in_process_bot
    try:
        await bot.start()
        await bot.sweep()
        alert = await fake.wait_for(ZHANG, lambda m: "首次联系已超时" in (m.text or ""))
        assert {"已联系客户", "已解决", "⏰ 稍后"} <= set(buttons(alert)), buttons(alert)
        assert "✅ 完成" not in buttons(alert) and "📝 记录拜访" not in buttons(alert)
        await press(fake, ZHANG, alert, "已联系客户")
        await fake.wait_for(ZHANG, lambda m: "#" in (m.text or "") and m.kind != "photo")
    finally:
        await bot.stop()
    async with seeded.db.read() as session:
        ticket = (await session.execute(select(Complaint))).scalar_one()
    assert ticket.status == "responded" and ticket.responded_at is not None


async def test_a_user_a_send_failed_for_gets_reminders_again_once_they_write(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    """A manager the bot could not write to once (the demo's other managers on its first start,
    or someone who blocked and unblocked it) got no reminder again, though they used the bot
    daily: only /start made them reachable."""
    await seed(seeded, fake, per_manager=1)
    await seeded.reminders.unreachable(ZHANG)  # a send to them failed earlier
    bot = in_process_bot
    try:
        await bot.start()
        await bot.sweep()
        await wait_until(lambda: len(overdue_messages(fake, LI)) == 1)
        assert overdue_messages(fake, ZHANG) == []
        fake.send_text(ZHANG, "/help")  # any message, not /start
        await fake.wait_for(ZHANG)
        await bot.sweep()
        await wait_until(lambda: len(overdue_messages(fake, ZHANG)) == 1)
    finally:
        await bot.stop()


async def test_a_reminder_asked_for_in_words_is_confirmed_listed_and_sent_with_its_client(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    # Before, "提醒我明天下午3点给客户0-0打电话" was offered as a visit report to log.
    await seed(seeded, fake, per_manager=1)
    bot = in_process_bot
    try:
        await bot.start()
        fake.send_text(ZHANG, "提醒我明天下午3点给客户0-0打电话")
        card = await fake.wait_for(ZHANG, lambda m: "提醒草稿" in m.text)
        tomorrow = today(seeded) + timedelta(days=1)
        weekday = "一二三四五六日"[tomorrow.weekday()]
        assert f"时间：{tomorrow.isoformat()}（周{weekday}）15:00" in card.text, card.text
        assert "客户：客户0-0" in card.text and "内容：给客户0-0打电话" in card.text, card.text
        await press(fake, ZHANG, card, "确认")
        saved = await fake.wait_for(ZHANG, lambda m: "已设置提醒" in m.text)
        assert f"{tomorrow.isoformat()}（周{weekday}）15:00" in saved.text, saved.text
        fake.send_text(ZHANG, "/reminders")
        listed = await fake.wait_for(ZHANG, lambda m: "待处理的提醒" in m.text)
        assert f"⏰ {tomorrow.isoformat()} 15:00 给客户0-0打电话" in listed.text, listed.text
        # Its time comes: sent with the client, done from its button.
        async with seeded.db.write() as uow:
            await uow.session.execute(
                update(Reminder).where(Reminder.kind == "task")
                .values(send_after=seeded.clock.now() - timedelta(minutes=1))
            )  # fmt: skip
            await uow.commit()
        await bot.sweep()
        sent = await fake.wait_for(ZHANG, lambda m: m.text.startswith("⏰ 提醒"))
        assert "客户：客户0-0" in sent.text and "给客户0-0打电话" in sent.text, sent.text
        await press(fake, ZHANG, sent, "完成")
        await fake.wait_for(ZHANG, lambda m: m.kind == "edit")
    finally:
        await bot.stop()
    async with seeded.db.read() as session:
        [task] = list((await session.execute(select(Reminder).where(
            Reminder.kind == "task"))).scalars())  # fmt: skip
    assert task.status == Status.DONE
    assert fake.rejected == []


async def test_the_list_does_not_tell_a_time_already_gone_as_when_a_reminder_will_come(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    """Overdue clients' reminders made but not sent yet (the sweep, quiet hours) were listed
    '（2026-10-12 09:00 提醒）': a time already gone, told as the time to come."""
    await seed(seeded, fake, per_manager=1)
    await seeded.reminders.generate()
    await in_process_bot.start()
    try:
        fake.send_text(ZHANG, "/reminders")
        listed = await fake.wait_for(ZHANG, lambda m: "待处理的提醒" in m.text)
    finally:
        await in_process_bot.stop()
    assert "客户0-0" in listed.text and "已逾期" in listed.text, listed.text
    assert "提醒）" not in listed.text, listed.text


async def test_the_list_does_not_tell_a_complaints_deadline_alert_its_time_twice(
    fake: FakeTelegram, in_process_bot: InProcessBot, seeded: Services
) -> None:
    """'工单 #1 …：2026-12-03 23:59 时若仍未解决，提醒超时 （2026-12-03 23:59 提醒）': the alert
    at the deadline said its time twice."""
    from services.storage.models import Client, Complaint

    await seed(seeded, fake, per_manager=1)
    async with seeded.db.read() as session:
        zhang = (await session.execute(select(Client).where(Client.name == "客户0-0"))).scalar_one()
        client_id, owner_id = zhang.id, zhang.owner_id
    now = seeded.clock.now()
    async with seeded.db.write() as uow:
        uow.session.add(Complaint(
            draft_id="seed-1", client_id=client_id, owner_id=owner_id, recorded_by_id=owner_id,
            category="service", severity="high", status="responded", description="专线掉线",
            received_at=now - timedelta(hours=2), first_response_due=now + timedelta(hours=20),
            responded_at=now - timedelta(hours=1), resolution_due=now + timedelta(days=3),
            deadlines_estimated=False, created_at=now, updated_at=now,
        ))  # fmt: skip
        await uow.commit()
    await seeded.reminders.generate()
    await in_process_bot.start()
    try:
        fake.send_text(ZHANG, "/reminders")
        listed = await fake.wait_for(ZHANG, lambda m: "待处理的提醒" in m.text)
    finally:
        await in_process_bot.stop()
    [alert] = [line for line in listed.text.splitlines() if "若仍未解决" in line]
    due = (now + timedelta(days=3)).astimezone(ZoneInfo("Asia/Shanghai")).strftime("%H:%M")
    assert alert.count(due) == 1, listed.text
