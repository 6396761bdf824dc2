"""Splitting parsed blocks into 200-400 character chunks at sentence ends, one section at a time."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from knowledge.answer_units import CARRIED_MARK, read_units
from knowledge.cleaning import dedupe_passages
from knowledge.loaders import Block
from knowledge.text import compact, has_cjk, split_sentences

# Bumped when the same document is cut into other chunks: a file sent again is chunked again
# (knowledge.base keys "unchanged" on the content and this), not reported unchanged.
# c2: a list's lead-in carried into the chunk its items go on in.
# c3: an English list item's number stays with its text ("4." of "4. Strategic key accounts: …"
# ended a chunk alone, and a quote of the list with it).
CHUNKING_VERSION = "c3"
TARGET_CHARS = 320
MAX_CHARS = 420
OVERLAP_MAX_CHARS = 90
_MIN_CHUNK_CHARS = 10
# A list's lead-in longer than this is not carried into the next chunk: a paragraph, not a lead-in.
CARRIED_MAX_CHARS = 120
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


def _open_lead_in(current: list[_Piece], following: _Piece, overlap: bool) -> str | None:
    """The lead-in of the list a cut between current and following splits ("…分为以下9个步骤:"
    over steps 1-5, steps 5-9 in the next chunk), or the run-in title of the paragraph it splits:
    following goes on with one of its items, or the overlap repeats one. None when the cut falls
    outside a list, or right after the lead-in, which the overlap repeats."""
    last = compact(current[-1].text)
    units = read_units(_join([*current, following]))
    item = units[-1] if units else None
    if item is not None and item.intro and compact(following.text) in compact(item.text):
        lead = item.intro
    elif overlap:
        units = read_units(_join(current))
        lead = next((u.intro for u in reversed(units) if u.intro and last in compact(u.text)), "")
    else:
        return None
    if not lead or size(lead) > CARRIED_MAX_CHARS or (overlap and compact(lead).endswith(last)):
        return None
    return lead


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
            overlap = last_size <= OVERLAP_MAX_CHARS and last_size + piece_size <= MAX_CHARS
            lead_in = _open_lead_in(current, piece, overlap)
            # A short closing sentence is repeated at the start of the next chunk, for context.
            if overlap:
                current = [_Piece(last.text, last.page, True)]
                current_size = last_size
            else:
                current, current_size = [], 0.0
            if lead_in is not None:
                # The items of a list cut here keep saying what they are a list of: its lead-in
                # is carried, marked, to the top of the next chunk (answer_units quotes the items
                # under it; it is no unit of that chunk, nor searched in it).
                # Not counted in its size: the chunks are cut where they were without it.
                current.insert(0, _Piece(CARRIED_MARK + lead_in, last.page, True))
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
