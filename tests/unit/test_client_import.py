"""Client files in CSV or XLSX, with English or Chinese headers and values, read into clients or errors."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from config.catalog import LANGUAGES, catalog
from services.client_import import ERROR_CODES, ClientRow, RowError, parse_client_file
from services.domain import ContactInfo, CreditRating, Strategy, Tier

ZH_HEADER = (
    "客户名称,客户经理ID,客户类型,信誉等级,战略,行业,区域,地址,纬度,经度,最近走访日期,"
    "联系人,职务,电话,决策人,别名,备注"
)
EN_HEADER = (
    "name,owner_telegram_id,tier,credit_rating,strategy,industry,region,address,latitude,"
    "longitude,last_visit_on,contact_name,contact_title,contact_phone,decision_maker,aliases,notes"
)
ZH_FILE = f"""{ZH_HEADER}
华润万家有限公司,900000001,重要大客户,优,发展,零售,华南,深圳市罗湖区,22.54,114.06,2024-03-05,张伟,采购总监,13800138000,是,CR Vanguard；华润超市、万家,年度框架协议
华能电厂,900000002,战略,中,维持,能源,华北,北京市,39.9,116.4,2024/01/15,李娜,厂长,13900139000,否,,
"""
HUARUN = ClientRow(
    line=2,
    name="华润万家有限公司",
    owner_telegram_id=900000001,
    tier=Tier.IMPORTANT,
    credit_rating=CreditRating.GOOD,
    strategy=Strategy.DEVELOP,
    industry="零售",
    region="华南",
    address="深圳市罗湖区",
    latitude=22.54,
    longitude=114.06,
    last_visit_on=date(2024, 3, 5),
    notes="年度框架协议",
    aliases=("CR Vanguard", "华润超市", "万家"),
    contacts=(ContactInfo("张伟", "采购总监", "13800138000", True),),
)


def parse_csv(text: str, encoding: str = "utf-8") -> tuple[list[ClientRow], list[RowError]]:
    return parse_client_file("clients.csv", text.encode(encoding))


def errors_of(text: str) -> list[tuple[int, str | None, str, str]]:
    _, errors = parse_csv(text)
    return [(e.line, e.column, e.code, e.value) for e in errors]


def one_row(header: str, row: str) -> str:
    return f"{header}\n{row}\n"


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_float_cells(data: bytes, number: int) -> bytes:
    """The workbook with `number` stored as Excel stores a float, "900000001.0"."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            content = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                content = content.replace(
                    f"<v>{number}</v>".encode(), f"<v>{number}.0</v>".encode()
                )
            dst.writestr(item, content)
    return out.getvalue()


# -- headers, values, encodings ---------------------------------------------------------------


def test_a_chinese_file_with_chinese_values_is_read_in_full() -> None:
    rows, errors = parse_csv(ZH_FILE)
    assert errors == []
    assert rows[0] == HUARUN
    assert rows[1].name == "华能电厂"
    assert (rows[1].tier, rows[1].credit_rating, rows[1].strategy) == (
        Tier.STRATEGIC,
        CreditRating.MEDIUM,
        Strategy.MAINTAIN,
    )
    assert rows[1].last_visit_on == date(2024, 1, 15)
    assert rows[1].contacts == (ContactInfo("李娜", "厂长", "13900139000", False),)
    assert (rows[1].aliases, rows[1].notes) == ((), None)


def test_a_gb18030_csv_from_excel_on_chinese_windows_is_read() -> None:
    rows, errors = parse_csv(ZH_FILE.replace("\n", "\r\n"), encoding="gb18030")
    assert errors == []
    assert rows[0] == HUARUN


def test_a_utf8_file_with_a_byte_order_mark_is_read() -> None:
    rows, errors = parse_client_file("clients.csv", b"\xef\xbb\xbf" + ZH_FILE.encode())
    assert errors == []
    assert rows[0] == HUARUN


