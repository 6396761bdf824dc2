"""The dense index in Chroma (embedded or a server), fed only our own vectors, filtered by visibility."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
import numpy as np

from knowledge.types import StoreUnavailable

PUBLIC = -1  # client_id stored for documents every registered user may read
_ADD_BATCH = 1000
CONNECT_SECONDS = 3.0  # to reach a Chroma server before its client is made


def visibility_where(allowed_client_ids: frozenset[int] | None) -> dict[str, Any] | None:
    """Chroma `where` for public documents plus the allowed clients'; None (admin) sees all."""
    if allowed_client_ids is None:
        return None
    ids = sorted(allowed_client_ids)
    if not ids:
        return {"client_id": PUBLIC}
    return {"client_id": {"$in": [PUBLIC, *ids]}}


def collection_name(embedding: str) -> str:
    slug = re.sub(r"[^a-zA-Z0-9._-]+", "-", embedding).strip("-._") or "default"
    return f"kam-kb-{slug}"[:60]


@contextmanager
def _reachable() -> Iterator[None]:
    """A Chroma server down or out of reach is a `StoreUnavailable`, which callers can explain."""
    try:
        yield
    except httpx.TransportError as exc:
        raise StoreUnavailable(f"Chroma server unreachable: {exc}") from exc


def _http_error(exc: BaseException) -> httpx.HTTPError | None:
    """The HTTP error behind an exception of chromadb's, if any."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, httpx.HTTPError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _made(make: Callable[[], Any]) -> Any:
    """chromadb's client, made while the server is down (or something else answers at its URL: a
    proxy's 502, a 404), raises ValueError("Could not connect…", or empty) from an HTTP error:
    a `StoreUnavailable` too, not a replica that cannot start."""
    try:
        return make()
    except Exception as exc:
        cause = _http_error(exc)
        if cause is None:
            raise
        detail = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
        raise StoreUnavailable(f"Chroma server unreachable: {detail}") from exc


class VectorStore:
    """Chroma collection with cosine distance and no embedding function of its own.

    Passing `embedding_function=None` means Chroma can never fall back to downloading its
    default model: every add and query carries vectors we computed.
    """

    def __init__(self, directory: Path, name: str, chroma_url: str | None = None) -> None:
        self._directory = directory
        self._name = name
        self._url = chroma_url
        self._client: Any = None
        self._handle: Any = None
        self._connecting = threading.Lock()
        if not chroma_url:
            self._connect()
        # A Chroma server is reached at first use, not here: a replica started while it is down
        # opens its knowledge base all the same, and every use until it answers is a
        # `StoreUnavailable` (the user is told to ask again later).

    def _connect(self) -> Any:
        # Imported here, when a knowledge base opens: `kam` commands without one start faster.
        import chromadb
        from chromadb.config import Settings

        with self._connecting:
            if self._handle is not None:
                return self._handle
            settings = Settings(anonymized_telemetry=False)
            if self._url:
                url = urlparse(self._url)
                host = url.hostname or "127.0.0.1"
                port = url.port or (443 if url.scheme == "https" else 8000)
                try:
                    # chromadb waits without a timeout: a host that drops packets would hold a
                    # starting replica (or a question) for minutes.
                    socket.create_connection((host, port), timeout=CONNECT_SECONDS).close()
                except OSError as exc:
                    raise StoreUnavailable(f"Chroma server unreachable: {exc}") from exc
                client = _made(
                    lambda: chromadb.HttpClient(
                        host=host, port=port, ssl=url.scheme == "https", settings=settings
                    )
                )
            else:
                self._directory.mkdir(parents=True, exist_ok=True)
                client = chromadb.PersistentClient(path=str(self._directory), settings=settings)
            self._client = client
            self._handle = _made(
                lambda: client.get_or_create_collection(
                    self._name, embedding_function=None,
                    configuration={"hnsw": {"space": "cosine"}},
                )
            )  # fmt: skip
            return self._handle

    @property
    def _collection(self) -> Any:
        return self._handle if self._handle is not None else self._connect()

    def add(self, ids: list[str], vectors: np.ndarray, metadatas: list[dict[str, Any]]) -> None:
        with _reachable():
            for start in range(0, len(ids), _ADD_BATCH):
                end = start + _ADD_BATCH
                self._collection.upsert(
                    ids=ids[start:end], embeddings=vectors[start:end],
                    metadatas=metadatas[start:end],
                )  # fmt: skip

    def delete(self, ids: list[str]) -> None:
        with _reachable():
            for start in range(0, len(ids), _ADD_BATCH):
                self._collection.delete(ids=ids[start : start + _ADD_BATCH])

    def ids(self) -> set[str]:
        with _reachable():
            return set(self._collection.get(include=[])["ids"])

    def count(self) -> int:
        with _reachable():
            return int(self._collection.count())

    def query(
        self, vector: np.ndarray, k: int, allowed_client_ids: frozenset[int] | None
    ) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) best first, among the chunks the caller may read."""
        if k <= 0:
            return []
        with _reachable():
            result = self._collection.query(
                query_embeddings=[vector],
                n_results=k,
                where=visibility_where(allowed_client_ids),
                include=["distances"],
            )
        ids = result["ids"][0] if result["ids"] else []
        distances = result["distances"][0] if result.get("distances") else []
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]

    def close(self) -> None:
        # chromadb's HTTP client pools connections in an httpx session that its own close()
        # leaves open (they leak until exit); close the session of each client it holds.
        if self._client is None:
            return
        for holder in (self._client, getattr(self._client, "_admin_client", None)):
            session = getattr(getattr(holder, "_server", None), "_session", None)
            if session is not None:
                session.close()
        closer = getattr(self._client, "close", None)
        if callable(closer):
            try:
                closer()
            except Exception:  # closing is best effort; nothing is pending
                pass
