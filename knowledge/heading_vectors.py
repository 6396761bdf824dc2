"""Section headings embedded once and kept beside the knowledge base, for the heading lane."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from knowledge.kept_files import keep
from knowledge.text import normalize

Embed = Callable[[list[str]], np.ndarray]


class HeadingVectors:
    """Heading text → its passage vector, read from and written to one file in the knowledge base's
    directory (named by the model): a heading is embedded when its document is ingested, so that a
    question never pays for it; one missing (a document written by another process) is embedded
    at the first question that needs it."""

    def __init__(self, directory: Path, model_name: str, embed: Embed) -> None:
        digest = hashlib.sha1(model_name.encode()).hexdigest()[:12]
        self._path = directory / f"headings-{digest}.npz"
        self._embed = embed
        self._vectors: dict[str, np.ndarray] = {}
        self._loaded = False
        self._lock = threading.Lock()

    def matrix(self, headings: Sequence[str]) -> np.ndarray:
        """The headings' vectors, one row each, in their order (float32)."""
        keys = [normalize(h) for h in headings]
        with self._lock:
            self._add(keys)
            if not keys:
                return np.zeros((0, 0), np.float32)
            return np.vstack([self._vectors[k] for k in keys]).astype(np.float32)

    def ensure(self, headings: Sequence[str]) -> None:
        """Embed and keep the headings not embedded yet (at ingestion)."""
        with self._lock:
            self._add([normalize(h) for h in headings])

    def _add(self, keys: list[str]) -> None:
        if not self._loaded:
            self._load()
        missing = list(dict.fromkeys(k for k in keys if k not in self._vectors))
        if missing:
            self._load()  # another process may have embedded them meanwhile
            missing = [k for k in missing if k not in self._vectors]
        if not missing:
            return
        for key, vector in zip(missing, self._embed(missing), strict=True):
            self._vectors[key] = np.asarray(vector, dtype=np.float32)
        texts = list(self._vectors)
        matrix = np.vstack([self._vectors[t] for t in texts]).astype(np.float16)
        keep(
            self._path,
            lambda out: np.savez(out, texts=np.asarray(texts, dtype=str), vectors=matrix),
            "heading vectors",
        )

    def _load(self) -> None:
        self._loaded = True
        try:
            with np.load(self._path) as data:
                texts, vectors = list(data["texts"]), data["vectors"]
        except (OSError, ValueError, KeyError):
            return
        for text, vector in zip(texts, vectors, strict=False):
            self._vectors.setdefault(str(text), vector.astype(np.float32))
