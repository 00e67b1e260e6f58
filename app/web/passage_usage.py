"""Which parts of a cited passage a draft actually used, for highlighting them beside the draft."""

from __future__ import annotations

from app.checks.text import CONTENT_CHAR

USED_GRAM_CHARS = 4  # shorter shared runs are mostly register phrases (进一步加强, 工作成效)


def _grams(text: str, size: int) -> set[str]:
    chars = "".join(CONTENT_CHAR.findall(text))
    return {chars[i : i + size] for i in range(len(chars) - size + 1)}


def used_spans(passage: str, draft: str, *, size: int = USED_GRAM_CHARS) -> list[tuple[int, int]]:
    """Merged (start, end) spans of `passage` covered by runs of `size` content characters that also
    occur in `draft` (punctuation and spaces ignored on both sides)."""
    drafted = _grams(draft, size)
    if not drafted:
        return []
    positions = [i for i, ch in enumerate(passage) if CONTENT_CHAR.match(ch)]
    spans: list[tuple[int, int]] = []
    for k in range(len(positions) - size + 1):
        window = positions[k : k + size]
        if "".join(passage[i] for i in window) not in drafted:
            continue
        start, end = window[0], window[-1] + 1
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def paragraphs_citing(draft: str, n: int) -> str:
    """The draft's paragraphs that carry the marker [n] (the whole draft when none does)."""
    marker = f"[{n}]"
    citing = [p for p in draft.split("\n\n") if marker in p]
    return "\n\n".join(citing) if citing else draft
