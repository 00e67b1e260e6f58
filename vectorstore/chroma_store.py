"""The Chroma side of the library: client (embedded or server), one cosine collection, batched writes."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
from chromadb.config import Settings

logger = logging.getLogger(__name__)


class ChromaStoreError(RuntimeError):
    """The Chroma collection cannot be used with this embedder or cannot be reached."""


class EmbeddingModelMismatch(ChromaStoreError):
    """The collection holds vectors of another embedding model (or quantisation of one)."""


# A library being embedded again is written to this collection beside the live one, then swapped in.
REEMBEDDING_SUFFIX = "__reembedding"

# The SQLite database of embedded Chroma, in its persist directory.
CHROMA_SQLITE_FILE = "chroma.sqlite3"

# Run in order on embedded Chroma's database to erase the text of deleted records (see
# `ChromaStore.erase_deleted_text`).
ERASE_DELETED_TEXT_SQL = (
    # The write-ahead log (embeddings_queue) keeps every write, text included, until the vector index has
    # been saved past it (every `hnsw:sync_threshold` = 1000 records), so Chroma's own purge
    # (`chroma utils vacuum`: rows below every segment's max_seq_id) can leave deleted text for a long time.
    # A write followed in the log by a delete of the same id is needed by no segment: replaying the log
    # from any point gives the same records without it. The delete itself carries no text and stays, so
    # the log never empties (Chroma numbers the next write from its newest row).
    # (A join rather than a correlated subquery: SQLite indexes it, and a log can hold many rows.)
    """
    DELETE FROM embeddings_queue WHERE seq_id IN (
        SELECT written.seq_id
        FROM embeddings_queue AS written
        JOIN embeddings_queue AS deletion ON deletion.topic = written.topic AND deletion.id = written.id
        WHERE written.operation != 3 AND deletion.operation = 3  -- 3: a delete in Chroma's log
          AND deletion.seq_id > written.seq_id
    )
    """,
    # The full-text index (FTS5, trigram tokens) only marks deleted rows; merging all its segments into
    # one drops their tokens.
    "INSERT INTO embedding_fulltext_search (embedding_fulltext_search) VALUES ('optimize')",
    # Deleted rows stay in free pages and in the free space of live pages until the file is rewritten.
    "VACUUM",
)

# What the child process of `erase_deleted_text` runs: the statements given after the database path.
# Waits up to 30 s for a process reading the database (a search) to finish.
_RUN_SQL_SCRIPT = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
for statement in sys.argv[2:]:
    db.execute(statement)
db.close()
"""


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

    def erase_deleted_text(self) -> bool:
        """Erase the text of deleted records from embedded Chroma's files; False when that failed (say,
        another process kept the database busy for 30 s): the reason is logged, and a later call retries.

        Deleting a record only hides it: its text stays in the write-ahead log, in the full-text index and
        in free pages of chroma.sqlite3 (`ERASE_DELETED_TEXT_SQL` removes each). Chroma's database uses a
        rollback journal, removed at each commit. The vector index files (`<segment id>/*.bin`) hold no
        text, but keep the vectors of deleted records (marked deleted) until the collection is rebuilt.
        Rewriting the database costs about as much for one deleted record as for many: call this once
        after a batch of deletions, not after each.

        With a Chroma server (an HTTP client) the files are the server's and out of reach: nothing is
        done and True returned; the text of deleted records stays on the server until its operator runs
        `chroma utils vacuum` (which purges the log only up to the last saved vector index).
        """
        settings = self._client.get_settings()
        if not settings.is_persistent:
            return True
        database = Path(settings.persist_directory) / CHROMA_SQLITE_FILE
        # In a child process: chromadb's Rust core has its own copy of SQLite, and two copies in one
        # process release each other's file locks when either closes the file (sqlite.org/howtocorrupt.html).
        # Isolated (-I): it needs only the standard library.
        finished = subprocess.run(
            [sys.executable, "-I", "-c", _RUN_SQL_SCRIPT, str(database), *ERASE_DELETED_TEXT_SQL],
            capture_output=True,
            text=True,
        )
        if finished.returncode != 0:
            logger.warning("could not erase deleted text from %s: %s", database, finished.stderr.strip()[-500:])
            return False
        return True

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
