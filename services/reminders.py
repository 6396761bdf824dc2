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

import enum
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from services.cadence_sql import EPOCH, created_on, day_number, interval_days
from services.clock import Clock
from services.domain import Actor, Role
from services.policy import Policy
from services.reminder_time import QuietHours, local_at, local_day
from services.storage.models import Client, Complaint, Flow, Reminder, User, Visit
from services.storage.uow import Database

log = logging.getLogger("kam.reminders")


class Kind(enum.StrEnum):
    CADENCE_DUE = "cadence_due"  # a client falls due for a visit in a few days
    CADENCE_OVERDUE = "cadence_overdue"  # the visit is overdue
    FOLLOW_UP = "follow_up"  # a follow-up set on a visit
    FIRST_RESPONSE_WARN = "cp_first_warn"  # a complaint's first contact is due soon
    FIRST_RESPONSE_BREACH = "cp_first_breach"
    RESOLUTION_WARN = "cp_resolve_warn"
    RESOLUTION_BREACH = "cp_resolve_breach"
    DIGEST = "digest"
    ALERT = "cp_alert"  # a supervisor told of a critical complaint in their team
    ALERT_HELD = "cp_alert_held"  # its filer told that the supervisor cannot be reached yet
    DRAFT_KEPT = "draft_kept"  # a draft survived a restart: here it is, carry on
    DRAFT_EXPIRED = "draft_expired"  # a draft idle for 30 minutes ended unsaved


CADENCE = (Kind.CADENCE_DUE, Kind.CADENCE_OVERDUE)
COMPLAINT = (
    Kind.FIRST_RESPONSE_WARN,
    Kind.FIRST_RESPONSE_BREACH,
    Kind.RESOLUTION_WARN,
    Kind.RESOLUTION_BREACH,
)
FIRST_RESPONSE = (Kind.FIRST_RESPONSE_WARN, Kind.FIRST_RESPONSE_BREACH)
GROUP = "group"  # several cadence reminders for one person, sent as one message
# Notices: sent once through the same outbox, never stale, no buttons, not in /reminders.
NOTICES = (Kind.ALERT, Kind.ALERT_HELD)
# A draft's notices: their content is fixed in the row's params when queued; not in /reminders.
DRAFT_NOTICES = (Kind.DRAFT_KEPT, Kind.DRAFT_EXPIRED)


class Status(enum.StrEnum):
    PENDING = "pending"  # waiting for its time (or for the end of quiet hours, or a retry)
    SENDING = "sending"  # claimed by a sender
    SENT = "sent"  # delivered; the user has not acted on it yet
    DONE = "done"
    CANCELLED = "cancelled"
    OBSOLETE = "obsolete"  # no longer applies (a visit was logged, the complaint was handled)
    SKIPPED = "skipped"  # a digest too late or with nothing in it; found when already past
    FAILED = "failed"  # Telegram refused it for good
    UNCONFIRMED = "unconfirmed"  # the sender died mid-send: maybe delivered, not sent again


OPEN = (Status.PENDING, Status.SENDING, Status.SENT)
COMPLAINT_OPEN = ("open", "responded")
STALE_REASONS = (
    "visit_logged", "client_moved", "visit_changed", "complaint_handled", "complaint_responded",
)  # fmt: skip
MAX_ATTEMPTS = 20
SENDER_LOCK = 0x4B414D52  # 'KAMR': the advisory lock of the sender's turn
INSERT_CHUNK = 1000


DEFAULT_QUIET = QuietHours(time(21, 0), time(8, 0))


@dataclass(frozen=True)
class ReminderConfig:
    quiet_hours: QuietHours | None = DEFAULT_QUIET
    digest_time: time = time(8, 30)
    sweep_seconds: int = 60
    lookahead_days: int = 7  # rows are made this far ahead, so /reminders can show them
    digest_max_late: timedelta = timedelta(hours=3)  # a later digest is skipped
    claim_ttl: timedelta = timedelta(minutes=10)
    group_at: int = 4  # this many cadence reminders or more for one person go out as one message
    follow_up_max_age_days: int = 30

    @property
    def day_time(self) -> time:
        """When reminders about a day (visits falling due, follow-ups) go out: after the digest."""
        at = datetime.combine(date(2000, 1, 1), self.digest_time) + timedelta(minutes=30)
        return at.time()

    @property
    def late_after(self) -> timedelta:
        return max(timedelta(minutes=5), timedelta(seconds=3 * self.sweep_seconds))


