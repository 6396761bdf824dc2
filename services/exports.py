"""Exports of clients, visits and complaints to CSV or XLSX, limited to what the actor may see."""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from services.access import visible_clients
from services.domain import Actor, Language
from services.errors import InvalidInput
from services.storage.models import Client
from services.storage.uow import Database


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
        ("visited_at", "走访时间"),
        ("kind", "方式"),
        ("manager", "客户经理"),
        ("people_met", "会见人员"),
        ("summary", "内容摘要"),
        ("next_step", "下一步"),
        ("follow_up_on", "跟进日期"),
    ),
    ExportKind.COMPLAINTS: (
        ("id", "编号"),
        ("client", "客户名称"),
        ("category", "类别"),
        ("severity", "严重程度"),
        ("status", "状态"),
        ("opened_at", "受理时间"),
        ("first_response_due", "首次响应期限"),
        ("resolution_due", "解决期限"),
        ("description", "描述"),
    ),
}

VALUE_ZH = {
    "important": "重要", "group": "集团", "commercial": "商业", "strategic": "战略",
    "good": "优", "medium": "中", "poor": "差",
    "develop": "发展", "maintain": "维持", "harvest": "收割", "exit": "退出",
}  # fmt: skip

Cell = str | int | float | date | None


class ExportService:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def rows(
        self, actor: Actor | None, kind: ExportKind, language: Language
    ) -> list[list[Cell]]:
        """Header row first; `actor` None (the command line) exports everything."""
        headers: list[Cell] = [zh if language is Language.ZH else en for en, zh in HEADERS[kind]]
        if kind is ExportKind.CLIENTS:
            return [headers, *await self._client_rows(actor, language)]
        return [headers]

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
        self, actor: Actor | None, kind: ExportKind, fmt: ExportFormat, language: Language
    ) -> bytes:
        return await self.render(await self.rows(actor, kind, language), kind, fmt)

    async def render(self, rows: list[list[Cell]], kind: ExportKind, fmt: ExportFormat) -> bytes:
        if fmt is ExportFormat.CSV:
            return to_csv(rows)
        if fmt is ExportFormat.XLSX:
            return to_xlsx(rows, sheet=kind.value)
        raise InvalidInput("error.export_format")


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
