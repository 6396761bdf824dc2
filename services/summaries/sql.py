"""The SQL the summary parts share: the client state as of a day, visible visits and complaints."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import CTE, ColumnElement, Select, and_, case, func, null, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.access import visible_clients
from services.cadence_sql import EPOCH, counted_visits, created_on, day_number, interval_days
from services.domain import Actor, CreditRating, Role, Strategy, Tier
from services.matching import english_name
from services.storage.models import Client, Complaint, User, Visit
from services.summaries.base import UNRESOLVED, SummaryBase, Window
from services.summaries.records import (
    ClientLine,
    ComplaintLine,
    ListKind,
    RiskReason,
    VisitLine,
    client_group,
)


class SummarySql(SummaryBase):
    """Statements over what the actor may see, built for the overview, the lists and the charts."""

    def _interval(self) -> ColumnElement[int]:
        return interval_days(self._policy.cadence)

    def _day(self, value: Any) -> ColumnElement[int]:
        return day_number(self._db.dialect, value)

    def _unresolved(self, window: Window) -> ColumnElement[bool]:
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

    def _client_state(self, actor: Actor, window: Window, manager_id: int | None) -> CTE:
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
                created_on(self._db.dialect, actor.timezone, self._clock.now()).label("created_on"),
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
        # Known by then: added, or visited, on or before `as_of` (last year's summary does not
        # count this year's clients as uncovered ones, nor as at risk).
        known = days.c.base_n <= today_n
        return (
            select(
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
            )
            .where(known)
            .cte("client_state")
        )

    def _order(self, state: CTE, kind: ListKind) -> list[Any]:
        """Worst first: for risks, most reasons, then most overdue; a portfolio (/clients) by
        urgency: the overdue, most days overdue first, then the other clients at risk, then the
        rest, the soonest due first."""
        if kind is ListKind.AT_RISK:
            return [state.c.reasons.desc(), state.c.days_overdue.desc(),
                    state.c.open_complaints.desc(), state.c.name, state.c.id]  # fmt: skip
        if kind in (ListKind.OVERDUE, ListKind.UNCOVERED):
            return [state.c.days_overdue.desc(), state.c.name, state.c.id]
        at_risk = case((state.c.reasons > 0, 1), else_=0)
        return [state.c.overdue.desc(), at_risk.desc(), state.c.days_overdue.desc(),
                state.c.reasons.desc(), state.c.name, state.c.id]  # fmt: skip

    def _lines_query(
        self, state: CTE, kind: ListKind, days: int | None = None, group: str | None = None
    ) -> Select[Any]:
        stmt = (
            select(state, User.name.label("owner_name"), Client.aliases.label("aliases"))
            .join(User, User.id == state.c.owner_id)
            .join(Client, Client.id == state.c.id)
        )
        if kind in (ListKind.NOT_SEEN, ListKind.NOT_SINCE):
            # Days since the last counted visit, or since the client was added if never visited
            # (a client added last week has not gone 60 days unvisited); the longest first.
            waited = state.c.days_overdue + state.c.interval
            if kind is ListKind.NOT_SINCE:
                # "这个月还有哪些客户没去过": one never visited is not visited this month either,
                # however recently it was added.
                since = state.c.days_since
                stmt = stmt.where(or_(since.is_(None), since >= (days or 0)))
            else:
                stmt = stmt.where(waited >= (days or 0))
            return stmt.order_by(waited.desc(), state.c.name, state.c.id)
        if kind is ListKind.DUE:
            # Due on or before today + days: overdue ones first, then the soonest due.
            stmt = stmt.where(state.c.days_overdue >= -(days or 0))
            return stmt.order_by(state.c.days_overdue.desc(), state.c.name, state.c.id)
        if kind is ListKind.GROUP:
            # "我的客户里哪些信用等级差？": the clients of one rating or tier, worst first.
            field, value = client_group(group) or ("id", None)
            stmt = stmt.where(state.c[field] == value)
        elif kind is ListKind.OVERDUE:
            stmt = stmt.where(state.c.overdue == 1)
        elif kind is ListKind.AT_RISK:
            stmt = stmt.where(state.c.reasons > 0)
        elif kind is ListKind.UNCOVERED:
            stmt = stmt.where(state.c.covered == 0)
        return stmt.order_by(*self._order(state, kind))

    async def _client_lines(
        self,
        session: AsyncSession,
        state: CTE,
        kind: ListKind,
        offset: int,
        limit: int,
        days: int | None = None,
        group: str | None = None,
    ) -> list[ClientLine]:
        query = self._lines_query(state, kind, days, group)
        rows = await session.execute(query.offset(offset).limit(limit))
        return [client_line(r._mapping) for r in rows]

    async def _count_lines(
        self, session: AsyncSession, state: CTE, kind: ListKind, days: int | None = None,
        group: str | None = None,
    ) -> int:  # fmt: skip
        inner = self._lines_query(state, kind, days, group).order_by(None).subquery()
        return int(await session.scalar(select(func.count()).select_from(inner)) or 0)

    async def _count_by_owner(
        self, session: AsyncSession, state: CTE, kind: ListKind, days: int | None = None,
        group: str | None = None,
    ) -> tuple[tuple[str, int], ...]:  # fmt: skip
        """How many of a list's clients each manager owns, most first."""
        inner = self._lines_query(state, kind, days, group).order_by(None).subquery()
        count = func.count()
        rows = await session.execute(
            select(inner.c.owner_name, count)
            .group_by(inner.c.owner_name)
            .order_by(count.desc(), inner.c.owner_name)
        )
        return tuple((str(name), int(n)) for name, n in rows.all())

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


