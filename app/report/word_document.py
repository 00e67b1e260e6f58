"""A drafted document as the Word file the writer hands in: the outline's headings, each section's
paragraphs, a comment on every ×× still open naming what is missing, and on request an appendix of the
earlier reports each paragraph draws on (the evidence a reviewer asks for)."""

from __future__ import annotations

from pathlib import Path

from app.drafting.passages import Passage
from app.export.word import WordParagraph, WordSection, write_report_docx
from app.report.blanks import report_blanks
from app.report.document import ReportDraft


def _source_label(passage: Passage) -> str:
    year = f"（{passage.year}年）" if passage.year and str(passage.year) not in passage.title else ""
    return f"《{passage.title}》{year}{passage.heading_path}"


def word_sections(report: ReportDraft) -> list[WordSection]:
    notes: dict[tuple[int, int], list[str]] = {}
    for blank in report_blanks(report):
        paragraph = report.sections[blank.section].checks.blanks[blank.number].paragraph
        notes.setdefault((blank.section, paragraph), []).append(blank.note)
    sections = []
    for index, heading in enumerate(report.outline.headings()):
        section = report.sections.get(index)
        paragraphs: list[WordParagraph] = []
        if section is not None:
            by_n = {p.n: p for p in section.passages}
            cited = {c.paragraph: c.valid for c in section.checks.paragraph_citations}
            texts = [p.strip() for p in section.text.split("\n\n") if p.strip()]
            for k, text in enumerate(texts):
                sources = tuple(dict.fromkeys(_source_label(by_n[n]) for n in cited.get(k, ()) if n in by_n))
                paragraphs.append(WordParagraph(text, tuple(notes.get((index, k), ())), sources))
        if heading or paragraphs:
            sections.append(WordSection(heading, report.outline.sections[index].level, tuple(paragraphs)))
    return sections


def write_report(report: ReportDraft, path: Path, *, sources_appendix: bool = False) -> Path:
    """Write the document to `path` (.docx) and return it."""
    return write_report_docx(
        Path(path), title=report.outline.title,
        sections=word_sections(report), sources_appendix=sources_appendix,
    )
