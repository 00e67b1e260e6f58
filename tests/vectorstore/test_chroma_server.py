"""Server mode: the library against a real `chroma run` server (the library tests also run in this mode
through the `open_library` fixture's "server" parameter)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import free_port
from fakes import FIXTURE_DOCUMENTS, QINGSHI_2023, FakeEmbedder

from vectorstore.chinese_tokens import ChineseTokenizer
from vectorstore.chroma_store import ChromaStoreError
from vectorstore.hybrid_search import HybridSearcher
from vectorstore.library import Library


def test_vectors_live_in_the_server_not_the_store(
    chroma_server: tuple[str, int], tmp_path: Path, tokenizer: ChineseTokenizer
) -> None:
    host, port = chroma_server
    embedder = FakeEmbedder()
    library = Library.open(
        tmp_path / "store", embedder, chroma_host=host, chroma_port=port, collection="server-only", tokenizer=tokenizer
    )
    for chunks in FIXTURE_DOCUMENTS:
        library.upsert_document(chunks)
    library.close()

    reopened = Library.open(
        tmp_path / "store", embedder, chroma_host=host, chroma_port=port, collection="server-only", tokenizer=tokenizer
    )
    assert not (tmp_path / "store" / "chroma").exists()
    hits = HybridSearcher(reopened, embedder).search("控辍保学", k=1)
    assert hits[0].metadata["source"] == QINGSHI_2023[0].metadata["source"]
    assert reopened.check_consistency().consistent
    reopened.close()


def test_unreachable_server_is_a_clear_error(tmp_path: Path, tokenizer: ChineseTokenizer) -> None:
    port = free_port()
    with pytest.raises(ChromaStoreError, match=f"127.0.0.1:{port}"):
        Library.open(tmp_path / "store", FakeEmbedder(), chroma_host="127.0.0.1", chroma_port=port, tokenizer=tokenizer)
