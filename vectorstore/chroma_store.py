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


class EmbeddingModelMismatch(ChromaStoreError):
    """The collection holds vectors of another embedding model (or quantisation of one)."""


# A library being embedded again is written to this collection beside the live one, then swapped in.
REEMBEDDING_SUFFIX = "__reembedding"


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

    def __init__(
        self, client: chromadb.api.ClientAPI, name: str, *, model_id: str, dimension: int, complete: bool = True
    ) -> None:
        """Open (creating if needed) the collection `name`; `complete=False` marks a new one as still being
        written (see `start_reembedding`)."""
        self._client = client
        self.name = name
        self.model_id = model_id
        self.dimension = dimension
        self._collection = self._get_or_create(name, complete=complete)
        self._batch = max(1, min(client.get_max_batch_size(), 1000))

    def _get_or_create(self, name: str, *, complete: bool) -> chromadb.Collection:
        return self._client.get_or_create_collection(
            name,
            configuration={"hnsw": {"space": "cosine"}},
            metadata=self._metadata(complete),
            embedding_function=None,
        )

    def _metadata(self, complete: bool) -> dict[str, Any]:
        metadata: dict[str, Any] = {"embedding_model": self.model_id, "embedding_dimension": self.dimension}
        return metadata if complete else {**metadata, "incomplete": True}

    @property
    def stored_model(self) -> tuple[Any, Any]:
        """(model id, dimension) of the vectors the collection holds."""
        stored = self._collection.metadata or {}
        return stored.get("embedding_model"), stored.get("embedding_dimension")

    @property
    def holds_own_model(self) -> bool:
        """Whether the stored vectors come from this store's embedding model."""
        return self.stored_model == (self.model_id, self.dimension)

    def check_model(self) -> None:
        if not self.holds_own_model:
            stored_model, stored_dimension = self.stored_model
            raise EmbeddingModelMismatch(
                f"Chroma collection {self.name!r} holds vectors of model {stored_model!r} "
                f"(dimension {stored_dimension}), not of {self.model_id!r} (dimension {self.dimension}): "
                "the library must be embedded again with this model"
            )

    # -- embedding the whole collection again -------------------------------------------------------------

    def start_reembedding(self) -> ChromaStore:
        """An empty collection for this store's model beside the live one (a leftover one is dropped)."""
        staging = f"{self.name}{REEMBEDDING_SUFFIX}"
        if self._exists(staging):
            self._client.delete_collection(staging)
        return ChromaStore(self._client, staging, model_id=self.model_id, dimension=self.dimension, complete=False)

    def finish_reembedding(self, staging: ChromaStore) -> None:
        """Swap a fully written re-embedding in for the live collection. Marked complete first, so a crash
        between dropping the old collection and renaming the new one is finished by `recover_reembedding`."""
        staging._collection.modify(metadata=self._metadata(complete=True))
        self._swap_in(staging._collection)

    def recover_reembedding(self) -> bool:
        """Finish a swap a crash interrupted (True), or drop a re-embedding that was never completed."""
        staging = f"{self.name}{REEMBEDDING_SUFFIX}"
        if not self._exists(staging):
            return False
        collection = self._client.get_collection(staging)
        if (collection.metadata or {}).get("incomplete"):
            self._client.delete_collection(staging)
            return False
        self._swap_in(collection)
        return True

    def _swap_in(self, collection: chromadb.Collection) -> None:
        if self._exists(self.name):
            self._client.delete_collection(self.name)
        collection.modify(name=self.name)
        self._collection = self._client.get_collection(self.name)

    def _exists(self, name: str) -> bool:
        try:
            self._client.get_collection(name)
        except Exception:  # chromadb raises NotFoundError or ValueError depending on the client
            return False
        return True

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

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those of `ids` the collection holds, read a batch at a time."""
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(ids), self._batch):
            batch = self._collection.get(ids=list(ids[start : start + self._batch]), include=["embeddings"])
            for chunk_id, vector in zip(batch["ids"], batch["embeddings"], strict=True):
                found[chunk_id] = np.asarray(vector, dtype=np.float32)
        return found

    def query(self, vector: np.ndarray, *, n: int, with_content: bool = True) -> list[DenseHit]:
        """The n nearest chunks. `with_content=False` leaves text and metadata empty: a searcher that has
        them elsewhere for its few final candidates saves Chroma the work."""
        if n <= 0:
            return []
        include = ["documents", "metadatas", "distances"] if with_content else ["distances"]
        result = self._collection.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)], n_results=n, include=include
        )
        ids, distances = result["ids"][0], result["distances"][0]
        texts = result["documents"][0] if with_content else [""] * len(ids)
        metadatas = result["metadatas"][0] if with_content else [{}] * len(ids)
        return [
            DenseHit(chunk_id=chunk_id, text=text or "", metadata=dict(metadata or {}), distance=float(distance))
            for chunk_id, text, metadata, distance in zip(ids, texts, metadatas, distances, strict=True)
        ]
