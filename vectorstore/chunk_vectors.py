"""The committed chunks' vectors, held in memory in the keyword index's row order, for exact dense search
under a narrow filter.

Chroma answers an unfiltered query from its HNSW graph in a few milliseconds, but a query restricted to a
few hundred chunks of 100k (a year range plus an excluded source) cost it 30 ms by id list and 250 ms by
metadata clause (bench/scale_benchmark.py). Scoring those few rows directly is exact and takes well under
a millisecond, so the vectors of a library version are kept beside its keyword index (float32, about
2 kB a chunk at 512 dimensions) and saved with it.

Vectors are read from Chroma, the store of record, only for chunks the previous version did not hold:
chunk ids name their content, so an id's vector never changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

VECTORS = "vectors.npy"


class ChunkVectors:
    def __init__(self, matrix: np.ndarray) -> None:
        """`matrix[row]` is the L2-normalised vector of the index's row `row` (zeros when unknown)."""
        if matrix.ndim != 2:
            raise ValueError(f"chunk vectors must be a 2-d matrix, got shape {matrix.shape}")
        self.matrix = np.ascontiguousarray(matrix, dtype=np.float32)

    def __len__(self) -> int:
        return len(self.matrix)

    @classmethod
    def gather(
        cls,
        chunk_ids: Sequence[str],
        *,
        dimension: int,
        previous: tuple[np.ndarray, np.ndarray] | None,
        fetch: Callable[[Sequence[str]], dict[str, np.ndarray]],
    ) -> ChunkVectors:
        """Vectors for `chunk_ids` in order: taken from `previous` ((chunk ids, matrix) of an earlier
        version) where it has them, else from `fetch` (chunk ids -> vectors, e.g. a Chroma read).
        A chunk that neither has gets a zero vector, which no query comes near, and a warning."""
        matrix = np.zeros((len(chunk_ids), dimension), dtype=np.float32)
        missing: list[int] = list(range(len(chunk_ids)))
        if previous is not None and len(previous[0]):
            old_ids, old_matrix = previous
            if old_matrix.shape[1] == dimension:
                old_row = {chunk_id: row for row, chunk_id in enumerate(old_ids.tolist())}
                missing = []
                for row, chunk_id in enumerate(chunk_ids):
                    old = old_row.get(chunk_id)
                    if old is None:
                        missing.append(row)
                    else:
                        matrix[row] = old_matrix[old]
        if missing:
            fetched = fetch([chunk_ids[row] for row in missing])
            lost = 0
            for row in missing:
                vector = fetched.get(chunk_ids[row])
                if vector is None:
                    lost += 1
                else:
                    matrix[row] = _normalised(np.asarray(vector, dtype=np.float32))
            if lost:
                logger.warning("%d committed chunk(s) have no vector in Chroma; dense search skips them", lost)
        return cls(matrix)

    def nearest(self, query: np.ndarray, rows: np.ndarray, n: int) -> list[tuple[int, float]]:
        """The n rows among `rows` closest to `query`, as (row, cosine distance) best first."""
        if n <= 0 or len(rows) == 0:
            return []
        similarity = self.matrix[rows] @ _normalised(np.asarray(query, dtype=np.float32))
        if len(rows) > n:
            top = np.argpartition(-similarity, n - 1)[:n]
        else:
            top = np.arange(len(rows))
        # Ties go to the earlier row, so results do not depend on argpartition's internals.
        order = top[np.lexsort((rows[top], -similarity[top]))]
        return [(int(rows[i]), float(1.0 - similarity[i])) for i in order]

    def save(self, directory: Path) -> None:
        np.save(directory / VECTORS, self.matrix)

    @classmethod
    def load(cls, directory: Path) -> ChunkVectors:
        return cls(np.load(directory / VECTORS))


def _normalised(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector
