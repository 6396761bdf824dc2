"""Builders for test documents: a text PDF with Chinese (by hand), a text-less PDF, docx and xlsx."""

from __future__ import annotations

import io

from knowledge.answer_units import Unit
from knowledge.answerable import lacks_action, lacks_focus, lacks_specific_word
from knowledge.lexical import BM25Index
from knowledge.text import query_groups


def _obj(number: int, body: bytes) -> bytes:
    return f"{number} 0 obj\n".encode() + body + b"\nendobj\n"


def _stream(data: bytes, extra: str = "") -> bytes:
    return f"<< /Length {len(data)} {extra}>>\nstream\n".encode() + data + b"\nendstream"


def text_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages hold the given lines, in a Type0 font with a ToUnicode map.

    The glyphs themselves are never drawn by anyone: text extraction only needs the map from
    character codes (here the Unicode code points) back to text.
    """
    chars = sorted({ch for page in pages for line in page for ch in line})
    bfchars = "\n".join(f"<{ord(c):04X}> <{ord(c):04X}>" for c in chars)
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{len(chars)} beginbfchar\n{bfchars}\nendbfchar\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode()
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, 4 descendant font, 5 ToUnicode, then page/content pairs.
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        (
            "<< /Type /Pages /Kids ["
            + " ".join(f"{6 + 2 * i} 0 R" for i in range(n_pages))
            + f"] /Count {n_pages} >>"
        ).encode(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong /Encoding /Identity-H"
        b" /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /STSong /CIDSystemInfo"
        b" << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        _stream(cmap),
    ]
    for i, lines in enumerate(pages):
        ops = ["BT", "/F1 12 Tf", "14 TL", "50 800 Td"]
        for line in lines:
            ops.append("<" + "".join(f"{ord(c):04X}" for c in line) + "> Tj T*")
        ops.append("ET")
        content = "\n".join(ops).encode()
        objects.append(
            (
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
                f" /Resources << /Font << /F1 3 0 R >> >> /Contents {7 + 2 * i} 0 R >>"
            ).encode()
        )
        objects.append(_stream(content))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(_obj(number, body))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def blank_pdf(pages: int = 2) -> bytes:
    """What a scanner without OCR produces, as far as text goes: pages with no text at all."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_file(title: str, sections: list[tuple[str, list[str]]], table: list[list[str]]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=0)
    for heading, paragraphs in sections:
        document.add_heading(heading, level=1)
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_file(sheets: dict[str, list[list[object]]]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def checks_refusing(index: BM25Index, question: str, quote: str) -> list[str]:
    """The answer's word checks (focus, action, specific) that refuse `quote` as the answer to
    `question`, over the words of `index`."""
    groups = query_groups(question)
    known = index.vocabulary.__contains__
    picked = [(0, Unit(quote))]
    checks = {
        "focus": lacks_focus(question, groups, known, picked),
        "action": lacks_action(question, groups, known, picked),
        "specific": lacks_specific_word(question, groups, index.chunk_share, picked, (), known),
    }
    return [name for name, refused in checks.items() if refused]
