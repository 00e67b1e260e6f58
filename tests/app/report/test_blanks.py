"""Blanks of a whole document: listed with what earlier reports said, filled by the writer into facts."""

from __future__ import annotations

import pytest

from app.report.blanks import BlankValueError, fill_blank, report_blanks
from tests.app.report.fixtures import shelf_search
from tests.app.report.scripted import drafted_report


@pytest.fixture(scope="module")
def report():
    return drafted_report(shelf_search())


def test_every_blank_is_listed_in_reading_order_with_what_earlier_reports_said(report):
    blanks = report_blanks(report)
    assert [b.heading for b in blanks][:1] == ["一、基本情况"]
    students = blanks[0]
    assert students.clause == "在校学生××万人"
    assert "松岭县教育局2022年工作总结" in students.said_before and "3.1万人" in students.said_before
    assert students.note.startswith("待补数字：在校学生××万人（往年材料：")
    teachers = [b for b in blanks if b.section == 3]
    assert [b.clause for b in teachers] == ["全年招聘教师××人", "培训教师××人次"]


def test_a_filled_blank_becomes_a_fact_and_the_checks_accept_it(report):
    blank = [b for b in report_blanks(report) if b.clause == "全年招聘教师××人"][0]
    filled = fill_blank(report, blank, "85人")  # the unit typed again is not written twice
    text = filled.sections[3].text
    assert "全年招聘教师85人" in text and "85人人" not in text
    assert "全年招聘教师85人" in filled.facts and "全县中小学：48所" in filled.facts
    assert [b.clause for b in report_blanks(filled) if b.section == 3] == ["培训教师××人次"]
    assert not filled.sections[3].checks.unsupported_numbers
    assert report.sections[3].text != text, "the report filled is a new value; the old one is unchanged"


def test_a_value_without_a_figure_is_refused(report):
    blank = report_blanks(report)[0]
    with pytest.raises(BlankValueError, match="不是一个数字"):
        fill_blank(report, blank, "很多")
    with pytest.raises(BlankValueError):
        fill_blank(report, blank, "  ")
