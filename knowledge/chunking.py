"""Splitting parsed blocks into 200-400 character chunks at sentence ends, one section at a time."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from knowledge.cleaning import dedupe_passages
from knowledge.loaders import Block
from knowledge.text import compact, has_cjk, split_sentences

TARGET_CHARS = 320
MAX_CHARS = 420
OVERLAP_MAX_CHARS = 90
_MIN_CHUNK_CHARS = 10
_SOFT_BREAK_RE = re.compile(r"(?<=[，,、：:）)])")


@dataclass(frozen=True)
class Chunk:
    text: str
    section: str | None
    page: int | None


@dataclass
class _Piece:
    text: str
    page: int | None
    new_paragraph: bool


def size(text: str) -> float:
    """Chunk size in Chinese-character equivalents: Latin text is about 2.5 letters per unit."""
    cjk = sum(1 for ch in text if has_cjk(ch))
    return cjk + 0.4 * (len(text) - cjk)


def _split_long(sentence: str) -> list[str]:
    """A sentence over the limit is cut at commas, or hard at the limit when it has none."""
    if size(sentence) <= MAX_CHARS:
        return [sentence]
    parts: list[str] = []
    current = ""
    for clause in _SOFT_BREAK_RE.split(sentence):
        while size(clause) > MAX_CHARS:
            if current:
                parts.append(current)
                current = ""
            cut = TARGET_CHARS if has_cjk(clause) else int(TARGET_CHARS * 2.5)
            parts.append(clause[:cut])
            clause = clause[cut:]
        if current and size(current) + size(clause) > TARGET_CHARS:
            parts.append(current)
            current = ""
        current += clause
    if current:
        parts.append(current)
    return parts


def _join(pieces: list[_Piece]) -> str:
    lines: list[str] = []
    for n, piece in enumerate(pieces):
        if n == 0 or piece.new_paragraph:
            lines.append(piece.text)
        else:
            lines[-1] += piece.text
    return "\n".join(line.strip() for line in lines)


def _chunk_section(pieces: list[_Piece], section: str | None) -> list[Chunk]:
    sizes = [size(p.text) for p in pieces]
    total = sum(sizes)
    if total == 0:
        return []
    count = max(1, math.ceil(total / TARGET_CHARS))
    target = min(MAX_CHARS, max(total / count, 120))
    chunks: list[Chunk] = []
    current: list[_Piece] = []
    current_size = 0.0
    for piece, piece_size in zip(pieces, sizes, strict=True):
        if current and current_size + piece_size > target * 1.15 and current_size >= target * 0.5:
            chunks.append(Chunk(_join(current), section, current[0].page))
            last = current[-1]
            last_size = size(last.text)
            # A short closing sentence is repeated at the start of the next chunk, for context.
            if last_size <= OVERLAP_MAX_CHARS and last_size + piece_size <= MAX_CHARS:
                current = [_Piece(last.text, last.page, True)]
                current_size = last_size
            else:
                current, current_size = [], 0.0
        current.append(piece)
        current_size += piece_size
    if current:
        chunks.append(Chunk(_join(current), section, current[0].page))
    return chunks


def chunk_blocks(blocks: list[Block]) -> list[Chunk]:
    """Chunks that never cross a heading; each keeps its heading path (two levels) and page."""
    texts = dedupe_passages([b.text for b in blocks], [b.heading_level is not None for b in blocks])
    stack: list[tuple[int, str]] = []
    section: str | None = None
    pieces: list[_Piece] = []
    chunks: list[Chunk] = []
    for block, text in zip(blocks, texts, strict=True):
        if block.heading_level is not None:
            chunks.extend(_chunk_section(pieces, section))
            pieces = []
            while stack and stack[-1][0] >= block.heading_level:
                stack.pop()
            stack.append((block.heading_level, block.text.strip()))
            section = " › ".join(h for _, h in stack[-2:])
            continue
        first = True
        for sentence in split_sentences(text, keep_spaces=True):
            for part in _split_long(sentence):
                pieces.append(_Piece(part, block.page, first))
                first = False
    chunks.extend(_chunk_section(pieces, section))
    # A lone label ("参考文献:") says nothing; keep it only when it is the whole document.
    useful = [c for c in chunks if len(compact(c.text)) >= _MIN_CHUNK_CHARS]
    return useful or chunks
