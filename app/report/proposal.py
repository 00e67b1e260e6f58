"""The outline proposed for a request ("起草青川县教育局2024年工作总结，约5000字"), read from the writer's
own past documents of that type.

The template is the library's document of the requested type that is most like the new one: the same
place first, then the latest year before the new one. Its 一、 and （一） headings become the outline (its
1. and （1） items stay inside their （一）), each heading's years moved on by as many years as the new
document is later, and each section's budget is its share of the template's characters applied to the
requested length. With too little length for every （一） to say something, the （一）s fold into their 一、.
A library without a document of the type gets the genre's usual structure (GENRE_STRUCTURES).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from app.checks.topic import Relevance
from app.drafting.plan import plan_draft
from app.drafting.request import InvalidRequest, parse_drafting_request
from app.drafting.retrieve import NoPassagesError, SearchFn, retrieve_passages
from app.drafting.tuning import DraftTuning
from app.report.outline import (
    OutlineSection,
    ReportOutline,
    bare_title,
    role_of_heading,
    validated,
)
from app.report.section_request import section_options, section_request

DEFAULT_LENGTHS = {"工作总结": 3000, "讲话稿": 3000, "汇报材料": 2000, "政府工作报告": 6000}
FALLBACK_LENGTH = 2000
# Below this many characters a （一） has room for about one point: its 一、 is drafted whole instead.
MIN_SUBSECTION_BUDGET = 250
# No section is proposed shorter than this: a sentence or two is no section.
MIN_BUDGET_SHOWN = 150
BUDGET_STEP = 10
MAX_SOURCES_SHOWN = 3

# The usual parts of each genre, for a library that holds no document of the type: (level, title, share).
GENRE_STRUCTURES: dict[str, tuple[tuple[int, str, float], ...]] = {
    "工作总结": ((0, "", 0.06), (1, "基本情况", 0.14), (1, "主要做法及成效", 0.5), (1, "存在问题", 0.1),
             (1, "下一步工作打算", 0.2)),
    "汇报材料": ((0, "", 0.08), (1, "基本情况", 0.17), (1, "主要做法", 0.4), (1, "存在问题", 0.12),
             (1, "下一步打算", 0.23)),
    "讲话稿": ((0, "", 0.08), (1, "充分肯定成绩，准确把握形势", 0.28), (1, "突出工作重点，狠抓任务落实", 0.4),
            (1, "强化组织保障，确保取得实效", 0.18), (0, "", 0.06)),
    "政府工作报告": ((0, "", 0.03), (1, "过去一年工作回顾", 0.4), (1, "今年工作总体要求", 0.12), (1, "今年重点工作", 0.45)),
}

_ORGANISATION = re.compile(r"(教育和体育局|教育体育局|教体局|教育局|人民政府|政府|[\u4e00-\u9fff]{2,4}局|委员会)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


class ShelfDocument(Protocol):
    """What the proposal reads of a library document (vectorstore.chunk_catalog.DocumentInfo has it)."""

    doc_id: str
    title: str
    year: int
    region: str
    doc_type: str


class Chunk(Protocol):
    page_content: str
    metadata: dict[str, Any]


class Shelf(Protocol):
    """The library's documents and their chunks in order (vectorstore.library.Library has both)."""

    def documents(self) -> Sequence[ShelfDocument]: ...

    def chunks_of(self, doc_id: str) -> Sequence[Chunk]: ...


@dataclass(frozen=True)
class ReportRequest:
    title: str
    doc_type: str
    year: int | None
    region: str | None
    organisation: str
    length: int


def read_report_request(request: str, *, length: int | None = None) -> ReportRequest:
    """The document asked for; raises InvalidRequest when the request names no document type."""
    parsed = parse_drafting_request(request)
    if parsed.doc_type is None:
        raise InvalidRequest(
            f"请求“{request.strip()[:40]}”没有写明文种：请写明工作总结、讲话稿、汇报材料或政府工作报告，例如“起草青川县教育局2024年工作总结，约5000字”"
        )
    organisation = ""
    if parsed.region and (m := re.match(_ORGANISATION, request.split(parsed.region, 1)[1] if parsed.region in request else "")):
        organisation = parsed.region + m.group(1)
    owner = organisation or parsed.region or ""
    year = f"{parsed.year}年" if parsed.year else ""
    target = length or parsed.length or DEFAULT_LENGTHS.get(parsed.doc_type, FALLBACK_LENGTH)
    if target <= 0:
        raise InvalidRequest(f"目标字数应为正数，现为 {target}")
    meeting = parsed.query.replace(" ", "")
    if parsed.doc_type == "讲话稿" and meeting.endswith("会议"):
        title = f"在{year}{meeting}上的讲话"  # a speech is titled by its occasion
    else:
        title = f"{owner}{year}{parsed.doc_type}"
    return ReportRequest(title, parsed.doc_type, parsed.year, parsed.region, organisation, target)


def choose_template(asked: ReportRequest, documents: Sequence[ShelfDocument]) -> ShelfDocument | None:
    """The document of the requested type most like the new one: same place, then the latest year before it."""
    same_type = [d for d in documents if d.doc_type == asked.doc_type]
    if not same_type:
        return None

    def rank(document: ShelfDocument) -> tuple[bool, bool, int]:
        same_place = bool(asked.region) and (document.region == asked.region or asked.region in document.title)
        earlier = asked.year is None or not document.year or document.year < asked.year
        return same_place, earlier, document.year or 0

    return max(same_type, key=rank)


@dataclass
class _Part:
    level: int
    title: str
    chars: int


