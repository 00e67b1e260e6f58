"""The BM25 keyword index (bm25s) over token lists, with metadata columns for filtering and each chunk's
text and metadata for the results (vectorstore/passage_table.py), saved on disk."""

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

from vectorstore.passage_table import PassageTable

# bm25s puts its own logger at DEBUG: its "Building index" lines would reach the user's terminal
# whenever another library has configured the root logger.
logging.getLogger("bm25s").setLevel(logging.WARNING)

FILTER_COLUMNS = ("region", "doc_type", "section_role", "source")
MANIFEST = "manifest.json"
# Bumped when the saved layout changes: an index saved in another layout is rebuilt, not read.
LAYOUT = 2


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
    ) -> None:
        if len(passages) != len(chunk_ids):
            raise ValueError(f"{len(passages)} passages for {len(chunk_ids)} chunk ids")
        self.version = version
        self.signature = signature
        self.chunk_ids = chunk_ids
        self.columns = dict(columns)
        self._bm25 = bm25
        self._passages = passages
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
        )

    def search(self, query_tokens: Sequence[str], *, k: int, mask: np.ndarray | None) -> list[KeywordHit]:
        """Top-k chunks by BM25 among those the mask allows; chunks sharing no term are left out."""
        if self._bm25 is None or not query_tokens or k <= 0:
            return []
        if mask is not None and not mask.any():
            return []
        known = [token for token in query_tokens if token in self._bm25.vocab_dict]
        if not known:
            return []
        weights = None if mask is None else mask.astype(np.float32)
        documents, scores = self._bm25.retrieve(
            [known],
            k=min(k, len(self.chunk_ids)),
            show_progress=False,
            n_threads=1,
            weight_mask=weights,
        )
        return [
            KeywordHit(chunk_id=str(self.chunk_ids[row]), score=float(score))
            for row, score in zip(documents[0], scores[0], strict=True)
            if score > 0
        ]

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
            manifest = {
                "layout": LAYOUT, "version": self.version, "signature": self.signature, "rows": len(self.chunk_ids)
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
        )

    @staticmethod
    def saved_version(directory: Path) -> tuple[int, str] | None:
        """Version and signature of an index saved in the current layout, else None."""
        try:
            manifest = json.loads((Path(directory) / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if manifest.get("layout") != LAYOUT:
            return None
        return int(manifest["version"]), str(manifest["signature"])
