"""The update ledger: Telegram update ids already handled, so a re-delivered update is handled once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from services.clock import Clock
from services.storage.models import ProcessedUpdate
from services.storage.uow import Database


class UpdateLedger:
    """Remembers handled Telegram update ids so that a re-delivered update is handled once."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def first_time(self, bot_id: int, update_id: int) -> bool:
        key = f"{bot_id}:{update_id}"
        try:
            async with self._db.write() as uow:
                if await uow.session.get(ProcessedUpdate, key) is not None:
                    return False
                uow.session.add(ProcessedUpdate(key=key, at=self._clock.now()))
                await uow.commit()
                return True
        except IntegrityError:
            return False

    async def forget_older_than(self, age: timedelta) -> None:
        async with self._db.write() as uow:
            await uow.session.execute(
                delete(ProcessedUpdate).where(ProcessedUpdate.at < self._clock.now() - age)
            )
            await uow.commit()