def test_a_utf16_file_from_excel_unicode_text_is_read() -> None:
    data = ZH_FILE.replace(",", "\t").encode("utf-16")
    rows, errors = parse_client_file("clients.txt", data)
    assert (errors, rows[0]) == ([], HUARUN)


def test_an_english_file_with_english_values_is_read() -> None:
    text = one_row(
        EN_HEADER,
        "CR Vanguard,900000001,Important,Good,Develop,Retail,South,Shenzhen,22.54,114.06,"
        "2024-03-05,Zhang Wei,Buyer,13800138000,yes,华润万家|CRV,key account",
    )
    rows, errors = parse_csv(text)
    assert errors == []
    row = rows[0]
    assert (row.name, row.tier, row.credit_rating, row.strategy) == (
        "CR Vanguard",
        Tier.IMPORTANT,
        CreditRating.GOOD,
        Strategy.DEVELOP,
    )
    assert row.aliases == ("华润万家", "CRV")
    assert row.contacts == (ContactInfo("Zhang Wei", "Buyer", "13800138000", True),)


def test_headers_match_in_traditional_chinese_full_width_and_any_case() -> None:
    text = (
        "單位名稱；客戶經理ＩＤ（必填）；客戶類型；聯絡人；電話；Decision Maker\n"
        "華潤萬家；９０００００００１；集團；陳大文；１３８００１３８０００；Y\n"
    )
    rows, errors = parse_csv(text.replace("；", ";"))
    assert errors == []
    assert rows[0].name == "華潤萬家"
    assert (rows[0].owner_telegram_id, rows[0].tier) == (900000001, Tier.GROUP)
    assert rows[0].contacts == (ContactInfo("陳大文", None, "13800138000", True),)


def test_english_headers_may_use_spaces_and_capitals() -> None:
    rows, errors = parse_csv("Client Name,Owner Telegram ID,Last Visit\n华能电厂,42,2024.5.6\n")
    assert errors == []
    assert (rows[0].owner_telegram_id, rows[0].last_visit_on) == (42, date(2024, 5, 6))


def test_tab_and_semicolon_delimiters_are_sniffed() -> None:
    for delimiter in ("\t", ";"):
        rows, errors = parse_csv(ZH_FILE.replace(",", delimiter))
        assert (errors, rows[0]) == ([], HUARUN)


def test_values_are_trimmed_of_ordinary_and_full_width_spaces() -> None:
    rows, errors = parse_csv("客户名称,客户经理ID,区域\n\u3000华能电厂 , 42\u3000, 华北\u3000\n")
    assert errors == []
    assert (rows[0].name, rows[0].owner_telegram_id, rows[0].region) == ("华能电厂", 42, "华北")


def test_blank_lines_are_skipped_and_line_numbers_stay_those_of_the_file() -> None:
    text = "客户名称,客户经理ID\n\n华能电厂,42\n,\n华润万家,abc\n"
    rows, errors = parse_csv(text)
    assert [r.line for r in rows] == [3]
    assert errors == [RowError(5, "owner_telegram_id", "bad_owner_id", "abc")]


def test_a_quoted_value_spanning_lines_keeps_later_line_numbers_right() -> None:
    text = '客户名称,客户经理ID,备注\n华能电厂,42,"第一行\n第二行"\n华润万家,0,\n'
    rows, errors = parse_csv(text)
    assert rows[0].notes == "第一行\n第二行"
    assert errors == [RowError(4, "owner_telegram_id", "bad_owner_id", "0")]


def test_title_rows_above_the_header_are_looked_past() -> None:
    text = "2024年客户清单,,\n导出日期：2024-05-01,,\n客户名称,客户经理ID,区域\n华能电厂,42,华北\n"
    rows, errors = parse_csv(text)
    assert errors == []
    assert [(r.line, r.name) for r in rows] == [(4, "华能电厂")]


def test_unknown_columns_are_ignored() -> None:
    rows, errors = parse_csv("客户名称,客户经理ID,颜色\n华能电厂,42,红\n")
    assert (errors, rows[0].name) == ([], "华能电厂")


