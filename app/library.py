"""The writer's library as the CLI, the web app and `wengao eval` use it: opened as the settings
describe (embedding model, store folder, Chroma server or not), searched the two ways a writer needs,
and filled with files.

Files end in one `FileReport` each: added, replaced, unchanged (same bytes as the indexed version,
skipped before any work), duplicate (the same content is indexed under another name), failed (with
the one-line reason), or deleted (`prune`: indexed, but not among the files given). A document is
known by its name: its path relative to the folder it was ingested from (ingest.load.collect_files).

vectorstore's errors that a user should read (a busy store, a library embedded with another model, a
missing embedding model) leave this module as `UserError`s.
"""

from __future__ import annotations

import shlex
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from app.checks.numbers import read_fixed_phrases, with_writer_phrases
from app.checks.topic import Relevance
from app.errors import UserError
from app.report.saved_drafts import DRAFTS_FOLDER, SavedDrafts
from app.search.everyday_terms import EverydayTerms, EverydayTermsError
from app.search.question_search import QuestionSearch
from app.settings import Settings
from ingest.chunk import known_year
from ingest.load import FileSelection
from ingest.pipeline import FileOutcome, chunk_files, document_id
from ingest.read_ahead import read_ahead
from vectorstore.chroma_store import EmbeddingModelMismatch
from vectorstore.embedding import load_embedder
from vectorstore.embedding_cache import CachedEmbedder
from vectorstore.hybrid_search import HybridSearcher, SearchHit
from vectorstore.library import (
    CATALOG_FILE,
    ChunkValidationError,
    Library,
    LibraryBusy,
    UpsertResult,
)
from vectorstore.model_folder import EmbeddingModelError, default_model_path

# The folder under Settings.models_dir where the embedding model's ONNX exports are kept.
EMBEDDING_EXPORTS = "embedding"

SAMPLE_LIBRARY = Path(__file__).resolve().parent / "sample_library" / "reports"

# Files are written to the library in batches (`Library.upsert_documents`): an embedding call, a Chroma
# write and a catalog commit cost about as much for one short article as for a few hundred chunks. A
# batch closes once its files hold WRITE_BATCH_CHUNKS chunks; the first batches are smaller, from
# FIRST_WRITE_BATCH_CHUNKS doubling, so that the first files are reported within a second or two.
WRITE_BATCH_CHUNKS = 256
FIRST_WRITE_BATCH_CHUNKS = 32
# Files chunked ahead of the batch being written (each held in memory with its chunks until written).
CHUNKED_FILES_AHEAD = 64


class LibraryUnavailable(UserError):
    """The library cannot be used: its folder cannot be made or its catalog read, its embedding model is
    missing, or it was embedded with another one."""


class NoLibrary(LibraryUnavailable):
    """A command that only reads was given a store path that holds no library."""


class LibraryBusyError(LibraryUnavailable):
    """Another ingest or deletion holds the store's write lock."""


class EmptyLibrary(UserError):
    """A search or a draft needs documents, and the library has none."""


def fill_command(store: Path) -> str:
    """The command that puts reports into the library at `store`, as a user would type it."""
    return f"`wengao ingest PATH --store {shlex.quote(str(store))}`"


@contextmanager
def user_errors() -> Iterator[None]:
    """vectorstore's errors raised in the block, as the UserErrors above."""
    try:
        yield
    except LibraryBusy as err:
        raise LibraryBusyError(str(err)) from None
    except EmbeddingModelMismatch as err:
        raise LibraryUnavailable(
            f"{err}; `wengao reindex` does that (and `wengao ingest` does it before adding files)"
        ) from None
    except EmbeddingModelError as err:
        raise LibraryUnavailable(str(err)) from None


def embedding_model_path(settings: Settings) -> Path:
    """The configured embedding model (a folder or hub id), by default m3e-small from its package."""
    if settings.embedding_model is not None:
        return Path(settings.embedding_model)
    with user_errors():
        return default_model_path()


