"""The .docx export, read back with python-docx: layout, fonts, sizes, headings, page numbers, citations;
the whole document: sections, comments on blanks, the sources appendix."""

from __future__ import annotations

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from app.export.word import (
    WordParagraph,
    WordSection,
    split_heading,
    write_docx,
    write_report_docx,
)

DRAFT = (
    "一、主要做法及成效\n\n"
    "（一）强化教师培训。全年组织骨干教师集中研修12期[1]。\n\n"
    "1.青年教师结对。新入职教师与骨干教师一对一结对，开展课堂诊断[2]。\n\n"
    "（1）名师工作室\n\n"
    "一是完善考核办法，二是扩大培训覆盖面，培训教师3200人次[1][2]。"
)
CITATIONS = [
    {"n": 1, "title": "松岭县教育局2021年工作总结", "year": 2021, "source": "松岭.md", "heading_path": "", "text": ""},
    {"n": 2, "title": "白河县汇报", "year": -1, "source": "白河.txt", "heading_path": "", "text": ""},
]


def east_asian_font(run) -> str | None:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


@pytest.fixture
def exported(tmp_path) -> Document:
    path = write_docx(tmp_path / "out" / "稿件.docx", title="关于教师队伍建设的工作总结", draft=DRAFT, citations=CITATIONS)
    return Document(str(path))


def body(document) -> list:
    return [p for p in document.paragraphs if p.text.strip()]


def test_page_is_a4_with_official_margins(exported):
    section = exported.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)] == [37, 35, 28, 26]


def test_title_is_centred_in_xiaobiaosong_2hao(exported):
    title = body(exported)[0]
    assert title.text == "关于教师队伍建设的工作总结"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    run = title.runs[0]
    assert run.font.size == Pt(22)
    assert east_asian_font(run) == "方正小标宋简体"


def test_heading_levels_use_their_fonts(exported):
    paragraphs = body(exported)[1:]
    level1, level2, level3, level4, enumerated = paragraphs
    assert level1.text == "一、主要做法及成效" and east_asian_font(level1.runs[0]) == "黑体"
    # A run-in heading: its first sentence in the heading font, the rest in the body font.
    assert level2.runs[0].text == "（一）强化教师培训。" and east_asian_font(level2.runs[0]) == "楷体_GB2312"
    assert east_asian_font(level2.runs[1]) == "仿宋_GB2312" and level2.runs[1].text.startswith("全年组织")
    assert level3.runs[0].text == "1.青年教师结对。" and level3.runs[0].font.bold
    assert east_asian_font(level3.runs[0]) == "仿宋_GB2312"
    assert level4.text == "（1）名师工作室" and not level4.runs[0].font.bold
    assert len(enumerated.runs) == 1 and east_asian_font(enumerated.runs[0]) == "仿宋_GB2312"


def test_body_is_fangsong_3hao_fixed_spacing_indented(exported):
    for paragraph in body(exported)[1:]:
        fmt = paragraph.paragraph_format
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and fmt.line_spacing == Pt(28)
        assert fmt.first_line_indent == Pt(32)
        assert all(run.font.size == Pt(16) for run in paragraph.runs)


def test_citations_are_removed_by_default(exported):
    text = "\n".join(p.text for p in exported.paragraphs)
    assert "[1]" not in text and "[2]" not in text
    assert "参考材料" not in text
    assert "研修12期。" in text and "3200人次。" in text


def test_citations_kept_on_request_with_a_source_list(tmp_path):
    path = write_docx(tmp_path / "a.docx", title="标题", draft=DRAFT, keep_citations=True, citations=CITATIONS)
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "研修12期[1]。" in text
    assert "附：参考材料" in text
    assert "[1]《松岭县教育局2021年工作总结》（2021年），文件：松岭.md" in text
    assert "[2]《白河县汇报》，文件：白河.txt" in text


def test_footer_has_a_page_field_between_dashes(exported):
    footer = exported.sections[0].footer.paragraphs[0]
    xml = footer._p.xml
    assert footer.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" in xml and 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert all(run.font.size == Pt(14) for run in footer.runs)
    assert east_asian_font(footer.runs[0]) == "宋体"


def test_empty_title_falls_back(tmp_path):
    path = write_docx(tmp_path / "b.docx", title="  ", draft="正文一段。")
    assert body(Document(str(path)))[0].text == "文稿"


