"""An on-disk embedding cache keyed by text hash, shared by every pipeline of a benchmark run.

Embedding is the slow step (about 20 passages/s on two CPU cores), and the three pipelines of the
quality benchmark embed overlapping texts; keying by the SHA-1 of the exact text means a rerun, or a
second pipeline with an identical chunk, never embeds the same string twice.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sentence_transformers import SentenceTransformer
from tqdm import tqdm


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class CachedSentenceEmbedder:
    """sentence-transformers model behind a SQLite cache; vectors are L2-normalised float32."""

    def __init__(self, model_path: Path, cache_path: Path, *, batch_size: int = 32) -> None:
        if not (model_path / "config.json").is_file():
            raise FileNotFoundError(f"embedding model folder {model_path} has no config.json")
        self.model_path = model_path
        self.batch_size = batch_size
        self._model: SentenceTransformer | None = None
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(cache_path))
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")

    @property
    def model(self) -> SentenceTransformer:
        # Loaded lazily so a fully cached rerun never pays the model's start-up.
        if self._model is None:
            self._model = SentenceTransformer(str(self.model_path), device="cpu")
        return self._model

    def _lookup(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            part = unique[start : start + 500]
            rows = self._db.execute(
                f"SELECT key, vec FROM vectors WHERE key IN ({','.join('?' * len(part))})", part
            ).fetchall()
            for key, blob in rows:
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def embed(self, texts: Sequence[str], *, desc: str = "embedding") -> np.ndarray:
        """One row per text, in order; only texts never seen before reach the model."""
        keys = [text_key(t) for t in texts]
        found = self._lookup(keys)
        missing = {k: t for k, t in zip(keys, texts) if k not in found}
        if missing:
            # Length-sorted batches waste less padding, which is most of the cost on CPU.
            todo = sorted(missing.items(), key=lambda kv: len(kv[1]))
            # A bar for a query or a short document is only noise.
            with tqdm(total=len(todo), desc=desc, unit="passage", disable=len(todo) < 100) as bar:
                for start in range(0, len(todo), self.batch_size * 8):
                    part = todo[start : start + self.batch_size * 8]
                    vecs = self.model.encode(
                        [t for _, t in part],
                        batch_size=self.batch_size,
                        normalize_embeddings=True,
                        convert_to_numpy=True,
                    ).astype(np.float32)
                    self._db.executemany(
                        "INSERT OR REPLACE INTO vectors (key, vec) VALUES (?, ?)",
                        [(k, v.tobytes()) for (k, _), v in zip(part, vecs)],
                    )
                    self._db.commit()
                    for (k, _), v in zip(part, vecs):
                        found[k] = v
                    bar.update(len(part))
        if not keys:
            return np.zeros((0, self.model.get_embedding_dimension() or 0), dtype=np.float32)
        return np.stack([found[k] for k in keys])

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text], desc="query")[0]

    def close(self) -> None:
        self._db.close()
