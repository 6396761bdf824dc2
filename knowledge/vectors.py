"""The dense index in Chroma (embedded or a server), fed only our own vectors, filtered by visibility."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
import numpy as np

from knowledge.circuit import COOLDOWN_SECONDS, Circuit, CircuitState
from knowledge.types import StoreState, StoreTimedOut, StoreUnavailable

PUBLIC = -1  # client_id stored for documents every registered user may read
_ADD_BATCH = 1000
CONNECT_SECONDS = 3.0  # to reach a Chroma server before its client is made
# The longest any one request to a Chroma server may take (KAM_CHROMA_TIMEOUT_SECONDS): chromadb's
# client waits forever, so a server that takes the connection and never answers (stopped,
# swapping, deadlocked) held a question, its slot and its thread for good.
REQUEST_SECONDS = 10.0
PROBE_SECONDS = 2.0  # a health check's heartbeat: a monitor should not wait on it


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
    """A Chroma server down, out of reach or not answering in time is a `StoreUnavailable`, which
    callers can explain."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise StoreTimedOut(f"Chroma server did not answer in time: {_name(exc)}") from exc
    except httpx.TransportError as exc:
        raise StoreUnavailable(f"Chroma server unreachable: {_name(exc)}") from exc


def _name(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__


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
        if isinstance(cause, httpx.TimeoutException):
            raise StoreTimedOut(f"Chroma server did not answer in time: {_name(cause)}") from exc
        detail = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
        raise StoreUnavailable(f"Chroma server unreachable: {detail}") from exc


def _bound(client: Any, seconds: float) -> None:
    """Give every HTTP session of a chromadb client a timeout (chromadb makes them with none)."""
    timeout = httpx.Timeout(seconds, connect=min(seconds, CONNECT_SECONDS))
    for holder in (client, getattr(client, "_admin_client", None)):
        if holder is None:
            continue
        session = getattr(getattr(holder, "_server", None), "_session", None)
        if not isinstance(session, httpx.Client):  # a chromadb that keeps it elsewhere
            raise RuntimeError("cannot set a timeout on chromadb's HTTP client")
        session.timeout = timeout


class VectorStore:
    """Chroma collection with cosine distance and no embedding function of its own.

    Passing `embedding_function=None` means Chroma can never fall back to downloading its
    default model: every add and query carries vectors we computed. With a Chroma server, no
    call waits longer than `timeout` seconds for it (then it is a `StoreUnavailable`), and once
    one failed, calls fail at once for `cooldown` seconds (see `Circuit`): while the server stays
    stalled, only one question in each cool-down waits for it.
    """

    def __init__(
        self,
        directory: Path,
        name: str,
        chroma_url: str | None = None,
        *,
        timeout: float = REQUEST_SECONDS,
        cooldown: float = COOLDOWN_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        connect: bool = True,
    ) -> None:
        self._directory = directory
        self._name = name
        self._url = chroma_url
        self._timeout = timeout
        self._client: Any = None
        self._handle: Any = None
        self._connecting = threading.Lock()
        self._opening: threading.Thread | None = None  # a connection attempt still waiting
        # The embedded store is no server to wait for: its circuit never opens.
        self._circuit = Circuit(cooldown if chroma_url else 0.0, clock)
        if not chroma_url and connect:  # else at first use (`kam kb list` never uses it)
            self._connect()
        # A Chroma server is reached at first use, not here: a replica started while it is down
        # opens its knowledge base all the same, and every use until it answers is a
        # `StoreUnavailable` (the user is told to ask again later).

    def _connect(self) -> Any:
        # Another question connecting to a server that does not answer: wait no longer than a
        # request would.
        if not self._connecting.acquire(timeout=self._timeout):
            raise StoreTimedOut("Chroma server did not answer in time: still connecting")
        try:
            if self._handle is None:
                self._client, self._handle = self._open_server() if self._url else self._open()
            return self._handle
        finally:
            self._connecting.release()

    def _open(self) -> tuple[Any, Any]:
        # Imported here, when a knowledge base opens: `kam` commands without one start faster.
        import chromadb
        from chromadb.config import Settings

        self._directory.mkdir(parents=True, exist_ok=True)
        settings = Settings(anonymized_telemetry=False)
        client = chromadb.PersistentClient(path=str(self._directory), settings=settings)
        return client, self._collection_of(client)

    def _collection_of(self, client: Any) -> Any:
        return _made(
            lambda: client.get_or_create_collection(
                self._name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
            )
        )

    def _open_server(self) -> tuple[Any, Any]:
        import chromadb
        from chromadb.config import Settings

        host, port, ssl = self._address()
        try:
            # chromadb waits without a timeout: a host that drops packets would hold a
            # starting replica (or a question) for minutes.
            socket.create_connection((host, port), timeout=CONNECT_SECONDS).close()
        except TimeoutError as exc:  # a host that drops packets
            raise StoreTimedOut(f"Chroma server unreachable: {_name(exc)}") from exc
        except OSError as exc:
            raise StoreUnavailable(f"Chroma server unreachable: {exc}") from exc
        if self._opening is not None:
            # An earlier attempt still waits for the server: give it as long as a request, so
            # a stalled server holds one thread, not one more per question.
            self._opening.join(self._timeout)
            if self._opening.is_alive():
                raise StoreTimedOut("Chroma server did not answer in time: still connecting")
            self._opening = None
        # Making the client asks the server three questions before its session can be given a
        # timeout: they run in a thread waited for `timeout` seconds, and a client made after
        # that is closed, not kept.
        made: list[tuple[Any, Any]] = []
        failed: list[BaseException] = []
        settled = threading.Lock()
        abandoned = False

        def make() -> None:
            try:
                settings = Settings(anonymized_telemetry=False)
                client = _made(
                    lambda: chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=settings)
                )
                try:
                    _bound(client, self._timeout)
                    handle = self._collection_of(client)
                except BaseException:
                    _close_client(client)
                    raise
            except BaseException as exc:
                with settled:
                    failed.append(exc)
                return
            with settled:
                if not abandoned:
                    made.append((client, handle))
                    return
            _close_client(client)

        opening = threading.Thread(target=make, name="chroma-connect", daemon=True)
        opening.start()
        opening.join(self._timeout)
        with settled:
            if not made and not failed:
                abandoned = True
                self._opening = opening
                raise StoreTimedOut(
                    f"Chroma server did not answer in time: no client within {self._timeout:g} s"
                )
        if failed:
            raise failed[0]
        return made[0]

    def _address(self) -> tuple[str, int, bool]:
        assert self._url
        url = urlparse(self._url)
        ssl = url.scheme == "https"
        return url.hostname or "127.0.0.1", url.port or (443 if ssl else 8000), ssl

    def state(self) -> StoreState:
        """Whether the Chroma server answers its heartbeat now (a health check's question)."""
        if not self._url:
            return StoreState.EMBEDDED
        host, port, ssl = self._address()
        heartbeat = f"{'https' if ssl else 'http'}://{host}:{port}/api/v2/heartbeat"
        try:
            answer = httpx.get(heartbeat, timeout=min(PROBE_SECONDS, self._timeout))
        except httpx.ConnectTimeout:  # a host that drops packets: as good as down
            return StoreState.DOWN
        except httpx.TimeoutException:
            return StoreState.STALLED
        except httpx.HTTPError:
            return StoreState.DOWN
        if answer.status_code != 200:
            return StoreState.DOWN
        self._circuit.seen_back()  # the next call need not wait for the rest of the cool-down
        return StoreState.OK

    @property
    def circuit(self) -> CircuitState:
        """Whether calls reach the server now, or fail at once after it failed lately."""
        return self._circuit.state

    def check(self) -> None:
        """Raises `StoreUnavailable` at once while the server failed lately (the circuit is
        open), before a caller reads and embeds a document in vain."""
        self._circuit.check()

    @contextmanager
    def _guarded(self) -> Iterator[None]:
        with self._circuit.call(), _reachable():
            yield

    @property
    def _collection(self) -> Any:
        return self._handle if self._handle is not None else self._connect()

    def add(self, ids: list[str], vectors: np.ndarray, metadatas: list[dict[str, Any]]) -> None:
        with self._guarded():
            for start in range(0, len(ids), _ADD_BATCH):
                end = start + _ADD_BATCH
                self._collection.upsert(
                    ids=ids[start:end], embeddings=vectors[start:end],
                    metadatas=metadatas[start:end],
                )  # fmt: skip

    def delete(self, ids: list[str]) -> None:
        with self._guarded():
            for start in range(0, len(ids), _ADD_BATCH):
                self._collection.delete(ids=ids[start : start + _ADD_BATCH])

    def ids(self) -> set[str]:
        with self._guarded():
            return set(self._collection.get(include=[])["ids"])

    def count(self) -> int:
        with self._guarded():
            return int(self._collection.count())

    def query(
        self, vector: np.ndarray, k: int, allowed_client_ids: frozenset[int] | None
    ) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) best first, among the chunks the caller may read."""
        if k <= 0:
            return []
        with self._guarded():
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
        if self._client is not None:
            _close_client(self._client)


def _close_client(client: Any) -> None:
    # chromadb's HTTP client pools connections in an httpx session that its own close()
    # leaves open (they leak until exit); close the session of each client it holds.
    for holder in (client, getattr(client, "_admin_client", None)):
        session = getattr(getattr(holder, "_server", None), "_session", None)
        if session is not None:
            session.close()
    closer = getattr(client, "close", None)
    if callable(closer):
        try:
            closer()
        except Exception:  # closing is best effort; nothing is pending
            pass
