from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import OpenLibrary
from fakes import (
    BAIHE_2021,
    FIXTURE_DOCUMENTS,
    LIUSHU_2019,
    QINGSHI_2023,
    FakeEmbedder,
    make_document,
)

from vectorstore import hybrid_search
from vectorstore.chinese_tokens import ChineseTokenizer, TermListError
from vectorstore.embedding import default_model_path, load_embedder
from vectorstore.hybrid_search import HybridSearcher
from vectorstore.library import Library
from vectorstore.retriever import LibraryRetriever
from vectorstore.search_filters import SearchFilters


def _source(chunks: list) -> str:
    return chunks[0].metadata["source"]


def test_domain_terms_stay_whole(tokenizer: ChineseTokenizer) -> None:
    text = "扎实推进控辍保学，落实两免一补和营养改善计划，推进县域内义务教育优质均衡发展"
    tokens = tokenizer.tokenize(text)
    plain = ChineseTokenizer(include_domain_terms=False).tokenize(text)

    for term in ("控辍保学", "两免一补", "营养改善计划", "优质均衡"):
        assert term in tokens
    assert "控辍保学" not in plain
    assert "，" not in tokens and "和" not in tokens


def test_user_terms_extend_the_dictionary(tmp_path: Path) -> None:
    terms = tmp_path / "terms.txt"
    terms.write_text("# 本地说法\n青苗护航行动 20\n", encoding="utf-8")
    assert "青苗护航行动" in ChineseTokenizer(user_terms=terms).tokenize("全面实施青苗护航行动")

    terms.write_text("青苗 护航 行动\n", encoding="utf-8")
    with pytest.raises(TermListError, match=r"terms.txt:1"):
        ChineseTokenizer(user_terms=terms)


def test_exact_domain_term_is_found_first_by_bm25(library: Library, embedder: FakeEmbedder) -> None:
    hits = HybridSearcher(library, embedder).search("控辍保学", k=3)

    assert "控辍保学" in hits[0].text
    assert hits[0].bm25_rank == 1
    assert all(hit.bm25_rank is None for hit in hits[1:] if "控辍保学" not in hit.text)


def test_rrf_fuses_a_keyword_only_and_a_dense_only_passage(tmp_path: Path, tokenizer: ChineseTokenizer) -> None:
    """Query direction q: 甲 is close to q and has the words, 乙 is close to q without the words, 丙 has
    the words but points away from q, 丁 has neither. With a pool of 3, dense misses 丙."""
    q = np.eye(8)[0]
    embedder = FakeEmbedder(
        dimension=8,
        overrides={"【甲】": q, "【乙】": q + 0.05 * np.eye(8)[1], "【丙】": -q, "【丁】": np.eye(8)[2], "午餐": q},
    )
    both = make_document("甲.txt", ["【甲】全县落实营养改善计划，覆盖学校全部农村学校。"], year=2022)
    dense_only = make_document("乙.txt", ["【乙】孩子们在学校吃上了热乎乎的饭菜。"], year=2022)
    keyword_only = make_document("丙.txt", ["【丙】营养改善计划专项资金审计整改到位。"], year=2022)
    filler = make_document("丁.txt", ["【丁】校园足球联赛顺利举办。"], year=2022)
    library = Library.open(tmp_path / "store", embedder, tokenizer=tokenizer)
    for chunks in (both, dense_only, keyword_only, filler):
        library.upsert_document(chunks)
    searcher = HybridSearcher(library, embedder, candidate_pool=3, fusion="rrf", dense_weight=1.0, bm25_weight=1.0)
    hits = searcher.search("营养改善计划 午餐", k=3)
    convex_hits = HybridSearcher(library, embedder, candidate_pool=3).search("营养改善计划 午餐", k=3)
    library.close()

    # Convex fusion (the default) agrees on the passage that both retrievers rank first.
    assert convex_hits[0].metadata["source"] == "甲.txt"
    by_source = {hit.metadata["source"]: hit for hit in hits}
    assert hits[0].metadata["source"] == "甲.txt"
    assert set(by_source) == {"甲.txt", "乙.txt", "丙.txt"}
    assert (by_source["乙.txt"].dense_rank, by_source["乙.txt"].bm25_rank) == (2, None)
    assert by_source["丙.txt"].dense_rank is None and by_source["丙.txt"].bm25_rank is not None
    for hit in hits:
        expected = sum(1 / (60 + rank) for rank in (hit.dense_rank, hit.bm25_rank) if rank is not None)
        assert hit.score == pytest.approx(expected)
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_bm25_weight_zero_leaves_dense_order(library: Library, embedder: FakeEmbedder) -> None:
    dense_only = HybridSearcher(library, embedder, bm25_weight=0.0).search("教师培训", k=5, per_doc_cap=None)
    dense_ranks = [hit.dense_rank for hit in dense_only]
    assert dense_ranks == sorted(dense_ranks)


