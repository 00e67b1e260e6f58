"""The 整篇文稿 tab's handlers called directly: a copy of the sample library (real embedding model) and the
scripted LLM, whose every point states two figures the writer never gave, so every section has ××."""

from __future__ import annotations

import dataclasses
import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document

from app.library import open_library
from app.llm.lazy import LazyLLM
from app.report.document import ReportDraft, SectionDraft, section_checks
from app.report.outline import OutlineError, outline_from_markdown
from app.report.saved_drafts import SavedDrafts
from app.settings import Settings
from app.web.library import WebLibrary
from app.web.rendering import report_html
from app.web.report_tab import (
    AUTO_TARGET,
    OUTPUTS,
    ReportTab,
    blank_rows,
    outline_from_rows,
    outline_rows,
)
from tests.scripted_llm import ScriptedLLM

REQUEST = "起草青川县教育局2024年工作总结，约1500字"
POINTS = itertools.cycle([
    "一是加强教师培训，全年培训教师3200人次，新建名师工作室12个。",
    "二是改善办学条件，新建校舍4.5万平方米，新增学位2600个。",
    "三是推进控辍保学，劝返复学学生58人，送教上门服务残疾儿童130人。",
])
REVISED = "坚持把教师队伍建设摆在突出位置，统筹推进教师培训和名师工作室建设。"


def named(outputs: tuple) -> dict:
    return dict(zip(OUTPUTS, outputs))


def skipped(value) -> bool:
    """Whether a handler left this output alone (gr.skip())."""
    return value == {"__type__": "update"}


def reply(body: dict) -> str:
    return REVISED if "修改要求" in body["messages"][1]["content"] else next(POINTS)


class CountedDrafts(SavedDrafts):
    """Saved drafts that count their saves."""

    saves = 0

    def save(self, report: ReportDraft) -> ReportDraft:
        self.saves += 1
        return super().save(report)


@pytest.fixture(scope="module", autouse=True)
def toasts() -> Iterator[list[str]]:
    """The toasts the handlers show (outside a Gradio app they would only be warnings)."""
    shown: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("app.web.report_tab.gr.Info", shown.append)
        patch.setattr("app.web.report_tab.gr.Warning", shown.append)
        yield shown


@pytest.fixture(scope="module")
def scripted() -> Iterator[ScriptedLLM]:
    with ScriptedLLM(reply) as llm:
        yield llm


@pytest.fixture(scope="module")
def tab(sample_store, scripted, tmp_path_factory) -> Iterator[ReportTab]:
    store = Path(shutil.copytree(sample_store, tmp_path_factory.mktemp("report-tab") / "store"))
    settings = Settings(store=store, llm_base_url=scripted.base_url, llm_model=scripted.model)
    lazy = LazyLLM(settings)
    with open_library(settings, create=False) as library:
        shared = WebLibrary(library, max_bytes=settings.max_bytes)
        yield ReportTab(shared, lazy, CountedDrafts(store / "drafts"), exports_dir=store.parent / "exports")
    lazy.close()


@pytest.fixture(scope="module")
def proposed(tab) -> dict:
    return named(tab.propose(REQUEST, "", "2024年全县新招聘教师85人"))


@pytest.fixture(scope="module")
def drafted(tab, proposed) -> list[dict]:
    """The proposal drafted with 一、 renamed and 三、 deleted."""
    rows = [list(row) for row in proposed["outline"]]
    rows[1][2] = "全县教育发展概况"
    rows[3][2] = ""
    return [named(update) for update in tab.draft_all(rows, "2024年全县新招聘教师85人", proposed["report"])]


# -- the outline table ------------------------------------------------------------------------------

OUTLINE = outline_from_markdown("""# 青川县教育局2024年工作总结
（开头）150字
## 一、基本情况 300字
## 二、主要做法及成效
### （一）加强教师队伍建设 400字
### （二）改善办学条件 400字
## 三、存在问题 150字
## 四、2025年工作打算 250字
""")


