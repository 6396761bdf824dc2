"""Hand-written fakes for the tests: a clock that only moves when told, and one that runs from a
chosen moment."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta


class RunningClock:
    """A clock that runs as the system's does, from `start`: a bot on it reads "今天" and "昨天"
    as of `start`'s day, whenever the test gets to its step (midnight may pass meanwhile)."""

    def __init__(self, start: datetime) -> None:
        self._start = start
        self._began = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._began)


class FakeClock:
    def __init__(self, now: datetime | None = None) -> None:
        self._now = now or datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)

    def set(self, now: datetime) -> None:
        self._now = now
