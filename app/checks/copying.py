"""Long verbatim copies from a passage are flagged: the passages are other organisations' reports, and
the small model copies whole sentences when it can. The writer must reword what is flagged."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.checks.numbers import mask_figures
from app.checks.text import content_chars

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


PASTED_MIN_CHARS = 20


def pasted_share(draft: str, passages: Sequence[str], *, min_chars: int = PASTED_MIN_CHARS) -> float:
    """Share of the draft's characters that lie inside a stretch of at least `min_chars` characters found
    verbatim in a passage. Both sides are compared as content (app.checks.text.content_chars): whitespace,
    punctuation and citation markers do not count, and figures are masked on both sides, so a sentence
    copied with its figure blanked still counts as copied. 0 for an empty draft."""
    body = content_chars(mask_figures(draft))
    if len(body) < min_chars:
        return 0.0
    windows = {
        text[i : i + min_chars]
        for passage in passages
        for text in (content_chars(mask_figures(passage)),)
        for i in range(len(text) - min_chars + 1)
    }
    covered = [False] * len(body)
    for i in range(len(body) - min_chars + 1):
        if body[i : i + min_chars] in windows:
            covered[i : i + min_chars] = [True] * min_chars
    return sum(covered) / len(body)
