"""Every section of a confirmed outline drafted in order, each by the section-drafting engine under its
rules (figures only from the writer, nothing but the draft, on topic, rewritten), streamed as it goes.

Sections share the writer's facts and must not say again what an earlier section said: a sentence that
(nearly) repeats one of an earlier section is removed, and the section checked again.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from app.checks.numbers import with_writer_phrases
from app.checks.topic import Relevance
from app.checks.verify import verify_draft
from app.drafting.cleanup import remove_repeats
from app.drafting.events import Token, Verified
from app.drafting.pipeline import stream_draft
from app.drafting.prompts import DraftPrompts
from app.drafting.request import DraftOptions
from app.drafting.result import DraftResult
from app.drafting.retrieve import NoPassagesError, SearchFn
from app.drafting.tuning import DraftTuning, GenerationSettings
from app.llm.chat_model import ChatModel
from app.report.document import ReportDraft, SectionDraft
from app.report.fact_assignment import assign_facts
from app.report.outline import ReportOutline
from app.report.section_request import section_options, section_request
from vectorstore.search_filters import SearchFilters

ONE_PARAGRAPH_ROLES = ("开头", "结尾")


@dataclass(frozen=True)
class SectionStarted:
    position: int  # 1-based among the sections drafted
    total: int
    index: int  # into outline.sections
    heading: str
    budget: int


@dataclass(frozen=True)
class SectionDrafted:
    position: int
    total: int
    index: int
    section: SectionDraft
    elapsed_s: float  # since the document was started
    repeats_removed: tuple[str, ...]  # sentences an earlier section had said already


@dataclass(frozen=True)
class ReportDrafted:
    report: ReportDraft
    first_section_s: float  # until the first section was drafted
    total_s: float


ReportEvent = SectionStarted | Token | SectionDrafted | ReportDrafted


def section_tuning(outline: ReportOutline, index: int, tuning: DraftTuning) -> DraftTuning:
    """An opening or closing paragraph is written in one call from one earlier opening, never as points
    (outlined, a 370-character opening came back as three paragraphs)."""
    if outline.sections[index].role in ONE_PARAGRAPH_ROLES:
        # Shown three earlier openings, it wrote three near-copies of them, one after another.
        return replace(tuning, outline_from_chars=outline.sections[index].budget + 1, short_passages=1)
    return tuning


def _run_engine(request: str, options: DraftOptions, tuning: DraftTuning, **engine: Any) -> Generator[Token, None, DraftResult]:
    result = None
    for event in stream_draft(request, options=options, tuning=tuning, **engine):
        if isinstance(event, Token):
            yield event
        elif isinstance(event, Verified):
            result = event.result
    assert result is not None  # stream_draft ends with Verified or raises
    return result


def _draft_section(
    request: str, options: DraftOptions, tuning: DraftTuning, *, doc_type: str, **engine: Any
) -> Generator[Token, None, DraftResult]:
    """One section through the section engine: its tokens, then its result. An opening or closing
    draws on the openings (closings) of earlier documents of the type, on any passage where the library
    has none (one drawn from any part wrote about 校园安全 in a 工作总结's opening; one drawn from any
    opening welcomed the guests of a speech)."""
    if options.section_type not in ONE_PARAGRAPH_ROLES:
        return (yield from _run_engine(request, options, tuning, **engine))
    own_part = replace(options, filters=replace(options.filters, section_roles=(options.section_type,), doc_types=(doc_type,)))
    try:
        return (yield from _run_engine(request, own_part, tuning, **engine))
    except NoPassagesError:
        return (yield from _run_engine(request, options, tuning, **engine))


def stream_report(
    report: ReportDraft,
    *,
    search: SearchFn,
    llm: ChatModel,
    only: Sequence[int] | None = None,
    writer_phrases: Sequence[str] = (),
    filters: SearchFilters = SearchFilters(),
    tuning: DraftTuning = DraftTuning(),
    generation: GenerationSettings = GenerationSettings(),
    prompts: DraftPrompts | None = None,
    relevance: Relevance | None = None,
) -> Iterator[ReportEvent]:
    """Draft the outline's sections (or those in `only`) in order, yielding SectionStarted, the tokens,
    SectionDrafted for each, and ReportDrafted last. `writer_phrases`: the writer's fixed phrases with
    numerals, beyond the built-in list. Sections already drafted and not in `only` are kept.
    Raises what stream_draft raises (NoPassagesError, DraftingError) for the section that failed; the
    sections before it are in the SectionDrafted events already yielded."""
    prompts = prompts or DraftPrompts.load()
    fixed_phrases = with_writer_phrases(writer_phrases)
    outline = report.outline
    todo = [i for i in outline.drafted() if only is None or i in only]
    shown_facts = assign_facts(report.facts, outline, relevance)
    headings = outline.headings()
    started = time.monotonic()
    first_section_s = 0.0
    for position, index in enumerate(todo, start=1):
        yield SectionStarted(position, len(todo), index, headings[index] or "（开头）", outline.sections[index].budget)
        request = section_request(outline, index)
        options = section_options(outline, index, facts=shown_facts[index], fixed_phrases=writer_phrases, filters=filters)
        result = yield from _draft_section(
            request, options, section_tuning(outline, index, tuning), doc_type=outline.doc_type, search=search, llm=llm,
            generation=generation, prompts=prompts, relevance=relevance,
        )
        earlier = "\n".join(s.text for i, s in sorted(report.sections.items()) if i != index)
        text, repeats = remove_repeats(result.draft, earlier=earlier)
        own_texts = [*report.facts, report.request, request]
        checks = result.checks
        if repeats and text.strip():  # the enumeration may have lost a point: the final gate runs again
            checks = verify_draft(text, passages=result.passages, own_texts=own_texts, fixed_phrases=fixed_phrases,
                                  removed=replace(result.checks.removed, repeats=(*result.checks.removed.repeats, *repeats)))
        else:
            repeats = []  # a section that would be all repeats keeps its text: the writer sees and revises it
        section = SectionDraft(checks.draft, request, tuple(result.passages), checks)
        report = report.with_section(index, section)
        elapsed = time.monotonic() - started
        first_section_s = first_section_s or elapsed
        yield SectionDrafted(position, len(todo), index, section, elapsed, tuple(repeats))
    yield ReportDrafted(report, first_section_s, time.monotonic() - started)
