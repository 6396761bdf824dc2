"""The document registry and chunk store (SQLite in the KB directory): the truth indexes rebuild from."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from knowledge.units import ChunkVectors

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    identity TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    chunks INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    ingested_at TEXT NOT NULL,
    client_id INTEGER,
    held_for TEXT
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    text TEXT NOT NULL,
    section TEXT,
    page INTEGER,
    tokens TEXT NOT NULL,
    vector BLOB,
    units BLOB,
    vectors_model TEXT
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id, ord);
"""
TOKEN_SEP = "\x1f"
# The tokens column starts with the version of the cutting that made them (knowledge.text.
# tokens_version), so that a new user dictionary re-cuts stored chunks once at open. A registry
# from before has no mark: its tokens are cut again too. (In the column, not a column of its own:
# the database registry then needs no migration.)
_TOKENS_MARK = "\x1e"
# Columns added after the first release; an older registry gets them on open (NULL: re-embedded).
_ADDED_COLUMNS = {"vector": "BLOB", "units": "BLOB", "vectors_model": "TEXT"}
_ADDED_DOCUMENT_COLUMNS = {"held_for": "TEXT"}
_DOCUMENT_COLUMNS = (
    "doc_id, identity, title, source, kind, content_hash, chunks, pages, ingested_at, client_id,"
    " held_for"
)


@dataclass(frozen=True)
class DocumentRow:
    doc_id: str
    identity: str
    title: str
    source: str
    kind: str
    content_hash: str
    chunks: int
    pages: int
    ingested_at: datetime
    client_id: int | None
    # The newer edition this one is held out of answers for, until an admin chooses between
    # them (replace: this one goes; keep both: it answers again); None: it answers.
    held_for: str | None = None


@dataclass(frozen=True)
class ChunkRow:
    chunk_id: str
    doc_id: str
    ord: int
    text: str
    section: str | None
    page: int | None
    tokens: list[str]
    vectors: ChunkVectors | None = None
    vectors_model: str | None = None
    tokens_version: str | None = None


def pack_tokens(tokens: list[str], version: str | None) -> str:
    """The tokens column: the cutting's version mark, then the words."""
    words = TOKEN_SEP.join(tokens)
    return words if version is None else f"{_TOKENS_MARK}{version}{TOKEN_SEP}{words}"


def unpack_tokens(column: str | None) -> tuple[list[str], str | None]:
    """(words, version of the cutting or None when the row predates versions)."""
    if not column:
        return [], None
    version: str | None = None
    if column.startswith(_TOKENS_MARK):
        head, _, column = column.partition(TOKEN_SEP)
        version = head[len(_TOKENS_MARK) :]
    return (column.split(TOKEN_SEP) if column else []), version


def _pack(vectors: ChunkVectors | None) -> tuple[bytes | None, bytes | None]:
    if vectors is None:
        return None, None
    return vectors.mean.astype(np.float32).tobytes(), vectors.units.astype(np.float16).tobytes()


def _unpack(vector: bytes | None, units: bytes | None) -> ChunkVectors | None:
    if vector is None or units is None:
        return None
    mean = np.frombuffer(vector, dtype=np.float32)
    return ChunkVectors(np.frombuffer(units, dtype=np.float16).reshape(-1, mean.shape[0]), mean)


