"""The shape of the genre: one level of 一是/二是/三是, in order. A small model restarts the count inside a
point ("四是……一是……二是……") or skips a number; `repair_enumeration` keeps the count running once through
the draft: a lead that restarts it is removed (its sentence stays), a lead that skips is renumbered."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.checks.numerals import chinese_numeral_value

ORDINAL_CHARS = "一二三四五六七八九十"
# An ordinal lead opens a sentence or a clause: at the start of a paragraph, after a sentence end, a
# colon or a comma ("一是严控总量，二是提高质量" is one sentence of two points).
# Citation markers may stand between ("[1] 一是……": a small model sometimes opens with its marker).
_LEAD = re.compile(
    rf"(?P<before>^|[。；！？：:，,\n])(?P<space>\s*(?:[\[［【][\d,，、\s]+[\]］】]\s*)*)(?P<ordinal>[{ORDINAL_CHARS}]{{1,2}})是"
)


@dataclass(frozen=True)
class EnumerationFix:
    lead: str  # the lead as the model wrote it ("一是")
    replaced_by: str  # "" when removed, else the renumbered lead
    paragraph: int


def _ordinal(n: int) -> str:
    return ORDINAL_CHARS[n - 1] if n <= 10 else "十" + ORDINAL_CHARS[n - 11]


def repair_enumeration(text: str) -> tuple[str, list[EnumerationFix]]:
    """`text` with its 一是/二是 leads counting 1, 2, 3… once through the whole text, and what was changed."""
    fixes: list[EnumerationFix] = []
    expected = 1
    paragraphs = text.split("\n\n")
    for index, paragraph in enumerate(paragraphs):
        def fix(m: re.Match[str]) -> str:
            nonlocal expected
            value = int(chinese_numeral_value(m.group("ordinal")))
            lead = m.group("ordinal") + "是"
            keep = m.group("before") + m.group("space")
            if value == expected:
                expected += 1
                return m.group(0)
            if value < expected:  # the count restarts inside a point: the lead goes, the sentence stays
                fixes.append(EnumerationFix(lead, "", index))
                return keep
            renumbered = _ordinal(expected) + "是"
            fixes.append(EnumerationFix(lead, renumbered, index))
            expected += 1
            return keep + renumbered

        paragraphs[index] = _LEAD.sub(fix, paragraph)
    return "\n\n".join(paragraphs), fixes


def enumeration_problems(text: str) -> list[EnumerationFix]:
    """What `repair_enumeration` would change: empty when the leads count once through, in order."""
    return repair_enumeration(text)[1]
