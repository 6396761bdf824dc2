"""The daily digest: what one person has due, overdue and open, in one morning message."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, or_, select

from services.cadence_sql import EPOCH, created_on, day_number, interval_days
from services.domain import Role
from services.matching import english_name
from services.reminders.base import ReminderBase
from services.reminders.kinds import CADENCE, COMPLAINT_OPEN, OPEN, Kind, Status
from services.storage.models import Client, Complaint, Reminder, User, Visit


class ReminderDigest(ReminderBase):
    """`digest`: what one person's daily digest says, or None when there is nothing to say."""

    async def digest(self, user_id: int, day: date) -> dict[str, Any] | None:
        """What the user's morning digest for `day` says, or None when there is nothing to say.

        Managers: follow-ups and reminders they asked for due today, their clients overdue or due
        within the policy's `remind_days_before` days (when the "due soon" reminder goes), their
        open complaints near or past a deadline (a resolved one's deadline is its follow-up call).
        Supervisors: the team's exceptions only (overdue clients by manager and complaints near or
        past a deadline).
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
            added = created_on(self._db.dialect, user.timezone, now)
            due_n = day_number(self._db.dialect, func.coalesce(last, added)) + (
                interval_days(self._policy.cadence)
            )
            # Due soon as the "due soon" reminder and the client's status count it: on or before
            # `remind_days_before` days from today ("7 天内到期" holds the client due in 7
            # days, told that morning "还有 7 天"); a supervisor's, the overdue only.
            lead = self._policy.cadence.remind_days_before
            horizon = day_n + lead if not supervisor else day_n - 1
            clients = (
                await session.execute(
                    select(
                        Client.id,
                        Client.name,
                        Client.aliases,
                        Client.owner_id,
                        due_n.label("due_n"),
                    )
                    .where(scope, due_n <= horizon)
                    .order_by(due_n, Client.name)
                )
            ).all()
            # Clients a visit reminder already named to this person today (the overdue ones
            # held over quiet hours go out together at their end, before the digest): counted,
            # and said to be listed above, not listed twice.
            told = set() if supervisor else await self._told_today(session, user, day)
            # Each client with its English name, which an English reader sees instead.
            named = {c.id: {"client": c.name, "client_en": english_name(c.aliases or [])}
                     for c in clients}  # fmt: skip
            overdue = [(named[c.id], day_n - int(c.due_n), c.owner_id, c.id in told)
                       for c in clients if int(c.due_n) < day_n]  # fmt: skip
            due_week = [(named[c.id], EPOCH + timedelta(days=int(c.due_n)), c.id in told)
                        for c in clients if int(c.due_n) >= day_n]  # fmt: skip
            soon = now + timedelta(hours=24)
            tickets = (
                await session.execute(
                    select(Complaint, Client.name, Client.aliases, User.name)
                    .join(Client, Client.id == Complaint.client_id)
                    .join(User, User.id == Complaint.owner_id)
                    .where(ticket_scope,
                           Complaint.status.in_((*COMPLAINT_OPEN, "resolved")))
                )
            ).all()  # fmt: skip
            near: list[dict[str, Any]] = []
            calendar = self._policy.calendar()
            for ticket, client_name, aliases, owner_name in tickets:
                if ticket.status == "resolved":
                    # Resolved, not yet scored: the follow-up call is due (handbook Art. 32).
                    if ticket.resolved_at is None:
                        continue
                    stage = "callback"
                    due = self._policy.complaints.callback_due(
                        ticket.resolved_at, timezone=user.timezone, calendar=calendar
                    )
                elif ticket.responded_at:
                    stage, due = "resolution", ticket.resolution_due
                else:
                    stage, due = "response", ticket.first_response_due
                if due <= soon:
                    entry = {"ticket": ticket.id, "client": client_name,
                             "client_en": english_name(aliases or []), "due_at": due,
                             "breached": due < now, "stage": stage}  # fmt: skip
                    if supervisor:  # the team's tickets: whose each is, to know whom to ask
                        entry["owner"] = owner_name
                    if stage == "response" and ticket.resolution_due <= soon:
                        # Never contacted and the resolution deadline is near or gone too: the
                        # later, graver deadline must not hide behind the first-contact one.
                        entry["resolve_at"] = ticket.resolution_due
                        entry["resolve_breached"] = ticket.resolution_due < now
                    near.append(entry)
            near.sort(key=lambda n: n["due_at"])
            follow_ups: list[dict[str, Any]] = []
            tasks: list[dict[str, Any]] = []
            by_manager: list[tuple[str, int]] = []
            if supervisor:
                counts: dict[int, int] = defaultdict(int)
                for _, _, owner_id, _ in overdue:
                    counts[owner_id] += 1
                names = {u.id: u.name for u in await self._users(session, set(counts))}
                by_manager = sorted(((names.get(k, "?"), n) for k, n in counts.items()),
                                    key=lambda x: (-x[1], x[0]))  # fmt: skip
            else:
                rows = await session.execute(
                    select(Client.name, Client.aliases, Visit.next_step, Visit.summary,
                           Visit.follow_up_on)
                    .join(Client, Client.id == Visit.client_id)
                    .where(Visit.author_id == user.id,
                           Visit.follow_up_on.between(self._since_last_working_day(day), day),
                           Visit.deleted_at.is_(None))
                    .order_by(Visit.follow_up_on, Visit.id)
                )  # fmt: skip
                follow_ups = [{"client": n, "client_en": english_name(a or []), "what": (s or summary)[:80],
                               "on": on}
                              for n, a, s, summary, on in rows]  # fmt: skip
            # The reminders the user asked for today ("提醒我周四给沙钢打电话"), at their times.
            asked = await session.execute(
                select(Reminder.send_after, Reminder.params)
                .where(Reminder.user_id == user.id, Reminder.kind == Kind.TASK.value,
                       Reminder.due_on == day, Reminder.status.in_([s.value for s in OPEN]))
                .order_by(Reminder.send_after, Reminder.id)
            )  # fmt: skip
            tasks = [{"at": at, "text": str((params or {}).get("text", ""))[:80]}
                     for at, params in asked]  # fmt: skip
        if not (overdue or due_week or near or follow_ups or tasks):
            return None
        overdue.sort(key=lambda o: -o[1])
        overdue_new = [o for o in overdue if not o[3]]
        due_week_new = [o for o in due_week if not o[2]]
        return {
            "day": day,
            "supervisor": supervisor,
            "follow_ups": follow_ups[:8],
            "follow_ups_total": len(follow_ups),
            "tasks": tasks[:8],
            "tasks_total": len(tasks),
            "overdue": [{**n, "days": d} for n, d, _, _ in overdue_new[:5]],
            "overdue_total": len(overdue),
            "overdue_told": len(overdue) - len(overdue_new),
            "due_week": [{**n, "due_on": d} for n, d, _ in due_week_new[:5]],
            "due_week_total": len(due_week),
            "due_week_told": len(due_week) - len(due_week_new),
            "due_days": lead,
            "complaints": near[:5],
            "complaints_total": len(near),
            "by_manager": [{"name": n, "count": c} for n, c in by_manager[:5]],
        }

    async def _told_today(self, session: Any, user: User, day: date) -> set[int]:
        """The clients of the visit reminders sent to `user` on their local `day`, or going out
        now (claimed in the same sweep as the digest, and sent before it)."""
        start = datetime.combine(day, time(0), ZoneInfo(user.timezone)).astimezone(UTC)
        rows = await session.execute(
            select(Reminder.client_id).where(
                Reminder.user_id == user.id,
                Reminder.kind.in_([k.value for k in CADENCE]),
                Reminder.client_id.is_not(None),
                or_(
                    Reminder.sent_at >= start,
                    Reminder.status == Status.SENDING.value,
                ),
            )
        )
        return {cid for cid in rows.scalars() if cid is not None}
