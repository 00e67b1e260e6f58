"""The in-memory snapshot of one library version, saved on disk: the BM25 keyword index (bm25s) over the
chunks' token lists, with, row for row, the metadata columns filters read, each chunk's text and metadata
for the results (vectorstore/passage_table.py) and its vector for exact dense search under narrow filters
(vectorstore/chunk_vectors.py)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from vectorstore.chunk_vectors import VECTORS, ChunkVectors
from vectorstore.passage_table import PassageTable

# bm25s puts its own logger at DEBUG: its "Building index" lines would reach the user's terminal
# whenever another library has configured the root logger.
logging.getLogger("bm25s").setLevel(logging.WARNING)

FILTER_COLUMNS = ("region", "doc_type", "section_role", "source")
MANIFEST = "manifest.json"
# Bumped when the saved layout changes: an index saved in another layout is rebuilt, not read.
LAYOUT = 3


@dataclass(frozen=True)
class KeywordHit:
    chunk_id: str
    score: float


class KeywordIndex:
    """An immutable BM25 index over the committed chunks of one library version."""

    def __init__(
        self,
        *,
        version: int,
        signature: str,
        chunk_ids: np.ndarray,
        columns: Mapping[str, np.ndarray],
        bm25: bm25s.BM25 | None,
        passages: PassageTable,
        vectors: ChunkVectors,
        vectors_model: str,
    ) -> None:
        """`vectors_model`: the embedding model id the vectors come from."""
        if not (len(passages) == len(vectors) == len(chunk_ids)):
            raise ValueError(f"{len(passages)} passages and {len(vectors)} vectors for {len(chunk_ids)} chunk ids")
        self.version = version
        self.signature = signature
        self.chunk_ids = chunk_ids
        self.columns = dict(columns)
        self._bm25 = bm25
        self._passages = passages
        self.vectors = vectors
        self.vectors_model = vectors_model
        self._rows: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def __contains__(self, chunk_id: object) -> bool:
        """Whether the chunk was committed at this index's version."""
        return chunk_id in self._row_of()

    def row(self, chunk_id: str) -> int:
        """The chunk's row in the filter columns (KeyError for a chunk not committed at this version)."""
        return self._row_of()[chunk_id]

    def passage(self, chunk_id: str) -> tuple[str, dict[str, Any]] | None:
        """(text, metadata) of a chunk committed at this version, else None."""
        row = self._row_of().get(chunk_id)
        return None if row is None else self._passages.get(row)

    def _row_of(self) -> dict[str, int]:
        if self._rows is None:
            self._rows = {chunk_id: row for row, chunk_id in enumerate(self.chunk_ids.tolist())}
        return self._rows

    @classmethod
    def build(
        cls,
        *,
        version: int,
        signature: str,
        chunk_ids: Sequence[str],
        token_lists: Sequence[Sequence[str]],
        years: Sequence[int],
        columns: Mapping[str, Sequence[str]],
        texts: Sequence[str],
        metadata_json: Sequence[str],
        vectors: ChunkVectors,
        vectors_model: str,
    ) -> KeywordIndex:
        if not (len(chunk_ids) == len(token_lists) == len(years) == len(texts)):
            raise ValueError("chunk_ids, token_lists, years and texts must have the same length")
        bm25: bm25s.BM25 | None = None
        if chunk_ids:
            bm25 = bm25s.BM25()
            bm25.index([list(tokens) for tokens in token_lists], show_progress=False)
        arrays: dict[str, np.ndarray] = {"year": np.asarray(years, dtype=np.int32)}
        for name in FILTER_COLUMNS:
            arrays[name] = np.asarray(list(columns[name]), dtype=str)
        return cls(
            version=version,
            signature=signature,
            chunk_ids=np.asarray(list(chunk_ids), dtype=str),
            columns=arrays,
            bm25=bm25,
            passages=PassageTable.build(texts, metadata_json),
            vectors=vectors,
            vectors_model=vectors_model,
        )

    def search(
        self,
        query_tokens: Sequence[str],
        *,
        k: int,
        mask: np.ndarray | None,
    ) -> list[KeywordHit]:
        """Top-k chunks by BM25 among those the mask allows; chunks sharing no term are left out."""
        if k <= 0:
            return []
        return self.top(self.scores(query_tokens), k=k, mask=mask)

    def scores(self, query_tokens: Sequence[str], token_weights: Sequence[float] | None = None) -> np.ndarray | None:
        """Every row's BM25 score for the query (None: no query term is in the index), to pick the top
        of several row sets from (`top`) without scoring again. `token_weights` scale each query
        token's share (default 1 each).

        Scores are summed over the query terms' posting lists only. bm25s's own `retrieve` scores and
        masks every row and costs 15 ms a query at 100k chunks (bench/scale_benchmark.py); this costs
        about the length of the postings. Scores equal bm25s's (its default Lucene variant gives a term
        absent from a chunk no score).
        """
        if self._bm25 is None or not query_tokens:
            return None
        vocabulary = self._bm25.vocab_dict
        weights = token_weights if token_weights is not None else [1.0] * len(query_tokens)
        if len(weights) != len(query_tokens):
            raise ValueError(f"{len(weights)} token weights for {len(query_tokens)} tokens")
        known = [(vocabulary[token], weight) for token, weight in zip(query_tokens, weights) if token in vocabulary]
        if not known:
            return None
        return self._term_scores([term for term, _ in known], [weight for _, weight in known])

    def top(self, scores: np.ndarray | None, *, k: int, mask: np.ndarray | None) -> list[KeywordHit]:
        """The k best-scored rows the mask allows, best first; rows scoring 0 are left out."""
        if scores is None or k <= 0:
            return []
        rows = np.flatnonzero(scores > 0)
        if mask is not None:
            rows = rows[mask[rows]]
        if len(rows) > k:
            rows = rows[np.argpartition(-scores[rows], k - 1)[:k]]
        # Best first; ties go to the earlier row, so results do not depend on argpartition's internals.
        rows = rows[np.lexsort((rows, -scores[rows]))]
        return [KeywordHit(chunk_id=str(self.chunk_ids[row]), score=float(scores[row])) for row in rows]

    def _term_scores(self, term_ids: Sequence[int], term_weights: Sequence[float]) -> np.ndarray:
        """Each row's BM25 score for the terms, each scaled by its weight (a repeated term counts again,
        as in bm25s)."""
        # bm25s keeps one CSC column a term: `indptr` bounds its postings in `indices` (rows) and `data`.
        index = self._bm25.scores
        data, rows, bounds = index["data"], index["indices"], index["indptr"]
        spans = [(int(bounds[term]), int(bounds[term + 1])) for term in term_ids]
        return np.bincount(
            np.concatenate([rows[start:end] for start, end in spans]),
            weights=np.concatenate([data[start:end] * weight for (start, end), weight in zip(spans, term_weights)]),
            minlength=len(self.chunk_ids),
        )

    def save(self, directory: Path) -> None:
        """Write into a fresh folder and rename it into place, so a reader never sees half an index."""
        directory = Path(directory)
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
        try:
            if self._bm25 is not None:
                self._bm25.save(str(staging / "bm25"), show_progress=False)
            np.save(staging / "chunk_ids.npy", self.chunk_ids)
            np.savez(staging / "columns.npz", **self.columns)
            self._passages.save(staging)
            self.vectors.save(staging)
            manifest = {
                "layout": LAYOUT,
                "version": self.version,
                "signature": self.signature,
                "rows": len(self.chunk_ids),
                "vectors_model": self.vectors_model,
            }
            (staging / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
            try:
                os.rename(staging, directory)
            except OSError:
                # Another process saved the same version first; its copy is as good as ours.
                if not (directory / MANIFEST).exists():
                    raise
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path) -> KeywordIndex:
        directory = Path(directory)
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        bm25 = None
        if manifest["rows"]:
            bm25 = bm25s.BM25.load(str(directory / "bm25"), show_progress=False, verbosity=0)
        with np.load(directory / "columns.npz") as data:
            columns = {name: data[name] for name in data.files}
        return cls(
            version=int(manifest["version"]),
            signature=str(manifest["signature"]),
            chunk_ids=np.load(directory / "chunk_ids.npy"),
            columns=columns,
            bm25=bm25,
            passages=PassageTable.load(directory),
            vectors=ChunkVectors.load(directory),
            vectors_model=str(manifest["vectors_model"]),
        )

    @staticmethod
    def saved_vectors(directory: Path, model_id: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(chunk ids, vectors) of an index saved in the current layout with vectors of `model_id`, else
        None: what a newer version can reuse instead of reading those vectors from Chroma again."""
        manifest = _current_manifest(directory)
        if manifest is None or manifest.get("vectors_model") != model_id:
            return None
        try:
            return np.load(Path(directory) / "chunk_ids.npy"), np.load(Path(directory) / VECTORS)
        except (OSError, ValueError):
            return None

    @staticmethod
    def saved_version(directory: Path) -> tuple[int, str] | None:
        """Version and signature of an index saved in the current layout, else None."""
        manifest = _current_manifest(directory)
        return None if manifest is None else (int(manifest["version"]), str(manifest["signature"]))


def _current_manifest(directory: Path) -> dict[str, Any] | None:
    """The manifest of an index saved in the current layout, else None."""
    try:
        manifest = json.loads((Path(directory) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if manifest.get("layout") == LAYOUT else None
