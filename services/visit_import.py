"""Importing visit history from a spreadsheet (CSV/XLSX, Chinese or English headers), all or nothing.

Companies move to the bot from spreadsheets: each row is a past visit (client, date, kind, who
made it, people met, summary, next step). The file is read with the client importer's machinery
(encodings, delimiters, title rows above the header, Excel date cells); errors name the line and
the file's own header. A re-import of the same rows adds nothing: each row has a stable key.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import re
import unicodedata
from collections.abc import Awaitable, Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import PurePath
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select

from services.access import visible_clients
from services.cadence_sql import refresh_last_visits
from services.client_import import (
    _CSV_EXTENSIONS,
    _XLSX_EXTENSIONS,
    _ZIP_MAGIC,
    Cell,
    RowError,
    _csv_lines,
    _date,
    _header_key,
    _Refused,
    _text,
    _Unreadable,
    _xlsx_lines,
)
from services.clock import Clock
from services.domain import Actor, Role, VisitKind
from services.errors import AccessDenied, ImportCancelled
from services.storage.models import Client, User, Visit
from services.storage.uow import Database, uninterrupted
from services.visits.people import parse_people

# Error codes beyond the client importer's (required, bad_date, missing_column, empty_file,
# unsupported_type, unreadable, too_many_rows), for the message catalog.
VISIT_ERROR_CODES: tuple[str, ...] = (
    "unknown_client",  # no client has this name or alias
    "bad_kind",  # not on site / phone / video
    "unknown_author",  # no user has this Telegram id or name
    "ambiguous_author",  # several users have this name: use the Telegram id
    "future_date",  # a visit cannot have happened after today
    "duplicate_row",  # the same visit twice in the file; value = the earlier line
)

# Canonical column → the headers that mean it (compared like the client importer's headers).
VISIT_HEADERS: dict[str, tuple[str, ...]] = {
    "client": (
        "client", "clientname", "customer", "customername", "company", "account", "name",
        "客户名称", "客户", "客户名", "客户全称", "单位名称", "企业名称", "公司名称",
    ),
    "visited_on": (
        "date", "visitdate", "visitedon", "visited", "走访日期", "拜访日期", "日期", "走访时间",
        "拜访时间", "时间",
    ),
    "kind": (
        "kind", "type", "visittype", "method", "channel", "mode", "方式", "走访方式", "拜访方式",
        "类型", "走访类型", "形式",
    ),
    "author": (
        "by", "author", "visitedby", "madeby", "visitor", "manager", "who", "走访人", "拜访人",
        "记录人", "客户经理", "走访人员", "经办人",
    ),
    "people": (
        "people", "peoplemet", "met", "attendees", "contacts", "会见人员", "会见人", "接待人",
        "见面人员", "对方人员", "拜访对象", "走访对象", "联系人",
    ),
    "summary": (
        "summary", "notes", "discussion", "content", "details", "走访内容", "拜访内容", "内容",
        "摘要", "纪要", "沟通内容", "情况", "备注",
    ),
    "next_step": ("nextstep", "nextsteps", "next", "followup", "下一步", "后续工作", "后续安排",
                  "下一步计划", "待办"),
    "follow_up_on": ("followupon", "followupdate", "跟进日期", "回访日期", "下次跟进日期"),
}  # fmt: skip
REQUIRED = ("client", "visited_on", "author", "summary")
# Column names shown when a column is missing: in the language of the file's other headers.
_DISPLAY = {
    "client": ("客户名称", "client"),
    "visited_on": ("走访日期", "date"),
    "author": ("走访人", "by"),
    "summary": ("走访内容", "summary"),
}
_INDEX: dict[str, str] = {
    _header_key(spelling): column
    for column, spellings in VISIT_HEADERS.items()
    for spelling in (column, *spellings)
}
_KIND_WORDS: dict[VisitKind, tuple[str, ...]] = {
    VisitKind.ON_SITE: ("on_site", "onsite", "on site", "site", "visit", "in person", "上门",
                        "现场", "拜访", "走访", "上门走访", "现场拜访", "面访", "当面"),
    VisitKind.PHONE: ("phone", "call", "phone call", "telephone", "电话", "电话沟通", "电话回访",
                      "致电"),
    VisitKind.VIDEO: ("video", "video call", "online", "meeting online", "视频", "视频会议", "视讯",
                      "线上", "在线会议", "腾讯会议"),
}  # fmt: skip
_KINDS = {_header_key(word): kind for kind, words in _KIND_WORDS.items() for word in (kind, *words)}
_HEADER_SEARCH_ROWS = 5
_SUMMARY_LIMIT = 4000
# On SQLite a transaction locks the whole database: a large file is written this many visits at
# a time, so another user's save waits for one batch, not the whole import.
IMPORT_BATCH = 250
log = logging.getLogger("kam.visit_import")
R = TypeVar("R")
CpuBound = Callable[..., Awaitable[Any]]
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True, slots=True)
class VisitRow:
    """One past visit as written in the file; names are resolved against the database later."""

    line: int
    client: str
    visited_on: date
    kind: VisitKind
    author: str
    people: tuple[tuple[str, str | None], ...]
    summary: str
    next_step: str | None
    follow_up_on: date | None


@dataclass(frozen=True, slots=True)
class VisitImportResult:
    created: int = 0
    unchanged: int = 0  # rows already imported before
    clients: int = 0  # clients whose visits were added
    errors: tuple[RowError, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.errors


def is_visit_file(filename: str, data: bytes) -> bool:
    """Whether a spreadsheet's header names visit columns (a visit date and a summary)."""
    try:
        lines = _lines(filename, data)
        if lines is None:
            return False
        with contextlib.closing(lines):
            for number, (_, cells) in enumerate(lines):
                keys = {_header_key(_text(c)) for c in cells}
                columns = {_INDEX[k] for k in keys if k in _INDEX}
                # A client file's 最近走访日期/last_visit_on is not a visit date column.
                if {"visited_on", "summary"} <= columns:
                    return True
                if number >= _HEADER_SEARCH_ROWS:
                    return False
    except (_Unreadable, _Refused):
        return False
    return False


