"""The SQLite catalog of indexed chunks: the source of truth for BM25, document listings and recovery.

A document version ("entry", `doc_id:fingerprint`) moves through states:
    pending   its chunks are recorded here and are being written to Chroma; not searchable
    complete  committed: in both indexes (the commit is the one transaction that flips this state, for
              one entry or for every entry of a batch written together)
    deleting  replaced or deleted; its Chroma ids are being removed, then the row is forgotten
Any entry not `complete` when a library opens is the remains of an interrupted run and is cleaned up.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    entry       TEXT PRIMARY KEY,
    doc_id      TEXT NOT NULL,
    source      TEXT NOT NULL,
    title       TEXT NOT NULL,
    year        INTEGER NOT NULL,
    region      TEXT NOT NULL,
    issuer      TEXT NOT NULL,
    doc_type    TEXT NOT NULL,
    n_chunks    INTEGER NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'complete', 'deleting')),
    updated_at  REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_source ON documents (source);
CREATE INDEX IF NOT EXISTS documents_doc_id ON documents (doc_id);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id    TEXT PRIMARY KEY,
    entry       TEXT NOT NULL,
    chunk_index INTEGER NOT NULL,
    text        TEXT NOT NULL,
    metadata    TEXT NOT NULL,
    tokens      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_entry ON chunks (entry, chunk_index);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class DocumentInfo:
    doc_id: str
    source: str
    title: str
    year: int
    region: str
    doc_type: str
    n_chunks: int


@dataclass(frozen=True)
class PendingEntry:
    """A new document version to record as pending, with its chunks (id, index, text, metadata, tokens)."""

    entry: str
    document: DocumentInfo
    issuer: str
    chunks: Sequence[tuple[str, int, str, dict[str, Any], list[str]]]


@dataclass(frozen=True)
class EntryRow:
    entry: str
    doc_id: str
    source: str
    state: str


@dataclass(frozen=True)
class ChunkRow:
    chunk_id: str
    text: str
    metadata: dict[str, Any]


@dataclass(frozen=True)
class IndexRow:
    """What the keyword index needs of one committed chunk."""

    chunk_id: str
    tokens: list[str]
    text: str
    metadata_json: str
    year: int
    region: str
    doc_type: str
    section_role: str
    source: str


class ChunkCatalog:
    def __init__(self, path: Path) -> None:
        self.path = path
        # One connection shared by threads (a web UI searches from worker threads), serialised by a lock.
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=30)
        self._lock = threading.RLock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _bump_version(self, db: sqlite3.Connection) -> None:
        db.execute(
            "INSERT INTO state (key, value) VALUES ('version', '1') "
            "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    def bump_version(self) -> None:
        """Mark the searchable chunks as changed (their vectors were replaced) without touching them."""
        with self._transaction() as db:
            self._bump_version(db)

    # -- reads ---------------------------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def version(self) -> int:
        rows = self._rows("SELECT value FROM state WHERE key = 'version'")
        return int(rows[0][0]) if rows else 0

    def get_state(self, key: str) -> str | None:
        rows = self._rows("SELECT value FROM state WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_token_signature_if_unset(self, signature: str) -> None:
        with self._transaction() as db:
            db.execute("INSERT OR IGNORE INTO state (key, value) VALUES ('token_signature', ?)", (signature,))

    def entry(self, entry: str) -> EntryRow | None:
        rows = self._rows("SELECT entry, doc_id, source, state FROM documents WHERE entry = ?", (entry,))
        return EntryRow(*rows[0]) if rows else None

    def complete_entries(self, *, source: str | None = None, doc_id: str | None = None) -> list[EntryRow]:
        sql = "SELECT entry, doc_id, source, state FROM documents WHERE state = 'complete'"
        params: list[str] = []
        if source is not None:
            sql += " AND source = ?"
            params.append(source)
        if doc_id is not None:
            sql += " AND doc_id = ?"
            params.append(doc_id)
        return [EntryRow(*row) for row in self._rows(sql, params)]

    def unfinished_entries(self) -> list[EntryRow]:
        rows = self._rows("SELECT entry, doc_id, source, state FROM documents WHERE state != 'complete'")
        return [EntryRow(*row) for row in rows]

    def documents(self) -> list[DocumentInfo]:
        rows = self._rows(
            "SELECT doc_id, source, title, year, region, doc_type, n_chunks FROM documents "
            "WHERE state = 'complete' ORDER BY source"
        )
        return [DocumentInfo(*row) for row in rows]

    def chunk_ids_of(self, entry: str) -> list[str]:
        return [row[0] for row in self._rows("SELECT chunk_id FROM chunks WHERE entry = ?", (entry,))]

    def committed_chunk_ids(self) -> set[str]:
        rows = self._rows(
            "SELECT c.chunk_id FROM chunks c JOIN documents d ON d.entry = c.entry WHERE d.state = 'complete'"
        )
        return {row[0] for row in rows}

    def committed_chunk_count(self) -> int:
        rows = self._rows("SELECT COALESCE(SUM(n_chunks), 0) FROM documents WHERE state = 'complete'")
        return int(rows[0][0])

    def chunks_of_doc(self, doc_id: str) -> list[ChunkRow]:
        rows = self._rows(
            "SELECT c.chunk_id, c.text, c.metadata FROM chunks c JOIN documents d ON d.entry = c.entry "
            "WHERE d.doc_id = ? AND d.state = 'complete' ORDER BY c.chunk_index",
            (doc_id,),
        )
        return [ChunkRow(chunk_id, text, json.loads(metadata)) for chunk_id, text, metadata in rows]

    def fetch(self, chunk_ids: Sequence[str]) -> dict[str, ChunkRow]:
        if not chunk_ids:
            return {}
        marks = ",".join("?" * len(chunk_ids))
        rows = self._rows(f"SELECT chunk_id, text, metadata FROM chunks WHERE chunk_id IN ({marks})", chunk_ids)
        return {chunk_id: ChunkRow(chunk_id, text, json.loads(metadata)) for chunk_id, text, metadata in rows}

    def index_snapshot(self) -> tuple[int, str | None, list[IndexRow]]:
        """Version, token signature and every committed chunk, read in one snapshot so the version labels
        exactly these rows; rows come in a stable order (the keyword index's row order)."""
        with self._lock:
            self._db.execute("BEGIN")
            try:
                version = self.version()
                signature = self.get_state("token_signature")
                rows = self._db.execute(
                    "SELECT c.chunk_id, c.tokens, c.text, c.metadata FROM chunks c JOIN documents d ON d.entry = c.entry "
                    "WHERE d.state = 'complete' ORDER BY c.entry, c.chunk_index"
                ).fetchall()
            finally:
                self._db.execute("COMMIT")
        return version, signature, [self._index_row(*row) for row in rows]

    @staticmethod
    def _index_row(chunk_id: str, tokens: str, text: str, metadata_json: str) -> IndexRow:
        metadata = json.loads(metadata_json)
        return IndexRow(
            chunk_id=chunk_id,
            tokens=json.loads(tokens),
            text=text,
            metadata_json=metadata_json,
            year=int(metadata.get("year", -1)),
            region=str(metadata.get("region", "")),
            doc_type=str(metadata.get("doc_type", "")),
            section_role=str(metadata.get("section_role", "")),
            source=str(metadata["source"]),
        )

    def texts_for_retokenizing(self) -> list[tuple[str, str]]:
        return [(row[0], row[1]) for row in self._rows("SELECT chunk_id, text FROM chunks")]

    # -- writes --------------------------------------------------------------------------------------

    def begin_entries(self, pending: Sequence[PendingEntry]) -> None:
        """Record new document versions as pending, with their chunks, in one transaction."""
        with self._transaction() as db:
            entries = [(version.entry,) for version in pending]
            db.executemany("DELETE FROM chunks WHERE entry = ?", entries)
            db.executemany("DELETE FROM documents WHERE entry = ?", entries)
            db.executemany(
                "INSERT INTO documents (entry, doc_id, source, title, year, region, issuer, doc_type, n_chunks, "
                "state, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
                [
                    (version.entry, version.document.doc_id, version.document.source, version.document.title,
                     version.document.year, version.document.region, version.issuer, version.document.doc_type,
                     version.document.n_chunks, time.time())
                    for version in pending
                ],
            )
            db.executemany(
                "INSERT INTO chunks (chunk_id, entry, chunk_index, text, metadata, tokens) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (chunk_id, version.entry, index, text, json.dumps(metadata, ensure_ascii=False),
                     json.dumps(tokens, ensure_ascii=False))
                    for version in pending
                    for chunk_id, index, text, metadata, tokens in version.chunks
                ],
            )

    def commit_entries(self, entries: Sequence[str], *, retire: Sequence[str]) -> None:
        """The commit point: the new versions become searchable and the versions they replace retire."""
        with self._transaction() as db:
            db.executemany(
                "UPDATE documents SET state = 'complete', updated_at = ? WHERE entry = ?",
                [(time.time(), entry) for entry in entries],
            )
            self._retire(db, retire)
            self._bump_version(db)

    def retire(self, entries: Sequence[str]) -> None:
        with self._transaction() as db:
            self._retire(db, entries)
            self._bump_version(db)

    @staticmethod
    def _retire(db: sqlite3.Connection, entries: Sequence[str]) -> None:
        db.executemany(
            "UPDATE documents SET state = 'deleting', updated_at = ? WHERE entry = ?",
            [(time.time(), entry) for entry in entries],
        )

    def forget(self, entries: Sequence[str]) -> None:
        """Drop rows of entries whose Chroma ids are gone (retired or abandoned pending versions).

        Their text stays in the database's free pages and WAL (and in Chroma's files) until erased; the
        state row 'deleted_text', written in the same transaction, remembers that across a crash."""
        if not entries:
            return
        with self._transaction() as db:
            for entry in entries:
                db.execute("DELETE FROM chunks WHERE entry = ?", (entry,))
                db.execute("DELETE FROM documents WHERE entry = ? AND state != 'complete'", (entry,))
            db.execute("INSERT OR REPLACE INTO state (key, value) VALUES ('deleted_text', '1')")

    def holds_deleted_text(self) -> bool:
        """Whether rows were forgotten since the last complete `erase_deleted_text`."""
        return self.get_state("deleted_text") is not None

    def erase_deleted_text(self) -> bool:
        """Rewrite the database without the remains of forgotten rows and empty its WAL; False when a
        reader in another process kept the WAL from being emptied for 30 s (`holds_deleted_text` then
        stays true, so a later writer tries again).

        VACUUM rather than `PRAGMA secure_delete` (which zeroes rows as they are deleted): it also clears
        the rows a store deleted before it was ever erased."""
        with self._lock:
            self._db.execute("DELETE FROM state WHERE key = 'deleted_text'")
            self._db.execute("VACUUM")
            busy, _, _ = self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if busy:
                self._db.execute("INSERT OR REPLACE INTO state (key, value) VALUES ('deleted_text', '1')")
                return False
        return True

    def store_tokens(self, tokens: Sequence[tuple[str, list[str]]], signature: str) -> None:
        with self._transaction() as db:
            db.executemany(
                "UPDATE chunks SET tokens = ? WHERE chunk_id = ?",
                [(json.dumps(chunk_tokens, ensure_ascii=False), chunk_id) for chunk_id, chunk_tokens in tokens],
            )
            db.execute(
                "INSERT INTO state (key, value) VALUES ('token_signature', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (signature,),
            )
            self._bump_version(db)
