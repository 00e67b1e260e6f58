"""Optional LLM-as-judge: the same OpenAI-compatible endpoint scores a draft 1-5 on a few criteria,
with its prompt in prompts/eval_judge.md. Off by default (`wengao eval --judge`): a small local model
is a weak judge, and its scores are only comparable between runs judged by the same model."""

from __future__ import annotations

import json
import re
from typing import Any

from app.drafting.prompts import PromptTemplate, load_prompt
from app.llm.chat_model import ChatModel
from eval.definitions import JUDGE_CRITERIA

_OBJECT = re.compile(r"\{[^{}]*\}")
_PAIR = re.compile(r"[\"']?([a-z_]+)[\"']?\s*[:：=]\s*([1-5](?:\.\d+)?)")
NONE_GIVEN = "（无）"


def load_judge_prompt() -> PromptTemplate:
    return load_prompt("eval_judge")


def parse_scores(reply: str) -> dict[str, float]:
    """The criteria scores in a judge's reply: a JSON object if one parses, else "name: n" pairs anywhere
    (small models wrap JSON in prose or code fences). Scores outside 1-5 and unknown names are dropped."""
    found: dict[str, Any] = {}
    for candidate in _OBJECT.findall(reply):
        try:
            data = json.loads(candidate)
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict):
            found.update(data)
    if not found:
        found = {name: value for name, value in _PAIR.findall(reply)}
    scores = {}
    for name in JUDGE_CRITERIA:
        try:
            value = float(found[name])
        except (KeyError, TypeError, ValueError):
            continue
        if 1 <= value <= 5:
            scores[name] = value
    return scores


def judge_draft(llm: ChatModel, prompt: PromptTemplate, *, request: str, reference: str | None, draft: str) -> dict[str, float]:
    user = prompt.render(request=request, reference=reference or NONE_GIVEN, draft=draft or NONE_GIVEN)
    reply = "".join(llm.stream_chat([{"role": "user", "content": user}], max_tokens=80, temperature=0.0))
    return parse_scores(reply)
