"""Every section of a confirmed outline drafted in order against the scripted server: the section rules
hold in each, sections do not repeat each other, a failure keeps the sections before it."""

from __future__ import annotations

import pytest

from app.drafting.events import Token
from app.drafting.generation import DraftingError
from app.report.compose import (
    ReportDrafted,
    SectionDrafted,
    SectionStarted,
    stream_report,
)
from tests.app.report.fixtures import shelf_search
from tests.app.report.scripted import ONE_CALL, REPLIES, client, new_report
from tests.scripted_llm import ErrorReply, ScriptedLLM


def draft_all(replies, search=None):
    with ScriptedLLM(replies) as llm:
        events = list(stream_report(new_report(), search=search or shelf_search(), llm=client(llm), tuning=ONE_CALL))
        return events, llm.requests


def test_sections_are_drafted_in_order_with_progress_and_the_report_comes_last():
    events, requests = draft_all(REPLIES)
    started = [e for e in events if isinstance(e, SectionStarted)]
    drafted = [e for e in events if isinstance(e, SectionDrafted)]
    assert [(e.position, e.total, e.index, e.heading) for e in started] == [
        (1, 5, 0, "（开头）"), (2, 5, 1, "一、基本情况"), (3, 5, 3, "（一）建强教师队伍，育人根基更加厚实"),
        (4, 5, 4, "（二）守牢安全底线，校园环境更加平安"), (5, 5, 5, "三、存在问题"),
    ]
    assert [e.index for e in drafted] == [0, 1, 3, 4, 5]
    assert all(later.elapsed_s >= earlier.elapsed_s for earlier, later in zip(drafted, drafted[1:]))
    assert any(isinstance(e, Token) for e in events)
    done = events[-1]
    assert isinstance(done, ReportDrafted) and sorted(done.report.sections) == [0, 1, 3, 4, 5]
    assert len(requests) == 5
    # Each section asks about its own heading, as part of its part of the document.
    assert "建强教师队伍" in requests[2]["messages"][1]["content"]


def test_figures_come_from_the_writer_in_every_section():
    events, _ = draft_all(REPLIES)
    report = events[-1].report
    basics = report.sections[1].text
    assert "48所" in basics, "the writer's figure stays"
    assert "3.1万人" not in basics and "××万人" in basics
    teachers = report.sections[3].text
    assert "96人" not in teachers and "3200" not in teachers
    assert report.sections[3].checks.blanks, "each blank is listed for the writer"


def test_a_sentence_an_earlier_section_said_is_not_said_again():
    replies = list(REPLIES)
    replies[4] = "学位供给总体充足，城乡学校布局更加合理。一是城乡教育资源配置仍不均衡，部分乡村学校教师结构性缺员[4]。"
    events, _ = draft_all(replies)
    problems = [e for e in events if isinstance(e, SectionDrafted) and e.index == 5][0]
    assert problems.repeats_removed
    assert "学位供给总体充足" not in problems.section.text
    assert problems.section.text.startswith("一是城乡教育资源配置仍不均衡")


def test_a_failed_section_keeps_the_sections_drafted_before_it():
    collected = []
    with ScriptedLLM([REPLIES[0], REPLIES[1], ErrorReply(500)]) as llm:
        with pytest.raises(DraftingError):
            for event in stream_report(new_report(), search=shelf_search(), llm=client(llm), tuning=ONE_CALL):
                collected.append(event)
    assert [e.index for e in collected if isinstance(e, SectionDrafted)] == [0, 1]


def test_only_the_sections_asked_for_are_drafted_again():
    events, _ = draft_all(REPLIES)
    report = events[-1].report
    with ScriptedLLM(["一是深化县管校聘改革，推动优秀教师向乡村学校流动，教师队伍结构持续优化[1]。"]) as llm:
        again = list(stream_report(report, search=shelf_search(), llm=client(llm), tuning=ONE_CALL, only=[3]))
    redone = again[-1].report
    assert redone.sections[3].text.startswith("一是深化县管校聘改革")
    assert {i: s.text for i, s in redone.sections.items() if i != 3} == {i: s.text for i, s in report.sections.items() if i != 3}


def test_the_opening_draws_on_earlier_openings_and_on_any_passage_where_there_are_none():
    search = shelf_search()
    draft_all(REPLIES, search=search)
    filters = [f for _, _, f in search.calls]
    assert filters[0].section_roles == ("开头",) and filters[0].doc_types == ("工作总结",)
    assert all(not f.section_roles for f in filters[1:])


def test_an_opening_without_earlier_openings_draws_on_any_passage():
    class NoOpenings(type(shelf_search())):
        def __call__(self, query, *, k, filters, target_year=None):
            found = super().__call__(query, k=k, filters=filters, target_year=target_year)
            return [] if "开头" in filters.section_roles else found

    search = NoOpenings(shelf_search().hits)
    events, _ = draft_all(REPLIES, search=search)
    assert sorted(events[-1].report.sections) == [0, 1, 3, 4, 5]
    assert [f.section_roles for _, _, f in search.calls[:2]] == [("开头",), ()]


def test_the_opening_is_written_in_one_call_from_one_earlier_opening():
    _, requests = draft_all(REPLIES)
    opening_prompt = requests[0]["messages"][1]["content"]
    assert opening_prompt.count("\n[") == 1, "one passage shown"
