"""A writer's question read for search: the times it names, the figure it asks for, its everyday words.
The plan says what the hybrid search gets (the keyword query, the preferences) and explains it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.search.everyday_terms import EverydayTerms, TermMatch
from app.search.figure_questions import figure_cue
from app.search.preferences import FigurePreference, YearPreference
from app.search.time_expressions import TimeMention, find_time_mentions
from vectorstore.chinese_tokens import ChineseTokenizer
from vectorstore.hybrid_search import SearchHit
from vectorstore.search_preferences import Preference

# Bonuses on the fused score (0..1), chosen on the tuning half of bench/data/writer_questions.json
# (bench/retrieval_quality.py): hit@5 0.73 at 0.25, 0.80 at 0.5, 0.83 at 0.7 and 1.0. Reports of fifty
# years share their wording, so the year a writer names decides more than a slightly better match; a
# passage of that year that matches nothing still ranks below one that does.
YEAR_WEIGHT = 0.7
# hit@5 0.73 without, 0.77-0.83 at 0.1-0.15, no gain above.
FIGURE_WEIGHT = 0.15
# The official terms of everyday words count for this much of a word the writer typed, on the keyword
# side: 孩子 → 学生, 少年儿童 is a looser match than 孩子 itself (tuning half: 0.25 as good as 0, 0.5 worse).
EVERYDAY_WEIGHT = 0.25

# Words that only make a sentence a question; searched for, they match nothing useful.
_QUESTION_WORDS = re.compile(r"多少|是什么|有哪些|哪些|怎么样|怎么办|怎么|如何|什么|定了|了吗|吗|呢|[？?]")


@dataclass(frozen=True)
class SearchPlan:
    question: str
    keyword_query: str  # what BM25 searches: the question without its question words and times
    added_terms: tuple[str, ...]  # the official terms of its everyday words, searched too at EVERYDAY_WEIGHT
    time: tuple[TimeMention, ...]
    reference_years: Mapping[str | None, int]  # what relative times count from (see YearPreference)
    figure: str | None  # the words asking for a figure
    terms: tuple[TermMatch, ...]
    preferences: tuple[Preference, ...]

    def explain(self) -> dict[str, Any]:
        """What was understood, for `--json` and the 检索 tab. A relative time ("去年") resolves per type
        of document, from the newest year of that type: {"工作总结": "2021年", "工作计划": "2022年"}."""
        year_preference = next((p for p in self.preferences if isinstance(p, YearPreference)), None)
        return {
            "time": [{"text": m.text, "kind": m.kind, "years": self._years_of(m)} for m in self.time],
            "year_weight": year_preference.weight if year_preference else 0.0,
            "figure": self.figure,
            "everyday_terms": [{"words": t.everyday, "official": list(t.official)} for t in self.terms],
            "keyword_query": self.keyword_query,
            "added_terms": list(self.added_terms),
        }

    def _years_of(self, mention: TimeMention) -> dict[str, str]:
        if not mention.is_relative:
            return {"全部": mention.years(0).label()}
        return {
            doc_type or "全部": mention.years(reference).label()
            for doc_type, reference in self.reference_years.items()
            if doc_type is not None or len(self.reference_years) == 1
        }

    def why(self, hit: SearchHit) -> list[str]:
        """Why a hit ranks where it does, in a writer's words: its bonuses and the official terms of the
        question's everyday words it contains."""
        reasons = [bonus.reason for bonus in hit.bonuses]
        found = [term for term in self.added_terms if term in hit.text]
        return reasons + ([f"用语：{'、'.join(found)}"] if found else [])

    def summary(self) -> str:
        """One line a writer reads above the hits; "" when nothing was read into the question."""
        parts = []
        for mention in self.time:
            by_label: dict[str, list[str]] = {}
            for doc_type, label in self._years_of(mention).items():
                by_label.setdefault(label, []).append(doc_type)
            shown = "、".join(
                label if types == ["全部"] else f"{label}（{'、'.join(types)}）" for label, types in by_label.items()
            )
            parts.append(f"{mention.text} → {shown}")
        if self.figure:
            parts.append(f"问数字（{self.figure}）：写明数字的段落优先")
        parts += [f"{t.everyday} → {'、'.join(t.official)}" for t in self.terms]
        return "；".join(parts)


def plan_question(
    question: str,
    *,
    everyday: EverydayTerms,
    tokenizer: ChineseTokenizer,
    reference_years: Mapping[str | None, int],
    year_weight: float = YEAR_WEIGHT,
    figure_weight: float = FIGURE_WEIGHT,
) -> SearchPlan:
    """Read `question`. `reference_years`: per document type the year 今年 means there (None: any type)."""
    time = tuple(find_time_mentions(question))
    terms = tuple(everyday.find(question))
    figure = figure_cue(question)
    # Times go to the year preference, not to the words: "2020" matched as a word ranks a passage that
    # mentions the year over the one on the topic in that year's report, and 去年 in a passage means
    # another year than the writer's (tuning half: MRR 0.638 without, 0.630 with the years as words).
    keyword_query = _QUESTION_WORDS.sub(" ", _without(question, time)).strip()
    preferences: list[Preference] = []
    if time and year_weight:
        preferences.append(YearPreference(time, reference_years, year_weight))
    if figure and figure_weight:
        words = tuple(dict.fromkeys(tokenizer.tokenize(keyword_query)))
        preferences.append(FigurePreference(words, figure_weight))
    return SearchPlan(
        question=question,
        keyword_query=keyword_query or question,
        added_terms=tuple(dict.fromkeys(word for t in terms for word in t.official)),
        time=time,
        reference_years=dict(reference_years),
        figure=figure,
        terms=terms,
        preferences=tuple(preferences),
    )


def _without(text: str, mentions: Sequence[TimeMention]) -> str:
    for mention in sorted(mentions, key=lambda m: -m.start):
        text = text[: mention.start] + " " + text[mention.end :]
    return text
