"""The hybrid searcher as a LangChain retriever."""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from vectorstore.hybrid_search import HybridSearcher
from vectorstore.search_filters import SearchFilters


class LibraryRetriever(BaseRetriever):
    """Returns passages as Documents; their metadata gains `score`, `dense_rank`, `bm25_rank` (None when
    that retriever missed it), `duplicates` and `chunk_id`."""

    searcher: HybridSearcher
    k: int = 10
    filters: SearchFilters = SearchFilters()
    per_doc_cap: int | None = 3

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.searcher.search(query, k=self.k, filters=self.filters, per_doc_cap=self.per_doc_cap)
        return [
            Document(
                page_content=hit.text,
                metadata={
                    **hit.metadata,
                    "score": hit.score,
                    "dense_rank": hit.dense_rank,
                    "bm25_rank": hit.bm25_rank,
                    "duplicates": hit.duplicates,
                    "duplicate_sources": list(hit.duplicate_sources),
                    "chunk_id": hit.chunk_id,
                },
                id=hit.chunk_id,
            )
            for hit in hits
        ]
