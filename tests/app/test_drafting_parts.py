"""Outline parsing, draft cleanup and prompt files: the pipeline's pieces on their own."""

from pathlib import Path

import pytest

from app.citation_attribution import attribute_paragraph, supporting_passages
from app.draft_cleanup import (
    draft_length,
    drop_echoed_instructions,
    remove_repeats,
    strip_source_labels,
    to_prose,
    trim_to_length,
)
from app.draft_outline import fallback_outline, parse_outline
from app.drafting import DraftPrompts
from app.passage_excerpt import excerpt
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
    assert prompts.point.placeholders == {
        "section_type", "topic", "point", "lead", "chars", "previous", "facts", "passages", "example"
    }
    with pytest.raises(ValueError, match=r"draft_point\.md.*missing values \['topic'\]"):
        prompts.point.render(section_type="", point="", lead="", chars=1, previous="", facts="", passages="", example="")


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


def test_to_prose_joins_list_items_into_one_led_paragraph_and_drops_markup():
    reply = "## 控辍保学\n1. **健全机制**：签订控辍保学责任书，纳入年度考核[1]。\n- 动态监测：逐月比对学籍数据，建立跟踪台账[2]。"
    assert to_prose(reply, leads=("一是", "二是")) == [
        "一是健全机制，签订控辍保学责任书，纳入年度考核[1]。二是动态监测，逐月比对学籍数据，建立跟踪台账[2]。"
    ]
    assert to_prose(reply) == [
        "健全机制，签订控辍保学责任书，纳入年度考核[1]。动态监测，逐月比对学籍数据，建立跟踪台账[2]。"
    ]


def test_to_prose_relabels_ordinals_only_when_leading_items_anew():
    reply = "一是签订控辍保学责任书，纳入年度考核。\n三是逐月比对学籍数据，建立跟踪台账。"
    assert to_prose(reply, leads=("一是", "二是")) == ["一是签订控辍保学责任书，纳入年度考核。二是逐月比对学籍数据，建立跟踪台账。"]
    assert to_prose("一是签订控辍保学责任书，纳入年度考核，压实各方责任。") == ["一是签订控辍保学责任书，纳入年度考核，压实各方责任。"]


def test_to_prose_keeps_prose_paragraphs_and_attaches_headings_and_fragments():
    first = "全面落实控辍保学责任制，县乡村三级逐级签订责任书，形成部门联动、学校主抓的工作格局[1]。"
    second = "建立一人一档跟踪台账，对疑似辍学学生逐一核实，确保应返尽返、应学尽学[2]。"
    assert to_prose(f"{first}\n\n{second}") == [first, second]
    assert to_prose(f"{first}\n强化督查问效\n{second}\n成效明显") == [first, "强化督查问效。" + second + "成效明显。"]


def test_excerpt_keeps_the_sentences_about_the_query():
    text = "召开全县教育工作会议。部署年度重点任务。落实控辍保学责任，劝返复学学生。改善办学条件。"
    assert excerpt(text, "控辍保学", max_chars=20) == "落实控辍保学责任，劝返复学学生。"
    assert excerpt(text, "控辍保学", max_chars=100) == text
    assert excerpt("一句很长的话" * 10, "无关", max_chars=12) == "一句很长的话一句很长的话"
    with pytest.raises(ValueError, match="max_chars"):
        excerpt(text, "控辍保学", max_chars=0)


ATTRIBUTION_PASSAGES = {
    1: "组织骨干教师集中研修，建立县级名师工作室，带动青年教师专业成长。",
    2: "推进县管校聘改革，交流轮岗教师，城乡学校师资配置更加均衡。",
    3: "新建塑胶运动场，更新实验室仪器设备。",
}


def test_attribution_adds_the_best_supporting_passages_before_the_final_stop():
    paragraph = "组织骨干教师集中研修，推进县管校聘改革，城乡师资配置更加均衡，"
    text, added = attribute_paragraph(paragraph, ATTRIBUTION_PASSAGES, paragraph_index=4, min_overlap=0.2)
    assert text == "组织骨干教师集中研修，推进县管校聘改革，城乡师资配置更加均衡[2][1]。"
    assert [(a.n, a.paragraph) for a in added] == [(2, 4), (1, 4)]
    assert added[0].overlap >= added[1].overlap >= 0.2


def test_attribution_leaves_an_unsupported_paragraph_alone():
    paragraph = "深化农村饮水安全工程建设，完善供水设施管护机制。"
    assert attribute_paragraph(paragraph, ATTRIBUTION_PASSAGES, paragraph_index=0, min_overlap=0.2) == (paragraph, [])
    assert supporting_passages(paragraph, {}, min_overlap=0.0) == []