@pytest.mark.parametrize(
    ("paragraph", "level", "heading"),
    [
        ("一、基本情况", 1, "一、基本情况"),
        ("（二）加强管理。具体做法如下。", 2, "（二）加强管理。"),
        ("(三)加强管理", 2, "(三)加强管理"),
        ("2．完善制度", 3, "2．完善制度"),
        ("1.5万名学生参加了活动。", 0, ""),
        ("2024年全县共有学校56所。", 0, ""),
        ("一是加强领导，二是完善制度。", 0, ""),
    ],
)
def test_heading_detection(paragraph, level, heading):
    split = split_heading(paragraph)
    assert (split.level, split.heading) == (level, heading)


# The whole document: sections with their own headings, blanks with comments, the sources appendix.

OPENING = WordSection("", 1, (WordParagraph("2024年，县教育局围绕教育强县目标，扎实推进各项工作[1]。"),))
PRACTICE = WordSection(
    "一、主要做法及成效",
    1,
    (
        WordParagraph(
            "全年新招聘教师××人，组织培训××期，覆盖××所学校[1][2]。",
            blank_notes=(
                "待补数字：全年新招聘教师××人（往年材料：青川县教育局2022年工作总结：96人）",
                "待补数字：组织培训××期（往年材料中未找到对应数字）",
            ),
            sources=("青川县教育局2022年工作总结", "白河县汇报"),
        ),
        WordParagraph("（一）强化教师培训。骨干教师集中研修成效明显[2]。"),
    ),
)
DETAIL = WordSection(
    "（一）加强师德师风建设",
    2,
    (WordParagraph("开展师德专题教育，签订承诺书。", sources=("松岭县教育局2021年工作总结",)),),
)
SECTIONS = (OPENING, PRACTICE, DETAIL)


def report(tmp_path, **options) -> Document:
    path = write_report_docx(
        tmp_path / "新目录" / "总结.docx", title="县教育局2024年工作总结", sections=SECTIONS, **options
    )
    return Document(str(path))


def anchored_texts(document) -> dict[int, str]:
    """The text between each comment's commentRangeStart and commentRangeEnd, by comment id."""
    open_ids: set[int] = set()
    texts: dict[int, str] = {}
    for element in document.element.body.iter():
        if element.tag == qn("w:commentRangeStart"):
            open_ids.add(int(element.get(qn("w:id"))))
        elif element.tag == qn("w:commentRangeEnd"):
            open_ids.discard(int(element.get(qn("w:id"))))
        elif element.tag == qn("w:t"):
            for comment_id in open_ids:
                texts[comment_id] = texts.get(comment_id, "") + (element.text or "")
    return texts


def text_runs(paragraph) -> list:
    """The runs that hold text (Word puts each comment's reference mark in an empty run of its own)."""
    return [run for run in paragraph.runs if run.text]


def test_report_is_written_into_a_new_folder(tmp_path):
    report(tmp_path)
    assert (tmp_path / "新目录" / "总结.docx").is_file()


def test_report_title_and_subtitle(tmp_path):
    document = report(tmp_path, subtitle="县教育局 2025年1月")
    title, subtitle = body(document)[:2]
    assert title.text == "县教育局2024年工作总结" and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size == Pt(22) and east_asian_font(title.runs[0]) == "方正小标宋简体"
    assert subtitle.text == "县教育局 2025年1月" and subtitle.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert subtitle.runs[0].font.size == Pt(16) and east_asian_font(subtitle.runs[0]) == "楷体_GB2312"
    # Then one blank line before the body.
    paragraphs = document.paragraphs
    assert paragraphs[2].text == "" and paragraphs[3].text.startswith("2024年")


def test_report_sections_in_order_with_heading_fonts(tmp_path):
    paragraphs = body(report(tmp_path))
    assert [p.text for p in paragraphs] == [
        "县教育局2024年工作总结",
        "2024年，县教育局围绕教育强县目标，扎实推进各项工作。",
        "一、主要做法及成效",
        "全年新招聘教师××人，组织培训××期，覆盖××所学校。",
        "（一）强化教师培训。骨干教师集中研修成效明显。",
        "（一）加强师德师风建设",
        "开展师德专题教育，签订承诺书。",
    ]
    by_text = {p.text: p for p in paragraphs}
    level1, level2 = by_text["一、主要做法及成效"], by_text["（一）加强师德师风建设"]
    assert [east_asian_font(r) for r in level1.runs] == ["黑体"]
    assert [east_asian_font(r) for r in level2.runs] == ["楷体_GB2312"]
    # Headings are indented like the body, as in the single-section export.
    assert level1.paragraph_format.first_line_indent == Pt(32)
    run_in = by_text["（一）强化教师培训。骨干教师集中研修成效明显。"]
    assert [east_asian_font(r) for r in run_in.runs] == ["楷体_GB2312", "仿宋_GB2312"]


