"""Drafts kept in the database: idle ones end after 30 minutes, and say what they held."""

from __future__ import annotations

from services.bootstrap import Services
from services.domain import Role
from tests.fakes import FakeClock


async def test_a_draft_idle_for_thirty_minutes_ends_and_is_reported(
    services: Services, clock: FakeClock
) -> None:
    await services.users.add_user(telegram_id=11, name="张三", role=Role.MANAGER, team=None)
    actor = await services.users.resolve_actor(11)
    assert actor is not None
    await services.visits.start(actor, "今天拜访了某客户，谈了扩容")
    clock.advance(minutes=29)
    assert await services.conversations.store.expire_idle() == []
    clock.advance(minutes=2)
    expired = await services.conversations.store.expire_idle()
    assert [(tg, state.kind) for tg, _, state in expired] == [(11, "visit")]
    assert "扩容" in str(expired[0][2].data.get("summary"))
    assert await services.conversations.store.get(actor.user_id) is None


async def test_a_redelivered_update_is_recognised(services: Services) -> None:
    assert await services.ledger.first_time(42, 1001)
    assert not await services.ledger.first_time(42, 1001)
    assert await services.ledger.first_time(43, 1001)
