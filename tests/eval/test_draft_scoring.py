"""The writer's rules scored on a hand-made results row: eval.scoring.draft_metrics and case_metrics."""

from __future__ import annotations

import pytest

from app.checks.numbers import mask_figures
from app.checks.text import content_chars, draft_length
from eval.definitions import BY_NAME
from eval.scoring import case_metrics, draft_metrics, metrics_document
from eval.text_metrics import rouge_l_chars

PASSAGE = "推进县管校聘改革，全年交流轮岗教师265名，城乡学校师资配置更加均衡，乡村学校教学质量稳步提升。"
HEADING_PATH = "二、主要做法 > （二）推进交流轮岗。"
COPIED = "推进县管校聘改革，全年交流轮岗教师265名，城乡学校师资配置更加均衡[1]。"  # a passage figure, pasted
OWN = "今年招聘教师40名，充实农村学校师资力量[1]。"  # the writer's figure, fresh wording
DRAFT = f"{HEADING_PATH}\n\n一是{COPIED}\n\n三是{OWN}"


def row(**changes) -> dict:
    base = {
        "id": "c1",
        "request": "起草'主要做法及成效'中关于教师交流轮岗的一段，约80字",
        "query": "教师交流轮岗",
        "section_role": "主要做法及成效",
        "length_target": 80,
        "facts": ["今年招聘教师40名"],
        "draft": DRAFT,
        "citations": [{"n": 1, "source": "a.txt", "text": PASSAGE}],
        "passages": [{"n": 1, "source": "a.txt", "heading_path": "二、主要做法 > （二）推进交流轮岗", "text": PASSAGE}],
        "unsupported_numbers": [],
        "removed_citations": [],
        "attributed_citations": 0,
        "paragraphs_with_valid_citation": 1.0,
        "timings": {"retrieve_s": 0.1, "draft_s": 2.0},
        "error": None,
    }
    return base | changes


def test_the_writers_rules_on_a_row():
    scores = draft_metrics(row(), similarity=None)
    assert scores["figures_not_from_writer"] == 1.0  # 265 is the passage's; 40 is in the facts
    assert scores["artefacts"] == 1.0  # the heading path
    assert scores["broken_enumeration"] == 1.0  # 一是 then 三是
    # Figures are masked on both sides before comparing: the copied sentence is pasted whatever its figure.
    copied = len(content_chars(mask_figures(COPIED)))
    assert scores["pasted_share"] == pytest.approx(copied / len(content_chars(mask_figures(DRAFT))))
    assert scores["length_ratio"] == pytest.approx(draft_length(DRAFT) / 80)
    assert scores["within_length"] == 1.0
    assert scores["off_topic_share"] is None  # no similarity model


def test_a_clean_draft_scores_zero_on_each_rule():
    draft = "一是深化县管校聘改革，促进优秀教师向乡村流动[1]。二是今年招聘教师40名，补齐农村学校学科短板[1]。"
    scores = draft_metrics(row(draft=draft, length_target=len(content_chars(draft))), similarity=None)
    assert (scores["figures_not_from_writer"], scores["artefacts"], scores["broken_enumeration"]) == (0.0, 0.0, 0.0)
    assert scores["pasted_share"] == 0.0


def test_a_figure_in_the_request_is_the_writers():
    scores = draft_metrics(row(request="起草关于交流轮岗教师265名的一段，约80字"), similarity=None)
    assert scores["figures_not_from_writer"] == 0.0


def test_within_length_is_the_80_to_120_percent_band():
    chars = draft_length(DRAFT)
    assert draft_metrics(row(length_target=round(chars / 0.79)), similarity=None)["within_length"] == 0.0
    assert draft_metrics(row(length_target=round(chars / 1.19)), similarity=None)["within_length"] == 1.0
    assert draft_metrics(row(length_target=round(chars / 1.25)), similarity=None)["within_length"] == 0.0


def test_the_copy_paste_floor_is_scored_against_the_reference():
    reference = "全县推进县管校聘改革，交流轮岗教师××名，城乡学校师资配置更加均衡。"
    scores = draft_metrics(row(reference=reference, length_target=20), similarity=None)
    floor = rouge_l_chars(PASSAGE[:20], reference)  # the passage cut to the 20 characters asked
    assert scores["floor_rouge_l_char"] == pytest.approx(floor)
    assert scores["rouge_l_over_floor"] == pytest.approx(scores["rouge_l_char"] - floor)
    without = draft_metrics(row(), similarity=None)
    assert "floor_rouge_l_char" not in without and "rouge_l_over_floor" not in without


def test_off_topic_share_uses_the_pipelines_rule():
    draft = (
        "深化县管校聘改革，促进教师交流[1]。\n\n推动优秀教师向乡村学校流动[1]。\n\n"
        "建立交流教师考核激励机制[1]。\n\n新建塑胶运动场和风雨操场。"
    )

    def similarity(a: str, b: str) -> float:
        return 0.5 if "运动场" in b else 0.8

    assert draft_metrics(row(draft=draft), similarity)["off_topic_share"] == pytest.approx(0.25)
    assert draft_metrics(row(draft=draft.replace("新建塑胶运动场和风雨操场", "健全教师交流考核")), similarity)["off_topic_share"] == 0.0
    three = draft_metrics(row(draft=f"一是{COPIED}\n\n二是加强培训。\n\n新建塑胶运动场和风雨操场。"), similarity)
    assert three["off_topic_share"] is None  # four paragraphs at least


def test_the_new_metrics_are_defined_and_summarised():
    document = metrics_document([row()], similarity=None, case_errors=[], run={"mode": "draft"})
    for name in ("figures_not_from_writer", "artefacts", "pasted_share", "broken_enumeration", "length_ratio",
                 "within_length"):
        assert BY_NAME[name].group == "writer"
        assert document["summary"][name]["n"] == 1
        assert document["definitions"][name]["higher_is_better"] is BY_NAME[name].higher_is_better
    assert case_metrics(row(), similarity=None)["artefacts"] == 1.0
