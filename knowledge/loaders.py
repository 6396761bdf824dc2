"""Reading files into titled blocks of text: txt, md, html, pdf, docx, csv and xlsx, any encoding."""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from knowledge.cleaning import clean_web_text, is_page_number, page_number, without_page_furniture
from knowledge.normal_form import to_simplified
from knowledge.text import has_cjk
from knowledge.types import IngestError

if TYPE_CHECKING:
    from docx.table import Table

log = logging.getLogger("kam.knowledge.loaders")

SUPPORTED_SUFFIXES = frozenset(
    {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".csv", ".xlsx"}
)
# Office and WPS formats the loaders do not read, which their program saves as DOCX, XLSX or PDF:
# the admin is told so rather than only that the type is not supported.
SAVE_AS_SUFFIXES = frozenset(
    {".doc", ".wps", ".rtf", ".odt", ".xls", ".et", ".ods", ".ppt", ".pptx", ".dps", ".odp"}
)


def unsupported(filename: str) -> IngestError:
    """The refusal of a file whose type is not read: "save_as" when its program can convert it."""
    suffix = PurePath(filename).suffix.lower()
    code = "save_as" if suffix in SAVE_AS_SUFFIXES else "unsupported_type"
    return IngestError(code, filename, suffix or "no file extension")


# Photos of printed pages, read by OCR (knowledge/ocr.py) when a file is named or sent on its own;
# a folder's pictures (logos, screenshots) are not documents and are skipped.
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff"})
_CN_NUM = "一二三四五六七八九十百零〇两"
_HEADING_PATTERNS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(rf"^第[{_CN_NUM}\d]+[章篇部分]"), 1),
    (re.compile(rf"^第[{_CN_NUM}\d]+节"), 2),
    (re.compile(rf"^[{_CN_NUM}]+[、.．]"), 2),
    (re.compile(rf"^[（(][{_CN_NUM}]+[）)]"), 3),
    (re.compile(r"^[（(]\d{1,2}[）)]"), 4),
    (re.compile(r"^\d{1,2}\s*[、．.](?!\d)"), 3),
    (re.compile(r"^\d{1,2}\.\d{1,2}(?!\.\d)(?:\s|[^\d.]|$)"), 4),
    (re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,2}"), 5),
    (re.compile(rf"^第[{_CN_NUM}\d]+条"), 5),
)
_MD_HEADING_RE = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
_SENTENCE_END_RE = re.compile(r"[。！？；!?;：:，,]$")
_TABLE_SEP_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_MAX_HEADING_CHARS = 40


@dataclass(frozen=True)
class Block:
    """A paragraph of original text; heading_level is set for headings (1 = top)."""

    text: str
    heading_level: int | None = None
    page: int | None = None


@dataclass(frozen=True)
class ParsedDocument:
    title: str | None
    blocks: list[Block]
    pages: int
    kind: str
    # A photographed page's first row when that is not its title: the running header every
    # page of the document prints ("营销服务手册"), by which its pages are filed together.
    header: str | None = None
    # The page number printed on a photographed page ("第3页", "- 3 -", "3/4"); None when none is.
    number: int | None = None


