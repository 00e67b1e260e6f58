"""Open the library the settings describe: embedding model, store folder, Chroma server or not."""

from __future__ import annotations

from vectorstore.embedding import load_embedder
from vectorstore.embedding_cache import CachedEmbedder
from vectorstore.hybrid_search import HybridSearcher
from vectorstore.library import Library
from vectorstore.model_folder import default_model_path

from app.settings import Settings


def open_library(settings: Settings) -> Library:
    """The library at `settings.store`, its embedder cached by chunk-text hash inside the store."""
    store = settings.store
    store.mkdir(parents=True, exist_ok=True)
    model = settings.embedding_model or default_model_path()
    embedder = CachedEmbedder(
        load_embedder(model, backend=settings.embedding_backend, threads=settings.embedding_threads, onnx_dir=store / "models"),
        store / "embedding_cache.sqlite3",
    )
    return Library.open(
        store,
        embedder,
        chroma_host=settings.chroma_host,
        chroma_port=settings.chroma_port,
        user_terms=settings.user_terms,
    )


def searcher_for(library: Library) -> HybridSearcher:
    return HybridSearcher(library, library.embedder)
