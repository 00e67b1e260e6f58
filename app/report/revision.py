"""A chat turn addressed to one part of a drafted document ("第二部分再压缩200字", "开头写得更简洁些",
"（三）补充一是二是"): the part is found from the turn's words, revised like a drafted section, the rest
kept as it is.

A part is named by its number (第二部分, 二、, 第2部分; 二（三） or 第二部分第三点 for a （三）), by the
opening or closing words (开头, 结尾), or by its heading's words ("教师队伍那部分"). A 一、 whose
（一）s carry the text is revised through them, the length asked shared in proportion to theirs.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence

from app.checks.numbers import FIXED_PHRASES
from app.checks.numerals import whole_number
from app.checks.text import content_bigrams
from app.checks.topic import Relevance
from app.drafting.events import Token, Verified
from app.drafting.prompts import DraftPrompts
from app.drafting.result import DraftResult
from app.drafting.revision import stream_revision, target_length
from app.drafting.tuning import GenerationSettings
from app.errors import UserError
from app.llm.chat_model import ChatModel
from app.report.document import ReportDraft
from app.report.section_request import section_topic

_NUMERAL = r"[一二三四五六七八九十]+|\d+"
_PART = re.compile(
    rf"第\s*({_NUMERAL})\s*(?:部分|节|章|大部分|个部分)|(?:^|[^（(\d一二三四五六七八九十第])({_NUMERAL})(?:、|(?=[（(]))"
)
_SUB = re.compile(rf"[（(]({_NUMERAL})[）)]|第\s*({_NUMERAL})\s*(?:点|小节|小部分|个小标题)")
_OPENING = re.compile(r"开头|开篇|导语|引言|第一段")
_CLOSING = re.compile(r"结尾|结束语|结语")
# A heading is named by its words when the turn shares at least this many of its content bigrams
# (four characters in a row: "安全底线", "教师队伍").
HEADING_MATCH_BIGRAMS = 3


class SectionNotFound(UserError):
    """A revision turn that names no part of the document (or one the document does not have)."""


def _number(text: str) -> int:
    return int(text) if text.isdigit() else whole_number(text)


def _by_number(report: ReportDraft, instruction: str) -> list[int]:
    sections = report.outline.sections
    tops = [i for i, s in enumerate(sections) if s.level == 1]
    part, sub = _PART.search(instruction), _SUB.search(instruction)
    if part is None:
        return []
    n = _number(part.group(1) or part.group(2))
    if not 1 <= n <= len(tops):
        raise SectionNotFound(f"文稿只有 {len(tops)} 个部分，没有第{n}部分")
    top = tops[n - 1]
    children = report.outline.children(top)
    if sub is not None and sub.start() > part.start():
        k = _number(sub.group(1) or sub.group(2))
        if not 1 <= k <= len(children):
            raise SectionNotFound(f"第{n}部分下只有 {len(children)} 个小标题，没有第{k}个")
        return [children[k - 1]]
    return ([top] if sections[top].budget else []) + children


def sections_addressed(report: ReportDraft, instruction: str) -> list[int]:
    """The drafted sections the turn is about, in order; raises SectionNotFound when it names none."""
    outline = report.outline
    found = _by_number(report, instruction)
    if not found and _OPENING.search(instruction) and outline.sections[0].level == 0:
        found = [0]
    if not found and _CLOSING.search(instruction) and outline.sections[-1].level == 0:
        found = [len(outline.sections) - 1]
    if not found:
        words = content_bigrams(instruction)
        scored = [(len(words & content_bigrams(s.title)), i) for i, s in enumerate(outline.sections) if s.title]
        shared, best = max(scored, default=(0, -1))
        if shared >= HEADING_MATCH_BIGRAMS:
            found = [best] if outline.sections[best].budget else report.outline.children(best)
    drafted = [i for i in found if i in report.sections]
    if not drafted:
        raise SectionNotFound(
            f"没有看出“{instruction.strip()[:30]}”要修改哪一部分：请写明“第二部分”“二（三）”“开头”，或小标题中的词"
        )
    return drafted


def _shares(report: ReportDraft, targets: Sequence[int], instruction: str) -> dict[int, int]:
    """Each section's target length: the turn's length for all of them, shared by their current lengths."""
    texts = [report.sections[i].text for i in targets]
    whole = target_length(instruction, "\n\n".join(texts))
    current = [max(1, report.sections[i].chars) for i in targets]
    return {i: max(50, round(whole * c / sum(current))) for i, c in zip(targets, current)}


def stream_section_revision(
    report: ReportDraft,
    instruction: str,
    *,
    llm: ChatModel,
    fixed_phrases: Sequence[str] = FIXED_PHRASES,
    relevance: Relevance | None = None,
    generation: GenerationSettings = GenerationSettings(),
    prompts: DraftPrompts | None = None,
    sections: Sequence[int] | None = None,
) -> Iterator[Token | ReportDraft]:
    """Revise the sections the turn names (or `sections`), streaming tokens; the last item is the
    report with them replaced. Raises SectionNotFound, InvalidRequest, DraftingError."""
    targets = list(sections) if sections is not None else sections_addressed(report, instruction)
    chars = _shares(report, targets, instruction)
    for index in targets:
        section = report.sections[index]
        previous = DraftResult(section.checks, list(section.passages), [], section.text, {}, {})
        result = None
        for event in stream_revision(
            previous, instruction, llm=llm, section_type=report.outline.sections[index].role, facts=report.facts,
            own_texts=[report.request, section.request], fixed_phrases=fixed_phrases, relevance=relevance,
            topic=section_topic(report.outline, index), generation=generation, prompts=prompts, chars=chars[index],
        ):
            if isinstance(event, Verified):
                result = event.result
            else:
                yield event
        assert result is not None
        report = report.with_section(index, dataclasses.replace(section, text=result.draft, checks=result.checks))
    yield report

