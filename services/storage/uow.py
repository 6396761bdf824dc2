"""Unit of work: a session that rolls back unless committed; writes are serialised on SQLite."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from services.storage.db import is_sqlite, writer_engine
from services.storage.models import AuditEntry

T = TypeVar("T")


async def uninterrupted(work: Awaitable[T]) -> T:
    """Run one transaction to its end even if the caller is cancelled meanwhile, then pass the
    cancellation on. A transaction cut off mid-statement can leave SQLite's write lock held by a
    connection that is being thrown away, so the undo that follows would find the database locked.
    """
    task = asyncio.ensure_future(work)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            await task
        raise


class UnitOfWork:
    """One transaction. Nothing is kept unless `commit()` is called."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.committed = False

    async def commit(self) -> None:
        await self.session.commit()
        self.committed = True

    def audit(
        self,
        *,
        actor_id: int | None,
        action: str,
        entity: str,
        entity_id: object,
        at: datetime,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        self.session.add(
            AuditEntry(
                actor_id=actor_id,
                action=action,
                entity=entity,
                entity_id=None if entity_id is None else str(entity_id),
                before=before,
                after=after,
                at=at,
            )
        )


class Database:
    """Owns the engine; hands out read and write units of work."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._reader = async_sessionmaker(engine, expire_on_commit=False)
        self._writer = async_sessionmaker(writer_engine(engine), expire_on_commit=False)
        # SQLite allows one writer; queue writers of this process here instead of in the busy loop.
        self._write_lock: asyncio.Lock | None = asyncio.Lock() if is_sqlite(engine) else None
        # Tests set this to hold a transaction between reading a row and changing it, so that
        # two taps at once interleave the worst way every time (see tests/hardening/test_races).
        self.race_hook: Callable[[str], Awaitable[None]] | None = None

    async def race_point(self, name: str) -> None:
        """Between reading a row and deciding on its state: where two writers could interleave."""
        if self.race_hook is not None:
            await self.race_hook(name)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        async with self._reader() as session:
            yield session

    async def let_writers_pass(self, longest: float = 0.3) -> None:
        """Between two transactions of background work (an import's batches): while other
        writers hold or wait for SQLite's one write lock, let them go first (at most `longest`
        seconds, so a steady stream of small writes cannot stop the import)."""
        if self._write_lock is None:
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + longest
        while self._write_lock.locked() and loop.time() < deadline:  # noqa: ASYNC110 - bounded
            await asyncio.sleep(0.002)

    @asynccontextmanager
    async def write(self) -> AsyncIterator[UnitOfWork]:
        if self._write_lock is None:
            async with self._writer() as session:
                uow = UnitOfWork(session)
                try:
                    yield uow
                finally:
                    if not uow.committed:
                        await session.rollback()
            return
        async with self._write_lock, self._writer() as session:
            uow = UnitOfWork(session)
            try:
                yield uow
            finally:
                if not uow.committed:
                    await session.rollback()

    async def dispose(self) -> None:
        await self.engine.dispose()
