"""Client files that break limits get a clear answer per row or per file, on both databases."""

from __future__ import annotations

import io
import logging
import zipfile

import openpyxl
import pytest

from services.bootstrap import Services
from services.client_import import MAX_COLUMNS, parse_client_file
from services.domain import Role

OWNER = 1011


def workbook(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet_xml(data: bytes, sheet_xml: bytes) -> bytes:
    """The same workbook with its first sheet's XML replaced (as a hostile writer would)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            target.writestr(info.filename, body)
    return out.getvalue()


def test_one_row_of_a_million_cells_is_refused_before_it_is_built() -> None:
    cells = b"<c><v>1</v></c>" * 1_000_000
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1">' + cells + b"</row></sheetData></worksheet>"
    )
    data = with_sheet_xml(workbook([["客户名称", "客户经理ID"]]), xml)
    assert len(data) < 200_000  # small on the wire
    rows, errors = parse_client_file("clients.xlsx", data)
    assert rows == []
    assert [(e.line, e.code, e.value) for e in errors] == [
        (1, "too_many_columns", str(MAX_COLUMNS))
    ]


def test_a_workbook_that_unpacks_into_too_much_is_refused() -> None:
    xml = b"<worksheet><sheetData>" + b" " * (101 * 1024 * 1024) + b"</sheetData></worksheet>"
    data = with_sheet_xml(workbook([["客户名称", "客户经理ID"]]), xml)
    _, errors = parse_client_file("clients.xlsx", data)
    assert [(e.line, e.code) for e in errors] == [(0, "too_large")]


def test_a_sheet_of_blank_rows_past_the_limit_is_refused_by_counting() -> None:
    rows = b"".join(b'<row r="%d"/>' % n for n in range(1, 3_000))
    xml = b"<worksheet><sheetData>" + rows + b"</sheetData></worksheet>"
    data = with_sheet_xml(workbook([["客户名称", "客户经理ID"]]), xml)
    _, errors = parse_client_file("clients.xlsx", data, max_rows=1000)
    assert [e.code for e in errors] == ["too_many_rows"]


OVER_LONG = [
    ("name", "客" * 301),
    ("industry", "电" * 201),
    ("region", "南" * 201),
    ("address", "路" * 501),
    ("contact_phone", "1" * 65),
]


async def test_over_long_values_are_reported_per_row_with_line_and_limit_and_nothing_imported(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    await services.users.add_user(telegram_id=OWNER, name="张三", role=Role.MANAGER, team="一部")
    header = "客户名称,客户经理ID,行业,区域,地址,联系人,电话\n"
    lines = ["华能南京电厂,1011,电力,南京,中山路1号,张总,13800000001"]
    for column, value in OVER_LONG:
        row = {"name": "某客户", "industry": "", "region": "", "address": "", "contact_phone": ""}
        row[column] = value
        contact = "李工" if column == "contact_phone" else ""
        lines.append(f"{row['name']},1011,{row['industry']},{row['region']},{row['address']},"
                     f"{contact},{row['contact_phone']}")  # fmt: skip
    data = (header + "\n".join(lines) + "\n").encode()
    with caplog.at_level(logging.DEBUG):
        result = await services.clients.import_file(None, "clients.csv", data)
    assert not result.ok
    found = [(e.line, e.column, e.code, e.value) for e in result.errors]
    assert found == [
        (3, "name", "too_long", "300"), (4, "industry", "too_long", "200"),
        (5, "region", "too_long", "200"), (6, "address", "too_long", "500"),
        (7, "contact_phone", "too_long", "64"),
    ]  # fmt: skip
    async with services.db.read() as session:
        from sqlalchemy import func, select

        from services.storage.models import Client

        assert (await session.execute(select(func.count()).select_from(Client))).scalar_one() == 0
    assert not any("客客客" in r.getMessage() for r in caplog.records)
