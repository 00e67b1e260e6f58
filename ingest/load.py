"""Which files to ingest, and each one's plain text: the first step of ingest.

load_file never lets a library's own exception escape: every failure is an IngestError that
names the file, so one bad file is reported and the batch goes on.
"""

import os
from collections import Counter
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
    skipped: list[Path]  # unknown types and links, as found, to be listed to the user; hidden files are left out silently
    missing: list[Path]  # paths given that do not exist
    unreadable: list[Path]  # folders that could not be listed
    # Each file's document name: its path relative to the folder given (ingest.load._names), so two
    # 工作总结.md in folders 2022/ and 2023/ are two documents, and a file given alone is its base name.
    names: dict[Path, str]  # one for each of `files`

    @property
    def complete(self) -> bool:
        """True when every path given was found and every folder under it listed: only then do the files
        stand for everything the writer keeps there (what `--prune` relies on)."""
        return not self.missing and not self.unreadable


def collect_files(paths: Iterable[Path]) -> FileSelection:
    """Expand files and folders (recursively) into the files to ingest, each with its document name."""
    found: dict[Path, tuple[Path, Path]] = {}  # resolved path -> (the path as found, links kept; its root)
    skipped: set[Path] = set()
    missing: list[Path] = []
    unreadable: list[Path] = []
    for given in paths:
        given = Path(os.path.abspath(given))  # ".." gone, links kept: a name follows the folders as the writer sees them
        if given.is_dir():
            for path in _walk(given, unreadable):
                _sort_into(path, given, found, skipped)
        elif given.is_file():
            # A file named explicitly is taken even when hidden: the user asked for it.
            _sort_into(given, given.parent, found, skipped)
        elif given.exists():
            skipped.add(given)  # a device, pipe or socket
        else:
            missing.append(given)
    return FileSelection(
        files=sorted(found), skipped=sorted(skipped), missing=missing, unreadable=unreadable, names=_names(found)
    )


def _names(found: dict[Path, tuple[Path, Path]]) -> dict[Path, str]:
    """Each file's path relative to the folder given (a file given alone: its base name); where two
    given paths yield the same name ("2022/" and "2023/" both holding 工作总结.md), those files are
    named from the deepest folder holding all the paths given instead."""
    names = {resolved: path.relative_to(root).as_posix() for resolved, (path, root) in found.items()}
    counts = Counter(names.values())
    if any(n > 1 for n in counts.values()):
        base = Path(os.path.commonpath([str(root) for _, root in found.values()]))
        for resolved, (path, _) in found.items():
            if counts[names[resolved]] > 1:
                names[resolved] = path.relative_to(base).as_posix()
    return names


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


def _walk(folder: Path, unreadable: list[Path]) -> Iterable[Path]:
    """Files under `folder`; a folder that cannot be listed is added to `unreadable` (os.walk would
    otherwise skip it in silence)."""
    for root, dirs, names in os.walk(folder, onerror=lambda err: unreadable.append(Path(err.filename))):
        # Hidden folders (.git, .venv) and Office's "~$name.docx" lock files are never documents.
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        # os.walk lists a link to a folder among the folders and does not follow it: yield it, to be named.
        links = [d for d in dirs if os.path.islink(os.path.join(root, d))]
        for name in [*names, *links]:
            if not name.startswith((".", "~$")):
                yield Path(root, name)


def _sort_into(path: Path, root: Path, found: dict[Path, tuple[Path, Path]], skipped: set[Path]) -> None:
    if path.suffix.lower() in SUPPORTED_SUFFIXES and path.is_file():
        found.setdefault(path.resolve(), (path, root))
    else:
        skipped.add(path)  # as found: a link is named by itself, not by its target


def _unix_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
