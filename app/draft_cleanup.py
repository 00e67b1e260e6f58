"""Repairs a small model's draft needs before it is checked: repeated paragraphs and sentences, and
length beyond the target. Lengths count characters of text, not citation markers or whitespace."""

from __future__ import annotations

import re

from app.citation_check import CITATION, content_bigrams

_SENTENCE = re.compile(r"[^。！？；!?;]+[。！？；!?;]?(?:\s*[\[［【][\d,，、\s]+[\]］】])*")
DUPLICATE_SIMILARITY = 0.8


def draft_length(text: str) -> int:
    return len(re.sub(r"\s", "", CITATION.sub("", text)))


def _similar(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= DUPLICATE_SIMILARITY


def split_sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE.findall(paragraph) if s.strip()]


def remove_repeats(text: str) -> tuple[str, list[str]]:
    """Drop paragraphs that (nearly) repeat an earlier one, then sentences repeated within the draft.
    Returns the cleaned text and what was removed."""
    removed: list[str] = []
    kept_paragraphs: list[str] = []
    seen_paragraphs: list[set[str]] = []
    for paragraph in (p.strip() for p in text.split("\n")):
        if not paragraph:
            continue
        grams = content_bigrams(paragraph)
        if any(_similar(grams, seen) for seen in seen_paragraphs):
            removed.append(paragraph)
            continue
        seen_paragraphs.append(grams)
        kept_paragraphs.append(paragraph)
    seen_sentences: set[str] = set()
    result: list[str] = []
    for paragraph in kept_paragraphs:
        sentences: list[str] = []
        for sentence in split_sentences(paragraph):
            key = re.sub(r"\s", "", CITATION.sub("", sentence)).rstrip("。！？；!?;")
            if len(key) >= 8 and key in seen_sentences:
                removed.append(sentence.strip())
                continue
            seen_sentences.add(key)
            sentences.append(sentence)
        if sentences:
            result.append("".join(sentences).strip())
    return "\n\n".join(result), removed


def trim_to_length(text: str, max_chars: int) -> str:
    """Cut the text at the last sentence end that keeps it within `max_chars` (at least one sentence stays)."""
    if draft_length(text) <= max_chars:
        return text
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    kept: list[str] = []
    total = 0
    for paragraph in paragraphs:
        sentences: list[str] = []
        for sentence in split_sentences(paragraph):
            size = draft_length(sentence)
            if total + size > max_chars and (kept or sentences):
                if sentences:
                    kept.append("".join(sentences).strip())
                return "\n\n".join(kept)
            sentences.append(sentence)
            total += size
        kept.append("".join(sentences).strip())
    return "\n\n".join(kept)
