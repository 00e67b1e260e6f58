"""Long verbatim copies from a passage are flagged: the passages are other organisations' reports, and
the small model copies whole sentences when it can. The writer must reword what is flagged."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_MIN_CHARS = 30


@dataclass(frozen=True)
class CopiedSpan:
    start: int
    end: int
    text: str
    passage: int


def find_copied_spans(
    draft: str, passages: Mapping[int, str], *, min_chars: int = DEFAULT_MIN_CHARS
) -> list[CopiedSpan]:
    """Maximal stretches of at least `min_chars` characters of `draft` that occur verbatim in a passage."""
    if min_chars <= 0:
        raise ValueError(f"min_chars must be positive, got {min_chars}")
    windows: dict[str, int] = {}
    for n, text in passages.items():
        for i in range(len(text) - min_chars + 1):
            windows.setdefault(text[i : i + min_chars], n)
    spans: list[CopiedSpan] = []
    i = 0
    while i <= len(draft) - min_chars:
        n = windows.get(draft[i : i + min_chars])
        if n is None:
            i += 1
            continue
        end = i + min_chars
        source = passages[n]
        while end < len(draft) and draft[i : end + 1] in source:
            end += 1
        spans.append(CopiedSpan(i, end, draft[i:end], n))
        i = end
    return spans
