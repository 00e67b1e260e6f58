"""Chunks <-> vectors and words; hybrid retrieval. Imports nothing else of wengao's.

The public API, for using a wengao library from Python or a LangChain chain:
`Library` (a store: Chroma, the chunk catalog and the BM25 index kept in step), `HybridSearcher` and
`SearchFilters` (dense + BM25 search), `LibraryRetriever` (the searcher as a LangChain retriever),
`Embedder` (the embedding contract) and `load_embedder`.
"""

from vectorstore.embedder import Embedder
from vectorstore.embedding import load_embedder
from vectorstore.hybrid_search import HybridSearcher, SearchHit
from vectorstore.library import Library
from vectorstore.retriever import LibraryRetriever
from vectorstore.search_filters import SearchFilters

__all__ = [
    "Embedder",
    "HybridSearcher",
    "Library",
    "LibraryRetriever",
    "SearchFilters",
    "SearchHit",
    "load_embedder",
]
