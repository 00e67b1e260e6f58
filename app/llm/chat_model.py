"""What drafting and evaluation need of an LLM: a streamed chat reply. `LLMClient` has it; tests may
pass anything else that does."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol


class ChatModel(Protocol):
    def stream_chat(
        self,
        messages: Sequence[Mapping[str, Any]],
        *,
        max_tokens: int,
        temperature: float = ...,
        frequency_penalty: float = ...,
        extra_body: Mapping[str, Any] | None = ...,
    ) -> Iterator[str]: ...
