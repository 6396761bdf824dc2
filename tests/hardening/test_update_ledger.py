"""Updates arriving together are recorded together, and each is still handled exactly once.

Every update is written to the ledger before it is handled; on SQLite one transaction per update
kept other users' saves queueing under load, so updates that arrive together share one.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from datetime import timedelta

import psycopg
import pytest
from sqlalchemy import func, select

from services.bootstrap import Services, bootstrap
from services.storage.models import ProcessedUpdate
from services.update_ledger import InboxBusy, InboxConfig
from tests.conftest import _truncate_all


async def test_fifty_updates_at_once_with_redeliveries_are_each_handled_once(
    services: Services,
) -> None:
    ids = [n % 40 for n in range(50)]  # ten of them delivered twice, at the same moment
    answers = await asyncio.gather(*(services.ledger.first_time(7, i) for i in ids))
    handled = [i for i, first in zip(ids, answers, strict=True) if first]
    assert sorted(handled) == list(range(40))
    async with services.db.read() as session:
        stored = (await session.execute(select(func.count()).select_from(ProcessedUpdate))).scalar()
    assert stored == 40
    # Delivered again later (after a restart): not handled again; another bot's ids are its own.
    again = await asyncio.gather(services.ledger.first_time(7, 3), services.ledger.first_time(8, 3))
    assert again == [False, True]


async def test_an_update_the_database_holds_up_is_refused_in_time_and_handled_once_when_recorded(
    postgres_url: str,
) -> None:
    """A lock another session holds on the ledger stops the insert: the webhook is not kept
    waiting past `wait` (Telegram is told to send it again); once the lock goes, the record
    commits and the update is handled from it, and Telegram's next delivery is a repeat."""
    with contextlib.suppress(psycopg.errors.UndefinedTable):
        _truncate_all(postgres_url)
    services = await bootstrap(
        database_url=postgres_url, inbox=InboxConfig(wait=timedelta(seconds=0.5))
    )
    late: list[str] = []
    services.ledger.late = lambda key, body: late.append(body)
    holder = await psycopg.AsyncConnection.connect(postgres_url.replace("+psycopg", ""))
    try:
        await holder.execute("BEGIN")
        await holder.execute("LOCK TABLE processed_updates IN SHARE MODE")
        started = time.monotonic()
        with pytest.raises(InboxBusy):
            await services.ledger.receive(7, 1, '{"update_id": 1}')
        assert time.monotonic() - started < 5
        # Telegram's next delivery, while the lock is still held: refused in time too.
        with pytest.raises(InboxBusy):
            await services.ledger.receive(7, 1, '{"update_id": 1}')
        assert late == []
        await holder.execute("ROLLBACK")
        await until(lambda: late == ['{"update_id": 1}'])
        assert services.ledger.handling(7, 1) is not None  # this process's to handle
        # The delivery after that finds it recorded: not handled a second time.
        assert await services.ledger.receive(7, 1, '{"update_id": 1}') is False
        await asyncio.sleep(0.2)
        assert late == ['{"update_id": 1}']
        async with services.db.read() as session:
            rows = (await session.execute(select(ProcessedUpdate.key))).scalars().all()
        assert rows == ["7:1"]
    finally:
        await holder.close()
        await services.close()


async def until(check: Callable[[], object], timeout: float = 10.0) -> None:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.05)
