"""Sentence-level vectors: each chunk is embedded as its answer units (sentences, lists kept whole).

Embedding the units once at ingestion, instead of the whole chunk, costs less (a sentence repeated by
the chunk overlap is embedded once, and short texts are cheaper per character) and gives two things
the chunk vector could not: the chunk's vector for the dense index is the mean of its units, and an
answer picks the sentences to quote by their stored vectors, so answering embeds only the question.
Measured on the eval sets, ranking chunks by mean and best sentence together beats the whole-chunk
vector (bench/README.md).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from knowledge.answer_units import chunk_units
from knowledge.embeddings import VectorEmbeddings
from knowledge.text import has_cjk, normalize

# Units are embedded up to this many Chinese-character equivalents: the first 96 characters of a
# long list say what it is about; the model's cost grows with every token.
UNIT_EMBED_SIZE = 96.0
# Bumped when the units of a chunk change (knowledge.answer_units.chunk_units): stored vectors of an
# older version no longer line up with the units and are re-embedded once at the next open.
UNITS_VERSION = "u10"


def vectors_stamp(model_name: str) -> str:
    """What a chunk's stored unit vectors are valid for: this model, this cutting into units."""
    return f"{model_name}+{UNITS_VERSION}"


DIM_FALLBACK = 384


def unit_embed_text(unit: str) -> str:
    """What is embedded for a unit: normalised, cut at UNIT_EMBED_SIZE (Latin counts 0.4)."""
    out: list[str] = []
    size = 0.0
    for ch in normalize(unit):
        size += 1.0 if has_cjk(ch) else 0.4
        if size > UNIT_EMBED_SIZE:
            break
        out.append(ch)
    return "".join(out).strip()


@dataclass(frozen=True)
class ChunkVectors:
    """One chunk's unit vectors (float16, one row per chunk_units entry) and its mean (float32)."""

    units: np.ndarray
    mean: np.ndarray


Progress = Callable[[int, int], None]
PROGRESS_STEP = 128  # units embedded between two progress reports (at most)
PROGRESS_REPORTS = 10  # a short document still moves its bar about this often
MIN_PROGRESS_STEP = 16  # smaller batches cost throughput


def embed_chunks(
    embeddings: VectorEmbeddings,
    texts: Sequence[str],
    headings: Sequence[str | None],
    progress: Progress | None = None,
) -> list[ChunkVectors]:
    """Vectors for chunks of text: every distinct unit embedded once, in batched calls.

    A chunk with no unit long enough to quote (a heading-only fragment) is embedded whole, with its
    heading, and has no unit vectors. progress(done, total) is told how many chunks are embedded.
    """
    index: dict[str, int] = {}
    plans: list[tuple[list[int], int | None]] = []
    for text, heading in zip(texts, headings, strict=True):
        ids = []
        for unit in chunk_units(text):
            # An item is embedded under its introduction: "紧急：1个工作日" alone says little.
            key = unit_embed_text(unit.full)
            ids.append(index.setdefault(key, len(index)))
        whole = None
        if not ids:
            key = normalize(f"{heading}\n{text}" if heading else text)
            whole = index.setdefault(key, len(index))
        plans.append((ids, whole))
    matrix = _embed(embeddings, list(index), plans, progress)
    out: list[ChunkVectors] = []
    for ids, whole in plans:
        units = matrix[ids] if ids else np.zeros((0, matrix.shape[1]), np.float32)
        mean = units.mean(axis=0) if ids else matrix[whole]
        norm = float(np.linalg.norm(mean))
        out.append(
            ChunkVectors(units.astype(np.float16), (mean / max(norm, 1e-12)).astype(np.float32))
        )
    return out


def _embed(
    embeddings: VectorEmbeddings,
    texts: list[str],
    plans: list[tuple[list[int], int | None]],
    progress: Progress | None,
) -> np.ndarray:
    if not texts:
        return np.zeros((0, DIM_FALLBACK), np.float32)
    if progress is None:
        return embeddings.passages(texts)
    # Units are numbered in chunk order, so a chunk is done once its highest number is embedded.
    last = [max([*ids, -1 if whole is None else whole]) for ids, whole in plans]
    ends = list(np.maximum.accumulate(np.asarray(last)))
    # A short document (an upload in chat) in a few batches, so that its progress message moves
    # during the half-minute its few hundred units take on two shared cores; a long one in
    # batches of PROGRESS_STEP, as fast as before.
    step = min(PROGRESS_STEP, max(MIN_PROGRESS_STEP, -(-len(texts) // PROGRESS_REPORTS)))
    parts = []
    for start in range(0, len(texts), step):
        parts.append(embeddings.passages(texts[start : start + step]))
        embedded = start + len(parts[-1])
        progress(bisect.bisect_right(ends, embedded - 1), len(plans))
    return np.vstack(parts)
