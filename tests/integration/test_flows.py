"""Drafts kept in the database: idle ones end after 30 minutes, and say what they held."""

from __future__ import annotations

from services.bootstrap import Services
from services.domain import Role
from tests.fakes import FakeClock
from tests.kit import client


async def test_a_draft_idle_for_thirty_minutes_ends_and_is_reported(
    services: Services, clock: FakeClock
) -> None:
    await services.users.add_user(telegram_id=11, name="张三", role=Role.MANAGER, team=None)
    # A manager with no client yet starts no draft: one client of theirs.
    await services.clients.upsert_rows(None, [client(1, "某客户有限公司", 11)])
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


async def test_a_voice_drafts_words_stay_on_its_card_through_an_edit_and_a_restart(
    services: Services,
) -> None:
    await services.users.add_user(telegram_id=12, name="张三", role=Role.MANAGER, team=None)
    await services.clients.upsert_rows(None, [client(1, "某客户有限公司", 12)])
    actor = await services.users.resolve_actor(12)
    assert actor is not None
    words = "今天拜访了某客户，谈了扩容。" * 40  # a long recording: the card keeps a sane part
    outcome = await services.visits.start(actor, words, heard=words)
    token = outcome.says[-1].token
    assert token is not None
    conversations = services.conversations
    await conversations.on_choice(actor, token, "edit")
    await conversations.on_choice(actor, token, "e:summary")
    edited = await conversations.on_text(actor, "谈了二期扩容和报价")
    assert edited is not None
    card = edited.says[-1].card
    assert card is not None and card["summary"] == "谈了二期扩容和报价"
    heard = str(card["heard"])
    assert heard.startswith("今天拜访了某客户") and heard.endswith("…") and len(heard) <= 300
    state = await conversations.store.get(actor.user_id)  # what a restart reads back
    assert state is not None
    resumed = await conversations.resume_prompt(actor, state)
    assert resumed[-1].card is not None and resumed[-1].card["heard"] == heard


async def test_a_typed_draft_has_no_heard_words(services: Services) -> None:
    await services.users.add_user(telegram_id=13, name="李四", role=Role.MANAGER, team=None)
    await services.clients.upsert_rows(None, [client(1, "某客户有限公司", 13)])
    actor = await services.users.resolve_actor(13)
    assert actor is not None
    outcome = await services.complaints.start(actor, "某客户反映账单多扣费，紧急")
    state = await services.conversations.store.get(actor.user_id)
    assert state is not None and "heard" not in state.data
    assert all(not (say.card or {}).get("heard") for say in outcome.says)
