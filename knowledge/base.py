"""The knowledge base: ingest, list and remove documents; hybrid search; answers with sources."""

from __future__ import annotations

import dataclasses
import fcntl
import functools
import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable, Collection, Container, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import numpy as np

from config.catalog import chinese
from knowledge.answer_units import Unit, without_carried
from knowledge.answerable import (
    answers_question,
    question_subject,
    states_asked,
    states_compared,
)
from knowledge.answering import (
    CROSS_LANGUAGE_OFFSET,
    MAX_ANSWER_CHARS,
    asks_how_or_which,
    compose,
    lexical_overlap,
    listed_things,
    names_other_actor,
    select_sentences,
    whole_sentences,
    with_announced_sections,
)
from knowledge.chunking import CHUNKING_VERSION, Chunk, chunk_blocks
from knowledge.circuit import CircuitState
from knowledge.defined_terms import defined_term
from knowledge.dictionary import (
    bridge,
    dictionary,
    foreign_english_words,
    in_english,
    respelled,
)
from knowledge.embeddings import VectorEmbeddings, lazy_embeddings
from knowledge.grounding import Evidence, check_answer
from knowledge.heading_vectors import HeadingVectors
from knowledge.kept_files import keep
from knowledge.lexicon import lexicon
from knowledge.llm import NOT_FOUND_MARK, ChatClient, build_messages
from knowledge.loaders import (
    SAVE_AS_SUFFIXES,
    SUPPORTED_SUFFIXES,
    Block,
    ParsedDocument,
    parse_document,
    unsupported,
)
from knowledge.messages import message
from knowledge.quote_order import going_on_after_their_sentence, with_what_they_point_at
from knowledge.registry import ChunkRow, DocumentRow, Registry
from knowledge.registry_sql import SqlRegistry
from knowledge.retrieval import (
    BACKGROUND,
    ENGLISH_NEAR_COVERAGE,
    MODES,
    NEAR_MISS_COVERAGE,
    ChunkTable,
    DenseSignal,
    chinese_near,
    innermost,
    is_english_near_miss,
    is_near_miss,
    is_relevant,
    is_relevant_in_english,
    is_word_led_miss,
    rrf,
)
from knowledge.text import (
    is_chinese,
    normalize,
    query_groups,
    question_language,
    search_terms,
    tokens_version,
    warm_up,
    without_unknown_parts,
    words,
)
from knowledge.types import (
    Answer,
    DocumentInfo,
    IngestError,
    IngestReport,
    KnowledgeConfig,
    Passage,
    StoreState,
    StoreUnavailable,
)
from knowledge.units import ChunkVectors, Progress, embed_chunks, vectors_stamp
from knowledge.vectors import PUBLIC, VectorStore, collection_name
from knowledge.versions import other_versions, same_page

log = logging.getLogger("kam.knowledge")

CANDIDATE_DEPTH = 30
NEAREST_ROWS = 3  # chunks with the sentences nearest the question, quoted from if unranked
# Chunks first by meaning (chunk mean and best sentence) added to a Chinese question's quote
# candidates when the fused ranking and the nearest sentences left them out. Measured on the eval
# sets (bench/README.md, kbret2): 1 answered one more dev question right, 2 lost five others.
DENSE_ROWS = 1
CROSS_DEPTH = 10  # chunks in the other language than the question, added to the dense ones
# Chinese chunks best by words added to an English question's quote candidates: measured on the
# English questions of the dev sets with the gate open, 1 answered three more right and one less,
# 2 and 3 no more (the extra chunks' sentences outscored right ones).
OTHER_LANGUAGE_WORD_ROWS = 1
# Chinese chunks added to an English question's quote candidates when their section's heading says
# the question (retrieval.ChunkTable.other_language_by_section): "5.2建立企业内部完善的大客户工作机制"
# for "What internal mechanism should a power company set up…", whose sentences say the question's
# words less often than the planning steps BM25 ranks first. The answering.SECTION_TOPIC_CREDIT
# then weighs its sentences. Measured (bench/README.md, kben5): ALLDEV 1445 → 1449, ALLVAL 580 →
# 581 (evals/kben5_val.jsonl 17 → 18).
SECTION_ROWS = 1
# The chunk of the section whose heading is nearer a Chinese question by meaning than any sentence
# of the knowledge base (retrieval.ChunkTable.section_headings, the heading's vector kept by
# knowledge.heading_vectors), added to the quote candidates; answering.select_sentences lends the
# heading to the sentences standing under it. The paragraph under "(一)营销渠道改变时,客户的管理"
# never says 渠道 or 改变, and "渠道一变，客户这块儿怎么处理？" shares few words with the heading: the
# article's opening, which says 营销渠道 twice, won the words and the meaning. Measured (bench/README.md,
# kbcorp8): ALLDEV 1716 → 1724, ALLVAL 779 → 786.
HEADING_ROWS = 1
DENSE_MEAN_WEIGHT = 0.5
# How much a question word matched only through the dictionary (not glossary.txt) counts in the
# gate's coverage: calibrated on evals/gate_calibration.jsonl and evals/crosslingual_dev.jsonl.
DICTIONARY_EVIDENCE = 0.75
ANSWER_PASSAGES = 6
_REGISTRY_FILE = "registry.sqlite3"
_CHROMA_DIR = "chroma"
_LOCK_FILE = ".write.lock"
# Held while a photographed page finds its document and is filed (KnowledgeBase._ingest_one).
_PAGES_LOCK = "photographed pages"
_BACKGROUND_CACHE: dict[tuple[str, str], np.ndarray] = {}
# Given the earlier versions of a document being ingested, the ids of those it replaces.
Replacing = Callable[[list[DocumentInfo]], Collection[str]]


@dataclass(frozen=True)
class _Hit:
    row: int
    score: float
    dense: float | None


@dataclass(frozen=True)
class Retrieval:
    """Ranked hits plus what the relevance gate saw; internal to the package."""

    passages: list[Passage]
    found: bool
    query_vector: np.ndarray | None
    groups: tuple[tuple[str, ...], ...]
    # Passages holding the sentences nearest the question by meaning that the fused ranking
    # left out (a long chunk whose one answering sentence is diluted in its mean vector).
    nearest: list[Passage] = dataclasses.field(default_factory=list)
    # Under the gate by little (retrieval.is_near_miss): answered only if the quote passes the
    # answer checks and shares the question's words.
    near: bool = False
    # What the gate weighed: for the nearest sentence in each language it looked at, its signal
    # and the word coverage it was judged with; and the best BM25 score.
    signals: tuple[tuple[DenseSignal, float | None], ...] = ()
    lexical: float = 0.0
    # Under the gate by a little more (retrieval.is_word_led_miss): answered only if the quote
    # passes the answer checks and opens with a unit of the chunk ranked first by words
    # (leading, its chunk id).
    word_led: bool = False
    leading: str | None = None
    # Chunk id → the similarity of its section's heading to the question, for the chunks whose
    # heading is nearer the question by meaning than any sentence (HEADING_ROWS).
    near_headings: dict[str, float] = dataclasses.field(default_factory=dict)
    # An English question in the documents' words just under the gate
    # (retrieval.is_english_near_miss): answered only if the quote passes the answer checks and
    # opens with English text of the chunk its words rank first (leading) holding
    # ENGLISH_NEAR_COVERAGE of its words.
    english_near: bool = False


