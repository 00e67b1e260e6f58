"""Builders of small input files for ingest tests, written into a test's tmp_path.

All report text is invented (the fictional 白鹭湾县教育局); nothing is taken from real documents.
Each builder returns the path it wrote.
"""

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from pypdf import PdfReader, PdfWriter

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

REPORT_TITLE = "白鹭湾县教育局2023年工作总结"
REPORT_PARAGRAPHS = (
    "2023年，县教育局坚持以立德树人为根本任务，全面推进各级各类教育协调发展，全县教育事业取得新进展。",
    "全县新建改扩建中小学校舍两万平方米，新增学位一千二百个，义务教育巩固率保持在百分之九十九以上。",
    "全年招聘教师一百二十名，组织教师培训四千余人次，评选县级骨干教师八十名，城乡教师交流轮岗三十六人。",
    "下一步，县教育局将持续深化教育领域综合改革，推动城乡义务教育优质均衡发展，办好人民满意的教育。",
)

# Numbering definition used by write_numbered_docx: the four heading levels of official documents.
# In w:lvlText, %N stands for the counter of level N (1-based), so level 2 shows its own as %2.
NUMBERED_ABSTRACT_ID = 90
NUMBERED_NUM_ID = 90
REPORT_LEVELS = (
    ("chineseCounting", "%1、"),
    ("chineseCounting", "（%2）"),
    ("decimal", "%3."),
    ("decimal", "（%4）"),
)


def write_encoded_text(path: Path, text: str, encoding: str) -> Path:
    """Write text in any Python codec ("utf-8-sig" and "utf-16" add a byte-order mark)."""
    path.write_bytes(text.encode(encoding))
    return path


def write_gbk_text(path: Path, text: str) -> Path:
    return write_encoded_text(path, text, "gbk")


def write_png_as_text(path: Path) -> Path:
    """A real PNG header and chunk, saved under a text suffix."""
    ihdr = b"\x00\x00\x00\x0dIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00\x90\x91h6"
    idat = b"\x00\x00\x00\x1cIDATx\x9c" + bytes(range(40, 66)) + b"\x00\x00\x00\x00IEND\xaeB`\x82"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + ihdr + idat * 20)
    return path


def add_numbering_definition(
    document: docx.document.Document,
    abstract_id: int,
    levels: Sequence[tuple[str, str]],
    num_ids: Sequence[int],
    start_overrides: dict[int, dict[int, int]] | None = None,
) -> None:
    """Add a w:abstractNum with the given (numFmt, lvlText) levels and w:num entries pointing at it.

    start_overrides maps a num id to {level: start} written as w:lvlOverride/w:startOverride.
    """
    numbering = document.part.numbering_part.element
    level_xml = "".join(
        f'<w:lvl w:ilvl="{index}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
        for index, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{level_xml}</w:abstractNum>'
    )
    # Schema order: every w:abstractNum precedes every w:num.
    first_num = numbering.find(qn("w:num"))
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)
    for num_id in num_ids:
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            for level, start in (start_overrides or {}).get(num_id, {}).items()
        )
        numbering.append(
            parse_xml(
                f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}">'
                f'<w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'
            )
        )


def set_paragraph_numbering(paragraph: Paragraph, num_id: int, level: int | None = None) -> None:
    """Give a paragraph its own w:numPr (level None: inherit the level from its style)."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    if level is not None:
        num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def add_numbered_style(document: docx.document.Document, name: str, num_id: int, level: int) -> str:
    """A paragraph style whose w:pPr carries the numbering, as Word's heading styles do."""
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id
    return name


def write_numbered_docx(path: Path) -> Path:
    """A report whose headings carry only Word automatic numbering, no typed labels.

    Rendered by Word as (body paragraphs omitted):
        一、总体情况 / （一）基础教育 / 1.师资队伍 / 2.校舍建设 / （二）职业教育 / 1.实训基地 /
        （1）新增专业 / 二、存在问题 / （一）经费保障 / 附件说明 (numId 0: unnumbered) / 三、下一步工作打算
    Levels 一、 and （一） come from paragraph styles, 1. and （1） from each paragraph's own numPr.
    """
    document = docx.Document()
    add_numbering_definition(document, NUMBERED_ABSTRACT_ID, REPORT_LEVELS, [NUMBERED_NUM_ID])
    heading1 = add_numbered_style(document, "报告一级标题", NUMBERED_NUM_ID, 0)
    heading2 = add_numbered_style(document, "报告二级标题", NUMBERED_NUM_ID, 1)

    def numbered(text: str, level: int) -> None:
        set_paragraph_numbering(document.add_paragraph(text), NUMBERED_NUM_ID, level)

    document.add_paragraph(REPORT_TITLE)
    document.add_paragraph(REPORT_PARAGRAPHS[0])
    document.add_paragraph("总体情况", style=heading1)
    document.add_paragraph("基础教育", style=heading2)
    numbered("师资队伍", 2)
    document.add_paragraph(REPORT_PARAGRAPHS[2])
    numbered("校舍建设", 2)
    document.add_paragraph(REPORT_PARAGRAPHS[1])
    document.add_paragraph("职业教育", style=heading2)
    numbered("实训基地", 2)
    numbered("新增专业", 3)
    document.add_paragraph("存在问题", style=heading1)
    document.add_paragraph("经费保障", style=heading2)
    set_paragraph_numbering(document.add_paragraph("附件说明", style=heading1), 0)
    document.add_paragraph("下一步工作打算", style=heading1)
    document.add_paragraph(REPORT_PARAGRAPHS[3])
    document.save(path)
    return path


