"""Reads a client file (CSV or XLSX, English or Chinese headers) into client rows and row errors."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import IO, TypeAlias, TypeVar

from knowledge.normal_form import fold
from services.domain import (
    RATING_WORDS,
    STRATEGY_WORDS,
    TIER_WORDS,
    ContactInfo,
    CreditRating,
    Strategy,
    Tier,
    parse_choice,
)

# Every `RowError.code`, for the message catalog. Line 0 means the whole file.
ERROR_CODES: tuple[str, ...] = (
    "empty_file",  # line 0: no bytes, no header, or a header and no data rows
    "unsupported_type",  # line 0: neither CSV nor XLSX; value = the file's extension
    "unreadable",  # line 0 (or the line where reading broke): not text, not a workbook
    "missing_column",  # header line: a required column is absent; column = value = its name
    "required",  # a required value is empty
    "bad_owner_id",  # owner_telegram_id is neither a positive whole number nor a user's name
    "ambiguous_owner",  # the owner is written as a name that several active users have
    "bad_tier",
    "bad_rating",
    "bad_strategy",
    "bad_date",  # not YYYY-MM-DD (YYYY/MM/DD, YYYY.MM.DD, YYYY年M月D日, a date cell) or no such day
    "bad_number",  # latitude/longitude not a number or out of range
    "bad_bool",  # decision_maker not 是/否, yes/no, 1/0 …
    "conflicting_rows",  # rows of one client disagree on a client field; value = the client's name
    "too_many_rows",  # line = the first row over the limit; value = the limit
    "too_long",  # a value longer than its column holds; value = the limit in characters
    "too_many_columns",  # line = the first row with more cells than a client file has; value = limit
    "too_large",  # line 0: the workbook unpacks to more than the limit; value = the limit in MB
    "cell_too_large",  # one cell, in any column, read or not; header = its letter; value = limit
    "unknown_owner",  # added by ClientService when the owner is not an active user
)

# Canonical column names, in the order errors are reported, with the headers that mean them.
# Headers are compared after NFKC, traditional → simplified, lower case, and without spaces, "_",
# "-", "*" or a trailing remark in brackets, so "Owner Telegram ID", "客戶經理ID（必填）" match.
COLUMN_HEADERS: dict[str, tuple[str, ...]] = {
    "name": (
        "name", "client", "clientname", "customer", "customername", "company", "companyname",
        "account", "accountname", "客户名称", "客户", "客户名", "客户全称", "名称", "单位名称",
        "单位", "企业名称", "公司名称",
    ),
    "owner_telegram_id": (
        "ownertelegramid", "ownerid", "owner", "managerid", "managertelegramid",
        "accountmanagertelegramid", "accountmanagerid", "telegramid", "客户经理id",
        "客户经理telegramid", "客户经理", "经理id", "负责人id", "负责人telegramid",
    ),
    "tier": ("tier", "type", "clienttype", "customertype", "客户类型", "类型", "客户级别", "客户分类"),
    "credit_rating": ("creditrating", "rating", "credit", "信誉等级", "信用等级", "信誉", "信用评级"),
    "strategy": ("strategy", "战略", "客户战略", "策略"),
    "industry": ("industry", "sector", "行业", "所属行业"),
    "region": ("region", "area", "区域", "地区", "片区"),
    "address": ("address", "addr", "地址", "详细地址", "客户地址"),
    "latitude": ("latitude", "lat", "纬度"),
    "longitude": ("longitude", "lon", "lng", "long", "经度"),
    "last_visit_on": (
        "lastvisiton", "lastvisit", "lastvisitdate", "lastonsitevisit", "最近走访日期", "最近走访", "上次走访日期",
        "最后走访日期", "走访日期", "最近上门走访日期",
    ),
    "contact_name": ("contactname", "contact", "联系人", "联系人姓名", "联络人"),
    "contact_title": ("contacttitle", "title", "position", "职务", "职位", "联系人职务"),
    "contact_phone": (
        "contactphone", "phone", "mobile", "tel", "telephone", "电话", "手机", "联系电话",
        "手机号", "手机号码", "联系人电话",
    ),
    "decision_maker": ("decisionmaker", "决策人", "是否决策人", "关键决策人"),
    "aliases": ("aliases", "alias", "别名", "简称", "曾用名"),
    "notes": ("notes", "note", "remarks", "remark", "comment", "comments", "备注", "说明"),
}  # fmt: skip
REQUIRED_COLUMNS = ("name", "owner_telegram_id")

# The longest value each column holds (the database's column sizes); checked per row, with its line.
FIELD_LIMITS: dict[str, int] = {
    "name": 300, "industry": 200, "region": 200, "address": 500, "contact_name": 200,
    "contact_title": 200, "contact_phone": 64, "aliases": 1000, "notes": 4000,
}  # fmt: skip
# Limits on a workbook, checked while streaming its sheet before any row is parsed: a small file
# can unpack into a million cells (one 112 KB XLSX held 1,000,000 cells in one row).
MAX_COLUMNS = 100
MAX_UNPACKED_MB = 100
# The longest cell in any column, read or ignored: Excel's own limit, so no real sheet breaks it.
MAX_CELL_CHARS = 32767

# Client fields that every row of one client must agree on (a blank cell agrees with anything).
_CLIENT_FIELDS = (
    "owner_telegram_id", "tier", "credit_rating", "strategy", "industry", "region", "address",
    "latitude", "longitude", "last_visit_on", "notes",
)  # fmt: skip
_TRUE = frozenset(("是", "yes", "y", "true", "t", "1", "√", "✓", "✔", "对", "是的"))
_FALSE = frozenset(("否", "no", "n", "false", "f", "0", "×", "✗", "不是", "非"))
_ALIAS_SEPARATORS = re.compile(r"[;；、|｜]")
_DATE = re.compile(
    r"(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?)"
    r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_HEADER_REMARK = re.compile(r"[(\[].*?[)\]]\s*$")
_HEADER_NOISE = re.compile(r"[\s_\-*:]+")
_XLSX_EXTENSIONS = frozenset((".xlsx", ".xlsm"))
_CSV_EXTENSIONS = frozenset((".csv", ".txt", ".tsv"))
_ZIP_MAGIC = b"PK\x03\x04"
_HEADER_SEARCH_ROWS = 5  # the header may follow a few title rows ("2024年客户清单")
_MAX_OWNER_ID = 2**63 - 1
_EXCEL_EPOCH = date(1899, 12, 30)
_MAX_EXCEL_SERIAL = 2958465  # 9999-12-31
_HEADER_INDEX: dict[str, str] = {
    _HEADER_NOISE.sub("", spelling): column
    for column, spellings in COLUMN_HEADERS.items()
    for spelling in (column, *spellings)
}
_COLUMN_ORDER = {column: order for order, column in enumerate(COLUMN_HEADERS)}

Cell: TypeAlias = str | int | float | bool | date | datetime | None
T = TypeVar("T")
E = TypeVar("E", Tier, CreditRating, Strategy)


@dataclass(frozen=True, slots=True)
class ClientRow:
    """One client read from the file, with every contact listed for it."""

    line: int  # 1-based line of the client's first row; the header is line 1
    name: str
    owner_telegram_id: int
    tier: Tier | None
    credit_rating: CreditRating | None
    strategy: Strategy | None
    industry: str | None
    region: str | None
    address: str | None
    latitude: float | None
    longitude: float | None
    last_visit_on: date | None
    notes: str | None
    aliases: tuple[str, ...]
    contacts: tuple[ContactInfo, ...]


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem in the file; `code` is one of ERROR_CODES, translated by the bot."""

    line: int
    column: str | None
    code: str
    value: str
    # The column's header as the file wrote it ("客户经理ID"), to name it the user's way.
    header: str | None = field(default=None, compare=False)


