"""The update ledger: Telegram update ids already handled, so a re-delivered update is handled once."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from services.clock import Clock
from services.storage.models import ProcessedUpdate
from services.storage.uow import Database


class UpdateLedger:
    """Remembers handled Telegram update ids so that a re-delivered update is handled once.

    Every update is recorded before it is handled. Updates that arrive together are recorded in
    one transaction (group commit): on SQLite each transaction takes the one write lock, and one
    per update kept other users' saves queueing behind a stream of tiny ledger writes under load.
    """

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._waiting: dict[str, list[asyncio.Future[bool]]] = {}
        self._recorder: asyncio.Task[None] | None = None

    async def first_time(self, bot_id: int, update_id: int) -> bool:
        key = f"{bot_id}:{update_id}"
        answer: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(key, []).append(answer)
        if self._recorder is None or self._recorder.done():
            self._recorder = asyncio.create_task(self._record_waiting())
        return await asyncio.shield(answer)

    async def _record_waiting(self) -> None:
        while self._waiting:
            batch: dict[str, list[asyncio.Future[bool]]] = {}
            try:
                async with self._db.write() as uow:
                    # Everything that arrived while this waited for the database goes in at once.
                    batch, self._waiting = self._waiting, {}
                    new = await self._insert_new(uow.session, list(batch))
                    await uow.commit()
            except IntegrityError:
                # Another process recorded one of them meanwhile: settle each on its own.
                new = {key for key in batch if await self._one(key)}
            except BaseException as exc:
                if not batch:  # failed (or cancelled) before taking them: they fail too
                    batch, self._waiting = self._waiting, {}
                for answers in batch.values():
                    for answer in answers:
                        if not answer.done():
                            answer.set_exception(exc)
                if not isinstance(exc, Exception):
                    raise
                continue
            for key, answers in batch.items():
                for n, answer in enumerate(answers):  # the same update twice: the first handles it
                    if not answer.done():
                        answer.set_result(key in new and n == 0)

    async def _insert_new(self, session: Any, keys: list[str]) -> set[str]:
        """Insert the keys not there yet, in one statement; returns those it inserted.

        One statement, not a read then a write: on SQLite every await inside the transaction is a
        turn of the busy event loop while the one write lock is held, and everyone waits."""
        now = self._clock.now()
        insert = postgresql.insert if self._db.dialect == "postgresql" else sqlite.insert
        stmt = (
            insert(ProcessedUpdate)
            .values([{"key": k, "at": now} for k in dict.fromkeys(keys)])
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(ProcessedUpdate.key)
        )
        return set((await session.execute(stmt)).scalars())

    async def _one(self, key: str) -> bool:
        try:
            async with self._db.write() as uow:
                new = await self._insert_new(uow.session, [key])
                await uow.commit()
                return bool(new)
        except IntegrityError:
            return False

    async def forget_older_than(self, age: timedelta) -> None:
        async with self._db.write() as uow:
            await uow.session.execute(
                delete(ProcessedUpdate).where(ProcessedUpdate.at < self._clock.now() - age)
            )
            await uow.commit()
