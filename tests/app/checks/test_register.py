from app.checks.register import find_colloquial


def test_colloquial_markers_are_flagged_with_positions():
    text = "我觉得这项工作做得挺好的吧。"
    found = find_colloquial(text)
    assert [f.marker for f in found] == ["我觉得", "挺", "吧"]
    assert text[found[1].start : found[1].end] == "挺"


def test_formal_words_sharing_a_character_are_not_flagged():
    assert find_colloquial("挺进新时代，克服野蛮生长，建设超级计算中心，吧台不在此列。") == []