def open_library(
    settings: Settings,
    *,
    create: bool = True,
    reembed: bool = False,
    on_reembed_progress: Callable[[int, int], None] | None = None,
) -> Library:
    """The library at `settings.store`, its embedder cached by chunk-text hash inside the store.

    With `create` (ingest, reindex, and the workbench where it may start a library) a path without a
    library gets a new, empty one. Without it (search, draft, eval) such a path is refused with NoLibrary, naming the command that fills one,
    and nothing is created there: behind a mistyped --store a new, empty store (catalog, Chroma) would be
    left, and the search would only say "empty".

    A store embedded with another model (or an older quantisation of this one) is embedded again first
    with `reembed`, else refused with LibraryUnavailable naming the command that does it."""
    store = settings.store
    if create:
        _make_store_folder(store)
        _remove_old_store_exports(store)
    else:
        _require_library_at(store)
    with user_errors():
        embedder = CachedEmbedder(
            load_embedder(
                embedding_model_path(settings),
                backend=settings.embedding_backend,
                threads=settings.embedding_threads,
                # Once per model and user, not per store: the int8 export takes ~40 s.
                onnx_dir=settings.models_dir / EMBEDDING_EXPORTS,
            ),
            store / "embedding_cache.sqlite3",
        )
        try:
            return Library.open(
                store,
                embedder,
                chroma_host=settings.chroma_host,
                chroma_port=settings.chroma_port,
                user_terms=settings.user_terms,
                reembed=reembed,
                on_reembed_progress=on_reembed_progress,
            )
        except sqlite3.DatabaseError as err:  # a catalog.sqlite3 that is not ours, or is locked or damaged
            raise LibraryUnavailable(f"cannot open the library's catalog {store / CATALOG_FILE} ({err})") from None


# Before the export moved to the models folder, each store kept its own in <store>/models/ (~145 MB).
OLD_STORE_EXPORTS = "models"
_EXPORT_MARKER = "export.json"


def _remove_old_store_exports(store: Path) -> None:
    """The embedding exports an older wengao kept inside the store, removed: nothing reads them now. Only
    a folder holding nothing but such exports (each with its export.json) goes; anything else is left."""
    folder = store / OLD_STORE_EXPORTS
    if not folder.is_dir():
        return
    entries = list(folder.iterdir())
    if entries and all(entry.is_dir() and (entry / _EXPORT_MARKER).is_file() for entry in entries):
        shutil.rmtree(folder, ignore_errors=True)


def _make_store_folder(store: Path) -> None:
    try:
        store.mkdir(parents=True, exist_ok=True)
    except OSError as err:  # a file of that name, a parent that is a file, no permission
        raise LibraryUnavailable(f"cannot create the library folder {store} ({err.strerror or err})") from None


def _require_library_at(store: Path) -> None:
    if (store / CATALOG_FILE).is_file():
        return
    if not store.exists():
        what = "no such folder"
    elif not store.is_dir():
        what = "a file, not a folder"
    else:
        what = "a folder without one"
    raise NoLibrary(f"no library at {store} ({what}): {fill_command(store)} fills one")


def require_documents(library: Library) -> None:
    """Raise EmptyLibrary, naming the store and the command that fills it, when nothing is indexed."""
    if library.chunk_count() == 0:
        store = library.store_dir
        raise EmptyLibrary(f"the library at {store} is empty: add reports with {fill_command(store)}")


def searcher_for(library: Library, everyday: EverydayTerms) -> QuestionSearch:
    """The writer's search: questions read for their years, figures and everyday words (app/search)."""
    return QuestionSearch(HybridSearcher(library, library.embedder), everyday)


def topic_search(search: QuestionSearch) -> Callable[..., list[SearchHit]]:
    """The search a drafting run uses: search(topic, k=, filters=, target_year=) (QuestionSearch.topic_search)."""
    return search.topic_search


class EverydayTermsFileError(UserError):
    """The writer's everyday-terms file cannot be read or has a malformed line; the message names it."""


def writer_everyday_terms(settings: Settings) -> EverydayTerms:
    """The built-in everyday words → official terms, extended by `settings.everyday_terms_file`."""
    try:
        return EverydayTerms.load(settings.everyday_terms_file)
    except EverydayTermsError as err:
        raise EverydayTermsFileError(str(err)) from err


def topic_relevance(library: Library) -> Relevance:
    """How relevant texts are to a topic: the cosine of their embeddings by the library's own model.
    Uncached: drafts and passages weighed against a topic are one-off texts that would only bloat the
    library's embedding cache."""
    embedder = getattr(library.embedder, "inner", library.embedder)

    def relevance(topic: str, texts: Sequence[str]) -> list[float]:
        if not texts:
            return []
        vectors = embedder.embed_documents([topic, *texts])  # L2-normalised: the dot product is the cosine
        return [float(v) for v in vectors[1:] @ vectors[0]]

    return relevance


