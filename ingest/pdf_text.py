"""Text layer of a PDF, page by page, with pypdf."""

import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError

from ingest.errors import IngestError
from ingest.library_errors import describe_library_error
from ingest.pdf_lines import join_wrapped_lines

ENCRYPTED_REASON = "encrypted PDF, cannot read without password"
SCANNED_REASON = "no text layer (scanned PDF?)"


def extract_pdf_text(data: bytes, path: Path) -> str:
    """Return every page's text joined with "\\n". Raises IngestError."""
    if b"%PDF-" not in data[:1024]:
        raise IngestError(path, "not a PDF file (no %PDF header)")
    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                _decrypt_without_password(reader, path)
            pages = list(reader.pages)
        except IngestError:
            raise
        except Exception as exc:  # pypdf raises many types on damaged files
            raise IngestError(path, f"corrupt PDF: {describe_library_error(exc)}") from exc
        if not pages:
            raise IngestError(path, "PDF has no pages")
        texts = []
        for number, page in enumerate(pages, start=1):
            try:
                texts.append(join_wrapped_lines(page.extract_text()))
            except Exception as exc:
                raise IngestError(path, f"corrupt PDF, page {number}: {describe_library_error(exc)}") from exc
    text = "\n".join(texts)
    if not text.strip():
        raise IngestError(path, SCANNED_REASON)
    return text


def _decrypt_without_password(reader: PdfReader, path: Path) -> None:
    # Many published PDFs are encrypted only to restrict printing or copying: the user password
    # is empty and they open without asking.
    try:
        opened = reader.decrypt("")
    except DependencyError as exc:
        raise IngestError(path, f"encrypted PDF needs the 'cryptography' package: {exc}") from exc
    except Exception as exc:
        raise IngestError(path, f"corrupt PDF encryption: {describe_library_error(exc)}") from exc
    if not opened:
        raise IngestError(path, ENCRYPTED_REASON)


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Keep pypdf's complaints about recoverable damage off the user's terminal."""
    logger = logging.getLogger("pypdf")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(previous)
