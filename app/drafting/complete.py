"""Stage 4, complete: the written text cleaned as the writer will get it (copied passage labels, repeats
and paragraphs off the topic removed), given one more point while it falls short of the target (a few
calls at most), and cut to the length allowed."""

from __future__ import annotations

import dataclasses
from collections.abc import Generator
from dataclasses import dataclass

from app.checks.topic import Relevance
from app.checks.verify import Removed
from app.drafting.cleanup import clean_draft, trim_to_length
from app.drafting.events import DraftEvent
from app.drafting.generation import ModelCalls
from app.drafting.passages import Passage
from app.drafting.plan import DraftPlan
from app.drafting.prompts import DraftPrompts
from app.drafting.tuning import DraftTuning
from app.drafting.write import MIN_POINT_CHARS, Written, write_extra_point


@dataclass(frozen=True)
class Completed:
    text: str  # cleaned and within the length allowed: what the checks read
    raw: str  # every paragraph the model wrote, continuation included
    removed: Removed


def complete_draft(
    plan: DraftPlan,
    passages: list[Passage],
    written: Written,
    calls: ModelCalls,
    prompts: DraftPrompts,
    tuning: DraftTuning,
    relevance: Relevance | None = None,
) -> Generator[DraftEvent, None, Completed]:
    cleaned = clean_draft("\n\n".join(written.paragraphs), passages, topic=plan.query, relevance=relevance, facts=plan.facts)
    # Measured as the writer will get it: what cleaning and the final gate remove would otherwise hide
    # a shortfall (2 of 10 benchmark drafts ended at 0.66 and 0.69 of their length that way). One call
    # is not always enough: its reply may be short too, or removed as a repeat or off the topic.
    every = list(written.paragraphs)  # all the model wrote, kept for the record
    point_share = plan.length // max(1, len(written.outline))
    for _ in range(tuning.max_continuations):
        shortfall = plan.length - cleaned.length
        if shortfall <= plan.length * tuning.continue_below:
            break
        # No more than a point's share: one point asked for the whole shortfall of a long section was
        # shown one passage and padded its reply with the passages' sentences (tuning half, 1,100 characters).
        chars = max(MIN_POINT_CHARS, round(min(shortfall, point_share) * tuning.point_length_boost))
        paragraph, source = yield from write_extra_point(plan, passages, written, chars, calls, prompts, tuning)
        every.append(paragraph)
        longer_paragraphs = [*written.paragraphs, paragraph] if paragraph else written.paragraphs
        longer = clean_draft("\n\n".join(longer_paragraphs), passages, topic=plan.query, relevance=relevance, facts=plan.facts)
        grew = longer.length > cleaned.length
        if not grew and written.shown >= {p.n for p in passages}:
            break  # nothing new from a passage already shown: a further call would repeat it
        # A point that added nothing (all repeats, or no prose) is not kept; the next tries another passage.
        written = dataclasses.replace(
            written, paragraphs=longer_paragraphs if grew else written.paragraphs, shown=written.shown | {source}
        )
        cleaned = longer if grew else cleaned
    text = trim_to_length(cleaned.text, calls.settings.max_chars(plan.length))
    return Completed(text, "\n\n".join(p for p in every if p), cleaned.removed)
