"""A library indexed with one embedding model, opened with another: refused, or embedded again whole."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import OpenLibrary
from fakes import FIXTURE_DOCUMENTS, QINGSHI_2023, FakeEmbedder

from vectorstore.chroma_store import ChromaStore, EmbeddingModelMismatch
from vectorstore.hybrid_search import HybridSearcher
from vectorstore.library import Library
from vectorstore.search_filters import SearchFilters


def _indexed_with(open_library: OpenLibrary, embedder: FakeEmbedder) -> None:
    library = open_library(embedder)
    with library.writing():
        for chunks in FIXTURE_DOCUMENTS:
            library.upsert_document(chunks)
    library.close()


def _assert_vectors_are_of(library: Library, embedder: FakeEmbedder) -> None:
    index = library.keyword_index()
    ids = index.chunk_ids.tolist()
    stored = library._chroma.vectors(ids)
    assert set(stored) == set(ids)
    for row, chunk_id in enumerate(ids):
        text, metadata = index.passage(chunk_id)
        expected = embedder.embed_documents([library.embedding_text(text, metadata)])[0]
        np.testing.assert_allclose(stored[chunk_id], expected, atol=1e-6)
        np.testing.assert_allclose(index.vectors.matrix[row], expected, atol=1e-6)


def test_another_model_is_refused_without_reembedding(open_library: OpenLibrary, embedder: FakeEmbedder) -> None:
    _indexed_with(open_library, embedder)
    with pytest.raises(EmbeddingModelMismatch, match="embedded again"):
        open_library(FakeEmbedder(dimension=32))


def test_reembedding_moves_the_whole_library_to_the_new_model(
    open_library: OpenLibrary, embedder: FakeEmbedder
) -> None:
    _indexed_with(open_library, embedder)
    before = open_library(embedder)
    version, chunks = before.version, before.chunk_count()
    before.close()

    progress: list[tuple[int, int]] = []
    new_model = FakeEmbedder(dimension=32)
    library = open_library(new_model, reembed=True, on_reembed_progress=lambda done, total: progress.append((done, total)))

    assert progress[-1] == (chunks, chunks)
    assert library.chunk_count() == chunks and library.version > version
    assert library.check_consistency().consistent
    _assert_vectors_are_of(library, new_model)
    hits = HybridSearcher(library, new_model).search(
        "控辍保学", k=3, filters=SearchFilters(year_min=2023, year_max=2023)
    )
    assert hits and "控辍保学" in hits[0].text
    # Opened again with the same model: nothing left to do.
    version = library.version
    library.close()
    assert open_library(new_model, reembed=True).version == version


def test_an_interrupted_reembedding_leaves_the_old_vectors_in_use(
    open_library: OpenLibrary, embedder: FakeEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    _indexed_with(open_library, embedder)
    new_model = FakeEmbedder(dimension=32)

    def stopped_before_the_swap(self: ChromaStore, staging: ChromaStore) -> None:
        assert staging.count() > 0  # every vector was written, but the swap never happened
        raise KeyboardInterrupt

    monkeypatch.setattr(ChromaStore, "finish_reembedding", stopped_before_the_swap)
    with pytest.raises(KeyboardInterrupt):
        open_library(new_model, reembed=True)
    monkeypatch.undo()

    library = open_library(embedder)  # the old model still serves the whole library
    assert library.check_consistency().consistent
    _assert_vectors_are_of(library, embedder)
    staging = f"{library._chroma.name}__reembedding"
    assert not library._chroma._exists(staging)


def test_a_swap_cut_short_is_finished_on_the_next_open(
    open_library: OpenLibrary, embedder: FakeEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    _indexed_with(open_library, embedder)
    new_model = FakeEmbedder(dimension=32)

    def crash_after_dropping_the_old(self: ChromaStore, collection) -> None:
        self._client.delete_collection(self.name)
        raise KeyboardInterrupt

    monkeypatch.setattr(ChromaStore, "_swap_in", crash_after_dropping_the_old)
    with pytest.raises(KeyboardInterrupt):
        open_library(new_model, reembed=True)
    monkeypatch.undo()

    library = open_library(new_model)
    assert library.check_consistency().consistent
    assert library.chunk_count() == sum(len(chunks) for chunks in FIXTURE_DOCUMENTS)
    _assert_vectors_are_of(library, new_model)
    assert library.keyword_index().search(library.tokenizer.tokenize("控辍保学"), k=3, mask=None)
    assert QINGSHI_2023[0].metadata["source"] in library.document_ids()
