"""Stage 2, retrieve: the comparable passages a draft is built on, each cut to the part about the topic."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from app.checks.topic import Relevance, below_the_rest
from app.drafting.excerpts import excerpt
from app.drafting.passages import Hit, Passage, choose_passages
from app.drafting.plan import DraftPlan
from app.drafting.tuning import DraftTuning
from app.errors import UserError

SearchFn = Callable[..., Sequence[Hit]]  # search(query, k=..., filters=SearchFilters, target_year=int|None) -> hits


class NoPassagesError(UserError):
    """Retrieval found nothing to draft from: without sources every fact would be invented."""


def retrieve_passages(
    plan: DraftPlan, search: SearchFn, tuning: DraftTuning, relevance: Relevance | None = None
) -> list[Passage]:
    """The passages to draft from. With `relevance`, hits far less relevant to the topic than the
    others (app.checks.topic.below_the_rest) are left out: a passage off the topic becomes a paragraph
    off the topic."""
    hits = list(search(plan.query, k=tuning.search_k, filters=plan.filters, target_year=plan.year))
    if relevance is not None and hits:
        low = below_the_rest(relevance(plan.query, [h.text for h in hits]))
        hits = [h for h, off in zip(hits, low) if not off]
    chosen = choose_passages(
        hits, max_passages=tuning.max_passages, per_document=tuning.per_document, prefer_role=plan.section_role
    )
    if not chosen:
        raise NoPassagesError(f"no comparable passages found for {plan.query!r} with filters {plan.filters}")
    return [with_excerpt(p, plan.query, tuning.excerpt_chars) for p in chosen]


def with_excerpt(passage: Passage, query: str, max_chars: int) -> Passage:
    return dataclasses.replace(passage, excerpt=excerpt(passage.text, query, max_chars=max_chars))