def no_client_columns(errors: list[RowError]) -> bool:
    """Whether a file failed for having none of a client list's required columns: a price table
    or a handbook's spreadsheet rather than a client list with a mistake in it."""
    missing = {e.column for e in errors if e.code == "missing_column"}
    return bool(errors) and missing >= set(REQUIRED_COLUMNS)


def file_headers(filename: str, data: bytes) -> dict[str, str]:
    """Canonical column → its header as written in the file (empty when there is no header)."""
    seen: dict[str, str] = {}
    try:
        extension = PurePath(filename).suffix.lower()
        if data.startswith(_ZIP_MAGIC):
            lines = _xlsx_lines(data)
        elif extension in _CSV_EXTENSIONS:
            lines = _csv_lines(data)
        else:
            return {}
        with contextlib.closing(lines):
            for n, (_line, cells) in enumerate(lines):
                columns = _columns(cells)
                if all(c in columns for c in REQUIRED_COLUMNS):
                    return {c: _text(cells[i]).strip() for c, i in columns.items()}
                if n >= _HEADER_SEARCH_ROWS:
                    break
    except Exception:
        return seen
    return seen


def owner_key(name: str) -> str:
    """How an owner written by name is compared: NFKC, no spaces, case folded."""
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def parse_client_file(
    filename: str,
    data: bytes,
    *,
    max_rows: int = 20000,
    owners: Mapping[str, int | None] | None = None,
) -> tuple[list[ClientRow], list[RowError]]:
    """Read every client in a CSV or XLSX file; any error means the file should not be imported.

    `owners` maps `owner_key(name)` of each active user to their Telegram ID (None when several
    users share the name): a client list usually names its manager (客户经理：李婷), not an ID.
    """
    if not data.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
        return [], [RowError(0, None, "empty_file", "")]
    extension = PurePath(filename).suffix.lower()
    if data.startswith(_ZIP_MAGIC):
        lines = _xlsx_lines(data, max_rows)  # a workbook, whatever its name says
    elif extension in _CSV_EXTENSIONS:
        lines = _csv_lines(data)
    elif extension in _XLSX_EXTENSIONS:
        return [], [RowError(0, None, "unreadable", "")]
    else:
        return [], [RowError(0, None, "unsupported_type", extension)]
    try:
        with contextlib.closing(lines):
            return _read(lines, max_rows, owners or {})
    except _Unreadable as exc:
        return [], [RowError(exc.line, None, "unreadable", "")]
    except _Refused as exc:
        return [], [exc.error]


