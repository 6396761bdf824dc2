"""Complaint tickets on both databases: deadlines on the official calendar, and the ticket's life."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from services.bootstrap import Services
from services.client_import import ClientRow
from services.domain import Actor, Role
from services.draft_store import FlowState
from services.reminders.kinds import Kind
from tests.fakes import FakeClock

SHANGHAI = ZoneInfo("Asia/Shanghai")


async def _manager(services: Services) -> Actor:
    await services.users.add_user(telegram_id=10, name="王主管", role=Role.SUPERVISOR, team="一部")
    await services.users.add_user(telegram_id=11, name="张三", role=Role.MANAGER, team="一部")
    await services.clients.upsert_rows(None, [ClientRow(
        line=2, name="华能南京电厂", owner_telegram_id=11, tier=None, credit_rating=None,
        strategy=None, industry=None, region=None, address=None, latitude=None, longitude=None,
        last_visit_on=None, notes=None, aliases=(), contacts=(),
    )])  # fmt: skip
    actor = await services.users.resolve_actor(11)
    assert actor is not None
    return actor


async def _file(services: Services, actor: Actor, severity: str) -> tuple[int, str]:
    outcome = await services.complaints.start(actor, f"华能南京电厂 专线故障 {severity}")
    state = await services.conversations.store.get(actor.user_id)
    assert state is not None
    state.data.update(severity=severity, category="product_quality", received_by="张三")
    await services.conversations.store.save(state)
    saved = await services.complaints.save(actor, FlowState(**{**state.__dict__}))
    say = saved.says[0]
    assert say.key == "complaint.saved", (outcome, saved)
    return int(say.params["id"]), str(say.params["resolution_due"])


async def test_a_complaint_before_national_day_is_due_after_the_holiday(
    services: Services, clock: FakeClock
) -> None:
    actor = await _manager(services)
    clock.set(datetime(2025, 9, 30, 17, 0, tzinfo=SHANGHAI).astimezone(UTC))
    ticket_id, _ = await _file(services, actor, "critical")
    ticket = await services.complaints.ticket(actor, ticket_id)
    assert ticket is not None and not ticket.estimated
    due = ticket.first_response_due.astimezone(SHANGHAI)
    assert (due.date().isoformat(), due.hour, due.minute) == ("2025-10-09", 23, 59)


async def test_a_deadline_in_an_unannounced_year_is_estimated_not_a_crash(
    services: Services, clock: FakeClock
) -> None:
    actor = await _manager(services)
    clock.set(datetime(2026, 12, 30, 10, 0, tzinfo=SHANGHAI).astimezone(UTC))
    ticket_id, _ = await _file(services, actor, "medium")
    ticket = await services.complaints.ticket(actor, ticket_id)
    assert ticket is not None and ticket.estimated
    assert ticket.resolution_due.astimezone(SHANGHAI).year == 2027


async def test_a_ticket_moves_from_open_to_closed_and_a_double_save_writes_once(
    services: Services,
) -> None:
    actor = await _manager(services)
    await services.complaints.start(actor, "华能南京电厂 计费错误 一般")
    state = await services.conversations.store.get(actor.user_id)
    assert state is not None
    state.data["received_by"] = "张三"
    first = await services.complaints.save(actor, state)
    again = await services.complaints.save(actor, state)
    assert first.says[0].key == "complaint.saved" and again.says[0].key == "complaint.saved_again"
    assert len(await services.complaints.open_tickets(actor)) == 1
    ticket_id = int(first.says[0].params["id"])
    assert (await services.complaints.act(actor, ticket_id, "respond")).says[
        0
    ].key == "complaint.now_responded"
    await services.complaints.act(actor, ticket_id, "resolve")
    resolving = await services.conversations.store.get(actor.user_id)
    assert resolving is not None and resolving.step == "resolution"
    shown = await services.complaints.on_text(actor, resolving, "退还多收费用")
    assert shown.says[0].key == "complaint.resolve_confirm"  # the note shown, nothing written
    view = await services.complaints.ticket(actor, ticket_id)
    assert view is not None and view.status == "responded"
    confirming = await services.conversations.store.get(actor.user_id)
    assert confirming is not None
    resolved = await services.complaints.on_choice(actor, confirming, "ok")
    assert resolved.says[0].key == "complaint.now_resolved"
    closed = await services.complaints.act(actor, ticket_id, "score4")
    assert closed.says[0].key == "complaint.now_closed"
    assert await services.complaints.open_tickets(actor) == []


async def test_a_high_complaint_notifies_the_team_supervisor(services: Services) -> None:
    actor = await _manager(services)
    await services.complaints.start(actor, "华能南京电厂 服务态度 严重")
    state = await services.conversations.store.get(actor.user_id)
    assert state is not None
    state.data["received_by"] = "张三"
    outcome = await services.complaints.save(actor, state)
    assert outcome.outbox  # the alert waits in the outbox, committed with the ticket
    claim = await services.reminders.claim("test")
    assert [d.telegram_id for d in claim.deliveries if d.kind == Kind.ALERT] == [10]


async def test_a_complaint_started_with_only_the_clients_name_asks_what_they_complain_of(
    services: Services,
) -> None:
    """'/complaint 华能南京电厂' names the client: the description is asked, not '华能南京电厂'."""
    actor = await _manager(services)
    for typed in ("华能南京电厂", "华能南京电厂投诉", "华能南京电厂的投诉"):
        outcome = await services.complaints.start(actor, typed)
        state = await services.conversations.store.get(actor.user_id)
        assert state is not None and state.data.get("client_name") == "华能南京电厂", typed
        assert not state.data.get("description"), (typed, state.data)
        await services.conversations.on_choice(actor, state.token, "g:billing")
        await services.conversations.on_choice(actor, state.token, "s:high")
        asked = await services.conversations.store.get(actor.user_id)
        assert asked is not None and asked.step == "description", (typed, outcome)
        await services.conversations.cancel(actor)
    await services.complaints.start(actor, "华能南京电厂 发票重复")
    state = await services.conversations.store.get(actor.user_id)
    assert state is not None and state.data.get("description") == "华能南京电厂 发票重复"


@pytest.mark.parametrize("label", ["投诉：", "投訴：", "客户投诉: ", "Complaint: "])
async def test_a_label_opening_a_complaint_is_no_part_of_its_description(
    services: Services, label: str
) -> None:
    # "投訴：寶鋼說…" was filed with the description "投訴：寶鋼說…".
    actor = await _manager(services)
    await services.complaints.start(actor, f"{label}华能南京电厂反映发票重复开具")
    state = await services.conversations.store.get(actor.user_id)
    assert state is not None and state.data.get("client_name") == "华能南京电厂"
    assert state.data.get("description") == "华能南京电厂反映发票重复开具", state.data


async def test_a_question_typed_at_the_description_step_can_still_be_the_description(
    services: Services,
) -> None:
    actor = await _manager(services)
    await services.complaints.start(actor, "华能南京电厂")
    state = await services.conversations.store.get(actor.user_id)
    assert state is not None
    await services.conversations.on_choice(actor, state.token, "g:billing")
    await services.conversations.on_choice(actor, state.token, "s:high")
    aside = await services.conversations.aside(actor, "计费投诉多久要解决？")
    assert aside is not None  # answered first, then the step again with a button
    keep = [c.value for row in aside.says[-1].choices for c in row]
    assert aside.says[-1].key == "complaint.ask_description" and "aside" in keep, aside
    assert await services.conversations.aside(actor, "客户问为什么又重复计费？") is None  # told
    kept = await services.conversations.on_choice(actor, state.token, "aside")
    after = await services.conversations.store.get(actor.user_id)
    assert after is not None and after.data["description"] == "计费投诉多久要解决？", kept
