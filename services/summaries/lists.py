"""The lists behind the summary's numbers, a page at a time, and one client's activity."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.access import visible_clients
from services.domain import Actor
from services.errors import AccessDenied
from services.matching import english_name
from services.storage.models import Client, Complaint, User, Visit
from services.summaries.base import UNRESOLVED, Window
from services.summaries.periods import Period, PeriodKind
from services.summaries.records import (
    ClientActivity,
    ClientComplaints,
    ComplaintLine,
    ListKind,
    Page,
    VisitLine,
    client_group,
)
from services.summaries.sql import (
    VISIT_COLUMNS,
    SummarySql,
    client_line,
    complaint_columns,
    complaint_line,
    visit_line,
)


class ClientLists(SummarySql):
    """Drill-downs: clients, visits and complaints behind a number; one client's recent activity."""

    async def drill(
        self,
        actor: Actor,
        kind: ListKind,
        period: Period,
        *,
        today: date | None = None,
        manager_id: int | None = None,
        offset: int = 0,
        limit: int = 15,
        days: int | None = None,
        group: str | None = None,
    ) -> Page[Any]:
        """The list behind a number of the summary, a page at a time, worst first (NOT_SEEN:
        the clients with no counted visit for `days` days or more, as of the period's end)."""
        window = self._window(actor, period, today)
        offset = max(offset, 0)
        if kind is ListKind.NOT_SINCE:
            # "这个月还有哪些客户没去过？": no counted visit from the period's first day to its
            # last (or today): that many days or more without one, as of then.
            days = (window.span.as_of - window.span.start).days + 1
        items: Sequence[Any]
        owners: tuple[tuple[str, int], ...] = ()
        async with self._db.read() as session:
            person = await self._person(session, actor, manager_id) if manager_id else None
            if kind in (ListKind.VISITS,):
                total, items = await self._visit_page(session, actor, window, manager_id,
                                                      offset, limit)  # fmt: skip
            elif kind in (ListKind.OPEN_COMPLAINTS, ListKind.OPENED, ListKind.RESOLVED):
                total, items = await self._complaint_page(session, actor, window, kind,
                                                          manager_id, offset, limit)  # fmt: skip
            else:
                state = self._client_state(actor, window, manager_id)
                if kind is ListKind.GROUP and client_group(group) is None:
                    raise ValueError(group)  # a forged or stale button's group
                total = await self._count_lines(session, state, kind, days, group)
                items = await self._client_lines(session, state, kind, offset, limit, days, group)
                if kind in (ListKind.DUE, ListKind.GROUP) and manager_id is None:
                    # a team's: whose, how many (one manager's own list names nobody)
                    owners = await self._count_by_owner(session, state, kind, days, group)
        shown = days if kind in (ListKind.NOT_SEEN, ListKind.DUE) else None
        return Page(kind, window.span, total, offset, tuple(items), person, shown, owners,
                    group if kind is ListKind.GROUP else None)  # fmt: skip

    async def complaints_by_client(
        self,
        actor: Actor,
        period: Period,
        *,
        today: date | None = None,
        manager_id: int | None = None,
        limit: int = 10,
    ) -> tuple[Window, list[ClientComplaints]]:
        """The clients with the most complaints received in the period, most first."""
        window = self._window(actor, period, today)
        where = self._complaints_where(actor, manager_id)
        where += [Complaint.received_at >= window.start_at, Complaint.received_at < window.as_of_at]
        received = func.count(Complaint.id)
        still_open = func.sum(case((self._unresolved(window), 1), else_=0))
        async with self._db.read() as session:
            rows = await session.execute(
                # aliases: of the client whose id is grouped (PostgreSQL allows that column)
                select(Client.id, Client.name, User.name, received, still_open, Client.aliases)
                .select_from(Complaint)
                .join(Client, Client.id == Complaint.client_id)
                .join(User, User.id == Client.owner_id)
                .where(*where)
                .group_by(Client.id, Client.name, User.name)
                .order_by(received.desc(), still_open.desc(), Client.name, Client.id)
                .limit(limit)
            )
            found = [ClientComplaints(i, n, o, int(r), int(u or 0), english_name(a or []))
                     for i, n, o, r, u, a in rows]  # fmt: skip
        return window, found

    async def _visit_page(
        self,
        session: AsyncSession,
        actor: Actor,
        window: Window,
        manager_id: int | None,
        offset: int,
        limit: int,
    ) -> tuple[int, list[VisitLine]]:
        where = self._visits_where(actor, window.span.start, window.span.as_of, manager_id)
        total = await session.scalar(
            select(func.count()).select_from(Visit).join(Client, Client.id == Visit.client_id)
            .where(*where)
        )  # fmt: skip
        rows = await session.execute(
            select(*VISIT_COLUMNS)
            .join(Client, Client.id == Visit.client_id)
            .join(User, User.id == Visit.author_id)
            .where(*where)
            .order_by(Visit.visited_on.desc(), Visit.id.desc())
            .offset(offset)
            .limit(limit)
        )  # fmt: skip
        return int(total or 0), [visit_line(r) for r in rows]

    async def _complaint_page(
        self,
        session: AsyncSession,
        actor: Actor,
        window: Window,
        kind: ListKind,
        manager_id: int | None,
        offset: int,
        limit: int,
    ) -> tuple[int, list[ComplaintLine]]:
        where = self._complaints_where(actor, manager_id)
        if kind is ListKind.OPEN_COMPLAINTS:
            where.append(self._unresolved(window))
            order: list[Any] = [Complaint.resolution_due, Complaint.id]
        elif kind is ListKind.OPENED:
            where += [Complaint.received_at >= window.start_at,
                      Complaint.received_at < window.as_of_at]  # fmt: skip
            order = [Complaint.received_at.desc(), Complaint.id.desc()]
        else:
            where += [Complaint.resolved_at >= window.start_at,
                      Complaint.resolved_at < window.as_of_at]  # fmt: skip
            order = [Complaint.resolved_at.desc(), Complaint.id.desc()]
        total = await session.scalar(
            select(func.count()).select_from(Complaint)
            .join(Client, Client.id == Complaint.client_id).where(*where)
        )  # fmt: skip
        rows = await session.execute(
            complaint_columns(window.as_of_at).join(Client, Client.id == Complaint.client_id)
            .join(User, User.id == Complaint.owner_id)
            .where(*where).order_by(*order).offset(offset).limit(limit)
        )  # fmt: skip
        zone = ZoneInfo(actor.timezone)
        # The deadline and the time left are told as of now, whatever the period: Monday's look
        # at last week's open tickets is read to act on today (one resolved since has none).
        now = self._clock.now()
        return int(total or 0), [complaint_line(r, zone, now) for r in rows]

    async def client_activity(
        self, actor: Actor, client_id: int, *, today: date | None = None, limit: int = 5
    ) -> ClientActivity:
        """Recent visits and complaints of one client, and its cadence state; access checked."""
        window = self._window(actor, Period(PeriodKind.WEEK), today)
        async with self._db.read() as session:
            allowed = await session.scalar(
                select(Client.id).where(Client.id == client_id, visible_clients(actor))
            )
            if allowed is None:
                raise AccessDenied("error.client_not_found")
            visits = await session.execute(
                select(*VISIT_COLUMNS)
                .join(Client, Client.id == Visit.client_id)
                .join(User, User.id == Visit.author_id)
                .where(Visit.client_id == client_id, Visit.deleted_at.is_(None))
                .order_by(Visit.visited_on.desc(), Visit.id.desc())
                .limit(limit)
            )  # fmt: skip
            complaints = await session.execute(
                complaint_columns(window.as_of_at)
                .join(Client, Client.id == Complaint.client_id)
                .join(User, User.id == Complaint.owner_id)
                .where(Complaint.client_id == client_id)
                # Unresolved first, then the most recent.
                .order_by(case((Complaint.status.in_(UNRESOLVED), 0), else_=1),
                          Complaint.received_at.desc())
                .limit(limit)
            )  # fmt: skip
            open_count = await session.scalar(
                select(func.count()).select_from(Complaint)
                .where(Complaint.client_id == client_id, Complaint.status.in_(UNRESOLVED))
            )  # fmt: skip
            state = self._client_state(actor, window, None)
            row = (
                await session.execute(
                    self._lines_query(state, ListKind.CLIENTS).where(state.c.id == client_id)
                )
            ).first()
        zone = ZoneInfo(actor.timezone)
        return ClientActivity(
            visits=tuple(visit_line(r) for r in visits),
            complaints=tuple(complaint_line(r, zone, window.as_of_at) for r in complaints),
            status=client_line(row._mapping) if row is not None else None,
            open_complaints=int(open_count or 0),
        )
