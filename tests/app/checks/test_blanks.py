"""Every ×× of a draft listed with what the earlier reports said in the same place."""

from __future__ import annotations

from dataclasses import dataclass

from app.checks.blanks import Blank, EarlierFigure, find_blanks


@dataclass(frozen=True)
class Report:
    text: str
    title: str
    year: int | None


QINGCHUAN = Report("全年公开招聘教师96人，其中研究生12人，教师培训合格率92.5%。", "青川县教育局2022年工作总结", 2022)
BAIHE = Report("全年公开招聘教师80人，新建学校3所。", "白河县教育工作汇报", 2021)


def test_a_blank_is_matched_to_the_figure_with_the_same_unit_in_the_most_similar_clause():
    blanks = find_blanks("全年招聘教师××人，培训合格率达到××%。", [QINGCHUAN])
    assert blanks == [
        Blank(0, "全年招聘教师××人", (EarlierFigure("96人", QINGCHUAN.title, 2022),)),
        Blank(0, "培训合格率达到××%", (EarlierFigure("92.5%", QINGCHUAN.title, 2022),)),
    ]
    assert str(blanks[0]) == "全年招聘教师××人（青川县教育局2022年工作总结：96人）"


def test_no_match_when_the_units_differ():
    [blank] = find_blanks("全年招聘教师××名。", [QINGCHUAN])
    assert blank.earlier == ()
    assert str(blank) == "全年招聘教师××名（往年材料中未找到对应数字）"
    [percent] = find_blanks("全年招聘教师××%。", [QINGCHUAN])
    assert percent.earlier == ()


def test_no_match_from_a_clause_about_something_else():
    [blank] = find_blanks("新建塑胶运动场××个。", [QINGCHUAN, BAIHE])
    assert blank.earlier == ()


def test_the_label_names_each_report_with_its_year_once():
    [blank] = find_blanks("\n\n全年招聘教师××人[1]。", [QINGCHUAN, BAIHE])
    # The year is added where the title does not already say it.
    assert str(blank) == "全年招聘教师××人（青川县教育局2022年工作总结：96人；白河县教育工作汇报（2021年）：80人）"
    assert blank.paragraph == 0


def test_a_draft_without_blanks_has_none():
    assert find_blanks("全年招聘教师40人。", [QINGCHUAN]) == []
