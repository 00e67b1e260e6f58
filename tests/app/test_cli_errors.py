"""Bad arguments to every command, as a user types them: one line on stderr naming what is wrong, exit
status 2, no traceback (the in-process runner raises any exception a user would have seen as one), and
nothing created on disk: no store, no models folder, no output folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.settings import default_models_dir
from tests.app.cli_runner import SAMPLES, invoke_wengao

REQUEST = "起草'主要做法及成效'中关于控辍保学的一段，约300字"

# (arguments, the message's words, extra environment). In the arguments {store} is a real library,
# {file} a regular file, {folder} an empty folder, {reports} a folder of reports (not a library),
# {missing} a path that does not exist, {under_file} a path that cannot be created (below a file),
# {cases} a good case file, {bad_cases} one whose every line is broken, {empty_cases} an empty one,
# {out} an output folder that does not exist yet.
BAD_ARGUMENTS = [
    (["search", "", "--store", "{store}"], "the search query is empty", {}),
    (["search", "   ", "--store", "{store}"], "the search query is empty", {}),
    (["search", "控辍保学", "--store", "{file}"], "no library at {file} (a file, not a folder): `wengao ingest PATH --store {file}`", {}),
    (["search", "控辍保学", "--store", "{missing}"], "no library at {missing} (no such folder): `wengao ingest PATH --store {missing}`", {}),
    (["search", "控辍保学", "--store", "{folder}"], "no library at {folder} (a folder without one)", {}),
    (["search", "控辍保学", "--store", "{reports}"], "no library at {reports} (a folder without one)", {}),
    (["search", "控辍保学", "--store", "{under_file}"], "no library at {under_file}", {}),
    (["search", "控辍保学", "--store", "{store}"], "WENGAO_MAX_FILE_MB: ", {"WENGAO_MAX_FILE_MB": "-1"}),
    (["draft", "", "--store", "{missing}"], "drafting request is empty", {}),
    (["draft", "  ", "--store", "{store}"], "drafting request is empty", {}),
    (["draft", "。，", "--store", "{store}"], "names no topic to look for", {}),
    (["draft", REQUEST, "--store", "{file}"], "no library at {file}", {}),
    (["draft", REQUEST, "--store", "{missing}"], "no library at {missing}", {}),
    (["draft", REQUEST, "--store", "{store}", "--facts", "{missing}.txt"], "missing.txt: no such file", {}),
    (["draft", REQUEST, "--store", "{store}", "--facts", "{folder}"], "folder: ", {}),
    (["eval", "{missing}.jsonl", "--store", "{store}", "--out", "{out}"], "cannot read the case file", {}),
    (["eval", "{folder}", "--store", "{store}", "--out", "{out}"], "cannot read the case file", {}),
    (["eval", "{bad_cases}", "--store", "{store}", "--out", "{out}"], "bad.jsonl: no case to run: line 1: not valid JSON", {}),
    (["eval", "{empty_cases}", "--store", "{store}", "--out", "{out}"], "empty.jsonl: no case to run", {}),
    (["eval", "{cases}", "--store", "{missing}", "--out", "{out}"], "no library at {missing}", {}),
    (["eval", "{cases}", "--store", "{file}", "--out", "{out}"], "no library at {file}", {}),
    (["eval", "{cases}", "--store", "{store}", "--retrieval-only", "--out", "{out}", "--compare", "{missing}"],
     "--compare {missing}: ", {}),
    (["eval", "{cases}", "--store", "{store}", "--retrieval-only", "--out", "{file}"],
     "cannot create the output folder {file}", {}),
    (["eval", "{cases}", "--store", "{store}", "--retrieval-only", "--out", "{under_file}"],
     "cannot create the output folder {under_file}", {}),
    (["reindex", "--store", "{file}"], "cannot create the library folder {file}", {}),
    (["reindex", "--store", "{under_file}"], "cannot create the library folder {under_file}", {}),
    (["ingest", "{reports}", "--store", "{file}"], "cannot create the library folder {file}", {}),
    (["ingest", "{reports}", "--store", "{under_file}"], "cannot create the library folder {under_file}", {}),
    (["ingest", str(SAMPLES), "--store", "{file}"], "cannot create the library folder {file}", {}),  # 8 files
    (["models", "fetch", "--model", "nope"], "unknown local model 'nope'", {}),
    (["models", "fetch", "--model", ""], "unknown local model ''", {}),
    (["models", "fetch"], "cannot create the models folder {file}",
     {"WENGAO_MODELS_DIR": "{file}", "WENGAO_LLM_MODEL": "qwen2.5-coder-0.5b"}),
    (["serve", "--store", "{file}"], "no library at {file}", {}),
    (["serve", "--store", "{missing}"], "no library at {missing}", {}),
    (["serve", "--store", "{under_file}"], "no library at {under_file}", {}),
    (["serve", "--store", "{reports}"], "no library at {reports}", {}),
]

# Click's own usage errors: its usage line, then the error; exit status 2.
USAGE_ERRORS = [
    (["search", "控辍保学", "--store", "{store}", "--k", "0"], "Invalid value for '--k'"),
    (["draft", REQUEST, "--store", "{store}", "--length", "10"], "Invalid value for '--length'"),
    (["ingest"], "Missing argument"),
    (["eval"], "Missing argument"),
    (["serve", "--port", "0"], "Invalid value for '--port'"),
]


@pytest.fixture
def places(tmp_path, sample_store, monkeypatch) -> dict[str, str]:
    """What the arguments point at. The user's data folder (default store) is inside tmp_path too, so
    listing tmp_path shows anything a command creates; the local model cannot start (an unknown model),
    and the workbench never starts serving."""
    for name in [n for n in os.environ if n.startswith("WENGAO_")]:
        monkeypatch.delenv(name)
    # The embedding model's export was made in the user's models folder when the sample store was
    # filled, as it is for any library a user has; the default store moves into tmp_path.
    monkeypatch.setenv("WENGAO_MODELS_DIR", str(default_models_dir()))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("WENGAO_LLM_MODEL", "no-such-local-model")
    import gradio

    def no_launch(*args, **kwargs):
        raise AssertionError("the workbench started serving")

    monkeypatch.setattr(gradio.Blocks, "launch", no_launch)

    (tmp_path / "notes.txt").write_text("not a library\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "某县2024年工作要点.txt").write_text("某县2024年工作要点\n一、总体要求\n", encoding="utf-8")
    (tmp_path / "cases.jsonl").write_text('{"id": "a", "request": "控辍保学"}\n', encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text('{not json\n{"id": 1}\n', encoding="utf-8")
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    return {
        "store": str(sample_store),
        "file": str(tmp_path / "notes.txt"),
        "folder": str(tmp_path / "folder"),
        "reports": str(tmp_path / "reports"),
        "missing": str(tmp_path / "missing"),
        "under_file": str(tmp_path / "notes.txt" / "store"),
        "cases": str(tmp_path / "cases.jsonl"),
        "bad_cases": str(tmp_path / "bad.jsonl"),
        "empty_cases": str(tmp_path / "empty.jsonl"),
        "out": str(tmp_path / "out"),
    }


def listing(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


@pytest.mark.parametrize(("args", "message", "env"), BAD_ARGUMENTS, ids=lambda value: value[0] if isinstance(value, list) else None)
def test_a_bad_argument_is_one_line_exit_2_and_creates_nothing(args, message, env, places, tmp_path, monkeypatch):
    for name, value in env.items():
        monkeypatch.setenv(name, value.format(**places))
    before = listing(tmp_path)
    result = invoke_wengao(*(arg.format(**places) for arg in args))
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stderr.splitlines() == [result.stderr.strip()], "one line on stderr"
    assert result.stderr.startswith("✗ ") and message.format(**places) in result.stderr, result.stderr
    assert result.stdout == ""
    assert listing(tmp_path) == before, "a refused command creates nothing"


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS, ids=[" ".join(a[:1]) + f" [{m}]" for a, m in USAGE_ERRORS])
def test_a_malformed_option_is_a_usage_error(args, message, places, tmp_path):
    before = listing(tmp_path)
    result = invoke_wengao(*(arg.format(**places) for arg in args))
    assert result.exit_code == 2
    assert message in result.stderr
    assert listing(tmp_path) == before
