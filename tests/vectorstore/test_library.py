from __future__ import annotations

import filelock
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

from vectorstore.chroma_store import ChromaStoreError
from vectorstore.library import (
    ChunkValidationError,
    Library,
    LibraryBusy,
    embedding_text,
)


def _ingest_all(library: Library) -> None:
    with library.writing():
        for chunks in FIXTURE_DOCUMENTS:
            library.upsert_document(chunks)


def _keyword_sources(library: Library, word: str) -> set[str]:
    index = library.keyword_index()
    hits = index.search(library.tokenizer.tokenize(word), k=50, mask=None)
    rows = library.fetch_chunks([hit.chunk_id for hit in hits])
    return {row.metadata["source"] for row in rows.values()}


def _dense_doc_ids(library: Library, embedder: FakeEmbedder) -> set[str]:
    hits = library.dense_search(embedder.embed_query("教育"), n=1000)
    return {hit.metadata["doc_id"] for hit in hits}


def test_upsert_indexes_every_chunk_in_both_indexes(open_library: OpenLibrary, embedder: FakeEmbedder) -> None:
    library = open_library(embedder)
    results = [library.upsert_document(chunks) for chunks in FIXTURE_DOCUMENTS]

    assert [r.action for r in results] == ["added", "added", "added"]
    assert library.document_ids() == {c[0].metadata["source"]: c[0].metadata["doc_id"] for c in FIXTURE_DOCUMENTS}
    listed = {info.source: info for info in library.documents()}
    assert listed[QINGSHI_2023[0].metadata["source"]].n_chunks == len(QINGSHI_2023)
    assert listed[BAIHE_2021[0].metadata["source"]].year == 2021
    assert listed[BAIHE_2021[0].metadata["source"]].doc_type == "汇报材料"
    assert library.chunk_count() == sum(len(c) for c in FIXTURE_DOCUMENTS)
    assert library.check_consistency().consistent
    assert _dense_doc_ids(library, embedder) == {c[0].metadata["doc_id"] for c in FIXTURE_DOCUMENTS}
    assert _keyword_sources(library, "专递课堂") == {BAIHE_2021[0].metadata["source"]}

    stored = library.chunks_of(QINGSHI_2023[0].metadata["doc_id"])
    assert [d.page_content for d in stored] == [d.page_content for d in QINGSHI_2023]
    assert stored[1].metadata["char_start"] == QINGSHI_2023[1].metadata["char_start"]


def test_unchanged_reupsert_is_a_no_op(open_library: OpenLibrary, embedder: FakeEmbedder) -> None:
    library = open_library(embedder)
    library.upsert_document(QINGSHI_2023)
    version = library.version

    again = library.upsert_document([Document(page_content=d.page_content, metadata=dict(d.metadata)) for d in QINGSHI_2023])

    assert again.action == "unchanged"
    assert library.version == version
    assert library.chunk_count() == len(QINGSHI_2023)


def test_changed_document_replaces_the_old_version_in_both_indexes(
    open_library: OpenLibrary, embedder: FakeEmbedder
) -> None:
    library = open_library(embedder)
    _ingest_all(library)
    old_id = QINGSHI_2023[0].metadata["doc_id"]
    revised = make_document(
        QINGSHI_2023[0].metadata["source"],
        ["2023年青石县修订稿：全面推进智慧校园建设，新建录播教室15间。", "全县教师信息技术应用能力培训实现全覆盖。"],
    )

    result = library.upsert_document(revised)

    assert result.action == "replaced"
    new_id = revised[0].metadata["doc_id"]
    assert library.document_ids()[revised[0].metadata["source"]] == new_id
    assert library.chunks_of(old_id) == []
    assert old_id not in _dense_doc_ids(library, embedder)
    assert new_id in _dense_doc_ids(library, embedder)
    assert QINGSHI_2023[0].metadata["source"] not in _keyword_sources(library, "控辍保学")
    assert _keyword_sources(library, "智慧校园") == {revised[0].metadata["source"]}
    assert library.chunk_count() == len(revised) + len(BAIHE_2021) + len(LIUSHU_2019)
    assert library.check_consistency().consistent


def test_rechunked_document_with_same_doc_id_is_replaced(open_library: OpenLibrary, embedder: FakeEmbedder) -> None:
    library = open_library(embedder)
    library.upsert_document(LIUSHU_2019)
    merged_text = LIUSHU_2019[0].page_content + LIUSHU_2019[1].page_content
    rechunked = [
        Document(page_content=merged_text, metadata={**LIUSHU_2019[0].metadata, "char_end": len(merged_text)}),
        Document(page_content=LIUSHU_2019[2].page_content, metadata={**LIUSHU_2019[2].metadata, "chunk_index": 1}),
    ]

    result = library.upsert_document(rechunked)

    assert result.action == "replaced"
    assert [d.page_content for d in library.chunks_of(LIUSHU_2019[0].metadata["doc_id"])] == [
        merged_text,
        LIUSHU_2019[2].page_content,
    ]
    assert library.chunk_count() == 2
    assert library.check_consistency().consistent