def _lines(filename: str, data: bytes) -> Generator[tuple[int, list[Cell]], None, None] | None:
    extension = PurePath(filename).suffix.lower()
    if data.startswith(_ZIP_MAGIC):
        return _xlsx_lines(data)
    if extension in _CSV_EXTENSIONS:
        return _csv_lines(data)
    return None


def parse_visit_file(
    filename: str, data: bytes, *, max_rows: int = 50000
) -> tuple[list[VisitRow], list[RowError]]:
    """Every visit in the file; any error means nothing should be imported.

    `RowError.column` is the header as the file writes it, so a message points at its column.
    """
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        return [], [RowError(0, None, "empty_file", "")]
    extension = PurePath(filename).suffix.lower()
    if not data.startswith(_ZIP_MAGIC) and extension in _XLSX_EXTENSIONS:
        return [], [RowError(0, None, "unreadable", "")]
    lines = _lines(filename, data)
    if lines is None:
        return [], [RowError(0, None, "unsupported_type", extension)]
    try:
        with contextlib.closing(lines):
            return _read(lines, max_rows)
    except _Unreadable as exc:
        return [], [RowError(exc.line, None, "unreadable", "")]
    except _Refused as exc:
        return [], [exc.error]


def _read(
    lines: Iterator[tuple[int, list[Cell]]], max_rows: int
) -> tuple[list[VisitRow], list[RowError]]:
    header: dict[str, int] | None = None
    names: dict[str, str] = {}  # canonical column → the file's header text
    first_missing: list[RowError] = []
    seen = 0
    rows: list[VisitRow] = []
    errors: list[RowError] = []
    keys: dict[tuple[object, ...], int] = {}
    for line, cells in lines:
        if all(_text(c) == "" for c in cells):
            continue
        if header is None:
            found: dict[str, int] = {}
            for index, cell in enumerate(cells):
                column = _INDEX.get(_header_key(_text(cell)))
                if column is not None and column not in found:
                    found[column] = index
                    names[column] = _text(cell)
            missing = [c for c in REQUIRED if c not in found]
            if not missing:
                header = found
                continue
            chinese = any(_CJK.search(_text(c)) for c in cells)
            first_missing = first_missing or [
                RowError(line, None, "missing_column", _DISPLAY[c][0 if chinese else 1])
                for c in missing
            ]
            names.clear()
            seen += 1
            if seen >= _HEADER_SEARCH_ROWS:
                return [], first_missing
            continue
        if len(rows) + len(errors) >= max_rows:
            return [], [RowError(line, None, "too_many_rows", str(max_rows))]
        row, row_errors = _parse_row(
            line, {c: cells[i] if i < len(cells) else None for c, i in header.items()}, names
        )
        errors += row_errors
        if row is None:
            continue
        key = (row.client, row.visited_on, row.kind, row.author, row.summary)
        if key in keys:
            errors.append(RowError(line, None, "duplicate_row", str(keys[key])))
            continue
        keys[key] = line
        rows.append(row)
    if header is None:
        return [], first_missing or [RowError(0, None, "empty_file", "")]
    if not rows and not errors:
        return [], [RowError(0, None, "empty_file", "")]
    return rows, errors