@dataclass(frozen=True, slots=True)
class Delivery:
    """One message to send: a reminder (or a group of them) with what the text needs."""

    ids: tuple[int, ...]
    telegram_id: int
    language: str
    timezone: str
    kind: str  # a Kind, or GROUP
    params: Mapping[str, Any]
    late_since: datetime | None = None  # when it should have gone out, if it is late


@dataclass(frozen=True, slots=True)
class PendingItem:
    id: int
    kind: Kind
    status: Status
    send_after: datetime
    params: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class ActResult:
    outcome: str  # done | cancelled | snoozed | visit | snooze_menu | stale | not_found
    reason: str | None = None
    until: datetime | None = None
    client_id: int | None = None
    kind: str | None = None
    complaint_id: int | None = None
    for_owner: bool = True  # False: a supervisor's copy of a complaint breach
    snoozed: int = 0  # times snoozed when the user looked: a snooze button carries it back


@dataclass(frozen=True, slots=True)
class Claim:
    taken: int  # rows looked at (some turn out obsolete or wait for the morning)
    deliveries: list[Delivery]


@dataclass
class SweepReport:
    created: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.created.values())


@dataclass
class _Context:
    users: dict[int, User]
    clients: dict[int, Client]
    visits: dict[int, Visit]
    complaints: dict[int, Complaint]
    drafts: dict[int, Flow] = field(default_factory=dict)  # by user: the flows a notice is about


