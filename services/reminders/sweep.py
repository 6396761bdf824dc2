"""The sweep's side of the rows: the sender's turn, claiming what is due, and what became of each
send (sent, retried, held, failed, unreachable)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from services.reminder_time import local_day
from services.reminders.base import _Context
from services.reminders.digest import ReminderDigest
from services.reminders.kinds import (
    CADENCE,
    DRAFT_NOTICES,
    GROUP,
    MAX_ATTEMPTS,
    SENDER_LOCK,
    Claim,
    Delivery,
    Kind,
    Status,
)
from services.reminders.rows import held_key
from services.storage.models import Complaint, Reminder, User

log = logging.getLogger("kam.reminders")


class ReminderSweep(ReminderDigest):
    """Claims due rows for the outbox and records what became of each send."""

    _taken_over = False  # SQLite: whether this process has taken over a dead sender's rows
    _lapsed = False  # PostgreSQL: whether this process's current turn lapsed (see `_renew`)
    _leases: bool | None = None  # PostgreSQL: whether the server can end an idle session (14+)

    @property
    def turn_lapsed(self) -> bool:
        """Whether the current turn was lost while the process stood still: it claims no more."""
        return self._lapsed

    @asynccontextmanager
    async def sending_turn(self) -> AsyncIterator[bool]:
        """Whether this process may send now: one sender at a time per PostgreSQL database.

        Claims alone already keep two processes from sending the same reminder; the turn keeps
        Telegram's rate limit (per bot, not per process) from being exceeded by two senders at
        once. The lock is a session advisory lock on a connection held for the turn: if the
        process dies, PostgreSQL drops it and another process takes the next turn, and with it
        the rows the dead sender had claimed (`_take_over`), at once rather than when its claims
        expire. On SQLite (one process) the turn is always this process's, and its first turn
        takes over what a sender before it left claimed: that process is gone (killed while the
        digests were going out), and its rows would otherwise wait for their claims to expire.
        """
        if self._db.dialect != "postgresql":
            if not self._taken_over:
                self._taken_over = True
                await self._take_over()
            yield True
            return
        async with self._db.engine.connect() as conn:
            got = bool(
                (
                    await conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": SENDER_LOCK})
                ).scalar_one()
            )
            leased = got and await self._lease(conn)
            await conn.commit()
            self._lapsed = False
            ended = asyncio.Event()
            renewing = asyncio.create_task(self._renew(conn, ended)) if leased else None
            try:
                if got:
                    await self._take_over()
                yield got
            finally:
                ended.set()
                lapsed = renewing is not None and not await renewing
                if got and not lapsed:
                    await self._end_turn(conn, leased)

    async def _lease(self, conn: AsyncConnection) -> bool:
        """The turn's lease: PostgreSQL ends the turn's session (and the lock with it) once it
        has been idle for `sender_lease`, so a process that stopped without dying (SIGSTOP, a
        paused VM, a frozen event loop) does not keep the turn, and everyone's messages, for as
        long as its connection lasts; `_renew` keeps it from idling while the process lives.
        PostgreSQL before 14 has no such timeout: the turn lasts as long as its connection."""
        if self._leases is None:
            version = int((await conn.execute(text("SHOW server_version_num"))).scalar_one())
            self._leases = version >= 140000
            if not self._leases:
                log.warning("PostgreSQL before 14: a replica that stops without dying keeps the "
                            "sending turn as long as its connection lasts")  # fmt: skip
        if not self._leases:
            return False
        lease = int(self.config.sender_lease.total_seconds() * 1000)
        await conn.execute(text(f"SET idle_session_timeout = {lease}"))
        return True

    async def _renew(self, conn: AsyncConnection, ended: asyncio.Event) -> bool:
        """Keeps the turn's session busy a few times per lease until the turn ends; False when
        the session was gone (the lease lapsed while the process stood still: another process
        may have taken the turn since, and this one's claims were taken over)."""
        every = self.config.sender_lease.total_seconds() / 4
        while not ended.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(ended.wait(), every)
                break
            try:
                await conn.execute(text("SELECT 1"))
                await conn.commit()
            except DBAPIError as exc:
                if not exc.connection_invalidated:  # a hiccup, not the session's end: next time
                    log.warning("could not renew the sending turn: %s", exc)
                    await conn.rollback()
                    continue
                log.warning("the sending turn lapsed (the process stood still for longer than "
                            "its lease); another process may send now")  # fmt: skip
                self._lapsed = True
                return False
        return True

    @staticmethod
    async def _end_turn(conn: AsyncConnection, leased: bool = False) -> None:
        try:
            await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": SENDER_LOCK})
            if leased:  # the connection goes back to the pool: no idle timeout there
                await conn.execute(text("RESET idle_session_timeout"))
            await conn.commit()
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
            # The database dropped the turn's connection, and the lock with it: another process
            # may have taken the turn meanwhile. What this one sent stands (each message was
            # marked as started first, so none went out twice); nothing is left to unlock.
            log.warning("the sending turn's database connection was lost during the turn")

    async def _take_over(self) -> None:
        """At the start of a turn: rows still being sent belong to a sender that lost the turn
        (killed with a whole batch claimed). What it had not started goes out now, from this
        turn, not when its claims expire (ten minutes of a replica's digests); what it was
        sending when it died may have reached Telegram, so it is not sent again."""
        now = self._clock.now()
        async with self._db.write() as uow:
            rows = (await uow.session.execute(
                select(Reminder).where(Reminder.status == Status.SENDING.value)
                .with_for_update(skip_locked=True)
            )).scalars().all()  # fmt: skip
            back = 0
            for row in rows:
                if row.attempt_started_at is not None:
                    self._set(row, now, Status.UNCONFIRMED, "sender stopped while sending")
                    log.warning("reminder %s: its sender stopped mid-send; not sent again", row.id)
                    continue
                row.status = Status.PENDING.value
                row.claimed_by = row.claimed_until = None
                row.updated_at = now
                back += 1
            if back:
                log.warning("%d reminders claimed by a sender that stopped are sent now", back)
            await uow.commit()

    async def claim(self, worker: str, limit: int = 200) -> Claim:
        """Take up to `limit` due reminders for this sender; nobody else gets the same rows."""
        now = self._clock.now()
        deliveries: list[Delivery] = []
        digests: list[tuple[Reminder, User]] = []
        async with self._db.write() as uow:
            session = uow.session
            due = (
                select(Reminder.id)
                .join(User, User.id == Reminder.user_id)
                .where(
                    or_(
                        and_(Reminder.status == Status.PENDING.value, Reminder.send_after <= now),
                        and_(Reminder.status == Status.SENDING.value,
                             Reminder.claimed_until < now),
                    ),
                    User.blocked_bot.is_(False),
                )
                .order_by(Reminder.send_after, Reminder.id)
                .limit(limit)
                .with_for_update(skip_locked=True, of=Reminder)
            )  # fmt: skip
            ids = list((await session.execute(due)).scalars())
            if not ids:
                return Claim(0, [])
            rows = list(
                (await session.execute(select(Reminder).where(Reminder.id.in_(ids)))).scalars()
            )
            rows.sort(key=lambda r: (r.send_after, r.id))
            ctx = await self._context(session, rows)
            ready: list[tuple[Reminder, User]] = []
            for row in rows:
                user = ctx.users.get(row.user_id)
                if row.status == Status.SENDING.value and row.attempt_started_at is not None:
                    self._set(row, now, Status.UNCONFIRMED, "sender stopped while sending")
                    log.warning("reminder %s: its sender stopped mid-send; not sent again", row.id)
                    continue
                if user is None or not user.active:
                    self._set(row, now, Status.OBSOLETE, "recipient inactive")
                    continue
                reason = self._stale_reason(row, ctx, now)
                if reason is not None:
                    self._set(row, now, Status.OBSOLETE, reason)
                    continue
                if row.kind == Kind.DIGEST.value and self.config.digest_too_late(
                    now, row.due_on or local_day(row.send_after, user.timezone), user.timezone
                ):
                    self._set(row, now, Status.SKIPPED, "too late for that day's digest")
                    continue
                # A draft's notice answers someone who was in a conversation minutes ago (the
                # bot restarted, or their draft timed out): it is not held for quiet hours.
                # A reminder the user asked for at a time ("提醒我晚上10点…") goes out at that time,
                # and so does the digest at the time the operator set (a 21:00 digest held for
                # quiet hours till the morning would be a day late and never sent).
                held = row.kind not in DRAFT_NOTICES and row.kind not in (
                    Kind.TASK.value,
                    Kind.DIGEST.value,
                )
                quiet = self.config.quiet_hours if held else None
                release = quiet.release(now, user.timezone) if quiet is not None else None
                if release is not None:
                    row.status = Status.PENDING.value
                    row.send_after = release
                    row.claimed_by = row.claimed_until = None
                    row.updated_at = now
                    continue
                row.status = Status.SENDING.value
                row.claimed_by = worker
                row.claimed_until = now + self.config.claim_ttl
                row.attempt_started_at = None
                # Late: it was due while its recipient and what it tells of were already known
                # (not a new user's first alerts about deadlines from before they joined).
                row.late = (now - row.send_after > self.config.late_after
                            and self._source_time(row, ctx) < row.send_after
                            and user.created_at < row.send_after)  # fmt: skip
                row.updated_at = now
                if row.kind == Kind.DIGEST.value:
                    digests.append((row, user))
                else:
                    ready.append((row, user))
            deliveries = self._deliveries(ready, ctx, now)
            await uow.commit()
        for row, user in digests:
            content = await self.digest(user.id, row.due_on or local_day(now, user.timezone))
            if content is None:
                await self._finish([row.id], Status.SKIPPED, note="nothing to report")
                continue
            deliveries.append(Delivery((row.id,), user.telegram_id, user.language, user.timezone,
                                       Kind.DIGEST.value, content,
                                       row.send_after if row.late else None))  # fmt: skip
        return Claim(len(ids), deliveries)

    def _deliveries(
        self, ready: list[tuple[Reminder, User]], ctx: _Context, now: datetime
    ) -> list[Delivery]:
        out: list[Delivery] = []
        cadence_by_user: dict[int, list[Reminder]] = defaultdict(list)
        for row, user in ready:
            if row.kind in CADENCE:
                cadence_by_user[user.id].append(row)
        for user_id, rows in cadence_by_user.items():
            if len(rows) < self.config.group_at:
                continue
            user = ctx.users[user_id]
            items = sorted((self._params(r, ctx, now) for r in rows),
                           key=lambda p: -int(p["days_overdue"]))  # fmt: skip
            out.append(Delivery(tuple(r.id for r in rows), user.telegram_id, user.language,
                                user.timezone, GROUP, {"items": items}))  # fmt: skip
        grouped = {i for d in out for i in d.ids}
        # A ticket past both its first-contact and its resolution deadline when the alerts go out
        # (the bot was down, or just started): one message saying both, not two about one ticket.
        breaches: dict[tuple[int, int], dict[str, tuple[Reminder, User]]] = defaultdict(dict)
        for row, user in ready:
            if (
                row.kind in (Kind.FIRST_RESPONSE_BREACH, Kind.RESOLUTION_BREACH)
                and row.complaint_id
            ):
                breaches[(user.id, row.complaint_id)][row.kind] = (row, user)
        for pair in breaches.values():
            if len(pair) < 2:
                continue
            first, _ = pair[Kind.FIRST_RESPONSE_BREACH]
            row, user = pair[Kind.RESOLUTION_BREACH]
            params = self._params(row, ctx, now)
            params["first_due_at"] = first.due_at
            out.append(Delivery((row.id, first.id), user.telegram_id, user.language, user.timezone,
                                row.kind, params, row.send_after if row.late else None))  # fmt: skip
            grouped |= {row.id, first.id}
        for row, user in ready:
            if row.id in grouped:
                continue
            out.append(Delivery((row.id,), user.telegram_id, user.language, user.timezone,
                                row.kind, self._params(row, ctx, now),
                                row.send_after if row.late else None))  # fmt: skip
        return out

    async def started(self, ids: Sequence[int], worker: str) -> bool:
        """The sender is about to call Telegram for these rows: False when any of them is no
        longer its own (another sender took it over: this one must not send the message).

        All or nothing: one message for several rows (a group of visit reminders, a ticket's two
        breaches) whose rows were partly taken over (this sender's connection dropped, and with
        it its turn, while another's take-over skipped the rows it was marking) would send the
        taken ones twice. The rows still its own go back to waiting, for the next turn."""
        now = self._clock.now()
        async with self._db.write() as uow:
            rows = (await uow.session.execute(
                select(Reminder).where(Reminder.id.in_(ids)).with_for_update()
            )).scalars().all()  # fmt: skip
            mine = [r for r in rows
                    if r.status == Status.SENDING.value and r.claimed_by == worker]  # fmt: skip
            whole = len(mine) == len(set(ids))
            for row in mine:
                if whole:
                    row.attempt_started_at = now
                else:
                    row.status = Status.PENDING.value
                    row.claimed_by = row.claimed_until = None
                    row.updated_at = now
            await uow.commit()
        if mine and not whole:
            log.warning("message %s partly taken over by another sender; its rest waits", ids)
        return whole

    async def sent(self, ids: Sequence[int], message_id: int | None) -> None:
        now = self._clock.now()
        async with self._db.write() as uow:
            await uow.session.execute(
                update(Reminder)
                .where(Reminder.id.in_(ids))
                .values(status=Status.SENT.value, sent_at=now, message_id=message_id,
                        attempts=Reminder.attempts + 1, claimed_by=None, claimed_until=None,
                        attempt_started_at=None, updated_at=now)
            )  # fmt: skip
            await uow.commit()

    async def retry(self, ids: Sequence[int], after: timedelta, note: str) -> None:
        """Telegram said wait (429) or could not be reached: send again after `after`."""
        now = self._clock.now()
        async with self._db.write() as uow:
            rows = await uow.session.execute(select(Reminder).where(Reminder.id.in_(ids)))
            for row in rows.scalars():
                row.attempts += 1
                if row.attempts >= MAX_ATTEMPTS:
                    self._set(row, now, Status.FAILED, f"gave up after {row.attempts}: {note}")
                    continue
                self._set(row, now, Status.PENDING, note[:200])
                row.send_after = now + after
            await uow.commit()

    async def alert_held(self, ids: Sequence[int]) -> int:
        """Alerts that could not reach their supervisor yet: tell whoever filed the complaint,
        once per alert. Returns the notices created."""
        now = self._clock.now()
        async with self._db.write() as uow:
            alerts = (await uow.session.execute(select(Reminder).where(
                Reminder.id.in_(ids), Reminder.kind == Kind.ALERT.value))).scalars().all()  # fmt: skip
            tickets = await self._by_id(uow.session, Complaint,
                                        {a.complaint_id for a in alerts if a.complaint_id})  # fmt: skip
            rows = [
                self._row(held_key(a.complaint_id, a.user_id), Kind.ALERT_HELD,
                          ticket.recorded_by_id, now, now, client_id=a.client_id,
                          complaint_id=a.complaint_id)
                for a in alerts
                if (ticket := tickets.get(a.complaint_id or -1)) is not None
                and ticket.recorded_by_id != a.user_id
            ]  # fmt: skip
            if rows:
                await self._insert(uow.session, rows)
            await uow.commit()
        return len(rows)

    async def failed(self, ids: Sequence[int], note: str) -> None:
        await self._finish(ids, Status.FAILED, note=note[:200])

    async def unreachable(self, telegram_id: int, ids: Sequence[int] = ()) -> None:
        """The user blocked the bot: hold their reminders until they come back."""
        now = self._clock.now()
        async with self._db.write() as uow:
            await uow.session.execute(
                update(User).where(User.telegram_id == telegram_id)
                .values(blocked_bot=True, updated_at=now)
            )  # fmt: skip
            if ids:
                await uow.session.execute(
                    update(Reminder).where(Reminder.id.in_(ids))
                    .values(status=Status.PENDING.value, claimed_by=None, claimed_until=None,
                            attempt_started_at=None, updated_at=now, note="recipient blocked")
                )  # fmt: skip
            await uow.commit()

    async def reachable(self, telegram_id: int) -> None:
        """The user unblocked the bot (or wrote to it): their reminders go out again."""
        async with self._db.write() as uow:
            await uow.session.execute(
                update(User)
                .where(User.telegram_id == telegram_id, User.blocked_bot.is_(True))
                .values(blocked_bot=False, updated_at=self._clock.now())
            )
            await uow.commit()
