"""What a drafting run reports as it goes: the passages found, the outline, each token, the result."""

from __future__ import annotations

from dataclasses import dataclass

from app.drafting.outline import OutlinePoint
from app.drafting.passages import Passage
from app.drafting.result import DraftResult


@dataclass(frozen=True)
class Retrieved:
    query: str
    passages: list[Passage]


@dataclass(frozen=True)
class Outline:
    points: list[OutlinePoint]
    from_model: bool  # False: the model's outline was unusable and the points come from the passages


@dataclass(frozen=True)
class Token:
    text: str


@dataclass(frozen=True)
class Verified:
    result: DraftResult


DraftEvent = Retrieved | Outline | Token | Verified
