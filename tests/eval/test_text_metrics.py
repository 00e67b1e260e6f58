"""Draft scorers: known inputs -> known values, edge cases included."""

from __future__ import annotations

import random

import pytest

from eval.text_metrics import (
    artefact_texts,
    broken_enumeration,
    citation_support,
    citation_validity,
    copy_paste_floor,
    enumeration_run,
    figures_not_from_writer,
    lcs_length,
    length_ratio,
    length_score,
    register_score,
    rouge_l,
    rouge_l_chars,
    rouge_l_words,
    structure_score,
    unsupported_number_rate,
)


def _lcs_table(a: str, b: str) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
    return table[-1][-1]


def test_bit_parallel_lcs_equals_the_textbook_table():
    rng = random.Random(7)
    for _ in range(300):
        a = "".join(rng.choice("推进工作教") for _ in range(rng.randint(0, 25)))
        b = "".join(rng.choice("推进工作教") for _ in range(rng.randint(0, 25)))
        assert lcs_length(a, b) == _lcs_table(a, b), (a, b)


def test_rouge_l_known_values():
    # LCS("ABCDE", "ABXDE") = ABDE = 4: P = R = 4/5.
    assert rouge_l("ABCDE", "ABXDE") == pytest.approx(0.8)
    # LCS = 2 of a 2-item candidate and a 4-item reference: P = 1, R = 0.5, F = 2/3.
    assert rouge_l(["加强", "建设"], ["切实", "加强", "队伍", "建设"]) == pytest.approx(2 / 3)


def test_rouge_l_chars_ignores_whitespace_and_citation_markers():
    assert rouge_l_chars("全面推进[1]\n\n依法治教[2]", "全面推进 依法治教") == 1.0


def test_identical_and_disjoint_texts():
    text = "坚持立德树人，深化教育综合改革。"
    assert rouge_l_chars(text, text) == 1.0
    assert rouge_l_words(text, text) == 1.0
    assert rouge_l_chars("甲乙丙", "丁戊己") == 0.0


def test_empty_draft_scores_zero():
    assert rouge_l_chars("", "坚持立德树人。") == 0.0
    assert rouge_l_words("", "坚持立德树人。") == 0.0
    assert length_score(400, 0) == 0.0
    assert register_score("") == 0.0
    assert structure_score("", asked=True) == 0.0
    assert citation_validity("", removed=0, attributed=0) is None
    assert citation_support("", {}) is None
    assert unsupported_number_rate("", []) is None


@pytest.mark.parametrize(
    ("produced", "expected"),
    [
        (400, 100.0),  # exactly as asked
        (800, 100 * (1 - 1 / 3)),  # twice as long: 1 - (2 - 1)/3
        (1600, 0.0),  # four times: 1 - 3/3
        (2000, 0.0),  # beyond: clipped at 0
        (200, 50.0),  # half: 1 - (2 - 1)/2
        (300, 100 * (1 - (400 / 300 - 1) / 2)),
        (133, 0.0),  # a third: 1 - (400/133 - 1)/2 < 0, clipped
    ],
)
def test_longwriter_length_score(produced, expected):
    assert length_score(400, produced) == pytest.approx(expected)


def test_length_score_needs_a_positive_target():
    with pytest.raises(ValueError):
        length_score(0, 100)


def test_unsupported_number_rate():
    # Two figures blanked, one left: 2 of 3 unsupported.
    assert unsupported_number_rate("共有××所学校、××名教师，完成投资3.5亿元", ["12", "300"]) == pytest.approx(2 / 3)
    assert unsupported_number_rate("完成投资3.5亿元，新建校舍12所", []) == 0.0


def test_no_numbers_is_not_applicable():
    assert unsupported_number_rate("全面推进依法治教，切实加强师德师风建设。", []) is None


