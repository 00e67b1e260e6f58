"""A finished draft: the verified text with its checks, and what it was made from."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from app.checks.verify import Checks
from app.drafting.outline import OutlinePoint
from app.drafting.passages import Passage


@dataclass(frozen=True)
class DraftResult:
    checks: Checks  # the checks run on the completed text; `checks.draft` is what the writer gets
    passages: list[Passage]  # the numbered passages the model was shown
    outline: list[OutlinePoint]  # empty for a short section or a revision
    raw_draft: str  # what the model wrote, before cleanup and checks
    timings: dict[str, float]  # retrieve_s, first_token_s, draft_s
    prompt_versions: dict[str, str]

    @property
    def draft(self) -> str:
        return self.checks.draft

    @property
    def verified(self) -> bool:
        """False: the checks were run and listed, but not applied to `draft`."""
        return self.checks.applied

    @property
    def citations(self) -> list[dict[str, Any]]:
        """The passages the draft validly cites, as {n, source, title, year, heading_path, text}."""
        cited = set(self.checks.cited)
        return [p.as_citation() for p in self.passages if p.n in cited]

    def as_dict(self) -> dict[str, Any]:
        return {"draft": self.draft, "verified": self.verified, "citations": self.citations, **dataclasses.asdict(self)}
