"""Client files: import from spreadsheets, fuzzy lookup and the client card, always through access."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import String, bindparam, select
from sqlalchemy import cast as sa_cast
from sqlalchemy import delete as sa_delete
from sqlalchemy import insert as sa_insert
from sqlalchemy import update as sa_update
from sqlalchemy.orm import selectinload

from services.access import visible_clients
from services.client_import import (
    ClientRow,
    RowError,
    file_headers,
    owner_key,
    parse_client_file,
)
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
from services.errors import AccessDenied, ImportCancelled, NotFound
from services.matching import (
    ClientChoice,
    client_named_in,
    english_name,
    find_client,
    rank,
    search_key,
)
from services.pinyin_names import fits
from services.storage.models import AuditEntry, Client, Contact, ContactPhoto, User
from services.storage.uow import Database, uninterrupted
from services.visits.filed import by_surname_and_title

log = logging.getLogger("kam.clients")
# Below these sizes the work takes milliseconds: done in this process, not sent to the worker.
_IN_PROCESS_ROWS = 200
_IN_PROCESS_BYTES = 16 * 1024
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class InterruptedImport:
    """An import killed half-way (kill -9, a power cut) whose hidden clients were taken back."""

    started_by: int | None  # Telegram id of the admin who sent the file; None: the command line
    clients: int  # hidden new clients deleted
    started_at: datetime | None


def _import_id() -> str:
    """A new import's id: the process that runs it, then a random part (32 characters). A later
    start of the bot tells an import whose process is gone (killed) from one still running."""
    return f"{os.getpid():x}.{uuid.uuid4().hex}"[:32]


def _import_alive(import_id: str) -> bool:
    pid_text, dot, _ = import_id.partition(".")
    if not dot:
        return False  # written before ids named their process
    try:
        pid = int(pid_text, 16)
    except ValueError:
        return False
    if pid == os.getpid():
        return False  # this process is starting: none of its imports runs yet
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    return True


@dataclass(frozen=True, slots=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: tuple[RowError, ...] = field(default_factory=tuple)
    unchanged: int = 0  # clients already exactly as the file says
    reassigned: int = 0  # of the updated clients, those the file gives another manager

    @property
    def ok(self) -> bool:
        return not self.errors


def client_snapshot(client: Any) -> dict[str, object]:
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


class _ChangedMeanwhile(Exception):
    """A client the import writes changed since the import was prepared."""


class ClientService:
    """Use cases on the client file."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._pool: ProcessPoolExecutor | None = None

    async def cpu_bound(self, fn: Callable[..., R], *args: Any) -> R:
        """Seconds of pure-Python CPU (parsing, pinyin keys) in a worker process: in a thread it
        would hold the GIL and slow every other user's reply several times over."""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    async def import_file(
        self,
        actor: Actor | None,
        filename: str,
        data: bytes,
        *,
        cancel: asyncio.Event | None = None,
    ) -> ImportResult:
        """Import a CSV/XLSX; any bad row means nothing is imported and every bad row is reported.

        `actor` None means the command line, which runs with the operator's full rights. Setting
        `cancel` stops the import before its next batch and takes back what it wrote
        (ImportCancelled); set after the last batch, the import is whole and stays.
        """
        if actor is not None and actor.role is not Role.ADMIN:
            raise AccessDenied("error.forbidden")
        # Parsing a big file takes seconds of CPU: off the event loop, so other users are served.
        kept: _Kept | None = None
        rows: list[Any]
        owners = await self._owners_by_name()
        if len(data) <= _IN_PROCESS_BYTES:  # a small file: cheaper here than sent to the worker
            rows, errors = parse_client_file(filename, data, owners=owners)
        else:
            # The parsed rows stay in the worker for preparing: only (line, name, owner) come
            # back. Unpickling 19,000 rows here took a second of the GIL from every reply.
            token, heads, errors = await self.cpu_bound(_parse_and_keep, filename, data, owners)
            rows = [_Head(*head) for head in heads]
            kept = (token, filename, data, owners)
        result = (
            ImportResult(errors=tuple(errors))
            if errors
            else await self.upsert_rows(actor, rows, cancel=cancel, _kept=kept)
        )
        if result.errors:
            # Name each column the way the file does (客户经理ID), not by its internal name.
            headers = file_headers(filename, data)
            named = tuple(
                replace(e, header=headers.get(e.column)) if e.column else e for e in result.errors
            )
            result = replace(result, errors=named)
        return result

    async def _owners_by_name(self) -> dict[str, int | None]:
        """Each active user's name → Telegram ID (None when two share it), for files that name
        the account manager instead of giving an ID."""
        async with self._db.read() as session:
            found = await session.execute(
                select(User.name, User.telegram_id).where(User.active.is_(True))
            )
            owners: dict[str, int | None] = {}
            for name, telegram_id in found.all():
                key = owner_key(name)
                if key:
                    owners[key] = None if key in owners else telegram_id
            return owners

    # On SQLite one writer holds the whole database: a large import writes this many clients per
    # transaction, so another user's save waits for one batch (a tenth of a second), not the import.
    IMPORT_BATCH = 250
    # ...and fewer when the machine is slow: a batch is sized to hold the lock about this long.
    BATCH_SECONDS = 0.05

    async def upsert_rows(
        self,
        actor: Actor | None,
        rows: list[ClientRow],
        *,
        batch: int | None = None,
        cancel: asyncio.Event | None = None,
        _kept: _Kept | None = None,
    ) -> ImportResult:
        """Create or update clients by name, all or nothing (owners must exist and be active).

        Everything slow happens before writing: reading what exists, computing search keys and
        audit snapshots (in a worker process). On PostgreSQL the write is one transaction (it
        locks only the rows it changes). On SQLite, where a transaction locks the whole database,
        a large import is written in batches of `batch` clients: the clients it creates stay
        hidden until the last batch, and if a batch fails or the import is cancelled, what the
        earlier batches wrote is undone, so the file is either all there or not at all. If a
        client changed meanwhile, the import is undone and prepared again from the new state.
        """
        size = batch or (self.IMPORT_BATCH if self._db.dialect == "sqlite" else 0)
        for _attempt in range(3):
            plan = await self._plan(actor, rows, _kept)
            if isinstance(plan, ImportResult):
                return plan
            started = time.monotonic()
            if await self._write(plan, size, cancel, adaptive=batch is None):
                log.info("client import: %d rows written in %.2f s (%d per transaction)",
                         len(rows), time.monotonic() - started, size or len(rows))  # fmt: skip
                return ImportResult(created=len(plan.inserts), updated=len(plan.updates),
                                    unchanged=plan.unchanged,
                                    reassigned=plan.reassigned)  # fmt: skip
        raise RuntimeError("clients kept changing during the import")

    async def _write(
        self, plan: _ImportPlan, size: int, cancel: asyncio.Event | None, *, adaptive: bool = False
    ) -> bool:
        """Write the plan; False (and nothing left written) when a client changed meanwhile."""

        def check() -> None:
            if cancel is not None and cancel.is_set():
                raise ImportCancelled

        check()
        if not size or len(plan.updates) + len(plan.inserts) <= size:
            async with self._db.write() as uow:
                if await self._versions(uow.session, plan.names) != plan.versions:
                    return False
                await plan.write(uow, plan.updates, plan.inserts, import_id=None)
                await uow.commit()
            return True
        import_id = _import_id()
        updated: list[int] = []  # ids whose update is committed: restored by the undo
        finished = False

        async def write_updates(chunk: list[dict[str, Any]]) -> None:
            ids = [u["id"] for u in chunk]
            async with self._db.write() as uow:
                now = await self._versions_by_id(uow.session, ids)
                if any(now.get(i) != plan.versions.get(i) for i in ids):
                    raise _ChangedMeanwhile
                await plan.write(uow, chunk, [], import_id=import_id)
                await uow.commit()
            updated.extend(ids)

        async def write_inserts(chunk: list[dict[str, Any]]) -> None:
            async with self._db.write() as uow:
                if await self._versions(uow.session, [c["name"] for c in chunk]):
                    raise _ChangedMeanwhile  # someone created a client of that name
                await plan.write(uow, [], chunk, import_id=import_id)
                await uow.commit()

        async def show() -> None:
            nonlocal finished
            async with self._db.write() as uow:  # one statement: the new clients appear at once
                clients: Any = Client.__table__
                await uow.session.execute(
                    sa_update(clients)
                    .where(clients.c.import_id == import_id)
                    .values(import_id=None)
                )
                await uow.commit()
            finished = True

        try:
            for rows, write in ((plan.updates, write_updates), (plan.inserts, write_inserts)):
                start, step = 0, size
                while start < len(rows):
                    check()
                    began = time.monotonic()
                    await uninterrupted(write(rows[start : start + step]))
                    start += step
                    if adaptive:  # the next batch holds the lock about BATCH_SECONDS
                        took = max(time.monotonic() - began, 0.001)
                        step = max(25, min(size, int(step * self.BATCH_SECONDS / took)))
                    await self._batch_written()
            check()
            await uninterrupted(show())
        except BaseException as exc:
            # A failed batch, a client changed meanwhile, or the import cancelled (Ctrl-C, the
            # admin, shutdown): take back what the earlier batches wrote. Cancelled after the
            # last batch, the import is whole and stays.
            if finished:
                raise
            await self._undo(plan, import_id, updated)
            if isinstance(exc, _ChangedMeanwhile):
                return False
            raise
        return True

    async def _batch_written(self) -> None:
        """Between two batches: other writers waiting for the database go first."""
        await asyncio.sleep(0)
        await self._db.let_writers_pass()

    async def _undo(self, plan: _ImportPlan, import_id: str, updated: list[int]) -> None:
        clients: Any = Client.__table__
        contact_table: Any = Contact.__table__
        audit_table: Any = AuditEntry.__table__
        restored = kept = 0
        for start in range(0, len(updated), self.IMPORT_BATCH):
            ids = updated[start : start + self.IMPORT_BATCH]
            async with self._db.write() as uow:
                for client_id in ids:
                    old = plan.previous[client_id]
                    values = {k: v for k, v in old.items() if k not in ("id", "_contacts")}
                    done = await uow.session.execute(
                        sa_update(clients)
                        .where(clients.c.id == client_id, clients.c.updated_at == plan.now)
                        .values(values)
                    )
                    if not done.rowcount:  # type: ignore[attr-defined]
                        kept += 1  # a user changed it since: their change stays
                        continue
                    restored += 1
                    if client_id in plan.replace_contacts:
                        await uow.session.execute(
                            sa_delete(contact_table).where(
                                contact_table.c.client_id == client_id,
                                contact_table.c.created_at.is_(None),
                            )
                        )
                        contacts = [
                            {"client_id": client_id, "name": n, "title": t, "phone": p,
                             "decision_maker": d}
                            for n, t, p, d in old["_contacts"]
                        ]  # fmt: skip
                        if contacts:
                            await uow.session.execute(sa_insert(contact_table), contacts)
                await uow.session.execute(
                    sa_delete(audit_table).where(
                        audit_table.c.action == "import_update",
                        audit_table.c.at == plan.now,
                        audit_table.c.entity_id.in_([str(i) for i in ids]),
                    )
                )
                await uow.commit()
        await self._delete_hidden(import_id)
        log.warning("client import undone: %d updated clients restored, %d kept as changed since",
                    restored, kept)  # fmt: skip

    async def _delete_hidden(self, import_id: str) -> int:
        """Delete the clients an unfinished import created (still hidden), with what hangs on them."""
        clients: Any = Client.__table__
        contact_table: Any = Contact.__table__
        audit_table: Any = AuditEntry.__table__
        deleted = 0
        while True:
            async with self._db.write() as uow:
                ids = list(
                    (
                        await uow.session.execute(
                            select(clients.c.id).where(clients.c.import_id == import_id)
                            .limit(self.IMPORT_BATCH)
                        )
                    ).scalars()
                )  # fmt: skip
                if not ids:
                    return deleted
                await uow.session.execute(
                    sa_delete(contact_table).where(contact_table.c.client_id.in_(ids))
                )
                await uow.session.execute(
                    sa_delete(audit_table).where(
                        audit_table.c.action == "import_create",
                        audit_table.c.entity_id.in_([str(i) for i in ids]),
                    )
                )
                await uow.session.execute(sa_delete(clients).where(clients.c.id.in_(ids)))
                await uow.commit()
            deleted += len(ids)

    async def clean_interrupted_imports(self) -> list[InterruptedImport]:
        """At start: take back the hidden clients of imports whose process was killed half-way.

        Such clients are invisible to everyone and would keep their names taken, so the same file
        sent again could never show them. An import still running in another live process (the
        command line) is left alone.
        """
        async with self._db.read() as session:
            pending = [
                i
                for i in (
                    await session.execute(
                        select(Client.import_id).where(Client.import_id.is_not(None)).distinct()
                    )
                ).scalars()
                if i is not None and not _import_alive(i)
            ]
            found: list[tuple[str, int | None, datetime | None]] = []
            for import_id in pending:
                first = (
                    await session.execute(
                        select(User.telegram_id, AuditEntry.at)
                        .select_from(Client)
                        .join(AuditEntry, (AuditEntry.entity == "client")
                              & (AuditEntry.action == "import_create")
                              & (AuditEntry.entity_id == sa_cast(Client.id, String)))
                        .outerjoin(User, User.id == AuditEntry.actor_id)
                        .where(Client.import_id == import_id)
                        .limit(1)
                    )
                ).first()  # fmt: skip
                found.append((import_id, *(first or (None, None))))
        out = []
        for import_id, telegram_id, at in found:
            deleted = await self._delete_hidden(import_id)
            log.warning("an interrupted client import was taken back: %d hidden clients", deleted)
            out.append(InterruptedImport(started_by=telegram_id, clients=deleted, started_at=at))
        return out

    async def _plan(
        self, actor: Actor | None, rows: list[Any], kept: _Kept | None
    ) -> _ImportPlan | ImportResult:
        now = self._clock.now()
        async with self._db.read() as session:
            owner_ids = {r.owner_telegram_id for r in rows}
            owners = {
                u.telegram_id: u
                for u in (
                    await session.execute(select(User).where(User.telegram_id.in_(owner_ids)))
                ).scalars()
            }
            errors = [
                RowError(r.line, "owner_telegram_id", "unknown_owner", str(r.owner_telegram_id))
                for r in rows
                if r.owner_telegram_id not in owners or not owners[r.owner_telegram_id].active
            ]
            if errors:
                return ImportResult(errors=tuple(errors))
            names = [r.name for r in rows]
            # Plain rows, not ORM objects: building 19,000 clients with their contacts as objects
            # runs on the event loop, where every other user's reply waits for it.
            table: Any = Client.__table__
            columns = [table.c[attr] for attr in (*_FIELDS, "id", "updated_at")]
            current: dict[str, dict[str, Any]] = {}
            for chunk in _chunks(names):
                found = await session.execute(select(*columns).where(table.c.name.in_(chunk)))
                current.update((r["name"], dict(r, _contacts=[])) for r in found.mappings())
            by_id = {c["id"]: c for c in current.values()}
            contact_table: Any = Contact.__table__
            for chunk in _chunks(list(by_id)):
                found = await session.execute(
                    select(contact_table.c.client_id, contact_table.c.name, contact_table.c.title,
                           contact_table.c.phone, contact_table.c.decision_maker)
                    .where(contact_table.c.client_id.in_(chunk),
                           contact_table.c.created_at.is_(None))
                    .order_by(contact_table.c.id)
                )  # fmt: skip
                for client_id, name, title, phone, decision_maker in found.all():
                    by_id[client_id]["_contacts"].append((name, title, phone, bool(decision_maker)))
        versions: dict[int, object] = {c["id"]: c["updated_at"] for c in current.values()}
        owner_of = {tg: u.id for tg, u in owners.items()}
        actor_id = actor.user_id if actor else None
        if kept is not None:  # the rows are in the worker already
            plan = await self.cpu_bound(_prepare_kept, *kept, actor_id, current, owner_of, now)
        elif len(rows) <= _IN_PROCESS_ROWS:  # a few rows: cheaper here than sent to the worker
            plan = _prepare(actor_id, rows, current, owner_of, now)
        else:
            plan = await self.cpu_bound(_prepare, actor_id, rows, current, owner_of, now)
        plan.versions = versions
        plan.names = names
        plan.previous = {c["id"]: c for c in current.values()}
        return plan

    @staticmethod
    async def _versions(session: Any, names: list[str]) -> dict[int, object]:
        """Id → last change of the clients with these names: what the plan was made from."""
        out: dict[int, object] = {}
        for chunk in _chunks(names):
            found = await session.execute(
                select(Client.id, Client.updated_at).where(Client.name.in_(chunk))
            )
            out.update((row.id, row.updated_at) for row in found)
        return out

    @staticmethod
    async def _versions_by_id(session: Any, ids: list[int]) -> dict[int, object]:
        found = await session.execute(
            select(Client.id, Client.updated_at).where(Client.id.in_(ids))
        )
        return {row.id: row.updated_at for row in found}

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

    async def english_names(self, actor: Actor, client_ids: Iterable[int]) -> dict[int, str]:
        """The English names (`matching.english_name`) of those of the clients the actor may
        see that have one, by id: what an English session's buttons show beside the name."""
        ids = set(client_ids)
        if not ids:
            return {}
        async with self._db.read() as session:
            rows = await session.execute(
                select(Client.id, Client.aliases).where(Client.id.in_(ids), visible_clients(actor))
            )
            found = {cid: english_name(aliases or []) for cid, aliases in rows.all()}
        return {cid: name for cid, name in found.items() if name}

    async def with_contact(self, actor: Actor, name: str) -> list[tuple[ClientHit, str]]:
        """The clients the actor may see that have a contact of this name, with the name as
        filed: "沈立华" as written, "沈主任" by surname and rank (filed 信息中心主任), "Ji Haidong"
        or "Mr. Ji" in pinyin for 季海东; by client name."""
        pinyin = name.strip() if name.isascii() else None
        name = "".join(name.split())
        if len(name) < 2:
            return []
        query = (
            select(Client.id, Client.name, Contact.name.label("contact"), Contact.title)
            .join(Contact, Contact.client_id == Client.id)
            .where(visible_clients(actor))
            .order_by(Client.name, Contact.id)
        )
        async with self._db.read() as session:
            rows = (await session.execute(query)).all()
        if pinyin is not None:
            chosen = [r for r in rows if fits(pinyin, r.contact)]
        else:
            chosen = [r for r in rows if r.contact == name]
            if not chosen:  # "沈主任": the one contact of a client so named and ranked
                by_client: dict[int, list[Any]] = {}
                for r in rows:
                    by_client.setdefault(r.id, []).append(r)
                for people in by_client.values():
                    filed = by_surname_and_title(
                        name, name[1:], [(r.contact, r.title) for r in people]
                    )
                    chosen += [r for r in people if r.contact == filed]
        found = dict.fromkeys((r.id, r.name, r.contact) for r in chosen)
        return [
            (ClientHit(id=cid, name=cname, score=100.0), contact) for cid, cname, contact in found
        ]

    async def named_in(self, actor: Actor, text: str) -> ClientHit | None:
        """The client the actor may see whose whole name or alias a longer text holds (a card's
        "Fudan University Zhongshan Hospital" holds the alias Zhongshan Hospital), the longest
        name winning; None when it holds none."""
        async with self._db.read() as session:
            rows = (
                await session.execute(
                    select(Client.id, Client.name, Client.aliases).where(visible_clients(actor))
                )
            ).all()
        named = client_named_in(text, [(r.id, r.name, r.aliases) for r in rows])
        return ClientHit(id=named[0], name=named[1], score=100.0) if named else None

    async def find(self, actor: Actor, query: str, *, limit: int = 8) -> ClientChoice:
        """The client a typed name certainly means, else the options to ask about (see matching)."""
        query = query.strip()
        if not query:
            return ClientChoice(None, ())
        async with self._db.read() as session:
            candidates = (
                await session.execute(
                    select(Client.id, Client.name, Client.search_key).where(visible_clients(actor))
                )
            ).all()
        return find_client(query, [(c.id, c.name, c.search_key) for c in candidates], limit=limit)

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


