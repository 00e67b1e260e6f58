"""Where a query's words occur in a passage, for highlighting hits in the CLI and the UI."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable


def highlight_spans(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Merged (start, end) spans of every occurrence of `words` (single characters ignored) in `text`."""
    wanted = sorted({w for w in words if len(w.strip()) > 1}, key=len, reverse=True)
    if not wanted:
        return []
    pattern = re.compile("|".join(re.escape(w) for w in wanted), re.IGNORECASE)
    spans: list[tuple[int, int]] = []
    for match in pattern.finditer(text):
        start, end = match.span()
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


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
