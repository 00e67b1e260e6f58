"""One section of an outline as the section-drafting engine takes it: a request in the writer's words
and the options beside it.

The request names the part of the document ("主要做法及成效") and the heading as the topic, so the
retriever looks for the heading's subject and prefers passages of that part of earlier reports, and the
section is written in that part's shape (一是/二是 points where the genre has them).
"""

from __future__ import annotations

from collections.abc import Sequence

from app.drafting.request import DraftOptions
from app.report.outline import ReportOutline
from vectorstore.search_filters import SearchFilters


def section_topic(outline: ReportOutline, index: int) -> str:
    """What the section is about: its heading; a paragraph without heading is about the whole document."""
    section = outline.sections[index]
    if section.title:
        return section.title
    return f"{outline.organisation}{outline.doc_type}" if outline.organisation else outline.title


def section_request(outline: ReportOutline, index: int) -> str:
    section = outline.sections[index]
    topic = section_topic(outline, index).replace("“", "").replace("”", "")
    return f"起草{outline.title}中“{section.role}”部分关于“{topic}”的一段，约{section.budget}字"


def section_options(
    outline: ReportOutline,
    index: int,
    *,
    facts: Sequence[str] = (),
    fixed_phrases: Sequence[str] = (),
    filters: SearchFilters = SearchFilters(),
) -> DraftOptions:
    section = outline.sections[index]
    return DraftOptions(
        section_type=section.role, length=section.budget, facts=tuple(facts), fixed_phrases=tuple(fixed_phrases),
        filters=filters,
    )
