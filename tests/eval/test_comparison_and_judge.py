"""Run comparison (wins, losses, ties by each metric's direction) and the judge's reply parsing."""

from __future__ import annotations

import pytest

from eval.comparison import ComparisonError, compare_runs
from eval.judge import parse_scores


def _doc(per_case: list[dict]) -> dict:
    names = {k for c in per_case for k in c if k not in ("id", "error")}
    summary = {n: {"mean": sum(c[n] for c in per_case if n in c) / len(per_case)} for n in names}
    return {"summary": summary, "per_case": per_case}


def test_wins_and_losses_follow_each_metrics_direction():
    this = _doc([
        {"id": "a", "error": None, "rouge_l_char": 0.5, "latency_s": 10.0},
        {"id": "b", "error": None, "rouge_l_char": 0.2, "latency_s": 30.0},
        {"id": "c", "error": None, "rouge_l_char": 0.3, "latency_s": 5.0},
    ])
    other = _doc([
        {"id": "a", "error": None, "rouge_l_char": 0.4, "latency_s": 20.0},
        {"id": "b", "error": None, "rouge_l_char": 0.3, "latency_s": 20.0},
        {"id": "c", "error": None, "rouge_l_char": 0.3004, "latency_s": 5.0},
        {"id": "d", "error": None, "rouge_l_char": 0.9, "latency_s": 1.0},
    ])
    result = compare_runs(this, other, other_name="old")
    by_name = {m.name: m for m in result.metrics}
    assert (by_name["rouge_l_char"].wins, by_name["rouge_l_char"].losses, by_name["rouge_l_char"].ties) == (1, 1, 1)
    # Lower latency is better: a (10 < 20) wins, b (30 > 20) loses, c ties.
    assert (by_name["latency_s"].wins, by_name["latency_s"].losses, by_name["latency_s"].ties) == (1, 1, 1)
    assert result.per_case["a"] == {"wins": 2, "losses": 0, "ties": 0}
    assert result.per_case["b"] == {"wins": 0, "losses": 2, "ties": 0}
    assert result.only_there == ["d"] and result.only_here == []


def test_compare_refuses_a_file_that_is_not_a_metrics_document():
    with pytest.raises(ComparisonError):
        compare_runs(_doc([{"id": "a", "error": None, "mrr": 1.0}]), {"summary": {}}, other_name="x")


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ('{"faithfulness": 4, "register": 5, "coverage": 3, "coherence": 4}',
         {"faithfulness": 4, "register": 5, "coverage": 3, "coherence": 4}),
        ('好的。\n```json\n{"faithfulness": 2, "register": 4}\n```\n以上。', {"faithfulness": 2, "register": 4}),
        ("faithfulness: 3\nregister：5\ncoverage = 1\ncoherence: 9", {"faithfulness": 3, "register": 5, "coverage": 1}),
        ('{"faithfulness": 0, "register": "5", "other": 3}', {"register": 5}),
        ("无法评分", {}),
    ],
)
def test_judge_replies_are_parsed_robustly(reply, expected):
    assert parse_scores(reply) == expected
