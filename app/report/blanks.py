"""The blanks of a whole document in one list, and a blank filled by the writer becoming a fact.

Each ×× is listed with its section, its clause and what earlier reports said there. The value the writer
types replaces that ×× and is added to the facts as the clause it completes ("全年新招聘教师85人"), so
the figure is the writer's from then on (revisions keep it, the checks accept it) and is saved with the
draft; every section is then checked again.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.checks.blanks import EarlierFigure, clause_around
from app.checks.numbers import BLANK, FIXED_PHRASES, find_numbers
from app.errors import UserError
from app.report.document import ReportDraft

UNIT_OVERLAP_MAX = 3  # "85人" typed where the text reads "××人": the unit is not written twice


class BlankValueError(UserError, ValueError):
    """A value that cannot fill a blank: empty, or without a figure."""


@dataclass(frozen=True)
class ReportBlank:
    section: int  # index into the outline's sections
    heading: str  # the section's numbered heading, "（开头）" for the opening
    number: int  # which ×× of the section's text, from 0
    clause: str
    earlier: tuple[EarlierFigure, ...]

    @property
    def said_before(self) -> str:
        return "；".join(str(e) for e in self.earlier) or "往年材料中未找到对应数字"

    @property
    def note(self) -> str:
        """What a Word comment on the blank says."""
        return f"待补数字：{self.clause}（往年材料：{self.said_before}）"


def report_blanks(report: ReportDraft) -> list[ReportBlank]:
    """Every ×× of the document in reading order."""
    headings = report.outline.headings()
    blanks = []
    for index in sorted(report.sections):
        for number, blank in enumerate(report.sections[index].checks.blanks):
            blanks.append(ReportBlank(index, headings[index] or "（开头）", number, blank.clause, blank.earlier))
    return blanks


def _blank_starts(text: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(BLANK), text)]


def _clause_at(text: str, start: int, end: int) -> str:
    """The clause around [start, end) within its paragraph: the fact a filled value completes."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    paragraph = text[first : last if last != -1 else len(text)]
    return clause_around(paragraph, start - first, end - first)


def fill_blank(
    report: ReportDraft, blank: ReportBlank, value: str, *, fixed_phrases: Sequence[str] = FIXED_PHRASES
) -> ReportDraft:
    """The report with `blank` filled by `value` and the completed clause added to the facts, every
    section checked again. Raises BlankValueError on a value without a figure, KeyError/IndexError
    when the blank is no longer in the text (the section was redrafted since it was listed)."""
    value = value.strip()
    if not value or not (find_numbers(value, fixed_phrases=()) or re.search(r"\d", value)):
        raise BlankValueError(f"“{value or '（空）'}”不是一个数字：请填写数字，例如 85、96.5%、3.2亿元")
    section = report.sections[blank.section]
    start = _blank_starts(section.text)[blank.number]
    end = start + len(BLANK)
    for n in range(UNIT_OVERLAP_MAX, 0, -1):
        tail = section.text[end : end + n]
        if tail and len(value) > n and value.endswith(tail):
            value = value[:-n]
            break
    text = section.text[:start] + value + section.text[end:]
    fact = _clause_at(text, start, start + len(value))
    filled = report.with_section(blank.section, dataclasses.replace(section, text=text))
    facts = tuple(dict.fromkeys((*report.facts, fact)))
    return dataclasses.replace(filled, facts=facts).rechecked(fixed_phrases=fixed_phrases)
