"""Progress of long knowledge-base work as the operator sees it: a bar, chunks done, time left."""

from __future__ import annotations

import io
from pathlib import Path

from bot.progress import IngestProgress, PreparingProgress, bar


def test_ingest_progress_shows_a_bar_with_chunks_and_time_left() -> None:
    now = [0.0]
    out = io.StringIO()
    progress = IngestProgress(out, clock=lambda: now[0])
    path = Path("handbook.md")
    progress.update(path, 0, 40)
    now[0] = 10.0
    progress.update(path, 10, 40)
    now[0] = 40.0
    progress.update(path, 40, 40)
    progress.finish()
    lines = out.getvalue().splitlines()
    assert lines[0] == f"{bar(0, 40)} 0/40 chunks, …  handbook.md"
    assert lines[1] == f"{bar(10, 40)} 10/40 chunks, 30 s left  handbook.md"
    assert lines[2].startswith("[████████████████████] 40/40 chunks, 0 s left")


def test_the_bar_speaks_the_operators_language() -> None:
    """`kam ingest` said "chunks, 30 s left" whatever KAM_CLI_LANGUAGE said."""
    now = [0.0]
    out = io.StringIO()
    progress = IngestProgress(out, clock=lambda: now[0], lang="zh")
    progress.pages(Path("扫描件.pdf"), 0, 3)
    now[0] = 4.0
    progress.pages(Path("扫描件.pdf"), 1, 3)
    progress.update(Path("扫描件.pdf"), 0, 5)
    now[0] = 14.0
    progress.update(Path("扫描件.pdf"), 2, 5)
    progress.finish()
    lines = out.getvalue().splitlines()
    assert lines[0] == f"{bar(0, 3)} OCR 已识别 0/3 页，…  扫描件.pdf"
    assert lines[1] == f"{bar(1, 3)} OCR 已识别 1/3 页，还需 8 秒  扫描件.pdf"
    assert lines[3] == f"{bar(2, 5)} 2/5 段，还需 15 秒  扫描件.pdf"


def test_the_first_start_says_it_is_preparing_the_knowledge_base_once_in_both_languages() -> None:
    out = io.StringIO()
    progress = PreparingProgress(out, clock=lambda: 0.0)
    progress.update(Path("a.md"), 0, 10)
    progress.update(Path("a.md"), 10, 10)
    progress.update(Path("b.md"), 0, 5)
    progress.finish()
    text = out.getvalue()
    assert text.count("正在准备知识库") == 1 and text.count("Preparing the knowledge base") == 1
    assert text.index("正在准备知识库") < text.index("0/10 chunks")
    assert "0/5 chunks, …  b.md" in text


def test_nothing_is_said_when_the_knowledge_base_is_already_prepared() -> None:
    out = io.StringIO()
    PreparingProgress(out).finish()
    assert out.getvalue() == ""


def test_a_scanned_pdfs_pages_are_counted_before_its_chunks() -> None:
    # Before, a scanned PDF showed nothing while OCR read it (seconds a page, up to 60 pages).
    now = [0.0]
    out = io.StringIO()
    progress = IngestProgress(out, clock=lambda: now[0])
    scan = Path("制度扫描件.pdf")
    progress.pages(scan, 0, 3)
    now[0] = 4.0
    progress.pages(scan, 1, 3)
    now[0] = 12.0
    progress.pages(scan, 3, 3)
    progress.update(scan, 0, 5)
    now[0] = 14.0
    progress.update(scan, 5, 5)
    progress.finish()
    lines = out.getvalue().splitlines()
    assert lines[0] == f"{bar(0, 3)} 0/3 pages read by OCR, …  制度扫描件.pdf"
    assert lines[1] == f"{bar(1, 3)} 1/3 pages read by OCR, 8 s left  制度扫描件.pdf"
    assert lines[2].startswith(f"{bar(3, 3)} 3/3 pages read by OCR")
    assert lines[3] == f"{bar(0, 5)} 0/5 chunks, …  制度扫描件.pdf"  # a new estimate
    assert lines[4] == f"{bar(5, 5)} 5/5 chunks, 0 s left  制度扫描件.pdf"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_a_finished_files_line_is_ended_before_anything_else_is_written() -> None:
    # Before, the log's "added …" line was glued to the end of the bar:
    # "[████] 13/13 chunks, 0 s left  power.txt2026-11-30 13:35:34 INFO kam.knowledge: added …"
    out = Terminal()
    progress = IngestProgress(out, clock=lambda: 0.0)
    progress.update(Path("power.txt"), 0, 13)
    progress.update(Path("power.txt"), 6, 13)
    assert not out.getvalue().endswith("\n")  # redrawn in place while it works
    progress.update(Path("power.txt"), 13, 13)
    assert out.getvalue().endswith("13/13 chunks, 0 s left  power.txt\x1b[K\n")
    progress.finish()
    assert not out.getvalue().endswith("\n\n")
