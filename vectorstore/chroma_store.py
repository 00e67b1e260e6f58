"""The Chroma side of the library: client (embedded or server), one cosine collection, batched writes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
from chromadb.config import Settings


class ChromaStoreError(RuntimeError):
    """The Chroma collection cannot be used with this embedder or cannot be reached."""


@dataclass(frozen=True)
class DenseHit:
    chunk_id: str
    text: str
    metadata: dict[str, Any]
    distance: float


def connect(path: Path, *, host: str | None, port: int | None) -> chromadb.api.ClientAPI:
    """Embedded client on `path`, or an HTTP client when a host is given (port defaults to 8000)."""
    settings = Settings(anonymized_telemetry=False)
    if host:
        try:
            client = chromadb.HttpClient(host=host, port=port or 8000, settings=settings)
            client.heartbeat()
        except Exception as exc:  # chromadb raises several unrelated types for an unreachable server
            raise ChromaStoreError(f"cannot reach the Chroma server at {host}:{port or 8000}: {exc}") from exc
        return client
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


class ChromaStore:
    """One collection in cosine space. We always send precomputed embeddings, so the collection has no
    embedding function and Chroma never fetches its default model."""

    def __init__(self, client: chromadb.api.ClientAPI, name: str, *, model_id: str, dimension: int) -> None:
        self._client = client
        self.name = name
        self._collection = client.get_or_create_collection(
            name,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedding_model": model_id, "embedding_dimension": dimension},
            embedding_function=None,
        )
        stored = self._collection.metadata or {}
        if stored.get("embedding_model") != model_id or stored.get("embedding_dimension") != dimension:
            raise ChromaStoreError(
                f"Chroma collection {name!r} holds vectors of model {stored.get('embedding_model')!r} "
                f"(dimension {stored.get('embedding_dimension')}), not of {model_id!r} (dimension {dimension}); "
                "use another store or collection for this model, or re-index"
            )
        self._batch = max(1, min(client.get_max_batch_size(), 1000))

    def count(self) -> int:
        return self._collection.count()

    def upsert(
        self,
        ids: Sequence[str],
        embeddings: np.ndarray,
        texts: Sequence[str],
        metadatas: Sequence[Mapping[str, Any]],
    ) -> None:
        for start in range(0, len(ids), self._batch):
            end = start + self._batch
            self._collection.upsert(
                ids=list(ids[start:end]),
                embeddings=embeddings[start:end],
                documents=list(texts[start:end]),
                metadatas=[dict(m) for m in metadatas[start:end]],
            )

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), self._batch):
            self._collection.delete(ids=list(ids[start : start + self._batch]))

    def all_ids(self) -> list[str]:
        """Every id in the collection, paged so a large collection is not fetched in one response."""
        ids: list[str] = []
        page = 10_000
        offset = 0
        while True:
            batch = self._collection.get(include=[], limit=page, offset=offset)["ids"]
            ids.extend(batch)
            if len(batch) < page:
                return ids
            offset += page

    def existing(self, ids: Sequence[str]) -> set[str]:
        if not ids:
            return set()
        return set(self._collection.get(ids=list(ids), include=[])["ids"])

    def query(
        self,
        vector: np.ndarray,
        *,
        n: int,
        where: dict[str, Any] | None,
        with_content: bool = True,
        ids: Sequence[str] | None = None,
    ) -> list[DenseHit]:
        """The n nearest chunks, among `ids` when given. `with_content=False` leaves text and metadata
        empty: a searcher that has them elsewhere for its few final candidates saves Chroma the work."""
        if n <= 0 or (ids is not None and not ids):
            return []
        include = ["documents", "metadatas", "distances"] if with_content else ["distances"]
        result = self._collection.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=n,
            where=where,
            ids=list(ids) if ids is not None else None,
            include=include,
        )
        ids, distances = result["ids"][0], result["distances"][0]
        texts = result["documents"][0] if with_content else [""] * len(ids)
        metadatas = result["metadatas"][0] if with_content else [{}] * len(ids)
        return [
            DenseHit(chunk_id=chunk_id, text=text or "", metadata=dict(metadata or {}), distance=float(distance))
            for chunk_id, text, metadata, distance in zip(ids, texts, metadatas, distances, strict=True)
        ]