class FixedPhrasesFileError(UserError):
    """The writer's fixed-phrase file cannot be read; the message names it."""


def writer_fixed_phrases(settings: Settings) -> tuple[str, ...]:
    """The writer's own fixed phrases (`settings.fixed_phrases_file`), added to the built-in list."""
    path = settings.fixed_phrases_file
    if path is None:
        return ()
    try:
        return read_fixed_phrases(path)
    except (OSError, UnicodeDecodeError) as err:
        raise FixedPhrasesFileError(f"{path}: cannot read the fixed-phrase file ({err})") from err


def saved_drafts(settings: Settings) -> SavedDrafts:
    """The whole-document drafts kept in the store, checked with the writer's fixed phrases."""
    return SavedDrafts(settings.store / DRAFTS_FOLDER, fixed_phrases=with_writer_phrases(writer_fixed_phrases(settings)))


class AmbiguousSourceName(UserError):
    """A base name given for a document is shared by documents in several folders."""


def resolve_source_names(library: Library, given: Iterable[str]) -> tuple[str, ...]:
    """The documents meant by `given`: a name as indexed ("2023/工作总结.md"), or a base name
    ("工作总结.md") when exactly one document has it. A base name several documents share raises
    AmbiguousSourceName listing them; a name no document has is kept (it matches nothing)."""
    names = library.document_ids()
    resolved: list[str] = []
    for name in given:
        if name in names:
            resolved.append(name)
            continue
        matching = sorted(source for source in names if source.rsplit("/", 1)[-1] == name)
        if len(matching) > 1:
            raise AmbiguousSourceName(f"{name}: several documents have this name ({'、'.join(matching)}); give its path as listed")
        resolved.append(matching[0] if matching else name)
    return tuple(resolved)


def year_label(value: object) -> str:
    """A document's year as a writer reads it: "2021年", or "年份不详" when the metadata does not know it."""
    year = known_year(value)
    return f"{year}年" if year else "年份不详"


@dataclass(frozen=True)
class FileReport:
    source: str
    status: str
    doc_id: str = ""
    chunks: int = 0
    title: str = ""
    year: int | None = None
    doc_type: str = ""
    error: str = ""
    duplicate_of: str = ""
    path: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "failed"


def prune_refusal(selection: FileSelection) -> str | None:
    """Why deleting the documents not among `selection` would be unsafe, or None when it is safe: a path
    not found (a typo) or a folder not listed would make the documents kept there look deleted."""
    if selection.missing:
        return f"{selection.missing[0]}: no such file or folder"
    if selection.unreadable:
        return f"folder {selection.unreadable[0]} cannot be read"
    if not selection.files:
        return "no report file was found among the paths given"
    return None


def prune_candidates(library: Library, names: Iterable[str]) -> list[tuple[str, str]]:
    """(source, doc_id) of the indexed documents whose name is not among `names`: what a prune deletes."""
    keep = set(names)
    return sorted((source, doc_id) for source, doc_id in library.document_ids().items() if source not in keep)


@dataclass
class IngestRate:
    """How fast an ingest goes, for its progress bar: chunks added so far and chunks a second."""

    started: float = field(default_factory=time.monotonic)
    chunks: int = 0

    def add(self, report: FileReport) -> None:
        if report.status in ("added", "replaced"):
            self.chunks += report.chunks

    @property
    def per_second(self) -> float:
        return self.chunks / max(time.monotonic() - self.started, 1e-9)