@dataclass(frozen=True)
class Quote:
    """The sentences picked to answer a question, before the answer checks; internal."""

    question: str
    passages: list[Passage]
    picked: list[tuple[int, Unit]]
    headings: list[str]
    asked: dict[str, frozenset[str]]


class KnowledgeBase:
    """Thread-safe for many readers and one writer at a time; blocking calls throughout."""

    def __init__(
        self,
        config: KnowledgeConfig,
        registry: Registry | SqlRegistry,
        embeddings: VectorEmbeddings,
        vectors: VectorStore,
        chat: ChatClient | None,
    ) -> None:
        self.config = config
        self._registry = registry
        self._embeddings = embeddings
        self._vectors = vectors
        self._chat = chat
        self._headings = HeadingVectors(config.directory, embeddings.name, embeddings.passages)
        self._heading_matrix: tuple[ChunkTable, np.ndarray] | None = None
        self._write_lock = threading.RLock()
        self._table_lock = threading.Lock()
        self._table: ChunkTable | None = None
        self._table_version: int | None = None
        self._closed = False
        # False while the stores wait to be matched with the registry: a Chroma server that was
        # down when this knowledge base opened is reconciled at the first use it answers.
        self._reconciled = False
        self._reconcile_lock = threading.Lock()
        self.queries = 0  # questions searched or answered (exposed as a metric)

    # Opening and closing.

    @classmethod
    def open(
        cls, config: KnowledgeConfig, *, clock: Callable[[], float] = time.monotonic
    ) -> KnowledgeBase:
        """Open (or create) the stores in config.directory and load the embedding model once.
        `clock` (monotonic seconds) times the Chroma server's cool-down after it failed."""
        directory = Path(config.directory)
        directory.mkdir(parents=True, exist_ok=True)
        registry = _open_registry(config, directory)
        # Made at first use: `kam kb list` and `kam kb remove` embed nothing.
        embeddings = lazy_embeddings(
            config.embedding, base_url=config.embedding_base_url, api_key=config.embedding_api_key
        )
        if config.warm:  # now, not at the first question
            embeddings.load()
        vectors = VectorStore(
            directory / _CHROMA_DIR, collection_name(config.embedding), config.chroma_url,
            timeout=config.chroma_timeout, cooldown=config.chroma_cooldown, clock=clock,
            connect=config.warm,
        )  # fmt: skip
        chat = None
        if config.llm_base_url and config.llm_model:
            chat = ChatClient.connect(
                config.llm_base_url, config.llm_model, config.llm_api_key, config.llm_timeout,
                config.llm_provider,
            )  # fmt: skip
        kb = cls(config, registry, embeddings, vectors, chat)
        if not config.warm:
            return kb
        warm_up()
        dictionary(Path(config.cache_dir or directory))  # not on the first English question
        try:
            kb._ready()
            # Headings not embedded yet (a knowledge base from before the heading lane, or
            # documents another replica ingested) are embedded now, not at the first question.
            kb._headings.ensure([heading for heading, _ in kb._current().section_headings()])
        except StoreUnavailable as exc:
            # A replica starts while the Chroma server is down: everything but the documents
            # works, questions and uploads are told to come again; it catches up once it answers.
            log.warning("knowledge base opened without its Chroma server: %s", exc)
        for language in BACKGROUND:
            kb._background(language)
        return kb

    def close(self) -> None:
        with self._write_lock:
            if self._closed:
                return
            self._closed = True
            self._vectors.close()
            self._registry.close()
            if self._chat is not None:
                self._chat.close()
            closer = getattr(self._embeddings, "close", None)
            if callable(closer):
                closer()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One writer per process (lock) and per directory (file lock): the embedded store is not
        safe for two writing processes."""
        with self._write_lock:
            lock_path = Path(self.config.directory) / _LOCK_FILE
            with open(lock_path, "a") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    with self._registry.write_lock():
                        yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)

    def _ready(self) -> None:
        """Reconcile the stores once, before the first use of the dense index; raises
        StoreUnavailable (and tries again at the next use) while the Chroma server is down."""
        if self._reconciled:
            return
        with self._reconcile_lock:
            if not self._reconciled:
                self._vectors.count()  # the server first: not every chunk read for each question
                self._reconcile()
                self._reconciled = True

    def _reconcile(self) -> None:
        """Make the stores match the registry: vectors for chunks that have none from the current
        model (an older registry, or a new embedding model), dense-index rows for chunks missing
        there (a crash between the two writes), and no dense-index rows without a chunk."""
        with self._writing():
            model = self._vectors_model
            docs = {d.doc_id: d for d in self._registry.documents()}
            chunks = list(self._registry.iter_chunks())
            self._recut(chunks)
            stale = [c for c in chunks if c.vectors is None or c.vectors_model != model]
            if stale:
                log.info("embedding %d chunks with %s", len(stale), model)
                fresh = embed_chunks(
                    self._embeddings, [c.text for c in stale], [c.section for c in stale]
                )
                self._registry.set_vectors(
                    [(c.chunk_id, v) for c, v in zip(stale, fresh, strict=True)], model
                )
                renewed = {c.chunk_id: v for c, v in zip(stale, fresh, strict=True)}
            else:
                renewed = {}
            present = self._vectors.ids()
            wanted = {c.chunk_id for c in chunks}
            extra = sorted(present - wanted)
            if extra:
                log.info("removing %d vectors with no registry row", len(extra))
                self._vectors.delete(extra)
            upsert = [c for c in chunks if c.chunk_id in renewed or c.chunk_id not in present]
            if upsert:
                means = [
                    (renewed.get(c.chunk_id) or c.vectors).mean  # type: ignore[union-attr]
                    for c in upsert
                ]
                self._vectors.add(
                    [c.chunk_id for c in upsert],
                    np.vstack(means),
                    [_metadata(c.doc_id, docs[c.doc_id].client_id) for c in upsert],
                )
            self._invalidate()

    def _recut(self, chunks: list[ChunkRow]) -> None:
        """Cut again the words of chunks stored by another version of the cutting (an edited
        user dictionary, or a registry from before versions): the BM25 index is built from them."""
        version = tokens_version()
        stale = [c for c in chunks if c.tokens_version != version]
        if not stale:
            return
        log.info("cutting %d chunks into words again (%s)", len(stale), version)
        self._registry.set_tokens(
            [(c.chunk_id, words(_index_text(c.section, c.text))) for c in stale], version
        )

    @property
    def _vectors_model(self) -> str:
        """Stored unit vectors are valid for this model and this cutting of chunks into units."""
        return vectors_stamp(self._embeddings.name)

    def _invalidate(self) -> None:
        # Under the table lock: a table being built from the old rows is dropped, not kept.
        with self._table_lock:
            self._table = None

    def _current(self) -> ChunkTable:
        # The registry's version tells whether another process (a replica sharing the database)
        # changed the documents since the table was built: then it is rebuilt from the registry.
        version = self._registry.version()
        table = self._table
        if table is not None and version == self._table_version:
            return table
        with self._table_lock:
            if self._table is None or version != self._table_version:
                if self._table_version is not None and self._follows_others:
                    self._sync_vectors()
                # An earlier edition held for a newer one is not quoted beside it.
                answering = [d for d in self._registry.documents() if d.held_for is None]
                self._table = ChunkTable(answering, self._registry.iter_chunks())
                self._table_version = version
            return self._table

    @property
    def _follows_others(self) -> bool:
        """A shared registry with this process's own embedded dense index: other replicas'
        writes reach the index only through the registry."""
        return isinstance(self._registry, SqlRegistry) and not self.config.chroma_url

    def _sync_vectors(self) -> None:
        """Make this process's dense index hold exactly the registry's chunks (no embedding:
        the registry keeps every chunk's vector)."""
        docs = {d.doc_id: d for d in self._registry.documents()}
        chunks = [c for c in self._registry.iter_chunks() if c.vectors is not None]
        present = self._vectors.ids()
        wanted = {c.chunk_id for c in chunks}
        extra = sorted(present - wanted)
        if extra:
            self._vectors.delete(extra)
        missing = [c for c in chunks if c.chunk_id not in present]
        if missing:
            self._vectors.add(
                [c.chunk_id for c in missing],
                np.vstack([c.vectors.mean for c in missing]),  # type: ignore[union-attr]
                [_metadata(c.doc_id, docs[c.doc_id].client_id) for c in missing],
            )

    # Documents.

    def ingest_file(
        self,
        path: Path,
        *,
        title: str | None = None,
        client_id: int | None = None,
        progress: Progress | None = None,
        reading: Progress | None = None,
        replacing: Replacing | None = None,
    ) -> IngestReport:
        path = Path(path)
        name = path.name
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise IngestError("unreadable", name, str(exc)) from exc
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise unsupported(name)
        if size > self.config.max_file_bytes:
            raise IngestError(
                "too_large", name, f"{size} bytes > limit {self.config.max_file_bytes}"
            )
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise IngestError("unreadable", name, str(exc)) from exc
        identity = f"file:{path.resolve()}"
        return self._ingest(
            identity, str(path), name, data, title, client_id, progress, reading, replacing
        )

    def ingest_bytes(
        self,
        filename: str,
        data: bytes,
        *,
        title: str | None = None,
        client_id: int | None = None,
        progress: Progress | None = None,
        reading: Progress | None = None,
        replacing: Replacing | None = None,
        hold_earlier: bool = False,
        album: str | None = None,
    ) -> IngestReport:
        """A document uploaded in chat; the same file name (for the same client) replaces it.

        progress(done, total), when given, is called from this thread as chunks are embedded;
        reading(done, total) before that, as the pages of a scanned PDF are read by OCR.
        replacing(earlier versions), when given and there are any (documents for the same
        readers whose names differ only by version marks), says which of them this one replaces:
        they are removed in the same write as it is added. With `hold_earlier`, the earlier
        versions a new document finds (those not replaced) are held out of answers for it in the
        same write, until `keep_versions` or removing one of them settles it: answers never quote
        two editions side by side meanwhile. Photos of pages sent as one album (`album`, its
        id) are filed as one document, each as its page."""
        name = Path(filename).name or "document"
        owner = "public" if client_id is None else str(client_id)
        identity = f"upload:{owner}:{name}" if album is None else f"album:{owner}:{album}"
        return self._ingest(
            identity, name, name, data, title, client_id, progress, reading, replacing,
            hold_earlier,
        )  # fmt: skip

    def ingest_paths(
        self,
        paths: list[Path],
        progress: Callable[[Path, int, int], None] | None = None,
        reading: Callable[[Path, int, int], None] | None = None,
        *,
        client_id: int | None = None,
        replacing: Callable[[Path, list[DocumentInfo]], Collection[str]] | None = None,
    ) -> tuple[list[IngestReport], list[IngestError]]:
        """Files and folders (recursively; hidden files and types not read skipped inside folders,
        but an Office or WPS file is refused by name, "save_as"),
        for one client's readers alone when client_id is given.

        progress(file, done, total) follows the chunks of each file as they are embedded;
        reading(file, done, total) the pages of a scanned PDF as OCR reads them;
        replacing(file, earlier versions) which of those each file replaces (as ingest_bytes)."""
        reports: list[IngestReport] = []
        errors: list[IngestError] = []
        for path in paths:
            path = Path(path)
            if path.is_dir():
                files = sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                    # An Office or WPS file is named with what to do about it, not skipped.
                    and p.suffix.lower() in SUPPORTED_SUFFIXES | SAVE_AS_SUFFIXES
                )
            else:
                files = [path]
            for file in files:
                step = None if progress is None else functools.partial(progress, file)
                pages = None if reading is None else functools.partial(reading, file)
                chooses = None if replacing is None else functools.partial(replacing, file)
                try:
                    reports.append(
                        self.ingest_file(
                            file,
                            client_id=client_id,
                            progress=step,
                            reading=pages,
                            replacing=chooses,
                        )
                    )
                except IngestError as exc:
                    errors.append(exc)
        return reports, errors

    def _ingest(
        self,
        identity: str,
        source: str,
        filename: str,
        data: bytes,
        title: str | None,
        client_id: int | None,
        progress: Progress | None = None,
        reading: Progress | None = None,
        replacing: Replacing | None = None,
        hold_earlier: bool = False,
    ) -> IngestReport:
        self._ready()  # while the Chroma server is down nothing is read or embedded in vain
        self._vectors.check()  # nor while it failed lately (its cool-down)
        # Two replicas handed the same file at once: the second waits, then finds it unchanged.
        with self._registry.ingest_lock(identity):
            return self._ingest_one(
                identity, source, filename, data, title, client_id, progress, reading, replacing,
                hold_earlier,
            )  # fmt: skip

    def _ingest_one(
        self,
        identity: str,
        source: str,
        filename: str,
        data: bytes,
        title: str | None,
        client_id: int | None,
        progress: Progress | None = None,
        reading: Progress | None = None,
        replacing: Replacing | None = None,
        hold_earlier: bool = False,
    ) -> IngestReport:
        started = time.perf_counter()
        # The content and the chunking that cut it: sent again after the chunking changed, a
        # document is chunked again (its lists' lead-ins carried), not reported unchanged.
        content_hash = hashlib.sha256(CHUNKING_VERSION.encode() + b"\n" + data).hexdigest()
        doc_id = hashlib.sha1(identity.encode()).hexdigest()[:16]
        existing = self._registry.document(doc_id)
        if (
            existing is not None
            and existing.content_hash == content_hash
            and existing.client_id == client_id
            and (title is None or title == existing.title)
        ):
            # Sent again to replace an earlier version it was first added beside.
            replaced = self._replaced(doc_id, source, existing.title, client_id, replacing)
            for earlier in replaced:
                self.remove_document(earlier.doc_id)
            return IngestReport(
                doc_id, existing.title, existing.source, "unchanged", existing.pages,
                existing.chunks, time.perf_counter() - started,
                tuple(d.title for d in replaced),
            )  # fmt: skip
        if existing is None:
            # The same file under another name ("规定-副本.txt"): every passage would be found
            # and quoted twice. The document already there is named instead.
            twin = next(
                (d for d in self._registry.documents()
                 if d.content_hash == content_hash and d.client_id == client_id),
                None,
            )  # fmt: skip
            if twin is not None:
                return IngestReport(
                    twin.doc_id, twin.title, twin.source, "duplicate", twin.pages, twin.chunks,
                    time.perf_counter() - started,
                )  # fmt: skip
        replaced = self._replaced(
            doc_id, source, title or Path(filename).stem, client_id, replacing
        )
        started = time.perf_counter()  # not the time the operator took to answer
        parsed = parse_document(filename, data, max_bytes=self.config.max_file_bytes, read=reading)
        if parsed.kind != "image-ocr" or title is not None:
            return self._add(
                identity, doc_id, source, filename, parsed, title, client_id, content_hash,
                existing, replaced, progress, hold_earlier, started,
            )  # fmt: skip
        # A photographed page: which document it is a page of is decided and written under one
        # lock across replicas, or two pages read at once (two admins, two replicas) would both
        # find no document yet and split one into two. Read by OCR before, in parallel.
        with self._registry.ingest_lock(_PAGES_LOCK):
            plan = (
                self._as_page(parsed, client_id, existing)
                if existing is None or existing.kind == "image-ocr" else None
            )  # fmt: skip
            if plan is not None:
                return self._file_page(plan, parsed, filename, content_hash, progress, started)
            return self._add(
                identity, doc_id, source, filename, parsed, title, client_id, content_hash,
                existing, replaced, progress, hold_earlier, started,
            )  # fmt: skip

    def _add(
        self,
        identity: str,
        doc_id: str,
        source: str,
        filename: str,
        parsed: ParsedDocument,
        title: str | None,
        client_id: int | None,
        content_hash: str,
        existing: DocumentRow | None,
        replaced: list[DocumentInfo],
        progress: Progress | None,
        hold_earlier: bool,
        started: float,
    ) -> IngestReport:
        """A read document embedded and written as a document of its own (new or updated)."""
        chunks, computed = self._embedded_chunks(parsed.blocks, filename, progress)
        doc_title = (title or parsed.title or Path(filename).stem).strip()[:200]
        version = content_hash[:8]
        model = self._vectors_model
        rows = [
            ChunkRow(
                f"{doc_id}-{version}-{n:04d}",
                doc_id,
                n,
                chunk.text,
                chunk.section,
                chunk.page,
                words(_index_text(chunk.section, chunk.text)),
                vectors,
                model,
                tokens_version(),
            )
            for n, (chunk, vectors) in enumerate(zip(chunks, computed, strict=True))
        ]
        vectors = np.vstack([v.mean for v in computed])
        document = DocumentRow(
            doc_id, identity, doc_title, source, parsed.kind, content_hash, len(rows),
            parsed.pages, datetime.now(UTC), client_id,
        )  # fmt: skip
        with self._writing():
            old_ids = set(self._registry.chunk_ids(doc_id))
            # Still there (another process may have removed one while this one was embedded).
            gone = [
                row for row in map(self._registry.document, (d.doc_id for d in replaced)) if row
            ]
            for row in gone:
                old_ids.update(self._registry.chunk_ids(row.doc_id))
            held = (
                [d for d in self._earlier(doc_id, source, doc_title, client_id, parsed.kind)
                 if d.doc_id not in {g.doc_id for g in gone}]
                if hold_earlier and existing is None else []
            )  # fmt: skip
            new_ids = [r.chunk_id for r in rows]
            self._vectors.add(new_ids, vectors, [_metadata(doc_id, client_id) for _ in rows])
            try:
                # One transaction: answers quote the old version or the new one, never both and
                # never neither (the table is rebuilt from the registry).
                self._registry.replace(
                    document, rows, [d.doc_id for d in gone], [d.doc_id for d in held]
                )
            except BaseException:
                self._vectors.delete(sorted(set(new_ids) - old_ids))
                raise
            stale = sorted(old_ids - set(new_ids))
            if stale:
                # A failure here leaves vectors of no registry row: never quoted (the table is
                # the truth), removed when the stores are next reconciled.
                self._vectors.delete(stale)
            self._invalidate()
        status = "added" if existing is None else "updated"
        log.info("%s %s: %d chunks", status, source, len(rows))
        page = (parsed.number or 1) if parsed.kind == "image-ocr" else None
        return IngestReport(
            doc_id, doc_title, source, status, parsed.pages, len(rows),
            time.perf_counter() - started, tuple(d.title for d in gone),
            tuple(d.title for d in held), page, () if page is None else (page,),
        )  # fmt: skip

    def store_state(self) -> StoreState:
        """Whether the dense index answers now; never waits longer than a health check may."""
        return self._vectors.state()

    @property
    def store_circuit(self) -> CircuitState:
        """Whether questions reach the Chroma server now, or are told at once that it is
        unavailable because it failed lately (until its cool-down ends or a health check finds
        it answering)."""
        return self._vectors.circuit

    def _as_page(
        self, parsed: ParsedDocument, client_id: int | None, existing: DocumentRow | None
    ) -> _PagePlan | None:
        """Where a photographed page goes when it is a page of a document photographed page by
        page: the document whose pages begin with its running header (or that is titled by it),
        for the same readers, the one added to last; or the document this photo's own name (an
        album's, a file's) is already filed as. None: a document of its own.

        Its page is the number printed on it ("第3页", "- 3 -", "3/4"); else the page it is
        again (most of its text already on a page: photographed again, perhaps a newer print);
        else 1 for a page with the document's title; else the page after the last one sent.
        It takes the place of the page it is again and of the page of its number: a page is in
        the document once. A first page sent after pages numbered by the order they came moves
        them one on. A page titled otherwise than the document is another document (two
        documents under one letterhead). A page sent days later is filed the same way: a
        forgotten page, or a newer print of one, belongs with the others."""
        header = _plain(parsed.header or "")
        forced = existing is not None
        chosen: tuple[DocumentRow, dict[int, str]] | None = None
        if existing is not None:
            chosen = (existing, _page_texts(self._registry.chunks_of(existing.doc_id)))
        elif len(header) >= 4:
            candidates = [
                d for d in self._registry.documents()
                if d.kind == "image-ocr" and d.client_id == client_id and d.held_for is None
            ]  # fmt: skip
            for doc in sorted(candidates, key=lambda d: d.ingested_at, reverse=True):
                texts = _page_texts(self._registry.chunks_of(doc.doc_id))
                if _plain(doc.title) == header or any(
                    header in _plain(text)[: len(header) + 80] for text in texts.values()
                ):
                    chosen = (doc, texts)
                    break
        if chosen is None:
            return None
        doc, pages = chosen
        printed = parsed.title if parsed.title and _plain(parsed.title) != header else None
        titled = _plain(doc.title) != header  # by a title printed on one of its pages
        if not forced and printed and titled and _plain(printed) != _plain(doc.title):
            return None
        body = "\n".join(block.text for block in parsed.blocks)
        again = next((n for n, text in sorted(pages.items()) if same_page(body, text)), None)
        shift = 0
        if parsed.number is not None:
            number = parsed.number
        elif again is not None:
            number = again
        elif printed is not None:
            number = 1
            if 1 in pages and not titled:
                shift = 1
        else:
            number = max(pages, default=0) + 1
        dropped = frozenset(
            n for n in (number, again) if n is not None and n in pages and not shift
        )
        return _PagePlan(doc, number, printed or doc.title, dropped, shift)

    def _embedded_chunks(
        self, blocks: list[Block], filename: str, progress: Progress | None
    ) -> tuple[list[Chunk], list[ChunkVectors]]:
        """The blocks' chunks and their vectors (a document or a page); nothing readable is an
        IngestError "empty"."""
        chunks = chunk_blocks(blocks)
        if not chunks:
            raise IngestError("empty", filename, "no readable text after cleaning")
        if progress is not None:
            progress(0, len(chunks))
        computed = embed_chunks(
            self._embeddings, [c.text for c in chunks], [c.section for c in chunks], progress
        )
        # Embedded now, so that no question pays for them (HEADING_ROWS).
        self._headings.ensure([innermost(c.section) for c in chunks if c.section])
        return chunks, computed

    def _file_page(
        self,
        plan: _PagePlan,
        parsed: ParsedDocument,
        filename: str,
        content_hash: str,
        progress: Progress | None,
        started: float,
    ) -> IngestReport:
        """A photographed page into its document: the pages already there kept as they are
        (their vectors too: only the new page is embedded), the one it replaces gone, in one
        write; the document stays one entry, its chunks in page order."""
        doc = plan.document
        blocks = [dataclasses.replace(block, page=plan.number) for block in parsed.blocks]
        chunks, computed = self._embedded_chunks(blocks, filename, progress)
        model = self._vectors_model
        added = [
            ChunkRow(
                f"{doc.doc_id}-{content_hash[:8]}-{n:04d}", doc.doc_id, 0, chunk.text,
                chunk.section, plan.number, words(_index_text(chunk.section, chunk.text)),
                vectors, model, tokens_version(),
            )
            for n, (chunk, vectors) in enumerate(zip(chunks, computed, strict=True))
        ]  # fmt: skip
        with self._writing():
            old = self._registry.chunks_of(doc.doc_id)
            kept = [
                dataclasses.replace(c, page=(c.page or 1) + plan.shift)
                for c in old if (c.page or 1) not in plan.dropped
            ]  # fmt: skip
            stale = sorted({c.chunk_id for c in old} - {c.chunk_id for c in kept})
            # Stable: a page's chunks keep their order; the pages go in their numbers' order.
            ordered = sorted([*kept, *added], key=lambda c: c.page or 1)
            rows = [dataclasses.replace(c, ord=n) for n, c in enumerate(ordered)]
            numbers = tuple(sorted({c.page or 1 for c in rows}))
            digest = hashlib.sha256(CHUNKING_VERSION.encode())
            for row in rows:
                digest.update(f"\n{row.page}\n{row.text}".encode())
            document = DocumentRow(
                doc.doc_id, doc.identity, plan.title[:200], doc.source, "image-ocr",
                digest.hexdigest(), len(rows), len(numbers), datetime.now(UTC), doc.client_id,
            )  # fmt: skip
            new_ids = [r.chunk_id for r in added]
            self._vectors.add(
                new_ids, np.vstack([v.mean for v in computed]),
                [_metadata(doc.doc_id, doc.client_id) for _ in added],
            )  # fmt: skip
            try:
                self._registry.replace(document, rows)
            except BaseException:
                self._vectors.delete(new_ids)
                raise
            if stale:
                self._vectors.delete(stale)
            self._invalidate()
        log.info("page %d of %s (%s): %d chunks", plan.number, doc.doc_id, filename, len(added))
        return IngestReport(
            doc.doc_id, document.title, doc.source, "updated", len(numbers), len(rows),
            time.perf_counter() - started, page=plan.number, page_numbers=numbers,
            page_again=plan.number in plan.dropped,
        )  # fmt: skip

    def _replaced(
        self,
        doc_id: str,
        source: str,
        title: str,
        client_id: int | None,
        replacing: Replacing | None,
    ) -> list[DocumentInfo]:
        """The earlier versions the caller chose to replace by this document (asked before
        the document is read and embedded, so that a question on a terminal comes at once)."""
        if replacing is None:
            return []
        earlier = self._earlier(doc_id, source, title, client_id)
        if not earlier:
            return []
        chosen = set(replacing(earlier))
        return [d for d in earlier if d.doc_id in chosen]

    def _earlier(
        self, doc_id: str, source: str, title: str, client_id: int | None, kind: str = ""
    ) -> list[DocumentInfo]:
        """Documents for the same readers whose names make them look like earlier versions of
        this one (a client's note does not replace the company's document)."""
        new = DocumentInfo(doc_id, title, source, 0, 0, datetime.now(UTC), client_id, kind=kind)
        return [d for d in other_versions(new, self.documents()) if d.client_id == client_id]

    def same_content(self, doc_id: str) -> list[DocumentInfo]:
        """Documents with exactly this one's content filed for other readers (the company's and
        a client's, or two clients'): not duplicates, since each reaches readers the other does
        not, but an admin should know both are there (a reader of both sees it quoted twice)."""
        rows = self._registry.documents()
        doc = next((d for d in rows if d.doc_id == doc_id), None)
        if doc is None:
            return []
        return [
            info
            for info in self.documents()
            for row in rows
            if row.doc_id == info.doc_id
            and row.doc_id != doc_id
            and row.content_hash == doc.content_hash
            and row.client_id != doc.client_id
        ]

    def keep_versions(self, doc_id: str) -> list[str]:
        """The earlier editions held out of answers for `doc_id` answer again beside it (an admin
        chose to keep both); their ids, none when there were none (already settled)."""
        with self._writing():
            released = self._registry.release(doc_id)
            self._invalidate()
        return released

    def album_document(self, album: str) -> DocumentInfo | None:
        """The document the photos of this Telegram album are filed as, for whichever readers
        (only an album's first photo carries the caption naming the client)."""
        ids = {d.doc_id for d in self._registry.documents()
               if d.identity.startswith("album:") and d.identity.endswith(f":{album}")}  # fmt: skip
        return next((d for d in self.documents() if d.doc_id in ids), None)

    def documents(self) -> list[DocumentInfo]:
        return [
            DocumentInfo(
                d.doc_id,
                d.title,
                d.source,
                d.chunks,
                d.pages,
                d.ingested_at,
                d.client_id,
                d.content_hash[:8],
                d.held_for,
                d.kind,
            )
            for d in self._registry.documents()
        ]

    def remove_document(self, doc_id: str) -> bool:
        """Remove a document and its chunks from both indexes; False when there was none."""
        self._ready()
        with self._writing():
            document = self._registry.document(doc_id)
            if document is None:
                return False
            # Read first: were the registry to refuse after the vectors went, they go back.
            chunks = [c for c in self._registry.iter_chunks() if c.doc_id == doc_id]
            # The dense index first: while the Chroma server is down nothing is removed (before,
            # the registry lost the document and its vectors stayed until the next start).
            self._vectors.delete([c.chunk_id for c in chunks])
            try:
                self._registry.remove(doc_id)
            except BaseException:
                # The document stays whole, and removing it again works.
                self._restore_vectors(document, chunks)
                raise
            self._invalidate()
            return True

    def _restore_vectors(self, document: DocumentRow, chunks: list[ChunkRow]) -> None:
        kept = [c for c in chunks if c.vectors is not None]
        try:
            if kept:
                self._vectors.add(
                    [c.chunk_id for c in kept],
                    np.vstack([c.vectors.mean for c in kept]),  # type: ignore[union-attr]
                    [_metadata(document.doc_id, document.client_id) for _ in kept],
                )
        except Exception:
            log.warning("vectors of %s not put back: the next start does", document.doc_id)

    # Questions.

    def search(
        self,
        question: str,
        *,
        allowed_client_ids: frozenset[int] | None = None,
        k: int = 5,
        mode: str = "hybrid",
    ) -> list[Passage]:
        """The k best passages the caller may read. mode: "hybrid", "bm25" or "dense".

        Passage.score is the fused RRF score (hybrid), cosine similarity (dense) or BM25 (bm25).
        """
        return self.retrieve(
            question, allowed_client_ids=allowed_client_ids, k=k, mode=mode
        ).passages

    def retrieve(
        self,
        question: str,
        *,
        allowed_client_ids: frozenset[int] | None = None,
        k: int = 5,
        mode: str = "hybrid",
    ) -> Retrieval:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self.queries += 1
        self._ready()
        table = self._current()
        question = as_read(question, table.bm25.vocabulary)
        # With the dictionary's translations the knowledge base holds: a question's words meet
        # the other language's chunks in the BM25 search, the gate's coverage and the quotes.
        glossed = without_unknown_parts(query_groups(question), table.bm25.vocabulary)
        groups = bridge(normalize(question), glossed, table.bm25.vocabulary, table.bm25)
        depth = max(CANDIDATE_DEPTH, k * 4)
        dense_rank: list[int] = []
        dense_sim: dict[int, float] = {}
        dense_key: dict[int, float] = {}  # dense_sim with the language gap allowed for
        nearest_sentence: dict[int, float] = {}  # row: its sentence nearest the question
        # The sentence nearest the question in its own language and in the other: (row, sim).
        closest: dict[bool, tuple[int, float]] = {}
        across: dict[int, float] = {}  # a Chinese question's English rows: their nearest sentence
        english_led = False  # a Chinese question weighed against English text (chinese_near)
        vector: np.ndarray | None = None
        question_zh = chinese(question_language(question))
        lexical_rank: list[int] = []
        lexical_score: dict[int, float] = {}
        if mode in ("hybrid", "bm25") and table.rows:
            for row, score in table.bm25.search(
                search_terms(groups), table.mask(allowed_client_ids), depth
            ):
                lexical_rank.append(row)
                lexical_score[row] = score
        if mode in ("hybrid", "dense") and table.rows and question.strip():
            vector = self._embeddings.query(normalize(question))
            found_rows = [
                (table.row_of[chunk_id], mean_sim)
                for chunk_id, mean_sim in self._vectors.query(vector, depth, allowed_client_ids)
                if chunk_id in table.row_of  # else a write raced this read; the table is the truth
            ]
            if not question_zh:
                # An English question about Chinese text: the Chinese rows nearest it compete too.
                seen = {row for row, _ in found_rows}
                found_rows += [
                    (row, mean_sim)
                    for row, mean_sim in table.other_language(
                        vector, question_zh, table.mask(allowed_client_ids), CROSS_DEPTH
                    )
                    if row not in seen
                ]
            # The chunks the words found are weighed by meaning too, though the dense index
            # did not return them: a long chunk whose answering sentence is one of many (the
            # power utility's nine planning steps) has a mean vector far from the question.
            seen = {row for row, _ in found_rows}
            found_rows += [
                (row, table.mean_similarity(row, vector))
                for row in lexical_rank
                if row not in seen and table.has_vectors(row)
            ]
            for row, mean_sim in found_rows:
                # The dense index holds each chunk's mean unit vector; its best sentence counts
                # as much (a chunk answering in one sentence among unrelated ones).
                units = table.unit_similarities(row, vector)
                best = float(units.max()) if units.size else mean_sim
                dense_sim[row] = DENSE_MEAN_WEIGHT * mean_sim + (1 - DENSE_MEAN_WEIGHT) * best
                cross = table.is_chinese(row) != question_zh
                # e5 puts Chinese text lower for an English question with the same meaning. (A
                # Chinese question is answered from Chinese text first: no allowance that way.)
                shift = CROSS_LANGUAGE_OFFSET if cross and not question_zh else 0.0
                dense_key[row] = dense_sim[row] + shift
                if not (cross and question_zh):
                    nearest_sentence[row] = best + shift
                else:
                    across[row] = best
                if cross not in closest or best > closest[cross][1]:
                    closest[cross] = (row, best)
            dense_rank = sorted(dense_key, key=lambda r: (-dense_key[r], r))
            if question_zh and True in closest and not chinese_near(closest.get(False)):
                # No Chinese sentence near a Chinese question (an English-only handbook): the
                # English ones are weighed and quoted from instead, behind their own gate.
                english_led = True
                nearest_sentence.update(across)
                # Its words meet the English text through the dictionary's glosses as well.
                glossed = in_english(glossed, table.bm25.vocabulary)
                groups = in_english(groups, table.bm25.vocabulary)
                if mode == "hybrid" and table.rows:
                    lexical_score = dict(
                        table.bm25.search(
                            search_terms(groups), table.mask(allowed_client_ids), depth
                        )
                    )
                    lexical_rank = list(lexical_score)
        if mode == "hybrid":
            ranked = rrf([dense_rank, lexical_rank])
        elif mode == "dense":
            ranked = [(r, dense_sim[r]) for r in dense_rank]
        else:
            ranked = [(r, lexical_score[r]) for r in lexical_rank]
        hits = [_Hit(row, score, dense_sim.get(row)) for row, score in ranked[:k]]
        # The gate weighs a chunk's words as the answer checks do: a manager's everyday word
        # (said_by.txt) counts as found where the documents' word for it is.
        said = lexicon().with_said_by
        norm = normalize(question)
        coverage = self._coverage(
            table, said(glossed, norm), said(groups, norm), lexical_rank, mode, question_zh
        )
        found = near = word_led = english_near = False
        signals: list[tuple[DenseSignal, float | None]] = []
        known_words = not question_zh and not foreign_english_words(
            said(groups, norm), table.bm25.vocabulary
        )
        if hits and vector is not None and closest:
            # Relevant when the nearest sentence passes the gate; for an English question the
            # nearest Chinese sentence may pass it instead. Not the other way round: calibrated on
            # the eval sets, a Chinese question the documents do not answer is as near English
            # text (and as far from the background) as one they answer; unless no Chinese
            # sentence is near it (english_led), and then behind a gate of its own.
            for cross, (top, similarity) in closest.items():
                if cross and question_zh and not english_led:
                    continue
                language = "zh" if table.is_chinese(top) else "en"
                background = float((self._background(language) @ vector).max())
                signal = DenseSignal(similarity, cross, background, not question_zh, known_words)
                signals.append((signal, coverage[cross]))
                if cross and question_zh:
                    found = found or is_relevant_in_english(signal, coverage[cross])
                    continue
                found = found or is_relevant(signal, coverage[cross])
                near = near or is_near_miss(signal, coverage[cross])
                word_led = word_led or is_word_led_miss(signal, coverage[cross])
                english_near = english_near or is_english_near_miss(signal, coverage[cross])
        elif hits:
            found = is_relevant(None, coverage[False])
        passages = [self._passage(table, h) for h in hits]
        listed = {h.row for h in hits}
        nearest = [
            self._passage(table, _Hit(row, dense_sim[row], dense_sim[row]))
            for row in sorted(nearest_sentence, key=lambda r: -nearest_sentence[r])[:NEAREST_ROWS]
            if row not in listed and mode == "hybrid"
        ]
        if mode == "hybrid" and question_zh:
            # The chunk best by meaning that the words missed (a paraphrase in everyday words:
            # 设备坏了 for 故障报修, 哪几个关键 for 工作要点) is ranked by one list only and falls
            # behind chunks that both lists rank in the middle. An English question has its own
            # extra candidates (other_language, OTHER_LANGUAGE_WORD_ROWS); one more lost one.
            taken = listed | {table.row_of[p.chunk_id] for p in nearest}
            nearest += [
                self._passage(table, _Hit(row, dense_sim[row], dense_sim[row]))
                for row in [r for r in dense_rank if r not in taken][:DENSE_ROWS]
            ]
        near_headings: dict[str, float] = {}
        if mode == "hybrid" and question_zh and vector is not None and False in closest:
            taken = listed | {table.row_of[p.chunk_id] for p in nearest}
            for row, similarity in self._nearest_headings(
                table, vector, closest[False][1], table.mask(allowed_client_ids)
            )[:HEADING_ROWS]:
                near_headings[table.rows[row].chunk_id] = similarity
                if row not in taken:
                    nearest.append(
                        self._passage(table, _Hit(row, dense_sim.get(row, 0.0), dense_sim.get(row)))
                    )
        if mode == "hybrid" and not question_zh:
            # An English question's words meet English text directly and Chinese text only through
            # translations: the fused ranking and the nearest sentences can all be English (a
            # translated handbook's generic lines), and the Chinese chunk best by words is missing.
            listed |= {table.row_of[p.chunk_id] for p in nearest}
            # BM25 order, equals in reading order: a passage pasted twice into a corpus article
            # scores the same in both places, and the search leaves equals in no set order.
            unread = sorted(
                (r for r in lexical_rank if r not in listed), key=lambda r: (-lexical_score[r], r)
            )
            best_chinese = table.other_language_by_words(groups, unread, question_zh)
            nearest += [
                self._passage(table, _Hit(row, lexical_score[row], dense_sim.get(row)))
                for row in best_chinese[:OTHER_LANGUAGE_WORD_ROWS]
            ]
            listed |= set(best_chinese[:OTHER_LANGUAGE_WORD_ROWS])
            # The chunk of the section whose heading says the question, if the words missed it.
            by_section = table.other_language_by_section(
                groups, [r for r in lexical_rank if r not in listed], question_zh
            )
            nearest += [
                self._passage(table, _Hit(row, lexical_score[row], dense_sim.get(row)))
                for row in by_section[:SECTION_ROWS]
            ]
        return Retrieval(
            passages, found, vector, groups, nearest, near and not found, tuple(signals),
            max(lexical_score.values(), default=0.0), word_led and not found,
            table.rows[lexical_rank[0]].chunk_id if lexical_rank else None, near_headings,
            english_near and not found,
        )  # fmt: skip

    def _nearest_headings(
        self, table: ChunkTable, vector: np.ndarray, floor: float, mask: np.ndarray | None
    ) -> list[tuple[int, float]]:
        """(row, similarity) for the sections whose heading is nearer the question than floor,
        nearest first: of each, its chunk holding the sentence nearest the question."""
        sections = table.section_headings()
        if not sections:
            return []
        cached = self._heading_matrix
        if cached is None or cached[0] is not table:
            cached = (table, self._headings.matrix([heading for heading, _ in sections]))
            self._heading_matrix = cached
        similarities = cached[1] @ vector.astype(np.float32)
        out = []
        above = np.flatnonzero(similarities > floor)
        for n in above[np.argsort(-similarities[above], kind="stable")]:
            rows = [r for r in sections[n][1] if mask is None or mask[r]]
            if rows:
                best = max(
                    rows, key=lambda r: float(table.unit_similarities(r, vector).max(initial=-1.0))
                )
                out.append((best, float(similarities[n])))
        return out

    @staticmethod
    def _coverage(
        table: ChunkTable,
        glossed: tuple[tuple[str, ...], ...],
        groups: tuple[tuple[str, ...], ...],
        ranked: list[int],
        mode: str,
        question_zh: bool,
    ) -> dict[bool, float | None]:
        """The gate's lexical evidence for the nearest sentence in the question's language
        (False), from the three chunks best by words, and in the other (True), from the three
        best of that language: for an English question they are often all English, whatever the
        Chinese chunks say. The dictionary's translations count for the other language only,
        and at DICTIONARY_EVIDENCE: its translations of "limit", "value" and "clients" met in
        Chinese text said little on whether a question about gifts is answered."""
        if mode == "dense":
            return {False: None, True: None}
        rows = ranked[:3]
        own = max((table.coverage(glossed, row) for row in rows), default=0.0)
        if not question_zh:
            rows = [row for row in ranked if table.is_chinese(row)][:3]
        if groups == glossed and rows == ranked[:3]:
            return {False: own, True: own}
        glossary = max((table.coverage(glossed, row) for row in rows), default=0.0)
        bridged = max((table.coverage(groups, row) for row in rows), default=0.0)
        return {False: own, True: glossary + DICTIONARY_EVIDENCE * (bridged - glossary)}

    def _background(self, language: str) -> np.ndarray:
        """Embeddings of the off-topic background sentences: computed once, kept in the cache
        directory (the KB directory unless `cache_dir`), so that no question pays for them.
        The file is named by the model and the sentences, so a shared one is never stale."""
        key = (self._embeddings.name, language)
        matrix = _BACKGROUND_CACHE.get(key)
        if matrix is not None:
            return matrix
        sentences = [normalize(t) for t in BACKGROUND[language]]
        digest = hashlib.sha1("\n".join([*key, *sentences]).encode()).hexdigest()[:12]
        directory = Path(self.config.cache_dir or self.config.directory)
        path = directory / f"background-{language}-{digest}.npy"
        try:
            matrix = np.load(path)
        except (OSError, ValueError):
            computed = matrix = self._embeddings.passages(sentences)
            keep(path, lambda out: np.save(out, computed), "background vectors")
        _BACKGROUND_CACHE[key] = matrix
        return matrix

    def _passage(self, table: ChunkTable, hit: _Hit) -> Passage:
        meta = table.rows[hit.row]
        doc = table.documents[meta.doc_id]
        return Passage(
            meta.text, doc.title, doc.source, meta.section, meta.page, hit.score,
            meta.doc_id, meta.chunk_id, ocr=doc.kind.endswith("-ocr"),
        )  # fmt: skip

    def answer(
        self,
        question: str,
        *,
        allowed_client_ids: frozenset[int] | None = None,
        mode: str = "hybrid",
        reader: str | None = None,
        use_model: bool = True,
    ) -> Answer:
        """An answer from the passages the caller may read: by the LLM when one is configured
        (falling back to extraction if it fails; `use_model` False: not asked, it failed a moment
        ago), else the best sentences quoted. It speaks the
        question's language (traditional Chinese when `reader`, the asker's, reads it and the
        question could be either script); the documents are quoted as they are written."""
        self._ready()
        question = as_read(question, self._current().bm25.vocabulary)
        language = question_language(question, reader)
        retrieval = self.retrieve(
            question, allowed_client_ids=allowed_client_ids, k=ANSWER_PASSAGES, mode=mode
        )
        under_gate = retrieval.near or retrieval.word_led or retrieval.english_near
        if not (retrieval.found or (under_gate and self._chat is None)):
            return Answer(question, message(language, "not_found"), (), False, False)
        passages = retrieval.passages
        if self._chat is not None and use_model:
            try:
                reply = self._chat.complete(build_messages(question, passages, language))
            except (httpx.HTTPError, ValueError) as exc:
                log.warning("LLM answer failed, answering extractively: %s", exc)
            else:
                if reply.strip().strip(".。").upper() == NOT_FOUND_MARK:
                    return Answer(question, message(language, "llm_not_found"), (), False, True)
                given = [question, *(f"{p.title}\n{p.section or ''}\n{p.text}" for p in passages)]
                invented = check_answer(reply, Evidence(given, "UTC"), ()).dropped
                if not invented:
                    return Answer(question, reply, tuple(passages), True, True)
                # A figure no passage gives ("每15天" where the handbook says 每月): the
                # passages are quoted instead, never a policy the documents do not hold.
                log.warning("LLM answer held figures no passage gives, answering extractively: %s",
                            invented)  # fmt: skip
        quote = self.quote(question, retrieval, language, allowed_client_ids)
        table = self._current()
        if not answers_question(
            question, retrieval.groups, table.bm25.vocabulary.__contains__, quote.picked,
            table.bm25.chunk_share, quote.headings,
        ):  # fmt: skip
            return Answer(question, message(language, "not_found"), (), False, False)
        if not (retrieval.found or under_gate_answered(retrieval, quote, table.bm25.term_idf)):
            return Answer(question, message(language, "not_found"), (), False, False)
        return self.compose(quote, language)

    def quote(
        self,
        question: str,
        retrieval: Retrieval,
        language: str,
        allowed_client_ids: frozenset[int] | None = None,
    ) -> Quote:
        """The sentences an extractive answer would quote, whatever the gate said."""
        passages = [*retrieval.passages, *retrieval.nearest]
        table = self._current()
        passages += self._translations(table, passages, language, allowed_client_ids)
        vectors = [
            table.unit_vectors(table.row_of[p.chunk_id]) if p.chunk_id in table.row_of else None
            for p in passages
        ]
        norm = normalize(question)
        asked, kinds = lexicon().asked(norm), lexicon().kinds_asked(norm)
        picked = select_sentences(
            passages, retrieval.groups, table.bm25.term_idf, retrieval.query_vector, vectors, asked,
            language, table.twins, kinds,
            topics=table.topics(
                (d for p in passages for d in (p.doc_id, *sorted(table.twins.get(p.doc_id, ())))),
                retrieval.groups,
            ),
            listed=listed_things(norm),
            titled=table.title_topics((p.doc_id for p in passages), retrieval.groups),
            scales=() if names_other_actor(norm) else lexicon().scales_asked(norm),
            states_asked=states_asked(question, retrieval.groups),
            asks_how=asks_how_or_which(norm),
            near_headings=retrieval.near_headings,
            defined=defined_term(norm),
            subject=question_subject(question, retrieval.groups),
            states_compared=states_compared(question),
        )  # fmt: skip
        headings = [f"{passages[r].title}\n{passages[r].section or ''}" for r, _ in picked]
        return Quote(question, passages, picked, headings, asked)

    def compose(self, quote: Quote, language: str) -> Answer:
        """The answer quoting quote's sentences (whole, with their sources), a lead-in followed
        by the sub-headings it announces, a list asked for with all its items, a sentence going
        on from the one before it ("因此,…") after that one."""
        table = self._current()
        picked = whole_sentences(quote.passages, quote.picked, quote.asked)
        picked = with_announced_sections(quote.passages, picked, table.sections_after)
        picked = with_what_they_point_at(quote.passages, picked, MAX_ANSWER_CHARS)
        picked = going_on_after_their_sentence(quote.passages, picked)
        text, sources, quotes = compose(language, quote.passages, picked, table.text_after)
        return Answer(quote.question, text, sources, True, False, quotes)

    def _translations(
        self,
        table: ChunkTable,
        passages: list[Passage],
        language: str,
        allowed_client_ids: frozenset[int] | None,
    ) -> list[Passage]:
        """For a passage in the other language than the question from a document the knowledge
        base also holds in the asker's language, the same passage in that language: the answer
        quotes it instead (select_sentences drops the translated units)."""
        listed = {p.chunk_id for p in passages}
        out: list[Passage] = []
        for p in passages:
            row = table.row_of.get(p.chunk_id)
            if row is None or table.is_chinese(row) == chinese(language):
                continue
            for twin in table.translated_rows(row, allowed_client_ids):
                meta = table.rows[twin]
                if meta.chunk_id not in listed:
                    listed.add(meta.chunk_id)
                    out.append(self._passage(table, _Hit(twin, p.score, None)))
        return out


