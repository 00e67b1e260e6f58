"""wengao's side of the quality benchmark: its own ingest (clean, structure, chunk), its library
(Chroma + BM25) and its hybrid searcher, with drafting requests parsed before they reach the retriever.
With `understanding`, questions and topics go through app.search.QuestionSearch (years, figures,
everyday words) as in the product; without it, straight to the hybrid searcher (the baseline)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from tqdm import tqdm

from app.drafting.request import parse_drafting_request
from app.search.everyday_terms import EverydayTerms
from app.search.question_search import QuestionSearch
from bench.bench_corpus import CorpusDocument
from bench.embedding_cache import CachedSentenceEmbedder
from bench.reference_pipelines import Hit
from ingest.errors import IngestError
from ingest.pipeline import chunk_file
from vectorstore.embedder import Embedder
from vectorstore.hybrid_search import HybridSearcher
from vectorstore.library import Library
from vectorstore.search_filters import SearchFilters


class BenchEmbedder:
    """The library's Embedder protocol over the benchmark's shared embedding cache, so wengao and the
    reference pipelines embed with the same model and weights and no text is embedded twice."""

    def __init__(self, inner: CachedSentenceEmbedder) -> None:
        self.inner = inner
        self.model_id = f"bench:{inner.model_path.name}"
        self.dimension = int(inner.model.get_embedding_dimension() or 0)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.embed(texts, desc="wengao: embedding")

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)


def materialise(docs: Iterable[CorpusDocument], folder: Path) -> list[Path]:
    """Write each document to folder/<source>, a copy of its original file where it has one (unchanged
    files are left alone, keeping reruns cheap)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for doc in docs:
        path = folder / doc.source
        content = doc.original.read_bytes() if doc.original else doc.text.encode("utf-8")
        if not path.is_file() or path.read_bytes() != content:
            path.write_bytes(content)
        paths.append(path)
    return paths


class WengaoPipeline:
    def __init__(
        self,
        docs: list[CorpusDocument],
        work_dir: Path,
        embedder: Embedder,
        *,
        store_name: str = "wengao_store",
        per_doc_cap: int | None,
        candidate_pool: int,
        fusion: str,
        search_weights: dict[str, float],
        topic_weights: dict[str, float],
        understanding: bool = True,
    ) -> None:
        self.name = "wengao" if understanding else "wengao_plain"
        self.understanding = understanding
        self.per_doc_cap = per_doc_cap
        self.ingest_errors: dict[str, str] = {}
        self.duplicates: dict[str, str] = {}
        # A store left by an earlier export of the model (another int8 recipe) is embedded again, not refused.
        self.library = Library.open(work_dir / store_name, embedder, reembed=True)
        indexed = self.library.document_ids()
        paths = materialise(docs, work_dir / "files")
        with self.library.writing():
            for path in tqdm(paths, desc="wengao: ingest", unit="file"):
                try:
                    chunked = chunk_file(path)
                except IngestError as exc:
                    self.ingest_errors[path.name] = str(exc)
                    continue
                if indexed.get(path.name) == chunked.doc_id:
                    continue
                result = self.library.upsert_document(chunked.chunks)
                if result.duplicate_of:
                    self.duplicates[path.name] = result.duplicate_of
        self.searcher = HybridSearcher(
            self.library,
            embedder,
            candidate_pool=candidate_pool,
            fusion=fusion,
        )
        self.weights = {True: topic_weights, False: search_weights}
        self.questions = QuestionSearch(self.searcher, EverydayTerms.load())

    def query_for(self, request: str, *, is_drafting_request: bool) -> str:
        # Known-item searches are typed as searches; only drafting requests carry instruction words.
        return parse_drafting_request(request).query if is_drafting_request else request

    def search(
        self, request: str, k: int, exclude_sources: Iterable[str] = (), *, is_drafting_request: bool = True
    ) -> list[Hit]:
        query = self.query_for(request, is_drafting_request=is_drafting_request)
        filters = SearchFilters(exclude_sources=tuple(exclude_sources))
        if not self.understanding:
            hits = self.searcher.search(
                query, k=k, filters=filters, per_doc_cap=self.per_doc_cap, weights=self.weights[is_drafting_request]
            )
        elif is_drafting_request:
            target_year = parse_drafting_request(request).year
            hits = self.questions.topic_search(
                query, k=k, filters=filters, target_year=target_year, per_doc_cap=self.per_doc_cap
            )
        else:
            hits = self.questions.search(query, k=k, filters=filters, per_doc_cap=self.per_doc_cap).hits
        return [Hit(h.text, str(h.metadata.get("source", "")), h.score) for h in hits]

    def close(self) -> None:
        self.library.close()
