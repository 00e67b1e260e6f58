"""Where a query's words occur in a passage, for highlighting hits in the CLI and the UI."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from vectorstore.search_preferences import Bonus


def highlight_spans(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Merged (start, end) spans of every occurrence of `words` (single characters ignored) in `text`."""
    wanted = sorted({w for w in words if len(w.strip()) > 1}, key=len, reverse=True)
    if not wanted:
        return []
    pattern = re.compile("|".join(re.escape(w) for w in wanted), re.IGNORECASE)
    return merged_spans(match.span() for match in pattern.finditer(text))


def hit_spans(text: str, words: Iterable[str], bonuses: Iterable[Bonus]) -> list[tuple[int, int]]:
    """What to mark in a hit: the query's words and what earned it a bonus (the figure asked for)."""
    return merged_spans([*highlight_spans(text, words), *(span for bonus in bonuses for span in bonus.spans)])


def merged_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans sorted, overlapping or touching ones joined (words and figures marked together)."""
    joined: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def mark_spans(
    text: str,
    spans: Iterable[tuple[int, int]],
    *,
    before: str,
    after: str,
    escape: Callable[[str], str] = str,
) -> str:
    """`text` with each span wrapped in `before`/`after` (ANSI codes, 【】, <mark>…); the text itself,
    not the markers, passes through `escape` (html.escape for a page)."""
    pieces, position = [], 0
    for start, end in spans:
        pieces += [escape(text[position:start]), before, escape(text[start:end]), after]
        position = end
    pieces.append(escape(text[position:]))
    return "".join(pieces)
