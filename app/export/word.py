"""Drafts as Word documents in the usual official-document layout (GB/T 9704-2012 as commonly applied):
`write_docx` for one drafted section, `write_report_docx` for a whole document made of sections. Both
share the layout below, so the two never drift apart.

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 2号 (22 pt) 方正小标宋简体 centred;
body 3号 (16 pt) 仿宋_GB2312, fixed 28 pt line spacing, first line indented two characters; headings
一、 in 黑体, （一） in 楷体_GB2312, 1. in 仿宋_GB2312 bold, （1） in 仿宋_GB2312, indented like the body;
page numbers "— 1 —" in 4号 宋体 in the footer. Fonts missing on the reader's machine are named anyway:
Word substitutes and keeps the sizes. East Asian font names go into w:rFonts/@w:eastAsia, which is what
Word uses for Chinese text.

Citation markers [n] are removed by default: an official document carries no bracketed references,
and the writer sees the sources in the app. `write_docx(keep_citations=True)` keeps them and lists the
sources at the end, for a working copy that a colleague checks. The whole document always drops them;
instead each ×× carries a Word comment saying which figure is missing there, and on request an appendix
table lists the earlier reports each paragraph draws on.
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

from app.checks.numbers import BLANK
from app.checks.text import CITATION
from ingest.chunk import known_year

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312", 3: BODY_FONT, 4: BODY_FONT}
SUBTITLE_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
TABLE_SIZE = Pt(14)  # 4号: a table in the body size would barely fit two columns
LINE_SPACING = Pt(28)

COMMENT_AUTHOR = "文稿"
COMMENT_INITIALS = "WG"
UNNOTED_BLANK = "待补数字"  # the comment on a ×× the caller gave no note for
APPENDIX_HEADING = "附：各段参考材料"
APPENDIX_COLUMNS = ("段落", "参考材料")
APPENDIX_OPENING_CHARS = 20

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


def _add_runs(paragraph: Paragraph, text: str, font: str, *, bold: bool = False) -> list[Run]:
    """`text` appended to `paragraph` in `font`, each ×× in a run of its own so that a comment can be
    anchored on exactly those two characters; returns the ×× runs in order."""
    def add(piece: str) -> Run:
        run = paragraph.add_run(piece)
        _set_font(run, font, BODY_SIZE, bold=bold)
        return run

    blank_runs = []
    for i, piece in enumerate(text.split(BLANK)):
        if i:
            blank_runs.append(add(BLANK))
        if piece:
            add(piece)
    return blank_runs


def _add_heading_runs(paragraph: Paragraph, heading: str, level: int) -> list[Run]:
    return _add_runs(paragraph, heading, HEADING_FONTS[level], bold=level == 3)


def _add_heading(document: Any, heading: str, level: int) -> None:
    paragraph = document.add_paragraph()
    _body_format(paragraph)
    _add_heading_runs(paragraph, heading, level)


def _add_paragraph(document: Any, text: str) -> list[Run]:
    """A body paragraph, a numbered heading it starts with in that heading's font; returns its ×× runs."""
    split = split_heading(text)
    paragraph = document.add_paragraph()
    _body_format(paragraph)
    blank_runs = []
    if split.level:
        blank_runs += _add_heading_runs(paragraph, split.heading, split.level)
    if split.body:
        blank_runs += _add_runs(paragraph, split.body, BODY_FONT)
    return blank_runs


def _new_document(title: str, subtitle: str = "") -> Any:
    """A document with the page layout, page numbers, the title (and subtitle) and the blank line after it."""
    document = Document()
    _page_setup(document)
    _page_numbers(document)

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _body_format(heading, indent=False)
    heading.paragraph_format.line_spacing = Pt(TITLE_SIZE.pt * 1.5)
    _set_font(heading.add_run(title.strip() or "文稿"), TITLE_FONT, TITLE_SIZE)
    if subtitle.strip():
        line = document.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _body_format(line, indent=False)
        _set_font(line.add_run(subtitle.strip()), SUBTITLE_FONT, BODY_SIZE)
    # GB/T 9704: one blank line between title and body.
    _body_format(document.add_paragraph(), indent=False)
    return document


