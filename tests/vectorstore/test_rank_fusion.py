import pytest

from vectorstore.rank_fusion import convex_fusion, reciprocal_rank_fusion


def test_convex_fusion_normalises_each_list_and_weights_them():
    fused = convex_fusion(
        {"dense": [("a", 0.9), ("b", 0.8), ("c", 0.5)], "bm25": [("c", 30.0), ("a", 10.0)]},
        weights={"dense": 0.3, "bm25": 0.7},
    )
    scores = {item: score for item, score, _ in fused}
    assert scores["a"] == pytest.approx(0.3 * 1.0 + 0.7 * 0.0)
    assert scores["b"] == pytest.approx(0.3 * 0.75)
    assert scores["c"] == pytest.approx(0.3 * 0.0 + 0.7 * 1.0)
    assert [item for item, _, _ in fused] == ["c", "a", "b"]
    assert dict((item, ranks) for item, _, ranks in fused)["c"] == {"dense": 3, "bm25": 1}


def test_a_strong_exact_match_keeps_its_margin_where_rank_fusion_loses_it():
    dense = [("near1", 0.80), ("near2", 0.79), ("exact", 0.76), ("far", 0.50)]
    bm25 = [("exact", 25.0), ("near1", 3.0), ("near2", 2.9)]
    weights = {"dense": 0.5, "bm25": 0.5}
    assert convex_fusion({"dense": dense, "bm25": bm25}, weights=weights)[0][0] == "exact"
    rrf = reciprocal_rank_fusion({"dense": [i for i, _ in dense], "bm25": [i for i, _ in bm25]}, weights=weights)
    assert rrf[0][0] == "near1"


def test_a_list_of_ties_or_one_item_counts_fully_and_empty_lists_are_ignored():
    fused = convex_fusion({"dense": [("a", 0.4)], "bm25": []}, weights={"dense": 1.0, "bm25": 1.0})
    assert fused == [("a", 1.0, {"dense": 1})]


def test_a_floor_replaces_the_lists_own_minimum():
    fused = convex_fusion({"bm25": [("a", 10.0), ("b", 8.0)]}, weights={"bm25": 1.0}, lows={"bm25": 0.0})
    assert [(item, round(score, 3)) for item, score, _ in fused] == [("a", 1.0), ("b", 0.8)]


def test_what_scores_below_the_floor_counts_zero():
    # A list extended with the best of a narrower search keeps its main part's low.
    fused = convex_fusion({"dense": [("a", 0.9), ("b", 0.7), ("c", 0.5)]}, weights={"dense": 1.0}, lows={"dense": 0.7})
    assert [(item, round(score, 3)) for item, score, _ in fused] == [("a", 1.0), ("b", 0.0), ("c", 0.0)]
    one = convex_fusion({"dense": [("a", 0.9), ("c", 0.5)]}, weights={"dense": 1.0}, lows={"dense": 0.9})
    assert [(item, score) for item, score, _ in one] == [("a", 1.0), ("c", 0.0)]
