"""The drafting pipeline: request -> comparable passages -> (outline ->) text -> mechanical verification.

The local model is small (Qwen2.5-Coder-1.5B): asked plainly it copies a passage, repeats it, writes
lists and cites nothing. Quality therefore comes from here: few, diverse passages cut to the part that
matches the request (short prompts: on 2 cores prompt processing is most of the time to the first
token), given as quoted numbered data; an outline and one call per point for long sections (each point
sees only its passages, so points do not blur); token budgets from the target length; list replies
turned into prose, repeat removal and length trimming; and checks that blank unsupported figures and
foreign names, drop citations that support nothing and attribute uncited paragraphs to the passage
they draw on (listed apart from the model's own citations).

`stream_draft` yields events (Retrieved, Outline, Token…, Verified) for the CLI and UI; `draft_section`
runs it to the end and returns the DraftResult.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from app.citation_attribution import AttributedCitation, attribute_paragraph
from app.citation_check import ParagraphCitations, RemovedCitation, check_paragraph
from app.copy_check import CopiedSpan, find_copied_spans
from app.draft_cleanup import (
    draft_length,
    drop_echoed_instructions,
    remove_repeats,
    strip_source_labels,
    split_sentences,
    to_prose,
    trim_to_length,
)
from app.draft_outline import OutlinePoint, fallback_outline, parse_outline
from app.drafting_request import parse_drafting_request
from app.foreign_names import ForeignName, blank_foreign_names, find_foreign_names
from app.llm_client import LLMError
from app.number_check import UnsupportedNumber, allowed_values, blank_unsupported
from app.passage_excerpt import excerpt
from app.passage_selection import (
    DATA_END,
    DATA_START,
    Hit,
    Passage,
    choose_passages,
    format_passages,
    passage_labels,
)
from app.prompt_files import PROMPTS_DIR, PromptTemplate, load_prompt
from app.register_check import ColloquialMarker, find_colloquial
from vectorstore.search_filters import SearchFilters

# Section types whose points read "一是……二是……" in the official register.
ENUMERATED_SECTIONS = ("主要做法及成效", "下一步工作", "讲话要求", "存在问题")
ORDINAL_LEADS = ("一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是")
_LEADING_ORDINAL = re.compile(r"^\s*(?:[一二三四五六七八九十]+是|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])\s*")
NONE_GIVEN = "（无）"
# A paragraph the model left uncited gets the marker of the passage sharing at least this share of its
# content bigrams: above the sentence-level threshold, as a whole paragraph shares more by chance.
ATTRIBUTION_MIN_OVERLAP = 0.2


class ChatModel(Protocol):
    """What the pipeline needs of an LLM (app.llm_client.LLMClient has it)."""

    def stream_chat(
        self,
        messages: Sequence[Mapping[str, Any]],
        *,
        max_tokens: int,
        temperature: float = ...,
        frequency_penalty: float = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> Iterator[str]: ...


SearchFn = Callable[..., Sequence[Hit]]  # search(query, k=..., filters=SearchFilters) -> hits


class DraftingError(LLMError):
    """The LLM failed during a named stage of drafting; the message says which and why."""


class NoPassagesError(ValueError):
    """Retrieval found nothing to draft from: without sources every fact would be invented."""


@dataclass(frozen=True)
class DraftOptions:
    section_type: str | None = None  # default: the role named in the request
    length: int | None = None  # target characters; default: the request's "约N字", else default_length
    facts: Sequence[str] = ()
    filters: SearchFilters = field(default_factory=SearchFilters)
    exclude_sources: Sequence[str] = ()
    include_sources: Sequence[str] = ()
    max_passages: int = 6
    per_document: int = 2
    search_k: int = 16
    excerpt_chars: int = 200  # each passage is shown to the model cut to this many characters
    # ... and to the first point's call cut shorter: the writer waits for its whole prompt to be read
    # (about 75 prompt tokens/s on 2 cores) before the first word appears.
    first_point_excerpt_chars: int = 140
    short_passages: int = 3  # passages shown to the single call of a short section
    point_passages: int = 2  # passages shown to the call writing one point
    outline_from_chars: int = 500  # sections at least this long are outlined and written point by point
    outline_by_model: bool = False  # False: points from the passages' headings, saving a call before the first token
    chars_per_point: int = 200
    # Each point asks for this much more than its share of the length: the 1.5B model writes points about
    # 10% short (bench/drafting_benchmark.py: median length ratio 0.89 asking for the exact share).
    point_length_boost: float = 1.15
    default_length: int = 400


@dataclass(frozen=True)
class GenerationSettings:
    """Sampling settings found to keep the small model from copying and looping (DESIGN.md)."""

    temperature: float = 0.3
    frequency_penalty: float = 0.5
    repeat_penalty: float = 1.15
    tokens_per_char: float = 1.4  # Qwen's tokenizer: about 1.0-1.5 tokens per Chinese character
    length_tolerance: float = 0.25

    @property
    def extra_body(self) -> dict[str, Any]:
        return {"repeat_penalty": self.repeat_penalty}


@dataclass(frozen=True)
class DraftPrompts:
    system: PromptTemplate
    outline: PromptTemplate
    point: PromptTemplate
    short: PromptTemplate
    continuation: PromptTemplate

    @classmethod
    def load(cls, prompts_dir: Path = PROMPTS_DIR) -> DraftPrompts:
        return cls(
            system=load_prompt("draft_system", prompts_dir),
            outline=load_prompt("draft_outline", prompts_dir),
            point=load_prompt("draft_point", prompts_dir),
            short=load_prompt("draft_short", prompts_dir),
            continuation=load_prompt("draft_continue", prompts_dir),
        )

    @property
    def versions(self) -> dict[str, str]:
        return {t.name: t.version for t in (self.system, self.outline, self.point, self.short, self.continuation)}


@dataclass(frozen=True)
class DraftResult:
    draft: str
    citations: list[dict[str, Any]]
    unsupported_numbers: list[UnsupportedNumber]
    removed_citations: list[RemovedCitation]
    colloquial: list[ColloquialMarker]
    copied_spans: list[CopiedSpan]
    foreign_names: list[ForeignName]
    paragraphs_with_valid_citation: float  # share of the draft's paragraphs with at least one valid [n]
    paragraphs_with_model_citation: float  # share whose valid [n] the model wrote (not attributed after)
    paragraph_citations: list[ParagraphCitations]
    attributed_citations: list[AttributedCitation]  # markers the pipeline added to uncited paragraphs
    removed_repeats: list[str]
    timings: dict[str, float]
    raw_draft: str
    verified: bool  # False: the checks were run and listed, but not applied to `draft`
    outline: list[OutlinePoint]
    passages: list[Passage]
    prompt_versions: dict[str, str]

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Retrieved:
    query: str
    passages: list[Passage]


@dataclass(frozen=True)
class Outline:
    points: list[OutlinePoint]
    from_model: bool  # False: the model's outline was unusable and the points come from the passages


@dataclass(frozen=True)
class Token:
    text: str


@dataclass(frozen=True)
class Verified:
    result: DraftResult


DraftEvent = Retrieved | Outline | Token | Verified


@dataclass
class _Run:
    """What one drafting run shares between its steps."""

    llm: ChatModel
    prompts: DraftPrompts
    settings: GenerationSettings
    section_type: str
    topic: str
    facts_text: str
    started: float
    first_token_at: float | None = None

    def messages(self, user: str) -> list[dict[str, str]]:
        system = self.prompts.system.render(data_start=DATA_START, data_end=DATA_END)
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    def stream(self, user: str, *, max_tokens: int, stage: str) -> Iterator[str]:
        try:
            for piece in self.llm.stream_chat(
                self.messages(user),
                max_tokens=max_tokens,
                temperature=self.settings.temperature,
                frequency_penalty=self.settings.frequency_penalty,
                extra_body=self.settings.extra_body,
            ):
                if piece and self.first_token_at is None and stage != "outlining":
                    self.first_token_at = time.monotonic()
                yield piece
        except LLMError as exc:
            raise DraftingError(f"drafting stopped while {stage}: {exc}") from exc

    def max_tokens(self, chars: int) -> int:
        return int(chars * (1 + self.settings.length_tolerance) * self.settings.tokens_per_char) + 16


def _merged_filters(options: DraftOptions) -> SearchFilters:
    base = options.filters
    return dataclasses.replace(
        base,
        exclude_sources=tuple(dict.fromkeys((*base.exclude_sources, *options.exclude_sources))),
        include_sources=tuple(dict.fromkeys((*base.include_sources, *options.include_sources))),
    )


def _instructions(template: PromptTemplate) -> str:
    """The template's own wording, placeholders left empty: what a reply must not echo (the topic,
    passages and earlier paragraphs filled into it may rightly recur)."""
    return template.render(**dict.fromkeys(template.placeholders, ""))


def _example_marker(passages: Sequence[Passage]) -> str:
    return f"[{passages[0].n}]"


def _with_lead(paragraph: str, lead: str) -> str:
    if not lead or paragraph.startswith(lead):
        return paragraph
    return lead + _LEADING_ORDINAL.sub("", paragraph, count=1).lstrip("，,：:")


def _outline(run: _Run, passages: Sequence[Passage], wanted: int) -> list[OutlinePoint]:
    """The model's outline of `wanted` points (empty or short when its reply is unusable)."""
    reply = "".join(
        run.stream(
            run.prompts.outline.render(
                section_type=run.section_type,
                topic=run.topic,
                facts=run.facts_text,
                passages=format_passages(passages, digest_chars=80),
                points=wanted,
            ),
            max_tokens=40 * wanted + 24,
            stage="outlining",
        )
    )
    return parse_outline(reply, passages, max_points=wanted)


