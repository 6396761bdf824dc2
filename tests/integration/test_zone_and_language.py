"""A user's own settings move what depends on them: reminders follow a new zone, language follows
Telegram until chosen (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from services.bootstrap import Services
from services.domain import Language, Role
from services.reminders.kinds import Kind
from tests.fakes import FakeClock
from tests.integration.test_reminders import ZHANG, row, team


async def test_pending_reminders_keep_their_local_hour_in_a_new_zone(
    services: Services, clock: FakeClock
) -> None:
    zhang, _, _ = await team(services)
    # Due in three days: the reminder waits for 09:00 on its day, in the user's zone.
    await services.clients.upsert_rows(
        None, [row(2, "华能电厂", ZHANG, "poor", date(2026, 10, 27))]
    )
    await services.reminders.generate()
    items, _ = await services.reminders.pending(zhang)
    due = [i for i in items if i.kind is Kind.CADENCE_DUE]
    assert due, items
    local = due[0].send_after.astimezone(ZoneInfo("Asia/Shanghai"))
    moved = await services.users.set_timezone(zhang, "America/Los_Angeles")
    items, _ = await services.reminders.pending(moved)
    after = next(i for i in items if i.id == due[0].id)
    there = after.send_after.astimezone(ZoneInfo("America/Los_Angeles"))
    assert (there.date(), there.time()) == (local.date(), local.time())
    # 16 hours later in real time (Shanghai is UTC+8, Los Angeles UTC-8 in November).
    assert after.send_after - due[0].send_after == timedelta(hours=16)


async def test_language_follows_telegram_until_the_user_chooses(services: Services) -> None:
    await services.users.add_user(telegram_id=21, name="Tom", role=Role.MANAGER, team=None)
    tom = await services.users.resolve_actor(21)
    assert tom is not None and not tom.language_chosen
    tom = await services.users.follow_telegram_language(tom, Language.EN)
    assert (await services.users.resolve_actor(21)).language is Language.EN  # type: ignore[union-attr]
    tom = await services.users.set_language(tom, Language.ZH)
    again = await services.users.follow_telegram_language(tom, Language.EN)
    assert again.language is Language.ZH and again.language_chosen
    await services.users.add_user(
        telegram_id=22, name="李", role=Role.MANAGER, team=None, language=Language.ZH
    )
    li = await services.users.resolve_actor(22)
    assert li is not None and li.language_chosen  # an admin's --lang is a choice
