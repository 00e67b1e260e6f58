"""One file in, chunks out: load -> clean -> structure -> chunks, and the batch around it.

A bad file never stops a batch: `chunk_files` yields a `FileOutcome` per file with either its chunks
or the one-line reason it failed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from langchain_core.documents import Document

from ingest.chunk import chunk_document
from ingest.clean import clean_scraped_text
from ingest.errors import IngestError
from ingest.load import load_file
from ingest.masked_figures import find_masked_figures
from ingest.recurring import RecurringParagraphs
from ingest.structure import ParsedDocument, parse_structure

DEFAULT_MAX_BYTES = 20 * 2**20


@dataclass
class ChunkedFile:
    path: Path
    doc_id: str
    parsed: ParsedDocument
    chunks: list[Document]
    removed_noise: int
    masked_figures: list[str]
    recurring_paragraphs: int = 0


@dataclass
class FileOutcome:
    path: Path
    result: ChunkedFile | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.result is not None


def document_id(data: bytes) -> str:
    """Content hash of the file's bytes: the same file re-ingested unchanged gets the same id."""
    return hashlib.sha256(data).hexdigest()[:16]


def chunk_file(path: Path, *, name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> ChunkedFile:
    """Load, clean, parse and chunk one file, known in the library as `name` (default: its base name).
    Raises IngestError naming the file."""
    loaded = load_file(path, max_bytes=max_bytes)
    cleaned = clean_scraped_text(loaded.text)
    if not cleaned.text.strip():
        raise IngestError(path, "no report text left after removing site boilerplate")
    parsed = parse_structure(cleaned.text, path.name)
    doc_id = document_id(path.read_bytes())
    chunks = chunk_document(parsed, doc_id=doc_id, source=name or path.name)
    if not chunks:
        raise IngestError(path, "no text to index (only headings)")
    for chunk in chunks:
        # Masked figures stay in the text as the source had them; metadata makes them visible
        # to the drafting checks, which must never treat "xx" as a figure to copy.
        chunk.metadata["masked_figures"] = " ".join(m for _, _, m in find_masked_figures(chunk.page_content))
        # Where the document came from: a later file of the same name from another folder is told apart.
        chunk.metadata["path"] = str(path)
    return ChunkedFile(
        path=path,
        doc_id=doc_id,
        parsed=parsed,
        chunks=chunks,
        removed_noise=len(cleaned.removed),
        masked_figures=cleaned.masked_figures,
    )


def chunk_files(
    paths: Iterable[Path],
    *,
    names: Mapping[Path, str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    recurring: RecurringParagraphs | None = None,
) -> Iterator[FileOutcome]:
    """Chunk each file in turn (named as `names` says, else by base name); failures are reported per
    file and the batch goes on.

    Paragraphs that an earlier file of the batch (or of `recurring`, when the caller keeps one
    across batches) already had are counted on the chunks that repeat them.
    """
    recurring = recurring if recurring is not None else RecurringParagraphs()
    for path in paths:
        try:
            chunked = chunk_file(path, name=(names or {}).get(path), max_bytes=max_bytes)
        except IngestError as err:
            yield FileOutcome(path=path, error=str(err))
            continue
        except Exception as err:  # noqa: BLE001 - a library bug on one odd file must not end the batch
            yield FileOutcome(path=path, error=f"{path.name}: unexpected {type(err).__name__}: {err}")
            continue
        chunked.recurring_paragraphs = recurring.mark(chunked.chunks)
        yield FileOutcome(path=path, result=chunked)
