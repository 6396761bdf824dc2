"""The visit cadence in SQL: per-client interval and day numbers, on SQLite and PostgreSQL alike.

Summaries and the reminder sweep both ask the database which clients fall due; they share these
expressions so the two can never disagree with `services.policy.VisitCadence`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Date, Integer, and_, case, cast, func, literal, type_coerce

from services.domain import CreditRating
from services.policy import VisitCadence
from services.storage.models import Client

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


def created_on() -> ColumnElement[date]:
    """The (UTC) day a client was added, as a date."""
    return type_coerce(func.date(Client.created_at), Date)
