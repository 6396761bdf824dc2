"""Updates arriving together are recorded together, and each is still handled exactly once.

Every update is written to the ledger before it is handled; on SQLite one transaction per update
kept other users' saves queueing under load, so updates that arrive together share one.
"""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from services.bootstrap import Services
from services.storage.models import ProcessedUpdate


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