def template_parts(chunks: Sequence[Chunk]) -> list[_Part]:
    """The template's opening, 一、 and （一） parts in order, with the characters under each (deeper
    headings count toward their （一））."""
    parts: list[_Part] = []
    where: dict[tuple[str, ...], _Part] = {}
    for chunk in chunks:
        path = tuple(p.strip() for p in str(chunk.metadata.get("heading_path") or "").split(">") if p.strip())[:2]
        role = str(chunk.metadata.get("section_role") or "")
        key = path or (("结尾",) if role == "结尾" and parts else ())
        for depth in range(1, len(path)):
            if path[:depth] not in where:  # a 一、 seen only through its （一）
                where[path[:depth]] = _Part(1, path[depth - 1], 0)
                parts.append(where[path[:depth]])
        if key not in where:
            where[key] = _Part(len(path), path[-1] if path else "", 0)
            parts.append(where[key])
        where[key].chars += len(chunk.page_content)
    return parts


def _shift_years(title: str, years: int) -> str:
    return _YEAR.sub(lambda m: str(int(m.group(1)) + years), title) if years else title


def _children(parts: Sequence[_Part], parent: int) -> list[_Part]:
    children = []
    for part in parts[parent + 1 :]:
        if part.level != 2:
            break
        children.append(part)
    return children


def _parents(parts: Sequence[_Part]) -> list[int]:
    return [i for i, p in enumerate(parts) if p.level == 1 and i + 1 < len(parts) and parts[i + 1].level == 2]


def _fold_thin_parents(parts: list[_Part], length: int) -> list[_Part]:
    """A 一、's lead text counts toward its （一）s; where the （一）s would get less than
    MIN_SUBSECTION_BUDGET each, they fold into their 一、, drafted as one section."""
    parts = [_Part(p.level, p.title, p.chars) for p in parts]
    total = sum(p.chars for p in parts) or 1
    thin: set[int] = set()
    for i in _parents(parts):
        children = _children(parts, i)
        if length * sum(c.chars for c in children) / total / len(children) < MIN_SUBSECTION_BUDGET:
            thin.add(i)
            parts[i].chars += sum(c.chars for c in children)
        else:
            for child in children:
                child.chars += parts[i].chars // len(children)
            parts[i].chars = 0
    folded: list[_Part] = []
    for i, part in enumerate(parts):
        parent = next((j for j in range(i - 1, -1, -1) if parts[j].level == 1), None) if part.level == 2 else None
        if parent not in thin:
            folded.append(part)
    return folded


def _budgets(shares: Sequence[float], length: int) -> list[int]:
    """Budgets proportional to `shares` (0: no text of its own), in steps of BUDGET_STEP, each at least
    MIN_BUDGET_SHOWN (taken from the largest), summing to `length`."""
    total = sum(shares) or 1.0
    budgets = [max(MIN_BUDGET_SHOWN, round(length * s / total / BUDGET_STEP) * BUDGET_STEP) if s > 0 else 0
               for s in shares]
    if any(budgets):
        largest = max(range(len(budgets)), key=budgets.__getitem__)
        budgets[largest] += length - sum(budgets)
    return budgets


def outline_from_parts(asked: ReportRequest, parts: list[_Part], *, years_later: int) -> ReportOutline:
    parts = _fold_thin_parents(parts, asked.length)
    budgets = _budgets([float(p.chars) for p in parts], asked.length)
    sections: list[OutlineSection] = []
    parent_role: str | None = None
    for i, (part, budget) in enumerate(zip(parts, budgets)):
        title = _shift_years(bare_title(part.title), years_later)
        if part.level == 0:
            role = "开头" if i == 0 else "结尾"
        else:
            role = role_of_heading(title, doc_type=asked.doc_type, parent_role=parent_role if part.level == 2 else None)
            if part.level == 1:
                parent_role = role
        sections.append(OutlineSection(title=title, level=part.level, role=role, budget=budget))
    return validated(ReportOutline(asked.title, asked.doc_type, asked.year, asked.organisation, tuple(sections)))


def propose_outline(request: str, shelf: Shelf, *, length: int | None = None) -> tuple[ReportOutline, str | None]:
    """The proposed outline and the title of the document it follows (None: the genre's usual structure)."""
    asked = read_report_request(request, length=length)
    template = choose_template(asked, shelf.documents())
    if template is not None:
        parts = [p for p in template_parts(shelf.chunks_of(template.doc_id)) if p.chars > 0 or p.level == 1]
        years_later = asked.year - template.year if asked.year and template.year else 0
        if any(p.level for p in parts):
            return outline_from_parts(asked, parts, years_later=years_later), template.title
    usual = GENRE_STRUCTURES.get(asked.doc_type, GENRE_STRUCTURES["工作总结"])
    parts = [_Part(level, title, int(share * 1000)) for level, title, share in usual]
    return outline_from_parts(asked, parts, years_later=0), None


def with_sources(
    outline: ReportOutline, *, search: SearchFn, tuning: DraftTuning = DraftTuning(), relevance: Relevance | None = None
) -> ReportOutline:
    """The outline with, for each drafted section, the earlier passages drafting will start from (as
    "《title》 heading" labels): what the writer checks before confirming."""
    sections = list(outline.sections)
    for i in outline.drafted():
        plan = plan_draft(section_request(outline, i), section_options(outline, i), tuning)
        try:
            passages = retrieve_passages(plan, search, tuning, relevance)
        except NoPassagesError:
            passages = []
        labels = [f"《{p.title}》{p.heading_path or '开头'}" for p in passages]
        sections[i] = replace(sections[i], sources=tuple(dict.fromkeys(labels))[:MAX_SOURCES_SHOWN])
    return replace(outline, sections=tuple(sections))
