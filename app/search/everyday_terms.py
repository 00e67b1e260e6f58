"""Everyday words in a writer's question, and the official (公文) terms earlier reports use for them.

Writers search earlier reports in the words they speak: 看病贵, 上学难, 找工作, 房价. The reports say
医疗费用负担, 入学, 就业, 房地产市场. A keyword (BM25) search for the everyday word misses the passages
that matter, so `EverydayTerms.find` names the official terms for each everyday word in a question and
the keyword side of search adds them to its query; the dense side keeps the question as written.

The map is a small, curated list a writer can read (data/everyday_terms.txt), extended by the writer's
own file in the same format: `everyday / other spelling = official term, official term`. Matching is
plain substring search, longest spelling first, so the list keeps its spellings specific and says
where one is risky.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

EVERYDAY_TERMS_FILE = Path(__file__).resolve().parent / "data" / "everyday_terms.txt"

# Longer than this is a sentence or a missing separator, not a word or a term.
MAX_TERM_LENGTH = 20

# Writers type the list in a Chinese input method as often as not: its full-width punctuation counts.
_FULL_WIDTH_SEPARATORS = str.maketrans({"＝": "=", "／": "/", "，": ",", "、": ","})


class EverydayTermsError(ValueError):
    """An everyday-terms file cannot be read or has a malformed line; the message names file and line."""


def read_everyday_terms(path: Path) -> dict[str, tuple[str, ...]]:
    """Everyday spelling -> its official terms, in file order, from a file of lines
    `everyday / other spelling = official term, official term` (`#` comments, blank lines ignored).
    A spelling given twice in one file is an error: the second line would silently add to the first."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EverydayTermsError(f"cannot read everyday terms {path}: {exc}") from exc
    terms: dict[str, tuple[str, ...]] = {}
    first_line: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.split("#", 1)[0].translate(_FULL_WIDTH_SEPARATORS).strip()
        if not line:
            continue

        def fail(problem: str) -> EverydayTermsError:
            return EverydayTermsError(f"{path}:{number}: {problem}: {raw.strip()!r}")

        if line.count("=") != 1:
            raise fail("expected 'everyday words = official term, official term'")
        left, right = line.split("=")
        spellings = [word.strip() for word in left.split("/")]
        official = [term.strip() for term in right.split(",")]
        if not all(spellings):
            raise fail("an everyday word before '=' is empty")
        if not all(official):
            raise fail("an official term after '=' is empty")
        for word in (*spellings, *official):
            if len(word) > MAX_TERM_LENGTH:
                raise fail(f"{word!r} is longer than {MAX_TERM_LENGTH} characters")
        for word in spellings:
            if word in first_line:
                raise fail(f"{word!r} is already given on line {first_line[word]}")
            first_line[word] = number
            terms[word] = tuple(dict.fromkeys(official))
    return terms


@dataclass(frozen=True)
class TermMatch:
    """An everyday word found in a question and the official terms to search for with it."""

    everyday: str  # as found in the question
    official: tuple[str, ...]
    start: int
    end: int


class EverydayTerms:
    """The everyday words search understands: `find` names the official terms for those in a question."""

    def __init__(self, mapping: Mapping[str, Sequence[str]]) -> None:
        self._terms: dict[str, tuple[str, ...]] = {
            word: tuple(dict.fromkeys(official)) for word, official in mapping.items()
        }
        # Longest first, so that 上学难 is taken before a shorter spelling inside it could be.
        self._spellings = sorted(self._terms, key=len, reverse=True)
        official_terms = sorted({term for terms in self._terms.values() for term in terms}, key=len, reverse=True)
        # Every occurrence of any official term in one pass (a lookahead at each position, the longest
        # term there first): one search a term cost more than the rest of reading a question.
        self._official = re.compile(f"(?=({'|'.join(map(re.escape, official_terms))}))") if official_terms else None

    @classmethod
    def load(cls, user_file: Path | None = None) -> EverydayTerms:
        """The built-in list, extended by the writer's file: an everyday word both give gets the
        built-in terms, then the writer's."""
        mapping: dict[str, list[str]] = {
            word: list(official) for word, official in read_everyday_terms(EVERYDAY_TERMS_FILE).items()
        }
        if user_file is not None:
            for word, official in read_everyday_terms(Path(user_file)).items():
                mapping.setdefault(word, []).extend(official)
        return cls(mapping)

    def find(self, question: str) -> list[TermMatch]:
        """The everyday words in `question` in order of position, longest first where they overlap.

        A word lying inside a longer official term the question already contains (看病 in 看病就医) is
        not everyday there. A term the question already contains, or an earlier match already gave, is
        not given again; a word left with no term to add is not reported.
        """
        written = [m.span(1) for m in self._official.finditer(question)] if self._official else []
        taken: list[tuple[int, int, str]] = []
        for word in self._spellings:
            start = question.find(word)
            while start != -1:
                end = start + len(word)
                inside_official = any(s <= start and end <= e and e - s > end - start for s, e in written)
                overlapping = any(start < e and s < end for s, e, _ in taken)
                if not inside_official and not overlapping:
                    taken.append((start, end, word))
                start = question.find(word, start + 1)
        matches: list[TermMatch] = []
        given: set[str] = set()
        for start, end, word in sorted(taken):
            official = tuple(t for t in self._terms[word] if t not in question and t not in given)
            if official:
                given.update(official)
                matches.append(TermMatch(word, official, start, end))
        return matches

    def __len__(self) -> int:
        """The number of everyday spellings understood."""
        return len(self._terms)
