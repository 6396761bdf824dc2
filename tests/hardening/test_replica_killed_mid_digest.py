"""A replica killed with SIGKILL in the middle of the morning run on PostgreSQL (the 08:30 digests
and the visit reminders going out), with another replica serving beside it: that one takes the
sending turn and sends what the dead one had not, and every manager gets one digest and each
reminder once, none lost and none twice.

The dead replica is a `kam run` process; the other is the bot composed the same way in the test's
process. Telegram's limit per private chat (a burst of three, then one message a time) holds each
manager's fourth message back; the kill comes while it waits, as it does in a real morning run
(hundreds of digests at 30 messages a second: a replica always has some waiting for their turn).
"""

from __future__ import annotations

import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from telegram.ext import Job

from emulator import FakeTelegram, SentMessage
from services.bootstrap import bootstrap
from services.domain import CreditRating, Role
from services.reminders.kinds import SENDER_LOCK
from tests.bot.conftest import BotProcess, ComposedBot
from tests.bot.test_reminders_e2e import _truncate_all_if_any
from tests.fakes import FakeClock, RunningClock
from tests.hardening.test_inbox import until
from tests.kit import client

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

MANAGERS = [3400 + n for n in range(4)]
OVERDUE = 3  # clients each: three visit reminders (one message each, fewer than a group) + a digest
# The team joined at 08:00 on Tuesday 2026-11-24 (Shanghai); at 09:01 the 08:30 digests and the
# 09:00 visit reminders are due.
JOINED = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
TUESDAY = datetime(2026, 11, 24, 1, 1, tzinfo=UTC)
# The default settings, but every sweep a second and a slower private chat: three messages at
# once, then one every 3.3 s, so the fourth waits long enough for the kill to find it waiting.
ENV = {"KAM_REMINDER_SWEEP_SECONDS": "1", "KAM_PRIVATE_CHAT_INTERVAL_SECONDS": "3",
       "KAM_SENDER_LEASE_SECONDS": "3"}  # fmt: skip


def is_digest(message: SentMessage) -> bool:
    return "今日提醒" in message.text


def reminded(message: SentMessage) -> str | None:
    """The client a visit reminder is about (None for any other message)."""
    if is_digest(message) or "拜访已逾期" not in message.text:
        return None
    return next(line.split("：", 1)[1].strip() for line in message.text.splitlines()
                if line.startswith("客户："))  # fmt: skip


def sends(fake: FakeTelegram) -> int:
    return sum(1 for c in fake.calls if c.method.lower() == "sendmessage" and c.status == 200)


@asynccontextmanager
async def sending_turn_held(url: str) -> AsyncIterator[None]:
    """Nobody may send while this holds the replicas' sending turn (their advisory lock)."""
    async with await psycopg.AsyncConnection.connect(url.replace("+psycopg", "")) as conn:
        await conn.execute("SELECT pg_advisory_lock(%s)", (SENDER_LOCK,))
        yield


async def seed(fake: FakeTelegram, url: str) -> dict[int, list[str]]:
    """Four managers, each with three poor-rated clients last visited in September (overdue):
    manager → their clients."""
    services = await bootstrap(database_url=url, clock=FakeClock(JOINED))
    owned: dict[int, list[str]] = {}
    rows = []
    try:
        for n, manager in enumerate(MANAGERS):
            fake.add_user(manager, first_name=f"经理{n}", language_code="zh-hans")
            await services.users.add_user(telegram_id=manager, name=f"经理{n}",
                                          role=Role.MANAGER, team="华东一部")  # fmt: skip
            owned[manager] = [f"客户{n}-{k}" for k in range(OVERDUE)]
            for k, name in enumerate(owned[manager]):
                rows.append(client(2 + len(rows), name, manager, credit_rating=CreditRating.POOR,
                                   last_visit_on=date(2026, 9, 20) - timedelta(days=k)))  # fmt: skip
        await services.clients.upsert_rows(None, rows)
    finally:
        await services.close()
    return owned


