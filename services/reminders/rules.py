"""The rules: which reminders fall due (visit cadence, follow-ups, complaint deadlines, the
digest), inserted once per person under a deterministic key."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from services.cadence_sql import EPOCH, created_on, day_number, interval_days
from services.domain import Role
from services.reminder_time import local_at, local_day
from services.reminders.base import ReminderBase
from services.reminders.kinds import (
    COMPLAINT,
    COMPLAINT_OPEN,
    INSERT_CHUNK,
    Kind,
    Status,
    SweepReport,
)
from services.storage.models import Client, Complaint, Reminder, User, Visit


class ReminderRules(ReminderBase):
    """`generate`: insert every reminder due within the look-ahead that has no row yet."""

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

    async def _cadence_rows(
        self, session: AsyncSession, now: datetime, today: date
    ) -> list[dict[str, Any]]:
        cadence = self._policy.cadence
        last = Client.last_visit_on
        base_n = day_number(
            self._db.dialect,
            func.coalesce(last, created_on(self._db.dialect, self._timezone, now)),
        )
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
                    Client.import_id.is_(None),  # not a client an import may still undo
                )
            )  # fmt: skip
            for client_id, owner_id, basis, due_number, zone in found:
                due = EPOCH + timedelta(days=int(due_number))
                trigger = due - timedelta(days=lead)
                status = Status.PENDING
                send_day = self._send_day(trigger)
                if kind is Kind.CADENCE_DUE and max(today, send_day) > due:
                    # Already overdue, or overdue by the working day it would go out on (the due
                    # day fell in a holiday): the overdue reminder says it.
                    status = Status.SKIPPED
                key = f"cad:{kind.value}:{client_id}:{owner_id}:{basis or 'new'}"
                at = local_at(send_day, self.config.day_time, zone)
                out.append(self._row(
                    key, kind, owner_id, at, now,
                    status, client_id=client_id, basis_on=basis, due_on=due,
                ))  # fmt: skip
        return out

    async def _follow_up_rows(
        self, session: AsyncSession, now: datetime, today: date
    ) -> list[dict[str, Any]]:
        horizon = today + timedelta(days=self.config.follow_up_lookahead_days)
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
                local_at(self._send_day(day), self.config.day_time, zone), now, status,
                client_id=client_id, visit_id=visit_id, due_on=day,
            ))  # fmt: skip
        return out

    async def _complaint_rows(self, session: AsyncSession, now: datetime) -> list[dict[str, Any]]:
        # Made for this round: a reopened ticket's new deadline needs rows of its own.
        made = (
            select(Reminder.id)
            .where(Reminder.complaint_id == Complaint.id,
                   Reminder.kind.in_([k.value for k in COMPLAINT]),
                   Reminder.due_at == Complaint.resolution_due)
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
            # Each round's rows have their own keys (the first round's are as they always were).
            round_ = f":r{ticket.reopened}" if ticket.reopened else ""
            for warn, breach, due in stages:
                # A reopened round starts now (its rows are made by the first sweep after it).
                start = now if ticket.reopened else ticket.received_at
                lead = min(timedelta(hours=24), max(due - start, timedelta(0)) / 4)
                status = Status.SKIPPED if due <= now else Status.PENDING
                refs: dict[str, Any] = {
                    "client_id": ticket.client_id,
                    "complaint_id": ticket.id,
                    "due_at": due,
                }
                out.append(self._row(f"cp:{warn.value}:{ticket.id}:{owner.id}{round_}", warn, owner.id,
                                     due - lead, now, status, **refs))  # fmt: skip
                for user_id in (owner.id, *watchers):
                    out.append(self._row(f"cp:{breach.value}:{ticket.id}:{user_id}{round_}", breach,
                                         user_id, due, now, **refs))  # fmt: skip
        return out

    async def _digest_rows(
        self, session: AsyncSession, now: datetime, today: date
    ) -> list[dict[str, Any]]:
        people = (
            await session.execute(
                select(User.id, User.timezone, User.created_at).where(
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
        for user_id, zone, joined in people:
            day = local_day(now, zone)
            # Past the cut-off, tomorrow's; someone who joined after this morning's digest time
            # starts with tomorrow's too (not a "morning" digest the moment they register).
            if self.config.digest_too_late(now, day, zone) or joined > local_at(
                day, self.config.digest_time, zone
            ):
                day += timedelta(days=1)
            if self._day_off(day):
                continue  # the next working day's digest tells what fell due meanwhile
            at = local_at(day, self.config.digest_time, zone)
            key = f"dg:{user_id}:{day}"
            if key not in made:
                out.append(self._row(key, Kind.DIGEST, user_id, at, now, due_on=day))
        return out
