"""`wengao draft` end to end: the real local llama.cpp server over the real 0.5B model, through the CLI
(slow), and the refusals that come before any model starts."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.checks.numbers import allowed_values, find_numbers
from tests.app.cli_runner import run_wengao

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
def test_every_number_left_in_the_draft_is_traceable(drafted, facts_file):
    """The verifier's own promise, checked independently of its report."""
    evidence = [facts_file.read_text(encoding="utf-8"), REQUEST, *(c["text"] for c in drafted["citations"])]
    traceable = allowed_values(evidence)
    for number in find_numbers(drafted["draft"]):
        assert number.key in traceable, f"untraceable figure {number.text!r} left in the draft"


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
    assert proc.returncode == 1
    assert "127.0.0.1:9" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_an_empty_library_is_refused_before_the_local_model_starts(tmp_path, monkeypatch):
    """An unknown local model would fail at once if the model were reached first: the library check wins."""
    monkeypatch.setenv("WENGAO_LLM_MODEL", "no-such-local-model")
    monkeypatch.setenv("WENGAO_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.delenv("WENGAO_LLM_BASE_URL", raising=False)
    code, _, output = run_wengao("draft", REQUEST, "--store", str(tmp_path / "empty"))
    assert code == 1
    assert "is empty: add reports with `wengao ingest PATH`" in output
    assert "no-such-local-model" not in output and not (tmp_path / "models").exists()
