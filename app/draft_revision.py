"""Revision turns of the drafting chat: "再正式一些", "压缩到400字", "补充一是二是三是".

A revision rewrites the previous draft from the SAME passages (so its citations keep their numbers)
and is verified again like a first draft: figures must still come from the facts or a cited passage,
citations must still be supported.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from app.draft_cleanup import drop_echoed_instructions, remove_repeats, strip_source_labels, to_prose, trim_to_length
from app.drafting import NONE_GIVEN, ChatModel, DraftingError, DraftResult, GenerationSettings, Token, Verified, verify_draft
from app.drafting_request import chinese_number
from app.llm_client import LLMError
from app.passage_selection import DATA_END, DATA_START, format_passages, passage_labels
from app.prompt_files import PROMPTS_DIR, load_prompt

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


def is_revision(message: str, *, has_draft: bool) -> bool:
    """True when `message` edits the draft on screen, False when it asks for a new section."""
    text = message.strip()
    if not has_draft or not text or _NEW_REQUEST.match(text):
        return False
    if len(text) <= SHORT_TURN_CHARS or _REFERS_TO_DRAFT.search(text):
        return True
    return len(text) <= EDIT_TURN_MAX_CHARS and bool(_EDIT_WORDS.search(text))


def target_length(instruction: str, previous: str) -> int:
    """The length the instruction asks for ("压缩到400字", "扩写到一千字"), else the previous draft's."""
    match = _TARGET_LENGTH.search(instruction)
    if match:
        value = match.group(1)
        try:
            chars = int(value) if value.isdigit() else chinese_number(value)
        except ValueError:
            chars = 0
        if chars >= 50:
            return chars
    return max(50, len(re.sub(r"\s|\[\d+\]", "", previous)))


def stream_revision(
    previous: DraftResult,
    instruction: str,
    *,
    llm: ChatModel,
    section_type: str,
    facts: Sequence[str] = (),
    own_texts: Sequence[str] = (),
    settings: GenerationSettings = GenerationSettings(),
    prompts_dir: Path = PROMPTS_DIR,
) -> Iterator[Token | Verified]:
    """Stream the revised draft (Token events), then Verified with the checks run again.

    `own_texts` are the writer's earlier texts (the first request): figures in them stay allowed, as do
    figures in the facts and the instruction."""
    if not instruction.strip():
        raise ValueError("the revision instruction is empty")
    started = time.monotonic()
    template = load_prompt("draft_revise", prompts_dir)
    system = load_prompt("draft_system", prompts_dir)
    passages = previous.passages
    chars = target_length(instruction, previous.draft)
    facts = [f.strip() for f in facts if f.strip()]
    user = template.render(
        passages=format_passages(passages),
        facts="\n".join(f"- {f}" for f in facts) or NONE_GIVEN,
        section_type=section_type,
        previous=previous.draft,
        instruction=instruction.strip(),
        chars=chars,
        example=f"[{passages[0].n}]" if passages else "[1]",
    )
    messages = [
        {"role": "system", "content": system.render(data_start=DATA_START, data_end=DATA_END)},
        {"role": "user", "content": user},
    ]
    max_tokens = int(chars * (1 + settings.length_tolerance) * settings.tokens_per_char) + 16
    pieces: list[str] = []
    first_token_at: float | None = None
    try:
        for piece in llm.stream_chat(
            messages,
            max_tokens=max_tokens,
            temperature=settings.temperature,
            frequency_penalty=settings.frequency_penalty,
            extra_body=settings.extra_body,
        ):
            if piece and first_token_at is None:
                first_token_at = time.monotonic()
            pieces.append(piece)
            yield Token(piece)
    except LLMError as exc:
        raise DraftingError(f"drafting stopped while revising: {exc}") from exc

    echoed = template.render(**dict.fromkeys(template.placeholders, ""))
    raw = "\n\n".join(drop_echoed_instructions(to_prose("".join(pieces)), echoed))
    cleaned, repeats = remove_repeats(strip_source_labels(raw, passage_labels(passages)))
    cleaned = trim_to_length(cleaned, int(chars * (1 + settings.length_tolerance)))
    if not cleaned.strip():
        # Only headings or copied passage labels came back: keep the writer's draft rather than blank it.
        raise DraftingError("修改后没有可用的文字（模型只写了标题或材料出处），原稿保留，请换一种说法再试")
    result = verify_draft(cleaned, passages=passages, own_texts=[*facts, *own_texts, instruction])
    finished = time.monotonic()
    yield Verified(
        dataclasses.replace(
            result,
            removed_repeats=repeats,
            raw_draft=raw,
            outline=[],
            prompt_versions={system.name: system.version, template.name: template.version},
            timings={
                "retrieve_s": 0.0,
                "first_token_s": round((first_token_at or finished) - started, 3),
                "draft_s": round(finished - started, 3),
            },
        )
    )
