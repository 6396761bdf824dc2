"""Reading a visit-history spreadsheet: headers in Chinese or English, every bad row named by line."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook

from services.domain import VisitKind
from services.visit_import import is_visit_file, parse_visit_file

ZH = (
    "客户名称,走访日期,走访方式,走访人,会见人员,走访内容,下一步\n"
    "宝山钢铁股份有限公司,2026-10-12,上门,李婷,张国栋（设备部部长）、周蕾,谈续约,下周发报价\n"
    "宝钢,2026/11/02,电话,900000002,张国栋,电话确认方案,\n"
    "华能南京金陵发电有限公司,2026年9月3日,视频,王磊,,视频会议对接集团IT,\n"
)


def test_a_chinese_file_reads_every_visit_with_its_kind_people_and_next_step() -> None:
    rows, errors = parse_visit_file("走访记录.csv", ZH.encode("utf-8"))
    assert errors == []
    assert [(r.line, r.client, r.visited_on, r.kind) for r in rows] == [
        (2, "宝山钢铁股份有限公司", date(2026, 10, 12), VisitKind.ON_SITE),
        (3, "宝钢", date(2026, 11, 2), VisitKind.PHONE),
        (4, "华能南京金陵发电有限公司", date(2026, 9, 3), VisitKind.VIDEO),
    ]
    assert rows[0].people == (("张国栋", "设备部部长"), ("周蕾", None))
    assert rows[0].author == "李婷" and rows[1].author == "900000002"
    assert rows[0].next_step == "下周发报价" and rows[1].next_step is None


def test_an_english_xlsx_with_a_title_row_and_date_cells_reads_the_same() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Visit history 2026"])
    sheet.append(["Client", "Date", "Kind", "Visited by", "People met", "Summary", "Next step"])
    sheet.append(
        ["Baosteel", date(2026, 10, 12), "on site", "Li Ting", "Zhang, CIO", "renewal", None]
    )
    sheet.append(["Baosteel", date(2026, 10, 20), "phone call", "Li Ting", None, "price", "quote"])
    buffer = io.BytesIO()
    book.save(buffer)
    rows, errors = parse_visit_file("history.xlsx", buffer.getvalue())
    assert errors == []
    assert [(r.line, r.visited_on, r.kind) for r in rows] == [
        (3, date(2026, 10, 12), VisitKind.ON_SITE),
        (4, date(2026, 10, 20), VisitKind.PHONE),
    ]
    assert rows[0].people == (("Zhang", "CIO"),)


def test_every_bad_row_is_named_by_line_and_by_the_files_own_header() -> None:
    text = (
        "客户,拜访日期,方式,拜访人,内容\n"
        "宝钢,2026-13-45,上门,李婷,谈续约\n"  # no such day
        ",2026-10-01,上门,李婷,谈续约\n"  # no client
        "宝钢,2026-10-02,飞鸽传书,李婷,谈续约\n"  # unknown kind
        "宝钢,2026-10-03,电话,李婷,\n"  # no summary
        "宝钢,2026-10-04,上门,李婷,谈续约\n"
        "宝钢,2026-10-04,上门,李婷,谈续约\n"  # the same visit again
    )
    _, errors = parse_visit_file("v.csv", text.encode("gb18030"))
    assert [(e.line, e.column, e.code) for e in errors] == [
        (2, "拜访日期", "bad_date"),
        (3, "客户", "required"),
        (4, "方式", "bad_kind"),
        (5, "内容", "required"),
        (7, None, "duplicate_row"),
    ]
    assert errors[0].value == "2026-13-45" and errors[2].value == "飞鸽传书"
    assert errors[4].value == "6"


def test_a_file_without_the_required_columns_names_them_in_its_own_language() -> None:
    _, errors = parse_visit_file("v.csv", "客户名称,走访日期\n宝钢,2026-10-01\n".encode())
    assert [(e.code, e.value) for e in errors] == [
        ("missing_column", "走访人"),
        ("missing_column", "走访内容"),
    ]
    _, errors = parse_visit_file("v.csv", b"client,date,by\nBaosteel,2026-10-01,Li\n")
    assert [(e.code, e.value) for e in errors] == [("missing_column", "summary")]


def test_visit_files_and_client_files_are_told_apart_by_their_headers() -> None:
    assert is_visit_file("走访记录.csv", ZH.encode())
    client_zh = "客户名称,客户经理ID,信誉等级,最近走访日期,备注\n宝钢,900000002,优,2026-10-01,x\n"
    assert not is_visit_file("clients.csv", client_zh.encode())
    client_en = b"name,owner_telegram_id,last_visit_on,notes\nBaosteel,900000002,2026-10-01,x\n"
    assert not is_visit_file("clients.csv", client_en)
    assert not is_visit_file("notes.pdf", b"%PDF-1.4")
