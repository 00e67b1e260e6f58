"""Score a cleaned page against the gold of its NoisyDocument: body sentences kept, noise pieces left.

Whitespace is ignored except line breaks: a body sentence counts as kept only when it is found whole
on one output line, in order after the previous kept one (a sentence split by a page marker must be
joined again). Noise is looked for by position: the output between two kept sentences can only hold
the noise injected between them, so a short piece ("- 3 -") is never confused with the same
characters elsewhere in the report. A piece is left when a part of it of at least
min(4, half its length, rounded up) characters survives there.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from bench.noise_generator import NoisePiece, NoisyDocument

_IGNORED_RE = re.compile(r"[^\S\n]|[\u200b-\u200d\u2060\ufeff\u00ad]")
_SENTENCE_RE = re.compile(r"[^。！？!?；;]+[。！？!?；;]*|[。！？!?；;]+")


@dataclass
class CleaningScore:
    sentences: int = 0
    sentences_kept: int = 0
    pieces: Counter = field(default_factory=Counter)  # noise class -> pieces injected
    pieces_left: Counter = field(default_factory=Counter)  # pieces with a part left
    chars: Counter = field(default_factory=Counter)  # noise class -> characters injected
    chars_left: Counter = field(default_factory=Counter)
    stray_chars: int = 0  # output characters that are neither a kept sentence nor injected noise
    lost: list[str] = field(default_factory=list)  # body sentences not found
    left: list[tuple[str, str]] = field(default_factory=list)  # (class, piece) with a part left

    def add(self, other: CleaningScore) -> None:
        self.sentences += other.sentences
        self.sentences_kept += other.sentences_kept
        self.stray_chars += other.stray_chars
        for mine, theirs in ((self.pieces, other.pieces), (self.pieces_left, other.pieces_left),
                             (self.chars, other.chars), (self.chars_left, other.chars_left)):
            mine.update(theirs)
        self.lost.extend(other.lost)
        self.left.extend(other.left)


@dataclass(frozen=True)
class _Sentence:
    line: int
    start: int
    end: int
    text: str  # normalised


def normalise(text: str) -> str:
    """Whitespace other than line breaks and zero-width characters removed."""
    return _IGNORED_RE.sub("", text)


def score_cleaning(doc: NoisyDocument, cleaned: str) -> CleaningScore:
    score = CleaningScore()
    out = normalise(cleaned)
    sentences = _body_sentences(doc.body_lines)
    score.sentences = len(sentences)
    found: list[tuple[int, int, int]] = []  # (sentence index, start, end) in `out`
    position = 0
    for index, sentence in enumerate(sentences):
        at = out.find(sentence.text, position)
        if at < 0:
            score.lost.append(sentence.text)
            continue
        found.append((index, at, at + len(sentence.text)))
        position = at + len(sentence.text)
    score.sentences_kept = len(found)
    kept = {index for index, _, _ in found}
    regions = _regions(out, found, len(sentences))
    by_region: dict[int, list[NoisePiece]] = {}
    for piece in doc.noise:
        text = normalise(piece.text)
        score.pieces[piece.kind] += 1
        score.chars[piece.kind] += len(text)
        before, inside = _place(piece, sentences)
        if inside and before in kept:
            continue  # the sentence it was glued into is whole again
        region = next(r for r, (first, last, _) in enumerate(regions) if first <= before <= last)
        by_region.setdefault(region, []).append(piece)
    for region, (_, _, residue) in enumerate(regions):
        for piece in by_region.get(region, []):
            residue, left = _take_leftovers(normalise(piece.text), residue)
            if left:
                score.pieces_left[piece.kind] += 1
                score.chars_left[piece.kind] += left
                score.left.append((piece.kind, piece.text))
        score.stray_chars += len(residue)
    return score


def _body_sentences(lines: tuple[str, ...]) -> list[_Sentence]:
    sentences = []
    for i, line in enumerate(lines):
        for m in _SENTENCE_RE.finditer(line):
            text = normalise(m.group())
            if text:
                sentences.append(_Sentence(i, m.start(), m.end(), text))
    return sentences


def _regions(out: str, found: list[tuple[int, int, int]], n_sentences: int) -> list[tuple[int, int, str]]:
    """(first, last, text): the output between two kept sentences, which holds the pieces placed
    after `first - 1` and up to `last` sentences (line breaks dropped)."""
    regions = []
    previous_index, previous_end = -1, 0
    for index, start, end in found:
        regions.append((previous_index + 1, index, out[previous_end:start].replace("\n", "")))
        previous_index, previous_end = index, end
    regions.append((previous_index + 1, n_sentences, out[previous_end:].replace("\n", "")))
    return regions


def _place(piece: NoisePiece, sentences: list[_Sentence]) -> tuple[int, bool]:
    """(sentences before the piece, whether it sits inside the next one)."""
    before = 0
    for sentence in sentences:
        if sentence.line < piece.line or (sentence.line == piece.line and sentence.end <= piece.offset):
            before += 1
        elif sentence.line == piece.line and sentence.start < piece.offset:
            return before, True
        else:
            break
    return before, False


def _take_leftovers(piece: str, residue: str) -> tuple[str, int]:
    """Remove from `residue` the parts of `piece` that survived; (rest, characters of the piece left)."""
    need = min(4, max(1, (len(piece) + 1) // 2))
    left = 0
    remaining = piece
    while remaining and residue:
        match = SequenceMatcher(None, remaining, residue, autojunk=False).find_longest_match(
            0, len(remaining), 0, len(residue))
        if match.size < need:
            break
        left += match.size
        residue = residue[: match.b] + residue[match.b + match.size:]
        remaining = remaining[: match.a] + "\0" + remaining[match.a + match.size:]
    return residue, left
