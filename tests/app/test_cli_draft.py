"""`wengao draft` end to end: the real local llama.cpp server over the real 0.5B model, through the CLI
(slow), the writer's facts table over the scripted server, and the refusals that come before any model
starts."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from app.checks.artefacts import find_artefacts
from app.checks.enumeration import enumeration_problems
from app.checks.numbers import allowed_values, find_numbers
from app.library import open_library
from app.settings import Settings
from tests.app.cli_runner import run_wengao
from tests.scripted_llm import ScriptedLLM

SMALL_MODEL = "qwen2.5-coder-0.5b"
REQUEST = "起草'主要做法及成效'中关于控辍保学的一段，约300字"


def wengao_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WENGAO_")}
    return {**env, "WENGAO_LLM_MODEL": SMALL_MODEL, "WENGAO_LLM_THREADS": "2", **extra}


def wengao_cmd(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("wengao")), *args]


@pytest.fixture(scope="module")
def facts_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("facts") / "facts.txt"
    path.write_text("2024年全县劝返复学学生36人\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def drafted(sample_store, facts_file) -> dict:
    proc = subprocess.run(
        wengao_cmd("draft", REQUEST, "--store", str(sample_store), "--facts", str(facts_file), "--json"),
        capture_output=True, text=True, timeout=900, env=wengao_env(),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1, "--json prints one object and no progress noise"
    return json.loads(lines[0])


@pytest.mark.slow
def test_the_draft_cites_real_passages(drafted):
    assert len(drafted["draft"]) >= 100
    assert drafted["citations"], "the draft cites the passages it draws on"
    cited = {c["n"] for c in drafted["citations"]}
    for marker in re.findall(r"\[(\d+)\]", drafted["draft"]):
        assert int(marker) in cited
    assert all(c["source"] and c["text"] for c in drafted["citations"])


@pytest.mark.slow
def test_every_figure_left_in_the_draft_is_the_writers(drafted, facts_file):
    """Figures come from the writer: checked independently of the verifier's report. The passages'
    figures are another year's, so they do not count as evidence."""
    writers = allowed_values([facts_file.read_text(encoding="utf-8"), REQUEST])
    for number in find_numbers(drafted["draft"]):
        assert number.key in writers, f"figure {number.text!r} is not the writer's"
    blanks = drafted["checks"]["blanks"]
    assert len(blanks) == drafted["draft"].count("××"), "every ×× is listed for the writer to fill in"


@pytest.mark.slow
def test_nothing_but_the_draft(drafted):
    assert find_artefacts(drafted["draft"]) == []
    assert not re.search(r" > |参考了|以上内容|本段|篇幅|素材|《", drafted["draft"])
    assert enumeration_problems(drafted["draft"]) == []


@pytest.mark.slow
def test_tokens_stream_before_the_draft_is_finished(sample_store):
    proc = subprocess.Popen(
        wengao_cmd("draft", REQUEST, "--store", str(sample_store)),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=wengao_env(),
    )
    started = time.monotonic()
    first_bytes = proc.stdout.read(3)
    first_at = time.monotonic() - started
    rest, err = proc.communicate(timeout=900)
    total = time.monotonic() - started
    assert proc.returncode == 0, err.decode()[-3000:]
    output = (first_bytes + rest).decode()
    assert "核验后的稿件" in output
    assert first_at < total - 1.0, "the first text arrived only at the end: nothing was streamed"


@pytest.mark.slow
def test_an_unreachable_endpoint_is_a_clear_message(sample_store):
    proc = subprocess.run(
        wengao_cmd("draft", REQUEST, "--store", str(sample_store)),
        capture_output=True, text=True, timeout=300,
        env=wengao_env(WENGAO_LLM_BASE_URL="http://127.0.0.1:9/v1", WENGAO_LLM_MODEL="any"),
    )
    assert proc.returncode == 2
    assert "127.0.0.1:9" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_an_empty_library_is_refused_before_the_local_model_starts(tmp_path, monkeypatch):
    """An unknown local model would fail at once if the model were reached first: the library check wins."""
    monkeypatch.setenv("WENGAO_LLM_MODEL", "no-such-local-model")
    monkeypatch.delenv("WENGAO_LLM_BASE_URL", raising=False)
    store = tmp_path / "empty"
    open_library(Settings(store=store)).close()
    code, _, output = run_wengao("draft", REQUEST, "--store", str(store))
    assert code == 2
    assert f"is empty: add reports with `wengao ingest PATH --store {store}`" in output
    assert "no-such-local-model" not in output


def test_facts_from_an_xlsx_table_reach_the_prompt_and_keep_their_figures(sample_store, tmp_path, monkeypatch):
    workbook = openpyxl.Workbook()
    workbook.active.append(["指标", "数值", "年份"])
    workbook.active.append(["新招聘教师", "853人", "2024年"])
    facts = tmp_path / "统计表.xlsx"
    workbook.save(facts)
    # 853 is only in the facts, 9173 nowhere: the checks keep the one and blank the other.
    reply = "全县持续加强教师队伍建设，2024年新招聘教师853人，新建学校9173所，补充到农村学校任教[1]。"
    with ScriptedLLM(lambda body: reply) as llm:
        monkeypatch.setenv("WENGAO_LLM_BASE_URL", llm.base_url)
        monkeypatch.setenv("WENGAO_LLM_MODEL", llm.model)
        code, lines, output = run_wengao("draft", REQUEST, "--store", str(sample_store), "--facts", str(facts), "--json")
    assert code == 0, output
    assert any("新招聘教师：853人（2024年）" in message["content"] for message in llm.requests[0]["messages"])
    assert "853人" in lines[0]["draft"] and "9173" not in lines[0]["draft"]


def test_a_bad_facts_file_is_refused_before_the_library_and_the_model(tmp_path, monkeypatch):
    monkeypatch.setenv("WENGAO_LLM_MODEL", "no-such-local-model")
    monkeypatch.setenv("WENGAO_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.delenv("WENGAO_LLM_BASE_URL", raising=False)
    facts = tmp_path / "统计表.xlsx"
    facts.write_bytes(b"this is not a workbook")
    code, _, output = run_wengao("draft", REQUEST, "--store", str(tmp_path / "store"), "--facts", str(facts))
    assert code == 2
    assert "✗ 统计表.xlsx: cannot be opened as an .xlsx workbook" in output and "Traceback" not in output
    assert not (tmp_path / "store").exists() and not (tmp_path / "models").exists()
