"""Chinese keyword tokenizer for BM25: jieba with a 公文 term list, punctuation and function words dropped."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import unicodedata
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Literal

import jieba

DOMAIN_TERMS_RESOURCE = "gongwen_terms.txt"

# Single characters that carry no topic in official prose; multi-character words are all kept because
# BM25's idf already discounts the frequent ones.
FUNCTION_CHARACTERS = frozenset(
    "的了和与及在是等对为把被将也就都而之其或并以于由从向即则所着过很更又再还已且但使让给"
)

TokenizerMode = Literal["precise", "search"]

# jieba logs "Building prefix dict ..." at INFO through its module logger on every dictionary load.
logging.getLogger("jieba").setLevel(logging.WARNING)


class TermListError(ValueError):
    """A term list file cannot be read or has a malformed line."""


def read_term_list(path: Path) -> list[tuple[str, int | None]]:
    """Parse a term list: one term a line, an optional integer frequency after whitespace, # comments."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise TermListError(f"cannot read term list {path}: {exc}") from exc
    terms: list[tuple[str, int | None]] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) > 2 or (len(parts) == 2 and not parts[1].isdigit()):
            raise TermListError(f"{path}:{number}: expected 'TERM' or 'TERM FREQUENCY', got {raw!r}")
        terms.append((parts[0], int(parts[1]) if len(parts) == 2 else None))
    return terms


def _is_content_token(token: str) -> bool:
    if not token.strip():
        return False
    if all(unicodedata.category(ch)[0] in "PSZC" for ch in token):
        return False
    return not (len(token) == 1 and token in FUNCTION_CHARACTERS)


class ChineseTokenizer:
    """Tokenises text into BM25 terms with a private jieba dictionary (the global one is left untouched).

    ``mode="search"`` also emits every dictionary word inside a longer word (义务教育优质均衡发展 -> 义务教育,
    优质均衡, 教育, 均衡 ...), so a query for 优质均衡 matches a passage that uses the long compound. jieba's
    own search mode only emits the 2- and 3-character pieces, which misses 4-character terms.
    """

    def __init__(
        self,
        *,
        mode: TokenizerMode = "search",
        user_terms: Path | None = None,
        include_domain_terms: bool = True,
    ) -> None:
        if mode not in ("precise", "search"):
            raise ValueError(f"tokenizer mode must be 'precise' or 'search', got {mode!r}")
        self.mode: TokenizerMode = mode
        self._jieba = jieba.Tokenizer()
        self._lock = threading.Lock()
        terms: list[tuple[str, int | None]] = []
        if include_domain_terms:
            domain_file = resources.files("vectorstore").joinpath("data", DOMAIN_TERMS_RESOURCE)
            with resources.as_file(domain_file) as domain_path:
                terms.extend(read_term_list(domain_path))
        if user_terms is not None:
            terms.extend(read_term_list(Path(user_terms)))
        self.terms: tuple[str, ...] = tuple(term for term, _ in terms)
        self._term_entries = sorted((term, frequency or 0) for term, frequency in terms)
        # Loading the ~350k-word dictionary takes ~0.5 s; it happens here, once, not on the first query.
        self._jieba.initialize()
        for term, frequency in terms:
            self._jieba.add_word(term, freq=frequency)

    def tokenize(self, text: str) -> list[str]:
        with self._lock:
            words = self._jieba.lcut(text)
        tokens: list[str] = []
        for word in words:
            if not _is_content_token(word):
                continue
            tokens.append(word.lower())
            if self.mode == "search" and len(word) > 2:
                tokens.extend(self._inner_words(word))
        return tokens

    def _inner_words(self, word: str) -> list[str]:
        known = self._jieba.FREQ
        return [
            word[start : start + length]
            for length in range(2, len(word))
            for start in range(len(word) - length + 1)
            if known.get(word[start : start + length])
        ]

    def tokenize_many(self, texts: Iterable[str]) -> list[list[str]]:
        return [self.tokenize(text) for text in texts]

    @property
    def signature(self) -> str:
        """Changes whenever the token stream would: stored tokens with another signature are stale."""
        payload = json.dumps(
            {"mode": self.mode, "terms": self._term_entries, "stop": sorted(FUNCTION_CHARACTERS)},
            ensure_ascii=False,
        )
        return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:16]
