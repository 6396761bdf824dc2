"""Prometheus metrics of one bot process: updates and their latency, messages sent, outbox, KB queries."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, Metric
from prometheus_client.registry import Collector
from telegram import Update
from telegram.request import HTTPXRequest

from bot.concurrency import FairUpdateProcessor

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


def update_kind(update: object) -> str:
    if not isinstance(update, Update):
        return "other"
    if update.callback_query is not None:
        return "button"
    message = update.effective_message
    if message is not None:
        if message.text and message.text.startswith("/"):
            return "command"
        if message.document is not None:
            return "document"
        return "message"
    return "other"


class Metrics:
    """One registry per process (tests start several bots in one interpreter)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter(
            "kam_updates_handled", "Telegram updates handled, by kind and outcome",
            ["kind", "outcome"], registry=self.registry,
        )  # fmt: skip
        self.update_seconds = Histogram(
            "kam_update_seconds", "Time to handle one update, from arrival to the last reply",
            ["kind"], buckets=_LATENCY_BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.messages = Counter(
            "kam_telegram_messages", "Messages the bot sent (send* calls), by outcome",
            ["method", "outcome"], registry=self.registry,
        )  # fmt: skip
        self.outbox_depth = Gauge(
            "kam_outbox_depth", "Reminders due and not yet delivered (pending or in flight)",
            registry=self.registry,
        )  # fmt: skip
        self.dependency_up = Gauge(
            "kam_dependency_up",
            "1 when a dependency (database, chroma) answered this replica's last check, else 0",
            ["dependency"], registry=self.registry,
        )  # fmt: skip
        self._kb_queries: Callable[[], int] | None = None
        # Awaited before each message is sent: the replicas' shared 30 messages/s.
        self.send_gate: Callable[[], Awaitable[None]] | None = None
        self.registry.register(_KbQueries(self))

    def count_kb_queries(self, read: Callable[[], int]) -> None:
        self._kb_queries = read

    def kb_queries(self) -> int:
        return self._kb_queries() if self._kb_queries is not None else 0

    def render(self) -> bytes:
        return generate_latest(self.registry)

    def processor(self) -> MeasuredUpdateProcessor:
        return MeasuredUpdateProcessor(self)

    def request(self, **kwargs: Any) -> CountingRequest:
        return CountingRequest(self, **kwargs)


class _KbQueries(Collector):
    def __init__(self, metrics: Metrics) -> None:
        self._metrics = metrics

    def collect(self) -> Iterable[Metric]:
        family = CounterMetricFamily(
            "kam_kb_queries", "Questions the knowledge base answered or searched"
        )
        family.add_metric([], self._metrics.kb_queries())
        yield family


class MeasuredUpdateProcessor(FairUpdateProcessor):
    """The bot's fair update processor, timing each update (waiting included) and counting failures."""

    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self._metrics = metrics

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        kind = update_kind(update)
        started = time.perf_counter()
        outcome = "ok"
        try:
            await super().do_process_update(update, coroutine)
        except BaseException:
            outcome = "error"
            raise
        finally:
            self._metrics.update_seconds.labels(kind).observe(time.perf_counter() - started)
            self._metrics.updates.labels(kind, outcome).inc()


class CountingRequest(HTTPXRequest):
    """The HTTP client of the bot, counting each send* call as sent or failed."""

    def __init__(self, metrics: Metrics, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._metrics = metrics

    async def do_request(
        self, url: str, method: str, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        counted = name.startswith("send") and name != "sendChatAction"
        if counted and self._metrics.send_gate is not None:
            await self._metrics.send_gate()
        try:
            code, body = await super().do_request(url, method, *args, **kwargs)
        except Exception:
            if counted:
                self._metrics.messages.labels(name, "failed").inc()
            raise
        if counted:
            self._metrics.messages.labels(name, "sent" if code == 200 else "failed").inc()
        return code, body
