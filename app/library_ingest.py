"""Files into the library: the ingest job shared by the CLI and the UI.

Each file ends in one `FileReport`: added, replaced, unchanged (same bytes as the indexed version,
skipped before any work), duplicate (the same content is indexed under another name), failed (with
the one-line reason), or deleted (`prune`: indexed, but not among the files given).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.pipeline import chunk_files, document_id
from vectorstore.library import ChunkValidationError, Library


@dataclass(frozen=True)
class FileReport:
    source: str
    status: str
    doc_id: str = ""
    chunks: int = 0
    title: str = ""
    year: int | None = None
    doc_type: str = ""
    error: str = ""
    duplicate_of: str = ""
    path: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "failed"


def _indexed_under_same_bytes(path: Path, indexed: dict[str, str], max_bytes: int) -> bool:
    if path.name not in indexed or path.stat().st_size > max_bytes:
        return False
    return indexed[path.name] == document_id(path.read_bytes())


def ingest_into_library(
    files: Sequence[Path], library: Library, *, max_bytes: int, prune: bool = False
) -> Iterator[FileReport]:
    """Index `files` (already collected) into `library`, one report per file as it is done.

    The library's write lock is held throughout: another ingest on the same store fails at once
    with `LibraryBusy` instead of corrupting it.
    """
    with library.writing():
        indexed = library.document_ids()
        by_name: dict[str, Path] = {}
        to_chunk: list[Path] = []
        for path in files:
            if path.name in by_name:
                # The library knows documents by file name, as users cite them.
                yield FileReport(path.name, "failed", path=str(path),
                                 error=f"{path.name}: another file of this batch has the same name ({by_name[path.name]})")
                continue
            by_name[path.name] = path
            if _indexed_under_same_bytes(path, indexed, max_bytes):
                yield FileReport(path.name, "unchanged", doc_id=indexed[path.name], path=str(path))
            else:
                to_chunk.append(path)

        for outcome in chunk_files(to_chunk, max_bytes=max_bytes):
            if not outcome.ok:
                yield FileReport(outcome.path.name, "failed", path=str(outcome.path), error=outcome.error or "")
                continue
            chunked = outcome.result
            try:
                result = library.upsert_document(chunked.chunks)
            except ChunkValidationError as err:
                yield FileReport(outcome.path.name, "failed", path=str(outcome.path), error=f"{outcome.path.name}: {err}")
                continue
            yield FileReport(
                outcome.path.name,
                result.action,
                doc_id=result.doc_id,
                chunks=result.n_chunks,
                title=chunked.parsed.title,
                year=chunked.parsed.year,
                doc_type=chunked.parsed.doc_type,
                duplicate_of=result.duplicate_of or "",
                path=str(outcome.path),
            )

        if prune:
            for source, doc_id in sorted(indexed.items()):
                if source not in by_name and library.delete_document(doc_id):
                    yield FileReport(source, "deleted", doc_id=doc_id)
