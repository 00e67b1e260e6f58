"""Saved whole-document drafts: reopened as they were, listed, never half-written, a damaged one named."""

from __future__ import annotations

import dataclasses
import json
import os

import pytest

from app.report.blanks import report_blanks
from app.report.saved_drafts import SavedDraftError, SavedDrafts
from tests.app.report.fixtures import shelf_search
from tests.app.report.scripted import drafted_report, new_report


@pytest.fixture(scope="module")
def report():
    return drafted_report(shelf_search())


def test_a_saved_draft_reopens_with_its_outline_sections_facts_and_checks(tmp_path, report):
    drafts = SavedDrafts(tmp_path / "drafts")
    saved = drafts.save(report)
    assert saved.draft_id and (tmp_path / "drafts" / f"{saved.draft_id}.json").is_file()
    reopened = drafts.load(saved.draft_id)
    assert reopened.outline == report.outline and reopened.facts == report.facts
    assert {i: s.text for i, s in reopened.sections.items()} == {i: s.text for i, s in report.sections.items()}
    assert [b.clause for b in report_blanks(reopened)] == [b.clause for b in report_blanks(report)]
    assert reopened.sections[3].passages == report.sections[3].passages


def test_saving_again_replaces_the_file_and_leaves_no_temporary_file(tmp_path, report):
    drafts = SavedDrafts(tmp_path)
    saved = drafts.save(new_report())
    again = drafts.save(dataclasses.replace(report, draft_id=saved.draft_id))
    assert again.draft_id == saved.draft_id
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{saved.draft_id}.json"]
    assert len(drafts.load(saved.draft_id).sections) == len(report.sections)


def test_the_list_shows_the_latest_first_and_names_a_damaged_file_without_hiding_the_others(tmp_path, report):
    drafts = SavedDrafts(tmp_path)
    first = drafts.save(new_report())
    second = drafts.save(report)
    os.utime(tmp_path / f"{first.draft_id}.json", (1, 1))
    damaged = tmp_path / "20240101-000000-abcdef.json"
    damaged.write_text("{\"outline\": ", encoding="utf-8")
    os.utime(damaged, (2, 2))
    listed = drafts.list()
    assert [i.draft_id for i in listed] == [second.draft_id, "20240101-000000-abcdef", first.draft_id]
    info = {i.draft_id: i for i in listed}
    assert info[second.draft_id].sections_drafted == 5 and info[second.draft_id].blanks == len(report_blanks(report))
    assert "松岭县教育局2024年工作总结" in info[second.draft_id].label
    assert info["20240101-000000-abcdef"].problem and "无法打开" in info["20240101-000000-abcdef"].label
    with pytest.raises(SavedDraftError, match="20240101-000000-abcdef.json：无法打开"):
        drafts.load("20240101-000000-abcdef")


def test_an_unknown_or_malformed_id_is_refused(tmp_path):
    drafts = SavedDrafts(tmp_path)
    with pytest.raises(SavedDraftError, match="没有这份已保存的文稿"):
        drafts.load("20240101-000000-abcdef")
    with pytest.raises(SavedDraftError, match="不是已保存文稿的编号"):
        drafts.load("../../etc/passwd")


def test_a_saved_draft_can_be_deleted(tmp_path, report):
    drafts = SavedDrafts(tmp_path)
    saved = drafts.save(report)
    assert drafts.delete(saved.draft_id) and not drafts.delete(saved.draft_id)
    assert drafts.list() == []


def test_the_file_is_plain_json_a_person_can_read(tmp_path, report):
    saved = SavedDrafts(tmp_path).save(report)
    data = json.loads((tmp_path / f"{saved.draft_id}.json").read_text(encoding="utf-8"))
    assert data["outline"]["title"] == "松岭县教育局2024年工作总结"
    assert "checks" not in json.dumps(data), "checks are computed on opening, never stored"
