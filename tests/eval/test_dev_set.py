"""The leave-one-report-out dev-set builder, on a small sections file written here (no ../shared needed)."""

from __future__ import annotations

import json

from eval.cases import load_cases
from eval.dev_set import main

SECTIONS = [
    {"year": 2019, "h1": "三、2019年政府工作任务", "h2": "（一）加快建设创新型国家。", "text": "创新" * 150},
    {"year": 2018, "h1": "三、对2018年政府工作的建议", "h2": "（二）加快建设创新型国家。", "text": "科技" * 200},
    {"year": 2018, "h1": "一、过去五年工作回顾", "h2": None, "text": "回顾" * 300},
    {"year": 2017, "h1": "二、2017年工作", "h2": "（三）强化科技创新引领", "text": "引领" * 260},
]
TOPICS = {"vocabulary": ["创新科技", "工作回顾"], "topics": {"0": "创新科技", "1": "创新科技", "3": "创新科技"}}


def test_builder_writes_loadable_leave_one_out_cases(tmp_path):
    sections = tmp_path / "sections.jsonl"
    sections.write_text("\n".join(json.dumps(s, ensure_ascii=False) for s in SECTIONS), encoding="utf-8")
    topics = tmp_path / "topics.json"
    topics.write_text(json.dumps(TOPICS, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "cases.jsonl"
    assert main(["--sections", str(sections), "--topics", str(topics), "--out", str(out)]) == 0
    cases, errors = load_cases(out)
    assert errors == [] and [c.id for c in cases] == ["gov-000", "gov-001", "gov-003"]
    first = cases[0]
    assert first.exclude_sources == ("2019_国务院政府工作报告.txt",)
    assert first.reference == "创新" * 150 and first.length == 300
    assert "加快建设创新型国家" in first.request and "2019年" in first.request and "300字" in first.request
    # Same topic, other years; never the section's own year.
    assert {(s.source, s.heading) for s in first.relevant_sections} == {
        ("2018_国务院政府工作报告.txt", "加快建设创新型国家"),
        ("2017_国务院政府工作报告.txt", "强化科技创新引领"),
    }
    assert main(["--sections", str(sections), "--topics", str(topics), "--out", str(out), "--max-chars", "450", "--limit", "1"]) == 0
    assert [json.loads(l)["id"] for l in out.read_text(encoding="utf-8").splitlines()] == ["gov-000"]


def test_a_label_outside_the_vocabulary_is_an_error(tmp_path, capsys):
    sections = tmp_path / "sections.jsonl"
    sections.write_text("\n".join(json.dumps(s, ensure_ascii=False) for s in SECTIONS), encoding="utf-8")
    topics = tmp_path / "topics.json"
    topics.write_text(json.dumps({"vocabulary": ["a"], "topics": {"0": "b"}}), encoding="utf-8")
    assert main(["--sections", str(sections), "--topics", str(topics), "--out", str(tmp_path / "x.jsonl")]) == 1
    assert "not in the vocabulary" in capsys.readouterr().err
