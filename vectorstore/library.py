"""The library: one store folder holding Chroma, the SQLite chunk catalog and the BM25 index, kept in step.

Store layout:
    <store>/chroma/                  embedded Chroma (unused when a Chroma server is configured)
    <store>/catalog.sqlite3          chunks, tokens and document states (the source of truth)
    <store>/bm25/v<N>-<sig>-<model>/ the keyword index and vectors of catalog version N
    <store>/write.lock               held by the one process allowed to change the store

Writing a document is atomic across both indexes: its chunks are recorded as pending, written to
Chroma under deterministic ids, and only then committed in one SQLite transaction that also retires the
version it replaces. Several documents are written together the same way (`upsert_documents`): one
embedding call, one Chroma write and one commit for all of them, each document still searchable only
once that commit says so. Opening a library removes what an interrupted run left behind; a write session
that deleted or replaced documents ends by erasing their text from the files of both databases.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import filelock
import numpy as np
from langchain_core.documents import Document

from vectorstore.bm25_index import FILTER_COLUMNS, KeywordIndex
from vectorstore.chinese_tokens import ChineseTokenizer, TokenizerMode
from vectorstore.chroma_store import (
    ChromaStore,
    DenseHit,
    EmbeddingModelMismatch,
    connect,
)
from vectorstore.chunk_catalog import ChunkCatalog, ChunkRow, DocumentInfo, PendingEntry
from vectorstore.chunk_vectors import ChunkVectors
from vectorstore.embedder import Embedder

logger = logging.getLogger(__name__)

CHROMA_METADATA_TYPES = (str, int, float, bool)
# The chunk catalog, the store's source of truth: its presence is what marks a folder as a library.
CATALOG_FILE = "catalog.sqlite3"


class LibraryBusy(RuntimeError):
    """Another process holds the store's write lock."""


class ChunkValidationError(ValueError):
    """The chunks handed to upsert_document do not form one well-formed document."""


@dataclass(frozen=True)
class UpsertResult:
    doc_id: str
    source: str
    action: Literal["added", "replaced", "unchanged", "duplicate"]
    n_chunks: int
    duplicate_of: str | None = None


@dataclass(frozen=True)
class _PreparedDocument:
    """One document's chunks checked and filled in, under the catalog entry its content and metadata make."""

    doc_id: str
    source: str
    entry: str
    chunks: list[tuple[str, int, str, dict[str, Any]]]  # (doc_id, chunk_index, text, metadata)
    info: DocumentInfo
    issuer: str


@dataclass
class _WriteBatch:
    """The new document versions to write together, the committed entries they retire, and the source
    files of every document planned into it (new, unchanged or duplicate)."""

    versions: list[_PreparedDocument] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class ConsistencyReport:
    """Differences between Chroma and the committed catalog (empty lists: the indexes agree)."""

    chroma_only: list[str] = field(default_factory=list)
    catalog_only: list[str] = field(default_factory=list)
    unfinished_entries: list[str] = field(default_factory=list)

    @property
    def consistent(self) -> bool:
        return not (self.chroma_only or self.catalog_only or self.unfinished_entries)


def embedding_text(text: str, heading_path: str) -> str:
    """Heading path and chunk text on two lines: what gets embedded (the stored text stays pure)."""
    heading = heading_path.strip()
    return f"{heading}\n{text}" if heading else text


def _entry_of(chunk_id: str) -> str:
    return chunk_id.rsplit(":", 1)[0]


def _validated_metadata(metadata: Mapping[str, Any], where: str) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in metadata.items():
        if value is None:
            continue
        if not isinstance(value, CHROMA_METADATA_TYPES):
            raise ChunkValidationError(
                f"{where}: metadata field {key!r} must be a str, int, float or bool, got {type(value).__name__}"
            )
        clean[key] = value
    return clean


