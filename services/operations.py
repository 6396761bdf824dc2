"""Operating a deployment: schema status, health, outbox depth, one-per-deployment actions, backups."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from knowledge import StoreState
from services.clock import Clock
from services.storage.db import _alembic_config
from services.storage.models import Client, Complaint, DeploymentState, Reminder, User, Visit
from services.storage.uow import Database

if TYPE_CHECKING:
    from knowledge import KnowledgeBase

log = logging.getLogger("kam.operations")

PUBLISH_LOCK = 0x4B414D57  # 'KAMW': one replica at a time decides what to tell Telegram
SERVING_LOCK = 0x4B414D53  # 'KAMS': held (shared) by every replica serving users


@dataclass(frozen=True)
class SchemaStatus:
    current: str | None
    head: str

    @property
    def at_head(self) -> bool:
        return self.current == self.head


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


async def schema_status(db: Database) -> SchemaStatus:
    """The database's migration revision against the newest one this code knows."""

    def current(conn: Connection) -> str | None:
        return MigrationContext.configure(conn).get_current_revision()

    async with db.engine.connect() as conn:
        revision = await conn.run_sync(current)
    return SchemaStatus(revision, head_revision())


async def ping(db: Database) -> None:
    """Raises when the database cannot answer a trivial query."""
    async with db.engine.connect() as conn:
        await conn.execute(text("SELECT 1"))


@dataclass(frozen=True)
class Health:
    """What one replica's dependencies answer now: the database ("ok", "down") and the dense
    index ("ok", "down", "stalled", "embedded", or "off" without a knowledge base); and whether
    this replica's questions reach the Chroma server ("closed"), are told at once that it is
    unavailable because it failed lately ("open"), or the next one tries it ("half-open"); "off"
    without a Chroma server."""

    database: str
    chroma: str
    circuit: str = "off"

    @property
    def ready(self) -> bool:
        """Worth sending updates to. Not the Chroma server's state: the replicas share it, so
        its outage would take them all out, while they still log visits and send reminders."""
        return self.database == "ok"

    @property
    def degraded(self) -> bool:
        return self.database != "ok" or self.chroma in ("down", "stalled") or self.circuit == "open"


async def health(db: Database, knowledge: KnowledgeBase | None, *, wait: float = 5.0) -> Health:
    """Ask the database and the Chroma server at once; each answer within `wait` seconds or it
    counts as down (the dense index's own check gives up sooner)."""

    async def database() -> str:
        try:
            await asyncio.wait_for(ping(db), wait)
            return "ok"
        except Exception as exc:
            log.warning("database check failed: %s", f"{type(exc).__name__}: {exc}"[:300])
            return "down"

    async def chroma() -> str:
        if knowledge is None:
            return "off"
        try:
            state = await asyncio.wait_for(asyncio.to_thread(knowledge.store_state), wait)
        except TimeoutError:
            return StoreState.STALLED.value
        return state.value

    db_state, chroma_state = await asyncio.gather(database(), chroma())
    # Read after the heartbeat: one that answered lets the next question try the server.
    circuit = "off" if knowledge is None or chroma_state == "embedded" else knowledge.store_circuit
    return Health(db_state, chroma_state, str(circuit))


async def outbox_depth(db: Database, clock: Clock) -> int:
    """Reminders that are due and not yet delivered: what the sender still has to do."""
    async with db.read() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(Reminder)
            .where(Reminder.status.in_(("pending", "sending")), Reminder.send_after <= clock.now())
        )
    return int(count or 0)


@dataclass(frozen=True)
class Counts:
    users: int
    clients: int
    visits: int
    complaints: int

    def as_dict(self) -> dict[str, int]:
        return {
            "users": self.users,
            "clients": self.clients,
            "visits": self.visits,
            "complaints": self.complaints,
        }


async def counts(db: Database) -> Counts:
    async with db.read() as session:

        async def n(model: type) -> int:
            return int(await session.scalar(select(func.count()).select_from(model)) or 0)

        return Counts(await n(User), await n(Client), await n(Visit), await n(Complaint))


