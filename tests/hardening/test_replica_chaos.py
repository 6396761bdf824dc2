"""Two replicas' outboxes on one PostgreSQL database when one loses its connection mid-sweep (the
database dropped it, or the replica was killed): every reminder still goes out, and once.

A replica's sending turn is a session advisory lock on a connection it holds for the turn. When
that connection drops (here `pg_terminate_backend` on this test's own database; PostgreSQL itself
is never restarted), the lock goes with it: the other replica takes the turn and takes over
what the first had claimed and not started sending, while the first, not knowing yet, goes on.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date, timedelta

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from services.bootstrap import Services, bootstrap
from services.outbox import OutboxConfig, Result, SendResult, Start
from services.reminders.kinds import GROUP, SENDER_LOCK, Delivery, Kind, ReminderConfig, Status
from services.storage.models import AuditEntry, Complaint, Reminder
from tests.conftest import _truncate_all
from tests.fakes import FakeClock
from tests.integration.test_reminders import LI, ZHANG, file_complaint, row, team

pytestmark = pytest.mark.postgres


class Recorder:
    """A notifier recording which clients each message told of; `before_send` runs (once)
    before the first message is 'sent'."""

    def __init__(self, before_send: Callable[[], Awaitable[None]] | None = None) -> None:
        self.told: list[str] = []
        self.before_send = before_send

    async def send(self, delivery: Delivery, start: Start) -> SendResult:
        if not await start():
            return SendResult(Result.NOT_STARTED)
        if self.before_send is not None:
            hook, self.before_send = self.before_send, None
            await hook()
        if delivery.kind == GROUP:
            self.told += [str(item["client"]) for item in delivery.params["items"]]
        elif delivery.params.get("client"):
            self.told.append(str(delivery.params["client"]))
        return SendResult.delivered(len(self.told))


@pytest.fixture
async def replicas(postgres_url: str) -> AsyncIterator[tuple[Services, Services]]:
    """Two replicas' services on one PostgreSQL database and one clock; the first sends one
    message at a time."""
    try:
        _truncate_all(postgres_url)
    except psycopg.errors.UndefinedTable:
        pass
    clock = FakeClock()  # Monday 2026-11-23, 10:00 in Shanghai
    one = await bootstrap(
        database_url=postgres_url, clock=clock, outbox=OutboxConfig(concurrency=1)
    )
    two = await bootstrap(database_url=postgres_url, clock=clock, run_migrations=False)
    try:
        yield one, two
    finally:
        await one.close()
        await two.close()


def plain(url: str) -> str:
    return url.replace("+psycopg", "")


async def overdue_clients(services: Services, owner: int, names: list[str], line: int) -> None:
    await services.clients.upsert_rows(
        None,
        [row(line + n, name, owner, "poor", date(2026, 10, 1)) for n, name in enumerate(names)],
    )


async def statuses(services: Services) -> set[str]:
    """The states of the visit reminders (tomorrow's digests wait for their time)."""
    async with services.db.read() as session:
        return set(
            (
                await session.execute(select(Reminder.status).where(Reminder.kind != Kind.DIGEST))
            ).scalars()
        )


async def test_a_sender_whose_connection_dropped_does_not_send_the_rows_the_other_took_over(
    replicas: tuple[Services, Services], postgres_url: str
) -> None:
    one, two = replicas
    await team(one)
    clients = ["沙钢集团", "华能南京电厂", "江苏银行", "宁波银行", "苏宁易购"]
    await overdue_clients(one, ZHANG, clients[:3], 2)
    await overdue_clients(one, LI, clients[3:], 10)
    first, second = Recorder(), Recorder()

    async def connection_dropped() -> None:
        # While replica one sends its first message, the database drops the connection holding
        # its turn; replica two's next sweep takes the turn and what one had not started.
        with psycopg.connect(plain(postgres_url), autocommit=True) as admin:
            killed = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_locks"
                " WHERE locktype = 'advisory' AND objid = %s"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                (SENDER_LOCK,),
            ).fetchall()
        assert killed == [(True,)]
        await two.outbox.sweep(second)

    first.before_send = connection_dropped
    await one.outbox.sweep(first)
    await one.outbox.sweep(first)
    await two.outbox.sweep(second)
    assert sorted(first.told + second.told) == sorted(clients)  # each once, none lost
    assert second.told  # the other replica did take over
    assert await statuses(one) <= {Status.SENT.value, Status.SKIPPED.value}