# A visit in a list (`visit_line` reads them in this order).
VISIT_COLUMNS = (
    Visit.id, Visit.client_id, Client.name, User.name, Visit.visited_on, Visit.kind,
    Visit.summary, Client.aliases,
)  # fmt: skip


def visit_line(row: Any) -> VisitLine:
    visit_id, client_id, client, author, visited_on, kind, summary, aliases = row
    return VisitLine(visit_id, client_id, client, author, visited_on, kind, summary,
                     client_en=english_name(aliases or []))  # fmt: skip


def complaint_columns(now: datetime) -> Select[Any]:
    late = func.coalesce(Complaint.resolved_at, now) > Complaint.resolution_due
    columns: tuple[Any, ...] = (
        Complaint.id, Complaint.client_id, Client.name, User.name, Complaint.severity,
        Complaint.status, Complaint.category, Complaint.received_at, Complaint.resolution_due,
        Complaint.resolved_at, Complaint.description, case((late, 1), else_=0), Client.aliases,
        Complaint.first_response_due, Complaint.responded_at, Complaint.closed_at,
    )  # fmt: skip
    return select(*columns)


def _next_deadline(
    first_response_due: datetime | None,
    responded_at: datetime | None,
    resolution_due: datetime,
    resolved_at: datetime | None,
    closed_at: datetime | None,
    now: datetime | None,
) -> tuple[str | None, datetime | None, float | None]:
    """The deadline an unresolved ticket was at `now`: first contact while the client has not
    been contacted ("both" when it falls with the resolution deadline, as a critical ticket's
    does), else resolution; and the hours to it (negative: past). Nothing for a resolved one."""
    if now is None or (resolved_at is not None and resolved_at < now):
        return None, None, None
    if closed_at is not None and closed_at < now:
        return None, None, None
    contacted = responded_at is not None and responded_at < now
    if not contacted and first_response_due is not None:
        stage = "both" if first_response_due == resolution_due else "response"
        due = first_response_due
    else:
        stage, due = "resolution", resolution_due
    return stage, due, (due - now).total_seconds() / 3600


def complaint_line(row: Any, zone: ZoneInfo, now: datetime | None = None) -> ComplaintLine:
    """A complaint of a list; with `now`, the deadline an unresolved one is at, and the time
    to it (the open-complaints list shows it)."""
    (complaint_id, client_id, client_name, owner_name, severity, status, category, received_at,
     resolution_due, resolved_at, description, late, aliases, first_response_due, responded_at,
     closed_at) = row  # fmt: skip
    stage, due, hours = _next_deadline(first_response_due, responded_at, resolution_due,
                                       resolved_at, closed_at, now)  # fmt: skip
    return ComplaintLine(
        complaint_id=complaint_id, client_id=client_id, client_name=client_name,
        owner_name=owner_name, severity=severity, status=status, category=category,
        received_at=received_at, resolution_due=resolution_due, resolved_at=resolved_at,
        description=description, late=bool(late),
        received_on=received_at.astimezone(zone).date(), client_en=english_name(aliases or []),
        due_stage=stage, next_due=due.astimezone(zone) if due else None, hours_left=hours,
    )  # fmt: skip


def _enum(kind: type[enum.StrEnum], value: str | None) -> Any:
    try:
        return kind(value) if value else None
    except ValueError:
        return None


def client_line(row: Any) -> ClientLine:
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
        client_en=english_name(row["aliases"] or []),
    )
