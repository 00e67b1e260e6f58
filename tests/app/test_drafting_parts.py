"""Outline parsing, draft cleanup and prompt files: the pipeline's pieces on their own."""

from pathlib import Path

import pytest

from app.draft_cleanup import draft_length, remove_repeats, trim_to_length
from app.draft_outline import fallback_outline, parse_outline
from app.drafting import DraftPrompts
from app.passage_selection import Passage
from app.prompt_files import load_prompt


def passage(n: int, text: str, heading: str = "") -> Passage:
    return Passage(n, text, f"s{n}.txt", f"报告{n}", 2022, heading, "主要做法及成效", f"d{n}", "")


PASSAGES = [
    passage(1, "组织骨干教师集中研修，建立名师工作室。", "二、主要做法 > （一）加强教师培训"),
    passage(2, "推进县管校聘改革，交流轮岗教师。", "二、主要做法 > （二）推进交流轮岗"),
]


def test_outline_lines_in_the_forms_a_small_model_writes():
    reply = "提纲如下：\n一、强化教师专业培训（来源：1、2）\n- 推进教师交流轮岗 [2]\n3. 加强队伍管理考核\n4. 短"
    points = parse_outline(reply, PASSAGES, max_points=5)
    assert [(p.title, p.sources) for p in points] == [
        ("强化教师专业培训", (1, 2)),
        ("推进教师交流轮岗", (2,)),
        ("加强队伍管理考核", (1,)),  # no source given: the passage sharing most with the title
    ]


def test_outline_drops_unknown_sources_and_stops_at_max_points():
    points = parse_outline("1. 强化教师专业培训 | 来源：7, 2\n2. 推进教师交流轮岗 | 来源：2", PASSAGES, max_points=1)
    assert [(p.title, p.sources) for p in points] == [("强化教师专业培训", (2,))]


def test_fallback_outline_uses_headings():
    assert [(p.title, p.sources) for p in fallback_outline(PASSAGES, points=3)] == [
        ("加强教师培训", (1,)),
        ("推进交流轮岗", (2,)),
    ]


def test_remove_repeats_keeps_first_occurrence():
    text = "一是加强教师培训，建立名师工作室[1]。二是推进交流轮岗。\n二是推进交流轮岗。三是表彰优秀教师[2]。"
    cleaned, removed = remove_repeats(text)
    assert cleaned == "一是加强教师培训，建立名师工作室[1]。二是推进交流轮岗。\n\n三是表彰优秀教师[2]。"
    assert removed == ["二是推进交流轮岗。"]


def test_length_ignores_markers_and_trim_cuts_at_sentence_end():
    text = "甲乙丙丁戊[1]。己庚辛壬癸。\n\n子丑寅卯辰巳。"
    assert draft_length(text) == 19
    assert trim_to_length(text, 15) == "甲乙丙丁戊[1]。己庚辛壬癸。"
    assert trim_to_length(text, 3) == "甲乙丙丁戊[1]。"  # at least one sentence stays
    assert trim_to_length(text, 19) == text


def test_prompt_files_load_with_versions_and_render_all_placeholders():
    prompts = DraftPrompts.load()
    assert set(prompts.versions) == {"draft_system", "draft_outline", "draft_point", "draft_short", "draft_continue"}
    assert prompts.point.placeholders == {"section_type", "topic", "point", "lead", "chars", "previous", "facts", "passages"}
    with pytest.raises(ValueError, match=r"draft_point\.md.*missing values \['topic'\]"):
        prompts.point.render(section_type="", point="", lead="", chars=1, previous="", facts="", passages="")


def test_prompt_file_errors_name_the_file(tmp_path: Path):
    (tmp_path / "no_front.md").write_text("任务：{topic}", encoding="utf-8")
    (tmp_path / "no_version.md").write_text("---\nauthor: x\n---\n任务", encoding="utf-8")
    with pytest.raises(ValueError, match="no_front.md.*front matter"):
        load_prompt("no_front", tmp_path)
    with pytest.raises(ValueError, match="no_version.md.*version"):
        load_prompt("no_version", tmp_path)
    with pytest.raises(FileNotFoundError, match="absent.md"):
        load_prompt("absent", tmp_path)


def test_braces_that_are_not_placeholders_stay_literal(tmp_path: Path):
    (tmp_path / "p.md").write_text('---\nversion: 2\n---\n输出 {"points": []} 关于{topic}', encoding="utf-8")
    template = load_prompt("p", tmp_path)
    assert template.version == "2"
    assert template.render(topic="师资") == '输出 {"points": []} 关于师资'
