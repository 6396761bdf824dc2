"""Telegram's flood control: about 1 message/s per chat (bursts of 3), 20/min per group, 30/s in all."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from emulator.errors import too_many_requests


@dataclass
class _Bucket:
    """A token bucket: `capacity` messages at once, refilled at `rate` per second."""

    capacity: float
    rate: float
    tokens: float
    stamp: float

    def wait_time(self, now: float) -> float:
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self) -> None:
        self.tokens -= 1


class FloodControl:
    """A bucket per chat and one for the whole bot; a send that finds one empty gets 429."""

    def __init__(self) -> None:
        self._chat_buckets: dict[int, _Bucket] = {}
        self._global_bucket = _Bucket(30, 30.0, 30, time.monotonic())
        # When the last 429's retry_after runs out: a bot waiting on one is busy, not idle.
        self.retry_until = 0.0

    def spend(self, chat_id: int, *, private: bool) -> None:
        """Take a message from the chat's bucket and the bot's, or raise Telegram's 429."""
        now = time.monotonic()
        bucket = self._chat_buckets.get(chat_id)
        if bucket is None:
            bucket = _Bucket(3, 1.0, 3, now) if private else _Bucket(20, 20 / 60, 20, now)
            self._chat_buckets[chat_id] = bucket
        wait = max(bucket.wait_time(now), self._global_bucket.wait_time(now))
        if wait > 0:
            retry_after = max(1, math.ceil(wait))
            self.retry_until = max(self.retry_until, now + retry_after)
            raise too_many_requests(retry_after)
        bucket.take()
        self._global_bucket.take()