class _Refused(Exception):
    """The file breaks a limit; said as one row error."""

    def __init__(self, error: RowError) -> None:
        super().__init__(error.code)
        self.error = error


class _Unreadable(Exception):
    def __init__(self, line: int = 0) -> None:
        super().__init__(line)
        self.line = line


def _read(
    lines: Iterator[tuple[int, list[Cell]]], max_rows: int, owners: Mapping[str, int | None]
) -> tuple[list[ClientRow], list[RowError]]:
    header: dict[str, int] | None = None
    first_missing: list[RowError] = []
    skipped = 0
    errors: list[RowError] = []
    records: list[_Record] = []
    data_rows = 0
    for line, cells in lines:
        if all(_text(c) == "" for c in cells):
            continue
        if header is None:
            # The header is the first row naming the required columns; rows above it are titles.
            columns = _columns(cells)
            missing = [c for c in REQUIRED_COLUMNS if c not in columns]
            if not missing:
                header = columns
                continue
            first_missing = first_missing or [
                RowError(line, c, "missing_column", c) for c in missing
            ]
            skipped += 1
            if skipped >= _HEADER_SEARCH_ROWS:
                return [], first_missing
            continue
        data_rows += 1
        if data_rows > max_rows:
            return [], [RowError(line, None, "too_many_rows", str(max_rows))]
        record, row_errors = _parse_row(line, {c: _at(cells, i) for c, i in header.items()}, owners)
        errors += row_errors
        if not row_errors:
            records.append(record)
    if header is None and first_missing:
        return [], first_missing
    if header is None or (not records and not errors):
        return [], [RowError(0, None, "empty_file", "")]
    rows, merge_errors = _merge(records)
    errors += merge_errors
    errors.sort(key=lambda e: (e.line, _column_order(e.column)))
    return rows, errors


# -- reading the file -------------------------------------------------------------------------


