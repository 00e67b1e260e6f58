"""Side-by-side of two runs' metrics.json: summary deltas and per-case wins and losses per metric."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from eval.definitions import BY_NAME

# Differences smaller than this are ties: float noise and rounding must not count as a win.
TIE_TOLERANCE = 1e-3


class ComparisonError(ValueError):
    """The other folder's metrics.json is not a metrics document."""


@dataclass(frozen=True)
class MetricComparison:
    name: str
    this_mean: float | None
    other_mean: float | None
    wins: int  # cases where this run is better
    losses: int
    ties: int


@dataclass(frozen=True)
class Comparison:
    other_name: str
    metrics: list[MetricComparison]
    per_case: dict[str, dict[str, int]] = field(default_factory=dict)  # id -> {"wins", "losses", "ties"}
    only_here: list[str] = field(default_factory=list)
    only_there: list[str] = field(default_factory=list)


def outcome(name: str, this: float, other: float) -> int:
    """+1 when `this` is better on the metric, -1 when worse, 0 within TIE_TOLERANCE."""
    difference = this - other
    if abs(difference) <= TIE_TOLERANCE:
        return 0
    better = difference > 0 if BY_NAME[name].higher_is_better else difference < 0
    return 1 if better else -1


def compare_runs(this: Mapping[str, Any], other: Mapping[str, Any], *, other_name: str) -> Comparison:
    for key in ("summary", "per_case"):
        if key not in other:
            raise ComparisonError(f"metrics.json has no {key!r}: not written by `wengao eval`")
    here = {c["id"]: c for c in this["per_case"]}
    there = {c["id"]: c for c in other["per_case"]}
    shared = [i for i in here if i in there]
    per_case = {i: {"wins": 0, "losses": 0, "ties": 0} for i in shared}
    metrics = []
    for name in BY_NAME:
        if name not in this["summary"] and name not in other["summary"]:
            continue
        counts = {1: 0, -1: 0, 0: 0}
        for case_id in shared:
            a, b = here[case_id].get(name), there[case_id].get(name)
            if isinstance(a, (int, float)) and isinstance(b, (int, float)):
                result = outcome(name, a, b)
                counts[result] += 1
                per_case[case_id][{1: "wins", -1: "losses", 0: "ties"}[result]] += 1
        metrics.append(
            MetricComparison(
                name,
                this["summary"].get(name, {}).get("mean"),
                other["summary"].get(name, {}).get("mean"),
                wins=counts[1],
                losses=counts[-1],
                ties=counts[0],
            )
        )
    return Comparison(
        other_name=other_name,
        metrics=metrics,
        per_case=per_case,
        only_here=[i for i in here if i not in there],
        only_there=[i for i in there if i not in here],
    )
