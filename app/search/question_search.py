"""A writer's search over a library: the question read (app/search/plan.py), then the hybrid search with
what was understood. One object serves the CLI, the 检索 tab, drafting and `wengao eval`."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from app.search.everyday_terms import EverydayTerms
from app.search.plan import (
    EVERYDAY_WEIGHT,
    FIGURE_WEIGHT,
    YEAR_WEIGHT,
    SearchPlan,
    plan_question,
)
from app.search.preferences import YearPreference
from app.search.time_expressions import find_time_mentions
from vectorstore.hybrid_search import (
    SEARCH_WEIGHTS,
    TOPIC_WEIGHTS,
    HybridSearcher,
    SearchHit,
)
from vectorstore.search_filters import SearchFilters
from vectorstore.search_preferences import Preference

# A drafting request's year (the new document's) on the fused score; bench/retrieval_quality.py's drafting
# cases measure what it does to topic and content recall.
TARGET_YEAR_WEIGHT = 0.1


@dataclass(frozen=True)
class SearchResults:
    hits: list[SearchHit]
    plan: SearchPlan


class QuestionSearch:
    """`search` for what a writer types into a search box; `topic_search` for a drafting topic, whose
    target year ranks the passages of that year and those speaking of it up, far more gently than a year
    in a question (never a filter: the comparable passages are in earlier years' reports)."""

    def __init__(
        self,
        searcher: HybridSearcher,
        everyday: EverydayTerms,
        *,
        year_weight: float = YEAR_WEIGHT,
        figure_weight: float = FIGURE_WEIGHT,
        target_year_weight: float = TARGET_YEAR_WEIGHT,
    ) -> None:
        self.searcher = searcher
        self.everyday = everyday
        self.year_weight = year_weight
        self.figure_weight = figure_weight
        self.target_year_weight = target_year_weight
        self._newest: tuple[int, dict[str | None, int]] | None = None
        self._newest_guard = threading.Lock()

    def plan(self, question: str, *, as_of: int | None = None) -> SearchPlan:
        """`as_of`: the year 今年 means; by default, per document type, the newest year the library holds."""
        return self._plan(question, as_of=as_of, year_weight=self.year_weight, figure_weight=self.figure_weight)

    def _plan(self, text: str, *, as_of: int | None, year_weight: float, figure_weight: float) -> SearchPlan:
        return plan_question(
            text,
            everyday=self.everyday,
            tokenizer=self.searcher.library.tokenizer,
            reference_years={None: as_of} if as_of is not None else self.newest_years(),
            year_weight=year_weight,
            figure_weight=figure_weight,
        )

    def search(
        self,
        question: str,
        *,
        k: int = 10,
        filters: SearchFilters | None = None,
        as_of: int | None = None,
        per_doc_cap: int | None = 3,
    ) -> SearchResults:
        plan = self.plan(question, as_of=as_of)
        hits = self._search(question, plan, plan.preferences, SEARCH_WEIGHTS, k=k, filters=filters, per_doc_cap=per_doc_cap)
        return SearchResults(hits, plan)

    def topic_search(
        self,
        topic: str,
        *,
        k: int = 10,
        filters: SearchFilters | None = None,
        target_year: int | None = None,
        per_doc_cap: int | None = 3,
    ) -> list[SearchHit]:
        """The passages a draft on `topic` for `target_year` draws on: meaning weighs more than words, no
        figure is asked for, and the target year and any time in the topic are preferred at
        `target_year_weight`."""
        plan = self._plan(topic, as_of=None, year_weight=self.target_year_weight, figure_weight=0.0)
        preferences = plan.preferences
        if target_year is not None and self.target_year_weight:
            target = tuple(find_time_mentions(f"{target_year}年"))
            preferences += (YearPreference(target, plan.reference_years, self.target_year_weight),)
        return self._search(topic, plan, preferences, TOPIC_WEIGHTS, k=k, filters=filters, per_doc_cap=per_doc_cap)

    def _search(
        self,
        query: str,
        plan: SearchPlan,
        preferences: tuple[Preference, ...],
        weights: Mapping[str, float],
        *,
        k: int,
        filters: SearchFilters | None,
        per_doc_cap: int | None,
    ) -> list[SearchHit]:
        return self.searcher.search(
            query,
            k=k,
            filters=filters,
            per_doc_cap=per_doc_cap,
            weights=weights,
            keyword_query=plan.keyword_query,
            added_terms=plan.added_terms,
            added_weight=EVERYDAY_WEIGHT,
            preferences=preferences,
        )

    def newest_years(self) -> dict[str | None, int]:
        """Per document type the newest year of the library's documents of that type (None: of any),
        recomputed when the library changes."""
        index = self.searcher.library.keyword_index()
        with self._newest_guard:
            if self._newest is None or self._newest[0] != index.version:
                self._newest = (index.version, _newest_years(index.columns["year"], index.columns["doc_type"]))
            return self._newest[1]


def _newest_years(years: np.ndarray, doc_types: np.ndarray) -> dict[str | None, int]:
    known = years >= 0
    newest: dict[str | None, int] = {}
    for doc_type in np.unique(doc_types[known]):
        newest[str(doc_type)] = int(years[known & (doc_types == doc_type)].max())
    if known.any():
        newest[None] = int(years[known].max())
    return newest

