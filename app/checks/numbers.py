"""Figures come from the writer: a number in a draft that is not in the writer's facts or request is
blanked to `××` and listed. The passages are earlier years' or other offices' reports, so a figure found
there is exactly what must not reach this year's draft; the passages shown to the model have their
figures masked (`mask_figures`) so they lend wording, not numbers.

Numbers are compared by value, not by spelling: "3,000人", "３０００人", "3000人" and "三千人" are one
figure, "2.3万" equals "23000", "百分之九十二点五" equals "92.5%". A percentage never matches a plain
count of the same value.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from app.checks.numerals import (
    DIGIT_CHARS,
    NUMERAL_CHARS,
    chinese_numeral_value,
    decimal_of,
)
from app.checks.text import CITATION

BLANK = "××"

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")

# Arabic figure: digits with optional thousands separators and decimals, then an optional percent sign
# or a 万/亿/千 multiplier. Only the digits are blanked, so "××万人" and "××%" still read as a sentence.
_ARABIC = re.compile(
    r"(?<![0-9０-９.．])"
    r"(?P<digits>[0-9０-９]{1,3}(?:[,，][0-9０-９]{3})+(?![0-9０-９])|[0-9０-９]+)"
    r"(?P<decimals>[.．][0-9０-９]+)?"
    r"(?P<suffix>\s*(?:[%％‰]|万亿|亿|万|千))?"
)
_CHINESE = re.compile(
    rf"(?P<pct>百分之|千分之)?(?P<num>[{NUMERAL_CHARS}]+(?:点[{DIGIT_CHARS}]+)?)"
)

# Measure words after a single-character numeral that make it a count ("三所", "五名", "两万").
# A bare single character otherwise is far more often part of a word (一流, 三中全会, 十分) than a figure.
_COUNT_AFTER = re.compile(
    r"(?:所|名|人|位|万|亿|元|家|户|座|间|台|套|本|册|次|场|期|批|项|个|支|节|门|类|篇|件|处|条|村|校|园"
    r"|班|届|年|月|天|小时|课时|学时|平方米|亩|公里|倍|成|余|多)"
)
# Numeral characters that only scale a number: alone they are no figure.
_MAGNITUDES = "十百千万亿"
# Structure words that make a numeral an ordinal or part of a name rather than a figure.
_NOT_A_FIGURE_AFTER = re.compile(r"(?:是|、|个方面|方面|层面|大|届|中全会|五规划)")
# Phrases of the register that contain numerals ("十四五", "两免一补", "2035年远景目标") are not figures.
FIXED_PHRASES_FILE = Path(__file__).resolve().parent / "data" / "fixed_phrases.txt"


def read_fixed_phrases(path: Path) -> tuple[str, ...]:
    """The phrases of a phrase file: one a line, blank lines and lines starting with # ignored.
    Raises OSError or UnicodeDecodeError as reading does."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8-sig").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


FIXED_PHRASES: tuple[str, ...] = read_fixed_phrases(FIXED_PHRASES_FILE)


def with_writer_phrases(writer_phrases: Iterable[str]) -> tuple[str, ...]:
    """The built-in fixed phrases and the writer's own, each once."""
    return tuple(dict.fromkeys((*FIXED_PHRASES, *(p.strip() for p in writer_phrases if p.strip()))))
# A numeral opening a short quoted term is a slogan or a programme's name (“三个课堂”, “五项管理”,
# “一年入格、三年合格、五年骨干”).
_QUOTED_TERM = re.compile(r"[“\"「『]([^”\"」』]{1,16})[”\"」』]")
_ENUMERATION = re.compile(r"(?m)^\s*(?:[0-9０-９]{1,2}[.．、]|[（(][0-9０-９一二三四五六七八九十]{1,3}[）)])")
_PARENTHESISED = re.compile(r"[（(][一二三四五六七八九十]{1,3}[）)]")


@dataclass(frozen=True)
class NumberMention:
    """One figure in a text: where it is, how it was written, and its comparable value."""

    start: int
    end: int
    text: str
    value: Decimal
    kind: str  # "percent", "permille" or "plain"

    @property
    def key(self) -> tuple[Decimal, str]:
        return (self.value.normalize(), self.kind)


@dataclass(frozen=True)
class UnsupportedNumber:
    text: str
    paragraph: int
    context: str


def _masked_spans(text: str, fixed_phrases: Sequence[str]) -> list[tuple[int, int]]:
    spans = [m.span() for m in CITATION.finditer(text)]
    spans += [m.span() for m in _ENUMERATION.finditer(text)]
    spans += [m.span() for m in _PARENTHESISED.finditer(text)]
    if fixed_phrases:
        spans += [m.span(1) for m in _phrase_pattern(tuple(fixed_phrases)).finditer(text)]
    for m in _QUOTED_TERM.finditer(text):
        if m.group(1)[0] in NUMERAL_CHARS:
            spans.append(m.span())
    return spans