def as_read(question: str, vocabulary: Container[str]) -> str:
    """The question as the knowledge base reads it: a misspelt English word respelled, then a
    manager's English words written as the documents write them (lexicon/rewording.txt), unless
    a word of it is still one the documents never use. Such a question asks about that thing ("What
    is the penalty if a manager misses a scheduled visit?"): its other words in the documents' own
    would dress it up as the rule next to it (Article 21's overdue visits), over the no-answer gate."""
    question = respelled(question, vocabulary, lexicon().english_words)
    reworded = lexicon().reworded(question)
    if reworded == question:
        return question
    groups = lexicon().with_said_by(query_groups(reworded), normalize(reworded))
    return question if foreign_english_words(groups, vocabulary) else reworded


def under_gate_answered(
    retrieval: Retrieval, quote: Quote, term_idf: Callable[[str], float]
) -> bool:
    """A question under the gate whose quote passed the answer checks: answered when its words
    and the quote agree. A near miss is answered by a quote in the question's words
    (NEAR_MISS_COVERAGE of them), not one near in meaning; a word-led miss, further under, only
    when that quote also opens in the chunk its words rank first (retrieval.WORD_LED_MARGIN)."""
    if not quote.picked or not (retrieval.near or retrieval.word_led or retrieval.english_near):
        return False
    first, unit = quote.picked[0]
    if retrieval.english_near and not (retrieval.near or retrieval.word_led):
        # An English near miss: its quote opens in English, in the question's words and in the
        # chunk its words rank first.
        return (
            not is_chinese(unit.full)
            and quote.passages[first].chunk_id == retrieval.leading
            and lexical_overlap(retrieval.groups, term_idf, unit.full) >= ENGLISH_NEAR_COVERAGE
        )
    if lexical_overlap(retrieval.groups, term_idf, unit.full) < NEAR_MISS_COVERAGE:
        return False
    return retrieval.near or (
        retrieval.leading is not None and quote.passages[first].chunk_id == retrieval.leading
    )