class Morning:
    """A `kam run` replica that took the sending turn (`sender`) and the bot composed the same
    way in this process (`other`), its timer held till `other_sweeps()`; what each manager owns."""

    def __init__(self, fake: FakeTelegram, sender: BotProcess, other: ComposedBot,
                 owned: dict[int, list[str]]) -> None:  # fmt: skip
        self.fake, self.sender, self.other, self.owned = fake, sender, other, owned
        self._timer: Job[Any] | None = None

    async def start(self, url: str) -> None:
        async with sending_turn_held(url):  # both up before either may send
            await self.other.start()
            assert self.other.app is not None and self.other.app.job_queue is not None
            [self._timer] = self.other.app.job_queue.get_jobs_by_name("reminders")
            self._timer.enabled = False  # the other's timer does not tick till `other_sweeps`
            await self.sender.start()
        # The `kam run` replica takes the turn: each manager's first three messages go at once,
        # the fourth waits for its chat's turn.
        await until(lambda: sends(self.fake) >= 3 * len(MANAGERS), timeout=60)

    def signal(self, sig: int) -> None:
        assert self.sender.proc is not None
        self.sender.proc.send_signal(sig)
        if sig == signal.SIGKILL:
            self.sender.proc.wait()
        if sig != signal.SIGCONT:
            assert sends(self.fake) == 3 * len(MANAGERS), "signalled too late: nothing waited"

    def other_sweeps(self) -> None:
        assert self._timer is not None
        self._timer.enabled = True

    def all_sent(self) -> bool:
        return sends(self.fake) >= (OVERDUE + 1) * len(MANAGERS)

    def assert_each_sent_once(self) -> None:
        for manager, clients in self.owned.items():
            messages = self.fake.messages_to(manager)
            assert sum(is_digest(m) for m in messages) == 1, self.fake.transcript(manager)
            assert sorted(filter(None, map(reminded, messages))) == clients, self.fake.transcript(
                manager
            )
        assert self.fake.rejected == []
        # (Two replicas polling one bot: Telegram refuses one's poll now and then, as it does.)
        output = self.sender.output()
        assert "outbox sweep failed" not in output, output[-3000:]


@pytest.fixture
async def morning(fake: FakeTelegram, tmp_path: Path, postgres_url: str) -> AsyncIterator[Morning]:
    _truncate_all_if_any(postgres_url)
    clock = RunningClock(TUESDAY)
    owned = await seed(fake, postgres_url)
    sender = BotProcess(fake, tmp_path / "sender", postgres_url, clock, **ENV)  # type: ignore[arg-type]
    other = ComposedBot(fake, tmp_path / "other", postgres_url, clock, **ENV)  # type: ignore[arg-type]
    try:
        yield Morning(fake, sender, other, owned)
    finally:
        if sender.proc is not None and sender.proc.poll() is None:
            sender.proc.send_signal(signal.SIGCONT)
        await sender.stop()
        await other.stop()


async def test_a_replica_killed_while_the_morning_digests_go_out_leaves_none_lost_and_none_twice(
    morning: Morning, postgres_url: str
) -> None:
    await morning.start(postgres_url)
    morning.signal(signal.SIGKILL)  # while each manager's digest waits for its chat's turn
    # The replica still serving takes the turn on its next sweep and sends the rest.
    morning.other_sweeps()
    swept = morning.other.sweeps()
    await until(lambda: morning.other.sweeps() >= swept + 3, timeout=60)
    await morning.fake.wait_idle(quiet=1.0, timeout=30)
    morning.assert_each_sent_once()


async def test_a_replica_frozen_while_the_morning_digests_go_out_loses_its_turn_and_sends_nothing_twice(
    morning: Morning, postgres_url: str
) -> None:
    """Stopped (SIGSTOP: a paused VM or container, a stuck event loop) rather than killed, the
    replica keeps its database connections and with them, before, the sending turn: nobody sent
    anything while it stood still. It loses the turn once it stops renewing it for
    KAM_SENDER_LEASE_SECONDS; woken up, it sends nothing the other replica sent meanwhile."""
    await morning.start(postgres_url)
    morning.signal(signal.SIGSTOP)
    morning.other_sweeps()
    await until(morning.all_sent, timeout=30)
    swept = morning.sender.sweeps()
    morning.signal(signal.SIGCONT)
    await until(lambda: morning.sender.sweeps() >= swept + 2, timeout=60)
    await morning.fake.wait_idle(quiet=1.0, timeout=30)
    morning.assert_each_sent_once()
    assert "taken over by another sender" in morning.sender.output()
