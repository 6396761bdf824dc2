"""A bot killed while the morning digests were going out (kill -9, out of memory, a deploy), then
started again at once: the rest go out at once, and none twice (both databases).

On SQLite the bot is one process, so rows still marked as being sent by another sender when it
starts belong to the dead one; they waited for their claim to expire (ten minutes of everyone's
digest) before the restarted bot sent them.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

from services.bootstrap import Services, bootstrap
from services.outbox import Result, SendResult, Start
from services.reminders.kinds import Delivery, Kind
from tests.fakes import FakeClock
from tests.integration.test_reminders import LI, ZHANG, row, team


class Recorder:
    def __init__(self) -> None:
        self.sent: list[Delivery] = []

    async def send(self, delivery: Delivery, start: Start) -> SendResult:
        if not await start():
            return SendResult(Result.NOT_STARTED)
        self.sent.append(delivery)
        return SendResult.delivered(len(self.sent))


async def killed_while_sending_digests(
    first: Services, clock: FakeClock
) -> tuple[Recorder, list[Delivery]]:
    """The bot claims Tuesday's digests, sends the first and is killed: (what it sent, the
    digests it had claimed)."""
    await team(first)
    await first.clients.upsert_rows(None, [
        row(2, "华能南京电厂", ZHANG, "poor", date(2026, 10, 1)),  # overdue: in every digest
        row(3, "江苏银行", LI, "poor", date(2026, 10, 1)),
    ])  # fmt: skip
    await first.outbox.sweep(Recorder())  # Monday's reminders out of the way
    clock.set(datetime(2026, 11, 24, 0, 31, tzinfo=UTC))  # Tuesday 08:31 in Shanghai
    await first.reminders.generate()
    claim = await first.reminders.claim(first.outbox.worker)
    digests = [d for d in claim.deliveries if d.kind == Kind.DIGEST]
    assert len(digests) == 3  # 张三, 李四 and their supervisor
    before = Recorder()
    await first.outbox.deliver(before, digests[:1])  # killed after the first one
    return before, digests


async def test_digests_not_yet_sent_when_the_bot_was_killed_go_out_at_once_after_the_restart(
    database_url: str, clock: FakeClock
) -> None:
    first = await bootstrap(database_url=database_url, clock=clock)
    try:
        before, digests = await killed_while_sending_digests(first, clock)
    finally:
        await first.close()

    clock.advance(seconds=20)  # started again at once
    again: Services = await bootstrap(database_url=database_url, clock=clock)
    try:
        after = Recorder()
        await again.outbox.sweep(after)
    finally:
        await again.close()
    told = Counter(d.telegram_id for d in before.sent + after.sent if d.kind == Kind.DIGEST)
    assert told == Counter({d.telegram_id: 1 for d in digests}), told