def _csv_lines(data: bytes) -> Generator[tuple[int, list[Cell]], None, None]:
    """(line number, cells) for each CSV record; a quoted value may span lines."""
    text = _decode(data)
    if text is None:
        raise _Unreadable()
    first_line = 1
    if text[:4].lower() == "sep=" and text[5:6] in ("\r", "\n", ""):  # Excel's delimiter hint
        delimiter = text[4]
        text = text.split("\n", 1)[1] if "\n" in text else ""
        first_line = 2
    else:
        delimiter = _sniff_delimiter(text)
    # The csv module's own cap (128 KB) would fail with no column named; cells are checked here.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous = 0
    try:
        for record in reader:
            cells: list[Cell] = list(record)
            _check_cells(previous + first_line, cells)
            yield previous + first_line, cells
            previous = reader.line_num
    except csv.Error as exc:
        raise _Unreadable(previous + first_line) from exc


def _decode(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (Excel on Chinese Windows)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return None if "\x00" in text else text
    return None


def _sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever the header line has most of (comma when none)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _xlsx_lines(
    data: bytes, max_rows: int = 20000
) -> Generator[tuple[int, list[Cell]], None, None]:
    """(row number, values) for each row of the first sheet; dates come back as dates."""
    import openpyxl  # heavy; only needed for workbooks

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except Exception as exc:  # see below
        raise _Unreadable() from exc
    if unpacked > MAX_UNPACKED_MB * 1024 * 1024:
        raise _Refused(RowError(0, None, "too_large", str(MAX_UNPACKED_MB)))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged or foreign file fails in many ways; all mean unreadable
        raise _Unreadable() from exc
    try:
        sheet = workbook.worksheets[0]
        try:
            # openpyxl's read-only sheet is a path in the archive: count rows and cells cheaply.
            with workbook._archive.open(sheet._worksheet_path) as stream:
                _scan_sheet(stream, max_rows)
        except _Refused:
            raise
        except Exception as exc:
            raise _Unreadable() from exc
        sheet.reset_dimensions()  # some writers record wrong dimensions, which would cut rows
        line = 0
        try:
            for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_xlsx_value(v) for v in values]
                _check_cells(line, cells)
                yield line, cells
        except _Refused:
            raise
        except Exception as exc:  # see above
            raise _Unreadable(line + 1) from exc
    finally:
        workbook.close()


_SHEET_TAG = re.compile(rb"<(?:\w{1,16}:)?(row|c)[\s>/]")


def _scan_sheet(stream: IO[bytes], max_rows: int) -> None:
    """Count rows and cells in the sheet's XML as it streams; refuse before openpyxl builds a row."""
    rows = cells = 0
    row_limit = max_rows + 1000  # room for titles and blank rows; _read applies the exact limit
    tail = b""
    while chunk := stream.read(1 << 20):
        buffer = tail + chunk
        cut = max(len(buffer) - 24, 0)  # a tag cut by the chunk is counted in the next round
        for match in _SHEET_TAG.finditer(buffer, 0, len(buffer)):
            if match.start() >= cut:
                break
            if match.group(1) == b"row":
                rows, cells = rows + 1, 0
                if rows > row_limit:
                    raise _Refused(RowError(rows, None, "too_many_rows", str(max_rows)))
            else:
                cells += 1
                if cells > MAX_COLUMNS:
                    raise _Refused(RowError(rows, None, "too_many_columns", str(MAX_COLUMNS)))
        tail = buffer[cut:]
    for match in _SHEET_TAG.finditer(tail):
        cells += match.group(1) == b"c"
        if cells > MAX_COLUMNS:
            raise _Refused(RowError(rows, None, "too_many_columns", str(MAX_COLUMNS)))


def _check_cells(line: int, cells: list[Cell]) -> None:
    """Refuse a row with an over-long cell, naming its column by letter (A, B, … AA)."""
    for index, cell in enumerate(cells):
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            raise _Refused(RowError(line, None, "cell_too_large", str(MAX_CELL_CHARS),
                                    header=column_letter(index)))  # fmt: skip