def stream_draft(
    request: str,
    *,
    search: SearchFn,
    llm: ChatModel,
    options: DraftOptions = DraftOptions(),
    prompts: DraftPrompts | None = None,
    settings: GenerationSettings = GenerationSettings(),
    verify: bool = True,
) -> Iterator[DraftEvent]:
    """Draft the requested section, yielding events as they happen; the last event is Verified.

    With `verify=False` the checks still run and are listed in the result, but `draft` keeps what they
    would change (so a benchmark can show what verification catches). Raises NoPassagesError when
    retrieval finds nothing, DraftingError when the LLM fails, ValueError on an empty request."""
    started = time.monotonic()
    prompts = prompts or DraftPrompts.load()
    parsed = parse_drafting_request(request)
    section_type = options.section_type or parsed.section_role or "正文"
    length = options.length or parsed.length or options.default_length
    if length <= 0:
        raise ValueError(f"target length must be positive, got {length}")
    facts = [f.strip() for f in options.facts if f.strip()]

    filters = _merged_filters(options)
    hits = search(parsed.query, k=options.search_k, filters=filters)
    passages = [
        dataclasses.replace(p, excerpt=excerpt(p.text, parsed.query, max_chars=options.excerpt_chars))
        for p in choose_passages(
            hits, max_passages=options.max_passages, per_document=options.per_document, prefer_role=parsed.section_role
        )
    ]
    if not passages:
        raise NoPassagesError(f"no comparable passages found for {parsed.query!r} with filters {filters}")
    retrieve_s = time.monotonic() - started
    yield Retrieved(parsed.query, passages)

    run = _Run(
        llm=llm,
        prompts=prompts,
        settings=settings,
        section_type=section_type,
        topic=parsed.query,
        facts_text="\n".join(f"- {f}" for f in facts) or NONE_GIVEN,
        started=started,
    )
    leads = ORDINAL_LEADS if section_type in ENUMERATED_SECTIONS else ()
    paragraphs: list[str] = []
    points: list[OutlinePoint] = []
    if length >= options.outline_from_chars:
        wanted = max(2, min(len(ORDINAL_LEADS), round(length / options.chars_per_point)))
        points = _outline(run, passages, wanted) if options.outline_by_model else []
        from_model = len(points) >= 2
        if not from_model:
            points = fallback_outline(passages, points=wanted)
        yield Outline(points, from_model)
        chars = max(60, round(length / len(points) * options.point_length_boost))
        for i, point in enumerate(points):
            lead = leads[i] if i < len(leads) else ""
            own = ([p for p in passages if p.n in point.sources] or passages[:1])[: options.point_passages]
            if i == 0:
                own = [
                    dataclasses.replace(p, excerpt=excerpt(p.text, parsed.query, max_chars=options.first_point_excerpt_chars))
                    for p in own
                ]
            previous = "；".join(split_sentences(p)[0].strip() for p in paragraphs if split_sentences(p))
            user = prompts.point.render(
                section_type=section_type,
                topic=run.topic,
                point=point.title,
                lead=lead or point.title,
                chars=chars,
                previous=previous or NONE_GIVEN,
                facts=run.facts_text,
                passages=format_passages(own),
                example=_example_marker(own),
            )
            if paragraphs:
                yield Token("\n\n")
            pieces: list[str] = []
            for piece in run.stream(user, max_tokens=run.max_tokens(chars), stage=f"writing point {i + 1} of {len(points)}"):
                pieces.append(piece)
                yield Token(piece)
            paragraph = "".join(drop_echoed_instructions(to_prose("".join(pieces)), _instructions(prompts.point)))
            if paragraph:
                paragraphs.append(_with_lead(paragraph, lead))
    else:
        shown = passages[: options.short_passages]
        rhythm = "段内按“一是……二是……三是……”的层次写。" if leads else ""
        user = prompts.short.render(
            section_type=section_type,
            topic=run.topic,
            chars=length,
            rhythm=rhythm,
            paragraphs="一" if length < 250 else "两到三" if length >= 450 else "一到两",
            facts=run.facts_text,
            passages=format_passages(shown),
            example=_example_marker(shown),
        )
        pieces = []
        for piece in run.stream(user, max_tokens=run.max_tokens(length), stage="writing the section"):
            pieces.append(piece)
            yield Token(piece)
        paragraphs += drop_echoed_instructions(to_prose("".join(pieces), leads=leads), _instructions(prompts.short))

    labels = passage_labels(passages)
    raw_draft = "\n\n".join(paragraphs)
    cleaned, removed_repeats = remove_repeats(strip_source_labels(raw_draft, labels))
    # Measured as the writer will get it: labels and repeats removed would otherwise hide a shortfall
    # (2 of 10 benchmark drafts ended at 0.66 and 0.69 of their length that way).
    shortfall = length - draft_length(cleaned)
    if shortfall > length * settings.length_tolerance:
        unused = [p for p in passages if f"[{p.n}]" not in raw_draft] or passages
        shown = unused[: options.point_passages]
        user = prompts.continuation.render(
            section_type=section_type,
            topic=run.topic,
            written=raw_draft,
            chars=shortfall,
            passages=format_passages(shown),
            example=_example_marker(shown),
        )
        yield Token("\n\n")
        pieces = []
        for piece in run.stream(user, max_tokens=run.max_tokens(shortfall), stage="continuing a short draft"):
            pieces.append(piece)
            yield Token(piece)
        paragraphs += drop_echoed_instructions(to_prose("".join(pieces)), _instructions(prompts.continuation))
        raw_draft = "\n\n".join(paragraphs)
        cleaned, removed_repeats = remove_repeats(strip_source_labels(raw_draft, labels))
    cleaned = trim_to_length(cleaned, int(length * (1 + settings.length_tolerance)))
    result = verify_draft(
        cleaned,
        passages=passages,
        own_texts=[*facts, request],
        apply=verify,
    )
    finished = time.monotonic()
    yield Verified(
        dataclasses.replace(
            result,
            removed_repeats=removed_repeats,
            raw_draft=raw_draft,
            outline=points,
            prompt_versions=prompts.versions,
            timings={
                "retrieve_s": round(retrieve_s, 3),
                "first_token_s": round((run.first_token_at or finished) - started, 3),
                "draft_s": round(finished - started, 3),
            },
        )
    )


