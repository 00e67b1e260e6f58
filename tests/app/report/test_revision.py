"""A chat turn addressed to one part of a drafted document: the part found from the turn's words, revised,
the rest kept."""

from __future__ import annotations

import pytest

from app.drafting.events import Token
from app.report.revision import (
    SectionNotFound,
    sections_addressed,
    stream_section_revision,
)
from tests.app.report.fixtures import shelf_search
from tests.app.report.scripted import client, drafted_report
from tests.scripted_llm import ScriptedLLM


@pytest.fixture(scope="module")
def report():
    return drafted_report(shelf_search())


@pytest.mark.parametrize(
    ("turn", "sections"),
    [
        ("第二部分再压缩50字", [3, 4]),  # 二、 carries its text in its （一）（二）
        ("第2部分第二点写得更具体些", [4]),
        ("二（一）补充一是二是", [3]),
        ("第一部分语气再正式一些", [1]),
        ("三、存在问题写得更简洁", [5]),
        ("开头写得更简洁些", [0]),
        ("守牢安全底线那一段再扩写一点", [4]),
    ],
)
def test_the_part_a_turn_names_is_found(report, turn, sections):
    assert sections_addressed(report, turn) == sections


@pytest.mark.parametrize(
    ("turn", "message"),
    [("第五部分再压缩", "文稿只有 3 个部分，没有第5部分"), ("第二部分第四点", "第2部分下只有 2 个小标题"),
     ("写得好一点", "没有看出")],
)
def test_a_turn_naming_no_part_of_the_document_is_refused(report, turn, message):
    with pytest.raises(SectionNotFound, match=message):
        sections_addressed(report, turn)


def test_only_the_named_part_is_revised_and_the_rest_kept(report):
    revised_text = "一是健全校园安全责任体系，压实学校主体责任。二是常态化开展隐患排查整治，校园安全形势平稳[1]。"
    with ScriptedLLM([revised_text]) as llm:
        items = list(stream_section_revision(report, "（二）守牢安全底线那一段再正式一些", llm=client(llm)))
        prompt = llm.requests[0]["messages"][1]["content"]
    revised = items[-1]
    assert any(isinstance(item, Token) for item in items)
    assert revised.sections[4].text.startswith("一是健全校园安全责任体系")
    assert report.sections[4].text in prompt, "the revision is shown the part as it stands"
    assert {i: s.text for i, s in revised.sections.items() if i != 4} == {i: s.text for i, s in report.sections.items() if i != 4}


def test_a_length_asked_for_a_part_is_shared_by_its_sub_sections(report):
    with ScriptedLLM(["一是拓宽补充渠道，优化教师结构[1]。", "一是健全安全责任体系[1]。"]) as llm:
        list(stream_section_revision(report, "第二部分压缩到120字", llm=client(llm)))
        budgets = [r["max_tokens"] for r in llm.requests]
    assert len(budgets) == 2 and abs(budgets[0] - budgets[1]) <= 20, "each （一） gets about half"
