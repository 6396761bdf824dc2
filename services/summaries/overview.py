"""The team summary: per-manager figures, the worst clients, complaint statistics."""

from __future__ import annotations

import statistics
from datetime import date
from typing import Any

from sqlalchemy import (
    CTE,
    JSON,
    ColumnElement,
    and_,
    case,
    func,
    literal,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from services.access import visible_clients
from services.domain import Actor, Role, VisitKind
from services.storage.models import Client, Complaint, Team, Visit
from services.summaries.base import TOP, Window
from services.summaries.periods import Period
from services.summaries.records import (
    ClientLine,
    ComplaintStats,
    ListKind,
    ManagerLine,
    Scope,
    TeamSummary,
)
from services.summaries.sql import SummarySql, client_line


class Overview(SummarySql):
    """The figures of a period for what the actor may see."""

    async def summary(
        self,
        actor: Actor,
        period: Period,
        *,
        today: date | None = None,
        manager_id: int | None = None,
    ) -> TeamSummary:
        """The figures of a period for what the actor may see (optionally one manager of it)."""
        window = self._window(actor, period, today)
        async with self._db.read() as session:
            person = await self._person(session, actor, manager_id) if manager_id else None
            people = [person] if person else await self._people(session, actor)
            state = self._client_state(actor, window, manager_id)
            by_owner, overdue, at_risk = await self._digest(session, state, TOP)
            visits, clients_visited = await self._visits_by_author(
                session, actor, window, manager_id
            )
            received = await self._visits_by_owner(session, actor, window, manager_id)
            complaints = await self._complaint_stats(session, actor, window, manager_id)
            extra_ids = (set(visits) | set(by_owner)) - {p.user_id for p in people}
            if extra_ids:
                people += await self._people_by_id(session, extra_ids)
            title = person.name if person else await self._title(session, actor)
        lines = []
        for p in people:
            owned = by_owner.get(p.user_id, (0, 0, 0, 0))
            done = visits.get(p.user_id, (0, 0))
            got = received.get(p.user_id, (0, 0))
            lines.append(
                ManagerLine(p.user_id, p.name, p.team, visits=done[0], clients_visited=done[1],
                            owned_visits=got[0], owned_visits_by_others=got[1],
                            clients=owned[0], covered=owned[1], overdue=owned[2],
                            at_risk=owned[3])
            )  # fmt: skip
        if actor.role is Role.MANAGER:
            scope = Scope.MINE
        elif person is not None:
            scope = Scope.PERSON
        else:
            scope = Scope.TEAM if actor.role is Role.SUPERVISOR else Scope.ALL
        totals = [sum(v[i] for v in by_owner.values()) for i in range(4)]
        return TeamSummary(
            scope=scope,
            span=window.span,
            title=title,
            managers=tuple(lines),
            clients=totals[0],
            covered=totals[1],
            overdue_count=totals[2],
            at_risk_count=totals[3],
            overdue=tuple(overdue),
            at_risk=tuple(at_risk),
            complaints=complaints,
            manager_id=manager_id,
            clients_visited=clients_visited,
            counting_kinds=tuple(
                k.value for k in VisitKind if k in self._policy.cadence.counting_kinds
            ),
        )

    async def _title(self, session: AsyncSession, actor: Actor) -> str | None:
        if actor.role is Role.MANAGER:
            return actor.name
        if actor.role is Role.SUPERVISOR and actor.team_id is not None:
            name: str | None = await session.scalar(
                select(Team.name).where(Team.id == actor.team_id)
            )
            return name
        return None

    async def _digest(
        self, session: AsyncSession, state: CTE, top: int
    ) -> tuple[dict[int, tuple[int, int, int, int]], list[ClientLine], list[ClientLine]]:
        """Per-owner counts and the worst overdue and at-risk clients, in one statement.

        The three parts share one evaluation of the materialized client state (three separate
        queries would compute it three times).
        """
        names = [c.name for c in state.c]
        no_client = [null().label(name) for name in (*names, "owner_name") if name != "owner_id"]
        # Typed, so that the aliases of the parts below are read back as a list.
        no_client.append(type_coerce(null(), JSON).label("aliases"))
        no_counts = [null().label(name) for name in ("o_clients", "o_covered", "o_overdue",
                                                    "o_risk")]  # fmt: skip
        counts = select(
            literal(0).label("part"),
            state.c.owner_id,
            func.count().label("o_clients"),
            func.sum(state.c.covered).label("o_covered"),
            func.sum(state.c.overdue).label("o_overdue"),
            func.sum(case((state.c.reasons > 0, 1), else_=0)).label("o_risk"),
            *no_client,
        ).group_by(state.c.owner_id)
        parts: list[Any] = [counts]
        for number, kind in ((1, ListKind.OVERDUE), (2, ListKind.AT_RISK)):
            worst = (
                self._lines_query(state, kind)
                .add_columns(literal(number).label("part"))
                .limit(top)
                .subquery()
            )
            columns = [c for c in state.c if c.name != "owner_id"]
            parts.append(
                select(worst.c.part, worst.c.owner_id, *no_counts,
                       *[worst.c[c.name] for c in columns], worst.c.owner_name, worst.c.aliases)
            )  # fmt: skip
        rows = (await session.execute(union_all(*parts))).all()
        by_owner: dict[int, tuple[int, int, int, int]] = {}
        lists: dict[int, list[ClientLine]] = {1: [], 2: []}
        for row in rows:
            m = row._mapping
            if m["part"] == 0:
                by_owner[m["owner_id"]] = (
                    int(m["o_clients"]), int(m["o_covered"] or 0), int(m["o_overdue"] or 0),
                    int(m["o_risk"] or 0),
                )  # fmt: skip
            else:
                lists[m["part"]].append(client_line(m))
        # The parts keep their order in practice; SQL does not promise it, so sort the few rows.
        overdue = sorted(lists[1], key=lambda c: (-c.days_overdue, c.name, c.client_id))
        at_risk = sorted(lists[2], key=lambda c: (-len(c.reasons), -c.days_overdue,
                                                  -c.open_complaints, c.name, c.client_id))  # fmt: skip
        return by_owner, overdue, at_risk

    async def _visits_by_author(
        self, session: AsyncSession, actor: Actor, window: Window, manager_id: int | None
    ) -> tuple[dict[int, tuple[int, int]], int]:
        """Per author: visits made and distinct clients; and the distinct clients of them all."""
        # Joined for everyone: an admin sees every client too, but not one a running import has
        # written and may still undo.
        where = self._visits_where(actor, window.span.start, window.span.as_of, manager_id)
        distinct = func.count(func.distinct(Visit.client_id))
        joined = select(Visit.author_id, func.count(), distinct).join(
            Client, Client.id == Visit.client_id
        )
        rows = await session.execute(joined.where(*where).group_by(Visit.author_id))
        total = await session.scalar(
            select(distinct)
            .select_from(Visit)
            .join(Client, Client.id == Visit.client_id)
            .where(*where)
        )
        return {r[0]: (int(r[1]), int(r[2])) for r in rows}, int(total or 0)

    async def _visits_by_owner(
        self, session: AsyncSession, actor: Actor, window: Window, manager_id: int | None
    ) -> dict[int, tuple[int, int]]:
        """Per client owner: visits in the period to their clients, and how many by others."""
        where = [
            visible_clients(actor),
            Visit.deleted_at.is_(None),
            Visit.visited_on >= window.span.start,
            Visit.visited_on <= window.span.as_of,
        ]
        if manager_id is not None:
            where.append(Client.owner_id == manager_id)
        elif actor.role is Role.MANAGER:
            where.append(Client.owner_id == actor.user_id)
        others = func.sum(case((Visit.author_id != Client.owner_id, 1), else_=0))
        rows = await session.execute(
            select(Client.owner_id, func.count(), others)
            .join(Client, Client.id == Visit.client_id)
            .where(*where)
            .group_by(Client.owner_id)
        )
        return {r[0]: (int(r[1]), int(r[2] or 0)) for r in rows}

    async def _complaint_stats(
        self, session: AsyncSession, actor: Actor, window: Window, manager_id: int | None
    ) -> ComplaintStats:
        start, end, now = window.start_at, window.as_of_at, window.as_of_at

        def within(column: Any) -> ColumnElement[bool]:
            return and_(column.is_not(None), column >= start, column < end)

        def count(cond: ColumnElement[bool]) -> Any:
            return func.sum(case((cond, 1), else_=0))

        resolved = within(Complaint.resolved_at)
        responded = within(Complaint.responded_at)
        unresolved = self._unresolved(window)
        stmt = select(
            count(within(Complaint.received_at)),
            count(resolved),
            count(unresolved),
            count(and_(unresolved, Complaint.resolution_due < now)),
            count(and_(resolved, Complaint.resolved_at <= Complaint.resolution_due)),
            count(responded),
            count(and_(responded, Complaint.responded_at <= Complaint.first_response_due)),
            # Never contacted and past the first-contact deadline: a miss the median cannot show.
            count(and_(unresolved, Complaint.first_response_due < now,
                       or_(Complaint.responded_at.is_(None), Complaint.responded_at >= now))),
        ).select_from(Complaint)  # fmt: skip
        # One pass over the complaints: a range on one column would miss the others' events.
        row = (await session.execute(self._complaints_of(stmt, actor, manager_id))).one()
        opened, resolved_n, still_open, past_due, on_time, responded_n, responded_ok, missed = (
            int(v or 0) for v in row
        )
        return ComplaintStats(
            opened=opened,
            resolved=resolved_n,
            still_open=still_open,
            open_past_due=past_due,
            resolved_on_time=on_time,
            responded=responded_n,
            responded_on_time=responded_ok,
            unanswered_past_due=missed,
            median_first_response_hours=await self._median_first_response(
                session, actor, responded, manager_id
            ),
        )

    async def _median_first_response(
        self,
        session: AsyncSession,
        actor: Actor,
        responded: ColumnElement[bool],
        manager_id: int | None,
    ) -> float | None:
        if self._db.dialect == "postgresql":
            seconds = func.extract("epoch", Complaint.responded_at - Complaint.received_at)
            stmt = select(func.percentile_cont(0.5).within_group(seconds)).select_from(Complaint)
            value = await session.scalar(
                self._complaints_of(stmt, actor, manager_id).where(responded)
            )
            return None if value is None else float(value) / 3600
        # SQLite has no percentile: fetch only the durations of the period's responses.
        hours = (
            func.julianday(Complaint.responded_at) - func.julianday(Complaint.received_at)
        ) * 24
        values = (
            await session.scalars(
                self._complaints_of(select(hours), actor, manager_id).where(responded)
            )
        ).all()
        return float(statistics.median(values)) if values else None