def write_docx_with_table(path: Path) -> Path:
    """Paragraph, a 3x3 table of school figures, paragraph: tests document order and cell joining."""
    document = docx.Document()
    document.add_paragraph("全县学校基本情况如下：")
    rows = (("学段", "学校数", "在校生"), ("小学", "24所", "15600人"), ("初中", "9所", "7300人"))
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    document.add_paragraph("以上数据截至2023年底。")
    document.save(path)
    return path


def write_docx_zip_bomb(path: Path, inflated_bytes: int = 16 * 2**20) -> Path:
    """A zip with docx part names whose document.xml inflates from a few KB to inflated_bytes."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b" " * 2**20
            for _ in range(inflated_bytes // len(block)):
                member.write(block)
    return path


def write_corrupt_docx(path: Path) -> Path:
    """A real .docx cut in half: the zip's central directory is gone."""
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(REPORT_PARAGRAPHS[0])
    document.save(buffer)
    data = buffer.getvalue()
    path.write_bytes(data[: len(data) // 2])
    return path


def write_docx_replacing_part(path: Path, part_name: str, content: bytes | None) -> Path:
    """A valid .docx with one zip member replaced by content, or removed when content is None."""
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(REPORT_PARAGRAPHS[0])
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != part_name:
                target.writestr(info, source.read(info))
            elif content is not None:
                target.writestr(info, content)
    return path


def write_text_pdf(path: Path, pages: Sequence[Sequence[str]]) -> Path:
    """A PDF whose pages show the given lines (any Unicode BMP text) with a real text layer.

    Text is drawn with a non-embedded Identity-H CID font and a ToUnicode map, the way PDFs of
    Chinese documents carry it, so extractors recover the characters exactly.
    """
    path.write_bytes(_text_pdf_bytes(pages))
    return path


def write_blank_pdf(path: Path) -> Path:
    """One page, no text: what a scanned document without OCR looks like to a text extractor."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def write_encrypted_pdf(
    path: Path, user_password: str = "secret", algorithm: str = "RC4-128", lines: Sequence[str] = REPORT_PARAGRAPHS[:1]
) -> Path:
    """A text PDF encrypted with pypdf; user_password "" gives a PDF that opens without asking.

    RC4 needs no extra package; AES algorithms need `cryptography` installed.
    """
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_text_pdf_bytes([lines]))))
    writer.encrypt(user_password=user_password, owner_password="owner-only", algorithm=algorithm)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def write_corrupt_pdf(path: Path) -> Path:
    """A PDF header followed by a cut-off object and no cross-reference table or trailer."""
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\nstream\x00\xff\x10garbage")
    return path


def write_report_html(path: Path, encoding: str = "gbk") -> Path:
    """A saved bureau web page: navigation, banner and footer around the report, in `encoding`."""
    body = "".join(f"<p>{text}</p>" for text in REPORT_PARAGRAPHS)
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">
<title>{REPORT_TITLE}</title></head><body>
<div id="nav"><ul><li><a href="/">网站首页</a></li><li><a href="/jg">机构设置</a></li>
<li><a href="/zw">政务公开</a></li><li><a href="/bs">办事服务</a></li></ul></div>
<div class="banner">欢迎访问白鹭湾县教育局门户网站</div>
<div class="content"><h1>{REPORT_TITLE}</h1>{body}
<table><tr><td>学段</td><td>学校数</td></tr><tr><td>小学</td><td>24所</td></tr></table></div>
<div class="footer"><a href="/lx">联系我们</a> | <a href="/dt">网站地图</a>
<p>版权所有：白鹭湾县教育局 技术支持：某某网络公司</p></div>
</body></html>"""
    path.write_bytes(page.encode(encoding))
    return path


def _text_pdf_bytes(pages: Sequence[Sequence[str]]) -> bytes:
    characters = sorted({ch for lines in pages for line in lines for ch in line})
    cid = {ch: index + 1 for index, ch in enumerate(characters)}
    objects: list[bytes] = []  # object n is objects[n - 1]

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes) -> bytes:
        return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"

    catalog = add(b"")  # filled once the page tree exists
    page_tree = add(b"")
    cmap_entries = "\n".join(f"<{cid[ch]:04X}> <{ord(ch):04X}>" for ch in characters)
    # bfchar blocks hold at most 100 entries each.
    lines = cmap_entries.splitlines()
    blocks = "".join(
        f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar\n"
        for chunk in (lines[i : i + 100] for i in range(0, len(lines), 100))
    )
    to_unicode = add(
        stream(
            (
                "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
                "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
                f"{blocks}endcmap CMapName currentdict /CMap defineresource pop end end"
            ).encode("ascii")
        )
    )
    descendant = add(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDToGIDMap /Identity"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>"
    )
    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H"
        b" /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (descendant, to_unicode)
    )
    page_ids = []
    for page_lines in pages:
        operations = []
        for number, line in enumerate(page_lines):
            glyphs = "".join(f"{cid[ch]:04X}" for ch in line)
            operations.append(f"BT /F1 12 Tf 50 {790 - 20 * number} Td <{glyphs}> Tj ET")
        content = add(stream("\n".join(operations).encode("ascii")))
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842]"
                b" /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (page_tree, font, content)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % page_tree
    kids = " ".join(f"{page} 0 R" for page in page_ids).encode("ascii")
    objects[page_tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref_at)
    return bytes(out)