class Registry:
    """SQLite with one connection behind a lock; writes are single transactions."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(_SCHEMA)
        self._writes = 0
        self._ingesting: dict[str, threading.Lock] = {}
        present = {row[1] for row in self._db.execute("PRAGMA table_info(chunks)")}
        for column, kind in _ADDED_COLUMNS.items():
            if column not in present:
                self._db.execute(f"ALTER TABLE chunks ADD COLUMN {column} {kind}")
        present = {row[1] for row in self._db.execute("PRAGMA table_info(documents)")}
        for column, kind in _ADDED_DOCUMENT_COLUMNS.items():
            if column not in present:
                self._db.execute(f"ALTER TABLE documents ADD COLUMN {column} {kind}")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def version(self) -> int:
        """Changes when this registry changes, by this process or another one on the file."""
        with self._lock:
            (data_version,) = self._db.execute("PRAGMA data_version").fetchone()
            return int(data_version) * 1_000_000 + self._writes

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """Nothing more to take: the knowledge base's file lock serialises writers of a file."""
        yield

    @contextmanager
    def ingest_lock(self, identity: str) -> Iterator[None]:
        """One ingestion of the same document at a time in this process (writes are serialised
        across processes by the knowledge base's file lock)."""
        with self._lock:
            lock = self._ingesting.setdefault(identity, threading.Lock())
        with lock:
            yield

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (taking the file's write lock at its start), committed and
        counted as a change, or rolled back whatever went wrong."""
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            self._writes += 1

    @staticmethod
    def _document(row: tuple[object, ...]) -> DocumentRow:
        (doc_id, identity, title, source, kind, content_hash, chunks, pages, at, client, held) = row
        return DocumentRow(
            str(doc_id),
            str(identity),
            str(title),
            str(source),
            str(kind),
            str(content_hash),
            int(chunks),  # type: ignore[call-overload]
            int(pages),  # type: ignore[call-overload]
            datetime.fromisoformat(str(at)).astimezone(UTC),
            None if client is None else int(client),  # type: ignore[call-overload]
            None if held is None else str(held),
        )

    def documents(self) -> list[DocumentRow]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_DOCUMENT_COLUMNS} FROM documents ORDER BY ingested_at, doc_id"
            ).fetchall()
        return [self._document(r) for r in rows]

    def document(self, doc_id: str) -> DocumentRow | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE doc_id = ?", (doc_id,)
            ).fetchone()
        return self._document(row) if row else None

    def chunk_ids(self, doc_id: str) -> list[str]:
        with self._lock:
            rows = self._db.execute(
                "SELECT chunk_id FROM chunks WHERE doc_id = ? ORDER BY ord", (doc_id,)
            ).fetchall()
        return [str(r[0]) for r in rows]

    def chunks_of(self, doc_id: str) -> list[ChunkRow]:
        """One document's chunks, in order (a photographed document's pages are kept and a page
        added, without embedding them again)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT chunk_id, doc_id, ord, text, section, page, tokens, vector, units,"
                " vectors_model FROM chunks WHERE doc_id = ? ORDER BY ord",
                (doc_id,),
            ).fetchall()
        return [self._chunk(row) for row in rows]

    @staticmethod
    def _chunk(row: tuple[object, ...]) -> ChunkRow:
        chunk_id, doc_id, ord_, text, section, page, column, vector, units, model = row
        tokens, tokens_version = unpack_tokens(None if column is None else str(column))
        return ChunkRow(
            str(chunk_id), str(doc_id), int(ord_),  # type: ignore[call-overload]
            str(text), None if section is None else str(section),
            None if page is None else int(page),  # type: ignore[call-overload]
            tokens, _unpack(vector, units),  # type: ignore[arg-type]
            None if model is None else str(model), tokens_version,
        )  # fmt: skip

    def iter_chunks(self) -> Iterator[ChunkRow]:
        """Every chunk, grouped by document, in document order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT c.chunk_id, c.doc_id, c.ord, c.text, c.section, c.page, c.tokens,"
                " c.vector, c.units, c.vectors_model"
                " FROM chunks c JOIN documents d ON d.doc_id = c.doc_id"
                " ORDER BY d.ingested_at, c.doc_id, c.ord"
            ).fetchall()
        for chunk_id, doc_id, ord_, text, section, page, column, vector, units, model in rows:
            tokens, tokens_version = unpack_tokens(column)
            yield ChunkRow(
                chunk_id,
                doc_id,
                ord_,
                text,
                section,
                page,
                tokens,
                _unpack(vector, units),
                model,
                tokens_version,
            )

    def set_tokens(self, rows: list[tuple[str, list[str]]], version: str) -> None:
        """Store chunks' words cut again (a registry from an older user dictionary)."""
        with self._transaction() as db:
            db.executemany(
                "UPDATE chunks SET tokens = ? WHERE chunk_id = ?",
                [(pack_tokens(tokens, version), chunk_id) for chunk_id, tokens in rows],
            )

    def set_vectors(self, rows: list[tuple[str, ChunkVectors]], model: str) -> None:
        """Store recomputed vectors (an older registry, or a new embedding model)."""
        with self._transaction() as db:
            db.executemany(
                "UPDATE chunks SET vector = ?, units = ?, vectors_model = ? WHERE chunk_id = ?",
                [(*_pack(v), model, chunk_id) for chunk_id, v in rows],
            )

    def replace(
        self,
        document: DocumentRow,
        chunks: list[ChunkRow],
        removing: Sequence[str] = (),
        holding: Sequence[str] = (),
    ) -> None:
        """Put a document and its chunks in place of any earlier version, atomically; the
        documents `removing` (earlier versions under other names) go in the same transaction,
        and those `holding` are held out of answers for it."""
        with self._transaction() as db:
            for doc_id in (document.doc_id, *removing):
                db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
            db.execute(
                f"INSERT INTO documents ({_DOCUMENT_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    document.doc_id,
                    document.identity,
                    document.title,
                    document.source,
                    document.kind,
                    document.content_hash,
                    document.chunks,
                    document.pages,
                    document.ingested_at.astimezone(UTC).isoformat(),
                    document.client_id,
                    document.held_for,
                ),
            )
            db.executemany(
                "UPDATE documents SET held_for = ? WHERE doc_id = ?",
                [(document.doc_id, doc_id) for doc_id in holding],
            )
            db.executemany(
                "INSERT INTO chunks (chunk_id, doc_id, ord, text, section, page, tokens,"
                " vector, units, vectors_model) VALUES (?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        c.chunk_id,
                        c.doc_id,
                        c.ord,
                        c.text,
                        c.section,
                        c.page,
                        pack_tokens(c.tokens, c.tokens_version),
                        *_pack(c.vectors),
                        c.vectors_model,
                    )
                    for c in chunks
                ],
            )

    def remove(self, doc_id: str) -> bool:
        """Remove a document; those held out of answers for it answer again."""
        with self._transaction() as db:
            cursor = db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
            db.execute("UPDATE documents SET held_for = NULL WHERE held_for = ?", (doc_id,))
            return cursor.rowcount > 0

    def release(self, doc_id: str) -> list[str]:
        """The documents held out of answers for `doc_id` answer again; their ids."""
        with self._transaction() as db:
            rows = db.execute(
                "SELECT doc_id FROM documents WHERE held_for = ?", (doc_id,)
            ).fetchall()
            db.execute("UPDATE documents SET held_for = NULL WHERE held_for = ?", (doc_id,))
            return [str(r[0]) for r in rows]
