"""The noise generator and its scorer: deterministic, halves apart, gold that adds up, a scorer that
sees noise left and sentences lost."""

import re

from bench.cleaning_score import score_cleaning
from bench.noise_generator import make_noisy_document
from bench.noise_phrasings import HALVES, KINDS, PHRASINGS

BODY = [
    "东岭镇2024年工作总结",
    "2024年，镇党委、镇政府围绕全年目标任务，统筹抓好发展和安全，全镇经济社会保持平稳运行。",
    "一、主要工作",
    "全年完成固定资产投资3.6亿元，新建高标准农田8600亩，改造农村公路42公里，新增城镇就业岗位610个，"
    "开展安全生产检查312家次，整改隐患486处，群众安全感和满意度持续提升，各项工作取得了新的进展。" * 3,
    "二、存在问题",
    "产业基础仍然薄弱，镇村集体经济收入不高，公共服务短板较多。",
    "东岭镇人民政府",
    "2024年12月",
]


def test_every_class_has_ten_phrasings_or_more_in_two_disjoint_halves():
    for kind in KINDS:
        halves = PHRASINGS[kind]
        assert sum(len(halves[h]) for h in HALVES) >= 10, kind
        assert not set(halves["tune"]) & set(halves["check"]), kind


def test_page_markers_come_in_eight_styles_or_more():
    assert sum(len(PHRASINGS["page_marker"][h]) for h in HALVES) >= 8


def test_the_same_seed_gives_the_same_page_and_another_seed_another():
    a = make_noisy_document(BODY, "tune", 7)
    assert a == make_noisy_document(BODY, "tune", 7)
    assert a.text != make_noisy_document(BODY, "tune", 8).text


def test_the_gold_adds_up_to_the_page():
    doc = make_noisy_document(BODY, "check", 3)
    assert doc.body_lines == tuple(BODY)
    assert {piece.kind for piece in doc.noise} <= set(KINDS)
    page = doc.text
    for piece in doc.noise:
        assert piece.text.strip() in page
    # Taking every piece out of the page leaves the body, line breaks aside.
    rest = page
    for piece in sorted(doc.noise, key=lambda p: -len(p.text)):
        rest = rest.replace(piece.text, "", 1)
    assert re.sub(r"\s", "", rest) == re.sub(r"\s", "", "".join(BODY))


def test_only_the_kinds_asked_for_are_injected():
    doc = make_noisy_document(BODY, "tune", 1, kinds=("stray_id",))
    assert {piece.kind for piece in doc.noise} == {"stray_id"}


def test_the_scorer_sees_noise_left_and_sentences_lost():
    doc = make_noisy_document(BODY, "tune", 5)
    raw = score_cleaning(doc, doc.text)
    assert sum(raw.pieces_left.values()) == sum(raw.pieces.values())
    perfect = score_cleaning(doc, "\n".join(BODY))
    assert perfect.sentences_kept == perfect.sentences and not perfect.left
    cut = score_cleaning(doc, "\n".join(BODY[:3]))
    assert cut.sentences_kept < cut.sentences
    # A sentence broken over two lines is not kept: page breaks must be mended.
    broken = "\n".join(BODY).replace("产业基础仍然薄弱，", "产业基础仍然薄弱，\n")
    assert score_cleaning(doc, broken).lost == ["产业基础仍然薄弱，镇村集体经济收入不高，公共服务短板较多。"]
