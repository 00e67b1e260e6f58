import pytest

from app.checks.copying import find_copied_spans

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
