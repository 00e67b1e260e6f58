"""The two reference pipelines the quality benchmark compares wengao against.

(a) naive LangChain: RecursiveCharacterTextSplitter(500, 50) with its default separators over the raw
    text, dense retrieval only, the whole request as the query.
(b) Langchain-Chatchat style: Chinese separators (。！？；，) kept at the end of each piece, chunk 250 /
    overlap 50, BM25 over jieba.lcut_for_search tokens (as Chatchat's BM25Retriever preprocess) plus
    dense, fused like LangChain's EnsembleRetriever that Chatchat uses: weighted reciprocal rank fusion,
    weights 0.5/0.5, c = 60, over each retriever's top k. Whole request as the query.

Both embed with the same model as wengao, so only chunking, cleaning and fusion differ. Dense search is
exact (all vectors in memory), which can only flatter the references.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import bm25s
import jieba
import numpy as np
from langchain_text_splitters import RecursiveCharacterTextSplitter

from bench.bench_corpus import CorpusDocument

if TYPE_CHECKING:  # the model stack is heavy; metric tests import this module without it
    from bench.embedding_cache import CachedSentenceEmbedder

RRF_C = 60
CHATCHAT_SEPARATORS = ["\n\n", "\n", "。|！|？", "；", "，", ""]


@dataclass(frozen=True)
class Passage:
    text: str
    source: str


@dataclass(frozen=True)
class Hit:
    text: str
    source: str
    score: float


def naive_splitter() -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50)


def chatchat_splitter() -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        separators=CHATCHAT_SEPARATORS,
        is_separator_regex=True,
        keep_separator="end",
        chunk_size=250,
        chunk_overlap=50,
    )


def split_corpus(docs: Iterable[CorpusDocument], splitter: RecursiveCharacterTextSplitter) -> list[Passage]:
    return [
        Passage(text=piece, source=doc.source)
        for doc in docs
        for piece in splitter.split_text(doc.text)
        if piece.strip()
    ]


def _excluded_mask(sources: list[str], exclude: frozenset[str]) -> np.ndarray:
    return np.array([s in exclude for s in sources], dtype=bool)


class DenseIndex:
    def __init__(self, passages: list[Passage], embedder: CachedSentenceEmbedder, *, desc: str) -> None:
        self.passages = passages
        self.embedder = embedder
        self.vectors = embedder.embed([p.text for p in passages], desc=desc)
        self._sources = [p.source for p in passages]

    def ranked(self, query: str, k: int, exclude: frozenset[str]) -> list[tuple[int, float]]:
        scores = self.vectors @ self.embedder.embed_query(query)
        if exclude:
            scores = np.where(_excluded_mask(self._sources, exclude), -np.inf, scores)
        top = np.argsort(-scores, kind="stable")[:k]
        return [(int(i), float(scores[i])) for i in top if np.isfinite(scores[i])]


class BM25Index:
    def __init__(self, passages: list[Passage]) -> None:
        self.passages = passages
        self._sources = [p.source for p in passages]
        self._bm25 = bm25s.BM25(k1=1.5, b=0.75)
        self._bm25.index([self._tokens(p.text) for p in passages], show_progress=False)

    @staticmethod
    def _tokens(text: str) -> list[str]:
        return [t for t in jieba.lcut_for_search(text) if t.strip()]

    def ranked(self, query: str, k: int, exclude: frozenset[str]) -> list[tuple[int, float]]:
        tokens = [t for t in self._tokens(query) if t in self._bm25.vocab_dict]
        if not tokens:
            return []
        scores = np.asarray(self._bm25.get_scores(tokens), dtype=np.float64)
        if exclude:
            scores = np.where(_excluded_mask(self._sources, exclude), -np.inf, scores)
        top = np.argsort(-scores, kind="stable")[:k]
        return [(int(i), float(scores[i])) for i in top if np.isfinite(scores[i]) and scores[i] > 0]


def weighted_rrf(rankings: list[list[int]], weights: list[float], c: int = RRF_C) -> list[tuple[int, float]]:
    """LangChain EnsembleRetriever's fusion: sum of weight / (rank + c), rank starting at 1."""
    if len(rankings) != len(weights):
        raise ValueError("one weight per ranking")
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (rank + c)
    return sorted(fused.items(), key=lambda kv: -kv[1])


class NaivePipeline:
    name = "naive_langchain"

    def __init__(self, docs: list[CorpusDocument], embedder: CachedSentenceEmbedder) -> None:
        self.passages = split_corpus(docs, naive_splitter())
        self.dense = DenseIndex(self.passages, embedder, desc="naive: embedding")

    def search(
        self, request: str, k: int, exclude_sources: Iterable[str] = (), *, is_drafting_request: bool = True
    ) -> list[Hit]:
        """The whole text is the query whether it is a drafting request or a search: that is the baseline."""
        ranked = self.dense.ranked(request, k, frozenset(exclude_sources))
        return [Hit(self.passages[i].text, self.passages[i].source, s) for i, s in ranked]


class ChatchatPipeline:
    name = "chatchat_style"

    def __init__(self, docs: list[CorpusDocument], embedder: CachedSentenceEmbedder) -> None:
        self.passages = split_corpus(docs, chatchat_splitter())
        self.dense = DenseIndex(self.passages, embedder, desc="chatchat: embedding")
        self.bm25 = BM25Index(self.passages)

    def search(
        self, request: str, k: int, exclude_sources: Iterable[str] = (), *, is_drafting_request: bool = True
    ) -> list[Hit]:
        """The whole text is the query whether it is a drafting request or a search: that is the baseline."""
        exclude = frozenset(exclude_sources)
        dense = [i for i, _ in self.dense.ranked(request, k, exclude)]
        sparse = [i for i, _ in self.bm25.ranked(request, k, exclude)]
        fused = weighted_rrf([sparse, dense], [0.5, 0.5])[:k]
        return [Hit(self.passages[i].text, self.passages[i].source, s) for i, s in fused]
