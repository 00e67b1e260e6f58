"""The outline a writer confirms: numbering given on display, JSON and markdown forms, refusals that name
the section and field."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from app.report.outline import (
    OutlineError,
    OutlineSection,
    ReportOutline,
    chinese_numeral,
    outline_from_dict,
    outline_from_json,
    outline_from_markdown,
    read_outline_file,
    with_sections,
)

SECTIONS = (
    OutlineSection("", 0, "开头", 200),
    OutlineSection("基本情况", 1, "基本情况", 400),
    OutlineSection("主要做法及成效", 1, "主要做法及成效", 0),
    OutlineSection("坚持党建引领，办学方向更加坚定", 2, "主要做法及成效", 500, ("《松岭县教育局2022年工作总结》二、主要做法及成效",)),
    OutlineSection("建强教师队伍，育人根基更加厚实", 2, "主要做法及成效", 600),
    OutlineSection("存在问题", 1, "存在问题", 300),
)
OUTLINE = ReportOutline("松岭县教育局2024年工作总结", "工作总结", 2024, "松岭县教育局", SECTIONS)


def test_headings_are_numbered_when_shown_so_a_deleted_or_moved_section_renumbers_the_rest():
    assert OUTLINE.headings() == ["", "一、基本情况", "二、主要做法及成效", "（一）坚持党建引领，办学方向更加坚定",
                                  "（二）建强教师队伍，育人根基更加厚实", "三、存在问题"]
    moved = with_sections(OUTLINE, [SECTIONS[0], SECTIONS[5], SECTIONS[2], SECTIONS[4], SECTIONS[3]])
    assert moved.headings() == ["", "一、存在问题", "二、主要做法及成效", "（一）建强教师队伍，育人根基更加厚实",
                                "（二）坚持党建引领，办学方向更加坚定"]
    assert OUTLINE.length == 2000 and OUTLINE.drafted() == [0, 1, 3, 4, 5]


@pytest.mark.parametrize(("n", "numeral"), [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (21, "二十一")])
def test_chinese_numerals(n, numeral):
    assert chinese_numeral(n) == numeral


def test_the_json_form_round_trips_and_a_missing_role_is_read_from_the_heading():
    again = outline_from_json(json.dumps(OUTLINE.as_dict(), ensure_ascii=False))
    assert again == OUTLINE
    data = OUTLINE.as_dict()
    for section in data["sections"]:
        del section["role"]
    data["sections"][3]["title"] = "（一）坚持党建引领，办学方向更加坚定"  # a number typed by the writer is not kept
    read = outline_from_dict(data)
    assert [s.role for s in read.sections] == [s.role for s in SECTIONS]
    assert read.sections[3].title == "坚持党建引领，办学方向更加坚定"


def test_the_markdown_form_round_trips():
    text = OUTLINE.to_markdown()
    assert "## 一、基本情况 400字" in text and "### （二）建强教师队伍，育人根基更加厚实 600字" in text
    assert outline_from_markdown(text, base=OUTLINE) == OUTLINE


def test_an_edited_markdown_outline_renames_deletes_and_changes_a_budget():
    edited = (
        "# 松岭县教育局2024年工作总结\n（开头）150字\n## 一、全年工作概况 约五百字\n## 二、主要做法及成效\n"
        "### （一）建强教师队伍 600字\n## 三、存在的问题 300字\n"
    )
    outline = outline_from_markdown(edited)
    assert [(s.title, s.level, s.role, s.budget) for s in outline.sections] == [
        ("", 0, "开头", 150), ("全年工作概况", 1, "基本情况", 500), ("主要做法及成效", 1, "主要做法及成效", 0),
        ("建强教师队伍", 2, "主要做法及成效", 600), ("存在的问题", 1, "存在问题", 300),
    ]
    assert outline.year == 2024 and outline.doc_type == "工作总结"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"index": 1, "budget": 0}, "第2部分（sections[1]）“基本情况”：字数（budget）为 0"),
        ({"index": 1, "budget": 20}, "字数（budget）应在 50–5000 之间，现为 20"),
        ({"index": 5, "level": 3}, "第6部分（sections[5]）：层级（level）只能是"),
        ({"index": 5, "role": "感想"}, "未知的部分类型（role）“感想”"),
        ({"index": 5, "title": ""}, "第6部分（sections[5]）：标题（title）为空"),
    ],
)
def test_an_outline_that_cannot_be_drafted_is_refused_naming_the_section_and_field(change, message):
    index = change.pop("index")
    sections = list(SECTIONS)
    sections[index] = dataclasses.replace(sections[index], **change)
    with pytest.raises(OutlineError, match=re.escape(message)):
        with_sections(OUTLINE, sections)


def test_a_sub_heading_without_a_heading_above_it_is_refused():
    with pytest.raises(OutlineError, match="二级标题（（一））前面没有一级标题"):
        with_sections(OUTLINE, [SECTIONS[0], SECTIONS[3]])


def test_outline_files_name_the_file_in_their_errors(tmp_path):
    good = tmp_path / "提纲.md"
    good.write_text(OUTLINE.to_markdown(), encoding="utf-8")
    assert [s.title for s in read_outline_file(good).sections] == [s.title for s in SECTIONS]
    broken = tmp_path / "提纲.json"
    broken.write_text("{\"title\": ", encoding="utf-8")
    with pytest.raises(OutlineError, match=r"提纲.json：提纲不是有效的 JSON（第1行"):
        read_outline_file(broken)
    unknown = tmp_path / "x.md"
    unknown.write_text("# 标题\n随便写的一行\n", encoding="utf-8")
    with pytest.raises(OutlineError, match="x.md：提纲第2行无法识别"):
        read_outline_file(unknown)