def _apply_row(client: Any, row: ClientRow, owner_id: int) -> None:
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


def _chunks(items: list[T], size: int = 2000) -> list[list[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


@dataclass
class _ImportPlan:
    """Rows to write, prepared outside the write transaction."""

    actor_id: int | None
    now: datetime
    inserts: list[dict[str, Any]] = field(default_factory=list)
    insert_contacts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    insert_after: dict[str, dict[str, Any]] = field(default_factory=dict)
    updates: list[dict[str, Any]] = field(default_factory=list)
    replace_contacts: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    audits: dict[int, dict[str, Any]] = field(default_factory=dict)  # client id → its update
    versions: dict[int, object] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    previous: dict[int, dict[str, Any]] = field(default_factory=dict)  # for the undo
    unchanged: int = 0  # clients already exactly as the file says: not written, not audited
    reassigned: int = 0  # updated clients whose manager the file changes

    async def write(
        self,
        uow: Any,
        updates: list[dict[str, Any]],
        inserts: list[dict[str, Any]],
        *,
        import_id: str | None,
    ) -> None:
        """Plain executemany statements (no ORM per row): the write lock is held briefly.

        New clients carry `import_id` (hidden) until the import's last batch is written."""
        session = uow.session
        clients: Any = Client.__table__
        contact_table: Any = Contact.__table__
        audit_table: Any = AuditEntry.__table__
        if updates:
            columns: dict[str, Any] = {k: bindparam(f"v_{k}") for k in updates[0] if k != "id"}
            await session.execute(
                sa_update(clients).where(clients.c.id == bindparam("v_id")).values(columns),
                [{f"v_{k}": v for k, v in row.items()} for row in updates],
            )
        ids = [u["id"] for u in updates if u["id"] in self.replace_contacts]
        for chunk in _chunks(ids):
            # Contacts added from a business card in chat (created_at set) stay; the file's
            # contacts replace the earlier imported ones.
            await session.execute(
                sa_delete(contact_table).where(
                    contact_table.c.client_id.in_(chunk), contact_table.c.created_at.is_(None)
                )
            )
        contacts = [dict(c, client_id=cid) for cid in ids for c in self.replace_contacts[cid]]
        audits = [self.audits[u["id"]] for u in updates if u["id"] in self.audits]
        if inserts:
            await session.execute(
                sa_insert(clients), [dict(r, import_id=import_id) for r in inserts]
            )
            names = [row["name"] for row in inserts]
            for chunk in _chunks(names):
                found = await session.execute(
                    select(clients.c.id, clients.c.name).where(clients.c.name.in_(chunk))
                )
                for client_id, name in found.all():
                    contacts += [dict(c, client_id=client_id) for c in self.insert_contacts[name]]
                    audits.append(
                        self._audit("import_create", client_id, None, self.insert_after[name])
                    )
        if contacts:
            await session.execute(sa_insert(contact_table), contacts)
        if audits:
            await session.execute(sa_insert(audit_table), audits)

    def _audit(
        self, action: str, client_id: int, before: dict[str, Any] | None, after: dict[str, Any]
    ) -> dict[str, Any]:
        return {"actor_id": self.actor_id, "action": action, "entity": "client",
                "entity_id": str(client_id), "before": before, "after": after, "at": self.now}  # fmt: skip


_FIELDS = ("name", "aliases", "search_key", "tier", "credit_rating", "strategy", "industry",
           "region", "address", "latitude", "longitude", "owner_id", "notes", "last_visit_on",
           "recorded_visit_on")  # fmt: skip


# A big file parsed in the worker: (token, filename, data, owners by name) to prepare it there.
_Kept = tuple[str, str, bytes, dict[str, int | None]]


class _Head(NamedTuple):
    """What the event loop needs of a parsed row whose whole stays in the worker process."""

    line: int
    name: str
    owner_telegram_id: int


# In the worker process: the rows of the files parsed last, by token, until they are prepared.
_KEPT: dict[str, list[ClientRow]] = {}


def _parse_and_keep(
    filename: str, data: bytes, owners: dict[str, int | None]
) -> tuple[str, list[tuple[int, str, int]], list[RowError]]:
    """Parse in the worker and keep the rows there; send back only what planning reads."""
    rows, errors = parse_client_file(filename, data, owners=owners)
    token = uuid.uuid4().hex
    if not errors:
        while len(_KEPT) >= 2:  # two imports at once at most are worth keeping
            del _KEPT[next(iter(_KEPT))]
        _KEPT[token] = rows
    return token, [(r.line, r.name, r.owner_telegram_id) for r in rows], errors


def _prepare_kept(
    token: str, filename: str, data: bytes, owners: dict[str, int | None], actor_id: int | None,
    existing: dict[str, dict[str, Any]], owner_of: dict[int, int], now: datetime,
) -> _ImportPlan:  # fmt: skip
    """`_prepare` on rows kept by `_parse_and_keep` (parsed again if this worker lost them)."""
    rows = _KEPT.pop(token, None)  # a second try (clients changed meanwhile) parses again
    if rows is None:
        rows = parse_client_file(filename, data, owners=owners)[0]
    return _prepare(actor_id, rows, existing, owner_of, now)


def _prepare(
    actor_id: int | None, rows: list[ClientRow], existing: dict[str, dict[str, Any]],
    owner_of: dict[int, int], now: datetime,
) -> _ImportPlan:  # fmt: skip
    """What each row changes: the CPU-heavy part (search keys, snapshots), in a worker process."""
    plan = _ImportPlan(actor_id, now)
    blank = dict.fromkeys(_FIELDS)
    for row in rows:
        current = existing.get(row.name)
        # Plain values, merged: the same rules as on a stored client (_apply_row).
        fields = {k: v for k, v in (current or {}).items() if k != "_contacts"}
        client = SimpleNamespace(**(fields or dict(blank, name=row.name, aliases=[])))
        before = client_snapshot(client) if current is not None else None
        _apply_row(client, row, owner_of[row.owner_telegram_id])
        client.search_key = search_key(client.name, tuple(client.aliases or ()))
        values = {attr: getattr(client, attr) for attr in _FIELDS}
        values["aliases"] = list(values["aliases"] or [])
        contacts = [
            {"name": c.name, "title": c.title, "phone": c.phone, "decision_maker": c.decision_maker}
            for c in row.contacts
        ]
        after = client_snapshot(client)
        if current is None:
            plan.inserts.append(dict(values, created_at=now, updated_at=now))
            plan.insert_contacts[row.name] = contacts
            plan.insert_after[row.name] = after
            continue
        same_contacts = not row.contacts or current["_contacts"] == [
            (c.name, c.title, c.phone, bool(c.decision_maker)) for c in row.contacts
        ]
        if before == after and same_contacts:
            plan.unchanged += 1
            continue  # nothing to write, nothing to audit
        plan.updates.append(dict(values, id=current["id"], updated_at=now))
        if values["owner_id"] != current.get("owner_id"):
            plan.reassigned += 1
        if contacts and not same_contacts:
            plan.replace_contacts[current["id"]] = contacts
        if before != after:
            plan.audits[current["id"]] = plan._audit("import_update", current["id"], before, after)
    return plan
