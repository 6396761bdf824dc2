"""Exports of clients, visits and complaints to CSV or XLSX, limited to what the actor may see."""

from __future__ import annotations

import asyncio
import csv
import enum
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import aliased, selectinload

from config.catalog import chinese, text
from knowledge.normal_form import fold_keeping_length
from services.access import visible_clients
from services.clock import Clock, SystemClock
from services.domain import Actor, Language, VisitKind
from services.errors import InvalidInput
from services.labels import label
from services.matching import english_name
from services.policy import counted_label
from services.storage.models import Client, Complaint, User, Visit
from services.storage.uow import Database
from services.summaries.periods import Period, find_period
from services.visits.filed import as_filed, filed_contacts


class ExportKind(enum.StrEnum):
    CLIENTS = "clients"
    VISITS = "visits"
    COMPLAINTS = "complaints"


class ExportFormat(enum.StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


# "导出本月的拜访记录", "把上个月的投诉导出来" (匯出 as Taiwan writes it, as its help says), "export this month's visits as csv": an export
# asked for in words. Only a request: "客户资料可以导出吗？" asks the rules and is left to the
# knowledge base.
_EXPORT_ASKED = re.compile(
    r"^(?:请|麻烦|帮我|给我|我要|我想|我需要)*(?:导出|汇出|下载|导一下|导一份|拉一份|出一份)"
    r"|^(?:请|麻烦|帮我|给我)*把.{0,24}?(?:导出|汇出|下载|导)(?:来|一下|一份|成|为|吧|给我)?"
    r"|^(?:please\s+)?(?:(?:can|could)\s+you\s+)?(?:export|download)\b",
    re.I,
)
_KIND_WORDS: tuple[tuple[ExportKind, re.Pattern[str]], ...] = (
    (ExportKind.COMPLAINTS, re.compile(r"投诉|工单|客诉|complaints?|tickets?", re.I)),
    (ExportKind.VISITS, re.compile(r"拜访|走访|上门|visits?", re.I)),
    (ExportKind.CLIENTS, re.compile(r"客户|clients?|customers?|accounts?", re.I)),
)
_NOT_A_REQUEST = re.compile(r"[吗么？?]\s*$|可以|能否|能不能|是否|怎么|如何|\bhow\b", re.I)


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """An export asked for in words: the kind (None: not said, the user chooses), the period
    (None: everything so far) and the file format."""

    kind: ExportKind | None
    period: Period | None
    fmt: ExportFormat
    # "导出宝钢的走访记录": the records of that one client the user may see (set by the reader
    # of the message, which finds the client; None: all the user's clients).
    client_id: int | None = None
    client_name: str | None = None
    # "导出王磊的走访记录" (a supervisor's): that colleague's records alone, named as they are
    # now; `former_name` the name the words used when it was theirs before a rename.
    person_id: int | None = None
    person_name: str | None = None
    former_name: str | None = None


def export_request(text: str) -> ExportRequest | None:
    # Traditional characters read as simplified: "導出本月的走訪記錄" asks the same file.
    raw = fold_keeping_length(" ".join(text.strip().split()))
    if not raw or len(raw) > 80 or not _EXPORT_ASKED.search(raw):
        return None
    if _NOT_A_REQUEST.search(raw) and not re.match(
        r"^(?:please\s+)?(?:can|could)\s+you\b", raw, re.I
    ):
        return None
    # Visits and complaints are "of clients": the client list is meant only when neither is said.
    kind = next((k for k, pattern in _KIND_WORDS if pattern.search(raw)), None)
    period, _rest = find_period(raw)
    if kind is ExportKind.CLIENTS:
        period = None  # the client list is as of now
    fmt = ExportFormat.CSV if re.search(r"\bcsv\b", raw, re.I) else ExportFormat.XLSX
    return ExportRequest(kind, period, fmt)


# Column headers are part of the file format (they match what `kam clients import` reads back);
# their text is `export.col.<kind>.<column>` in the catalog.
COLUMNS: dict[ExportKind, tuple[str, ...]] = {
    ExportKind.CLIENTS: (
        "name",
        "owner_telegram_id",
        "owner_name",
        "tier",
        "credit_rating",
        "strategy",
        "industry",
        "region",
        "address",
        "latitude",
        "longitude",
        "last_visit_on",
        "contacts_all",
        "aliases",
        "notes",
    ),
    ExportKind.VISITS: (
        "id",
        "client",
        "visited_on",
        "visited_time",
        "kind",
        "author",
        "manager",
        "people_met",
        "summary",
        "next_step",
        "follow_up_on",
        "latitude",
        "longitude",
        "distance_m",
    ),
    ExportKind.COMPLAINTS: (
        "id",
        "client",
        "owner",
        "received_by",
        "recorded_by",
        "category",
        "severity",
        "status",
        "received_at",
        "first_response_due",
        "responded_at",
        "resolution_due",
        "resolved_at",
        "closed_at",
        "resolved_on_time",
        "description",
        "resolution",
        "satisfaction",
    ),
}

# An English reader's file has the client's English name (`matching.english_name`, the name chat
# shows them; blank when it has none, nothing is made up) right after the client's stored name.
# The stored name stays in its column: it is what `kam clients import` matches a client by, and
# what an operator searches the database with.
CLIENT_COLUMN: dict[ExportKind, str] = {
    ExportKind.CLIENTS: "name",
    ExportKind.VISITS: "client",
    ExportKind.COMPLAINTS: "client",
}

Cell = str | int | float | date | None


def columns(kind: ExportKind, language: Language) -> tuple[str, ...]:
    """The columns of an export in a language: `COLUMNS`, plus "client_en" for an English reader."""
    if chinese(language.value):
        return COLUMNS[kind]
    at = COLUMNS[kind].index(CLIENT_COLUMN[kind]) + 1
    return (*COLUMNS[kind][:at], "client_en", *COLUMNS[kind][at:])


def _cell_label(lang: str, group: str, value: str | None) -> str | None:
    """A stored value's chat label in a cell: in English with a capital, as a cell starts
    ("High", "Awaiting response" beside "Billing"); Chinese labels as they are."""
    shown = label(lang, group, value)
    if shown is None or chinese(lang):
        return shown
    return shown[:1].upper() + shown[1:]


def _status_cell(lang: str, ticket: Complaint) -> str | None:
    """A ticket's status as chat words it: one a low follow-up score reopened, not yet resolved
    again, is "已重新打开（回访 2 分）", not "已响应" (bot.handlers.complaints has the same rule)."""
    if ticket.reopened and ticket.status in ("open", "responded"):
        return text(lang, "complaint.status_reopened", score=ticket.satisfaction or "")
    return _cell_label(lang, "status", ticket.status)


def _with_english(
    row: list[Cell], kind: ExportKind, aliases: Sequence[str] | None, lang: str
) -> list[Cell]:
    """A row of `COLUMNS[kind]` as `columns` has it: the English name after the client's."""
    if chinese(lang):
        return row
    at = COLUMNS[kind].index(CLIENT_COLUMN[kind]) + 1
    return [*row[:at], english_name(aliases or ()), *row[at:]]


class ExportService:
    """Spreadsheets of what the actor may see; times are written in the actor's time zone."""

    def __init__(
        self,
        db: Database,
        clock: Clock | None = None,
        *,
        timezone: str = "Asia/Shanghai",
        counting_kinds: Iterable[str] = (VisitKind.ON_SITE.value,),
    ) -> None:
        self._db = db
        self._clock = clock or SystemClock()
        self._timezone = timezone
        # A client file's last visit is the day its cadence counts from: its header says which
        # visits those are (a video call after it must not read as the last visit).
        self._counted = counted_label(counting_kinds)

    async def rows(
        self,
        actor: Actor | None,
        kind: ExportKind,
        language: Language,
        *,
        period: Period | None = None,
        today: date | None = None,
        client_id: int | None = None,
        person_id: int | None = None,
    ) -> list[list[Cell]]:
        """Header row first; `actor` None (the command line) exports everything.

        `period` limits visits to those made in it and complaints to those received in it
        (client files have no period); `today` defaults to the clock's day in the zone;
        `client_id` keeps one client's rows (still only if the actor may see it); `person_id`
        one person's: the visits they made (as a summary counts them), the clients they own, the
        complaints they are responsible for.
        """
        headers: list[Cell] = [
            text(language.value, "export.col.client_en")
            if column == "client_en"
            else text(language.value, f"export.col.{kind.value}.{column}", counted=self._counted)
            for column in columns(kind, language)
        ]
        only: list[ColumnElement[bool]] = [Client.id == client_id] if client_id is not None else []
        if person_id is not None:
            only.append({
                ExportKind.CLIENTS: Client.owner_id == person_id,
                ExportKind.VISITS: Visit.author_id == person_id,
                ExportKind.COMPLAINTS: Complaint.owner_id == person_id,
            }[kind])  # fmt: skip
        if kind is ExportKind.CLIENTS:
            return [headers, *await self._client_rows(actor, language, only)]
        zone = ZoneInfo(actor.timezone if actor is not None else self._timezone)
        days = None
        if period is not None:
            days = period.bounds(today or self._clock.now().astimezone(zone).date())
        if kind is ExportKind.VISITS:
            return [headers, *await self._visit_rows(actor, language, days, only)]
        return [headers, *await self._complaint_rows(actor, language, zone, days, only)]

    async def _visit_rows(
        self,
        actor: Actor | None,
        language: Language,
        days: tuple[date, date] | None,
        only: Sequence[ColumnElement[bool]],
    ) -> list[list[Cell]]:
        author, owner = aliased(User), aliased(User)
        where: list[ColumnElement[bool]] = [Visit.deleted_at.is_(None), *only]
        if actor is not None:
            where.append(visible_clients(actor))
        if days is not None:
            where += [Visit.visited_on >= days[0], Visit.visited_on <= days[1]]
        stmt = (
            select(Visit, Client.name, Client.aliases, author.name, owner.name)
            .join(Client, Client.id == Visit.client_id)
            .join(author, author.id == Visit.author_id)
            .join(owner, owner.id == Client.owner_id)
            .where(*where)
            .order_by(Visit.visited_on, Client.name, Visit.id)
        )
        lang = language.value
        out: list[list[Cell]] = []
        async with self._db.read() as session:
            rows = (await session.execute(stmt)).all()
            filed = await filed_contacts(session, {row[0].client_id for row in rows})
            for v, client, aliases, author_name, owner_name in rows:
                # as the chat shows them: the filed contact a surname and title named, and
                # no title the name already says (王总经理, not 王总经理 总经理)
                met = as_filed(((p.get("name") or "", p.get("title")) for p in v.people or []),
                               filed.get(v.client_id, []))  # fmt: skip
                people = "; ".join(
                    name if not title or name.endswith(title) else f"{name} {title}".strip()
                    for name, title in met
                )
                distance = round(v.distance_m) if v.distance_m is not None else None
                out.append(_with_english([
                    v.id, client, v.visited_on, _cell_label(lang, "time", v.visited_time),
                    _cell_label(lang, "kind", v.kind), author_name, owner_name, people, v.summary,
                    v.next_step, v.follow_up_on, v.latitude, v.longitude, distance,
                ], ExportKind.VISITS, aliases, lang))  # fmt: skip
        return out

    async def _complaint_rows(
        self,
        actor: Actor | None,
        language: Language,
        zone: ZoneInfo,
        days: tuple[date, date] | None,
        only: Sequence[ColumnElement[bool]],
    ) -> list[list[Cell]]:
        where: list[ColumnElement[bool]] = [*only]
        if actor is not None:
            where.append(visible_clients(actor))
        if days is not None:
            start = datetime.combine(days[0], time(0), zone)
            end = datetime.combine(days[1] + timedelta(days=1), time(0), zone)
            where += [Complaint.received_at >= start, Complaint.received_at < end]
        owner, recorder = aliased(User), aliased(User)
        stmt = (
            select(Complaint, Client.name, Client.aliases, owner.name, recorder.name)
            .join(Client, Client.id == Complaint.client_id)
            .join(owner, owner.id == Complaint.owner_id)
            .join(recorder, recorder.id == Complaint.recorded_by_id)
            .where(*where)
            .order_by(Complaint.received_at, Complaint.id)
        )
        lang = language.value

        def at(value: datetime | None) -> datetime | None:
            # Spreadsheets have no time zones: write the wall-clock time where the user is, to the
            # minute as chat shows it (a deadline at 23:59:59.999 would round up to the next day).
            if value is None:
                return None
            return value.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)

        out: list[list[Cell]] = []
        now = self._clock.now()
        async with self._db.read() as session:
            for c, client, aliases, owner_name, recorder_name in await session.execute(stmt):
                on_time = None
                if c.resolved_at is not None:
                    on_time = _cell_label(
                        lang, "yesno", "yes" if c.resolved_at <= c.resolution_due else "no"
                    )
                elif c.resolution_due < now:
                    # still open past its deadline: it can no longer be resolved on time (the
                    # cell was blank, as for a ticket with time left)
                    on_time = _cell_label(lang, "yesno", "late")
                out.append(_with_english([
                    c.id, client, owner_name, c.received_by, recorder_name,
                    _cell_label(lang, "category", c.category),
                    _cell_label(lang, "severity", c.severity),
                    _status_cell(lang, c), at(c.received_at),
                    at(c.first_response_due), at(c.responded_at), at(c.resolution_due),
                    at(c.resolved_at), at(c.closed_at), on_time, c.description, c.resolution,
                    c.satisfaction,
                ], ExportKind.COMPLAINTS, aliases, lang))  # fmt: skip
        return out

    async def _client_rows(
        self, actor: Actor | None, language: Language, only: Sequence[ColumnElement[bool]] = ()
    ) -> list[list[Cell]]:
        stmt = (
            select(Client)
            .options(selectinload(Client.owner), selectinload(Client.contacts))
            .where(*only)
            .order_by(Client.name)
        )
        stmt = stmt.where(visible_clients(actor) if actor else Client.import_id.is_(None))
        out: list[list[Cell]] = []
        lang = language.value
        async with self._db.read() as session:
            for c in (await session.execute(stmt)).scalars():
                decides = text(lang, "export.decision_maker")
                contacts = "; ".join(
                    " ".join(p for p in (ct.name, ct.title or "", ct.phone or "",
                                         f"({decides})" if ct.decision_maker else "") if p)
                    for ct in c.contacts
                )  # fmt: skip
                out.append(_with_english([
                    c.name, c.owner.telegram_id, c.owner.name, _cell_label(lang, "tier", c.tier),
                    _cell_label(lang, "rating", c.credit_rating),
                    _cell_label(lang, "strategy", c.strategy), c.industry, c.region, c.address,
                    c.latitude, c.longitude, c.last_visit_on, contacts, "; ".join(c.aliases or ()),
                    c.notes,
                ], ExportKind.CLIENTS, c.aliases, lang))  # fmt: skip
        return out

    async def client_name(self, actor: Actor, client_id: int) -> str | None:
        """The name of a client the actor may see (an export button's client); None otherwise."""
        async with self._db.read() as session:
            return (
                await session.execute(
                    select(Client.name).where(Client.id == client_id, visible_clients(actor))
                )
            ).scalar_one_or_none()

    async def export(
        self,
        actor: Actor | None,
        kind: ExportKind,
        fmt: ExportFormat,
        language: Language,
        *,
        period: Period | None = None,
    ) -> bytes:
        rows = await self.rows(actor, kind, language, period=period)
        return await self.render(rows, kind, fmt)

    async def render(self, rows: list[list[Cell]], kind: ExportKind, fmt: ExportFormat) -> bytes:
        # Writing a large spreadsheet takes seconds: keep the event loop free meanwhile.
        if fmt is ExportFormat.CSV:
            return await asyncio.to_thread(to_csv, rows)
        if fmt is ExportFormat.XLSX:
            return await asyncio.to_thread(to_xlsx, rows, sheet=kind.value)
        raise InvalidInput("error.export_format")


