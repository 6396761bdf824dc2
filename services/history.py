"""A record's change history read from the audit log: who changed a visit, a complaint or a
client, when, and each field from what to what, with ids turned into the names they stand for."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import null, select

from knowledge.normal_form import fold_keeping_length
from services.access import visible_clients
from services.domain import Actor
from services.matching import english_name
from services.storage.models import AuditEntry, Client, Complaint, Contact, User, Visit
from services.storage.uow import Database
from services.visits.parser import asks_something

# The newest entries of one record read at most (a client imported daily for years).
MOST_ENTRIES = 500


class Record(enum.StrEnum):
    """What a history is of; the value is the audit log's `entity`."""

    CLIENT = "client"
    VISIT = "visit"
    COMPLAINT = "complaint"


class Shown(enum.StrEnum):
    """How a stored value is shown: the renderer turns each into words of the reader's language."""

    TEXT = "text"  # as stored (a description, a name typed)
    LABEL = "label"  # a stored code with a label (`group` names the label group)
    CLIENT = "client"  # a client the reader may see, by its name
    HIDDEN_CLIENT = "hidden_client"  # a client the reader may not see: not named
    USER = "user"  # a user, by name
    INSTANT = "instant"  # a moment, shown in the reader's time zone
    DAY = "day"  # a calendar day
    SCORE = "score"  # a follow-up's satisfaction score (1-5)
    FLAG = "flag"  # yes / no
    NONE = "none"  # empty


@dataclass(frozen=True, slots=True)
class Value:
    shown: Shown
    text: str = ""
    group: str = ""
    english: str | None = None  # a client's English name
    at: datetime | None = None
    day: date | None = None
    items: tuple[tuple[str, str | None], ...] = ()  # a list: names, or people with their titles


@dataclass(frozen=True, slots=True)
class Change:
    """One field: `before` None when the entry sets it without saying what it was (a new record)."""

    field: str
    before: Value | None
    after: Value | None


@dataclass(frozen=True, slots=True)
class Entry:
    at: datetime
    who: str | None  # None: no user (an import run from the command line)
    action: str
    changes: tuple[Change, ...]
    contact: str | None = None  # a client's history: the contact the entry changed, by name


@dataclass(frozen=True, slots=True)
class History:
    record: Record
    record_id: int
    client_name: str
    client_en: str | None
    day: date | None  # a visit's day
    entries: tuple[Entry, ...]  # the newest first


# The fields each record's audit snapshots hold that a user reads, in the order shown, with how
# each is shown. What is left out is bookkeeping (a search key, the cadence's own day).
_FIELDS: dict[Record, tuple[tuple[str, Shown, str], ...]] = {
    Record.COMPLAINT: (
        ("client_id", Shown.CLIENT, ""), ("owner_id", Shown.USER, ""),
        ("category", Shown.LABEL, "category"), ("severity", Shown.LABEL, "severity"),
        ("description", Shown.TEXT, ""), ("received_by", Shown.TEXT, ""),
        ("received_at", Shown.INSTANT, ""), ("first_response_due", Shown.INSTANT, ""),
        ("resolution_due", Shown.INSTANT, ""), ("status", Shown.LABEL, "status"),
        ("resolution", Shown.TEXT, ""), ("satisfaction", Shown.SCORE, ""),
        ("closed_at", Shown.INSTANT, ""),
    ),
    Record.VISIT: (
        ("client_id", Shown.CLIENT, ""), ("visited_on", Shown.DAY, ""),
        ("kind", Shown.LABEL, "kind"), ("people", Shown.TEXT, ""), ("summary", Shown.TEXT, ""),
        ("next_step", Shown.TEXT, ""), ("follow_up_on", Shown.DAY, ""),
        ("deleted", Shown.FLAG, ""),
    ),
    Record.CLIENT: (
        ("name", Shown.TEXT, ""), ("aliases", Shown.TEXT, ""), ("owner_id", Shown.USER, ""),
        ("tier", Shown.LABEL, "tier"), ("credit_rating", Shown.LABEL, "rating"),
        ("strategy", Shown.LABEL, "strategy"), ("industry", Shown.TEXT, ""),
        ("region", Shown.TEXT, ""), ("address", Shown.TEXT, ""), ("latitude", Shown.TEXT, ""),
        ("longitude", Shown.TEXT, ""), ("notes", Shown.TEXT, ""),
    ),
}  # fmt: skip
# A contact's fields, as a business card gives them (services.contacts).
_CONTACT_FIELDS = tuple(
    (name, Shown.TEXT, "")
    for name in ("name", "title", "mobile", "phone", "email", "company", "address")
)


