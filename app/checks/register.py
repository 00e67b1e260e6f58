"""Colloquial markers have no place in the official register. They are flagged with their position for
the writer, not removed: deleting a particle can break a sentence, rewording is the writer's call."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Each pattern carries its own guard against the formal words that contain the same character
# (挺进, 野蛮, 超级计算机).
COLLOQUIAL_PATTERNS: tuple[tuple[str, str], ...] = (
    ("吧", r"吧(?=[。！？，,!?；\s]|$)"),
    ("呢", r"呢(?=[。！？，,!?；\s]|$)"),
    ("啊", r"啊"),
    ("嘛", r"嘛"),
    ("呀", r"呀"),
    ("哦", r"哦"),
    ("我觉得", r"我觉得"),
    ("我感觉", r"我感觉"),
    ("挺", r"挺(?![进身拔立起])"),
    ("蛮", r"(?<!野)蛮(?!横)"),
    ("超级", r"超级(?!计算)"),
    ("特别特别", r"特别特别"),
    ("非常非常", r"非常非常"),
    ("啥", r"啥"),
    ("咋", r"咋"),
    ("搞定", r"搞定"),
    ("反正", r"反正"),
    ("好像", r"好像"),
    ("没准", r"没准"),
    ("老是", r"老是"),
)
_COMPILED = tuple((marker, re.compile(pattern)) for marker, pattern in COLLOQUIAL_PATTERNS)


@dataclass(frozen=True)
class ColloquialMarker:
    marker: str
    start: int
    end: int
    context: str


def find_colloquial(text: str) -> list[ColloquialMarker]:
    found = [
        ColloquialMarker(marker, m.start(), m.end(), text[max(0, m.start() - 10) : m.end() + 10])
        for marker, pattern in _COMPILED
        for m in pattern.finditer(text)
    ]
    return sorted(found, key=lambda c: c.start)
