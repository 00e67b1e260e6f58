"""A Embedder that remembers document vectors in SQLite, keyed by (model_id, sha1(text)).

Re-ingesting a report whose paragraphs did not change then costs lookups, not model runs. Queries
are not cached: they are short, rarely repeated, and may carry a model-specific prefix.

The cache holds no text, only the hash of each embedded text and its vector. Entries of chunks since
deleted are kept on purpose: an edited report shares most paragraphs with the version it replaces, so
evicting those would cost model runs on the next edit, and Chroma's vector index files keep the vectors
of deleted records anyway (see `ChromaStore.erase_deleted_text`). A hash only confirms a text already
known to whoever holds it.
"""

import hashlib
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from vectorstore.embedder import Embedder

# SQLite allows at most 999 bound parameters per statement in older builds.
_LOOKUP_CHUNK = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    model_id TEXT NOT NULL,
    text_sha1 TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model_id, text_sha1)
) WITHOUT ROWID
"""


def _text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class CachedEmbedder:
    """Wraps `inner`; `hits`/`misses` count document texts served from / added to the cache."""

    def __init__(self, inner: Embedder, cache_path: Path):
        self.inner = inner
        self.model_id = inner.model_id
        self.dimension = inner.dimension
        self.cache_path = Path(cache_path)
        self.hits = 0
        self.misses = 0
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # One connection shared by the UI's worker threads, serialised by the lock below.
            self._db = sqlite3.connect(self.cache_path, check_same_thread=False, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")  # readers in other processes never block
            self._db.execute(_SCHEMA)
            self._db.commit()
        except sqlite3.DatabaseError as err:
            raise ValueError(f"{self.cache_path}: not a usable embedding cache ({err})") from err
        self._lock = threading.Lock()

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        keys = [_text_key(text) for text in texts]
        with self._lock:
            found = self._lookup(sorted(set(keys)))
            # Each distinct missing text is embedded once, however often it repeats in `texts`.
            missing = {key: text for key, text in zip(keys, texts) if key not in found}
            if missing:
                vectors = self.inner.embed_documents(list(missing.values()))
                fresh = dict(zip(missing, vectors))
                self._db.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                    [(self.model_id, key, vec.astype(np.float32).tobytes()) for key, vec in fresh.items()],
                )
                self._db.commit()
                found.update(fresh)
            self.misses += sum(key in missing for key in keys)
            self.hits += sum(key not in missing for key in keys)
        if not keys:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([found[key] for key in keys]).astype(np.float32, copy=False)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)

    def close(self) -> None:
        self._db.close()

    def _lookup(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), _LOOKUP_CHUNK):
            chunk = keys[start : start + _LOOKUP_CHUNK]
            rows = self._db.execute(
                f"SELECT text_sha1, vector FROM vectors WHERE model_id = ? "
                f"AND text_sha1 IN ({','.join('?' * len(chunk))})",
                [self.model_id, *chunk],
            )
            for key, blob in rows:
                vector = np.frombuffer(blob, dtype=np.float32)
                # A row of the wrong size (a truncated write) is treated as absent and rewritten.
                if vector.shape == (self.dimension,):
                    found[key] = vector
        return found