async def test_a_group_partly_taken_over_is_not_sent_whole_by_the_sender_that_lost_its_turn(
    replicas: tuple[Services, Services], postgres_url: str
) -> None:
    """Four visit reminders for one person go out as one message. Replica one claimed them; its
    connection dropped, and replica two's take-over skipped the row one was busy marking: two
    sent the three it took; then one, marking its message started, found one row its own and
    sent all four (three of them twice)."""
    one, two = replicas
    await team(one)
    clients = ["沙钢集团", "华能南京电厂", "江苏银行", "宁波银行"]
    await overdue_clients(one, ZHANG, clients, 2)
    await one.reminders.generate()
    claim = await one.reminders.claim(one.outbox.worker)
    [group] = claim.deliveries
    assert group.kind == GROUP and len(group.ids) == 4
    first, second = Recorder(), Recorder()
    # One of the four is locked, as replica one's own marking held it at that moment.
    with psycopg.connect(plain(postgres_url)) as busy:
        busy.execute("SELECT id FROM reminders WHERE id = %s FOR UPDATE", (group.ids[0],))
        await two.outbox.sweep(second)  # takes the turn and the other three over: sends them
        busy.rollback()
    assert len(second.told) == 3
    await one.outbox.deliver(first, claim.deliveries)  # replica one goes on with its message
    await two.outbox.sweep(second)  # the row left over goes out with the next sweep
    assert sorted(first.told + second.told) == sorted(clients), (first.told, second.told)
    assert await statuses(one) <= {Status.SENT.value, Status.SKIPPED.value}


async def test_a_tap_whose_connection_drops_before_the_commit_is_not_told_done_and_counts_once(
    replicas: tuple[Services, Services], postgres_url: str
) -> None:
    """The database drops the connection of a tap's transaction (a replica's network, a
    failover) after the ticket was read and locked: nothing was written, the user is not told
    it was (the error reaches the error funnel), and the tap again records it once."""
    one, _ = replicas
    zhang, _, _ = await team(one)
    await one.clients.upsert_rows(None, [row(2, "华能南京电厂", ZHANG, "good", date(2026, 11, 20))])
    ticket = await file_complaint(one, zhang, "华能南京电厂", "high")

    async def drop_connection(point: str) -> None:
        if point != "complaint.act":
            return
        one.db.race_hook = None
        with psycopg.connect(plain(postgres_url), autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                " AND state LIKE 'idle in transaction%'"
            )

    one.db.race_hook = drop_connection
    with pytest.raises(DBAPIError):
        await one.complaints.act(zhang, ticket, "respond")
    async with one.db.read() as session:
        saved = await session.get(Complaint, ticket)
        assert saved is not None and saved.status == "open" and saved.responded_at is None
    again = await one.complaints.act(zhang, ticket, "respond")
    assert again.says[0].key != "complaint.already", again
    async with one.db.read() as session:
        saved = await session.get(Complaint, ticket)
        assert saved is not None and saved.status == "responded"
        responded = await session.execute(
            select(AuditEntry).where(
                AuditEntry.entity == "complaint", AuditEntry.action == "respond"
            )
        )
        assert len(responded.scalars().all()) == 1


async def test_a_sender_whose_turn_lapsed_while_its_event_loop_stood_still_claims_no_more(
    postgres_url: str,
) -> None:
    """A replica's event loop blocked (or the process paused) past KAM_SENDER_LEASE_SECONDS:
    PostgreSQL ends its turn's session, and another replica may send. Before, the sender woke
    up and went on claiming batch after batch beside the one that had the turn: two senders at
    once, past Telegram's limit for the bot. Now it finishes what it holds and stops."""
    try:
        _truncate_all(postgres_url)
    except psycopg.errors.UndefinedTable:
        pass
    clock = FakeClock()
    lease = ReminderConfig(sender_lease=timedelta(seconds=1))
    one = await bootstrap(database_url=postgres_url, clock=clock, reminders=lease,
                          outbox=OutboxConfig(batch=1, concurrency=1))  # fmt: skip
    two = await bootstrap(database_url=postgres_url, clock=clock, run_migrations=False)
    try:
        await team(one)
        clients = ["沙钢集团", "华能南京电厂", "江苏银行"]
        await overdue_clients(one, ZHANG, clients, 2)

        async def stood_still() -> None:
            time.sleep(1.5)  # noqa: ASYNC251 - the whole event loop stands still: no renewal
            await asyncio.sleep(0.3)  # awake again: the renewal finds the turn gone

        first, second = Recorder(stood_still), Recorder()
        await one.outbox.sweep(first)
        assert len(first.told) == 1  # the one it held when it stopped; no more claims after
        await two.outbox.sweep(second)
        assert sorted(first.told + second.told) == sorted(clients)
    finally:
        await one.close()
        await two.close()
