"""Read-only figures about the clients, visits and complaints the actor may see (the SQL)."""

from __future__ import annotations

import enum
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    CTE,
    ColumnElement,
    Select,
    and_,
    case,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from services.access import visible_clients
from services.cadence_sql import EPOCH, counted_visits, created_on, day_number, interval_days
from services.clock import Clock
from services.domain import Actor, CreditRating, Role, Strategy, Tier, VisitKind
from services.errors import AccessDenied
from services.policy import Policy
from services.storage.models import Client, Complaint, Team, User, Visit
from services.storage.uow import Database
from services.summaries.periods import Period, PeriodKind, default_period
from services.summaries.questions import SummaryQuery
from services.summaries.records import (
    ClientActivity,
    ClientLine,
    ComplaintAges,
    ComplaintLine,
    ComplaintStats,
    ListKind,
    ManagerLine,
    Page,
    Person,
    RiskReason,
    Scope,
    Span,
    TeamSummary,
    TierCoverage,
    VisitLine,
    WeeklyVisits,
)

TOP = 10  # how many overdue and at-risk clients a summary names
CHART_WEEKS = 8
AGE_BUCKETS_DAYS = (1, 3, 7, 30)  # unresolved complaints by age: <1, 1-3, 3-7, 7-30, >30 days
UNRESOLVED = ("open", "responded")


# ---------------------------------------------------------------------------------- the service


@dataclass(frozen=True)
class _Window:
    """The period's local days as UTC instants, and 'now' capped to the end of the period."""

    span: Span
    start_at: datetime
    end_at: datetime
    as_of_at: datetime
    current: bool  # the period runs to now: its state is the present one


@dataclass(frozen=True, slots=True)
class QueryScope:
    period: Period
    manager_id: int | None  # narrowed to this manager's figures; None: the actor's whole scope
    unknown_name: str | None = None  # the question named someone nobody in scope is called
    about_person: bool = False  # the question is about one person's figures (named, or "me")


