"""Stage 3, write: the model writes the section, streamed token by token.

A long section is outlined (by default from the passages' own headings, saving a call before the first
token) and written one call per point, each point seeing only its own passages so points do not blur;
a short one is written in one call. Replies are turned into prose as they are collected.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Sequence
from dataclasses import dataclass

from app.checks.text import split_sentences
from app.drafting.cleanup import prose_paragraphs
from app.drafting.events import DraftEvent, Outline, Token
from app.drafting.generation import ModelCalls
from app.drafting.outline import OutlinePoint, fallback_outline, parse_outline
from app.drafting.passages import Passage, example_marker, format_passages
from app.drafting.plan import ORDINAL_LEADS, DraftPlan
from app.drafting.prompts import NONE_GIVEN, DraftPrompts
from app.drafting.retrieve import with_excerpt
from app.drafting.tuning import DraftTuning

_LEADING_ORDINAL = re.compile(r"^\s*(?:[一二三四五六七八九十]+是|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])\s*")
MIN_POINT_CHARS = 60
# The genre opens an enumerated section with one sentence saying what follows, then the points.
OPENING = "先写一句总起句（概括这部分内容，不带序号），"


@dataclass(frozen=True)
class Written:
    paragraphs: list[str]
    outline: list[OutlinePoint]  # empty for a section written in one call
    shown: frozenset[int]  # the numbers of the passages the model has been shown


@dataclass(frozen=True)
class _Stage:
    """What every call of this stage reads."""

    plan: DraftPlan
    passages: list[Passage]
    calls: ModelCalls
    prompts: DraftPrompts
    tuning: DraftTuning


def write_draft(
    plan: DraftPlan, passages: list[Passage], calls: ModelCalls, prompts: DraftPrompts, tuning: DraftTuning
) -> Generator[DraftEvent, None, Written]:
    stage = _Stage(plan, passages, calls, prompts, tuning)
    if plan.outlined:
        return (yield from _write_points(stage))
    shown = frozenset(p.n for p in passages[: tuning.short_passages])
    return Written((yield from _write_short(stage)), [], shown)


def _write_points(stage: _Stage) -> Generator[DraftEvent, None, Written]:
    points = yield from _outline(stage)
    chars = max(MIN_POINT_CHARS, round(stage.plan.length / len(points) * stage.tuning.point_length_boost))
    paragraphs: list[str] = []
    for i, point in enumerate(points):
        lead = stage.plan.leads[i] if i < len(stage.plan.leads) else ""
        if paragraphs:
            yield Token("\n\n")
        reply = yield from stage.calls.write(
            _point_prompt(stage, i, point, lead, chars, paragraphs), chars=chars,
            stage=f"writing point {i + 1} of {len(points)}", stop_at=_other_leads(stage.plan, lead),
        )
        paragraph = "".join(prose_paragraphs(reply, stage.prompts.point))
        if paragraph:
            paragraphs.append(_with_lead(paragraph, lead))
    shown = frozenset(n for point in points for n in _own_passages(stage, point))
    return Written(paragraphs, points, shown)


def write_extra_point(
    plan: DraftPlan,
    passages: list[Passage],
    written: Written,
    chars: int,
    calls: ModelCalls,
    prompts: DraftPrompts,
    tuning: DraftTuning,
) -> Generator[DraftEvent, None, tuple[str, int]]:
    """One more point for a draft short of its length, written like the others: from a passage the model
    has not been shown yet (the first one again when all have been), seeing only the first sentence of
    each point before it. Shown the written text instead, the small model copied it back and the repeat
    removal dropped what it wrote. Returns the paragraph ("" when the reply held no prose) and the
    number of the passage it drew on."""
    stage = _Stage(plan, passages, calls, prompts, tuning)
    passage = next((p for p in passages if p.n not in written.shown), passages[0])
    point = fallback_outline([passage], points=1)[0]
    opened = sum(1 for lead in plan.leads if any(lead in p for p in written.paragraphs))
    lead = plan.leads[opened] if opened < len(plan.leads) else ""
    i = len(written.paragraphs)
    yield Token("\n\n")
    reply = yield from calls.write(
        _point_prompt(stage, i, point, lead, chars, written.paragraphs), chars=chars, stage="writing one more point",
        stop_at=_other_leads(plan, lead),
    )
    paragraph = "".join(prose_paragraphs(reply, prompts.point))
    return (_with_lead(paragraph, lead) if paragraph else ""), passage.n


def _other_leads(plan: DraftPlan, lead: str) -> tuple[str, ...]:
    """Where a point's reply ends: at the lead of any other point (one level of 一是/二是; a point that
    lists 二是……十是 inside itself runs on, off its passage, until the token budget)."""
    return tuple(other for other in plan.leads if other != lead) if lead else ()


def _outline(stage: _Stage) -> Generator[Outline, None, list[OutlinePoint]]:
    wanted = max(2, min(len(ORDINAL_LEADS), round(stage.plan.length / stage.tuning.chars_per_point)))
    points = _model_outline(stage, wanted) if stage.tuning.outline_by_model else []
    from_model = len(points) >= 2
    if not from_model:
        points = fallback_outline(stage.passages, points=wanted)
    yield Outline(points, from_model)
    return points


def _model_outline(stage: _Stage, wanted: int) -> list[OutlinePoint]:
    """The model's outline of `wanted` points (empty or short when its reply is unusable)."""
    user = stage.prompts.outline.render(
        section_type=stage.plan.section_type,
        topic=stage.plan.query,
        facts=stage.plan.facts_text,
        passages=format_passages(stage.passages, digest_chars=80, fixed_phrases=stage.plan.fixed_phrases),
        points=wanted,
    )
    reply = "".join(stage.calls.stream(user, max_tokens=40 * wanted + 24, stage="outlining", seen=False))
    return parse_outline(reply, stage.passages, max_points=wanted)


