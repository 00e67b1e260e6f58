"""On topic: every paragraph of a draft is about what was asked.

Relevance is the embedding model's cosine between the writer's topic and a text (the model the library
is built with, so no other model is loaded). A short topic is about as close to any paragraph of the
same register (median 0.72 on topic, 0.71 off topic for m3e-small), so no fixed threshold separates
them; what does is a text falling well below the others of its set. It is used twice: passages that
far below the retrieved passages are not shown to the model, and paragraphs that far below the draft's
other paragraphs are dropped from it.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# relevance(topic, texts) -> the cosine of each text with the topic.
Relevance = Callable[[str, Sequence[str]], list[float]]

# How far below the median of its set a text may fall and still be on topic. Set for m3e-small on the
# tuning half of the dev cases (python -m bench.topic_thresholds): 1% of on-topic paragraphs fall
# further, and 29% of paragraphs from sections on other topics of the same reports. The 2% margin
# (0.056) dropped whole on-topic points of tuning drafts, whose paragraphs are shorter than a report's.
MAX_BELOW_MEDIAN = 0.062
MIN_SET = 4  # with fewer texts the median is too near each of them to call one "the others"


def below_the_rest(scores: Sequence[float], *, max_below: float = MAX_BELOW_MEDIAN) -> list[bool]:
    """For each score, whether it falls more than `max_below` under the median of all of them."""
    if len(scores) < MIN_SET:
        return [False] * len(scores)
    floor = statistics.median(scores) - max_below
    return [score < floor for score in scores]


@dataclass(frozen=True)
class OffTopicParagraph:
    index: int
    text: str
    relevance: float


def off_topic_paragraphs(topic: str, paragraphs: Sequence[str], relevance: Relevance) -> list[OffTopicParagraph]:
    """The paragraphs whose relevance to `topic` falls well below the draft's other paragraphs'."""
    if len(paragraphs) < MIN_SET:
        return []  # below_the_rest would flag none: spare the embedding
    scores = relevance(topic, list(paragraphs))
    return [
        OffTopicParagraph(i, paragraphs[i], round(score, 3))
        for i, (score, low) in enumerate(zip(scores, below_the_rest(scores)))
        if low
    ]