def ingest_into_library(
    files: Sequence[Path],
    library: Library,
    *,
    max_bytes: int,
    names: Mapping[Path, str] | None = None,
    prune: bool = False,
) -> Iterator[FileReport]:
    """Index `files` (already collected; each known by its name in `names`, else its base name) into
    `library`, one report per file, in order, as its batch is written (see WRITE_BATCH_CHUNKS). With
    `prune`, the documents whose name is not among them are deleted first (so a file renamed is indexed
    under its new name, not refused as a copy of the old one); the caller decides whether the files stand
    for everything (`prune_refusal`).

    A file whose name is indexed from another file that still exists (工作总结.md of another folder) is
    refused rather than replacing it, unless `prune`: then the files given are the library, and theirs
    is the version to keep.

    The library's write lock is held throughout: another ingest on the same store fails at once
    with `LibraryBusyError` instead of corrupting it.
    """
    named = {path: (names or {}).get(path, path.name) for path in files}
    with user_errors(), library.writing():
        if prune:
            for source, doc_id in prune_candidates(library, named.values()):
                if library.delete_document(doc_id):
                    yield FileReport(source, "deleted", doc_id=doc_id)
        indexed = library.document_ids()
        by_name: dict[str, Path] = {}
        to_chunk: list[Path] = []
        for path, name in named.items():
            if name in by_name:
                yield FileReport(name, "failed", path=str(path),
                                 error=f"{name}: another file of this batch has the same name ({by_name[name]})")
                continue
            by_name[name] = path
            if name not in indexed:
                to_chunk.append(path)
            elif _same_bytes(path, indexed[name], max_bytes):
                yield FileReport(name, "unchanged", doc_id=indexed[name], path=str(path))
            elif not prune and (other := _indexed_from_elsewhere(library, indexed[name], path)):
                yield FileReport(name, "failed", path=str(path), error=(
                    f"{name}: another file of this name is indexed, from {other}; ingest the folder holding both "
                    "(each is then named by its path in it) or delete that document first"
                ))
            else:
                to_chunk.append(path)
        yield from _index(to_chunk, library, names=named, max_bytes=max_bytes)


def _same_bytes(path: Path, doc_id: str, max_bytes: int) -> bool:
    return path.stat().st_size <= max_bytes and doc_id == document_id(path.read_bytes())


def _indexed_from_elsewhere(library: Library, doc_id: str, path: Path) -> str | None:
    """The file the document `doc_id` was indexed from, when it is another file that still exists (a
    namesake in another folder, not an earlier version of `path`); None otherwise."""
    chunks = library.chunks_of(doc_id)
    recorded = str(chunks[0].metadata.get("path", "")) if chunks else ""
    if recorded and Path(recorded) != path and Path(recorded).is_file():
        return recorded
    return None


def _index(
    files: Sequence[Path], library: Library, *, names: Mapping[Path, str], max_bytes: int
) -> Iterator[FileReport]:
    # The next files are chunked while a batch is embedded and written.
    outcomes = read_ahead(chunk_files(files, names=names, max_bytes=max_bytes), depth=CHUNKED_FILES_AHEAD)
    for batch in _write_batches(outcomes, first=FIRST_WRITE_BATCH_CHUNKS, most=WRITE_BATCH_CHUNKS):
        results = iter(library.upsert_documents([outcome.result.chunks for outcome in batch if outcome.ok]))
        for outcome in batch:
            yield _file_report(outcome, names[outcome.path], next(results) if outcome.ok else None)


def _write_batches(outcomes: Iterable[FileOutcome], *, first: int, most: int) -> Iterator[list[FileOutcome]]:
    """Consecutive files, grouped until their chunks reach the batch's size: `first`, doubling up to `most`."""
    batch: list[FileOutcome] = []
    chunks, size = 0, first
    for outcome in outcomes:
        batch.append(outcome)
        chunks += len(outcome.result.chunks) if outcome.ok else 0
        if chunks >= size:
            yield batch
            batch, chunks, size = [], 0, min(2 * size, most)
    if batch:
        yield batch


def _file_report(outcome: FileOutcome, name: str, result: UpsertResult | ChunkValidationError | None) -> FileReport:
    """The report of one file: chunked (or not, `result` None) and written (or refused) with its batch."""
    if not outcome.ok:
        return FileReport(name, "failed", path=str(outcome.path), error=outcome.error or "")
    if isinstance(result, ChunkValidationError):
        return FileReport(name, "failed", path=str(outcome.path), error=f"{name}: {result}")
    chunked = outcome.result
    return FileReport(
        name,
        result.action,
        doc_id=result.doc_id,
        chunks=result.n_chunks,
        title=chunked.parsed.title,
        year=chunked.parsed.year,
        doc_type=chunked.parsed.doc_type,
        duplicate_of=result.duplicate_of or "",
        path=str(outcome.path),
    )
