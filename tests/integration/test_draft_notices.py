"""A draft's notices go through the outbox on both databases: "your draft was kept" is queued
once however many processes start, and "your draft ended" waits for an unreachable user and
then goes out once."""

from __future__ import annotations

import pytest

from services.bootstrap import Services, bootstrap
from services.domain import Actor, Role
from services.outbox import Result, SendResult
from services.reminders.kinds import Kind
from tests.fakes import FakeClock
from tests.integration.test_outbox import RecordingNotifier
from tests.kit import client

ZHANG = 11


async def _draft(services: Services) -> Actor:
    await services.users.add_user(telegram_id=ZHANG, name="张三", role=Role.MANAGER, team=None)
    # A manager with no client yet starts no draft: one client of theirs, not the one reported.
    await services.clients.upsert_rows(None, [client(1, "宁波银行股份有限公司", ZHANG)])
    actor = await services.users.resolve_actor(ZHANG)
    assert actor is not None
    await services.visits.start(actor, "今天拜访了某客户，谈了扩容")
    return actor


async def test_two_starts_queue_one_kept_draft_notice(
    services: Services, database_url: str, clock: FakeClock
) -> None:
    await _draft(services)
    replica = await bootstrap(database_url=database_url, clock=clock, timezone="Asia/Shanghai")
    try:
        assert await services.conversations.announce_restart(services.users.resolve_actor) == 1
        assert await replica.conversations.announce_restart(replica.users.resolve_actor) == 0
        assert await services.conversations.announce_restart(services.users.resolve_actor) == 0
        notifier = RecordingNotifier()
        await services.outbox.sweep(notifier)
        await replica.outbox.sweep(notifier)
    finally:
        await replica.close()
    assert notifier.of(Kind.DRAFT_KEPT) == [ZHANG]
    kept = notifier.sent[0]
    assert kept.params["flow"] == "visit"
    assert kept.params["says"] and all(s["token"] for s in kept.params["says"] if s["choices"])
    # A third start after it went out: the same draft, unchanged, is not announced again.
    assert await services.conversations.announce_restart(services.users.resolve_actor) == 0


async def test_a_kept_draft_cancelled_before_its_notice_went_out_is_not_announced(
    services: Services,
) -> None:
    actor = await _draft(services)
    assert await services.conversations.announce_restart(services.users.resolve_actor) == 1
    assert await services.conversations.cancel(actor)  # the user moved on by themselves
    notifier = RecordingNotifier()
    await services.outbox.sweep(notifier)
    assert notifier.of(Kind.DRAFT_KEPT) == []


async def test_an_expired_drafts_notice_waits_for_an_unreachable_user_then_goes_once(
    services: Services, clock: FakeClock
) -> None:
    await _draft(services)
    clock.advance(minutes=31)
    assert len(await services.conversations.store.expire_idle()) == 1
    notifier = RecordingNotifier(
        draft_expired=[SendResult(Result.UNREACHABLE, detail="Forbidden: bot was blocked")]
    )
    await services.outbox.sweep(notifier)
    assert notifier.of(Kind.DRAFT_EXPIRED) == [ZHANG]
    assert await services.conversations.store.expire_idle() == []
    await services.outbox.sweep(notifier)
    assert notifier.of(Kind.DRAFT_EXPIRED) == [ZHANG]  # held while they cannot be reached
    await services.reminders.reachable(ZHANG)  # they unblocked the bot
    await services.outbox.sweep(notifier)
    await services.outbox.sweep(notifier)
    assert notifier.of(Kind.DRAFT_EXPIRED) == [ZHANG, ZHANG]  # delivered on the second try, once
    expired = notifier.sent[-1]
    assert expired.params["flow"] == "visit" and "扩容" in expired.params["summary"]


