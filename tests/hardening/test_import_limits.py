"""Client files that break limits get a clear answer per row or per file, on both databases."""

from __future__ import annotations

import io
import logging
import zipfile

import openpyxl
import pytest

from bot.render import row_error
from services.bootstrap import Services
from services.client_import import MAX_CELL_CHARS, MAX_COLUMNS, column_letter, parse_client_file
from services.domain import Role
from services.visit_import import parse_visit_file

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


def test_a_huge_cell_in_a_column_the_importer_ignores_is_named_by_row_and_column() -> None:
    header = "客户名称,客户经理ID,行业,区域,地址,联系人,电话,内部备忘"
    big = "备" * 200_000  # over the csv module's own 128 KB cap too
    data = f"{header}\n华能南京电厂,1011,电力,南京,,,,短\n大唐,1011,电力,南京,,,,{big}\n".encode()
    rows, errors = parse_client_file("clients.csv", data)
    assert rows == []
    assert [(e.line, e.header, e.code, e.value) for e in errors] == [
        (3, "H", "cell_too_large", str(MAX_CELL_CHARS))
    ]
    zh, en = row_error("zh", errors[0]), row_error("en", errors[0])
    assert "第 3 行" in zh and "H" in zh and str(MAX_CELL_CHARS) in zh
    assert "Line 3" in en and "(H)" in en and "columns the bot does not read" in en


def test_a_huge_cell_in_a_workbook_is_refused_in_any_column() -> None:
    # Excel (and openpyxl) never write a longer cell; a hostile writer does.
    huge = b"x" * 1_000_000
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>\xe5\xae\xa2\xe6\x88\xb7\xe5\x90\x8d'
        b'\xe7\xa7\xb0</t></is></c><c r="B1" t="inlineStr"><is><t>owner</t></is></c></row>'
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c><c r="B2"><v>1011</v></c>'
        b'<c r="D2" t="inlineStr"><is><t>' + huge + b"</t></is></c></row></sheetData></worksheet>"
    )
    data = with_sheet_xml(workbook([["客户名称", "客户经理ID"]]), xml)
    assert len(data) < 100_000  # small on the wire
    rows, errors = parse_client_file("clients.xlsx", data)
    assert rows == []
    assert [(e.line, e.header, e.code) for e in errors] == [(2, "D", "cell_too_large")]


def test_a_visit_file_with_a_huge_cell_says_where() -> None:
    header = "客户名称,走访日期,走访人,走访内容,附件"
    data = f"{header}\n华能,2026-11-02,张三,谈了检修,{'x' * 40_000}\n".encode()
    rows, errors = parse_visit_file("visits.csv", data)
    assert rows == []
    assert [(e.line, e.header, e.code) for e in errors] == [(2, "E", "cell_too_large")]


def test_column_letters_go_past_z() -> None:
    letters = [column_letter(i) for i in (0, 25, 26, 27, 701, 702)]
    assert letters == ["A", "Z", "AA", "AB", "ZZ", "AAA"]