def test_report_body_is_fangsong_3hao_fixed_spacing_indented(tmp_path):
    paragraph = body(report(tmp_path))[3]
    fmt = paragraph.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and fmt.line_spacing == Pt(28)
    assert fmt.first_line_indent == Pt(32)
    assert all(r.font.size == Pt(16) and east_asian_font(r) == "仿宋_GB2312" for r in text_runs(paragraph))


def test_heading_written_at_the_level_given(tmp_path):
    section = WordSection("（二）加强管理", 1, (WordParagraph("正文。"),))
    path = write_report_docx(tmp_path / "c.docx", title="标题", sections=[section])
    heading = body(Document(str(path)))[1]
    assert heading.text == "（二）加强管理" and east_asian_font(heading.runs[0]) == "黑体"


def test_empty_heading_writes_no_heading_paragraph(tmp_path):
    path = write_report_docx(tmp_path / "d.docx", title="标题", sections=[OPENING])
    paragraphs = Document(str(path)).paragraphs
    assert [p.text for p in paragraphs] == ["标题", "", "2024年，县教育局围绕教育强县目标，扎实推进各项工作。"]


def test_report_footer_has_a_page_field(tmp_path):
    footer = report(tmp_path).sections[0].footer.paragraphs[0]
    assert "PAGE" in footer._p.xml and footer.text.startswith("— ") and footer.text.endswith(" —")


def test_each_blank_carries_its_note_as_a_comment(tmp_path):
    document = report(tmp_path)
    comments = list(document.comments)
    notes = PRACTICE.paragraphs[0].blank_notes
    assert [c.text for c in comments] == [*notes, "待补数字"]
    assert all((c.author, c.initials) == ("文稿", "WG") for c in comments)
    anchored = anchored_texts(document)
    assert [anchored[c.comment_id] for c in comments] == ["××", "××", "××"]


def test_blanks_split_runs_without_changing_their_font(tmp_path):
    paragraph = body(report(tmp_path))[3]
    assert [r.text for r in text_runs(paragraph)] == ["全年新招聘教师", "××", "人，组织培训", "××", "期，覆盖", "××", "所学校。"]


def test_no_comments_without_blanks(tmp_path):
    path = write_report_docx(tmp_path / "e.docx", title="标题", sections=[DETAIL])
    assert len(Document(str(path)).comments) == 0


def test_sources_appendix_lists_paragraphs_with_sources(tmp_path):
    document = report(tmp_path, sources_appendix=True)
    appendix = next(p for p in document.paragraphs if p.text == "附：各段参考材料")
    assert appendix.paragraph_format.page_break_before
    assert east_asian_font(appendix.runs[0]) == "黑体"
    (table,) = document.tables
    assert table.style.name == "Table Grid"
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [
        ["段落", "参考材料"],
        ["一、主要做法及成效\n全年新招聘教师××人，组织培训××期，覆……", "青川县教育局2022年工作总结；白河县汇报"],
        ["（一）加强师德师风建设\n开展师德专题教育，签订承诺书。", "松岭县教育局2021年工作总结"],
    ]
    runs = [run for row in table.rows for cell in row.cells for p in cell.paragraphs for run in p.runs]
    assert all(run.font.size == Pt(14) for run in runs)
    assert {east_asian_font(run) for run in runs if run.text not in {"段落", "参考材料"}} == {"仿宋_GB2312"}


def test_no_appendix_unless_asked(tmp_path):
    document = report(tmp_path)
    assert not document.tables
    assert "附：各段参考材料" not in [p.text for p in document.paragraphs]


def test_heading_level_must_be_one_the_layout_has():
    with pytest.raises(ValueError, match="heading level"):
        WordSection("一、总体情况", 5, ())
    assert WordSection("", 0, ()).level == 0
