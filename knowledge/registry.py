"""The document registry and chunk store (SQLite in the KB directory): the truth indexes rebuild from."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

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
    client_id INTEGER
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    text TEXT NOT NULL,
    section TEXT,
    page INTEGER,
    tokens TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id, ord);
"""
TOKEN_SEP = "\x1f"


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


@dataclass(frozen=True)
class ChunkRow:
    chunk_id: str
    doc_id: str
    ord: int
    text: str
    section: str | None
    page: int | None
    tokens: list[str]


class Registry:
    """SQLite with one connection behind a lock; writes are single transactions."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @staticmethod
    def _document(row: tuple[object, ...]) -> DocumentRow:
        (doc_id, identity, title, source, kind, content_hash, chunks, pages, at, client) = row
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
        )

    def documents(self) -> list[DocumentRow]:
        with self._lock:
            rows = self._db.execute(
                "SELECT doc_id, identity, title, source, kind, content_hash, chunks, pages,"
                " ingested_at, client_id FROM documents ORDER BY ingested_at, doc_id"
            ).fetchall()
        return [self._document(r) for r in rows]

    def document(self, doc_id: str) -> DocumentRow | None:
        with self._lock:
            row = self._db.execute(
                "SELECT doc_id, identity, title, source, kind, content_hash, chunks, pages,"
                " ingested_at, client_id FROM documents WHERE doc_id = ?",
                (doc_id,),
            ).fetchone()
        return self._document(row) if row else None

    def chunk_ids(self, doc_id: str) -> list[str]:
        with self._lock:
            rows = self._db.execute(
                "SELECT chunk_id FROM chunks WHERE doc_id = ? ORDER BY ord", (doc_id,)
            ).fetchall()
        return [str(r[0]) for r in rows]

    def iter_chunks(self) -> Iterator[ChunkRow]:
        """Every chunk, grouped by document, in document order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT c.chunk_id, c.doc_id, c.ord, c.text, c.section, c.page, c.tokens"
                " FROM chunks c JOIN documents d ON d.doc_id = c.doc_id"
                " ORDER BY d.ingested_at, c.doc_id, c.ord"
            ).fetchall()
        for chunk_id, doc_id, ord_, text, section, page, tokens in rows:
            yield ChunkRow(
                chunk_id,
                doc_id,
                ord_,
                text,
                section,
                page,
                tokens.split(TOKEN_SEP) if tokens else [],
            )

    def replace(self, document: DocumentRow, chunks: list[ChunkRow]) -> None:
        """Put a document and its chunks in place of any earlier version, atomically."""
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute("DELETE FROM documents WHERE doc_id = ?", (document.doc_id,))
                db.execute(
                    "INSERT INTO documents (doc_id, identity, title, source, kind, content_hash,"
                    " chunks, pages, ingested_at, client_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
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
                    ),
                )
                db.executemany(
                    "INSERT INTO chunks (chunk_id, doc_id, ord, text, section, page, tokens)"
                    " VALUES (?,?,?,?,?,?,?)",
                    [
                        (
                            c.chunk_id,
                            c.doc_id,
                            c.ord,
                            c.text,
                            c.section,
                            c.page,
                            TOKEN_SEP.join(c.tokens),
                        )
                        for c in chunks
                    ],
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def remove(self, doc_id: str) -> bool:
        with self._lock:
            cursor = self._db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
            return cursor.rowcount > 0
