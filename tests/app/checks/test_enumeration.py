"""一是/二是/三是 count once through a draft: a restart inside a point loses its lead, a skip is renumbered."""

from __future__ import annotations

from app.checks.enumeration import (
    EnumerationFix,
    enumeration_problems,
    repair_enumeration,
)

POINTS = "一是加强教师培训，组织骨干教师集中研修。二是推进交流轮岗，城乡师资配置更加均衡。三是落实待遇保障，按时足额发放工资。"


def test_a_count_restarted_inside_the_fourth_point_loses_its_leads_and_keeps_its_sentences():
    text, fixes = repair_enumeration(POINTS + "四是加强师德建设，一是开展专题教育，二是实行考核一票否决。")
    assert text == POINTS + "四是加强师德建设，开展专题教育，实行考核一票否决。"
    assert [(f.lead, f.replaced_by, f.paragraph) for f in fixes] == [("一是", "", 0), ("二是", "", 0)]


def test_a_restart_in_a_later_paragraph_is_repaired_across_paragraphs():
    text, fixes = repair_enumeration("一是加强教师培训。二是推进交流轮岗。\n\n一是落实待遇保障。三是加强师德建设。")
    assert text == "一是加强教师培训。二是推进交流轮岗。\n\n落实待遇保障。三是加强师德建设。"
    assert [(f.lead, f.replaced_by, f.paragraph) for f in fixes] == [("一是", "", 1)]


def test_a_skipped_number_is_renumbered():
    text, fixes = repair_enumeration("一是加强教师培训。\n\n二是推进交流轮岗。\n\n四是落实待遇保障。")
    assert text == "一是加强教师培训。\n\n二是推进交流轮岗。\n\n三是落实待遇保障。"
    assert [(f.lead, f.replaced_by, f.paragraph) for f in fixes] == [("四是", "三是", 2)]
    assert enumeration_problems("一是加强教师培训。二是推进交流轮岗。四是落实待遇保障。") == [EnumerationFix("四是", "三是", 0)]


def test_points_separated_by_commas_in_one_sentence_are_in_order():
    text = "坚持两手发力：一是严控教师编制总量，二是提高教师队伍质量，三是优化城乡师资配置。"
    assert repair_enumeration(text) == (text, [])
    assert enumeration_problems(text) == []


def test_text_in_order_or_without_leads_is_unchanged():
    for text in (POINTS, "一是加强培训。\n\n二是推进交流。\n\n三是落实待遇。", "全面加强教师队伍建设，这是一项长期任务。"):
        assert repair_enumeration(text) == (text, [])