class SummaryService:
    """Read-only figures about the clients, visits and complaints the actor may see."""

    def __init__(self, db: Database, clock: Clock, policy: Policy) -> None:
        self._db = db
        self._clock = clock
        self._policy = policy

    # ------------------------------------------------------------------------------ time

    def today(self, actor: Actor) -> date:
        return self._clock.now().astimezone(ZoneInfo(actor.timezone)).date()

    def span(self, actor: Actor, period: Period, *, today: date | None = None) -> Span:
        today = today or self.today(actor)
        start, end = period.bounds(today)
        return Span(period, start, end, min(today, end))

    def _window(self, actor: Actor, period: Period, today: date | None) -> _Window:
        span = self.span(actor, period, today=today)
        zone = ZoneInfo(actor.timezone)

        def at(day: date) -> datetime:
            return datetime.combine(day, time(0), zone).astimezone(UTC)

        end_at = at(span.end + timedelta(days=1))
        # For the current period the state is taken now; for a past one at its last midnight.
        current = span.as_of >= self.today(actor)
        as_of_at = self._clock.now() if current else end_at
        return _Window(span, at(span.start), end_at, as_of_at, current)

    # ---------------------------------------------------------------------------- people

    async def people(self, actor: Actor) -> list[Person]:
        """Whose figures the actor may see: themself, their team, or (admins) everyone."""
        async with self._db.read() as session:
            return await self._people(session, actor)

    async def _people(self, session: AsyncSession, actor: Actor) -> list[Person]:
        owners = select(Client.owner_id).where(visible_clients(actor))
        staff = User.role.in_((Role.MANAGER.value, Role.SUPERVISOR.value))
        if actor.role is Role.MANAGER:
            who: ColumnElement[bool] = User.id == actor.user_id
        elif actor.role is Role.SUPERVISOR:
            team = (
                and_(User.team_id == actor.team_id, User.active, staff)
                if actor.team_id is not None
                else User.id == actor.user_id
            )
            who = or_(User.id == actor.user_id, team, User.id.in_(owners))
        else:
            who = or_(and_(User.active, staff), User.id.in_(owners))
        rows = await session.execute(
            select(User.id, User.name, Team.name)
            .outerjoin(Team, Team.id == User.team_id)
            .where(who)
            .order_by(Team.name, User.name, User.id)
        )
        return [Person(r[0], r[1], r[2]) for r in rows]

    async def find_person(self, actor: Actor, name: str) -> Person | None:
        """A colleague in the actor's scope by name: exact, then ignoring case, then partial."""
        people = await self.people(actor)
        needle = name.strip().lower()
        for test in (
            lambda p: p.name == name.strip(),
            lambda p: p.name.lower() == needle,
            lambda p: needle in p.name.lower() or (len(p.name) >= 2 and p.name.lower() in needle),
        ):
            found = [p for p in people if test(p)]
            if len(found) == 1:
                return found[0]
        return None

    async def scope(self, actor: Actor, query: SummaryQuery) -> QueryScope:
        """Whose figures, over which period, a recognised question asks about. A supervisor's
        "me" is their own figures; a named colleague narrows it; a manager's summary is already
        theirs alone. A name nobody in scope has is returned, to be said, not guessed at."""
        period = query.period or default_period(self.today(actor))
        person, unknown = None, None
        if query.me and actor.role is not Role.MANAGER:
            person = await self.find_person(actor, actor.name)
        elif query.manager:
            person = await self.find_person(actor, query.manager)
            if person is None:
                person = await self.person_in_text(actor, query.text)
            if person is None:
                unknown = query.manager
        elif not query.me:
            person = await self.person_in_text(actor, query.text)
        manager_id = person.user_id if person and actor.role is not Role.MANAGER else None
        return QueryScope(period, manager_id, unknown, about_person=person is not None)

    async def person_in_text(self, actor: Actor, text: str) -> Person | None:
        """The one colleague in scope whose name appears in the text, if exactly one does."""
        found = [p for p in await self.people(actor) if len(p.name) >= 2 and p.name in text]
        return found[0] if len(found) == 1 else None

    async def _person(self, session: AsyncSession, actor: Actor, manager_id: int) -> Person:
        for person in await self._people(session, actor):
            if person.user_id == manager_id:
                return person
        # Someone outside the actor's scope is reported exactly like someone who does not exist.
        raise AccessDenied("error.not_found")

    # ------------------------------------------------------------------------- summary

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
            visits = await self._visits_by_author(session, actor, window, manager_id)
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

    async def _people_by_id(self, session: AsyncSession, ids: set[int]) -> list[Person]:
        rows = await session.execute(
            select(User.id, User.name, Team.name)
            .outerjoin(Team, Team.id == User.team_id)
            .where(User.id.in_(ids))
            .order_by(User.name)
        )
        return [Person(r[0], r[1], r[2]) for r in rows]

    # --------------------------------------------------------------- the client state CTE

    def _interval(self) -> ColumnElement[int]:
        return interval_days(self._policy.cadence)

    def _day(self, value: Any) -> ColumnElement[int]:
        return day_number(self._db.dialect, value)

    def _unresolved(self, window: _Window) -> ColumnElement[bool]:
        """Complaints not resolved (nor closed) at the window's moment."""
        if window.current:
            # Now, the status says it (and its index finds the few unresolved ones fast).
            return Complaint.status.in_(UNRESOLVED)
        at = window.as_of_at
        return and_(
            Complaint.received_at < at,
            or_(Complaint.resolved_at.is_(None), Complaint.resolved_at >= at),
            or_(Complaint.closed_at.is_(None), Complaint.closed_at >= at),
        )

    def _client_state(self, actor: Actor, window: _Window, manager_id: int | None) -> CTE:
        """Every visible client with its last visit, cadence and open complaints as of the day."""
        as_of = window.span.as_of
        # The cadence counts from the later of a file's recorded date and the last visit of a
        # kind the policy counts (services.cadence_sql.cadence_last_visit), as of the day.
        logged = (
            select(func.max(Visit.visited_on))
            .where(
                Visit.client_id == Client.id,
                *counted_visits(self._policy.cadence.counting_kinds),
                Visit.visited_on <= as_of,
            )
            .correlate(Client)
            .scalar_subquery()
        )
        # Unresolved complaints are few: count them per client once, then join.
        open_counts = (
            select(Complaint.client_id.label("client_id"), func.count().label("n"))
            .where(self._unresolved(window))
            .group_by(Complaint.client_id)
            .subquery("open_counts")
        )
        where = [visible_clients(actor)]
        if manager_id is not None:
            where.append(Client.owner_id == manager_id)
        raw = (
            select(
                Client.id.label("id"),
                Client.name.label("name"),
                Client.owner_id.label("owner_id"),
                Client.tier.label("tier"),
                Client.credit_rating.label("credit_rating"),
                Client.strategy.label("strategy"),
                case(
                    (Client.recorded_visit_on <= as_of, Client.recorded_visit_on), else_=null()
                ).label("recorded"),
                logged.label("logged"),
                created_on().label("created_on"),
                self._interval().label("interval"),
                func.coalesce(open_counts.c.n, 0).label("open_complaints"),
            )
            .outerjoin(open_counts, open_counts.c.client_id == Client.id)
            .where(*where)
            .cte("client_raw")
            # Computed once: the outer query refers to the correlated columns several times.
            .prefix_with("MATERIALIZED")
        )
        last = case(
            (raw.c.logged.is_(None), raw.c.recorded),
            (raw.c.recorded.is_(None), raw.c.logged),
            (raw.c.logged > raw.c.recorded, raw.c.logged),
            else_=raw.c.recorded,
        )
        # Day numbers once per client (date arithmetic differs between the two databases).
        days = (
            select(
                raw.c.id, raw.c.name, raw.c.owner_id, raw.c.tier, raw.c.credit_rating,
                raw.c.strategy, raw.c.interval, raw.c.open_complaints,
                last.label("last_visit"),
                self._day(last).label("last_n"),
                self._day(func.coalesce(last, raw.c.created_on)).label("base_n"),
            )
            .cte("client_days")
            .prefix_with("MATERIALIZED")
        )  # fmt: skip
        today_n = (as_of - EPOCH).days
        days_overdue = today_n - days.c.base_n - days.c.interval
        covered = and_(days.c.last_n.is_not(None), days.c.last_n >= today_n - days.c.interval)
        overdue = days_overdue > 0
        poor = days.c.credit_rating == CreditRating.POOR.value
        has_open = days.c.open_complaints > 0
        # A client the company wants to grow needs a visit twice as often as the minimum.
        stale = and_(
            days.c.strategy == Strategy.DEVELOP.value,
            2 * (today_n - days.c.base_n) > days.c.interval,
        )

        def flag(cond: ColumnElement[bool]) -> ColumnElement[int]:
            return case((cond, 1), else_=0)

        reasons = flag(poor) + flag(overdue) + flag(has_open) + flag(stale)
        return select(
            days.c.id,
            days.c.name,
            days.c.owner_id,
            days.c.tier,
            days.c.credit_rating,
            days.c.strategy,
            days.c.last_visit,
            days.c.interval,
            days_overdue.label("days_overdue"),
            (today_n - days.c.last_n).label("days_since"),
            days.c.open_complaints,
            flag(covered).label("covered"),
            flag(overdue).label("overdue"),
            flag(poor).label("poor"),
            flag(has_open).label("has_open"),
            flag(stale).label("stale"),
            reasons.label("reasons"),
        ).cte("client_state")

    async def _digest(
        self, session: AsyncSession, state: CTE, top: int
    ) -> tuple[dict[int, tuple[int, int, int, int]], list[ClientLine], list[ClientLine]]:
        """Per-owner counts and the worst overdue and at-risk clients, in one statement.

        The three parts share one evaluation of the materialized client state (three separate
        queries would compute it three times).
        """
        names = [c.name for c in state.c]
        no_client = [null().label(name) for name in (*names, "owner_name") if name != "owner_id"]
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
                       *[worst.c[c.name] for c in columns], worst.c.owner_name)
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
                lists[m["part"]].append(_client_line(m))
        # The parts keep their order in practice; SQL does not promise it, so sort the few rows.
        overdue = sorted(lists[1], key=lambda c: (-c.days_overdue, c.name, c.client_id))
        at_risk = sorted(lists[2], key=lambda c: (-len(c.reasons), -c.days_overdue,
                                                  -c.open_complaints, c.name, c.client_id))  # fmt: skip
        return by_owner, overdue, at_risk

    def _order(self, state: CTE, kind: ListKind) -> list[Any]:
        """Worst first: most overdue; for risks, most reasons, then most overdue."""
        if kind is ListKind.AT_RISK:
            return [state.c.reasons.desc(), state.c.days_overdue.desc(),
                    state.c.open_complaints.desc(), state.c.name, state.c.id]  # fmt: skip
        if kind in (ListKind.OVERDUE, ListKind.UNCOVERED):
            return [state.c.days_overdue.desc(), state.c.name, state.c.id]
        return [state.c.reasons.desc(), state.c.days_overdue.desc(), state.c.name, state.c.id]

    def _lines_query(self, state: CTE, kind: ListKind) -> Select[Any]:
        stmt = select(state, User.name.label("owner_name")).join(User, User.id == state.c.owner_id)
        if kind is ListKind.OVERDUE:
            stmt = stmt.where(state.c.overdue == 1)
        elif kind is ListKind.AT_RISK:
            stmt = stmt.where(state.c.reasons > 0)
        elif kind is ListKind.UNCOVERED:
            stmt = stmt.where(state.c.covered == 0)
        return stmt.order_by(*self._order(state, kind))

    async def _client_lines(
        self, session: AsyncSession, state: CTE, kind: ListKind, offset: int, limit: int
    ) -> list[ClientLine]:
        rows = await session.execute(self._lines_query(state, kind).offset(offset).limit(limit))
        return [_client_line(r._mapping) for r in rows]

    async def _count_lines(self, session: AsyncSession, state: CTE, kind: ListKind) -> int:
        inner = self._lines_query(state, kind).order_by(None).subquery()
        return int(await session.scalar(select(func.count()).select_from(inner)) or 0)

    # --------------------------------------------------------------------- visits, complaints

    def _visits_where(
        self, actor: Actor, start: date, end: date, manager_id: int | None
    ) -> list[ColumnElement[bool]]:
        where = [
            visible_clients(actor),
            Visit.deleted_at.is_(None),
            Visit.visited_on >= start,
            Visit.visited_on <= end,
        ]
        if manager_id is not None:
            where.append(Visit.author_id == manager_id)
        elif actor.role is Role.MANAGER:
            where.append(Visit.author_id == actor.user_id)
        return where

    async def _visits_by_author(
        self, session: AsyncSession, actor: Actor, window: _Window, manager_id: int | None
    ) -> dict[int, tuple[int, int]]:
        # Joined for everyone: an admin sees every client too, but not one a running import has
        # written and may still undo.
        stmt = select(
            Visit.author_id, func.count(), func.count(func.distinct(Visit.client_id))
        ).join(Client, Client.id == Visit.client_id)
        rows = await session.execute(
            stmt.where(
                *self._visits_where(actor, window.span.start, window.span.as_of, manager_id)
            ).group_by(Visit.author_id)
        )
        return {r[0]: (int(r[1]), int(r[2])) for r in rows}

    async def _visits_by_owner(
        self, session: AsyncSession, actor: Actor, window: _Window, manager_id: int | None
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

    def _complaints_where(self, actor: Actor, manager_id: int | None) -> list[ColumnElement[bool]]:
        where = [visible_clients(actor)]
        if manager_id is not None:
            where.append(Complaint.owner_id == manager_id)
        return where

    def _complaints_of(
        self, stmt: Select[Any], actor: Actor, manager_id: int | None
    ) -> Select[Any]:
        """Limit a query on complaints to the clients the actor may see."""
        stmt = stmt.join(Client, Client.id == Complaint.client_id)  # (admins: no pending imports)
        return stmt.where(*self._complaints_where(actor, manager_id))

    async def _complaint_stats(
        self, session: AsyncSession, actor: Actor, window: _Window, manager_id: int | None
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
        ).select_from(Complaint)
        # One pass over the complaints: a range on one column would miss the others' events.
        row = (await session.execute(self._complaints_of(stmt, actor, manager_id))).one()
        opened, resolved_n, still_open, past_due, on_time, responded_n, responded_ok = (
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

    # ----------------------------------------------------------------------- drill-downs

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
    ) -> Page[Any]:
        """The list behind a number of the summary, a page at a time, worst first."""
        window = self._window(actor, period, today)
        offset = max(offset, 0)
        items: Sequence[Any]
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
                total = await self._count_lines(session, state, kind)
                items = await self._client_lines(session, state, kind, offset, limit)
        return Page(kind, window.span, total, offset, tuple(items), person)

    async def _visit_page(
        self,
        session: AsyncSession,
        actor: Actor,
        window: _Window,
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
            select(Visit.id, Visit.client_id, Client.name, User.name, Visit.visited_on,
                   Visit.kind, Visit.summary)
            .join(Client, Client.id == Visit.client_id)
            .join(User, User.id == Visit.author_id)
            .where(*where)
            .order_by(Visit.visited_on.desc(), Visit.id.desc())
            .offset(offset)
            .limit(limit)
        )  # fmt: skip
        return int(total or 0), [VisitLine(*r) for r in rows]

    async def _complaint_page(
        self,
        session: AsyncSession,
        actor: Actor,
        window: _Window,
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
            _complaint_columns(window.as_of_at).join(Client, Client.id == Complaint.client_id)
            .join(User, User.id == Complaint.owner_id)
            .where(*where).order_by(*order).offset(offset).limit(limit)
        )  # fmt: skip
        zone = ZoneInfo(actor.timezone)
        return int(total or 0), [_complaint_line(r, zone) for r in rows]

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
                select(Visit.id, Visit.client_id, Client.name, User.name, Visit.visited_on,
                       Visit.kind, Visit.summary)
                .join(Client, Client.id == Visit.client_id)
                .join(User, User.id == Visit.author_id)
                .where(Visit.client_id == client_id, Visit.deleted_at.is_(None))
                .order_by(Visit.visited_on.desc(), Visit.id.desc())
                .limit(limit)
            )  # fmt: skip
            complaints = await session.execute(
                _complaint_columns(window.as_of_at)
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
        return ClientActivity(
            visits=tuple(VisitLine(*r) for r in visits),
            complaints=tuple(_complaint_line(r, ZoneInfo(actor.timezone)) for r in complaints),
            status=_client_line(row._mapping) if row is not None else None,
            open_complaints=int(open_count or 0),
        )

    # ------------------------------------------------------------------------ chart data

    async def weekly_visits(
        self,
        actor: Actor,
        *,
        today: date | None = None,
        weeks: int = CHART_WEEKS,
        manager_id: int | None = None,
    ) -> WeeklyVisits:
        """Visits per manager per week for the last `weeks` weeks up to today."""
        today = today or self.today(actor)
        monday = today - timedelta(days=today.weekday())
        mondays = [monday - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
        bucket = case(
            *[(Visit.visited_on >= m, i) for i, m in reversed(list(enumerate(mondays)))],
            else_=-1,
        )
        async with self._db.read() as session:
            person = await self._person(session, actor, manager_id) if manager_id else None
            people = [person] if person else await self._people(session, actor)
            rows = (
                await session.execute(
                    select(Visit.author_id, bucket.label("week"), func.count())
                    .join(Client, Client.id == Visit.client_id)
                    .where(*self._visits_where(actor, mondays[0], today, manager_id))
                    .group_by(Visit.author_id, bucket)
                )
            ).all()
            missing = {r[0] for r in rows} - {p.user_id for p in people}
            if missing:
                people += await self._people_by_id(session, missing)
        counts: dict[int, list[int]] = {p.user_id: [0] * weeks for p in people}
        for author, week, n in rows:
            if 0 <= week < weeks:
                counts[author][week] += int(n)
        return WeeklyVisits(
            weeks=tuple(mondays),
            rows=tuple((p.name, tuple(counts[p.user_id])) for p in people),
        )

    async def coverage_by_tier(
        self, actor: Actor, period: Period, *, today: date | None = None,
        manager_id: int | None = None,
    ) -> tuple[Span, list[TierCoverage]]:  # fmt: skip
        """Clients, clients visited within cadence, and overdue, per tier, as of the period."""
        window = self._window(actor, period, today)
        async with self._db.read() as session:
            if manager_id:
                await self._person(session, actor, manager_id)
            state = self._client_state(actor, window, manager_id)
            rows = await session.execute(
                select(state.c.tier, func.count(), func.sum(state.c.covered),
                       func.sum(state.c.overdue))
                .group_by(state.c.tier)
            )  # fmt: skip
            found = {r[0]: (int(r[1]), int(r[2] or 0), int(r[3] or 0)) for r in rows}
        out = []
        for tier in (*Tier, None):
            key = tier.value if tier else None
            if key in found:
                out.append(TierCoverage(tier, *found.pop(key)))
        for values in found.values():  # a tier word no longer known: keep its clients counted
            out.append(TierCoverage(None, *values))
        return window.span, out

    async def complaint_ages(
        self, actor: Actor, period: Period, *, today: date | None = None,
        manager_id: int | None = None,
    ) -> ComplaintAges:  # fmt: skip
        """Unresolved complaints by age and status now; the period's complaints by status."""
        window = self._window(actor, period, today)
        now = window.as_of_at
        limits = [now - timedelta(days=d) for d in AGE_BUCKETS_DAYS]
        age = case(
            *[(Complaint.received_at >= at, i) for i, at in enumerate(limits)],
            else_=len(limits),
        )
        responded_then = and_(Complaint.responded_at.is_not(None), Complaint.responded_at < now)
        async with self._db.read() as session:
            if manager_id:
                await self._person(session, actor, manager_id)
            where = self._complaints_where(actor, manager_id)
            aged = (
                select(age.label("age"), case((responded_then, 1), else_=0).label("resp"))
                .join(Client, Client.id == Complaint.client_id)
                .where(*where, self._unresolved(window))
                .subquery()
            )
            rows = await session.execute(
                select(aged.c.age, aged.c.resp, func.count()).group_by(aged.c.age, aged.c.resp)
            )
            by_status = await session.execute(
                select(Complaint.status, func.count())
                .join(Client, Client.id == Complaint.client_id)
                .where(*where, Complaint.received_at >= window.start_at,
                       Complaint.received_at < window.as_of_at)
                .group_by(Complaint.status)
            )  # fmt: skip
            status_counts = {status: count for status, count in by_status}
        opened = [0] * (len(limits) + 1)
        answered = [0] * (len(limits) + 1)
        for bucket, resp, n in rows:
            (answered if resp else opened)[bucket] += int(n)
        statuses = ("open", "responded", "resolved", "closed")
        return ComplaintAges(
            bucket_days=AGE_BUCKETS_DAYS,
            open_by_age=tuple(opened),
            responded_by_age=tuple(answered),
            period_by_status=tuple((s, int(status_counts.get(s, 0))) for s in statuses),
            span=window.span,
        )


def _complaint_columns(now: datetime) -> Select[Any]:
    late = func.coalesce(Complaint.resolved_at, now) > Complaint.resolution_due
    columns: tuple[Any, ...] = (
        Complaint.id, Complaint.client_id, Client.name, User.name, Complaint.severity,
        Complaint.status, Complaint.category, Complaint.received_at, Complaint.resolution_due,
        Complaint.resolved_at, Complaint.description, case((late, 1), else_=0),
    )  # fmt: skip
    return select(*columns)


def _complaint_line(row: Any, zone: ZoneInfo) -> ComplaintLine:
    (complaint_id, client_id, client_name, owner_name, severity, status, category, received_at,
     resolution_due, resolved_at, description, late) = row  # fmt: skip
    return ComplaintLine(
        complaint_id=complaint_id, client_id=client_id, client_name=client_name,
        owner_name=owner_name, severity=severity, status=status, category=category,
        received_at=received_at, resolution_due=resolution_due, resolved_at=resolved_at,
        description=description, late=bool(late),
        received_on=received_at.astimezone(zone).date(),
    )  # fmt: skip


def _enum(kind: type[enum.StrEnum], value: str | None) -> Any:
    try:
        return kind(value) if value else None
    except ValueError:
        return None


def _client_line(row: Any) -> ClientLine:
    reasons = tuple(
        reason
        for reason, column in (
            (RiskReason.OVERDUE, "overdue"),
            (RiskReason.OPEN_COMPLAINTS, "has_open"),
            (RiskReason.POOR_RATING, "poor"),
            (RiskReason.DEVELOP_STALE, "stale"),
        )
        if row[column]
    )
    last = row["last_visit"]
    if isinstance(last, str):  # SQLite hands back a CASE over dates as text
        last = date.fromisoformat(last)
    return ClientLine(
        client_id=row["id"],
        name=row["name"],
        owner_name=row["owner_name"],
        tier=_enum(Tier, row["tier"]),
        credit_rating=_enum(CreditRating, row["credit_rating"]),
        strategy=_enum(Strategy, row["strategy"]),
        last_visit_on=last,
        interval_days=int(row["interval"]),
        days_overdue=int(row["days_overdue"]),
        days_since_visit=None if row["days_since"] is None else int(row["days_since"]),
        open_complaints=int(row["open_complaints"] or 0),
        reasons=reasons,
    )
