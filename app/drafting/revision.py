"""Revision turns of the drafting chat: "再正式一些", "压缩到400字", "补充一是二是三是".

A revision rewrites the previous draft from the SAME passages (so its citations keep their numbers)
and is verified again like a first draft: figures must still come from the writer (facts, request,
instruction), citations must still be supported, nothing but the draft reaches the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from app.checks.numbers import FIXED_PHRASES
from app.checks.numerals import whole_number
from app.checks.text import draft_length
from app.checks.topic import Relevance
from app.checks.verify import verify_draft
from app.drafting.cleanup import clean_draft, prose_paragraphs, trim_to_length
from app.drafting.events import Token, Verified
from app.drafting.generation import DraftingError, ModelCalls
from app.drafting.passages import example_marker, format_passages
from app.drafting.prompts import DraftPrompts, facts_block
from app.drafting.request import InvalidRequest
from app.drafting.result import DraftResult
from app.drafting.tuning import GenerationSettings
from app.llm.chat_model import ChatModel

# A turn starting like this asks for a new section, whatever else it says.
_NEW_REQUEST = re.compile(r"^\s*(?:请|帮我|麻烦)?\s*(?:起草|撰写|拟写|草拟|写一段|写一篇|写一份|另写|重新起草|新起草)")
# A turn that points at the draft on screen ("第二段", "语气", "篇幅") edits it, however long it is.
_REFERS_TO_DRAFT = re.compile(r"稿件|稿子|这段|这一段|上文|上面|前面|文中|全文|第[一二三四五六七八九十\d]+段|语气|措辞|篇幅|字数")
# Edit words; a long turn with only these may well be a new topic ("围绕…调整，写出…"), so only short ones count.
_EDIT_WORDS = re.compile(
    r"再|更加|压缩|精简|缩短|删减|删去|删掉|去掉|扩写|扩充|展开|补充|增加|加上|润色|修改|改得|改成|改为|改写|正式|简洁|通顺|口语|一是"
)
EDIT_TURN_MAX_CHARS = 30
# A short turn while a draft is on screen is an edit even without a cue word ("太长了", "不够具体").
SHORT_TURN_CHARS = 15
_TARGET_LENGTH = re.compile(r"(\d+|[一二三四五六七八九十百千两]+)\s*字")
# "再压缩200字" asks for 200 characters fewer, "压缩到200字" for 200 in all; "增加100字" for 100 more.
_SHORTER_BY = re.compile(r"(?:压缩|缩减|减少|删减|缩短|精简|删去|删掉)(?!到|至|为|成)\s*(?:了|约|大约)?\s*$")
_LONGER_BY = re.compile(r"(?:增加|扩充|扩写|补充|增补|加长|多写|增写)(?!到|至|为|成)\s*(?:约|大约)?\s*$")
MIN_REVISION_CHARS = 50


def is_revision(message: str, *, has_draft: bool) -> bool:
    """True when `message` edits the draft on screen, False when it asks for a new section."""
    text = message.strip()
    if not has_draft or not text or _NEW_REQUEST.match(text):
        return False
    if len(text) <= SHORT_TURN_CHARS or _REFERS_TO_DRAFT.search(text):
        return True
    return len(text) <= EDIT_TURN_MAX_CHARS and bool(_EDIT_WORDS.search(text))


def target_length(instruction: str, previous: str) -> int:
    """The length the instruction asks for: in all ("压缩到400字", "扩写到一千字") or by how much
    ("再压缩200字", "增加一百字"), else the previous draft's."""
    current = max(MIN_REVISION_CHARS, draft_length(previous))
    match = _TARGET_LENGTH.search(instruction)
    if match:
        try:
            chars = whole_number(match.group(1))
        except ValueError:
            chars = 0
        before = instruction[: match.start()]
        if _SHORTER_BY.search(before) and chars > 0:
            return max(MIN_REVISION_CHARS, current - chars)
        if _LONGER_BY.search(before) and chars > 0:
            return current + chars
        if chars >= MIN_REVISION_CHARS:
            return chars
    return current


def stream_revision(
    previous: DraftResult,
    instruction: str,
    *,
    llm: ChatModel,
    section_type: str,
    facts: Sequence[str] = (),
    own_texts: Sequence[str] = (),
    fixed_phrases: Sequence[str] = FIXED_PHRASES,
    relevance: Relevance | None = None,
    topic: str = "",
    generation: GenerationSettings = GenerationSettings(),
    prompts: DraftPrompts | None = None,
    chars: int | None = None,
) -> Iterator[Token | Verified]:
    """Stream the revised draft (Token events), then Verified with the checks run again.

    `own_texts` are the writer's earlier texts (the first request): figures in them stay allowed, as do
    figures in the facts and the instruction. With `relevance`, paragraphs off `topic` are dropped as in
    a first draft. `chars`: the target length when the caller worked it out (a part of a document
    sharing the instruction's length with others), else from the instruction. Raises InvalidRequest on
    an empty instruction."""
    if not instruction.strip():
        raise InvalidRequest("the revision instruction is empty")
    prompts = prompts or DraftPrompts.load()
    calls = ModelCalls(llm, prompts.system_text(), generation)
    passages = previous.passages
    chars = chars or target_length(instruction, previous.draft)
    facts = [f.strip() for f in facts if f.strip()]
    user = prompts.revise.render(
        passages=format_passages(passages, fixed_phrases=fixed_phrases),
        facts=facts_block(facts),
        section_type=section_type,
        previous=previous.draft,
        instruction=instruction.strip(),
        chars=chars,
        example=example_marker(passages),
    )
    reply = yield from calls.write(user, chars=chars, stage="revising")
    raw = "\n\n".join(prose_paragraphs(reply, prompts.revise))
    cleaned = clean_draft(raw, passages, topic=topic, relevance=relevance if topic else None, facts=facts)
    text = trim_to_length(cleaned.text, generation.max_chars(chars))
    if not text.strip():
        # Only headings or copied passage labels came back: keep the writer's draft rather than blank it.
        raise DraftingError("修改后没有可用的文字（模型只写了标题或材料出处），原稿保留，请换一种说法再试")
    checks = verify_draft(
        text, passages=passages, own_texts=[*facts, *own_texts, instruction], removed=cleaned.removed,
        fixed_phrases=fixed_phrases,
    )
    yield Verified(
        DraftResult(
            checks=checks,
            passages=passages,
            outline=[],
            raw_draft=raw,
            timings=calls.timings(retrieve_s=0.0),
            prompt_versions=prompts.revision_versions,
        )
    )
