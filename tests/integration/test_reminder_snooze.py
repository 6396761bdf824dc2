"""Snoozing and changing a reminder the user set, on both databases with a fake clock: what the
snooze answer says is when it comes again, on the user's own wall clock, its day with it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from services.bootstrap import Services
from services.domain import Actor
from services.reminders.kinds import Kind
from tests.fakes import FakeClock
from tests.integration.test_reminders import ZHANG, sweep, team

NEW_YORK = ZoneInfo("America/New_York")
SHANGHAI = ZoneInfo("Asia/Shanghai")


async def set_task(services: Services, actor: Actor, text: str) -> int:
    """A reminder asked for in words and confirmed; its id."""
    reading = await services.interpreter.read(actor, text, chat_id=ZHANG)
    assert reading.outcome is not None
    card = reading.outcome.says[-1]
    assert card.key.startswith("task.confirm") and card.token is not None, card
    saved = await services.conversations.on_choice(actor, card.token, "ok")
    assert saved.says[0].key == "task.saved", saved
    items, _ = await services.reminders.pending(actor)
    return max(i.id for i in items if i.kind == Kind.TASK)


async def test_a_reminder_not_sent_yet_snoozed_a_day_keeps_its_hour_over_a_clock_change(
    services: Services, clock: FakeClock
) -> None:
    zhang, _, _ = await team(services)
    zhang = await services.users.set_timezone(zhang, "America/New_York")
    # Friday 12 March 2027, 10:00 in New York; New York moves its clocks on Sunday the 14th.
    clock.set(datetime(2027, 3, 12, 10, 0, tzinfo=NEW_YORK).astimezone(UTC))
    rid = await set_task(services, zhang, "remind me tomorrow at 9am to call the client")
    snoozed = await services.reminders.act(zhang, rid, "snooze", 1)
    # A day after its own time (Saturday 09:00), not after now; 09:00 on Sunday though Sunday
    # is an hour shorter (it was 10:00 EDT, 24 hours on).
    assert snoozed.until is not None
    assert snoozed.until.astimezone(NEW_YORK) == datetime(2027, 3, 14, 9, 0, tzinfo=NEW_YORK)
    items, _ = await services.reminders.pending(zhang)
    [task] = [i for i in items if i.id == rid]
    assert task.params["due_on"] == date(2027, 3, 14)
    # Saturday's digest does not list it any more; Sunday's does.
    saturday = await services.reminders.digest(zhang.user_id, date(2027, 3, 13))
    assert saturday is None or saturday["tasks"] == []
    sunday = await services.reminders.digest(zhang.user_id, date(2027, 3, 14))
    assert sunday is not None and [t["text"] for t in sunday["tasks"]] == ["call the client"]


async def test_a_reminder_set_for_the_evening_snoozed_comes_at_its_hour_not_after_quiet_hours(
    services: Services, clock: FakeClock
) -> None:
    zhang, _, _ = await team(services)
    clock.set(datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI).astimezone(UTC))
    rid = await set_task(services, zhang, "提醒我今天晚上10点给客户发报价")
    snoozed = await services.reminders.act(zhang, rid, "snooze", 1)
    # Asked for 22:00 (inside quiet hours 21-08, which a set reminder ignores): a day later at
    # 22:00, not at 08:00 the morning after.
    assert snoozed.until is not None
    assert snoozed.until.astimezone(SHANGHAI) == datetime(2026, 12, 1, 22, 0, tzinfo=SHANGHAI)
    clock.set(datetime(2026, 12, 1, 22, 0, tzinfo=SHANGHAI).astimezone(UTC))
    assert [d.kind for d in await sweep(services) if d.kind == Kind.TASK] == [Kind.TASK]


async def test_a_sent_reminder_snoozed_comes_again_a_day_from_now(
    services: Services, clock: FakeClock
) -> None:
    zhang, _, _ = await team(services)
    clock.set(datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI).astimezone(UTC))
    rid = await set_task(services, zhang, "提醒我今天下午3点给客户发报价")
    clock.set(datetime(2026, 11, 30, 15, 0, tzinfo=SHANGHAI).astimezone(UTC))
    assert [d.ids[0] for d in await sweep(services) if d.kind == Kind.TASK] == [rid]
    clock.set(datetime(2026, 11, 30, 16, 20, tzinfo=SHANGHAI).astimezone(UTC))
    snoozed = await services.reminders.act(zhang, rid, "snooze", 1)
    assert snoozed.until is not None
    assert snoozed.until.astimezone(SHANGHAI) == datetime(2026, 12, 1, 16, 20, tzinfo=SHANGHAI)


async def test_only_its_owner_may_change_a_reminders_time_and_not_once_it_is_done(
    services: Services, clock: FakeClock
) -> None:
    zhang, li, _ = await team(services)
    clock.set(datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI).astimezone(UTC))
    rid = await set_task(services, zhang, "提醒我明天下午3点给客户发报价")
    # Another manager: told there is no such reminder; nothing asked, nothing moved.
    assert [s.key for s in (await services.conversations.change_reminder(li, rid)).says] == [
        "rem.not_found"
    ]
    moved_by_li = await services.reminders.move_task(
        li, rid, day=date(2026, 12, 5), send_at=datetime(2026, 12, 5, 9, 0, tzinfo=SHANGHAI)
    )
    assert moved_by_li is False
    # The owner: asked the new time, shown the card, moved on Confirm.
    asked = await services.conversations.change_reminder(zhang, rid)
    assert asked.says[0].key == "task.change_when" and asked.says[0].params["was"] == (
        "2026-12-01 15:00"
    )
    card = await services.conversations.on_text(zhang, "周五上午10点")
    assert card is not None and card.says[-1].key == "task.confirm_plain"
    assert (card.says[-1].params["day"], card.says[-1].params["time"]) == ("2026-12-04", "10:00")
    # Done on another device meanwhile: the confirm moves nothing and says so.
    assert (await services.reminders.act(zhang, rid, "done")).outcome == "done"
    token = card.says[-1].token
    assert token is not None
    late = await services.conversations.on_choice(zhang, token, "ok")
    assert [s.key for s in late.says] == ["rem.not_found"]
    assert (await services.reminders.task_of(zhang, rid)) is None


async def test_a_reminder_asked_for_in_english_gets_its_card_in_english(
    services: Services, clock: FakeClock
) -> None:
    zhang, _, _ = await team(services)  # a Chinese-speaking user, typing English
    clock.set(datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI).astimezone(UTC))
    reading = await services.interpreter.read(
        zhang, "remind me to call Huaneng at 5", chat_id=ZHANG
    )
    assert reading.outcome is not None and reading.outcome.lang == "en", reading.outcome
    card = reading.outcome.says[-1]
    assert (card.params["time"], card.params["guessed"]) == ("17:00", "05:00")


async def test_changing_an_english_reminders_time_is_asked_in_english(
    services: Services, clock: FakeClock
) -> None:
    zhang, _, _ = await team(services)  # a Chinese-speaking user
    clock.set(datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI).astimezone(UTC))
    rid = await set_task(services, zhang, "remind me tomorrow at 3pm to send the quote")
    asked = await services.conversations.change_reminder(zhang, rid)
    assert asked.lang == "en" and asked.says[0].key == "task.change_when", asked
    card = await services.conversations.on_text(zhang, "Friday 10am")
    assert card is not None and card.lang == "en", card
    assert (card.says[-1].params["day"], card.says[-1].params["time"]) == ("2026-12-04", "10:00")
