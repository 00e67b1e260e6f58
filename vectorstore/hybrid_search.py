"""Hybrid retrieval over a Library: dense (Chroma) + BM25, fused (convex combination of normalised
scores by default, reciprocal rank fusion as an option), preferences' bonuses added
(vectorstore/search_preferences.py), then near-duplicate collapse and a per-document cap."""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from vectorstore.bm25_index import KeywordIndex
from vectorstore.chroma_store import DenseHit
from vectorstore.embedder import Embedder
from vectorstore.library import Library
from vectorstore.near_duplicates import is_near_duplicate, shingles
from vectorstore.rank_fusion import Fused, convex_fusion, reciprocal_rank_fusion
from vectorstore.search_filters import SearchFilters
from vectorstore.search_preferences import Bonus, Preference

MASK_CACHE_SIZE = 32
# Post-filtering an unfiltered dense query: fetch this much more than the filter's share suggests,
# and at most this many (beyond it, Chroma's own filter is cheaper).
OVERFETCH_MARGIN = 1.5
MAX_OVERFETCH = 1000
# Candidates fetched from each preference's rows (a named year) beside the whole library's pool, unless
# those rows are more than this share of the library: then the pool holds its share of them already,
# and searching them again cost up to 400 ms at 100k chunks (bench/scale_benchmark.py).
PREFERRED_POOL = 20
PREFERRED_MAX_SHARE = 0.25
# Preferences weigh the best fused candidates (this many per passage asked for) and those their own rows
# brought in, and skip one that could not reach this many per passage asked for even with the largest
# bonuses still to come: reading ~130 passages for years and figures took 40 ms a query at first.
WEIGHED_PER_HIT = 3
CONTENDERS_PER_HIT = 2
# Fusion weights by use, measured with bench/retrieval_quality.py (convex fusion). Words typed into a
# search box name the passage: keyword evidence leads (known-item hit@1 0.79 vs 0.70 at 0.5/0.5).
# A drafting topic asks for comparable passages in other words: meaning leads (same-topic recall
# 0.367 at 0.5/0.5 vs 0.299 at 0.3/0.7).
SEARCH_WEIGHTS = {"dense": 0.3, "bm25": 0.7}
TOPIC_WEIGHTS = {"dense": 0.5, "bm25": 0.5}


@dataclass(frozen=True)
class SearchHit:
    """One passage. `score` is the fused score plus the preferences' `bonuses`; ranks are 1-based
    positions in each retriever's list (None: that retriever did not return it); `duplicates` counts
    near-identical passages folded into this one, from `duplicate_sources`."""

    text: str
    metadata: dict[str, Any]
    score: float
    dense_rank: int | None
    bm25_rank: int | None
    duplicates: int = 0
    duplicate_sources: tuple[str, ...] = field(default=())
    chunk_id: str = ""
    bonuses: tuple[Bonus, ...] = field(default=())


@dataclass
class _Candidate:
    chunk_id: str
    text: str
    metadata: dict[str, Any]
    score: float
    ranks: dict[str, int]
    bonuses: tuple[Bonus, ...]
    grams: frozenset[str] = frozenset()  # set when the candidate is compared, not before
    position: int = 0  # in the fused list: ties keep its order
    duplicate_sources: list[str] = field(default_factory=list)


