"""The assistant's state of each chat, kept by a langgraph checkpointer in the bot's own database
(the SQLite file or the PostgreSQL database the bot is configured with): the memory of the
conversation (the last few questions and answers, so "那上个月呢？" is understood) and a
confirmation the graph waits on (a drafted visit, a complaint, a ticket change...). Both survive a
restart and are seen by every bot process.

The checkpointer's tables are the library's own: its setup() creates and migrates them (it keeps
its own version table, so an upgrade of the library migrates them too); replicas starting together
run it one after another, under the bot's migration lock."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy.engine import make_url

from services.storage.db import MIGRATION_LOCK

log = logging.getLogger("kam.assistant")

TURN_LIMIT = 6  # question-and-answer pairs remembered per chat
TURN_CHARS = 1500  # longer messages are remembered cut short


def thread_id(user_id: int, chat_id: int) -> str:
    """One thread per user and chat: nobody else's questions, answers or drafts are in it."""
    return f"{user_id}:{chat_id}"


@dataclass
class Checkpoints:
    """The checkpointer, and what it holds open (closed with the services)."""

    saver: BaseCheckpointSaver[Any]
    _close: Any = None
    _sqlite: Any = None  # the aiosqlite connection, for pruning old checkpoints

    @classmethod
    def none(cls) -> Checkpoints:
        """Without a model: nothing is kept (nor opened)."""
        return cls(InMemorySaver())

    async def forget(self, thread: str) -> None:
        await self.saver.adelete_thread(thread)

    async def prune(self, thread: str) -> None:
        """Keep only the thread's latest checkpoint: the memory is bounded on disk too."""
        try:
            if self._sqlite is not None:
                await self._prune_sqlite(thread)
            elif hasattr(self.saver, "aprune"):
                await self.saver.aprune([thread], strategy="keep_latest")
        except Exception as exc:  # a concurrent prune of the same thread: the next turn prunes
            log.info("pruning the assistant's checkpoints deferred: %s", exc)

    async def _prune_sqlite(self, thread: str) -> None:
        conn = self._sqlite
        async with self.saver.lock:  # type: ignore[attr-defined]
            latest = "(SELECT max(checkpoint_id) FROM checkpoints WHERE thread_id = ?)"
            await conn.execute(
                f"DELETE FROM writes WHERE thread_id = ? AND checkpoint_id < {latest}",
                (thread, thread),
            )
            await conn.execute(
                f"DELETE FROM checkpoints WHERE thread_id = ? AND checkpoint_id < {latest}",
                (thread, thread),
            )
            await conn.commit()

    async def close(self) -> None:
        if self._close is not None:
            await self._close()
            self._close = None


async def open_checkpoints(database_url: str) -> Checkpoints:
    """The checkpointer on the bot's database; its tables set up (idempotent)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = url.database or ""
        if not path or path == ":memory:":
            return Checkpoints(InMemorySaver())
        import aiosqlite
        from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

        conn = await aiosqlite.connect(path, timeout=30)
        try:
            # As the bot's own connections (services/storage/db.py): WAL, a commit not fsynced.
            await conn.execute("PRAGMA busy_timeout=30000")
            await conn.execute("PRAGMA synchronous=NORMAL")
            saver = AsyncSqliteSaver(conn)
            await saver.setup()
        except BaseException:
            await conn.close()
            raise
        return Checkpoints(saver, conn.close, conn)
    from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
    from psycopg.rows import dict_row
    from psycopg_pool import AsyncConnectionPool

    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
        conninfo, min_size=1, max_size=4, open=False,
        kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row},
    )  # fmt: skip
    await pool.open(wait=True, timeout=30)
    try:
        pg = AsyncPostgresSaver(pool)
        async with pool.connection() as lock:
            # Replicas starting together set up one after another. The lock is polled, not
            # waited for: setup() creates indexes CONCURRENTLY, which waits for every running
            # statement, a replica's blocked pg_advisory_lock() too (each would wait forever).
            for _ in range(600):
                taken = await lock.execute(
                    "SELECT pg_try_advisory_lock(%s) AS ok", (MIGRATION_LOCK,)
                )
                if (row := await taken.fetchone()) is not None and row["ok"]:
                    break
                await asyncio.sleep(0.1)
            else:
                raise TimeoutError("another bot process held the migration lock for a minute")
            try:
                await pg.setup()
            finally:
                await lock.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))
    except BaseException:
        await pool.close()
        raise
    return Checkpoints(pg, pool.close)
