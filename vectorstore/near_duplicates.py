"""Near-duplicate detection for passages: sites copy each other's reports almost verbatim."""

from __future__ import annotations

import re

_NOISE = re.compile(r"[\s\u3000\W_]+", re.UNICODE)


def shingles(text: str, *, size: int = 5) -> frozenset[str]:
    """Character n-grams of the text with whitespace and punctuation removed."""
    compact = _NOISE.sub("", text).lower()
    if len(compact) <= size:
        return frozenset([compact]) if compact else frozenset()
    return frozenset(compact[i : i + size] for i in range(len(compact) - size + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def is_near_duplicate(a: frozenset[str], b: frozenset[str], *, threshold: float) -> bool:
    # Cheap length test first: Jaccard can never exceed min/max of the set sizes.
    small, large = sorted((len(a), len(b)))
    if large and small / large < threshold:
        return False
    return jaccard(a, b) >= threshold