class ReminderService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        policy: Policy,
        *,
        timezone: str = "Asia/Shanghai",
        config: ReminderConfig | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._policy = policy
        self._timezone = timezone
        self.config = config or ReminderConfig()

    # ================================================================ generate

    async def generate(self) -> SweepReport:
        """Insert every reminder due within the look-ahead that has no row yet (by key)."""
        now = self._clock.now()
        today = local_day(now, self._timezone)
        async with self._db.read() as session:
            rows = [
                *await self._cadence_rows(session, now, today),
                *await self._follow_up_rows(session, now, today),
                *await self._complaint_rows(session, now),
                *await self._digest_rows(session, now, today),
            ]
        report = SweepReport()
        if not rows:
            return report
        # A transaction per chunk: a first sweep over a large portfolio does not hold SQLite's
        # write lock for seconds (the keys make a half-finished sweep safe to repeat).
        for start in range(0, len(rows), INSERT_CHUNK):
            async with self._db.write() as uow:
                await self._insert(uow.session, rows[start : start + INSERT_CHUNK])
                await uow.commit()
        for row in rows:
            report.created[row["kind"]] = report.created.get(row["kind"], 0) + 1
        return report

    async def _insert(self, session: AsyncSession, rows: list[dict[str, Any]]) -> None:
        await insert_new(session, self._db.dialect, rows)

    def _row(self, key: str, kind: Kind, user_id: int, send_after: datetime, now: datetime,
             status: Status = Status.PENDING, **refs: Any) -> dict[str, Any]:  # fmt: skip
        row: dict[str, Any] = dict(
            key=key, kind=kind.value, user_id=user_id, status=status.value, send_after=send_after,
            attempts=0, snoozed=0, late=False, created_at=now, updated_at=now, client_id=None,
            visit_id=None, complaint_id=None, basis_on=None, due_on=None, due_at=None, params=None,
        )  # fmt: skip
        row.update(refs)
        return row

    async def _cadence_rows(
        self, session: AsyncSession, now: datetime, today: date
    ) -> list[dict[str, Any]]:
        cadence = self._policy.cadence
        last = Client.last_visit_on
        base_n = day_number(self._db.dialect, func.coalesce(last, created_on()))
        due_n = base_n + interval_days(cadence)
        horizon_n = (today + timedelta(days=self.config.lookahead_days) - EPOCH).days
        out: list[dict[str, Any]] = []
        for kind, lead in ((Kind.CADENCE_DUE, cadence.remind_days_before),
                           (Kind.CADENCE_OVERDUE, -1)):  # fmt: skip
            r = aliased(Reminder)
            made = (
                select(r.id)
                .where(
                    r.client_id == Client.id,
                    r.kind == kind.value,
                    r.user_id == Client.owner_id,
                    or_(r.basis_on == last, and_(r.basis_on.is_(None), last.is_(None))),
                )
                .exists()
            )
            found = await session.execute(
                select(Client.id, Client.owner_id, last, due_n.label("due_n"), User.timezone)
                .join(User, User.id == Client.owner_id)
                .where(
                    User.active.is_(True), User.blocked_bot.is_(False),
                    due_n - lead <= horizon_n, ~made,
                )
            )  # fmt: skip
            for client_id, owner_id, basis, due_number, zone in found:
                due = EPOCH + timedelta(days=int(due_number))
                trigger = due - timedelta(days=lead)
                status = Status.PENDING
                if kind is Kind.CADENCE_DUE and today > due:
                    status = Status.SKIPPED  # already overdue: the overdue reminder says it
                key = f"cad:{kind.value}:{client_id}:{owner_id}:{basis or 'new'}"
                out.append(self._row(
                    key, kind, owner_id, local_at(trigger, self.config.day_time, zone), now,
                    status, client_id=client_id, basis_on=basis, due_on=due,
                ))  # fmt: skip
        return out

    async def _follow_up_rows(
        self, session: AsyncSession, now: datetime, today: date
    ) -> list[dict[str, Any]]:
        horizon = today + timedelta(days=self.config.lookahead_days)
        oldest = today - timedelta(days=self.config.follow_up_max_age_days)
        r = aliased(Reminder)
        made = (
            select(r.id)
            .where(r.visit_id == Visit.id, r.kind == Kind.FOLLOW_UP.value,
                   r.due_on == Visit.follow_up_on)
            .exists()
        )  # fmt: skip
        found = await session.execute(
            select(Visit.id, Visit.client_id, Visit.author_id, Visit.follow_up_on, User.timezone)
            .join(User, User.id == Visit.author_id)
            .where(
                Visit.follow_up_on.is_not(None), Visit.follow_up_on <= horizon,
                Visit.deleted_at.is_(None), User.active.is_(True), User.blocked_bot.is_(False),
                ~made,
            )
        )  # fmt: skip
        out = []
        for visit_id, client_id, author_id, day, zone in found:
            assert day is not None  # the query asked for follow-up days only
            status = Status.SKIPPED if day < oldest else Status.PENDING
            out.append(self._row(
                f"fu:{visit_id}:{day}", Kind.FOLLOW_UP, author_id,
                local_at(day, self.config.day_time, zone), now, status,
                client_id=client_id, visit_id=visit_id, due_on=day,
            ))  # fmt: skip
        return out

    async def _complaint_rows(self, session: AsyncSession, now: datetime) -> list[dict[str, Any]]:
        made = (
            select(Reminder.id)
            .where(Reminder.complaint_id == Complaint.id,
                   Reminder.kind.in_([k.value for k in COMPLAINT]))
            .exists()
        )  # fmt: skip
        tickets = (
            (
                await session.execute(
                    select(Complaint).where(Complaint.status.in_(COMPLAINT_OPEN), ~made)
                )
            )
            .scalars()
            .all()
        )
        if not tickets:
            return []
        owners = {u.id: u for u in await self._users(session, {t.owner_id for t in tickets})}
        teams = {u.team_id for u in owners.values() if u.team_id is not None}
        supervisors: dict[int, list[int]] = defaultdict(list)
        if teams:
            for sup_id, team_id in await session.execute(
                select(User.id, User.team_id).where(
                    User.team_id.in_(teams), User.role == Role.SUPERVISOR.value,
                    User.active.is_(True),
                )
            ):  # fmt: skip
                if team_id is not None:
                    supervisors[team_id].append(sup_id)
        out = []
        for ticket in tickets:
            owner = owners.get(ticket.owner_id)
            if owner is None:
                continue
            watchers = [s for s in supervisors.get(owner.team_id or -1, []) if s != owner.id]
            stages: list[tuple[Kind, Kind, datetime]] = []
            if ticket.responded_at is None:
                stages.append((Kind.FIRST_RESPONSE_WARN, Kind.FIRST_RESPONSE_BREACH,
                               ticket.first_response_due))  # fmt: skip
            stages.append((Kind.RESOLUTION_WARN, Kind.RESOLUTION_BREACH, ticket.resolution_due))
            for warn, breach, due in stages:
                lead = min(timedelta(hours=24), (due - ticket.received_at) / 4)
                status = Status.SKIPPED if due <= now else Status.PENDING
                refs: dict[str, Any] = {
                    "client_id": ticket.client_id,
                    "complaint_id": ticket.id,
                    "due_at": due,
                }
                out.append(self._row(f"cp:{warn.value}:{ticket.id}:{owner.id}", warn, owner.id,
                                     due - lead, now, status, **refs))  # fmt: skip
                for user_id in (owner.id, *watchers):
                    out.append(self._row(f"cp:{breach.value}:{ticket.id}:{user_id}", breach,
                                         user_id, due, now, **refs))  # fmt: skip
        return out

    async def _digest_rows(
        self, session: AsyncSession, now: datetime, today: date
    ) -> list[dict[str, Any]]:
        people = (
            await session.execute(
                select(User.id, User.timezone).where(
                    User.active.is_(True), User.blocked_bot.is_(False),
                    User.role.in_((Role.MANAGER.value, Role.SUPERVISOR.value)),
                )
            )
        ).all()  # fmt: skip
        if not people:
            return []
        made = set(
            (
                await session.execute(
                    select(Reminder.key).where(
                        Reminder.kind == Kind.DIGEST.value,
                        Reminder.due_on >= today - timedelta(days=2),
                    )
                )
            ).scalars()
        )
        out = []
        for user_id, zone in people:
            day = local_day(now, zone)
            at = local_at(day, self.config.digest_time, zone)
            if now > at + self.config.digest_max_late:
                day += timedelta(days=1)
                at = local_at(day, self.config.digest_time, zone)
            key = f"dg:{user_id}:{day}"
            if key not in made:
                out.append(self._row(key, Kind.DIGEST, user_id, at, now, due_on=day))
        return out

    # ================================================================ claim and report back

    @asynccontextmanager
    async def sending_turn(self) -> AsyncIterator[bool]:
        """Whether this process may send now: one sender at a time per PostgreSQL database.

        Claims alone already keep two processes from sending the same reminder; the turn keeps
        Telegram's rate limit (per bot, not per process) from being exceeded by two senders at
        once. The lock is a session advisory lock on a connection held for the turn: if the
        process dies, PostgreSQL drops it and another process takes the next turn. On SQLite
        (one process) the turn is always this process's.
        """
        if self._db.dialect != "postgresql":
            yield True
            return
        async with self._db.engine.connect() as conn:
            got = bool(
                (
                    await conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": SENDER_LOCK})
                ).scalar_one()
            )
            await conn.commit()
            try:
                yield got
            finally:
                if got:
                    await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": SENDER_LOCK})
                    await conn.commit()

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
                reason = self._stale_reason(row, ctx)
                if reason is not None:
                    self._set(row, now, Status.OBSOLETE, reason)
                    continue
                if row.kind == Kind.DIGEST.value and now - row.send_after > (
                    self.config.digest_max_late
                ):
                    self._set(row, now, Status.SKIPPED, "too late for a morning digest")
                    continue
                quiet = self.config.quiet_hours
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
                row.late = (now - row.send_after > self.config.late_after
                            and self._source_time(row, ctx) < row.send_after)  # fmt: skip
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
        for row, user in ready:
            if row.id in grouped:
                continue
            out.append(Delivery((row.id,), user.telegram_id, user.language, user.timezone,
                                row.kind, self._params(row, ctx, now),
                                row.send_after if row.late else None))  # fmt: skip
        return out

    async def started(self, ids: Sequence[int], worker: str) -> None:
        """The sender is about to call Telegram for these rows."""
        async with self._db.write() as uow:
            await uow.session.execute(
                update(Reminder)
                .where(Reminder.id.in_(ids), Reminder.status == Status.SENDING.value,
                       Reminder.claimed_by == worker)
                .values(attempt_started_at=self._clock.now())
            )  # fmt: skip
            await uow.commit()

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

    # ================================================================ notices

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

    async def _finish(self, ids: Sequence[int], status: Status, *, note: str) -> None:
        now = self._clock.now()
        async with self._db.write() as uow:
            await uow.session.execute(
                update(Reminder).where(Reminder.id.in_(ids))
                .values(status=status.value, note=note, claimed_by=None, claimed_until=None,
                        attempt_started_at=None, updated_at=now)
            )  # fmt: skip
            await uow.commit()

    @staticmethod
    def _set(row: Reminder, now: datetime, status: Status, note: str | None = None) -> None:
        row.status = status.value
        row.note = note
        row.claimed_by = row.claimed_until = row.attempt_started_at = None
        row.updated_at = now

    # ================================================================ what the user does

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
            if row.status not in OPEN:
                known = row.status == Status.OBSOLETE.value and row.note in STALE_REASONS
                reason = row.note if known else f"already_{row.status}"
                return ActResult("stale", reason=reason, client_id=row.client_id)
            ctx = await self._context(uow.session, [row])
            reason = self._stale_reason(row, ctx)
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
                start = max(now, row.send_after) if row.status == Status.PENDING.value else now
                until = start + timedelta(days=days)
                quiet = self.config.quiet_hours
                until = (quiet.release(until, actor.timezone) if quiet else None) or until
                self._set(row, now, Status.PENDING, f"snoozed {days}d")
                row.send_after = until
                row.snoozed += 1
                result = ActResult("snoozed", until=until, **refs)
            else:
                return ActResult("not_found")
            uow.audit(actor_id=actor.user_id, action=result.outcome, entity="reminder",
                      entity_id=row.id, at=now, before=before,
                      after={"status": row.status, "send_after": row.send_after.isoformat()})  # fmt: skip
            await uow.commit()
            return result

    async def pending(self, actor: Actor, limit: int = 15) -> tuple[list[PendingItem], int]:
        """The user's reminders not yet acted on: sent ones first, then what is coming."""
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
        live = [r for r in rows if self._stale_reason(r, ctx) is None]
        live.sort(key=lambda r: (r.status != Status.SENT.value, r.send_after, r.id))
        # One line per client's visit cadence: "due soon" and "overdue" are one matter to the user.
        seen: set[int] = set()
        collapsed = []
        for r in live:
            if r.kind in CADENCE:
                if r.client_id in seen:
                    continue
                seen.add(r.client_id or -1)
            collapsed.append(r)
        live = collapsed
        items = [
            PendingItem(r.id, Kind(r.kind), Status(r.status), r.send_after,
                        self._params(r, ctx, now))
            for r in live[:limit]
        ]  # fmt: skip
        return items, len(live)

    # ================================================================ what a reminder says

    async def _context(self, session: AsyncSession, rows: Iterable[Reminder]) -> _Context:
        rows = list(rows)
        visits = await self._by_id(session, Visit, {r.visit_id for r in rows if r.visit_id})
        complaints = await self._by_id(
            session, Complaint, {r.complaint_id for r in rows if r.complaint_id}
        )
        client_ids = {r.client_id for r in rows if r.client_id}
        clients = await self._by_id(session, Client, client_ids)
        user_ids = {r.user_id for r in rows} | {c.owner_id for c in complaints.values()}
        user_ids |= {_held_for(r) for r in rows if r.kind == Kind.ALERT_HELD}
        user_ids |= {v.author_id for v in visits.values()}
        users = {u.id: u for u in await self._users(session, user_ids)}
        kept = {r.user_id for r in rows if r.kind == Kind.DRAFT_KEPT}
        drafts = {f.user_id: f for f in (await session.execute(
            select(Flow).where(Flow.user_id.in_(kept)))).scalars()} if kept else {}  # fmt: skip
        return _Context(users, clients, visits, complaints, drafts)

    @staticmethod
    async def _by_id(session: AsyncSession, model: Any, ids: set[int]) -> dict[int, Any]:
        if not ids:
            return {}
        found = (await session.execute(select(model).where(model.id.in_(ids)))).scalars()
        return {row.id: row for row in found}

    @staticmethod
    async def _users(session: AsyncSession, ids: set[int]) -> list[User]:
        if not ids:
            return []
        return list((await session.execute(select(User).where(User.id.in_(ids)))).scalars())

    def _stale_reason(self, row: Reminder, ctx: _Context) -> str | None:
        """Why the reminder no longer applies, or None when it still does."""
        kind = row.kind
        if kind in CADENCE:
            client = ctx.clients.get(row.client_id or -1)
            if client is None or client.owner_id != row.user_id:
                return "client_moved"
            if client.last_visit_on != row.basis_on:
                return "visit_logged"
        elif kind == Kind.FOLLOW_UP.value:
            visit = ctx.visits.get(row.visit_id or -1)
            if visit is None or visit.deleted_at is not None or visit.follow_up_on != row.due_on:
                return "visit_changed"
        elif kind in COMPLAINT:
            ticket = ctx.complaints.get(row.complaint_id or -1)
            if ticket is None or ticket.status not in COMPLAINT_OPEN:
                return "complaint_handled"
            if kind in FIRST_RESPONSE and ticket.responded_at is not None:
                return "complaint_responded"
        elif kind == Kind.DRAFT_KEPT.value:
            flow = ctx.drafts.get(row.user_id)
            if (
                flow is None
                or draft_key(kind, row.user_id, flow.draft_id, flow.step, flow.updated_at)
                != row.key
            ):
                return "draft_moved_on"  # finished, cancelled or answered since: nothing to resume
        return None

    def _source_time(self, row: Reminder, ctx: _Context) -> datetime:
        """When what the reminder is about became known (a reminder is late only after that)."""
        if row.kind in CADENCE and row.client_id in ctx.clients:
            return ctx.clients[row.client_id].updated_at
        if row.kind == Kind.FOLLOW_UP.value and row.visit_id in ctx.visits:
            return ctx.visits[row.visit_id].updated_at
        if row.kind in COMPLAINT and row.complaint_id in ctx.complaints:
            return ctx.complaints[row.complaint_id].created_at
        return row.created_at

    def _params(self, row: Reminder, ctx: _Context, now: datetime) -> dict[str, Any]:
        user = ctx.users.get(row.user_id)
        today = local_day(now, user.timezone if user else self._timezone)
        client = ctx.clients.get(row.client_id or -1)
        params: dict[str, Any] = {"id": row.id, "kind": row.kind,
                                  "client": client.name if client else "",
                                  "client_id": row.client_id}  # fmt: skip
        if row.kind in CADENCE and client is not None:
            due = row.due_on or today
            params.update(
                due_on=due, last_visit=client.last_visit_on, days_overdue=(today - due).days,
                interval=(due - (row.basis_on or due)).days if row.basis_on else None,
                rating=client.credit_rating,
            )  # fmt: skip
        elif row.kind == Kind.FOLLOW_UP.value:
            visit = ctx.visits.get(row.visit_id or -1)
            if visit is not None:
                params.update(due_on=row.due_on, visited_on=visit.visited_on,
                              next_step=visit.next_step or "", summary=visit.summary[:200])  # fmt: skip
        elif row.kind in COMPLAINT:
            ticket = ctx.complaints.get(row.complaint_id or -1)
            if ticket is not None:
                owner = ctx.users.get(ticket.owner_id)
                params.update(
                    ticket=ticket.id, severity=ticket.severity, due_at=row.due_at,
                    description=ticket.description[:200], owner=owner.name if owner else "",
                    for_owner=ticket.owner_id == row.user_id,
                    overdue_hours=max(0, int((now - (row.due_at or now)).total_seconds() // 3600)),
                )  # fmt: skip
        elif row.kind in DRAFT_NOTICES:
            params.update(row.params or {})
        elif row.kind in NOTICES:
            ticket = ctx.complaints.get(row.complaint_id or -1)
            if ticket is not None:
                owner = ctx.users.get(ticket.owner_id)
                params.update(
                    ticket=ticket.id, severity=ticket.severity, owner=owner.name if owner else "",
                    description=ticket.description[:300], due_at=ticket.first_response_due,
                )  # fmt: skip
            if row.kind == Kind.ALERT_HELD:
                held_for = ctx.users.get(_held_for(row))
                params["recipient"] = held_for.name if held_for else ""
        return params

    # ================================================================ the daily digest

    async def digest(self, user_id: int, day: date) -> dict[str, Any] | None:
        """What the user's morning digest for `day` says, or None when there is nothing to say.

        Managers: follow-ups due today, their clients overdue or due within the week, their open
        complaints near or past a deadline. Supervisors: the team's exceptions only (overdue
        clients by manager and complaints near or past a deadline).
        """
        now = self._clock.now()
        async with self._db.read() as session:
            user = await session.get(User, user_id)
            if user is None:
                return None
            scope: ColumnElement[bool]
            ticket_scope: ColumnElement[bool]
            if user.role == Role.SUPERVISOR.value and user.team_id is not None:
                owners = select(User.id).where(User.team_id == user.team_id).scalar_subquery()
                scope = Client.owner_id.in_(owners)
                ticket_scope = Complaint.owner_id.in_(owners)
                supervisor = True
            else:
                scope = Client.owner_id == user.id
                ticket_scope = Complaint.owner_id == user.id
                supervisor = False
            day_n = (day - EPOCH).days
            last = Client.last_visit_on
            due_n = day_number(self._db.dialect, func.coalesce(last, created_on())) + (
                interval_days(self._policy.cadence)
            )
            horizon = day_n + 6 if not supervisor else day_n - 1
            clients = (
                await session.execute(
                    select(Client.id, Client.name, Client.owner_id, due_n.label("due_n"))
                    .where(scope, due_n <= horizon)
                    .order_by(due_n, Client.name)
                )
            ).all()
            overdue = [(c.name, day_n - int(c.due_n), c.owner_id) for c in clients
                       if int(c.due_n) < day_n]  # fmt: skip
            due_week = [(c.name, EPOCH + timedelta(days=int(c.due_n))) for c in clients
                        if int(c.due_n) >= day_n]  # fmt: skip
            soon = now + timedelta(hours=24)
            tickets = (
                await session.execute(
                    select(Complaint, Client.name)
                    .join(Client, Client.id == Complaint.client_id)
                    .where(ticket_scope, Complaint.status.in_(COMPLAINT_OPEN))
                )
            ).all()
            near: list[dict[str, Any]] = []
            for ticket, client_name in tickets:
                due = ticket.resolution_due if ticket.responded_at else ticket.first_response_due
                if due <= soon:
                    near.append({"ticket": ticket.id, "client": client_name, "due_at": due,
                                 "breached": due < now,
                                 "stage": "resolution" if ticket.responded_at else "response"})  # fmt: skip
            near.sort(key=lambda n: n["due_at"])
            follow_ups: list[dict[str, Any]] = []
            by_manager: list[tuple[str, int]] = []
            if supervisor:
                counts: dict[int, int] = defaultdict(int)
                for _, _, owner_id in overdue:
                    counts[owner_id] += 1
                names = {u.id: u.name for u in await self._users(session, set(counts))}
                by_manager = sorted(((names.get(k, "?"), n) for k, n in counts.items()),
                                    key=lambda x: (-x[1], x[0]))  # fmt: skip
            else:
                rows = await session.execute(
                    select(Client.name, Visit.next_step, Visit.summary)
                    .join(Client, Client.id == Visit.client_id)
                    .where(Visit.author_id == user.id, Visit.follow_up_on == day,
                           Visit.deleted_at.is_(None))
                    .order_by(Visit.id)
                )  # fmt: skip
                follow_ups = [{"client": n, "what": (s or summary)[:80]} for n, s, summary in rows]
        if not (overdue or due_week or near or follow_ups):
            return None
        overdue.sort(key=lambda o: -o[1])
        return {
            "day": day,
            "supervisor": supervisor,
            "follow_ups": follow_ups[:8],
            "follow_ups_total": len(follow_ups),
            "overdue": [{"client": n, "days": d} for n, d, _ in overdue[:5]],
            "overdue_total": len(overdue),
            "due_week": [{"client": n, "due_on": d} for n, d in due_week[:5]],
            "due_week_total": len(due_week),
            "complaints": near[:5],
            "complaints_total": len(near),
            "by_manager": [{"name": n, "count": c} for n, c in by_manager[:5]],
        }


def _same_basis(basis: date | None) -> ColumnElement[bool]:
    return Reminder.basis_on.is_(None) if basis is None else Reminder.basis_on == basis


def alert_rows(ticket_id: int, client_id: int, filer_id: int,
               recipients: Iterable[tuple[int, bool]], now: datetime) -> list[Reminder]:  # fmt: skip
    """The alerts of a new critical complaint, added in the transaction that files it: the outbox
    sends each once, holding it until its supervisor can be reached. `recipients` are (user id,
    known to be unreachable); for those the filer is told at once that the alert waits."""
    rows = []
    for user_id, unreachable in recipients:
        rows.append(_notice(alert_key(ticket_id, user_id), Kind.ALERT, user_id, client_id,
                            ticket_id, now))  # fmt: skip
        if unreachable and user_id != filer_id:
            rows.append(_notice(held_key(ticket_id, user_id), Kind.ALERT_HELD, filer_id,
                                client_id, ticket_id, now))  # fmt: skip
    return rows


def alert_key(ticket_id: int, recipient_id: int) -> str:
    return f"{Kind.ALERT}:{ticket_id}:{recipient_id}"


def held_key(ticket_id: int | None, recipient_id: int) -> str:
    """The filer's notice that the alert to `recipient_id` waits; its key ends with that id."""
    return f"{Kind.ALERT_HELD}:{ticket_id}:{recipient_id}"


def _notice(key: str, kind: Kind, user_id: int, client_id: int, ticket_id: int,
            now: datetime) -> Reminder:  # fmt: skip
    return Reminder(key=key, kind=kind.value, user_id=user_id, client_id=client_id,
                    complaint_id=ticket_id, status=Status.PENDING.value, send_after=now,
                    attempts=0, snoozed=0, late=False, created_at=now, updated_at=now)  # fmt: skip


def draft_key(kind: str, user_id: int, token: str, step: str, updated_at: datetime) -> str:
    """A draft's notice is keyed by the flow row and its last change: however many processes
    start (or sweep) and find the same draft, one notice is queued for it."""
    stamp = int(updated_at.replace(tzinfo=updated_at.tzinfo or UTC).timestamp() * 1_000_000)
    return f"{kind}:{user_id}:{token}:{step[:40]}:{stamp}"


def draft_notice(kind: Kind, user_id: int, token: str, step: str, updated_at: datetime,
                 params: Mapping[str, Any], now: datetime) -> dict[str, Any]:  # fmt: skip
    """A row for the outbox telling a user about their draft; `params` is all its text needs."""
    return dict(key=draft_key(kind.value, user_id, token, step, updated_at), kind=kind.value,
                user_id=user_id, status=Status.PENDING.value, send_after=now, attempts=0,
                snoozed=0, late=False, created_at=now, updated_at=now, client_id=None,
                visit_id=None, complaint_id=None, basis_on=None, due_on=None, due_at=None,
                params=dict(params))  # fmt: skip


async def insert_new(session: AsyncSession, dialect: str, rows: list[dict[str, Any]]) -> None:
    """Add outbox rows; a row whose key exists already is left as it is (it was queued once)."""
    if not rows:
        return
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(Reminder).on_conflict_do_nothing(index_elements=["key"])
    await session.execute(stmt, rows)  # executemany: one statement, batched by the driver


def _held_for(row: Reminder) -> int:
    """The supervisor an ALERT_HELD notice is about: the last part of its key."""
    return int(row.key.rsplit(":", 1)[1])


# Kinds sent at a local time of day (on their day, after the digest); a complaint's reminders are
# tied to the deadline's instant and do not move.
LOCAL_TIME_KINDS = (Kind.CADENCE_DUE, Kind.CADENCE_OVERDUE, Kind.FOLLOW_UP, Kind.DIGEST)


async def follow_new_zone(session: AsyncSession, user_id: int, old: str, new: str) -> int:
    """Move the user's pending local-time reminders to the same wall-clock time in the new zone.

    Called in the transaction that changes the user's zone, so /reminders and the sender agree
    with the zone the bot says reminders follow. Returns how many moved.
    """
    if old == new:
        return 0
    rows = (
        await session.execute(
            select(Reminder).where(
                Reminder.user_id == user_id,
                Reminder.status == Status.PENDING.value,
                Reminder.kind.in_([k.value for k in LOCAL_TIME_KINDS]),
            )
        )
    ).scalars().all()  # fmt: skip
    for row in rows:
        at = row.send_after if row.send_after.tzinfo else row.send_after.replace(tzinfo=UTC)
        wall = at.astimezone(ZoneInfo(old))
        row.send_after = local_at(wall.date(), wall.time().replace(tzinfo=None), new)
    return len(rows)
