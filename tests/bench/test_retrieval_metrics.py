import pytest

from bench.bench_corpus import sample_news, strip_invisible
from bench.quality_cases import known_item_cases, sentence_hash
from bench.reference_pipelines import chatchat_splitter, weighted_rrf
from bench.retrieval_metrics import (
    SectionLocator,
    contains_target,
    first_hit_rank,
    hit_at,
    reciprocal_rank_at,
    reference_content_recall,
    split_sentences,
    topic_precision_at_k,
    topic_recall_at_k,
)
from eval.retrieval_scores import best_window_f1, bigram_f1

SENT_A = "全面推进学校食堂明厨亮灶建设。"
SENT_B = "新建改扩建幼儿园十二所，新增学位三千个。"
FILLER = "会议还研究了其他事项，并对下一阶段工作作了部署安排，要求各单位认真抓好落实。" * 4


def test_split_sentences_strips_whitespace_and_drops_fragments():
    assert split_sentences(f"{SENT_A}\n 好的。{SENT_B}") == [SENT_A, SENT_B]


def test_bigram_f1_known_values():
    assert bigram_f1("学校食堂", "学校食堂") == 1.0
    assert bigram_f1("学校食堂", "医院病房") == 0.0
    # bigrams 学校 校食 食堂 vs 学校 校园: one shared of 3 + 2
    assert bigram_f1("学校食堂", "学校园") == pytest.approx(2 * 1 / 5)


def test_window_f1_finds_a_sentence_inside_a_long_chunk():
    chunk = FILLER + SENT_A + FILLER
    assert best_window_f1(SENT_A, chunk) >= 0.75
    # Against the whole chunk the same sentence would score low: the window is what keeps it honest.
    assert bigram_f1(SENT_A, chunk) < 0.2


def test_reference_content_recall_counts_matched_sentences():
    reference = SENT_A + SENT_B
    assert reference_content_recall(reference, [FILLER + SENT_A]) == 0.5
    assert reference_content_recall(reference, [SENT_B, "　" + SENT_A]) == 1.0
    assert reference_content_recall(reference, [FILLER]) == 0.0


def test_reference_content_recall_rejects_empty_reference():
    with pytest.raises(ValueError):
        reference_content_recall("好。", ["任何文字"])


def test_topic_recall_and_precision():
    relevant = {(2015, 1), (2016, 2), (2017, 3)}
    retrieved = [(2015, 1), (2015, 1), None, (2018, 9), (2016, 2)]
    assert topic_recall_at_k(retrieved, relevant, 10) == pytest.approx(2 / 3)
    assert topic_precision_at_k(retrieved, relevant, 10) == pytest.approx(3 / 10)
    assert topic_recall_at_k(retrieved, relevant, 1) == 1.0  # min(k, |relevant|) = 1


def test_known_item_ranks():
    rank = first_hit_rank([False, False, True, True])
    assert rank == 3
    assert (hit_at(rank, 1), hit_at(rank, 5)) == (0.0, 1.0)
    assert reciprocal_rank_at(rank, 10) == pytest.approx(1 / 3)
    assert reciprocal_rank_at(first_hit_rank([False] * 10), 10) == 0.0


def test_contains_target_tolerates_whitespace_and_one_chunk_boundary():
    target = "对多次劝返仍拒不送子女入学的监护人依法追究责任。"
    assert contains_target("前文。对多次劝返仍拒不送子女\n入学的监护人依法追究责任。后文", target)
    assert contains_target("前文。对多次劝返仍拒不送子女入学的", target)  # first half survives a boundary
    assert not contains_target("前文。对多次劝返", target)


def test_section_locator_assigns_majority_section():
    report = "标题\n\n一、回顾\n" + SENT_A * 3 + "\n二、任务\n" + SENT_B * 3
    locator = SectionLocator(
        {"r.txt": report}, {"r.txt": [((2020, 0), SENT_A * 3), ((2020, 1), SENT_B * 3)]}
    )
    assert locator.section_of("r.txt", SENT_A + SENT_A) == (2020, 0)
    # Straddling passage: more of it lies in the second section.
    assert locator.section_of("r.txt", SENT_A[-4:] + "二、任务" + SENT_B * 2) == (2020, 1)
    assert locator.section_of("other.txt", SENT_A) is None
    assert locator.section_of("r.txt", "不在报告里的一段文字内容") is None


def test_weighted_rrf_matches_ensemble_retriever_formula():
    fused = dict(weighted_rrf([[1, 2], [2, 3]], [0.5, 0.5], c=60))
    assert fused[2] == pytest.approx(0.5 / 62 + 0.5 / 61)
    assert fused[1] == pytest.approx(0.5 / 61)
    assert max(fused, key=fused.get) == 2


def test_chatchat_splitter_keeps_punctuation_at_piece_end():
    pieces = chatchat_splitter().split_text((SENT_B * 20).replace("，", "，\n"))
    assert all(len(p) <= 250 for p in pieces)
    assert all(p.endswith(("。", "，")) for p in pieces)


def test_news_sample_is_every_nth_line(tmp_path):
    (tmp_path / "b").write_text("".join(f"b{i}\n" for i in range(6)), encoding="utf-8")
    (tmp_path / "a").write_text("a0\n\na1\n", encoding="utf-8")
    docs = sample_news(tmp_path, 4)
    assert [d.text for d in docs] == ["a0", "b0", "b2", "b4"]
    assert len({d.source for d in docs}) == 4


def test_known_items_resolve_by_hash(tmp_path):
    items = tmp_path / "known.json"
    target = "课后服务覆盖全部义务教育学校。"
    items.write_text(
        '{"items": [{"id": "k1", "query": "课后服务", "source": "s.txt", "sentence_sha1": "%s"}]}'
        % sentence_hash(" " + target),
        encoding="utf-8",
    )
    (case,) = known_item_cases(items, {"s.txt": "开头一句话在这里。\n" + target})
    assert strip_invisible(case.sentence) == target
    with pytest.raises(ValueError, match="SHA-1"):
        known_item_cases(items, {"s.txt": "别的内容完全不同的句子。"})
