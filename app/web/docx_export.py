"""A draft as a Word document in the usual official-document layout (GB/T 9704-2012 as commonly applied).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 2号 (22 pt) 方正小标宋简体 centred;
body 3号 (16 pt) 仿宋_GB2312, fixed 28 pt line spacing, first line indented two characters; headings
一、 in 黑体, （一） in 楷体_GB2312, 1. in 仿宋_GB2312 bold, （1） in 仿宋_GB2312; page numbers "— 1 —" in 4号
宋体 in the footer. Fonts missing on the reader's machine are named anyway: Word substitutes and keeps
the sizes. East Asian font names go into w:rFonts/@w:eastAsia, which is what Word uses for Chinese text.

Citation markers [n] are removed by default: an official document carries no bracketed references,
and the writer sees the sources in the app. `keep_citations=True` keeps them and lists the sources
at the end, for a working copy that a colleague checks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from app.checks.text import CITATION
from ingest.chunk import known_year

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312", 3: BODY_FONT, 4: BODY_FONT}
PAGE_NUMBER_FONT = "宋体"
TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
LINE_SPACING = Pt(28)

# Heading markers by level; a run-in heading ("（一）加强培训。正文……") ends at its first 。
_HEADING_MARKERS = (
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    (3, re.compile(r"^\d+[.．](?!\d)")),
    (4, re.compile(r"^[（(]\d+[）)]")),
)
STANDALONE_HEADING_MAX_CHARS = 40


@dataclass(frozen=True)
class HeadingSplit:
    level: int  # 0: body paragraph
    heading: str
    body: str


def split_heading(paragraph: str) -> HeadingSplit:
    """Whether a paragraph is (or starts with) a numbered heading: a short line without a full stop is
    a heading on its own; a longer one starting with a marker is a run-in heading ending at its first 。"""
    text = paragraph.strip()
    for level, marker in _HEADING_MARKERS:
        if not marker.match(text):
            continue
        if len(text) <= STANDALONE_HEADING_MAX_CHARS and "。" not in text.rstrip("。"):
            return HeadingSplit(level, text, "")
        head, stop, rest = text.partition("。")
        if stop and len(head) < STANDALONE_HEADING_MAX_CHARS:
            return HeadingSplit(level, head + stop, rest)
        return HeadingSplit(0, "", text)
    return HeadingSplit(0, "", text)


def strip_citations(text: str) -> str:
    return CITATION.sub("", text)


def _set_font(run: Run, name: str, size: Pt, *, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _body_format(paragraph: Paragraph, *, indent: bool = True) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_SPACING
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(BODY_SIZE.pt * 2)
        # Word also reads the indent in characters, so it stays two characters if the size changes.
        paragraph._p.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")


def _page_setup(document: Any) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)


def _field(run: Run, instruction: str) -> None:
    """A Word field (PAGE) inside `run`: begin, instruction, separate, placeholder result, end."""
    def char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    for element in (char("begin"), instr, char("separate"), placeholder, char("end")):
        run._element.append(element)


def _page_numbers(document: Any) -> None:
    footer = document.sections[0].footer
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in ("— ", None, " —"):
        run = paragraph.add_run(text or "")
        _set_font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        if text is None:
            _field(run, "PAGE")


def _add_paragraph(document: Any, text: str) -> None:
    split = split_heading(text)
    paragraph = document.add_paragraph()
    _body_format(paragraph)
    if split.level:
        _set_font(paragraph.add_run(split.heading), HEADING_FONTS[split.level], BODY_SIZE, bold=split.level == 3)
    if split.body:
        _set_font(paragraph.add_run(split.body), BODY_FONT, BODY_SIZE)


def write_docx(
    path: Path,
    *,
    title: str,
    draft: str,
    keep_citations: bool = False,
    citations: Sequence[Mapping[str, Any]] = (),
) -> Path:
    """Write `draft` (paragraphs separated by blank lines) under `title` to `path` and return it.
    `citations` (DraftResult.citations: n, title, year, source) are listed at the end when kept."""
    document = Document()
    _page_setup(document)
    _page_numbers(document)

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _body_format(heading, indent=False)
    heading.paragraph_format.line_spacing = Pt(TITLE_SIZE.pt * 1.5)
    _set_font(heading.add_run(title.strip() or "文稿"), TITLE_FONT, TITLE_SIZE)
    # GB/T 9704: one blank line between title and body.
    _body_format(document.add_paragraph(), indent=False)

    text = draft if keep_citations else strip_citations(draft)
    for block in re.split(r"\n\s*\n|\n", text):
        if block.strip():
            _add_paragraph(document, block.strip())

    if keep_citations and citations:
        _body_format(document.add_paragraph(), indent=False)
        _add_paragraph(document, "附：参考材料")
        for citation in citations:
            year = known_year(citation.get("year"))
            year_text = f"（{year}年）" if year else ""
            _add_paragraph(document, f"[{citation['n']}]《{citation.get('title') or citation.get('source')}》{year_text}，文件：{citation.get('source', '')}")

    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
