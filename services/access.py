"""Who may see which clients: one rule, used by every query that touches client data."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from services.domain import Actor, Role
from services.storage.models import Client, User


def visible_clients(actor: Actor) -> ColumnElement[bool]:
    """A WHERE clause on `Client`: managers see their own, supervisors their team's, admins all;
    nobody sees a client an import in progress has written (it may still be undone)."""
    return and_(Client.import_id.is_(None), _owned(actor))


def _owned(actor: Actor) -> ColumnElement[bool]:
    if actor.role is Role.ADMIN:
        return true()
    if actor.role is Role.SUPERVISOR and actor.team_id is not None:
        team_members = select(User.id).where(User.team_id == actor.team_id).scalar_subquery()
        return or_(Client.owner_id == actor.user_id, Client.owner_id.in_(team_members))
    return Client.owner_id == actor.user_id


async def visible_client(session: AsyncSession, actor: Actor, client_id: int) -> Client | None:
    """The client, if the actor may see it now (checked again when a draft is saved: the client
    may have moved to another manager since the draft began)."""
    found = await session.execute(
        select(Client).where(Client.id == client_id, visible_clients(actor))
    )
    return found.scalar_one_or_none()
