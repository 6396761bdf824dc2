"""Telegram's 30 messages/s is per bot: replicas on one PostgreSQL database share it."""

from __future__ import annotations

import asyncio
import time

import pytest
from sqlalchemy import text

from services.operations import SharedSendRate
from services.storage.db import create_engine, migrate
from services.storage.uow import Database

pytestmark = pytest.mark.postgres


async def test_two_replicas_together_send_at_most_thirty_messages_a_second(
    postgres_url: str,
) -> None:
    replicas = [Database(create_engine(postgres_url)) for _ in range(2)]
    await migrate(replicas[0].engine)
    async with replicas[0].engine.begin() as conn:
        await conn.execute(text("DELETE FROM send_budget"))
    try:
        gates = [SharedSendRate(db) for db in replicas]
        sent: list[float] = []

        async def send(gate: SharedSendRate) -> None:
            await gate.take()
            sent.append(time.monotonic())

        started = time.monotonic()
        # 75 messages at once, as two replicas' reminder senders and replies might want.
        await asyncio.gather(*(send(gates[n % 2]) for n in range(75)))
        elapsed = time.monotonic() - started
        async with replicas[0].engine.connect() as conn:
            rows = (await conn.execute(text("SELECT slot, used FROM send_budget"))).all()
    finally:
        for db in replicas:
            await db.dispose()
    assert sum(used for _, used in rows) == 75
    assert max(used for _, used in rows) <= 3  # per slot (an eighth of a second)
    per_second: dict[int, int] = {}
    for slot, used in rows:
        per_second[slot // 10] = per_second.get(slot // 10, 0) + used
    assert max(per_second.values()) <= 30
    # 75 messages at 3 per eighth of a second need 25 eighths: at least 3 s from the first.
    assert elapsed >= 2.3 and max(sent) - min(sent) >= 2.0
    assert len(rows) >= 25
