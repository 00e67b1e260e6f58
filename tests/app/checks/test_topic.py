"""On topic: a text far below the others of its set is off the topic; no fixed threshold."""

from __future__ import annotations

from app.checks.topic import (
    MAX_BELOW_MEDIAN,
    OffTopicParagraph,
    below_the_rest,
    off_topic_paragraphs,
)


def test_fewer_than_four_scores_drop_nothing():
    assert below_the_rest([]) == []
    assert below_the_rest([0.9, 0.1]) == [False, False]
    assert below_the_rest([0.9, 0.85, 0.1]) == [False, False, False]


def test_an_outlier_below_the_median_is_found():
    assert below_the_rest([0.80, 0.78, 0.81, 0.60]) == [False, False, False, True]


def test_a_score_just_within_the_margin_stays():
    median = 0.80  # the third of five scores
    scores = [median, 0.82, 0.81, median - MAX_BELOW_MEDIAN + 0.001, median - MAX_BELOW_MEDIAN - 0.001]
    assert below_the_rest(scores) == [False, False, False, False, True]


def test_uniformly_low_scores_are_all_on_topic():
    # Short topics score low against everything of the same register: only the spread matters.
    assert below_the_rest([0.41, 0.40, 0.42, 0.41]) == [False, False, False, False]


def test_off_topic_paragraphs_with_a_relevance_function():
    asked: list[tuple[str, list[str]]] = []

    def relevance(topic, texts):
        asked.append((topic, list(texts)))
        return [0.9 if "教师" in text else 0.5 for text in texts]

    paragraphs = ["加强教师培训。", "新建塑胶运动场。", "推进教师交流轮岗。", "落实教师待遇保障。"]
    assert off_topic_paragraphs("教师队伍建设", paragraphs, relevance) == [OffTopicParagraph(1, "新建塑胶运动场。", 0.5)]
    assert asked == [("教师队伍建设", paragraphs)]


def test_two_paragraphs_are_never_scored():
    def relevance(topic, texts):
        raise AssertionError("not called for fewer than three paragraphs")

    assert off_topic_paragraphs("教师队伍建设", ["加强教师培训。", "新建塑胶运动场。"], relevance) == []
