"""The document registry in the main database (PostgreSQL), shared by every replica of the bot.

Same rows and interface as the SQLite registry file; the tables come from the application's
migrations (kb_documents, kb_chunks, kb_state). Every change bumps kb_state.version in the same
transaction, so a replica learns with one cheap read that its in-memory indexes are stale.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from knowledge.registry import (
    ChunkRow,
    DocumentRow,
    Registry,
    _pack,
    _unpack,
    pack_tokens,
    unpack_tokens,
)
from knowledge.units import ChunkVectors

log = logging.getLogger("kam.knowledge")

_meta = sa.MetaData()
documents_table = sa.Table(
    "kb_documents",
    _meta,
    sa.Column("doc_id", sa.String(64), primary_key=True),
    sa.Column("identity", sa.Text, nullable=False, unique=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("content_hash", sa.String(128), nullable=False),
    sa.Column("chunks", sa.Integer, nullable=False),
    sa.Column("pages", sa.Integer, nullable=False),
    sa.Column("ingested_at", sa.String(40), nullable=False),
    sa.Column("client_id", sa.Integer),
    sa.Column("held_for", sa.String(64)),
)
chunks_table = sa.Table(
    "kb_chunks",
    _meta,
    sa.Column("chunk_id", sa.String(120), primary_key=True),
    sa.Column("doc_id", sa.String(64), sa.ForeignKey("kb_documents.doc_id", ondelete="CASCADE")),
    sa.Column("ord", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("section", sa.Text),
    sa.Column("page", sa.Integer),
    sa.Column("tokens", sa.Text, nullable=False),
    sa.Column("vector", sa.LargeBinary),
    sa.Column("units", sa.LargeBinary),
    sa.Column("vectors_model", sa.String(120)),
)
state_table = sa.Table(
    "kb_state",
    _meta,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.BigInteger, nullable=False),
)
_BATCH = 500
_INGEST_LOCK_SPACE = 0x4B414D49  # 'KAMI': advisory locks of the knowledge base
_WRITE_LOCK = 0  # in that space: the writer's turn (documents use their identity's hash)


def sync_url(url: str) -> str:
    """The blocking driver's URL for an application database URL."""
    return url.replace("+aiosqlite", "").replace("postgresql+asyncpg", "postgresql+psycopg")