def column_letter(index: int) -> str:
    """A spreadsheet's name for the column at 0-based `index`: A … Z, AA, AB …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _xlsx_value(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | bool | date):
        return value
    return str(value)  # a time of day or a duration: only ever wrong, but shown as written


def _at(cells: Sequence[Cell], index: int) -> Cell:
    return cells[index] if index < len(cells) else None


# -- the header -------------------------------------------------------------------------------


def _columns(cells: Sequence[Cell]) -> dict[str, int]:
    """Canonical column name → position; unknown headers are ignored, a repeated one too."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        column = _HEADER_INDEX.get(_header_key(_text(cell)))
        if column is not None and column not in found:
            found[column] = index
    return found


def _header_key(header: str) -> str:
    key = _HEADER_REMARK.sub("", unicodedata.normalize("NFKC", header).strip())
    return _HEADER_NOISE.sub("", fold(key))


def _column_order(column: str | None) -> int:
    return _COLUMN_ORDER.get(column, -1) if column else -1


# -- one row ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Record:
    """One valid row: client fields (None when blank) and the contact it lists, if any."""

    line: int
    name: str
    fields: dict[str, object]
    aliases: tuple[str, ...]
    contact: ContactInfo | None


def _parse_row(
    line: int, cells: dict[str, Cell], owners: Mapping[str, int | None]
) -> tuple[_Record, list[RowError]]:
    too_long = [
        RowError(line, column, "too_long", str(limit))
        for column, limit in FIELD_LIMITS.items()
        if len(_text(cells.get(column))) > limit
    ]
    if too_long:  # reported with the limit, never the value (it may be anything, or personal)
        return _Record(line, "", {}, (), None), too_long
    errors: list[RowError] = []

    def fail(column: str, code: str) -> None:
        errors.append(RowError(line, column, code, _text(cells.get(column))))

    name = " ".join(_text(cells.get("name")).split())
    if not name:
        fail("name", "required")
    fields: dict[str, object] = {c: None for c in _CLIENT_FIELDS}

    owner = cells.get("owner_telegram_id")
    if _text(owner):
        owner_id = _owner_id(owner)
        if owner_id is None and owner_key(_text(owner)) in owners:
            owner_id = owners[owner_key(_text(owner))]
            if owner_id is None:
                fail("owner_telegram_id", "ambiguous_owner")
        elif owner_id is None:
            fail("owner_telegram_id", "bad_owner_id")
        fields["owner_telegram_id"] = owner_id

    def choice(column: str, words: dict[E, tuple[str, ...]], code: str) -> None:
        raw = _text(cells.get(column))
        if raw:
            fields[column] = value = parse_choice(words, unicodedata.normalize("NFKC", raw))
            if value is None:
                fail(column, code)

    choice("tier", TIER_WORDS, "bad_tier")
    choice("credit_rating", RATING_WORDS, "bad_rating")
    choice("strategy", STRATEGY_WORDS, "bad_strategy")

    for column in ("industry", "region", "address", "notes"):
        fields[column] = _text(cells.get(column)) or None

    for column, limit in (("latitude", 90.0), ("longitude", 180.0)):
        if _text(cells.get(column)):
            fields[column] = number = _number(cells.get(column), limit)
            if number is None:
                fail(column, "bad_number")

    if _text(cells.get("last_visit_on")):
        fields["last_visit_on"] = visited = _date(cells.get("last_visit_on"))
        if visited is None:
            fail("last_visit_on", "bad_date")

    decision_maker = False
    if _text(cells.get("decision_maker")):
        flag = _bool(cells.get("decision_maker"))
        if flag is None:
            fail("decision_maker", "bad_bool")
        decision_maker = bool(flag)

    contact: ContactInfo | None = None
    contact_name = _text(cells.get("contact_name"))
    title = _text(cells.get("contact_title")) or None
    phone = _phone(cells.get("contact_phone"))
    if contact_name:
        contact = ContactInfo(contact_name, title, phone, decision_maker)
    elif title or phone:
        fail("contact_name", "required")

    aliases = tuple(
        dict.fromkeys(
            a.strip() for a in _ALIAS_SEPARATORS.split(_text(cells.get("aliases"))) if a.strip()
        )
    )
    return _Record(line, name, fields, aliases, contact), errors


