"""Library.upsert_documents: several documents written together give the results one at a time would."""

from __future__ import annotations

import pytest
from conftest import DiskFull, OpenLibrary
from fakes import (
    BAIHE_2021,
    FIXTURE_DOCUMENTS,
    LIUSHU_2019,
    QINGSHI_2023,
    FakeEmbedder,
    make_document,
)
from langchain_core.documents import Document

from vectorstore.library import ChunkValidationError, Library


def _copy(chunks: list[Document], *, source: str | None = None) -> list[Document]:
    return [
        Document(page_content=chunk.page_content, metadata={**chunk.metadata, **({"source": source} if source else {})})
        for chunk in chunks
    ]


def _counting(library: Library, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts the library's embedding calls, Chroma writes and catalog commits."""
    calls = {"embed": 0, "chroma": 0, "commit": 0}
    for owner, name, key in (
        (library.embedder, "embed_documents", "embed"),
        (library._chroma, "upsert", "chroma"),
        (library._catalog, "commit_entries", "commit"),
    ):
        original = getattr(owner, name)

        def counted(*args: object, _original=original, _key=key, **kwargs: object) -> object:
            calls[_key] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted)
    return calls


def test_documents_written_together_cost_one_embedding_call_one_chroma_write_and_one_commit(
    open_library: OpenLibrary, embedder: FakeEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = open_library(embedder)
    calls = _counting(library, monkeypatch)

    results = library.upsert_documents(FIXTURE_DOCUMENTS)

    assert [(r.source, r.action, r.n_chunks) for r in results] == [
        (chunks[0].metadata["source"], "added", len(chunks)) for chunks in FIXTURE_DOCUMENTS
    ]
    assert calls == {"embed": 1, "chroma": 1, "commit": 1}
    assert library.chunk_count() == sum(len(chunks) for chunks in FIXTURE_DOCUMENTS)
    assert library.check_consistency().consistent
    for chunks in FIXTURE_DOCUMENTS:
        assert [c.page_content for c in library.chunks_of(chunks[0].metadata["doc_id"])] == [
            c.page_content for c in chunks
        ]


def test_a_malformed_document_fails_alone_and_the_others_go_in(open_library: OpenLibrary, embedder: FakeEmbedder) -> None:
    library = open_library(embedder)
    mixed = [LIUSHU_2019[0], BAIHE_2021[1]]  # two documents' chunks handed as one

    results = library.upsert_documents([QINGSHI_2023, mixed, BAIHE_2021])

    assert [getattr(r, "action", None) for r in results] == ["added", None, "added"]
    assert isinstance(results[1], ChunkValidationError) and "must share doc_id" in str(results[1])
    assert sorted(library.document_ids()) == sorted(c[0].metadata["source"] for c in (QINGSHI_2023, BAIHE_2021))
    assert library.check_consistency().consistent


def test_a_copy_of_a_document_of_the_same_batch_is_a_duplicate(open_library: OpenLibrary, embedder: FakeEmbedder) -> None:
    library = open_library(embedder)
    copy = _copy(LIUSHU_2019, source="转载/柳树镇总结.txt")

    results = library.upsert_documents([LIUSHU_2019, copy, BAIHE_2021])

    assert [(r.action, r.duplicate_of) for r in results] == [
        ("added", None), ("duplicate", LIUSHU_2019[0].metadata["source"]), ("added", None)
    ]
    assert results[1].n_chunks == 0
    assert "转载/柳树镇总结.txt" not in library.document_ids()
    assert library.chunk_count() == len(LIUSHU_2019) + len(BAIHE_2021)


def test_a_file_twice_in_a_batch_ends_as_its_second_version(open_library: OpenLibrary, embedder: FakeEmbedder) -> None:
    library = open_library(embedder)
    first = make_document("县局总结.txt", ["第一版：推进控辍保学。", "第一版：落实两免一补。"])
    second = make_document("县局总结.txt", ["第二版：推进控辍保学。", "第二版：落实两免一补。", "第二版：营养改善计划。"])

    results = library.upsert_documents([first, second, LIUSHU_2019])

    assert [r.action for r in results] == ["added", "replaced", "added"]
    assert library.document_ids()["县局总结.txt"] == second[0].metadata["doc_id"]
    assert library.chunk_count() == 3 + len(LIUSHU_2019)
    assert library.check_consistency().consistent


def test_content_moved_to_another_file_in_one_batch_is_indexed_under_its_new_name(
    open_library: OpenLibrary, embedder: FakeEmbedder
) -> None:
    """a.txt gets new text and b.txt gets a.txt's old text: a.txt's old version is retired by the batch
    before b.txt is weighed, so b.txt is no copy of it (as written one at a time, in this order)."""
    library = open_library(embedder)
    old = make_document("a.txt", ["旧文：推进控辍保学。"])
    library.upsert_document(old)
    new = make_document("a.txt", ["新文：落实两免一补。"])

    results = library.upsert_documents([new, _copy(old, source="b.txt")])

    assert [r.action for r in results] == ["replaced", "added"]
    assert library.document_ids() == {"a.txt": new[0].metadata["doc_id"], "b.txt": old[0].metadata["doc_id"]}
    assert library.check_consistency().consistent


def test_unchanged_documents_in_a_batch_cost_no_write(
    open_library: OpenLibrary, embedder: FakeEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = open_library(embedder)
    library.upsert_documents(FIXTURE_DOCUMENTS)
    version = library.version
    calls = _counting(library, monkeypatch)

    results = library.upsert_documents([_copy(chunks) for chunks in FIXTURE_DOCUMENTS])

    assert [r.action for r in results] == ["unchanged"] * len(FIXTURE_DOCUMENTS)
    assert calls == {"embed": 0, "chroma": 0, "commit": 0}
    assert library.version == version


def test_a_failed_batch_write_leaves_none_of_its_documents(
    open_library: OpenLibrary, embedder: FakeEmbedder, disk_full: DiskFull
) -> None:
    library = open_library(embedder)
    library.upsert_document(LIUSHU_2019)

    with disk_full(library):
        library.upsert_documents([QINGSHI_2023, BAIHE_2021])

    assert list(library.document_ids()) == [LIUSHU_2019[0].metadata["source"]]
    report = library.check_consistency()
    assert report.consistent and not report.unfinished_entries
    assert library.chunk_count() == len(LIUSHU_2019)