def _parse_row(
    line: int, cells: dict[str, Cell], names: dict[str, str]
) -> tuple[VisitRow | None, list[RowError]]:
    errors: list[RowError] = []

    def fail(column: str, code: str) -> None:
        errors.append(RowError(line, names.get(column, column), code, _text(cells.get(column))))

    def text(column: str) -> str:
        return " ".join(_text(cells.get(column)).split())

    for column in REQUIRED:
        if not text(column):
            fail(column, "required")
    visited_on = _date(cells.get("visited_on")) if text("visited_on") else None
    if text("visited_on") and visited_on is None:
        fail("visited_on", "bad_date")
    kind: VisitKind | None = VisitKind.ON_SITE  # as in chat, a visit is on site unless said
    if text("kind"):
        kind = _KINDS.get(_header_key(unicodedata.normalize("NFKC", text("kind"))))
        if kind is None:
            fail("kind", "bad_kind")
    follow_up: date | None = None
    if text("follow_up_on"):
        follow_up = _date(cells.get("follow_up_on"))
        if follow_up is None:
            fail("follow_up_on", "bad_date")
    if errors or visited_on is None or kind is None:
        return None, errors
    people = tuple((p["name"] or "", p["title"]) for p in parse_people(text("people")))
    summary = _text(cells.get("summary"))[:_SUMMARY_LIMIT]
    return (
        VisitRow(
            line=line,
            client=text("client"),
            visited_on=visited_on,
            kind=kind,
            author=text("author"),
            people=people,
            summary=summary,
            next_step=_text(cells.get("next_step")) or None,
            follow_up_on=follow_up,
        ),
        [],
    )


def visit_key(client_id: int, author_id: int, row: VisitRow) -> str:
    """The imported visit's stable key (stored as its draft id): a re-import finds it."""
    digest = hashlib.sha256(
        "\x1f".join(
            (str(client_id), str(author_id), row.visited_on.isoformat(), row.kind, row.summary)
        ).encode()
    ).hexdigest()
    return f"imp:{digest[:36]}"


