"""Soft preferences a search can carry: a bonus added to the fused score of the passages that suit what
the question asks (its year, a figure), with the reason kept so a writer can see why a hit is first.

The searcher only applies what it is given: what a question means is worked out by its caller
(app/search), which knows Chinese numerals, planning periods and what counts as a figure. A preference
never removes a passage: hard limits are `SearchFilters`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from vectorstore.search_filters import SearchFilters


@dataclass(frozen=True)
class Bonus:
    """What one preference added to a passage's score. `spans` are (start, end) offsets in the passage
    of what matched (a figure, a year), for highlighting."""

    name: str  # the preference: "year", "figure"
    value: float
    reason: str  # for a writer: "2016年的报告", "数字：1.2万亿斤"
    spans: tuple[tuple[int, int], ...] = field(default=())


class Preference(Protocol):
    """A bonus for passages that suit the question."""

    @property
    def most(self) -> float:
        """The largest bonus it gives: a passage that could not reach the top even with it is not read
        for it (reading passages for years and figures is the costly part of such a search)."""
        ...

    @property
    def pool_filters(self) -> Sequence[SearchFilters]:
        """Rows searched beside the whole library so the preferred passages are among the candidates:
        a year the question names may hold none of the 50 best matches of a library of many years."""
        ...

    def bonus(self, text: str, metadata: Mapping[str, Any]) -> Bonus | None:
        """The bonus for one candidate passage, None when it does not suit."""
        ...
