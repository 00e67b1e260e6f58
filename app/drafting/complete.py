"""Stage 4, complete: the written text cleaned as the writer will get it (copied passage labels, repeats
and paragraphs off the topic removed), continued while it falls short of the target (a few calls at
most), and cut to the length allowed."""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass

from app.checks.topic import Relevance
from app.checks.verify import Removed
from app.drafting.cleanup import clean_draft, prose_paragraphs, trim_to_length
from app.drafting.events import Token
from app.drafting.generation import ModelCalls
from app.drafting.passages import Passage, example_marker, format_passages
from app.drafting.plan import DraftPlan
from app.drafting.prompts import DraftPrompts
from app.drafting.tuning import DraftTuning


@dataclass(frozen=True)
class Completed:
    text: str  # cleaned and within the length allowed: what the checks read
    raw: str  # every paragraph the model wrote, continuation included
    removed: Removed


def complete_draft(
    plan: DraftPlan,
    passages: list[Passage],
    paragraphs: Sequence[str],
    calls: ModelCalls,
    prompts: DraftPrompts,
    tuning: DraftTuning,
    relevance: Relevance | None = None,
) -> Generator[Token, None, Completed]:
    cleaned = clean_draft("\n\n".join(paragraphs), passages, topic=plan.query, relevance=relevance)
    # Measured as the writer will get it: what cleaning and the final gate remove would otherwise hide
    # a shortfall (2 of 10 benchmark drafts ended at 0.66 and 0.69 of their length that way). One call
    # is not always enough: its reply may be short too, or removed as a repeat or off the topic.
    written, every = list(paragraphs), list(paragraphs)  # kept for the draft / all the model wrote
    for _ in range(tuning.max_continuations):
        shortfall = plan.length - cleaned.length
        if shortfall <= plan.length * tuning.continue_below:
            break
        more = yield from _continuation(plan, passages, cleaned.text, shortfall, calls, prompts, tuning)
        every += more
        longer = clean_draft("\n\n".join([*written, *more]), passages, topic=plan.query, relevance=relevance)
        if longer.length <= cleaned.length:
            break  # the model has nothing more to say from these passages: a further call would repeat it
        written, cleaned = [*written, *more], longer
    text = trim_to_length(cleaned.text, calls.settings.max_chars(plan.length))
    return Completed(text, "\n\n".join(every), cleaned.removed)


def _continuation(
    plan: DraftPlan,
    passages: list[Passage],
    written: str,
    shortfall: int,
    calls: ModelCalls,
    prompts: DraftPrompts,
    tuning: DraftTuning,
) -> Generator[Token, None, list[str]]:
    """One more call for the missing characters (asked with the points' boost: the small model writes
    short), from the passages the draft has not cited yet."""
    chars = round(shortfall * tuning.point_length_boost)
    unused = [p for p in passages if f"[{p.n}]" not in written] or passages
    shown = unused[: tuning.point_passages]
    user = prompts.continuation.render(
        section_type=plan.section_type,
        topic=plan.query,
        written=written,
        chars=chars,
        passages=format_passages(shown, fixed_phrases=plan.fixed_phrases),
        example=example_marker(shown),
    )
    yield Token("\n\n")
    reply = yield from calls.write(user, chars=chars, stage="continuing a short draft")
    return prose_paragraphs(reply, prompts.continuation)
