"""The constants drafting is tuned with, apart from what the writer asks (app.drafting.request).

Defaults are what bench/drafting_benchmark.py measured best with the small local model; tests shrink
them to exercise outlining on short texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DraftTuning:
    max_passages: int = 6
    per_document: int = 2
    search_k: int = 16
    # Each passage is shown to the model cut to this many characters: what a point sees bounds what it can
    # paste (tuning half: 2 passages of 200 characters gave a pasted share of 0.53).
    excerpt_chars: int = 100
    # ... and to the first point's call cut shorter: the writer waits for its whole prompt to be read
    # (about 75 prompt tokens/s on 2 cores) before the first word appears.
    first_point_excerpt_chars: int = 80
    short_passages: int = 3  # passages shown to the single call of a short section
    point_passages: int = 1  # passages shown to the call writing one point
    # Sections at least this long are outlined and written point by point. A single call shown three
    # passages for 300-400 characters pasted them (tuning half: pasted share 0.6-1.0 on such sections).
    outline_from_chars: int = 250
    outline_by_model: bool = False  # False: points from the passages' headings, saving a call before the first token
    chars_per_point: int = 200
    # Each point asks for this much more than its share of the length: the 1.5B model writes points short,
    # the shorter the less it is shown (tuning half, one 100-character passage a point and a boost of
    # 1.15: length ratio 0.73).
    point_length_boost: float = 1.3
    default_length: int = 400
    # A draft short of its target on the page by more than this share gets one more point, up to
    # max_continuations of them (the writer expects the length asked within ±20%).
    continue_below: float = 0.15
    max_continuations: int = 3


@dataclass(frozen=True)
class GenerationSettings:
    """Sampling settings found to keep the small model from copying and looping (ARCHITECTURE.md)."""

    temperature: float = 0.3
    frequency_penalty: float = 0.5
    repeat_penalty: float = 1.15
    tokens_per_char: float = 1.4  # Qwen's tokenizer: about 1.0-1.5 tokens per Chinese character
    length_tolerance: float = 0.2  # the writer expects the length asked within ±20%
    # A fixed seed makes runs comparable (the local server samples from it); None: a new draft each time.
    seed: int | None = None

    @property
    def extra_body(self) -> dict[str, Any]:
        """What llama.cpp's server reads beyond the OpenAI parameters (other endpoints ignore it)."""
        return {"repeat_penalty": self.repeat_penalty} | ({"seed": self.seed} if self.seed is not None else {})

    def max_tokens(self, chars: int) -> int:
        """The token budget of a reply of about `chars` characters, with the length tolerance."""
        return int(chars * (1 + self.length_tolerance) * self.tokens_per_char) + 16

    def max_chars(self, chars: int) -> int:
        """The most characters a draft of target `chars` may keep."""
        return int(chars * (1 + self.length_tolerance))
