"""All checks of a draft in one pass, and their findings as the writer reads them.

`verify_draft` is the final gate: it removes what is not part of the draft (app.checks.artefacts) and
keeps the 一是/二是 count in order, checks citations against the passages, blanks every figure that is
not the writer's (facts, request) and the names of other organisations, lists each blank with what the
earlier reports said there, and flags colloquial words and verbatim copies. It returns one `Checks`
value; `Checks.findings()` is what the CLI, the web page and the chat's one-line summary all render.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from app.checks.artefacts import Artefact, find_artefacts, remove_artefacts
from app.checks.blanks import Blank, find_blanks
from app.checks.citations import (
    AttributedCitation,
    ParagraphCitations,
    RemovedCitation,
    attribute_paragraph,
    check_paragraph,
)
from app.checks.copying import CopiedSpan, find_copied_spans, pasted_share
from app.checks.enumeration import (
    EnumerationFix,
    enumeration_problems,
    repair_enumeration,
)
from app.checks.foreign_names import (
    ForeignName,
    blank_foreign_names,
    find_foreign_names,
)
from app.checks.numbers import (
    FIXED_PHRASES,
    UnsupportedNumber,
    allowed_values,
    blank_unsupported,
)
from app.checks.register import ColloquialMarker, find_colloquial
from app.checks.topic import OffTopicParagraph

# A paragraph the model left uncited gets the marker of the passage sharing at least this share of its
# content bigrams: above the sentence-level threshold, as a whole paragraph shares more by chance.
ATTRIBUTION_MIN_OVERLAP = 0.2


class Source(Protocol):
    """What the checks read of a passage (app.drafting.passages.Passage has it)."""

    n: int
    text: str
    region: str
    title: str
    year: int | None


@dataclass(frozen=True)
class Removed:
    """What was taken out of the model's text on the way to the draft: listed for the writer, never shown
    as draft. The drafting stages fill in repeats and off-topic paragraphs; the final gate adds the
    artefacts and enumeration fixes it makes."""

    repeats: tuple[str, ...] = ()
    off_topic: tuple[OffTopicParagraph, ...] = ()
    artefacts: tuple[Artefact, ...] = ()
    enumeration_fixes: tuple[EnumerationFix, ...] = ()


@dataclass(frozen=True)
class Finding:
    """One kind of finding: a title, the items found, and how the one-line summary counts them
    (`summary_form` with {n}; None for information that needs no action)."""

    title: str
    items: tuple[str, ...]
    summary_form: str | None

    @property
    def kind(self) -> str:
        """"warn" (the writer should look), "ok" (nothing found) or "info"."""
        if self.summary_form is None:
            return "info"
        return "warn" if self.items else "ok"

    @property
    def summary(self) -> str:
        return (self.summary_form or "{n}").format(n=len(self.items))


@dataclass(frozen=True)
class Checks:
    draft: str  # the checked draft: with the findings applied, or as written when `applied` is False
    applied: bool
    cited: tuple[int, ...]  # the passages the draft validly cites, ascending
    removed: Removed
    artefacts: list[Artefact]  # what is still in `draft` and is not draft (none once applied)
    enumeration_problems: list[EnumerationFix]  # leads out of order still in `draft` (none once applied)
    unsupported_numbers: list[UnsupportedNumber]  # figures not the writer's: blanked to ×× when applied
    blanks: list[Blank]  # every ×× of `draft`, with what the earlier reports said there
    removed_citations: list[RemovedCitation]
    attributed_citations: list[AttributedCitation]  # markers the pipeline added to uncited paragraphs
    paragraph_citations: list[ParagraphCitations]
    foreign_names: list[ForeignName]
    colloquial: list[ColloquialMarker]
    copied_spans: list[CopiedSpan]
    paragraphs_with_valid_citation: float  # share of the draft's paragraphs with at least one valid [n]
    paragraphs_with_model_citation: float  # share whose valid [n] the model wrote (not attributed after)
    pasted_share: float  # share of the draft's characters in stretches copied verbatim from a passage

    def findings(self) -> list[Finding]:
        removed = self.removed
        return [
            Finding("待填写的数字（××：请填入今年的数字，括号内是往年材料的写法）",
                    tuple(str(b) for b in self.blanks), "{n} 处××待填写"),
            Finding("不是写作者给出的数字（已替换为××）",
                    tuple(f"{n.text}（{n.context}）" for n in self.unsupported_numbers), None),
            Finding("非正文内容（请删除）", tuple(str(a) for a in self.artefacts), "{n} 处非正文内容"),
            Finding("序号不连贯（请调整）", tuple(f.lead for f in self.enumeration_problems), "{n} 处序号不连贯"),
            Finding("已删除的非正文内容", tuple(str(a) for a in removed.artefacts), None),
            Finding("已删除的偏题段落", tuple(p.text[:30] + "…" for p in removed.off_topic), None),
            Finding("已调整的序号", tuple(f"{f.lead}→{f.replaced_by or '（删去）'}" for f in removed.enumeration_fixes), None),
            Finding("已删除的无效引用", tuple(
                f"[{c.n}]（第{c.paragraph + 1}段，{'无此材料' if c.reason == 'no such passage' else '与材料无关'}）"
                for c in self.removed_citations), "删除 {n} 处无效引用"),
            Finding("按内容补注的引用", tuple(f"[{c.n}]（第{c.paragraph + 1}段）" for c in self.attributed_citations), None),
            Finding("其他单位的名称（已替换或请修改）", tuple(f.name for f in self.foreign_names), "{n} 处他单位名称"),
            Finding("口语化表达（请修改）", tuple(c.marker for c in self.colloquial), "{n} 处口语化表达"),
            Finding("与材料原文雷同的长句（请改写）", tuple(c.text[:30] + "…" for c in self.copied_spans), "{n} 处与原文雷同"),
        ]

    def summary(self) -> str:
        """One line: what needs the writer's attention, or that nothing does."""
        found = [f.summary for f in self.findings() if f.kind == "warn"]
        return "核验：" + ("；".join(found) if found else "未发现问题")