def test_fallback_outline_merges_passages_under_a_shared_heading():
    same = passage(3, "县管校聘改革后，交流轮岗教师逐年增加。", "三、工作成效 > 第二，推进交流轮岗")
    other = passage(4, "表彰优秀教师，开展师德专题教育。", "三、工作成效 > （三）师德建设")
    assert [(p.title, p.sources) for p in fallback_outline([*PASSAGES, same, other], points=2)] == [
        ("加强教师培训", (1, 4)),
        ("推进交流轮岗", (2, 3)),
    ]


def test_to_prose_keeps_the_colon_of_a_line_that_introduces_the_next():
    reply = "全年主要预期目标是：\n城镇新增就业稳中有增，居民收入增长与经济增长基本同步，物价保持基本稳定[1]。"
    assert to_prose(reply) == ["全年主要预期目标是：城镇新增就业稳中有增，居民收入增长与经济增长基本同步，物价保持基本稳定[1]。"]


def test_sentences_echoing_the_instructions_are_dropped():
    instructions = "篇幅还不够。请接着写一段，补充素材中尚未写到的做法或成效，不要重复上面已有的内容。"
    paragraphs = ["篇幅还不够。请接着写一段，补充素材中尚未写到的做法或成效。落实控辍保学责任，劝返复学学生[1]。", "不要重复上面已有的内容。"]
    assert drop_echoed_instructions(paragraphs, instructions) == ["落实控辍保学责任，劝返复学学生[1]。"]
    assert to_prose("主要做法及成效") == []


def test_sentences_describing_the_paragraph_instead_of_writing_it_are_dropped():
    """Seen with the 1.5B model: the instructions retold with the point filled in."""
    paragraphs = [
        "推动区域协调发展，支持中西部地区加快发展[3]。这一段以“推动区域协调发展”开头，并引用了的相关内容[6]。",
        "本段要点是“加强教师培训”，写200字左右。",
    ]
    instructions = "请为“”写一段，本段要点是“”。本段以“”开头，写字左右，只写这一段。"
    assert drop_echoed_instructions(paragraphs, instructions) == ["推动区域协调发展，支持中西部地区加快发展[3]。"]
    # A sentence that only mentions a paragraph of a document stays.
    kept = ["会议通过了决定，其中第三段明确了责任分工[1]。"]
    assert drop_echoed_instructions(kept, instructions) == kept


LABELS = [("清溪县教育局2021年工作总结", 2021, "二、主要做法及成效 > （一）控辍保学")]


def test_copied_passage_labels_leave_the_draft() -> None:
    draft = (
        "《清溪县教育局2021年工作总结》(2021) 二、主要做法及成效 > （一）控辍保学：全面落实控辍保学责任[1]。\n\n"
        "在《清溪县教育局2021年工作总结》中提到，劝返复学工作成效明显[1]。\n\n"
        "《清溪县教育局2021年工作总结》(2021)。"
    )
    assert strip_source_labels(draft, LABELS) == "全面落实控辍保学责任[1]。\n\n劝返复学工作成效明显[1]。"


def test_titles_of_other_documents_stay() -> None:
    draft = "严格执行《中华人民共和国义务教育法》，落实控辍保学责任[1]。"
    assert strip_source_labels(draft, LABELS) == draft


def test_copied_heading_paths_and_bare_headings_leave_the_draft() -> None:
    labels = [*LABELS, ("松岭县教育局2024年教师队伍建设工作汇报", 2024, "一、主要做法 > （二）青年教师培养")]
    draft = (
        "二、主要做法及成效 > （一）控辍保学。\n\n"
        "全年遴选青年教师126名[2]。\n\n"
        "(2021) 二、主要做法及成效[1]。\n\n"
        "（二）青年教师培养\n\n"
        "《松岭县教育局2024年教师队伍建设工作汇报》(2021) 一、主要做法 > （二）青年教师培养：结对指导成效明显[2]。"
    )
    assert strip_source_labels(draft, labels) == "全年遴选青年教师126名[2]。\n\n结对指导成效明显[2]。"


def test_a_heading_path_cut_short_is_still_a_label() -> None:
    labels = [("清溪县教育局2021年工作总结", 2021, "二、主要做法及成效 > （一）控辍保学 > 1.劝返复学")]
    draft = "[1] 《清溪县教育局2021年工作总结》(2021) 二、主要做法及成效 > （一）控辍保学 [1]\n\n劝返复学32人[1]。"
    assert strip_source_labels(draft, labels) == "劝返复学32人[1]。"
