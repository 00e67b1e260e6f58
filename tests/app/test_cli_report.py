"""`wengao report` and `wengao drafts`: the outline printed and taken back edited, a whole document drafted
(scripted server for exact behaviour; the real 0.5B model, slow, for the rules), saved and exported."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from app.checks.artefacts import find_artefacts
from app.checks.numbers import allowed_values, find_numbers
from tests.app.cli_runner import run_wengao
from tests.app.test_cli_draft import wengao_cmd, wengao_env
from tests.scripted_llm import ScriptedLLM

REQUEST = "起草青川县教育局2024年工作总结，约1000字"
POINT = "一是坚持立德树人，全年培训教师3200人次，新建名师工作室12个，教师队伍素质稳步提升[1]。"


@pytest.fixture
def store(sample_store, tmp_path) -> Path:
    """A copy of the sample library: report saves its drafts in the store."""
    copy = tmp_path / "store"
    shutil.copytree(sample_store, copy)
    return copy


@pytest.fixture
def scripted(monkeypatch):
    calls = iter(range(1000))

    def reply(body):  # a different sentence each call: sections must not repeat each other
        return POINT.replace("立德树人", f"立德树人第{'一二三四五六七八九十'[next(calls) % 10]}项要求")

    with ScriptedLLM(reply) as llm:
        monkeypatch.setenv("WENGAO_LLM_BASE_URL", llm.base_url)
        monkeypatch.setenv("WENGAO_LLM_MODEL", llm.model)
        yield llm


def test_outline_only_prints_the_proposed_outline_without_a_model(store, monkeypatch):
    monkeypatch.setenv("WENGAO_LLM_BASE_URL", "http://127.0.0.1:9/v1")  # would fail if a model were asked
    code, _, output = run_wengao("report", REQUEST, "--store", str(store), "--outline-only")
    assert code == 0, output
    assert output.startswith("# 青川县教育局2024年工作总结")
    assert "## 一、基本情况" in output and "  - 参考：《" in output
    code, lines, output = run_wengao("report", REQUEST, "--store", str(store), "--outline-only", "--json")
    assert code == 0 and len(lines) == 1, output
    assert lines[0]["length"] == 1000 and lines[0]["sections"][0]["role"] == "开头"


def test_a_whole_document_is_drafted_saved_and_exported(store, scripted, tmp_path):
    out = tmp_path / "总结.docx"
    code, lines, output = run_wengao("report", REQUEST, "--store", str(store), "--out", str(out), "--json")
    assert code == 0, output
    result = lines[-1]
    assert result["sections"] and all(s["text"] for s in result["sections"])
    assert result["blanks"], "3200 and 12 are not the writer's: blanks, listed"
    assert "3200" not in result["text"]
    document = Document(str(out))
    assert len(list(document.comments)) == result["text"].count("××")
    code, listed, output = run_wengao("drafts", "list", "--store", str(store), "--json")
    assert code == 0 and [d["draft_id"] for d in listed] == [result["draft_id"]]
    again = tmp_path / "again.docx"
    code, _, output = run_wengao("drafts", "export", result["draft_id"], "--store", str(store), "--out", str(again))
    assert code == 0 and again.is_file(), output
    assert [p.text for p in Document(str(again)).paragraphs] == [p.text for p in document.paragraphs]


def test_an_edited_outline_is_drafted_as_edited(store, scripted, tmp_path):
    edited = tmp_path / "提纲.md"
    edited.write_text("# 青川县教育局2024年工作总结\n## 一、全年工作概况 200字\n## 二、存在的问题 150字\n", encoding="utf-8")
    code, lines, output = run_wengao("report", REQUEST, "--store", str(store), "--outline", str(edited), "--json")
    assert code == 0, output
    assert [s["heading"] for s in lines[-1]["sections"]] == ["一、全年工作概况", "二、存在的问题"]
    assert len(scripted.requests) >= 2  # one a section, and extra points for a section left short
    assert "全年工作概况" in scripted.requests[0]["messages"][1]["content"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("report", "帮我写点东西"), "没有写明文种"),
        (("report", REQUEST, "--outline", "x.md", "--outline-only"), "exclude each other"),
        (("report", REQUEST, "--outline", "no-such-outline.md"), "no-such-outline.md：无法读取提纲文件"),
        (("drafts", "export", "20240101-000000-abcdef", "--out", "x.docx"), "没有这份已保存的文稿"),
    ],
)
def test_refusals_name_what_is_wrong(store, args, message):
    code, _, output = run_wengao(*args, "--store", str(store))
    assert code == 2 and message in output, output


@pytest.mark.slow
def test_the_real_model_drafts_a_whole_document_under_the_drafting_rules(store, tmp_path):
    """The 0.5B model through the CLI: every section is there, nothing but the draft, figures only from
    the writer, and the Word file has the headings and a comment on each blank left."""
    facts = tmp_path / "facts.txt"
    facts.write_text("全县中小学校：46所\n新招聘教师：85人\n", encoding="utf-8")
    out = tmp_path / "总结.docx"
    proc = subprocess.run(
        wengao_cmd("report", "起草青川县教育局2024年工作总结，约700字", "--store", str(store), "--facts", str(facts),
                   "--out", str(out), "--json"),
        capture_output=True, text=True, timeout=1500, env=wengao_env(),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    drafted = [s for s in result["outline"]["sections"] if s["budget"]]
    assert len(result["sections"]) == len(drafted) >= 3
    request = "起草青川县教育局2024年工作总结，约700字"
    allowed = allowed_values([*facts.read_text(encoding="utf-8").splitlines(), request,
                              *(s["heading"] for s in result["sections"])])
    for section in result["sections"]:
        text = re.sub(r"\[\d+\]", "", section["text"])
        assert text.strip(), section["heading"]
        assert not find_artefacts(section["text"]), (section["heading"], find_artefacts(section["text"]))
        strays = [n.text for n in find_numbers(text) if n.key not in allowed]
        assert not strays, (section["heading"], strays, text)
    document = Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "青川县教育局2024年工作总结"
    assert all(s["heading"] in texts for s in result["sections"] if s["heading"])
    assert len(list(document.comments)) == sum(t.count("××") for t in texts)