def _point_prompt(stage: _Stage, i: int, point: OutlinePoint, lead: str, chars: int, written: Sequence[str]) -> str:
    """The prompt of point i: its own passages (the first point's cut shorter, as the writer waits for
    it), and the first sentence of each point before it, so it does not repeat them."""
    own = [p for p in stage.passages if p.n in _own_passages(stage, point)]
    if i == 0:
        own = [with_excerpt(p, stage.plan.query, stage.tuning.first_point_excerpt_chars) for p in own]
    previous = "；".join(split_sentences(p)[0].strip() for p in written if split_sentences(p))
    return stage.prompts.point.render(
        section_type=stage.plan.section_type,
        topic=stage.plan.query,
        point=point.title,
        lead=lead or point.title,
        chars=chars,
        previous=previous or NONE_GIVEN,
        opening=OPENING if i == 0 and lead else "",
        facts=stage.plan.facts_text,
        passages=format_passages(own, fixed_phrases=stage.plan.fixed_phrases),
        example=example_marker(own),
    )


def _own_passages(stage: _Stage, point: OutlinePoint) -> list[int]:
    """The numbers of the passages the call writing `point` sees."""
    own = [p.n for p in stage.passages if p.n in point.sources] or [p.n for p in stage.passages[:1]]
    return own[: stage.tuning.point_passages]


def _write_short(stage: _Stage) -> Generator[Token, None, list[str]]:
    plan = stage.plan
    shown = stage.passages[: stage.tuning.short_passages]
    user = stage.prompts.short.render(
        section_type=plan.section_type,
        topic=plan.query,
        chars=plan.length,
        rhythm=OPENING + "然后按“一是……二是……三是……”的层次写，每一点先用一个短语概括要点。" if plan.leads else "",
        paragraphs="一" if plan.length < 250 else "两到三" if plan.length >= 450 else "一到两",
        facts=plan.facts_text,
        passages=format_passages(shown, fixed_phrases=plan.fixed_phrases),
        example=example_marker(shown),
    )
    reply = yield from stage.calls.write(user, chars=plan.length, stage="writing the section")
    return prose_paragraphs(reply, stage.prompts.short, leads=plan.leads)


def _with_lead(paragraph: str, lead: str) -> str:
    """The paragraph opening with its lead: kept where the model wrote it after an opening sentence."""
    if lead and paragraph.startswith(lead):
        return lead + paragraph[len(lead):].lstrip(" 　")  # "一是 全面落实" reads as a typo
    if not lead or lead in "".join(split_sentences(paragraph)[:2]):
        return paragraph
    return lead + _LEADING_ORDINAL.sub("", paragraph, count=1).lstrip("，,：:")
