"""Citations the pipeline adds after generation, for paragraphs the model left without a valid one.

A small model often writes a sound paragraph from a passage and forgets the [n]. The passage it drew
on can be found mechanically: the one sharing the largest share of the paragraph's content bigrams
(the measure of app.citation_check). Its marker is added only when that share passes the support
threshold; otherwise the paragraph stays uncited and is reported as such. Every added marker is
listed, so the writer can tell citations the model wrote from those the pipeline attributed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.citation_check import support

_TRAILING_PUNCTUATION = "。！？；!?;，,、：:"
_SENTENCE_END = "。！？!?"


@dataclass(frozen=True)
class AttributedCitation:
    n: int
    paragraph: int
    overlap: float


def best_passage(paragraph: str, passages: Mapping[int, str]) -> tuple[int, float] | None:
    """The passage sharing most content with the paragraph, and that share (lowest number on ties)."""
    scored = [(support(paragraph, text), -n) for n, text in passages.items()]
    if not scored:
        return None
    overlap, neg_n = max(scored)
    return -neg_n, overlap


def attribute_paragraph(
    paragraph: str, passages: Mapping[int, str], *, paragraph_index: int, min_overlap: float
) -> tuple[str, AttributedCitation | None]:
    """Add the marker of the best-supporting passage before the paragraph's final punctuation, when its
    support reaches `min_overlap`; otherwise return the paragraph unchanged and None."""
    found = best_passage(paragraph, passages)
    if found is None or found[1] < min_overlap:
        return paragraph, None
    n, overlap = found
    body = paragraph.rstrip()
    stripped = body.rstrip(_TRAILING_PUNCTUATION)
    ending = body[-1] if body.endswith(tuple(_SENTENCE_END)) else "。"
    return f"{stripped}[{n}]{ending}", AttributedCitation(n, paragraph_index, round(overlap, 3))
