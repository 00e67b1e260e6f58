"""Hybrid retrieval over a Library: dense (Chroma) + BM25, fused (convex combination of normalised
scores by default, reciprocal rank fusion as an option), then near-duplicate collapse and a
per-document cap."""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
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

MASK_CACHE_SIZE = 32
# Post-filtering an unfiltered dense query: fetch this much more than the filter's share suggests,
# and at most this many (beyond it, Chroma's own filter is cheaper).
OVERFETCH_MARGIN = 1.5
MAX_OVERFETCH = 1000
# Fusion weights by use, measured with bench/retrieval_quality.py (convex fusion). Words typed into a
# search box name the passage: keyword evidence leads (known-item hit@1 0.79 vs 0.70 at 0.5/0.5).
# A drafting topic asks for comparable passages in other words: meaning leads (same-topic recall
# 0.367 at 0.5/0.5 vs 0.299 at 0.3/0.7).
SEARCH_WEIGHTS = {"dense": 0.3, "bm25": 0.7}
TOPIC_WEIGHTS = {"dense": 0.5, "bm25": 0.5}


@dataclass(frozen=True)
class SearchHit:
    """One passage. `score` is the fused RRF score; ranks are 1-based positions in each retriever's list
    (None: that retriever did not return it); `duplicates` counts near-identical passages folded into
    this one, from `duplicate_sources`."""

    text: str
    metadata: dict[str, Any]
    score: float
    dense_rank: int | None
    bm25_rank: int | None
    duplicates: int = 0
    duplicate_sources: tuple[str, ...] = field(default=())
    chunk_id: str = ""


@dataclass
class _Candidate:
    chunk_id: str
    text: str
    metadata: dict[str, Any]
    score: float
    ranks: dict[str, int]
    grams: frozenset[str]
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
    ) -> list[SearchHit]:
        """The k best passages for the query; `per_doc_cap=None` lifts the per-document limit.

        `weights` ({"dense": .., "bm25": ..}) overrides the searcher's own for this query, e.g.
        TOPIC_WEIGHTS for a drafting topic rather than words a writer typed into a search box.
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
        dense = self._dense(vector, pool, keyword_index, mask)
        keyword = keyword_index.search(self.library.tokenizer.tokenize(query), k=pool, mask=mask)

        if self.fusion == "convex":
            fused = convex_fusion(
                {
                    "dense": [(hit.chunk_id, 1.0 - hit.distance) for hit in dense],
                    "bm25": [(hit.chunk_id, hit.score) for hit in keyword],
                },
                weights=weights,
                # Fewer keyword hits than asked for: every passage sharing a word is in the list and
                # the rest score 0, so 0 is the list's true low.
                lows={"bm25": 0.0} if len(keyword) < pool else None,
            )
        else:
            fused = reciprocal_rank_fusion(
                {"dense": [hit.chunk_id for hit in dense], "bm25": [hit.chunk_id for hit in keyword]},
                weights=weights,
                k=self.rrf_k,
            )
        kept: list[_Candidate] = []
        per_doc: dict[str, int] = {}
        for chunk_id, score, ranks, text, metadata in self._with_content(fused, keyword_index):
            candidate = _Candidate(chunk_id, text, metadata, score, ranks, shingles(text))
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
            )
            for c in kept
        ]

    @staticmethod
    def _with_content(
        fused: Fused, index: KeywordIndex
    ) -> Iterator[tuple[str, float, dict[str, int], str, dict[str, Any]]]:
        """The fused candidates in order with their text and metadata (held in memory by the index)."""
        for chunk_id, score, ranks in fused:
            passage = index.passage(chunk_id)
            if passage is not None:
                yield chunk_id, score, ranks, *passage

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
