"""Client files: import from spreadsheets, fuzzy lookup and the client card, always through access."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from services.access import visible_clients
from services.client_import import ClientRow, RowError, parse_client_file
from services.clock import Clock
from services.domain import (
    Actor,
    ClientCard,
    ClientHit,
    ContactInfo,
    CreditRating,
    Role,
    Strategy,
    Tier,
)
from services.errors import AccessDenied, NotFound
from services.matching import rank, search_key
from services.storage.models import Client, Contact, ContactPhoto, User
from services.storage.uow import Database


@dataclass(frozen=True, slots=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: tuple[RowError, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.errors


def client_snapshot(client: Client) -> dict[str, object]:
    return {
        "name": client.name,
        "aliases": list(client.aliases or []),
        "tier": client.tier,
        "credit_rating": client.credit_rating,
        "strategy": client.strategy,
        "industry": client.industry,
        "region": client.region,
        "address": client.address,
        "latitude": client.latitude,
        "longitude": client.longitude,
        "owner_id": client.owner_id,
        "notes": client.notes,
        "last_visit_on": client.last_visit_on.isoformat() if client.last_visit_on else None,
    }


def _card(client: Client, with_photo: frozenset[int] = frozenset()) -> ClientCard:
    return ClientCard(
        id=client.id,
        name=client.name,
        aliases=tuple(client.aliases or ()),
        tier=Tier(client.tier) if client.tier else None,
        credit_rating=CreditRating(client.credit_rating) if client.credit_rating else None,
        strategy=Strategy(client.strategy) if client.strategy else None,
        industry=client.industry,
        region=client.region,
        address=client.address,
        latitude=client.latitude,
        longitude=client.longitude,
        owner_name=client.owner.name if client.owner else None,
        owner_telegram_id=client.owner.telegram_id if client.owner else None,
        notes=client.notes,
        last_visit_on=client.last_visit_on,
        contacts=tuple(
            ContactInfo(
                c.name,
                c.title,
                c.phone,
                c.decision_maker,
                c.mobile,
                c.email,
                c.id,
                c.id in with_photo,
            )
            for c in client.contacts
        ),
    )


class ClientService:
    """Use cases on the client file."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def import_file(self, actor: Actor | None, filename: str, data: bytes) -> ImportResult:
        """Import a CSV/XLSX; any bad row means nothing is imported and every bad row is reported.

        `actor` None means the command line, which runs with the operator's full rights.
        """
        if actor is not None and actor.role is not Role.ADMIN:
            raise AccessDenied("error.forbidden")
        # Parsing a big file takes seconds of CPU: off the event loop, so other users are served.
        rows, errors = await asyncio.to_thread(parse_client_file, filename, data)
        if errors:
            return ImportResult(errors=tuple(errors))
        return await self.upsert_rows(actor, rows)

    async def upsert_rows(self, actor: Actor | None, rows: list[ClientRow]) -> ImportResult:
        """Create or update clients by name in one transaction (owners must exist and be active)."""
        now = self._clock.now()
        async with self._db.write() as uow:
            owner_ids = {r.owner_telegram_id for r in rows}
            owners = {
                u.telegram_id: u
                for u in (
                    await uow.session.execute(select(User).where(User.telegram_id.in_(owner_ids)))
                ).scalars()
            }
            errors = [
                RowError(r.line, "owner_telegram_id", "unknown_owner", str(r.owner_telegram_id))
                for r in rows
                if r.owner_telegram_id not in owners or not owners[r.owner_telegram_id].active
            ]
            if errors:
                return ImportResult(errors=tuple(errors))
            existing = {
                c.name: c
                for c in (
                    await uow.session.execute(
                        select(Client)
                        .where(Client.name.in_([r.name for r in rows]))
                        .options(selectinload(Client.contacts))
                    )
                ).scalars()
            }
            created = updated = 0
            for row in rows:
                client = existing.get(row.name)
                before = client_snapshot(client) if client else None
                if client is None:
                    client = Client(name=row.name, aliases=[], created_at=now, contacts=[])
                    uow.session.add(client)
                    created += 1
                else:
                    updated += 1
                _apply_row(client, row, owners[row.owner_telegram_id].id)
                client.search_key = search_key(client.name, tuple(client.aliases or ()))
                client.updated_at = now
                if row.contacts:
                    # The file's contacts replace earlier imported ones; those added from a
                    # business card in chat (created_at set) are kept.
                    client.contacts[:] = [c for c in client.contacts if c.created_at is not None]
                    client.contacts.extend(
                        Contact(
                            name=c.name,
                            title=c.title,
                            phone=c.phone,
                            decision_maker=c.decision_maker,
                        )
                        for c in row.contacts
                    )
                await uow.session.flush()
                after = client_snapshot(client)
                if before != after or before is None:
                    uow.audit(
                        actor_id=actor.user_id if actor else None,
                        action="import_create" if before is None else "import_update",
                        entity="client",
                        entity_id=client.id,
                        at=now,
                        before=before,
                        after=after,
                    )
            await uow.commit()
            return ImportResult(created=created, updated=updated)

    async def search(self, actor: Actor, query: str, *, limit: int = 8) -> list[ClientHit]:
        """Clients the actor may see whose name, pinyin or initials match the query."""
        query = query.strip()
        if not query:
            return []
        async with self._db.read() as session:
            candidates = (
                await session.execute(
                    select(Client.id, Client.name, Client.search_key).where(visible_clients(actor))
                )
            ).all()
        return rank(query, [(c.id, c.name, c.search_key) for c in candidates], limit=limit)

    async def card(self, actor: Actor, client_id: int) -> ClientCard:
        """The client's card; a client the actor may not see is reported as not found."""
        async with self._db.read() as session:
            client = (
                await session.execute(
                    select(Client)
                    .where(Client.id == client_id)
                    .options(selectinload(Client.owner), selectinload(Client.contacts))
                )
            ).scalar_one_or_none()
            if client is None:
                raise NotFound("error.client_not_found")
            allowed = (
                await session.execute(
                    select(Client.id).where(Client.id == client_id, visible_clients(actor))
                )
            ).scalar_one_or_none()
            if allowed is None:
                raise AccessDenied("error.client_not_found")
            photos = (
                await session.execute(
                    select(ContactPhoto.contact_id).where(
                        ContactPhoto.contact_id.in_([c.id for c in client.contacts])
                    )
                )
            ).scalars()
            return _card(client, frozenset(photos))

    async def visible_ids(self, actor: Actor) -> frozenset[int] | None:
        """Ids of the clients the actor may see; None for admins, who may see all."""
        if actor.role is Role.ADMIN:
            return None
        async with self._db.read() as session:
            ids = (await session.execute(select(Client.id).where(visible_clients(actor)))).scalars()
            return frozenset(ids)


def _apply_row(client: Client, row: ClientRow, owner_id: int) -> None:
    client.owner_id = owner_id
    if row.aliases:
        client.aliases = list(row.aliases)
    for attr in ("industry", "region", "address", "latitude", "longitude", "notes"):
        value = getattr(row, attr)
        if value is not None:
            setattr(client, attr, value)
    if row.tier is not None:
        client.tier = row.tier.value
    if row.credit_rating is not None:
        client.credit_rating = row.credit_rating.value
    if row.strategy is not None:
        client.strategy = row.strategy.value
    if row.last_visit_on is not None:
        # The cadence counts from the later of this and the logged visits (services.cadence).
        recorded: date | None = client.recorded_visit_on
        client.recorded_visit_on = (
            row.last_visit_on if recorded is None else max(recorded, row.last_visit_on)
        )
        last: date | None = client.last_visit_on
        client.last_visit_on = row.last_visit_on if last is None else max(last, row.last_visit_on)