def _save(document: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


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
    document = _new_document(title)
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
    return _save(document, path)


@dataclass(frozen=True)
class WordParagraph:
    text: str  # body text; may contain ×× blanks and [n] citation markers
    blank_notes: tuple[str, ...] = ()  # one note per ×× in `text`, in order: what is missing there
    sources: tuple[str, ...] = ()  # labels of the earlier reports this paragraph draws on


@dataclass(frozen=True)
class WordSection:
    heading: str  # with its own number: "一、主要做法及成效", "（二）……"; "" = no heading (an opening)
    level: int  # 1 for 一、, 2 for （一） (3 and 4 for 1. and （1）); ignored when heading is ""
    paragraphs: tuple[WordParagraph, ...]

    def __post_init__(self) -> None:
        if self.heading and self.level not in HEADING_FONTS:
            raise ValueError(f"heading level must be one of {sorted(HEADING_FONTS)}, got {self.level}")


def _comment_blanks(document: Any, blank_runs: Sequence[Run], notes: Sequence[str]) -> None:
    """One comment on each ×× run: its note, or UNNOTED_BLANK for a ×× the caller gave no note for."""
    for i, run in enumerate(blank_runs):
        note = notes[i] if i < len(notes) else UNNOTED_BLANK
        document.add_comment(run, text=note, author=COMMENT_AUTHOR, initials=COMMENT_INITIALS)


def _paragraph_label(heading: str, text: str) -> list[str]:
    """How the appendix names a paragraph: its section's heading, then its opening words."""
    opening = text[:APPENDIX_OPENING_CHARS] + ("……" if len(text) > APPENDIX_OPENING_CHARS else "")
    return [line for line in (heading, opening) if line]


def _fill_cell(cell: Any, lines: Sequence[str], font: str) -> None:
    """`lines` in one cell, one line break between them (a cell starts with one empty paragraph)."""
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(0)
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        _set_font(run, font, TABLE_SIZE)
        if i < len(lines) - 1:
            run.add_break()


def _add_sources_appendix(document: Any, sections: Sequence[WordSection]) -> None:
    """On a new page, a table of the body paragraphs that draw on earlier reports and those reports."""
    rows = [
        (_paragraph_label(strip_citations(section.heading).strip(), strip_citations(paragraph.text).strip()),
         "；".join(paragraph.sources))
        for section in sections
        for paragraph in section.paragraphs
        if paragraph.sources
    ]
    if not rows:
        return
    heading = document.add_paragraph()
    _body_format(heading, indent=False)
    heading.paragraph_format.page_break_before = True
    _set_font(heading.add_run(APPENDIX_HEADING), HEADING_FONTS[1], BODY_SIZE)

    table = document.add_table(rows=1, cols=2)
    table.style = document.styles["Table Grid"]
    for cell, name in zip(table.rows[0].cells, APPENDIX_COLUMNS):
        _fill_cell(cell, [name], HEADING_FONTS[1])
    for label, sources in rows:
        cells = table.add_row().cells
        _fill_cell(cells[0], label, BODY_FONT)
        _fill_cell(cells[1], [sources], BODY_FONT)


def write_report_docx(
    path: Path,
    *,
    title: str,
    sections: Sequence[WordSection],
    subtitle: str = "",
    sources_appendix: bool = False,
) -> Path:
    """Write a whole document, `sections` in order under `title` (and `subtitle`: the issuing body and
    date, say) to `path` and return it. Each heading is written at the level its section gives; body
    paragraphs lose their [n] markers, a numbered heading one starts with ("（一）加强培训。……") is set
    in that heading's font as in `write_docx`, and each ×× gets a comment with its note. Notes beyond a
    paragraph's ×× are not written. `sources_appendix` adds, on a page of its own, the table of the
    paragraphs' earlier reports (none when no paragraph has any)."""
    document = _new_document(title, subtitle)
    for section in sections:
        heading = strip_citations(section.heading).strip()
        if heading:
            _add_heading(document, heading, section.level)
        for paragraph in section.paragraphs:
            text = strip_citations(paragraph.text).strip()
            if text:
                _comment_blanks(document, _add_paragraph(document, text), paragraph.blank_notes)
    if sources_appendix:
        _add_sources_appendix(document, sections)
    return _save(document, path)
