"""The update ledger and inbox: every Telegram update is recorded (with its JSON) before it is
answered, and marked done once handled, so a re-delivered update is handled once and one that a
dead process left unfinished is handled again by another (or the next) process."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from services.clock import Clock
from services.reminders.kinds import Kind, Status
from services.reminders.rows import insert_new
from services.storage.models import ProcessedUpdate, User
from services.storage.uow import Database

log = logging.getLogger("kam.inbox")

# What a flow saved while handling an update is stamped with (services.draft_store): the last
# few updates that changed it, so one handled again after a crash finds its step already taken
# (even if the same user's next message moved the draft on meanwhile) and asks the next instead.
HANDLED_BY = "_updates"
MARKS_KEPT = 8
CLAIM_BATCH = 100


@dataclass(frozen=True)
class InboxConfig:
    """How long an update being handled is its process's alone (renewed while it lives), how
    many times one is taken before it is given up (a message that kills the bot each time), and
    how long an update waits for the database to record it before Telegram is told to send it
    again later (a lock held elsewhere, a stalled connection)."""

    lease: timedelta = timedelta(minutes=2)
    attempts: int = 3
    wait: timedelta = timedelta(seconds=10)


class InboxBusy(Exception):
    """The database did not record the update in time: it is not acknowledged, and Telegram
    sends it again later. Should the record commit after all, the update is handled from it
    (`UpdateLedger.late`), and Telegram's second delivery is then a repeat: handled once."""


@dataclass(frozen=True)
class Handling:
    """The update the current task handles; `again` when an earlier attempt died mid-way."""

    key: str
    again: bool


HANDLING: ContextVar[Handling | None] = ContextVar("kam_update_handling", default=None)


def update_key(bot_id: int, update_id: int) -> str:
    # Update ids are counted per bot.
    return f"{bot_id}:{update_id}"


def stamp(data: dict[str, Any]) -> None:
    """Mark `data` (a conversation's state, about to be saved) as changed by the update being
    handled, if any."""
    handling = HANDLING.get()
    if handling is not None:
        marks = [k for k in stamped_by(data) if k != handling.key]
        data[HANDLED_BY] = [*marks[-(MARKS_KEPT - 1) :], handling.key]
        if handling.again:  # its own mark from now on: what it writes next is not a repeat
            HANDLING.set(Handling(handling.key, again=False))


def stamped_by(data: Mapping[str, Any]) -> list[str]:
    marks = data.get(HANDLED_BY)
    return [str(k) for k in marks] if isinstance(marks, list) else []


def handled_before(data: Mapping[str, Any]) -> bool:
    """True when the update handled again now changed `data` before: its writes (a
    conversation's step) were committed before the process died, and must not be made twice."""
    handling = HANDLING.get()
    return handling is not None and handling.again and handling.key in stamped_by(data)


@dataclass(frozen=True)
class Unfinished:
    """An update taken over from the inbox: its JSON and how many times it has been taken."""

    key: str
    body: str
    attempts: int