async def test_an_expired_drafts_notice_tells_the_reports_kept_on_it_for_later(
    services: Services, clock: FakeClock
) -> None:
    actor = await _draft(services)
    await services.conversations.on_text(actor, "昨天下午去了宝钢，见了采购部刘总，谈了框架协议")
    state = await services.conversations.store.get(actor.user_id)
    assert state is not None and state.data.get("next_report"), state
    await services.conversations.on_choice(actor, state.token, "next:back")
    clock.advance(minutes=31)
    assert len(await services.conversations.store.expire_idle()) == 1
    notifier = RecordingNotifier()
    await services.outbox.sweep(notifier)
    summary = notifier.sent[-1].params["summary"]
    assert "扩容" in summary and "谈了框架协议" in summary, summary


async def test_an_english_drafts_notices_speak_english_to_a_chinese_user(
    services: Services, clock: FakeClock
) -> None:
    from bot.handlers.outcome import draft_notice_messages

    await services.users.add_user(telegram_id=ZHANG, name="张三", role=Role.MANAGER, team=None)
    # A manager with no client yet starts no draft: one client of theirs, not the one reported.
    await services.clients.upsert_rows(None, [client(1, "宁波银行股份有限公司", ZHANG)])
    actor = await services.users.resolve_actor(ZHANG)
    assert actor is not None
    await services.visits.start(actor, "Visited a client today, discussed the expansion")
    assert await services.conversations.announce_restart(services.users.resolve_actor) == 1
    notifier = RecordingNotifier()
    await services.outbox.sweep(notifier)
    clock.advance(minutes=31)
    assert len(await services.conversations.store.expire_idle()) == 1
    await services.outbox.sweep(notifier)
    for item in notifier.sent:  # rendered as the bot renders them for a Chinese user
        text = draft_notice_messages("zh", "Asia/Shanghai", item.kind, item.params)[0][0]
        assert "draft" in text and "草稿" not in text, text
    assert {i.kind for i in notifier.sent} == {Kind.DRAFT_KEPT, Kind.DRAFT_EXPIRED}


async def test_a_kept_drafts_card_names_the_client_in_english_as_it_first_did(
    services: Services,
) -> None:
    """Before, a card shown again after a restart said "Client: 江苏银行股份有限公司" to an English
    reader, where it had said "Bank of Jiangsu · 江苏银行股份有限公司"."""
    from bot.handlers.outcome import draft_notice_messages
    from services.client_import import ClientRow

    await services.users.add_user(telegram_id=ZHANG, name="张三", role=Role.MANAGER, team=None)
    await services.clients.upsert_rows(None, [ClientRow(
        line=2, name="江苏银行股份有限公司", owner_telegram_id=ZHANG, tier=None, credit_rating=None,
        strategy=None, industry=None, region=None, address=None, latitude=None, longitude=None,
        last_visit_on=None, notes=None, aliases=("江苏银行", "Bank of Jiangsu"), contacts=(),
    )])  # fmt: skip
    actor = await services.users.resolve_actor(ZHANG)
    assert actor is not None
    await services.visits.start(actor, "Visited Bank of Jiangsu today, discussed the ATM network")
    assert (
        await services.conversations.announce_restart(
            services.users.resolve_actor, services.clients.english_names
        )
        == 1
    )
    notifier = RecordingNotifier()
    await services.outbox.sweep(notifier)
    [kept] = notifier.sent
    shown = draft_notice_messages("en", "Asia/Shanghai", kept.kind, kept.params)
    card = next(text for text, _ in shown if "Visit report draft" in text)
    assert "Bank of Jiangsu · 江苏银行股份有限公司" in card, card


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_replica_starting_while_another_serves_is_not_a_restart_for_the_users(
    services: Services, database_url: str, clock: FakeClock
) -> None:
    """Before, a rolling restart of one replica told everyone mid-draft "the bot just restarted"
    and asked their step again, though the other replicas had kept answering them."""
    assert await services.presence.join()  # the first replica up: the bot was down till now
    restarted = await bootstrap(database_url=database_url, clock=clock, run_migrations=False)
    try:
        assert not await restarted.presence.join()  # another replica serves meanwhile
    finally:
        await restarted.close()
    await services.presence.leave()  # the last replica stops (or is killed): the bot is down
    after_outage = await bootstrap(database_url=database_url, clock=clock, run_migrations=False)
    try:
        assert await after_outage.presence.join()
    finally:
        await after_outage.close()
