"""A document deleted or replaced must leave no trace of its text in any file of the store, not only
disappear from search: writers delete drafts and confidential material expecting them gone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import OpenLibrary
from fakes import FakeEmbedder, make_document

from vectorstore.chinese_tokens import ChineseTokenizer
from vectorstore.chroma_store import ChromaStore
from vectorstore.embedding_cache import CachedEmbedder
from vectorstore.library import Library

# Each marker is made of characters found nowhere else in these documents, so any piece of one in a file
# can only come from the chunk (or file name) that held it.
DELETED_MARKER = "鹦鹉螺舰队密泊琥珀礁湾"
REPLACED_MARKER = "麒麟阁旧稿载翡翠矿脉坐标"
KEPT_MARKER = "蝙蝠洞窟存放琉璃灯盏"
NEW_VERSION_MARKER = "骆驼商旅改道敦煌驿站"

DELETED = make_document(
    f"{DELETED_MARKER}.txt",
    ["2023年，全县教育工作稳步推进。", f"{DELETED_MARKER}，此段为机密内容。", "下一步继续做好各项工作。"],
)
REPLACED = make_document("草稿.txt", ["2023年，全县教育工作稳步推进。", f"{REPLACED_MARKER}，此段为旧稿。"])
NEW_VERSION = make_document("草稿.txt", ["2023年，全县教育工作稳步推进。", f"{NEW_VERSION_MARKER}，此段为新稿。"])
KEPT = make_document("保留.txt", [f"{KEPT_MARKER}，此段应当保留。", "加强教师队伍建设。"])


def _traces(text: str) -> list[bytes]:
    """Byte strings that a file holding `text`, whole or in pieces, contains: its two-character pieces in
    UTF-8 and as JSON escapes (full-text indexes and keyword vocabularies keep words, not sentences), and
    its three-character pieces in UTF-16 and UTF-32 (numpy keeps strings in UTF-32). All are at least six
    bytes long, too long for vectors to contain by chance."""
    pairs = [text[i : i + 2] for i in range(len(text) - 1)]
    triples = [text[i : i + 3] for i in range(len(text) - 2)]
    return (
        [pair.encode("utf-8") for pair in pairs]
        + [json.dumps(pair).strip('"').encode("ascii") for pair in pairs]
        + [triple.encode(encoding) for triple in triples for encoding in ("utf-16-le", "utf-32-le")]
    )


def _files_holding(store: Path, text: str) -> list[str]:
    """Every file under `store` (databases, their -wal/-journal files, indexes, caches) holding a trace."""
    traces = _traces(text)
    found = []
    for path in sorted(store.rglob("*")):
        if path.is_file():
            content = path.read_bytes()
            if any(trace in content for trace in traces):
                found.append(str(path.relative_to(store)))
    return found


def _delete_and_replace(library: Library) -> None:
    """Index all four documents in one session, then delete one and replace another in the next."""
    with library.writing():
        for chunks in (DELETED, REPLACED, KEPT):
            library.upsert_document(chunks)
    with library.writing():
        assert library.delete_document(DELETED[0].metadata["doc_id"])
        assert library.upsert_document(NEW_VERSION).action == "replaced"


def _kept_chunks(library: Library) -> dict[str, str]:
    """chunk id -> text of every indexed chunk."""
    doc_ids = library.document_ids().values()
    return {chunk.id: chunk.page_content for doc_id in doc_ids for chunk in library.chunks_of(doc_id)}


def test_deleted_and_replaced_text_is_in_no_file_of_the_store(open_library: OpenLibrary, tmp_path: Path) -> None:
    store = tmp_path / "store"
    # The app keeps its embedding cache inside the store: it must not hold text either.
    embedder = CachedEmbedder(FakeEmbedder(), store / "embedding_cache.sqlite3")
    library = open_library(embedder, store)
    _delete_and_replace(library)
    assert set(library.document_ids()) == {"草稿.txt", "保留.txt"}
    hits = library.dense_search(embedder.embed_query(KEPT_MARKER), n=10)
    assert {hit.chunk_id for hit in hits} == set(_kept_chunks(library))

    _assert_only_kept_text_in(store)  # while the library stays open, as in a workbench running for days
    library.close()
    embedder.close()
    _assert_only_kept_text_in(store)


def _assert_only_kept_text_in(store: Path) -> None:
    assert _files_holding(store, DELETED_MARKER) == []
    assert _files_holding(store, REPLACED_MARKER) == []
    # What is kept is still on disk, so the search would have found a deleted text had it stayed.
    assert "catalog.sqlite3" in _files_holding(store, KEPT_MARKER)
    assert "catalog.sqlite3" in _files_holding(store, NEW_VERSION_MARKER)


class CutShort(Exception):
    """Stands for Ctrl-C in the middle of an ingest."""


def test_text_deleted_by_a_session_cut_short_is_erased_by_the_next(open_library: OpenLibrary, tmp_path: Path) -> None:
    store = tmp_path / "store"
    library = open_library(FakeEmbedder(), store)
    with library.writing():
        for chunks in (DELETED, KEPT):
            library.upsert_document(chunks)
    with pytest.raises(CutShort), library.writing():
        library.delete_document(DELETED[0].metadata["doc_id"])
        raise CutShort
    assert _files_holding(store, DELETED_MARKER) != []

    with library.writing():
        pass
    assert _files_holding(store, DELETED_MARKER) == []
    assert "catalog.sqlite3" in _files_holding(store, KEPT_MARKER)


# Reads the collection in a process of its own: there Chroma rebuilds its vector index from the log it
# keeps on disk, which erasing shortened.
READ_COLLECTION = """
import json, sys
import chromadb
collection = chromadb.PersistentClient(path=sys.argv[1]).get_collection(sys.argv[2])
records = collection.get(include=["embeddings", "documents"])
nearest = collection.query(query_embeddings=records["embeddings"], n_results=1, include=[])["ids"]
print(json.dumps({"ids": records["ids"], "documents": records["documents"], "nearest": [ids[0] for ids in nearest]}))
"""


def test_erasing_keeps_every_record_chroma_needs(tmp_path: Path, tokenizer: ChineseTokenizer) -> None:
    store = tmp_path / "store"
    library = Library.open(store, FakeEmbedder(), tokenizer=tokenizer, collection="kept")
    _delete_and_replace(library)
    kept = _kept_chunks(library)
    library.close()

    result = subprocess.run(
        [sys.executable, "-c", READ_COLLECTION, str(store / "chroma"), "kept"],
        capture_output=True,
        text=True,
        check=True,
    )
    collection = json.loads(result.stdout.strip().splitlines()[-1])
    assert dict(zip(collection["ids"], collection["documents"], strict=True)) == kept
    assert collection["nearest"] == collection["ids"]


def test_the_databases_are_rewritten_once_per_session_that_deleted(
    open_library: OpenLibrary, embedder: FakeEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    erasures: list[str] = []  # the collections erased, one entry per call
    succeeds = True

    def erase(store: ChromaStore) -> bool:
        erasures.append(store.name)
        return succeeds

    monkeypatch.setattr(ChromaStore, "erase_deleted_text", erase)
    library = open_library(embedder)
    with library.writing():
        for chunks in (DELETED, REPLACED, KEPT):
            library.upsert_document(chunks)
    assert erasures == []

    with library.writing():
        library.delete_document(DELETED[0].metadata["doc_id"])
        library.upsert_document(NEW_VERSION)
    assert len(erasures) == 1

    # An erasure that failed (the database kept busy) is tried again by the next write session, once.
    library.upsert_document(DELETED)
    succeeds = False
    library.delete_document(DELETED[0].metadata["doc_id"])
    assert len(erasures) == 2
    succeeds = True
    with library.writing():
        pass
    with library.writing():
        pass
    assert len(erasures) == 3
