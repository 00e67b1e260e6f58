"""The .docx export, read back with python-docx: layout, fonts, sizes, headings, page numbers, citations."""

from __future__ import annotations

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from app.web.docx_export import split_heading, write_docx

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
