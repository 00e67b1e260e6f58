"""The part of a passage worth showing the model: the run of sentences that best matches the query.

Prompt processing on 2 CPU cores is most of the time to the first token, so each passage is cut to a
couple of hundred characters around the query's terms instead of being shown whole.
"""

from __future__ import annotations

from app.checks.text import content_bigrams, split_sentences


def excerpt(text: str, query: str, *, max_chars: int) -> str:
    """The consecutive sentences of `text`, at most `max_chars` long, sharing the most content bigrams
    with `query` (the earliest such run on ties); a first sentence longer than `max_chars` is cut."""
    if max_chars <= 0:
        raise ValueError(f"max_chars must be positive, got {max_chars}")
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text
    sentences = split_sentences(text)
    wanted = content_bigrams(query)
    hits = [len(content_bigrams(s) & wanted) for s in sentences]
    best, best_score = (0, 0), -1
    for start in range(len(sentences)):
        end, size = start, 0
        while end < len(sentences) and size + len(sentences[end]) <= max_chars:
            size += len(sentences[end])
            end += 1
        score = sum(hits[start:end]) if end > start else hits[start]
        if score > best_score:
            best, best_score = (start, max(end, start + 1)), score
    chosen = "".join(sentences[best[0] : best[1]])
    return chosen[:max_chars]