def _text(cell: Cell) -> str:
    """A cell as trimmed text: whole numbers without ".0", dates as YYYY-MM-DD."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return (
            cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat(" ")
        )
    if isinstance(cell, date):
        return cell.isoformat()
    # Full-width spaces, no-break spaces and stray BOMs are whitespace to a spreadsheet user.
    return str(cell).strip().strip("\ufeff\u200b").strip()


def _digits_text(cell: Cell) -> str:
    """The text of a cell meant as a number or date, with full-width digits made ASCII."""
    return unicodedata.normalize("NFKC", _text(cell)).strip()


def _owner_id(cell: Cell) -> int | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        value = cell
    else:
        try:
            # Excel turns long ids into 900000001.0 or 9.00000001E+08.
            number = Decimal(_digits_text(cell))
        except InvalidOperation:
            return None
        # A huge exponent would make a huge int before the range check.
        if not number.is_finite() or number.adjusted() > 18 or number != number.to_integral_value():
            return None
        value = int(number)
    return value if 0 < value <= _MAX_OWNER_ID else None


def _number(cell: Cell, limit: float) -> float | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        value = float(cell)
    else:
        try:
            value = float(_digits_text(cell))
        except ValueError:
            return None
    return value if math.isfinite(value) and -limit <= value <= limit else None


def _date(cell: Cell) -> date | None:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        # A date cell that lost its format shows Excel's day number.
        if 1 <= cell <= _MAX_EXCEL_SERIAL and float(cell).is_integer():
            return _EXCEL_EPOCH + timedelta(days=int(cell))
        return None
    match = _DATE.fullmatch(_digits_text(cell).lower())
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups() if g is not None)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _bool(cell: Cell) -> bool | None:
    if isinstance(cell, bool):
        return cell
    raw = _digits_text(cell).lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    return None


def _phone(cell: Cell) -> str | None:
    return _digits_text(cell) or None


# -- rows of one client -----------------------------------------------------------------------


def _merge(records: Iterable[_Record]) -> tuple[list[ClientRow], list[RowError]]:
    """One ClientRow per name: client fields filled from any row, a contact from every row."""
    groups: dict[str, list[_Record]] = {}
    for record in records:
        groups.setdefault(record.name, []).append(record)
    rows: list[ClientRow] = []
    errors: list[RowError] = []
    for name, group in groups.items():
        fields: dict[str, object] = {}
        conflicts: list[RowError] = []
        for record in group:
            for column, value in record.fields.items():
                if value is None:
                    continue
                known = fields.setdefault(column, value)
                if known != value:
                    conflicts.append(RowError(record.line, column, "conflicting_rows", name))
        if conflicts:
            errors += conflicts
            continue
        owner = fields.get("owner_telegram_id")
        if not isinstance(owner, int):
            errors.append(RowError(group[0].line, "owner_telegram_id", "required", ""))
            continue
        aliases = dict.fromkeys(a for r in group for a in r.aliases if a != name)
        contacts = dict.fromkeys(r.contact for r in group if r.contact is not None)
        rows.append(
            ClientRow(
                line=group[0].line,
                name=name,
                owner_telegram_id=owner,
                tier=_typed(fields.get("tier"), Tier),
                credit_rating=_typed(fields.get("credit_rating"), CreditRating),
                strategy=_typed(fields.get("strategy"), Strategy),
                industry=_typed(fields.get("industry"), str),
                region=_typed(fields.get("region"), str),
                address=_typed(fields.get("address"), str),
                latitude=_typed(fields.get("latitude"), float),
                longitude=_typed(fields.get("longitude"), float),
                last_visit_on=_typed(fields.get("last_visit_on"), date),
                notes=_typed(fields.get("notes"), str),
                aliases=tuple(aliases),
                contacts=tuple(contacts),
            )
        )
    return rows, errors


def _typed(value: object, kind: type[T]) -> T | None:
    return value if isinstance(value, kind) else None