class UpdateLedger:
    """Remembers Telegram updates so that each is handled once, and none is lost.

    Every update is recorded before it is handled (before the webhook answers 200, or before
    polling confirms it to Telegram). Updates that arrive together are recorded in one
    transaction (group commit): on SQLite each transaction takes the one write lock, and one per
    update kept other users' saves queueing behind a stream of tiny ledger writes under load.
    Marks of updates done are grouped the same way.
    """

    def __init__(self, db: Database, clock: Clock, config: InboxConfig | None = None) -> None:
        self._db = db
        self._clock = clock
        self.config = config or InboxConfig()
        self._waiting: dict[str, list[asyncio.Future[bool]]] = {}
        self._bodies: dict[str, str] = {}
        self._recorder: asyncio.Task[None] | None = None
        self._mine: set[str] = set()  # received or taken by this process, not done yet
        self._again: set[str] = set()  # of those, taken over after an attempt that died
        self._done: set[str] = set()  # done, not yet marked so in the database
        self._marker: asyncio.Task[None] | None = None
        # Told of an update recorded after its sender stopped waiting (InboxBusy): its record is
        # this process's, to be handled as if it had just arrived.
        self.late: Callable[[str, str], None] | None = None

    async def first_time(self, bot_id: int, update_id: int) -> bool:
        key = update_key(bot_id, update_id)
        if key in self._mine:
            return True  # came through the inbox here, which recorded it once already
        return await self._record(key)

    async def receive(self, bot_id: int, update_id: int, body: str) -> bool:
        """Record an update with its JSON before it is answered (committed when this returns);
        False when it was recorded already (Telegram delivered it again): not to be handled."""
        key = update_key(bot_id, update_id)
        self._bodies.setdefault(key, body)
        new = await self._record(key, body)
        if new:
            self._mine.add(key)
        return new

    def handling(self, bot_id: int, update_id: int) -> Handling | None:
        """The update about to be handled here, if it came through the inbox."""
        key = update_key(bot_id, update_id)
        return Handling(key, key in self._again) if key in self._mine else None

    @property
    def taken_over(self) -> frozenset[str]:
        """The updates this process took over from dead ones and has not finished yet."""
        return frozenset(self._again)

    def finished(self, key: str) -> None:
        """Its handler returned (or its error was handled): mark it done, soon, with others."""
        if key not in self._mine:
            return
        self._mine.discard(key)
        self._again.discard(key)
        self._done.add(key)
        if self._marker is None or self._marker.done():
            self._marker = asyncio.create_task(self._mark_done())

    async def hand_back(self, key: str) -> None:
        """Its handling failed for a passing reason (Telegram could not be reached, so the user
        saw no reply): not done. The next `tend` (of any process) takes it over at once, as one a
        dead process left, counting the attempt; one that fails every time is given up."""
        if key not in self._mine:
            return
        self._mine.discard(key)
        self._again.discard(key)
        try:
            async with self._db.write() as uow:
                await uow.session.execute(
                    update(ProcessedUpdate)
                    .where(ProcessedUpdate.key == key, ProcessedUpdate.body.is_not(None))
                    .values(lease_until=self._clock.now())
                )
                await uow.commit()
        except Exception as exc:  # its lease, no longer renewed, runs out instead
            log.warning("could not hand back update %s: %s", key, exc)

    async def _record(self, key: str, body: str | None = None) -> bool:
        """Whether the key was recorded now (not before). With a body (an update received), waits
        at most `config.wait`, then raises InboxBusy; the record may still commit later."""
        answer: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(key, []).append(answer)
        if self._recorder is None or self._recorder.done():
            self._recorder = asyncio.create_task(self._record_waiting())
        if body is None:
            return await asyncio.shield(answer)
        try:
            return await asyncio.wait_for(asyncio.shield(answer), self.config.wait.total_seconds())
        except TimeoutError:
            pass
        waiting = self._waiting.get(key)
        if waiting is not None and answer in waiting:
            # Not taken into a transaction yet: it never will be (Telegram sends it again).
            waiting.remove(answer)
            if not waiting:
                del self._waiting[key]
                self._bodies.pop(key, None)
        else:
            # In a transaction the database holds up: if it commits, the record is the update's
            # only one (Telegram's next delivery finds it there), so it is handled from it.
            answer.add_done_callback(lambda done: self._recorded_late(key, body, done))
        raise InboxBusy(f"the database did not record update {key} in {self.config.wait}")

    def _recorded_late(self, key: str, body: str, answer: asyncio.Future[bool]) -> None:
        if answer.cancelled() or answer.exception() is not None or not answer.result():
            return  # not recorded (or a repeat): Telegram's next delivery is handled as new
        if self.late is None:  # nothing here handles it: once its lease runs out, `tend` does
            return
        log.warning("update %s recorded after its webhook request gave up: handled now", key)
        self._mine.add(key)
        self.late(key, body)

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
                for key, answers in batch.items():
                    self._bodies.pop(key, None)
                    for answer in answers:
                        if not answer.done():
                            answer.set_exception(exc)
                if not isinstance(exc, Exception):
                    raise
                continue
            for key, answers in batch.items():
                self._bodies.pop(key, None)
                for n, answer in enumerate(answers):  # the same update twice: the first handles it
                    if not answer.done():
                        answer.set_result(key in new and n == 0)

    async def _insert_new(self, session: Any, keys: list[str]) -> set[str]:
        """Insert the keys not there yet, in one statement; returns those it inserted.

        One statement, not a read then a write: on SQLite every await inside the transaction is a
        turn of the busy event loop while the one write lock is held, and everyone waits."""
        now = self._clock.now()
        lease = now + self.config.lease
        rows = []
        for key in dict.fromkeys(keys):
            body = self._bodies.get(key)
            rows.append({"key": key, "at": now, "body": body,
                         "lease_until": lease if body is not None else None,
                         "attempts": 1 if body is not None else 0})  # fmt: skip
        insert = postgresql.insert if self._db.dialect == "postgresql" else sqlite.insert
        stmt = (
            insert(ProcessedUpdate)
            .values(rows)
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

    async def _mark_done(self) -> None:
        while self._done:
            keys, self._done = self._done, set()
            try:
                async with self._db.write() as uow:
                    await uow.session.execute(
                        update(ProcessedUpdate)
                        .where(ProcessedUpdate.key.in_(keys))
                        .values(body=None, lease_until=None)
                    )
                    await uow.commit()
            except Exception as exc:  # the database is away: the next `tend` tries again
                log.warning("could not mark %d updates done: %s", len(keys), exc)
                self._done |= keys
                return
            except BaseException:
                self._done |= keys
                raise

    async def tend(self, *, alone: bool = False) -> list[Unfinished]:
        """Keep this process's updates its own (their lease renewed), mark what is done, and take
        over the updates whose process died: those whose lease ran out, or, when no other process
        serves (`alone`, at start), every unfinished one. The claim is one UPDATE … WHERE the
        lease ran out: of processes claiming at once, one takes each update."""
        if self._done and (self._marker is None or self._marker.done()):
            await self._mark_done()
        now = self._clock.now()
        lease = now + self.config.lease
        mine = list(self._mine)
        async with self._db.write() as uow:
            session = uow.session
            if mine:
                await session.execute(
                    update(ProcessedUpdate)
                    .where(ProcessedUpdate.key.in_(mine), ProcessedUpdate.body.is_not(None))
                    .values(lease_until=lease)
                )
            expired = ProcessedUpdate.lease_until <= now
            if alone:
                expired = ProcessedUpdate.lease_until.is_not(None)
            waiting = (
                select(ProcessedUpdate.key)
                .where(ProcessedUpdate.body.is_not(None), expired)
                .order_by(ProcessedUpdate.at)
                .limit(CLAIM_BATCH)
            )
            if mine:
                waiting = waiting.where(ProcessedUpdate.key.not_in(mine))
            # The lease is checked again on the row itself: a process that claimed it meanwhile
            # (PostgreSQL re-reads a row another transaction changed) leaves it to that one.
            claim = (
                update(ProcessedUpdate)
                .where(ProcessedUpdate.key.in_(waiting.scalar_subquery()))
                .where(ProcessedUpdate.body.is_not(None), expired)
                .values(lease_until=lease, attempts=ProcessedUpdate.attempts + 1)
                .returning(ProcessedUpdate.key, ProcessedUpdate.body, ProcessedUpdate.attempts)
            )
            claimed = (await session.execute(claim)).all()
            await uow.commit()
        taken = [Unfinished(key, body or "", attempts) for key, body, attempts in claimed]
        for item in taken:
            self._mine.add(item.key)
            self._again.add(item.key)
        return sorted(taken, key=lambda u: int(u.key.rsplit(":", 1)[1]))

    def given_up(self, item: Unfinished) -> bool:
        """Taken more times than allowed: every attempt so far killed its process."""
        return item.attempts > self.config.attempts

    async def give_up(self, item: Unfinished, telegram_id: int | None, excerpt: str) -> None:
        """Set it aside for good, and queue the one notice telling its sender (a user) so, in the
        same transaction: however many processes get here, it is queued once."""
        now = self._clock.now()
        async with self._db.write() as uow:
            session = uow.session
            await session.execute(
                update(ProcessedUpdate)
                .where(ProcessedUpdate.key == item.key)
                .values(body=None, lease_until=None)
            )
            user_id = (
                await session.execute(select(User.id).where(User.telegram_id == telegram_id,
                                                            User.active.is_(True)))
            ).scalar_one_or_none() if telegram_id is not None else None  # fmt: skip
            if user_id is not None:
                await insert_new(session, self._db.dialect, [dict(
                    key=f"{Kind.UPDATE_GIVEN_UP.value}:{item.key}", kind=Kind.UPDATE_GIVEN_UP.value,
                    user_id=user_id, status=Status.PENDING.value, send_after=now, attempts=0,
                    snoozed=0, late=False, created_at=now, updated_at=now, client_id=None,
                    visit_id=None, complaint_id=None, basis_on=None, due_on=None, due_at=None,
                    params={"excerpt": excerpt[:200]},
                )])  # fmt: skip
            await uow.commit()
        self._mine.discard(item.key)
        self._again.discard(item.key)
        log.warning("update %s given up after %d attempts (each ended with its process)",
                    item.key, item.attempts - 1)  # fmt: skip

    async def let_go(self) -> None:
        """On a clean stop: mark what is done, and let other processes take at once what this
        one received and did not finish (instead of after its lease)."""
        try:
            if self._marker is not None and not self._marker.done():
                await self._marker
            if self._done:
                await self._mark_done()
            if self._mine:
                async with self._db.write() as uow:
                    await uow.session.execute(
                        update(ProcessedUpdate)
                        .where(ProcessedUpdate.key.in_(list(self._mine)),
                               ProcessedUpdate.body.is_not(None))
                        .values(lease_until=self._clock.now())
                    )  # fmt: skip
                    await uow.commit()
        except Exception as exc:
            log.warning("could not hand back unfinished updates: %s", exc)

    async def forget_older_than(self, age: timedelta) -> None:
        async with self._db.write() as uow:
            await uow.session.execute(
                delete(ProcessedUpdate).where(ProcessedUpdate.at < self._clock.now() - age)
            )
            await uow.commit()
