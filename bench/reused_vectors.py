"""An ingest-only embedder that hands out vectors of really embedded chunks, for building a large index
without embedding every chunk (embedding 100k chunks on two cores takes most of an hour).

A text whose vector is already known (same embedding text, same model) gets that real vector. Any
other text gets a blend of two real vectors drawn at random, `a*x_i + (1-a)*x_j` with `a` uniform in
[0.3, 0.7], plus Gaussian noise, L2 re-normalised: points spread over the region the real vectors
occupy. (Noisy copies of one base vector each, the first version, made ~45 near-identical points per
base at 100k chunks; HNSW lost half of them — a self-query found 50% of the vectors, and filtered
queries came back empty — which real text does not do.) The result has the real model's id, so the
index it builds is searched with the real model's query vectors.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def read_cached_vectors(cache_path: Path, model_id: str) -> dict[str, np.ndarray]:
    """sha1(text) -> vector of every text `vectorstore.embedding_cache.CachedEmbedder` stored for `model_id`."""
    if not cache_path.is_file():
        raise FileNotFoundError(f"embedding cache {cache_path} does not exist: run the real-embedding phase first")
    db = sqlite3.connect(f"file:{cache_path}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT text_sha1, vector FROM vectors WHERE model_id = ?", (model_id,)).fetchall()
    finally:
        db.close()
    if not rows:
        raise ValueError(f"embedding cache {cache_path} holds no vectors of model {model_id!r}")
    return {key: np.frombuffer(blob, dtype=np.float32) for key, blob in rows}


class ReusedVectorEmbedder:
    """Serves `embed_documents` from real vectors (see the module docstring); `real_served` and
    `reused_served` count the texts given a true vector and a reused one."""

    def __init__(self, *, model_id: str, real: dict[str, np.ndarray], noise_sigma: float, seed: int) -> None:
        if not real:
            raise ValueError("ReusedVectorEmbedder needs at least one real vector")
        self.model_id = model_id
        self._real = real
        self._base = np.stack(list(real.values())).astype(np.float32)
        self.dimension = int(self._base.shape[1])
        self._noise_sigma = noise_sigma
        self._rng = np.random.default_rng(seed)
        self.real_served = 0
        self.reused_served = 0

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            known = self._real.get(text_sha1(text))
            if known is not None:
                out[row] = known
                self.real_served += 1
                continue
            i, j = self._rng.integers(0, len(self._base), size=2)
            share = self._rng.uniform(0.3, 0.7)
            blend = share * self._base[i] + (1.0 - share) * self._base[j]
            noisy = blend + self._rng.normal(0.0, self._noise_sigma, self.dimension).astype(np.float32)
            out[row] = noisy / np.linalg.norm(noisy)
            self.reused_served += 1
        return out

    def embed_query(self, text: str) -> np.ndarray:
        raise RuntimeError("ReusedVectorEmbedder only serves ingest; search with the real embedder")
