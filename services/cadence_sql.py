"""The visit cadence in SQL: per-client interval and day numbers, on SQLite and PostgreSQL alike.

Summaries and the reminder sweep both ask the database which clients fall due; they share these
expressions so the two can never disagree with `services.policy.VisitCadence`.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    and_,
    case,
    cast,
    func,
    literal,
    select,
    type_coerce,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from services.domain import CreditRating, VisitKind
from services.policy import VisitCadence
from services.storage.models import Client, Visit

EPOCH = date(1970, 1, 1)
SQLITE_EPOCH_JULIAN = 2440587.5  # julianday('1970-01-01')


def interval_days(cadence: VisitCadence) -> ColumnElement[int]:
    """Per client, the policy's cadence: min(rating cadence, tier cadence), as a CASE."""
    by_rating = cadence.days_by_rating
    medium = by_rating[CreditRating.MEDIUM]
    whens: list[tuple[ColumnElement[bool], int]] = []
    for tier, tier_days in cadence.days_by_tier.items():
        for rating in (CreditRating.GOOD, CreditRating.POOR):
            whens.append(
                (
                    and_(Client.tier == tier.value, Client.credit_rating == rating.value),
                    min(by_rating[rating], tier_days),
                )
            )
        whens.append((Client.tier == tier.value, min(medium, tier_days)))
    for rating in (CreditRating.GOOD, CreditRating.POOR):
        whens.append((Client.credit_rating == rating.value, by_rating[rating]))
    return case(*[(cond, literal(days, Integer)) for cond, days in whens], else_=medium)


def day_number(dialect: str, value: Any) -> ColumnElement[int]:
    """Whole days since 1970-01-01 of a date column."""
    if dialect == "sqlite":
        return cast(func.julianday(value) - SQLITE_EPOCH_JULIAN, Integer)
    return type_coerce(type_coerce(value, Date) - literal(EPOCH, Date), Integer)


def created_on(dialect: str, zone: str, at: datetime) -> ColumnElement[date]:
    """The day a client was added, in `zone` (where "today" is counted, or the count is off by
    one between midnight and 08:00 in Shanghai). SQLite has no time zones: the zone's offset at
    `at` is added (exact for zones without daylight saving, such as China's)."""
    if dialect == "sqlite":
        offset = ZoneInfo(zone).utcoffset(at.astimezone(UTC).replace(tzinfo=None))
        minutes = int(offset.total_seconds() // 60) if offset is not None else 0
        return type_coerce(func.date(Client.created_at, f"{minutes:+d} minutes"), Date)
    return type_coerce(func.date(func.timezone(zone, Client.created_at)), Date)


def counted_visits(kinds: Collection[VisitKind]) -> list[ColumnElement[bool]]:
    """The visits that keep the cadence: live, of a kind the policy counts."""
    return [Visit.deleted_at.is_(None), Visit.kind.in_(sorted(k.value for k in kinds))]


def later_of(a: Any, b: Any) -> ColumnElement[Any]:
    """The later of two nullable dates (NULL only when both are)."""
    return case((a.is_(None), b), (b.is_(None), a), (a > b, a), else_=b)


def cadence_last_visit(kinds: Collection[VisitKind]) -> ColumnElement[Any]:
    """Per client (correlated): the day its cadence counts from, by the rule of the policy.

    The later of the date a client file recorded and the last logged visit of a counting kind.
    """
    logged = (
        select(func.max(Visit.visited_on))
        .where(Visit.client_id == Client.id, *counted_visits(kinds))
        .correlate(Client)
        .scalar_subquery()
    )
    return later_of(Client.recorded_visit_on, logged)


async def refresh_last_visits(
    session: AsyncSession, kinds: Collection[VisitKind], client_ids: Collection[int] | None = None
) -> None:
    """Recompute `clients.last_visit_on` from the rows (all clients when `client_ids` is None).

    Every writer of visits calls this, and the bot at start (the policy may have changed), so
    cards, summaries, reminders and digests, which read the column, agree with the visit records.
    """
    if client_ids is not None and not client_ids:
        return
    last = cadence_last_visit(kinds)
    stmt = update(Client).where(Client.last_visit_on.is_distinct_from(last))
    if client_ids is not None:
        stmt = stmt.where(Client.id.in_(sorted(client_ids)))
    await session.execute(
        stmt.values(last_visit_on=last).execution_options(synchronize_session=False)
    )
