"""app.library: the library as the CLI, the web app and eval use it, and from a LangChain chain."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnableLambda, RunnablePassthrough

from app.errors import UserError
from app.library import (
    EMBEDDING_EXPORTS,
    EmptyLibrary,
    FileReport,
    IngestRate,
    LibraryBusyError,
    LibraryUnavailable,
    ingest_into_library,
    open_library,
    require_documents,
    searcher_for,
    topic_search,
    year_label,
)
from app.search.everyday_terms import EverydayTerms
from app.search.question_search import TARGET_YEAR_WEIGHT
from app.settings import Settings
from vectorstore import LibraryRetriever, SearchFilters
from vectorstore.hybrid_search import TOPIC_WEIGHTS, HybridSearcher


def test_the_library_in_a_langchain_chain(sample_store: Path) -> None:
    """The README's example, step by step: retriever | formatting | prompt, as any LangChain chain."""
    with open_library(Settings(store=sample_store)) as library:
        retriever = LibraryRetriever.over(library, k=3)
        context = retriever | RunnableLambda(lambda docs: "\n\n".join(d.page_content for d in docs))
        prompt = ChatPromptTemplate.from_messages([("user", "参考材料：\n{context}\n\n请起草：{request}")])
        chain = {"context": context, "request": RunnablePassthrough()} | prompt
        rendered = chain.invoke("控辍保学 劝返复学").to_messages()[0].content
        documents = retriever.invoke("控辍保学 劝返复学")
    assert len(documents) == 3 and "请起草：控辍保学 劝返复学" in rendered
    assert all(d.page_content in rendered for d in documents)
    assert any("劝返" in d.page_content for d in documents)
    assert {"source", "heading_path", "score", "chunk_id"} <= documents[0].metadata.keys()


def test_drafting_searches_with_the_topic_weights_and_prefers_the_target_year(sample_store: Path) -> None:
    with open_library(Settings(store=sample_store)) as library:
        search = topic_search(searcher_for(library, EverydayTerms.load()))
        hits = search("教师队伍建设", k=5, filters=SearchFilters())
        plain = HybridSearcher(library, library.embedder).search("教师队伍建设", k=5, weights=TOPIC_WEIGHTS)
        for_2020 = search("教师队伍建设", k=5, filters=SearchFilters(), target_year=2020)
    assert [h.chunk_id for h in hits] == [h.chunk_id for h in plain]
    assert all(not h.bonuses for h in hits)
    boosted = [h for h in for_2020 if h.bonuses]
    assert boosted and all(b.value == TARGET_YEAR_WEIGHT for h in boosted for b in h.bonuses)


def test_an_empty_library_is_a_user_error_naming_the_command(tmp_path: Path) -> None:
    with open_library(Settings(store=tmp_path / "empty")) as library:
        with pytest.raises(EmptyLibrary, match="wengao ingest PATH") as caught:
            require_documents(library)
    assert isinstance(caught.value, UserError)


def test_a_busy_store_is_a_user_error(sample_store: Path, tmp_path: Path) -> None:
    store = Path(shutil.copytree(sample_store, tmp_path / "store"))
    with open_library(Settings(store=store)) as library, library.writing():
        with open_library(Settings(store=store)) as other:
            with pytest.raises(LibraryBusyError, match="another ingest is running"):
                list(ingest_into_library([], other, max_bytes=2**20))


def test_a_library_of_another_model_names_the_command_that_fixes_it(sample_store: Path, tmp_path: Path) -> None:
    store = Path(shutil.copytree(sample_store, tmp_path / "store"))
    with pytest.raises(LibraryUnavailable, match="wengao reindex"):
        open_library(Settings(store=store, embedding_backend="torch"))


def test_a_missing_embedding_model_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(LibraryUnavailable, match="no-such-model"):
        open_library(Settings(store=tmp_path / "s", embedding_model=str(tmp_path / "no-such-model")))


def test_year_labels() -> None:
    assert [year_label(v) for v in (2021, -1, None)] == ["2021年", "年份不详", "年份不详"]


def test_the_embedding_models_export_is_made_once_for_every_store(tmp_path: Path) -> None:
    for name in ("县局", "市局"):
        with open_library(Settings(store=tmp_path / name)) as library:
            assert library.chunk_count() == 0
    exports = Settings(store=tmp_path).models_dir / EMBEDDING_EXPORTS
    assert list(exports.glob("*/model-onnx-int8-*.onnx")), "exported under the models folder"
    assert not (tmp_path / "县局" / "models").exists() and not (tmp_path / "市局" / "models").exists()


def test_an_ingests_rate_counts_the_chunks_it_added() -> None:
    rate = IngestRate(started=time.monotonic() - 2.0)
    for report in (
        FileReport("a.md", "added", chunks=30),
        FileReport("b.md", "replaced", chunks=10),
        FileReport("c.md", "unchanged", chunks=0),
        FileReport("d.md", "duplicate", chunks=12),
        FileReport("e.md", "failed", error="e.md: not readable"),
    ):
        rate.add(report)
    assert rate.chunks == 40
    assert 15 < rate.per_second <= 20


def test_an_older_stores_own_embedding_export_is_removed_and_anything_else_kept(tmp_path: Path) -> None:
    old = tmp_path / "old" / "models" / "m3e-small-c7135aa653b72fda-r3"
    old.mkdir(parents=True)
    (old / "export.json").write_text("{}", encoding="utf-8")
    (old / "model.onnx").write_bytes(b"x" * 100)
    with open_library(Settings(store=tmp_path / "old")):
        pass
    assert not (tmp_path / "old" / "models").exists()
    mine = tmp_path / "mine" / "models"
    mine.mkdir(parents=True)
    (mine / "notes.txt").write_text("a writer's file", encoding="utf-8")
    with open_library(Settings(store=tmp_path / "mine")):
        pass
    assert (mine / "notes.txt").is_file()
