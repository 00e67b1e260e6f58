"""Retrieval scorers: labels -> relevance, recall@k, MRR, reference-content recall."""

from __future__ import annotations

import pytest

from eval.retrieval_scores import (
    best_window_f1,
    recall_at_k,
    reciprocal_rank,
    reference_content_recall,
    relevant_unit,
    relevant_units,
)
from eval.scoring import retrieval_metrics

SECTIONS = [{"source": "2018.txt", "heading": "（三）加快建设创新型国家。"}, {"source": "2017.txt", "heading": "科技创新"}]


def test_a_passage_matches_a_section_by_source_and_heading():
    inside = {"source": "2018.txt", "heading_path": "三、政府工作 > （三）加快建设创新型国家。"}
    other_source = {"source": "2016.txt", "heading_path": "三、政府工作 > （三）加快建设创新型国家。"}
    other_heading = {"source": "2018.txt", "heading_path": "三、政府工作 > （四）深化改革。"}
    assert relevant_unit(inside, [], SECTIONS) == "2018.txt#加快建设创新型国家"
    assert relevant_unit(other_source, [], SECTIONS) is None
    assert relevant_unit(other_heading, [], SECTIONS) is None


def test_sources_are_the_unit_when_no_section_is_labelled():
    assert relevant_unit({"source": "a.txt", "heading_path": ""}, ["a.txt"], []) == "a.txt"
    assert relevant_unit({"source": "b.txt", "heading_path": ""}, ["a.txt"], []) is None
    assert relevant_units(["a.txt", "b.txt"], []) == {"a.txt", "b.txt"}


def test_recall_counts_distinct_units_against_the_smaller_of_k_and_the_label_count():
    units = ["a", None, "a", "b", None]
    assert recall_at_k(units, {"a", "b", "c"}, 2) == pytest.approx(1 / 2)  # a of min(2, 3)
    assert recall_at_k(units, {"a", "b", "c"}, 5) == pytest.approx(2 / 3)
    assert recall_at_k(units, {"a", "b"}, 10) == 1.0
    with pytest.raises(ValueError):
        recall_at_k(units, set(), 5)


def test_reciprocal_rank():
    assert reciprocal_rank([None, None, "a"]) == pytest.approx(1 / 3)
    assert reciprocal_rank(["a"]) == 1.0
    assert reciprocal_rank([None, None]) == 0.0
    assert reciprocal_rank([]) == 0.0


def test_a_copied_sentence_is_found_inside_a_long_passage():
    sentence = "全面推进义务教育优质均衡发展。"
    passage = "无关的开头文字很多很多。" * 10 + sentence + "无关的结尾文字也很多。" * 10
    assert best_window_f1(sentence, passage) == 1.0


def test_reference_content_recall():
    reference = "全面推进义务教育优质均衡发展。切实加强教师队伍建设工作。完全没有出处的一句话在这里。"
    passages = ["今年我们全面推进义务教育优质均衡发展，成效明显。", "切实加强教师队伍建设工作"]
    assert reference_content_recall(reference, passages) == pytest.approx(2 / 3)
    assert reference_content_recall(reference, []) == 0.0
    assert reference_content_recall("短句。", passages) is None  # no sentence of 8+ characters


def test_retrieval_metrics_of_a_results_row():
    row = {
        "retrieved": [
            {"rank": 1, "text": "x", "source": "c.txt", "heading_path": ""},
            {"rank": 2, "text": "y", "source": "a.txt", "heading_path": ""},
        ],
        "relevant_sources": ["a.txt", "b.txt"],
        "relevant_sections": [],
        "reference": None,
    }
    scores = retrieval_metrics(row)
    assert scores == {"recall@5": 0.5, "recall@10": 0.5, "mrr": 0.5}
    assert retrieval_metrics({"retrieved": [], "relevant_sources": [], "reference": None}) == {}
