"""Retrieval scorers over a case's ranked passages (results.jsonl "retrieved").

Relevance comes from the case's labels: with `relevant_sections`, a passage is relevant when its source
matches and its heading path contains the labelled heading (numbering and end punctuation ignored);
else with `relevant_sources`, when its source is one of them. Reference-content recall needs no labels,
only the reference text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|\n+")
MIN_SENTENCE_CHARS = 8
MATCH_THRESHOLD = 0.5
_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u2060\ufeff]+")
_HEADING_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])\s*")


def _plain(text: str) -> str:
    return _INVISIBLE.sub("", text)


def normal_heading(heading: str) -> str:
    return _plain(_HEADING_NUMBER.sub("", heading)).rstrip("。.；;")


def relevant_unit(passage: Mapping[str, Any], sources: Sequence[str], sections: Sequence[Mapping[str, str]]) -> str | None:
    """The label a passage satisfies ("source" or "source#heading"), or None when it is not relevant."""
    source = passage.get("source") or ""
    if sections:
        path = _plain(passage.get("heading_path") or "")
        for section in sections:
            heading = normal_heading(section["heading"])
            if section["source"] == source and heading and heading in path:
                return f"{source}#{heading}"
        return None
    return source if source in sources else None


def relevant_units(sources: Sequence[str], sections: Sequence[Mapping[str, str]]) -> set[str]:
    if sections:
        return {f"{s['source']}#{normal_heading(s['heading'])}" for s in sections}
    return set(sources)


def recall_at_k(units: Sequence[str | None], relevant: set[str], k: int) -> float:
    """Distinct relevant units among the top k / min(k, number of relevant units)."""
    if not relevant:
        raise ValueError("recall@k needs at least one relevant unit")
    return len({u for u in units[:k] if u is not None}) / min(k, len(relevant))


def reciprocal_rank(units: Sequence[str | None]) -> float:
    """1 / rank of the first relevant passage; 0 when none is relevant."""
    return next((1.0 / rank for rank, unit in enumerate(units, start=1) if unit is not None), 0.0)


def split_sentences(text: str) -> list[str]:
    """Sentences ending in 。！？； (or a line break), whitespace removed; pieces under 8 characters dropped."""
    return [s for s in (_plain(p) for p in SENTENCE_END.split(text)) if len(s) >= MIN_SENTENCE_CHARS]


def char_bigrams(text: str) -> Counter[str]:
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


def bigram_f1(a: str, b: str) -> float:
    ga, gb = char_bigrams(a), char_bigrams(b)
    if not ga or not gb:
        return 0.0
    return 2 * sum((ga & gb).values()) / (sum(ga.values()) + sum(gb.values()))


def best_window_f1(sentence: str, passage: str) -> float:
    """Best char-bigram F1 of the sentence against passage windows of the sentence's length, started every
    quarter of that length (and at the end): a whole chunk would dilute a copied sentence."""
    s, p = _plain(sentence), _plain(passage)
    width = len(s)
    if width < 2 or len(p) < 2:
        return 0.0
    if len(p) <= width:
        return bigram_f1(s, p)
    step = max(1, width // 4)
    starts = list(range(0, len(p) - width + 1, step))
    if starts[-1] != len(p) - width:
        starts.append(len(p) - width)
    return max(bigram_f1(s, p[i : i + width]) for i in starts)


def sentence_matched(sentence: str, passages: Sequence[str], threshold: float = MATCH_THRESHOLD) -> bool:
    target = char_bigrams(_plain(sentence))
    total = sum(target.values())
    if total == 0:
        return False
    for passage in passages:
        # A window's F1 cannot exceed the share of the sentence's bigrams found anywhere in the passage.
        if sum((target & char_bigrams(_plain(passage))).values()) / total >= threshold and best_window_f1(sentence, passage) >= threshold:
            return True
    return False


def reference_content_recall(reference: str, passages: Sequence[str], threshold: float = MATCH_THRESHOLD) -> float | None:
    """Share of the reference's sentences whose best window F1 against some passage reaches `threshold`.
    None when the reference has no sentence of 8 characters or more."""
    sentences = split_sentences(reference)
    if not sentences:
        return None
    return sum(sentence_matched(s, passages, threshold) for s in sentences) / len(sentences)
