"""File names of uploads made safe to store: the base name only, no control or reserved characters,
Chinese kept (writers name their reports in Chinese)."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_CHARS = 120
# Reserved on Windows or meaningful to shells and paths; replaced so a name stays readable.
_RESERVED = re.compile(r'[<>:"/\\|?*]')


class UnsafeFileName(ValueError):
    """Nothing usable is left of an uploaded file's name."""


def safe_file_name(name: str) -> str:
    """The base name of `name` (either slash), NFC, without control/format characters or reserved
    punctuation, without leading dots (no hidden files, no '..'), at most MAX_NAME_CHARS keeping the suffix."""
    base = re.split(r"[/\\]", name)[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"))
    base = _RESERVED.sub("_", base).strip().lstrip(".").strip()
    if "." in base:
        stem, suffix = base.rsplit(".", 1)
        suffix = "." + suffix
    else:
        stem, suffix = base, ""
    stem = stem.rstrip(". ")
    if not stem:
        raise UnsafeFileName(f"upload name {name!r} has no usable characters")
    if len(suffix) > 16:
        stem, suffix = stem + suffix, ""
    return stem[: MAX_NAME_CHARS - len(suffix)] + suffix.lower()