class HistoryService:
    """Reads the audit log for the records the reader may see (the same rule as the records
    themselves: a manager's own clients', a supervisor's team's, an admin's all)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def of(self, actor: Actor, record: Record, record_id: int) -> History | None:
        """The record's history, newest first; None when there is no such record or the actor
        may not see it (checked here, for every request: a button's id is only a request)."""
        async with self._db.read() as session:
            # The record's client, through which access is decided; a visit's day. A deleted
            # visit keeps its history: who deleted it is a question asked.
            query: Any
            if record is Record.COMPLAINT:
                query = (
                    select(Client.name, Client.aliases, null())
                    .join(Complaint, Complaint.client_id == Client.id)
                    .where(Complaint.id == record_id)
                )
            elif record is Record.VISIT:
                query = (
                    select(Client.name, Client.aliases, Visit.visited_on)
                    .join(Visit, Visit.client_id == Client.id)
                    .where(Visit.id == record_id)
                )
            else:
                query = select(Client.name, Client.aliases, null()).where(Client.id == record_id)
            found = (await session.execute(query.where(visible_clients(actor)))).one_or_none()
            if found is None:
                return None
            rows = list(
                (
                    await session.execute(
                        select(AuditEntry)
                        .where(AuditEntry.entity == record.value,
                               AuditEntry.entity_id == str(record_id))
                        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                        .limit(MOST_ENTRIES)
                    )
                ).scalars()
            )  # fmt: skip
            contacts: dict[str, str] = {}
            if record is Record.CLIENT:
                # A client's file holds its contacts: a card's contact added or updated is part
                # of its history, named.
                contacts = {
                    str(cid): name
                    for cid, name in (
                        await session.execute(
                            select(Contact.id, Contact.name).where(Contact.client_id == record_id)
                        )
                    ).all()
                }
                if contacts:
                    rows += (
                        await session.execute(
                            select(AuditEntry)
                            .where(AuditEntry.entity == "contact",
                                   AuditEntry.entity_id.in_(list(contacts)))
                            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                            .limit(MOST_ENTRIES)
                        )
                    ).scalars().all()  # fmt: skip
                    rows.sort(key=lambda row: (row.at, row.id), reverse=True)
                    del rows[MOST_ENTRIES:]
            fields = _FIELDS[record]
            users = await _names(session, User, _ids(rows, fields, Shown.USER, actors=True))
            client_ids = _ids(rows, fields, Shown.CLIENT)
            clients = await _clients(session, client_ids)
            visible = set(
                (
                    await session.execute(
                        select(Client.id).where(Client.id.in_(client_ids), visible_clients(actor))
                    )
                ).scalars()
            )
        lookup = _Lookup(users, clients, visible)
        entries = tuple(
            Entry(
                at=row.at,
                who=users.get(row.actor_id) if row.actor_id is not None else None,
                action=row.action,
                changes=(
                    _changes(row, _CONTACT_FIELDS, lookup, prefix="contact.")
                    if row.entity == "contact"
                    else _changes(row, fields, lookup)
                ),
                contact=contacts.get(row.entity_id or "") if row.entity == "contact" else None,
            )
            for row in rows
        )
        return History(record, record_id, found[0], english_name(list(found[1] or [])),
                       found[2], entries)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Lookup:
    users: Mapping[int, str]
    clients: Mapping[int, tuple[str, str | None]]
    visible: set[int]

    def value(self, shown: Shown, group: str, raw: Any) -> Value:
        if raw is None or raw == "" or raw == []:
            return Value(Shown.NONE)
        if shown is Shown.CLIENT:
            cid = _int(raw)
            if cid is None or cid not in self.visible or cid not in self.clients:
                return Value(Shown.HIDDEN_CLIENT)
            name, english = self.clients[cid]
            return Value(Shown.CLIENT, name, english=english)
        if shown is Shown.USER:
            uid = _int(raw)
            user = self.users.get(uid) if uid is not None else None
            return Value(Shown.USER, user) if user else Value(Shown.NONE)
        if shown is Shown.INSTANT:
            return Value(Shown.INSTANT, at=datetime.fromisoformat(str(raw)))
        if shown is Shown.DAY:
            return Value(Shown.DAY, day=date.fromisoformat(str(raw)[:10]))
        if shown is Shown.LABEL:
            return Value(Shown.LABEL, str(raw), group=group)
        if shown is Shown.SCORE:
            return Value(Shown.SCORE, str(raw))
        if shown is Shown.FLAG:
            return Value(Shown.FLAG, "yes" if raw else "no")
        if isinstance(raw, list):  # aliases; a visit's people ({"name", "title"})
            return Value(Shown.TEXT, items=tuple(_person(p) for p in raw))
        return Value(Shown.TEXT, str(raw))


def _person(item: Any) -> tuple[str, str | None]:
    if isinstance(item, Mapping):
        title = item.get("title")
        return str(item.get("name") or ""), str(title) if title else None
    return str(item), None


def _changes(row: AuditEntry, fields: Iterable[tuple[str, Shown, str]], lookup: _Lookup,
             prefix: str = "") -> tuple[Change, ...]:  # fmt: skip
    """A new record: what it was written with; a deleted one: nothing more; any other entry:
    the fields whose value differs before and after (a field the entry's `before` does not hold
    is shown with its new value alone)."""
    before, after = row.before or {}, row.after or {}
    if row.action == "delete" or not after:
        return ()
    out = []
    for name, shown, group in fields:
        if name not in after:
            continue
        new = after[name]
        if prefix and new is None:
            continue  # a card that does not print a field leaves the contact's as it was
        if row.before is None or name not in before:
            if new is None or new == "" or new == [] or (name == "deleted" and not new):
                continue
            out.append(Change(prefix + name, None, lookup.value(shown, group, new)))
        elif before[name] != new:
            was = lookup.value(shown, group, before[name])
            out.append(Change(prefix + name, was, lookup.value(shown, group, new)))
    return tuple(out)


def _int(raw: Any) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def _ids(
    rows: Iterable[AuditEntry], fields: Iterable[tuple[str, Shown, str]], kind: Shown,
    *, actors: bool = False,
) -> set[int]:  # fmt: skip
    names = [name for name, shown, _ in fields if shown is kind]
    found: set[int] = set()
    for row in rows:
        if actors and row.actor_id is not None:
            found.add(row.actor_id)
        for snap in (row.before or {}, row.after or {}):
            for name in names:
                if (value := _int(snap.get(name))) is not None:
                    found.add(value)
    return found


async def _names(session: Any, model: type[User], ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = await session.execute(select(model.id, model.name).where(model.id.in_(ids)))
    return {uid: name for uid, name in rows.all()}


async def _clients(session: Any, ids: set[int]) -> dict[int, tuple[str, str | None]]:
    if not ids:
        return {}
    rows = await session.execute(
        select(Client.id, Client.name, Client.aliases).where(Client.id.in_(ids))
    )
    return {cid: (name, english_name(list(aliases or []))) for cid, name, aliases in rows.all()}


@dataclass(frozen=True, slots=True)
class HistoryAsk:
    """A change history asked for in words: of which kind of record, and its number if told;
    `named` False when no kind was said either ("这个谁改过？": a client's unless it replies
    to a card, then the card's record)."""

    record: Record
    number: int | None
    named: bool = True


@dataclass(frozen=True, slots=True)
class RecordRef:
    """The record a message is about without naming it: the card it replies to."""

    record: Record
    id: int


# "这个客户…", "这家…", "他们…", "this client", "their…": the one the replied card shows.
_THIS_ONE = re.compile(
    r"这(?:个|位|一)?(?:客户|单位|公司)|这家|该客户|他们|他家|对方|"
    r"\bthis\s+(?:client|customer|account|company)\b|\b(?:they|them|their)\b",
    re.IGNORECASE,
)


def about_this_one(text: str) -> bool:
    """Whether a question asks about "this one" without naming it ("这个客户信用怎么样？",
    "who is their contact?"): sent as a reply to a card, it asks about the card's record."""
    text = fold_keeping_length(text)  # "這個客戶信用怎麼樣？" too
    return len(text) <= 200 and bool(_THIS_ONE.search(text)) and asks_something(text)


def history_of_replied(asked: HistoryAsk, replied: RecordRef | None) -> HistoryAsk | None:
    """ "这条投诉谁改过？" sent as a reply to a complaint's card: that complaint's history (as
    "12号投诉谁改过？"); None when the question numbers its record, names another kind than the
    card's, or replies to no card."""
    if replied is None or asked.number is not None:
        return None
    if asked.named and asked.record is not replied.record:
        return None
    return HistoryAsk(replied.record, replied.id)


# "这条投诉谁改过？", "华能的客户档案谁动过", "who changed complaint #12?"
_WHO_RE = re.compile(
    r"谁(?:改|修改|更改|改动|动|编辑)(?:过|了)|"
    r"\bwho\s+(?:has\s+)?(?:changed|edited|modified|updated|altered)\b",
    re.IGNORECASE,
)
# "12号投诉的修改记录", "change history of visit 5": only with the record's number ("讨论了合同
# 修改记录" is no question about the log).
_LOG_RE = re.compile(
    r"修改(?:记录|历史|过程)|改动(?:记录|历史)|变更(?:记录|历史)|"
    r"\b(?:change|edit|audit|modification)\s+(?:history|log|trail|record)s?\b",
    re.IGNORECASE,
)
_VISIT_RE = re.compile(r"走访|拜访|走訪|拜訪|\bvisits?\b", re.IGNORECASE)
_COMPLAINT_RE = re.compile(r"投诉|工单|投訴|工單|\b(?:complaints?|tickets?)\b", re.IGNORECASE)
_CLIENT_RE = re.compile(r"客户|档案|檔案|\b(?:clients?|customers?|accounts?)\b", re.IGNORECASE)
_NUMBER_RE = re.compile(r"(?:#|＃|\bno\.?\s*)(\d{1,10})(?!\d)|(?<!\d)(\d{1,10})\s*号|"
                        r"(?:投诉|工单|投訴|工單|走访|走訪|complaint|ticket|visit)\s*(\d{1,10})(?!\d)",
                        re.IGNORECASE)  # fmt: skip


def history_asked(text: str) -> HistoryAsk | None:
    """Whether a message asks who changed a record, and which: a complaint or a visit by its
    number ("12号投诉谁改过", "who changed ticket #12"), a complaint or visit without one ("这条
    投诉谁改过？": `number` None), else a client (named in the text, found by the caller)."""
    text = fold_keeping_length(text)  # traditional read as simplified: "12號投訴誰改過？"
    if len(text) > 200 or not (_WHO_RE.search(text) or _LOG_RE.search(text)):
        return None
    found = _NUMBER_RE.search(text)
    number = next((int(g) for g in found.groups() if g), None) if found else None
    if number is None and not _WHO_RE.search(text):
        return None
    if _VISIT_RE.search(text):
        return HistoryAsk(Record.VISIT, number)
    if _COMPLAINT_RE.search(text) or number is not None:
        return HistoryAsk(Record.COMPLAINT, number)
    return HistoryAsk(Record.CLIENT, None, named=bool(_CLIENT_RE.search(text)))