def test_year_range_filter_applies_to_both_retrievers(library: Library, embedder: FakeEmbedder) -> None:
    searcher = HybridSearcher(library, embedder)
    hits = searcher.search("教育", k=20, filters=SearchFilters(year_min=2020, year_max=2022), per_doc_cap=None)

    assert hits
    assert {hit.metadata["source"] for hit in hits} == {_source(BAIHE_2021)}
    assert any(hit.bm25_rank is not None for hit in hits)


@pytest.mark.parametrize(
    "filters",
    [SearchFilters(year_min=2020, year_max=2022), SearchFilters(exclude_sources=(_source(QINGSHI_2023),))],
)
def test_post_filtering_and_exact_search_agree(
    library: Library, embedder: FakeEmbedder, filters: SearchFilters, monkeypatch: pytest.MonkeyPatch
) -> None:
    searcher = HybridSearcher(library, embedder, candidate_pool=5)
    post_filtered = searcher.search("控辍保学 教育", k=5, filters=filters, per_doc_cap=None)
    monkeypatch.setattr(hybrid_search, "MAX_OVERFETCH", 0)  # every filter is searched over its rows' vectors
    exact = searcher.search("控辍保学 教育", k=5, filters=filters, per_doc_cap=None)
    assert post_filtered
    assert [(h.chunk_id, h.dense_rank) for h in exact] == [(h.chunk_id, h.dense_rank) for h in post_filtered]
    assert [h.score for h in exact] == pytest.approx([h.score for h in post_filtered], abs=1e-5)


def test_exclude_source_filter(library: Library, embedder: FakeEmbedder) -> None:
    searcher = HybridSearcher(library, embedder)
    unfiltered = searcher.search("控辍保学 两免一补", k=10, per_doc_cap=None)
    assert _source(QINGSHI_2023) in {hit.metadata["source"] for hit in unfiltered}

    hits = searcher.search(
        "控辍保学 两免一补", k=10, filters=SearchFilters(exclude_sources=(_source(QINGSHI_2023),)), per_doc_cap=None
    )
    assert _source(QINGSHI_2023) not in {hit.metadata["source"] for hit in hits}
    assert hits


@pytest.mark.parametrize(
    ("filters", "allowed"),
    [
        (SearchFilters(regions=("柳树镇",)), {_source(LIUSHU_2019)}),
        (SearchFilters(doc_types=("汇报材料",)), {_source(BAIHE_2021)}),
        (SearchFilters(include_sources=(_source(LIUSHU_2019), _source(BAIHE_2021))), {_source(LIUSHU_2019), _source(BAIHE_2021)}),
    ],
)
def test_metadata_filters(library: Library, embedder: FakeEmbedder, filters: SearchFilters, allowed: set[str]) -> None:
    hits = HybridSearcher(library, embedder).search("教师 学生 教育", k=20, filters=filters, per_doc_cap=None)
    assert hits
    assert {hit.metadata["source"] for hit in hits} <= allowed


def test_section_role_filter(library: Library, embedder: FakeEmbedder) -> None:
    hits = HybridSearcher(library, embedder).search(
        "教师", k=10, filters=SearchFilters(section_roles=("存在问题",)), per_doc_cap=None
    )
    assert [hit.text for hit in hits] == [QINGSHI_2023[4].page_content]


def test_filters_from_mapping_reject_unknown_fields() -> None:
    assert SearchFilters.from_mapping({"year_min": 2020, "exclude_sources": ["a.docx"]}).exclude_sources == ("a.docx",)
    with pytest.raises(ValueError, match="yearmin"):
        SearchFilters.from_mapping({"yearmin": 2020})
    with pytest.raises(ValueError, match="year range is empty"):
        SearchFilters(year_min=2022, year_max=2020)


