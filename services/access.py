"""Who may see which clients: one rule, used by every query that touches client data."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select, true

from services.domain import Actor, Role
from services.storage.models import Client, User


def visible_clients(actor: Actor) -> ColumnElement[bool]:
    """A WHERE clause on `Client`: managers see their own, supervisors their team's, admins all."""
    if actor.role is Role.ADMIN:
        return true()
    if actor.role is Role.SUPERVISOR and actor.team_id is not None:
        team_members = select(User.id).where(User.team_id == actor.team_id).scalar_subquery()
        return or_(Client.owner_id == actor.user_id, Client.owner_id.in_(team_members))
    return Client.owner_id == actor.user_id