def decode_text(data: bytes, filename: str) -> str:
    """UTF-8 (with or without BOM), else GB18030, else Big5: whichever reads as real Chinese. UTF-8
    text that was read once as Windows-1252 and saved again ("å®¢æˆ·" for 客户) is read back."""
    try:
        return repair_mojibake(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in ("gb18030", "big5"):
        try:
            candidates.append(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise IngestError("unreadable", filename, "unknown text encoding")
    # Big5 bytes also decode as GB18030 (as nonsense); keep the reading with common characters.
    return max(candidates, key=_plausibility)


# Chinese UTF-8 read as Windows-1252: each character became three Latin ones, the first of them
# one of these ("客" → "å®¢", "，" → "ï¼Œ", "“" → "â€œ").
_MOJIBAKE_RE = re.compile("[\u00e2-\u00e9\u00ef][\u0080-\u00bf\u0152-\u2122]")
_MIN_MOJIBAKE = 8


def repair_mojibake(text: str) -> str:
    """The text as it was before its UTF-8 bytes were read as Windows-1252 (or Latin-1), when most
    of it reads as such and reads back into Chinese; otherwise the text unchanged."""
    found = len(_MOJIBAKE_RE.findall(text))
    if found < _MIN_MOJIBAKE or found < 0.1 * len(text) / 3:
        return text
    raw = bytearray()
    for ch in text:
        try:
            raw += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return text  # a character no Windows-1252 reading produces: not mojibake
            raw.append(ord(ch))
    # A byte Windows-1252 has no character for may have been dropped on the way: that character
    # alone is lost ("�"), the rest reads again.
    repaired = raw.decode("utf-8", errors="replace")
    chinese = len(_CJK_RE.findall(repaired))
    lost = repaired.count("\ufffd")
    return repaired if chinese >= found / 2 and lost <= 0.3 * chinese else text


_CJK_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")


def _plausibility(text: str) -> float:
    from knowledge.text import _get_tokenizer

    freq = _get_tokenizer().FREQ
    sample = to_simplified(text[:4000])
    chars = [ch for ch in sample if has_cjk(ch)]
    if not chars:
        return 0.0
    return sum(1 for ch in chars if freq.get(ch, 0) >= 1000) / len(chars)


def heading_level(line: str) -> int | None:
    """The level of a heading written as Chinese or decimal numbering, or None for body text."""
    if len(line) > _MAX_HEADING_CHARS or _SENTENCE_END_RE.search(line) or "。" in line:
        return None
    for pattern, level in _HEADING_PATTERNS:
        if pattern.match(line):
            return level
    return None


def _markdown_tables(lines: list[str]) -> list[str]:
    """Markdown tables become one line per row: "header: value; header: value"."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if (
            i + 1 < len(lines)
            and lines[i].strip().startswith("|")
            and _TABLE_SEP_RE.match(lines[i + 1].strip())
        ):
            header = _cells(lines[i])
            i += 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                out.append(_row_text(header, _cells(lines[i])))
                i += 1
            out.append("")
            continue
        out.append(lines[i])
        i += 1
    return out


def _tab_tables(lines: list[str]) -> list[str]:
    """A table pasted as tab-separated lines (from a spreadsheet or a Word table) becomes one line
    per row like a markdown table, "header: value; header: value": a row alone ("紧急	1个工作日")
    no longer says what its values are."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        header = [c.strip() for c in lines[i].strip().split("\t")]
        j = i + 1
        if len(header) >= 2 and all(header):
            while j < len(lines) and len(lines[j].strip().split("\t")) == len(header):
                j += 1
        if j - i >= 2:
            out.extend(_row_text(header, lines[n].strip().split("\t")) for n in range(i + 1, j))
            out.append("")
            i = j
            continue
        out.append(lines[i])
        i += 1
    return out


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _row_text(header: list[str], row: Iterable[object]) -> str:
    parts = []
    for n, value in enumerate(row):
        text = "" if value is None else str(value).strip()
        if not text:
            continue
        name = header[n].strip() if n < len(header) and header[n] else ""
        parts.append(f"{name}: {text}" if name and name != text else text)
    return "; ".join(parts)


def _blocks_from_lines(
    lines: Iterable[str], *, page: int | None = None, numbered_headings: bool = True
) -> list[Block]:
    """Lines to blocks: markdown headings, and numbered ones (一、 1.2 第一章) unless the text is
    markdown, where numbered lines are list items and headings are explicit."""
    blocks: list[Block] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        md = _MD_HEADING_RE.match(line)
        if md:
            blocks.append(Block(_strip_markup(md.group(2)).strip(), len(md.group(1)), page))
            continue
        level = heading_level(line) if numbered_headings else None
        blocks.append(Block(line, level, page))
    return blocks


_MD_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS_RE = re.compile(r"(\*\*|__|`)")
_MD_QUOTE_RE = re.compile(r"^\s{0,3}>\s?")


def _strip_markup(line: str) -> str:
    """Markdown to plain text for one line: links keep their text; bold, code marks, quotes go."""
    line = _MD_QUOTE_RE.sub("", line)
    line = _MD_LINK_RE.sub(r"\1", line)
    return _MD_EMPHASIS_RE.sub("", line)


def _first_heading(blocks: list[Block], max_level: int = 1) -> str | None:
    for block in blocks:
        if block.heading_level is not None and block.heading_level <= max_level:
            return block.text
    return None


# HTML character references left in text copied out of a page's source ("&ldquo;三优&rdquo;",
# "&nbsp;", "&#8220;").
_ENTITY_RE = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")


def parse_text(text: str, *, markdown: bool) -> ParsedDocument:
    if _ENTITY_RE.search(text):
        import html

        text = html.unescape(text)
    lines = _markdown_tables(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    lines = _tab_tables(lines)
    if markdown:
        lines = [
            line if _MD_HEADING_RE.match(line.strip()) else _strip_markup(line) for line in lines
        ]
    cleaned = clean_web_text("\n".join(lines))
    blocks = _blocks_from_lines(cleaned.split("\n"), numbered_headings=not markdown)
    title = _first_heading(blocks) if markdown else None
    return ParsedDocument(title, blocks, 1, "markdown" if markdown else "text")


def parse_html(text: str) -> ParsedDocument:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside", "form"]):
        tag.decompose()
    for level in range(1, 7):
        for tag in soup.find_all(f"h{level}"):
            tag.replace_with(f"\n{'#' * level} {tag.get_text(' ', strip=True)}\n")
    for table in soup.find_all("table"):
        rows = [
            [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
            for tr in table.find_all("tr")
        ]
        lines = [_row_text(rows[0], r) for r in rows[1:]] if len(rows) > 1 else []
        table.replace_with("\n" + "\n".join(lines) + "\n")
    for tag in soup.find_all(["br"]):
        tag.replace_with("\n")
    for tag in soup.find_all(["p", "div", "li", "tr", "section", "article", "blockquote"]):
        tag.insert_before("\n")
        tag.insert_after("\n")
    body = soup.body or soup
    parsed = parse_text(body.get_text(""), markdown=True)
    return ParsedDocument(title or parsed.title, parsed.blocks, 1, "html")


def parse_docx(data: bytes, filename: str) -> ParsedDocument:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise IngestError("unreadable", filename, f"not a valid .docx: {exc}") from exc
    from docx.table import Table as DocxTable

    blocks: list[Block] = []
    title = (document.core_properties.title or "").strip() or None
    # Paragraphs and tables in reading order: a table stays under the heading it was written under.
    for paragraph in document.iter_inner_content():
        if isinstance(paragraph, DocxTable):
            blocks.extend(_docx_table(paragraph))
            continue
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        level: int | None = None
        match = re.search(r"(?:heading|标题)\s*(\d)", style, re.IGNORECASE)
        if style.lower() == "title" or style == "标题":
            title = title or text
            level = 0  # above "Heading 1"
        elif match:
            level = int(match.group(1))
        else:
            level = heading_level(text)
        blocks.append(Block(text, level))
    return ParsedDocument(title or _first_heading(blocks), blocks, 1, "docx")


def _docx_table(table: Table) -> list[Block]:
    """One block per row, "header: value; header: value"; a one-row table as its cells."""
    rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
    if len(rows) > 1:
        return [Block(_row_text(rows[0], r)) for r in rows[1:]]
    return [Block("; ".join(c for c in rows[0] if c))] if rows else []


def parse_pdf(
    data: bytes, filename: str, read: Callable[[int, int], None] | None = None
) -> ParsedDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError("unreadable", filename, "the PDF is password-protected")
        pages = list(reader.pages)
        texts = [page.extract_text() or "" for page in pages]
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError("unreadable", filename, f"not a valid PDF: {exc}") from exc
    if not pages:
        raise IngestError("unreadable", filename, "the PDF has no pages")
    if not any(t.strip() for t in texts):
        return _scanned_pdf(pages, filename, read)
    blocks: list[Block] = []
    pages_lines = without_page_furniture(
        [text.split("\n") for text in texts], lambda line: heading_level(line) is not None
    )
    for number, lines in enumerate(pages_lines, start=1):
        blocks.extend(_blocks_from_lines(_unwrap_pdf_lines("\n".join(lines)), page=number))
    title = None
    try:
        meta = reader.metadata
        title = (meta.title or "").strip() or None if meta is not None else None
    except Exception:  # metadata is optional and often malformed
        title = None
    return ParsedDocument(title, blocks, len(pages), "pdf")


def _scanned_pdf(
    pages: Sequence[object], filename: str, read: Callable[[int, int], None] | None = None
) -> ParsedDocument:
    """A PDF of page pictures is read by OCR (kind "pdf-ocr": its sources say so, with the page);
    read(done, total) is told each page read (a page takes seconds)."""
    from knowledge import ocr

    if len(pages) > ocr.MAX_OCR_PAGES:
        raise IngestError("ocr_too_long", filename, f"{len(pages)} scanned pages")
    try:
        texts = ocr.read_pdf_pages(pages, read)
    except ocr.OcrUnavailable as exc:
        raise IngestError("no_text_pdf", filename, str(exc)) from exc
    if not any(texts):
        raise IngestError("no_text_pdf", filename, f"{len(pages)} pages without readable text")
    blocks: list[Block] = []
    pages_rows = without_page_furniture(
        [list(r) for r in texts], lambda line: heading_level(line) is not None
    )
    for number, rows in enumerate(pages_rows, start=1):
        blocks.extend(_blocks_from_lines(_unwrap_pdf_lines("\n".join(rows)), page=number))
    return ParsedDocument(None, blocks, len(pages), "pdf-ocr")


def parse_page_image(data: bytes, filename: str) -> ParsedDocument:
    """A photo of a printed page, read by OCR (kind "image-ocr"). Its title is the line printed
    largest near the top (`ocr.page_title`), not whichever line the OCR gives first (a small
    running header, or a body line of a tilted photo); none when the page has none."""
    from knowledge import ocr

    try:
        lines = ocr.read_lines(data)
        rows = ocr.row_texts(lines)
    except ValueError as exc:
        raise IngestError("unreadable", filename, str(exc)) from exc
    except ocr.OcrUnavailable as exc:
        raise IngestError("unsupported_type", filename, str(exc)) from exc
    number = _printed_page(rows)
    rows = [row for n, row in enumerate(rows) if not (_at_edge(n, rows) and is_page_number(row))]
    if number is not None and rows and rows[-1].strip() == str(number):
        rows = rows[:-1]
    title = ocr.page_title(lines)
    printed = ocr.printed_title(lines)
    header = None
    if rows and printed is None:
        header = rows[0]
    elif rows and printed and rows[0].strip() != printed.strip():
        # Above the title of a document's first page: its running header, when short.
        header = rows[0] if _RUNNING_HEADER.fullmatch(rows[0].strip()) else None
    # The running header and the title on lines of their own, the title as the page's heading:
    # joined to the first sentence, every answer quoting it began "营销服务手册信誉评价为…".
    top: list[Block] = []
    if header is not None and _RUNNING_HEADER.fullmatch(header.strip()):
        top.append(Block(header.strip(), None, number or 1))
        rows = rows[1:]
    if printed and rows and rows[0].strip() == printed.strip():
        top.append(Block(printed.strip(), 1, number or 1))
        rows = rows[1:]
    blocks = top + _blocks_from_lines(_unwrap_pdf_lines("\n".join(rows)), page=number or 1)
    return ParsedDocument(
        title[:_MAX_HEADING_CHARS] if title else None, blocks, 1, "image-ocr", header, number
    )


# A running header: short, no sentence in it.
_RUNNING_HEADER = re.compile(r"[^，。；！？,;!?]{4,40}")


def _at_edge(n: int, rows: Sequence[str]) -> bool:
    return n < 2 or n >= len(rows) - 2


def _printed_page(rows: Sequence[str]) -> int | None:
    """The page number printed at a photographed page's foot or head ("- 3 -", "第3页 共4页",
    "3/4"; a number alone on the last row)."""
    for n in (*range(len(rows) - 1, max(len(rows) - 3, -1), -1), *range(min(2, len(rows)))):
        number = page_number(rows[n])
        if number is not None:
            return number
    last = rows[-1].strip() if rows else ""
    return int(last) if last.isdigit() and len(last) <= 3 and int(last) > 0 else None


def _unwrap_pdf_lines(text: str) -> list[str]:
    """Join a PDF's hard-wrapped lines back into paragraphs; headings stay on their own."""
    out: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            out.append("")
            continue
        joinable = (
            out
            and out[-1]
            and not _MD_HEADING_RE.match(out[-1])
            and heading_level(out[-1]) is None
            and heading_level(line) is None
            and not re.search(r"[。！？；!?;:：]$", out[-1])
        )
        if joinable:
            sep = "" if has_cjk(out[-1][-1:]) or has_cjk(line[:1]) else " "
            out[-1] = out[-1] + sep + line
        else:
            out.append(line)
    return out


def parse_csv(text: str) -> ParsedDocument:
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = [r for r in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in r)]
    if not rows:
        return ParsedDocument(None, [], 1, "csv")
    header = rows[0]
    blocks = [Block(_row_text(header, r)) for r in rows[1:]] if len(rows) > 1 else []
    if not blocks:
        blocks = [Block("; ".join(header))]
    return ParsedDocument(None, [b for b in blocks if b.text], 1, "csv")


def parse_xlsx(data: bytes, filename: str) -> ParsedDocument:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise IngestError("unreadable", filename, f"not a valid .xlsx: {exc}") from exc
    blocks: list[Block] = []
    try:
        for sheet in workbook.worksheets:
            rows = [
                list(r)
                for r in sheet.iter_rows(values_only=True)
                if any(c is not None and str(c).strip() for c in r)
            ]
            if not rows:
                continue
            blocks.append(Block(str(sheet.title), 1))
            header = ["" if c is None else str(c).strip() for c in rows[0]]
            body = rows[1:] if len(rows) > 1 else rows
            blocks.extend(Block(t) for r in body if (t := _row_text(header, r)))
    finally:
        workbook.close()
    return ParsedDocument(None, blocks, len(workbook.worksheets), "xlsx")


def parse_document(
    filename: str,
    data: bytes,
    *,
    max_bytes: int,
    read: Callable[[int, int], None] | None = None,
) -> ParsedDocument:
    """Parse one file's bytes; raises IngestError with a code for anything unusable.

    read(done, total), when given, follows the pages of a scanned PDF as OCR reads them."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES and suffix not in IMAGE_SUFFIXES:
        raise unsupported(filename)
    if len(data) > max_bytes:
        raise IngestError("too_large", filename, f"{len(data)} bytes > limit {max_bytes}")
    if not data.strip():
        raise IngestError("empty", filename, "the file is empty")
    if suffix == ".pdf":
        parsed = parse_pdf(data, filename, read)
    elif suffix in IMAGE_SUFFIXES:
        parsed = parse_page_image(data, filename)
    elif suffix == ".docx":
        parsed = parse_docx(data, filename)
    elif suffix == ".xlsx":
        parsed = parse_xlsx(data, filename)
    else:
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise IngestError("unreadable", filename, "binary data in a text file")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = decode_text(data, filename)
        if suffix in (".html", ".htm"):
            parsed = parse_html(text)
        elif suffix == ".csv":
            parsed = parse_csv(text)
        else:
            parsed = parse_text(text, markdown=suffix in (".md", ".markdown"))
    if not any(b.heading_level is None and b.text.strip() for b in parsed.blocks):
        raise IngestError("empty", filename, "no readable text")
    return parsed
