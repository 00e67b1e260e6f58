"""The model calls of one drafting run or revision, and the one place tokens are streamed from.

Every call of a run shares the system prompt and the sampling settings; the run's clock starts when the
calls are set up, and the first token the writer sees is timed (an outline is not seen).
"""

from __future__ import annotations

import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field

from app.drafting.events import Token
from app.drafting.tuning import GenerationSettings
from app.llm.chat_model import ChatModel
from app.llm.client import LLMError


class DraftingError(LLMError):
    """The LLM failed during a named stage of drafting; the message says which and why."""


@dataclass
class ModelCalls:
    llm: ChatModel
    system: str
    settings: GenerationSettings
    started: float = field(default_factory=time.monotonic)
    first_token_at: float | None = None

    def stream(self, user: str, *, max_tokens: int, stage: str, seen: bool = True) -> Iterator[str]:
        """The reply's pieces as they come; `stage` names the call in a DraftingError, `seen=False`
        keeps a reply the writer does not see (an outline) out of the first-token time."""
        messages = [{"role": "system", "content": self.system}, {"role": "user", "content": user}]
        try:
            for piece in self.llm.stream_chat(
                messages,
                max_tokens=max_tokens,
                temperature=self.settings.temperature,
                frequency_penalty=self.settings.frequency_penalty,
                extra_body=self.settings.extra_body,
            ):
                if piece and seen and self.first_token_at is None:
                    self.first_token_at = time.monotonic()
                yield piece
        except LLMError as exc:
            raise DraftingError(f"drafting stopped while {stage}: {exc}") from exc

    def write(
        self, user: str, *, chars: int, stage: str, stop_at: Sequence[str] = ()
    ) -> Generator[Token, None, str]:
        """Stream a reply of about `chars` characters as Token events; returns the whole reply. The reply
        ends where one of `stop_at` first appears after its start (the call closed, so the model stops
        generating): a point that goes on to "二是……三是……" has started the points that follow it."""
        text, shown = "", 0
        held = max((len(mark) for mark in stop_at), default=1) - 1  # what may be the start of a stop mark
        stream = self.stream(user, max_tokens=self.settings.max_tokens(chars), stage=stage)
        try:
            for piece in stream:
                text += piece
                stops = [i for mark in stop_at if (i := text.find(mark, 1)) != -1]
                if stops:
                    text = text[: min(stops)]
                    break
                if len(text) - held > shown:
                    yield Token(text[shown : len(text) - held])
                    shown = len(text) - held
        finally:
            stream.close()
        if len(text) > shown:
            yield Token(text[shown:])
        return text

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def timings(self, *, retrieve_s: float) -> dict[str, float]:
        finished = time.monotonic()
        return {
            "retrieve_s": round(retrieve_s, 3),
            "first_token_s": round((self.first_token_at or finished) - self.started, 3),
            "draft_s": round(finished - self.started, 3),
        }
