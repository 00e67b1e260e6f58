"""Stage 4, complete: the written text cleaned as the writer will get it (copied passage labels and
repeats removed), continued once when it falls short of the target, and cut to the length allowed."""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass

from app.checks.text import draft_length
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
    removed_repeats: list[str]


def complete_draft(
    plan: DraftPlan,
    passages: list[Passage],
    paragraphs: Sequence[str],
    calls: ModelCalls,
    prompts: DraftPrompts,
    tuning: DraftTuning,
) -> Generator[Token, None, Completed]:
    raw = "\n\n".join(paragraphs)
    cleaned, repeats = clean_draft(raw, passages)
    # Measured as the writer will get it: labels and repeats removed would otherwise hide a shortfall
    # (2 of 10 benchmark drafts ended at 0.66 and 0.69 of their length that way).
    shortfall = plan.length - draft_length(cleaned)
    if shortfall > plan.length * calls.settings.length_tolerance:
        more = yield from _continuation(plan, passages, raw, shortfall, calls, prompts, tuning)
        raw = "\n\n".join([*paragraphs, *more])
        cleaned, repeats = clean_draft(raw, passages)
    return Completed(trim_to_length(cleaned, calls.settings.max_chars(plan.length)), raw, repeats)


def _continuation(
    plan: DraftPlan,
    passages: list[Passage],
    written: str,
    shortfall: int,
    calls: ModelCalls,
    prompts: DraftPrompts,
    tuning: DraftTuning,
) -> Generator[Token, None, list[str]]:
    """One more call for the missing characters, from the passages the draft has not cited yet."""
    unused = [p for p in passages if f"[{p.n}]" not in written] or passages
    shown = unused[: tuning.point_passages]
    user = prompts.continuation.render(
        section_type=plan.section_type,
        topic=plan.query,
        written=written,
        chars=shortfall,
        passages=format_passages(shown),
        example=example_marker(shown),
    )
    yield Token("\n\n")
    reply = yield from calls.write(user, chars=shortfall, stage="continuing a short draft")
    return prose_paragraphs(reply, prompts.continuation)
