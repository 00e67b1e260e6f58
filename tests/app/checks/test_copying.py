import pytest

from app.checks.copying import find_copied_spans, pasted_share

SOURCE = "坚持把教师培训作为提升队伍素质的关键环节，全年组织骨干教师集中研修，带动青年教师专业成长。"


def test_long_verbatim_stretch_is_flagged_with_its_extent():
    copied = SOURCE[2:40]
    draft = "一是" + copied + "，成效明显。"
    spans = find_copied_spans(draft, {3: SOURCE})
    assert [(s.text, s.passage) for s in spans] == [(copied, 3)]
    assert draft[spans[0].start : spans[0].end] == copied


def test_short_shared_phrases_are_not_copies():
    assert find_copied_spans("组织骨干教师集中研修，带动专业成长。", {1: SOURCE}) == []


def test_min_chars_must_be_positive():
    with pytest.raises(ValueError, match="min_chars"):
        find_copied_spans("x", {1: "x"}, min_chars=0)


REPORT = "全年公开招聘教师96人，其中研究生12人，教师培训合格率92.5%。"


def test_a_fully_copied_sentence_is_all_pasted():
    assert pasted_share(REPORT, [SOURCE, REPORT]) == pytest.approx(1.0)


def test_fresh_text_is_not_pasted():
    assert pasted_share("坚持立德树人根本任务，深化新时代教育评价改革，办好人民满意的教育。", [SOURCE, REPORT]) == 0.0
    assert pasted_share("", [SOURCE]) == 0.0


def test_a_copy_with_its_figures_blanked_or_changed_still_counts_as_copied():
    assert pasted_share("全年公开招聘教师××人，其中研究生××人，教师培训合格率××%。", [REPORT]) == pytest.approx(1.0)
    assert pasted_share("全年公开招聘教师40人，其中研究生3人，教师培训合格率99%[1]。", [REPORT]) == pytest.approx(1.0)


def test_the_share_is_of_the_drafts_content_characters():
    fresh = "坚持立德树人根本任务，深化教育评价改革。"  # 18 content characters, none copied
    copied = SOURCE[:30]  # 29 content characters and a comma
    assert pasted_share(fresh + copied, [SOURCE]) == pytest.approx(29 / (18 + 29))
    # A shared stretch shorter than min_chars is not a paste.
    assert pasted_share(fresh + SOURCE[:12], [SOURCE]) == 0.0
