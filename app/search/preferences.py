"""The bonuses a writer's question earns a passage (vectorstore.search_preferences.Preference): the years
it names and the figure it asks for. They reorder, never filter: a writer may want another year's wording."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.search.figure_questions import stated_figures
from app.search.time_expressions import TimeMention, YearSpan, find_time_mentions
from ingest.chunk import known_year
from vectorstore.search_filters import SearchFilters
from vectorstore.search_preferences import Bonus

# Documents given early in a year that look back on the one before: in a 2017 政府工作报告 "过去一年" is
# 2016. In a 工作总结, written at the year's end, "一年来" is its own year, which its date already says.
LOOKING_BACK = frozenset({"政府工作报告", "讲话稿"})

# Heading paths recur across a document's passages and passages across searches.
_time_mentions = functools.lru_cache(maxsize=16384)(find_time_mentions)


@dataclass(frozen=True)
class YearPreference:
    """Passages of the years the question names come first.

    A passage suits when its document is of such a year, or when its heading path or text speaks of
    one: a 政府工作报告 of 2017 reviews 2016 under "2016年工作回顾" or "过去一年" (time in a passage is
    read against its document's year). Relative times (今年, 去年, 近三年) count from `reference_years`:
    per document type, the newest year of that type in the library, or one year the caller gave
    (the key None, which also serves types the library does not hold).
    """

    mentions: tuple[TimeMention, ...]
    reference_years: Mapping[str | None, int]
    weight: float

    @property
    def most(self) -> float:
        return self.weight

    def spans(self, doc_type: str | None) -> list[YearSpan]:
        reference = self.reference_years.get(doc_type, self.reference_years.get(None))
        if reference is None:  # a library without a dated document and no year given
            return [m.years(0) for m in self.mentions if not m.is_relative]
        return [m.years(reference) for m in self.mentions]

    @property
    def pool_filters(self) -> Sequence[SearchFilters]:
        """The rows of each span and the year after it (its reports review the span's last year); for a
        relative time, of each type of document, as 去年 differs by type."""
        filters = {
            SearchFilters(year_min=span.first, year_max=span.last + 1, doc_types=(doc_type,) if doc_type else ())
            for doc_type in self._doc_types()
            for span in self.spans(doc_type)
        }
        return sorted(filters, key=repr)

    def _doc_types(self) -> list[str | None]:
        if not any(m.is_relative for m in self.mentions):
            return [None]
        return [doc_type for doc_type in self.reference_years if doc_type is not None] or [None]

    def bonus(self, text: str, metadata: Mapping[str, Any]) -> Bonus | None:
        year = known_year(metadata.get("year"))
        if year is None:
            return None
        doc_type = str(metadata.get("doc_type") or "") or None
        wanted = self.spans(doc_type)
        looks_back = doc_type in LOOKING_BACK

        def spoken_of(spoken: str) -> list[tuple[TimeMention, bool]]:
            """The times `spoken` names, each with whether it is one the question asks for."""
            return [
                (m, any(m.years(year).overlaps(span) for span in wanted))
                for m in _time_mentions(spoken)
                if m.names_a_year or looks_back
            ]

        # A heading that names its years says what the passage is about, whatever the document's date:
        # the 2015 report's "一、2014年工作回顾" is 2014's record, not 2015's.
        heading = spoken_of(str(metadata.get("heading_path") or ""))
        if heading:
            matched = next((m for m, asked in heading if asked), None)
            return None if matched is None else Bonus("year", self.weight, f"标题说到{matched.text}（{year}年的文档）")
        if any(year in span for span in wanted):
            return Bonus("year", self.weight, f"{year}年的{doc_type or '文档'}")
        matched = next((m for m, asked in spoken_of(text) if asked), None)
        if matched is None:
            return None
        return Bonus("year", self.weight, f"正文说到{matched.text}（{year}年的文档）", ((matched.start, matched.end),))


@dataclass(frozen=True)
class FigurePreference:
    """A question asking 多少 prefers the passages whose sentence about its terms states a figure; the
    bonus grows with the share of the question's terms in that sentence."""

    terms: tuple[str, ...]
    weight: float

    @property
    def most(self) -> float:
        return self.weight

    @property
    def pool_filters(self) -> Sequence[SearchFilters]:
        return ()

    def bonus(self, text: str, metadata: Mapping[str, Any]) -> Bonus | None:
        found = stated_figures(text, self.terms)
        if found is None:
            return None
        shown = "、".join(found.figures[:3])
        return Bonus("figure", self.weight * found.coverage, f"数字：{shown}", found.spans)
