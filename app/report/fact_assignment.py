"""Which section is shown which of the writer's facts.

Shown every fact, the small model writes every figure into every section (a 5,000-character summary
on the sample library said 义务教育巩固率99.3% eight times, and listed the figures under 存在问题). A
fact goes to the one section whose topic it is clearly closest to; a fact close to no section in
particular (全县中小学校46所, 在校学生2.3万人: the numbers a 基本情况 gives) goes to the 基本情况 section, or
the first section when there is none. Every fact stays the writer's in every section: a figure of it
that a section writes anyway is kept by the checks.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.checks.text import content_bigrams
from app.checks.topic import Relevance
from app.report.outline import ReportOutline
from app.report.section_request import section_topic

# A fact is clearly closest to a section when its embedding cosine to that section's topic is ahead of
# the next section's by this much (m3e-small: 0.04-0.17 for 新招聘教师 → 教师队伍, 劝返失学辍学学生 → 控辍保学;
# under 0.01 for 在校学生 or 义务教育巩固率, which every education topic is about as close to).
CLEAR_LEAD = 0.03
# Without embeddings: content bigrams shared with the heading, ahead by this many.
CLEAR_LEAD_BIGRAMS = 1
NO_FACTS_ROLES = ("开头", "结尾")  # an opening or closing paragraph says no figures


def _scores(fact: str, topics: Sequence[str], relevance: Relevance | None) -> list[float]:
    if relevance is not None:
        return [relevance(topic, [fact])[0] for topic in topics]
    grams = content_bigrams(fact.split("：")[0])
    return [float(len(grams & content_bigrams(topic))) for topic in topics]


def assign_facts(
    facts: Sequence[str], outline: ReportOutline, relevance: Relevance | None = None
) -> dict[int, tuple[str, ...]]:
    """The facts each drafted section is shown, by section index."""
    candidates = [i for i in outline.drafted() if outline.sections[i].role not in NO_FACTS_ROLES]
    shown: dict[int, list[str]] = {i: [] for i in outline.drafted()}
    if not facts or not candidates:
        return {i: () for i in shown}
    basics = next((i for i in candidates if outline.sections[i].role == "基本情况"), candidates[0])
    topics = [section_topic(outline, i) for i in candidates]
    lead = CLEAR_LEAD if relevance is not None else CLEAR_LEAD_BIGRAMS
    for fact in facts:
        scores = _scores(fact, topics, relevance)
        ranked = sorted(range(len(candidates)), key=scores.__getitem__, reverse=True)
        clear = len(ranked) == 1 or scores[ranked[0]] - scores[ranked[1]] >= lead
        shown[candidates[ranked[0]] if clear else basics].append(fact)
    return {i: tuple(f) for i, f in shown.items()}
