"""Every `××` in a draft is a figure the writer still has to give. Each blank is listed with its clause and
what the earlier reports said in the same place ("××（青川县教育局2022年工作总结：96人）"), so the writer
knows which figure to look up, and last year's value to compare it with.

A blank is matched to an earlier figure by its clause: the passage clause around a figure that shares
the most content with the draft's clause, with the same unit after the figure (人 with 人, % with %).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from app.checks.numbers import BLANK, FIXED_PHRASES, find_numbers
from app.checks.text import CITATION, support

# A clause shares at least this share of its content bigrams with the passage clause it is matched to.
MIN_CLAUSE_SUPPORT = 0.3
MAX_EARLIER = 2  # earlier figures listed a blank, each from another passage
_CLAUSE_END = "，,。；;！？!?：:"
# What follows a figure: a percent sign, or a multiplier, "余/多" and one measure character ("万余人").
# ("3200人次" is shown whole; units compare on their first measure character.)
_UNIT = re.compile(
    r"\s*(?:(?P<percent>[%％‰])|(?P<multiplier>万亿|亿|万|千)?(?:余|多)?(?P<measure>[\u4e00-\u9fff])?(?:次(?=[，,。；;、\s]|$))?)"
)


class EarlierReport(Protocol):
    """What the listing reads of a passage (app.drafting.passages.Passage has it)."""

    text: str
    title: str
    year: int | None


@dataclass(frozen=True)
class EarlierFigure:
    figure: str  # as the earlier report wrote it, with its unit: "96人", "92.5%"
    title: str
    year: int | None

    def __str__(self) -> str:
        year = f"（{self.year}年）" if self.year and str(self.year) not in self.title else ""
        return f"{self.title}{year}：{self.figure}"


@dataclass(frozen=True)
class Blank:
    paragraph: int
    clause: str  # the draft's clause around the blank
    earlier: tuple[EarlierFigure, ...]

    def __str__(self) -> str:
        said = "；".join(str(e) for e in self.earlier) or "往年材料中未找到对应数字"
        return f"{self.clause}（{said}）"


def clause_around(text: str, start: int, end: int) -> str:
    """The clause of `text` around [start, end), without citation markers."""
    left = max((text.rfind(ch, 0, start) for ch in _CLAUSE_END), default=-1)
    rights = [i for ch in _CLAUSE_END if (i := text.find(ch, end)) != -1]
    return CITATION.sub("", text[left + 1 : min(rights) if rights else len(text)]).strip()


def _unit_after(text: str, end: int) -> tuple[str, int]:
    """The unit after a figure ending at `end`, for comparing ("%", "万人"), and where it ends."""
    m = _UNIT.match(text, end)
    assert m is not None  # every part is optional: the pattern always matches
    if m.group("percent"):
        return "%", m.end()
    return (m.group("multiplier") or "") + (m.group("measure") or ""), m.end()


@dataclass(frozen=True)
class _PassageFigure:
    """A figure of a passage with what a blank is matched on: its unit and the clause it stands in."""

    unit: str
    clause: str
    figure: EarlierFigure


def _passage_figures(passage: EarlierReport, fixed_phrases: Sequence[str]) -> list[_PassageFigure]:
    figures = []
    for mention in find_numbers(passage.text, fixed_phrases=fixed_phrases):
        unit, unit_end = _unit_after(passage.text, mention.end)
        figures.append(_PassageFigure(
            unit,
            clause_around(passage.text, mention.start, mention.end),
            EarlierFigure(passage.text[mention.start : unit_end].strip(), passage.title, passage.year),
        ))
    return figures


def _earlier_figures(clause: str, unit: str, by_passage: Sequence[list[_PassageFigure]]) -> tuple[EarlierFigure, ...]:
    """The figures of the passages said in the clause most like `clause`, with the same unit, best first:
    at most one a passage and MAX_EARLIER in all."""
    scored: list[tuple[float, int, EarlierFigure]] = []
    for i, figures in enumerate(by_passage):
        best: tuple[float, EarlierFigure] | None = None
        for candidate in figures:
            if candidate.unit != unit:
                continue
            score = support(clause, candidate.clause)
            if score >= MIN_CLAUSE_SUPPORT and (best is None or score > best[0]):
                best = (score, candidate.figure)
        if best is not None:
            scored.append((best[0], i, best[1]))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return tuple(figure for _, _, figure in scored[:MAX_EARLIER])


def find_blanks(
    draft: str, passages: Sequence[EarlierReport], *, fixed_phrases: Sequence[str] = FIXED_PHRASES
) -> list[Blank]:
    """Every `××` of the draft, paragraph by paragraph, with what the earlier reports said there."""
    blanks: list[Blank] = []
    by_passage = [_passage_figures(passage, fixed_phrases) for passage in passages] if BLANK in draft else []
    paragraphs = [p for p in draft.split("\n\n") if p.strip()]
    for index, paragraph in enumerate(paragraphs):
        for m in re.finditer(re.escape(BLANK), paragraph):
            clause = clause_around(paragraph, m.start(), m.end())
            unit, _ = _unit_after(paragraph, m.end())
            content = clause.replace(BLANK, "")
            blanks.append(Blank(index, clause, _earlier_figures(content, unit, by_passage)))
    return blanks