class Library:
    def __init__(
        self,
        *,
        store_dir: Path,
        embedder: Embedder,
        tokenizer: ChineseTokenizer,
        catalog: ChunkCatalog,
        chroma: ChromaStore,
        embed_heading: bool,
    ) -> None:
        self.store_dir = store_dir
        self.embedder = embedder
        self.tokenizer = tokenizer
        self.embed_heading = embed_heading
        self._catalog = catalog
        self._chroma = chroma
        self._lock_path = store_dir / "write.lock"
        self._write_lock = filelock.FileLock(str(self._lock_path), timeout=0)
        self._keyword: KeywordIndex | None = None
        self._keyword_guard = threading.Lock()

    @classmethod
    def open(
        cls,
        store_dir: Path | str,
        embedder: Embedder,
        *,
        chroma_host: str | None = None,
        chroma_port: int | None = None,
        collection: str = "wengao",
        user_terms: Path | None = None,
        tokenizer_mode: TokenizerMode = "search",
        embed_heading: bool = True,
        tokenizer: ChineseTokenizer | None = None,
        reembed: bool = False,
        on_reembed_progress: Callable[[int, int], None] | None = None,
    ) -> Library:
        """Open (creating if needed) the store; repair what an interrupted writer left, unless one is running.

        `tokenizer` lets callers share an already loaded tokenizer; otherwise one is built from
        `tokenizer_mode` and `user_terms`. `embed_heading` prefixes a chunk's heading path to the text
        that is embedded (the stored text stays the pure source text).

        A store whose vectors come from another embedding model raises EmbeddingModelMismatch, unless
        `reembed`: then every chunk is embedded again with `embedder` first (see `reembed_all`), with
        `on_reembed_progress(done, total)` called as it goes.
        """
        store = Path(store_dir)
        store.mkdir(parents=True, exist_ok=True)
        client = connect(store / "chroma", host=chroma_host, port=chroma_port)
        chroma = ChromaStore(client, collection, model_id=embedder.model_id, dimension=embedder.dimension)
        library = cls(
            store_dir=store,
            embedder=embedder,
            tokenizer=tokenizer or ChineseTokenizer(mode=tokenizer_mode, user_terms=user_terms),
            catalog=ChunkCatalog(store / CATALOG_FILE),
            chroma=chroma,
            embed_heading=embed_heading,
        )
        try:
            with library.writing():  # taking the lock runs recovery
                if reembed and not chroma.holds_own_model:
                    library.reembed_all(on_progress=on_reembed_progress)
        except LibraryBusy:
            logger.info("store %s is being written by another process; skipping recovery", store)
        try:
            chroma.check_model()
        except EmbeddingModelMismatch:
            library.close()
            raise
        return library

    def close(self) -> None:
        self._catalog.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- listing ---------------------------------------------------------------------------------------

    @property
    def version(self) -> int:
        """Changes whenever the set of searchable chunks changes."""
        return self._catalog.version()

    def document_ids(self) -> dict[str, str]:
        """source file name -> doc_id of every indexed document."""
        return {row.source: row.doc_id for row in self._catalog.complete_entries()}

    def documents(self) -> list[DocumentInfo]:
        return self._catalog.documents()

    def chunks_of(self, doc_id: str) -> list[Document]:
        return [
            Document(page_content=row.text, metadata=row.metadata, id=row.chunk_id)
            for row in self._catalog.chunks_of_doc(doc_id)
        ]

    def fetch_chunks(self, chunk_ids: Sequence[str]) -> dict[str, ChunkRow]:
        return self._catalog.fetch(chunk_ids)

    def chunk_count(self) -> int:
        """Number of searchable chunks."""
        return self._catalog.committed_chunk_count()

    # -- writing ---------------------------------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[Library]:
        """Hold the store's write lock (re-entrant); raises LibraryBusy at once if another process has it.

        Embedded Chroma is not safe for two writing processes, so every change goes through this lock.
        Entering the outermost block first cleans up after any writer that died; leaving it erases the text
        of documents deleted or replaced (by this or an interrupted session) from the files of both
        databases, then rebuilds the keyword index (dropping the old one), so the next search does not pay
        for it. Erasing rewrites the databases, so it is done once here rather than per document.
        """
        try:
            self._write_lock.acquire()
        except filelock.Timeout:
            raise LibraryBusy(f"another ingest is running on {self.store_dir} (lock {self._lock_path})") from None
        erasing = False
        try:
            version = self._catalog.version()
            if self._write_lock.lock_counter == 1:
                self._recover()
            yield self
            erasing = self._write_lock.lock_counter == 1 and self._catalog.holds_deleted_text()
            # Chroma first: the catalog's record that text is waiting to be erased goes with its own.
            if erasing and not (self._chroma.erase_deleted_text() and self._catalog.erase_deleted_text()):
                logger.warning(
                    "the text of deleted documents may remain in the files of %s; the next write session "
                    "tries again to erase it",
                    self.store_dir,
                )
        finally:
            outermost = self._write_lock.lock_counter == 1
            self._write_lock.release()
        # Building the keyword index of a new version removes the saved ones, which hold the text of deleted
        # chunks; erasing without a new version means a session was cut short before it built that index.
        if outermost and (self._catalog.version() != version or erasing):
            self.keyword_index()

    def upsert_document(self, chunks: Sequence[Document]) -> UpsertResult:
        """Index one document's chunks, replacing any earlier version of the same source file."""
        [result] = self.upsert_documents([chunks])
        if isinstance(result, ChunkValidationError):
            raise result
        return result

    def upsert_documents(self, documents: Sequence[Sequence[Document]]) -> list[UpsertResult | ChunkValidationError]:
        """Index several documents (each a list of chunks), each replacing any earlier version of its source
        file, with the results one at a time would give, in order: each document's `UpsertResult`, or the
        `ChunkValidationError` that kept it out while the others went in.

        They are written together: one embedding call for all their chunks, one Chroma write, one catalog
        transaction recording them as pending and one committing them. Each of those calls costs about the
        same for one short file as for a few hundred chunks, so writing short files one at a time runs at a
        fraction of the embedder's speed. A document counts as indexed only once that commit says so, after
        all its chunks are in Chroma: a crash before it leaves the whole batch pending, which the next
        writer removes; an error in the write removes it at once and is raised.
        """
        results: list[UpsertResult | ChunkValidationError] = []
        with self.writing():
            batch = _WriteBatch()
            for chunks in documents:
                try:
                    document = self._prepare(chunks)
                except ChunkValidationError as err:
                    results.append(err)
                    continue
                if document.source in batch.sources:
                    # A file twice in one call: its second version is weighed against the first once that
                    # is written, as one at a time.
                    self._write(batch)
                    batch = _WriteBatch()
                results.append(self._plan(document, batch))
            self._write(batch)
        return results

    def _plan(self, document: _PreparedDocument, batch: _WriteBatch) -> UpsertResult:
        """What writing `document` after those already in `batch` does; a new version joins the batch."""
        doc_id, source = document.doc_id, document.source
        batch.sources.add(source)
        existing = self._catalog.entry(document.entry)
        if existing is not None and existing.state == "complete":
            return UpsertResult(doc_id, source, "unchanged", len(document.chunks))
        older = [row.entry for row in self._catalog.complete_entries(source=source)]
        # Entries that earlier documents of the batch retire are gone for this one, as they would be.
        copies = [
            row.source
            for row in self._catalog.complete_entries(doc_id=doc_id)
            if row.source != source and row.entry not in batch.retired
        ] + [version.source for version in batch.versions if version.doc_id == doc_id]
        batch.retired.extend(older)
        if copies:
            # The same content is already indexed under another file name (sites copy each other);
            # whatever this file held before is gone from it.
            return UpsertResult(doc_id, source, "duplicate", 0, duplicate_of=copies[0])
        batch.versions.append(document)
        return UpsertResult(doc_id, source, "replaced" if older else "added", len(document.chunks))

    def _write(self, batch: _WriteBatch) -> None:
        """Write the batch's new versions to both indexes and commit them, retiring what they replace."""
        if not batch.versions:
            self._retire(batch.retired)
            return
        chunks = [chunk for version in batch.versions for chunk in version.chunks]
        texts = [text for _, _, text, _ in chunks]
        metadatas = [meta for _, _, _, meta in chunks]
        tokens = self.tokenizer.tokenize_many(texts)
        self._catalog.set_token_signature_if_unset(self.tokenizer.signature)
        embeddings = np.asarray(
            self.embedder.embed_documents([self.embedding_text(text, meta) for text, meta in zip(texts, metadatas)]),
            dtype=np.float32,
        )
        pending: list[PendingEntry] = []
        start = 0
        for version in batch.versions:
            end = start + len(version.chunks)
            pending.append(PendingEntry(
                entry=version.entry,
                document=version.info,
                issuer=version.issuer,
                chunks=[
                    (f"{version.entry}:{index}", index, text, meta, chunk_tokens)
                    for (_, index, text, meta), chunk_tokens in zip(version.chunks, tokens[start:end], strict=True)
                ],
            ))
            start = end
        self._catalog.begin_entries(pending)
        entries = [entry.entry for entry in pending]
        try:
            self._chroma.upsert([row[0] for entry in pending for row in entry.chunks], embeddings, texts, metadatas)
            self._catalog.commit_entries(entries, retire=batch.retired)
        except BaseException:
            # Undo now so an ingest that carries on past this batch leaves nothing behind; if this fails
            # too, the next writer's recovery removes the pending entries.
            self._purge(entries)
            raise
        self._purge(batch.retired)

    def delete_document(self, doc_id: str) -> bool:
        """Remove a document from both indexes; False when it was not indexed."""
        with self.writing():
            entries = [row.entry for row in self._catalog.complete_entries(doc_id=doc_id)]
            if not entries:
                return False
            self._retire(entries)
        return True

    def _retire(self, entries: Sequence[str]) -> None:
        if entries:
            self._catalog.retire(entries)
            self._purge(entries)

    def _purge(self, entries: Sequence[str]) -> None:
        """Delete retired or abandoned entries from Chroma, then forget them."""
        if entries:
            self._chroma.delete([chunk_id for entry in entries for chunk_id in self._catalog.chunk_ids_of(entry)])
            self._catalog.forget(entries)

    def embedding_text(self, text: str, metadata: Mapping[str, Any]) -> str:
        """What this library embeds for a chunk: its text, after its heading path with `embed_heading`."""
        return embedding_text(text, str(metadata.get("heading_path", ""))) if self.embed_heading else text

    def _prepare(self, chunks: Sequence[Document]) -> _PreparedDocument:
        if not chunks:
            raise ChunkValidationError("upsert_document needs at least one chunk")
        first = chunks[0].metadata
        source = first.get("source")
        doc_id = first.get("doc_id")
        if not isinstance(source, str) or not source:
            raise ChunkValidationError("chunk 0: metadata field 'source' (file base name) is missing")
        if not isinstance(doc_id, str) or not doc_id or ":" in doc_id:
            raise ChunkValidationError(f"{source}: metadata field 'doc_id' must be a non-empty string without ':'")
        prepared: list[tuple[str, int, str, dict[str, Any]]] = []
        seen: set[int] = set()
        for position, chunk in enumerate(chunks):
            where = f"{source} chunk {position}"
            meta = _validated_metadata(chunk.metadata, where)
            if meta.get("doc_id") != doc_id or meta.get("source") != source:
                raise ChunkValidationError(f"{where}: all chunks must share doc_id {doc_id!r} and source {source!r}")
            index = meta.get("chunk_index")
            if isinstance(index, bool) or not isinstance(index, int) or index in seen:
                raise ChunkValidationError(f"{where}: metadata field 'chunk_index' must be a unique int, got {index!r}")
            year = meta.get("year", -1)
            if isinstance(year, bool) or not isinstance(year, int):
                raise ChunkValidationError(f"{where}: metadata field 'year' must be an int (-1 unknown), got {year!r}")
            if not chunk.page_content.strip():
                raise ChunkValidationError(f"{where}: empty chunk text")
            seen.add(index)
            meta.setdefault("year", -1)
            for key in ("title", "region", "issuer", "doc_type", "section_role", "heading_path"):
                meta.setdefault(key, "")
            prepared.append((doc_id, index, chunk.page_content, meta))
        info = DocumentInfo(
            doc_id=doc_id,
            source=source,
            title=str(first.get("title") or ""),
            year=int(first.get("year", -1)),
            region=str(first.get("region") or ""),
            doc_type=str(first.get("doc_type") or ""),
            n_chunks=len(prepared),
        )
        fingerprint = hashlib.sha1(
            json.dumps([(text, meta) for _, _, text, meta in prepared], ensure_ascii=False, sort_keys=True).encode()
            + f"|heading={self.embed_heading}".encode()
        ).hexdigest()[:10]
        return _PreparedDocument(
            doc_id=doc_id,
            source=source,
            entry=f"{doc_id}:{fingerprint}",
            chunks=prepared,
            info=info,
            issuer=str(first.get("issuer") or ""),
        )

    # -- recovery --------------------------------------------------------------------------------------

    def _recover(self) -> None:
        if self._chroma.recover_reembedding():
            self._catalog.bump_version()
        unfinished = self._catalog.unfinished_entries()
        if unfinished:
            logger.warning("cleaning up %d document version(s) left by an interrupted run", len(unfinished))
            self._purge([row.entry for row in unfinished])
        # Counting is cheap; the full id comparison runs only when the counts disagree.
        if self._chroma.count() != self._catalog.committed_chunk_count():
            self.repair()

    def reembed_all(self, *, batch: int = 64, on_progress: Callable[[int, int], None] | None = None) -> int:
        """Embed every committed chunk again with this library's embedder (after a change of model or
        quantisation); returns the number of chunks. The vectors go to a new collection beside the live
        one, which is swapped in only when complete: an interrupted run leaves the old vectors in use."""
        with self.writing():
            _, _, rows = self._catalog.index_snapshot()
            staging = self._chroma.start_reembedding()
            for start in range(0, len(rows), batch):
                part = rows[start : start + batch]
                metadata = [json.loads(row.metadata_json) for row in part]
                texts = [self.embedding_text(row.text, meta) for row, meta in zip(part, metadata, strict=True)]
                vectors = np.asarray(self.embedder.embed_documents(texts), dtype=np.float32)
                staging.upsert([row.chunk_id for row in part], vectors, [row.text for row in part], metadata)
                if on_progress is not None:
                    on_progress(start + len(part), len(rows))
            self._chroma.finish_reembedding(staging)
            # A new version, so every reader rebuilds the in-memory vectors of its keyword index.
            self._catalog.bump_version()
        return len(rows)

    def check_consistency(self) -> ConsistencyReport:
        chroma_ids = set(self._chroma.all_ids())
        catalog_ids = self._catalog.committed_chunk_ids()
        return ConsistencyReport(
            chroma_only=sorted(chroma_ids - catalog_ids),
            catalog_only=sorted(catalog_ids - chroma_ids),
            unfinished_entries=[row.entry for row in self._catalog.unfinished_entries()],
        )

    def repair(self) -> ConsistencyReport:
        """Make the indexes agree: drop Chroma ids nobody committed; un-index documents missing from Chroma
        (the next ingest adds them again). Returns what was found."""
        with self.writing():
            report = self.check_consistency()
            if report.chroma_only:
                logger.warning("removing %d Chroma entries with no committed document", len(report.chroma_only))
                self._chroma.delete(report.chroma_only)
            broken = sorted({_entry_of(chunk_id) for chunk_id in report.catalog_only})
            if broken:
                logger.warning("un-indexing %d document(s) whose vectors are missing from Chroma", len(broken))
                self._retire(broken)
            self._purge(report.unfinished_entries)
        return report

    # -- search support --------------------------------------------------------------------------------

    def dense_search(self, vector: np.ndarray, *, n: int, with_content: bool = True) -> list[DenseHit]:
        return self._chroma.query(vector, n=n, with_content=with_content)

    def keyword_index(self) -> KeywordIndex:
        """The BM25 index of the current version: cached in memory, else loaded from disk, else rebuilt."""
        version = self._catalog.version()
        signature = self.tokenizer.signature
        cached = self._keyword
        if cached is not None and cached.version == version and cached.signature == signature:
            return cached
        with self._keyword_guard:
            cached = self._keyword
            if cached is None or cached.version != version or cached.signature != signature:
                self._keyword = self._load_or_build_keyword_index(signature)
            return self._keyword

    def _keyword_dir(self, version: int, signature: str) -> Path:
        # The embedding model is part of the name: the index holds the chunks' vectors, and re-embedding
        # the library (a swap a crash cut short included) can leave the version as it was.
        model = hashlib.sha1(self.embedder.model_id.encode("utf-8")).hexdigest()[:8]
        return self.store_dir / "bm25" / f"v{version}-{signature}-{model}"

    def _load_or_build_keyword_index(self, signature: str) -> KeywordIndex:
        directory = self._keyword_dir(self._catalog.version(), signature)
        if KeywordIndex.saved_version(directory) is not None:
            try:
                return KeywordIndex.load(directory)
            except (OSError, ValueError, KeyError) as exc:
                logger.warning("keyword index %s unreadable (%s); rebuilding", directory, exc)
        version, stored_signature, rows = self._catalog.index_snapshot()
        if rows and stored_signature != signature:
            self._retokenize(signature)
            version, _, rows = self._catalog.index_snapshot()
        chunk_ids = [row.chunk_id for row in rows]
        index = KeywordIndex.build(
            version=version,
            signature=signature,
            chunk_ids=chunk_ids,
            token_lists=[row.tokens for row in rows],
            years=[row.year for row in rows],
            columns={name: [getattr(row, name) for row in rows] for name in FILTER_COLUMNS},
            texts=[row.text for row in rows],
            metadata_json=[row.metadata_json for row in rows],
            vectors=ChunkVectors.gather(
                chunk_ids,
                dimension=self.embedder.dimension,
                previous=self._previous_vectors(),
                fetch=self._chroma.vectors,
            ),
            vectors_model=self.embedder.model_id,
        )
        directory = self._keyword_dir(version, signature)
        index.save(directory)
        self._prune_keyword_dirs(keep=directory)
        return index

    def _previous_vectors(self) -> tuple[np.ndarray, np.ndarray] | None:
        """(chunk ids, vectors) of the index this one replaces: the one in memory, else the newest saved;
        None when neither holds vectors of this library's model."""
        model_id = self.embedder.model_id
        if self._keyword is not None and self._keyword.vectors_model == model_id:
            return self._keyword.chunk_ids, self._keyword.vectors.matrix
        saved = sorted(
            (self.store_dir / "bm25").glob("v*"),
            key=lambda path: KeywordIndex.saved_version(path) or (-1, ""),
            reverse=True,
        )
        for directory in saved:
            vectors = KeywordIndex.saved_vectors(directory, model_id)
            if vectors is not None:
                return vectors
        return None

    def _retokenize(self, signature: str) -> None:
        logger.warning("tokenizer settings changed; re-tokenising the stored chunks")
        texts = self._catalog.texts_for_retokenizing()
        tokens = self.tokenizer.tokenize_many([text for _, text in texts])
        self._catalog.store_tokens(
            [(chunk_id, chunk_tokens) for (chunk_id, _), chunk_tokens in zip(texts, tokens, strict=True)],
            signature,
        )

    def _prune_keyword_dirs(self, *, keep: Path) -> None:
        for directory in (self.store_dir / "bm25").iterdir():
            if directory != keep and directory.name.startswith("v"):
                shutil.rmtree(directory, ignore_errors=True)