def test_the_table_reads_back_as_the_outline_it_shows():
    rows = outline_rows(OUTLINE)
    assert [row[:4] for row in rows[:4]] == [
        [1, 0, "（开头）", 150], [2, 1, "一、基本情况", 300], [3, 1, "二、主要做法及成效", 0], [4, 2, "（一）加强教师队伍建设", 400],
    ]
    assert outline_from_rows(OUTLINE, rows) == OUTLINE


def test_a_renamed_heading_keeps_its_place_and_gets_the_role_of_its_words():
    rows = outline_rows(OUTLINE)
    rows[6][2] = "下一步工作打算"
    outline = outline_from_rows(OUTLINE, rows)
    assert [s.title for s in outline.sections][-2:] == ["存在问题", "下一步工作打算"]
    assert outline.sections[-1].role == "下一步工作"
    assert [s.role for s in outline.sections[:-1]] == [s.role for s in OUTLINE.sections[:-1]]


def test_rows_deleted_reordered_and_added():
    rows = outline_rows(OUTLINE)
    rows[0][3] = 0  # the opening paragraph: no length, no paragraph
    rows[5][2] = ""  # 三、存在问题: title cleared
    rows[4][0] = 3.5  # （二） moved before （一）
    rows.insert(2, [None, 2, "教育概况", 100, ""])  # inserted under 一、
    rows.append([None, 1, "经验与体会", 200, "（改动不起作用）"])
    rows.append(["", "", "", "", ""])  # a row added and left empty
    outline = outline_from_rows(OUTLINE, rows)
    assert outline.headings() == [
        "一、基本情况", "（一）教育概况", "二、主要做法及成效", "（一）改善办学条件", "（二）加强教师队伍建设",
        "三、2025年工作打算", "四、经验与体会",
    ]
    assert outline.sections[1].role == "基本情况", "a new （一） takes its 一、's role"
    assert outline.sections[-1].sources == ()
    assert outline.length == 300 + 100 + 400 + 400 + 250 + 200


@pytest.mark.parametrize(("row", "column", "value", "message"), [
    (1, 3, 20, "字数（budget）应在 50–5000 之间，现为 20"),
    (1, 3, "三百", "第2行：字数“三百”不是数字"),
    (1, 1, 1.5, "第2行：层级应是整数"),
    (4, 1, 3, "层级（level）只能是"),
])
def test_a_table_that_cannot_be_drafted_says_where(row, column, value, message):
    rows = outline_rows(OUTLINE)
    rows[row][column] = value
    with pytest.raises(OutlineError, match=message):
        outline_from_rows(OUTLINE, rows)
    assert message in ReportTab.check_outline(rows, ReportDraft("", OUTLINE))


def test_the_preview_escapes_the_text_marks_the_blanks_and_shows_what_is_left():
    text = "全年培训教师××人次[1]，<b>新建</b>名师工作室××个。"
    report = ReportDraft("", OUTLINE).with_section(1, SectionDraft(text, "", (), section_checks(text, (), own_texts=[])))
    html = report_html(report, writing=(6, "下一步，我们将[2]"))
    assert "全年培训教师<mark>××</mark>人次，&lt;b&gt;新建&lt;/b&gt;名师工作室<mark>××</mark>个。" in html
    assert "[1]" not in html and '<div class="wg-writing">下一步，我们将▍</div>' in html
    assert "（开头，待起草，约150字）" in html and "（待起草，约400字）" in html
    assert "二、主要做法及成效" in html and "（待起草，约0字）" not in html, "a heading whose （一）s carry the text"


# -- proposing and drafting -------------------------------------------------------------------------

def test_the_proposal_follows_the_closest_earlier_report(proposed):
    assert "《青川县教育局2022年工作总结》的结构" in proposed["progress"]
    rows = proposed["outline"]
    assert [row[2] for row in rows[:2]] == ["（开头）", "一、基本情况"]
    assert any("2025年工作打算" in row[2] for row in rows), "the template's years moved on by two"
    assert all(row[4] for row in rows if row[3]), "each drafted section lists the passages it starts from"
    assert "全文合计 1500 字" in proposed["total"]
    assert proposed["report"].facts == ("2024年全县新招聘教师85人",) and not proposed["report"].sections