def verify_draft(
    draft: str,
    *,
    passages: Sequence[Passage],
    own_texts: Sequence[str],
    apply: bool = True,
    attribution_min_overlap: float = ATTRIBUTION_MIN_OVERLAP,
) -> DraftResult:
    """Check citations, figures and names of a draft against its passages and the writer's own texts
    (facts, request). With `apply`, the returned draft has invalid citations removed, uncited paragraphs
    attributed to the passage they draw on (when one supports them enough), and unsupported figures and
    foreign names blanked; without, the findings are listed and the draft is left as is."""
    texts = {p.n: p.text for p in passages}
    paragraphs = [p for p in draft.split("\n\n") if p.strip()]
    checked: list[str] = []
    statuses: list[ParagraphCitations] = []
    removed: list[RemovedCitation] = []
    attributed: list[AttributedCitation] = []
    for i, paragraph in enumerate(paragraphs):
        text, status, dropped = check_paragraph(paragraph, texts, paragraph_index=i)
        if not status.valid:
            text, added = attribute_paragraph(text, texts, paragraph_index=i, min_overlap=attribution_min_overlap)
            if added:
                attributed += added
                markers = tuple(a.n for a in added)
                status = dataclasses.replace(status, valid=markers, attributed=markers)
        checked.append(text)
        statuses.append(status)
        removed += dropped
    cited_anywhere = sorted({n for s in statuses for n in s.valid})

    unsupported: list[UnsupportedNumber] = []
    blanked: list[str] = []
    for i, paragraph in enumerate(checked):
        # A paragraph's figures must come from what it cites; one whose markers were all invalid may
        # still draw on a passage the draft cites elsewhere.
        scope = statuses[i].valid or cited_anywhere
        allowed = allowed_values([*own_texts, *(texts[n] for n in scope)])
        text, found = blank_unsupported(paragraph, allowed, paragraph_index=i)
        blanked.append(text)
        unsupported += found

    final = "\n\n".join(blanked if apply else paragraphs)
    names = find_foreign_names(
        final,
        passages=[p.text for p in passages],
        passage_regions=[p.region for p in passages],
        own_texts=own_texts,
    )
    if apply:
        final = blank_foreign_names(final, names)
    def share(count: int) -> float:
        return round(count / len(statuses), 3) if statuses else 0.0

    by_n = {p.n: p for p in passages}
    return DraftResult(
        draft=final,
        citations=[by_n[n].as_citation() for n in cited_anywhere],
        unsupported_numbers=unsupported,
        removed_citations=removed,
        colloquial=find_colloquial(final),
        copied_spans=find_copied_spans(final, texts),
        foreign_names=names,
        paragraphs_with_valid_citation=share(sum(s.has_valid_citation for s in statuses)),
        paragraphs_with_model_citation=share(sum(s.has_valid_citation and not s.attributed for s in statuses)),
        paragraph_citations=statuses,
        attributed_citations=attributed,
        removed_repeats=[],
        timings={},
        raw_draft=draft,
        verified=apply,
        outline=[],
        passages=list(passages),
        prompt_versions={},
    )


def draft_section(
    request: str,
    *,
    search: SearchFn,
    llm: ChatModel,
    options: DraftOptions = DraftOptions(),
    prompts: DraftPrompts | None = None,
    settings: GenerationSettings = GenerationSettings(),
    verify: bool = True,
    on_event: Callable[[DraftEvent], None] | None = None,
) -> DraftResult:
    """Run `stream_draft` to the end (calling `on_event` for each event) and return its result."""
    for event in stream_draft(
        request, search=search, llm=llm, options=options, prompts=prompts, settings=settings, verify=verify
    ):
        if on_event is not None:
            on_event(event)
        if isinstance(event, Verified):
            return event.result
    raise RuntimeError("drafting ended without a verified result")