class SqlRegistry:
    """The registry in the application database; safe for threads (the engine pools connections)."""

    def __init__(self, url: str) -> None:
        self._engine: Engine = sa.create_engine(
            sync_url(url), pool_pre_ping=True, pool_size=4, max_overflow=12
        )
        self._postgres = self._engine.dialect.name == "postgresql"
        self._local_locks: dict[str, threading.Lock] = {}
        self._local_guard = threading.Lock()
        with self._engine.begin() as conn:
            if not sa.inspect(conn).has_table("kb_state"):
                raise RuntimeError(
                    "the database has no knowledge-base tables: run the migrations first"
                )
            self._ensure_state(conn)

    def close(self) -> None:
        self._engine.dispose()

    # Reading.

    def version(self) -> int:
        with self._engine.connect() as conn:
            return int(conn.execute(sa.select(state_table.c.version)).scalar() or 0)

    @staticmethod
    def _document(row: Any) -> DocumentRow:
        return DocumentRow(
            row.doc_id, row.identity, row.title, row.source, row.kind, row.content_hash,
            int(row.chunks), int(row.pages),
            datetime.fromisoformat(row.ingested_at).astimezone(UTC),
            None if row.client_id is None else int(row.client_id), row.held_for,
        )  # fmt: skip

    def documents(self) -> list[DocumentRow]:
        d = documents_table
        with self._engine.connect() as conn:
            rows = conn.execute(sa.select(d).order_by(d.c.ingested_at, d.c.doc_id)).all()
        return [self._document(r) for r in rows]

    def document(self, doc_id: str) -> DocumentRow | None:
        with self._engine.connect() as conn:
            row = conn.execute(
                sa.select(documents_table).where(documents_table.c.doc_id == doc_id)
            ).first()
        return self._document(row) if row else None

    def chunk_ids(self, doc_id: str) -> list[str]:
        c = chunks_table
        with self._engine.connect() as conn:
            rows = conn.execute(
                sa.select(c.c.chunk_id).where(c.c.doc_id == doc_id).order_by(c.c.ord)
            ).all()
        return [str(r[0]) for r in rows]

    def chunks_of(self, doc_id: str) -> list[ChunkRow]:
        """One document's chunks, in order."""
        c = chunks_table
        with self._engine.connect() as conn:
            rows = conn.execute(sa.select(c).where(c.c.doc_id == doc_id).order_by(c.c.ord)).all()
        out = []
        for r in rows:
            tokens, tokens_version = unpack_tokens(r.tokens)
            out.append(ChunkRow(
                r.chunk_id, r.doc_id, r.ord, r.text, r.section, r.page, tokens,
                _unpack(r.vector, r.units), r.vectors_model, tokens_version,
            ))  # fmt: skip
        return out

    def iter_chunks(self) -> Iterator[ChunkRow]:
        """Every chunk, grouped by document, in document order."""
        c, d = chunks_table, documents_table
        query = (
            sa.select(c)
            .join(d, d.c.doc_id == c.c.doc_id)
            .order_by(d.c.ingested_at, c.c.doc_id, c.c.ord)
        )
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
        for r in rows:
            tokens, tokens_version = unpack_tokens(r.tokens)
            yield ChunkRow(
                r.chunk_id, r.doc_id, r.ord, r.text, r.section, r.page, tokens,
                _unpack(r.vector, r.units), r.vectors_model, tokens_version,
            )  # fmt: skip

    # Writing: each write is one transaction that also bumps the version.

    @staticmethod
    def _ensure_state(conn: Connection) -> None:
        if conn.execute(sa.select(state_table.c.id)).first() is None:
            conn.execute(sa.insert(state_table).values(id=1, version=0))

    def _bump(self, conn: Connection) -> None:
        if not conn.execute(
            sa.update(state_table).values(version=state_table.c.version + 1)
        ).rowcount:
            conn.execute(sa.insert(state_table).values(id=1, version=1))

    def set_vectors(self, rows: list[tuple[str, ChunkVectors]], model: str) -> None:
        c = chunks_table
        statement = (
            sa.update(c)
            .where(c.c.chunk_id == sa.bindparam("cid"))
            .values(
                vector=sa.bindparam("v"), units=sa.bindparam("u"), vectors_model=sa.bindparam("m")
            )
        )
        with self._engine.begin() as conn:
            for start in range(0, len(rows), _BATCH):
                params = []
                for chunk_id, vectors in rows[start : start + _BATCH]:
                    vector, units = _pack(vectors)
                    params.append({"cid": chunk_id, "v": vector, "u": units, "m": model})
                conn.execute(statement, params)
            self._bump(conn)

    def set_tokens(self, rows: list[tuple[str, list[str]]], version: str) -> None:
        c = chunks_table
        statement = (
            sa.update(c).where(c.c.chunk_id == sa.bindparam("cid")).values(tokens=sa.bindparam("t"))
        )
        with self._engine.begin() as conn:
            for start in range(0, len(rows), _BATCH):
                params = [
                    {"cid": chunk_id, "t": pack_tokens(tokens, version)}
                    for chunk_id, tokens in rows[start : start + _BATCH]
                ]
                conn.execute(statement, params)
            self._bump(conn)

    def replace(
        self,
        document: DocumentRow,
        chunks: list[ChunkRow],
        removing: Sequence[str] = (),
        holding: Sequence[str] = (),
    ) -> None:
        d = documents_table
        with self._engine.begin() as conn:
            self._replace(conn, document, chunks)
            for doc_id in removing:
                self._delete(conn, doc_id)
            if holding:
                conn.execute(
                    sa.update(d).where(d.c.doc_id.in_(holding)).values(held_for=document.doc_id)
                )
            self._bump(conn)

    def _replace(self, conn: Connection, document: DocumentRow, chunks: list[ChunkRow]) -> None:
        conn.execute(sa.delete(chunks_table).where(chunks_table.c.doc_id == document.doc_id))
        conn.execute(sa.delete(documents_table).where(documents_table.c.doc_id == document.doc_id))
        conn.execute(
            sa.insert(documents_table).values(
                doc_id=document.doc_id, identity=document.identity, title=document.title,
                source=document.source, kind=document.kind, content_hash=document.content_hash,
                chunks=document.chunks, pages=document.pages,
                ingested_at=document.ingested_at.astimezone(UTC).isoformat(),
                client_id=document.client_id, held_for=document.held_for,
            )
        )  # fmt: skip
        params = []
        for c in chunks:
            vector, units = _pack(c.vectors)
            params.append({
                "chunk_id": c.chunk_id, "doc_id": c.doc_id, "ord": c.ord, "text": c.text,
                "section": c.section, "page": c.page, "tokens": pack_tokens(c.tokens, c.tokens_version),
                "vector": vector, "units": units, "vectors_model": c.vectors_model,
            })  # fmt: skip
        for start in range(0, len(params), _BATCH):
            conn.execute(sa.insert(chunks_table), params[start : start + _BATCH])

    def remove(self, doc_id: str) -> bool:
        """Remove a document; those held out of answers for it answer again."""
        with self._engine.begin() as conn:
            gone = self._delete(conn, doc_id)
            if gone:
                self._bump(conn)
        return gone

    def release(self, doc_id: str) -> list[str]:
        """The documents held out of answers for `doc_id` answer again; their ids."""
        d = documents_table
        with self._engine.begin() as conn:
            held = [
                str(r[0]) for r in conn.execute(sa.select(d.c.doc_id).where(d.c.held_for == doc_id))
            ]
            if held:
                conn.execute(sa.update(d).where(d.c.held_for == doc_id).values(held_for=None))
                self._bump(conn)
        return held

    @staticmethod
    def _delete(conn: Connection, doc_id: str) -> bool:
        d = documents_table
        conn.execute(sa.update(d).where(d.c.held_for == doc_id).values(held_for=None))
        conn.execute(sa.delete(chunks_table).where(chunks_table.c.doc_id == doc_id))
        return bool(
            conn.execute(
                sa.delete(documents_table).where(documents_table.c.doc_id == doc_id)
            ).rowcount
        )

    @contextmanager
    def ingest_lock(self, identity: str) -> Iterator[None]:
        """One ingestion of the same document at a time, across every process on the database."""
        with self._local_guard:
            local = self._local_locks.setdefault(identity, threading.Lock())
        key = int.from_bytes(hashlib.sha1(identity.encode()).digest()[:4], "big", signed=True)
        with local, self._advisory(key):
            yield

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """One writer of the registry and the dense index at a time across processes (vectors
        are written before the registry rows; a replica reconciling at start must not take the
        vectors of an ingestion in flight for orphans)."""
        with self._advisory(_WRITE_LOCK):
            yield

    @contextmanager
    def _advisory(self, key: int) -> Iterator[None]:
        if not self._postgres:
            yield
            return
        params = {"a": _INGEST_LOCK_SPACE, "b": key}
        with self._engine.connect() as conn:
            conn.execute(sa.text("SELECT pg_advisory_lock(:a, :b)"), params)
            conn.commit()
            try:
                yield
            finally:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:a, :b)"), params)
                conn.commit()

    # Moving a one-machine registry file into the database.

    def is_empty(self) -> bool:
        with self._engine.connect() as conn:
            return (
                conn.execute(sa.select(sa.func.count()).select_from(documents_table)).scalar_one()
                == 0
            )

    def import_file(self, path: Path) -> int:
        """Copy every document of a registry file into the database (once, when it is empty);
        returns how many documents were copied."""
        source = Registry(path)
        try:
            documents = source.documents()
            by_doc: dict[str, list[ChunkRow]] = {}
            for chunk in source.iter_chunks():
                by_doc.setdefault(chunk.doc_id, []).append(chunk)
        finally:
            source.close()
        with self._engine.begin() as conn:
            for document in documents:
                self._replace(conn, document, by_doc.get(document.doc_id, []))
            self._bump(conn)
        return len(documents)
