"""Case files: good lines load, each bad line is reported with its number and never hides the others."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.cases import CaseFileError, load_cases, unknown_source_errors

REPO = Path(__file__).resolve().parents[2]


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bad_lines_are_named_and_the_good_ones_load(tmp_path):
    good = json.dumps({"id": "a", "request": "起草一段", "length": 300, "facts": ["全县学校86所"], "extra_label": 1}, ensure_ascii=False)
    path = _write(tmp_path, [
        good,
        json.dumps({"request": "no id"}),
        "{not json",
        "",
        json.dumps({"id": "b", "request": "起草", "length": "300"}),
        json.dumps({"id": "c", "request": "起草", "exclude_sources": "a.txt"}),
        json.dumps({"id": "d", "request": "起草", "filters": {"year": 2020}}),
        json.dumps({"id": "a", "request": "again"}),
        json.dumps({"id": "e", "request": "起草", "filters": {"year_min": 2019}, "reference": "参考"}, ensure_ascii=False),
    ])
    cases, errors = load_cases(path)
    assert [c.id for c in cases] == ["a", "e"]
    assert cases[0].line == 1 and cases[0].length == 300 and cases[0].facts == ("全县学校86所",)
    assert cases[1].search_filters.year_min == 2019
    by_line = {e.line: e.message for e in errors}
    assert sorted(by_line) == [2, 3, 5, 6, 7, 8]
    assert "'id' missing" in by_line[2]
    assert "not valid JSON" in by_line[3]
    assert "'length'" in by_line[5]
    assert "'exclude_sources'" in by_line[6]
    assert "unknown filter field" in by_line[7] and "year" in by_line[7]
    assert "already used on line 1" in by_line[8]
    assert str(errors[0]).startswith("line 2:")


def test_an_unreadable_file_is_one_error_naming_it(tmp_path):
    with pytest.raises(CaseFileError, match="missing.jsonl"):
        load_cases(tmp_path / "missing.jsonl")


def test_cases_naming_unknown_sources_are_split_off(tmp_path):
    path = _write(tmp_path, [
        json.dumps({"id": "ok", "request": "起草", "exclude_sources": ["a.txt"]}),
        json.dumps({"id": "typo", "request": "起草", "relevant_sources": ["a.tx"]}),
        json.dumps({"id": "sec", "request": "起草", "relevant_sections": [{"source": "z.txt", "heading": "一"}]}),
    ])
    cases, _ = load_cases(path)
    good, errors = unknown_source_errors(cases, {"a.txt"})
    assert [c.id for c in good] == ["ok"]
    assert [(e.line, "a.tx" in e.message or "z.txt" in e.message) for e in errors] == [(2, True), (3, True)]


def test_the_teams_sample_cases_load_cleanly():
    cases, errors = load_cases(REPO / "eval" / "datasets" / "sample_library.jsonl")
    assert errors == []
    assert 8 <= len(cases) <= 12
    assert any(c.exclude_sources for c in cases) and any(c.facts for c in cases) and any(c.filters for c in cases)
    sources = {p.name for p in (REPO / "app" / "sample_library" / "reports").iterdir()}
    assert all(c.named_sources <= sources for c in cases)