def test_all_placeholders():
    # Every figure the model wrote was unsupported and blanked.
    assert unsupported_number_rate("全县共有××所学校，教师××人，投入××万元", ["86", "3200", "500"]) == 1.0
    # Placeholders the model wrote itself with nothing blanked: there is no figure to judge.
    assert unsupported_number_rate("全县共有××所学校，教师××人", []) is None


def test_citation_validity_counts_only_the_models_own_markers():
    # 3 markers left, 1 of them attributed by the pipeline -> 2 kept; 2 removed -> 2 / 4.
    assert citation_validity("推进[1]。加强[2][3]。", removed=2, attributed=1) == 0.5
    assert citation_validity("推进[1,2]。", removed=0, attributed=0) == 1.0


def test_citation_support_is_the_mean_share_of_shared_content():
    cited = {1: "新建学生宿舍楼两栋", 2: "完全无关的内容"}
    assert citation_support("新建学生宿舍楼两栋[1]", cited) == pytest.approx(1.0)
    assert citation_support("新建学生宿舍楼两栋[2]", cited) == pytest.approx(0.0)
    assert citation_support("新建学生宿舍楼两栋[9]", cited) == 0.0  # a passage not listed supports nothing


def test_register_score():
    formal = "坚持立德树人，切实加强师德师风建设，扎实推进教育改革。"
    assert register_score(formal) == 1.0
    assert register_score("我觉得这个事挺好的吧。") == 0.0  # no formal marker at all
    # One formal marker (推进) and one colloquial (吧) in 8 characters: density saturates, f/(f+c) = 1/2.
    assert register_score("推进工作好吧。") == pytest.approx(0.5)
    # One formal marker in 200 characters: density 0.5 per 100 chars, a quarter of the 2.0 target.
    assert register_score("推进" + "的" * 198) == pytest.approx(0.25)


def test_structure_counts_consecutive_ordinals_in_one_form():
    assert enumeration_run("一是加强。二是推进。三是落实。四是保障。") == 4
    assert enumeration_run("二是推进。三是落实。") == 0  # must start at 一
    assert enumeration_run("（一）总体情况\n（二）主要举措") == 2
    assert structure_score("一是加强。二是推进。三是落实。", asked=True) == 1.0
    assert structure_score("（一）甲（二）乙", asked=True) == pytest.approx(2 / 3)
    assert structure_score("一是加强。", asked=False) is None


def test_figures_not_from_the_writer_are_counted_by_value():
    draft = "全年招聘教师四十名，交流轮岗教师265名，培训合格率××%，“十四五”期间一是……"
    assert figures_not_from_writer(draft, ["今年招聘教师40名", "起草一段"]) == 1  # 265; 四十 = 40; ×× and 十四五 are not figures
    assert figures_not_from_writer(draft, ["招聘教师40名，交流265名"]) == 0


def test_artefact_texts_name_the_kind_and_the_sentence():
    draft = "二、主要做法 > （二）推进交流轮岗。推进县管校聘改革，城乡学校师资配置更加均衡。"
    assert artefact_texts(draft) == ["标题路径：二、主要做法 > （二）推进交流轮岗。"]
    assert artefact_texts("推进县管校聘改革，城乡学校师资配置更加均衡。") == []


def test_broken_enumeration():
    assert broken_enumeration("一是加强培训。二是推进交流。三是落实待遇。") == 0.0
    assert broken_enumeration("一是加强培训。三是落实待遇。") == 1.0
    assert broken_enumeration("一是加强培训。二是推进交流，一是严格准入。") == 1.0


def test_copy_paste_floor_cuts_the_passages_in_order_to_the_length():
    assert copy_paste_floor(["甲乙丙", " 丁戊己 "], 4) == "甲乙丙\n\n丁"  # whitespace does not count
    assert copy_paste_floor(["甲乙"], 10) == "甲乙"


def test_length_ratio_counts_characters_without_markers():
    assert length_ratio("推进改革[1]。\n\n落实待遇[2]。", 10) == pytest.approx(1.0)
