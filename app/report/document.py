"""A whole document in the making: its outline, the writer's facts, and each drafted section with the
passages it was drafted from and its checks.

Checks are never stored: they are computed from the text, the passages and the facts (no model call),
so a draft reopened another day shows what the checks say now, with the facts given since.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.checks.numbers import FIXED_PHRASES
from app.checks.verify import Checks, verify_draft
from app.drafting.passages import Passage
from app.report.outline import ReportOutline, outline_from_dict


@dataclass(frozen=True)
class SectionDraft:
    text: str
    request: str  # the section request it was drafted from (its figures are the writer's too)
    passages: tuple[Passage, ...]
    checks: Checks

    @property
    def chars(self) -> int:
        return len("".join(self.text.split()))


def section_checks(
    text: str, passages: Sequence[Passage], *, own_texts: Sequence[str], fixed_phrases: Sequence[str] = FIXED_PHRASES
) -> Checks:
    """The checks of a section's text as it stands, listed without changing it."""
    return verify_draft(text, passages=passages, own_texts=own_texts, apply=False, fixed_phrases=fixed_phrases)


@dataclass(frozen=True)
class ReportDraft:
    request: str  # what the writer asked for
    outline: ReportOutline
    facts: tuple[str, ...] = ()
    sections: Mapping[int, SectionDraft] = field(default_factory=dict)  # by index into outline.sections
    draft_id: str = ""
    created: float = field(default_factory=time.time)

    def own_texts(self, index: int) -> list[str]:
        """The texts figures of section `index` may come from: the facts and the requests."""
        section = self.sections.get(index)
        return [*self.facts, self.request, *((section.request,) if section else ())]

    def with_section(self, index: int, section: SectionDraft) -> ReportDraft:
        return dataclasses.replace(self, sections={**self.sections, index: section})

    def rechecked(self, *, fixed_phrases: Sequence[str] = FIXED_PHRASES) -> ReportDraft:
        """Every section's checks computed again (after facts changed)."""
        sections = {
            i: dataclasses.replace(s, checks=section_checks(s.text, s.passages, own_texts=self.own_texts(i), fixed_phrases=fixed_phrases))
            for i, s in self.sections.items()
        }
        return dataclasses.replace(self, sections=sections)

    def text(self) -> str:
        """The whole document as plain text: title, headings and sections in outline order."""
        lines = [self.outline.title]
        for i, heading in enumerate(self.outline.headings()):
            if heading:
                lines.append(heading)
            if i in self.sections:
                lines.append(self.sections[i].text)
        return "\n\n".join(lines)

    @property
    def chars(self) -> int:
        return sum(s.chars for s in self.sections.values())

    def as_dict(self) -> dict[str, Any]:
        """What is saved: no checks (recomputed on opening)."""
        return {
            "draft_id": self.draft_id, "request": self.request, "created": self.created, "facts": list(self.facts),
            "outline": self.outline.as_dict(),
            "sections": [
                {"index": i, "text": s.text, "request": s.request, "passages": [dataclasses.asdict(p) for p in s.passages]}
                for i, s in sorted(self.sections.items())
            ],
        }


def report_from_dict(data: Mapping[str, Any], *, fixed_phrases: Sequence[str] = FIXED_PHRASES) -> ReportDraft:
    """A saved draft; raises KeyError, TypeError or ValueError (OutlineError) on a damaged one."""
    outline = outline_from_dict(data["outline"])
    report = ReportDraft(
        request=str(data["request"]), outline=outline, facts=tuple(str(f) for f in data.get("facts", ())),
        draft_id=str(data.get("draft_id", "")), created=float(data.get("created", time.time())),
    )
    sections = {}
    for raw in data.get("sections", ()):
        index = int(raw["index"])
        if not 0 <= index < len(outline.sections):
            raise ValueError(f"section index {index} is outside the outline's {len(outline.sections)} sections")
        passages = tuple(Passage(**p) for p in raw["passages"])
        sections[index] = SectionDraft(str(raw["text"]), str(raw["request"]), passages, checks=None)  # type: ignore[arg-type]
    return dataclasses.replace(report, sections=sections).rechecked(fixed_phrases=fixed_phrases)
