"""The harness on its own: a case whose retrieval breaks becomes an error row and the others still run; a drafted
row carries what the writer's rules are scored from."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from app.drafting.tuning import GenerationSettings
from app.llm.client import LLMClient
from eval.cases import EvalCase
from eval.harness import read_results, run_case, run_cases
from eval.scoring import draft_metrics
from tests.scripted_llm import ScriptedLLM


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


def test_a_drafted_row_carries_what_the_writers_rules_are_scored_from():
    passages = [
        _Hit("全面推进课后服务，课后服务参与率达到95%。", {"source": "a.txt", "title": "a", "heading_path": "一、主要做法"}),
        _Hit("加强作业管理，作业公示制度全面落实。", {"source": "b.txt", "title": "b"}),
        _Hit("规范校外培训机构，压减学科类培训机构。", {"source": "c.txt", "title": "c"}),
    ]
    # Paragraphs of 30 characters or more stand alone (shorter ones join the one before).
    reply = (
        "主要做法 > 课后服务。全面推进课后服务，丰富课后服务内容，课后服务参与率达到95%，群众满意度持续提高[1]。\n\n"
        "加强作业管理，作业公示制度全面落实，一是严控作业总量，二是提高作业设计质量[2]。\n\n"
        "规范校外培训机构，压减学科类培训机构，校外培训热度明显下降，家长满意度不断提升[3]。\n\n"
        "新建塑胶运动场和风雨操场，更新实验室仪器设备，校园面貌焕然一新。"
    )

    def relevance(topic, texts):
        return [0.4 if "运动场" in text else 0.8 for text in texts]

    case = EvalCase(id="r1", request="起草关于课后服务的一段，约110字", line=1)
    with ScriptedLLM([reply]) as llm:
        row = run_case(
            case, search=lambda query, **kw: passages, llm=LLMClient(llm.base_url, llm.model, max_retries=0),
            generation=GenerationSettings(seed=42), relevance=relevance,
        )
    assert row["error"] is None, row["error"]
    assert llm.requests[0]["seed"] == 42
    assert [p["text"] for p in row["passages"]] == [p.text for p in passages]
    assert row["removed_artefacts"] == [{"kind": "heading path", "text": "主要做法 > 课后服务。"}]
    assert row["removed_off_topic"] == ["新建塑胶运动场和风雨操场，更新实验室仪器设备，校园面貌焕然一新。"]
    assert row["enumeration_fixes"] == 0
    # 95% is the passage's, not the writer's: blanked, and listed with the passage's figure.
    assert row["unsupported_numbers"] == ["95"] and row["blank_list"] == ["课后服务参与率达到××%（a：95%）"]
    scores = draft_metrics(row, similarity=None)
    assert scores["figures_not_from_writer"] == 0.0 and scores["artefacts"] == 0.0
