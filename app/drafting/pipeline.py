"""The drafting pipeline: plan → retrieve → write → complete → verify, each stage a module.

The local model is small (Qwen2.5-Coder-1.5B): asked plainly it copies a passage, repeats it, writes
lists and cites nothing. Quality therefore comes from the stages: few, diverse passages cut to the part
that matches the request (short prompts: on 2 cores prompt processing is most of the time to the first
token), given as quoted numbered data with their figures masked; an outline and one call per point for
sections from 250 characters; token budgets from the target length; list replies turned into prose,
what is not draft, repeats and off-topic paragraphs removed, length trimming; and checks that blank
every figure not the writer's and foreign names, drop citations that support nothing and attribute
uncited paragraphs to the passage they draw on.

`stream_draft` yields events (Retrieved, Outline, Token…, Verified) for the CLI and UI; `draft_section`
runs it to the end and returns the DraftResult.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from app.checks.topic import Relevance
from app.checks.verify import verify_draft
from app.drafting.complete import complete_draft
from app.drafting.events import DraftEvent, Retrieved, Verified
from app.drafting.generation import ModelCalls
from app.drafting.plan import plan_draft
from app.drafting.prompts import DraftPrompts
from app.drafting.request import DraftOptions
from app.drafting.result import DraftResult
from app.drafting.retrieve import SearchFn, retrieve_passages
from app.drafting.tuning import DraftTuning, GenerationSettings
from app.drafting.write import write_draft
from app.llm.chat_model import ChatModel


def stream_draft(
    request: str,
    *,
    search: SearchFn,
    llm: ChatModel,
    options: DraftOptions = DraftOptions(),
    tuning: DraftTuning = DraftTuning(),
    generation: GenerationSettings = GenerationSettings(),
    prompts: DraftPrompts | None = None,
    verify: bool = True,
    relevance: Relevance | None = None,
) -> Iterator[DraftEvent]:
    """Draft the requested section, yielding events as they happen; the last event is Verified.

    With `verify=False` the checks still run and are listed in the result, but `draft` keeps what they
    would change (so a benchmark can show what verification catches). `relevance` (the library's
    embedding cosine, app.library.topic_relevance) keeps passages and paragraphs on the topic. Raises NoPassagesError when
    retrieval finds nothing, DraftingError when the LLM fails, InvalidRequest on an empty request."""
    prompts = prompts or DraftPrompts.load()
    calls = ModelCalls(llm, prompts.system_text(), generation)
    plan = plan_draft(request, options, tuning)
    passages = retrieve_passages(plan, search, tuning, relevance)
    retrieve_s = calls.elapsed()
    yield Retrieved(plan.query, passages)
    written = yield from write_draft(plan, passages, calls, prompts, tuning)
    completed = yield from complete_draft(plan, passages, written, calls, prompts, tuning, relevance)
    checks = verify_draft(
        completed.text, passages=passages, own_texts=plan.own_texts, apply=verify, removed=completed.removed,
        fixed_phrases=plan.fixed_phrases,
    )
    yield Verified(
        DraftResult(
            checks=checks,
            passages=passages,
            outline=written.outline,
            raw_draft=completed.raw,
            timings=calls.timings(retrieve_s=retrieve_s),
            prompt_versions=prompts.versions,
        )
    )


def draft_section(
    request: str,
    *,
    search: SearchFn,
    llm: ChatModel,
    options: DraftOptions = DraftOptions(),
    tuning: DraftTuning = DraftTuning(),
    generation: GenerationSettings = GenerationSettings(),
    prompts: DraftPrompts | None = None,
    verify: bool = True,
    relevance: Relevance | None = None,
    on_event: Callable[[DraftEvent], None] | None = None,
) -> DraftResult:
    """Run `stream_draft` to the end (calling `on_event` for each event) and return its result."""
    events = stream_draft(
        request, search=search, llm=llm, options=options, tuning=tuning, generation=generation, prompts=prompts,
        verify=verify, relevance=relevance,
    )
    for event in events:
        if on_event is not None:
            on_event(event)
        if isinstance(event, Verified):
            return event.result
    raise RuntimeError("drafting ended without a verified result")