def test_owner_ids_written_as_decimals_or_in_scientific_notation_are_whole_numbers() -> None:
    rows, errors = parse_csv("name,owner_telegram_id\nA,900000001.0\nB,9.00000001E+08\n")
    assert errors == []
    assert [r.owner_telegram_id for r in rows] == [900000001, 900000001]


@pytest.mark.parametrize("word", ["是", "yes", "Y", "1", "true", "√"])
def test_decision_maker_accepts_chinese_and_english_yes(word: str) -> None:
    rows, _ = parse_csv(f"客户名称,客户经理ID,联系人,决策人\n华能电厂,42,李娜,{word}\n")
    assert rows[0].contacts[0].decision_maker is True


@pytest.mark.parametrize("word", ["否", "no", "N", "0", "false", ""])
def test_decision_maker_accepts_chinese_and_english_no(word: str) -> None:
    rows, _ = parse_csv(f"客户名称,客户经理ID,联系人,决策人\n华能电厂,42,李娜,{word}\n")
    assert rows[0].contacts[0].decision_maker is False


# -- XLSX -------------------------------------------------------------------------------------


def test_an_xlsx_file_with_numeric_ids_and_date_cells_is_read() -> None:
    data = xlsx(
        [
            ["客户名称", "客户经理ID", "最近走访日期", "纬度", "经度", "联系人", "电话", "决策人"],
            [
                "华润万家有限公司",
                900000001.0,
                datetime(2024, 3, 5),
                22.54,
                114.06,
                "张伟",
                13800138000,
                True,
            ],
            [None, None, None],
            [
                "华能电厂",
                900000002,
                date(2024, 1, 15),
                "39.9",
                "116.4",
                "李娜",
                "139 0013 9000",
                "否",
            ],
        ]
    )
    rows, errors = parse_client_file("客户.xlsx", data)
    assert errors == []
    first, second = rows
    assert (first.line, first.owner_telegram_id, first.last_visit_on) == (
        2,
        900000001,
        date(2024, 3, 5),
    )
    assert (first.latitude, first.longitude) == (22.54, 114.06)
    assert first.contacts == (ContactInfo("张伟", None, "13800138000", True),)
    assert (second.line, second.owner_telegram_id, second.last_visit_on) == (
        4,
        900000002,
        date(2024, 1, 15),
    )
    assert second.contacts == (ContactInfo("李娜", None, "139 0013 9000", False),)


def test_an_xlsx_id_stored_as_a_float_is_a_whole_number() -> None:
    data = with_float_cells(xlsx([["name", "owner_telegram_id"], ["A", 900000001]]), 900000001)
    assert b"900000001.0" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    rows, errors = parse_client_file("clients.xlsx", data)
    assert (errors, rows[0].owner_telegram_id) == ([], 900000001)


def test_an_xlsx_file_reports_errors_with_sheet_row_numbers() -> None:
    data = xlsx([["name", "owner_telegram_id", "last_visit_on"], ["A", 1, "2024-13-01"]])
    _, errors = parse_client_file("clients.xlsx", data)
    assert errors == [RowError(2, "last_visit_on", "bad_date", "2024-13-01")]


def test_a_workbook_is_recognised_even_when_named_csv() -> None:
    data = xlsx([["name", "owner_telegram_id"], ["A", 1]])
    rows, errors = parse_client_file("clients.csv", data)
    assert (errors, [r.name for r in rows]) == ([], ["A"])


# -- merging rows of one client ---------------------------------------------------------------


