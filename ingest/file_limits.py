"""Size limits that keep one oversized or hostile file from exhausting memory during ingest."""

import zipfile
from pathlib import Path

from ingest.errors import IngestError

DEFAULT_MAX_BYTES = 20 * 2**20
# A .docx is a zip: refuse archives that would inflate far beyond any real report.
MAX_UNZIPPED_BYTES = 200 * 2**20
MAX_MEMBER_RATIO = 100
RATIO_CHECK_MIN_BYTES = 10 * 2**20


def check_file_size(path: Path, size: int, max_bytes: int) -> None:
    """Refuse a file larger than max_bytes, naming both sizes."""
    if size > max_bytes:
        raise IngestError(
            path, f"file too large: {describe_size(size)} > {describe_size(max_bytes, exact=True)} limit"
        )


def check_zip_members(
    path: Path,
    members: list[zipfile.ZipInfo],
    *,
    max_total_bytes: int = MAX_UNZIPPED_BYTES,
    max_ratio: float = MAX_MEMBER_RATIO,
    ratio_min_bytes: int = RATIO_CHECK_MIN_BYTES,
) -> None:
    """Refuse a zip bomb from its directory alone, before anything is decompressed.

    zipfile stops reading a member at its declared size, so the declared sizes bound the work.
    """
    total = sum(info.file_size for info in members)
    if total > max_total_bytes:
        raise IngestError(
            path,
            f"zip bomb suspected: unpacks to {describe_size(total)} "
            f"> {describe_size(max_total_bytes, exact=True)} limit",
        )
    for info in members:
        if info.file_size <= ratio_min_bytes:
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > max_ratio:
            raise IngestError(
                path,
                f"zip bomb suspected: member {info.filename} expands {ratio:.0f}x "
                f"to {describe_size(info.file_size)}",
            )


def describe_size(size: int, *, exact: bool = False) -> str:
    """Human-readable size; exact=True drops a trailing ".0" (limits read better as "20 MB")."""
    for unit, scale in (("MB", 2**20), ("KB", 2**10)):
        if size >= scale:
            figure = f"{size / scale:.1f}"
            if exact:
                figure = figure.removesuffix(".0")
            return f"{figure} {unit}"
    return f"{size} bytes"
