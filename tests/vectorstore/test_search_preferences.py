"""Preferences reorder a search without filtering it, and say why; the keyword side may search other words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from fakes import FakeEmbedder

from vectorstore.hybrid_search import HybridSearcher
from vectorstore.library import Library
from vectorstore.search_filters import SearchFilters
from vectorstore.search_preferences import Bonus


@dataclass(frozen=True)
class PreferYear:
    """A stand-in for app.search's year preference: a fixed bonus for one year's passages."""

    year: int
    value: float = 0.5
    pool_filters: Sequence[SearchFilters] = field(default=())

    @property
    def most(self) -> float:
        return self.value

    def bonus(self, text: str, metadata: Mapping[str, Any]) -> Bonus | None:
        if metadata.get("year") != self.year:
            return None
        start = text.find(str(self.year))
        spans = ((start, start + 4),) if start >= 0 else ()
        return Bonus("year", self.value, f"{self.year}年的文档", spans)


def test_a_preferred_year_comes_first_and_says_why(library: Library, embedder: FakeEmbedder) -> None:
    searcher = HybridSearcher(library, embedder)
    plain = searcher.search("学生 教师", k=10)
    preferred = searcher.search("学生 教师", k=10, preferences=[PreferYear(2021, value=0.8)])

    assert plain[0].metadata["year"] != 2021
    assert preferred[0].metadata["year"] == 2021
    assert [(b.name, b.value, b.reason) for b in preferred[0].bonuses] == [("year", 0.8, "2021年的文档")]
    assert preferred[0].score == pytest.approx(
        next(h.score for h in plain if h.chunk_id == preferred[0].chunk_id) + 0.8
    )
    # Nothing is filtered out: the same passages, reordered.
    assert {h.chunk_id for h in preferred} == {h.chunk_id for h in plain}
    assert all(not h.bonuses for h in preferred if h.metadata["year"] != 2021)


def test_the_preferred_rows_are_searched_even_beyond_the_pool(library: Library, embedder: FakeEmbedder) -> None:
    # A pool of three candidates per retriever holds no 2019 passage; the preference's own rows bring them in.
    searcher = HybridSearcher(library, embedder, candidate_pool=1)
    alone = PreferYear(2019)
    with_rows = PreferYear(2019, pool_filters=(SearchFilters(year_min=2019, year_max=2019),))

    assert all(h.metadata["year"] != 2019 for h in searcher.search("控辍保学", k=3, preferences=[alone]))
    hits = searcher.search("控辍保学", k=3, preferences=[with_rows])
    assert "控辍保学" in hits[0].text  # the best match stays first: below the pool, a passage scores 0 but its bonus
    assert hits[1].metadata["year"] == 2019 and hits[1].bonuses


def test_the_pool_of_a_preference_keeps_the_search_filters(library: Library, embedder: FakeEmbedder) -> None:
    searcher = HybridSearcher(library, embedder)
    preference = PreferYear(2019, pool_filters=(SearchFilters(year_min=2019, year_max=2019),))
    hits = searcher.search(
        "教师", k=10, filters=SearchFilters(exclude_sources=("柳树镇2019年中心校工作总结.txt",)), preferences=[preference]
    )

    assert hits and all(h.metadata["year"] != 2019 for h in hits)


def test_the_keyword_side_searches_the_keyword_query(library: Library, embedder: FakeEmbedder) -> None:
    searcher = HybridSearcher(library, embedder, dense_weight=0.0, bm25_weight=1.0)
    hits = searcher.search("上学不花钱", k=3, keyword_query="两免一补 寄宿生生活补助")

    assert "两免一补" in hits[0].text
    assert hits[0].bm25_rank == 1
