"""Scoring functions of the retrieval quality benchmark; pure functions over strings and ranks.

Definitions (the benchmark's docstring repeats them):
- topic recall@k: distinct relevant sections among the top-k passages / min(k, number of relevant
  sections); a passage counts for the section holding most of it (see `SectionLocator`).
- topic precision@k: share of the k slots filled by a passage of a relevant section (empty slots miss).
- reference-content recall: share of the reference's sentences whose best char-bigram F1 against a
  sentence-length window of some top-k passage reaches the threshold (0.5). Windows, never whole
  chunks: a 500-character chunk shares many bigrams with any sentence of its topic.
- known item: a passage hits when it comes from the target source and contains the target sentence
  (whitespace-stripped), or, if a chunk boundary split the sentence, its first or second half.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bench.bench_corpus import strip_invisible
from eval.retrieval_scores import sentence_matched

SENTENCE_END = re.compile(r"(?<=[。！？!?])|\n+")
MIN_SENTENCE_CHARS = 8


def split_sentences(text: str) -> list[str]:
    """Sentences ending in 。！？ (or a line break), whitespace-stripped; fragments under 8 chars dropped."""
    pieces = (strip_invisible(p) for p in SENTENCE_END.split(text))
    return [p for p in pieces if len(p) >= MIN_SENTENCE_CHARS]


def reference_content_recall(reference: str, passages: Sequence[str], threshold: float = 0.5) -> float:
    sentences = split_sentences(reference)
    if not sentences:
        raise ValueError("reference text has no sentence of 8 characters or more")
    return sum(sentence_matched(s, passages, threshold) for s in sentences) / len(sentences)


SectionKey = tuple[int, int]  # (year, jsonl line)


def topic_recall_at_k(retrieved: Sequence[SectionKey | None], relevant: set[SectionKey], k: int) -> float:
    if not relevant:
        raise ValueError("topic recall needs at least one relevant section")
    found = {s for s in retrieved[:k] if s is not None and s in relevant}
    return len(found) / min(k, len(relevant))


def topic_precision_at_k(retrieved: Sequence[SectionKey | None], relevant: set[SectionKey], k: int) -> float:
    return sum(1 for s in retrieved[:k] if s is not None and s in relevant) / k


def contains_target(passage: str, sentence: str) -> bool:
    p, s = strip_invisible(passage), strip_invisible(sentence)
    if not s:
        raise ValueError("empty target sentence")
    half = (len(s) + 1) // 2
    return s in p or s[:half] in p or s[len(s) - half :] in p


def first_hit_rank(hits: Sequence[bool]) -> int | None:
    """1-based rank of the first hit, None when nothing hit."""
    return next((rank for rank, hit in enumerate(hits, start=1) if hit), None)


def hit_at(rank: int | None, k: int) -> float:
    return 1.0 if rank is not None and rank <= k else 0.0


def reciprocal_rank_at(rank: int | None, k: int) -> float:
    return 1.0 / rank if rank is not None and rank <= k else 0.0


@dataclass(frozen=True)
class LocatedSection:
    key: SectionKey
    start: int
    end: int


class SectionLocator:
    """Maps a passage of a gov report to the dev-set section that holds most of its characters.

    All offsets are in whitespace-stripped text, so cleaning that only changes whitespace still maps.
    """

    def __init__(self, reports: dict[str, str], sections: dict[str, list[tuple[SectionKey, str]]]) -> None:
        self._reports = {src: strip_invisible(t) for src, t in reports.items()}
        self._sections: dict[str, list[LocatedSection]] = {}
        for source, items in sections.items():
            report = self._reports.get(source)
            if report is None:
                raise ValueError(f"sections given for {source}, which is not among the reports")
            located = []
            for key, text in items:
                body = strip_invisible(text)
                start = report.find(body)
                if start < 0:
                    raise ValueError(f"section {key} not found verbatim in {source}")
                located.append(LocatedSection(key, start, start + len(body)))
            self._sections[source] = located

    def _span(self, report: str, passage: str) -> tuple[int, int] | None:
        start = report.find(passage)
        if start >= 0:
            return start, start + len(passage)
        anchor = min(30, len(passage))
        head, tail = report.find(passage[:anchor]), report.find(passage[-anchor:])
        if head >= 0 and tail >= head:
            return head, tail + anchor
        if head >= 0:
            return head, head + anchor
        if tail >= 0:
            return tail, tail + anchor
        return None

    def section_of(self, source: str, passage: str) -> SectionKey | None:
        report = self._reports.get(source)
        if report is None or source not in self._sections:
            return None
        body = strip_invisible(passage)
        if not body:
            return None
        span = self._span(report, body)
        if span is None:
            return None
        start, end = span
        best: tuple[int, SectionKey] | None = None
        for section in self._sections[source]:
            overlap = min(end, section.end) - max(start, section.start)
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, section.key)
        if best is None or best[0] * 2 < end - start:
            return None
        return best[1]