def test_delete_removes_document_from_both_indexes(open_library: OpenLibrary, embedder: FakeEmbedder) -> None:
    library = open_library(embedder)
    _ingest_all(library)
    doc_id = BAIHE_2021[0].metadata["doc_id"]

    assert library.delete_document(doc_id) is True
    assert library.delete_document(doc_id) is False

    assert BAIHE_2021[0].metadata["source"] not in library.document_ids()
    assert doc_id not in _dense_doc_ids(library, embedder)
    assert _keyword_sources(library, "专递课堂") == set()
    assert library.check_consistency().consistent


def test_same_content_under_another_name_is_reported_as_duplicate(
    open_library: OpenLibrary, embedder: FakeEmbedder
) -> None:
    library = open_library(embedder)
    library.upsert_document(LIUSHU_2019)
    copy = [Document(page_content=d.page_content, metadata={**d.metadata, "source": "转载-柳树镇总结.txt"}) for d in LIUSHU_2019]

    result = library.upsert_document(copy)

    assert result.action == "duplicate"
    assert result.duplicate_of == LIUSHU_2019[0].metadata["source"]
    assert list(library.document_ids()) == [LIUSHU_2019[0].metadata["source"]]
    assert library.chunk_count() == len(LIUSHU_2019)


def test_library_persists_across_reopen(open_library: OpenLibrary, embedder: FakeEmbedder) -> None:
    library = open_library(embedder)
    _ingest_all(library)
    expected = library.document_ids()
    library.close()

    reopened = open_library(embedder)

    assert reopened.document_ids() == expected
    assert reopened.check_consistency().consistent
    assert _keyword_sources(reopened, "营养改善计划") == {QINGSHI_2023[0].metadata["source"]}


def test_second_writer_gets_library_busy(open_library: OpenLibrary, embedder: FakeEmbedder) -> None:
    library = open_library(embedder)
    other_process_lock = filelock.FileLock(str(library.store_dir / "write.lock"))
    with other_process_lock.acquire(timeout=0):
        with pytest.raises(LibraryBusy, match="another ingest is running on .*write.lock"):
            library.upsert_document(LIUSHU_2019)
        with pytest.raises(LibraryBusy):
            with library.writing():
                pass
    assert library.upsert_document(LIUSHU_2019).action == "added"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda m: m.pop("source"), "'source'"),
        (lambda m: m.update(doc_id="a:b"), "'doc_id'"),
        (lambda m: m.update(year="2023"), "'year'"),
        (lambda m: m.update(region=["青石县"]), "'region'"),
        (lambda m: m.update(chunk_index=None), "'chunk_index'"),
    ],
)
def test_malformed_chunks_are_rejected_with_the_field_named(
    open_library: OpenLibrary, embedder: FakeEmbedder, mutate: object, message: str
) -> None:
    library = open_library(embedder)
    chunks = [Document(page_content=d.page_content, metadata=dict(d.metadata)) for d in LIUSHU_2019]
    mutate(chunks[0].metadata)  # type: ignore[operator]

    with pytest.raises(ChunkValidationError, match=message):
        library.upsert_document(chunks)
    assert library.chunk_count() == 0


def test_chunks_of_one_document_must_share_doc_id(open_library: OpenLibrary, embedder: FakeEmbedder) -> None:
    library = open_library(embedder)
    with pytest.raises(ChunkValidationError, match="share doc_id"):
        library.upsert_document([LIUSHU_2019[0], BAIHE_2021[1]])


def test_store_refuses_an_embedder_of_another_model(open_library: OpenLibrary, embedder: FakeEmbedder) -> None:
    library = open_library(embedder)
    library.upsert_document(LIUSHU_2019)
    library.close()
    with pytest.raises(ChromaStoreError, match="fake-bigram-64"):
        open_library(FakeEmbedder(dimension=32))


def test_failed_write_leaves_nothing_behind(open_library: OpenLibrary, embedder: FakeEmbedder, disk_full: DiskFull) -> None:
    library = open_library(embedder)
    library.upsert_document(LIUSHU_2019)

    with disk_full(library):
        library.upsert_document(BAIHE_2021)

    assert list(library.document_ids()) == [LIUSHU_2019[0].metadata["source"]]
    assert library.check_consistency().consistent
    assert BAIHE_2021[0].metadata["doc_id"] not in _dense_doc_ids(library, embedder)


def test_embedding_text_puts_the_heading_path_before_the_text() -> None:
    assert embedding_text("全年培训教师3860人次。", "二、主要做法 > （一）教师培训") == "二、主要做法 > （一）教师培训\n全年培训教师3860人次。"
    assert embedding_text("全年培训教师3860人次。", " ") == "全年培训教师3860人次。"