def test_rows_of_one_client_are_merged_and_each_adds_a_contact() -> None:
    text = (
        f"{ZH_HEADER}\n"
        "华润万家有限公司,900000001,重要,优,发展,零售,华南,深圳,,,2024-03-05,张伟,采购总监,138,是,CRV,\n"
        "华能电厂,900000002,,,,,,,,,,李娜,厂长,139,否,,\n"
        "华润万家有限公司,900000001,重要,,,,,,,,,王芳,财务经理,137,否,华润超市,\n"
        "华润万家有限公司,,,,,,,,,,,赵强,,,,,\n"
    )
    rows, errors = parse_csv(text)
    assert errors == []
    assert [r.name for r in rows] == ["华润万家有限公司", "华能电厂"]
    huarun = rows[0]
    assert huarun.line == 2
    assert (huarun.tier, huarun.credit_rating, huarun.industry) == (
        Tier.IMPORTANT,
        CreditRating.GOOD,
        "零售",
    )
    assert huarun.aliases == ("CRV", "华润超市")
    assert [c.name for c in huarun.contacts] == ["张伟", "王芳", "赵强"]


def test_a_row_repeated_word_for_word_adds_its_contact_once() -> None:
    rows, errors = parse_csv("客户名称,客户经理ID,联系人\n华能电厂,42,李娜\n华能电厂,42,李娜\n")
    assert errors == []
    assert rows[0].contacts == (ContactInfo("李娜"),)


def test_rows_of_one_client_that_disagree_are_conflicting() -> None:
    text = (
        "客户名称,客户经理ID,客户类型,联系人\n"
        "华能电厂,42,战略,李娜\n"
        "华润万家,43,重要,张伟\n"
        "华能电厂,42,商业,王五\n"
        "华能电厂,44,战略,赵六\n"
    )
    rows, errors = parse_csv(text)
    assert [r.name for r in rows] == ["华润万家"]
    assert errors == [
        RowError(4, "tier", "conflicting_rows", "华能电厂"),
        RowError(5, "owner_telegram_id", "conflicting_rows", "华能电厂"),
    ]


# -- each error code, with its line -----------------------------------------------------------


def test_every_error_code_has_a_message_in_both_languages() -> None:
    for lang in LANGUAGES:
        keys = set(catalog().keys(lang))
        missing = [code for code in ERROR_CODES if f"rowerr.{code}" not in keys]
        assert missing == [], lang


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \r\n",
        b"\xef\xbb\xbf",
        "客户名称,客户经理ID\n".encode(),
        b"name,owner_telegram_id\n,\n",
    ],
)
def test_an_empty_file_or_one_without_data_rows_is_empty_file(data: bytes) -> None:
    assert parse_client_file("clients.csv", data) == ([], [RowError(0, None, "empty_file", "")])


@pytest.mark.parametrize("filename", ["clients.xls", "clients.pdf", "clients"])
def test_a_file_neither_csv_nor_xlsx_is_unsupported_type(filename: str) -> None:
    _, errors = parse_client_file(filename, b"\xd0\xcf\x11\xe0 old excel")
    assert [(e.line, e.code) for e in errors] == [(0, "unsupported_type")]


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("clients.csv", b"\x00\x01\x02\xff\xfe\x00binary"),
        ("clients.csv", b"\x81\x30"),  # an incomplete GB18030 sequence: neither UTF-8 nor GBK
        ("clients.xlsx", b"not a zip at all"),
        ("clients.xlsx", b"PK\x03\x04 a truncated zip"),
    ],
)
def test_bytes_that_are_not_text_or_a_workbook_are_unreadable(filename: str, data: bytes) -> None:
    assert parse_client_file(filename, data) == ([], [RowError(0, None, "unreadable", "")])


def test_a_missing_required_column_is_reported_on_the_header_line() -> None:
    assert errors_of("客户名称,区域\n华能电厂,华北\n") == [
        (1, "owner_telegram_id", "missing_column", "owner_telegram_id")
    ]
    assert errors_of("区域\n华北\n") == [
        (1, "name", "missing_column", "name"),
        (1, "owner_telegram_id", "missing_column", "owner_telegram_id"),
    ]


def test_a_file_whose_rows_never_name_the_required_columns_reports_its_first_row() -> None:
    text = "客户名称,区域\n" + "".join(f"客户{i},华北\n" for i in range(10))
    assert errors_of(text) == [(1, "owner_telegram_id", "missing_column", "owner_telegram_id")]


