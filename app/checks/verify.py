"""All checks of a draft in one pass, and their findings as the writer reads them.

`verify_draft` checks citations, figures and names against the draft's passages and the writer's own
texts (facts, request), then flags colloquial words and long verbatim copies. It returns one `Checks`
value; `Checks.findings()` is what the CLI, the web page and the chat's one-line summary all render.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from app.checks.citations import (
    AttributedCitation,
    ParagraphCitations,
    RemovedCitation,
    attribute_paragraph,
    check_paragraph,
)
from app.checks.copying import CopiedSpan, find_copied_spans
from app.checks.foreign_names import (
    ForeignName,
    blank_foreign_names,
    find_foreign_names,
)
from app.checks.numbers import UnsupportedNumber, allowed_values, blank_unsupported
from app.checks.register import ColloquialMarker, find_colloquial

# A paragraph the model left uncited gets the marker of the passage sharing at least this share of its
# content bigrams: above the sentence-level threshold, as a whole paragraph shares more by chance.
ATTRIBUTION_MIN_OVERLAP = 0.2


class Source(Protocol):
    """What the checks read of a passage (app.drafting.passages.Passage has it)."""

    n: int
    text: str
    region: str


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
    unsupported_numbers: list[UnsupportedNumber]
    removed_citations: list[RemovedCitation]
    attributed_citations: list[AttributedCitation]  # markers the pipeline added to uncited paragraphs
    paragraph_citations: list[ParagraphCitations]
    foreign_names: list[ForeignName]
    colloquial: list[ColloquialMarker]
    copied_spans: list[CopiedSpan]
    paragraphs_with_valid_citation: float  # share of the draft's paragraphs with at least one valid [n]
    paragraphs_with_model_citation: float  # share whose valid [n] the model wrote (not attributed after)

    def findings(self) -> list[Finding]:
        return [
            Finding("无出处的数字，已替换为××（请核实后填写）",
                    tuple(f"{n.text}（{n.context}）" for n in self.unsupported_numbers), "{n} 处无出处数字已替换为××"),
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
    attribution_min_overlap: float = ATTRIBUTION_MIN_OVERLAP,
) -> Checks:
    """Check a draft against its passages and the writer's own texts. With `apply`, the returned draft
    has invalid citations removed, uncited paragraphs attributed to the passage they draw on (when one
    supports them enough), and unsupported figures and foreign names blanked; without, the findings are
    listed and the draft is left as is."""
    texts = {p.n: p.text for p in passages}
    paragraphs = [p for p in draft.split("\n\n") if p.strip()]
    cited, statuses, removed, attributed = _check_citations(paragraphs, texts, attribution_min_overlap)
    cited_anywhere = sorted({n for s in statuses for n in s.valid})
    blanked, unsupported = _blank_numbers(cited, statuses, texts, own_texts, cited_anywhere)

    final = "\n\n".join(blanked if apply else paragraphs)
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
        cited=tuple(cited_anywhere),
        unsupported_numbers=unsupported,
        removed_citations=removed,
        attributed_citations=attributed,
        paragraph_citations=statuses,
        foreign_names=names,
        colloquial=find_colloquial(final),
        copied_spans=find_copied_spans(final, texts),
        paragraphs_with_valid_citation=share(sum(s.has_valid_citation for s in statuses)),
        paragraphs_with_model_citation=share(sum(s.has_valid_citation and not s.attributed for s in statuses)),
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


def _blank_numbers(
    paragraphs: Sequence[str],
    statuses: Sequence[ParagraphCitations],
    texts: dict[int, str],
    own_texts: Sequence[str],
    cited_anywhere: Sequence[int],
) -> tuple[list[str], list[UnsupportedNumber]]:
    blanked: list[str] = []
    unsupported: list[UnsupportedNumber] = []
    for i, paragraph in enumerate(paragraphs):
        # A paragraph's figures must come from what it cites; one whose markers were all invalid may
        # still draw on a passage the draft cites elsewhere.
        scope = statuses[i].valid or cited_anywhere
        allowed = allowed_values([*own_texts, *(texts[n] for n in scope)])
        text, found = blank_unsupported(paragraph, allowed, paragraph_index=i)
        blanked.append(text)
        unsupported += found
    return blanked, unsupported
