"""Which files to ingest, and each one's plain text: the first step of ingest.

load_file never lets a library's own exception escape: every failure is an IngestError that
names the file, so one bad file is reported and the batch goes on.
"""

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import IngestError
from ingest.file_limits import DEFAULT_MAX_BYTES, check_file_size
from ingest.markdown_text import strip_markdown
from ingest.text_encoding import EMPTY_REASON, decode_html, decode_text

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".docx", ".pdf", ".html", ".htm"})
_FORMATS = {".txt": "txt", ".md": "md", ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html"}


@dataclass(frozen=True)
class LoadedFile:
    path: Path
    text: str  # plain text, paragraphs separated by "\n"
    format: str  # "txt" | "md" | "docx" | "pdf" | "html"
    encoding: str | None  # detected encoding for txt/md/html, else None


@dataclass(frozen=True)
class FileSelection:
    files: list[Path]  # files to ingest, sorted, de-duplicated (resolved paths)
    skipped: list[Path]  # unknown types, to be listed to the user; hidden files are left out silently
    missing: list[Path]  # paths given that do not exist


def collect_files(paths: Iterable[Path]) -> FileSelection:
    """Expand files and folders (recursively) into the files to ingest."""
    files: set[Path] = set()
    skipped: set[Path] = set()
    missing: list[Path] = []
    for given in paths:
        given = Path(given)
        if given.is_dir():
            for found in _walk(given):
                _sort_into(found, files, skipped)
        elif given.is_file():
            # A file named explicitly is taken even when hidden: the user asked for it.
            _sort_into(given, files, skipped)
        elif given.exists():
            skipped.add(given.resolve())  # a device, pipe or socket
        else:
            missing.append(given)
    return FileSelection(files=sorted(files), skipped=sorted(skipped), missing=missing)


def load_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedFile:
    """Read one file into plain text. Raises IngestError naming the file and the reason."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(path, f"unsupported file type '{path.suffix or '(none)'}'")
    data = _read_bytes(path, max_bytes)
    if not data:
        raise IngestError(path, EMPTY_REASON)
    file_format = _FORMATS[suffix]
    encoding: str | None = None
    if file_format in ("txt", "md"):
        text, encoding = decode_text(data, path)
        if file_format == "md":
            text = strip_markdown(text)
    # Parsers are imported on first use: trafilatura alone takes ~0.6 s to import.
    elif file_format == "html":
        from ingest.html_text import extract_html_text

        html, encoding = decode_html(data, path)
        text = extract_html_text(html, path)
    elif file_format == "docx":
        from ingest.docx_text import extract_docx_text

        text = extract_docx_text(data, path)
    else:
        from ingest.pdf_text import extract_pdf_text

        text = extract_pdf_text(data, path)
    return LoadedFile(path=path, text=_unix_newlines(text), format=file_format, encoding=encoding)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        if not path.exists():
            raise IngestError(path, "file not found")
        if not path.is_file():
            raise IngestError(path, "not a regular file")
        check_file_size(path, path.stat().st_size, max_bytes)
        with path.open("rb") as handle:
            # Read one byte past the limit: the file may have grown since stat().
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise IngestError(path, "cannot read file: permission denied") from None
    except OSError as exc:
        raise IngestError(path, f"cannot read file: {exc.strerror or exc}") from None
    check_file_size(path, len(data), max_bytes)
    return data


def _walk(folder: Path) -> Iterable[Path]:
    for root, dirs, names in os.walk(folder):
        # Hidden folders (.git, .venv) and Office's "~$name.docx" lock files are never documents.
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.startswith((".", "~$")):
                yield Path(root, name)


def _sort_into(path: Path, files: set[Path], skipped: set[Path]) -> None:
    if path.suffix.lower() in SUPPORTED_SUFFIXES and path.is_file():
        files.add(path.resolve())
    else:
        skipped.add(path.resolve())


def _unix_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
