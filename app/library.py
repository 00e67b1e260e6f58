"""The writer's library as the CLI, the web app and `wengao eval` use it: opened as the settings
describe (embedding model, store folder, Chroma server or not), searched the two ways a writer needs,
and filled with files.

Files end in one `FileReport` each: added, replaced, unchanged (same bytes as the indexed version,
skipped before any work), duplicate (the same content is indexed under another name), failed (with
the one-line reason), or deleted (`prune`: indexed, but not among the files given).

vectorstore's errors that a user should read (a busy store, a library embedded with another model, a
missing embedding model) leave this module as `UserError`s.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.checks.numbers import read_fixed_phrases
from app.checks.topic import Relevance
from app.errors import UserError
from app.settings import Settings
from ingest.chunk import known_year
from ingest.pipeline import chunk_files, document_id
from vectorstore.chroma_store import EmbeddingModelMismatch
from vectorstore.embedding import load_embedder
from vectorstore.embedding_cache import CachedEmbedder
from vectorstore.hybrid_search import TOPIC_WEIGHTS, HybridSearcher, SearchHit
from vectorstore.library import ChunkValidationError, Library, LibraryBusy
from vectorstore.model_folder import EmbeddingModelError, default_model_path

SAMPLE_LIBRARY = Path(__file__).resolve().parent / "sample_library" / "reports"


class LibraryUnavailable(UserError):
    """The library cannot be used: its embedding model is missing, or it was embedded with another one."""


class LibraryBusyError(LibraryUnavailable):
    """Another ingest or deletion holds the store's write lock."""


class EmptyLibrary(UserError):
    """A search or a draft needs documents, and the library has none."""


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
    settings: Settings, *, reembed: bool = False, on_reembed_progress: Callable[[int, int], None] | None = None
) -> Library:
    """The library at `settings.store`, its embedder cached by chunk-text hash inside the store.

    A store embedded with another model (or an older quantisation of this one) is embedded again first
    with `reembed`, else refused with LibraryUnavailable naming the command that does it."""
    store = settings.store
    store.mkdir(parents=True, exist_ok=True)
    with user_errors():
        embedder = CachedEmbedder(
            load_embedder(
                embedding_model_path(settings),
                backend=settings.embedding_backend,
                threads=settings.embedding_threads,
                onnx_dir=store / "models",
            ),
            store / "embedding_cache.sqlite3",
        )
        return Library.open(
            store,
            embedder,
            chroma_host=settings.chroma_host,
            chroma_port=settings.chroma_port,
            user_terms=settings.user_terms,
            reembed=reembed,
            on_reembed_progress=on_reembed_progress,
        )


def require_documents(library: Library) -> None:
    """Raise EmptyLibrary, naming the store and the command that fills it, when nothing is indexed."""
    if library.chunk_count() == 0:
        raise EmptyLibrary(f"the library at {library.store_dir} is empty: add reports with `wengao ingest PATH`")


def searcher_for(library: Library) -> HybridSearcher:
    """The writer's search (words typed into a search box weigh most)."""
    return HybridSearcher(library, library.embedder)


def topic_search(searcher: HybridSearcher) -> Callable[..., list[SearchHit]]:
    """The search a drafting run uses: meaning weighted up, as a topic names no exact words."""
    return functools.partial(searcher.search, weights=TOPIC_WEIGHTS)


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


def _indexed_under_same_bytes(path: Path, indexed: dict[str, str], max_bytes: int) -> bool:
    if path.name not in indexed or path.stat().st_size > max_bytes:
        return False
    return indexed[path.name] == document_id(path.read_bytes())


def ingest_into_library(
    files: Sequence[Path], library: Library, *, max_bytes: int, prune: bool = False
) -> Iterator[FileReport]:
    """Index `files` (already collected) into `library`, one report per file as it is done.

    The library's write lock is held throughout: another ingest on the same store fails at once
    with `LibraryBusyError` instead of corrupting it.
    """
    with user_errors(), library.writing():
        indexed = library.document_ids()
        by_name: dict[str, Path] = {}
        to_chunk: list[Path] = []
        for path in files:
            if path.name in by_name:
                # The library knows documents by file name, as users cite them.
                yield FileReport(path.name, "failed", path=str(path),
                                 error=f"{path.name}: another file of this batch has the same name ({by_name[path.name]})")
                continue
            by_name[path.name] = path
            if _indexed_under_same_bytes(path, indexed, max_bytes):
                yield FileReport(path.name, "unchanged", doc_id=indexed[path.name], path=str(path))
            else:
                to_chunk.append(path)
        yield from _index(to_chunk, library, max_bytes=max_bytes)
        if prune:
            for source, doc_id in sorted(indexed.items()):
                if source not in by_name and library.delete_document(doc_id):
                    yield FileReport(source, "deleted", doc_id=doc_id)


def _index(files: Sequence[Path], library: Library, *, max_bytes: int) -> Iterator[FileReport]:
    for outcome in chunk_files(files, max_bytes=max_bytes):
        if not outcome.ok:
            yield FileReport(outcome.path.name, "failed", path=str(outcome.path), error=outcome.error or "")
            continue
        chunked = outcome.result
        try:
            result = library.upsert_document(chunked.chunks)
        except ChunkValidationError as err:
            yield FileReport(outcome.path.name, "failed", path=str(outcome.path), error=f"{outcome.path.name}: {err}")
            continue
        yield FileReport(
            outcome.path.name,
            result.action,
            doc_id=result.doc_id,
            chunks=result.n_chunks,
            title=chunked.parsed.title,
            year=chunked.parsed.year,
            doc_type=chunked.parsed.doc_type,
            duplicate_of=result.duplicate_of or "",
            path=str(outcome.path),
        )
