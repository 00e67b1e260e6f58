"""Reciprocal rank fusion of several ranked lists of ids."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def reciprocal_rank_fusion(
    rankings: Mapping[str, Sequence[str]],
    *,
    weights: Mapping[str, float],
    k: int = 60,
) -> list[tuple[str, float, dict[str, int]]]:
    """Fuse ranked id lists: score(id) = sum over lists of weight / (k + rank), ranks counted from 1.

    Returns (id, score, {list name: rank}) best first; ties keep the order in which ids were first seen,
    lists visited in the mapping's order, so the result is deterministic.
    """
    if k <= 0:
        raise ValueError(f"rank fusion k must be positive, got {k}")
    scores: dict[str, float] = {}
    ranks: dict[str, dict[str, int]] = {}
    for name, ids in rankings.items():
        weight = weights.get(name, 1.0)
        for rank, item in enumerate(ids, start=1):
            if name in ranks.setdefault(item, {}):
                continue
            ranks[item][name] = rank
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    order = sorted(scores, key=lambda item: -scores[item])
    return [(item, scores[item], ranks[item]) for item in order]
