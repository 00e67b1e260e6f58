"""Build the sample-library .docx whose 一、/（一） headings come from Word's automatic numbering.

The source is plain UTF-8 text:
    first non-empty line   the title
    "# text"               level-1 heading, numbered 一、二、… by Word
    "## text"              level-2 heading, numbered （一）（二）… by Word, restarting under each level-1 heading
    "> text"               right-aligned closing line (issuing body, date)
    any other line         a body paragraph

Heading text must not carry its own 一、 or （一）: Word supplies them, which is the point of the sample
(the loader has to render numbering.xml to recover them).

Usage: python scripts/build_sample_docx.py [SOURCE [OUT]]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT / "scripts" / "sample_sources" / "青川县教育局2022年工作总结.txt"
DEFAULT_OUT = REPO_ROOT / "app" / "sample_library" / "reports" / "青川县教育局2022年工作总结.docx"

# Fixed so that rebuilding an unchanged source gives byte-identical output and leaves git clean.
FIXED_TIME = dt.datetime(2022, 12, 26, 9, 0, 0)

# Ids well above those in python-docx's default template (abstractNum 0-8, num 1-9).
LEVEL1_ABSTRACT_ID = 90
LEVEL2_ABSTRACT_ID = 91
LEVEL1_NUM_ID = 90
FIRST_LEVEL2_NUM_ID = 91

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
LEVEL1_FONT = "黑体"
LEVEL2_FONT = "楷体_GB2312"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
FIRST_LINE_INDENT_TWIPS = 640  # two characters of 三号 text

MANUAL_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


class SampleSourceError(ValueError):
    """The sample source text breaks the format described in this module's docstring."""


@dataclass(frozen=True)
class Block:
    kind: str  # "title", "h1", "h2", "body" or "sign"
    text: str


def parse_source(path: Path) -> list[Block]:
    """Read the marked-up source; errors name the file and line."""
    if not path.is_file():
        raise SampleSourceError(f"{path}: sample source not found")
    blocks: list[Block] = []
    seen_h1 = False
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if not blocks:
            if line.startswith(("#", ">")):
                raise SampleSourceError(f"{path}:{lineno}: the first line must be the title")
            blocks.append(Block("title", line))
            continue
        kind, text = _classify(line)
        if kind in ("h1", "h2"):
            if not text:
                raise SampleSourceError(f"{path}:{lineno}: empty heading")
            if MANUAL_NUMBER.match(text):
                raise SampleSourceError(
                    f"{path}:{lineno}: heading carries its own number ({text[:8]}…); Word numbering supplies it"
                )
        if kind == "h2" and not seen_h1:
            raise SampleSourceError(f"{path}:{lineno}: level-2 heading before any level-1 heading")
        seen_h1 = seen_h1 or kind == "h1"
        blocks.append(Block(kind, text))
    if not blocks:
        raise SampleSourceError(f"{path}: sample source is empty")
    return blocks


def _classify(line: str) -> tuple[str, str]:
    if line.startswith("## "):
        return "h2", line[3:].strip()
    if line.startswith("# "):
        return "h1", line[2:].strip()
    if line.startswith("> "):
        return "sign", line[2:].strip()
    return "body", line


def _el(tag: str, **attrs: str) -> OxmlElement:
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _single_level_abstract(abstract_id: int, lvl_text: str, font: str) -> OxmlElement:
    """A one-level chineseCounting list; child order follows the OOXML schema."""
    abstract = _el("w:abstractNum", abstractNumId=str(abstract_id))
    abstract.append(_el("w:multiLevelType", val="singleLevel"))
    lvl = _el("w:lvl", ilvl="0")
    lvl.append(_el("w:start", val="1"))
    lvl.append(_el("w:numFmt", val="chineseCounting"))
    # Chinese headings run straight on from 一、 with no tab.
    lvl.append(_el("w:suff", val="nothing"))
    lvl.append(_el("w:lvlText", val=lvl_text))
    lvl.append(_el("w:lvlJc", val="left"))
    ppr = _el("w:pPr")
    ppr.append(_el("w:ind", left="0", firstLine=str(FIRST_LINE_INDENT_TWIPS)))
    lvl.append(ppr)
    rpr = _el("w:rPr")
    rpr.append(_el("w:rFonts", ascii=font, hAnsi=font, eastAsia=font, hint="eastAsia"))
    lvl.append(rpr)
    abstract.append(lvl)
    return abstract


