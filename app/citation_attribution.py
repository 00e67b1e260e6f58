"""Citations the pipeline adds after generation, for paragraphs the model left without a valid one.

A small model often writes a sound paragraph from its passages and forgets the [n]. The passages it
drew on can be found mechanically: those sharing the largest share of the paragraph's content bigrams
(the measure of app.citation_check). Their markers are added only when that share passes a threshold
set above what a paragraph shares by chance with unrelated report text (on the government reports,
the best of 6 random passages shares a median 0.09 and a 95th percentile 0.17 of a 150-character
paragraph); otherwise the paragraph stays uncited and is reported. Every added marker is listed, so
the writer can tell citations the model wrote from those the pipeline attributed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.citation_check import support

_TRAILING_PUNCTUATION = "。！？；!?;，,、：:"
_SENTENCE_END = "。！？!?"
MAX_ATTRIBUTED = 2  # a paragraph usually draws on one or two passages; more markers are noise


@dataclass(frozen=True)
class AttributedCitation:
    n: int
    paragraph: int
    overlap: float


def supporting_passages(paragraph: str, passages: Mapping[int, str], *, min_overlap: float) -> list[tuple[int, float]]:
    """(n, share) of the passages sharing at least `min_overlap` of the paragraph's content, best first
    (lower number first on ties), at most MAX_ATTRIBUTED."""
    scored = sorted(((support(paragraph, text), n) for n, text in passages.items()), key=lambda s: (-s[0], s[1]))
    return [(n, overlap) for overlap, n in scored if overlap >= min_overlap][:MAX_ATTRIBUTED]


def attribute_paragraph(
    paragraph: str, passages: Mapping[int, str], *, paragraph_index: int, min_overlap: float
) -> tuple[str, list[AttributedCitation]]:
    """Add the markers of the passages that support the paragraph (see `supporting_passages`) before
    its final punctuation; a paragraph no passage supports is returned unchanged with no attributions."""
    found = supporting_passages(paragraph, passages, min_overlap=min_overlap)
    if not found:
        return paragraph, []
    body = paragraph.rstrip()
    ending = body[-1] if body.endswith(tuple(_SENTENCE_END)) else "。"
    markers = "".join(f"[{n}]" for n, _ in found)
    attributed = [AttributedCitation(n, paragraph_index, round(overlap, 3)) for n, overlap in found]
    return f"{body.rstrip(_TRAILING_PUNCTUATION)}{markers}{ending}", attributed