class Deployment:
    """Actions one replica does for all of them, such as registering the webhook."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    @asynccontextmanager
    async def once(
        self, key: str, fingerprint: str, still_done: Callable[[], Awaitable[bool]] | None = None
    ) -> AsyncIterator[bool]:
        """Yields True to the one caller that must act (the recorded fingerprint differs, or
        `still_done` says what was done has been undone elsewhere), False to everyone else.
        Replicas starting together wait for the one acting; the record is written only when the
        action succeeded, so a failed attempt is retried at the next start.
        """
        async with self._db.write() as uow:
            session = uow.session
            if self._db.dialect == "postgresql":
                await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PUBLISH_LOCK})
            row = await session.get(DeploymentState, key)
            if row is not None and row.value == fingerprint:
                if still_done is None or await still_done():
                    yield False
                    return
                yield True  # recorded already: nothing to write
                return
            yield True
            if row is None:
                session.add(
                    DeploymentState(key=key, value=fingerprint, updated_at=self._clock.now())
                )
            else:
                row.value = fingerprint
                row.updated_at = self._clock.now()
            await uow.commit()


class SharedSendRate:
    """Telegram's 30 messages/s per bot, held by all replicas together (PostgreSQL): each send
    takes a place in the current eighth of a second of the database's clock (3 places each), or
    waits for the next eighth. Eight slots of 3 make 24/s, so that sends delayed by up to two
    slots on their way to Telegram (a loaded machine) still leave every one-second window at 30
    or fewer; with nine slots (27/s) a CI run saw 31 in one second.
    On SQLite (one process) it lets everything through: the sender's own limiter suffices."""

    SLOTS_PER_SECOND = 8

    def __init__(self, db: Database, per_second: int = 30) -> None:
        self._db = db
        self._per_slot = max(1, per_second // (self.SLOTS_PER_SECOND + 2))
        self._takes = 0

    async def take(self) -> None:
        if self._db.dialect != "postgresql":
            return
        slot = f"floor(extract(epoch FROM clock_timestamp()) * {self.SLOTS_PER_SECOND})"
        while True:
            async with self._db.engine.begin() as conn:
                row = (
                    await conn.execute(
                        text(
                            f"INSERT INTO send_budget AS b (slot, used) VALUES ({slot}, 1) "
                            "ON CONFLICT (slot) DO UPDATE SET used = b.used + 1 "
                            "WHERE b.used < :limit RETURNING b.used"
                        ),
                        {"limit": self._per_slot},
                    )
                ).first()
                self._takes += 1
                if self._takes % 500 == 0:  # forget slots long past
                    await conn.execute(text(f"DELETE FROM send_budget WHERE slot < {slot} - 600"))
                if row is not None:
                    return
                now = (
                    await conn.execute(text("SELECT extract(epoch FROM clock_timestamp())"))
                ).scalar_one()
            step = 1.0 / self.SLOTS_PER_SECOND
            await asyncio.sleep(max(0.005, step - float(now) % step))


def sqlite_path(database_url: str) -> Path | None:
    """The file of a SQLite database URL; None for any other database."""
    if not database_url.startswith("sqlite"):
        return None
    return Path(database_url.split("///", 1)[1])


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (the online backup API; writers may go on)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(str(partial))
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    partial.replace(target)


def sqlite_file_counts(path: Path) -> tuple[Counts, str | None]:
    """Row counts and schema revision of a SQLite file (a backup), opened read-only."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:

        def n(table: str) -> int:
            return int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])

        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        found = Counts(n("users"), n("clients"), n("visits"), n("complaints"))
        return found, (str(revision[0]) if revision else None)
    finally:
        conn.close()


class Presence:
    """Whether this bot process starts while other replicas serve the same users (PostgreSQL):
    each serving process holds a shared advisory lock on one connection for as long as it runs,
    which PostgreSQL drops when the process dies. On SQLite (one process) it is always alone."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._conn: AsyncConnection | None = None

    async def join(self) -> bool:
        """Start serving; True when no other replica was serving (the bot was down for its
        users, so a draft they left needs the word that it was kept), False when others were."""
        if self._db.dialect != "postgresql" or self._conn is not None:
            return True
        conn = await self._db.engine.connect()
        try:
            # The exclusive lock is had only while nobody holds the shared one; a session never
            # conflicts with itself, so it then takes the shared one before letting go of it.
            alone = bool(
                await conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": SERVING_LOCK})
            )
            await conn.execute(text("SELECT pg_advisory_lock_shared(:k)"), {"k": SERVING_LOCK})
            if alone:
                await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": SERVING_LOCK})
            await conn.commit()
        except BaseException:
            await conn.close()
            raise
        self._conn = conn
        return alone

    async def leave(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            try:  # the connection goes back to the pool, its session (and locks) would stay
                await conn.execute(
                    text("SELECT pg_advisory_unlock_shared(:k)"), {"k": SERVING_LOCK}
                )
                await conn.commit()
            except DBAPIError as exc:
                # The database dropped the connection (restarted, or out of reach) and the lock
                # with it: nothing to let go of. Before, the replica's shutdown failed here.
                log.warning("serving lock already gone: %s", str(exc).splitlines()[0][:200])
                await conn.invalidate()
            finally:
                await conn.close()
