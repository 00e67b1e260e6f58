"""The one contract every embedder keeps: texts in, L2-normalised float32 vectors out, under a stable
model id. The library, the searcher, the cache and the Chroma and LangChain adapters all take it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    model_id: str  # stable identity incl. backend/quantisation, used as cache key namespace
    dimension: int

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...