def _open_registry(config: KnowledgeConfig, directory: Path) -> Registry | SqlRegistry:
    """The registry file in the KB directory, or the shared one in the database; a registry file
    left from one-machine days is moved into an empty database registry once."""
    local = directory / _REGISTRY_FILE
    if not config.registry_url:
        return Registry(local)
    registry = SqlRegistry(config.registry_url)
    if local.exists() and registry.is_empty():
        moved = registry.import_file(local)
        local.rename(local.with_name(local.name + ".moved"))
        log.info("moved %d documents from %s into the database registry", moved, local)
    return registry


def _index_text(section: str | None, text: str) -> str:
    """What is embedded and cut into words: the section heading gives each chunk its context. A
    list's lead-in carried from the chunk before is not: the chunk is searched as it reads."""
    text = without_carried(text)
    return normalize(f"{section}\n{text}" if section else text)


def _metadata(doc_id: str, client_id: int | None) -> dict[str, str | int]:
    return {"doc_id": doc_id, "client_id": PUBLIC if client_id is None else client_id}


@dataclass(frozen=True)
class _PagePlan:
    """Where a photographed page goes in the document it is a page of (KnowledgeBase._as_page)."""

    document: DocumentRow
    number: int
    title: str
    # The pages it takes the place of (the same page sent again; the page of its number).
    dropped: frozenset[int]
    # The pages already there move on by this (a first page sent after the others).
    shift: int


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _page_texts(chunks: list[ChunkRow]) -> dict[int, str]:
    """A photographed document's text by page."""
    pages: dict[int, list[str]] = {}
    for chunk in chunks:
        pages.setdefault(chunk.page or 1, []).append(chunk.text)
    return {number: "\n".join(texts) for number, texts in pages.items()}
