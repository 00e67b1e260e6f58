"""The text and metadata of every committed chunk, held in memory beside the keyword index.

A query reads the text of its few final candidates. From the SQLite catalog that costs a disk read or two
a row whenever the pages are not cached (bench/scale_benchmark.py: 52 ms mean, 204 ms p95 at 100k chunks),
so the rows a version can return are kept here instead: one UTF-8 blob and an offsets array (about 1.5 kB
a chunk; no Python object per row until a row is asked for).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

BLOB = "passages.bin"
OFFSETS = "passage_offsets.npy"


class PassageTable:
    def __init__(self, blob: bytes, offsets: np.ndarray) -> None:
        """`offsets[2*row]` .. `offsets[2*row+1]` is the row's text, up to `offsets[2*row+2]` its metadata JSON."""
        self._blob = blob
        self._offsets = offsets

    @classmethod
    def build(cls, texts: Sequence[str], metadata_json: Sequence[str]) -> PassageTable:
        if len(texts) != len(metadata_json):
            raise ValueError("texts and metadata_json must have the same length")
        parts: list[bytes] = []
        offsets = [0]
        for text, metadata in zip(texts, metadata_json, strict=True):
            for part in (text.encode("utf-8"), metadata.encode("utf-8")):
                parts.append(part)
                offsets.append(offsets[-1] + len(part))
        return cls(b"".join(parts), np.asarray(offsets, dtype=np.int64))

    def __len__(self) -> int:
        return (len(self._offsets) - 1) // 2

    def get(self, row: int) -> tuple[str, dict[str, Any]]:
        """(text, metadata) of a row."""
        start, middle, end = self._offsets[2 * row : 2 * row + 3]
        text = self._blob[start:middle].decode("utf-8")
        return text, json.loads(self._blob[middle:end])

    def save(self, directory: Path) -> None:
        (directory / BLOB).write_bytes(self._blob)
        np.save(directory / OFFSETS, self._offsets)

    @classmethod
    def load(cls, directory: Path) -> PassageTable:
        return cls((directory / BLOB).read_bytes(), np.load(directory / OFFSETS))
