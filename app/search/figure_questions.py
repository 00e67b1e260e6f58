"""Questions that ask for a quantity ("2016年粮食产量多少", "新增就业目标定了多少") and the figures a passage
states about what they ask: a writer asking 多少 wants the sentence with the number, not a passage on
the same topic without one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.checks.numbers import find_numbers
from app.checks.text import sentence_spans
from app.search.time_expressions import find_time_mentions

# Words that ask for a number. 目标/指标 ask for one only with a question word, which these already
# catch ("目标定了多少"); alone they name a topic ("就业目标任务"). 几 in 近几年/这几年 is a time.
_FIGURE_CUE = re.compile(
    r"多少|(?<![近这前后好])几(?!乎|点意见)|多大|多高|多快"
    r"|规模|比例|比重|占比|增速|增幅|增长率|总量|数量|人数|金额|数字|数据|产量"
)


def figure_cue(question: str) -> str | None:
    """The words of `question` that ask for a quantity, or None."""
    match = _FIGURE_CUE.search(question)
    return match.group() if match else None


# What follows a figure and belongs to it when it is shown: its multiplier and unit ("1.2万人次").
_UNIT = re.compile(r"[%％‰]|[万亿千百]*(?:元|人次|人|名|所|个|项|次|座|间|户|家|条|台|套|亩|公里|千米|吨|斤|平方米|倍|年|月|天)?")


@dataclass(frozen=True)
class StatedFigures:
    """The sentence of a passage that best states figures about the question's terms."""

    coverage: float  # share of the question's terms in that sentence, 0..1
    figures: tuple[str, ...]  # as written
    spans: tuple[tuple[int, int], ...]  # the figures' offsets in the passage


def stated_figures(passage: str, terms: Sequence[str]) -> StatedFigures | None:
    """The sentence with a figure that holds most of `terms` (all sentences with one count when no term
    is given); None when no sentence holds both. Years and other time expressions are not figures here:
    "2016年" in a sentence does not answer "多少"."""
    wanted = {t for t in terms if t}
    present = [t for t in wanted if t in passage]
    if wanted and not present:
        return None
    covered = []
    for start, end in sentence_spans(passage):
        coverage = sum(term in passage[start:end] for term in present) / len(wanted) if wanted else 1.0
        if coverage > 0:
            covered.append((-coverage, start, end))
    # Best covered first: the first sentence stating a figure is the answer, and reading figures is the
    # costly part.
    for negative, start, end in sorted(covered):
        sentence = passage[start:end]
        figures = find_numbers(sentence)
        if figures:
            times = [(m.start, m.end) for m in find_time_mentions(sentence)]
            figures = [n for n in figures if not any(s <= n.start and n.end <= e for s, e in times)]
        if figures:
            spans = [(n.start, n.end + len(_UNIT.match(sentence, n.end).group())) for n in figures]
            return StatedFigures(
                coverage=-negative,
                figures=tuple(sentence[s:e] for s, e in spans),
                spans=tuple((start + s, start + e) for s, e in spans),
            )
    return None
