"""The harness on its own: a case whose retrieval breaks becomes an error row and the others still run."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from eval.cases import EvalCase
from eval.harness import read_results, run_cases


@dataclass
class _Hit:
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    score: float = 0.5


def _search(query: str, **kwargs: Any) -> list[_Hit]:
    if "故障" in query:
        raise RuntimeError("index file vanished")
    excluded = kwargs["filters"].exclude_sources
    hits = [_Hit("全面推进课后服务。", {"source": "a.txt", "heading_path": "一、主要做法"}), _Hit("加强作业管理。", {"source": "b.txt"})]
    return [h for h in hits if h.metadata["source"] not in excluded]


def test_one_broken_case_does_not_stop_the_others(tmp_path):
    cases = [
        EvalCase(id="one", request="起草关于课后服务的一段", line=1, exclude_sources=("b.txt",)),
        EvalCase(id="two", request="起草关于系统故障的一段", line=2),
        EvalCase(id="three", request="起草关于作业管理的一段", line=3),
    ]
    events = []
    counts = run_cases(cases, out_dir=tmp_path, search=_search, llm=None, on_case=events.append)
    assert (counts.ran, counts.skipped, counts.failed) == (3, 0, 1)
    assert [(e.done, e.total, e.id) for e in events] == [(1, 3, "one"), (2, 3, "two"), (3, 3, "three")]
    rows, broken = read_results(tmp_path / "results.jsonl")
    assert broken == 0
    assert rows["two"]["error"] == "unexpected RuntimeError: index file vanished" and rows["two"]["retrieved"] == []
    assert [p["source"] for p in rows["one"]["retrieved"]] == ["a.txt"]
    assert rows["one"]["retrieved"][0] | {"score": None} == {
        "rank": 1, "text": "全面推进课后服务。", "source": "a.txt", "heading_path": "一、主要做法", "score": None,
        "year": None, "section_role": None,
    }
    # A re-run retries the failed case only (it fails again) and keeps the last row per id.
    counts = run_cases(cases, out_dir=tmp_path, search=_search, llm=None)
    assert (counts.ran, counts.skipped, counts.failed) == (1, 2, 1)
    lines = (tmp_path / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(l)["id"] for l in lines] == ["one", "two", "three", "two"]
