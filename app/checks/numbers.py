"""Every figure in a draft must be traceable: numbers not found in the writer's facts or in the passages a
paragraph cites are blanked to `××` and listed.

Numbers are compared by value, not by spelling: "3,000人", "３０００人", "3000人" and "三千人" are one
figure, "2.3万" equals "23000", "百分之九十二点五" equals "92.5%". A percentage never matches a plain
count of the same value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

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
# Structure words that make a numeral an ordinal or part of a name rather than a figure.
_NOT_A_FIGURE_AFTER = re.compile(r"(?:是|、|个方面|方面|层面|大|届|中全会|五规划)")
# Numerals in political slogans and programme names are part of a fixed expression, not figures.
FIXED_EXPRESSIONS: tuple[str, ...] = (
    "十三五", "十四五", "十五五", "三个课堂", "五育并举", "一个都不能少", "两个维护", "两个确立", "四个意识",
    "四个自信", "三全育人", "五项管理", "两免一补", "三通两平台", "一县一策", "一校一案", "一人一案", "一校一策",
    "双减", "千方百计", "千家万户", "万无一失", "一以贯之", "一体化", "一站式", "一盘棋", "一把手", "一线",
    "四有好老师", "四个引路人", "四个相统一", "三支一扶", "一带一路", "两学一做", "三会一课", "三重一大",
)
# A numeral opening a short quoted term is a slogan or a programme's name (“三个课堂”, “五项管理”).
_QUOTED_TERM = re.compile(r"[“\"「『]([^”\"」』]{1,10})[”\"」』]")
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


def _masked_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in CITATION.finditer(text)]
    spans += [m.span() for m in _ENUMERATION.finditer(text)]
    spans += [m.span() for m in _PARENTHESISED.finditer(text)]
    for expression in FIXED_EXPRESSIONS:
        spans += [(m.start(), m.end()) for m in re.finditer(re.escape(expression), text)]
    for m in _QUOTED_TERM.finditer(text):
        if m.group(1)[0] in NUMERAL_CHARS:
            spans.append(m.span())
    return spans


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def find_numbers(text: str, *, strict: bool = True) -> list[NumberMention]:
    """The figures in `text`. `strict` (for drafts) leaves out ordinals, enumerations, slogans and
    single-character numerals that are not counts; without it (for sources) every numeral counts, since a
    source mention only ever widens what a draft may say."""
    masked = _masked_spans(text) if strict else [m.span() for m in CITATION.finditer(text)]
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
        taken.append((start, end))
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
    if len(numeral) == 1:
        return numeral in "二两三四五六七八九十" and bool(_COUNT_AFTER.match(after))
    return True


def allowed_values(texts: Iterable[str]) -> set[tuple[Decimal, str]]:
    """Comparable values of every figure in the given texts (facts, request, passages)."""
    return {mention.key for text in texts for mention in find_numbers(text, strict=False)}


def blank_unsupported(
    paragraph: str, allowed: set[tuple[Decimal, str]], *, paragraph_index: int
) -> tuple[str, list[UnsupportedNumber]]:
    """Replace each figure of `paragraph` whose value is not in `allowed` by `××`; list what was replaced."""
    unsupported: list[UnsupportedNumber] = []
    pieces: list[str] = []
    cursor = 0
    for mention in find_numbers(paragraph):
        if mention.key in allowed:
            continue
        context = paragraph[max(0, mention.start - 12) : mention.end + 12]
        unsupported.append(UnsupportedNumber(mention.text, paragraph_index, context))
        pieces += [paragraph[cursor : mention.start], BLANK]
        cursor = mention.end
    pieces.append(paragraph[cursor:])
    return "".join(pieces), unsupported
