"""The outbox: what the bot sends on its own goes out from the reminders rows, once, via a Notifier.

The rows are the truth (services/reminders/ creates and claims them). The outbox owns the
delivery policy: how many messages are in flight, what a "retry after" or an unreachable user
does to a row, and when a whole sweep pauses. The `Notifier` port is the only thing it needs
from outside; the Telegram adapter (bot/notifier.py) only translates its library's answers
into a `SendResult`.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import os
import socket
import time
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from services.reminders.kinds import Delivery, Kind
from services.reminders.service import ReminderService

log = logging.getLogger("kam.outbox")


class Result(enum.StrEnum):
    DELIVERED = "delivered"
    RETRY_AFTER = "retry_after"  # try again later (flood control, network, server error)
    UNREACHABLE = "unreachable"  # the user blocked the bot or never opened it: hold until they do
    REJECTED = "rejected"  # refused for good (a bad request): never sent again
    NOT_STARTED = "not_started"  # `start` said no (taken over by another sender): nothing sent


@dataclass(frozen=True, slots=True)
class SendResult:
    result: Result
    message_id: int | None = None
    retry_after: timedelta | None = None  # None with RETRY_AFTER: the outbox's own delay
    detail: str = ""

    @staticmethod
    def delivered(message_id: int | None) -> SendResult:
        return SendResult(Result.DELIVERED, message_id=message_id)


# Marks a delivery's rows as being sent; False: another sender took them over, send nothing.
Start = Callable[[], Awaitable[bool]]


class Notifier(Protocol):
    """Sends one delivery to its recipient and says what became of it; it never raises for the
    recipient's or the network's sake (only for a bug).

    It awaits `start()` once, at the last moment before its first request leaves for Telegram
    (after any wait for the rate limits), and sends nothing, answering NOT_STARTED, when that
    says no. A sender killed after `start` may have reached the recipient, so its rows are not
    sent again; one killed while its message still waited for its turn had not, and they are:
    marked any earlier, the digests a killed replica held back for the rate limit were lost."""

    async def send(self, delivery: Delivery, start: Start) -> SendResult: ...


@dataclass(frozen=True)
class OutboxConfig:
    batch: int = 200  # rows claimed at a time
    max_batches: int = 500  # per sweep, so a sweep always ends
    concurrency: int = 8  # messages in flight at once (Telegram answers in ~0.1-0.5 s from China)
    network_retry: timedelta = timedelta(seconds=60)  # after a network or server error


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Outbox:
    """Sweeps: create what is due, then claim and deliver until nothing is due."""

    def __init__(
        self,
        reminders: ReminderService,
        config: OutboxConfig | None = None,
        *,
        worker: str | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._reminders = reminders
        self.config = config or OutboxConfig()
        self.worker = worker or worker_name()
        self._lock = asyncio.Lock()
        self._monotonic = monotonic
        self._paused_until = 0.0
        self._again = False

    async def sweep(self, notifier: Notifier) -> int:
        """One sweep. While one runs in this process another returns 0 at once, and the running
        one sweeps once more when it is done (so a message queued meanwhile goes out now)."""
        if self._lock.locked():
            self._again = True
            return 0
        sent = 0
        async with self._lock:
            self._again = True
            while self._again:
                self._again = False
                sent += await self._sweep(notifier)
        return sent

    async def _sweep(self, notifier: Notifier) -> int:
        report = await self._reminders.generate()
        if report.total:
            log.info("reminders created: %s", report.created)
        sent = 0
        async with self._reminders.sending_turn() as my_turn:
            if not my_turn:
                return 0  # another process is sending; it keeps the bot within Telegram's limits
            for _ in range(self.config.max_batches):
                if self._reminders.turn_lapsed:
                    break  # another process has the turn now: no more claims from this one
                claim = await self._reminders.claim(self.worker, limit=self.config.batch)
                if not claim.taken:
                    break
                sent += await self.deliver(notifier, claim.deliveries)
        return sent

    async def deliver(self, notifier: Notifier, deliveries: Sequence[Delivery]) -> int:
        """Send each delivery once; report every outcome back to its rows."""
        gate = asyncio.Semaphore(self.config.concurrency)
        sent = 0

        async def one(item: Delivery) -> None:
            nonlocal sent

            async def start() -> bool:
                if await self._reminders.started(item.ids, self.worker):
                    return True
                log.warning("message %s was taken over by another sender", item.ids)
                return False

            async with gate:
                await self._wait_pause()
                outcome = await notifier.send(item, start)
                if await self._record(item, outcome):
                    sent += 1

        await asyncio.gather(*(one(item) for item in interleave(deliveries)))
        return sent

    async def _record(self, item: Delivery, outcome: SendResult) -> bool:
        reminders = self._reminders
        if outcome.result is Result.NOT_STARTED:
            return False  # its rows are another sender's now (or back to waiting)
        if outcome.result is Result.DELIVERED:
            await reminders.sent(item.ids, outcome.message_id)
            return True
        if outcome.result is Result.UNREACHABLE:
            log.info("user %s cannot be reached; their messages wait", item.telegram_id)
            await reminders.unreachable(item.telegram_id, item.ids)
            if item.kind == Kind.ALERT and await reminders.alert_held(item.ids):
                self._again = True  # tell the person who filed it in this same sweep
        elif outcome.result is Result.REJECTED:
            log.error("message %s refused by Telegram: %s", item.ids, outcome.detail)
            await reminders.failed(item.ids, outcome.detail)
        elif outcome.retry_after is not None:
            self._pause(outcome.retry_after.total_seconds())
            await reminders.retry(item.ids, outcome.retry_after, outcome.detail or "429")
        else:
            log.warning("message %s not sent (%s); retrying later", item.ids, outcome.detail)
            await reminders.retry(item.ids, self.config.network_retry, outcome.detail)
        return False

    def _pause(self, seconds: float) -> None:
        """Telegram said 'retry after': nothing more goes out from this sweep until then."""
        self._paused_until = max(self._paused_until, self._monotonic() + seconds)

    async def _wait_pause(self) -> None:
        # A second 429 during the pause moves its end: check again after sleeping.
        left = self._paused_until - self._monotonic()
        while left > 0:
            await asyncio.sleep(left)
            left = self._paused_until - self._monotonic()


def interleave(deliveries: Sequence[Delivery]) -> list[Delivery]:
    """Round-robin over chats, so one person's ten reminders do not hold up everyone else."""
    by_chat: dict[int, list[Delivery]] = defaultdict(list)
    for item in deliveries:
        by_chat[item.telegram_id].append(item)
    queues = list(by_chat.values())
    out: list[Delivery] = []
    depth = 0
    while len(out) < len(deliveries):
        out.extend(q[depth] for q in queues if depth < len(q))
        depth += 1
    return out
