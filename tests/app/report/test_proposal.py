"""The outline proposed for a request: the structure of the writer's own latest document of the type,
years moved on, budgets from its proportions; the genre's usual structure when the library has none."""

from __future__ import annotations

import pytest

from app.drafting.request import InvalidRequest
from app.report.proposal import (
    GENRE_STRUCTURES,
    propose_outline,
    read_report_request,
    with_sources,
)
from tests.app.report.fixtures import SHELF_DOCS, FakeShelf, shelf_search


def test_the_outline_follows_the_same_places_latest_earlier_document_with_its_years_moved_on():
    outline, template = propose_outline("起草松岭县教育局2024年工作总结，约5000字", FakeShelf())
    assert template == "松岭县教育局2022年工作总结"  # not 白河县's later one, not the older 2019 one
    assert outline.title == "松岭县教育局2024年工作总结" and outline.organisation == "松岭县教育局"
    assert outline.headings() == [
        "", "一、基本情况", "二、主要做法及成效", "（一）坚持党建引领，办学方向更加坚定", "（二）建强教师队伍，育人根基更加厚实",
        "（三）守牢安全底线，校园环境更加平安", "三、存在问题", "四、2025年工作打算",  # 2023 in a 2022 report
    ]
    assert [s.role for s in outline.sections] == ["开头", "基本情况", "主要做法及成效", "主要做法及成效", "主要做法及成效",
                                                  "主要做法及成效", "存在问题", "下一步工作"]


def test_budgets_sum_to_the_length_asked_in_the_templates_proportions():
    outline, _ = propose_outline("起草松岭县教育局2024年工作总结，约5000字", FakeShelf())
    budgets = [s.budget for s in outline.sections]
    assert sum(budgets) == 5000
    assert budgets[2] == 0, "a 一、 whose （一）s carry the text has no text of its own"
    assert all(b % 10 == 0 for b in budgets)
    # 基本情况 is 4 chunk-lengths of text against 一、's opening 3: its budget is larger.
    assert budgets[1] > budgets[0]


def test_with_little_length_the_sub_sections_fold_into_their_heading():
    outline, _ = propose_outline("起草松岭县教育局2024年工作总结", FakeShelf(), length=1200)
    assert [s.level for s in outline.sections] == [0, 1, 1, 1, 1]
    assert outline.sections[2].title == "主要做法及成效" and outline.sections[2].budget > 0
    assert outline.length == 1200 and min(s.budget for s in outline.sections) >= 150


def test_a_library_without_the_document_type_gets_the_genres_usual_structure():
    outline, template = propose_outline("起草松岭县2024年汇报材料，约2000字", FakeShelf())
    assert template is None
    assert [s.title for s in outline.sections] == [title for _, title, _ in GENRE_STRUCTURES["汇报材料"]]
    assert outline.length == 2000


def test_a_speech_is_titled_by_its_occasion():
    asked = read_report_request("起草2024年全县教育工作会议讲话稿，约3000字")
    assert asked.title == "在2024年全县教育工作会议上的讲话" and asked.length == 3000


def test_a_request_naming_no_document_type_is_refused_with_an_example():
    with pytest.raises(InvalidRequest, match="没有写明文种"):
        propose_outline("帮我写点东西", FakeShelf(SHELF_DOCS))


def test_each_drafted_section_lists_the_passages_it_will_draw_on():
    search = shelf_search()
    outline, _ = propose_outline("起草松岭县教育局2024年工作总结，约5000字", FakeShelf())
    listed = with_sources(outline, search=search)
    assert len(search.calls) == len(outline.drafted())
    assert all(listed.sections[i].sources for i in outline.drafted())
    assert not listed.sections[2].sources  # a heading only draws on nothing
    assert listed.sections[1].sources[0] == "《松岭县教育局2022年工作总结》一、基本情况"
    queries = [query for query, _, _ in search.calls]
    assert "坚持党建引领 办学方向更加坚定" in queries