@pytest.mark.parametrize(("request_text", "length", "message"), [
    ("", "", "请先写明要起草的文稿"),
    ("起草一段关于教师培训的文字", "", "没有写明文种"),
    (REQUEST, "五千", "全文字数“五千”应是"),
])
def test_a_request_that_cannot_be_outlined_is_a_note(tab, request_text, length, message):
    outputs = named(tab.propose(request_text, length, ""))
    assert message in outputs["progress"] and "wg-warn" in outputs["progress"]
    assert skipped(outputs["report"]) and skipped(outputs["outline"]), "the document on screen stays"


def test_an_invalid_budget_drafts_nothing(tab, proposed, scripted):
    rows = [list(row) for row in proposed["outline"]]
    rows[1][3] = 10
    calls, saves = len(scripted.requests), tab.drafts.saves
    updates = [named(u) for u in tab.draft_all(rows, "", proposed["report"])]
    assert len(updates) == 1 and "提纲有误，未起草" in updates[0]["progress"] and "现为 10" in updates[0]["progress"]
    assert len(scripted.requests) == calls and tab.drafts.saves == saves


def test_drafting_streams_progress_and_saves_after_every_section(tab, drafted):
    final = drafted[-1]
    report = final["report"]
    headings = report.outline.headings()
    assert "一、全县教育发展概况" in headings and not any("存在" in h for h in headings)
    assert sorted(report.sections) == report.outline.drafted()
    assert all(report.outline.sections[i].sources for i in report.outline.drafted()), "the renamed one's looked up"
    progress = [u["progress"] for u in drafted]
    total = len(report.sections)
    for k in range(1, total + 1):
        assert any(f"第{k}/{total}部分" in p and "已用时" in p and "已写" in p for p in progress)
    assert "全文起草完成" in final["progress"] and "处××待填写" in final["progress"]
    assert any(not skipped(u["preview"]) and 'class="wg-writing"' in u["preview"] for u in drafted), "tokens stream in"
    assert "<mark>××</mark>" in final["preview"] and "一、全县教育发展概况" in final["preview"]
    # Saved at the start (the outline), after each section and at the end: a reload loses nothing.
    assert tab.drafts.saves >= total + 2
    saved = tab.drafts.load(report.draft_id)
    assert saved.text() == report.text() and saved.facts == ("2024年全县新招聘教师85人",)
    listed = [u["saved"] for u in drafted if not skipped(u["saved"])][-1]
    labels = [label for label, _ in listed["choices"]]
    assert labels[0].startswith("青川县教育局2024年工作总结 · ") and f"已起草 {total}/{total} 部分" in labels[0]


def test_a_draft_missing_sections_is_continued_not_restarted(tab, drafted, scripted):
    report = drafted[-1]["report"]
    last = max(report.sections)
    partial = tab.drafts.save(dataclasses.replace(report, sections={i: s for i, s in report.sections.items() if i != last}))
    calls = len(scripted.requests)
    updates = [named(u) for u in tab.draft_all(outline_rows(partial.outline), "2024年全县新招聘教师85人", partial)]
    final = updates[-1]["report"]
    assert final.draft_id == partial.draft_id and sorted(final.sections) == sorted(report.sections)
    assert all(final.sections[i].text == s.text for i, s in partial.sections.items())
    assert any("第1/1部分" in u["progress"] for u in updates) and len(scripted.requests) > calls


# -- blanks, revision, export, saved drafts ---------------------------------------------------------

