"""Text of a .docx body: paragraphs (with Word's list labels) and table rows, in document order.

Headers, footers, footnotes, comments and text boxes are left out: in reports they hold page
numbers, letterheads and marginalia rather than the report's own sentences.
"""

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from lxml import etree

from ingest.docx_numbering import MC, W, ListNumberer
from ingest.errors import IngestError
from ingest.file_limits import check_zip_members
from ingest.library_errors import describe_library_error

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAIN_PART = "word/document.xml"
_NS = {"w": W[1:-1], "mc": MC[1:-1]}
# Runs of the paragraph itself: not deleted revisions, not text boxes anchored in it (their own
# paragraphs), not the VML duplicate kept for old Word, not ruby annotations.
_PARAGRAPH_RUNS = etree.XPath(
    ".//w:r[not(ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent"
    " or ancestor::mc:Fallback or ancestor::w:rt)]",
    namespaces=_NS,
)
_WRAPPERS = {f"{W}sdt", f"{W}sdtContent", f"{W}customXml"}


def extract_docx_text(data: bytes, path: Path) -> str:
    """Return the document's text, one paragraph or table row a line. Raises IngestError."""
    names = _checked_archive(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
        numberer = ListNumberer(
            _related_element(document.part, RT.NUMBERING), _related_element(document.part, RT.STYLES)
        )
        lines = list(_block_lines(document.element.body, numberer))
    except Exception as exc:  # python-docx, zipfile and lxml raise many types on damaged files
        if _MAIN_PART not in names:
            raise IngestError(path, f"not a valid .docx (missing {_MAIN_PART})") from exc
        raise IngestError(path, f"corrupt .docx: {describe_library_error(exc)}") from exc
    text = "\n".join(lines)
    if not text.strip():
        raise IngestError(path, "no text in document")
    return text


def _checked_archive(data: bytes, path: Path) -> set[str]:
    if data.startswith(_OLE_MAGIC):
        # Word stores password-protected .docx files in an OLE container, as it did old .doc files.
        raise IngestError(path, "encrypted .docx or old .doc format (OLE container), cannot read")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise IngestError(path, "not a valid .docx (not a zip archive)") from None
    check_zip_members(path, members)
    return {info.filename for info in members}


def _related_element(part: Part, reltype: str) -> etree._Element | None:
    try:
        related = part.part_related_by(reltype)
    except KeyError:
        return None
    return getattr(related, "element", None)


def _block_lines(container: etree._Element, numberer: ListNumberer) -> Iterator[str]:
    for child in _content(container):
        if child.tag == f"{W}p":
            label, separator = numberer.label(child)
            text = _paragraph_text(child)
            # An empty numbered paragraph still advanced the counters above, as in Word.
            if text.strip():
                yield f"{label}{separator}{text}" if label else text
        elif child.tag == f"{W}tbl":
            yield from _table_lines(child, numberer)


def _table_lines(table: etree._Element, numberer: ListNumberer) -> Iterator[str]:
    for row in _content(table):
        if row.tag != f"{W}tr":
            continue
        cells = [
            " ".join(line.strip() for line in _block_lines(cell, numberer))
            for cell in _content(row)
            if cell.tag == f"{W}tc"
        ]
        if any(cells):
            yield "\t".join(cells)


def _content(element: etree._Element) -> Iterator[etree._Element]:
    """Children, seeing through content controls and custom-XML wrappers."""
    for child in element:
        if child.tag in _WRAPPERS:
            yield from _content(child)
        else:
            yield child


def _paragraph_text(paragraph: etree._Element) -> str:
    parts: list[str] = []
    for run in _PARAGRAPH_RUNS(paragraph):
        for item in run:
            tag = item.tag
            if tag == f"{W}t":
                parts.append(item.text or "")
            elif tag in (f"{W}tab", f"{W}ptab"):
                parts.append("\t")
            elif tag == f"{W}cr" or (tag == f"{W}br" and item.get(f"{W}type") in (None, "textWrapping")):
                parts.append("\n")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
    return "".join(parts)
