"""Open the library the settings describe: embedding model, store folder, Chroma server or not."""

from __future__ import annotations

from collections.abc import Callable

from vectorstore.chroma_store import EmbeddingModelMismatch
from vectorstore.embedding import load_embedder
from vectorstore.embedding_cache import CachedEmbedder
from vectorstore.hybrid_search import HybridSearcher
from vectorstore.library import Library
from vectorstore.model_folder import default_model_path

from app.settings import Settings


def open_library(
    settings: Settings, *, reembed: bool = False, on_reembed_progress: Callable[[int, int], None] | None = None
) -> Library:
    """The library at `settings.store`, its embedder cached by chunk-text hash inside the store.

    A store embedded with another model (or an older quantisation of this one) is embedded again first
    with `reembed`, else refused with EmbeddingModelMismatch naming the command that does it."""
    store = settings.store
    store.mkdir(parents=True, exist_ok=True)
    model = settings.embedding_model or default_model_path()
    embedder = CachedEmbedder(
        load_embedder(model, backend=settings.embedding_backend, threads=settings.embedding_threads, onnx_dir=store / "models"),
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
    except EmbeddingModelMismatch as err:
        raise EmbeddingModelMismatch(
            f"{err}; `wengao reindex` does that (and `wengao ingest` does it before adding files)"
        ) from None


def searcher_for(library: Library) -> HybridSearcher:
    return HybridSearcher(library, library.embedder)
