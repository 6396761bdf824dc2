"""Extractive answers: the few sentences of the top passages that best answer the question, quoted."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from knowledge.messages import message
from knowledge.text import compact, normalize, split_sentences, words
from knowledge.types import Passage

MAX_PASSAGES = 3
MAX_SENTENCES = 3
MAX_ANSWER_CHARS = 320
DENSE_CANDIDATES = 3
MIN_UNIT_CHARS = 6
# Word overlap this clear decides alone; below _LEXICAL_WEAK it cannot even shortlist.
_LEXICAL_CONFIDENT = 0.6
_LEXICAL_WEAK = 0.25
_WIDE_CANDIDATES = 10


@dataclass
class _Candidate:
    rank: int
    position: int
    text: str
    lexical: float
    score: float = 0.0
    dense: float | None = None


def _lexical(question_words: Sequence[str], idf: Callable[[str], float], sentence: str) -> float:
    if not question_words:
        return 0.0
    norm = normalize(sentence)
    present = set(words(norm))
    total = sum(idf(w) for w in question_words)
    hit = sum(idf(w) for w in question_words if w in present or w in norm)
    return hit / total if total else 0.0


_LIST_ITEM_RE = re.compile(r"^\s*(?:\d{1,2}\s*[.、．)）]|[（(]\d{1,2}[）)]|[-•·*]\s)")
_ARTICLE_LABEL_RE = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+条|article\s+\d+)", re.IGNORECASE
)
_MAX_UNIT_CHARS = 260


def answer_units(text: str) -> list[str]:
    """Sentences, with a list kept whole under the sentence that introduces it ("包括：") and a
    bare article label ("第五条 目的。") kept with the sentence after it."""
    units: list[str] = []
    open_list = False
    pending_label = ""
    for sentence in split_sentences(text):
        if (
            open_list
            and _LIST_ITEM_RE.match(sentence)
            and len(units[-1]) + len(sentence) <= _MAX_UNIT_CHARS
        ):
            units[-1] += sentence
            continue
        if pending_label:
            sentence = f"{pending_label} {sentence}"
            pending_label = ""
        elif _ARTICLE_LABEL_RE.match(sentence) and len(compact(sentence)) <= 16:
            pending_label = sentence
            continue
        units.append(sentence)
        open_list = sentence.rstrip().endswith(("：", ":"))
    if pending_label:
        units.append(pending_label)
    return units


def chunk_units(text: str) -> list[str]:
    """The quotable units of a chunk, in reading order; stored unit vectors follow this order."""
    return [u for u in answer_units(text) if len(compact(u)) >= MIN_UNIT_CHARS]


def select_sentences(
    passages: Sequence[Passage],
    question_words: Sequence[str],
    idf: Callable[[str], float],
    query_vector: np.ndarray | None,
    unit_vectors: Sequence[np.ndarray | None] = (),
) -> list[tuple[int, str]]:
    """(passage index, sentence) pairs that answer the question, in reading order.

    unit_vectors[i], when given, holds passage i's stored unit vectors in chunk_units order
    (knowledge.units); with the question's vector they add a meaning score to the word overlap,
    and nothing is embedded here.
    """
    candidates: list[_Candidate] = []
    seen: set[str] = set()
    for rank, passage in enumerate(passages[:MAX_PASSAGES]):
        vectors = unit_vectors[rank] if rank < len(unit_vectors) else None
        units = chunk_units(passage.text)
        usable = vectors is not None and query_vector is not None and len(vectors) == len(units)
        for position, sentence in enumerate(units):
            key = compact(sentence)
            # Chunks overlap by a sentence; quote each sentence once.
            if key in seen:
                continue
            seen.add(key)
            lexical = _lexical(question_words, idf, sentence)
            candidate = _Candidate(rank, position, sentence, lexical)
            if usable:
                assert vectors is not None and query_vector is not None
                candidate.dense = float(vectors[position].astype(np.float32) @ query_vector)
            candidates.append(candidate)
    if not candidates:
        return []
    for c in candidates:
        # Earlier passages ranked better overall; a small prior breaks ties toward them.
        c.score = c.lexical + 0.12 / (c.rank + 1)
    candidates.sort(key=lambda c: -c.score)
    best = candidates[0]
    shortlist = candidates[:DENSE_CANDIDATES]
    if best.lexical < _LEXICAL_WEAK:
        # No shared words (an English question over Chinese text, or a loose paraphrase): the
        # word overlap cannot shortlist, so meaning decides among the best passages' sentences.
        shortlist = sorted(
            (c for c in candidates if c.rank < 2), key=lambda c: (c.rank, c.position)
        )[:_WIDE_CANDIDATES]
    if best.lexical < _LEXICAL_CONFIDENT:
        for c in shortlist:
            if c.dense is not None:
                dense = float(np.clip((c.dense - 0.75) / 0.15, 0.0, 1.0))
                c.score = 0.55 * c.score + 0.45 * dense
        shortlist.sort(key=lambda c: -c.score)
    candidates = shortlist
    top = candidates[0].score
    chosen: list[_Candidate] = []
    size = 0
    for c in candidates:
        if len(chosen) >= MAX_SENTENCES or c.score < 0.75 * top:
            break
        if chosen and size + len(c.text) > MAX_ANSWER_CHARS:
            continue
        chosen.append(c)
        size += len(c.text)
    chosen.sort(key=lambda c: (c.rank, c.position))
    return [(c.rank, c.text) for c in chosen]


def compose(
    language: str, passages: Sequence[Passage], picked: list[tuple[int, str]]
) -> tuple[str, tuple[Passage, ...]]:
    """Answer text with quoted sentences and [n] marks, and the cited passages in that order."""
    order: list[int] = []
    for rank, _ in picked:
        if rank not in order:
            order.append(rank)
    number = {rank: n for n, rank in enumerate(order, start=1)}
    open_q, close_q = ("“", "”") if language == "zh" else ('"', '"')
    lines = [message(language, "intro")]
    for rank, sentence in picked:
        lines.append(f"{open_q}{sentence.strip()}{close_q} [{number[rank]}]")
    return "\n".join(lines), tuple(passages[r] for r in order)
