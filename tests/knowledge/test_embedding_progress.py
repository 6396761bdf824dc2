"""Progress while a document's units are embedded: a short document's bar moves several times, a
long one is still embedded in large batches."""

from __future__ import annotations

import numpy as np

from knowledge.embeddings import VectorEmbeddings
from knowledge.units import PROGRESS_STEP, embed_chunks


class CountingEmbeddings(VectorEmbeddings):
    """Embeds nothing real: one constant row per text, remembering each batch's size."""

    def __init__(self) -> None:
        self.batches: list[int] = []

    def passages(self, texts: list[str]) -> np.ndarray:
        self.batches.append(len(texts))
        return np.ones((len(texts), 8), np.float32)


def chunks(count: int) -> list[str]:
    return [
        f"第{n}条 客户经理每{n}个月至少走访客户一次。投诉须在{n}个工作日内答复客户。"
        for n in range(count)
    ]


def test_a_short_document_reports_its_progress_several_times() -> None:
    # Before, units were embedded 128 at a time: a 16-chunk article (about 100 units, twenty
    # seconds on two shared cores) said nothing between 0/16 and 16/16.
    texts = chunks(40)
    seen: list[tuple[int, int]] = []
    embed_chunks(CountingEmbeddings(), texts, [None] * len(texts), lambda d, t: seen.append((d, t)))
    moving = [done for done, _ in seen if 0 < done < len(texts)]
    assert len(moving) >= 4, seen
    assert seen[-1] == (len(texts), len(texts))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_long_document_is_embedded_in_full_batches() -> None:
    texts = chunks(1200)
    embedder = CountingEmbeddings()
    embed_chunks(embedder, texts, [None] * len(texts), lambda d, t: None)
    assert max(embedder.batches) == PROGRESS_STEP
