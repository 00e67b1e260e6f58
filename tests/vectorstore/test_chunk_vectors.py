"""The in-memory vectors behind exact dense search, and the posting-list BM25 beside them."""

from __future__ import annotations

from collections.abc import Sequence

import bm25s
import numpy as np
import pytest
from conftest import OpenLibrary
from fakes import BAIHE_2021, FIXTURE_DOCUMENTS, LIUSHU_2019, QINGSHI_2023, FakeEmbedder

from vectorstore.bm25_index import FILTER_COLUMNS, KeywordIndex
from vectorstore.chunk_vectors import ChunkVectors
from vectorstore.library import Library


def _unit_rows(rows: int, dimension: int, seed: int) -> np.ndarray:
    matrix = np.random.default_rng(seed).normal(size=(rows, dimension)).astype(np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_nearest_is_the_exact_cosine_order_among_the_allowed_rows() -> None:
    matrix = _unit_rows(300, 16, seed=1)
    vectors = ChunkVectors(matrix)
    query = np.random.default_rng(2).normal(size=16).astype(np.float32) * 3.0  # not unit length
    rows = np.flatnonzero(np.arange(300) % 3 == 0)

    found = vectors.nearest(query, rows, 10)

    similarity = matrix[rows] @ (query / np.linalg.norm(query))
    expected = rows[np.argsort(-similarity)[:10]]
    assert [row for row, _ in found] == expected.tolist()
    assert [distance for _, distance in found] == pytest.approx(1.0 - np.sort(similarity)[::-1][:10], abs=1e-6)
    assert len(vectors.nearest(query, rows[:4], 10)) == 4
    assert vectors.nearest(query, rows[:0], 10) == []


def test_gather_reuses_earlier_vectors_and_fetches_only_new_chunks() -> None:
    old = _unit_rows(3, 8, seed=3)
    fetched_ids: list[str] = []
    new_vector = np.arange(1, 9, dtype=np.float32)

    def fetch(ids: Sequence[str]) -> dict[str, np.ndarray]:
        fetched_ids.extend(ids)
        return {"d": new_vector}  # "e" has no vector in the store

    vectors = ChunkVectors.gather(
        ["c", "d", "a", "e"], dimension=8, previous=(np.asarray(["a", "b", "c"]), old), fetch=fetch
    )

    assert fetched_ids == ["d", "e"]
    np.testing.assert_array_equal(vectors.matrix[0], old[2])
    np.testing.assert_array_equal(vectors.matrix[2], old[0])
    np.testing.assert_allclose(vectors.matrix[1], new_vector / np.linalg.norm(new_vector))
    np.testing.assert_array_equal(vectors.matrix[3], np.zeros(8))


def test_gather_ignores_earlier_vectors_of_another_dimension() -> None:
    fetched_ids: list[str] = []

    def fetch(ids: Sequence[str]) -> dict[str, np.ndarray]:
        fetched_ids.extend(ids)
        return {chunk_id: np.ones(4, dtype=np.float32) for chunk_id in ids}

    ChunkVectors.gather(["a"], dimension=4, previous=(np.asarray(["a"]), np.ones((1, 8), np.float32)), fetch=fetch)
    assert fetched_ids == ["a"]


def _library_vectors_match_chroma(library: Library) -> None:
    index = library.keyword_index()
    stored = library._chroma.vectors(index.chunk_ids.tolist())
    assert set(stored) == set(index.chunk_ids.tolist())
    for row, chunk_id in enumerate(index.chunk_ids.tolist()):
        expected = stored[chunk_id] / np.linalg.norm(stored[chunk_id])
        np.testing.assert_allclose(index.vectors.matrix[row], expected, atol=1e-6)


def test_index_vectors_follow_the_library_through_adds_and_deletes(
    open_library: OpenLibrary, embedder: FakeEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = open_library(embedder)
    library.upsert_document(QINGSHI_2023)
    _library_vectors_match_chroma(library)

    fetched: list[str] = []
    read = library._chroma.vectors
    monkeypatch.setattr(library._chroma, "vectors", lambda ids: fetched.extend(ids) or read(ids))
    with library.writing():
        library.upsert_document(BAIHE_2021)
        library.upsert_document(LIUSHU_2019)
    assert len(fetched) == len(BAIHE_2021) + len(LIUSHU_2019)  # the first document's vectors were reused
    _library_vectors_match_chroma(library)

    library.delete_document(BAIHE_2021[0].metadata["doc_id"])
    _library_vectors_match_chroma(library)
    assert len(library.keyword_index().vectors) == len(QINGSHI_2023) + len(LIUSHU_2019)


def test_a_reopened_library_reuses_the_saved_vectors(open_library: OpenLibrary, embedder: FakeEmbedder) -> None:
    first = open_library(embedder)
    first.upsert_document(QINGSHI_2023)
    first.close()

    second = open_library(embedder)
    fetched: list[str] = []
    read = second._chroma.vectors
    second._chroma.vectors = lambda ids: fetched.extend(ids) or read(ids)  # type: ignore[method-assign]
    second.upsert_document(BAIHE_2021)

    baihe = BAIHE_2021[0].metadata["doc_id"]
    assert len(fetched) == len(BAIHE_2021) and all(chunk_id.startswith(f"{baihe}:") for chunk_id in fetched)
    _library_vectors_match_chroma(second)


def _bm25s_reference(index: KeywordIndex, bm25: bm25s.BM25, tokens: list[str], k: int, mask: np.ndarray | None):
    """bm25s's own retrieve with a weight mask: what KeywordIndex.search did before it scored postings."""
    known = [token for token in tokens if token in bm25.vocab_dict]
    weights = None if mask is None else mask.astype(np.float32)
    rows, scores = bm25.retrieve([known], k=k, show_progress=False, n_threads=1, weight_mask=weights)
    return {str(index.chunk_ids[row]): float(score) for row, score in zip(rows[0], scores[0]) if score > 0}


def test_posting_list_bm25_equals_bm25s_retrieve_with_a_mask() -> None:
    rng = np.random.default_rng(5)
    vocabulary = [f"词{i}" for i in range(40)]
    token_lists = [list(rng.choice(vocabulary, size=rng.integers(3, 30))) for _ in range(500)]
    rows = len(token_lists)
    index = KeywordIndex.build(
        version=1,
        signature="s",
        chunk_ids=[f"c{i}" for i in range(rows)],
        token_lists=token_lists,
        years=[2000 + i % 20 for i in range(rows)],
        columns={name: ["x"] * rows for name in FILTER_COLUMNS},
        texts=["t"] * rows,
        metadata_json=["{}"] * rows,
        vectors=ChunkVectors(np.zeros((rows, 2), np.float32)),
        vectors_model="test-model",
    )
    reference = bm25s.BM25()
    reference.index(token_lists, show_progress=False)

    for trial in range(20):
        tokens = list(rng.choice([*vocabulary, "未登录词"], size=rng.integers(1, 6)))  # repeats and unknowns too
        mask = None if trial % 4 == 0 else rng.random(rows) < (0.02 if trial % 2 else 0.5)
        hits = index.search(tokens, k=15, mask=mask)
        expected = _bm25s_reference(index, reference, tokens, 15, mask)
        assert {hit.chunk_id: hit.score for hit in hits} == pytest.approx(expected, rel=1e-5)
        assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
        if mask is not None:
            assert all(mask[int(hit.chunk_id[1:])] for hit in hits)


def test_keyword_search_of_words_no_chunk_has_finds_nothing(open_library: OpenLibrary, embedder: FakeEmbedder) -> None:
    library = open_library(embedder)
    for chunks in FIXTURE_DOCUMENTS:
        library.upsert_document(chunks)
    index = library.keyword_index()
    assert index.search(["未登录词语"], k=5, mask=None) == []
    assert index.search(library.tokenizer.tokenize("控辍保学"), k=5, mask=np.zeros(len(index), dtype=bool)) == []
