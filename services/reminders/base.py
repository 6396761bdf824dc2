"""What every part of the reminders service shares: the database, clock, policy and settings, how
a row is written, and what a reminder says (its context, whether it went stale, its parameters)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.clock import Clock
from services.matching import english_name
from services.policy import Policy
from services.reminder_time import local_day
from services.reminders.kinds import (
    CADENCE,
    COMPLAINT,
    COMPLAINT_OPEN,
    DRAFT_NOTICES,
    FIRST_RESPONSE,
    NOTICES,
    Kind,
    ReminderConfig,
    Status,
)
from services.reminders.rows import _held_for, draft_key, insert_new
from services.storage.models import Client, Complaint, Flow, Reminder, User, Visit
from services.storage.uow import Database
from services.workdays import first_working_day


@dataclass
class _Context:
    users: dict[int, User]
    clients: dict[int, Client]
    visits: dict[int, Visit]
    complaints: dict[int, Complaint]
    drafts: dict[int, Flow] = field(default_factory=dict)  # by user: the flows a notice is about


class ReminderBase:
    """The reminders service's state and shared helpers; the rules, the sweep and the user's
    actions build on it."""

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

    def _send_day(self, day: date) -> date:
        """The day a reminder about `day` goes out: `day`, or with `working_days_only` the first
        working day from it on the official calendar (nobody wants 春节's first morning spent on
        an overdue visit)."""
        if not self.config.working_days_only:
            return day
        return first_working_day(day, self._policy.calendar())

    def _day_off(self, day: date) -> bool:
        """No digest on `day`: it is a day off on the official calendar and digests keep to
        working days."""
        return self.config.working_days_only and not self._policy.calendar().is_workday(day)[0]

    def _since_last_working_day(self, day: date) -> date:
        """The first of the days off just before `day` (`day` itself when the day before it is
        a working day, or digests go out every day): the first digest after a holiday lists the
        follow-ups that fell in it too."""
        if not self.config.working_days_only:
            return day
        calendar = self._policy.calendar()
        first = day
        for _ in range(60):  # the longest run of days off is a week or two
            if calendar.is_workday(first - timedelta(days=1))[0]:
                break
            first -= timedelta(days=1)
        return first

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

    def _stale_reason(
        self, row: Reminder, ctx: _Context, now: datetime | None = None
    ) -> str | None:
        """Why the reminder no longer applies, or None when it still does (`now`: a warning
        before a deadline already gone is replaced by the alert at it)."""
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
            if kind not in FIRST_RESPONSE and row.due_at != ticket.resolution_due:
                # An earlier round's deadline: a low score reopened the ticket with a new one.
                return "complaint_reopened"
            if (
                kind in (Kind.FIRST_RESPONSE_WARN, Kind.RESOLUTION_WARN)
                and now is not None
                and row.due_at is not None
                and row.due_at <= now
            ):
                # "Contact the client by Tuesday" sent on Friday (the bot was down): the alert
                # that the deadline passed says what is left to say.
                return "deadline_passed"
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
                                  "client_en": english_name(client.aliases or []) if client else None,
                                  "client_id": row.client_id}  # fmt: skip
        if row.kind in CADENCE and client is not None:
            due = row.due_on or today
            params.update(
                due_on=due, last_visit=client.last_visit_on, days_overdue=(today - due).days,
                interval=(due - (row.basis_on or due)).days if row.basis_on else None,
                rating=client.credit_rating, counted=self._policy.cadence.counted,
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
        elif row.kind == Kind.TASK.value:
            params.update(due_on=row.due_on, text=(row.params or {}).get("text", ""),
                          at=row.send_after)  # fmt: skip
        elif row.kind in DRAFT_NOTICES:
            params.update(row.params or {})
        elif row.kind in NOTICES:
            ticket = ctx.complaints.get(row.complaint_id or -1)
            if ticket is not None:
                owner = ctx.users.get(ticket.owner_id)
                params.update(
                    ticket=ticket.id, severity=ticket.severity, owner=owner.name if owner else "",
                    description=ticket.description[:300], due_at=ticket.first_response_due,
                    passed=ticket.first_response_due < now and ticket.responded_at is None,
                )  # fmt: skip
                if row.kind == Kind.REOPENED:
                    # The score and deadline of the round this notice was queued for.
                    queued = row.params or {}
                    until = queued.get("resolution_due")
                    params.update(score=queued.get("score"), round=queued.get("round"),
                                  due_at=datetime.fromisoformat(until) if until else None)  # fmt: skip
            if row.kind == Kind.ALERT_HELD:
                held_for = ctx.users.get(_held_for(row))
                params["recipient"] = held_for.name if held_for else ""
        return params
