"""Names of places, schools and programmes that a draft takes over from other organisations' reports.

The passages are earlier reports of other counties; a draft that says "青石县第二中学" where the writer
works in another county is wrong in a way no reader forgives. Names are collected from the passages (their
region metadata, place and school names found with jieba's part-of-speech tags, quoted programme names),
then looked for in the draft; a name the writer gave (facts, request) is the writer's own and is kept.

Place and school names are blanked to "××县" / "××中学" (the suffix stays so the sentence still reads):
like an unsupported figure, a foreign name is a fact the writer must supply. Programme names are only
flagged: many (“国培计划”, “特岗计划”) are national programmes that every county legitimately runs.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import jieba
import jieba.posseg as posseg

from app.checks.numbers import BLANK

jieba.setLogLevel(logging.WARNING)

PLACE_SUFFIXES = ("县", "市", "镇", "乡")
SCHOOL_SUFFIXES = ("中学", "小学", "幼儿园", "中心校", "学校")
_PROPER_TAGS = {"ns", "nr", "nz", "nt", "nrt", "nrfg"}
_SCHOOL_MODIFIERS = {"实验", "中心", "民族", "职业", "师范", "附属", "第一", "第二", "第三", "初级", "高级", "九年一贯制"}
# First characters of generic place words: 全县, 本市, 各乡, 城区, 县市…
_GENERIC_PLACE_START = set("全本各该我城市县乡镇区郊社片园辖地山校景外省")
_PROGRAMME = re.compile(r"“([^”“]{2,16}(?:计划|工程|行动|项目))”")


@dataclass(frozen=True)
class ForeignName:
    name: str
    kind: str  # "place", "school" or "programme"
    start: int
    end: int
    blanked: bool


# Common nouns of places: jieba tags "在城镇" (in towns) as a name, which a word of one character before
# such a noun never is here (tuning half: "常住人口在城镇落户" became "常住人口××镇落户").
_GENERIC_PLACE_NOUNS = {"城镇", "乡镇", "城市", "集镇", "县市", "市县", "县城"}


def _is_place(word: str) -> bool:
    return (
        len(word) >= 3
        and word.endswith(PLACE_SUFFIXES)
        and word[0] not in _GENERIC_PLACE_START
        and not (len(word) == 3 and word[1:] in _GENERIC_PLACE_NOUNS)
    )


def _merged_places(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """jieba often cuts an unknown county as 松岭/县: join a proper name and a following place suffix."""
    merged: list[tuple[str, str]] = []
    for word, flag in tokens:
        if word in PLACE_SUFFIXES and merged and merged[-1][1] in _PROPER_TAGS:
            merged[-1] = (merged[-1][0] + word, "ns")
        else:
            merged.append((word, flag))
    return merged


def names_in(text: str) -> set[tuple[str, str]]:
    """(name, kind) of the places, schools and quoted programmes named in `text`."""
    found: set[tuple[str, str]] = {(m.group(1), "programme") for m in _PROGRAMME.finditer(text)}
    tokens = _merged_places([(pair.word, pair.flag) for pair in posseg.cut(text)])
    for i, (word, flag) in enumerate(tokens):
        if _is_place(word):
            found.add((word, "place"))
        if not word.endswith(SCHOOL_SUFFIXES):
            continue
        parts, proper = [], False
        for prev, prev_flag in reversed(tokens[max(0, i - 4) : i]):
            if _is_place(prev) or prev_flag in _PROPER_TAGS:
                proper = True
            elif not (prev in _SCHOOL_MODIFIERS or (prev.startswith("第") and prev_flag == "m")):
                break
            parts.insert(0, prev)
        if proper:
            found.add(("".join(parts) + word, "school"))
    return found


def find_foreign_names(
    draft: str,
    *,
    passages: Sequence[str],
    passage_regions: Iterable[str],
    own_texts: Iterable[str],
) -> list[ForeignName]:
    """Names from the passages that occur in the draft and in none of the writer's own texts."""
    own = "\n".join(own_texts)
    candidates = {(region, "place") for region in passage_regions if region and len(region) >= 2}
    for text in passages:
        candidates |= names_in(text)
    found: list[ForeignName] = []
    covered: list[tuple[int, int]] = []
    # Longer names first, so "青石县第二中学" is one school rather than a place plus leftovers.
    for name, kind in sorted(candidates, key=lambda c: -len(c[0])):
        if name in own:
            continue
        for m in re.finditer(re.escape(name), draft):
            if any(s <= m.start() and m.end() <= e for s, e in covered):
                continue
            covered.append(m.span())
            found.append(ForeignName(name, kind, m.start(), m.end(), blanked=kind != "programme"))
    return sorted(found, key=lambda f: f.start)


def _blank(name: str, kind: str) -> str:
    suffixes = SCHOOL_SUFFIXES if kind == "school" else PLACE_SUFFIXES + ("区",)
    suffix = next((s for s in suffixes if name.endswith(s)), "")
    return BLANK + suffix


def blank_foreign_names(draft: str, names: Sequence[ForeignName]) -> str:
    """The draft with each blanked name replaced by ×× plus its suffix (××县, ××中学)."""
    pieces: list[str] = []
    cursor = 0
    for name in sorted(names, key=lambda f: f.start):
        if not name.blanked:
            continue
        pieces += [draft[cursor : name.start], _blank(name.name, name.kind)]
        cursor = name.end
    pieces.append(draft[cursor:])
    return "".join(pieces)