def verify_draft(
    draft: str,
    *,
    passages: Sequence[Source],
    own_texts: Sequence[str],
    apply: bool = True,
    removed: Removed = Removed(),
    fixed_phrases: Sequence[str] = FIXED_PHRASES,
    attribution_min_overlap: float = ATTRIBUTION_MIN_OVERLAP,
) -> Checks:
    """Check a draft against its passages and the writer's own texts (facts, request: the only texts
    figures may come from). With `apply`, the returned draft has what is not draft removed, its
    enumeration in order, invalid citations removed, uncited paragraphs attributed to the passage they
    draw on (when one supports them enough), and figures not the writer's and foreign names blanked;
    without, the findings are listed and the draft is left as is. `removed`: what earlier stages took out."""
    if apply:
        draft, artefacts = remove_artefacts(draft)
        draft, fixes = repair_enumeration(draft)
        removed = dataclasses.replace(
            removed, artefacts=(*removed.artefacts, *artefacts), enumeration_fixes=(*removed.enumeration_fixes, *fixes)
        )
    texts = {p.n: p.text for p in passages}
    paragraphs = [p.strip() for p in draft.split("\n\n") if p.strip()]
    cited, statuses, dropped, attributed = _check_citations(paragraphs, texts, attribution_min_overlap)
    allowed = allowed_values(own_texts)
    blanked, unsupported = [], []
    for i, paragraph in enumerate(cited):
        text, found = blank_unsupported(paragraph, allowed, paragraph_index=i, fixed_phrases=fixed_phrases)
        blanked.append(text)
        unsupported += found

    final = "\n\n".join(p.strip() for p in (blanked if apply else paragraphs))  # a leading "[1] " removed leaves a space
    blanks = find_blanks(final, passages, fixed_phrases=fixed_phrases)  # before names are blanked: figures only
    names = find_foreign_names(
        final, passages=[p.text for p in passages], passage_regions=[p.region for p in passages], own_texts=own_texts
    )
    if apply:
        final = blank_foreign_names(final, names)

    def share(count: int) -> float:
        return round(count / len(statuses), 3) if statuses else 0.0

    return Checks(
        draft=final,
        applied=apply,
        cited=tuple(sorted({n for s in statuses for n in s.valid})),
        removed=removed,
        artefacts=find_artefacts(final),
        enumeration_problems=enumeration_problems(final),
        unsupported_numbers=unsupported,
        blanks=blanks,
        removed_citations=dropped,
        attributed_citations=attributed,
        paragraph_citations=statuses,
        foreign_names=names,
        colloquial=find_colloquial(final),
        copied_spans=find_copied_spans(final, texts),
        paragraphs_with_valid_citation=share(sum(s.has_valid_citation for s in statuses)),
        paragraphs_with_model_citation=share(sum(s.has_valid_citation and not s.attributed for s in statuses)),
        pasted_share=round(pasted_share(final, [p.text for p in passages]), 3),
    )


def _check_citations(
    paragraphs: Sequence[str], texts: dict[int, str], min_overlap: float
) -> tuple[list[str], list[ParagraphCitations], list[RemovedCitation], list[AttributedCitation]]:
    """Each paragraph's markers checked, and markers attributed to a paragraph left without a valid one."""
    checked: list[str] = []
    statuses: list[ParagraphCitations] = []
    removed: list[RemovedCitation] = []
    attributed: list[AttributedCitation] = []
    for i, paragraph in enumerate(paragraphs):
        text, status, dropped = check_paragraph(paragraph, texts, paragraph_index=i)
        if not status.valid:
            text, added = attribute_paragraph(text, texts, paragraph_index=i, min_overlap=min_overlap)
            if added:
                attributed += added
                markers = tuple(a.n for a in added)
                status = dataclasses.replace(status, valid=markers, attributed=markers)
        checked.append(text)
        statuses.append(status)
        removed += dropped
    return checked, statuses, removed, attributed
