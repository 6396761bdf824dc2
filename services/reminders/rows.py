"""Reminder rows that other use cases add in their own transaction: supervisor alerts, draft notices,
and a user's local-time reminders moved to their new time zone."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from services.reminder_time import local_at
from services.reminders.kinds import Kind, Status
from services.storage.models import Reminder


def _same_basis(basis: date | None) -> ColumnElement[bool]:
    return Reminder.basis_on.is_(None) if basis is None else Reminder.basis_on == basis


def alert_rows(ticket_id: int, client_id: int, filer_id: int,
               recipients: Iterable[tuple[int, bool]], now: datetime) -> list[Reminder]:  # fmt: skip
    """The alerts of a new critical complaint, added in the transaction that files it: the outbox
    sends each once, holding it until its supervisor can be reached. `recipients` are (user id,
    known to be unreachable); for those the filer is told at once that the alert waits."""
    rows = []
    for user_id, unreachable in recipients:
        rows.append(_notice(alert_key(ticket_id, user_id), Kind.ALERT, user_id, client_id,
                            ticket_id, now))  # fmt: skip
        if unreachable and user_id != filer_id:
            rows.append(_notice(held_key(ticket_id, user_id), Kind.ALERT_HELD, filer_id,
                                client_id, ticket_id, now))  # fmt: skip
    return rows


def reopened_rows(ticket_id: int, client_id: int, round_: int, recipient_ids: Iterable[int],
                  params: Mapping[str, Any], now: datetime) -> list[Reminder]:  # fmt: skip
    """The supervisors' notices that a low follow-up score reopened a ticket, added in the
    transaction that reopens it; `params` (score, new deadline) are the round's own."""
    rows = []
    for user_id in recipient_ids:
        row = _notice(f"{Kind.REOPENED}:{ticket_id}:{round_}:{user_id}", Kind.REOPENED, user_id,
                      client_id, ticket_id, now)  # fmt: skip
        row.params = dict(params)
        rows.append(row)
    return rows


def alert_key(ticket_id: int, recipient_id: int) -> str:
    return f"{Kind.ALERT}:{ticket_id}:{recipient_id}"


def held_key(ticket_id: int | None, recipient_id: int) -> str:
    """The filer's notice that the alert to `recipient_id` waits; its key ends with that id."""
    return f"{Kind.ALERT_HELD}:{ticket_id}:{recipient_id}"


def _notice(key: str, kind: Kind, user_id: int, client_id: int, ticket_id: int,
            now: datetime) -> Reminder:  # fmt: skip
    return Reminder(key=key, kind=kind.value, user_id=user_id, client_id=client_id,
                    complaint_id=ticket_id, status=Status.PENDING.value, send_after=now,
                    attempts=0, snoozed=0, late=False, created_at=now, updated_at=now)  # fmt: skip


def draft_key(kind: str, user_id: int, token: str, step: str, updated_at: datetime) -> str:
    """A draft's notice is keyed by the flow row and its last change: however many processes
    start (or sweep) and find the same draft, one notice is queued for it."""
    stamp = int(updated_at.replace(tzinfo=updated_at.tzinfo or UTC).timestamp() * 1_000_000)
    return f"{kind}:{user_id}:{token}:{step[:40]}:{stamp}"


def draft_notice(kind: Kind, user_id: int, token: str, step: str, updated_at: datetime,
                 params: Mapping[str, Any], now: datetime) -> dict[str, Any]:  # fmt: skip
    """A row for the outbox telling a user about their draft; `params` is all its text needs."""
    return dict(key=draft_key(kind.value, user_id, token, step, updated_at), kind=kind.value,
                user_id=user_id, status=Status.PENDING.value, send_after=now, attempts=0,
                snoozed=0, late=False, created_at=now, updated_at=now, client_id=None,
                visit_id=None, complaint_id=None, basis_on=None, due_on=None, due_at=None,
                params=dict(params))  # fmt: skip


async def insert_new(session: AsyncSession, dialect: str, rows: list[dict[str, Any]]) -> None:
    """Add outbox rows; a row whose key exists already is left as it is (it was queued once)."""
    if not rows:
        return
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(Reminder).on_conflict_do_nothing(index_elements=["key"])
    await session.execute(stmt, rows)  # executemany: one statement, batched by the driver


def _held_for(row: Reminder) -> int:
    """The supervisor an ALERT_HELD notice is about: the last part of its key."""
    return int(row.key.rsplit(":", 1)[1])


# Kinds sent at a local time of day (on their day, after the digest); a complaint's reminders are
# tied to the deadline's instant and do not move.
LOCAL_TIME_KINDS = (Kind.CADENCE_DUE, Kind.CADENCE_OVERDUE, Kind.FOLLOW_UP, Kind.TASK, Kind.DIGEST)


async def follow_new_zone(session: AsyncSession, user_id: int, old: str, new: str) -> int:
    """Move the user's pending local-time reminders to the same wall-clock time in the new zone.

    Called in the transaction that changes the user's zone, so /reminders and the sender agree
    with the zone the bot says reminders follow. Returns how many moved.
    """
    if old == new:
        return 0
    rows = (
        await session.execute(
            select(Reminder).where(
                Reminder.user_id == user_id,
                Reminder.status == Status.PENDING.value,
                Reminder.kind.in_([k.value for k in LOCAL_TIME_KINDS]),
            )
        )
    ).scalars().all()  # fmt: skip
    for row in rows:
        at = row.send_after if row.send_after.tzinfo else row.send_after.replace(tzinfo=UTC)
        wall = at.astimezone(ZoneInfo(old))
        row.send_after = local_at(wall.date(), wall.time().replace(tzinfo=None), new)
    return len(rows)