class VisitImportService:
    """Writes a parsed visit file: every row resolved first, then all of it in one transaction."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        counting_kinds: frozenset[VisitKind],
        timezone: str,
        cpu_bound: CpuBound | None = None,
    ) -> None:
        # Reading a file is seconds of pure-Python CPU: in a worker process, off the event loop.
        self._cpu_bound = cpu_bound or _in_thread
        self._db = db
        self._clock = clock
        self._counting_kinds = counting_kinds
        self._timezone = timezone

    async def import_file(
        self,
        actor: Actor | None,
        filename: str,
        data: bytes,
        *,
        cancel: asyncio.Event | None = None,
    ) -> VisitImportResult:
        """Import a CSV/XLSX of past visits; `actor` None is the command line (full rights).
        Setting `cancel` stops it before its next batch and takes back what it wrote."""
        if actor is not None and actor.role is not Role.ADMIN:
            raise AccessDenied("error.forbidden")
        rows, errors = await self._cpu_bound(parse_visit_file, filename, data)
        if errors and not rows:
            return VisitImportResult(errors=tuple(errors))
        # The rows that read well are still checked against the database, so that one answer
        # names every bad row.
        names = await self._cpu_bound(_header_names, filename, data)
        return await self.import_rows(actor, rows, names=names, errors=errors, cancel=cancel)

    async def is_visit_file(self, filename: str, data: bytes) -> bool:
        """`is_visit_file`, off the event loop (a workbook's sheet is scanned first)."""
        return await self._cpu_bound(is_visit_file, filename, data)

    async def import_rows(
        self,
        actor: Actor | None,
        rows: Sequence[VisitRow],
        *,
        names: dict[str, str] | None = None,
        errors: Sequence[RowError] = (),
        batch: int | None = None,
        cancel: asyncio.Event | None = None,
    ) -> VisitImportResult:
        """Write the rows, or nothing when any row (or `errors`) is bad.

        Names are resolved outside the write transaction. On SQLite, where a transaction locks
        the whole database, a large file is written in batches of `batch` visits so other users'
        saves go through between them; if a batch fails or the import is cancelled, the visits
        the earlier batches wrote are deleted again (all or nothing). On PostgreSQL it is one
        transaction.
        """
        names = names or {}
        now = self._clock.now()
        zone = ZoneInfo(self._timezone)
        today = now.astimezone(zone).date()
        async with self._db.read() as session:
            client_rows = (
                await session.execute(
                    select(Client.id, Client.name, Client.aliases).where(
                        visible_clients(actor) if actor is not None else Client.import_id.is_(None)
                    )
                )
            ).all()
            users = (await session.execute(select(User.id, User.telegram_id, User.name))).all()
        clients: dict[str, set[int]] = {}
        for client_id, name, aliases in client_rows:
            for spelling in (name, *(aliases or ())):
                clients.setdefault(_fold(spelling), set()).add(client_id)
        by_telegram = {telegram_id: user_id for user_id, telegram_id, _ in users}
        by_name: dict[str, list[int]] = {}
        for user_id, _, name in users:
            by_name.setdefault(_fold(name), []).append(user_id)

        problems_found: list[RowError] = list(errors)
        resolved: list[tuple[VisitRow, int, int]] = []
        for row in rows:
            problems: list[RowError] = []
            found = clients.get(_fold(row.client), set())
            if len(found) != 1:
                problems.append(RowError(row.line, names.get("client", "client"),
                                         "unknown_client", row.client))  # fmt: skip
            author_id, code = _author(row.author, by_telegram, by_name)
            if author_id is None:
                problems.append(RowError(row.line, names.get("author", "author"), code, row.author))
            if row.visited_on > today:
                problems.append(RowError(row.line, names.get("visited_on", "date"),
                                         "future_date", row.visited_on.isoformat()))  # fmt: skip
            if problems:
                problems_found += problems
            elif author_id is not None:
                resolved.append((row, next(iter(found)), author_id))
        if problems_found:
            problems_found.sort(key=lambda e: e.line)
            return VisitImportResult(errors=tuple(problems_found))

        keys = {visit_key(c, a, row): (row, c, a) for row, c, a in resolved}
        key_list = sorted(keys)
        size = batch or (IMPORT_BATCH if self._db.dialect == "sqlite" else len(key_list)) or 1
        written: list[str] = []  # keys of the visits committed: deleted again by the undo
        touched: set[int] = set()
        unchanged = 0
        finished = False

        async def write_batch(chunk: list[str], last: bool) -> None:
            nonlocal unchanged, finished
            async with self._db.write() as uow:
                session = uow.session
                existing = set(
                    (
                        await session.execute(
                            select(Visit.draft_id).where(Visit.draft_id.in_(chunk))
                        )
                    ).scalars()
                )
                batch_clients: set[int] = set()
                for key in chunk:
                    if key in existing:
                        continue
                    row, client_id, author_id = keys[key]
                    # A past visit is a record of that day (and past its author's edit window);
                    # the import itself is in the audit log.
                    made_at = min(
                        now, datetime.combine(row.visited_on, time(18), zone).astimezone(UTC)
                    )
                    session.add(
                        Visit(
                            draft_id=key, client_id=client_id, author_id=author_id,
                            visited_on=row.visited_on, visited_time=None, kind=row.kind.value,
                            people=[{"name": n, "title": t} for n, t in row.people],
                            summary=row.summary, next_step=row.next_step,
                            follow_up_on=row.follow_up_on, created_at=made_at,
                            updated_at=made_at,
                        )
                    )  # fmt: skip
                    batch_clients.add(client_id)
                await session.flush()
                await refresh_last_visits(session, self._counting_kinds, batch_clients)
                touched.update(batch_clients)
                created = len(key_list) - unchanged - len(existing)
                if last and created:
                    uow.audit(actor_id=actor.user_id if actor else None,
                              action="import_visits", entity="visit", entity_id=None, at=now,
                              after={"created": created, "clients": len(touched)})  # fmt: skip
                await uow.commit()
            unchanged += len(existing)
            written.extend(k for k in chunk if k not in existing)
            finished = last

        try:
            for start in range(0, len(key_list), size):
                if cancel is not None and cancel.is_set():
                    raise ImportCancelled
                chunk = key_list[start : start + size]
                await uninterrupted(write_batch(chunk, start + size >= len(key_list)))
                await asyncio.sleep(0)  # other writers waiting for the database go first
                await self._db.let_writers_pass()
        except BaseException:
            # A failed batch, or the import cancelled (Ctrl-C, the admin, shutdown): take back
            # what the earlier batches wrote. Cancelled after the last batch, it is whole.
            if not finished:
                await self._undo(written, touched)
            raise
        return VisitImportResult(
            created=len(key_list) - unchanged, unchanged=unchanged, clients=len(touched)
        )

    async def _undo(self, written: list[str], touched: set[int]) -> None:
        """Delete the visits an unfinished import wrote, and the last-visit dates they set."""
        for start in range(0, len(written), IMPORT_BATCH):
            async with self._db.write() as uow:
                await uow.session.execute(
                    delete(Visit).where(Visit.draft_id.in_(written[start : start + IMPORT_BATCH]))
                )
                await uow.commit()
        if written:
            async with self._db.write() as uow:
                await refresh_last_visits(uow.session, self._counting_kinds, touched)
                await uow.commit()
            log.warning("visit import undone: %d visits taken back", len(written))


async def _in_thread(fn: Callable[..., R], *args: Any) -> R:
    return await asyncio.to_thread(fn, *args)


def _author(
    raw: str, by_telegram: dict[int, int], by_name: dict[str, list[int]]
) -> tuple[int | None, str]:
    """The user a row names by Telegram id or by name."""
    digits = unicodedata.normalize("NFKC", raw).strip()
    if digits.endswith(".0"):
        digits = digits[:-2]
    if digits.isdigit() and int(digits) in by_telegram:
        return by_telegram[int(digits)], ""
    found = by_name.get(_fold(raw), [])
    if len(found) == 1:
        return found[0], ""
    return None, "ambiguous_author" if found else "unknown_author"


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _header_names(filename: str, data: bytes) -> dict[str, str]:
    """Canonical column → the header text the file uses (for messages)."""
    lines = _lines(filename, data)
    if lines is None:
        return {}
    with contextlib.closing(lines):
        for number, (_, cells) in enumerate(lines):
            found: dict[str, str] = {}
            for cell in cells:
                column = _INDEX.get(_header_key(_text(cell)))
                if column is not None and column not in found:
                    found[column] = _text(cell)
            if all(c in found for c in REQUIRED):
                return found
            if number >= _HEADER_SEARCH_ROWS:
                break
    return {}
