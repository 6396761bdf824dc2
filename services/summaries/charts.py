"""The data of the summary charts: visits per week, coverage per tier, complaint ages."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, case, func, select

from services.domain import Actor, Tier
from services.storage.models import Client, Complaint, Visit
from services.summaries.base import AGE_BUCKETS_DAYS, CHART_WEEKS
from services.summaries.periods import Period
from services.summaries.records import ComplaintAges, Span, TierCoverage, WeeklyVisits
from services.summaries.sql import SummarySql


class ChartData(SummarySql):
    """Series for the charts, over what the actor may see."""

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
            through=today,
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