def _num(num_id: int, abstract_id: int, restart: bool) -> OxmlElement:
    num = _el("w:num", numId=str(num_id))
    num.append(_el("w:abstractNumId", val=str(abstract_id)))
    if restart:
        # Word's own way of restarting a list: a new num over the same abstractNum with a start override.
        override = _el("w:lvlOverride", ilvl="0")
        override.append(_el("w:startOverride", val="1"))
        num.append(override)
    return num


def _set_numbering(paragraph: Paragraph, num_id: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = _el("w:numPr")
    num_pr.append(_el("w:ilvl", val="0"))
    num_pr.append(_el("w:numId", val=str(num_id)))
    ppr.append(num_pr)


def _set_style_font(style, font: str, size: Pt, bold: bool) -> None:
    style.font.name = font
    style.font.size = size
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _format_paragraph(paragraph: Paragraph, first_line_indent: bool) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if first_line_indent:
        fmt.first_line_indent = Pt(32)


def build_document(blocks: list[Block]):
    """Lay the blocks out as a GB/T 9704-style document with numbered headings."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    styles = document.styles
    _set_style_font(styles["Normal"], BODY_FONT, BODY_SIZE, bold=False)
    _set_style_font(styles["Heading 1"], LEVEL1_FONT, BODY_SIZE, bold=False)
    _set_style_font(styles["Heading 2"], LEVEL2_FONT, BODY_SIZE, bold=False)

    numbering = document.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    for abstract in (
        _single_level_abstract(LEVEL1_ABSTRACT_ID, "%1、", LEVEL1_FONT),
        _single_level_abstract(LEVEL2_ABSTRACT_ID, "（%1）", LEVEL2_FONT),
    ):
        # abstractNum elements must precede every num element.
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
    numbering.append(_num(LEVEL1_NUM_ID, LEVEL1_ABSTRACT_ID, restart=False))

    next_level2_num = FIRST_LEVEL2_NUM_ID
    level2_num: int | None = None
    for block in blocks:
        if block.kind == "title":
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(block.text)
            run.font.name = TITLE_FONT
            run.font.size = TITLE_SIZE
            run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), TITLE_FONT)
            _format_paragraph(paragraph, first_line_indent=False)
            paragraph.paragraph_format.space_after = Pt(28)
            document.core_properties.title = block.text
        elif block.kind == "h1":
            paragraph = document.add_paragraph(block.text, style="Heading 1")
            _set_numbering(paragraph, LEVEL1_NUM_ID)
            _format_paragraph(paragraph, first_line_indent=False)
            level2_num = None
        elif block.kind == "h2":
            if level2_num is None:
                level2_num = next_level2_num
                next_level2_num += 1
                numbering.append(_num(level2_num, LEVEL2_ABSTRACT_ID, restart=True))
            paragraph = document.add_paragraph(block.text, style="Heading 2")
            _set_numbering(paragraph, level2_num)
            _format_paragraph(paragraph, first_line_indent=False)
        elif block.kind == "sign":
            paragraph = document.add_paragraph(block.text)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _format_paragraph(paragraph, first_line_indent=False)
        else:
            paragraph = document.add_paragraph(block.text)
            _format_paragraph(paragraph, first_line_indent=True)

    props = document.core_properties
    props.author = "wengao 示例文库（虚构）"
    props.last_modified_by = "wengao"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.revision = 1
    return document


def _reproducible_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed member timestamps (python-docx stamps the current time)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def build_docx(source: Path, out: Path) -> None:
    """Parse SOURCE and write the numbered .docx to OUT."""
    document = build_document(parse_source(source))
    buffer = io.BytesIO()
    document.save(buffer)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(_reproducible_zip(buffer.getvalue()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    try:
        build_docx(args.source, args.out)
    except SampleSourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
