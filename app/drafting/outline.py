"""The outline of a long section: its points, each with the passages it draws on.

The small model is asked for one line per point ("1. 要点 | 来源：1,3"); parsing accepts what it tends
to produce instead (一、 or - bullets, [1][3] markers, full-width punctuation, a chatty first line) and
falls back to points derived from the passages themselves when too little of the reply is usable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.checks.text import CITATION, cited_numbers, support
from app.drafting.passages import Passage

_BULLET = re.compile(r"^\s*(?:[0-9０-９]{1,2}\s*[.．、)）]|[一二三四五六七八九十]{1,3}\s*[、.．是]|[（(][一二三四五六七八九十0-9]{1,3}[）)]|[-*•·])\s*")
_SOURCES = re.compile(r"[|｜]?\s*[（(]?\s*(?:来源|资料|出处|依据)\s*[:：]?\s*([0-9０-９,，、\s和及]+)[）)]?")
_HEADING_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|第[一二三四五六七八九十]+[，,、])\s*")
MIN_TITLE_CHARS = 4
MAX_TITLE_CHARS = 40


@dataclass(frozen=True)
class OutlinePoint:
    title: str
    sources: tuple[int, ...]


def _numbers(text: str) -> list[int]:
    digits = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return [int(x) for x in re.findall(r"\d+", digits)]


def parse_outline(reply: str, passages: Sequence[Passage], *, max_points: int) -> list[OutlinePoint]:
    """Points found in the model's reply; sources outside the passage list are dropped, and a point
    without any usable source gets the passage that best supports its title."""
    valid = {p.n for p in passages}
    points: list[OutlinePoint] = []
    for line in reply.splitlines():
        if not _BULLET.match(line):
            continue  # preamble such as "好的，提纲如下：" is not a point
        body = _BULLET.sub("", line, count=1)
        sources = [n for n in cited_in(body) if n in valid]
        title = CITATION.sub("", _SOURCES.sub("", body))
        title = title.strip(" \t|｜:：;；,，。*#").strip()
        if not MIN_TITLE_CHARS <= len(title) <= MAX_TITLE_CHARS or any(title == p.title for p in points):
            continue
        if not sources and passages:
            sources = [max(passages, key=lambda p: support(title, p.text)).n]
        points.append(OutlinePoint(title, tuple(dict.fromkeys(sources))))
        if len(points) == max_points:
            break
    return points


def cited_in(text: str) -> list[int]:
    numbers = cited_numbers(text)
    if m := _SOURCES.search(text):
        numbers += _numbers(m.group(1))
    return numbers


def _title_of(passage: Passage) -> str:
    heading = passage.heading_path.split(">")[-1].strip() if passage.heading_path else ""
    heading = _HEADING_NUMBER.sub("", heading).strip("。：:")
    if MIN_TITLE_CHARS <= len(heading) <= MAX_TITLE_CHARS:
        return heading
    first = re.split(r"[，。；：,;:]", _HEADING_NUMBER.sub("", passage.text), maxsplit=1)[0]
    return first[:MAX_TITLE_CHARS]


def fallback_outline(passages: Sequence[Passage], *, points: int) -> list[OutlinePoint]:
    """Up to `points` points titled by the headings (or first clauses) of the passages, in rank order;
    passages under a title already taken join that point, the rest join the point with fewest sources
    (several reports often share a heading, and two points under one title would repeat each other)."""
    if points <= 0:
        return []
    groups: dict[str, list[int]] = {}
    spare: list[Passage] = []
    for passage in passages:
        title = _title_of(passage)
        if title in groups:
            groups[title].append(passage.n)
        elif len(groups) < points:
            groups[title] = [passage.n]
        else:
            spare.append(passage)
    for passage in spare:
        min(groups.values(), key=len).append(passage.n)
    return [OutlinePoint(title, tuple(sources)) for title, sources in groups.items()]