@functools.lru_cache(maxsize=8)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Every occurrence of any phrase, overlapping ones included (a lookahead at each position, the
    longest phrase there first): one pass over the text instead of one per phrase."""
    alternatives = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(f"(?=({alternatives}))")


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def find_numbers(
    text: str, *, strict: bool = True, fixed_phrases: Sequence[str] = FIXED_PHRASES
) -> list[NumberMention]:
    """The figures in `text`. `strict` (for drafts and the passages shown) leaves out ordinals,
    enumerations, fixed phrases and single-character numerals that are not counts; without it (for the
    writer's own texts) every numeral counts, since a mention there only ever widens what a draft may say."""
    masked = _masked_spans(text, fixed_phrases) if strict else [m.span() for m in CITATION.finditer(text)]
    mentions: list[NumberMention] = []
    taken: list[tuple[int, int]] = []
    for m in _ARABIC.finditer(text):
        start, end = m.span("digits")
        if m.group("decimals"):
            end = m.end("decimals")
        if _inside(masked, start, end):
            continue
        number = m.group("digits").translate(_FULL_WIDTH_DIGITS).replace(",", "")
        number += (m.group("decimals") or "").translate(_FULL_WIDTH_DIGITS)
        value, kind = _with_suffix(decimal_of(number), (m.group("suffix") or "").strip())
        mentions.append(NumberMention(start, end, text[start:end], value, kind))
        taken.append((start, m.end()))  # the multiplier too: 万亿 in "1.2万亿" is no figure of its own
    for m in _CHINESE.finditer(text):
        start, end = m.span()
        numeral = m.group("num")
        if _inside(masked, start, end) or _inside(taken, start, end):
            continue
        if strict and not m.group("pct") and not _is_figure(text, m.start("num"), m.end("num"), numeral):
            continue
        try:
            value = chinese_numeral_value(numeral)
        except ValueError:
            continue  # "点" after a lone unit and the like: not a numeral after all
        kind = {"百分之": "percent", "千分之": "permille"}.get(m.group("pct") or "", "plain")
        num_start = m.start("num")
        mentions.append(NumberMention(num_start, end, numeral, value, kind))
    return sorted(mentions, key=lambda n: n.start)


def _with_suffix(value: Decimal, suffix: str) -> tuple[Decimal, str]:
    if suffix in ("%", "％"):
        return value, "percent"
    if suffix == "‰":
        return value, "permille"
    multiplier = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 1000}.get(suffix, 1)
    return value * multiplier, "plain"


def _is_figure(text: str, start: int, end: int, numeral: str) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end:]
    if before == "第" or _NOT_A_FIGURE_AFTER.match(after):
        return False
    if set(numeral) <= {"一"}:
        return False  # 一流, 统一, 一一对应: the character is a word, not a figure
    if set(numeral) <= set(_MAGNITUDES) and (text[:start].endswith(BLANK) or set(numeral) <= {"万", "亿"}):
        return False  # ××万亿元: the blank's unit (in a check-half draft); 亿万人民: a word
    if len(numeral) == 1:
        return numeral in "二两三四五六七八九十" and bool(_COUNT_AFTER.match(after))
    return True


def allowed_values(texts: Iterable[str]) -> set[tuple[Decimal, str]]:
    """Comparable values of every figure in the given texts (the writer's facts and request)."""
    return {mention.key for text in texts for mention in find_numbers(text, strict=False)}


def mask_figures(text: str, *, fixed_phrases: Sequence[str] = FIXED_PHRASES) -> str:
    """`text` with every figure written `××`: what a passage shows the model, so that it borrows the
    wording of an earlier report and not its numbers."""
    return _replace(text, find_numbers(text, fixed_phrases=fixed_phrases))


def _replace(text: str, mentions: Sequence[NumberMention]) -> str:
    pieces: list[str] = []
    cursor = 0
    for mention in mentions:
        pieces += [text[cursor : mention.start], BLANK]
        cursor = mention.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def blank_unsupported(
    paragraph: str,
    allowed: set[tuple[Decimal, str]],
    *,
    paragraph_index: int,
    fixed_phrases: Sequence[str] = FIXED_PHRASES,
) -> tuple[str, list[UnsupportedNumber]]:
    """Replace each figure of `paragraph` whose value is not in `allowed` by `××`; list what was replaced."""
    unsupported: list[UnsupportedNumber] = []
    blanked: list[NumberMention] = []
    for mention in find_numbers(paragraph, fixed_phrases=fixed_phrases):
        if mention.key in allowed:
            continue
        context = paragraph[max(0, mention.start - 12) : mention.end + 12]
        unsupported.append(UnsupportedNumber(mention.text, paragraph_index, context))
        blanked.append(mention)
    return _replace(paragraph, blanked), unsupported
