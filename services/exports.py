"""Exports of clients, visits and complaints to CSV or XLSX, limited to what the actor may see."""

from __future__ import annotations

import asyncio
import csv
import enum
import io
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import aliased, selectinload

from services.access import visible_clients
from services.clock import Clock, SystemClock
from services.domain import Actor, Language
from services.errors import InvalidInput
from services.storage.models import Client, Complaint, User, Visit
from services.storage.uow import Database
from services.summaries import Period


class ExportKind(enum.StrEnum):
    CLIENTS = "clients"
    VISITS = "visits"
    COMPLAINTS = "complaints"


class ExportFormat(enum.StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


# Column headers are part of the file format (they match what `kam clients import` reads back).
HEADERS: dict[ExportKind, tuple[tuple[str, str], ...]] = {
    ExportKind.CLIENTS: (
        ("name", "客户名称"),
        ("owner_telegram_id", "客户经理ID"),
        ("owner_name", "客户经理姓名"),
        ("tier", "客户类型"),
        ("credit_rating", "信誉等级"),
        ("strategy", "战略"),
        ("industry", "行业"),
        ("region", "区域"),
        ("address", "地址"),
        ("latitude", "纬度"),
        ("longitude", "经度"),
        ("last_visit_on", "最近走访日期"),
        ("contacts_all", "全部联系人"),
        ("notes", "备注"),
    ),
    ExportKind.VISITS: (
        ("id", "编号"),
        ("client", "客户名称"),
        ("visited_on", "走访日期"),
        ("visited_time", "走访时间"),
        ("kind", "方式"),
        ("author", "走访人"),
        ("manager", "客户经理"),
        ("people_met", "会见人员"),
        ("summary", "内容摘要"),
        ("next_step", "下一步"),
        ("follow_up_on", "跟进日期"),
        ("distance_m", "签到距离（米）"),
    ),
    ExportKind.COMPLAINTS: (
        ("id", "编号"),
        ("client", "客户名称"),
        ("owner", "负责人"),
        ("category", "类别"),
        ("severity", "严重程度"),
        ("status", "状态"),
        ("received_at", "受理时间"),
        ("first_response_due", "首次响应期限"),
        ("responded_at", "首次响应时间"),
        ("resolution_due", "解决期限"),
        ("resolved_at", "解决时间"),
        ("closed_at", "关闭时间"),
        ("resolved_on_time", "按期解决"),
        ("description", "描述"),
        ("resolution", "处理结果"),
        ("satisfaction", "满意度"),
    ),
}

VALUE_ZH = {
    "important": "重要", "group": "集团", "commercial": "商业", "strategic": "战略",
    "good": "优", "medium": "中", "poor": "差",
    "develop": "发展", "maintain": "维持", "harvest": "收割", "exit": "退出",
}  # fmt: skip
# Words of visit and complaint records, which would clash with the client words above.
RECORD_ZH = {
    "on_site": "现场", "phone": "电话", "video": "视频",
    "low": "低", "medium": "中", "high": "高", "critical": "紧急",
    "open": "待处理", "responded": "已响应", "resolved": "已解决", "closed": "已关闭",
    "product_quality": "产品质量", "service": "服务", "billing": "账单", "delivery": "交付",
    "other": "其他", "yes": "是", "no": "否",
}  # fmt: skip

Cell = str | int | float | date | None


class ExportService:
    """Spreadsheets of what the actor may see; times are written in the actor's time zone."""

    def __init__(
        self, db: Database, clock: Clock | None = None, *, timezone: str = "Asia/Shanghai"
    ) -> None:
        self._db = db
        self._clock = clock or SystemClock()
        self._timezone = timezone

    async def rows(
        self,
        actor: Actor | None,
        kind: ExportKind,
        language: Language,
        *,
        period: Period | None = None,
        today: date | None = None,
    ) -> list[list[Cell]]:
        """Header row first; `actor` None (the command line) exports everything.

        `period` limits visits to those made in it and complaints to those received in it
        (client files have no period); `today` defaults to the clock's day in the zone.
        """
        headers: list[Cell] = [zh if language is Language.ZH else en for en, zh in HEADERS[kind]]
        if kind is ExportKind.CLIENTS:
            return [headers, *await self._client_rows(actor, language)]
        zone = ZoneInfo(actor.timezone if actor is not None else self._timezone)
        days = None
        if period is not None:
            days = period.bounds(today or self._clock.now().astimezone(zone).date())
        if kind is ExportKind.VISITS:
            return [headers, *await self._visit_rows(actor, language, days)]
        return [headers, *await self._complaint_rows(actor, language, zone, days)]

    async def _visit_rows(
        self, actor: Actor | None, language: Language, days: tuple[date, date] | None
    ) -> list[list[Cell]]:
        author, owner = aliased(User), aliased(User)
        where: list[ColumnElement[bool]] = [Visit.deleted_at.is_(None)]
        if actor is not None:
            where.append(visible_clients(actor))
        if days is not None:
            where += [Visit.visited_on >= days[0], Visit.visited_on <= days[1]]
        stmt = (
            select(Visit, Client.name, author.name, owner.name)
            .join(Client, Client.id == Visit.client_id)
            .join(author, author.id == Visit.author_id)
            .join(owner, owner.id == Client.owner_id)
            .where(*where)
            .order_by(Visit.visited_on, Visit.id)
        )
        word = _words(language)
        out: list[list[Cell]] = []
        async with self._db.read() as session:
            for v, client, author_name, owner_name in await session.execute(stmt):
                people = "; ".join(
                    " ".join(str(p.get(k) or "") for k in ("name", "title")).strip()
                    for p in v.people or []
                )
                distance = round(v.distance_m) if v.distance_m is not None else None
                out.append([
                    v.id, client, v.visited_on, v.visited_time, word(v.kind), author_name,
                    owner_name, people, v.summary, v.next_step, v.follow_up_on, distance,
                ])  # fmt: skip
        return out

    async def _complaint_rows(
        self,
        actor: Actor | None,
        language: Language,
        zone: ZoneInfo,
        days: tuple[date, date] | None,
    ) -> list[list[Cell]]:
        where: list[ColumnElement[bool]] = []
        if actor is not None:
            where.append(visible_clients(actor))
        if days is not None:
            start = datetime.combine(days[0], time(0), zone)
            end = datetime.combine(days[1] + timedelta(days=1), time(0), zone)
            where += [Complaint.received_at >= start, Complaint.received_at < end]
        stmt = (
            select(Complaint, Client.name, User.name)
            .join(Client, Client.id == Complaint.client_id)
            .join(User, User.id == Complaint.owner_id)
            .where(*where)
            .order_by(Complaint.received_at, Complaint.id)
        )
        word = _words(language)

        def at(value: datetime | None) -> datetime | None:
            # Spreadsheets have no time zones: write the wall-clock time where the user is.
            return value.astimezone(zone).replace(tzinfo=None) if value is not None else None

        out: list[list[Cell]] = []
        async with self._db.read() as session:
            for c, client, owner_name in await session.execute(stmt):
                on_time = None
                if c.resolved_at is not None:
                    on_time = word("yes" if c.resolved_at <= c.resolution_due else "no")
                out.append([
                    c.id, client, owner_name, word(c.category), word(c.severity),
                    word(c.status), at(c.received_at), at(c.first_response_due),
                    at(c.responded_at), at(c.resolution_due), at(c.resolved_at),
                    at(c.closed_at), on_time, c.description, c.resolution, c.satisfaction,
                ])  # fmt: skip
        return out

    async def _client_rows(self, actor: Actor | None, language: Language) -> list[list[Cell]]:
        stmt = (
            select(Client)
            .options(selectinload(Client.owner), selectinload(Client.contacts))
            .order_by(Client.name)
        )
        if actor is not None:
            stmt = stmt.where(visible_clients(actor))
        out: list[list[Cell]] = []
        async with self._db.read() as session:
            for c in (await session.execute(stmt)).scalars():

                def word(value: str | None) -> str | None:
                    if value is None or language is not Language.ZH:
                        return value
                    return VALUE_ZH.get(value, value)

                contacts = "; ".join(
                    " ".join(p for p in (ct.name, ct.title or "", ct.phone or "") if p)
                    for ct in c.contacts
                )
                out.append([
                    c.name, c.owner.telegram_id, c.owner.name, word(c.tier),
                    word(c.credit_rating), word(c.strategy), c.industry, c.region, c.address,
                    c.latitude, c.longitude, c.last_visit_on, contacts, c.notes,
                ])  # fmt: skip
        return out

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


def _words(language: Language) -> Callable[[str | None], str | None]:
    def word(value: str | None) -> str | None:
        if value is None or language is not Language.ZH:
            return value
        return RECORD_ZH.get(value, value)

    return word


def _safe(value: Cell) -> Cell:
    # Spreadsheet apps run cells starting with = + - @ as formulas; defuse text that could.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def to_csv(rows: Sequence[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if v is None else _safe(v) for v in row])
    # BOM so that Excel on Chinese Windows opens UTF-8 Chinese text correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: Sequence[Sequence[Cell]], *, sheet: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet[:31]
    for row in rows:
        ws.append([_safe(v) for v in row])
    if rows:
        ws.freeze_panes = "A2"
        for idx, header in enumerate(rows[0], start=1):
            width = max(len(str(header)) * 2, *(len(str(r[idx - 1] or "")) for r in rows[:200]))
            ws.column_dimensions[ws.cell(row=1, column=idx).column_letter].width = min(
                width + 2, 60
            )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
