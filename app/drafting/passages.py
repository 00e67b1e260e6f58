"""From retrieval hits to the numbered passages a draft is built on: few, diverse, of the right role."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from app.checks.numbers import FIXED_PHRASES, mask_figures
from ingest.chunk import known_year

DATA_START = "<<<资料开始>>>"
DATA_END = "<<<资料结束>>>"


class Hit(Protocol):
    """What the pipeline reads from a search hit (vectorstore.hybrid_search.SearchHit has it)."""

    text: str
    metadata: dict[str, Any]


@dataclass(frozen=True)
class Passage:
    n: int
    text: str
    source: str
    title: str
    year: int | None
    heading_path: str
    section_role: str
    doc_id: str
    region: str
    excerpt: str = ""  # what the model is shown (app.drafting.excerpts); empty: the whole text

    def as_citation(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "source": self.source,
            "title": self.title,
            "year": self.year,
            "heading_path": self.heading_path,
            "text": self.text,
        }


def choose_passages(
    hits: Sequence[Hit], *, max_passages: int, per_document: int, prefer_role: str | None
) -> list[Passage]:
    """Keep hits in rank order, those of the preferred role first, at most `per_document` per document;
    number them 1..n in that order."""
    if max_passages <= 0 or per_document <= 0:
        raise ValueError(f"max_passages and per_document must be positive, got {max_passages}, {per_document}")
    ranked = sorted(
        enumerate(hits), key=lambda item: (prefer_role is not None and item[1].metadata.get("section_role") != prefer_role, item[0])
    )
    chosen: list[Passage] = []
    per_doc: dict[str, int] = {}
    for _, hit in ranked:
        meta = hit.metadata
        doc = str(meta.get("doc_id") or meta.get("source") or "")
        if per_doc.get(doc, 0) >= per_document or not hit.text.strip():
            continue
        per_doc[doc] = per_doc.get(doc, 0) + 1
        chosen.append(
            Passage(
                n=len(chosen) + 1,
                text=hit.text.strip(),
                source=str(meta.get("source", "")),
                title=str(meta.get("title", "") or meta.get("source", "")),
                year=known_year(meta.get("year")),
                heading_path=str(meta.get("heading_path", "") or ""),
                section_role=str(meta.get("section_role", "") or ""),
                doc_id=doc,
                region=str(meta.get("region", "") or ""),
            )
        )
        if len(chosen) == max_passages:
            break
    return chosen


def _as_data(text: str) -> str:
    # A passage must not be able to close the data block and speak as the writer.
    return text.replace("<<<", "«").replace(">>>", "»")


def passage_labels(passages: Sequence[Passage]) -> list[tuple[str, int | None, str]]:
    """(title, year, heading path) of each passage: what a model may still write from what it knows of
    the passages (the search results and citations show them to the writer)."""
    return [(p.title, p.year, p.heading_path) for p in passages]


def format_passages(
    passages: Sequence[Passage], *, digest_chars: int | None = None, fixed_phrases: Sequence[str] = FIXED_PHRASES
) -> str:
    """The passages as one quoted data block, "[n] text" a line each, the text being the passage's
    excerpt when it has one, its figures masked to ×× (they are another year's or office's figures: the
    passage lends wording, the writer gives the numbers). No title, year or heading path: a small model
    copies labels into its prose. With `digest_chars`, each text is cut to that many characters (an
    outline needs only the gist)."""
    lines = [DATA_START]
    for p in passages:
        text = mask_figures(" ".join((p.excerpt or p.text).split()), fixed_phrases=fixed_phrases)
        if digest_chars is not None and len(text) > digest_chars:
            text = text[:digest_chars] + "……"
        lines.append(_as_data(f"[{p.n}] {text}"))
    lines.append(DATA_END)
    return "\n".join(lines)


def example_marker(passages: Sequence[Passage]) -> str:
    """The marker a prompt shows as its example citation: the first passage's."""
    return f"[{passages[0].n}]" if passages else "[1]"
