"""Updates a dead process left unfinished are taken over by exactly one of the processes that
claim them at once (each with its own connections, as replicas have), never while the process
handling them lives, and at once when it stops cleanly; on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest

from services.bootstrap import Services, bootstrap
from services.update_ledger import InboxConfig
from tests.fakes import FakeClock

BOT = 7
LEASE = InboxConfig().lease


@pytest.fixture
async def replicas(database_url: str, clock: FakeClock) -> AsyncIterator[list[Services]]:
    """Four processes' services on one database, each with its own engine and connection pool."""
    first = await bootstrap(database_url=database_url, clock=clock)
    others = [await bootstrap(database_url=database_url, clock=clock, run_migrations=False)
              for _ in range(3)]  # fmt: skip
    try:
        yield [first, *others]
    finally:
        for services in (first, *others):
            await services.close()


def body(update_id: int) -> str:
    return json.dumps({"update_id": update_id, "message": {"text": f"消息{update_id}"}})


async def test_what_a_dead_replica_left_is_taken_over_once_by_one_of_the_replicas_claiming_it(
    replicas: list[Services], clock: FakeClock
) -> None:
    dying, *alive = replicas
    received = await asyncio.gather(*(dying.ledger.receive(BOT, n, body(n)) for n in range(60)))
    assert all(received)
    # Telegram delivering one again (it had no answer in time): not received twice.
    assert not await alive[0].ledger.receive(BOT, 5, body(5))
    for n in range(10):  # these ten were handled before it died
        dying.ledger.finished(f"{BOT}:{n}")
    await asyncio.sleep(0)

    # While it lives it keeps them: its renewals outlast every lease that would have run out.
    for _ in range(3):
        clock.advance(seconds=LEASE.total_seconds() * 0.6)
        await dying.ledger.tend()
        assert await asyncio.gather(*(r.ledger.tend() for r in alive)) == [[], [], []]

    # It dies (no more renewals); once its lease runs out, the three claim at the same moment.
    clock.advance(seconds=LEASE.total_seconds() + 1)
    taken = await asyncio.gather(*(r.ledger.tend() for r in alive))
    keys = [item.key for items in taken for item in items]
    assert sorted(keys) == sorted(f"{BOT}:{n}" for n in range(10, 60))  # each once, none done
    assert all(item.attempts == 2 and json.loads(item.body)["update_id"] == int(item.key[2:])
               for items in taken for item in items)  # fmt: skip
    # The claimers now hold them: nobody takes them again while they live.
    clock.advance(seconds=LEASE.total_seconds() * 0.6)
    for r in alive:
        await r.ledger.tend()
    clock.advance(seconds=LEASE.total_seconds() * 0.6)
    assert [await r.ledger.tend() for r in alive] == [[], [], []]


async def test_a_replica_stopping_cleanly_hands_its_unfinished_updates_over_at_once(
    replicas: list[Services],
) -> None:
    stopping, other, *_ = replicas
    for n in range(5):
        assert await stopping.ledger.receive(BOT, n, body(n))
    stopping.ledger.finished(f"{BOT}:0")
    assert await other.ledger.tend() == []
    await stopping.ledger.let_go()  # on a clean stop (SIGTERM): no lease to wait out
    taken = await other.ledger.tend()
    assert [item.key for item in taken] == [f"{BOT}:{n}" for n in range(1, 5)]