def test_near_duplicates_from_copying_sites_are_collapsed(library: Library, embedder: FakeEmbedder) -> None:
    original = QINGSHI_2023[1].page_content
    copied = make_document("某文库-青石县总结转载.doc", [original.replace("99.2%", "99.2％"), "本文档由网友上传。"], year=2023)
    library.upsert_document(copied)

    hits = HybridSearcher(library, embedder).search("控辍保学 三级联控", k=5)

    matching = [hit for hit in hits if "三级联控" in hit.text]
    assert len(matching) == 1
    assert matching[0].duplicates == 1
    assert set(matching[0].duplicate_sources) <= {_source(QINGSHI_2023), "某文库-青石县总结转载.doc"}
    assert matching[0].metadata["source"] not in matching[0].duplicate_sources


def test_per_document_cap(library: Library, embedder: FakeEmbedder) -> None:
    searcher = HybridSearcher(library, embedder)
    capped = searcher.search("青石县 学生 教育 义务教育", k=10, per_doc_cap=2)
    uncapped = searcher.search("青石县 学生 教育 义务教育", k=10, per_doc_cap=None)

    def count(hits: list) -> int:
        return sum(hit.metadata["source"] == _source(QINGSHI_2023) for hit in hits)

    assert count(capped) == 2
    assert count(uncapped) > 2


def test_search_sees_documents_added_after_the_first_query(library: Library, embedder: FakeEmbedder) -> None:
    searcher = HybridSearcher(library, embedder)
    assert not any("研学实践" in hit.text for hit in searcher.search("研学实践", k=5))

    library.upsert_document(make_document("新增.txt", ["组织研学实践活动20场。"], year=2024))

    assert "研学实践" in searcher.search("研学实践", k=5)[0].text


def test_empty_library_and_empty_query(open_library: OpenLibrary, embedder: FakeEmbedder) -> None:
    searcher = HybridSearcher(open_library(embedder), embedder)
    assert searcher.search("控辍保学", k=5) == []
    with pytest.raises(ValueError, match="empty"):
        searcher.search("  ")


def test_retriever_returns_documents_with_scores(library: Library, embedder: FakeEmbedder) -> None:
    retriever = LibraryRetriever(
        searcher=HybridSearcher(library, embedder), k=2, filters=SearchFilters(exclude_sources=(_source(BAIHE_2021),))
    )
    documents = retriever.invoke("两免一补")

    assert len(documents) == 2
    assert "两免一补" in documents[0].page_content
    assert documents[0].metadata["bm25_rank"] == 1
    assert documents[0].metadata["score"] >= documents[1].metadata["score"]
    assert all(d.metadata["source"] != _source(BAIHE_2021) for d in documents)


@pytest.mark.slow
def test_real_embedder_ranks_the_relevant_passage_first(tmp_path: Path, tokenizer: ChineseTokenizer) -> None:
    embedder = load_embedder(default_model_path())
    library = Library.open(tmp_path / "store", embedder, tokenizer=tokenizer)
    for chunks in FIXTURE_DOCUMENTS:
        library.upsert_document(chunks)

    hits = HybridSearcher(library, embedder, bm25_weight=0.0).search("学生营养餐和食堂供餐情况", k=3)
    library.close()

    assert "营养改善计划" in hits[0].text


def test_vectors_of_an_uncommitted_document_are_not_answers(library: Library, embedder: FakeEmbedder) -> None:
    """What a search sees while another process is half-way through writing a document."""
    stray = make_document("半截.txt", ["研学实践基地建设进展顺利。"], year=2024)
    chroma = library._chroma
    vectors = embedder.embed_documents([stray[0].page_content])
    chroma.upsert([f"{stray[0].metadata['doc_id']}:x:0"], vectors, [stray[0].page_content], [stray[0].metadata])

    hits = HybridSearcher(library, embedder).search("研学实践基地", k=20, per_doc_cap=None)

    assert hits
    assert all(hit.metadata["source"] != "半截.txt" for hit in hits)