class HybridSearcher:
    def __init__(
        self,
        library: Library,
        embedder: Embedder,
        *,
        candidate_pool: int = 50,
        fusion: str = "convex",
        rrf_k: int = 60,
        dense_weight: float = SEARCH_WEIGHTS["dense"],
        bm25_weight: float = SEARCH_WEIGHTS["bm25"],
        duplicate_threshold: float = 0.8,
    ) -> None:
        """`fusion`: "convex" or "rrf" (see vectorstore/rank_fusion.py); the weights apply to either."""
        if embedder.model_id != library.embedder.model_id:
            raise ValueError(
                f"searcher embedder {embedder.model_id!r} differs from the library's {library.embedder.model_id!r}"
            )
        if candidate_pool <= 0:
            raise ValueError(f"candidate_pool must be positive, got {candidate_pool}")
        if fusion not in ("convex", "rrf"):
            raise ValueError(f"fusion must be 'convex' or 'rrf', got {fusion!r}")
        self.library = library
        self.embedder = embedder
        self.candidate_pool = candidate_pool
        self.fusion = fusion
        self.rrf_k = rrf_k
        self.weights = {"dense": dense_weight, "bm25": bm25_weight}
        self.duplicate_threshold = duplicate_threshold
        self._masks: OrderedDict[tuple[int, str, SearchFilters], np.ndarray | None] = OrderedDict()
        self._masks_guard = threading.Lock()

    def search(
        self,
        query: str,
        *,
        k: int = 10,
        filters: SearchFilters | None = None,
        per_doc_cap: int | None = 3,
        weights: Mapping[str, float] | None = None,
        keyword_query: str | None = None,
        added_terms: Sequence[str] = (),
        added_weight: float = 0.5,
        preferences: Sequence[Preference] = (),
    ) -> list[SearchHit]:
        """The k best passages for the query; `per_doc_cap=None` lifts the per-document limit.

        `weights` ({"dense": .., "bm25": ..}) overrides the searcher's own for this query, e.g.
        TOPIC_WEIGHTS for a drafting topic rather than words a writer typed into a search box.
        `keyword_query` is what the BM25 side searches instead of the query (the question without its
        question words), and `added_terms` it searches too at `added_weight` (the official terms for a
        question's everyday words: a looser match than the writer's own words); the dense side always
        embeds the query as written.
        `preferences` add their bonuses to the fused scores (vectorstore/search_preferences.py).
        """
        weights = dict(weights) if weights is not None else self.weights
        if not query.strip():
            raise ValueError("search query is empty")
        if k <= 0:
            return []
        filters = filters or SearchFilters()
        pool = max(self.candidate_pool, k)

        keyword_index = self.library.keyword_index()
        mask = self._mask(keyword_index, filters)
        vector = self.embedder.embed_query(query)
        tokenize = self.library.tokenizer.tokenize
        own = tokenize(keyword_query if keyword_query is not None else query)
        added = [token for term in added_terms for token in tokenize(term) if token not in own]
        tokens, token_weights = own + added, [1.0] * len(own) + [added_weight] * len(added)
        dense = [(hit.chunk_id, 1.0 - hit.distance) for hit in self._dense(vector, pool, keyword_index, mask)]
        keyword_scores = keyword_index.scores(tokens, token_weights)
        keyword = [(hit.chunk_id, hit.score) for hit in keyword_index.top(keyword_scores, k=pool, mask=mask)]
        # Normalised over the whole library's pool; a preferred passage below it scores 0 on that side.
        lows = {
            "dense": min((score for _, score in dense), default=0.0),
            # Fewer keyword hits than asked for: every passage sharing a word is in the list and the
            # rest score 0, so 0 is the list's true low.
            "bm25": 0.0 if len(keyword) < pool else keyword[-1][1],
        }
        extra_dense, extra_keyword = self._preferred_rows(preferences, vector, keyword_scores, keyword_index, mask)
        dense += extra_dense
        keyword += extra_keyword
        preferred = {chunk_id for chunk_id, _ in extra_dense + extra_keyword}

        if self.fusion == "convex":
            fused = convex_fusion({"dense": dense, "bm25": keyword}, weights=weights, lows=lows)
        else:
            fused = reciprocal_rank_fusion(
                {"dense": [chunk_id for chunk_id, _ in dense], "bm25": [chunk_id for chunk_id, _ in keyword]},
                weights=weights,
                k=self.rrf_k,
            )
        candidates: Iterator[_Candidate] = (
            self._with_bonuses(fused, keyword_index, preferences, k=k, preferred=preferred)
            if preferences
            else self._with_content(fused, keyword_index)
        )
        kept: list[_Candidate] = []
        per_doc: dict[str, int] = {}
        for candidate in candidates:
            metadata = candidate.metadata
            candidate.grams = shingles(candidate.text)
            original = next(
                (c for c in kept if is_near_duplicate(c.grams, candidate.grams, threshold=self.duplicate_threshold)),
                None,
            )
            if original is not None:
                original.duplicate_sources.append(str(metadata.get("source", "")))
                continue
            doc_id = str(metadata.get("doc_id", ""))
            if per_doc_cap is not None and per_doc.get(doc_id, 0) >= per_doc_cap:
                continue
            per_doc[doc_id] = per_doc.get(doc_id, 0) + 1
            kept.append(candidate)
            # Duplicates ranked below the k-th kept passage are not counted: comparing the whole pool
            # would cost more than the rest of the query.
            if len(kept) == k:
                break
        return [
            SearchHit(
                text=c.text,
                metadata=c.metadata,
                score=c.score,
                dense_rank=c.ranks.get("dense"),
                bm25_rank=c.ranks.get("bm25"),
                duplicates=len(c.duplicate_sources),
                duplicate_sources=tuple(c.duplicate_sources),
                chunk_id=c.chunk_id,
                bonuses=c.bonuses,
            )
            for c in kept
        ]

    def _preferred_rows(
        self,
        preferences: Sequence[Preference],
        vector: np.ndarray,
        keyword_scores: np.ndarray | None,
        index: KeywordIndex,
        mask: np.ndarray | None,
    ) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
        """The best dense and keyword candidates among each preference's rows (and the filters' mask),
        scored as in the whole library's lists."""
        dense: list[tuple[str, float]] = []
        keyword: list[tuple[str, float]] = []
        for preference in preferences:
            for pool_filters in preference.pool_filters:
                rows = self._mask(index, pool_filters)
                rows = rows if mask is None or rows is None else rows & mask
                if rows is None or rows.mean() > PREFERRED_MAX_SHARE:
                    continue
                dense += [(hit.chunk_id, 1.0 - hit.distance) for hit in self._dense(vector, PREFERRED_POOL, index, rows)]
                keyword += [(hit.chunk_id, hit.score) for hit in index.top(keyword_scores, k=PREFERRED_POOL, mask=rows)]
        return dense, keyword

    @staticmethod
    def _with_content(fused: Fused, index: KeywordIndex) -> Iterator[_Candidate]:
        """The fused candidates in order with their text and metadata (held in memory by the index)."""
        for chunk_id, score, ranks in fused:
            passage = index.passage(chunk_id)
            if passage is not None:
                yield _Candidate(chunk_id, passage[0], passage[1], score, ranks, ())

    @staticmethod
    def _with_bonuses(
        fused: Fused, index: KeywordIndex, preferences: Sequence[Preference], *, k: int, preferred: set[str]
    ) -> Iterator[_Candidate]:
        """The candidates by fused score plus bonuses, best first.

        Bonuses are weighed for the best fused candidates (WEIGHED_PER_HIT * k) and for those the
        preferences' own rows brought in (`preferred`); the rest matched the question too weakly to be
        wanted first, and their text is fetched only if the list gets that far. Each preference in turn
        skips a candidate that could not reach the CONTENDERS_PER_HIT * k best even with the largest
        bonuses still to come (room for the near-duplicates and the per-document cap to thin the list).
        """
        depth, contenders = WEIGHED_PER_HIT * k, CONTENDERS_PER_HIT * k
        weighed: list[_Candidate] = []
        rest: list[tuple[str, float, dict[str, int], int]] = []
        for position, (chunk_id, score, ranks) in enumerate(fused):
            if position >= depth and chunk_id not in preferred:
                rest.append((chunk_id, score, ranks, position))
            elif (passage := index.passage(chunk_id)) is not None:
                weighed.append(_Candidate(chunk_id, passage[0], passage[1], score, ranks, (), position=position))
        for turn, preference in enumerate(preferences):
            ahead = sum(p.most for p in preferences[turn:])
            totals = sorted((c.score for c in weighed), reverse=True)
            threshold = totals[contenders - 1] if len(totals) >= contenders else -math.inf
            for candidate in weighed:
                if candidate.score + ahead < threshold:
                    continue
                if (bonus := preference.bonus(candidate.text, candidate.metadata)) is not None:
                    candidate.bonuses += (bonus,)
                    candidate.score += bonus.value
        ranked: list[tuple[float, int, _Candidate | tuple[str, float, dict[str, int], int]]] = [
            (c.score, c.position, c) for c in weighed
        ] + [(entry[1], entry[3], entry) for entry in rest]
        ranked.sort(key=lambda item: (-item[0], item[1]))
        for _, _, entry in ranked:
            if isinstance(entry, _Candidate):
                yield entry
            elif (passage := index.passage(entry[0])) is not None:
                yield _Candidate(entry[0], passage[0], passage[1], entry[1], entry[2], ())

    def _dense(self, vector: np.ndarray, pool: int, index: KeywordIndex, mask: np.ndarray | None) -> list[DenseHit]:
        """The pool nearest committed chunks that pass the filters.

        Chroma may hold vectors of a document another process is still writing (or one whose writer
        died): only chunks committed at the keyword index's version are answers. A filter that keeps a
        good share of the library is applied to an over-fetched unfiltered query. A narrower one is
        searched exactly over its rows' vectors held in memory (vectorstore/chunk_vectors.py): 0.4 ms
        for the few hundred rows of a year range at 100k chunks, where Chroma took 30 ms given their ids
        and 250 ms given a metadata `where` clause (bench/scale_benchmark.py).
        """
        if mask is None:
            hits = self.library.dense_search(vector, n=pool, with_content=False)
            return [hit for hit in hits if hit.chunk_id in index]
        share = float(mask.mean())
        wanted = math.ceil(pool / max(share, 1e-9) * OVERFETCH_MARGIN)
        if wanted <= MAX_OVERFETCH:
            hits = self.library.dense_search(vector, n=wanted, with_content=False)
            kept = [hit for hit in hits if hit.chunk_id in index and mask[index.row(hit.chunk_id)]]
            if len(kept) >= pool or len(hits) < wanted:
                return kept[:pool]
        return [
            DenseHit(chunk_id=str(index.chunk_ids[row]), text="", metadata={}, distance=distance)
            for row, distance in index.vectors.nearest(vector, np.flatnonzero(mask), pool)
        ]

    def _mask(self, index: KeywordIndex, filters: SearchFilters) -> np.ndarray | None:
        key = (index.version, index.signature, filters)
        with self._masks_guard:
            if key in self._masks:
                self._masks.move_to_end(key)
                return self._masks[key]
        mask = filters.mask(index.columns)
        with self._masks_guard:
            self._masks[key] = mask
            while len(self._masks) > MASK_CACHE_SIZE:
                self._masks.popitem(last=False)
        return mask
