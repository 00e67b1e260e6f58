"""The 评估 tab's subprocess handling, against a stand-in for `wengao eval` (eval/ is built elsewhere)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from app.web.eval_runner import (
    CaseDone,
    EvalDone,
    EvalFailed,
    eval_command,
    metric_rows,
    parse_event,
    read_output,
    run_eval,
)
from app.web.eval_tab import EvalTab

FAKE_EVAL = '''
import json, sys, pathlib
args = sys.argv[1:]
out = pathlib.Path(args[args.index("--out") + 1])
cases = [json.loads(line) for line in open(args[1], encoding="utf-8") if line.strip()]
print("progress noise that is not JSON", flush=True)
for i, case in enumerate(cases, start=1):
    print(json.dumps({"event": "case", "done": i, "total": len(cases), "id": case["id"],
                      "error": "boom" if case.get("fail") else None}), flush=True)
if "--crash" in open(args[1], encoding="utf-8").read():
    print("Traceback: something broke", file=sys.stderr)
    sys.exit(3)
(out / "plots").mkdir(parents=True)
metrics = {"retrieval": {"recall@5": 0.8125, "mrr": 0.5}, "cases": len(cases), "retrieval_only": "--retrieval-only" in args}
(out / "metrics.json").write_text(json.dumps(metrics), encoding="utf-8")
(out / "report.html").write_text("<html>report</html>", encoding="utf-8")
(out / "plots" / "recall.png").write_bytes(b"\\x89PNG fake")
print(json.dumps({"event": "done", "out": str(out), "metrics": metrics}), flush=True)
'''


@pytest.fixture
def fake_program(tmp_path) -> Path:
    script = tmp_path / "fake_wengao"
    script.write_text(f"#!{sys.executable}\n{FAKE_EVAL}", encoding="utf-8")
    script.chmod(0o755)
    return script


def cases_file(tmp_path: Path, lines: list[dict]) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), encoding="utf-8")
    return path


def test_event_lines_are_parsed_and_other_lines_ignored():
    assert parse_event('{"event": "case", "done": 2, "total": 5, "id": "c2", "error": null}') == CaseDone(2, 5, "c2", None)
    done = parse_event('{"event": "done", "out": "/tmp/x", "metrics": {"a": 1}}')
    assert done == EvalDone(Path("/tmp/x"), {"a": 1})
    for line in ("", "progress 3/5", "{not json", '{"event": "other"}', "[1, 2]"):
        assert parse_event(line) is None


def test_command_runs_the_console_script_with_json(tmp_path):
    command = eval_command(tmp_path / "c.jsonl", store=tmp_path / "s", out=tmp_path / "o", retrieval_only=True)
    assert Path(command[0]).name == "wengao" and Path(command[0]).parent == Path(sys.executable).parent
    assert command[1:] == ["eval", str(tmp_path / "c.jsonl"), "--store", str(tmp_path / "s"), "--out",
                           str(tmp_path / "o"), "--json", "--retrieval-only"]


def test_a_run_streams_cases_then_done(tmp_path, fake_program):
    cases = cases_file(tmp_path, [{"id": "a"}, {"id": "b", "fail": True}])
    out = tmp_path / "out"
    events = list(run_eval(eval_command(cases, store=tmp_path, out=out, retrieval_only=False, program=fake_program)))
    assert events[:2] == [CaseDone(1, 2, "a", None), CaseDone(2, 2, "b", "boom")]
    assert isinstance(events[2], EvalDone) and events[2].out == out and len(events) == 3
    output = read_output(out)
    assert output.metrics["cases"] == 2 and output.report == out / "report.html"
    assert [p.name for p in output.plots] == ["recall.png"]


def test_a_crash_ends_with_the_end_of_stderr(tmp_path, fake_program):
    cases = cases_file(tmp_path, [{"id": "a", "note": "--crash"}])
    events = list(run_eval(eval_command(cases, store=tmp_path, out=tmp_path / "o", retrieval_only=False, program=fake_program)))
    assert isinstance(events[-1], EvalFailed)
    assert "退出码 3" in events[-1].message and "something broke" in events[-1].message


def test_a_missing_program_is_a_message(tmp_path):
    events = list(run_eval([str(tmp_path / "no-such-program"), "eval"]))
    assert len(events) == 1 and isinstance(events[0], EvalFailed) and "no-such-program" in events[0].message


def test_metrics_are_flattened_for_the_table():
    rows = metric_rows({"retrieval": {"recall@5": 0.8125, "by_role": {"x": 1}}, "n": 3, "note": None, "list": [1, 2]})
    assert rows == [("retrieval.recall@5", "0.812"), ("retrieval.by_role.x", "1"), ("n", "3"), ("note", "None"), ("list", "[1, 2]")]


def test_the_tab_shows_progress_then_table_plots_and_report(tmp_path, fake_program):
    cases = cases_file(tmp_path, [{"id": "a"}, {"id": "b"}])
    tab = EvalTab(tmp_path / "store", program=fake_program, runs_dir=tmp_path / "runs")
    updates = list(tab.run(str(cases), retrieval_only=True))
    assert "正在评估 cases.jsonl" in updates[0][0]
    assert "已完成 1/2" in updates[1][0] and "已完成 2/2" in updates[2][0]
    status, rows, plots, report = updates[-1]
    assert "评估完成" in status
    assert ["retrieval_only", "True"] in rows and ["retrieval.recall@5", "0.812"] in rows
    assert [Path(p).name for p in plots] == ["recall.png"]
    assert Path(report).read_text(encoding="utf-8") == "<html>report</html>"


def test_the_tab_names_a_missing_case_file(tmp_path, fake_program, monkeypatch):
    monkeypatch.setattr("app.web.eval_tab.gr.Warning", lambda message: None)
    tab = EvalTab(tmp_path, program=fake_program)
    status, *_ = list(tab.run(str(tmp_path / "missing.jsonl"), retrieval_only=True))[-1]
    assert "missing.jsonl" in status