def test_a_value_fills_its_blank_and_becomes_a_fact(tab, drafted, toasts):
    report = drafted[-1]["report"]
    rows = [list(row) for row in drafted[-1]["blanks"]]
    assert len(rows) >= 3 and all(len(row) == 4 and row[3] == "" for row in rows)
    heading, clause = rows[0][:2]
    completed = clause.replace("××", "3300", 1)
    rows[0][3] = "3300"
    rows[2][3] = "不详"
    outputs = named(tab.fill_blanks(rows, "2024年全县新招聘教师85人", report))
    filled = outputs["report"]
    assert completed in filled.sections[report_index(filled, heading)].text
    assert completed in filled.facts
    assert outputs["facts"].splitlines() == ["2024年全县新招聘教师85人", completed]
    assert len(outputs["blanks"]) == len(rows) - 1
    left = [row for row in outputs["blanks"] if row[:2] == [heading, clause]]
    assert len(left) == sum(1 for row in rows if row[:2] == [heading, clause]) - 1, "that blank is gone"
    assert "已填入 1 处数值" in outputs["progress"] and "未填入" in outputs["progress"] and "不是一个数字" in outputs["progress"]
    assert toasts[-2].startswith("已填入 1 处数值") and toasts[-1].startswith("未填入："), "seen wherever the page is scrolled"
    assert [row[3] for row in outputs["blanks"]].count("不详") == 1, "the value refused stays for the writer to correct"
    assert tab.drafts.load(filled.draft_id).facts == filled.facts


def report_index(report: ReportDraft, heading: str) -> int:
    return next(i for i, h in enumerate(report.outline.headings()) if (h or "（开头）") == heading)


def test_a_revision_changes_only_the_part_it_names(tab, drafted, scripted):
    report = drafted[-1]["report"]
    first = report.outline.headings().index("一、全县教育发展概况")
    updates = [named(u) for u in tab.revise("第一部分再压缩50字", AUTO_TARGET, "2024年全县新招聘教师85人", report)]
    revised = updates[-1]["report"]
    assert "修改要求" in scripted.requests[-1]["messages"][1]["content"]
    assert REVISED[:20] in revised.sections[first].text
    assert all(revised.sections[i].text == s.text for i, s in report.sections.items() if i != first)
    assert "已修改：一、全县教育发展概况" in updates[-1]["progress"] and REVISED[:10] in updates[-1]["preview"]

    # Chosen in the dropdown instead: the opening.
    updates = [named(u) for u in tab.revise("写得更简洁些", "0", "2024年全县新招聘教师85人", revised)]
    again = updates[-1]["report"]
    assert REVISED[:20] in again.sections[0].text and again.sections[first].text == revised.sections[first].text
    assert tab.drafts.load(again.draft_id).sections[0].text == again.sections[0].text


def test_a_revision_that_names_no_part_is_a_note(tab, drafted, scripted):
    calls = len(scripted.requests)
    updates = [named(u) for u in tab.revise("再润色一下", AUTO_TARGET, "", drafted[-1]["report"])]
    assert len(updates) == 1 and "没有看出" in updates[0]["progress"] and len(scripted.requests) == calls


def test_export_writes_the_document_with_comments_on_the_blanks(tab, drafted, toasts):
    report = drafted[-1]["report"]
    path = Path(tab.export(report, True))
    assert path.name == "青川县教育局2024年工作总结.docx"
    document = Document(str(path))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[0] == "青川县教育局2024年工作总结" and "一、全县教育发展概况" in texts
    assert any(c.text.startswith("待补数字：") for c in document.comments)
    assert "附：各段参考材料" in texts
    assert tab.export(None, False) is None and toasts[-1] == "还没有起草的文稿可以导出。"


def test_a_saved_draft_reopens_in_every_box(tab, drafted):
    report = tab.drafts.load(drafted[-1]["report"].draft_id)  # as the tests before left it
    outputs = named(tab.open_saved(report.draft_id))
    assert outputs["request"] == REQUEST and outputs["facts"] == "\n".join(report.facts)
    assert outputs["outline"] == outline_rows(report.outline) and "全文合计" in outputs["total"]
    assert "一、全县教育发展概况" in outputs["preview"] and outputs["blanks"] == blank_rows(report)
    assert outputs["report"].text() == report.text() and outputs["saved"]["value"] == report.draft_id
    assert "已打开《青川县教育局2024年工作总结》" in outputs["progress"]
    assert outputs["targets"]["choices"][0] == (AUTO_TARGET, AUTO_TARGET)
    assert "不是已保存文稿的编号" in named(tab.open_saved("../etc/passwd"))["progress"]
