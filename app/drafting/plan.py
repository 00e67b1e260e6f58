"""Stage 1, plan: what the writer asked, resolved against the request's own words and the tuning."""

from __future__ import annotations

from dataclasses import dataclass

from app.checks.numbers import with_writer_phrases
from app.drafting.prompts import facts_block
from app.drafting.request import (
    DraftOptions,
    InvalidRequest,
    parse_drafting_request,
    section_type_for,
)
from app.drafting.tuning import DraftTuning
from vectorstore.search_filters import SearchFilters

# Section types whose points read "一是……二是……" in the official register.
ENUMERATED_SECTIONS = ("主要做法及成效", "下一步工作", "讲话要求", "存在问题")
ORDINAL_LEADS = ("一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是")


@dataclass(frozen=True)
class DraftPlan:
    request: str
    query: str  # the topic the retriever looks for
    year: int | None  # the new document's year: its own and earlier reports' passages about it rank first
    section_role: str | None  # the role named in the request: passages of that role come first
    section_type: str  # what the prompts call the section
    length: int  # target characters
    facts: tuple[str, ...]
    fixed_phrases: tuple[str, ...]  # the built-in list and the writer's own
    filters: SearchFilters
    leads: tuple[str, ...]  # 一是/二是… for an enumerated section, else empty
    outlined: bool  # long enough to be outlined and written point by point

    @property
    def facts_text(self) -> str:
        return facts_block(self.facts)

    @property
    def own_texts(self) -> list[str]:
        """The writer's own words: figures and names in them are the writer's to use."""
        return [*self.facts, self.request]


def plan_draft(request: str, options: DraftOptions, tuning: DraftTuning) -> DraftPlan:
    """Raises InvalidRequest on a request that names nothing to look for, or a length that is not positive."""
    parsed = parse_drafting_request(request)
    if not parsed.query:
        raise InvalidRequest(f"the request {request.strip()!r} names no topic to look for")
    section_type = section_type_for(parsed, options)
    length = options.length or parsed.length or tuning.default_length
    if length <= 0:
        raise InvalidRequest(f"target length must be positive, got {length}")
    return DraftPlan(
        request=request,
        query=parsed.query,
        year=parsed.year,
        section_role=parsed.section_role,
        section_type=section_type,
        length=length,
        facts=tuple(f.strip() for f in options.facts if f.strip()),
        fixed_phrases=with_writer_phrases(options.fixed_phrases),
        filters=options.search_filters(),
        leads=ORDINAL_LEADS if section_type in ENUMERATED_SECTIONS else (),
        outlined=length >= tuning.outline_from_chars,
    )
