"""The hybrid searcher as a LangChain retriever: wengao's library in anyone's LangChain chain.

    library = open_library(Settings(store=...))          # app.library: a store `wengao ingest` filled
    retriever = LibraryRetriever.over(library, k=5)
    chain = retriever | RunnableLambda(lambda docs: "\\n\\n".join(d.page_content for d in docs))
    chain.invoke("控辍保学 劝返复学")
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from vectorstore.hybrid_search import HybridSearcher
from vectorstore.library import Library
from vectorstore.search_filters import SearchFilters


class LibraryRetriever(BaseRetriever):
    """Returns passages as Documents; their metadata gains `score`, `dense_rank`, `bm25_rank` (None when
    that retriever missed it), `duplicates` and `chunk_id`."""

    searcher: HybridSearcher
    k: int = 10
    filters: SearchFilters = SearchFilters()
    per_doc_cap: int | None = 3

    @classmethod
    def over(cls, library: Library, **fields: Any) -> LibraryRetriever:
        """A retriever over `library`, searching with the library's own embedder; `fields` set k,
        filters, per_doc_cap."""
        return cls(searcher=HybridSearcher(library, library.embedder), **fields)

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
