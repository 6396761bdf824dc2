"""Reminders: which are due, created once by key, claimed once, and what the user did with them.

The `reminders` rows are the truth. A sweep (run every minute by the bot's scheduler) does two
things: `generate` finds what falls due within the look-ahead and inserts one row per reminder
and person under a deterministic key (a second sweep, or a second process, inserts nothing
new); `claim` takes the rows whose time has come, atomically (`FOR UPDATE SKIP LOCKED` on
PostgreSQL, the write lock on SQLite), checks that each still applies, holds back what falls in
the recipient's quiet hours, and hands the rest to the sender, who reports back with `started`,
`sent`, `retry`, `failed` or `unreachable`.

A process killed between "started" and "sent" leaves a row whose fate is unknown: Telegram has no
idempotent send, so it is marked `unconfirmed` and not sent again (at most once, rather than a
duplicate); every other failure is retried later.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.access import visible_clients
from services.domain import Actor
from services.reminders.kinds import (
    CADENCE,
    DRAFT_NOTICES,
    NOTICES,
    OPEN,
    STALE_REASONS,
    ActResult,
    Kind,
    PendingItem,
    Status,
    TaskItem,
)
from services.reminders.rows import _same_basis, insert_new
from services.reminders.rules import ReminderRules
from services.reminders.sweep import ReminderSweep
from services.storage.models import AuditEntry, Client, Reminder


class ReminderService(ReminderRules, ReminderSweep):
    """Reminders: the rules that create them, the sweep that sends them, and what the user does
    with them (done, snooze, cancel; the pending list)."""

    async def act(
        self, actor: Actor, reminder_id: int, action: str, days: int = 0,
        seen_snoozes: int | None = None,
    ) -> ActResult:  # fmt: skip
        """A button on a reminder: done, cancel, snooze (days), snooze_menu or visit.

        The row is locked until commit, so of two taps at once the second sees what the first
        did: done then cancel is told "already done"; a snooze carries the number of snoozes the
        user saw (`seen_snoozes`), and a second snooze from the same menu is told it already is.
        """
        now = self._clock.now()
        async with self._db.write() as uow:
            row = await uow.session.get(Reminder, reminder_id, with_for_update=True)
            if row is None or row.user_id != actor.user_id:
                return ActResult("not_found")
            await self._db.race_point("reminder.act")
            if row.status not in OPEN:
                known = row.status == Status.OBSOLETE.value and row.note in STALE_REASONS
                reason = row.note if known else f"already_{row.status}"
                return ActResult("stale", reason=reason, client_id=row.client_id)
            ctx = await self._context(uow.session, [row])
            reason = self._stale_reason(row, ctx, now)
            if reason is not None:
                self._set(row, now, Status.OBSOLETE, reason)
                uow.audit(actor_id=actor.user_id, action="obsolete", entity="reminder",
                          entity_id=row.id, at=now, after={"reason": reason})  # fmt: skip
                await uow.commit()
                return ActResult("stale", reason=reason, client_id=row.client_id)
            ticket = ctx.complaints.get(row.complaint_id or -1)
            refs: dict[str, Any] = {
                "client_id": row.client_id,
                "kind": row.kind,
                "complaint_id": row.complaint_id,
                "for_owner": ticket is None or ticket.owner_id == row.user_id,
            }
            if action in ("visit", "snooze_menu"):
                return ActResult(action, snoozed=row.snoozed, **refs)
            if action == "snooze" and seen_snoozes is not None and seen_snoozes != row.snoozed:
                return ActResult("stale", reason="already_snoozed", until=row.send_after, **refs)
            before = {"status": row.status, "send_after": row.send_after.isoformat()}
            result: ActResult
            if action == "done":
                self._set(row, now, Status.DONE)
                result = ActResult("done", **refs)
            elif action == "cancel":
                self._set(row, now, Status.CANCELLED)
                if row.kind in CADENCE:  # both stages of this client's current cycle
                    await uow.session.execute(
                        update(Reminder)
                        .where(Reminder.client_id == row.client_id,
                               Reminder.user_id == row.user_id,
                               Reminder.kind.in_([k.value for k in CADENCE]),
                               _same_basis(row.basis_on),
                               Reminder.status.in_([s.value for s in OPEN]))
                        .values(status=Status.CANCELLED.value, updated_at=now)
                    )  # fmt: skip
                result = ActResult("cancelled", **refs)
            elif action == "snooze" and days in (1, 3, 7):
                # "推迟 1 天": one not sent yet moves a day from its own time (the list showed
                # it), one already sent comes again a day from now. Days count on the user's
                # wall clock (09:00 stays 09:00 over a daylight-saving change).
                start = max(now, row.send_after) if row.status == Status.PENDING.value else now
                zone = ZoneInfo(actor.timezone)
                until = (start.astimezone(zone) + timedelta(days=days)).astimezone(UTC)
                quiet = self.config.quiet_hours if row.kind != Kind.TASK.value else None
                # (A reminder the user set goes out at its own hour, as the sweep sends it.)
                until = (quiet.release(until, actor.timezone) if quiet else None) or until
                self._set(row, now, Status.PENDING, f"snoozed {days}d")
                row.send_after = until
                if row.kind == Kind.TASK.value:  # its day moves too (the morning digest's list)
                    row.due_on = until.astimezone(zone).date()
                row.snoozed += 1
                result = ActResult("snoozed", until=until, **refs)
            else:
                return ActResult("not_found")
            uow.audit(actor_id=actor.user_id, action=result.outcome, entity="reminder",
                      entity_id=row.id, at=now, before=before,
                      after={"status": row.status, "send_after": row.send_after.isoformat()})  # fmt: skip
            await uow.commit()
            return result

    async def add_task(
        self, actor: Actor, token: str, *, day: date, send_at: datetime, text: str,
        client_id: int | None,
    ) -> bool:  # fmt: skip
        """A reminder the user asked for ("提醒我周四给沙钢打电话"), sent at `send_at` on `day`.
        Keyed by the draft's token: a second tap on its button adds nothing. False when the
        client named is no longer one the user may see (nothing is added)."""
        now = self._clock.now()
        async with self._db.write() as uow:
            if client_id is not None:
                seen = await uow.session.execute(
                    select(Client.id).where(Client.id == client_id, visible_clients(actor))
                )
                if seen.scalar_one_or_none() is None:
                    return False
            row = self._row(f"task:{actor.user_id}:{token}", Kind.TASK, actor.user_id,
                            send_at.astimezone(UTC), now, client_id=client_id, due_on=day,
                            params={"text": text})  # fmt: skip
            await insert_new(uow.session, self._db.dialect, [row])
            uow.audit(actor_id=actor.user_id, action="create", entity="reminder",
                      entity_id=None, at=now,
                      after={"kind": Kind.TASK.value, "day": day.isoformat(), "text": text})  # fmt: skip
            await uow.commit()
        return True

    async def task_of(self, actor: Actor, reminder_id: int) -> TaskItem | None:
        """A reminder the user asked for, still to come or sent and not acted on, with what it
        says: None when it is not theirs, not such a reminder, or done or cancelled."""
        async with self._db.read() as session:
            row = await session.get(Reminder, reminder_id)
            if row is None or row.user_id != actor.user_id or row.kind != Kind.TASK.value:
                return None
            if row.status not in OPEN:
                return None
            client = await session.get(Client, row.client_id) if row.client_id else None
            return TaskItem(
                row.id, str((row.params or {}).get("text", "")), row.send_after,
                client.id if client else None, client.name if client else None,
            )  # fmt: skip

    async def task_saved(self, actor: Actor, token: str) -> TaskItem | None:
        """The reminder the user's draft `token` became, whatever became of it since (its
        confirmation pressed again after the draft was dropped); None when it was never set."""
        async with self._db.read() as session:
            row = await session.scalar(
                select(Reminder).where(Reminder.key == f"task:{actor.user_id}:{token}")
            )
            return await _as_saved(session, row)

    async def task_moved(self, actor: Actor, token: str) -> TaskItem | None:
        """The reminder the user's change-of-time draft `token` moved, as it is now (its
        confirmation pressed again after the draft was dropped); None when that draft moved
        none. Found by the move's audit entry, among the user's latest moves."""
        async with self._db.read() as session:
            moves = await session.execute(
                select(AuditEntry.entity_id, AuditEntry.after)
                .where(AuditEntry.actor_id == actor.user_id, AuditEntry.action == "move",
                       AuditEntry.entity == "reminder")
                .order_by(AuditEntry.id.desc()).limit(50)
            )  # fmt: skip
            moved = next((rid for rid, after in moves if (after or {}).get("token") == token), None)
            row = await session.get(Reminder, int(moved)) if moved is not None else None
            if row is None or row.user_id != actor.user_id:
                return None
            return await _as_saved(session, row)

    async def move_task(
        self, actor: Actor, reminder_id: int, *, day: date, send_at: datetime, token: str = ""
    ) -> bool:
        """A reminder the user asked for, moved to `send_at` (local, on `day`) and to be sent
        again. The row is locked and checked again at the write: only the user's own, of that
        kind, not done or cancelled meanwhile. False when it may not be moved (nothing changed).
        `token`, the draft that moved it, goes in the audit entry (see `task_moved`)."""
        now = self._clock.now()
        async with self._db.write() as uow:
            row = await uow.session.get(Reminder, reminder_id, with_for_update=True)
            if row is None or row.user_id != actor.user_id or row.kind != Kind.TASK.value:
                return False
            if row.status not in OPEN:
                return False
            before = {"status": row.status, "send_after": row.send_after.isoformat()}
            self._set(row, now, Status.PENDING, "moved")
            row.send_after = send_at.astimezone(UTC)
            row.due_on = day
            uow.audit(actor_id=actor.user_id, action="move", entity="reminder", entity_id=row.id,
                      at=now, before=before,
                      after={"status": row.status, "send_after": row.send_after.isoformat(),
                             **({"token": token} if token else {})})  # fmt: skip
            await uow.commit()
        return True

    async def pending(self, actor: Actor, limit: int = 15) -> tuple[list[PendingItem], int]:
        """The user's reminders not yet acted on: sent ones first, then what is coming."""
        items, total, _ = await self._pending(actor, limit, None)
        return items, total

    async def pending_by(
        self, actor: Actor, last_day: date, limit: int = 15
    ) -> tuple[list[PendingItem], int, int]:
        """What falls due by `last_day` (the user's local date), overdue matters included: a
        visit's day, a ticket's deadline, a task's time ("这周有什么到期的" to Sunday). Returns the
        items, how many there are, and how many pending reminders fall due later."""
        return await self._pending(actor, limit, last_day)

    async def _pending(
        self, actor: Actor, limit: int, last_day: date | None
    ) -> tuple[list[PendingItem], int, int]:
        # The rows are made by the sweep; make what is due now first, so a follow-up promised
        # when a visit was saved a moment ago is listed (the keys make this safe to repeat).
        await self.generate()
        now = self._clock.now()
        async with self._db.read() as session:
            rows = list(
                (
                    await session.execute(
                        select(Reminder)
                        .where(Reminder.user_id == actor.user_id,
                               Reminder.status.in_([s.value for s in OPEN]),
                               Reminder.kind.not_in([Kind.DIGEST.value,
                                                     *(k.value for k in NOTICES),
                                                     *(k.value for k in DRAFT_NOTICES)]))
                        .order_by(Reminder.send_after, Reminder.id)
                    )
                ).scalars()
            )  # fmt: skip
            ctx = await self._context(session, rows)
        live = [r for r in rows if self._stale_reason(r, ctx, now) is None]

        # Sent ones first: what is already late, the most overdue first (a visit 23 days late,
        # then a ticket 4 days past its deadline), then what falls due, soonest first; whatever
        # morning each was sent. Then what is still to come, in the order it will be sent.
        def order(r: Reminder) -> tuple[bool, bool, datetime, datetime, int]:
            if r.status != Status.SENT.value:  # sent together: the most overdue first
                return (True, True, r.send_after, _due(r), r.id)
            return (False, _due(r) >= now, _due(r), r.send_after, r.id)

        live.sort(key=order)
        # One line per client's visit cadence: "due soon" and "overdue" are one matter to the user.
        seen: set[int] = set()
        collapsed = []
        for r in live:
            if r.kind in CADENCE:
                if r.client_id in seen:
                    continue
                seen.add(r.client_id or -1)
            collapsed.append(r)
        quiet = self.config.quiet_hours

        def comes_at(r: Reminder) -> datetime:
            """When a reminder not sent yet will go out: one due in quiet hours waits for their
            end (as the sweep holds it), so the list does not promise it at 23:17."""
            if r.status == Status.SENT.value or quiet is None or r.kind == Kind.TASK.value:
                return r.send_after
            return quiet.release(r.send_after, actor.timezone) or r.send_after

        # A warning held by quiet hours past its deadline ("resolve by 23:59", held until 08:00)
        # never goes out: the alert at the deadline replaces it (the sweep drops it then).
        live = [
            r
            for r in collapsed
            if not (
                r.kind in (Kind.FIRST_RESPONSE_WARN.value, Kind.RESOLUTION_WARN.value)
                and r.status != Status.SENT.value
                and r.due_at is not None
                and comes_at(r) >= r.due_at
            )
        ]

        later = 0
        if last_day is not None:
            zone = ZoneInfo(actor.timezone)
            kept = [r for r in live if _due_day(r, zone) <= last_day]
            later, live = len(live) - len(kept), kept
        items = [
            PendingItem(r.id, Kind(r.kind), Status(r.status), comes_at(r),
                        self._params(r, ctx, now))
            for r in live[:limit]
        ]  # fmt: skip
        return items, len(live), later


def _due(row: Reminder) -> datetime:
    """When the matter a reminder is about falls due: a ticket's deadline, a visit's day."""
    if row.due_at is not None:
        return row.due_at
    if row.due_on is not None:
        return datetime.combine(row.due_on, time.min, UTC)
    return row.send_after


def _due_day(row: Reminder, zone: ZoneInfo) -> date:
    """The user's local day a reminder's matter falls due: a ticket's deadline, a visit's or
    follow-up's day, else the day it is sent (a task's time)."""
    if row.due_at is not None:
        return row.due_at.astimezone(zone).date()
    if row.due_on is not None:
        return row.due_on
    return row.send_after.astimezone(zone).date()


async def _as_saved(session: AsyncSession, row: Reminder | None) -> TaskItem | None:
    """A reminder the user asked for, with its day and whatever became of it (done, cancelled)."""
    if row is None or row.kind != Kind.TASK.value:
        return None
    client = await session.get(Client, row.client_id) if row.client_id else None
    return TaskItem(
        row.id, str((row.params or {}).get("text", "")), row.send_after,
        client.id if client else None, client.name if client else None,
        day=row.due_on, status=row.status,
    )  # fmt: skip
