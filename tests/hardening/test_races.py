"""Two taps at the same instant: exactly one wins, the other is told what happened (both databases).

PostgreSQL runs READ COMMITTED: without a row lock both transactions read the same state and both
change it. The taps here run concurrently on separate connections, as two updates do in the bot,
and `both_read_first` makes them interleave the worst way every time: each tap, having read the
row, waits for the other to have read it too. With the row lock the second tap cannot read until
the first commits, so the first goes on alone after a moment; without it, both read "resolved"
(or "pending") and both change it: the test fails on every run, not one in five.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from services.bootstrap import Services
from services.domain import Actor, Language, Role
from services.draft_store import FlowState
from services.errors import AlreadyRegistered, InviteInvalid
from services.storage.models import AuditEntry, User
from services.users import InviteLink
from tests.fakes import FakeClock
from tests.integration.test_reminders import ZHANG, file_complaint, row, sweep, team


def both_read_first(services: Services, point: str) -> None:
    """Hold each transaction at `point` (row read, not yet changed) until the other is there."""
    arrived: list[str] = []
    both = asyncio.Event()

    async def hook(name: str) -> None:
        if name != point:
            return
        arrived.append(name)
        if len(arrived) >= 2:
            both.set()
        with contextlib.suppress(TimeoutError):
            # Locked out, the other tap never arrives while we hold the row: go on alone.
            await asyncio.wait_for(both.wait(), timeout=1.0)

    services.db.race_hook = hook


async def audit_rows(services: Services, entity: str, action: str) -> int:
    async with services.db.read() as session:
        return int(
            (
                await session.execute(
                    select(func.count()).select_from(AuditEntry)
                    .where(AuditEntry.entity == entity, AuditEntry.action == action)
                )
            ).scalar_one()
        )  # fmt: skip


async def test_a_one_time_invite_registers_only_one_of_several_people_at_once(
    services: Services,
) -> None:
    await services.users.add_user(telegram_id=1, name="管理员", role=Role.ADMIN, team=None)
    admin = await services.users.resolve_actor(1)
    assert admin is not None
    link = await services.users.create_invite(admin, Role.MANAGER, "华东一部", confirmed=True)
    assert isinstance(link, InviteLink)

    async def take(telegram_id: int) -> str:
        try:
            await services.users.accept_invite(
                code=link.code, telegram_id=telegram_id, name=f"u{telegram_id}",
                language=Language.ZH,
            )  # fmt: skip
        except (InviteInvalid, AlreadyRegistered) as exc:
            return exc.code
        return "registered"

    for attempt in range(3):
        if attempt:
            link = await services.users.create_invite(admin, Role.MANAGER, "华东一部")
            assert isinstance(link, InviteLink)
        ids = [100 + attempt * 10 + i for i in range(4)]
        results = await asyncio.gather(*(take(i) for i in ids))
        assert sorted(results) == ["error.invite_invalid"] * 3 + ["registered"], results
    async with services.db.read() as session:
        managers = (await session.execute(select(func.count()).select_from(User)
                                          .where(User.role == "manager"))).scalar_one()  # fmt: skip
    assert managers == 3


async def _resolved_ticket(services: Services, zhang: Actor) -> int:
    await services.clients.upsert_rows(None, [row(2, "华能南京电厂", ZHANG, "good",
                                                  date(2026, 11, 20))])  # fmt: skip
    return await file_complaint(services, zhang, "华能南京电厂", "high")


async def test_responded_tapped_twice_at_once_is_recorded_once(services: Services) -> None:
    zhang, _, _ = await team(services)
    ticket = await _resolved_ticket(services, zhang)
    both_read_first(services, "complaint.act")
    outcomes = await asyncio.gather(
        services.complaints.act(zhang, ticket, "respond"),
        services.complaints.act(zhang, ticket, "respond"),
    )
    keys = sorted(o.says[0].key for o in outcomes)
    assert keys == ["complaint.already", "complaint.now_responded"]
    assert await audit_rows(services, "complaint", "respond") == 1


async def test_satisfaction_one_and_five_together_keep_the_first_and_tell_the_second(
    services: Services,
) -> None:
    zhang, _, _ = await team(services)
    ticket = await _resolved_ticket(services, zhang)
    asked = await services.complaints.act(zhang, ticket, "resolve")
    state = await services.conversations.store.get(zhang.user_id)
    assert state is not None and asked.says[0].key == "complaint.ask_resolution"
    shown = await services.conversations.on_text(zhang, "已更换设备，客户确认恢复")
    assert shown is not None and shown.says[0].token is not None
    await services.conversations.on_choice(zhang, shown.says[0].token, "ok")  # the note confirmed
    both_read_first(services, "complaint.act")
    low, high = await asyncio.gather(
        services.complaints.act(zhang, ticket, "score1"),
        services.complaints.act(zhang, ticket, "score5"),
    )
    # One score counts: 1 reopens the ticket (handbook Art. 33), 5 closes it; the other is told.
    keys = sorted([low.says[0].key, high.says[0].key])
    assert keys in (["complaint.already", "complaint.now_closed"],
                    ["complaint.already", "complaint.now_reopened"])  # fmt: skip
    winner = 1 if low.says[0].key == "complaint.now_reopened" else 5
    view = await services.complaints.ticket(zhang, ticket)
    assert view is not None and view.satisfaction == winner
    assert view.status == ("responded" if winner == 1 else "closed")
    assert await audit_rows(services, "complaint", f"score{winner}") == 1
    assert await audit_rows(services, "complaint", f"score{6 - winner}") == 0


async def _sent_reminder(services: Services, clock: FakeClock) -> tuple[Actor, int]:
    zhang, _, _ = await team(services)
    await services.clients.upsert_rows(None, [row(2, "华能南京电厂", ZHANG, "medium",
                                                  date(2026, 8, 1))])  # fmt: skip
    clock.set(datetime(2026, 11, 23, 2, 0, tzinfo=UTC))  # 10:00 Shanghai
    sent = await sweep(services)
    return zhang, sent[0].ids[0]


async def test_snooze_one_day_and_one_week_together_snooze_once(
    services: Services, clock: FakeClock
) -> None:
    zhang, rid = await _sent_reminder(services, clock)
    menu = await services.reminders.act(zhang, rid, "snooze_menu")
    both_read_first(services, "reminder.act")
    day, week = await asyncio.gather(
        services.reminders.act(zhang, rid, "snooze", 1, seen_snoozes=menu.snoozed),
        services.reminders.act(zhang, rid, "snooze", 7, seen_snoozes=menu.snoozed),
    )
    outcomes = sorted([(day.outcome, day.reason), (week.outcome, week.reason)], key=str)
    assert outcomes == [("snoozed", None), ("stale", "already_snoozed")]
    winner = day if day.outcome == "snoozed" else week
    loser = week if winner is day else day
    assert loser.until == winner.until  # the loser is told until when it really is snoozed
    assert await audit_rows(services, "reminder", "snoozed") == 1
    # From /reminders later, with the count seen there, a second snooze is allowed.
    services.db.race_hook = None
    again = await services.reminders.act(zhang, rid, "snooze", 3, seen_snoozes=menu.snoozed + 1)
    assert again.outcome == "snoozed"


async def test_done_and_cancel_together_apply_one_and_tell_the_other(
    services: Services, clock: FakeClock
) -> None:
    zhang, rid = await _sent_reminder(services, clock)
    both_read_first(services, "reminder.act")
    done, cancel = await asyncio.gather(
        services.reminders.act(zhang, rid, "done"), services.reminders.act(zhang, rid, "cancel")
    )
    results = sorted([done.outcome, cancel.outcome])
    assert results in (["cancelled", "stale"], ["done", "stale"]), results
    loser = done if done.outcome == "stale" else cancel
    assert loser.reason in ("already_done", "already_cancelled")
    assert (
        await audit_rows(services, "reminder", "done")
        + await audit_rows(services, "reminder", "cancelled")
    ) == 1


async def test_one_ticket_correction_confirmed_twice_at_once_is_written_once(
    services: Services,
) -> None:
    zhang, _, _ = await team(services)
    await services.clients.upsert_rows(None, [row(2, "华能南京电厂", ZHANG, "good", None)])
    ticket = await file_complaint(services, zhang, "华能南京电厂", "low")
    await services.complaints.start_edit(zhang, ticket)
    state = await services.conversations.store.get(zhang.user_id)
    assert state is not None
    state.data.pop("step", None)
    state.data["severity"] = "critical"
    await services.conversations.store.save(state)
    both_read_first(services, "complaint.edit")
    first, second = await asyncio.gather(
        services.complaints.save(zhang, FlowState(**{**state.__dict__})),
        services.complaints.save(zhang, FlowState(**{**state.__dict__})),
    )
    # One correction is written; the other tap is told it is saved, not that someone else
    # changed the ticket meanwhile.
    keys = sorted([first.says[0].key, second.says[0].key])
    assert keys == ["complaint.edited", "complaint.saved_again"], keys
    assert await audit_rows(services, "complaint", "update") == 1
    view = await services.complaints.ticket(zhang, ticket)
    assert view is not None and view.severity == "critical"
