"""The drafted document as a Word file: headings in order, filled values in the text, a comment on every
×× left, the sources appendix on request."""

from __future__ import annotations

import pytest
from docx import Document

from app.report.blanks import fill_blank, report_blanks
from app.report.word_document import write_report
from tests.app.report.fixtures import shelf_search
from tests.app.report.scripted import drafted_report


@pytest.fixture(scope="module")
def report():
    drafted = drafted_report(shelf_search())
    blank = [b for b in report_blanks(drafted) if b.clause == "全年招聘教师××人"][0]
    return fill_blank(drafted, blank, "85")


def test_the_document_has_its_headings_the_filled_value_and_a_comment_on_each_blank_left(tmp_path, report):
    path = write_report(report, tmp_path / "out" / "总结.docx")
    document = Document(str(path))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[0] == "松岭县教育局2024年工作总结"
    headings = [t for t in texts if t in report.outline.headings()]
    assert headings == [h for h in report.outline.headings() if h]
    body = "\n".join(texts)
    assert "全年招聘教师85人" in body and "[1]" not in body
    left = report_blanks(report)
    comments = list(document.comments)
    assert len(comments) == len(left) == body.count("××")
    assert comments[0].text == left[0].note
    assert not document.tables


def test_the_sources_appendix_lists_the_earlier_reports_each_paragraph_draws_on(tmp_path, report):
    document = Document(str(write_report(report, tmp_path / "a.docx", sources_appendix=True)))
    assert document.tables, "an appendix table"
    cells = [row.cells[1].text for row in document.tables[0].rows[1:]]
    assert any("《松岭县教育局2022年工作总结》" in cell for cell in cells)