def test_an_empty_required_cell_is_required() -> None:
    text = "客户名称,客户经理ID,联系人,电话\n,42,,\n华能电厂,,,\n华润万家,43,,13800138000\n"
    assert errors_of(text) == [
        (2, "name", "required", ""),
        (3, "owner_telegram_id", "required", ""),
        (4, "contact_name", "required", ""),
    ]


@pytest.mark.parametrize("value", ["abc", "0", "-5", "1.5", "12e", "NaN", "1e400"])
def test_an_owner_id_that_is_not_a_positive_whole_number_is_bad_owner_id(value: str) -> None:
    text = one_row("客户名称,客户经理ID", f"华能电厂,{value}")
    assert errors_of(text) == [(2, "owner_telegram_id", "bad_owner_id", value)]


def test_unknown_tier_rating_and_strategy_words_are_bad_values() -> None:
    text = one_row("客户名称,客户经理ID,客户类型,信誉等级,战略", "华能电厂,42,普通,极好,观望")
    assert errors_of(text) == [
        (2, "tier", "bad_tier", "普通"),
        (2, "credit_rating", "bad_rating", "极好"),
        (2, "strategy", "bad_strategy", "观望"),
    ]


@pytest.mark.parametrize("value", ["2024-02-30", "2024-13-01", "05/03/2024", "yesterday", "2024-3"])
def test_a_malformed_or_impossible_date_is_bad_date(value: str) -> None:
    assert errors_of(one_row("客户名称,客户经理ID,最近走访日期", f"华能电厂,42,{value}")) == [
        (2, "last_visit_on", "bad_date", value)
    ]


@pytest.mark.parametrize(
    "value", ["2024-03-05", "2024/3/5", "2024.03.05", "２０２４－０３－０５", "2024年3月5日"]
)
def test_accepted_date_spellings_all_mean_the_same_day(value: str) -> None:
    rows, errors = parse_csv(one_row("客户名称,客户经理ID,最近走访日期", f"华能电厂,42,{value}"))
    assert (errors, rows[0].last_visit_on) == ([], date(2024, 3, 5))


@pytest.mark.parametrize(
    ("latitude", "longitude", "bad"),
    [("91", "116", "latitude"), ("39.9", "-180.5", "longitude"), ("北纬39", "116", "latitude")],
)
def test_a_coordinate_that_is_not_a_number_or_out_of_range_is_bad_number(
    latitude: str, longitude: str, bad: str
) -> None:
    text = one_row("客户名称,客户经理ID,纬度,经度", f"华能电厂,42,{latitude},{longitude}")
    value = latitude if bad == "latitude" else longitude
    assert errors_of(text) == [(2, bad, "bad_number", value)]


def test_full_width_digits_in_coordinates_are_numbers() -> None:
    rows, errors = parse_csv(
        one_row("客户名称,客户经理ID,纬度,经度", "华能电厂,42,３９．９,－７０")
    )
    assert (errors, rows[0].latitude, rows[0].longitude) == ([], 39.9, -70.0)


def test_a_decision_maker_that_is_not_yes_or_no_is_bad_bool() -> None:
    text = one_row("客户名称,客户经理ID,联系人,决策人", "华能电厂,42,李娜,也许")
    assert errors_of(text) == [(2, "decision_maker", "bad_bool", "也许")]


def test_more_rows_than_allowed_is_too_many_rows_at_the_first_extra_row() -> None:
    text = "name,owner_telegram_id\nA,1\n\nB,1\nC,1\n"
    rows, errors = parse_client_file("clients.csv", text.encode(), max_rows=2)
    assert (rows, errors) == ([], [RowError(5, None, "too_many_rows", "2")])


def test_every_bad_row_is_reported_not_only_the_first() -> None:
    text = "客户名称,客户经理ID,信誉等级\n华能电厂,x,优\n华润万家,42,A+\n中国银行,43,差\n"
    rows, errors = parse_csv(text)
    assert [(e.line, e.code) for e in errors] == [(2, "bad_owner_id"), (3, "bad_rating")]
    assert [r.name for r in rows] == ["中国银行"]