def _safe(value: Cell) -> Cell:
    # Spreadsheet apps run cells starting with = + - @ as formulas; defuse text that could.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _text(value: Cell) -> Cell:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def to_csv(rows: Sequence[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if v is None else _safe(_text(v)) for v in row])
    # BOM so that Excel on Chinese Windows opens UTF-8 Chinese text correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


MAX_WIDTH = 80  # characters; longer text wraps inside its cell rather than being cut off


def display_width(value: Cell) -> int:
    """Columns a value needs on screen: Chinese characters take two."""
    text = _text(value)
    if text is None:
        return 0
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def to_xlsx(rows: Sequence[Sequence[Cell]], *, sheet: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet[:31]
    for row in rows:
        ws.append([_safe(v) for v in row])
    if rows:
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions  # a filter button on every header
        wrap = Alignment(wrap_text=True, vertical="top")
        for idx, header in enumerate(rows[0], start=1):
            letter = ws.cell(row=1, column=idx).column_letter
            width = max(display_width(r[idx - 1]) for r in rows[:500])
            # Room for the filter button beside the header.
            ws.column_dimensions[letter].width = min(max(width, display_width(header) + 4) + 2,
                                                     MAX_WIDTH)  # fmt: skip
            if width > MAX_WIDTH:
                for cell in ws[letter][1:]:
                    cell.alignment = wrap
        for row_cells in ws.iter_rows(min_row=2):
            for cell in row_cells:
                if isinstance(cell.value, datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
