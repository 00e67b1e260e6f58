"""`wengao eval` end to end through the CLI: the real sample library and embedding model, and for drafting
the scripted OpenAI-compatible server (exact replies, so the metric values can be checked)."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from tests.app.cli_runner import REPO, run_wengao
from tests.scripted_llm import ErrorReply, ScriptedLLM

SAMPLE_CASES = REPO / "eval" / "datasets" / "sample_library.jsonl"
RESULT_KEYS = {"id", "request", "retrieved", "timings"}
PASSAGE_KEYS = {"rank", "text", "source", "heading_path", "score"}


def _cases(tmp_path: Path, ids: list[str], extra_lines: list[str] = ()) -> Path:
    lines = [l for l in SAMPLE_CASES.read_text(encoding="utf-8").splitlines() if json.loads(l)["id"] in ids]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join([*lines, *extra_lines]) + "\n", encoding="utf-8")
    return path


def _events(lines: list[dict], kind: str) -> list[dict]:
    return [l for l in lines if l.get("event") == kind]


def _check_outputs(out: Path, n_cases: int) -> dict:
    rows = [json.loads(l) for l in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len({r["id"] for r in rows}) == n_cases
    for row in rows:
        assert RESULT_KEYS <= row.keys()
        assert "retrieve_s" in row["timings"]
        for passage in row["retrieved"]:
            assert PASSAGE_KEYS <= passage.keys()
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert {"run", "summary", "per_case", "definitions"} <= metrics.keys()
    assert len(metrics["per_case"]) == n_cases
    for name in metrics["summary"]:
        assert metrics["definitions"][name]["formula"]
        assert (out / "plots").joinpath(re.sub(r"[^A-Za-z0-9_]+", "_", name.replace("@", "_at_")) + ".png").is_file()
    page = (out / "report.html").read_text(encoding="utf-8")
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(images) >= len(metrics["summary"])
    assert all(base64.b64decode(i).startswith(b"\x89PNG") for i in images)
    for case in metrics["per_case"]:
        assert f">{case['id']}<" in page
    return metrics


@pytest.fixture(scope="module")
def retrieval_run(sample_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("eval") / "retrieval"
    code, lines, output = run_wengao("eval", str(SAMPLE_CASES), "--store", str(sample_store), "--out", str(out), "--retrieval-only", "--json")
    return code, lines, output, out


def test_retrieval_only_smoke_run(retrieval_run):
    code, lines, output, out = retrieval_run
    assert code == 0, output
    cases = _events(lines, "case")
    assert [e["done"] for e in cases] == list(range(1, 11)) and all(e["total"] == 10 and e["error"] is None for e in cases)
    done = _events(lines, "done")
    assert len(done) == 1 and done[0]["out"] == str(out)
    assert "eval:" not in output, "--json prints no progress bar"
    metrics = _check_outputs(out, 10)
    assert done[0]["metrics"] == {k: v["mean"] for k, v in metrics["summary"].items()}
    # The sample cases' labels name the reports each request is about: real retrieval finds them.
    assert metrics["summary"]["mrr"]["mean"] >= 0.5
    assert metrics["summary"]["recall@10"]["n"] == 10
    assert "draft" not in json.loads((out / "results.jsonl").read_text(encoding="utf-8").splitlines()[0])


def test_excluded_sources_never_come_back(retrieval_run):
    rows = [json.loads(l) for l in (retrieval_run[3] / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    excluded = next(r for r in rows if r["id"] == "s07-balanced-excluded")
    assert excluded["retrieved"]
    assert all(p["source"] != "青川县2023年上半年义务教育优质均衡发展工作汇报材料.txt" for p in excluded["retrieved"])
    dated = next(r for r in rows if r["id"] == "s09-basic-facts-2020")
    assert all(p["year"] <= 2021 for p in dated["retrieved"])


def _without_timings(metrics: dict) -> list[dict]:
    return [{k: v for k, v in c.items() if k != "retrieve_s"} for c in metrics["per_case"]]


def test_an_interrupted_run_resumes(sample_store, tmp_path):
    cases = _cases(tmp_path, ["s01-shuangjian-measures", "s02-teacher-team", "s03-dropout", "s04-next-steps"])
    out = tmp_path / "out"
    code, _, output = run_wengao("eval", str(cases), "--store", str(sample_store), "--out", str(out), "--retrieval-only", "--json")
    assert code == 0, output
    full = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    # As if killed while writing the third row: two complete rows and half a line.
    rows = (out / "results.jsonl").read_text(encoding="utf-8").splitlines()
    (out / "results.jsonl").write_text(rows[0] + "\n" + rows[1] + "\n" + rows[2][:40], encoding="utf-8")
    code, lines, output = run_wengao("eval", str(cases), "--store", str(sample_store), "--out", str(out), "--retrieval-only", "--json")
    assert code == 0, output
    assert [e["id"] for e in _events(lines, "case")] == ["s03-dropout", "s04-next-steps"]
    resumed = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert _without_timings(resumed) == _without_timings(full)
    assert resumed["run"]["unreadable_result_lines"] == 1
    code, lines, output = run_wengao("eval", str(cases), "--store", str(sample_store), "--out", str(out), "--retrieval-only")
    assert code == 0 and "4 case(s) already done" in output


def test_bad_cases_are_reported_by_line_and_the_rest_run(sample_store, tmp_path):
    bad = [json.dumps({"id": "no-request"}), json.dumps({"id": "typo", "request": "起草", "exclude_sources": ["不存在.txt"]}, ensure_ascii=False)]
    cases = _cases(tmp_path, ["s01-shuangjian-measures", "s03-dropout"], bad)
    out = tmp_path / "out"
    code, lines, output = run_wengao("eval", str(cases), "--store", str(sample_store), "--out", str(out), "--retrieval-only", "--json")
    assert code == 1
    assert [(e["line"], e["error"].split(" ")[0]) for e in _events(lines, "bad_case")] == [(3, "field"), (4, "case")]
    assert "不存在.txt" in _events(lines, "bad_case")[1]["error"]
    assert len(_events(lines, "case")) == 2
    metrics = _check_outputs(out, 2)
    assert len(metrics["case_errors"]) == 2 and "line 3" in metrics["case_errors"][0]


def _scripted_reply(body: dict) -> str | ErrorReply:
    user = body["messages"][-1]["content"]
    if "评审专家" in user:
        return '评分如下：```json\n{"faithfulness": 4, "register": 5, "coverage": 3, "coherence": 4}\n```'
    if "关于“控辍保学”" in user:  # the topic of case s03 only
        return ErrorReply(400, "prompt rejected by the scripted server", "invalid_request_error")
    return "全面推进课后服务工作，课后服务参与率达到95%，新建学校4391所[1]。切实加强作业管理[1]。"


def test_a_drafting_run_scores_drafts_and_keeps_going_past_a_failed_case(sample_store, tmp_path, monkeypatch):
    cases = _cases(tmp_path, ["s01-shuangjian-measures", "s03-dropout", "s08-problems"])
    out = tmp_path / "draft"
    with ScriptedLLM(_scripted_reply) as llm:
        monkeypatch.setenv("WENGAO_LLM_BASE_URL", llm.base_url)
        monkeypatch.setenv("WENGAO_LLM_MODEL", llm.model)
        code, lines, output = run_wengao("eval", str(cases), "--store", str(sample_store), "--out", str(out), "--judge", "--json")
    assert code == 1, output  # one case failed
    # The default seed reaches every drafting call, so two runs of the same code are comparable.
    drafting = [r for r in llm.requests if "评审专家" not in r["messages"][-1]["content"]]
    assert drafting and {r.get("seed") for r in drafting} == {42}
    errors = {e["id"]: e["error"] for e in _events(lines, "case")}
    assert errors["s01-shuangjian-measures"] is None and errors["s08-problems"] is None
    assert "prompt rejected" in errors["s03-dropout"]
    metrics = _check_outputs(out, 3)
    assert metrics["run"]["seed"] == 42
    rows = {json.loads(l)["id"]: json.loads(l) for l in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()}
    first = rows["s01-shuangjian-measures"]
    assert {"draft", "citations", "unsupported_numbers"} <= first.keys() and "draft_s" in first["timings"]
    # 95% is among s01's facts; 4391 appears in no source or fact and is blanked.
    assert "95%" in first["draft"] and "4391" not in first["draft"] and "4391" in first["unsupported_numbers"]
    per_case = {c["id"]: c for c in metrics["per_case"]}
    scored = per_case["s01-shuangjian-measures"]
    assert 0 < scored["unsupported_number_rate"] < 1
    assert 0 < scored["rouge_l_char"] < 1 and 0 < scored["semantic_sim"] <= 1
    assert scored["judge_faithfulness"] == 4 and scored["judge_coverage"] == 3
    assert per_case["s03-dropout"]["error"]
    assert metrics["summary"]["length_score"]["n"] == 2
    assert first["draft"][:10] in (out / "report.html").read_text(encoding="utf-8")


def test_compare_shows_wins_and_losses(retrieval_run, sample_store, tmp_path):
    _, _, _, first = retrieval_run
    cases = _cases(tmp_path, ["s02-teacher-team", "s04-next-steps", "s05-speech-requirements"])
    out = tmp_path / "second"
    code, lines, output = run_wengao(
        "eval", str(cases), "--store", str(sample_store), "--out", str(out), "--retrieval-only", "--compare", str(first), "--json"
    )
    assert code == 0, output
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Comparison with" in page
    assert (out / "plots" / "compare_wins_losses.png").is_file()
    code, _, output = run_wengao("eval", str(cases), "--store", str(sample_store), "--out", str(out), "--retrieval-only", "--compare", str(tmp_path / "nowhere"))
    assert code == 2 and "--compare" in output
